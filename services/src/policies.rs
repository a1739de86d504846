//! The programme's policies: read by anyone, edited by staff like the help centre (see
//! [`crate::documents`]), and accepted by mentors. A mentor counts as having accepted a
//! policy when they accepted a version at least as new as the latest version that asks
//! everyone again; a mentor who has not accepted all of [`MENTOR_POLICIES`] is not offered
//! in matching.

use crate::ServiceError;
use crate::entities::{document, document_version, policy_acceptance, user};
use chrono::{DateTime, Utc};
use domain::Role;
use domain::policies::{AcceptPage, AcceptanceRow, MENTOR_POLICIES, Policy, PolicySummary, PolicyToAccept, parse_seen};
use sea_orm::sea_query::{Expr, ExprTrait, Func, OnConflict};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use std::collections::{HashMap, HashSet};

/// The kind of document a policy is.
pub const POLICY: &str = "policy";

/// A policy with its versions: what people read, and the version acceptance must reach.
struct Current {
    doc: document::Model,
    latest: document_version::Model,
    /// The latest version that asks people to accept again (the first always does).
    required: i32,
}

impl Current {
    fn mentors_accept(&self) -> bool {
        MENTOR_POLICIES.contains(&self.doc.slug.as_str())
    }

    fn summary(&self) -> PolicySummary {
        PolicySummary {
            slug: self.doc.slug.clone(),
            title: self.latest.title.clone(),
            section: self.doc.section.clone(),
            version: self.latest.version,
            changed_on: self.latest.changed_at.format("%-d %b %Y").to_string(),
            mentors_accept: self.mentors_accept(),
        }
    }

    fn policy(&self) -> Policy {
        Policy { summary: self.summary(), body: self.latest.body.clone() }
    }
}

/// Every policy with its current and required versions, in order.
async fn current(db: &impl ConnectionTrait) -> Result<Vec<Current>, ServiceError> {
    let docs = document::Entity::find()
        .filter(document::Column::Kind.eq(POLICY))
        .order_by_asc(document::Column::Position)
        .order_by_asc(document::Column::Id)
        .all(db)
        .await?;
    let mut versions: HashMap<i64, Vec<document_version::Model>> = HashMap::new();
    for v in document_version::Entity::find()
        .filter(document_version::Column::DocumentId.is_in(docs.iter().map(|d| d.id)))
        .order_by_asc(document_version::Column::Version)
        .all(db)
        .await?
    {
        versions.entry(v.document_id).or_default().push(v);
    }
    Ok(docs
        .into_iter()
        .filter_map(|doc| {
            let vs = versions.remove(&doc.id)?;
            let required = vs.iter().filter(|v| v.asks_again || v.version == 1).map(|v| v.version).max().unwrap_or(1);
            let latest = vs.into_iter().last()?;
            Some(Current { doc, latest, required })
        })
        .collect())
}

/// The policies mentors accept, as they stand now.
async fn mentor_policies(db: &impl ConnectionTrait) -> Result<Vec<Current>, ServiceError> {
    Ok(current(db).await?.into_iter().filter(Current::mentors_accept).collect())
}

/// Every policy, for `/policies`.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<PolicySummary>, ServiceError> {
    Ok(current(db).await?.iter().map(Current::summary).collect())
}

/// One policy by its address.
pub async fn get(db: &impl ConnectionTrait, slug: &str) -> Result<Policy, ServiceError> {
    current(db).await?.iter().find(|c| c.doc.slug == slug).map(Current::policy).ok_or(ServiceError::NotFound)
}

/// The newest version of each policy this person accepted.
async fn accepted(db: &impl ConnectionTrait, user_id: i64) -> Result<HashMap<i64, i32>, ServiceError> {
    let mut out: HashMap<i64, i32> = HashMap::new();
    for a in policy_acceptance::Entity::find().filter(policy_acceptance::Column::UserId.eq(user_id)).all(db).await? {
        let v = out.entry(a.document_id).or_insert(a.version);
        *v = Ord::max(*v, a.version);
    }
    Ok(out)
}

async fn is_mentor(db: &impl ConnectionTrait, user_id: i64) -> Result<bool, ServiceError> {
    let u = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    Ok(Role::parse(&u.role) == Some(Role::Mentor))
}

