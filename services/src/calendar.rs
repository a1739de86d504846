//! Calendar invitations for workshop and induction bookings and for the mentoring sessions a
//! pair plan. Each person's own feed is [`crate::calendar_feed`].
//!
//! Every booking has one event UID (`tandem-workshop-booking-ID`, `tandem-session-ID` for a
//! planned session); each invitation or cancellation for it raises its SEQUENCE
//! (`calendar_invites`), so calendars replace the event they hold. Each invitation lists only
//! the person it is sent to and the programme: an under-18's never names their mentor's
//! address (nor the mentor's theirs), and their institution's Mentoring Coordinators are
//! copied.

use crate::ServiceError;
use crate::entities::{calendar_invite, planned_session, user, workshop, workshop_booking};
use crate::outbox::{self, Mail};
use crate::people::first_name;
use crate::relationships::Opened;
use chrono::{DateTime, Utc};
use domain::Role;
use domain::calendar::{Event, Method, Organizer, Person};
use domain::workshops::{WorkshopKind, describe_time};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use std::sync::OnceLock;

static ORGANIZER: OnceLock<Organizer> = OnceLock::new();

/// The programme's address as organiser of its events (the server sets it from
/// `TANDEM_MAIL_FROM` at start).
pub fn set_organizer(name: &str, email: &str) {
    let _ = ORGANIZER.set(Organizer { name: name.into(), email: email.into() });
}

fn organizer() -> Organizer {
    ORGANIZER
        .get()
        .cloned()
        .unwrap_or_else(|| Organizer { name: "Tandem".into(), email: "calendar@tandem.invalid".into() })
}

