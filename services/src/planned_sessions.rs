//! Sessions a pair plan ahead. Either side plans, moves or calls off the next hour together;
//! each change sends both sides a calendar invitation (one UID per planned session, the
//! SEQUENCE raised on every change, METHOD:CANCEL when it is off), tells the other side in
//! the app and goes on the match's timeline. An under-18's in-person sessions are at their
//! partner's premises and their invitations copy the Mentoring Coordinator.

use crate::ServiceError;
use crate::calendar::{self, Change};
use crate::entities::planned_session;
use crate::notifications::notify;
use crate::people::first_name;
use crate::relationships::{Opened, Who, event, open_active};
use chrono::{DateTime, Utc};
use domain::calendar::london_time;
use domain::mentoring::{PlanInput, PlannedRow, SessionMode};
use domain::workshops::describe_time;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

/// Plans a session (`planned_id` None) or moves one already planned. Returns its id.
pub async fn plan(
    db: &DatabaseConnection,
    who: Who,
    match_id: i64,
    planned_id: Option<i64>,
    input: &PlanInput,
    video_base: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let o = open_active(db, who, match_id, now, "planning sessions").await?;
    let existing = match planned_id {
        Some(id) => Some(current(db, &o, id).await?),
        None => None,
    };
    let rules = crate::relationships::session_rules(db, &o, video_base).await?;
    let p = input.validate(london_time(now), o.m.planned_end, &rules).map_err(ServiceError::Validation)?;
    let txn = db.begin().await?;
    let row = match existing {
        None => {
            planned_session::ActiveModel {
                match_id: Set(match_id),
                starts_at: Set(p.starts_at),
                minutes: Set(p.minutes),
                mode: Set(p.mode.as_str().into()),
                place: Set(p.place),
                planned_by: Set(who.id),
                created_at: Set(now),
                updated_at: Set(now),
                cancelled_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
        Some(before) => {
            let mut a: planned_session::ActiveModel = before.into();
            a.starts_at = Set(p.starts_at);
            a.minutes = Set(p.minutes);
            a.mode = Set(p.mode.as_str().into());
            a.place = Set(p.place);
            a.updated_at = Set(now);
            a.update(&txn).await?
        }
    };
    let change = if planned_id.is_some() { Change::Moved } else { Change::Booked };
    let when = describe_time(row.starts_at, row.minutes);
    let me = first_name(&o.me().name).to_string();
    let (timeline, told) = match change {
        Change::Moved => {
            (format!("{me} moved a planned session to {when}"), format!("{me} moved your session to {when}."))
        }
        _ => (format!("{me} planned a session for {when}"), format!("{me} planned your next session: {when}.")),
    };
    event(&txn, match_id, Some(who.id), &timeline, now).await?;
    notify(&txn, o.other().id, "session", &told, &format!("/match/{match_id}"), now).await?;
    calendar::send_session(&txn, &o, &row, change, now).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Calls off a planned session: both sides get a cancellation for their calendars.
pub async fn cancel(
    db: &DatabaseConnection,
    who: Who,
    planned_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let row = planned_session::Entity::find_by_id(planned_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let o = open_active(db, who, row.match_id, now, "changing planned sessions").await?;
    still_on(&row)?;
    let txn = db.begin().await?;
    let done = planned_session::Entity::update_many()
        .col_expr(planned_session::Column::CancelledAt, sea_orm::sea_query::Expr::value(now))
        .filter(planned_session::Column::Id.eq(planned_id))
        .filter(planned_session::Column::CancelledAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 1 {
        let when = describe_time(row.starts_at, row.minutes);
        let me = first_name(&o.me().name).to_string();
        event(&txn, row.match_id, Some(who.id), &format!("{me} called off the session of {when}"), now).await?;
        notify(
            &txn,
            o.other().id,
            "session",
            &format!("{me} called off the session of {when}. Plan another when you can."),
            &format!("/match/{}", row.match_id),
            now,
        )
        .await?;
        calendar::send_session(&txn, &o, &row, Change::Cancelled, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A planned session of this match that has not been called off.
async fn current(
    db: &impl ConnectionTrait,
    o: &Opened,
    planned_id: i64,
) -> Result<planned_session::Model, ServiceError> {
    let row = planned_session::Entity::find_by_id(planned_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if row.match_id != o.m.id {
        return Err(ServiceError::NotFound);
    }
    still_on(&row)?;
    Ok(row)
}

fn still_on(row: &planned_session::Model) -> Result<(), ServiceError> {
    match row.cancelled_at {
        Some(_) => Err(ServiceError::field("form", "That session has already been called off")),
        None => Ok(()),
    }
}

/// A match's sessions that are still on and have not started.
fn to_come(o: &Opened, now: DateTime<Utc>) -> sea_orm::Select<planned_session::Entity> {
    planned_session::Entity::find()
        .filter(planned_session::Column::MatchId.eq(o.m.id))
        .filter(planned_session::Column::CancelledAt.is_null())
        .filter(planned_session::Column::StartsAt.gt(london_time(now)))
}

/// Calls off every session still planned in a match that has ended, sending the
/// cancellations (part of closing the match, in its transaction).
pub(crate) async fn cancel_all(db: &impl ConnectionTrait, o: &Opened, now: DateTime<Utc>) -> Result<(), ServiceError> {
    let rows = to_come(o, now).all(db).await?;
    if rows.is_empty() {
        return Ok(());
    }
    planned_session::Entity::update_many()
        .col_expr(planned_session::Column::CancelledAt, sea_orm::sea_query::Expr::value(now))
        .filter(planned_session::Column::Id.is_in(rows.iter().map(|r| r.id)))
        .exec(db)
        .await?;
    for row in rows {
        calendar::send_session(db, o, &row, Change::Cancelled, now).await?;
    }
    Ok(())
}

/// The sessions still to come in a match, soonest first, as its page shows them.
pub async fn upcoming(
    db: &impl ConnectionTrait,
    o: &Opened,
    now: DateTime<Utc>,
) -> Result<Vec<PlannedRow>, ServiceError> {
    let rows = to_come(o, now).order_by_asc(planned_session::Column::StartsAt).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|r| PlannedRow {
            id: r.id,
            when: describe_time(r.starts_at, r.minutes),
            starts_iso: r.starts_at.format("%Y-%m-%dT%H:%M").to_string(),
            minutes: r.minutes,
            mode: SessionMode::parse(&r.mode).unwrap_or(SessionMode::Online),
            place: r.place,
            planned_by: if r.planned_by == o.mentor.id { o.mentor.name.clone() } else { o.young.name.clone() },
        })
        .collect())
}
