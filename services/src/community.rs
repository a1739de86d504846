//! The mentor community: staff publish bulletin posts; each person reads the posts for their
//! audience, newest first, a page at a time (keyset on the id, served by an index on
//! audience and id, so a page costs the same however many posts there are).

use crate::ServiceError;
use crate::entities::bulletin_post;
use chrono::{DateTime, Utc};
use domain::Role;
use domain::community::{Audience, BulletinInput, BulletinPage, BulletinPost};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

/// Publishes a post (staff); returns its id.
pub async fn publish(
    db: &impl ConnectionTrait,
    staff_id: i64,
    input: &BulletinInput,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let v = input.validate().map_err(ServiceError::Validation)?;
    let row = bulletin_post::ActiveModel {
        title: Set(v.title),
        body: Set(v.body),
        audience: Set(v.audience.as_str().into()),
        published_by: Set(Some(staff_id)),
        published_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// The posts `role` may read, newest first, older than `before` when given.
pub async fn page(
    db: &impl ConnectionTrait,
    role: Role,
    before: Option<i64>,
    limit: u64,
) -> Result<BulletinPage, ServiceError> {
    let audiences: Vec<&str> = Audience::seen_by(role).iter().map(|a| a.as_str()).collect();
    let mut q = bulletin_post::Entity::find().filter(bulletin_post::Column::Audience.is_in(audiences));
    if let Some(b) = before {
        q = q.filter(bulletin_post::Column::Id.lt(b));
    }
    let mut rows = q.order_by_desc(bulletin_post::Column::Id).limit(limit + 1).all(db).await?;
    let older = (rows.len() as u64 > limit).then(|| rows[limit as usize - 1].id);
    rows.truncate(limit as usize);
    let posts = rows
        .into_iter()
        .map(|r| BulletinPost {
            id: r.id,
            title: r.title,
            body: r.body,
            audience: Audience::parse(&r.audience).unwrap_or(Audience::Everyone),
            published: r.published_at.format("%-d %B %Y").to_string(),
        })
        .collect();
    Ok(BulletinPage { posts, older, can_publish: role == Role::Staff })
}
