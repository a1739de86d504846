//! The resource library, the mentor network directory and the staff programme dashboard.
// `publish_resource` takes one argument per form field (that is how a plain HTML form posts
// to it); the #[server] macro also generates a browser-side function with the same arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, Form};
use domain::library::{NetworkPage, ResourcePage};
use leptos::prelude::*;

pub const RESOURCE_PAGE: u64 = 10;
pub const NETWORK_PAGE: u64 = 20;

#[server(endpoint = "resources")]
pub async fn resources(topic: Option<String>, before: Option<i64>) -> Result<ResourcePage, AppError> {
    use crate::ssr::{Access, require};
    let me = require(Access::SignedIn).await?;
    Ok(services::library::page(&me.db, me.id, me.role, topic.as_deref(), before, RESOURCE_PAGE).await?)
}

/// Staff publish a guide or skill-builder; returns its id.
#[server(endpoint = "publish_resource")]
pub async fn publish_resource(
    title: String,
    summary: String,
    body: String,
    link: String,
    topic: Option<String>,
    kind: Option<String>,
    audience: Option<String>,
    minutes: String,
) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let input = domain::library::ResourceInput { title, summary, body, link, topic, kind, audience, minutes };
    form(services::library::publish(&me.db, me.id, &input, now()).await)
}

/// A mentor or young person marks a skill-builder as done (or not).
#[server(endpoint = "complete_resource")]
pub async fn complete_resource(id: i64, done: bool) -> Result<(), AppError> {
    use crate::ssr::{Access, PARTICIPANTS, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    Ok(services::library::set_done(&me.db, me.id, me.role, id, done, now()).await?)
}

/// The mentor network directory: approved mentors and staff.
#[server(endpoint = "network")]
pub async fn network(region: Option<String>, after: Option<i64>) -> Result<NetworkPage, AppError> {
    use crate::ssr::{Access, MENTORS_AND_STAFF, require};
    let me = require(Access::Roles(MENTORS_AND_STAFF)).await?;
    Ok(services::library::network(&me.db, me.id, me.role, region.as_deref(), after, NETWORK_PAGE).await?)
}

/// An approved mentor joins or leaves the directory. A checkbox posts "on" when ticked.
#[server(endpoint = "set_listing")]
pub async fn set_listing(listed: Option<String>, note: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, MENTORS, form, require};
    let me = require(Access::Roles(MENTORS)).await?;
    let input = domain::library::ListingInput { listed: listed.is_some_and(|v| v == "on" || v == "true"), note };
    form(services::library::set_listing(&me.db, me.id, &input).await)
}
