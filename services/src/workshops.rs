//! Group workshops: staff schedule them; mentors (workshops) and young people (inductions)
//! book a seat or join the waiting list, cancel, and give feedback once they attended.
//!
//! Seats are counted in `workshops.booked` and taken by one conditional update
//! (`booked = booked + 1 WHERE booked < capacity`), which both SQLite and PostgreSQL apply
//! atomically: concurrent bookings can never overbook. Every change to a workshop's bookings
//! starts with a write to its row, so changes to one workshop are serialised.

use crate::entities::{partner_organisation, user, workshop, workshop_booking, workshop_feedback};
use crate::{ServiceError, calendar};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use domain::Role;
use domain::workshops::{
    Audience, BookingStatus, FeedbackInput, RegisterLine, WorkshopInput, WorkshopKind, WorkshopView, describe_time,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

/// Registers open this long before a workshop starts (staff take them at the door).
pub const REGISTER_OPENS_BEFORE: Duration = Duration::hours(24);

/// Workshop times are local wall-clock times; the programme runs in the UK.
pub fn local_now(now: DateTime<Utc>) -> NaiveDateTime {
    domain::calendar::london_time(now)
}

#[tracing::instrument(skip(db, input), err(level = "info"))]
pub async fn schedule(
    db: &impl ConnectionTrait,
    staff_id: i64,
    input: &WorkshopInput,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let w = input.validate(local_now(now)).map_err(ServiceError::Validation)?;
    if let Some(p) = w.partner_id
        && partner_organisation::Entity::find_by_id(p).one(db).await?.is_none()
    {
        return Err(ServiceError::field("partner", "Choose a partner institution from the list"));
    }
    let m = workshop::ActiveModel {
        kind: Set(w.kind.as_str().into()),
        title: Set(w.title),
        starts_at: Set(w.starts_at),
        minutes: Set(w.minutes),
        online: Set(w.online),
        location: Set(w.location),
        capacity: Set(w.capacity),
        booked: Set(0),
        cancelled: Set(false),
        created_by: Set(Some(staff_id)),
        created_at: Set(now),
        audience: Set(w.audience.map(|a| a.as_str().to_string())),
        partner_id: Set(w.partner_id),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(m.id)
}

pub(crate) fn kind_of(w: &workshop::Model) -> Result<WorkshopKind, ServiceError> {
    WorkshopKind::parse(&w.kind).ok_or_else(|| ServiceError::Internal(format!("unknown workshop kind {}", w.kind)))
}

fn status_of(b: &workshop_booking::Model) -> BookingStatus {
    b.status
}

async fn waitlist_counts(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, i32>, ServiceError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = workshop_booking::Entity::find()
        .select_only()
        .column(workshop_booking::Column::WorkshopId)
        .column_as(workshop_booking::Column::Id.count(), "n")
        .filter(workshop_booking::Column::WorkshopId.is_in(ids.iter().copied()))
        .filter(workshop_booking::Column::Status.eq(BookingStatus::Waitlisted))
        .group_by(workshop_booking::Column::WorkshopId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, n as i32)).collect())
}

/// The viewer's place in a waiting list (1 = next).
async fn position(db: &impl ConnectionTrait, b: &workshop_booking::Model) -> Result<i32, ServiceError> {
    let ahead = workshop_booking::Entity::find()
        .filter(workshop_booking::Column::WorkshopId.eq(b.workshop_id))
        .filter(workshop_booking::Column::Status.eq(BookingStatus::Waitlisted))
        .filter(
            Condition::any().add(workshop_booking::Column::QueuedAt.lt(b.queued_at)).add(
                Condition::all()
                    .add(workshop_booking::Column::QueuedAt.eq(b.queued_at))
                    .add(workshop_booking::Column::Id.lt(b.id)),
            ),
        )
        .count(db)
        .await?;
    Ok(ahead as i32 + 1)
}

