//! Equality monitoring: a young person's or mentor's own voluntary answers, and the staff
//! report of whom the programme reaches. No other server function returns the answers.
// Server functions take one argument per form field.
#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, Form};
use domain::equality::{EqualityAnswers, EqualityReport};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

// What the form sent, question by question, as the browser and the server both check it.
impl SaveEquality {
    pub fn sent(&self) -> [(&'static str, Option<String>); 8] {
        [
            ("ethnic_group", self.ethnic_group.clone()),
            ("sex", self.sex.clone()),
            ("gender_same", self.gender_same.clone()),
            ("disability", self.disability.clone()),
            ("free_school_meals", self.free_school_meals.clone()),
            ("first_in_family", self.first_in_family.clone()),
            ("employment", self.employment.clone()),
            ("work_sector", self.work_sector.clone()),
        ]
    }
}

/// The person's own answers, and whether they are asked as a young person or a mentor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnAnswers {
    pub young_person: bool,
    pub answers: EqualityAnswers,
}

#[server(endpoint = "my_equality")]
pub async fn my_equality() -> Result<OwnAnswers, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    let answers = services::equality::mine(&me.db, me.id).await?;
    Ok(OwnAnswers { young_person: me.role == domain::Role::YoungPerson, answers })
}

/// Saves the person's answers; an empty choice is unanswered.
#[server(endpoint = "save_equality")]
pub async fn save_equality(
    ethnic_group: Option<String>,
    sex: Option<String>,
    gender_same: Option<String>,
    disability: Option<String>,
    free_school_meals: Option<String>,
    first_in_family: Option<String>,
    employment: Option<String>,
    work_sector: Option<String>,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, back_saying, form, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    let sent = SaveEquality {
        ethnic_group,
        sex,
        gender_same,
        disability,
        free_school_meals,
        first_in_family,
        employment,
        work_sector,
    }
    .sent();
    let saved = services::equality::save(&me.db, &me, &sent, now()).await.map_err(AppError::from).map(|_| ());
    if saved.is_ok() {
        // Without JavaScript: back to the application or profile, saying so.
        back_saying("equality=saved", "equality-h");
    }
    form(saved)
}

/// Staff: whom the programme reaches and how it works for each group, in counts of 5 or more.
#[server(endpoint = "equality_report")]
pub async fn load_reach() -> Result<EqualityReport, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::equality::report(&me.db).await?)
}
