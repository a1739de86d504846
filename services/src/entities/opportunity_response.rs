use sea_orm::entity::prelude::*;

/// What one young person did with one opportunity (`services::opportunities`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "opportunity_responses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub opportunity_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub saved: bool,
    pub interested_at: Option<DateTimeUtc>,
    pub share_contact: bool,
    pub via_coordinator: bool,
    pub taken_up_at: Option<DateTimeUtc>,
    pub recommended_by: Option<i64>,
    pub recommended_at: Option<DateTimeUtc>,
    pub recommend_note: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
