use sea_orm::entity::prelude::*;

/// A reported concern or disclosure: one safeguarding case. What the reporter wrote never changes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "concerns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reporter_id: Option<i64>,
    pub source: String,
    pub category: String,
    pub urgency: String,
    pub urgency_rank: i32,
    #[sea_orm(column_type = "Text")]
    pub what: String,
    pub happened_on: Date,
    pub subject_id: Option<i64>,
    pub mentor_id: Option<i64>,
    pub match_id: Option<i64>,
    pub status: domain::safeguarding::CaseStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
