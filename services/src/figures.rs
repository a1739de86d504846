//! Programme-wide figures that count the whole programme: the programme dashboard, the staff
//! funnel on the impact report, the waiting total and available mentors on the matching page,
//! and relationship monitoring.
//!
//! A figure that is cheap to count (under [`LIVE_LIMIT_MS`]) is counted on every view, so a
//! small programme always sees live numbers. Once counting takes longer (a national
//! programme: seconds over millions of rows), views read the last snapshot, which says when
//! it was taken, and [`refresh_stale`] (a background job on every app server) counts it again
//! once it is older than [`REFRESH_EVERY_MINUTES`]. A server claims a figure before counting
//! it, so several app servers on one database count each figure once.

use crate::ServiceError;
use crate::entities::figure_snapshot;
use chrono::{DateTime, Duration, Utc};
use domain::impact::Funnel;
use domain::mentoring::{RELATIONSHIPS_LISTED, RelationshipRow};
use domain::programme::ProgrammeOverview;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::Instant;

/// Counting faster than this (milliseconds) is done on every view.
pub const LIVE_LIMIT_MS: i64 = 500;
/// How old a snapshot may grow before the background job counts it again.
pub const REFRESH_EVERY_MINUTES: i64 = 10;
/// How long a server may hold a claim to count a figure (after that another may take over).
const CLAIM_MINUTES: i64 = 15;

/// The figures kept as snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Programme,
    MentorFunnel,
    WaitingTotal,
    MentorsAvailable,
    Relationships,
}

impl Figure {
    pub const ALL: [Figure; 5] = [
        Figure::Programme,
        Figure::MentorFunnel,
        Figure::WaitingTotal,
        Figure::MentorsAvailable,
        Figure::Relationships,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Figure::Programme => "programme",
            Figure::MentorFunnel => "mentor_funnel",
            Figure::WaitingTotal => "waiting_total",
            Figure::MentorsAvailable => "mentors_available",
            Figure::Relationships => "relationships",
        }
    }

    fn parse(name: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Counts the figure now, as JSON.
    async fn count(self, db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<String, ServiceError> {
        fn json(v: &impl Serialize) -> Result<String, ServiceError> {
            serde_json::to_string(v).map_err(|e| ServiceError::Internal(e.to_string()))
        }
        match self {
            Figure::Programme => json(&crate::programme::overview(db, now).await?),
            Figure::MentorFunnel => json(&crate::programme::funnel(db, now).await?),
            Figure::WaitingTotal => json(&crate::matching::waiting_count(db, now).await?),
            Figure::MentorsAvailable => json(&crate::matching::available(db, None, now).await?.len()),
            Figure::Relationships => json(&crate::mentoring::relationships(db, now, RELATIONSHIPS_LISTED).await?),
        }
    }
}

/// A figure with the time it was counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted<T> {
    pub value: T,
    pub taken_at: DateTime<Utc>,
    /// True when counted for this view; false when read from a snapshot.
    pub live: bool,
}

impl<T> Counted<T> {
    /// "Counted at 14:05 on 2 Dec" for a snapshot; `None` for live figures.
    pub fn as_of(&self) -> Option<String> {
        (!self.live).then(|| self.taken_at.format("%H:%M UTC on %-d %b %Y").to_string())
    }
}

async fn store(
    db: &impl ConnectionTrait,
    figure: Figure,
    now: DateTime<Utc>,
    took_ms: i64,
    body: String,
) -> Result<(), ServiceError> {
    store_named(db, figure.name(), now, took_ms, body).await
}

