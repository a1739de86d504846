//! Sign-in throttling per account and per IP address, stored in the database so that
//! every app server counts the same failures.

use crate::ServiceError;
use crate::entities::login_attempt;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    pub window: Duration,
    pub per_account: u64,
    pub per_ip: u64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy { window: Duration::minutes(15), per_account: 5, per_ip: 20 }
    }
}

const ACCOUNT: &str = "account";
const IP: &str = "ip";

async fn failures(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    since: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    Ok(login_attempt::Entity::find()
        .filter(login_attempt::Column::Scope.eq(scope))
        .filter(login_attempt::Column::Key.eq(key))
        .filter(login_attempt::Column::AttemptedAt.gt(since))
        .count(db)
        .await?)
}

/// Refuses when either the account (known or not: no enumeration) or the IP has too many
/// recent failures.
pub async fn check(
    db: &impl ConnectionTrait,
    policy: ThrottlePolicy,
    email_key: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let since = now - policy.window;
    let throttled = ServiceError::Throttled { minutes: policy.window.num_minutes() };
    if failures(db, ACCOUNT, email_key, since).await? >= policy.per_account {
        return Err(throttled);
    }
    if let Some(ip) = ip
        && failures(db, IP, ip, since).await? >= policy.per_ip
    {
        return Err(throttled);
    }
    Ok(())
}

pub async fn record_failure(
    db: &impl ConnectionTrait,
    email_key: &str,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut rows = vec![(ACCOUNT, email_key)];
    if let Some(ip) = ip {
        rows.push((IP, ip));
    }
    for (scope, key) in rows {
        login_attempt::ActiveModel {
            scope: Set(scope.into()),
            key: Set(key.chars().take(254).collect()),
            attempted_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// A successful sign-in clears the account's failures (not the IP's).
pub async fn clear_account(db: &impl ConnectionTrait, email_key: &str) -> Result<(), ServiceError> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Scope.eq(ACCOUNT))
        .filter(login_attempt::Column::Key.eq(email_key))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets failures older than the window: they no longer count.
pub async fn purge_old(
    db: &impl ConnectionTrait,
    policy: ThrottlePolicy,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    Ok(login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lte(now - policy.window))
        .exec(db)
        .await?
        .rows_affected)
}
