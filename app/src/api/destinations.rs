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
    use crate::ssr::{Access, YOUNG_PEOPLE, require, state};
    let me = require(Access::Roles(YOUNG_PEOPLE)).await?;
    Ok(services::destinations::form(&state()?.db, me.id, domain::destinations::Stage::End).await?)
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
    use crate::ssr::{Access, YOUNG_PEOPLE, form, now, require, state};
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
    form(services::destinations::save(&state()?.db, me.id, domain::destinations::Stage::End, &input, now()).await)
}

/// Whose follow-up this is: the link's token names the young person; without a token, the
/// signed-in young person's own (the in-app notice links to the page without one).
#[cfg(feature = "ssr")]
async fn follow_up_of(db: &services::DatabaseConnection, token: &str) -> Result<i64, AppError> {
    use crate::ssr::{Access, YOUNG_PEOPLE, authorize};
    if token.trim().is_empty() {
        let me = authorize(Access::Roles(YOUNG_PEOPLE)).await?.ok_or(AppError::NotFound)?;
        return services::destinations::pending_for(db, me.id).await.map_err(AppError::from);
    }
    authorize(Access::Public).await?;
    Ok(services::destinations::by_token(db, token).await?)
}

/// The six-month follow-up behind its one-click link.
#[server(endpoint = "follow_up_destination")]
pub async fn follow_up_destination(token: Option<String>) -> Result<DestinationForm, AppError> {
    use crate::ssr::state;
    let db = state()?.db;
    let who = follow_up_of(&db, &token.unwrap_or_default()).await?;
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
    use crate::ssr::{form, now, state};
    let db = state()?.db;
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
            let who = follow_up_of(&db, &token.unwrap_or_default()).await?;
            Ok(services::destinations::save(&db, who, domain::destinations::Stage::SixMonths, &input, now()).await?)
        }
        .await,
    )
}
