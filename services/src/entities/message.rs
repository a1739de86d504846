use sea_orm::entity::prelude::*;

/// A message between the pair; kept whatever happens to it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub match_id: i64,
    pub sender_id: i64,
    pub recipient_id: i64,
    pub body: String,
    pub status: domain::mentoring::MessageStatus,
    pub hold_reasons: String,
    pub created_at: DateTimeUtc,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub relayed_by: Option<i64>,
    pub relayed_at: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