/// The policies a mentor has still to accept, at their current versions, with the version
/// each was accepted at before (if any).
async fn outstanding(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<(Current, Option<i32>)>, ServiceError> {
    let mine = accepted(db, user_id).await?;
    Ok(mentor_policies(db)
        .await?
        .into_iter()
        .filter(|c| mine.get(&c.doc.id).is_none_or(|v| *v < c.required))
        .map(|c| {
            let before = mine.get(&c.doc.id).copied();
            (c, before)
        })
        .collect())
}

/// What a person still has to accept, each at its current version (mentors only; anyone
/// else is asked nothing).
pub async fn accept_page(db: &impl ConnectionTrait, user_id: i64) -> Result<AcceptPage, ServiceError> {
    if !is_mentor(db, user_id).await? {
        return Ok(AcceptPage { asked: false, outstanding: Vec::new() });
    }
    let outstanding = outstanding(db, user_id)
        .await?
        .iter()
        .map(|(c, before)| PolicyToAccept { policy: c.policy(), accepted_before: *before })
        .collect();
    Ok(AcceptPage { asked: true, outstanding })
}

/// Whether a mentor has accepted every policy mentors must accept.
pub async fn all_accepted(db: &impl ConnectionTrait, user_id: i64) -> Result<bool, ServiceError> {
    Ok(accept_page(db, user_id).await?.outstanding.is_empty())
}

/// Whether signing in should first ask this person to accept a new version: a mentor who
/// accepted the policies before and now has one to accept again. (A new mentor accepts them
/// as a step of their journey instead.)
pub async fn asks_again(db: &impl ConnectionTrait, user_id: i64) -> Result<bool, ServiceError> {
    let page = accept_page(db, user_id).await?;
    Ok(page.outstanding.iter().any(|p| p.accepted_before.is_some()))
}

/// A mentor accepts the policies they were shown. `seen` names each policy's version as the
/// page showed it: if one changed since, nothing is recorded and the person is asked to
/// read the new version. Returns how many acceptances were recorded.
pub async fn accept(
    db: &impl ConnectionTrait,
    user_id: i64,
    accept: bool,
    seen: &str,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    if !is_mentor(db, user_id).await? {
        return Err(ServiceError::Forbidden);
    }
    domain::policies::validate_accept(accept).map_err(ServiceError::Validation)?;
    let outstanding = outstanding(db, user_id).await?;
    let seen = parse_seen(seen);
    if let Some((changed, _)) =
        outstanding.iter().find(|(c, _)| !seen.iter().any(|(slug, v)| *slug == c.doc.slug && *v == c.latest.version))
    {
        return Err(ServiceError::field(
            "accept",
            format!(
                "The {} has changed since this page was opened. Read the version now shown and tick the box again.",
                changed.latest.title
            ),
        ));
    }
    let rows: Vec<policy_acceptance::ActiveModel> = outstanding
        .iter()
        .map(|(c, _)| policy_acceptance::ActiveModel {
            user_id: Set(user_id),
            document_id: Set(c.doc.id),
            version: Set(c.latest.version),
            accepted_at: Set(now),
            ..Default::default()
        })
        .collect();
    let n = rows.len();
    if n > 0 {
        policy_acceptance::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    policy_acceptance::Column::UserId,
                    policy_acceptance::Column::DocumentId,
                    policy_acceptance::Column::Version,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(n)
}

/// Of these mentors (or all, with `None`), the ones who have accepted every policy mentors
/// must accept: one grouped query, so matching at national size stays one round trip.
pub async fn accepted_all_among(db: &impl ConnectionTrait, only: Option<i64>) -> Result<HashSet<i64>, ServiceError> {
    let required = mentor_policies(db).await?;
    if required.is_empty() {
        // No policy to accept (every one deleted): nobody is held back by it.
        let mut q = user::Entity::find().select_only().column(user::Column::Id);
        if let Some(id) = only {
            q = q.filter(user::Column::Id.eq(id));
        }
        return Ok(q.into_tuple::<i64>().all(db).await?.into_iter().collect());
    }
    let mut counts = Condition::any();
    for c in &required {
        counts = counts.add(
            Condition::all()
                .add(policy_acceptance::Column::DocumentId.eq(c.doc.id))
                .add(policy_acceptance::Column::Version.gte(c.required)),
        );
    }
    let mut q = policy_acceptance::Entity::find()
        .select_only()
        .column(policy_acceptance::Column::UserId)
        .filter(counts)
        .group_by(policy_acceptance::Column::UserId)
        .having(
            Expr::expr(Func::count_distinct(Expr::col(policy_acceptance::Column::DocumentId)))
                .eq(required.len() as i64),
        );
    if let Some(id) = only {
        q = q.filter(policy_acceptance::Column::UserId.eq(id));
    }
    Ok(q.into_tuple::<i64>().all(db).await?.into_iter().collect())
}

/// A mentor's acceptances, newest first, for staff on the mentor's record.
pub async fn acceptances(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<AcceptanceRow>, ServiceError> {
    let policies: HashMap<i64, Current> = current(db).await?.into_iter().map(|c| (c.doc.id, c)).collect();
    let rows = policy_acceptance::Entity::find()
        .filter(policy_acceptance::Column::UserId.eq(user_id))
        .order_by_desc(policy_acceptance::Column::AcceptedAt)
        .order_by_desc(policy_acceptance::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|a| {
            let c = policies.get(&a.document_id)?;
            Some(AcceptanceRow {
                title: c.latest.title.clone(),
                version: a.version,
                accepted_at: a.accepted_at.format("%-d %b %Y at %H:%M").to_string(),
                counts: a.version >= c.required,
            })
        })
        .collect())
}

/// Records that these people accepted every current policy mentors accept (demo data and
/// the benchmarks, which create mentors directly).
pub async fn accept_all_for(
    db: &impl ConnectionTrait,
    user_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let required = mentor_policies(db).await?;
    for chunk in user_ids.chunks(1000) {
        let rows: Vec<policy_acceptance::ActiveModel> = chunk
            .iter()
            .flat_map(|u| {
                required.iter().map(move |c| policy_acceptance::ActiveModel {
                    user_id: Set(*u),
                    document_id: Set(c.doc.id),
                    version: Set(c.latest.version),
                    accepted_at: Set(now),
                    ..Default::default()
                })
            })
            .collect();
        if !rows.is_empty() {
            policy_acceptance::Entity::insert_many(rows).exec_without_returning(db).await?;
        }
    }
    Ok(())
}
