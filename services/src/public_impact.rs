//! The public impact page (`/impact`) and the home page's summary: whole-programme figures
//! anyone may read. Each is counted from the database, covers the period since the
//! programme's first participant joined, carries its number of people and is hidden for fewer
//! than [`MIN_GROUP`]. The page is public, so its figures are kept as a snapshot (table
//! `figure_snapshots`) and counted again at most once an hour, whoever asks and on however
//! many app servers.

use crate::ServiceError;
use crate::entities::figure_snapshot;
use crate::reporting::number;
use chrono::{DateTime, Duration, Utc};
use domain::impact::{MIN_GROUP, PublicFeedback, PublicImpact, PublicShare, PublicTheme, ValidFilter, public_count};
use domain::workshops::WorkshopKind;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};

/// The snapshot's name in `figure_snapshots`.
pub const SNAPSHOT: &str = "public_impact";
/// How old the figures may be before they are counted again.
pub const CACHE_MINUTES: i64 = 60;

async fn row(db: &impl ConnectionTrait, sql: &str) -> Result<sea_orm::QueryResult, ServiceError> {
    let backend = db.get_database_backend();
    db.query_one_raw(Statement::from_string(backend, sql.to_string())).await?.ok_or(ServiceError::NotFound)
}

/// `k` of `n` people from a share in percent that was worked out from whole numbers.
fn people(pct: f64, n: u64) -> u64 {
    (pct * n as f64 / 100.0).round() as u64
}

/// Feedback on each kind of workshop: (n, good to excellent, would recommend, prepared,
/// asked whether prepared) per kind.
async fn feedback(db: &impl ConnectionTrait) -> Result<Vec<(WorkshopKind, [u64; 5])>, ServiceError> {
    let backend = db.get_database_backend();
    let sql = "SELECT w.kind, CAST(COUNT(*) AS DOUBLE PRECISION), \
               CAST(SUM(CASE WHEN f.rating >= 3 THEN 1 ELSE 0 END) AS DOUBLE PRECISION), \
               CAST(SUM(CASE WHEN f.would_recommend THEN 1 ELSE 0 END) AS DOUBLE PRECISION), \
               CAST(SUM(CASE WHEN f.prepared THEN 1 ELSE 0 END) AS DOUBLE PRECISION), \
               CAST(SUM(CASE WHEN f.prepared IS NULL THEN 0 ELSE 1 END) AS DOUBLE PRECISION) \
               FROM workshop_feedback f JOIN workshops w ON w.id = f.workshop_id GROUP BY w.kind";
    let mut out = Vec::new();
    for r in db.query_all_raw(Statement::from_string(backend, sql.to_string())).await? {
        let kind: String = r.try_get_by_index(0)?;
        let Some(kind) = WorkshopKind::parse(&kind) else { continue };
        let mut counts = [0u64; 5];
        for (i, c) in counts.iter_mut().enumerate() {
            *c = number(&r, i + 1)? as u64;
        }
        out.push((kind, counts));
    }
    Ok(out)
}

fn feedback_of(rows: &[(WorkshopKind, [u64; 5])], kind: WorkshopKind, label: &str) -> Option<PublicFeedback> {
    let [n, good, recommend, prepared, asked] = rows.iter().find(|(k, _)| *k == kind)?.1;
    Some(PublicFeedback {
        label: label.to_string(),
        good_to_excellent: PublicShare::of(good, n)?,
        would_recommend: PublicShare::of(recommend, n)?,
        prepared: PublicShare::of(prepared, asked),
    })
}

/// Counts every figure now.
pub async fn count(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<PublicImpact, ServiceError> {
    let since = row(db, "SELECT MIN(created_at) FROM users").await?.try_get_by_index::<Option<DateTime<Utc>>>(0)?;
    let period = format!("{} to {}", since.unwrap_or(now).format("%-d %b %Y"), now.format("%-d %b %Y"));
    let mentored = row(
        db,
        "SELECT CAST(COUNT(DISTINCT m.young_person_id) AS DOUBLE PRECISION), \
         CAST(COUNT(DISTINCT m.mentor_id) AS DOUBLE PRECISION) \
         FROM matches m WHERE EXISTS (SELECT 1 FROM mentoring_sessions s \
         WHERE s.match_id = m.id AND s.confirmed_at IS NOT NULL)",
    )
    .await?;
    let sessions = row(
        db,
        "SELECT CAST(COUNT(*) AS DOUBLE PRECISION), CAST(SUM(minutes) AS DOUBLE PRECISION) \
         FROM mentoring_sessions WHERE confirmed_at IS NOT NULL",
    )
    .await?;
    let held = number(&sessions, 0)? as u64;
    let minutes = number(&sessions, 1)?;
    // The staff report's figures for the whole programme, with the questionnaire in use.
    let report = crate::impact::report(db, &ValidFilter::default(), None, "Everyone").await?;
    let themes = report
        .themes
        .iter()
        .map(|t| PublicTheme {
            theme: t.label.clone(),
            improved: t.result.and_then(|p| PublicShare::of(people(p.improved_pct, p.n), p.n)),
        })
        .collect();
    let rows = feedback(db).await?;
    let nps_group = report.nps.filter(|n| n.n >= MIN_GROUP);
    Ok(PublicImpact {
        period,
        counted_at: now.format("%H:%M UTC on %-d %b %Y").to_string(),
        young_people_mentored: public_count(number(&mentored, 0)? as u64),
        mentors_mentoring: public_count(number(&mentored, 1)? as u64),
        sessions_held: public_count(held),
        hours: public_count(held).map(|_| (minutes / 60.0).round() as u64),
        pairs: report.pairs,
        themes,
        mentor_workshops: feedback_of(&rows, WorkshopKind::MentorWorkshop, "Mentor workshops"),
        inductions: feedback_of(&rows, WorkshopKind::MenteeInduction, "Young people's inductions"),
        seven_to_ten: nps_group.and_then(|n| PublicShare::of(people(n.seven_to_ten_pct, n.n), n.n)),
        nps: nps_group.map(|n| n.nps),
        wants: if report.applications >= MIN_GROUP { report.wants } else { Vec::new() },
        applications: report.applications,
    })
}

/// The figures as the page shows them: the snapshot while it is under an hour old, else
/// counted now and kept.
pub async fn get(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<PublicImpact, ServiceError> {
    if let Some(s) = figure_snapshot::Entity::find_by_id(SNAPSHOT).one(db).await?
        && s.taken_at > now - Duration::minutes(CACHE_MINUTES)
        && let Ok(kept) = serde_json::from_str::<PublicImpact>(&s.body)
    {
        return Ok(kept);
    }
    let started = std::time::Instant::now();
    let figures = count(db, now).await?;
    let body = serde_json::to_string(&figures).map_err(|e| ServiceError::Internal(e.to_string()))?;
    crate::figures::store_named(db, SNAPSHOT, now, started.elapsed().as_millis() as i64, body).await?;
    Ok(figures)
}
