//! Active mentoring: the match page (the pair, an under-18's coordinator, staff), sessions,
//! messages, contact-sharing consent, check-ins, closure and exit surveys; the staff review
//! queue for held messages and the coordinator's relay queue; the mentor's next match.
//! The service decides, from the match itself, who may see and do what.

// A form's fields are its server function's arguments (so the form works without
// JavaScript too); the session forms have more than clippy's seven, in the browser's
// generated client code as well, where an attribute on the function does not reach.
#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, Form};
use domain::mentoring::{GiftRow, MatchPage, QueuedMessage, RelationshipList};
use leptos::prelude::*;

#[server(endpoint = "load_match")]
pub async fn load_match(match_id: i64) -> Result<MatchPage, AppError> {
    use crate::ssr::{Access, now, require};
    let me = require(Access::SignedIn).await?;
    let mut p = services::mentoring::page(&me.db, (&me.account).into(), match_id, now()).await?;
    // The service names the pair's room; it is a link only on a configured video service.
    let room = p.video_room.take();
    if let (Some(base), Some(room)) = (me.settings.video_base_url.as_deref(), room) {
        let link = domain::mentoring::video_room_url(base, &room);
        p.rules.video_room = Some(link.clone());
        p.video_room = Some(link);
    }
    Ok(p)
}

#[server(endpoint = "log_session")]
pub async fn log_session(
    match_id: i64,
    held_on: String,
    minutes: String,
    mode: Option<String>,
    place: String,
    public_place: Option<String>,
    discussed: String,
    progress: String,
) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    let input = domain::mentoring::SessionInput { held_on, minutes, mode, place, public_place, discussed, progress };
    let video = me.settings.video_base_url.as_deref();
    form(services::mentoring::log_session(&me.db, (&me.account).into(), match_id, &input, video, now()).await)
}

/// Plans the pair's next session, or moves one already planned (`planned_id`): both sides
/// get a calendar invitation.
#[server(endpoint = "plan_session")]
pub async fn plan_session(
    match_id: i64,
    planned_id: Option<i64>,
    plan_at: String,
    plan_minutes: String,
    plan_mode: Option<String>,
    plan_place: String,
    plan_public_place: Option<String>,
) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    let input = domain::mentoring::PlanInput { plan_at, plan_minutes, plan_mode, plan_place, plan_public_place };
    let video = me.settings.video_base_url.as_deref();
    form(
        services::planned_sessions::plan(&me.db, (&me.account).into(), match_id, planned_id, &input, video, now())
            .await,
    )
}

/// Calls off a planned session: both sides' calendars drop it.
#[server(endpoint = "cancel_planned_session")]
pub async fn cancel_planned_session(planned_id: i64) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    form(services::planned_sessions::cancel(&me.db, (&me.account).into(), planned_id, now()).await)
}

#[server(endpoint = "confirm_session")]
pub async fn confirm_session(session_id: i64) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    form(services::mentoring::confirm_session(&me.db, (&me.account).into(), session_id, now()).await)
}

/// Returns what happened to the message, in words.
#[server(endpoint = "send_message")]
pub async fn send_message(match_id: i64, body: String) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    form(
        services::mentoring::send_message(&me.db, (&me.account).into(), match_id, &body, now())
            .await
            .map(|s| s.label().to_string()),
    )
}

/// `share` = yes to agree, no to withdraw.
#[server(endpoint = "share_contact")]
pub async fn share_contact(match_id: i64, share: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    let granted = share == "yes";
    form(services::mentoring::set_contact_consent(&me.db, (&me.account).into(), match_id, granted, now()).await)
}

#[server(endpoint = "send_checkin")]
pub async fn send_checkin(match_id: i64, pulse: Option<String>, flag: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    let input = domain::mentoring::CheckinInput { pulse, flag };
    form(services::mentoring::checkin(&me.db, (&me.account).into(), match_id, &input, now()).await)
}

#[server(endpoint = "close_match")]
pub async fn close_match(match_id: i64, reason: Option<String>, note: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, form, now, require};
    use domain::Role;
    let me = require(Access::Roles(&[Role::Mentor, Role::YoungPerson, Role::Staff])).await?;
    let input = domain::mentoring::CloseInput { reason, note };
    form(services::mentoring::close(&me.db, (&me.account).into(), match_id, &input, now()).await)
}

