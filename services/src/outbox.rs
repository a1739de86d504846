//! Outgoing email is written to a table in the same transaction as the change that causes
//! it; the delivery worker on every app server (`crate::mailer`) sends it later.
//!
//! A row is `pending` until it is `sent`, `failed` (the mail server refused it for good, or
//! it could not be delivered for [`GIVE_UP_AFTER_HOURS`]) or `skipped`. A server *claims* a
//! batch of due rows with one conditional update that writes a lease (a time and a token);
//! on PostgreSQL the batch is chosen with `FOR UPDATE SKIP LOCKED`, so servers take
//! different rows. The lease expires if the server dies mid-send, and another server takes
//! the rows over: at most the one message that was on the wire when it died goes twice.
//! Every outcome is recorded only under the claim's token.

use crate::ServiceError;
use crate::entities::outbox_email;
use chrono::{DateTime, Duration, Utc};
use domain::mail::{Category, MailStatus, OutboxOverview, UndeliveredMail};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

/// A pending email that could not be delivered for this long is given up on.
pub const GIVE_UP_AFTER_HOURS: i64 = 72;
/// Safeguarding alerts still undelivered after this long are shown to staff and DSLs.
pub const LATE_ALERT_MINUTES: i64 = 10;
/// The subject prefix of safeguarding alerts (category essential, flagged by `kind`).
pub const SAFEGUARDING: &str = "safeguarding";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// An email to write to the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The account it is for: optional kinds follow that person's choices.
    pub user_id: Option<i64>,
    pub category: Category,
    /// Set for safeguarding alerts, which staff are warned about when they are late.
    pub safeguarding: bool,
    pub cc: Vec<String>,
    /// An RFC 5545 calendar object (`domain::calendar`).
    pub calendar: Option<String>,
}

impl Mail {
    /// Essential mail, sent whatever the person's choices.
    pub fn new(to: &str, subject: &str, body: &str) -> Mail {
        Mail {
            to: to.into(),
            subject: subject.into(),
            body: body.into(),
            user_id: None,
            category: Category::Essential,
            safeguarding: false,
            cc: Vec::new(),
            calendar: None,
        }
    }

    pub fn for_user(mut self, user_id: i64) -> Mail {
        self.user_id = Some(user_id);
        self
    }

    pub fn category(mut self, c: Category) -> Mail {
        self.category = c;
        self
    }

    pub fn safeguarding(mut self) -> Mail {
        self.safeguarding = true;
        self
    }

    pub fn cc(mut self, to: &str) -> Mail {
        self.cc.push(to.into());
        self
    }

    pub fn calendar(mut self, ics: String) -> Mail {
        self.calendar = Some(ics);
        self
    }
}

/// The category column holds the kind, and `safeguarding` for safeguarding alerts (which
/// are essential).
fn category_column(m: &Mail) -> &'static str {
    if m.safeguarding { SAFEGUARDING } else { m.category.as_str() }
}

