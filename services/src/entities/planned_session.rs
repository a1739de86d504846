use sea_orm::entity::prelude::*;

/// A session the pair planned ahead; both sides hold a calendar invitation for it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "planned_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub match_id: i64,
    /// UK wall-clock start.
    pub starts_at: DateTime,
    pub minutes: i32,
    pub mode: String,
    pub place: String,
    pub planned_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