#[server(endpoint = "send_exit_survey")]
pub async fn send_exit_survey(
    match_id: i64,
    rating: Option<String>,
    nps: Option<String>,
    comment: String,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    let input = domain::mentoring::ExitSurveyInput { rating, nps, comment };
    form(services::mentoring::exit_survey(&me.db, (&me.account).into(), match_id, &input, now()).await)
}

/// A mentor whose match has ended says yes (or not yet) to a new match.
#[server(endpoint = "answer_new_match")]
pub async fn answer_new_match(answer: String) -> Result<Form<bool>, AppError> {
    use crate::ssr::{form, now, require_active_mentor};
    let me = require_active_mentor().await?;
    let yes = answer == "yes";
    form(services::mentoring::new_match_answer(&me.db, me.id, yes, now()).await.map(|_| yes))
}

#[server(endpoint = "held_messages")]
pub async fn held_messages() -> Result<Vec<QueuedMessage>, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::mentoring::held_messages(&me.db, 100).await?)
}

/// Staff approve (`decision` = approve) or stop a held message.
#[server(endpoint = "review_message")]
pub async fn review_message(message_id: i64, decision: String) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let approve = decision == "approve";
    form(
        services::mentoring::review_message(&me.db, me.id, message_id, approve, now())
            .await
            .map(|s| s.label().to_string()),
    )
}

#[server(endpoint = "relay_queue")]
pub async fn relay_queue() -> Result<Vec<QueuedMessage>, AppError> {
    use crate::ssr::{Access, COORDINATORS, now, require};
    let me = require(Access::Roles(COORDINATORS)).await?;
    let Some(partner) = me.partner_id else { return Ok(Vec::new()) };
    Ok(services::mentoring::relay_queue(&me.db, partner, now()).await?)
}

/// The coordinator passes a message on (`decision` = relay) or stops it.
#[server(endpoint = "relay_message")]
pub async fn relay_message(message_id: i64, decision: String) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, COORDINATORS, form, now, require};
    let me = require(Access::Roles(COORDINATORS)).await?;
    let approve = decision == "relay";
    form(
        services::mentoring::relay_message(&me.db, (&me.account).into(), message_id, approve, now())
            .await
            .map(|s| s.label().to_string()),
    )
}

/// Either side records progress on one of their goals (1-5, with a note).
#[server(endpoint = "rate_goal")]
pub async fn rate_goal(goal_id: i64, progress: Option<String>, note: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    form(services::mentoring::rate_goal(&me.db, (&me.account).into(), goal_id, progress, &note, now()).await)
}

#[server(endpoint = "declare_gift")]
pub async fn declare_gift(
    direction: Option<String>,
    what: String,
    value: String,
    given_on: String,
) -> Result<Form<bool>, AppError> {
    use crate::ssr::{form, now, require_active_mentor};
    let me = require_active_mentor().await?;
    let input = domain::mentoring::GiftInput { direction, what, value, given_on };
    form(services::mentoring::declare_gift(&me.db, me.id, &input, now()).await)
}

/// A mentor's own declarations.
#[server(endpoint = "my_gifts")]
pub async fn my_gifts() -> Result<Vec<GiftRow>, AppError> {
    use crate::ssr::{Access, MENTORS, require};
    let me = require(Access::Roles(MENTORS)).await?;
    Ok(services::mentoring::gifts(&me.db, Some(me.id), 200).await?)
}

/// The whole register (staff).
#[server(endpoint = "gift_register")]
pub async fn gift_register() -> Result<Vec<GiftRow>, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::mentoring::gifts(&me.db, None, 500).await?)
}

/// Active relationships with their risks, riskiest first (staff monitoring).
#[server(endpoint = "relationships")]
pub async fn relationships() -> Result<RelationshipList, AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let c = services::figures::relationships(&me.db, now()).await?;
    Ok(RelationshipList { as_of: c.as_of(), rows: c.value })
}
