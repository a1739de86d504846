//! Matching as staff and participants see it: weights, candidates with reasons, runs and
//! their draft pairs, the match itself and rematch requests.

use crate::FieldErrors;
use serde::{Deserialize, Serialize};

/// Which mentor skill serves each goal a young person can choose (same order as `GOALS`).
pub const GOAL_SKILLS: &[(&str, &str)] = &[
    ("Career advice and guidance", "Career advice and guidance"),
    ("Build confidence", "Building confidence"),
    ("Meet people from different professional backgrounds", "Networking"),
    ("CV and interviews", "CV and interviews"),
    ("Applying to university", "Applying to university"),
    ("Apprenticeships", "Apprenticeships"),
    ("Starting a business", "Starting a business"),
    ("Wellbeing and resilience", "Wellbeing and resilience"),
];

/// A mentoring relationship runs 12 months unless it ends early.
pub const PLANNED_MONTHS: u32 = 12;

/// The six parts of the score, each weighted 0..=100 by staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchWeights {
    pub goals: u32,
    pub sector: u32,
    pub availability: u32,
    pub format: u32,
    pub language: u32,
    pub waiting: u32,
}

impl Default for MatchWeights {
    fn default() -> Self {
        MatchWeights { goals: 40, sector: 15, availability: 15, format: 10, language: 10, waiting: 10 }
    }
}

/// The weights form: (field, label, hint).
pub const WEIGHT_FIELDS: &[(&str, &str, &str)] = &[
    ("goals", "Goals covered by the mentor's skills", "The share of the young person's goals the mentor can help with"),
    ("sector", "Sector interest", "The mentor works in a sector the young person is curious about"),
    ("availability", "Shared availability", "The share of the young person's times that the mentor shares"),
    ("format", "Format preference", "Online or in person, as the young person prefers"),
    ("language", "Language", "The mentor speaks a language the young person asked for"),
    ("waiting", "Time waiting", "Young people who have waited longer come first, up to a year"),
];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightsInput {
    pub goals: String,
    pub sector: String,
    pub availability: String,
    pub format: String,
    pub language: String,
    pub waiting: String,
}

impl WeightsInput {
    pub fn validate(&self) -> Result<MatchWeights, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut get = |field: &str, v: &str| match v.trim().parse::<u32>() {
            Ok(n) if n <= 100 => n,
            _ => {
                e.add(field, "Enter a whole number from 0 to 100");
                0
            }
        };
        let w = MatchWeights {
            goals: get("goals", &self.goals),
            sector: get("sector", &self.sector),
            availability: get("availability", &self.availability),
            format: get("format", &self.format),
            language: get("language", &self.language),
            waiting: get("waiting", &self.waiting),
        };
        if e.is_empty() && w.goals + w.sector + w.availability + w.format + w.language + w.waiting == 0 {
            e.add("goals", "At least one weight must be above 0");
        }
        e.into_result(|| w)
    }
}

/// A young person waiting for a mentor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingRow {
    pub user_id: i64,
    pub name: String,
    pub age: i32,
    pub region: String,
    pub format: String,
    pub goals: String,
    pub partner: Option<String>,
    pub waited_days: i64,
}

/// A proposed mentor, with the score and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub mentor_id: i64,
    pub name: String,
    pub job_title: String,
    pub sector: String,
    pub region: String,
    pub score: i64,
    pub max_score: i64,
    pub reasons: Vec<String>,
}

/// Who a run covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunScope {
    Everyone,
    Region(String),
    Partner(i64),
}

