//! Each person's own calendar feed: a secret address (only its hash is stored) that lists
//! their booked workshops and inductions and the mentoring sessions they have planned, with
//! the same event UIDs and SEQUENCEs as the invitations ([`crate::calendar`]), so a calendar
//! subscribed to the feed and one holding the invitations agree.

use crate::ServiceError;
use crate::calendar::{booking_uid, current_sequence, session_event, session_uid, workshop_event};
use crate::entities::{calendar_feed, mentoring_match, planned_session, workshop, workshop_booking};
use crate::relationships::{Opened, Who, open};
use chrono::{DateTime, Utc};
use domain::relationships::MatchStatus;
use domain::workshops::BookingStatus;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// A new secret feed address for the person (any earlier one stops working). Returns the
/// secret, shown to them once.
pub async fn new_feed(db: &impl ConnectionTrait, user_id: i64, now: DateTime<Utc>) -> Result<String, ServiceError> {
    let token = crate::tokens::new_token();
    calendar_feed::Entity::insert(calendar_feed::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(crate::tokens::digest(&token)),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(calendar_feed::Column::UserId)
            .update_columns([calendar_feed::Column::TokenHash, calendar_feed::Column::CreatedAt])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// Turns the feed off: its address stops working.
pub async fn revoke_feed(db: &impl ConnectionTrait, user_id: i64) -> Result<(), ServiceError> {
    calendar_feed::Entity::delete_many().filter(calendar_feed::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(())
}

/// When the person's feed address was made, if they have one.
pub async fn feed_since(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<DateTime<Utc>>, ServiceError> {
    Ok(calendar_feed::Entity::find_by_id(user_id).one(db).await?.map(|f| f.created_at))
}

/// The feed behind a secret address, or None for an unknown (or revoked) one.
pub async fn feed(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> Result<Option<String>, ServiceError> {
    if token.len() != 64 {
        return Ok(None);
    }
    let Some(f) = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(crate::tokens::digest(token)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let rows = workshop_booking::Entity::find()
        .filter(workshop_booking::Column::UserId.eq(f.user_id))
        .filter(workshop_booking::Column::Status.is_in([BookingStatus::Booked, BookingStatus::Attended]))
        .find_also_related(workshop::Entity)
        .order_by_asc(workshop_booking::Column::Id)
        .all(db)
        .await?;
    let mut events = Vec::new();
    for (b, w) in rows {
        if let Some(w) = w.filter(|w| !w.cancelled) {
            let seq = current_sequence(db, &booking_uid(b.id)).await?;
            events.push(workshop_event(&w, b.id, seq, false));
        }
    }
    for (o, row) in of_person(db, f.user_id, now).await? {
        let seq = current_sequence(db, &session_uid(row.id)).await?;
        events.push(session_event(&o, &row, o.m.mentor_id == f.user_id, seq, false));
    }
    Ok(Some(domain::calendar::feed("Tandem", &events, now)))
}

/// The planned sessions (still on, in matches still running) of one person, for their
/// calendar feed: each with the match as that person sees it.
async fn of_person(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<(Opened, planned_session::Model)>, ServiceError> {
    let matches = mentoring_match::Entity::find()
        .filter(
            Condition::any()
                .add(mentoring_match::Column::MentorId.eq(user_id))
                .add(mentoring_match::Column::YoungPersonId.eq(user_id)),
        )
        .filter(mentoring_match::Column::Status.eq(MatchStatus::Active))
        .all(db)
        .await?;
    let mut out = Vec::new();
    for m in matches {
        let role = if m.mentor_id == user_id { domain::Role::Mentor } else { domain::Role::YoungPerson };
        let o = open(db, Who { id: user_id, role, partner_id: None }, m.id, now).await?;
        let rows = planned_session::Entity::find()
            .filter(planned_session::Column::MatchId.eq(m.id))
            .filter(planned_session::Column::CancelledAt.is_null())
            .order_by_asc(planned_session::Column::StartsAt)
            .all(db)
            .await?;
        for r in rows {
            out.push((o.clone(), r));
        }
    }
    Ok(out)
}
