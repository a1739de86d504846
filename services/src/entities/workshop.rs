use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workshops")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub starts_at: DateTime,
    pub minutes: i32,
    pub online: bool,
    pub location: String,
    pub capacity: i32,
    pub booked: i32,
    pub cancelled: bool,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    /// Inductions: `domain::workshops::Audience` (an age band).
    pub audience: Option<String>,
    /// Inductions held for one partner institution's own pupils.
    pub partner_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
