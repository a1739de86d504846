//! Mentor approval: the enhanced DBS check, references, staff decisions with the
//! programme's stated reasons, and the rule for who may be matched with a young person.

use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a mentor's application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum MentorStatus {
    /// Applied (signed up); not yet decided.
    #[cfg_attr(feature = "db", sea_orm(string_value = "applied"))]
    Applied,
    #[cfg_attr(feature = "db", sea_orm(string_value = "approved"))]
    Approved,
    #[cfg_attr(feature = "db", sea_orm(string_value = "declined"))]
    Declined,
    /// Was approved; staff ended the role.
    #[cfg_attr(feature = "db", sea_orm(string_value = "ended"))]
    Ended,
}

impl MentorStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MentorStatus::Applied => "applied",
            MentorStatus::Approved => "approved",
            MentorStatus::Declined => "declined",
            MentorStatus::Ended => "ended",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MentorStatus::Applied => "Awaiting a decision",
            MentorStatus::Approved => "Approved",
            MentorStatus::Declined => "Declined",
            MentorStatus::Ended => "Role ended",
        }
    }

    /// Declined and ended mentors cannot use mentoring features.
    pub fn closed(self) -> bool {
        matches!(self, MentorStatus::Declined | MentorStatus::Ended)
    }
}

/// The programme's reasons for declining an applicant or ending a mentor's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeclineReason {
    CannotPerformRole,
    DoesNotComply,
    CannotCommitTime,
    ConductBelowStandard,
    SafeguardingConcern,
}

impl DeclineReason {
    pub const ALL: [DeclineReason; 5] = [
        DeclineReason::CannotPerformRole,
        DeclineReason::DoesNotComply,
        DeclineReason::CannotCommitTime,
        DeclineReason::ConductBelowStandard,
        DeclineReason::SafeguardingConcern,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeclineReason::CannotPerformRole => "cannot_perform_role",
            DeclineReason::DoesNotComply => "does_not_comply",
            DeclineReason::CannotCommitTime => "cannot_commit_time",
            DeclineReason::ConductBelowStandard => "conduct_below_standard",
            DeclineReason::SafeguardingConcern => "safeguarding_concern",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            DeclineReason::CannotPerformRole => "Cannot perform the role",
            DeclineReason::DoesNotComply => "Does not comply with the programme's requirements",
            DeclineReason::CannotCommitTime => "Cannot commit the time",
            DeclineReason::ConductBelowStandard => "Conduct below the expected standard",
            DeclineReason::SafeguardingConcern => "Safeguarding concern",
        }
    }
}

/// What staff decided, kept as history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Approve,
    Decline,
    End,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Decline => "decline",
            Decision::End => "end",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Decision::Approve, Decision::Decline, Decision::End].into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Approve => "Approved",
            Decision::Decline => "Declined",
            Decision::End => "Role ended",
        }
    }

    /// The status a decision moves the mentor to, if allowed from `from`.
    pub fn apply(self, from: MentorStatus) -> Option<MentorStatus> {
        match (self, from) {
            (Decision::Approve, MentorStatus::Applied) => Some(MentorStatus::Approved),
            (Decision::Decline, MentorStatus::Applied) => Some(MentorStatus::Declined),
            (Decision::End, MentorStatus::Approved) => Some(MentorStatus::Ended),
            _ => None,
        }
    }
}

/// A decision as staff submit it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionInput {
    pub decision: String,
    pub reason: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDecision {
    pub decision: Decision,
    pub reason: Option<DeclineReason>,
    pub note: String,
}

impl DecisionInput {
    pub fn validate(&self) -> Result<ValidDecision, FieldErrors> {
        let mut e = FieldErrors::new();
        let decision = Decision::parse(self.decision.trim());
        if decision.is_none() {
            e.add("decision", "Choose a decision");
        }
        let reason = self.reason.as_deref().map(str::trim).filter(|s| !s.is_empty()).and_then(DeclineReason::parse);
        let note = self.note.trim().to_string();
        if matches!(decision, Some(Decision::Decline | Decision::End)) {
            if reason.is_none() {
                e.add("reason", "Choose the reason from the programme's list");
            }
            if note.chars().count() < 10 {
                e.add("note", "Write a short note explaining the decision (at least 10 characters)");
            }
        }
        if note.chars().count() > 2000 {
            e.add("note", "Keep the note to 2,000 characters or fewer");
        }
        match decision {
            Some(decision) if e.is_empty() => {
                let reason = if decision == Decision::Approve { None } else { reason };
                Ok(ValidDecision { decision, reason, note })
            }
            _ => Err(e),
        }
    }
}

