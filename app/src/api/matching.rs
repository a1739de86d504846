//! Matching: staff see who is waiting, candidates for one young person, matching runs
//! (progress, draft, pin, veto, publish) and the weights; participants see their match and
//! can ask for a rematch.

use crate::error::{AppError, Form};
use domain::matching::{Candidate, MatchWeights, RunPairRow, RunSummary, WaitingRow};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolPage {
    pub rows: Vec<WaitingRow>,
    pub next: Option<i64>,
    pub waiting: usize,
    pub mentors_available: usize,
    /// When the two counts were taken, if they come from a snapshot (a large programme).
    pub counted_at: Option<String>,
    pub runs: Vec<RunSummary>,
    /// (id, name) of partner organisations, for the run form.
    pub partners: Vec<(i64, String)>,
}

pub const POOL_PAGE: usize = 25;

#[server(endpoint = "matching_pool")]
pub async fn matching_pool(after: Option<i64>) -> Result<PoolPage, AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let db = &me.db;
    let (rows, next) = services::matching::waiting_page(db, after, POOL_PAGE, now()).await?;
    let waiting = services::figures::waiting_total(db, now()).await?;
    let mentors_available = services::figures::mentors_available(db, now()).await?;
    let counted_at = waiting.as_of().or(mentors_available.as_of());
    let (waiting, mentors_available) = (waiting.value, mentors_available.value);
    let runs = services::matching::recent_runs(db, 5).await?;
    let partners = services::partners::list(db).await?.into_iter().map(|p| (p.id, p.name)).collect();
    Ok(PoolPage { rows, next, waiting, mentors_available, counted_at, runs, partners })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidatesView {
    pub young_person: WaitingRow,
    pub candidates: Vec<Candidate>,
}

