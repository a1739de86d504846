//! Partner organisations: schools, youth partners and community groups (with join codes, for
//! their young people) and employers.

use crate::ServiceError;
use crate::entities::partner_organisation;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerKind {
    School,
    YouthPartner,
    /// A community group (a faith group, a tenants' association, a sports club): like a youth
    /// partner, it has young people, a join code and coordinators.
    CommunityGroup,
    Employer,
}

impl PartnerKind {
    pub const ALL: [PartnerKind; 4] =
        [PartnerKind::School, PartnerKind::YouthPartner, PartnerKind::CommunityGroup, PartnerKind::Employer];

    pub fn as_str(self) -> &'static str {
        match self {
            PartnerKind::School => "school",
            PartnerKind::YouthPartner => "youth_partner",
            PartnerKind::CommunityGroup => "community_group",
            PartnerKind::Employer => "employer",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            PartnerKind::School => "School",
            PartnerKind::YouthPartner => "Youth partner",
            PartnerKind::CommunityGroup => "Community group",
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
    /// The coordinator to whom concerns about its young people go (schools and youth partners).
    pub safeguarding_contact_id: Option<i64>,
}

fn from_model(m: partner_organisation::Model) -> Partner {
    Partner {
        id: m.id,
        name: m.name,
        kind: PartnerKind::parse(&m.kind).unwrap_or(PartnerKind::YouthPartner),
        join_code: m.join_code,
        safeguarding_contact_id: m.safeguarding_contact_id,
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
    let code = domain::applications::normalise_join_code(code);
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

/// How much of the hourly sign-up allowance an institution's join code has used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JoinCodeUse {
    pub last_hour: u64,
    pub limit: u64,
}

/// Sign-ups in the last hour with the institution's join code (`None` without a code).
pub async fn join_code_use(
    db: &impl ConnectionTrait,
    partner: &Partner,
    policy: crate::throttle::ThrottlePolicy,
    now: DateTime<Utc>,
) -> Result<Option<JoinCodeUse>, ServiceError> {
    use crate::throttle::{scope, used_last_hour};
    let Some(code) = partner.join_code.as_deref() else { return Ok(None) };
    let by_code = used_last_hour(db, scope::REGISTER_CODE, code, now).await?;
    let by_institution = used_last_hour(db, scope::REGISTER_INSTITUTION, &partner.id.to_string(), now).await?;
    Ok(Some(JoinCodeUse { last_hour: by_code.max(by_institution), limit: policy.registrations_per_code_hour }))
}

/// The institution's coordinator lifts its join code's limit: the hour's count starts again
/// (a class larger than the allowance, signing up in one lesson). Recorded in the audit log.
pub async fn lift_join_code_limit(
    db: &sea_orm::DatabaseConnection,
    coordinator: i64,
    partner_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    use crate::throttle::{lift, scope};
    let p = find(db, partner_id).await?;
    let Some(code) = p.join_code.as_deref() else { return Err(ServiceError::NotFound) };
    let lifted = lift(db, scope::REGISTER_CODE, code).await?;
    lift(db, scope::REGISTER_INSTITUTION, &p.id.to_string()).await?;
    crate::audit::record(
        db,
        crate::audit::Event::new("join_code.lifted", Some(coordinator), format!("Join code {code}"))
            .detail(format!("{lifted} sign-ups in the hour")),
        now,
    )
    .await?;
    Ok(lifted)
}

/// Whether `u` can be (or still be) `partner_id`'s safeguarding contact: one of its own
/// coordinators, with access.
pub fn can_be_safeguarding_contact(u: &crate::entities::user::Model, partner_id: i64) -> bool {
    !u.disabled && u.role == domain::Role::Coordinator.as_str() && u.partner_id == Some(partner_id)
}

/// Each partner's coordinators (id, name), by partner: whom a partner may name as its
/// safeguarding contact.
pub async fn coordinators(db: &impl ConnectionTrait) -> Result<HashMap<i64, Vec<(i64, String)>>, ServiceError> {
    use crate::entities::user;
    let mut out: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for u in user::Entity::find()
        .filter(user::Column::Role.eq(domain::Role::Coordinator.as_str()))
        .filter(user::Column::Disabled.eq(false))
        .filter(user::Column::PartnerId.is_not_null())
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
    {
        if let Some(p) = u.partner_id {
            out.entry(p).or_default().push((u.id, u.name));
        }
    }
    Ok(out)
}

/// The programme's safeguarding team (or staff) names a school's or youth partner's
/// safeguarding contact: one of its own coordinators, or nobody (its young people's concerns
/// then go to the programme's team). Recorded in the audit log.
pub async fn set_safeguarding_contact(
    db: &sea_orm::DatabaseConnection,
    actor: i64,
    partner_id: i64,
    contact: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Partner, ServiceError> {
    let p = find(db, partner_id).await?;
    if p.kind == PartnerKind::Employer {
        return Err(ServiceError::field(
            "contact_id",
            "Employers have no young people: they need no safeguarding contact",
        ));
    }
    if let Some(c) = contact {
        let person = crate::entities::user::Entity::find_by_id(c).one(db).await?;
        if !person.is_some_and(|u| can_be_safeguarding_contact(&u, partner_id)) {
            return Err(ServiceError::field("contact_id", "Choose one of this organisation's coordinators"));
        }
    }
    let m = partner_organisation::ActiveModel {
        id: Set(partner_id),
        safeguarding_contact_id: Set(contact),
        ..Default::default()
    }
    .update(db)
    .await?;
    crate::audit::record(
        db,
        match contact {
            // The person named, by account number (the log holds no names of people).
            Some(c) => crate::audit::Event::new("partner.safeguarding_contact", Some(actor), format!("user:{c}"))
                .detail(format!("for {}", p.name)),
            None => crate::audit::Event::new("partner.safeguarding_contact", Some(actor), p.name.clone())
                .detail("nobody: the programme's team"),
        },
        now,
    )
    .await?;
    Ok(from_model(m))
}
