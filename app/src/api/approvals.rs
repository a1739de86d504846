//! Staff review of mentor applications: queues, the DBS check, references and decisions.
//! Mentors see their own outcome on their dashboard.

use crate::error::{AppError, Form};
use domain::approvals::{MentorReview, MentorStatus, QueueRow};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    /// (filter key, label, count) for every queue.
    pub counts: Vec<(String, String, u64)>,
    pub filter: String,
    pub name: String,
    pub rows: Vec<QueueRow>,
    pub next: Option<i64>,
}

pub const QUEUE_PAGE: u64 = 25;

#[server(endpoint = "mentor_queue")]
pub async fn mentor_queue(
    filter: Option<String>,
    name: Option<String>,
    after: Option<i64>,
) -> Result<QueuePage, AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    use domain::approvals::QueueFilter;
    let me = require(Access::Roles(STAFF)).await?;
    let db = &me.db;
    let f = filter.as_deref().and_then(QueueFilter::parse).unwrap_or(QueueFilter::ToReview);
    let mut rows = services::approvals::queue(db, f, name.as_deref(), after, QUEUE_PAGE + 1, now()).await?;
    let next = (rows.len() as u64 > QUEUE_PAGE).then(|| {
        rows.truncate(QUEUE_PAGE as usize);
        rows.last().map(|r| r.user_id).unwrap_or_default()
    });
    let counts = services::approvals::counts(db)
        .await?
        .into_iter()
        .map(|(f, n)| (f.as_str().to_string(), f.label().to_string(), n))
        .collect();
    Ok(QueuePage { counts, filter: f.as_str().into(), name: name.unwrap_or_default(), rows, next })
}

#[server(endpoint = "mentor_review")]
pub async fn load_mentor_review(mentor_id: i64) -> Result<MentorReview, AppError> {
    use crate::ssr::{Access, STAFF, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::approvals::review(&me.db, mentor_id, now()).await?)
}

#[server(endpoint = "record_dbs")]
pub async fn record_dbs(
    mentor_id: i64,
    certificate_number: String,
    issue_date: String,
    update_service: Option<String>,
    recheck_date: String,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let input = domain::approvals::DbsInput { certificate_number, issue_date, update_service, recheck_date };
    form(services::approvals::record_dbs(&me.db, mentor_id, &input, now()).await)
}

#[server(endpoint = "add_reference")]
pub async fn add_reference(
    mentor_id: i64,
    referee: String,
    relationship: String,
    outcome: Option<String>,
) -> Result<Form<()>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let input = domain::approvals::ReferenceInput { referee, relationship, outcome };
    form(services::approvals::add_reference(&me.db, me.id, mentor_id, &input, now()).await)
}

#[server(endpoint = "decide_mentor")]
pub async fn decide_mentor(
    mentor_id: i64,
    decision: Option<String>,
    reason: Option<String>,
    note: String,
) -> Result<Form<MentorStatus>, AppError> {
    use crate::ssr::{Access, STAFF, form, now, require};
    let me = require(Access::Roles(STAFF)).await?;
    let input = domain::approvals::DecisionInput { decision: decision.unwrap_or_default(), reason, note };
    form(services::approvals::decide(&me.db, me.id, mentor_id, &input, now()).await)
}
