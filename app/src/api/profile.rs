//! The mentor profile, saved as the mentor goes.
// `save_profile` takes one argument per form field (that is how a plain HTML form posts to
// it); the #[server] macro also generates a browser-side function with the same arguments.
#![allow(clippy::too_many_arguments)]

use crate::error::{AppError, Form};
use domain::profile::Profile;
use leptos::prelude::*;

#[server(endpoint = "my_profile")]
pub async fn my_profile() -> Result<Profile, AppError> {
    use crate::ssr::{fail, require_active_mentor, state};
    let me = require_active_mentor().await?;
    services::profiles::get(&state()?.db, me.id).await.map_err(fail)
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
    use crate::ssr::{fail, form, now, require_active_mentor, state};
    let me = require_active_mentor().await?;
    let saved = services::profiles::save_field(&state()?.db, me.id, &field, &value, now()).await.map_err(fail);
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
    use crate::ssr::{fail, form, now, require_active_mentor, state};
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
    form(services::profiles::save_all(&state()?.db, me.id, &p, now()).await.map_err(fail))
}
