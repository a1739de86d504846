//! The young person's application: what they want from mentoring and how they can meet.
//! Under-18s join through a partner institution with its join code.

use crate::FieldErrors;
use crate::profiles::{AVAILABILITY, FORMATS, LANGUAGES, REGIONS, SECTORS, split_list};
use serde::{Deserialize, Serialize};

/// Young people per page on a coordinator's list.
pub const COHORT_PAGE: u64 = 50;

/// What a young person can want from mentoring; matched against mentors' skills.
pub const GOALS: &[&str] = &[
    "Career advice and guidance",
    "Build confidence",
    "Meet people from different professional backgrounds",
    "CV and interviews",
    "Applying to university",
    "Apprenticeships",
    "Starting a business",
    "Wellbeing and resilience",
];

/// The application as the form sends it (lists joined by ", ").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub goals: String,
    /// Sectors the young person is curious about.
    pub interests: String,
    pub region: String,
    pub format: String,
    pub availability: String,
    pub accessibility: String,
    /// Languages they would like their mentor to speak (optional).
    #[serde(default)]
    pub languages: String,
    /// The join code from their school or youth partner (under-18s).
    pub join_code: String,
}

fn list(value: &str, allowed: &[&str]) -> Option<String> {
    let items = split_list(value);
    items.iter().all(|v| allowed.contains(v)).then(|| items.join(", "))
}

/// Join codes are typed by young people: compare them without case or surrounding spaces.
pub fn normalise_join_code(s: &str) -> String {
    s.trim().to_uppercase()
}

impl Application {
    /// Checks every answer in form order; `under_18` makes the join code required.
    pub fn validate(&self, under_18: bool) -> Result<Application, FieldErrors> {
        let mut e = FieldErrors::new();
        let goals = list(&self.goals, GOALS);
        match &goals {
            None => e.add("goals", "Choose from the list"),
            Some(g) if g.is_empty() => e.add("goals", "Choose at least one thing you want from mentoring"),
            Some(_) => {}
        }
        let interests = list(&self.interests, SECTORS);
        if interests.is_none() {
            e.add("interests", "Choose from the list");
        }
        let region = self.region.trim();
        if !REGIONS.contains(&region) {
            e.add("region", "Choose the region where you live");
        }
        let format = self.format.trim();
        if !FORMATS.iter().any(|(k, _)| *k == format) {
            e.add("format", "Choose online, in person or either");
        }
        let availability = list(&self.availability, AVAILABILITY);
        match &availability {
            None => e.add("availability", "Choose from the list"),
            Some(a) if a.is_empty() => e.add("availability", "Choose at least one time you could meet"),
            Some(_) => {}
        }
        let languages = list(&self.languages, LANGUAGES);
        if languages.is_none() {
            e.add("languages", "Choose from the list");
        }
        let accessibility = self.accessibility.trim().to_string();
        if accessibility.chars().count() > 1000 {
            e.add("accessibility", "Keep this to 1,000 characters or fewer");
        }
        let join_code = normalise_join_code(&self.join_code);
        if under_18 && join_code.is_empty() {
            e.add("join_code", "Enter the join code from your school or youth organisation");
        } else if join_code.chars().count() > 32 {
            e.add("join_code", "That join code is too long: check it with your coordinator");
        }
        e.into_result(|| Application {
            goals: goals.unwrap_or_default(),
            interests: interests.unwrap_or_default(),
            region: region.to_string(),
            format: format.to_string(),
            availability: availability.unwrap_or_default(),
            accessibility,
            languages: languages.unwrap_or_default(),
            join_code,
        })
    }
}

/// Where a young person stands before matching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YpStatus {
    pub application: Option<Application>,
    pub partner: Option<String>,
    /// The institution's join code (empty without one): the application starts with it.
    pub partner_join_code: String,
    pub under_18: bool,
    /// Under-18s: their coordinator has confirmed them.
    pub confirmed: bool,
    pub pre_evaluation_done: bool,
    pub induction_attended: bool,
    /// e.g. "Booked for Thursday 3 December 2026, 16:00 to 17:00".
    pub induction: String,
}

impl YpStatus {
    /// The application is complete: submitted, pre-evaluation done, and for under-18s
    /// confirmed by the coordinator and inducted.
    pub fn ready_for_matching(&self) -> bool {
        complete(
            self.application.is_some(),
            self.pre_evaluation_done,
            self.under_18,
            self.confirmed,
            self.induction_attended,
        )
    }
}

