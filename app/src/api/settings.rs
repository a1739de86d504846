//! Programme settings staff may change: the online sessions an adult pair hold before they
//! may meet in person (and, read only, the configured video service).

use crate::error::{AppError, Form};
use domain::programme::ProgrammeSettings;
use leptos::prelude::*;

#[server(endpoint = "load_settings")]
pub async fn load_settings() -> Result<ProgrammeSettings, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::settings::current(&me.db, me.settings.video_base_url.as_deref()).await?)
}

#[server(endpoint = "save_settings")]
pub async fn save_settings(online_sessions_first: String) -> Result<Form<u32>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    form(services::settings::set_online_sessions_first(&me.db, me.id, &online_sessions_first, now()).await)
}
