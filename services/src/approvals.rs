//! Mentor approval: staff record the enhanced DBS check and references, then approve or
//! decline with one of the programme's reasons; later they can end a mentor's role. Every
//! decision is kept. Declined and ended mentors lose mentoring features and are signed out.

use crate::entities::{lesson_progress, mentor_check, mentor_decision, mentor_reference, user};
use crate::{ServiceError, outbox, sessions, workshops};
use chrono::{DateTime, NaiveDate, Utc};
use domain::approvals::{
    DbsCheck, DbsInput, Decision, DecisionInput, DecisionView, DeclineReason, MatchableFacts, MentorReview,
    MentorStatus, Outcome, QueueFilter, QueueRow, ReferenceInput, ReferenceView, approval_blockers,
};
use domain::workshops::WorkshopKind;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;

fn date(d: DateTime<Utc>) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Creates the mentor's approval record (at sign-up). Harmless if it exists.
pub async fn open_application(db: &impl ConnectionTrait, user_id: i64, now: DateTime<Utc>) -> Result<(), ServiceError> {
    if row(db, user_id).await?.is_none() {
        mentor_check::ActiveModel {
            user_id: Set(user_id),
            status: Set(MentorStatus::Applied),
            dbs_update_service: Set(false),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Opens an application record for every mentor without one (demo data, imports).
pub async fn open_missing(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), ServiceError> {
    let have: Vec<i64> =
        mentor_check::Entity::find().select_only().column(mentor_check::Column::UserId).into_tuple().all(db).await?;
    let missing = user::Entity::find()
        .filter(user::Column::Role.eq(domain::Role::Mentor.as_str()))
        .filter(user::Column::Id.is_not_in(have))
        .all(db)
        .await?;
    for u in missing {
        open_application(db, u.id, now).await?;
    }
    Ok(())
}

async fn row(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<mentor_check::Model>, ServiceError> {
    Ok(mentor_check::Entity::find().filter(mentor_check::Column::UserId.eq(user_id)).one(db).await?)
}

/// The mentor's record, which must exist for a mentor account.
async fn mentor_row(db: &impl ConnectionTrait, user_id: i64) -> Result<mentor_check::Model, ServiceError> {
    row(db, user_id).await?.ok_or(ServiceError::NotFound)
}

fn status_of(m: &mentor_check::Model) -> MentorStatus {
    m.status
}

fn dbs_of(m: &mentor_check::Model) -> Option<DbsCheck> {
    match (&m.dbs_number, m.dbs_issue_date, m.dbs_recheck_date) {
        (Some(n), Some(issue), Some(recheck)) => Some(DbsCheck {
            certificate_number: n.clone(),
            issue_date: issue,
            update_service: m.dbs_update_service,
            recheck_date: recheck,
        }),
        _ => None,
    }
}

/// Where a mentor stands (Applied if they have no record yet).
pub async fn status(db: &impl ConnectionTrait, user_id: i64) -> Result<MentorStatus, ServiceError> {
    Ok(row(db, user_id).await?.as_ref().map(status_of).unwrap_or(MentorStatus::Applied))
}

/// Refuses declined and ended mentors: they no longer have mentoring features.
pub async fn ensure_open(db: &impl ConnectionTrait, user_id: i64) -> Result<(), ServiceError> {
    if status(db, user_id).await?.closed() { Err(ServiceError::Forbidden) } else { Ok(()) }
}

async fn ensure_mentor(db: &impl ConnectionTrait, user_id: i64) -> Result<user::Model, ServiceError> {
    user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .filter(|u| u.role == domain::Role::Mentor.as_str())
        .ok_or(ServiceError::NotFound)
}

#[tracing::instrument(skip(db, input), err(level = "info"))]
pub async fn record_dbs(
    db: &impl ConnectionTrait,
    mentor_id: i64,
    input: &DbsInput,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    ensure_mentor(db, mentor_id).await?;
    let d = input.validate(now.date_naive()).map_err(ServiceError::Validation)?;
    open_application(db, mentor_id, now).await?;
    let r = mentor_row(db, mentor_id).await?;
    mentor_check::ActiveModel {
        id: Set(r.id),
        dbs_number: Set(Some(d.certificate_number)),
        dbs_issue_date: Set(Some(d.issue_date)),
        dbs_update_service: Set(d.update_service),
        dbs_recheck_date: Set(Some(d.recheck_date)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

#[tracing::instrument(skip(db, input), err(level = "info"))]
pub async fn add_reference(
    db: &impl ConnectionTrait,
    staff_id: i64,
    mentor_id: i64,
    input: &ReferenceInput,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    ensure_mentor(db, mentor_id).await?;
    let r = input.validate().map_err(ServiceError::Validation)?;
    mentor_reference::ActiveModel {
        user_id: Set(mentor_id),
        referee: Set(r.referee),
        relationship: Set(r.relationship),
        satisfactory: Set(r.satisfactory),
        recorded_by: Set(Some(staff_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn satisfactory_references(db: &impl ConnectionTrait, mentor_id: i64) -> Result<usize, ServiceError> {
    Ok(mentor_reference::Entity::find()
        .filter(mentor_reference::Column::UserId.eq(mentor_id))
        .filter(mentor_reference::Column::Satisfactory.eq(true))
        .count(db)
        .await? as usize)
}

/// Approves, declines or ends a mentor's role. Declining and ending sign the mentor out
/// everywhere. The mentor is told by email; the decision joins their history.
#[tracing::instrument(skip(db, input), err(level = "info"))]
pub async fn decide(
    db: &DatabaseConnection,
    staff_id: i64,
    mentor_id: i64,
    input: &DecisionInput,
    now: DateTime<Utc>,
) -> Result<MentorStatus, ServiceError> {
    let d = input.validate().map_err(ServiceError::Validation)?;
    let mentor = ensure_mentor(db, mentor_id).await?;
    open_application(db, mentor_id, now).await?;
    let txn = db.begin().await?;
    let r = mentor_row(&txn, mentor_id).await?;
    let from = status_of(&r);
    let to = d.decision.apply(from).ok_or_else(|| {
        ServiceError::field(
            "decision",
            format!("This mentor is {}: that decision does not apply", from.label().to_lowercase()),
        )
    })?;
    if d.decision == Decision::Approve {
        let blockers =
            approval_blockers(dbs_of(&r).as_ref(), satisfactory_references(&txn, mentor_id).await?, now.date_naive());
        if !blockers.is_empty() {
            return Err(ServiceError::Validation(blockers));
        }
    }
    // Conditional on the status read above: two staff deciding at once cannot both win.
    let changed = mentor_check::Entity::update_many()
        .col_expr(mentor_check::Column::Status, Expr::val(to))
        .col_expr(mentor_check::Column::UpdatedAt, Expr::val(now))
        .filter(mentor_check::Column::Id.eq(r.id))
        .filter(mentor_check::Column::Status.eq(from))
        .exec(&txn)
        .await?
        .rows_affected;
    if changed != 1 {
        return Err(ServiceError::field("decision", "Someone else has just decided on this mentor. Reload to see it"));
    }
    mentor_decision::ActiveModel {
        user_id: Set(mentor_id),
        decision: Set(d.decision.as_str().into()),
        reason: Set(d.reason.map(|r| r.as_str().to_string())),
        note: Set(d.note),
        staff_id: Set(Some(staff_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let reason = d.reason.map(|r| format!("\n\nThe reason: {}.", r.label())).unwrap_or_default();
    let (subject, body) = match d.decision {
        Decision::Approve => (
            "You are approved as a Tandem mentor",
            "Thank you for volunteering. Your checks are complete and you are approved as a Tandem mentor. Once your training and workshop are done we will look for a young person for you.".to_string(),
        ),
        Decision::Decline => (
            "Your Tandem mentor application",
            format!("Thank you for applying to mentor with Tandem. After reviewing your application we are not able to go ahead.{reason}\n\nYou can sign in to see this outcome."),
        ),
        Decision::End => (
            "Your Tandem mentor role has ended",
            format!("Your role as a Tandem mentor has ended.{reason}\n\nIf you have questions, please reply to this email."),
        ),
    };
    outbox::enqueue(&txn, &mentor.email, subject, &format!("Hello {},\n\n{body}\n\nThe Tandem team", mentor.name), now)
        .await?;
    if to.closed() {
        sessions::revoke_all_for_user(&txn, mentor_id).await?;
    }
    crate::audit::record(
        &txn,
        crate::audit::Event::new("mentor.decision", Some(staff_id), format!("user:{mentor_id}")).detail(format!(
            "{} -> {}",
            from.label(),
            to.label()
        )),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(to)
}

/// The facts that decide whether a mentor can be matched.
pub async fn matchable_facts(db: &impl ConnectionTrait, mentor_id: i64) -> Result<MatchableFacts, ServiceError> {
    let r = row(db, mentor_id).await?;
    Ok(MatchableFacts {
        status: Some(r.as_ref().map(status_of).unwrap_or(MentorStatus::Applied)),
        dbs_recheck_date: r.and_then(|r| r.dbs_recheck_date),
        training_complete: crate::training::is_complete(db, mentor_id).await?,
        workshop_attended: workshops::attended(db, mentor_id, WorkshopKind::MentorWorkshop).await?,
        policies_accepted: crate::policies::all_accepted(db, mentor_id).await?,
    })
}

/// Whether the mentor can be matched for mentoring running until `until`.
pub async fn is_matchable(db: &impl ConnectionTrait, mentor_id: i64, until: NaiveDate) -> Result<bool, ServiceError> {
    Ok(matchable_facts(db, mentor_id).await?.matchable(until))
}

/// The mentor's own view of the latest decision.
pub async fn outcome(db: &impl ConnectionTrait, mentor_id: i64) -> Result<Outcome, ServiceError> {
    let status = status(db, mentor_id).await?;
    let last = mentor_decision::Entity::find()
        .filter(mentor_decision::Column::UserId.eq(mentor_id))
        .order_by_desc(mentor_decision::Column::Id)
        .one(db)
        .await?;
    Ok(Outcome {
        status,
        reason: last.as_ref().and_then(|d| d.reason.as_deref().and_then(DeclineReason::parse)),
        at: last.map(|d| date(d.created_at)),
    })
}

/// Everything staff need to review one mentor.
pub async fn review(
    db: &impl ConnectionTrait,
    mentor_id: i64,
    now: DateTime<Utc>,
) -> Result<MentorReview, ServiceError> {
    let u = ensure_mentor(db, mentor_id).await?;
    let r = row(db, mentor_id).await?;
    let references = mentor_reference::Entity::find()
        .filter(mentor_reference::Column::UserId.eq(mentor_id))
        .order_by_asc(mentor_reference::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|x| ReferenceView {
            referee: x.referee,
            relationship: x.relationship,
            satisfactory: x.satisfactory,
            recorded: date(x.created_at),
        })
        .collect();
    let decisions = mentor_decision::Entity::find()
        .filter(mentor_decision::Column::UserId.eq(mentor_id))
        .order_by_desc(mentor_decision::Column::Id)
        .find_also_related(user::Entity)
        .all(db)
        .await?;
    let history = decisions
        .into_iter()
        .filter_map(|(d, staff)| {
            Some(DecisionView {
                decision: Decision::parse(&d.decision)?,
                reason: d.reason.as_deref().and_then(DeclineReason::parse),
                note: d.note,
                by: staff.map(|s| s.name).unwrap_or_else(|| "Former staff member".into()),
                at: date(d.created_at),
            })
        })
        .collect();
    let course = crate::training::course(db, mentor_id).await?;
    let attended = workshops::attended(db, mentor_id, WorkshopKind::MentorWorkshop).await?;
    let booking = workshops::current_booking(db, mentor_id, WorkshopKind::MentorWorkshop, now).await?;
    let facts = MatchableFacts {
        status: Some(r.as_ref().map(status_of).unwrap_or(MentorStatus::Applied)),
        dbs_recheck_date: r.as_ref().and_then(|r| r.dbs_recheck_date),
        training_complete: course.complete,
        workshop_attended: attended,
        policies_accepted: crate::policies::all_accepted(db, mentor_id).await?,
    };
    let until = now.date_naive() + chrono::Duration::days(365);
    Ok(MentorReview {
        user_id: u.id,
        name: u.name,
        email: u.email,
        joined: date(u.created_at),
        status: facts.status.unwrap_or(MentorStatus::Applied),
        dbs: r.as_ref().and_then(dbs_of),
        references,
        history,
        lessons_done: course.lessons_done,
        lessons_total: course.lessons_total,
        training_complete: course.complete,
        workshop: workshops::describe_place(booking.as_ref(), attended),
        workshop_attended: attended,
        profile_answered: crate::profiles::get(db, mentor_id).await?.answered(),
        missing: facts.missing(until).into_iter().map(str::to_string).collect(),
        policies: crate::policies::acceptances(db, mentor_id).await?,
    })
}

fn filter_query(f: QueueFilter) -> sea_orm::Select<mentor_check::Entity> {
    let q = mentor_check::Entity::find();
    match f {
        QueueFilter::ToReview => q.filter(mentor_check::Column::Status.eq(MentorStatus::Applied)),
        QueueFilter::AwaitingDbs => q
            .filter(mentor_check::Column::Status.is_in([MentorStatus::Applied, MentorStatus::Approved]))
            .filter(mentor_check::Column::DbsNumber.is_null()),
        QueueFilter::Approved => q.filter(mentor_check::Column::Status.eq(MentorStatus::Approved)),
        QueueFilter::Declined => q.filter(mentor_check::Column::Status.eq(MentorStatus::Declined)),
        QueueFilter::Ended => q.filter(mentor_check::Column::Status.eq(MentorStatus::Ended)),
    }
}

/// How many mentors each queue holds.
pub async fn counts(db: &impl ConnectionTrait) -> Result<Vec<(QueueFilter, u64)>, ServiceError> {
    let mut out = Vec::new();
    for f in QueueFilter::ALL {
        out.push((f, filter_query(f).count(db).await?));
    }
    Ok(out)
}

/// One page of a queue, oldest application first, paged by user id.
pub async fn queue(
    db: &impl ConnectionTrait,
    filter: QueueFilter,
    name: Option<&str>,
    after_user: Option<i64>,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<Vec<QueueRow>, ServiceError> {
    let mut q = filter_query(filter).order_by_asc(mentor_check::Column::UserId).limit(limit);
    if let Some(a) = after_user {
        q = q.filter(mentor_check::Column::UserId.gt(a));
    }
    let mut q = q.find_also_related(user::Entity);
    if let Some(a) = after_user {
        // The same bound on the joined side, so that PostgreSQL's merge join starts its scan
        // of users at the page instead of at the first user (a deep page read every user
        // before it: 150 ms at a million mentors).
        q = q.filter(user::Column::Id.gt(a));
    }
    if let Some(matches) = crate::db::name_contains(name) {
        q = q.filter(matches);
    }
    let rows = q.all(db).await?;
    let ids: Vec<i64> = rows.iter().map(|(c, _)| c.user_id).collect();
    let lessons: HashMap<i64, i64> = lesson_progress::Entity::find()
        .select_only()
        .column(lesson_progress::Column::UserId)
        .column_as(lesson_progress::Column::Id.count(), "n")
        .filter(lesson_progress::Column::UserId.is_in(ids.clone()))
        .group_by(lesson_progress::Column::UserId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let refs: HashMap<i64, i64> = mentor_reference::Entity::find()
        .select_only()
        .column(mentor_reference::Column::UserId)
        .column_as(mentor_reference::Column::Id.count(), "n")
        .filter(mentor_reference::Column::UserId.is_in(ids.clone()))
        .filter(mentor_reference::Column::Satisfactory.eq(true))
        .group_by(mentor_reference::Column::UserId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let workshop = workshops::latest_status_for(db, &ids, WorkshopKind::MentorWorkshop).await?;
    let lessons_total = crate::training::published_lesson_count(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(c, u)| {
            let u = u?;
            Some(QueueRow {
                user_id: u.id,
                name: u.name,
                joined: date(u.created_at),
                status: status_of(&c),
                dbs_recorded: c.dbs_number.is_some(),
                references: refs.get(&u.id).copied().unwrap_or(0) as usize,
                lessons_done: lessons.get(&u.id).copied().unwrap_or(0) as usize,
                lessons_total,
                training_overdue: domain::training::overdue(
                    u.created_at.date_naive(),
                    now.date_naive(),
                    lessons.get(&u.id).copied().unwrap_or(0) as usize >= lessons_total,
                ),
                workshop: workshop.get(&u.id).map(|s| s.label()).unwrap_or("Not booked").to_string(),
            })
        })
        .collect())
}
