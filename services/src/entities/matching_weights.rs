use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matching_weights")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub goals: i32,
    pub sector: i32,
    pub availability: i32,
    pub format: i32,
    pub language: i32,
    pub waiting: i32,
    pub updated_by: Option<i64>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
