use sea_orm::entity::prelude::*;

/// A line of a case's chronology (append-only: the database refuses edits and deletions).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "concern_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub concern_id: i64,
    pub author_id: Option<i64>,
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
