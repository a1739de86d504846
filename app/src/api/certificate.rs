//! The mentor's certificate of achievement and its public verification.

use crate::error::AppError;
use domain::certificate::Certificate;
use leptos::prelude::*;

/// The mentor's certificate: issued now if they have just become eligible.
#[server(endpoint = "my_certificate")]
pub async fn my_certificate() -> Result<Option<Certificate>, AppError> {
    use crate::ssr::{fail, now, require_active_mentor, state};
    let me = require_active_mentor().await?;
    services::certificates::issue_if_eligible(&state()?.db, me.id, now()).await.map_err(fail)
}

/// Anyone can check a certificate's code.
#[server(endpoint = "verify_certificate")]
pub async fn verify_certificate(code: String) -> Result<Option<Certificate>, AppError> {
    use crate::ssr::{Access, authorize, fail, state};
    authorize(Access::Public).await?;
    services::certificates::verify(&state()?.db, &code).await.map_err(fail)
}
