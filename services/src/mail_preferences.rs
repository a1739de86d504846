//! Which optional emails each person gets (`domain::mail`), and one-click unsubscribe links.
//! No row means the defaults; the row (with its unsubscribe secret) is written the first
//! time a person chooses, or the first time they are sent optional mail.

use crate::ServiceError;
use crate::entities::mail_preference;
use chrono::{DateTime, Utc};
use domain::mail::{Category, Preferences};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

fn prefs(r: &mail_preference::Model) -> Preferences {
    Preferences { reminders: r.reminders, digests: r.digests, news: r.news }
}

pub async fn get(db: &impl ConnectionTrait, user_id: i64) -> Result<Preferences, ServiceError> {
    Ok(mail_preference::Entity::find_by_id(user_id).one(db).await?.map(|r| prefs(&r)).unwrap_or_default())
}

/// The row for a person, written with the defaults if they have none yet.
async fn ensure(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<mail_preference::Model, ServiceError> {
    if let Some(r) = mail_preference::Entity::find_by_id(user_id).one(db).await? {
        return Ok(r);
    }
    let d = Preferences::default();
    mail_preference::Entity::insert(mail_preference::ActiveModel {
        user_id: Set(user_id),
        reminders: Set(d.reminders),
        digests: Set(d.digests),
        news: Set(d.news),
        unsubscribe_token: Set(crate::tokens::new_token()),
        updated_at: Set(now),
    })
    .on_conflict(OnConflict::column(mail_preference::Column::UserId).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    mail_preference::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)
}

pub async fn set(
    db: &impl ConnectionTrait,
    user_id: i64,
    p: Preferences,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    ensure(db, user_id, now).await?;
    mail_preference::Entity::update_many()
        .col_expr(mail_preference::Column::Reminders, p.reminders.into())
        .col_expr(mail_preference::Column::Digests, p.digests.into())
        .col_expr(mail_preference::Column::News, p.news.into())
        .col_expr(mail_preference::Column::UpdatedAt, now.into())
        .filter(mail_preference::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The secret for this person's unsubscribe links.
pub async fn unsubscribe_token(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    Ok(ensure(db, user_id, now).await?.unsubscribe_token)
}

/// The address of a one-click unsubscribe link from one kind of optional email.
pub fn unsubscribe_url(base_url: &str, token: &str, c: Category) -> String {
    format!("{base_url}/unsubscribe?t={token}&c={}", c.as_str())
}

/// Switches one optional kind off for the person whose link this is. Returns the kind's
/// name, or None for an unknown link (nothing changes).
pub async fn unsubscribe(
    db: &impl ConnectionTrait,
    token: &str,
    category: &str,
    now: DateTime<Utc>,
) -> Result<Option<Category>, ServiceError> {
    let Some(c) = Category::parse(category).filter(|c| !c.essential()) else { return Ok(None) };
    if token.is_empty() || token.len() > 64 {
        return Ok(None);
    }
    let Some(row) =
        mail_preference::Entity::find().filter(mail_preference::Column::UnsubscribeToken.eq(token)).one(db).await?
    else {
        return Ok(None);
    };
    let mut p = prefs(&row);
    p.set(c, false);
    set(db, row.user_id, p, now).await?;
    Ok(Some(c))
}
