//! What a person typed into a form whose submit came back with a problem before the page's
//! code had loaded, or in a browser without JavaScript. The server keeps the non-secret
//! fields for that one round trip: the page the browser returns to reads them back once
//! (only in the same browser session) and shows the form as it was left. Nothing is kept
//! past an hour.

use crate::ServiceError;
use crate::entities::form_draft;
use crate::tokens::{digest, new_token};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// How long a kept form waits to be read back.
pub const KEEP_FOR: Duration = Duration::hours(1);

/// A form as it was sent: the server function path and its fields, in order, and the
/// problem the server answered (the server function's path and its encoded error, which the
/// page shows beside the form), kept here so that it never travels in the address.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    pub action: String,
    pub fields: Vec<(String, String)>,
    pub error: Option<(String, String)>,
}

/// What the `fields` column holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    fields: Vec<(String, String)>,
    error: Option<(String, String)>,
}

/// Keeps a draft for `owner` (a digest of their session, "" when signed out); returns the
/// one-time secret that reads it back.
pub async fn keep(
    db: &impl ConnectionTrait,
    owner: &str,
    draft: &Draft,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let token = new_token();
    let stored = Stored { fields: draft.fields.clone(), error: draft.error.clone() };
    let fields = serde_json::to_string(&stored).map_err(|e| ServiceError::Internal(e.to_string()))?;
    form_draft::Entity::insert(form_draft::ActiveModel {
        token_hash: Set(digest(&token)),
        owner_hash: Set(owner.into()),
        action: Set(draft.action.clone()),
        fields: Set(fields),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// Reads a draft back once (it is deleted as it is read). None for an unknown, expired or
/// already-read secret, or one kept for another session.
pub async fn take(
    db: &impl ConnectionTrait,
    token: &str,
    owner: &str,
    now: DateTime<Utc>,
) -> Result<Option<Draft>, ServiceError> {
    if token.len() != 64 {
        return Ok(None);
    }
    let hash = digest(token);
    let Some(row) = form_draft::Entity::find_by_id(hash.clone()).one(db).await? else { return Ok(None) };
    if row.owner_hash != owner {
        return Ok(None);
    }
    let taken = form_draft::Entity::delete_many().filter(form_draft::Column::TokenHash.eq(hash)).exec(db).await?;
    if taken.rows_affected == 0 || row.created_at < now - KEEP_FOR {
        return Ok(None);
    }
    let stored: Stored = serde_json::from_str(&row.fields).unwrap_or(Stored { fields: Vec::new(), error: None });
    Ok(Some(Draft { action: row.action, fields: stored.fields, error: stored.error }))
}

/// Deletes drafts nobody came back for (the hourly job).
pub async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    Ok(form_draft::Entity::delete_many()
        .filter(form_draft::Column::CreatedAt.lt(now - KEEP_FOR))
        .exec(db)
        .await?
        .rows_affected)
}
