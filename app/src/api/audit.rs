//! The audit log page (staff and the Designated Safeguarding Lead): the hash chain's check
//! and the latest entries, in words.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The audit log page: the chain's check and the latest entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: u64,
    pub problem: Option<String>,
    pub rows: Vec<AuditRow>,
    pub next: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub event: String,
    pub subject: String,
    pub detail: String,
}

#[server(endpoint = "audit_log")]
pub async fn audit_log(before: Option<i64>) -> Result<AuditPage, AppError> {
    use crate::ssr::{Access, require};
    use domain::{Role, audit};
    let me = require(Access::Roles(&[Role::Staff, Role::SafeguardingLead])).await?;
    let db = &me.db;
    let v = services::audit::verify(db).await?;
    const PAGE: u64 = 50;
    let rows = services::audit::recent(db, before, PAGE).await?;
    let next = (rows.len() as u64 == PAGE).then(|| rows.last().map(|r| r.seq)).flatten();
    // The log keeps account numbers; staff and safeguarding leads read names.
    let ids: Vec<i64> = rows.iter().flat_map(|r| [r.actor, audit::accounts_named(&r.subject)]).flatten().collect();
    let names = services::people::names(db, &ids).await?;
    Ok(AuditPage {
        entries: v.entries,
        problem: v.problem,
        next,
        rows: rows
            .into_iter()
            .map(|r| AuditRow {
                seq: r.seq,
                at: r.at,
                actor: match r.actor {
                    Some(a) => audit::subject_words(&format!("user:{a}"), &names),
                    None => "Tandem (automatic)".into(),
                },
                subject: audit::subject_words(&r.subject, &names),
                detail: audit::detail_words(&r.event, &r.detail),
                event: audit::event_words(&r.event),
            })
            .collect(),
    })
}