async fn to_views(
    db: &impl ConnectionTrait,
    list: Vec<workshop::Model>,
    mine: &HashMap<i64, workshop_booking::Model>,
    feedback_given: &[i64],
    now: NaiveDateTime,
) -> Result<Vec<WorkshopView>, ServiceError> {
    let ids: Vec<i64> = list.iter().map(|w| w.id).collect();
    let waiting = waitlist_counts(db, &ids).await?;
    let institutions = institution_names(db, &list).await?;
    let mut out = Vec::with_capacity(list.len());
    for w in list {
        let b = mine.get(&w.id);
        let my_status = b.map(status_of);
        let position = match b {
            Some(b) if my_status == Some(BookingStatus::Waitlisted) => Some(position(db, b).await?),
            _ => None,
        };
        let audience = audience_label(&w, &institutions);
        out.push(WorkshopView {
            audience,
            id: w.id,
            kind: kind_of(&w)?,
            when: describe_time(w.starts_at, w.minutes),
            starts_at: w.starts_at.format("%Y-%m-%dT%H:%M").to_string(),
            title: w.title,
            online: w.online,
            location: w.location,
            capacity: w.capacity,
            booked: w.booked,
            waitlisted: waiting.get(&w.id).copied().unwrap_or(0),
            cancelled: w.cancelled,
            past: w.starts_at <= now,
            feedback_due: my_status == Some(BookingStatus::Attended)
                && b.is_some_and(|b| !feedback_given.contains(&b.id)),
            mine: my_status,
            position,
        });
    }
    Ok(out)
}

