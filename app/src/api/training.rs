//! The online training courses (the mentor course, and the young people's short course):
//! progress is saved on the server per lesson; each person reads only their own course.

use crate::error::{AppError, Form};
use domain::training::view::{Course, Lesson, Quiz, QuizResult};
use leptos::prelude::*;

#[server(endpoint = "training_course")]
pub async fn training_course() -> Result<Course, AppError> {
    use crate::ssr::require_learner;
    let me = require_learner().await?;
    Ok(services::training::course(&me.db, me.id).await?)
}

#[server(endpoint = "training_lesson")]
pub async fn training_lesson(lesson_id: i64) -> Result<Lesson, AppError> {
    use crate::ssr::require_learner;
    let me = require_learner().await?;
    Ok(services::training::lesson(&me.db, me.id, lesson_id).await?)
}

/// Marks a lesson done and goes on to the next lesson or the module's quiz.
#[server(endpoint = "complete_lesson")]
pub async fn complete_lesson(lesson_id: i64) -> Result<(), AppError> {
    use crate::ssr::{now, require_learner};
    let me = require_learner().await?;
    let next = services::training::complete_lesson(&me.db, me.id, lesson_id, now()).await?;
    leptos_axum::redirect(&next.href());
    Ok(())
}

#[server(endpoint = "training_quiz")]
pub async fn training_quiz(module_id: i64) -> Result<Quiz, AppError> {
    use crate::ssr::require_learner;
    let me = require_learner().await?;
    Ok(services::training::quiz(&me.db, me.id, module_id).await?)
}

/// `answers` holds "question id:option index" for each question answered.
#[server(endpoint = "submit_quiz")]
pub async fn submit_quiz(module_id: i64, answers: Option<Vec<String>>) -> Result<Form<QuizResult>, AppError> {
    use crate::ssr::{form, now, require_learner};
    let me = require_learner().await?;
    let parsed: Vec<(i64, i32)> = answers
        .unwrap_or_default()
        .iter()
        .filter_map(|a| a.split_once(':'))
        .filter_map(|(q, o)| Some((q.parse().ok()?, o.parse().ok()?)))
        .collect();
    form(services::milestones::submit_quiz(&me.db, me.id, module_id, &parsed, now()).await)
}

/// Staff: the course content as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ModuleRow {
    pub id: i64,
    pub position: i32,
    pub title: String,
    pub summary: String,
    pub pass_mark: i32,
    pub published: bool,
    pub audience: domain::training::Audience,
    /// (lesson id, title, minutes)
    pub lessons: Vec<(i64, String, i32)>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LessonEdit {
    pub id: i64,
    pub module_title: String,
    pub title: String,
    pub body: String,
    pub video_url: String,
    pub image_path: String,
    pub image_alt: String,
    pub minutes: i32,
}

#[cfg(feature = "ssr")]
fn module_row(m: services::training::ModuleAdmin) -> ModuleRow {
    ModuleRow {
        id: m.module.id,
        position: m.module.position,
        title: m.module.title,
        summary: m.module.summary,
        pass_mark: m.module.pass_mark,
        published: m.module.published,
        audience: domain::training::Audience::parse(&m.module.audience).unwrap_or(domain::training::Audience::Mentors),
        lessons: m.lessons.into_iter().map(|l| (l.id, l.title, l.minutes)).collect(),
    }
}

#[server(endpoint = "admin_training_modules")]
pub async fn admin_training_modules() -> Result<Vec<ModuleRow>, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::training::admin_modules(&me.db).await?.into_iter().map(module_row).collect())
}

#[server(endpoint = "admin_update_module")]
pub async fn admin_update_module(
    module_id: i64,
    title: String,
    summary: String,
    pass_mark: String,
    published: Option<String>,
) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, STAFF, form, require};
    let me = require(Access::Roles(STAFF)).await?;
    let db = &me.db;
    form(
        services::training::update_module(db, module_id, &title, &summary, &pass_mark, published.is_some())
            .await
            .map(|_| format!("Saved \u{201c}{}\u{201d}.", title.trim())),
    )
}

#[server(endpoint = "admin_training_lesson")]
pub async fn admin_training_lesson(lesson_id: i64) -> Result<LessonEdit, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    let db = &me.db;
    let l = services::training::admin_lesson(db, lesson_id).await?;
    let m = services::training::admin_module(db, l.module_id).await?;
    Ok(LessonEdit {
        id: l.id,
        module_title: m.title,
        title: l.title,
        body: l.body,
        video_url: l.video_url.unwrap_or_default(),
        image_path: l.image_path.unwrap_or_default(),
        image_alt: l.image_alt.unwrap_or_default(),
        minutes: l.minutes,
    })
}

#[server(endpoint = "admin_update_lesson")]
pub async fn admin_update_lesson(
    lesson_id: i64,
    title: String,
    body: String,
    video_url: String,
    image_path: Option<String>,
    image_alt: Option<String>,
    minutes: String,
) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, STAFF, form, require};
    let me = require(Access::Roles(STAFF)).await?;
    let db = &me.db;
    form(
        services::training::update_lesson(
            db,
            lesson_id,
            &title,
            &body,
            &video_url,
            (image_path.as_deref().unwrap_or(""), image_alt.as_deref().unwrap_or("")),
            &minutes,
        )
        .await
        .map(|_| format!("Saved \u{201c}{}\u{201d}. Mentors see the change straight away.", title.trim())),
    )
}
