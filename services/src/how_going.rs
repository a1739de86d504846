//! "How is it going?": once a pair's third session is confirmed, both sides are asked,
//! privately, how the relationship is going. The other side never sees the answer; staff
//! read both in relationship monitoring, where "not working" marks the relationship at risk.
//! Whoever says it is not working can ask the team for advice: a message thread with the
//! team (the contact queue) linked to the match.

use crate::entities::{enquiry, how_going_answer, mentoring_session};
use crate::error::insert_if_absent;
use crate::notifications::notify;
use crate::relationships::{Opened, Who, open_active};
use crate::{ServiceError, enquiries};
use chrono::{DateTime, Utc};
use domain::how_going::{
    AFTER_SESSIONS, AdviceThread, HowGoing, HowGoingCard, HowGoingInput, staff_line, validate_advice,
};
use domain::mentoring::Viewer;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use std::collections::HashMap;

const MENTOR: &str = "Mentor";
const YOUNG_PERSON: &str = "Young person";

/// Sessions of a match the other side has confirmed.
async fn confirmed(db: &impl ConnectionTrait, match_id: i64) -> Result<u64, ServiceError> {
    Ok(mentoring_session::Entity::find()
        .filter(mentoring_session::Column::MatchId.eq(match_id))
        .filter(mentoring_session::Column::ConfirmedAt.is_not_null())
        .count(db)
        .await?)
}

/// Called when a session is confirmed: on the third, both sides are asked.
pub(crate) async fn session_confirmed(
    db: &impl ConnectionTrait,
    o: &Opened,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if confirmed(db, o.m.id).await? != AFTER_SESSIONS as u64 {
        return Ok(());
    }
    let link = format!("/match/{}#how-going", o.m.id);
    for (me, other) in [(&o.mentor, &o.young), (&o.young, &o.mentor)] {
        let text = format!(
            "Three sessions in: how is it going with {}? Tell us privately: only the Tandem team sees your answer.",
            crate::people::first_name(&other.name)
        );
        notify(db, me.id, "how_going", &text, &link, now).await?;
    }
    Ok(())
}

