//! Getting involved: what the page needs (the donation page, the links to share), the two
//! offers that reach the team's message queue, and the staff report of the sign-ups sharing
//! and partners brought.
// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, Form};
use domain::get_involved::{GetInvolved, OfferInput, ReferralReport};
use leptos::prelude::*;

// What each form sent, as the offer the browser and the server both check.
impl OfferPartnership {
    pub fn input(&self) -> OfferInput {
        OfferInput {
            name: self.name.clone().unwrap_or_default(),
            email: self.email.clone().unwrap_or_default(),
            organisation: self.organisation.clone(),
            kind: self.kind.clone(),
            size: self.size.clone(),
            region: self.region.clone(),
            offers: Vec::new(),
            message: self.message.clone(),
        }
    }
}

impl OfferInKind {
    pub fn input(&self) -> OfferInput {
        let ticked = [("venue", &self.venue), ("equipment", &self.equipment), ("time", &self.time)];
        OfferInput {
            name: self.name.clone().unwrap_or_default(),
            email: self.email.clone().unwrap_or_default(),
            organisation: self.organisation.clone().unwrap_or_default(),
            kind: None,
            size: None,
            region: self.region.clone(),
            offers: ticked.into_iter().filter(|(_, v)| v.is_some()).map(|(k, _)| k.to_string()).collect(),
            message: self.message.clone(),
        }
    }
}

/// Anyone: the donation page if one is configured, the page's own address, and for a
/// signed-in person the links that count their referrals.
#[server(endpoint = "load_get_involved")]
pub async fn load_get_involved() -> Result<GetInvolved, AppError> {
    use crate::ssr::{Access, authorize, now};
    let visit = authorize(Access::Public).await?;
    let links = match &visit.account {
        Some(a) => services::referrals::links(&visit.db, a, &visit.settings.base_url, now()).await?,
        None => Vec::new(),
    };
    Ok(GetInvolved {
        signed_in: visit.account.is_some(),
        donate_url: visit.settings.donate_url.clone(),
        public_link: format!("{}/get-involved", visit.settings.base_url),
        links,
    })
}

/// Anyone offers to partner with the programme (a visitor gives a name and email address).
#[server(endpoint = "offer_partnership")]
pub async fn offer_partnership(
    name: Option<String>,
    email: Option<String>,
    organisation: String,
    kind: Option<String>,
    size: Option<String>,
    region: Option<String>,
    message: String,
) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, authorize, back_saying, client_ip, form, now};
    use domain::get_involved::OfferKind;
    let visit = authorize(Access::Public).await?;
    let input = OfferPartnership { name, email, organisation, kind, size, region, message }.input();
    let ip = client_ip();
    let db = &visit.db;
    let sent =
        services::enquiries::offer(db, visit.account.as_ref(), &input, OfferKind::Partnership, ip.as_deref(), now())
            .await;
    if sent.is_ok() {
        // Without JavaScript: back to the form, saying so.
        back_saying("sent=1", "main");
    }
    form(sent)
}

/// Anyone offers something in kind: a venue, equipment or time (each a box that sends "on").
#[server(endpoint = "offer_in_kind")]
pub async fn offer_in_kind(
    name: Option<String>,
    email: Option<String>,
    organisation: Option<String>,
    venue: Option<String>,
    equipment: Option<String>,
    time: Option<String>,
    region: Option<String>,
    message: String,
) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, authorize, back_saying, client_ip, form, now};
    use domain::get_involved::OfferKind;
    let visit = authorize(Access::Public).await?;
    let input = OfferInKind { name, email, organisation, venue, equipment, time, region, message }.input();
    let ip = client_ip();
    let db = &visit.db;
    let sent =
        services::enquiries::offer(db, visit.account.as_ref(), &input, OfferKind::InKind, ip.as_deref(), now()).await;
    if sent.is_ok() {
        back_saying("sent=1", "main");
    }
    form(sent)
}

/// Staff: the sign-ups sharing and partners brought.
#[server(endpoint = "load_referrals")]
pub async fn load_referrals() -> Result<ReferralReport, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::referrals::report(&me.db).await?)
}
