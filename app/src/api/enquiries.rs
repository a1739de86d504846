//! Messages to the programme team: the contact form, the person's own threads, and the
//! staff queue that answers them.

use crate::error::{AppError, Form};
use domain::enquiries::{EnquiryQueue, EnquiryThread};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the contact page shows: whether the person is signed in (then name and email come
/// from the account) and their own conversations with the team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactOverview {
    pub signed_in: bool,
    pub threads: Vec<EnquiryThread>,
}

#[server(endpoint = "load_contact")]
pub async fn load_contact() -> Result<ContactOverview, AppError> {
    use crate::ssr::{Access, authorize};
    let visit = authorize(Access::Public).await?;
    let threads = match &visit.account {
        Some(a) => services::enquiries::mine(&visit.db, a.id).await?,
        None => Vec::new(),
    };
    Ok(ContactOverview { signed_in: visit.account.is_some(), threads })
}

/// Anyone sends a message to the team (a visitor gives a name and email address).
#[server(endpoint = "send_enquiry")]
pub async fn send_enquiry(
    name: Option<String>,
    email: Option<String>,
    topic: Option<String>,
    message: String,
) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, authorize, client_ip, form, now};
    let visit = authorize(Access::Public).await?;
    let input = domain::enquiries::EnquiryInput {
        name: name.unwrap_or_default(),
        email: email.unwrap_or_default(),
        topic,
        message,
    };
    let ip = client_ip();
    form(services::enquiries::send(&visit.db, visit.account.as_ref(), &input, ip.as_deref(), now()).await)
}

/// The person writes again in their own thread.
#[server(endpoint = "follow_up_enquiry")]
pub async fn follow_up_enquiry(id: i64, body: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, form, now, require};
    let me = require(Access::SignedIn).await?;
    form(services::enquiries::follow_up(&me.db, me.id, id, &body, now()).await)
}

/// The staff queue for one status ("open" when none is given).
#[server(endpoint = "load_enquiries")]
pub async fn load_enquiries(status: Option<String>) -> Result<EnquiryQueue, AppError> {
    use crate::ssr::{Access, STAFF, require};
    use domain::enquiries::EnquiryStatus;
    let me = require(Access::Roles(STAFF)).await?;
    let status = status.as_deref().and_then(EnquiryStatus::parse).unwrap_or(EnquiryStatus::Open);
    Ok(services::enquiries::queue(&me.db, status).await?)
}

/// One thread with its whole history (staff).
#[server(endpoint = "load_enquiry")]
pub async fn load_enquiry(id: i64) -> Result<EnquiryThread, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::enquiries::for_staff(&me.db, id).await?)
}

/// Staff answer; a ticked "close" box (posted as "on") closes the thread with the answer.
#[server(endpoint = "reply_enquiry")]
pub async fn reply_enquiry(id: i64, body: String, close: Option<String>) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let close = close.is_some_and(|v| v == "on" || v == "true");
    form(services::enquiries::reply(&me.db, me.id, id, &body, close, &me.settings.base_url, now()).await)
}

/// Staff close a thread without answering, or open it again.
#[server(endpoint = "close_enquiry")]
pub async fn close_enquiry(id: i64, closed: bool) -> Result<(), AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::enquiries::set_closed(&me.db, id, closed, now()).await?)
}
