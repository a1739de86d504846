//! The resource library and the opt-in mentor network directory.
//!
//! Staff publish guides and skill-builders to mentors, young people or everyone; readers page
//! through their audiences' resources newest first (keyset on the id, by topic if they
//! choose) and mark skill-builders as done. Approved mentors may list themselves in the
//! network directory, which only approved mentors and staff can read.

use crate::ServiceError;
use crate::entities::{mentor_profile, resource, resource_completion, user};
use chrono::{DateTime, Utc};
use domain::Role;
use domain::approvals::MentorStatus;
use domain::community::Audience;
use domain::library::{
    ListingInput, NetworkEntry, NetworkPage, Resource, ResourceInput, ResourceKind, ResourcePage, short_name,
    topic_label,
};
use domain::profiles::{REGIONS, split_list};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Set,
};
use std::collections::HashSet;

fn audiences(role: Role) -> Vec<&'static str> {
    Audience::seen_by(role).iter().map(|a| a.as_str()).collect()
}

/// Publishes a resource (staff); returns its id.
pub async fn publish(
    db: &impl ConnectionTrait,
    staff_id: i64,
    input: &ResourceInput,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let v = input.validate().map_err(ServiceError::Validation)?;
    let row = resource::ActiveModel {
        title: Set(v.title),
        summary: Set(v.summary),
        body: Set(v.body),
        link: Set(v.link),
        topic: Set(v.topic),
        kind: Set(v.kind.as_str().into()),
        audience: Set(v.audience.as_str().into()),
        minutes: Set(v.minutes),
        published_by: Set(Some(staff_id)),
        published_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// The resources `role` may read, newest first, in one topic when given, older than
/// `before` when given; with the reader's completed skill-builders.
pub async fn page(
    db: &impl ConnectionTrait,
    user_id: i64,
    role: Role,
    topic: Option<&str>,
    before: Option<i64>,
    limit: u64,
) -> Result<ResourcePage, ServiceError> {
    let topic = topic.filter(|t| topic_label(t).is_some());
    let mut q = resource::Entity::find().filter(resource::Column::Audience.is_in(audiences(role)));
    if let Some(t) = topic {
        q = q.filter(resource::Column::Topic.eq(t));
    }
    if let Some(b) = before {
        q = q.filter(resource::Column::Id.lt(b));
    }
    let mut rows = q.order_by_desc(resource::Column::Id).limit(limit + 1).all(db).await?;
    let older = (rows.len() as u64 > limit).then(|| rows[limit as usize - 1].id);
    rows.truncate(limit as usize);
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let done: HashSet<i64> = resource_completion::Entity::find()
        .select_only()
        .column(resource_completion::Column::ResourceId)
        .filter(resource_completion::Column::UserId.eq(user_id))
        .filter(resource_completion::Column::ResourceId.is_in(ids))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    // The skill-builders this reader can see: counted, and (as a subquery) their own done.
    let skill = resource::Entity::find()
        .filter(resource::Column::Audience.is_in(audiences(role)))
        .filter(resource::Column::Kind.eq(ResourceKind::SkillBuilder.as_str()));
    let skill_builders = skill.clone().count(db).await?;
    let skill_builders_done = resource_completion::Entity::find()
        .filter(resource_completion::Column::UserId.eq(user_id))
        .filter(
            resource_completion::Column::ResourceId
                .in_subquery(skill.select_only().column(resource::Column::Id).into_query()),
        )
        .count(db)
        .await?;
    let resources = rows
        .into_iter()
        .map(|r| Resource {
            done: done.contains(&r.id),
            id: r.id,
            title: r.title,
            summary: r.summary,
            body: r.body,
            link: r.link,
            topic: r.topic,
            kind: ResourceKind::parse(&r.kind).unwrap_or(ResourceKind::Guide),
            audience: Audience::parse(&r.audience).unwrap_or(Audience::Everyone),
            minutes: r.minutes,
        })
        .collect();
    Ok(ResourcePage {
        resources,
        older,
        topic: topic.map(str::to_string),
        skill_builders_done,
        skill_builders,
        can_publish: role == Role::Staff,
        can_complete: matches!(role, Role::Mentor | Role::YoungPerson),
    })
}

/// Marks a skill-builder the reader can see as done, or not done. Anything else is not found.
pub async fn set_done(
    db: &impl ConnectionTrait,
    user_id: i64,
    role: Role,
    resource_id: i64,
    done: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if !matches!(role, Role::Mentor | Role::YoungPerson) {
        return Err(ServiceError::Forbidden);
    }
    resource::Entity::find_by_id(resource_id)
        .filter(resource::Column::Audience.is_in(audiences(role)))
        .filter(resource::Column::Kind.eq(ResourceKind::SkillBuilder.as_str()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if done {
        resource_completion::Entity::insert(resource_completion::ActiveModel {
            user_id: Set(user_id),
            resource_id: Set(resource_id),
            completed_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([resource_completion::Column::UserId, resource_completion::Column::ResourceId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    } else {
        resource_completion::Entity::delete_many()
            .filter(resource_completion::Column::UserId.eq(user_id))
            .filter(resource_completion::Column::ResourceId.eq(resource_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The mentor network directory

/// Who may read the directory: staff, and mentors whose application was approved. Other
/// mentors are told why it is closed to them (`Ok(Some(reason))`); anyone else is refused.
async fn network_closed(db: &impl ConnectionTrait, user_id: i64, role: Role) -> Result<Option<String>, ServiceError> {
    match role {
        Role::Staff => Ok(None),
        Role::Mentor => Ok(match crate::approvals::status(db, user_id).await? {
            MentorStatus::Approved => None,
            MentorStatus::Applied => {
                Some("The mentor network opens to you once your application is approved.".to_string())
            }
            MentorStatus::Declined | MentorStatus::Ended => {
                Some("The mentor network is for mentors currently with the programme.".to_string())
            }
        }),
        _ => Err(ServiceError::Forbidden),
    }
}

/// A page of the directory: approved, active mentors who chose to be listed, by id after
/// `after`, in one region when given.
pub async fn network(
    db: &impl ConnectionTrait,
    reader: i64,
    role: Role,
    region: Option<&str>,
    after: Option<i64>,
    limit: u64,
) -> Result<NetworkPage, ServiceError> {
    let region = region.filter(|r| REGIONS.contains(r));
    if let Some(reason) = network_closed(db, reader, role).await? {
        let region = region.map(str::to_string);
        return Ok(NetworkPage { entries: Vec::new(), next: None, region, mine: None, closed: Some(reason) });
    }
    // A correlated EXISTS (one index lookup per listed row, stopping at the page's end)
    // rather than IN over every approved mentor, which both databases would build first.
    // The page's bound is repeated inside it, so that PostgreSQL's merge semi-join starts its
    // scan of the checks at the page (a deep page read every check before it: 130 ms).
    let approved = sea_orm::sea_query::Expr::cust(format!(
        "EXISTS (SELECT 1 FROM mentor_checks c WHERE c.user_id = mentor_profiles.user_id AND c.status = '{}' AND c.user_id > {})",
        MentorStatus::Approved.as_str(),
        after.unwrap_or(i64::MIN)
    ));
    let mut q = mentor_profile::Entity::find().filter(mentor_profile::Column::InDirectory.eq(true)).filter(approved);
    if let Some(r) = region {
        q = q.filter(mentor_profile::Column::Region.eq(r));
    }
    if let Some(a) = after {
        q = q.filter(mentor_profile::Column::UserId.gt(a));
    }
    let rows = q.order_by_asc(mentor_profile::Column::UserId).limit(limit + 1).all(db).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    let people: std::collections::HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Disabled.eq(false))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let next = (rows.len() as u64 > limit).then(|| rows[limit as usize - 1].user_id);
    let entries = rows
        .into_iter()
        .take(limit as usize)
        .filter_map(|p| {
            let u = people.get(&p.user_id)?;
            Some(NetworkEntry {
                user_id: p.user_id,
                name: short_name(&u.name),
                job_title: p.job_title,
                sector: p.sector,
                employer: p.employer,
                region: p.region,
                skills: split_list(&p.skills).into_iter().map(str::to_string).collect(),
                note: p.network_note,
            })
        })
        .collect();
    let mine = if role == Role::Mentor {
        mentor_profile::Entity::find()
            .filter(mentor_profile::Column::UserId.eq(reader))
            .one(db)
            .await?
            .map(|p| ListingInput { listed: p.in_directory, note: p.network_note })
    } else {
        None
    };
    Ok(NetworkPage { entries, next, region: region.map(str::to_string), mine, closed: None })
}

/// An approved mentor lists themselves in the directory, or leaves it.
pub async fn set_listing(db: &impl ConnectionTrait, user_id: i64, input: &ListingInput) -> Result<(), ServiceError> {
    let (listed, note) = input.validate().map_err(ServiceError::Validation)?;
    if crate::approvals::status(db, user_id).await? != MentorStatus::Approved {
        return Err(ServiceError::Forbidden);
    }
    let Some(p) = mentor_profile::Entity::find().filter(mentor_profile::Column::UserId.eq(user_id)).one(db).await?
    else {
        return Err(ServiceError::field("listed", "Complete your profile first"));
    };
    let mut am: mentor_profile::ActiveModel = p.into();
    am.in_directory = Set(listed);
    am.network_note = Set(note);
    am.update(db).await?;
    Ok(())
}