/// A date as an HTML date input sends it (`YYYY-MM-DD`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The enhanced DBS check as staff record it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbsInput {
    pub certificate_number: String,
    pub issue_date: String,
    /// "yes" when the mentor subscribes to the DBS Update Service.
    pub update_service: Option<String>,
    pub recheck_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbsCheck {
    pub certificate_number: String,
    pub issue_date: NaiveDate,
    pub update_service: bool,
    /// When the check must be renewed (or rechecked on the Update Service).
    pub recheck_date: NaiveDate,
}

impl DbsInput {
    pub fn validate(&self, today: NaiveDate) -> Result<DbsCheck, FieldErrors> {
        let mut e = FieldErrors::new();
        let number: String = self.certificate_number.chars().filter(|c| !c.is_whitespace()).collect();
        if number.len() != 12 || !number.chars().all(|c| c.is_ascii_digit()) {
            e.add("certificate_number", "Enter the 12-digit DBS certificate number");
        }
        let issue = parse_date(&self.issue_date);
        match issue {
            None => e.add("issue_date", "Enter the issue date, for example 2026-09-14"),
            Some(d) if d > today => e.add("issue_date", "The issue date cannot be in the future"),
            Some(_) => {}
        }
        let recheck = parse_date(&self.recheck_date);
        match (recheck, issue) {
            (None, _) => e.add("recheck_date", "Enter the date the check must be renewed"),
            (Some(r), Some(i)) if r <= i => e.add("recheck_date", "The recheck date must be after the issue date"),
            _ => {}
        }
        let update_service = matches!(self.update_service.as_deref(), Some("yes" | "on" | "true"));
        match (issue, recheck) {
            (Some(issue_date), Some(recheck_date)) if e.is_empty() => {
                Ok(DbsCheck { certificate_number: number, issue_date, update_service, recheck_date })
            }
            _ => Err(e),
        }
    }
}

/// A reference as staff record it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceInput {
    pub referee: String,
    pub relationship: String,
    /// "satisfactory" or "unsatisfactory".
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidReference {
    pub referee: String,
    pub relationship: String,
    pub satisfactory: bool,
}

impl ReferenceInput {
    pub fn validate(&self) -> Result<ValidReference, FieldErrors> {
        let mut e = FieldErrors::new();
        let referee = self.referee.split_whitespace().collect::<Vec<_>>().join(" ");
        if referee.chars().count() < 2 || referee.chars().count() > 100 {
            e.add("referee", "Enter the referee's name");
        }
        let relationship = self.relationship.trim().to_string();
        if relationship.is_empty() || relationship.chars().count() > 100 {
            e.add("relationship", "Say how the referee knows the applicant, for example line manager");
        }
        let satisfactory = match self.outcome.as_deref() {
            Some("satisfactory") => Some(true),
            Some("unsatisfactory") => Some(false),
            _ => None,
        };
        if satisfactory.is_none() {
            e.add("outcome", "Choose whether the reference is satisfactory");
        }
        match satisfactory {
            Some(satisfactory) if e.is_empty() => Ok(ValidReference { referee, relationship, satisfactory }),
            _ => Err(e),
        }
    }
}

/// References needed before approval.
pub const REFERENCES_NEEDED: usize = 2;

/// Everything that decides whether a mentor may be matched.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MatchableFacts {
    pub status: Option<MentorStatus>,
    pub dbs_recheck_date: Option<NaiveDate>,
    pub training_complete: bool,
    pub workshop_attended: bool,
    /// The current safeguarding policy, code of conduct and gifts policy accepted.
    pub policies_accepted: bool,
}

