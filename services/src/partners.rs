//! Partner organisations: schools and youth partners (with join codes) and employers.

use crate::ServiceError;
use crate::entities::partner_organisation;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerKind {
    School,
    YouthPartner,
    Employer,
}

impl PartnerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerKind::School => "school",
            PartnerKind::YouthPartner => "youth_partner",
            PartnerKind::Employer => "employer",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [PartnerKind::School, PartnerKind::YouthPartner, PartnerKind::Employer].into_iter().find(|k| k.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            PartnerKind::School => "School",
            PartnerKind::YouthPartner => "Youth partner",
            PartnerKind::Employer => "Employer",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    pub id: i64,
    pub name: String,
    pub kind: PartnerKind,
    pub join_code: Option<String>,
}

fn from_model(m: partner_organisation::Model) -> Partner {
    Partner {
        id: m.id,
        name: m.name,
        kind: PartnerKind::parse(&m.kind).unwrap_or(PartnerKind::YouthPartner),
        join_code: m.join_code,
    }
}

pub async fn create(
    db: &impl ConnectionTrait,
    name: &str,
    kind: PartnerKind,
    join_code: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Partner, ServiceError> {
    let m = partner_organisation::ActiveModel {
        name: Set(name.into()),
        kind: Set(kind.as_str().into()),
        join_code: Set(join_code.map(str::to_owned)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| crate::error::unique_to_field(e, "join_code", "That join code is already used by another partner"))?;
    Ok(from_model(m))
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<Partner>, ServiceError> {
    Ok(partner_organisation::Entity::find()
        .order_by_asc(partner_organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(from_model)
        .collect())
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Partner, ServiceError> {
    partner_organisation::Entity::find_by_id(id).one(db).await?.map(from_model).ok_or(ServiceError::NotFound)
}

/// The school or youth partner a join code belongs to (codes are compared without case).
pub async fn find_by_join_code(db: &impl ConnectionTrait, code: &str) -> Result<Option<Partner>, ServiceError> {
    let code = domain::application::normalise_join_code(code);
    if code.is_empty() {
        return Ok(None);
    }
    Ok(partner_organisation::Entity::find()
        .filter(partner_organisation::Column::JoinCode.eq(code))
        .one(db)
        .await?
        .map(from_model)
        .filter(|p| p.kind != PartnerKind::Employer))
}

/// Employer partners, for a mentor to link their profile to.
pub async fn employers(db: &impl ConnectionTrait) -> Result<Vec<Partner>, ServiceError> {
    Ok(list(db).await?.into_iter().filter(|p| p.kind == PartnerKind::Employer).collect())
}
