//! Email: each person's choice of optional emails and their calendar feed (account page);
//! the staff view of undelivered and failed mail, with a retry; the warning staff and
//! safeguarding leads see when a safeguarding alert has not been delivered.

use crate::error::{AppError, Form};
use domain::mail::{OutboxOverview, Preferences};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailChoices {
    pub prefs: Preferences,
    /// When the person's calendar feed address was made, if they have one.
    pub feed_since: Option<String>,
}

#[server(endpoint = "my_mail_choices")]
pub async fn my_mail_choices() -> Result<MailChoices, AppError> {
    use crate::ssr::{Access, require};
    let me = require(Access::SignedIn).await?;
    let db = &me.db;
    let prefs = services::mail_preferences::get(db, me.id).await?;
    let feed_since = services::calendar_feed::feed_since(db, me.id).await?.map(|t| t.format("%-d %B %Y").to_string());
    Ok(MailChoices { prefs, feed_since })
}

/// The account page's checkboxes: a box left unticked is absent from the form.
#[server(endpoint = "save_mail_choices")]
pub async fn save_mail_choices(
    reminders: Option<String>,
    digests: Option<String>,
    news: Option<String>,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, form, now, require};
    let me = require(Access::SignedIn).await?;
    let on = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty());
    let prefs = Preferences { reminders: on(&reminders), digests: on(&digests), news: on(&news) };
    form(services::mail_preferences::set(&me.db, me.id, prefs, now()).await)
}

/// A new secret calendar address (any earlier one stops working); returned once.
#[server(endpoint = "new_calendar_feed")]
pub async fn new_calendar_feed() -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, form, now, require};
    let me = require(Access::SignedIn).await?;
    form(
        services::calendar_feed::new_feed(&me.db, me.id, now())
            .await
            .map(|t| format!("{}/calendar/{t}.ics", me.settings.base_url)),
    )
}

#[server(endpoint = "revoke_calendar_feed")]
pub async fn revoke_calendar_feed() -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, form, require};
    let me = require(Access::SignedIn).await?;
    form(services::calendar_feed::revoke_feed(&me.db, me.id).await)
}

#[server(endpoint = "mail_outbox")]
pub async fn mail_outbox() -> Result<OutboxOverview, AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::outbox::overview(&me.db, 200, now()).await?)
}

#[server(endpoint = "retry_mail")]
pub async fn retry_mail(mail_id: i64) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    form(services::outbox::retry(&me.db, mail_id, now()).await)
}

/// How many safeguarding alerts are more than ten minutes late (staff and safeguarding
/// leads; 0 for everyone else, so the header can ask on every page).
#[server(endpoint = "late_safeguarding_mail")]
pub async fn late_safeguarding_mail() -> Result<u64, AppError> {
    use crate::ssr::{Access, authorize, now};
    use domain::Role;
    let visit = authorize(Access::Public).await?;
    match visit.account {
        Some(a) if matches!(a.role, Role::Staff | Role::SafeguardingLead) => {
            Ok(services::outbox::late_safeguarding_alerts(&visit.db, now()).await?)
        }
        _ => Ok(0),
    }
}
