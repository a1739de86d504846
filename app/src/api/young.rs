//! The young person's application, pre-evaluation and their coordinator's confirmation.
// `submit_application` takes one argument per form field (that is how a plain HTML form
// posts to it); the #[server] macro also generates a browser-side function with them.
#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, Form};
use domain::application::{CohortRow, YpStatus};
use domain::evaluation::EvaluationView;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "my_application")]
pub async fn my_application() -> Result<YpStatus, AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, now, require};
    let me = require(Access::Roles(YOUNG_PEOPLE)).await?;
    Ok(services::applications::status(&me.db, me.id, now()).await?)
}

#[server(endpoint = "submit_application")]
pub async fn submit_application(
    goals: Option<Vec<String>>,
    interests: Option<Vec<String>>,
    region: Option<String>,
    format: Option<String>,
    availability: Option<Vec<String>>,
    accessibility: String,
    languages: Option<Vec<String>>,
    join_code: Option<String>,
) -> Result<Form<YpStatus>, AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, form, now, require};
    let me = require(Access::Roles(YOUNG_PEOPLE)).await?;
    let join = |v: Option<Vec<String>>| v.unwrap_or_default().join(", ");
    let input = domain::application::Application {
        goals: join(goals),
        interests: join(interests),
        region: region.unwrap_or_default(),
        format: format.unwrap_or_default(),
        availability: join(availability),
        accessibility,
        languages: join(languages),
        join_code: join_code.unwrap_or_default(),
    };
    form(services::applications::submit(&me.db, me.id, &input, now()).await)
}

#[server(endpoint = "my_pre_evaluation")]
pub async fn my_pre_evaluation() -> Result<EvaluationView, AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, require};
    use domain::evaluation::EvaluationKind;
    let me = require(Access::Roles(YOUNG_PEOPLE)).await?;
    Ok(services::evaluations::get(&me.db, me.id, EvaluationKind::Pre).await?.for_respondent())
}

/// The end-of-mentoring evaluation (the same statements as before): `None` until the
/// young person's mentoring has ended (or reached its ninth month).
#[server(endpoint = "my_end_evaluation")]
pub async fn my_end_evaluation() -> Result<Option<EvaluationView>, AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, now, require};
    use domain::evaluation::EvaluationKind;
    let me = require(Access::Roles(YOUNG_PEOPLE)).await?;
    let db = &me.db;
    if !services::relationships::end_evaluation_open(db, me.id, now()).await? {
        return Ok(None);
    }
    Ok(Some(services::evaluations::get(db, me.id, EvaluationKind::End).await?.for_respondent()))
}

/// Which evaluation a form is for: the pre-evaluation unless it says `end` (which the
/// evaluation service refuses until the person's mentoring has ended).
#[cfg(feature = "ssr")]
fn evaluation_kind(kind: Option<String>) -> domain::evaluation::EvaluationKind {
    use domain::evaluation::EvaluationKind;
    if kind.as_deref() == Some("end") { EvaluationKind::End } else { EvaluationKind::Pre }
}

/// Autosave of one answer as it is chosen.
#[server(endpoint = "save_evaluation_answer")]
pub async fn save_evaluation_answer(item: String, value: i32, kind: Option<String>) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, form, now, require};
    let me = require(Access::Roles(YOUNG_PEOPLE)).await?;
    let db = &me.db;
    let kind = evaluation_kind(kind);
    form(services::evaluations::save_answer(db, me.id, kind, &item, value, now()).await)
}

/// The whole questionnaire (the Send button, and browsers without JavaScript): answers
/// arrive as `answers[item]=value`.
#[server(endpoint = "submit_pre_evaluation")]
pub async fn submit_pre_evaluation(
    answers: Option<BTreeMap<String, String>>,
    kind: Option<String>,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, form, now, require};
    let me = require(Access::Roles(YOUNG_PEOPLE)).await?;
    let db = &me.db;
    let kind = evaluation_kind(kind);
    let mut parsed = Vec::new();
    let mut bad = domain::FieldErrors::new();
    for (k, v) in answers.unwrap_or_default() {
        match v.trim().parse::<i32>() {
            Ok(n) => parsed.push((k, n)),
            Err(_) => bad.add(&k, "Choose an answer from the scale"),
        }
    }
    if !bad.is_empty() {
        return form(Err(AppError::Validation(bad)));
    }
    form(services::evaluations::submit(db, me.id, kind, &parsed, now()).await)
}

/// The coordinator's own young people and where each stands.
#[server(endpoint = "my_cohort")]
pub async fn my_cohort(after: Option<i64>) -> Result<Vec<CohortRow>, AppError> {
    use crate::ssr::{Access, COORDINATORS, now, require};
    let me = require(Access::Roles(COORDINATORS)).await?;
    let partner = me.partner_id.ok_or(AppError::Forbidden)?;
    Ok(services::applications::cohort(&me.db, partner, after, COHORT_PAGE, now()).await?)
}

/// Young people per page on a coordinator's list.
pub const COHORT_PAGE: u64 = 50;

/// The coordinator lifts their join code's hourly sign-up limit (a class larger than it,
/// joining in one lesson).
#[server(endpoint = "lift_join_code_limit")]
pub async fn lift_join_code_limit() -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, COORDINATORS, form, now, require};
    let me = require(Access::Roles(COORDINATORS)).await?;
    let partner_id = me.partner_id.ok_or(AppError::Forbidden)?;
    form(
        services::partners::lift_join_code_limit(&me.db, me.id, partner_id, now())
            .await
            .map(|_| "The limit is lifted: your young people can join with the code again.".to_string()),
    )
}

#[server(endpoint = "confirm_young_person")]
pub async fn confirm_young_person(user_id: i64) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, COORDINATORS, form, now, require};
    let me = require(Access::Roles(COORDINATORS)).await?;
    form(services::applications::confirm(&me.db, me.id, me.partner_id, user_id, now()).await)
}
