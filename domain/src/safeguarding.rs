//! Safeguarding: reporting a concern or a disclosure, and the Designated Safeguarding Lead's
//! case file (a queue by urgency, an append-only chronology, who has seen each case).

use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What kind of concern it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Category {
    AbuseDisclosed,
    RiskOfHarm,
    InappropriateContact,
    Other,
}

impl Category {
    pub const ALL: [Category; 4] =
        [Category::AbuseDisclosed, Category::RiskOfHarm, Category::InappropriateContact, Category::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::AbuseDisclosed => "abuse_disclosed",
            Category::RiskOfHarm => "risk_of_harm",
            Category::InappropriateContact => "inappropriate_contact",
            Category::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::AbuseDisclosed => "Abuse disclosed",
            Category::RiskOfHarm => "Risk of harm to self or others",
            Category::InappropriateContact => "Inappropriate contact",
            Category::Other => "Something else that worries me",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// How quickly the safeguarding team must act. The queue sorts by this first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Urgency {
    /// Someone may be at risk now: the DSL acts within the hour.
    Immediate,
    /// Today.
    High,
    /// Within two working days.
    Routine,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Immediate, Urgency::High, Urgency::Routine];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Immediate => "immediate",
            Urgency::High => "high",
            Urgency::Routine => "routine",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Urgency::Immediate => "Urgent: someone may be at risk now",
            Urgency::High => "Today: it needs looking at today",
            Urgency::Routine => "Soon: within two working days",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Urgency::Immediate => "Immediate",
            Urgency::High => "High",
            Urgency::Routine => "Routine",
        }
    }

    /// Sort key: immediate first.
    pub fn rank(self) -> i32 {
        match self {
            Urgency::Immediate => 0,
            Urgency::High => 1,
            Urgency::Routine => 2,
        }
    }

    pub fn parse(s: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.as_str() == s)
    }

    pub fn from_rank(rank: i32) -> Urgency {
        match rank {
            0 => Urgency::Immediate,
            1 => Urgency::High,
            _ => Urgency::Routine,
        }
    }
}

/// Where a case came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// Someone reported it with the form.
    Report,
    /// A message in an under-18's match that the filter held.
    Message,
    /// A check-in flag in an under-18's match.
    Checkin,
    /// Low wellbeing answers in an evaluation.
    Wellbeing,
}

impl Source {
    pub const ALL: [Source; 4] = [Source::Report, Source::Message, Source::Checkin, Source::Wellbeing];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Report => "report",
            Source::Message => "message",
            Source::Checkin => "checkin",
            Source::Wellbeing => "wellbeing",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::Report => "Reported",
            Source::Message => "Held message (under-18 match)",
            Source::Checkin => "Check-in flag (under-18 match)",
            Source::Wellbeing => "Low wellbeing answers",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A case's status. Only the safeguarding team changes it, always with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum CaseStatus {
    #[cfg_attr(feature = "db", sea_orm(string_value = "new"))]
    New,
    #[cfg_attr(feature = "db", sea_orm(string_value = "open"))]
    Open,
    #[cfg_attr(feature = "db", sea_orm(string_value = "referred"))]
    Referred,
    #[cfg_attr(feature = "db", sea_orm(string_value = "closed"))]
    Closed,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 4] = [CaseStatus::New, CaseStatus::Open, CaseStatus::Referred, CaseStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::New => "new",
            CaseStatus::Open => "open",
            CaseStatus::Referred => "referred",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::New => "New",
            CaseStatus::Open => "Open",
            CaseStatus::Referred => "Referred on",
            CaseStatus::Closed => "Closed",
        }
    }

    pub fn parse(s: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A line of a case's chronology. Entries are never edited or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryKind {
    Action,
    Decision,
    Referral,
    Note,
    /// Written by the system: the status changed, a match or a mentor was suspended.
    System,
}

impl EntryKind {
    /// What the safeguarding team can add by hand.
    pub const WRITABLE: [EntryKind; 4] = [EntryKind::Action, EntryKind::Decision, EntryKind::Referral, EntryKind::Note];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Action => "action",
            EntryKind::Decision => "decision",
            EntryKind::Referral => "referral",
            EntryKind::Note => "note",
            EntryKind::System => "system",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Action => "Action taken",
            EntryKind::Decision => "Decision",
            EntryKind::Referral => "Referral",
            EntryKind::Note => "Note",
            EntryKind::System => "Recorded by Tandem",
        }
    }

    pub fn parse(s: &str) -> Option<EntryKind> {
        EntryKind::WRITABLE.into_iter().chain([EntryKind::System]).find(|x| x.as_str() == s)
    }
}

