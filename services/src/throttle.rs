//! Allowances that stop abuse without locking out a school: failed sign-ins per account
//! (strict) and per network address, new accounts per address or per join code, and
//! password-reset requests per address. Counted in the database, so every app server counts
//! the same attempts. A whole class shares one address, so address limits are sized for a
//! school or a library; a class signing up with its join code is counted per code and per
//! institution instead, and its Mentoring Coordinator can lift that limit.

use crate::ServiceError;
use crate::entities::login_attempt;
use chrono::{DateTime, Duration, Utc};
use domain::Limited;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

/// The allowances; each is configuration (`TANDEM_LIMIT_*`, see the README) with these
/// defaults.
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    /// How long one account's failed sign-ins count.
    pub window: Duration,
    /// Failed sign-ins per account within `window` (guessing one person's password).
    pub per_account: u64,
    /// Failed sign-ins per network address per hour, across accounts.
    pub failed_sign_ins_per_address_hour: u64,
    /// New accounts per network address per hour, without a join code.
    pub registrations_per_address_hour: u64,
    /// New accounts per join code, and per institution, per hour (a year group in one lesson).
    pub registrations_per_code_hour: u64,
    /// Password-reset requests per network address per hour (each account also gets at most 3).
    pub resets_per_address_hour: u64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            window: Duration::minutes(15),
            per_account: 5,
            failed_sign_ins_per_address_hour: 200,
            registrations_per_address_hour: 200,
            registrations_per_code_hour: 300,
            resets_per_address_hour: 100,
        }
    }
}

/// The hourly allowances' counters, by what they count.
pub mod scope {
    pub const REGISTER_ADDRESS: &str = "register_ip";
    pub const REGISTER_CODE: &str = "register_code";
    pub const REGISTER_INSTITUTION: &str = "register_partner";
    pub const RESET_ADDRESS: &str = "reset_ip";
}

/// How many attempts `key` made under `scope` in the hour before `now`.
pub async fn used_last_hour(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    failures(db, scope, key, now - Duration::hours(1)).await
}

/// Takes one of `key`'s `limit` attempts an hour under `scope`, or refuses (saying `what`).
pub async fn take_hourly(
    db: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    limit: u64,
    what: Limited,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if used_last_hour(db, scope, key, now).await? >= limit {
        return Err(ServiceError::Throttled { minutes: 60, what });
    }
    login_attempt::ActiveModel {
        scope: Set(scope.into()),
        key: Set(key.chars().take(254).collect()),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// As [`take_hourly`] for a network address; without a known address (a test client)
/// nothing is limited.
pub async fn limit_address(
    db: &impl ConnectionTrait,
    scope: &str,
    address: Option<&str>,
    limit: u64,
    what: Limited,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    match address {
        Some(address) => take_hourly(db, scope, address, limit, what, now).await,
        None => Ok(()),
    }
}

/// Forgets `key`'s attempts under `scope`: its allowance starts again. Returns how many.
pub async fn lift(db: &impl ConnectionTrait, scope: &str, key: &str) -> Result<u64, ServiceError> {
    Ok(login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Scope.eq(scope))
        .filter(login_attempt::Column::Key.eq(key))
        .exec(db)
        .await?
        .rows_affected)
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
    let minutes = policy.window.num_minutes();
    if failures(db, ACCOUNT, email_key, now - policy.window).await? >= policy.per_account {
        return Err(ServiceError::Throttled { minutes, what: Limited::SignIn });
    }
    if let Some(ip) = ip
        && used_last_hour(db, IP, ip, now).await? >= policy.failed_sign_ins_per_address_hour
    {
        return Err(ServiceError::Throttled { minutes: 60, what: Limited::SignIn });
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

/// Forgets attempts that no longer count: an account's failures after its window, every
/// hourly count after an hour.
pub async fn purge_old(
    db: &impl ConnectionTrait,
    policy: ThrottlePolicy,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let accounts = login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Scope.eq(ACCOUNT))
        .filter(login_attempt::Column::AttemptedAt.lte(now - policy.window))
        .exec(db)
        .await?
        .rows_affected;
    let hourly = login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::Scope.ne(ACCOUNT))
        .filter(login_attempt::Column::AttemptedAt.lte(now - policy.window.max(Duration::hours(1))))
        .exec(db)
        .await?
        .rows_affected;
    Ok(accounts + hourly)
}
