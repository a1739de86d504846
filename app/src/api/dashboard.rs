//! What each role sees first after signing in: their own real data and what comes next.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    Done,
    Next,
    Later,
}

/// One step of a participant's journey, with its real state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JourneyStep {
    pub title: String,
    pub detail: String,
    pub state: StepState,
    /// Where to do this step, once it exists.
    pub href: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub name: String,
    pub role: String,
    pub age: i32,
    pub joined: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerRow {
    pub name: String,
    pub kind: String,
    pub join_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dashboard {
    Mentor {
        name: String,
        joined: String,
        journey: Vec<JourneyStep>,
    },
    YoungPerson {
        name: String,
        age: i32,
        partner: Option<String>,
        under_18: bool,
        journey: Vec<JourneyStep>,
    },
    Coordinator {
        name: String,
        partner: String,
        partner_kind: String,
        join_code: Option<String>,
        people: Vec<PersonRow>,
    },
    Staff {
        name: String,
        counts: Vec<(String, u64)>,
        recent: Vec<PersonRow>,
        partners: Vec<PartnerRow>,
    },
    SafeguardingLead {
        name: String,
        under_18s: u64,
        partners: Vec<PartnerRow>,
    },
}

#[server(endpoint = "dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, AppError> {
    use crate::ssr::{Access, fail, now, require, state};
    let me = require(Access::SignedIn).await?;
    let st = state()?;
    services_view::build(&st.db, me, now()).await.map_err(fail)
}

#[cfg(feature = "ssr")]
mod services_view {
    use super::*;
    use chrono::{DateTime, Utc};
    use domain::{Role, age_on};
    use services::accounts::{self, Account};
    use services::{DatabaseConnection, ServiceError, partners};

    fn step(title: &str, detail: &str, state: StepState) -> JourneyStep {
        JourneyStep { title: title.into(), detail: detail.into(), state, href: None }
    }

    /// The profile step of the mentor's journey, from their saved answers.
    fn profile_step(p: &domain::profile::Profile) -> JourneyStep {
        let total = domain::profile::COUNTED.len();
        let (detail, state) = if p.complete() {
            ("All questions answered; you can update it at any time".to_string(), StepState::Done)
        } else {
            (
                format!("{} of {total} questions answered: your work, skills and when you are free", p.answered()),
                StepState::Next,
            )
        };
        JourneyStep { title: "Complete your profile".into(), detail, state, href: Some("/profile".into()) }
    }

    /// The training step of the mentor's journey, from their real progress.
    fn training_step(c: &domain::training::view::Course) -> JourneyStep {
        let (detail, state) = if c.complete {
            ("All modules complete".to_string(), StepState::Done)
        } else {
            (
                format!(
                    "{} of {} lessons and {} of {} modules done; about {} minutes in all, saved as you go",
                    c.lessons_done,
                    c.lessons_total,
                    c.modules_done,
                    c.modules.len(),
                    c.total_minutes
                ),
                StepState::Next,
            )
        };
        JourneyStep { title: "Online training course".into(), detail, state, href: Some("/training".into()) }
    }

    fn partner_rows(list: Vec<partners::Partner>) -> Vec<PartnerRow> {
        list.into_iter()
            .map(|p| PartnerRow { name: p.name, kind: p.kind.label().into(), join_code: p.join_code })
            .collect()
    }

    fn person_rows(list: Vec<Account>, today: chrono::NaiveDate) -> Vec<PersonRow> {
        list.into_iter()
            .map(|a| PersonRow {
                name: a.name,
                role: a.role.label().into(),
                age: age_on(a.date_of_birth, today),
                joined: a.created_at.format("%-d %b %Y").to_string(),
            })
            .collect()
    }

    pub async fn build(db: &DatabaseConnection, me: Account, now: DateTime<Utc>) -> Result<Dashboard, ServiceError> {
        let today = now.date_naive();
        let joined = me.created_at.format("%-d %B %Y").to_string();
        Ok(match me.role {
            Role::Mentor => Dashboard::Mentor {
                journey: vec![
                    step("Create your account", &format!("Done on {joined}"), StepState::Done),
                    profile_step(&services::profiles::get(db, me.id).await?),
                    training_step(&services::training::course(db, me.id).await?),
                    step("Group workshop", "A 2-hour interactive session with other new mentors", StepState::Later),
                    step(
                        "Certificate and approval",
                        "Once trained and checked, you are ready to be matched",
                        StepState::Later,
                    ),
                    step("Meet your young person", "One hour a month, for up to twelve months", StepState::Later),
                ],
                name: me.name,
                joined,
            },
            Role::YoungPerson => {
                let age = age_on(me.date_of_birth, today);
                let partner = match me.partner_id {
                    Some(id) => Some(partners::find(db, id).await?.name),
                    None => None,
                };
                let mut journey = vec![
                    step("Create your account", &format!("Done on {joined}"), StepState::Done),
                    step(
                        "Tell us what you want from mentoring",
                        "A short questionnaire before you start",
                        StepState::Next,
                    ),
                ];
                if age < 18 {
                    journey.push(step(
                        "Induction",
                        "A short session at your school or youth organisation",
                        StepState::Later,
                    ));
                }
                journey.push(step(
                    "Get matched",
                    "We look for a mentor whose experience fits your goals (usually 8 to 12 weeks)",
                    StepState::Later,
                ));
                journey.push(step("Meet your mentor", "One hour a month, for up to twelve months", StepState::Later));
                Dashboard::YoungPerson { name: me.name, age, under_18: age < 18, partner, journey }
            }
            Role::Coordinator => {
                let partner_id = me.partner_id.ok_or(ServiceError::Forbidden)?;
                let p = partners::find(db, partner_id).await?;
                let people: Vec<Account> = accounts::list_for_partner(db, partner_id, 200)
                    .await?
                    .into_iter()
                    .filter(|a| a.id != me.id)
                    .collect();
                Dashboard::Coordinator {
                    name: me.name,
                    partner: p.name,
                    partner_kind: p.kind.label().into(),
                    join_code: p.join_code,
                    people: person_rows(people, today),
                }
            }
            Role::Staff => {
                let counts =
                    accounts::count_by_role(db).await?.into_iter().map(|(r, n)| (r.label().to_string(), n)).collect();
                let recent = person_rows(accounts::list(db, None, None, 8).await?, today);
                Dashboard::Staff { name: me.name, counts, recent, partners: partner_rows(partners::list(db).await?) }
            }
            Role::SafeguardingLead => Dashboard::SafeguardingLead {
                name: me.name,
                under_18s: accounts::count_under_18(db, today).await?,
                partners: partner_rows(partners::list(db).await?),
            },
        })
    }
}