pub const WHAT_MAX: usize = 5000;
pub const ENTRY_MAX: usize = 4000;

/// The report-a-concern form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcernInput {
    pub category: Option<String>,
    pub urgency: Option<String>,
    /// What was said or seen, in the reporter's words.
    pub what: String,
    /// When it happened (a date).
    pub happened_on: String,
    /// The match it is about, if any (a number, from the match page's link).
    pub match_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidConcern {
    pub category: Category,
    pub urgency: Urgency,
    pub what: String,
    pub happened_on: NaiveDate,
    pub match_id: Option<i64>,
}

impl ConcernInput {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidConcern, FieldErrors> {
        let mut e = FieldErrors::new();
        let category = self.category.as_deref().and_then(Category::parse);
        if category.is_none() {
            e.add("category", "Choose what kind of concern this is");
        }
        let urgency = self.urgency.as_deref().and_then(Urgency::parse);
        if urgency.is_none() {
            e.add("urgency", "Choose how urgent it is");
        }
        let what = self.what.trim().to_string();
        if what.chars().count() < 10 {
            e.add("what", "Tell us what was said or seen, in your own words (at least 10 characters)");
        } else if what.chars().count() > WHAT_MAX {
            e.add("what", format!("Keep it under {WHAT_MAX} characters; you can send a second report with more"));
        }
        let happened_on = match NaiveDate::parse_from_str(self.happened_on.trim(), "%Y-%m-%d") {
            Err(_) => {
                e.add("happened_on", "Enter the date it happened, or your best guess");
                None
            }
            Ok(d) if d > today => {
                e.add("happened_on", "The date cannot be in the future");
                None
            }
            Ok(d) if d < today - chrono::Duration::days(365 * 20) => {
                e.add("happened_on", "Enter a date in the last 20 years");
                None
            }
            Ok(d) => Some(d),
        };
        let match_id = match self.match_id.trim() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    e.add("match_id", "This is not a match number");
                    None
                }
            },
        };
        match (category, urgency, happened_on) {
            (Some(category), Some(urgency), Some(happened_on)) if e.is_empty() => {
                Ok(ValidConcern { category, urgency, what, happened_on, match_id })
            }
            _ => Err(e),
        }
    }
}

/// A chronology entry as typed by the safeguarding team.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryInput {
    pub kind: Option<String>,
    pub text: String,
    /// Why (required for decisions and referrals).
    pub reason: String,
    /// The new status, if it changes.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidEntry {
    pub kind: EntryKind,
    pub text: String,
    pub reason: String,
    pub status: Option<CaseStatus>,
}

impl EntryInput {
    pub fn validate(&self) -> Result<ValidEntry, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = self.kind.as_deref().and_then(EntryKind::parse).filter(|k| *k != EntryKind::System);
        if kind.is_none() {
            e.add("kind", "Choose what you are recording");
        }
        let text = self.text.trim().to_string();
        if text.is_empty() {
            e.add("text", "Write what was done or decided");
        } else if text.chars().count() > ENTRY_MAX {
            e.add("text", format!("Keep it under {ENTRY_MAX} characters"));
        }
        let reason = self.reason.trim().to_string();
        if matches!(kind, Some(EntryKind::Decision | EntryKind::Referral)) && reason.is_empty() {
            e.add("reason", "Give the reason for this decision or referral");
        } else if reason.chars().count() > ENTRY_MAX {
            e.add("reason", format!("Keep it under {ENTRY_MAX} characters"));
        }
        let status = match self.status.trim() {
            "" => None,
            s => match CaseStatus::parse(s) {
                Some(CaseStatus::New) | None => {
                    e.add("status", "Choose a status from the list");
                    None
                }
                Some(st) => Some(st),
            },
        };
        match kind {
            Some(kind) if e.is_empty() => Ok(ValidEntry { kind, text, reason, status }),
            _ => Err(e),
        }
    }
}

/// The case reference people quote, e.g. SG-000042.
pub fn reference(id: i64) -> String {
    format!("SG-{id:06}")
}

