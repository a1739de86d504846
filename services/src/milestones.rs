//! The two steps that can complete a mentor's path to the certificate: passing the last quiz
//! of the course and being marked present at the mentor workshop, in whichever order they
//! come. Each is its feature's own service (`training`, `workshops`) followed by the
//! certificate once both are done ([`certificates::issue_if_earned`], given the fact the step
//! just made and the other one read). These are the only
//! public ways to take the two steps, so no caller completes the path without its
//! certificate; and `certificates`, which reads both facts, sits below this module rather
//! than being called back by the two features.

use crate::{ServiceError, certificates, training, workshops};
use chrono::{DateTime, Utc};
use domain::training::view::QuizResult;
use domain::workshops::WorkshopKind;
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// Marks a quiz attempt (see `training::submit_quiz`). A pass that completes the course
/// issues the certificate when the mentor has also attended the workshop.
pub async fn submit_quiz(
    db: &impl ConnectionTrait,
    user_id: i64,
    module_id: i64,
    answers: &[(i64, i32)],
    now: DateTime<Utc>,
) -> Result<QuizResult, ServiceError> {
    let result = training::submit_quiz(db, user_id, module_id, answers, now).await?;
    // No next step after a pass: the course is complete. Only the mentor workshop leads to
    // the certificate, so a young person's finished course earns none.
    if result.passed && result.next.is_none() {
        let attended = workshops::attended(db, user_id, WorkshopKind::MentorWorkshop).await?;
        certificates::issue_if_earned(db, user_id, true, attended, now).await?;
    }
    Ok(result)
}

/// Staff record whether a person with a seat came (see `workshops::mark_attendance`).
/// Attending the mentor workshop issues the certificate when the course is complete.
pub async fn mark_attendance(
    db: &DatabaseConnection,
    workshop_id: i64,
    user_id: i64,
    attended: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let w = workshops::mark_attendance(db, workshop_id, user_id, attended, now).await?;
    if attended && workshops::kind_of(&w)? == WorkshopKind::MentorWorkshop {
        let trained = training::is_complete(db, user_id).await?;
        certificates::issue_if_earned(db, user_id, trained, true, now).await?;
    }
    Ok(())
}
