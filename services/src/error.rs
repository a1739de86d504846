use domain::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// Wrong email or password. Deliberately says nothing about which.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many failed sign-ins; `minutes` until the window clears.
    #[error("too many attempts")]
    Throttled { minutes: i64 },
    #[error("invalid input: {0}")]
    Validation(FieldErrors),
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServiceError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        ServiceError::Validation(FieldErrors::single(field, message))
    }
}

/// Maps a unique-constraint violation to a field error, anything else to `Db`.
pub(crate) fn unique_to_field(e: sea_orm::DbErr, field: &str, message: &str) -> ServiceError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ServiceError::field(field, message),
        _ => ServiceError::Db(e),
    }
}