/// One side of the pair answers (or changes their answer). Only once the third session is
/// confirmed; an answer of "not working" is flagged to staff at once.
pub async fn answer(
    db: &DatabaseConnection,
    who: Who,
    match_id: i64,
    input: &HowGoingInput,
    now: DateTime<Utc>,
) -> Result<HowGoing, ServiceError> {
    let o = open_active(db, who, match_id, now, "answering").await?;
    let (answer, note) = input.validate().map_err(ServiceError::Validation)?;
    if confirmed(db, match_id).await? < AFTER_SESSIONS as u64 {
        return Err(ServiceError::field("answer", "We ask how it is going after your third confirmed session"));
    }
    let txn = db.begin().await?;
    let existing = how_going_answer::Entity::find()
        .filter(how_going_answer::Column::MatchId.eq(match_id))
        .filter(how_going_answer::Column::UserId.eq(who.id))
        .one(&txn)
        .await?;
    let before = existing.as_ref().and_then(|a| HowGoing::parse(&a.answer));
    match existing {
        Some(a) => {
            how_going_answer::ActiveModel {
                id: Set(a.id),
                answer: Set(answer.as_str().into()),
                note: Set(note),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await?;
        }
        None => {
            let row = how_going_answer::ActiveModel {
                match_id: Set(match_id),
                user_id: Set(who.id),
                answer: Set(answer.as_str().into()),
                note: Set(note),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            // Sent twice at once (two tabs): the unique index keeps the first.
            if insert_if_absent(&txn, row).await?.is_none() {
                return Err(ServiceError::field(
                    "answer",
                    "You have already answered: reload the page to change your answer",
                ));
            }
        }
    }
    if answer == HowGoing::NotWorking && before != Some(HowGoing::NotWorking) {
        let side = if o.viewer == Viewer::Mentor { "The mentor" } else { "The young person" };
        crate::notifications::notify_staff(
            &txn,
            "how_going",
            &format!("{side} in match {match_id} says it is not working."),
            &format!("/match/{match_id}"),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(answer)
}

/// The person asks the team for advice about their match. Their open thread about it gets
/// the message; otherwise a new thread starts, linked to the match. Returns the thread.
pub async fn ask_team(
    db: &DatabaseConnection,
    who: Who,
    match_id: i64,
    message: &str,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let o = open_active(db, who, match_id, now, "asking for advice here").await?;
    let message = validate_advice(message).map_err(ServiceError::Validation)?;
    let answered = how_going_answer::Entity::find()
        .filter(how_going_answer::Column::MatchId.eq(match_id))
        .filter(how_going_answer::Column::UserId.eq(who.id))
        .one(db)
        .await?;
    if answered.is_none() {
        return Err(ServiceError::field("message", "Tell us how it is going first"));
    }
    let me = o.me().clone();
    let txn = db.begin().await?;
    let open_thread = enquiry::Entity::find()
        .filter(enquiry::Column::MatchId.eq(match_id))
        .filter(enquiry::Column::UserId.eq(who.id))
        .filter(enquiry::Column::Status.ne(domain::enquiries::EnquiryStatus::Closed))
        .order_by_desc(enquiry::Column::Id)
        .one(&txn)
        .await?;
    let id = match open_thread {
        Some(e) => {
            enquiries::add_to_thread(&txn, &e, message, now).await?;
            e.id
        }
        None => {
            enquiries::start_thread(&txn, Some(me.id), &me.name, &me.email, "match", Some(match_id), message, now)
                .await?
        }
    };
    txn.commit().await?;
    Ok(id)
}

/// The prompt for a participant, once the third session is confirmed (else `None`).
pub(crate) async fn card(
    db: &impl ConnectionTrait,
    o: &Opened,
    who: Who,
    confirmed_sessions: usize,
) -> Result<Option<HowGoingCard>, ServiceError> {
    if !o.viewer.is_participant() || confirmed_sessions < AFTER_SESSIONS {
        return Ok(None);
    }
    let mine = how_going_answer::Entity::find()
        .filter(how_going_answer::Column::MatchId.eq(o.m.id))
        .filter(how_going_answer::Column::UserId.eq(who.id))
        .one(db)
        .await?;
    let advice = enquiry::Entity::find()
        .filter(enquiry::Column::MatchId.eq(o.m.id))
        .filter(enquiry::Column::UserId.eq(who.id))
        .order_by_desc(enquiry::Column::Id)
        .one(db)
        .await?
        .map(|e| enquiries::advice_thread(&e, false));
    Ok(Some(HowGoingCard {
        answer: mine.as_ref().and_then(|a| HowGoing::parse(&a.answer)),
        answered_on: mine.as_ref().map(|a| crate::people::day(a.updated_at.date_naive())),
        comment: mine.map(|a| a.note).unwrap_or_default(),
        advice,
    }))
}

/// For staff on the match page: each side's answer and the advice threads about the match.
pub(crate) async fn for_staff(
    db: &impl ConnectionTrait,
    o: &Opened,
) -> Result<(Vec<String>, Vec<AdviceThread>), ServiceError> {
    if o.viewer != Viewer::Staff {
        return Ok((Vec::new(), Vec::new()));
    }
    let rows = how_going_answer::Entity::find().filter(how_going_answer::Column::MatchId.eq(o.m.id)).all(db).await?;
    let sides = HashMap::from([(o.m.id, (o.m.mentor_id, o.m.young_person_id))]);
    let lines = by_match(rows, &sides)
        .remove(&o.m.id)
        .map(|a| a.into_iter().map(|(side, h)| staff_line(side, h)).collect())
        .unwrap_or_default();
    let threads = enquiry::Entity::find()
        .filter(enquiry::Column::MatchId.eq(o.m.id))
        .order_by_asc(enquiry::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(|e| enquiries::advice_thread(e, true))
        .collect();
    Ok((lines, threads))
}

/// Answers grouped per match as (side, answer), the mentor's first. `sides` gives each
/// match's (mentor, young person).
pub(crate) fn by_match(
    rows: Vec<how_going_answer::Model>,
    sides: &HashMap<i64, (i64, i64)>,
) -> HashMap<i64, Vec<(&'static str, HowGoing)>> {
    let mut out: HashMap<i64, Vec<(&'static str, HowGoing)>> = HashMap::new();
    for r in rows {
        let (Some((mentor, young)), Some(h)) = (sides.get(&r.match_id), HowGoing::parse(&r.answer)) else { continue };
        let side = if r.user_id == *mentor {
            MENTOR
        } else if r.user_id == *young {
            YOUNG_PERSON
        } else {
            continue;
        };
        out.entry(r.match_id).or_default().push((side, h));
    }
    for v in out.values_mut() {
        v.sort_by_key(|(side, _)| *side != MENTOR);
    }
    out
}
