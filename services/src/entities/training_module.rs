use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_modules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub position: i32,
    pub title: String,
    pub summary: String,
    pub pass_mark: i32,
    pub published: bool,
    /// Who takes it: "mentor" (the mentor course) or "young_person".
    pub audience: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
