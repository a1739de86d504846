//! The young person's evaluations: the pre-evaluation before matching and the end one
//! after mentoring, answered one statement at a time (autosaved) or sent whole.

use crate::error::{AppError, Form};
use domain::evaluations::EvaluationView;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server(endpoint = "my_pre_evaluation")]
pub async fn my_pre_evaluation() -> Result<EvaluationView, AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, require};
    use domain::evaluations::EvaluationKind;
    let me = require(Access::Roles(YOUNG_PEOPLE)).await?;
    Ok(services::evaluations::get(&me.db, me.id, EvaluationKind::Pre).await?.for_respondent())
}

/// The end-of-mentoring evaluation (the same statements as before): `None` until the
/// young person's mentoring has ended (or reached its ninth month).
#[server(endpoint = "my_end_evaluation")]
pub async fn my_end_evaluation() -> Result<Option<EvaluationView>, AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, now, require};
    use domain::evaluations::EvaluationKind;
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
fn evaluation_kind(kind: Option<String>) -> domain::evaluations::EvaluationKind {
    use domain::evaluations::EvaluationKind;
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