/// Keeps `body` as the snapshot called `name` (a [`Figure`], or another cached figure such
/// as the public impact page's).
pub(crate) async fn store_named(
    db: &impl ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
    took_ms: i64,
    body: String,
) -> Result<(), ServiceError> {
    figure_snapshot::Entity::insert(figure_snapshot::ActiveModel {
        name: Set(name.to_string()),
        taken_at: Set(now),
        took_ms: Set(took_ms),
        body: Set(body),
        claimed_until: Set(None),
    })
    .on_conflict(
        OnConflict::column(figure_snapshot::Column::Name)
            .update_columns([
                figure_snapshot::Column::TakenAt,
                figure_snapshot::Column::TookMs,
                figure_snapshot::Column::Body,
                figure_snapshot::Column::ClaimedUntil,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Counts `figure` now: its JSON and how long counting took, in milliseconds.
async fn timed_count(
    db: &impl ConnectionTrait,
    figure: Figure,
    now: DateTime<Utc>,
) -> Result<(String, i64), ServiceError> {
    let started = Instant::now();
    let body = figure.count(db, now).await?;
    Ok((body, started.elapsed().as_millis() as i64))
}

/// Counts `figure` now and keeps the result as its snapshot.
pub async fn recount(db: &impl ConnectionTrait, figure: Figure, now: DateTime<Utc>) -> Result<String, ServiceError> {
    let (body, took_ms) = timed_count(db, figure, now).await?;
    store(db, figure, now, took_ms, body.clone()).await?;
    Ok(body)
}

fn parse<T: DeserializeOwned>(body: &str) -> Result<T, ServiceError> {
    serde_json::from_str(body).map_err(|e| ServiceError::Internal(format!("figure snapshot: {e}")))
}

/// The figure for a view: its snapshot when counting it is slow, else counted now.
pub async fn get<T: DeserializeOwned>(
    db: &impl ConnectionTrait,
    figure: Figure,
    now: DateTime<Utc>,
) -> Result<Counted<T>, ServiceError> {
    let kept = figure_snapshot::Entity::find_by_id(figure.name()).one(db).await?;
    if let Some(s) = &kept
        && s.took_ms >= LIVE_LIMIT_MS
        && let Ok(value) = parse(&s.body)
    {
        return Ok(Counted { value, taken_at: s.taken_at, live: false });
    }
    let (body, took_ms) = timed_count(db, figure, now).await?;
    // Kept only once it is slow to count (or to replace a snapshot that no longer reads), so
    // that views of a small programme write nothing.
    if took_ms >= LIVE_LIMIT_MS || kept.is_some_and(|s| s.took_ms >= LIVE_LIMIT_MS) {
        store(db, figure, now, took_ms, body.clone()).await?;
    }
    Ok(Counted { value: parse(&body)?, taken_at: now, live: true })
}

/// Counts again every slow figure whose snapshot is older than [`REFRESH_EVERY_MINUTES`],
/// claiming each first so that only one app server counts it. Returns the figures counted.
pub async fn refresh_stale(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<Figure>, ServiceError> {
    let stale_before = now - Duration::minutes(REFRESH_EVERY_MINUTES);
    let rows = figure_snapshot::Entity::find()
        .filter(figure_snapshot::Column::TookMs.gte(LIVE_LIMIT_MS))
        .filter(figure_snapshot::Column::TakenAt.lt(stale_before))
        .all(db)
        .await?;
    let mut counted = Vec::new();
    for row in rows {
        let Some(figure) = Figure::parse(&row.name) else { continue };
        let claim = figure_snapshot::Entity::update_many()
            .col_expr(figure_snapshot::Column::ClaimedUntil, Expr::value(now + Duration::minutes(CLAIM_MINUTES)))
            .filter(figure_snapshot::Column::Name.eq(figure.name()))
            .filter(figure_snapshot::Column::TakenAt.lt(stale_before))
            .filter(
                sea_orm::Condition::any()
                    .add(figure_snapshot::Column::ClaimedUntil.is_null())
                    .add(figure_snapshot::Column::ClaimedUntil.lt(now)),
            )
            .exec(db)
            .await?;
        if claim.rows_affected == 1 {
            recount(db, figure, now).await?;
            counted.push(figure);
        }
    }
    Ok(counted)
}

/// The programme dashboard. Staff only.
pub async fn programme(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<ProgrammeOverview, ServiceError> {
    let c = get::<ProgrammeOverview>(db, Figure::Programme, now).await?;
    let as_of = c.as_of();
    Ok(ProgrammeOverview { as_of, ..c.value })
}

/// The staff funnel on the impact report. Staff only.
pub async fn mentor_funnel(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Funnel, ServiceError> {
    let c = get::<Funnel>(db, Figure::MentorFunnel, now).await?;
    let as_of = c.as_of();
    Ok(Funnel { as_of, ..c.value })
}

/// Young people waiting for a mentor.
pub async fn waiting_total(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Counted<usize>, ServiceError> {
    get(db, Figure::WaitingTotal, now).await
}

/// Mentors who could take a young person now.
pub async fn mentors_available(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Counted<usize>, ServiceError> {
    get(db, Figure::MentorsAvailable, now).await
}

/// Relationship monitoring: the riskiest active relationships first.
pub async fn relationships(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Counted<Vec<RelationshipRow>>, ServiceError> {
    get(db, Figure::Relationships, now).await
}
