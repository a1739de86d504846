use sea_orm::entity::prelude::*;

/// A programme-wide figure as last counted (see `services::figures`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "figure_snapshots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub taken_at: DateTimeUtc,
    pub took_ms: i64,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub claimed_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
