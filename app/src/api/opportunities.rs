//! The opportunities board: what each person sees, posting (staff publish at once, an
//! employer partner's posts wait for staff), young people's answers, mentors'
//! recommendations, coordinators' and posters' take-up marks, and the staff page. Every
//! rule of who may do what is in `services::opportunities`.
// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, Form};
use domain::opportunities::{Board, OpportunityAdmin, OpportunityInput, OpportunityPage};
use leptos::prelude::*;

impl PostOpportunity {
    /// What the form sent, as the browser and the server both check it.
    pub fn input(&self) -> OpportunityInput {
        OpportunityInput {
            title: self.title.clone(),
            kind: self.kind.clone(),
            description: self.description.clone(),
            region: self.region.clone(),
            online: self.online.is_some(),
            min_age: self.min_age.clone(),
            max_age: self.max_age.clone(),
            closes_on: self.closes_on.clone(),
            link: self.link.clone().unwrap_or_default(),
            goals: self.goals.clone().unwrap_or_default(),
        }
    }
}

/// Any signed-in person: the board as they see it.
#[server(endpoint = "load_opportunities")]
pub async fn load_opportunities() -> Result<Board, AppError> {
    use crate::ssr::{Access, now, require};
    let me = require(Access::SignedIn).await?;
    Ok(services::opportunities::board(&me.db, &me, now()).await?)
}

/// Any signed-in person who may see it: one opportunity.
#[server(endpoint = "load_opportunity")]
pub async fn load_opportunity(id: i64) -> Result<OpportunityPage, AppError> {
    use crate::ssr::{Access, now, require};
    let me = require(Access::SignedIn).await?;
    Ok(services::opportunities::page(&me.db, &me, id, now()).await?)
}

/// Staff and an employer partner's people post an opportunity; then its page opens.
#[server(endpoint = "post_opportunity")]
pub async fn post_opportunity(
    title: String,
    kind: Option<String>,
    description: String,
    region: Option<String>,
    online: Option<String>,
    min_age: String,
    max_age: String,
    closes_on: String,
    link: Option<String>,
    goals: Option<Vec<String>>,
) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, form, now, require};
    let me = require(Access::SignedIn).await?;
    let input =
        PostOpportunity { title, kind, description, region, online, min_age, max_age, closes_on, link, goals }.input();
    let posted = services::opportunities::post(&me.db, &me, &input, now()).await;
    if let Ok(id) = posted {
        leptos_axum::redirect(&format!("/opportunities/{id}?posted=1"));
    }
    form(posted)
}

/// A young person: `what` is save, unsave, interested, not_interested, taken_up or
/// not_taken_up; `share` (an adult's interest) lets the poster see who they are.
#[server(endpoint = "respond_opportunity")]
pub async fn respond_opportunity(id: i64, what: String, share: Option<String>) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, form, now, require};
    use services::opportunities::Response;
    let me = require(Access::SignedIn).await?;
    let what = match what.as_str() {
        "save" => Response::Save(true),
        "unsave" => Response::Save(false),
        "interested" => Response::Interested { share: share.is_some() },
        "not_interested" => Response::NotInterested,
        "taken_up" => Response::TakenUp(true),
        "not_taken_up" => Response::TakenUp(false),
        _ => return Err(AppError::NotFound),
    };
    form(services::opportunities::respond(&me.db, &me, id, what, now()).await)
}

/// A mentor recommends an opportunity to their mentee.
#[server(endpoint = "recommend_opportunity")]
pub async fn recommend_opportunity(id: i64, note: Option<String>) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, MENTORS, form, now, require};
    let me = require(Access::Roles(MENTORS)).await?;
    let note = note.unwrap_or_default();
    form(services::opportunities::recommend(&me.db, &me, id, &note, now()).await)
}

/// A coordinator (an under-18's), or the poster, their lead or staff (an adult who shared
/// their details) mark a young person's interest as taken up, or not.
#[server(endpoint = "mark_opportunity_taken_up")]
pub async fn mark_opportunity_taken_up(id: i64, young_person_id: i64, taken: bool) -> Result<(), AppError> {
    use crate::ssr::{Access, now, require};
    let me = require(Access::SignedIn).await?;
    Ok(services::opportunities::mark_taken_up(&me.db, &me, id, young_person_id, taken, now()).await?)
}

/// Staff publish a partner's post, or decline it with a reason.
#[server(endpoint = "decide_opportunity")]
pub async fn decide_opportunity(id: i64, approve: bool, reason: Option<String>) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let reason = reason.unwrap_or_default();
    form(services::opportunities::decide(&me.db, &me, id, approve, &reason, now()).await)
}

/// The poster, their lead or staff take an opportunity down.
#[server(endpoint = "withdraw_opportunity")]
pub async fn withdraw_opportunity(id: i64) -> Result<(), AppError> {
    use crate::ssr::{Access, require};
    let me = require(Access::SignedIn).await?;
    Ok(services::opportunities::withdraw(&me.db, &me, id).await?)
}

/// Staff: posts waiting, take-up per partner and overall, partners' under-18 approval.
#[server(endpoint = "load_opportunity_admin")]
pub async fn load_opportunity_admin() -> Result<OpportunityAdmin, AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::opportunities::admin(&me.db, &me, now()).await?)
}

/// Staff approve an employer partner to offer opportunities to under-18s, or take it back.
#[server(endpoint = "set_partner_under_18")]
pub async fn set_partner_under_18(partner_id: i64, allowed: bool) -> Result<(), AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::opportunities::set_under_18(&me.db, &me, partner_id, allowed).await?)
}
