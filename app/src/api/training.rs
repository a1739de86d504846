//! The mentors' online training course: progress is saved on the server per lesson.

use crate::error::{AppError, Form};
use domain::training::view::{Course, Lesson, Quiz, QuizResult};
use leptos::prelude::*;

#[server(endpoint = "training_course")]
pub async fn training_course() -> Result<Course, AppError> {
    use crate::ssr::{Access, MENTORS, fail, require, state};
    let me = require(Access::Roles(MENTORS)).await?;
    services::training::course(&state()?.db, me.id).await.map_err(fail)
}

#[server(endpoint = "training_lesson")]
pub async fn training_lesson(lesson_id: i64) -> Result<Lesson, AppError> {
    use crate::ssr::{Access, MENTORS, fail, require, state};
    let me = require(Access::Roles(MENTORS)).await?;
    services::training::lesson(&state()?.db, me.id, lesson_id).await.map_err(fail)
}

/// Marks a lesson done and goes on to the next lesson or the module's quiz.
#[server(endpoint = "complete_lesson")]
pub async fn complete_lesson(lesson_id: i64) -> Result<(), AppError> {
    use crate::ssr::{Access, MENTORS, fail, now, require, state};
    let me = require(Access::Roles(MENTORS)).await?;
    let next = services::training::complete_lesson(&state()?.db, me.id, lesson_id, now()).await.map_err(fail)?;
    leptos_axum::redirect(&next.href());
    Ok(())
}

#[server(endpoint = "training_quiz")]
pub async fn training_quiz(module_id: i64) -> Result<Quiz, AppError> {
    use crate::ssr::{Access, MENTORS, fail, require, state};
    let me = require(Access::Roles(MENTORS)).await?;
    services::training::quiz(&state()?.db, me.id, module_id).await.map_err(fail)
}

/// `answers` holds "question id:option index" for each question answered.
#[server(endpoint = "submit_quiz")]
pub async fn submit_quiz(module_id: i64, answers: Option<Vec<String>>) -> Result<Form<QuizResult>, AppError> {
    use crate::ssr::{Access, MENTORS, fail, form, now, require, state};
    let me = require(Access::Roles(MENTORS)).await?;
    let parsed: Vec<(i64, i32)> = answers
        .unwrap_or_default()
        .iter()
        .filter_map(|a| a.split_once(':'))
        .filter_map(|(q, o)| Some((q.parse().ok()?, o.parse().ok()?)))
        .collect();
    form(services::training::submit_quiz(&state()?.db, me.id, module_id, &parsed, now()).await.map_err(fail))
}
