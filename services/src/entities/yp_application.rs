use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "yp_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub user_id: i64,
    pub goals: String,
    pub interests: String,
    pub region: String,
    pub format: String,
    pub availability: String,
    pub accessibility: String,
    pub languages: String,
    pub submitted_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    pub confirmed_by: Option<i64>,
    /// True while a match keeps them out of the waiting pool (`matching::sync_placed`).
    pub placed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::user::Entity", from = "Column::UserId", to = "super::user::Column::Id")]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
