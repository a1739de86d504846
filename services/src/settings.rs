//! Programme settings staff may change. Each is a named value with who changed it and when;
//! a setting nobody has changed has its default from `domain`.

use crate::ServiceError;
use crate::entities::programme_setting;
use chrono::{DateTime, Utc};
use domain::programme::{ProgrammeSettings, parse_online_sessions_first};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

const ONLINE_SESSIONS_FIRST: &str = "online_sessions_first";

/// Sessions an adult pair hold online before they may meet in person.
pub async fn online_sessions_first(db: &impl ConnectionTrait) -> Result<u32, ServiceError> {
    let row = programme_setting::Entity::find_by_id(ONLINE_SESSIONS_FIRST).one(db).await?;
    Ok(online_sessions_first_of(row.as_ref()))
}

/// The value kept for the setting, or the default while nobody has changed it.
fn online_sessions_first_of(row: Option<&programme_setting::Model>) -> u32 {
    row.and_then(|r| r.value.parse::<u32>().ok()).unwrap_or(domain::mentoring::ONLINE_SESSIONS_FIRST)
}

/// The settings page. `video_service` is the configured video service, shown as it is.
pub async fn current(
    db: &impl ConnectionTrait,
    video_service: Option<&str>,
) -> Result<ProgrammeSettings, ServiceError> {
    let row = programme_setting::Entity::find_by_id(ONLINE_SESSIONS_FIRST).one(db).await?;
    let changed = match &row {
        Some(r) => {
            let by = match r.updated_by {
                Some(id) => crate::people::names(db, &[id]).await?.remove(&id),
                None => None,
            };
            let on = crate::people::day(domain::calendar::london_time(r.updated_at).date());
            Some(match by {
                Some(name) => format!("Changed by {name} on {on}"),
                None => format!("Changed on {on}"),
            })
        }
        None => None,
    };
    Ok(ProgrammeSettings {
        online_sessions_first: online_sessions_first_of(row.as_ref()),
        changed,
        video_service: video_service.map(str::to_owned),
    })
}

/// Staff set the online sessions an adult pair hold before meeting in person (0 to 12).
pub async fn set_online_sessions_first(
    db: &impl ConnectionTrait,
    staff_id: i64,
    value: &str,
    now: DateTime<Utc>,
) -> Result<u32, ServiceError> {
    let n = parse_online_sessions_first(value).map_err(ServiceError::Validation)?;
    programme_setting::Entity::insert(programme_setting::ActiveModel {
        name: Set(ONLINE_SESSIONS_FIRST.into()),
        value: Set(n.to_string()),
        updated_by: Set(Some(staff_id)),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(programme_setting::Column::Name)
            .update_columns([
                programme_setting::Column::Value,
                programme_setting::Column::UpdatedBy,
                programme_setting::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(n)
}
