//! The help centre: read by anyone, edited by staff (whose pages edit the policies too).

use crate::error::{AppError, Form};
use domain::documents::{DocumentEdit, DocumentRow, HelpCentre};
use leptos::prelude::*;

/// The help centre, or the answers matching a search. Anyone may read it, signed in or not.
#[server(endpoint = "load_help")]
pub async fn load_help(q: Option<String>) -> Result<HelpCentre, AppError> {
    use crate::ssr::{Access, authorize};
    let visit = authorize(Access::Public).await?;
    Ok(services::documents::help_centre(&visit.db, q.as_deref().unwrap_or_default()).await?)
}

/// Every help answer with its current version (staff).
#[server(endpoint = "help_texts")]
pub async fn help_texts() -> Result<Vec<DocumentRow>, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::documents::admin_list(&me.db, services::documents::HELP).await?)
}

/// One help answer or policy with its history (staff).
#[server(endpoint = "help_text")]
pub async fn help_text(id: i64) -> Result<DocumentEdit, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::documents::admin_document(&me.db, id).await?)
}

/// Staff save a new version of a help answer or a policy; `seen` is the version they
/// started from. `asks_again` (a policy's box): everyone must accept this version again.
#[server(endpoint = "edit_help_text")]
pub async fn edit_help_text(
    id: i64,
    seen: i32,
    title: String,
    body: String,
    asks_again: Option<String>,
) -> Result<Form<i32>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let input = domain::documents::DocumentInput { title, body };
    let asks_again = asks_again.is_some();
    form(services::documents::edit(&me.db, me.id, id, seen, &input, asks_again, now()).await)
}
