//! In-app notifications: what a person is told on their dashboard, telling someone in the
//! app and by email at once ([`tell`]), telling every member of staff at once, and taking
//! back reminders once the person has acted.

use crate::ServiceError;
use crate::entities::notification;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

/// Tells one person something in the app, with a link to where they act on it. `kind` names
/// the notice so a reminder can be taken back ([`forget_reminders`]).
pub async fn notify(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: &str,
    text: &str,
    link: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    notification::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.into()),
        text: Set(text.into()),
        link: Set(link.into()),
        created_at: Set(now),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A notice on a person's dashboard: its kind (so a reminder can be taken back), the words,
/// and where they act on it.
#[derive(Debug, Clone, Copy)]
pub struct Notice<'a> {
    pub kind: &'a str,
    pub text: &'a str,
    pub link: &'a str,
}

/// Tells one person in the app and by email: `notice` on their dashboard and `mail` to their
/// address, filed under their account, so an optional kind of mail follows their choices.
/// Returns whether the email was written (a reminder they switched off is not).
pub async fn tell(
    db: &impl ConnectionTrait,
    user_id: i64,
    notice: Notice<'_>,
    mail: crate::outbox::Mail,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    notify(db, user_id, notice.kind, notice.text, notice.link, now).await?;
    crate::outbox::send(db, mail.for_user(user_id), now).await
}

/// Takes back reminders the person has acted on (kinds starting with one of `prefixes`), so
/// a dashboard never shows "your check-in is due" after the check-in.
pub async fn forget_reminders(
    db: &impl ConnectionTrait,
    user_ids: &[i64],
    prefixes: &[&str],
) -> Result<(), ServiceError> {
    let mut kinds = sea_orm::Condition::any();
    for p in prefixes {
        kinds = kinds.add(notification::Column::Kind.starts_with(*p));
    }
    notification::Entity::delete_many()
        .filter(notification::Column::UserId.is_in(user_ids.iter().copied()))
        .filter(kinds)
        .exec(db)
        .await?;
    Ok(())
}

/// The person's latest notifications, newest first: (text, when).
pub async fn notifications(
    db: &impl ConnectionTrait,
    user_id: i64,
    limit: u64,
) -> Result<Vec<(String, String)>, ServiceError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.text, n.created_at.format("%-d %B %Y").to_string()))
        .collect())
}

/// Tells every open staff account, in the app.
pub(crate) async fn notify_staff(
    db: &impl ConnectionTrait,
    kind: &str,
    text: &str,
    link: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    for s in crate::people::staff(db).await? {
        notify(db, s.id, kind, text, link, now).await?;
    }
    Ok(())
}