/// `None` when the young person is not waiting (matched already, or not ready).
#[server(endpoint = "young_candidates")]
pub async fn young_candidates(young_person_id: i64) -> Result<Option<CandidatesView>, AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    match services::matching::candidates_for(&me.db, young_person_id, 10, now()).await {
        Ok((young_person, candidates)) => Ok(Some(CandidatesView { young_person, candidates })),
        Err(services::ServiceError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[server(endpoint = "confirm_match")]
pub async fn confirm_match(young_person_id: i64, mentor_id: i64) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    form(services::matching::confirm(&me.db, me.id, young_person_id, mentor_id, now()).await)
}

/// Starts a matching run in the background and opens its page, where progress shows.
#[server(endpoint = "start_matching_run")]
pub async fn start_matching_run(
    scope: Option<String>,
    region: Option<String>,
    partner: Option<String>,
    keep_from: Option<i64>,
) -> Result<Form<i64>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let db = &me.db;
    let kind = scope.unwrap_or_default();
    let value = match kind.as_str() {
        "region" => region.unwrap_or_default(),
        "partner" => partner.unwrap_or_default(),
        _ => String::new(),
    };
    // Running again keeps the earlier run's scope (and its pinned pairs).
    let parsed = match keep_from {
        Some(from) => services::matching::run_scope(db, from).await.map_err(AppError::from),
        None => domain::matching::RunScope::parse(&kind, &value).map_err(AppError::Validation),
    };
    let created = match parsed {
        Ok(s) => services::matching::create_run(db, me.id, &s, now()).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    if let Ok(id) = created {
        let db = db.clone();
        let at = now();
        tokio::spawn(async move {
            let _ = services::matching::execute_run(&db, id, keep_from, at).await;
        });
        leptos_axum::redirect(&format!("/admin/matching/runs/{id}"));
    }
    form(created)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunPage {
    pub run: RunSummary,
    pub pairs: Vec<RunPairRow>,
    pub next: Option<i64>,
    /// A draft's first page: who it leaves waiting, longest wait first, and why.
    pub left_waiting: Vec<domain::matching::LeftWaiting>,
    /// A draft made again from an earlier one: that run, and who it paired that this one
    /// no longer does.
    pub dropped: Option<(i64, Vec<String>)>,
}

pub const RUN_PAGE: u64 = 50;
/// How many of those a draft leaves waiting its page lists (longest wait first).
pub const LEFT_WAITING_SHOWN: usize = 25;
/// Up to this pool size the page works out why each is left waiting (it reads the whole pool
/// and every available mentor); above it, the page points to the waiting list instead.
pub const LEFT_WAITING_POOL_LIMIT: i64 = 20_000;

#[server(endpoint = "matching_run")]
pub async fn matching_run(run_id: i64, after: Option<i64>) -> Result<RunPage, AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let db = &me.db;
    let (run, pairs, next) = services::matching::run_view(db, run_id, after, RUN_PAGE).await?;
    let first_draft_page = run.status == domain::matching::RunStatus::Draft && after.is_none();
    let (left_waiting, dropped) = if first_draft_page {
        (
            if run.pool_size <= LEFT_WAITING_POOL_LIMIT {
                services::matching::left_waiting(db, run_id, LEFT_WAITING_SHOWN, now()).await?
            } else {
                Vec::new()
            },
            services::matching::dropped_since(db, run_id).await?,
        )
    } else {
        (Vec::new(), None)
    };
    Ok(RunPage { run, pairs, next, left_waiting, dropped })
}

/// Pins, unpins or vetoes a draft pair.
#[server(endpoint = "flag_run_pair")]
pub async fn flag_run_pair(run_id: i64, pair_id: i64, action: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    form(services::matching::flag_pair(&me.db, me.id, run_id, pair_id, &action, now()).await)
}

/// Publishes a draft (`decision` = publish) or discards it (`decision` = discard).
#[server(endpoint = "decide_run")]
pub async fn decide_run(run_id: i64, decision: String) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let db = &me.db;
    let r = match decision.as_str() {
        "publish" => services::matching::publish(db, me.id, run_id, now())
            .await
            .map(|(n, skipped)| {
                format!(
                    "Published {n} matches; both sides have been told.{}",
                    if skipped > 0 {
                        format!(" {skipped} pairs were skipped because someone was no longer available.")
                    } else {
                        String::new()
                    }
                )
            })
            .map_err(AppError::from),
        "discard" => services::matching::discard(db, run_id)
            .await
            .map(|_| "Draft discarded.".to_string())
            .map_err(AppError::from),
        _ => Err(AppError::Validation(domain::FieldErrors::single("form", "Choose publish or discard"))),
    };
    form(r)
}

#[server(endpoint = "matching_weights")]
pub async fn matching_weights() -> Result<MatchWeights, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::matching::weights(&me.db).await?)
}

#[server(endpoint = "save_matching_weights")]
pub async fn save_matching_weights(
    goals: String,
    sector: String,
    availability: String,
    format: String,
    language: String,
    waiting: String,
) -> Result<Form<MatchWeights>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let input = domain::matching::WeightsInput { goals, sector, availability, format, language, waiting };
    form(services::matching::save_weights(&me.db, me.id, &input, now()).await)
}

pub use domain::matching::MatchCard;

#[server(endpoint = "my_match")]
pub async fn load_my_match() -> Result<MatchCard, AppError> {
    use crate::ssr::{Access, PARTICIPANTS, now, require};
    let me = require(Access::Roles(PARTICIPANTS)).await?;
    Ok(services::matching::match_card(&me.db, me.id, now()).await?)
}

/// Either side of a match (or staff) asks for a new match, with a reason.
#[server(endpoint = "request_rematch")]
pub async fn request_rematch(match_id: i64, reason: Option<String>, note: String) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, form, now, require};
    use domain::Role;
    let me = require(Access::Roles(&[Role::Mentor, Role::YoungPerson, Role::Staff])).await?;
    let input = domain::matching::RematchInput { reason, note };
    form(services::matching::request_rematch(&me.db, me.id, me.role == Role::Staff, match_id, &input, now()).await)
}
