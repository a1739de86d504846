use sea_orm::entity::prelude::*;

/// A person's voluntary equality monitoring answers. Read only by `services::equality`
/// (the person's own form, their download, and the staff report's group counts).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "equality_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub ethnic_group: Option<String>,
    pub sex: Option<String>,
    pub gender_same: Option<String>,
    pub disability: Option<String>,
    pub free_school_meals: Option<String>,
    pub first_in_family: Option<String>,
    pub employment: Option<String>,
    pub work_sector: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
