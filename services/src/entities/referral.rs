use sea_orm::entity::prelude::*;

/// Who or what brought a sign-up: a person's share link, a partner's link or join code.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    /// The account that signed up.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub referrer_id: Option<i64>,
    pub partner_id: Option<i64>,
    pub joined_with_code: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
