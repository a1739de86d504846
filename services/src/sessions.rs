//! Database-backed sessions: any number of stateless app servers can serve the same
//! signed-in person, and signing out on one ends the session everywhere.

use crate::entities::{session, user};
use crate::people::{Account, account_from};
use crate::{ServiceError, tokens};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Signed out after this long without a request.
    pub idle: Duration,
    /// Signed out after this long whatever the activity.
    pub absolute: Duration,
    /// The server's session secret, keying the stored token digests.
    pub secret: &'static [u8],
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy { idle: Duration::minutes(60), absolute: Duration::hours(12), secret: b"" }
    }
}

/// How often `last_seen_at` is refreshed; finer precision would cost a write per request.
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// Starts a session and returns the cookie token (only its digest is stored).
pub async fn create(
    db: &impl ConnectionTrait,
    user_id: i64,
    ip: Option<String>,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let token = tokens::new_token();
    session::ActiveModel {
        token_hash: Set(tokens::keyed_digest(policy.secret, &token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + policy.absolute),
        ip: Set(ip),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The signed-in account for a cookie token, if the session is live. Expired sessions
/// are deleted as they are found.
pub async fn resolve(
    db: &impl ConnectionTrait,
    token: &str,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<Option<Account>, ServiceError> {
    let found = session::Entity::find()
        .filter(session::Column::TokenHash.eq(tokens::keyed_digest(policy.secret, token)))
        .find_also_related(user::Entity)
        .one(db)
        .await?;
    let Some((s, Some(u))) = found else { return Ok(None) };
    if now >= s.expires_at || now - s.last_seen_at >= policy.idle || u.disabled {
        session::Entity::delete_by_id(s.id).exec(db).await?;
        return Ok(None);
    }
    if now - s.last_seen_at >= TOUCH_EVERY {
        let id = s.id;
        session::ActiveModel { id: Set(id), last_seen_at: Set(now), ..Default::default() }.update(db).await?;
    }
    Ok(Some(account_from(u)))
}

/// Server-side sign-out: the token stops working on every app server at once.
pub async fn revoke(db: &impl ConnectionTrait, policy: SessionPolicy, token: &str) -> Result<(), ServiceError> {
    session::Entity::delete_many()
        .filter(session::Column::TokenHash.eq(tokens::keyed_digest(policy.secret, token)))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a person (password reset, role ended).
pub async fn revoke_all_for_user(db: &impl ConnectionTrait, user_id: i64) -> Result<u64, ServiceError> {
    Ok(session::Entity::delete_many().filter(session::Column::UserId.eq(user_id)).exec(db).await?.rows_affected)
}

/// Ends every session of a person except the one making the request (password change).
pub async fn revoke_others(
    db: &impl ConnectionTrait,
    policy: SessionPolicy,
    user_id: i64,
    keep_token: &str,
) -> Result<u64, ServiceError> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::TokenHash.ne(tokens::keyed_digest(policy.secret, keep_token)))
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes sessions past either timeout (the ones nobody presents again) and returns how many.
pub async fn purge_expired(
    db: &impl ConnectionTrait,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    use sea_orm::Condition;
    Ok(session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(session::Column::ExpiresAt.lte(now))
                .add(session::Column::LastSeenAt.lte(now - policy.idle)),
        )
        .exec(db)
        .await?
        .rows_affected)
}
