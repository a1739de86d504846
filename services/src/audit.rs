//! The audit log of security-relevant events: sign-ins and failures, accounts created with a
//! role, mentor decisions, data exports and erasures, who opened (or tried to open) a
//! safeguarding case, suspensions.
//!
//! Tamper-evident: each entry's hash covers its fields and the previous entry's hash, so
//! changing, removing or reordering any entry breaks every hash after it, which [`verify`]
//! finds. Writers take the single `audit_head` row first (an UPDATE: a row lock on PostgreSQL,
//! the write lock on SQLite), so entries from several app servers form one chain with no gaps.
//! The database also refuses UPDATE and DELETE on the log (triggers).
//!
//! Entries hold account numbers, never names or email addresses, so erasing a person never
//! needs to touch the chain.

use crate::ServiceError;
use crate::entities::audit_entry;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    TransactionSession, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One event to record.
#[derive(Debug, Clone, Default)]
pub struct Event {
    pub actor: Option<i64>,
    pub event: &'static str,
    pub subject: String,
    pub detail: String,
    pub ip: Option<String>,
}

impl Event {
    pub fn new(event: &'static str, actor: Option<i64>, subject: impl Into<String>) -> Event {
        Event { actor, event, subject: subject.into(), ..Default::default() }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Event {
        self.detail = detail.into();
        self
    }

    pub fn ip(mut self, ip: Option<&str>) -> Event {
        self.ip = ip.map(str::to_owned);
        self
    }
}

/// One link of the chain, as hashed.
struct Link<'a> {
    prev: &'a str,
    seq: i64,
    at_micros: i64,
    actor: Option<i64>,
    event: &'a str,
    subject: &'a str,
    detail: &'a str,
    ip: Option<&'a str>,
}

impl Link<'_> {
    /// Every field, length-prefixed so no two entries can run together.
    fn hash(&self) -> String {
        let mut h = Sha256::new();
        let actor = self.actor.map(|a| a.to_string()).unwrap_or_default();
        let (seq, at) = (self.seq.to_string(), self.at_micros.to_string());
        for field in [self.prev, &seq, &at, &actor, self.event, self.subject, self.detail, self.ip.unwrap_or("")] {
            h.update((field.len() as u64).to_be_bytes());
            h.update(field.as_bytes());
        }
        hex::encode(h.finalize())
    }
}

/// Appends an event to the chain. Inside a caller's transaction it joins it (a savepoint), so
/// the event is recorded exactly when what it describes is.
pub async fn record<C>(db: &C, e: Event, now: DateTime<Utc>) -> Result<i64, ServiceError>
where
    C: ConnectionTrait + TransactionTrait,
{
    // Stored to the microsecond on every backend, so the verifier recomputes the same hash.
    let at = DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    // Taking the head row first serialises writers.
    txn.execute_raw(Statement::from_string(backend, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1")).await?;
    let head = txn
        .query_one_raw(Statement::from_string(backend, "SELECT seq, hash FROM audit_head WHERE id = 1"))
        .await?
        .ok_or_else(|| ServiceError::Internal("audit_head row missing".into()))?;
    let seq: i64 = head.try_get("", "seq")?;
    let prev: String = head.try_get("", "hash")?;
    let hash = Link {
        prev: &prev,
        seq,
        at_micros: at.timestamp_micros(),
        actor: e.actor,
        event: e.event,
        subject: &e.subject,
        detail: &e.detail,
        ip: e.ip.as_deref(),
    }
    .hash();
    let (insert, update) = match backend {
        DbBackend::Postgres => (
            "INSERT INTO audit_log (seq, at, actor_id, event, subject, detail, ip, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            "UPDATE audit_head SET hash = $1 WHERE id = 1",
        ),
        _ => (
            "INSERT INTO audit_log (seq, at, actor_id, event, subject, detail, ip, prev_hash, hash) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "UPDATE audit_head SET hash = ? WHERE id = 1",
        ),
    };
    txn.execute_raw(Statement::from_sql_and_values(
        backend,
        insert,
        [
            seq.into(),
            at.into(),
            e.actor.into(),
            e.event.into(),
            e.subject.clone().into(),
            e.detail.clone().into(),
            e.ip.clone().into(),
            prev.into(),
            hash.clone().into(),
        ],
    ))
    .await?;
    txn.execute_raw(Statement::from_sql_and_values(backend, update, [hash.into()])).await?;
    txn.commit().await?;
    Ok(seq)
}

/// What the verifier found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub entries: u64,
    /// None when the whole chain checks out; otherwise the first problem, in words.
    pub problem: Option<String>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.problem.is_none()
    }
}

