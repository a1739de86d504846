//! Active mentoring: the match page, session logs and confirmation, goals, monthly check-ins,
//! messages with moderation and (for under-18s) relay through the Mentoring Coordinator,
//! consent to share contact details, the gifts register, closure, exit surveys and the
//! mentor's next match.
//!
//! Who may open a match, and as whom, is [`crate::relationships::open`]: every action here
//! starts from it, so a person with no business with a match gets `NotFound`.

use crate::entities::{
    checkin, contact_consent, exit_survey, gift, how_going_answer, match_event, match_goal, mentor_check,
    mentoring_match, mentoring_session, message, user,
};
use crate::error::insert_if_absent;
use crate::notifications::{Notice, forget_reminders, notify, notify_staff, tell};
use crate::people::{coordinators, day, first_name, names, when};
use crate::relationships::{Opened, Who, event, finished_young_people, open, open_active, session_rules, video_room};
use crate::safeguarding::{self, NewCase};
use crate::{ServiceError, outbox};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use domain::Role;
use domain::how_going::HowGoing;
use domain::mentoring::{
    CheckinInput, CloseInput, ContactSharing, ExitSurveyInput, GIFT_LIMIT_PENCE, GiftInput, GiftRow, GoalRow,
    MatchPage, MessageRow, MessageStatus, QueuedMessage, RelationshipRow, SessionInput, SessionRow, StoppedBy, Viewer,
    after_review, first_status, not_delivered_because, overdue_months, pounds, session_plan, validate_message,
};
use domain::moderation::{HoldReason, moderate};
use domain::relationships::MatchStatus;
use domain::safeguarding::{Category, Source, Urgency};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

/// At most this many messages per person per hour (a rate limit against flooding).
pub const MESSAGES_PER_HOUR: u64 = 30;

// ---------------------------------------------------------------------------------------
// The match page

pub async fn page(
    db: &impl ConnectionTrait,
    who: Who,
    match_id: i64,
    now: DateTime<Utc>,
) -> Result<MatchPage, ServiceError> {
    let o = open(db, who, match_id, now).await?;
    let today = now.date_naive();
    let sessions = mentoring_session::Entity::find()
        .filter(mentoring_session::Column::MatchId.eq(match_id))
        .order_by_asc(mentoring_session::Column::HeldOn)
        .order_by_asc(mentoring_session::Column::Id)
        .all(db)
        .await?;
    let closed_on = o.m.closed_at.map(|c| c.date_naive());
    let dates: Vec<(NaiveDate, bool)> = sessions.iter().map(|s| (s.held_on, s.confirmed_at.is_some())).collect();
    let plan = session_plan(o.m.start_date, &dates, today, closed_on);
    let name_of = |id: i64| {
        if id == o.mentor.id {
            o.mentor.name.clone()
        } else if id == o.young.id {
            o.young.name.clone()
        } else {
            "Tandem staff".to_string()
        }
    };
    let session_rows = sessions
        .iter()
        .map(|s| SessionRow {
            id: s.id,
            held_on: day(s.held_on),
            minutes: s.minutes,
            mode: if s.mode == "online" { "Online".into() } else { "In person".into() },
            place: s.place.clone(),
            discussed: s.discussed.clone(),
            progress: s.progress.clone(),
            logged_by: name_of(s.logged_by),
            confirmed: s.confirmed_at.is_some(),
            can_confirm: o.active() && o.viewer.is_participant() && s.confirmed_at.is_none() && s.logged_by != who.id,
        })
        .collect();
    let planned = if o.active() { crate::planned_sessions::upcoming(db, &o, now).await? } else { Vec::new() };
    let goals = match_goal::Entity::find()
        .filter(match_goal::Column::MatchId.eq(match_id))
        .order_by_asc(match_goal::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|g| GoalRow { id: g.id, goal: g.goal, progress: g.progress, note: g.note })
        .collect();
    // The pair see delivered messages and their own; the coordinator and staff see all.
    let messages = message::Entity::find()
        .filter(message::Column::MatchId.eq(match_id))
        .order_by_asc(message::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|m| !o.viewer.is_participant() || m.sender_id == who.id || m.status == MessageStatus::Delivered)
        .map(|m| {
            let status = m.status;
            let status_text = match status {
                MessageStatus::NotDelivered => {
                    let by = if m.relayed_by.is_some() {
                        StoppedBy::Coordinator
                    } else if m.reviewed_by.is_some() {
                        StoppedBy::Team
                    } else {
                        StoppedBy::MatchEnded
                    };
                    let held: Vec<HoldReason> = m.hold_reasons.split(',').filter_map(HoldReason::parse).collect();
                    not_delivered_because(by, &held)
                }
                s => s.label().to_string(),
            };
            MessageRow {
                id: m.id,
                from: name_of(m.sender_id),
                mine: m.sender_id == who.id,
                body: m.body,
                at: when(m.created_at),
                status,
                status_text,
            }
        })
        .collect();
    let contact_sharing = if o.under_18 || !o.viewer.is_participant() {
        None
    } else {
        let consents: HashMap<i64, bool> = contact_consent::Entity::find()
            .filter(contact_consent::Column::MatchId.eq(match_id))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.user_id, c.granted))
            .collect();
        let other = o.other();
        let mine = consents.get(&who.id).copied().unwrap_or(false);
        let theirs = consents.get(&other.id).copied().unwrap_or(false);
        Some(ContactSharing { mine, theirs, contact: (mine && theirs && o.active()).then(|| other.email.clone()) })
    };
    let month = today.format("%Y-%m").to_string();
    let checkin_done_this_month = checkin::Entity::find()
        .filter(checkin::Column::MatchId.eq(match_id))
        .filter(checkin::Column::UserId.eq(who.id))
        .filter(checkin::Column::Month.eq(month))
        .one(db)
        .await?
        .is_some();
    let exit_survey_due = !o.active()
        && o.viewer.is_participant()
        && exit_survey::Entity::find()
            .filter(exit_survey::Column::MatchId.eq(match_id))
            .filter(exit_survey::Column::UserId.eq(who.id))
            .one(db)
            .await?
            .is_none();
    let rules = session_rules(db, &o, None).await?;
    let video_room = match o.viewer {
        Viewer::Mentor | Viewer::YoungPerson | Viewer::Coordinator if o.active() => Some(video_room(db, &o).await?),
        _ => None,
    };
    let confirmed = sessions.iter().filter(|s| s.confirmed_at.is_some()).count();
    let how_going = if o.active() { crate::how_going::card(db, &o, who, confirmed).await? } else { None };
    let (how_going_answers, advice_threads) = crate::how_going::for_staff(db, &o).await?;
    let timeline = match_event::Entity::find()
        .filter(match_event::Column::MatchId.eq(match_id))
        .order_by_desc(match_event::Column::Id)
        .limit(50)
        .all(db)
        .await?
        .into_iter()
        .map(|e| (when(e.at), e.text))
        .collect();
    let closed = o.m.closed_at.map(|c| {
        let why =
            o.m.closed_reason
                .as_deref()
                .and_then(domain::mentoring::ClosureReason::parse)
                .map(|r| r.label().to_string())
                .unwrap_or_else(|| o.m.closed_reason.clone().unwrap_or_default());
        format!("Ended on {}: {why}", day(c.date_naive()))
    });
    Ok(MatchPage {
        id: match_id,
        viewer: o.viewer,
        mentor: o.mentor.name.clone(),
        young_person: o.young.name.clone(),
        under_18: o.under_18,
        partner: o.partner.as_ref().map(|p| p.name.clone()),
        active: o.active() && !o.paused(),
        paused: o.active() && o.paused(),
        start_date: day(o.m.start_date),
        start_iso: o.m.start_date.format("%Y-%m-%d").to_string(),
        planned_end: day(o.m.planned_end),
        closed,
        overdue: overdue_months(&plan),
        plan,
        sessions: session_rows,
        planned,
        goals,
        messages,
        contact_sharing,
        checkin_done_this_month,
        exit_survey_due,
        rules,
        video_room,
        how_going,
        how_going_answers,
        advice_threads,
        timeline,
    })
}

