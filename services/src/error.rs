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
    Throttled { minutes: i64, what: domain::Limited },
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

/// Whether an insert lost a race to (or repeated) a row a unique index already holds.
pub(crate) fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// Inserts `row` unless a unique index already holds its like: the same thing written at the
/// same moment by another request or tab. `Some` with the row this insert wrote, `None` when
/// another got there first (the caller reads theirs, or says so). Any other failure is an
/// error. In a transaction on PostgreSQL the violation aborts the transaction, so a caller in
/// one returns on `None`.
pub(crate) async fn insert_if_absent<A>(
    db: &impl sea_orm::ConnectionTrait,
    row: A,
) -> Result<Option<<A::Entity as sea_orm::EntityTrait>::Model>, ServiceError>
where
    A: sea_orm::ActiveModelTrait + sea_orm::ActiveModelBehavior + Send,
    <A::Entity as sea_orm::EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    match row.insert(db).await {
        Ok(m) => Ok(Some(m)),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Maps a unique-constraint violation to a field error, anything else to `Db`.
pub(crate) fn unique_to_field(e: sea_orm::DbErr, field: &str, message: &str) -> ServiceError {
    if is_unique_violation(&e) { ServiceError::field(field, message) } else { ServiceError::Db(e) }
}