/// Writes an email to the outbox, unless it is of an optional kind the person has switched
/// off. Returns whether it was written.
pub async fn send(db: &impl ConnectionTrait, mail: Mail, now: DateTime<Utc>) -> Result<bool, ServiceError> {
    if !mail.category.essential()
        && let Some(user) = mail.user_id
        && !crate::mail_preferences::get(db, user).await?.wants(mail.category)
    {
        return Ok(false);
    }
    outbox_email::ActiveModel {
        to_email: Set(mail.to.clone()),
        subject: Set(mail.subject.clone()),
        body: Set(mail.body.clone()),
        created_at: Set(now),
        sent_at: Set(None),
        user_id: Set(mail.user_id),
        category: Set(category_column(&mail).into()),
        cc: Set((!mail.cc.is_empty()).then(|| mail.cc.join(","))),
        calendar: Set(mail.calendar),
        status: Set(MailStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(true)
}

/// Essential mail with no account attached (kept for the many callers that need no more).
pub async fn enqueue(
    db: &impl ConnectionTrait,
    to: &str,
    subject: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    send(db, Mail::new(to, subject, body), now).await.map(|_| ())
}

/// An email as the delivery worker sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub id: i64,
    pub to: String,
    pub cc: Vec<String>,
    pub subject: String,
    pub body: String,
    pub user_id: Option<i64>,
    pub category: Category,
    pub calendar: Option<String>,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
}

impl From<outbox_email::Model> for Outgoing {
    fn from(r: outbox_email::Model) -> Outgoing {
        Outgoing {
            id: r.id,
            to: r.to_email,
            cc: r.cc.map(|c| c.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()).unwrap_or_default(),
            subject: r.subject,
            body: r.body,
            user_id: r.user_id,
            category: Category::parse(&r.category).unwrap_or(Category::Essential),
            calendar: r.calendar,
            created_at: r.created_at,
            attempts: r.attempts,
        }
    }
}

/// A batch of emails this server holds until `until`.
#[derive(Debug, Clone)]
pub struct Claim {
    pub token: String,
    pub until: DateTime<Utc>,
    pub mails: Vec<Outgoing>,
}

fn due(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(outbox_email::Column::Status.eq(MailStatus::Pending))
        .add(
            Condition::any()
                .add(outbox_email::Column::NextAttemptAt.is_null())
                .add(outbox_email::Column::NextAttemptAt.lte(now)),
        )
        .add(
            Condition::any()
                .add(outbox_email::Column::LeaseUntil.is_null())
                .add(outbox_email::Column::LeaseUntil.lt(now)),
        )
}

/// Claims up to `batch` due emails, oldest first, for `lease`.
pub async fn claim(
    db: &sea_orm::DatabaseConnection,
    batch: u64,
    lease: Duration,
    now: DateTime<Utc>,
) -> Result<Claim, ServiceError> {
    let token = crate::tokens::new_token()[..32].to_string();
    let until = now + lease;
    // The rows are chosen first, locked (on PostgreSQL servers skip the rows another is
    // claiming; SQLite has one writer), then leased with the due condition checked again
    // on each row, so a row another server took meanwhile is left to it.
    let txn = db.begin().await?;
    let ids: Vec<i64> = outbox_email::Entity::find()
        .select_only()
        .column(outbox_email::Column::Id)
        .filter(due(now))
        .order_by_asc(outbox_email::Column::Id)
        .limit(batch)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .into_tuple()
        .all(&txn)
        .await?;
    let claimed = if ids.is_empty() {
        0
    } else {
        outbox_email::Entity::update_many()
            .col_expr(outbox_email::Column::LeaseUntil, Expr::value(until))
            .col_expr(outbox_email::Column::LeaseToken, Expr::value(token.clone()))
            .filter(outbox_email::Column::Id.is_in(ids))
            .filter(due(now))
            .exec(&txn)
            .await?
            .rows_affected
    };
    txn.commit().await?;
    let mails = if claimed == 0 {
        Vec::new()
    } else {
        outbox_email::Entity::find()
            .filter(outbox_email::Column::LeaseToken.eq(token.clone()))
            .order_by_asc(outbox_email::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(Outgoing::from)
            .collect()
    };
    Ok(Claim { token, until, mails })
}

/// Records the result of one send, only while the claim still holds the row. Returns
/// whether it did.
async fn record(
    db: &impl ConnectionTrait,
    id: i64,
    token: &str,
    changes: Vec<(outbox_email::Column, Expr)>,
) -> Result<bool, ServiceError> {
    let mut q = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::Attempts, Expr::col(outbox_email::Column::Attempts).add(1))
        .col_expr(outbox_email::Column::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(outbox_email::Column::LeaseToken, Expr::value(Option::<String>::None));
    for (c, v) in changes {
        q = q.col_expr(c, v);
    }
    let n = q
        .filter(outbox_email::Column::Id.eq(id))
        .filter(outbox_email::Column::LeaseToken.eq(token))
        .filter(outbox_email::Column::Status.eq(MailStatus::Pending))
        .exec(db)
        .await?
        .rows_affected;
    Ok(n == 1)
}

/// The mail server accepted the message.
pub async fn mark_delivered(
    db: &impl ConnectionTrait,
    id: i64,
    token: &str,
    response: &str,
    message_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    record(
        db,
        id,
        token,
        vec![
            (outbox_email::Column::Status, Expr::value(MailStatus::Sent)),
            (outbox_email::Column::SentAt, Expr::value(now)),
            (outbox_email::Column::LastResponse, Expr::value(clip(response))),
            (outbox_email::Column::MessageId, Expr::value(message_id.to_string())),
        ],
    )
    .await
}

/// A temporary failure (4xx, or no connection): tried again at `next`, unless the email has
/// waited [`GIVE_UP_AFTER_HOURS`], when it fails for good.
pub async fn mark_temporary(
    db: &impl ConnectionTrait,
    mail: &Outgoing,
    token: &str,
    error: &str,
    next: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let give_up = next - mail.created_at > Duration::hours(GIVE_UP_AFTER_HOURS);
    let mut changes = vec![(outbox_email::Column::LastError, Expr::value(clip(error)))];
    if give_up {
        changes.push((outbox_email::Column::Status, Expr::value(MailStatus::Failed)));
    } else {
        changes.push((outbox_email::Column::NextAttemptAt, Expr::value(next)));
    }
    record(db, mail.id, token, changes).await
}

/// A permanent failure (5xx, or an address that cannot be written): never tried again
/// unless staff ask.
pub async fn mark_failed(db: &impl ConnectionTrait, id: i64, token: &str, error: &str) -> Result<bool, ServiceError> {
    record(
        db,
        id,
        token,
        vec![
            (outbox_email::Column::Status, Expr::value(MailStatus::Failed)),
            (outbox_email::Column::LastError, Expr::value(clip(error))),
        ],
    )
    .await
}

/// The dev-mode log relay's record of an email it printed.
pub async fn mark_sent(db: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> Result<(), ServiceError> {
    outbox_email::ActiveModel {
        id: Set(id),
        sent_at: Set(Some(now)),
        status: Set(MailStatus::Sent),
        lease_until: Set(None),
        lease_token: Set(None),
        last_response: Set(Some("printed to the server log (dev mode)".into())),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

fn clip(s: &str) -> String {
    s.chars().take(500).collect()
}

/// Staff ask for a failed (or waiting) email to be tried again now.
pub async fn retry(db: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> Result<(), ServiceError> {
    let n = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::Status, Expr::value(MailStatus::Pending))
        .col_expr(outbox_email::Column::NextAttemptAt, Expr::value(now))
        // A retried email gets a fresh three days before it is given up on again.
        .col_expr(outbox_email::Column::CreatedAt, Expr::value(now))
        .filter(outbox_email::Column::Id.eq(id))
        .filter(outbox_email::Column::Status.is_in([MailStatus::Pending, MailStatus::Failed]))
        .exec(db)
        .await?
        .rows_affected;
    if n == 0 { Err(ServiceError::NotFound) } else { Ok(()) }
}

/// Unsent emails, oldest first (the dev relay and tests read it).
pub async fn pending(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<Email>, ServiceError> {
    let rows = outbox_email::Entity::find()
        .filter(outbox_email::Column::Status.eq(MailStatus::Pending))
        .order_by_asc(outbox_email::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| Email { id: r.id, to: r.to_email, subject: r.subject, body: r.body }).collect())
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

/// How many safeguarding alerts have waited more than [`LATE_ALERT_MINUTES`] undelivered.
pub async fn late_safeguarding_alerts(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, ServiceError> {
    Ok(outbox_email::Entity::find()
        .filter(outbox_email::Column::Category.eq(SAFEGUARDING))
        .filter(outbox_email::Column::Status.is_in([MailStatus::Pending, MailStatus::Failed]))
        .filter(outbox_email::Column::CreatedAt.lt(now - Duration::minutes(LATE_ALERT_MINUTES)))
        .count(db)
        .await?)
}

/// What staff see: counts, and the undelivered and failed emails (failed first, then the
/// longest waiting), at most `limit` of them.
pub async fn overview(
    db: &impl ConnectionTrait,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<OutboxOverview, ServiceError> {
    let count = |s: MailStatus| outbox_email::Entity::find().filter(outbox_email::Column::Status.eq(s)).count(db);
    let pending = count(MailStatus::Pending).await?;
    let failed = count(MailStatus::Failed).await?;
    let sent_last_day = outbox_email::Entity::find()
        .filter(outbox_email::Column::Status.eq(MailStatus::Sent))
        .filter(outbox_email::Column::SentAt.gt(now - Duration::hours(24)))
        .count(db)
        .await?;
    let mut rows = Vec::new();
    for s in [MailStatus::Failed, MailStatus::Pending] {
        let left = limit.saturating_sub(rows.len() as u64);
        if left == 0 {
            break;
        }
        let found = outbox_email::Entity::find()
            .filter(outbox_email::Column::Status.eq(s))
            .order_by_asc(outbox_email::Column::Id)
            .limit(left)
            .all(db)
            .await?;
        rows.extend(found.into_iter().map(|r| {
            UndeliveredMail {
                id: r.id,
                to: r.to_email,
                subject: r.subject,
                category: if r.category == SAFEGUARDING { "safeguarding alert".into() } else { r.category },
                status: r.status.as_str().into(),
                attempts: r.attempts,
                last_error: r.last_error,
                queued: r.created_at.format("%-d %b %Y, %H:%M UTC").to_string(),
                next_try: (s == MailStatus::Pending)
                    .then(|| r.next_attempt_at.map(|t| t.format("%-d %b %Y, %H:%M:%S UTC").to_string()))
                    .flatten(),
            }
        }));
    }
    Ok(OutboxOverview {
        pending,
        failed,
        sent_last_day,
        late_safeguarding: late_safeguarding_alerts(db, now).await?,
        rows,
    })
}