// ---------------------------------------------------------------------------------------
// Sessions and goals

/// One side logs a session that took place. `video_base`: the configured video service.
pub async fn log_session(
    db: &DatabaseConnection,
    who: Who,
    match_id: i64,
    input: &SessionInput,
    video_base: Option<&str>,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let o = open_active(db, who, match_id, now, "logging sessions").await?;
    let rules = session_rules(db, &o, video_base).await?;
    let s = input.validate(now.date_naive(), o.m.start_date, &rules).map_err(ServiceError::Validation)?;
    let txn = db.begin().await?;
    let row = mentoring_session::ActiveModel {
        match_id: Set(match_id),
        held_on: Set(s.held_on),
        minutes: Set(s.minutes),
        mode: Set(s.mode.as_str().into()),
        place: Set(s.place),
        discussed: Set(s.discussed),
        progress: Set(s.progress),
        logged_by: Set(who.id),
        logged_at: Set(now),
        confirmed_by: Set(None),
        confirmed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let me = o.me();
    event(&txn, match_id, Some(who.id), &format!("{} logged a session on {}", me.name, day(s.held_on)), now).await?;
    notify(
        &txn,
        o.other().id,
        "session",
        &format!("{} logged your session of {}: please confirm it.", first_name(&me.name), day(s.held_on)),
        &format!("/match/{match_id}"),
        now,
    )
    .await?;
    // A logged session answers this month's "session due" and any "overdue" reminder.
    forget_reminders(&txn, &[me.id, o.other().id], &["remind_due_", "remind_session_"]).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// The other side of the pair confirms a logged session took place.
pub async fn confirm_session(
    db: &DatabaseConnection,
    who: Who,
    session_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let s = mentoring_session::Entity::find_by_id(session_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let o = open_active(db, who, s.match_id, now, "confirming sessions").await?;
    if s.logged_by == who.id {
        return Err(ServiceError::field("form", "The other person confirms the sessions you log"));
    }
    let txn = db.begin().await?;
    let done = mentoring_session::Entity::update_many()
        .col_expr(mentoring_session::Column::ConfirmedBy, sea_orm::sea_query::Expr::value(who.id))
        .col_expr(mentoring_session::Column::ConfirmedAt, sea_orm::sea_query::Expr::value(now))
        .filter(mentoring_session::Column::Id.eq(session_id))
        .filter(mentoring_session::Column::ConfirmedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 1 {
        let me = o.me();
        event(&txn, s.match_id, Some(who.id), &format!("{} confirmed the session of {}", me.name, day(s.held_on)), now)
            .await?;
        crate::how_going::session_confirmed(&txn, &o, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Either side records progress on one of the pair's goals (1-5, with a note).
pub async fn rate_goal(
    db: &DatabaseConnection,
    who: Who,
    goal_id: i64,
    progress: Option<String>,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let g = match_goal::Entity::find_by_id(goal_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let o = open(db, who, g.match_id, now).await?;
    if !o.viewer.is_participant() {
        return Err(ServiceError::Forbidden);
    }
    let mut e = domain::FieldErrors::new();
    let p = progress.as_deref().and_then(|p| p.parse::<i32>().ok()).filter(|p| (1..=5).contains(p));
    if p.is_none() {
        e.add("progress", "Choose progress from 1 (just started) to 5 (achieved)");
    }
    let note = note.trim().to_string();
    if note.chars().count() > 1000 {
        e.add("note", "Keep this to 1000 characters or fewer");
    }
    if !e.is_empty() {
        return Err(ServiceError::Validation(e));
    }
    let txn = db.begin().await?;
    match_goal::ActiveModel {
        id: Set(goal_id),
        progress: Set(p),
        note: Set(note),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let when = if o.active() { "" } else { " (end of mentoring)" };
    event(&txn, g.match_id, Some(who.id), &format!("Progress on \"{}\": {}/5{when}", g.goal, p.unwrap_or(0)), now)
        .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn checkin(
    db: &DatabaseConnection,
    who: Who,
    match_id: i64,
    input: &CheckinInput,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let o = open_active(db, who, match_id, now, "checking in").await?;
    let (pulse, flag) = input.validate().map_err(ServiceError::Validation)?;
    let month = now.date_naive().format("%Y-%m").to_string();
    let txn = db.begin().await?;
    let existing = checkin::Entity::find()
        .filter(checkin::Column::MatchId.eq(match_id))
        .filter(checkin::Column::UserId.eq(who.id))
        .filter(checkin::Column::Month.eq(month.clone()))
        .one(&txn)
        .await?;
    if existing.is_some() {
        return Err(ServiceError::field("pulse", "You have already checked in this month. Thank you!"));
    }
    let inserted = checkin::ActiveModel {
        match_id: Set(match_id),
        user_id: Set(who.id),
        month: Set(month),
        pulse: Set(pulse),
        flag: Set(flag.clone()),
        created_at: Set(now),
        ..Default::default()
    };
    // Sent twice at once (two tabs): the unique index keeps one.
    if insert_if_absent(&txn, inserted).await?.is_none() {
        return Err(ServiceError::field("pulse", "You have already checked in this month. Thank you!"));
    }
    if !flag.is_empty() && o.under_18 {
        safeguarding::raise(
            &txn,
            NewCase {
                reporter: Some(who.id),
                source: Source::Checkin,
                category: Category::Other,
                urgency: Urgency::High,
                what: format!("Check-in flag from {} (pulse {pulse}/5):\n\n{flag}", o.me().name),
                happened_on: now.date_naive(),
                subject: Some(o.young.id),
                mentor: Some(o.mentor.id),
                match_id: Some(match_id),
            },
            now,
        )
        .await?;
    }
    if !flag.is_empty() || pulse <= domain::mentoring::LOW_PULSE {
        notify_staff(
            &txn,
            "checkin",
            &format!("A check-in on match {match_id} needs a look (pulse {pulse}/5)."),
            &format!("/match/{match_id}"),
            now,
        )
        .await?;
    }
    forget_reminders(&txn, &[who.id], &["remind_checkin_"]).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Messages

/// Sends a message to the other side. It is always kept. The filter may hold it for staff;
/// an under-18's messages (either way) go to their coordinator to relay; otherwise it is
/// delivered. Returns where it went.
pub async fn send_message(
    db: &DatabaseConnection,
    who: Who,
    match_id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> Result<MessageStatus, ServiceError> {
    let body = validate_message(body).map_err(ServiceError::Validation)?;
    let o = open_active(db, who, match_id, now, "sending messages").await?;
    let recent = message::Entity::find()
        .filter(message::Column::MatchId.eq(match_id))
        .filter(message::Column::SenderId.eq(who.id))
        .filter(message::Column::CreatedAt.gt(now - Duration::hours(1)))
        .count(db)
        .await?;
    if recent >= MESSAGES_PER_HOUR {
        return Err(ServiceError::field(
            "body",
            "You have sent a lot of messages in the last hour. Please wait a while before sending more.",
        ));
    }
    let reasons = moderate(&body);
    let status = first_status(!reasons.is_empty(), o.under_18);
    let txn = db.begin().await?;
    message::ActiveModel {
        match_id: Set(match_id),
        sender_id: Set(who.id),
        recipient_id: Set(o.other().id),
        body: Set(body.clone()),
        status: Set(status),
        hold_reasons: Set(reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")),
        created_at: Set(now),
        delivered_at: Set((status == MessageStatus::Delivered).then_some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    after_status(&txn, &o, status, now).await?;
    if status == MessageStatus::Held && o.under_18 {
        // Contact details or watch-words in an under-18's match: the safeguarding team looks too.
        let labels: Vec<&str> = reasons.iter().map(|r| r.label()).collect();
        let urgency = if reasons.contains(&HoldReason::WatchWord) { Urgency::High } else { Urgency::Routine };
        safeguarding::raise(
            &txn,
            NewCase {
                reporter: None,
                source: Source::Message,
                category: Category::InappropriateContact,
                urgency,
                what: format!(
                    "A message from {} held for containing {}:\n\n{body_copy}",
                    o.me().name,
                    labels.join(", "),
                    body_copy = body
                ),
                happened_on: now.date_naive(),
                subject: Some(o.young.id),
                mentor: Some(o.mentor.id),
                match_id: Some(match_id),
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(status)
}

/// Tells whoever must act next on a message in `status`.
async fn after_status(
    db: &impl ConnectionTrait,
    o: &Opened,
    status: MessageStatus,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    match status {
        MessageStatus::Held => {
            notify_staff(db, "message_held", "A message is held for review.", "/admin/messages", now).await?;
        }
        MessageStatus::AwaitingCoordinator => {
            for c in coordinators(db, o.young.partner_id).await? {
                notify(
                    db,
                    c.id,
                    "message_relay",
                    &format!("A message between {} and their mentor is waiting for you to pass on.", o.young.name),
                    "/coordinator/messages",
                    now,
                )
                .await?;
            }
        }
        MessageStatus::Delivered | MessageStatus::NotDelivered => {}
    }
    Ok(())
}

/// Notifies the recipient of a delivered message.
async fn delivered(db: &impl ConnectionTrait, m: &message::Model, now: DateTime<Utc>) -> Result<(), ServiceError> {
    notify(
        db,
        m.recipient_id,
        "message",
        "You have a new message from your match.",
        &format!("/match/{}", m.match_id),
        now,
    )
    .await
}

fn queued(m: message::Model, names: &HashMap<i64, String>) -> QueuedMessage {
    QueuedMessage {
        id: m.id,
        match_id: m.match_id,
        from: names.get(&m.sender_id).cloned().unwrap_or_default(),
        to: names.get(&m.recipient_id).cloned().unwrap_or_default(),
        body: m.body,
        at: when(m.created_at),
        reasons: m
            .hold_reasons
            .split(',')
            .filter_map(HoldReason::parse)
            .map(|r| format!("Contains {}", r.label()))
            .collect(),
    }
}

/// Messages held by the filter, oldest first (staff).
pub async fn held_messages(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<QueuedMessage>, ServiceError> {
    let rows = message::Entity::find()
        .filter(message::Column::Status.eq(MessageStatus::Held))
        .order_by_asc(message::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let n = names(db, &rows.iter().flat_map(|m| [m.sender_id, m.recipient_id]).collect::<Vec<_>>()).await?;
    Ok(rows.into_iter().map(|m| queued(m, &n)).collect())
}

/// Staff approve (deliver, or pass to the coordinator for an under-18) or stop a held message.
pub async fn review_message(
    db: &DatabaseConnection,
    staff_id: i64,
    message_id: i64,
    approve: bool,
    now: DateTime<Utc>,
) -> Result<MessageStatus, ServiceError> {
    let txn = db.begin().await?;
    let m = message::Entity::find_by_id(message_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let who = Who { id: staff_id, role: Role::Staff, partner_id: None };
    let o = open(&txn, who, m.match_id, now).await?;
    let next = if !approve {
        MessageStatus::NotDelivered
    } else if o.active() && !o.paused() {
        after_review(o.under_18)
    } else {
        // The match closed while it waited: closed pairs no longer exchange messages.
        MessageStatus::NotDelivered
    };
    let done = message::Entity::update_many()
        .col_expr(message::Column::Status, sea_orm::sea_query::Expr::value(next))
        .col_expr(message::Column::ReviewedBy, sea_orm::sea_query::Expr::value(staff_id))
        .col_expr(message::Column::ReviewedAt, sea_orm::sea_query::Expr::value(now))
        .col_expr(
            message::Column::DeliveredAt,
            sea_orm::sea_query::Expr::value((next == MessageStatus::Delivered).then_some(now)),
        )
        .filter(message::Column::Id.eq(message_id))
        .filter(message::Column::Status.eq(MessageStatus::Held))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(ServiceError::field("form", "Someone has already dealt with this message"));
    }
    if next == MessageStatus::Delivered {
        delivered(&txn, &m, now).await?;
    } else {
        after_status(&txn, &o, next, now).await?;
    }
    let what = if approve { "approved" } else { "stopped" };
    event(&txn, m.match_id, Some(staff_id), &format!("Tandem staff {what} a held message"), now).await?;
    txn.commit().await?;
    Ok(next)
}

/// Messages waiting for this coordinator to relay: only their own institution's under-18s.
/// The database narrows the queue to matches of the institution's young people (the whole
/// programme's queue is not read); each match is then checked by the same rule as its page.
pub async fn relay_queue(
    db: &impl ConnectionTrait,
    partner_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<QueuedMessage>, ServiceError> {
    use sea_orm::sea_query::Query;
    let own_young = Query::select()
        .column(user::Column::Id)
        .from(user::Entity)
        .and_where(user::Column::PartnerId.eq(partner_id))
        .to_owned();
    let own_matches = Query::select()
        .column(mentoring_match::Column::Id)
        .from(mentoring_match::Entity)
        .and_where(mentoring_match::Column::YoungPersonId.in_subquery(own_young))
        .to_owned();
    let rows = message::Entity::find()
        .filter(message::Column::Status.eq(MessageStatus::AwaitingCoordinator))
        .filter(message::Column::MatchId.in_subquery(own_matches))
        .order_by_asc(message::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::new();
    let who = Who { id: 0, role: Role::Coordinator, partner_id: Some(partner_id) };
    let mut allowed: HashMap<i64, bool> = HashMap::new();
    let mut keep = Vec::new();
    for m in rows {
        let ok = match allowed.get(&m.match_id) {
            Some(ok) => *ok,
            None => {
                let ok = open(db, who, m.match_id, now).await.is_ok();
                allowed.insert(m.match_id, ok);
                ok
            }
        };
        if ok {
            keep.push(m);
        }
    }
    let n = names(db, &keep.iter().flat_map(|m| [m.sender_id, m.recipient_id]).collect::<Vec<_>>()).await?;
    out.extend(keep.into_iter().map(|m| queued(m, &n)));
    Ok(out)
}

/// The coordinator passes a message on (delivered) or stops it.
pub async fn relay_message(
    db: &DatabaseConnection,
    who: Who,
    message_id: i64,
    approve: bool,
    now: DateTime<Utc>,
) -> Result<MessageStatus, ServiceError> {
    let txn = db.begin().await?;
    let m = message::Entity::find_by_id(message_id).one(&txn).await?.ok_or(ServiceError::NotFound)?;
    let o = open(&txn, who, m.match_id, now).await?;
    if o.viewer != Viewer::Coordinator {
        return Err(ServiceError::NotFound);
    }
    // A match that ended or is paused while the message waited does not receive it.
    let next =
        if approve && o.active() && !o.paused() { MessageStatus::Delivered } else { MessageStatus::NotDelivered };
    let done = message::Entity::update_many()
        .col_expr(message::Column::Status, sea_orm::sea_query::Expr::value(next))
        .col_expr(message::Column::RelayedBy, sea_orm::sea_query::Expr::value(who.id))
        .col_expr(message::Column::RelayedAt, sea_orm::sea_query::Expr::value(now))
        .col_expr(
            message::Column::DeliveredAt,
            sea_orm::sea_query::Expr::value((next == MessageStatus::Delivered).then_some(now)),
        )
        .filter(message::Column::Id.eq(message_id))
        .filter(message::Column::Status.eq(MessageStatus::AwaitingCoordinator))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(ServiceError::field("form", "This message has already been dealt with"));
    }
    if next == MessageStatus::Delivered {
        delivered(&txn, &m, now).await?;
    }
    let what = if next == MessageStatus::Delivered { "passed on" } else { "did not pass on" };
    event(&txn, m.match_id, Some(who.id), &format!("The Mentoring Coordinator {what} a message"), now).await?;
    txn.commit().await?;
    Ok(next)
}

/// An adult pair's consent to share contact details; either can withdraw it at any time.
/// Never for an under-18: their contact goes through the coordinator only.
pub async fn set_contact_consent(
    db: &DatabaseConnection,
    who: Who,
    match_id: i64,
    granted: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let o = open_active(db, who, match_id, now, "sharing contact details").await?;
    if o.under_18 {
        return Err(ServiceError::field(
            "form",
            "Contact details are never shared with a young person under 18: contact goes through their Mentoring Coordinator",
        ));
    }
    let txn = db.begin().await?;
    let existing = contact_consent::Entity::find()
        .filter(contact_consent::Column::MatchId.eq(match_id))
        .filter(contact_consent::Column::UserId.eq(who.id))
        .one(&txn)
        .await?;
    match existing {
        Some(c) => {
            contact_consent::ActiveModel {
                id: Set(c.id),
                granted: Set(granted),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await?;
        }
        None => {
            contact_consent::ActiveModel {
                match_id: Set(match_id),
                user_id: Set(who.id),
                granted: Set(granted),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    let me = o.me();
    let what = if granted { "agreed to share contact details" } else { "withdrew consent to share contact details" };
    event(&txn, match_id, Some(who.id), &format!("{} {what}", me.name), now).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Gifts

/// Records a declaration; `true` when the gift is over the policy's limit (the mentor is then
/// told what to do next).
pub async fn declare_gift(
    db: &DatabaseConnection,
    mentor_id: i64,
    input: &GiftInput,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let (direction, what, value, given_on) = input.validate(now.date_naive()).map_err(ServiceError::Validation)?;
    let current = mentoring_match::Entity::find()
        .filter(mentoring_match::Column::MentorId.eq(mentor_id))
        .order_by_desc(mentoring_match::Column::Id)
        .one(db)
        .await?;
    gift::ActiveModel {
        mentor_id: Set(mentor_id),
        match_id: Set(current.map(|m| m.id)),
        direction: Set(direction.as_str().into()),
        what: Set(what),
        value_pence: Set(value),
        given_on: Set(given_on),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(value > GIFT_LIMIT_PENCE)
}

/// The register, newest first: everyone's for staff (`mentor` None), or one mentor's own.
pub async fn gifts(db: &impl ConnectionTrait, mentor: Option<i64>, limit: u64) -> Result<Vec<GiftRow>, ServiceError> {
    let mut q = gift::Entity::find().order_by_desc(gift::Column::GivenOn).order_by_desc(gift::Column::Id).limit(limit);
    if let Some(m) = mentor {
        q = q.filter(gift::Column::MentorId.eq(m));
    }
    let rows = q.all(db).await?;
    let n = names(db, &rows.iter().map(|g| g.mentor_id).collect::<Vec<_>>()).await?;
    Ok(rows
        .into_iter()
        .map(|g| GiftRow {
            mentor: n.get(&g.mentor_id).cloned().unwrap_or_default(),
            direction: if g.direction == "given" { "Given".into() } else { "Received".into() },
            what: g.what,
            value: pounds(g.value_pence),
            given_on: day(g.given_on),
            over_limit: g.value_pence > GIFT_LIMIT_PENCE,
        })
        .collect())
}

// ---------------------------------------------------------------------------------------
// Closure and the next match

/// Ends a match (either side or staff). Messages stop; both sides get a thank-you and an
/// exit survey; the young person is asked for their end-of-mentoring evaluation; the mentor
/// is offered a new match and rests until they accept.
pub async fn close(
    db: &DatabaseConnection,
    who: Who,
    match_id: i64,
    input: &CloseInput,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let o = open(db, who, match_id, now).await?;
    if !(o.viewer.is_participant() || o.viewer == Viewer::Staff) {
        return Err(ServiceError::Forbidden);
    }
    let (reason, note) = input.validate(o.m.start_date, now.date_naive()).map_err(ServiceError::Validation)?;
    let txn = db.begin().await?;
    let done = mentoring_match::Entity::update_many()
        .col_expr(mentoring_match::Column::Status, sea_orm::sea_query::Expr::value(MatchStatus::Closed))
        .col_expr(mentoring_match::Column::ClosedAt, sea_orm::sea_query::Expr::value(now))
        .col_expr(mentoring_match::Column::ClosedReason, sea_orm::sea_query::Expr::value(reason.as_str()))
        .filter(mentoring_match::Column::Id.eq(match_id))
        .filter(mentoring_match::Column::Status.eq(MatchStatus::Active))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(ServiceError::field("form", "This match has already ended"));
    }
    crate::relationships::sync_placed(&txn, o.m.young_person_id).await?;
    // Messages still waiting are not delivered once the pair has closed.
    message::Entity::update_many()
        .col_expr(message::Column::Status, sea_orm::sea_query::Expr::value(MessageStatus::NotDelivered))
        .filter(message::Column::MatchId.eq(match_id))
        .filter(message::Column::Status.is_in([MessageStatus::Held, MessageStatus::AwaitingCoordinator]))
        .exec(&txn)
        .await?;
    mentor_check::Entity::update_many()
        .col_expr(mentor_check::Column::Paused, sea_orm::sea_query::Expr::value(true))
        .filter(mentor_check::Column::UserId.eq(o.mentor.id))
        .exec(&txn)
        .await?;
    let by = match o.viewer {
        Viewer::Staff => "Tandem staff".to_string(),
        Viewer::Mentor => o.mentor.name.clone(),
        _ => o.young.name.clone(),
    };
    let note_text = if note.is_empty() { String::new() } else { format!(" ({note})") };
    event(&txn, match_id, Some(who.id), &format!("{by} closed the match: {}{note_text}", reason.label()), now).await?;
    crate::planned_sessions::cancel_all(&txn, &o, now).await?;
    let link = format!("/match/{match_id}");
    let yp = first_name(&o.young.name);
    let told = [
        (
            &o.mentor,
            "Thank you for mentoring with Tandem",
            format!(
                "Thank you for mentoring {yp}. Please tell us how it went in the exit survey. When you are ready, we can find another young person for you to help."
            ),
            format!(
                "Hello {},\n\nYour mentoring with {yp} has ended. Thank you: one hour a month makes a real difference.\n\nPlease tell us how it went, and when you are ready, say yes to a new match: you could be the best match for the next young person.\n\nTandem",
                first_name(&o.mentor.name)
            ),
        ),
        (
            &o.young,
            "Your Tandem mentoring has ended",
            "Your mentoring has ended. Thank you for taking part! Please fill in the exit survey and your end-of-mentoring evaluation.".to_string(),
            format!(
                "Hello {yp},\n\nYour mentoring has ended. Thank you for taking part. Please sign in to fill in your exit survey and your end-of-mentoring evaluation: it shows what changed for you.\n\nTandem"
            ),
        ),
    ];
    for (person, subject, text, body) in told {
        let notice = Notice { kind: "closed", text: &text, link: &link };
        tell(&txn, person.id, notice, outbox::Mail::new(&person.email, subject, &body), now).await?;
    }
    for c in if o.under_18 { coordinators(&txn, o.young.partner_id).await? } else { Vec::new() } {
        notify(&txn, c.id, "closed", &format!("The mentoring match of {} has ended.", o.young.name), &link, now)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

pub async fn exit_survey(
    db: &DatabaseConnection,
    who: Who,
    match_id: i64,
    input: &ExitSurveyInput,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let o = open(db, who, match_id, now).await?;
    if !o.viewer.is_participant() {
        return Err(ServiceError::Forbidden);
    }
    if o.active() {
        return Err(ServiceError::field("form", "The exit survey opens when the mentoring ends"));
    }
    let (rating, nps, comment) = input.validate().map_err(ServiceError::Validation)?;
    let txn = db.begin().await?;
    let exists = exit_survey::Entity::find()
        .filter(exit_survey::Column::MatchId.eq(match_id))
        .filter(exit_survey::Column::UserId.eq(who.id))
        .one(&txn)
        .await?;
    if exists.is_some() {
        return Err(ServiceError::field("form", "You have already sent your exit survey. Thank you!"));
    }
    exit_survey::ActiveModel {
        match_id: Set(match_id),
        user_id: Set(who.id),
        rating: Set(rating),
        nps: Set(nps),
        comment: Set(comment),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    event(&txn, match_id, Some(who.id), "An exit survey was sent", now).await?;
    txn.commit().await?;
    Ok(())
}

/// The mentor says yes (back into the pool) or not yet (keeps resting) to a new match.
pub async fn new_match_answer(
    db: &DatabaseConnection,
    mentor_id: i64,
    yes: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    crate::approvals::ensure_open(db, mentor_id).await?;
    mentor_check::Entity::update_many()
        .col_expr(mentor_check::Column::Paused, sea_orm::sea_query::Expr::value(!yes))
        .col_expr(mentor_check::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(mentor_check::Column::UserId.eq(mentor_id))
        .exec(db)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Monitoring

/// Active relationships with their risks (overdue sessions, a low pulse, no contact in six
/// weeks), the riskiest first. Staff only.
pub async fn relationships(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<RelationshipRow>, ServiceError> {
    let mut rows: Vec<RelationshipRow> = with_matches(db, now).await?.into_iter().map(|(_, r)| r).collect();
    rows.sort_by_key(|r| (std::cmp::Reverse(r.risks.len()), std::cmp::Reverse(r.overdue), r.match_id));
    rows.truncate(limit);
    Ok(rows)
}

/// Every active match with its monitoring row, in match order.
async fn with_matches(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<(mentoring_match::Model, RelationshipRow)>, ServiceError> {
    let today = now.date_naive();
    let matches = mentoring_match::Entity::find()
        .filter(mentoring_match::Column::Status.eq(MatchStatus::Active))
        .order_by_asc(mentoring_match::Column::Id)
        .all(db)
        .await?;
    // Rows of active matches, selected by a subquery: a list of every active match id would
    // pass the number of values a statement may bind once the programme is large.
    let active = || {
        sea_orm::sea_query::Query::select()
            .column(mentoring_match::Column::Id)
            .from(mentoring_match::Entity)
            .and_where(mentoring_match::Column::Status.eq(MatchStatus::Active))
            .to_owned()
    };
    let mut sessions: HashMap<i64, Vec<(NaiveDate, bool)>> = HashMap::new();
    for s in mentoring_session::Entity::find()
        .filter(mentoring_session::Column::MatchId.in_subquery(active()))
        .all(db)
        .await?
    {
        sessions.entry(s.match_id).or_default().push((s.held_on, s.confirmed_at.is_some()));
    }
    let mut pulse: HashMap<i64, (i64, i32)> = HashMap::new();
    for c in checkin::Entity::find().filter(checkin::Column::MatchId.in_subquery(active())).all(db).await? {
        let e = pulse.entry(c.match_id).or_insert((0, 5));
        if c.id > e.0 {
            *e = (c.id, c.pulse);
        }
    }
    let mut last_message: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for m in message::Entity::find().filter(message::Column::MatchId.in_subquery(active())).all(db).await? {
        let e = last_message.entry(m.match_id).or_insert(m.created_at);
        *e = (*e).max(m.created_at);
    }
    let sides: HashMap<i64, (i64, i64)> = matches.iter().map(|m| (m.id, (m.mentor_id, m.young_person_id))).collect();
    let mut how_going = crate::how_going::by_match(
        how_going_answer::Entity::find()
            .filter(how_going_answer::Column::MatchId.in_subquery(active()))
            .all(db)
            .await?,
        &sides,
    );
    let n = names(db, &matches.iter().flat_map(|m| [m.mentor_id, m.young_person_id]).collect::<Vec<_>>()).await?;
    Ok(matches
        .into_iter()
        .map(|m| {
            let s = sessions.remove(&m.id).unwrap_or_default();
            let plan = session_plan(m.start_date, &s, today, None);
            let overdue = overdue_months(&plan);
            let last_session = s.iter().map(|x| x.0).max();
            let last_contact = [last_session, last_message.get(&m.id).map(|t| t.date_naive()), Some(m.start_date)]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(m.start_date);
            let days = (today - last_contact).num_days();
            let last_pulse = pulse.get(&m.id).map(|p| p.1);
            let due_by = plan
                .iter()
                .find(|p| p.status == domain::mentoring::MonthStatus::Due)
                .map(|p| day(p.to - chrono::Duration::days(1)));
            let mut risks = Vec::new();
            if overdue > 0 {
                risks.push(format!("{} without a session", domain::count(overdue, "month", "months")));
            }
            if last_pulse.is_some_and(|p| p <= domain::mentoring::LOW_PULSE) {
                risks.push("Low check-in pulse".to_string());
            }
            if days >= 42 {
                risks.push(format!("No contact for {} weeks", days / 7));
            }
            let answers = how_going.remove(&m.id).unwrap_or_default();
            for (side, _) in answers.iter().filter(|(_, h)| *h == HowGoing::NotWorking) {
                risks.push(domain::how_going::risk(side));
            }
            let row = RelationshipRow {
                match_id: m.id,
                mentor: n.get(&m.mentor_id).cloned().unwrap_or_default(),
                young_person: n.get(&m.young_person_id).cloned().unwrap_or_default(),
                start_date: day(m.start_date),
                sessions: s.len(),
                overdue,
                last_pulse,
                days_since_contact: days,
                due_by,
                risks,
                how_going: answers.into_iter().map(|(side, h)| domain::how_going::staff_line(side, h)).collect(),
            };
            (m, row)
        })
        .collect())
}

/// Reminders as in-app notifications, at most one of each kind per person per month:
/// sessions overdue, monthly check-ins, exit surveys, held messages for staff. Safe to run
/// often (the server runs it hourly). What already went out this month, the month's
/// check-ins and the finished end evaluations are read once per run, not once per person,
/// so a run over a national programme's active matches makes a query only where it sends.
pub async fn send_reminders(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<usize, ServiceError> {
    use crate::entities::{evaluation, notification};
    use std::collections::HashSet;
    let today = now.date_naive();
    let month = format!("{}-{:02}", today.year(), today.month());
    let since = now - Duration::days(today.day0() as i64);
    let mut had: HashSet<(i64, String)> = notification::Entity::find()
        .select_only()
        .column(notification::Column::UserId)
        .column(notification::Column::Kind)
        .filter(notification::Column::Kind.starts_with("remind_"))
        .filter(notification::Column::CreatedAt.gte(since))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let checked: HashSet<(i64, i64)> = checkin::Entity::find()
        .select_only()
        .column(checkin::Column::MatchId)
        .column(checkin::Column::UserId)
        .filter(checkin::Column::Month.eq(month.clone()))
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut sent = 0;
    for (m, r) in with_matches(db, now).await? {
        let link = format!("/match/{}", m.id);
        for who in [m.mentor_id, m.young_person_id] {
            if r.overdue > 0 {
                let text = "A monthly session is overdue: arrange your next hour together and log it.";
                sent += remind(db, &mut had, who, format!("remind_session_{month}"), text, &link, now).await?;
            } else if let Some(by) = &r.due_by {
                let text = format!("This month's session is due by {by}: one hour together, then log it.");
                sent += remind(db, &mut had, who, format!("remind_due_{month}"), &text, &link, now).await?;
            }
            if !checked.contains(&(m.id, who)) {
                let text = "Your monthly check-in is due: how is your mentoring going?";
                sent += remind(db, &mut had, who, format!("remind_checkin_{month}"), text, &link, now).await?;
            }
        }
    }
    // Young people whose mentoring ended and who have not answered the end evaluation.
    let answered: HashSet<i64> = evaluation::Entity::find()
        .select_only()
        .column(evaluation::Column::UserId)
        .filter(evaluation::Column::Kind.eq(domain::evaluations::EvaluationKind::End.as_str()))
        .filter(evaluation::Column::CompletedAt.is_not_null())
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    for y in finished_young_people(db).await? {
        if !answered.contains(&y) {
            let text = "Please answer the end-of-mentoring questionnaire: it shows what changed for you.";
            sent += remind(db, &mut had, y, format!("remind_eval_{month}"), text, "/evaluation/end", now).await?;
        }
    }
    if !held_messages(db, 1).await?.is_empty() {
        for st in crate::people::staff(db).await? {
            let text = "Messages are waiting for review.";
            sent += remind(db, &mut had, st.id, format!("remind_held_{today}"), text, "/admin/messages", now).await?;
        }
    }
    Ok(sent)
}

/// One reminder in the app and by email, unless `had` shows this person already had this
/// kind this month; returns how many went out (0 or 1).
async fn remind(
    db: &DatabaseConnection,
    had: &mut std::collections::HashSet<(i64, String)>,
    user_id: i64,
    kind: String,
    text: &str,
    link: &str,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    if had.contains(&(user_id, kind.clone())) {
        return Ok(0);
    }
    let notice = Notice { kind: &kind, text, link };
    match user::Entity::find_by_id(user_id).one(db).await? {
        Some(u) => {
            let body = format!("Hello {},\n\n{text}\n\nSign in to Tandem to see it.\n\nTandem", first_name(&u.name));
            let mail = outbox::Mail::new(&u.email, "A reminder from Tandem", &body);
            tell(db, u.id, notice, mail.category(domain::mail::Category::Reminders), now).await?;
        }
        None => notify(db, user_id, notice.kind, notice.text, notice.link, now).await?,
    }
    had.insert((user_id, kind));
    Ok(1)
}
