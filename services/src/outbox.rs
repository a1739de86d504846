//! Outgoing email is written to a table in the same transaction as the change that
//! causes it; a relay delivers it later. In dev mode the server "delivers" to its log.

use crate::ServiceError;
use crate::entities::outbox_email;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub async fn enqueue(
    db: &impl ConnectionTrait,
    to: &str,
    subject: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    outbox_email::ActiveModel {
        to_email: Set(to.into()),
        subject: Set(subject.into()),
        body: Set(body.into()),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Unsent emails, oldest first.
pub async fn pending(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<Email>, ServiceError> {
    let rows = outbox_email::Entity::find()
        .filter(outbox_email::Column::SentAt.is_null())
        .order_by_asc(outbox_email::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| Email { id: r.id, to: r.to_email, subject: r.subject, body: r.body }).collect())
}

pub async fn mark_sent(db: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> Result<(), ServiceError> {
    outbox_email::ActiveModel { id: Set(id), sent_at: Set(Some(now)), ..Default::default() }.update(db).await?;
    Ok(())
}

/// The latest email to an address (tests and the dev log use it).
pub async fn latest_to(db: &impl ConnectionTrait, to: &str) -> Result<Option<Email>, ServiceError> {
    let r = outbox_email::Entity::find()
        .filter(outbox_email::Column::ToEmail.eq(to))
        .order_by_desc(outbox_email::Column::Id)
        .one(db)
        .await?;
    Ok(r.map(|r| Email { id: r.id, to: r.to_email, subject: r.subject, body: r.body }))
}
