//! The public impact figures: anyone may read them, signed in or not (whole-programme
//! figures only, each hidden below five people; the service keeps them for an hour).

use crate::error::AppError;
use domain::impact::PublicImpact;
use leptos::prelude::*;

#[server(endpoint = "public_impact")]
pub async fn load_public_impact() -> Result<PublicImpact, AppError> {
    use crate::ssr::{Access, authorize, now};
    let visit = authorize(Access::Public).await?;
    Ok(services::public_impact::get(&visit.db, now()).await?)
}
