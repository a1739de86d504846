//! Mentor profiles, saved answer by answer so nothing typed is lost.

use crate::ServiceError;
use crate::entities::mentor_profile;
use chrono::{DateTime, Utc};
use domain::profiles::{Profile, check_field};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

fn to_profile(m: mentor_profile::Model) -> Profile {
    Profile {
        job_title: m.job_title,
        sector: m.sector,
        employer: m.employer,
        skills: m.skills,
        region: m.region,
        postcode_area: m.postcode_area,
        languages: m.languages,
        format: m.format,
        availability: m.availability,
        max_age_group: m.max_age_group,
        bio: m.bio,
    }
}

async fn row(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<mentor_profile::Model>, ServiceError> {
    Ok(mentor_profile::Entity::find().filter(mentor_profile::Column::UserId.eq(user_id)).one(db).await?)
}

/// The mentor's profile (empty if they have not started it).
pub async fn get(db: &impl ConnectionTrait, user_id: i64) -> Result<Profile, ServiceError> {
    Ok(row(db, user_id).await?.map(to_profile).unwrap_or_default())
}

/// Stores the profile, updating the row `existing` if the mentor already has one.
async fn write(
    db: &impl ConnectionTrait,
    user_id: i64,
    existing: Option<i64>,
    p: &Profile,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut am = mentor_profile::ActiveModel {
        user_id: Set(user_id),
        job_title: Set(p.job_title.clone()),
        sector: Set(p.sector.clone()),
        employer: Set(p.employer.clone()),
        skills: Set(p.skills.clone()),
        region: Set(p.region.clone()),
        postcode_area: Set(p.postcode_area.clone()),
        languages: Set(p.languages.clone()),
        format: Set(p.format.clone()),
        availability: Set(p.availability.clone()),
        max_age_group: Set(p.max_age_group.clone()),
        bio: Set(p.bio.clone()),
        updated_at: Set(now),
        ..Default::default()
    };
    match existing {
        Some(id) => {
            am.id = Set(id);
            am.update(db).await?;
        }
        None => {
            am.insert(db).await?;
        }
    }
    Ok(())
}

/// Saves one answer (autosave). Returns the whole profile as now stored.
pub async fn save_field(
    db: &impl ConnectionTrait,
    user_id: i64,
    field: &str,
    value: &str,
    now: DateTime<Utc>,
) -> Result<Profile, ServiceError> {
    let clean = check_field(field, value).map_err(|m| ServiceError::field(field, m))?;
    let stored = row(db, user_id).await?;
    let existing = stored.as_ref().map(|r| r.id);
    let mut p = stored.map(to_profile).unwrap_or_default();
    p.set(field, clean);
    write(db, user_id, existing, &p, now).await?;
    Ok(p)
}

/// Saves every answer at once (the form's Save button, and browsers without JavaScript).
pub async fn save_all(
    db: &impl ConnectionTrait,
    user_id: i64,
    p: &Profile,
    now: DateTime<Utc>,
) -> Result<Profile, ServiceError> {
    let clean = p.validated().map_err(ServiceError::Validation)?;
    let existing = row(db, user_id).await?.map(|r| r.id);
    write(db, user_id, existing, &clean, now).await?;
    Ok(clean)
}

/// Links a mentor to their employer when it is a Tandem employer partner (or unlinks with
/// None), so the employer's lead sees them in their cohort.
pub async fn set_employer_partner(
    db: &impl ConnectionTrait,
    user_id: i64,
    partner_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use crate::entities::user;
    if let Some(pid) = partner_id {
        let p = crate::partners::find(db, pid)
            .await
            .map_err(|_| ServiceError::field("employer_partner", "Choose an employer from the list"))?;
        if p.kind != crate::partners::PartnerKind::Employer {
            return Err(ServiceError::field("employer_partner", "Choose an employer from the list"));
        }
    }
    let u = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    if u.role != domain::Role::Mentor.as_str() {
        return Err(ServiceError::Forbidden);
    }
    user::ActiveModel { id: Set(u.id), partner_id: Set(partner_id), updated_at: Set(now), ..Default::default() }
        .update(db)
        .await?;
    Ok(())
}
