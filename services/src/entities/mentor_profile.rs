use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mentor_profiles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub user_id: i64,
    pub job_title: String,
    pub sector: String,
    pub employer: String,
    pub skills: String,
    pub region: String,
    pub postcode_area: String,
    pub languages: String,
    pub format: String,
    pub availability: String,
    pub max_age_group: String,
    pub bio: String,
    pub updated_at: DateTimeUtc,
    /// Listed in the opt-in mentor network directory.
    pub in_directory: bool,
    pub network_note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
