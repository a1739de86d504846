//! The young person's application and their Mentoring Coordinator's side of it: the
//! cohort, confirming a young person, lifting the join code's hourly limit.
// `submit_application` takes one argument per form field (that is how a plain HTML form
// posts to it); the #[server] macro also generates a browser-side function with them.
#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, Form};
use domain::applications::{CohortRow, YpStatus};
use leptos::prelude::*;

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
    let input = domain::applications::Application {
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

/// The coordinator's own young people and where each stands.
#[server(endpoint = "my_cohort")]
pub async fn my_cohort(after: Option<i64>) -> Result<Vec<CohortRow>, AppError> {
    use crate::ssr::{Access, COORDINATORS, now, require};
    let me = require(Access::Roles(COORDINATORS)).await?;
    let partner = me.partner_id.ok_or(AppError::Forbidden)?;
    Ok(services::applications::cohort(&me.db, partner, after, COHORT_PAGE, now()).await?)
}

pub use domain::applications::COHORT_PAGE;

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
