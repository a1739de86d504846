//! What each role sees first after signing in: their own real data and what comes next.

use crate::error::AppError;
pub use domain::dashboard::{Dashboard, EmployerCohort, JourneyStep, PartnerRow, PersonRow, StepState};
use leptos::prelude::*;

#[server(endpoint = "dashboard")]
pub async fn load_dashboard(after: Option<i64>) -> Result<Dashboard, AppError> {
    use crate::ssr::{Access, Caller, now, require};
    let Caller { account, db, settings } = require(Access::SignedIn).await?;
    let built =
        services::dashboard::build(&db, &settings.base_url, settings.sign_in.throttle, account, after, now()).await;
    built.map_err(AppError::from)
}
