//! What each role sees first after signing in (the dashboard): its journey steps, rows and
//! the whole view per role, as `services::dashboard` builds it and the page shows it.

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
    /// Shown to staff only: an organisation's lead is not told its people's ages.
    pub age: Option<i32>,
    pub joined: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub join_code: Option<String>,
    /// Schools and youth partners have young people, and so a safeguarding contact.
    pub has_young_people: bool,
    pub safeguarding_contact: Option<i64>,
    /// Its coordinators (id, name): whom it may name as its safeguarding contact.
    pub coordinators: Vec<(i64, String)>,
}

/// An employer's employees who mentor, in aggregate: how many reached each step, and the
/// minutes of mentoring given (confirmed sessions). Never a young person's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployerCohort {
    pub steps: Vec<(String, u64)>,
    pub minutes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dashboard {
    Mentor {
        name: String,
        joined: String,
        journey: Vec<JourneyStep>,
        /// Set when the application was declined or the role ended: what the mentor is told.
        closed: Option<String>,
        card: crate::matching::MatchCard,
    },
    YoungPerson {
        name: String,
        age: Option<i32>,
        partner: Option<String>,
        under_18: bool,
        journey: Vec<JourneyStep>,
        card: crate::matching::MatchCard,
    },
    Coordinator {
        name: String,
        partner: String,
        partner_kind: String,
        join_code: Option<String>,
        /// The join page's address with the code filled in, to hand out.
        join_address: Option<String>,
        /// Sign-ups with the join code in the last hour, and the hourly limit.
        join_code_use: Option<(u64, u64)>,
        /// Open cases about its young people, when this coordinator is the institution's
        /// safeguarding contact.
        safeguarding_cases: Option<u64>,
        people: Vec<PersonRow>,
        /// The institution's young people and where each stands (schools and youth partners).
        cohort: Vec<crate::applications::CohortRow>,
        /// The last person shown, when there are more (keyset cursor for the next page).
        cohort_next: Option<i64>,
        /// For an employer: its employees who mentor, in aggregate.
        employer: Option<EmployerCohort>,
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
        open_cases: u64,
        immediate_cases: u64,
        partners: Vec<PartnerRow>,
    },
}