/// The names of the partner institutions the listed inductions are held for.
async fn institution_names(
    db: &impl ConnectionTrait,
    list: &[workshop::Model],
) -> Result<HashMap<i64, String>, ServiceError> {
    let ids: Vec<i64> = list.iter().filter_map(|w| w.partner_id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(partner_organisation::Entity::find()
        .filter(partner_organisation::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

fn audience_of(w: &workshop::Model) -> Option<Audience> {
    w.audience.as_deref().and_then(Audience::parse)
}

/// Who an induction is for, in words; empty for a mentor workshop.
fn audience_label(w: &workshop::Model, institutions: &HashMap<i64, String>) -> String {
    let Some(a) = audience_of(w) else { return String::new() };
    match w.partner_id.and_then(|p| institutions.get(&p)) {
        Some(name) => format!("{}, pupils of {name}", a.label()),
        None => a.label().to_string(),
    }
}

/// Why this young person may not book this induction (`None` when they may): their age on
/// the day against its age band, and their institution against an institution's own one.
/// `institutions` names the inductions' institutions ([`institution_names`]).
fn induction_refusal(w: &workshop::Model, person: &user::Model, institutions: &HashMap<i64, String>) -> Option<String> {
    let institution = w.partner_id.and_then(|p| institutions.get(&p).map(|name| (p, name.as_str())));
    let Some(age) = person.age_on(w.starts_at.date()) else {
        return Some("Inductions are booked by young people, who give their date of birth when they register.".into());
    };
    domain::workshops::induction_refusal(audience_of(w), institution, age, person.partner_id)
}

/// What one person sees: upcoming workshops of the kind they book, and every workshop they
/// have a booking for (past ones too, for feedback), soonest first.
pub async fn for_person(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: WorkshopKind,
    now: DateTime<Utc>,
) -> Result<Vec<WorkshopView>, ServiceError> {
    let local = local_now(now);
    let bookings =
        workshop_booking::Entity::find().filter(workshop_booking::Column::UserId.eq(user_id)).all(db).await?;
    let booked_ids: Vec<i64> = bookings.iter().map(|b| b.workshop_id).collect();
    let list = workshop::Entity::find()
        .filter(workshop::Column::Kind.eq(kind.as_str()))
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(workshop::Column::StartsAt.gt(local))
                        .add(workshop::Column::Cancelled.eq(false)),
                )
                .add(workshop::Column::Id.is_in(booked_ids.clone())),
        )
        .order_by_asc(workshop::Column::StartsAt)
        .limit(50)
        .all(db)
        .await?;
    // A young person is offered only the inductions for their age band (and, for one held
    // for an institution, their own institution's); ones they already booked stay listed.
    let list = if kind == WorkshopKind::MenteeInduction {
        let me = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
        let institutions = institution_names(db, &list).await?;
        list.into_iter()
            .filter(|w| booked_ids.contains(&w.id) || induction_refusal(w, &me, &institutions).is_none())
            .collect()
    } else {
        list
    };
    let given: Vec<i64> = workshop_feedback::Entity::find()
        .filter(workshop_feedback::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.booking_id)
        .collect();
    let mine: HashMap<i64, workshop_booking::Model> = bookings.into_iter().map(|b| (b.workshop_id, b)).collect();
    to_views(db, list, &mine, &given, local).await
}

/// One workshop, seen by staff (no personal booking).
pub async fn find(db: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> Result<WorkshopView, ServiceError> {
    let w = workshop::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let mut v = to_views(db, vec![w], &HashMap::new(), &[], local_now(now)).await?;
    v.pop().ok_or(ServiceError::NotFound)
}

/// Staff list: workshops from `from` onwards (upcoming by default), soonest first, paged by
/// (start, id).
pub async fn staff_list(
    db: &impl ConnectionTrait,
    kind: Option<WorkshopKind>,
    after: Option<(NaiveDateTime, i64)>,
    include_past: bool,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<Vec<WorkshopView>, ServiceError> {
    let local = local_now(now);
    let mut q = workshop::Entity::find();
    if let Some(k) = kind {
        q = q.filter(workshop::Column::Kind.eq(k.as_str()));
    }
    if !include_past {
        q = q.filter(workshop::Column::StartsAt.gt(local - Duration::hours(24)));
    }
    if let Some((t, id)) = after {
        q = q.filter(
            Condition::any()
                .add(workshop::Column::StartsAt.gt(t))
                .add(Condition::all().add(workshop::Column::StartsAt.eq(t)).add(workshop::Column::Id.gt(id))),
        );
    }
    let list =
        q.order_by_asc(workshop::Column::StartsAt).order_by_asc(workshop::Column::Id).limit(limit).all(db).await?;
    to_views(db, list, &HashMap::new(), &[], local).await
}

/// Takes the workshop's row lock (a no-op write) so changes to one workshop run one at a time.
async fn lock(db: &impl ConnectionTrait, workshop_id: i64) -> Result<(), ServiceError> {
    let r = workshop::Entity::update_many()
        .col_expr(workshop::Column::Booked, Expr::col(workshop::Column::Booked))
        .filter(workshop::Column::Id.eq(workshop_id))
        .exec(db)
        .await?;
    if r.rows_affected == 0 { Err(ServiceError::NotFound) } else { Ok(()) }
}

/// The person's booking row for a workshop (whatever its status), if any.
async fn booking(
    db: &impl ConnectionTrait,
    workshop_id: i64,
    user_id: i64,
) -> Result<Option<workshop_booking::Model>, ServiceError> {
    Ok(workshop_booking::Entity::find()
        .filter(workshop_booking::Column::WorkshopId.eq(workshop_id))
        .filter(workshop_booking::Column::UserId.eq(user_id))
        .one(db)
        .await?)
}

fn refuse(message: &str) -> ServiceError {
    ServiceError::field("form", message)
}

/// Books a seat, or a place on the waiting list when the workshop is full.
#[tracing::instrument(skip(db), err(level = "info"))]
pub async fn book(
    db: &DatabaseConnection,
    user_id: i64,
    role: Role,
    workshop_id: i64,
    now: DateTime<Utc>,
) -> Result<BookingStatus, ServiceError> {
    let w = workshop::Entity::find_by_id(workshop_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let kind = kind_of(&w)?;
    if kind.for_role() != role {
        return Err(ServiceError::Forbidden);
    }
    if w.cancelled {
        return Err(refuse("This workshop has been cancelled. Please choose another date"));
    }
    if w.starts_at <= local_now(now) {
        return Err(refuse("This workshop has already started. Please choose another date"));
    }
    if kind == WorkshopKind::MenteeInduction {
        let me = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
        let institutions = institution_names(db, std::slice::from_ref(&w)).await?;
        if let Some(why) = induction_refusal(&w, &me, &institutions) {
            return Err(refuse(&why));
        }
    }
    let txn = db.begin().await?;
    // Take a seat if there is one: the condition and the increment are one statement.
    let took = workshop::Entity::update_many()
        .col_expr(workshop::Column::Booked, Expr::col(workshop::Column::Booked).add(1))
        .filter(workshop::Column::Id.eq(workshop_id))
        .filter(Expr::col(workshop::Column::Booked).lt(Expr::col(workshop::Column::Capacity)))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if !took {
        lock(&txn, workshop_id).await?;
    }
    // One active booking per kind at a time, and none once one of this kind was attended.
    let others = workshop_booking::Entity::find()
        .filter(workshop_booking::Column::UserId.eq(user_id))
        .find_also_related(workshop::Entity)
        .all(&txn)
        .await?;
    for (b, other) in &others {
        let same_kind = other.as_ref().is_some_and(|o| o.kind == kind.as_str());
        let s = status_of(b);
        if b.workshop_id == workshop_id && s.active() {
            return Err(refuse("You already have a place on this workshop"));
        }
        if same_kind && s == BookingStatus::Attended {
            return Err(refuse(&format!("You have already attended a {}", kind.label().to_lowercase())));
        }
        if same_kind && s.active() {
            return Err(refuse("You already have a place on another date. Cancel it first to change dates"));
        }
    }
    let status = if took { BookingStatus::Booked } else { BookingStatus::Waitlisted };
    let booking = match others.into_iter().find(|(b, _)| b.workshop_id == workshop_id) {
        Some((b, _)) => {
            workshop_booking::ActiveModel {
                id: Set(b.id),
                status: Set(status),
                queued_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await?
        }
        None => {
            workshop_booking::ActiveModel {
                workshop_id: Set(workshop_id),
                user_id: Set(user_id),
                status: Set(status),
                queued_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    if status == BookingStatus::Booked {
        calendar::send_booking(&txn, booking.id, calendar::Change::Booked, now).await?;
    }
    txn.commit().await?;
    Ok(status)
}

/// Cancels the person's place. A freed seat goes to the first person on the waiting list,
/// who is told by email.
#[tracing::instrument(skip(db), err(level = "info"))]
pub async fn cancel(
    db: &DatabaseConnection,
    user_id: i64,
    workshop_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let w = workshop::Entity::find_by_id(workshop_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if w.starts_at <= local_now(now) {
        return Err(refuse("This workshop has already started, so the booking can no longer be changed"));
    }
    let txn = db.begin().await?;
    lock(&txn, workshop_id).await?;
    let b = booking(&txn, workshop_id, user_id)
        .await?
        .filter(|b| status_of(b).active())
        .ok_or_else(|| refuse("You do not have a place on this workshop"))?;
    let had_seat = status_of(&b) == BookingStatus::Booked;
    set_status(&txn, b.id, BookingStatus::Cancelled, now).await?;
    if had_seat {
        calendar::send_booking(&txn, b.id, calendar::Change::Cancelled, now).await?;
        let next = workshop_booking::Entity::find()
            .filter(workshop_booking::Column::WorkshopId.eq(workshop_id))
            .filter(workshop_booking::Column::Status.eq(BookingStatus::Waitlisted))
            .order_by_asc(workshop_booking::Column::QueuedAt)
            .order_by_asc(workshop_booking::Column::Id)
            .one(&txn)
            .await?;
        match next {
            Some(n) => {
                set_status(&txn, n.id, BookingStatus::Booked, now).await?;
                calendar::send_booking(&txn, n.id, calendar::Change::SeatFreed, now).await?;
            }
            None => {
                workshop::Entity::update_many()
                    .col_expr(workshop::Column::Booked, Expr::col(workshop::Column::Booked).sub(1))
                    .filter(workshop::Column::Id.eq(workshop_id))
                    .exec(&txn)
                    .await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

async fn set_status(
    db: &impl ConnectionTrait,
    booking_id: i64,
    status: BookingStatus,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    workshop_booking::ActiveModel {
        id: Set(booking_id),
        status: Set(status),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Everyone with a seat (or who attended or missed it), then the waiting list in order.
pub async fn register(db: &impl ConnectionTrait, workshop_id: i64) -> Result<Vec<RegisterLine>, ServiceError> {
    let rows = workshop_booking::Entity::find()
        .filter(workshop_booking::Column::WorkshopId.eq(workshop_id))
        .filter(workshop_booking::Column::Status.ne(BookingStatus::Cancelled))
        .order_by_asc(workshop_booking::Column::QueuedAt)
        .order_by_asc(workshop_booking::Column::Id)
        .find_also_related(user::Entity)
        .all(db)
        .await?;
    let mut lines: Vec<RegisterLine> = rows
        .into_iter()
        .filter_map(|(b, u)| {
            u.map(|u| RegisterLine { user_id: u.id, name: u.name, email: u.email, status: status_of(&b) })
        })
        .collect();
    lines.sort_by_key(|l| l.status == BookingStatus::Waitlisted);
    Ok(lines)
}

/// Staff record whether a person with a seat came. Registers open a day before the start.
/// Returns the workshop. Callers outside the crate take this step through
/// [`crate::milestones::mark_attendance`], which issues the certificate when it completes a
/// mentor's path.
#[tracing::instrument(skip(db), err(level = "info"))]
pub(crate) async fn mark_attendance(
    db: &DatabaseConnection,
    workshop_id: i64,
    user_id: i64,
    attended: bool,
    now: DateTime<Utc>,
) -> Result<workshop::Model, ServiceError> {
    let w = workshop::Entity::find_by_id(workshop_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if w.starts_at - REGISTER_OPENS_BEFORE > local_now(now) {
        return Err(refuse("The register opens on the day before the workshop"));
    }
    let txn = db.begin().await?;
    lock(&txn, workshop_id).await?;
    let b = booking(&txn, workshop_id, user_id).await?.ok_or(ServiceError::NotFound)?;
    if !matches!(status_of(&b), BookingStatus::Booked | BookingStatus::Attended | BookingStatus::Absent) {
        return Err(refuse("Only people with a seat can be marked on the register"));
    }
    let status = if attended { BookingStatus::Attended } else { BookingStatus::Absent };
    set_status(&txn, b.id, status, now).await?;
    txn.commit().await?;
    Ok(w)
}

/// Feedback from someone who attended; once per workshop.
#[tracing::instrument(skip(db, input), err(level = "info"))]
pub async fn give_feedback(
    db: &impl ConnectionTrait,
    user_id: i64,
    workshop_id: i64,
    input: &FeedbackInput,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let b = booking(db, workshop_id, user_id)
        .await?
        .filter(|b| status_of(b) == BookingStatus::Attended)
        .ok_or_else(|| refuse("You can give feedback once you have attended this workshop"))?;
    let kind = workshop::Entity::find_by_id(workshop_id)
        .one(db)
        .await?
        .and_then(|w| WorkshopKind::parse(&w.kind))
        .ok_or(ServiceError::NotFound)?;
    let f = input.validate(kind).map_err(ServiceError::Validation)?;
    workshop_feedback::ActiveModel {
        booking_id: Set(b.id),
        workshop_id: Set(workshop_id),
        user_id: Set(user_id),
        rating: Set(f.rating),
        would_recommend: Set(f.would_recommend),
        nps: Set(f.nps),
        prepared: Set(f.prepared),
        comment: Set(f.comment),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| crate::error::unique_to_field(e, "form", "You have already given feedback on this workshop"))?;
    Ok(())
}

/// Whether the person attended a workshop of this kind.
pub async fn attended(db: &impl ConnectionTrait, user_id: i64, kind: WorkshopKind) -> Result<bool, ServiceError> {
    let n = workshop_booking::Entity::find()
        .filter(workshop_booking::Column::UserId.eq(user_id))
        .filter(workshop_booking::Column::Status.eq(BookingStatus::Attended))
        .inner_join(workshop::Entity)
        .filter(workshop::Column::Kind.eq(kind.as_str()))
        .count(db)
        .await?;
    Ok(n > 0)
}

/// A person's place on workshops of one kind, in words, for staff lists and journeys.
pub fn describe_place(current: Option<&WorkshopView>, attended: bool) -> String {
    if attended {
        return "Attended".into();
    }
    match current {
        Some(w) if w.mine == Some(BookingStatus::Waitlisted) => format!("On the waiting list for {}", w.when),
        Some(w) => format!("Booked for {}", w.when),
        None => "Not booked".into(),
    }
}

/// The person's current place on a workshop of this kind (booked or waiting), if any.
pub async fn current_booking(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: WorkshopKind,
    now: DateTime<Utc>,
) -> Result<Option<WorkshopView>, ServiceError> {
    Ok(for_person(db, user_id, kind, now).await?.into_iter().find(|w| w.mine.is_some_and(BookingStatus::active)))
}

/// Each person's furthest progress with workshops of this kind (attended beats booked beats
/// waiting beats absent), for staff lists.
pub async fn latest_status_for(
    db: &impl ConnectionTrait,
    user_ids: &[i64],
    kind: WorkshopKind,
) -> Result<HashMap<i64, BookingStatus>, ServiceError> {
    if user_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rank = |s: BookingStatus| match s {
        BookingStatus::Attended => 4,
        BookingStatus::Booked => 3,
        BookingStatus::Waitlisted => 2,
        BookingStatus::Absent => 1,
        BookingStatus::Cancelled => 0,
    };
    let rows = workshop_booking::Entity::find()
        .filter(workshop_booking::Column::UserId.is_in(user_ids.iter().copied()))
        .filter(workshop_booking::Column::Status.ne(BookingStatus::Cancelled))
        .inner_join(workshop::Entity)
        .filter(workshop::Column::Kind.eq(kind.as_str()))
        .all(db)
        .await?;
    let mut out: HashMap<i64, BookingStatus> = HashMap::new();
    for b in rows {
        let s = status_of(&b);
        let e = out.entry(b.user_id).or_insert(s);
        if rank(s) > rank(*e) {
            *e = s;
        }
    }
    Ok(out)
}
