use sea_orm::entity::prelude::*;

/// A session a pair held, logged by one side and confirmed by the other.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mentoring_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub match_id: i64,
    pub held_on: Date,
    pub minutes: i32,
    pub mode: String,
    pub place: String,
    pub discussed: String,
    pub progress: String,
    pub logged_by: i64,
    pub logged_at: DateTimeUtc,
    pub confirmed_by: Option<i64>,
    pub confirmed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
