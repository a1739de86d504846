//! Staff administration: people and the accounts only staff may create.

use crate::error::{AppError, Form};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub partner: Option<String>,
    /// The staff page about this person, where there is one (mentors' applications, young
    /// people's matching).
    pub href: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerOption {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPageData {
    pub users: Vec<UserRow>,
    /// Keyset cursor for the next (older) page.
    pub next_before: Option<i64>,
    pub partners: Vec<PartnerOption>,
}

pub const PAGE_SIZE: u64 = 25;

#[server(endpoint = "admin_list_users")]
pub async fn list_users(
    role: Option<String>,
    name: Option<String>,
    before: Option<i64>,
) -> Result<UsersPageData, AppError> {
    use crate::ssr::{Access, require};
    use domain::Role;
    let me = require(Access::Roles(&[Role::Staff])).await?;
    let role = role.as_deref().and_then(Role::parse);
    let list = services::accounts::list(&me.db, role, name.as_deref(), before, PAGE_SIZE + 1).await?;
    let partners = services::partners::list(&me.db).await?;
    let next_before = (list.len() as u64 > PAGE_SIZE).then(|| list[PAGE_SIZE as usize - 1].id);
    let users = list
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|a| UserRow {
            href: match a.role {
                Role::Mentor => Some(format!("/admin/mentors/{}", a.id)),
                Role::YoungPerson => Some(format!("/admin/matching/young/{}", a.id)),
                _ => None,
            },
            id: a.id,
            partner: a.partner_id.and_then(|pid| partners.iter().find(|p| p.id == pid).map(|p| p.name.clone())),
            name: a.name,
            email: a.email,
            role: a.role.label().into(),
        })
        .collect();
    Ok(UsersPageData {
        users,
        next_before,
        partners: partners.into_iter().map(|p| PartnerOption { id: p.id, name: p.name }).collect(),
    })
}

#[server(endpoint = "admin_create_account")]
pub async fn create_account(
    name: String,
    email: String,
    role: String,
    partner_id: String,
) -> Result<Form<String>, AppError> {
    use crate::ssr::{Access, form, now, require};
    use domain::Role;
    let me = require(Access::Roles(&[Role::Staff])).await?;
    let input = services::accounts::NewAccountInput {
        name,
        email,
        role,
        partner_id: partner_id.trim().parse().ok(),
        // Not asked: staff roles have no age rules.
        date_of_birth: String::new(),
    };
    form(
        services::accounts::create_account(&me.db, Some(me.id), &input, &me.settings.base_url, now()).await.map(|a| {
            format!("Account created for {}. We have emailed {} a link to choose a password.", a.name, a.email)
        }),
    )
}
