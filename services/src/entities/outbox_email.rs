use sea_orm::entity::prelude::*;

/// An email waiting to go, being sent, sent or given up on (`services::outbox`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_emails")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub to_email: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub user_id: Option<i64>,
    pub category: String,
    pub cc: Option<String>,
    pub calendar: Option<String>,
    pub status: domain::mail::MailStatus,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTimeUtc>,
    pub lease_until: Option<DateTimeUtc>,
    pub lease_token: Option<String>,
    pub last_error: Option<String>,
    pub last_response: Option<String>,
    pub message_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
