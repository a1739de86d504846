use sea_orm::entity::prelude::*;

/// Where a young person was at the end of mentoring, or six months later.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "destinations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub stage: String,
    pub activity: String,
    pub college: String,
    pub apprenticeship: String,
    pub job: String,
    pub scholarship: String,
    pub attendance: Option<String>,
    pub grades: Option<String>,
    pub year: i32,
    pub cohort: i32,
    pub region: String,
    pub partner_id: Option<i64>,
    pub age_group: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
