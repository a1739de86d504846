//! "How is it going?" after a pair's third confirmed session: each side's private answer,
//! and a request for advice from the team about the match. The service decides, from the
//! match itself, who may answer.

use crate::error::{AppError, Form};
use leptos::prelude::*;

/// "How is it going?" after the third session: the participant's private answer.
#[server(endpoint = "answer_how_going")]
pub async fn answer_how_going(
    match_id: i64,
    answer: Option<String>,
    comment: String,
) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    let input = domain::how_going::HowGoingInput { answer, comment };
    form(
        services::how_going::answer(&me.db, (&me.account).into(), match_id, &input, now())
            .await
            .map(|a| a.as_str().to_owned()),
    )
}

/// A participant who said it is not working asks the team for advice about the match.
#[server(endpoint = "ask_team_about_match")]
pub async fn ask_team_about_match(match_id: i64, message: String) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    form(services::how_going::ask_team(&me.db, (&me.account).into(), match_id, &message, now()).await)
}
