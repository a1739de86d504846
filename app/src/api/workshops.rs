//! Workshops: participants book, cancel and give feedback; staff schedule them and keep
//! the register.
// `schedule_workshop` takes one argument per form field (that is how a plain HTML form
// posts to it); the #[server] macro also generates a browser-side function with them.
#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, Form};
use domain::workshops::{BookingStatus, RegisterLine, WorkshopKind, WorkshopView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The kind of workshop a participant books, and the ones open to them with their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopChoice {
    pub kind: WorkshopKind,
    pub list: Vec<WorkshopView>,
}

/// The workshops a participant can book (mentor workshops, or the inductions for their age
/// band and institution), with their own.
#[server(endpoint = "my_workshops")]
pub async fn my_workshops() -> Result<WorkshopChoice, AppError> {
    use crate::ssr::now;
    let (me, kind) = participant().await?;
    let list = services::workshops::for_person(&me.db, me.id, kind, now()).await?;
    Ok(WorkshopChoice { kind, list })
}

/// The signed-in participant and the kind of workshop they book.
#[cfg(feature = "ssr")]
async fn participant() -> Result<(crate::ssr::Caller, domain::workshops::WorkshopKind), AppError> {
    use crate::ssr::{Access, PARTICIPANTS, require};
    use domain::workshops::WorkshopKind;
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    let kind = if me.role == domain::Role::Mentor {
        services::approvals::ensure_open(&me.db, me.id).await?;
        WorkshopKind::MentorWorkshop
    } else {
        WorkshopKind::MenteeInduction
    };
    Ok((me, kind))
}

#[server(endpoint = "book_workshop")]
pub async fn book_workshop(workshop_id: i64) -> Result<Form<BookingStatus>, AppError> {
    use crate::ssr::{form, now};
    let (me, _) = participant().await?;
    form(services::workshops::book(&me.db, me.id, me.role, workshop_id, now()).await)
}

#[server(endpoint = "cancel_booking")]
pub async fn cancel_booking(workshop_id: i64) -> Result<Form<()>, AppError> {
    use crate::ssr::{form, now};
    let (me, _) = participant().await?;
    form(services::workshops::cancel(&me.db, me.id, workshop_id, now()).await)
}

#[server(endpoint = "workshop_feedback")]
pub async fn workshop_feedback(
    workshop_id: i64,
    rating: Option<String>,
    would_recommend: Option<String>,
    nps: Option<String>,
    prepared: Option<String>,
    comment: String,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{form, now};
    let (me, _) = participant().await?;
    let input = domain::workshops::FeedbackInput { rating, would_recommend, nps, prepared, comment };
    form(services::workshops::give_feedback(&me.db, me.id, workshop_id, &input, now()).await)
}

/// A page of the staff workshop list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopPage {
    pub items: Vec<WorkshopView>,
    /// Cursor for the next page: `<start>_<id>`.
    pub next: Option<String>,
}

pub const WORKSHOP_PAGE: u64 = 20;

#[server(endpoint = "staff_workshops")]
pub async fn staff_workshops(kind: Option<String>, after: Option<String>) -> Result<WorkshopPage, AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    use domain::workshops::{WorkshopKind, parse_local_datetime};
    let me = require(Access::Roles(STAFF)).await?;
    let kind = kind.as_deref().and_then(WorkshopKind::parse);
    let cursor = after.as_deref().and_then(|a| {
        let (t, id) = a.rsplit_once('_')?;
        Some((parse_local_datetime(t)?, id.parse::<i64>().ok()?))
    });
    let mut items = services::workshops::staff_list(&me.db, kind, cursor, false, WORKSHOP_PAGE + 1, now()).await?;
    let next = (items.len() as u64 > WORKSHOP_PAGE).then(|| {
        items.truncate(WORKSHOP_PAGE as usize);
        items.last().map(|w| format!("{}_{}", w.starts_at, w.id)).unwrap_or_default()
    });
    Ok(WorkshopPage { items, next })
}

#[server(endpoint = "schedule_workshop")]
pub async fn schedule_workshop(
    kind: Option<String>,
    title: String,
    starts_at: String,
    minutes: String,
    mode: Option<String>,
    location: String,
    capacity: String,
    audience: Option<String>,
    partner: Option<String>,
) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let input = domain::workshops::WorkshopInput {
        kind: kind.unwrap_or_default(),
        title,
        starts_at,
        minutes,
        mode: mode.unwrap_or_default(),
        location,
        capacity,
        audience: audience.unwrap_or_default(),
        partner: partner.unwrap_or_default(),
    };
    form(services::workshops::schedule(&me.db, me.id, &input, now()).await)
}

/// The schools and youth partners an on-site induction can be held for: (id, name).
#[server(endpoint = "induction_institutions")]
pub async fn induction_institutions() -> Result<Vec<(i64, String)>, AppError> {
    use crate::ssr::{Access, STAFF, require};
    use services::partners::PartnerKind;
    let me = require(Access::Roles(STAFF)).await?;
    let list = services::partners::list(&me.db).await?;
    Ok(list.into_iter().filter(|p| p.kind != PartnerKind::Employer).map(|p| (p.id, p.name)).collect())
}

/// One workshop and its register, for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopRegister {
    pub workshop: WorkshopView,
    pub lines: Vec<RegisterLine>,
    /// Whether attendance can be recorded yet (from the day before).
    pub register_open: bool,
}

#[server(endpoint = "workshop_register")]
pub async fn load_workshop_register(workshop_id: i64) -> Result<WorkshopRegister, AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let db = &me.db;
    let workshop = services::workshops::find(db, workshop_id, now()).await?;
    let lines = services::workshops::register(db, workshop_id).await?;
    let opens = domain::workshops::parse_local_datetime(&workshop.starts_at)
        .map(|t| t - services::workshops::REGISTER_OPENS_BEFORE)
        .unwrap_or_default();
    let register_open = services::workshops::local_now(now()) >= opens;
    Ok(WorkshopRegister { workshop, lines, register_open })
}

#[server(endpoint = "mark_attendance")]
pub async fn mark_attendance(workshop_id: i64, user_id: i64, attended: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let attended = match attended.as_str() {
        "yes" => true,
        "no" => false,
        _ => return form(Err(AppError::Validation(domain::FieldErrors::single("attended", "Choose attended or not")))),
    };
    form(services::milestones::mark_attendance(&me.db, workshop_id, user_id, attended, now()).await)
}