impl RunScope {
    pub fn kind(&self) -> &'static str {
        match self {
            RunScope::Everyone => "everyone",
            RunScope::Region(_) => "region",
            RunScope::Partner(_) => "partner",
        }
    }

    pub fn value(&self) -> String {
        match self {
            RunScope::Everyone => String::new(),
            RunScope::Region(r) => r.clone(),
            RunScope::Partner(p) => p.to_string(),
        }
    }

    pub fn parse(kind: &str, value: &str) -> Result<RunScope, FieldErrors> {
        match kind {
            "everyone" => Ok(RunScope::Everyone),
            "region" if crate::profiles::REGIONS.contains(&value.trim()) => Ok(RunScope::Region(value.trim().into())),
            "region" => Err(FieldErrors::single("region", "Choose a region")),
            "partner" => value
                .trim()
                .parse()
                .map(RunScope::Partner)
                .map_err(|_| FieldErrors::single("partner", "Choose a partner organisation")),
            _ => Err(FieldErrors::single("scope", "Choose who to match")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum RunStatus {
    #[cfg_attr(feature = "db", sea_orm(string_value = "running"))]
    Running,
    #[cfg_attr(feature = "db", sea_orm(string_value = "draft"))]
    Draft,
    #[cfg_attr(feature = "db", sea_orm(string_value = "published"))]
    Published,
    #[cfg_attr(feature = "db", sea_orm(string_value = "discarded"))]
    Discarded,
    #[cfg_attr(feature = "db", sea_orm(string_value = "failed"))]
    Failed,
    /// A draft overtaken by a later run's publication: the pool it was drawn from has changed.
    #[cfg_attr(feature = "db", sea_orm(string_value = "superseded"))]
    Superseded,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Draft => "draft",
            RunStatus::Published => "published",
            RunStatus::Discarded => "discarded",
            RunStatus::Failed => "failed",
            RunStatus::Superseded => "superseded",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RunStatus::Running => "Running",
            RunStatus::Draft => "Draft: review and publish",
            RunStatus::Published => "Published",
            RunStatus::Discarded => "Discarded",
            RunStatus::Failed => "Failed",
            RunStatus::Superseded => "Superseded: a later run was published, so this draft can no longer be published",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    pub id: i64,
    pub scope: String,
    pub status: RunStatus,
    pub phase: String,
    pub done: i64,
    pub total: i64,
    pub pool_size: i64,
    pub mentors: i64,
    pub matched: i64,
    pub total_score: i64,
    pub certified: bool,
    /// When not certified: the most by which a set of pairs matching as many young people
    /// could beat the total score, if the certificate proved that much.
    pub score_gap: Option<i64>,
    pub rounds: i32,
    pub candidate_pairs: i64,
    pub message: String,
    pub created: String,
    /// Draft pairs staff have vetoed (not published).
    #[serde(default)]
    pub vetoed: i64,
}

/// A young person a draft leaves waiting, and why, for the staff reviewing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftWaiting {
    pub user_id: i64,
    pub name: String,
    pub waited_days: u32,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunPairRow {
    pub id: i64,
    pub young_person_id: i64,
    pub young_person: String,
    pub young_person_email: String,
    pub mentor_id: i64,
    pub mentor: String,
    pub mentor_email: String,
    pub score: i64,
    pub reasons: Vec<String>,
    pub pinned: bool,
    pub vetoed: bool,
}

/// Why a pair stops before its planned end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RematchReason {
    NotWorking,
    Availability,
    Moved,
    Goals,
    Other,
}

impl RematchReason {
    pub const ALL: [RematchReason; 5] = [
        RematchReason::NotWorking,
        RematchReason::Availability,
        RematchReason::Moved,
        RematchReason::Goals,
        RematchReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RematchReason::NotWorking => "not_working",
            RematchReason::Availability => "availability",
            RematchReason::Moved => "moved",
            RematchReason::Goals => "goals",
            RematchReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            RematchReason::NotWorking => "The relationship is not working",
            RematchReason::Availability => "We cannot find times to meet",
            RematchReason::Moved => "One of us has moved or changed circumstances",
            RematchReason::Goals => "My goals need a different mentor",
            RematchReason::Other => "Something else",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RematchInput {
    pub reason: Option<String>,
    pub note: String,
}

impl RematchInput {
    pub fn validate(&self) -> Result<(RematchReason, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let reason = self.reason.as_deref().and_then(RematchReason::parse);
        if reason.is_none() {
            e.add("reason", "Choose the reason for asking for a new match");
        }
        let note = self.note.trim().to_string();
        if note.chars().count() > 1000 {
            e.add("note", "Keep this to 1,000 characters or fewer");
        }
        if reason == Some(RematchReason::Other) && note.is_empty() {
            e.add("note", "Tell us a little about what is not working");
        }
        e.into_result(|| (reason.unwrap_or(RematchReason::Other), note))
    }
}

/// A participant's current match, as they see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMatch {
    pub match_id: i64,
    /// Months of the plan that passed without a session.
    pub overdue: usize,
    /// The other person's first name.
    pub with: String,
    /// For young people: the mentor's job title and sector.
    pub about: String,
    pub start_date: String,
    pub planned_end: String,
    pub reasons: Vec<String>,
    /// Under-18s: contact goes through their institution's coordinator.
    pub via_coordinator: Option<String>,
}

/// What a participant's dashboard shows about matching.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchCard {
    pub current: Option<MyMatch>,
    /// Latest notifications: (text, date).
    pub notifications: Vec<(String, String)>,
    /// The person's latest match, current or ended (its page has the timeline and surveys).
    pub last_match: Option<i64>,
    /// A mentor resting after a match: offer them a new one.
    pub offer_new_match: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_whole_numbers_from_0_to_100_and_not_all_zero() {
        let ok = WeightsInput {
            goals: "40".into(),
            sector: "15".into(),
            availability: "15".into(),
            format: "10".into(),
            language: "10".into(),
            waiting: " 10 ".into(),
        };
        assert_eq!(ok.validate(), Ok(MatchWeights::default()));
        let bad = WeightsInput { goals: "101".into(), sector: "-1".into(), ..ok.clone() };
        let e = bad.validate().expect_err("out of range");
        assert!(e.get("goals").is_some() && e.get("sector").is_some());
        let zero = WeightsInput {
            goals: "0".into(),
            sector: "0".into(),
            availability: "0".into(),
            format: "0".into(),
            language: "0".into(),
            waiting: "0".into(),
        };
        assert!(zero.validate().is_err());
    }

    #[test]
    fn scopes_and_rematch_reasons() {
        assert_eq!(RunScope::parse("region", "London"), Ok(RunScope::Region("London".into())));
        assert!(RunScope::parse("region", "Atlantis").is_err());
        assert_eq!(RunScope::parse("partner", "7"), Ok(RunScope::Partner(7)));
        assert!(RunScope::parse("nobody", "").is_err());
        let none = RematchInput { reason: None, note: String::new() };
        assert!(none.validate().is_err());
        let other = RematchInput { reason: Some("other".into()), note: " ".into() };
        assert!(other.validate().expect_err("needs a note").get("note").is_some());
        let ok = RematchInput { reason: Some("not_working".into()), note: "After three sessions".into() };
        assert_eq!(ok.validate().map(|r| r.0), Ok(RematchReason::NotWorking));
    }

    #[test]
    fn every_goal_is_served_by_a_listed_skill() {
        for (goal, skill) in GOAL_SKILLS {
            assert!(crate::applications::GOALS.contains(goal), "{goal}");
            assert!(crate::profiles::SKILLS.contains(skill), "{skill}");
        }
        assert_eq!(GOAL_SKILLS.len(), crate::applications::GOALS.len());
    }
}