impl MatchableFacts {
    /// What still stands between this mentor and a match, in words (empty: matchable).
    /// `until` is the last day the mentoring would run: the DBS check must be valid past it.
    pub fn missing(&self, until: NaiveDate) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.training_complete {
            out.push("complete the online training");
        }
        if !self.workshop_attended {
            out.push("attend a mentor workshop");
        }
        if !self.policies_accepted {
            out.push("accept the current policies (safeguarding, code of conduct, gifts)");
        }
        match self.dbs_recheck_date {
            None => out.push("an enhanced DBS check on record"),
            Some(d) if d <= until => out.push("a DBS check valid for the whole mentoring period"),
            Some(_) => {}
        }
        match self.status {
            Some(MentorStatus::Approved) => {}
            Some(MentorStatus::Declined) | Some(MentorStatus::Ended) => out.push("not available for mentoring"),
            _ => out.push("approval by the programme team"),
        }
        out
    }

    pub fn matchable(&self, until: NaiveDate) -> bool {
        self.missing(until).is_empty()
    }
}

/// Approval needs a DBS check on record and enough satisfactory references.
pub fn approval_blockers(dbs: Option<&DbsCheck>, satisfactory_references: usize, today: NaiveDate) -> FieldErrors {
    let mut e = FieldErrors::new();
    match dbs {
        None => e.add("decision", "Record the enhanced DBS check before approving"),
        Some(d) if d.recheck_date <= today => e.add("decision", "The DBS check has expired: record a new one"),
        Some(_) => {}
    }
    if satisfactory_references < REFERENCES_NEEDED {
        e.add("decision", format!("Record {REFERENCES_NEEDED} satisfactory references before approving"));
    }
    e
}

/// A reference as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceView {
    pub referee: String,
    pub relationship: String,
    pub satisfactory: bool,
    pub recorded: String,
}

/// One decision in a mentor's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub decision: Decision,
    pub reason: Option<DeclineReason>,
    pub note: String,
    pub by: String,
    pub at: String,
}

/// Everything staff need to review one mentor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorReview {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub joined: String,
    pub status: MentorStatus,
    pub dbs: Option<DbsCheck>,
    pub references: Vec<ReferenceView>,
    pub history: Vec<DecisionView>,
    pub lessons_done: usize,
    pub lessons_total: usize,
    pub training_complete: bool,
    pub workshop: String,
    pub workshop_attended: bool,
    pub profile_answered: usize,
    /// What still stands between the mentor and a match (empty: matchable).
    pub missing: Vec<String>,
    /// The policies the mentor accepted, newest first.
    pub policies: Vec<crate::policies::AcceptanceRow>,
}

/// Which mentors a staff queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueFilter {
    /// Awaiting a decision.
    ToReview,
    /// No DBS check recorded yet (applicants and approved mentors).
    AwaitingDbs,
    Approved,
    Declined,
    Ended,
}

impl QueueFilter {
    pub const ALL: [QueueFilter; 5] = [
        QueueFilter::ToReview,
        QueueFilter::AwaitingDbs,
        QueueFilter::Approved,
        QueueFilter::Declined,
        QueueFilter::Ended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueFilter::ToReview => "to_review",
            QueueFilter::AwaitingDbs => "awaiting_dbs",
            QueueFilter::Approved => "approved",
            QueueFilter::Declined => "declined",
            QueueFilter::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            QueueFilter::ToReview => "Applications to review",
            QueueFilter::AwaitingDbs => "Waiting for DBS",
            QueueFilter::Approved => "Approved",
            QueueFilter::Declined => "Declined",
            QueueFilter::Ended => "Role ended",
        }
    }
}

/// One mentor in a staff queue, with their training and workshop progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub user_id: i64,
    pub name: String,
    pub joined: String,
    pub status: MentorStatus,
    pub dbs_recorded: bool,
    pub references: usize,
    pub lessons_done: usize,
    pub lessons_total: usize,
    /// The course is unfinished two weeks after joining (`training::TARGET_DAYS`).
    pub training_overdue: bool,
    pub workshop: String,
}