/// A young person's part before matching is done: applied, the pre-evaluation completed,
/// and for an under-18 confirmed by their coordinator and inducted.
fn complete(applied: bool, pre_evaluation_done: bool, under_18: bool, confirmed: bool, inducted: bool) -> bool {
    applied && pre_evaluation_done && (!under_18 || (confirmed && inducted))
}

/// What decides whether a young person is in the waiting pool for a mentor. The matching
/// pool reads these facts in Rust ([`PoolFacts::waiting`]); the staff pages count and page
/// the pool in SQL with the same rule, and a service test checks that both pick the same
/// people on generated data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolFacts {
    /// The account is a young person's and open.
    pub open_young_person: bool,
    pub applied: bool,
    pub pre_evaluation_done: bool,
    /// Their age today; `None` when no date of birth is known.
    pub age: Option<i32>,
    /// Confirmed by their Mentoring Coordinator (asked of under-18s).
    pub confirmed: bool,
    /// Attended the mentee induction (asked of under-18s).
    pub inducted: bool,
    /// A match keeps them out: one running, or mentoring ended for good
    /// ([`crate::relationships::keeps_out_of_pool`]).
    pub placed: bool,
}

impl PoolFacts {
    /// Waiting for a mentor: an open young person's account with a known age, their part
    /// done ([`YpStatus::ready_for_matching`]'s rule) and no match keeping them out.
    pub fn waiting(&self) -> bool {
        let Some(age) = self.age else { return false };
        self.open_young_person
            && !self.placed
            && complete(self.applied, self.pre_evaluation_done, age < 18, self.confirmed, self.inducted)
    }
}

/// One young person on a coordinator's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortRow {
    pub user_id: i64,
    pub name: String,
    /// Young people give their date of birth when they register.
    pub age: Option<i32>,
    pub applied: bool,
    pub confirmed: bool,
    pub pre_evaluation_done: bool,
    pub induction: String,
    /// Their latest match, if they have had one.
    #[serde(default)]
    pub mentoring: Option<CohortMatch>,
}

/// A pupil's match as their coordinator sees it: the mentor's first name and how it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortMatch {
    pub match_id: i64,
    pub mentor: String,
    /// "Matched since 3 November 2026", "Ended 1 December 2026".
    pub status: String,
    pub active: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pool_holds_young_people_whose_part_is_done_and_who_have_no_match() {
        let adult = PoolFacts {
            open_young_person: true,
            applied: true,
            pre_evaluation_done: true,
            age: Some(19),
            ..PoolFacts::default()
        };
        assert!(adult.waiting());
        assert!(!PoolFacts { placed: true, ..adult }.waiting());
        assert!(!PoolFacts { pre_evaluation_done: false, ..adult }.waiting());
        assert!(!PoolFacts { open_young_person: false, ..adult }.waiting());
        assert!(!PoolFacts { age: None, ..adult }.waiting(), "no date of birth: not matchable");
        let pupil = PoolFacts { age: Some(16), ..adult };
        assert!(!pupil.waiting());
        assert!(!PoolFacts { confirmed: true, ..pupil }.waiting());
        assert!(PoolFacts { confirmed: true, inducted: true, ..pupil }.waiting());
    }

    #[test]
    fn no_goal_contains_the_list_separator() {
        // Goals are stored joined by ", " like the profile's lists: a comma would split one.
        for goal in GOALS {
            assert!(!goal.contains(','), "{goal}");
        }
    }

    fn good() -> Application {
        Application {
            goals: "Build confidence, Career advice and guidance".into(),
            interests: "Technology".into(),
            region: "London".into(),
            format: "online".into(),
            availability: "Weekday evenings".into(),
            accessibility: "".into(),
            languages: String::new(),
            join_code: "".into(),
        }
    }

    #[test]
    fn over_18s_need_no_join_code() {
        assert!(good().validate(false).is_ok());
    }

    #[test]
    fn under_18s_need_a_join_code() {
        let e = good().validate(true).expect_err("code needed");
        assert!(e.get("join_code").is_some());
        let a = Application { join_code: " northfield-26 ".into(), ..good() }.validate(true).expect("valid");
        assert_eq!(a.join_code, "NORTHFIELD-26");
    }

    #[test]
    fn every_answer_is_checked() {
        let bad = Application {
            goals: "".into(),
            interests: "Wizardry".into(),
            region: "Narnia".into(),
            format: "telepathy".into(),
            availability: "".into(),
            accessibility: "x".repeat(1001),
            languages: "Klingon".into(),
            join_code: "".into(),
        };
        let e = bad.validate(false).expect_err("invalid");
        for f in ["goals", "interests", "region", "format", "availability", "accessibility", "languages"] {
            assert!(e.get(f).is_some(), "{f}");
        }
    }
}
