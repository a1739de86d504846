//! Impact reports: staff see everyone (and can filter by partner); a Mentoring Coordinator or
//! employer lead sees their own organisation's aggregate only, never below the minimum group.

use crate::error::AppError;
use domain::impact::ImpactReport;
use leptos::prelude::*;

#[server(endpoint = "load_impact")]
pub async fn load_impact(
    instrument: Option<String>,
    year: Option<String>,
    cohort: Option<String>,
    region: Option<String>,
    partner: Option<String>,
    age_group: Option<String>,
) -> Result<ImpactReport, AppError> {
    use crate::ssr::{Access, require};
    use domain::Role;
    let me = require(Access::Roles(&[Role::Staff, Role::Coordinator])).await?;
    let filter = domain::impact::ImpactFilter { instrument, year, cohort, region, partner, age_group };
    let valid = filter.validate().map_err(AppError::Validation)?;
    let db = &me.db;
    Ok(services::impact::scoped_report(db, me.role, me.partner_id, &valid, crate::ssr::now()).await?)
}
