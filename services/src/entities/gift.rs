use sea_orm::entity::prelude::*;

/// A gift or hospitality a mentor declared.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "gifts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub mentor_id: i64,
    pub match_id: Option<i64>,
    pub direction: String,
    pub what: String,
    pub value_pence: i64,
    pub given_on: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
