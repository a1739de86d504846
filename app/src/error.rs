//! The error every server function returns. It crosses to the browser, so it carries
//! only what a person may be shown: internal causes are logged on the server, never sent.

use domain::FieldErrors;
use serde::{Deserialize, Serialize};
use server_fn::{ServerFnError, codec::JsonEncoding, error::FromServerFnError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue")]
    Unauthenticated,
    #[error("You do not have permission to see this page")]
    Forbidden,
    #[error("We could not find that")]
    NotFound,
    #[error("Please correct the highlighted answers")]
    Validation(FieldErrors),
    #[error("The email address or password is not correct")]
    InvalidCredentials,
    #[error("{}", what.message(*minutes))]
    Throttled { minutes: i64, what: domain::Limited },
    #[error("Something went wrong on our side. Please try again in a moment")]
    Internal,
    #[error("We could not reach Tandem. Check your connection and try again")]
    Network,
}

/// The answer of a form's server function. Problems the person can put right (an invalid
/// answer, a wrong password, too many attempts) are a normal answer, not a failed request:
/// the browser shows them inline and logs no network error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Form<T> {
    Done(T),
    Invalid(AppError),
}

impl<T> Form<T> {
    pub fn into_result(self) -> Result<T, AppError> {
        match self {
            Form::Done(t) => Ok(t),
            Form::Invalid(e) => Err(e),
        }
    }
}

impl AppError {
    /// Problems the person can correct by changing what they typed or waiting.
    pub fn correctable(&self) -> bool {
        matches!(self, AppError::Validation(_) | AppError::InvalidCredentials | AppError::Throttled { .. })
    }

    /// Field messages to show next to inputs (empty for non-field errors).
    pub fn fields(&self) -> FieldErrors {
        match self {
            AppError::Validation(f) => f.clone(),
            _ => FieldErrors::new(),
        }
    }

    /// One line to show for this problem: the first field message, else the error itself.
    pub fn message(&self) -> String {
        self.fields().0.into_iter().next().map(|(_, m)| m).unwrap_or_else(|| self.to_string())
    }

    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::InvalidCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) => 422,
            AppError::Throttled { .. } => 429,
            AppError::Internal | AppError::Network => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        use server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Request(_) | E::Response(_) => AppError::Network,
            // Malformed arguments can only come from a hand-made request.
            E::Args(_) | E::MissingArg(_) => {
                AppError::Validation(FieldErrors::single("form", "The form was incomplete. Please try again"))
            }
            _ => AppError::Internal,
        }
    }
}

impl From<ServerFnError> for AppError {
    fn from(_: ServerFnError) -> Self {
        AppError::Internal
    }
}
