//! Evaluation instruments (staff): Tandem's own questionnaire and licensed ones installed as
//! versioned item banks; which one new pre-evaluations use.

use crate::error::{AppError, Form};
use domain::evaluations::InstrumentSummary;
use leptos::prelude::*;

#[server(endpoint = "instruments")]
pub async fn instruments() -> Result<Vec<InstrumentSummary>, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::instruments::list(&me.db).await?)
}

/// Installs a licensed instrument under a new version; returns the version.
#[allow(clippy::too_many_arguments)]
#[server(endpoint = "install_instrument")]
pub async fn install_instrument(
    version: String,
    name: String,
    licence: String,
    attribution: String,
    licence_confirmed: Option<String>,
    scale: String,
    items: String,
) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let input =
        domain::evaluations::InstrumentInput { version, name, licence, attribution, licence_confirmed, scale, items };
    form(services::instruments::install(&me.db, me.id, &input, now()).await.map(|i| i.version))
}

/// Makes an instrument the one new pre-evaluations use; returns its version.
#[server(endpoint = "activate_instrument")]
pub async fn activate_instrument(version: String) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    form(services::instruments::activate(&me.db, me.id, &version, now()).await.map(|_| version))
}
