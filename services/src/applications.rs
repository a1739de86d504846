//! Young people's applications. Under-18s join through their school or youth partner with
//! its join code; that institution's Mentoring Coordinator confirms them.

use crate::entities::{evaluation, mentoring_match, user, yp_application};
use crate::{ServiceError, partners, workshops};
use chrono::{DateTime, Utc};
use domain::Role;
use domain::applications::{Application, CohortMatch, CohortRow, YpStatus};
use domain::evaluations::EvaluationKind;
use domain::workshops::WorkshopKind;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::{HashMap, HashSet};

fn to_application(a: yp_application::Model, join_code: String) -> Application {
    Application {
        goals: a.goals,
        interests: a.interests,
        region: a.region,
        format: a.format,
        availability: a.availability,
        accessibility: a.accessibility,
        languages: a.languages,
        join_code,
    }
}

async fn row(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<yp_application::Model>, ServiceError> {
    Ok(yp_application::Entity::find().filter(yp_application::Column::UserId.eq(user_id)).one(db).await?)
}

async fn young_person(db: &impl ConnectionTrait, user_id: i64) -> Result<user::Model, ServiceError> {
    user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .filter(|u| u.role == Role::YoungPerson.as_str())
        .ok_or(ServiceError::NotFound)
}

/// Everything the young person's journey needs.
pub async fn status(db: &impl ConnectionTrait, user_id: i64, now: DateTime<Utc>) -> Result<YpStatus, ServiceError> {
    let u = young_person(db, user_id).await?;
    let partner = match u.partner_id {
        Some(id) => Some(partners::find(db, id).await?),
        None => None,
    };
    let a = row(db, user_id).await?;
    let confirmed = a.as_ref().is_some_and(|a| a.confirmed_at.is_some());
    let code = partner.as_ref().and_then(|p| p.join_code.clone()).unwrap_or_default();
    let attended = workshops::attended(db, user_id, WorkshopKind::MenteeInduction).await?;
    let booking = workshops::current_booking(db, user_id, WorkshopKind::MenteeInduction, now).await?;
    Ok(YpStatus {
        application: a.map(|a| to_application(a, code.clone())),
        partner: partner.map(|p| p.name),
        partner_join_code: code,
        under_18: u.under_18_on(now.date_naive()),
        confirmed,
        pre_evaluation_done: crate::evaluations::is_complete(db, user_id, EvaluationKind::Pre).await?,
        induction_attended: attended,
        induction: workshops::describe_place(booking.as_ref(), attended),
    })
}

/// Saves the application (new or changed). A join code links the young person to their
/// institution; changing institution needs that coordinator's confirmation again.
#[tracing::instrument(skip(db, input), err(level = "info"))]
pub async fn submit(
    db: &impl ConnectionTrait,
    user_id: i64,
    input: &Application,
    now: DateTime<Utc>,
) -> Result<YpStatus, ServiceError> {
    let u = young_person(db, user_id).await?;
    let under_18 = u.under_18_on(now.date_naive());
    let a = input.validate(under_18).map_err(ServiceError::Validation)?;
    let mut partner_id = u.partner_id;
    if !a.join_code.is_empty() {
        let p = partners::find_by_join_code(db, &a.join_code).await?.ok_or_else(|| {
            ServiceError::field("join_code", "We do not recognise that join code. Check it with your coordinator")
        })?;
        partner_id = Some(p.id);
    }
    let changed_partner = partner_id != u.partner_id;
    if changed_partner {
        user::ActiveModel { id: Set(u.id), partner_id: Set(partner_id), updated_at: Set(now), ..Default::default() }
            .update(db)
            .await?;
    }
    let existing = row(db, user_id).await?;
    let mut am = yp_application::ActiveModel {
        user_id: Set(user_id),
        goals: Set(a.goals),
        interests: Set(a.interests),
        region: Set(a.region),
        format: Set(a.format),
        availability: Set(a.availability),
        accessibility: Set(a.accessibility),
        languages: Set(a.languages),
        submitted_at: Set(now),
        ..Default::default()
    };
    match existing {
        Some(r) => {
            am.id = Set(r.id);
            if changed_partner {
                am.confirmed_at = Set(None);
                am.confirmed_by = Set(None);
            }
            am.update(db).await?;
        }
        None => {
            am.confirmed_at = Set(None);
            am.confirmed_by = Set(None);
            am.insert(db).await?;
        }
    }
    status(db, user_id, now).await
}

/// A coordinator confirms a young person of their own institution.
#[tracing::instrument(skip(db), err(level = "info"))]
pub async fn confirm(
    db: &impl ConnectionTrait,
    coordinator_id: i64,
    coordinator_partner: Option<i64>,
    young_person_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let u = young_person(db, young_person_id).await?;
    // Someone from another institution gets the same answer as a person who does not exist.
    if coordinator_partner.is_none() || u.partner_id != coordinator_partner {
        return Err(ServiceError::NotFound);
    }
    let a = row(db, young_person_id)
        .await?
        .ok_or_else(|| ServiceError::field("form", "This young person has not sent their application yet"))?;
    yp_application::ActiveModel {
        id: Set(a.id),
        confirmed_at: Set(Some(now)),
        confirmed_by: Set(Some(coordinator_id)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// A coordinator's young people with their journey status, in name order, one page at a
/// time: `after` is the last person of the previous page (keyset on name, then id).
pub async fn cohort(
    db: &impl ConnectionTrait,
    partner_id: i64,
    after: Option<i64>,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<Vec<CohortRow>, ServiceError> {
    let mut q = user::Entity::find()
        .filter(user::Column::PartnerId.eq(partner_id))
        .filter(user::Column::Role.eq(Role::YoungPerson.as_str()));
    if let Some(last) = after {
        let l = user::Entity::find_by_id(last).one(db).await?.ok_or(ServiceError::NotFound)?;
        q = q.filter(
            Condition::any()
                .add(user::Column::Name.gt(l.name.clone()))
                .add(Condition::all().add(user::Column::Name.eq(l.name)).add(user::Column::Id.gt(l.id))),
        );
    }
    let people = q.order_by_asc(user::Column::Name).order_by_asc(user::Column::Id).limit(limit).all(db).await?;
    let ids: Vec<i64> = people.iter().map(|u| u.id).collect();
    let apps: HashMap<i64, yp_application::Model> = yp_application::Entity::find()
        .filter(yp_application::Column::UserId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.user_id, a))
        .collect();
    let pre_done: HashSet<i64> = evaluation::Entity::find()
        .filter(evaluation::Column::UserId.is_in(ids.clone()))
        .filter(evaluation::Column::Kind.eq(EvaluationKind::Pre.as_str()))
        .filter(evaluation::Column::CompletedAt.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.user_id)
        .collect();
    let induction = workshops::latest_status_for(db, &ids, WorkshopKind::MenteeInduction).await?;
    let mentoring = latest_matches(db, &ids).await?;
    let today = now.date_naive();
    Ok(people
        .into_iter()
        .map(|u| CohortRow {
            user_id: u.id,
            age: u.age_on(today),
            applied: apps.contains_key(&u.id),
            confirmed: apps.get(&u.id).is_some_and(|a| a.confirmed_at.is_some()),
            pre_evaluation_done: pre_done.contains(&u.id),
            induction: induction.get(&u.id).map(|s| s.label()).unwrap_or("Not booked").to_string(),
            mentoring: mentoring.get(&u.id).cloned(),
            name: u.name,
        })
        .collect())
}

/// Each young person's latest match, with the mentor's first name only.
async fn latest_matches(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, CohortMatch>, ServiceError> {
    use crate::people::{day, first_name};
    use domain::relationships::MatchStatus;
    let matches = mentoring_match::Entity::find()
        .filter(mentoring_match::Column::YoungPersonId.is_in(ids.iter().copied()))
        .order_by_asc(mentoring_match::Column::Id)
        .all(db)
        .await?;
    let mentor_ids: Vec<i64> = matches.iter().map(|m| m.mentor_id).collect();
    let names = crate::people::names(db, &mentor_ids).await?;
    let mut out = HashMap::new();
    // In id order, so each young person keeps their latest.
    for m in matches {
        let active = m.status == MatchStatus::Active;
        let status = match m.closed_at {
            Some(t) if !active => format!("Ended {}", day(t.date_naive())),
            _ => format!("Matched since {}", day(m.start_date)),
        };
        let mentor = names.get(&m.mentor_id).map(|n| first_name(n)).unwrap_or_default();
        out.insert(m.young_person_id, CohortMatch { match_id: m.id, mentor, status, active });
    }
    Ok(out)
}
