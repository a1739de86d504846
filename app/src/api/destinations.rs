//! Where young people go next: the section beside the end evaluation (signed in), and the
//! six-month follow-up reached by the emailed one-click link (no sign-in: the link's token
//! names the young person, once). The service decides when each opens.

#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, Form};
use domain::destinations::DestinationForm;
use leptos::prelude::*;

/// The signed-in young person's end-of-mentoring section.
#[server(endpoint = "my_destination")]
pub async fn my_destination() -> Result<DestinationForm, AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, require};
    let me = require(Access::Roles(YOUNG_PEOPLE)).await?;
    Ok(services::destinations::form(&me.db, me.id, domain::destinations::Stage::End).await?)
}

#[server(endpoint = "save_destination")]
pub async fn save_destination(
    activity: Option<String>,
    college: Option<String>,
    apprenticeship: Option<String>,
    job: Option<String>,
    scholarship: Option<String>,
    attendance: Option<String>,
    grades: Option<String>,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, form, now, require};
    let me = require(Access::Roles(YOUNG_PEOPLE)).await?;
    let input = domain::destinations::DestinationInput {
        activity,
        college,
        apprenticeship,
        job,
        scholarship,
        attendance,
        grades,
    };
    form(services::destinations::save(&me.db, me.id, domain::destinations::Stage::End, &input, now()).await)
}

/// Whose follow-up this is: the link's token names the young person; without a token, the
/// signed-in young person's own (the in-app notice links to the page without one).
#[cfg(feature = "ssr")]
async fn follow_up_of(token: &str) -> Result<(services::DatabaseConnection, i64), AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, authorize, require};
    if token.trim().is_empty() {
        let me = require(Access::Roles(YOUNG_PEOPLE)).await?;
        let who = services::destinations::pending_for(&me.db, me.id).await?;
        return Ok((me.db.clone(), who));
    }
    let visit = authorize(Access::Public).await?;
    let who = services::destinations::by_token(&visit.db, token).await?;
    Ok((visit.db, who))
}

/// The six-month follow-up behind its one-click link.
#[server(endpoint = "follow_up_destination")]
pub async fn follow_up_destination(token: Option<String>) -> Result<DestinationForm, AppError> {
    let (db, who) = follow_up_of(&token.unwrap_or_default()).await?;
    Ok(services::destinations::form(&db, who, domain::destinations::Stage::SixMonths).await?)
}

#[server(endpoint = "save_follow_up_destination")]
pub async fn save_follow_up_destination(
    token: Option<String>,
    activity: Option<String>,
    college: Option<String>,
    apprenticeship: Option<String>,
    job: Option<String>,
    scholarship: Option<String>,
    attendance: Option<String>,
    grades: Option<String>,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{form, now};
    let input = domain::destinations::DestinationInput {
        activity,
        college,
        apprenticeship,
        job,
        scholarship,
        attendance,
        grades,
    };
    form::<_, AppError>(
        async {
            let (db, who) = follow_up_of(&token.unwrap_or_default()).await?;
            Ok(services::destinations::save(&db, who, domain::destinations::Stage::SixMonths, &input, now()).await?)
        }
        .await,
    )
}
