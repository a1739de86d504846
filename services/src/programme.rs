//! The staff programme dashboard: funnels, waiting times, relationships at risk and
//! workshop capacity. Counts are aggregated in the database (one row per distinct number of
//! days for the waiting times); the risk counts come from relationship monitoring. The page
//! reads them through `figures`, which keeps a snapshot once counting them is slow.

use crate::ServiceError;
use crate::impact::{count, funnel};
use crate::matching::{CLOSED, MATCHED, REMATCH};
use chrono::{DateTime, Months, Utc};
use domain::evaluation::EvaluationKind;
use domain::impact::median_of_histogram;
use domain::programme::{ProgrammeOverview, WorkshopLoad, wait_bands};
use domain::workshop::{BookingStatus, WorkshopKind};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// The WHERE clause (on `a` = yp_applications, `u` = users) for young people waiting for a
/// mentor now: the same rule as the matching pool ([`crate::matching::waiting`]).
fn waiting_clause(now: DateTime<Utc>) -> String {
    waiting_clause_on(now, "a", "u")
}

/// [`waiting_clause`] on the applications table as `a` and the users table as `u` (table
/// names or aliases), for queries sea-orm builds. It leads with the `placed` flag, so a page
/// in application order walks the pool's index (placed, submitted_at, user_id) instead of
/// every matched application; the whole rule is still checked after it.
pub(crate) fn waiting_clause_on(now: DateTime<Utc>, a: &str, u: &str) -> String {
    let today = now.date_naive();
    let adult_born_by = today.checked_sub_months(Months::new(18 * 12)).unwrap_or(today);
    format!(
        "{a}.placed = false AND {u}.role = 'young_person' AND {u}.disabled = false \
         AND EXISTS (SELECT 1 FROM evaluations e WHERE e.user_id = {u}.id AND e.kind = '{pre}' AND e.completed_at IS NOT NULL) \
         AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.young_person_id = {u}.id \
             AND (m.status = '{MATCHED}' OR (m.status = '{CLOSED}' AND (m.closed_reason IS NULL OR m.closed_reason <> '{REMATCH}')))) \
         AND ({u}.date_of_birth <= '{adult_born_by}' OR ({a}.confirmed_at IS NOT NULL AND EXISTS ( \
             SELECT 1 FROM workshop_bookings b JOIN workshops w ON w.id = b.workshop_id \
             WHERE b.user_id = {u}.id AND w.kind = '{induction}' AND b.status = '{attended}')))",
        pre = EvaluationKind::Pre.as_str(),
        induction = WorkshopKind::MenteeInduction.as_str(),
        attended = BookingStatus::Attended.as_str(),
    )
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
                 WHERE status = '{CLOSED}' AND closed_reason IN ('completed', 'goals_met')"
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
