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
    /// New accounts per IP address per hour.
    pub registrations_per_ip_hour: u64,
    /// Password-reset requests per IP address per hour (each account also gets at most 3).
    pub resets_per_ip_hour: u64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            window: Duration::minutes(15),
            per_account: 5,
            per_ip: 20,
            registrations_per_ip_hour: 20,
            resets_per_ip_hour: 20,
        }
    }
}

/// Limits an action per IP address to `limit` an hour, counting this attempt when allowed.
/// Without a known address (a test client, a proxy that hides it) nothing is limited.
pub async fn limit_ip(
    db: &impl ConnectionTrait,
    action: &str,
    ip: Option<&str>,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let Some(ip) = ip else { return Ok(()) };
    let scope = format!("{action}_ip");
    let recent = login_attempt::Entity::find()
        .filter(login_attempt::Column::Scope.eq(scope.as_str()))
        .filter(login_attempt::Column::Key.eq(ip))
        .filter(login_attempt::Column::AttemptedAt.gt(now - Duration::hours(1)))
        .count(db)
        .await?;
    if recent >= limit {
        return Err(ServiceError::Throttled { minutes: 60 });
    }
    login_attempt::ActiveModel {
        scope: Set(scope),
        key: Set(ip.chars().take(254).collect()),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
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
        .filter(login_attempt::Column::Scope.is_in([ACCOUNT, IP]))
        .filter(login_attempt::Column::AttemptedAt.lte(now - policy.window))
        .exec(db)
        .await?
        .rows_affected)
}
