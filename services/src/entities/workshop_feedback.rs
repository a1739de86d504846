use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "workshop_feedback")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub booking_id: i64,
    pub workshop_id: i64,
    pub user_id: i64,
    pub rating: i32,
    pub would_recommend: bool,
    pub nps: i32,
    /// Inductions only: whether it helped the young person feel more prepared.
    pub prepared: Option<bool>,
    pub comment: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