/// Walks the whole chain in order, in batches, recomputing every hash.
pub async fn verify(db: &impl ConnectionTrait) -> Result<Verification, ServiceError> {
    const BATCH: u64 = 5_000;
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1i64;
    let mut entries = 0u64;
    loop {
        let rows = audit_entry::Entity::find()
            .filter(audit_entry::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_entry::Column::Seq)
            .limit(BATCH)
            .all(db)
            .await?;
        let done = (rows.len() as u64) < BATCH;
        for r in rows {
            let problem = if r.seq != expected_seq {
                Some(format!("entry {expected_seq} is missing"))
            } else if r.prev_hash != prev {
                Some(format!("entry {} does not follow entry {}", r.seq, r.seq - 1))
            } else if r.hash
                != (Link {
                    prev: &r.prev_hash,
                    seq: r.seq,
                    at_micros: r.at.timestamp_micros(),
                    actor: r.actor_id,
                    event: &r.event,
                    subject: &r.subject,
                    detail: &r.detail,
                    ip: r.ip.as_deref(),
                })
                .hash()
            {
                Some(format!("entry {} has been altered", r.seq))
            } else {
                None
            };
            if problem.is_some() {
                return Ok(Verification { entries, problem });
            }
            prev = r.hash;
            expected_seq += 1;
            entries += 1;
        }
        if done {
            break;
        }
    }
    // The head must point at the last entry: entries removed from the end show here.
    let backend = db.get_database_backend();
    let head = db
        .query_one_raw(Statement::from_string(backend, "SELECT seq, hash FROM audit_head WHERE id = 1"))
        .await?
        .ok_or_else(|| ServiceError::Internal("audit_head row missing".into()))?;
    let (seq, hash): (i64, String) = (head.try_get("", "seq")?, head.try_get("", "hash")?);
    let problem = (seq != expected_seq - 1 || hash != prev)
        .then(|| format!("the log ends at entry {} but should end at entry {seq}", expected_seq - 1));
    Ok(Verification { entries, problem })
}

/// An audit entry as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: Option<i64>,
    pub event: String,
    pub subject: String,
    pub detail: String,
}

fn row(r: audit_entry::Model) -> AuditRow {
    AuditRow {
        seq: r.seq,
        at: r.at.format("%-d %b %Y %H:%M:%S").to_string(),
        actor: r.actor_id,
        event: r.event,
        subject: r.subject,
        detail: r.detail,
    }
}

/// The latest entries, newest first; `before` pages back (keyset on seq).
pub async fn recent(db: &impl ConnectionTrait, before: Option<i64>, limit: u64) -> Result<Vec<AuditRow>, ServiceError> {
    let mut q = audit_entry::Entity::find().order_by_desc(audit_entry::Column::Seq).limit(limit);
    if let Some(b) = before {
        q = q.filter(audit_entry::Column::Seq.lt(b));
    }
    Ok(q.all(db).await?.into_iter().map(row).collect())
}

/// Every entry about one subject, oldest first (e.g. who opened a case).
pub async fn about(db: &impl ConnectionTrait, subject: &str) -> Result<Vec<audit_entry::Model>, ServiceError> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::Subject.eq(subject))
        .order_by_asc(audit_entry::Column::Seq)
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link<'a>(
        prev: &'a str,
        seq: i64,
        at: i64,
        actor: Option<i64>,
        rest: [&'a str; 3],
        ip: Option<&'a str>,
    ) -> String {
        Link { prev, seq, at_micros: at, actor, event: rest[0], subject: rest[1], detail: rest[2], ip }.hash()
    }

    #[test]
    fn every_field_changes_the_hash() {
        let base = link(GENESIS, 1, 5, Some(2), ["login.success", "user:2", ""], None);
        assert_eq!(base.len(), 64);
        let variants = [
            link("1", 1, 5, Some(2), ["login.success", "user:2", ""], None),
            link(GENESIS, 2, 5, Some(2), ["login.success", "user:2", ""], None),
            link(GENESIS, 1, 6, Some(2), ["login.success", "user:2", ""], None),
            link(GENESIS, 1, 5, None, ["login.success", "user:2", ""], None),
            link(GENESIS, 1, 5, Some(2), ["login.failure", "user:2", ""], None),
            link(GENESIS, 1, 5, Some(2), ["login.success", "user:3", ""], None),
            link(GENESIS, 1, 5, Some(2), ["login.success", "user:2", "x"], None),
            link(GENESIS, 1, 5, Some(2), ["login.success", "user:2", ""], Some("::1")),
            // Moving text between fields is a different entry too.
            link(GENESIS, 1, 5, Some(2), ["login.success", "user:", "2"], None),
        ];
        for v in variants {
            assert_ne!(v, base);
        }
    }
}
