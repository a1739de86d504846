use sea_orm::entity::prelude::*;

/// A licensed instrument installed by staff as a versioned item bank (never changed once
/// written).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "instruments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub version: String,
    pub name: String,
    pub licence: String,
    pub attribution: String,
    /// JSON list of answer labels.
    pub scale: String,
    /// JSON list of `domain::evaluations::BankItem`.
    pub items: String,
    pub active: bool,
    pub installed_by: Option<i64>,
    pub installed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
