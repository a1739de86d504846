use sea_orm::entity::prelude::*;

/// One version of a text; the highest version of a document is the one people read.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub document_id: i64,
    pub version: i32,
    pub title: String,
    pub body: String,
    pub changed_by: Option<i64>,
    pub changed_at: DateTimeUtc,
    /// For a policy: whether people who accepted an earlier version must accept this one.
    pub asks_again: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
