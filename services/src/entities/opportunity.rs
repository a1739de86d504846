use sea_orm::entity::prelude::*;

/// An opportunity on the board (`services::opportunities`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "opportunities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub description: String,
    pub partner_id: Option<i64>,
    pub posted_by: Option<i64>,
    pub region: Option<String>,
    pub online: bool,
    pub min_age: i32,
    pub max_age: i32,
    pub closes_on: Date,
    pub link: Option<String>,
    pub goals: String,
    pub status: domain::opportunities::OpportunityStatus,
    pub decline_reason: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
