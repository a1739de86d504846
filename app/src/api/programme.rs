//! The programme dashboard's figures (staff).

use crate::error::AppError;
use domain::programme::ProgrammeOverview;
use leptos::prelude::*;

/// The programme dashboard (staff).
#[server(endpoint = "programme_overview")]
pub async fn load_programme() -> Result<ProgrammeOverview, AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::figures::programme(&me.db, now()).await?)
}