/// The next SEQUENCE of an event (0 the first time).
pub async fn next_sequence(db: &impl ConnectionTrait, uid: &str, now: DateTime<Utc>) -> Result<i32, ServiceError> {
    calendar_invite::Entity::insert(calendar_invite::ActiveModel {
        uid: Set(uid.into()),
        sequence: Set(0),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(calendar_invite::Column::Uid)
            .value(
                calendar_invite::Column::Sequence,
                Expr::col((calendar_invite::Entity, calendar_invite::Column::Sequence)).add(1),
            )
            .value(calendar_invite::Column::UpdatedAt, Expr::value(now))
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(calendar_invite::Entity::find_by_id(uid.to_string()).one(db).await?.map(|r| r.sequence).unwrap_or(0))
}

pub(crate) async fn current_sequence(db: &impl ConnectionTrait, uid: &str) -> Result<i32, ServiceError> {
    Ok(calendar_invite::Entity::find_by_id(uid.to_string()).one(db).await?.map(|r| r.sequence).unwrap_or(0))
}

pub fn booking_uid(booking_id: i64) -> String {
    format!("tandem-workshop-booking-{booking_id}")
}

pub(crate) fn workshop_event(w: &workshop::Model, booking_id: i64, sequence: i32, cancelled: bool) -> Event {
    let kind = WorkshopKind::parse(&w.kind).unwrap_or(WorkshopKind::MentorWorkshop);
    let link = w.online && (w.location.starts_with("https://") || w.location.starts_with("http://"));
    Event {
        uid: booking_uid(booking_id),
        sequence,
        start: w.starts_at,
        minutes: w.minutes,
        summary: format!("Tandem {}: {}", kind.label().to_lowercase(), w.title),
        description: format!(
            "Your place on {} ({}). To cancel, go to your Tandem workshops page.",
            w.title,
            describe_time(w.starts_at, w.minutes)
        ),
        location: if w.online { "Online".into() } else { w.location.clone() },
        url: link.then(|| w.location.clone()),
        cancelled,
    }
}

fn is_under_18(u: &user::Model, now: DateTime<Utc>) -> bool {
    u.role == Role::YoungPerson.as_str() && u.under_18_on(now.date_naive())
}

/// Why an invitation goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The person booked a seat.
    Booked,
    /// A seat came free and went to the person, first on the waiting list.
    SeatFreed,
    /// The person cancelled their seat (or the pair called off a session).
    Cancelled,
    /// A planned session moved to another time or place.
    Moved,
}

/// Writes the invitation (or the cancellation) for one booking to the outbox.
pub async fn send_booking(
    db: &impl ConnectionTrait,
    booking_id: i64,
    change: Change,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let cancel = change == Change::Cancelled;
    let Some((b, Some(w))) =
        workshop_booking::Entity::find_by_id(booking_id).find_also_related(workshop::Entity).one(db).await?
    else {
        return Err(ServiceError::NotFound);
    };
    let Some(u) = user::Entity::find_by_id(b.user_id).one(db).await? else { return Err(ServiceError::NotFound) };
    let uid = booking_uid(b.id);
    let seq = next_sequence(db, &uid, now).await?;
    let event = workshop_event(&w, b.id, seq, cancel);
    let method = if cancel { Method::Cancel } else { Method::Request };
    let to = Person { name: u.name.clone(), email: u.email.clone() };
    let ics = domain::calendar::invitation(method, &event, &organizer(), &to, now);
    let first = first_name(&u.name);
    let (subject, body) = if cancel {
        (
            format!("Cancelled: {}", event.summary),
            format!(
                "Hello {first},\n\nYour place on {} ({}) is cancelled. The calendar invitation attached removes it from your calendar.\n\nThe Tandem team",
                w.title,
                describe_time(w.starts_at, w.minutes)
            ),
        )
    } else {
        let place = match &event.url {
            Some(u) => format!("Online: {u}"),
            None if w.online => "Online (the link will follow)".into(),
            None => format!("At {}", w.location),
        };
        let (subject, opening) = match change {
            Change::SeatFreed => {
                ("You have a seat: Tandem workshop".to_string(), "A seat has come free and it is yours")
            }
            _ => (format!("Invitation: {}", event.summary), "You have a place"),
        };
        (
            subject,
            format!(
                "Hello {first},\n\n{opening}: {} on {}.\n{place}\n\nThe calendar invitation attached adds it to your calendar. If you can no longer come, please cancel from your Tandem workshops page so the next person can have it.\n\nThe Tandem team",
                w.title,
                describe_time(w.starts_at, w.minutes)
            ),
        )
    };
    let mut mail = Mail::new(&u.email, &subject, &body).for_user(u.id).calendar(ics);
    if is_under_18(&u, now) {
        for c in crate::people::coordinators(db, u.partner_id).await? {
            mail = mail.cc(&c.email);
        }
    }
    outbox::send(db, mail, now).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Planned mentoring sessions

pub fn session_uid(planned_id: i64) -> String {
    format!("tandem-session-{planned_id}")
}

/// The event of a planned session as one side of the pair sees it.
pub(crate) fn session_event(
    o: &Opened,
    row: &planned_session::Model,
    for_mentor: bool,
    sequence: i32,
    cancelled: bool,
) -> Event {
    let other = if for_mentor { first_name(&o.young.name) } else { first_name(&o.mentor.name) };
    let online = row.mode == domain::mentoring::SessionMode::Online.as_str();
    Event {
        uid: session_uid(row.id),
        sequence,
        start: row.starts_at,
        minutes: row.minutes,
        summary: format!("Tandem mentoring session with {other}"),
        description: "Your hour of mentoring together. To move it or call it off, go to your match page on Tandem."
            .into(),
        location: if online { "Online".into() } else { row.place.clone() },
        url: online.then(|| row.place.clone()),
        cancelled,
    }
}

/// Writes the invitation (or its change or cancellation) for a planned session to both
/// sides of the pair, each listing only its recipient; an under-18's copies their
/// institution's Mentoring Coordinators.
pub async fn send_session(
    db: &impl ConnectionTrait,
    o: &Opened,
    row: &planned_session::Model,
    change: Change,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let cancel = change == Change::Cancelled;
    let seq = next_sequence(db, &session_uid(row.id), now).await?;
    let when = describe_time(row.starts_at, row.minutes);
    for (person, for_mentor) in [(&o.mentor, true), (&o.young, false)] {
        let event = session_event(o, row, for_mentor, seq, cancel);
        let method = if cancel { Method::Cancel } else { Method::Request };
        let to = Person { name: person.name.clone(), email: person.email.clone() };
        let ics = domain::calendar::invitation(method, &event, &organizer(), &to, now);
        let first = first_name(&person.name);
        let place = match &event.url {
            Some(u) => format!("Online: {u}"),
            None => format!("At {}", event.location),
        };
        let (subject, body) = match change {
            Change::Cancelled => (
                format!("Cancelled: {}", event.summary),
                format!(
                    "Hello {first},\n\nThe mentoring session of {when} is called off. The calendar invitation attached removes it from your calendar. Plan your next session on your match page.\n\nThe Tandem team"
                ),
            ),
            Change::Moved => (
                format!("Changed: {}", event.summary),
                format!(
                    "Hello {first},\n\nYour mentoring session has moved to {when}.\n{place}\n\nThe calendar invitation attached updates your calendar.\n\nThe Tandem team"
                ),
            ),
            _ => (
                format!("Invitation: {}", event.summary),
                format!(
                    "Hello {first},\n\nYour next mentoring session is planned for {when}.\n{place}\n\nThe calendar invitation attached adds it to your calendar. To move it or call it off, go to your match page on Tandem.\n\nThe Tandem team"
                ),
            ),
        };
        let mut mail = Mail::new(&person.email, &subject, &body).for_user(person.id).calendar(ics);
        if !for_mentor && o.under_18 {
            for c in crate::people::coordinators(db, o.young.partner_id).await? {
                mail = mail.cc(&c.email);
            }
        }
        outbox::send(db, mail, now).await?;
    }
    Ok(())
}
