//! The programme's policies: read by anyone; accepted by mentors (the service decides who is
//! asked); edited by staff through the same versioned texts as the help centre.

use crate::error::{AppError, Form};
use domain::documents::DocumentRow;
use domain::policies::{AcceptPage, Policy, PolicySummary};
use leptos::prelude::*;

/// Every policy, for `/policies`. Anyone may read them, signed in or not.
#[server(endpoint = "load_policies")]
pub async fn load_policies() -> Result<Vec<PolicySummary>, AppError> {
    use crate::ssr::{Access, authorize};
    let visit = authorize(Access::Public).await?;
    Ok(services::policies::list(&visit.db).await?)
}

/// One policy by its address (`/policies/safeguarding`).
#[server(endpoint = "load_policy")]
pub async fn load_policy(slug: String) -> Result<Policy, AppError> {
    use crate::ssr::{Access, authorize};
    let visit = authorize(Access::Public).await?;
    Ok(services::policies::get(&visit.db, &slug).await?)
}

/// What the signed-in person still has to accept (mentors; anyone else is asked nothing).
#[server(endpoint = "policies_to_accept")]
pub async fn policies_to_accept() -> Result<AcceptPage, AppError> {
    use crate::ssr::{Access, require};
    let me = require(Access::SignedIn).await?;
    Ok(services::policies::accept_page(&me.db, me.id).await?)
}

/// A mentor accepts the policies the page showed them (`seen`: each one's version).
#[server(endpoint = "accept_policies")]
pub async fn accept_policies(accept: Option<String>, seen: String) -> Result<Form<usize>, AppError> {
    use crate::ssr::{Access, MENTORS, form, now, require};
    let me = require(Access::Roles(MENTORS)).await?;
    form(services::policies::accept(&me.db, me.id, accept.is_some(), &seen, now()).await)
}

/// Every policy with its current version (staff).
#[server(endpoint = "policy_texts")]
pub async fn policy_texts() -> Result<Vec<DocumentRow>, AppError> {
    use crate::ssr::{Access, STAFF, require};
    let me = require(Access::Roles(STAFF)).await?;
    Ok(services::documents::admin_list(&me.db, services::policies::POLICY).await?)
}