/// What the reporter is told once the report is in.
pub fn next_steps(urgency: Urgency) -> String {
    let when = match urgency {
        Urgency::Immediate => "within the hour",
        Urgency::High => "today",
        Urgency::Routine => "within two working days",
    };
    format!(
        "Our Designated Safeguarding Lead and their deputy have been told, and will look at it {when}. \
         They may contact you to ask more; they will only share it with people who need to know to keep someone \
         safe. You cannot change or delete this report: if you remember more, send another one and quote the \
         reference. If someone is in immediate danger, call 999 now."
    )
}

/// What a reporter gets back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcernReceipt {
    pub reference: String,
    pub next_steps: String,
}

/// One of the reporter's own reports, as they may see it (no case notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyConcern {
    pub reference: String,
    pub category: String,
    pub reported_at: String,
    pub what: String,
}

/// A row of the DSL's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: i64,
    pub reference: String,
    pub urgency: Urgency,
    pub category: String,
    pub source: String,
    pub status: CaseStatus,
    pub reported_at: String,
    /// Who it is about (the young person), when known.
    pub about: Option<String>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedPerson {
    pub id: i64,
    pub name: String,
    pub role: String,
    /// "Reporter", "Young person", "Mentor".
    pub relation: String,
    pub suspended: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChronologyEntry {
    pub at: String,
    pub by: String,
    pub kind: String,
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub at: String,
    pub by: String,
}

/// A whole case, for the safeguarding team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFile {
    /// The viewer is on the programme's safeguarding team (they may link people and suspend),
    /// not an institution's safeguarding contact.
    pub programme_team: bool,
    pub id: i64,
    pub reference: String,
    pub urgency: Urgency,
    pub category: String,
    pub source: String,
    pub status: CaseStatus,
    pub reported_at: String,
    pub happened_on: String,
    pub what: String,
    pub people: Vec<LinkedPerson>,
    pub match_id: Option<i64>,
    pub match_suspended: bool,
    pub chronology: Vec<ChronologyEntry>,
    pub views: Vec<CaseView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
    }

    fn good() -> ConcernInput {
        ConcernInput {
            category: Some("abuse_disclosed".into()),
            urgency: Some("immediate".into()),
            what: "She told me someone at home hurts her.".into(),
            happened_on: "2026-11-20".into(),
            match_id: "3".into(),
        }
    }

    #[test]
    fn a_complete_report_is_accepted() {
        let v = good().validate(today()).expect("valid");
        assert_eq!(v.category, Category::AbuseDisclosed);
        assert_eq!(v.urgency, Urgency::Immediate);
        assert_eq!(v.match_id, Some(3));
    }

    #[test]
    fn every_missing_or_bad_field_is_named() {
        let bad = ConcernInput {
            category: Some("gossip".into()),
            urgency: None,
            what: "short".into(),
            happened_on: "2027-01-01".into(),
            match_id: "abc".into(),
        };
        let e = bad.validate(today()).expect_err("invalid");
        for f in ["category", "urgency", "what", "happened_on", "match_id"] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
        let long = ConcernInput { what: "x".repeat(WHAT_MAX + 1), ..good() };
        assert!(long.validate(today()).expect_err("too long").get("what").is_some());
    }

    #[test]
    fn urgency_orders_the_queue() {
        let mut u = vec![Urgency::Routine, Urgency::Immediate, Urgency::High];
        u.sort();
        assert_eq!(u, Urgency::ALL.to_vec());
        for x in Urgency::ALL {
            assert_eq!(Urgency::from_rank(x.rank()), x);
            assert_eq!(Urgency::parse(x.as_str()), Some(x));
        }
    }

    #[test]
    fn decisions_need_reasons_and_system_entries_cannot_be_typed() {
        let e = EntryInput {
            kind: Some("decision".into()),
            text: "Refer to children's services".into(),
            ..Default::default()
        };
        assert!(e.validate().expect_err("no reason").get("reason").is_some());
        let ok = EntryInput { reason: "Disclosure of harm at home".into(), status: "referred".into(), ..e };
        assert_eq!(ok.validate().expect("ok").status, Some(CaseStatus::Referred));
        let sys = EntryInput { kind: Some("system".into()), text: "x".into(), ..Default::default() };
        assert!(sys.validate().expect_err("system").get("kind").is_some());
        let back_to_new =
            EntryInput { kind: Some("note".into()), text: "x".into(), status: "new".into(), ..Default::default() };
        assert!(back_to_new.validate().expect_err("new").get("status").is_some());
    }

    #[test]
    fn references_are_padded() {
        assert_eq!(reference(42), "SG-000042");
        assert!(next_steps(Urgency::Immediate).contains("within the hour"));
    }
}
