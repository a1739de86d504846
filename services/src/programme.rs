//! The staff programme dashboard: funnels, waiting times, relationships at risk and
//! workshop capacity. Counts are aggregated in the database (one row per distinct number of
//! days for the waiting times); the risk counts come from relationship monitoring. The page
//! reads them through `figures`, which keeps a snapshot once counting them is slow.

use crate::ServiceError;
use crate::entities::user;
use crate::reporting::{count, number};
use chrono::{DateTime, Utc};
use domain::evaluations::EvaluationKind;
use domain::impact::median_of_histogram;
use domain::programme::{ProgrammeOverview, WorkshopLoad, wait_bands};
use domain::relationships::MatchStatus;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, Statement};

/// The WHERE clause (on `a` = yp_applications, `u` = users) for young people waiting for a
/// mentor now: the matching pool's rule ([`crate::matching::pool_clause`]).
fn waiting_clause(now: DateTime<Utc>) -> String {
    crate::matching::pool_clause(now, "a", "u")
}

/// Young people waiting now, as (days since they applied, how many).
pub async fn waiting_histogram(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<(i64, u64)>, ServiceError> {
    let today = now.date_naive();
    let days = match db.get_database_backend() {
        DbBackend::Postgres => format!("(DATE '{today}' - CAST(a.submitted_at AS DATE))"),
        _ => format!("CAST(julianday('{today}') - julianday(date(a.submitted_at)) AS INTEGER)"),
    };
    let sql = format!(
        "SELECT d, CAST(COUNT(*) AS DOUBLE PRECISION) FROM (SELECT {days} AS d FROM yp_applications a \
         JOIN users u ON u.id = a.user_id WHERE {}) t GROUP BY d ORDER BY d",
        waiting_clause(now)
    );
    let mut out = Vec::new();
    for r in db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await? {
        let d: i64 = r.try_get_by_index::<Option<i32>>(0)?.map(i64::from).unwrap_or(0);
        let c: f64 = r.try_get_by_index(1)?;
        out.push((d.max(0), c as u64));
    }
    Ok(out)
}

/// The young people's funnel: (step, young people who reached it).
async fn young_funnel(db: &impl ConnectionTrait) -> Result<Vec<(String, u64)>, ServiceError> {
    let pre = EvaluationKind::Pre.as_str();
    let end = EvaluationKind::End.as_str();
    let steps = [
        ("Signed up", "SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM users WHERE role = 'young_person'".to_string()),
        ("Applied", "SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM yp_applications".to_string()),
        (
            "Pre-evaluation done",
            format!(
                "SELECT CAST(COUNT(DISTINCT user_id) AS DOUBLE PRECISION) FROM evaluations \
                 WHERE kind = '{pre}' AND completed_at IS NOT NULL"
            ),
        ),
        ("Matched", "SELECT CAST(COUNT(DISTINCT young_person_id) AS DOUBLE PRECISION) FROM matches".to_string()),
        (
            "Completed mentoring",
            format!(
                "SELECT CAST(COUNT(DISTINCT young_person_id) AS DOUBLE PRECISION) FROM matches \
                 WHERE status = '{}' AND closed_reason IN ('completed', 'goals_met')",
                MatchStatus::Closed.as_str()
            ),
        ),
        (
            "End evaluation done",
            format!(
                "SELECT CAST(COUNT(DISTINCT user_id) AS DOUBLE PRECISION) FROM evaluations \
                 WHERE kind = '{end}' AND completed_at IS NOT NULL"
            ),
        ),
    ];
    let mut out = Vec::new();
    for (label, sql) in steps {
        out.push((label.to_string(), count(db, &sql).await?));
    }
    Ok(out)
}

/// Everything on the programme dashboard. Staff only.
pub async fn overview(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<ProgrammeOverview, ServiceError> {
    let mentors = funnel(db, now).await?;
    let histogram = waiting_histogram(db, now).await?;
    let relationships = crate::mentoring::relationships(db, now, usize::MAX).await?;
    let risk_kinds = [
        ("Sessions overdue", "without a session"),
        ("Low check-in pulse", "pulse"),
        ("No contact for 6 weeks or more", "No contact"),
        ("Someone says it is not working", "not working"),
    ];
    let at_risk = risk_kinds
        .iter()
        .map(|(label, needle)| {
            let n = relationships.iter().filter(|r| r.risks.iter().any(|k| k.contains(needle))).count();
            (label.to_string(), n as u64)
        })
        .collect();
    let workshops = crate::workshops::staff_list(db, None, None, false, 8, now)
        .await?
        .into_iter()
        .filter(|w| !w.cancelled && !w.past)
        .map(|w| WorkshopLoad {
            id: w.id,
            kind: w.kind.label().to_string(),
            title: w.title,
            when: w.when,
            booked: w.booked.max(0) as u64,
            capacity: w.capacity.max(0) as u64,
            waitlisted: w.waitlisted.max(0) as u64,
        })
        .collect();
    Ok(ProgrammeOverview {
        mentor_funnel: mentors.mentors,
        young_funnel: young_funnel(db).await?,
        waiting: wait_bands(&histogram),
        median_wait_days: median_of_histogram(&histogram),
        active_matches: relationships.len() as u64,
        at_risk_total: relationships.iter().filter(|r| !r.risks.is_empty()).count() as u64,
        at_risk,
        median_days_to_first_meeting: mentors.median_days_to_first_meeting,
        workshops,
        as_of: None,
    })
}

/// The mentor funnel and the young people's wait for a first meeting. Staff only.
pub async fn funnel(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<domain::impact::Funnel, ServiceError> {
    funnel_for(db, None, now).await
}

/// The funnel for every mentor, or for one employer's employees who mentor.
pub async fn funnel_for(
    db: &impl ConnectionTrait,
    employer: Option<i64>,
    now: DateTime<Utc>,
) -> Result<domain::impact::Funnel, ServiceError> {
    // The employer's mentors, as a filter on a mentor-id column (ids are numbers, never text
    // from a request, so they go into the SQL as they are).
    let only = |col: &str| match employer {
        Some(p) => format!(" AND {col} IN (SELECT id FROM users WHERE role = 'mentor' AND partner_id = {p})"),
        None => String::new(),
    };
    let mentor = match employer {
        Some(p) => format!("(SELECT id FROM users WHERE role = 'mentor' AND partner_id = {p})"),
        None => "(SELECT id FROM users WHERE role = 'mentor')".to_string(),
    };
    let steps = [
        (
            "Registered",
            format!("SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM users WHERE role = 'mentor'{}", only("id")),
        ),
        (
            "Trained",
            format!(
                "SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM (SELECT q.user_id FROM quiz_attempts q WHERE q.passed \
                 AND q.user_id IN {mentor} GROUP BY q.user_id \
                 HAVING COUNT(DISTINCT q.module_id) >= (SELECT COUNT(*) FROM training_modules)) t"
            ),
        ),
        (
            "Workshop attended",
            format!(
                "SELECT CAST(COUNT(DISTINCT b.user_id) AS DOUBLE PRECISION) FROM workshop_bookings b \
                 JOIN workshops w ON w.id = b.workshop_id WHERE w.kind = 'mentor_workshop' AND b.status = 'attended'{}",
                only("b.user_id")
            ),
        ),
        (
            "Approved",
            format!(
                "SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM mentor_checks WHERE status = 'approved'{}",
                only("user_id")
            ),
        ),
        (
            "Matched",
            format!(
                "SELECT CAST(COUNT(DISTINCT mentor_id) AS DOUBLE PRECISION) FROM matches WHERE 1 = 1{}",
                only("mentor_id")
            ),
        ),
        (
            "Active",
            format!(
                "SELECT CAST(COUNT(DISTINCT mentor_id) AS DOUBLE PRECISION) FROM matches WHERE status = 'active'{}",
                only("mentor_id")
            ),
        ),
        (
            "Completed a mentoring",
            format!(
                "SELECT CAST(COUNT(DISTINCT mentor_id) AS DOUBLE PRECISION) FROM matches WHERE status = 'closed' \
                 AND closed_reason IN ('completed', 'goals_met'){}",
                only("mentor_id")
            ),
        ),
    ];
    let mut mentors = Vec::new();
    for (label, sql) in steps {
        mentors.push((label.to_string(), count(db, &sql).await?));
    }
    // Joined more than two weeks ago and not trained (the course's target).
    let mut late = user::Entity::find()
        .filter(user::Column::Role.eq(domain::Role::Mentor.as_str()))
        .filter(user::Column::CreatedAt.lt(now - chrono::Duration::days(domain::training::TARGET_DAYS)))
        .filter(sea_orm::sea_query::Expr::cust(
            "users.id NOT IN (SELECT q.user_id FROM quiz_attempts q WHERE q.passed GROUP BY q.user_id \
             HAVING COUNT(DISTINCT q.module_id) >= (SELECT COUNT(*) FROM training_modules))",
        ));
    if let Some(p) = employer {
        late = late.filter(user::Column::PartnerId.eq(p));
    }
    let training_overdue = late.count(db).await?;
    // Days from a young person's sign-up to their first logged session, as a histogram built
    // in the database (one row per distinct number of days), from which the median follows.
    let days = match db.get_database_backend() {
        DbBackend::Postgres => "(MIN(s.held_on) - CAST(MIN(u.created_at) AS DATE))",
        _ => "CAST(julianday(MIN(s.held_on)) - julianday(date(MIN(u.created_at))) AS INTEGER)",
    };
    let sql = format!(
        "SELECT d, CAST(COUNT(*) AS DOUBLE PRECISION) FROM (SELECT {days} AS d FROM matches m \
         JOIN users u ON u.id = m.young_person_id JOIN mentoring_sessions s ON s.match_id = m.id \
         WHERE 1 = 1{} GROUP BY m.young_person_id) t GROUP BY d ORDER BY d",
        only("m.mentor_id")
    );
    let mut histogram: Vec<(i64, u64)> = Vec::new();
    for r in db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await? {
        let d: i64 = r.try_get_by_index::<Option<i32>>(0)?.map(i64::from).unwrap_or(0);
        let c: f64 = r.try_get_by_index(1)?;
        histogram.push((d, c as u64));
    }
    Ok(domain::impact::Funnel {
        mentors,
        median_days_to_first_meeting: domain::impact::median_of_histogram(&histogram),
        young_people_met: histogram.iter().map(|h| h.1).sum(),
        training_overdue,
        as_of: None,
    })
}

/// Minutes of mentoring an employer's employees have given: confirmed sessions only.
pub async fn minutes_given(db: &impl ConnectionTrait, employer: i64) -> Result<u64, ServiceError> {
    let sql = format!(
        "SELECT CAST(SUM(s.minutes) AS DOUBLE PRECISION) FROM mentoring_sessions s JOIN matches m ON m.id = s.match_id \
         WHERE s.confirmed_at IS NOT NULL AND m.mentor_id IN \
         (SELECT id FROM users WHERE role = 'mentor' AND partner_id = {employer})"
    );
    let backend = db.get_database_backend();
    let row = db.query_one_raw(Statement::from_string(backend, sql)).await?.ok_or(ServiceError::NotFound)?;
    Ok(number(&row, 0)? as u64)
}