/// The latest decision as the mentor sees it (the staff note stays internal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub status: MentorStatus,
    pub reason: Option<DeclineReason>,
    pub at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn decisions_follow_the_allowed_paths() {
        assert_eq!(Decision::Approve.apply(MentorStatus::Applied), Some(MentorStatus::Approved));
        assert_eq!(Decision::Decline.apply(MentorStatus::Applied), Some(MentorStatus::Declined));
        assert_eq!(Decision::End.apply(MentorStatus::Approved), Some(MentorStatus::Ended));
        assert_eq!(Decision::End.apply(MentorStatus::Applied), None);
        assert_eq!(Decision::Approve.apply(MentorStatus::Ended), None);
        assert_eq!(Decision::Decline.apply(MentorStatus::Approved), None);
    }

    #[test]
    fn declining_needs_a_listed_reason_and_a_note() {
        let e = DecisionInput { decision: "decline".into(), reason: Some("bad vibes".into()), note: "no".into() }
            .validate()
            .expect_err("invalid");
        assert!(e.get("reason").is_some() && e.get("note").is_some());
        let v = DecisionInput {
            decision: "decline".into(),
            reason: Some("cannot_commit_time".into()),
            note: "Works away nine months of the year.".into(),
        }
        .validate()
        .expect("valid");
        assert_eq!(v.reason, Some(DeclineReason::CannotCommitTime));
        let v =
            DecisionInput { decision: "approve".into(), reason: Some("cannot_commit_time".into()), note: "".into() }
                .validate()
                .expect("approve needs no reason");
        assert_eq!(v.reason, None);
    }

    #[test]
    fn dbs_check_is_validated() {
        let today = d("2026-11-23");
        let ok = DbsInput {
            certificate_number: "0012 3456 7890".into(),
            issue_date: "2026-10-01".into(),
            update_service: Some("yes".into()),
            recheck_date: "2029-10-01".into(),
        }
        .validate(today)
        .expect("valid");
        assert_eq!(ok.certificate_number, "001234567890");
        assert!(ok.update_service);
        let e = DbsInput {
            certificate_number: "12345".into(),
            issue_date: "2027-01-01".into(),
            update_service: None,
            recheck_date: "2026-01-01".into(),
        }
        .validate(today)
        .expect_err("invalid");
        assert!(e.get("certificate_number").is_some() && e.get("issue_date").is_some());
        assert!(e.get("recheck_date").is_some());
    }

    #[test]
    fn only_approved_dbs_cleared_trained_and_workshop_complete_mentors_are_matchable() {
        let until = d("2027-11-23");
        let all = MatchableFacts {
            status: Some(MentorStatus::Approved),
            dbs_recheck_date: Some(d("2029-01-01")),
            training_complete: true,
            workshop_attended: true,
            policies_accepted: true,
        };
        assert!(all.matchable(until));
        assert!(!MatchableFacts { policies_accepted: false, ..all.clone() }.matchable(until));
        assert!(!MatchableFacts { training_complete: false, ..all.clone() }.matchable(until));
        assert!(!MatchableFacts { workshop_attended: false, ..all.clone() }.matchable(until));
        assert!(!MatchableFacts { dbs_recheck_date: None, ..all.clone() }.matchable(until));
        assert!(!MatchableFacts { dbs_recheck_date: Some(d("2027-06-01")), ..all.clone() }.matchable(until));
        assert!(!MatchableFacts { status: Some(MentorStatus::Applied), ..all.clone() }.matchable(until));
        assert!(!MatchableFacts { status: Some(MentorStatus::Ended), ..all.clone() }.matchable(until));
        assert_eq!(MatchableFacts::default().missing(until).len(), 5);
    }

    #[test]
    fn approval_needs_dbs_and_two_references() {
        let today = d("2026-11-23");
        let dbs = DbsCheck {
            certificate_number: "001234567890".into(),
            issue_date: d("2026-10-01"),
            update_service: false,
            recheck_date: d("2029-10-01"),
        };
        assert!(approval_blockers(Some(&dbs), 2, today).is_empty());
        assert!(!approval_blockers(Some(&dbs), 1, today).is_empty());
        assert!(!approval_blockers(None, 2, today).is_empty());
    }
}
