//! The community bulletin: staff publish posts; everyone reads the ones for them.

use crate::error::{AppError, Form};
use domain::community::BulletinPage;
use leptos::prelude::*;

pub const BULLETIN_PAGE: u64 = 10;

#[server(endpoint = "bulletin")]
pub async fn bulletin(before: Option<i64>) -> Result<BulletinPage, AppError> {
    use crate::ssr::{Access, require};
    let me = require(Access::SignedIn).await?;
    Ok(services::community::page(&me.db, me.role, before, BULLETIN_PAGE).await?)
}

/// Staff publish a post; returns its id.
#[server(endpoint = "publish_bulletin")]
pub async fn publish_bulletin(title: String, body: String, audience: Option<String>) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let input = domain::community::BulletinInput { title, body, audience };
    form(services::community::publish(&me.db, me.id, &input, now()).await)
}
