//! Safeguarding: reporting a concern (anyone signed in), the DSL's queue and case file, and
//! suspensions.
//! The safeguarding service itself refuses anyone off the team and logs the attempt.

use crate::error::{AppError, Form};
use domain::safeguarding::{CaseFile, CaseRow, ConcernReceipt, MyConcern};
use leptos::prelude::*;

/// The DSL and deputies.
#[cfg(feature = "ssr")]
const TEAM: &[domain::Role] = &[domain::Role::SafeguardingLead];

/// The team, and coordinators, of whom the service lets through only an institution's
/// safeguarding contact, for cases about that institution's young people.
#[cfg(feature = "ssr")]
const HANDLERS: &[domain::Role] = &[domain::Role::SafeguardingLead, domain::Role::Coordinator];

#[server(endpoint = "report_concern")]
pub async fn report_concern(
    category: Option<String>,
    urgency: Option<String>,
    what: String,
    happened_on: String,
    match_id: String,
) -> Result<Form<ConcernReceipt>, AppError> {
    use crate::ssr::{Access, form, now, require};
    let me = require(Access::SignedIn).await?;
    let input = domain::safeguarding::ConcernInput { category, urgency, what, happened_on, match_id };
    form(services::safeguarding::report(&me.db, (&me.account).into(), &input, now()).await)
}

/// The matches a person can say a concern is about: their own current match, for a mentor
/// or a young person ((match id, "your match with Leah")).
#[server(endpoint = "concern_matches")]
pub async fn concern_matches() -> Result<Vec<(i64, String)>, AppError> {
    use crate::ssr::{Access, now, require};
    let me = require(Access::SignedIn).await?;
    if !matches!(me.role, domain::Role::Mentor | domain::Role::YoungPerson) {
        return Ok(Vec::new());
    }
    let m = services::matching::my_match(&me.db, me.id, now()).await?;
    Ok(m.into_iter().map(|m| (m.match_id, format!("My match with {}", m.with))).collect())
}

#[server(endpoint = "my_concerns")]
pub async fn my_concerns() -> Result<Vec<MyConcern>, AppError> {
    use crate::ssr::{Access, require};
    let me = require(Access::SignedIn).await?;
    Ok(services::safeguarding::my_reports(&me.db, (&me.account).into()).await?)
}

#[server(endpoint = "case_queue")]
pub async fn case_queue(closed: Option<String>) -> Result<Vec<CaseRow>, AppError> {
    use crate::ssr::{Access, require};
    let me = require(Access::Roles(HANDLERS)).await?;
    Ok(services::safeguarding::queue(&me.db, (&me.account).into(), closed.is_some_and(|c| c == "yes")).await?)
}

/// Anyone signed in reaches the service, which refuses all but the safeguarding team and
/// writes the refused attempt to the audit log.
#[server(endpoint = "load_case")]
pub async fn load_case(case_id: i64) -> Result<CaseFile, AppError> {
    use crate::ssr::{Access, client_ip, now, require, session_token};
    let me = require(Access::SignedIn).await?;
    let session = session_token(&me.settings).map(|t| services::tokens::digest(&t));
    Ok(services::safeguarding::open_case(
        &me.db,
        (&me.account).into(),
        case_id,
        client_ip().as_deref(),
        session.as_deref(),
        now(),
    )
    .await?)
}

/// Links a case to the young person or mentor it is about (found by email address).
#[server(endpoint = "link_case")]
pub async fn link_case(case_id: i64, email: String) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, form, now, require};
    let me = require(Access::Roles(TEAM)).await?;
    form(services::safeguarding::link_case(&me.db, (&me.account).into(), case_id, &email, now()).await)
}

/// The programme's safeguarding team (or staff) names a school's or youth partner's
/// safeguarding contact, one of its coordinators (`contact_id` empty: nobody).
#[server(endpoint = "set_safeguarding_contact")]
pub async fn set_safeguarding_contact(partner_id: i64, contact_id: String) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, form, now, require};
    let me = require(Access::Roles(&[domain::Role::SafeguardingLead, domain::Role::Staff])).await?;
    let contact = match contact_id.trim() {
        "" => None,
        id => match id.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                let e = domain::FieldErrors::single("contact_id", "Choose one of this organisation's coordinators");
                return form(Err(AppError::Validation(e)));
            }
        },
    };
    let db = &me.db;
    form(services::partners::set_safeguarding_contact(db, me.id, partner_id, contact, now()).await.map(
        |p| match contact {
            Some(_) => {
                format!("Saved: concerns about {}'s young people now go to its safeguarding contact.", p.name)
            }
            None => {
                format!("Saved: concerns about {}'s young people go to the programme's safeguarding team.", p.name)
            }
        },
    ))
}

#[server(endpoint = "add_case_entry")]
pub async fn add_case_entry(
    case_id: i64,
    kind: Option<String>,
    text: String,
    reason: String,
    status: String,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, form, now, require};
    let me = require(Access::Roles(HANDLERS)).await?;
    let input = domain::safeguarding::EntryInput { kind, text, reason, status };
    form(services::safeguarding::add_entry(&me.db, (&me.account).into(), case_id, &input, now()).await)
}

/// `what` = match or mentor; `lift` = yes to lift a suspension. Each has its own form, with
/// its own reason field (`match_reason` or `mentor_reason`), so the page has no two fields
/// with one id.
#[server(endpoint = "suspend_from_case")]
pub async fn suspend_from_case(
    case_id: i64,
    what: String,
    lift: Option<String>,
    match_reason: Option<String>,
    mentor_reason: Option<String>,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, form, now, require};
    use services::safeguarding::Suspension;
    let me = require(Access::Roles(TEAM)).await?;
    let (target, field, reason) = match what.as_str() {
        "match" => (Suspension::Match, "match_reason", match_reason),
        "mentor" => (Suspension::Mentor, "mentor_reason", mentor_reason),
        _ => return form(Err(AppError::Validation(domain::FieldErrors::single("form", "Choose what to suspend")))),
    };
    let lift = lift.is_some_and(|l| l == "yes");
    let done = services::safeguarding::suspend(
        &me.db,
        (&me.account).into(),
        case_id,
        target,
        lift,
        reason.as_deref().unwrap_or_default(),
        now(),
    )
    .await
    .map_err(|e| match e {
        // The service names its one reason field; the page has one per form.
        services::ServiceError::Validation(errors) => match errors.get("reason") {
            Some(m) => services::ServiceError::Validation(domain::FieldErrors::single(field, m)),
            None => services::ServiceError::Validation(errors),
        },
        other => other,
    });
    form(done)
}
