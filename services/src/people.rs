//! People as every feature reads them: the account of a person (no password hash), names
//! by id, an institution's Mentoring Coordinators and the staff; and how names and dates
//! are shown to people.

use crate::ServiceError;
use crate::entities::user;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Role;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

/// What the rest of the server knows about a person. No password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub partner_id: Option<i64>,
    /// `None` for an account staff created without one (staff roles only).
    pub date_of_birth: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

impl Account {
    /// [`domain::accounts::known_age`] of this account.
    pub fn age_on(&self, day: NaiveDate) -> Option<i32> {
        domain::accounts::known_age(self.date_of_birth, day)
    }

    /// [`domain::accounts::under_18`] for this account.
    pub fn under_18_on(&self, day: NaiveDate) -> bool {
        domain::accounts::under_18(self.date_of_birth, day)
    }
}

pub(crate) fn account_from(u: user::Model) -> Account {
    Account {
        id: u.id,
        email: u.email,
        name: u.name,
        // An unknown stored role can only come from a bad manual edit: treat it as the
        // least privileged role rather than failing every page.
        role: Role::parse(&u.role).unwrap_or(Role::YoungPerson),
        partner_id: u.partner_id,
        date_of_birth: u.date_of_birth,
        created_at: u.created_at,
    }
}

/// The names of these accounts (for lists that keep account numbers, such as the audit log).
pub async fn names(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, ServiceError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut out = std::collections::HashMap::new();
    // In chunks: SQLite and PostgreSQL cap the values one statement binds.
    for chunk in ids.chunks(10_000) {
        out.extend(
            user::Entity::find()
                .select_only()
                .column(user::Column::Id)
                .column(user::Column::Name)
                .filter(user::Column::Id.is_in(chunk.to_vec()))
                .into_tuple::<(i64, String)>()
                .all(db)
                .await?,
        );
    }
    Ok(out)
}

/// An institution's Mentoring Coordinators whose accounts are open.
pub(crate) async fn coordinators(
    db: &impl ConnectionTrait,
    partner_id: Option<i64>,
) -> Result<Vec<user::Model>, ServiceError> {
    let Some(p) = partner_id else { return Ok(Vec::new()) };
    Ok(user::Entity::find()
        .filter(user::Column::PartnerId.eq(p))
        .filter(user::Column::Role.eq(Role::Coordinator.as_str()))
        .filter(user::Column::Disabled.eq(false))
        .all(db)
        .await?)
}

/// Every open staff account.
pub(crate) async fn staff(db: &impl ConnectionTrait) -> Result<Vec<user::Model>, ServiceError> {
    Ok(user::Entity::find()
        .filter(user::Column::Role.eq(Role::Staff.as_str()))
        .filter(user::Column::Disabled.eq(false))
        .all(db)
        .await?)
}

/// A moment as people read it: "7 December 2026, 19:30".
pub(crate) fn when(t: DateTime<Utc>) -> String {
    t.format("%-d %B %Y, %H:%M").to_string()
}

/// The first word of a full name: how Tandem addresses people.
pub(crate) fn first_name(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_string()
}

/// A day as people read it: "7 December 2026".
pub(crate) fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}
