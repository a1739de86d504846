//! The mentor profile, saved as the mentor goes.
// `save_profile` takes one argument per form field (that is how a plain HTML form posts to
// it); the #[server] macro also generates a browser-side function with the same arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, Form};
use domain::profiles::Profile;
use leptos::prelude::*;

#[server(endpoint = "my_profile")]
pub async fn my_profile() -> Result<Profile, AppError> {
    use crate::ssr::require_active_mentor;
    let me = require_active_mentor().await?;
    Ok(services::profiles::get(&me.db, me.id).await?)
}

/// One answer saved, and the profile as now stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedAnswer {
    pub field: String,
    pub profile: Profile,
}

/// Autosave of one answer.
#[server(endpoint = "save_profile_field")]
pub async fn save_profile_field(field: String, value: String) -> Result<Form<SavedAnswer>, AppError> {
    use crate::ssr::{form, now, require_active_mentor};
    let me = require_active_mentor().await?;
    let saved = services::profiles::save_field(&me.db, me.id, &field, &value, now()).await.map_err(AppError::from);
    form(saved.map(|profile| SavedAnswer { field, profile }))
}

/// The whole form at once. Lists arrive as repeated checkbox values.
#[server(endpoint = "save_profile")]
pub async fn save_profile(
    job_title: String,
    sector: Option<String>,
    employer: String,
    skills: Option<Vec<String>>,
    region: Option<String>,
    postcode_area: String,
    languages: Option<Vec<String>>,
    format: Option<String>,
    availability: Option<Vec<String>>,
    max_age_group: Option<String>,
    bio: String,
) -> Result<Form<Profile>, AppError> {
    use crate::ssr::{form, now, require_active_mentor};
    let me = require_active_mentor().await?;
    let join = |v: Option<Vec<String>>| v.unwrap_or_default().join(", ");
    let p = Profile {
        job_title,
        sector: sector.unwrap_or_default(),
        employer,
        skills: join(skills),
        region: region.unwrap_or_default(),
        postcode_area,
        languages: join(languages),
        format: format.unwrap_or_default(),
        availability: join(availability),
        max_age_group: max_age_group.unwrap_or_default(),
        bio,
    };
    form(services::profiles::save_all(&me.db, me.id, &p, now()).await)
}

/// Employer partners a mentor can link to, and the one they are linked to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EmployerChoice {
    pub options: Vec<(i64, String)>,
    pub current: Option<i64>,
}

#[server(endpoint = "employer_partners")]
pub async fn employer_partners() -> Result<EmployerChoice, AppError> {
    use crate::ssr::require_active_mentor;
    let me = require_active_mentor().await?;
    let list = services::partners::employers(&me.db).await?;
    let current = me.partner_id.filter(|id| list.iter().any(|p| p.id == *id));
    Ok(EmployerChoice { options: list.into_iter().map(|p| (p.id, p.name)).collect(), current })
}

/// Links (or unlinks, with an empty value) the mentor's employer partner.
#[server(endpoint = "set_employer_partner")]
pub async fn set_employer_partner(employer_partner: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{form, now, require_active_mentor};
    let me = require_active_mentor().await?;
    let id = match employer_partner.trim() {
        "" => None,
        v => match v.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                return form(Err(AppError::Validation(domain::FieldErrors::single(
                    "employer_partner",
                    "Choose an employer from the list",
                ))));
            }
        },
    };
    form(services::profiles::set_employer_partner(&me.db, me.id, id, now()).await)
}
