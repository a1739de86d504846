use sea_orm::entity::prelude::*;

/// Not `Serialize`: it holds the password hash.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// Required of young people and mentors at registration; optional for the accounts staff
    /// create (staff, coordinators, safeguarding leads).
    pub date_of_birth: Option<Date>,
    pub role: String,
    pub partner_id: Option<i64>,
    pub password_hash: String,
    pub disabled: bool,
    pub suspended_at: Option<DateTimeUtc>,
    pub last_sign_in_at: Option<DateTimeUtc>,
    pub erased_at: Option<DateTimeUtc>,
    pub totp_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::partner_organisation::Entity",
        from = "Column::PartnerId",
        to = "super::partner_organisation::Column::Id"
    )]
    Partner,
}

impl Related<super::partner_organisation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Partner.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// [`domain::accounts::known_age`] of this account.
    pub fn age_on(&self, day: Date) -> Option<i32> {
        domain::accounts::known_age(self.date_of_birth, day)
    }

    /// [`domain::accounts::under_18`] for this account.
    pub fn under_18_on(&self, day: Date) -> bool {
        domain::accounts::under_18(self.date_of_birth, day)
    }
}
