//! The programme's policies: the safeguarding policy, the gifts and hospitality policy, the
//! code of conduct for mentors and the online-safety guide for young people. They are texts
//! staff edit like the help centre's (each edit a new version); mentors accept three of them
//! before they can be matched, and accept again when a new version says it must be.

use crate::FieldErrors;
use serde::{Deserialize, Serialize};

/// The addresses (`/policies/{slug}`) of the policies a mentor accepts before being matched.
pub const MENTOR_POLICIES: [&str; 3] = ["safeguarding", "code-of-conduct", "gifts-and-hospitality"];

/// The gifts and hospitality policy's address, which the gifts page shows.
pub const GIFTS: &str = "gifts-and-hospitality";

/// One policy in the list on `/policies`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySummary {
    pub slug: String,
    pub title: String,
    /// Whom it is for: "For everyone", "For mentors", "For young people".
    pub section: String,
    pub version: i32,
    /// "7 Dec 2026": when the current version was published.
    pub changed_on: String,
    /// Whether mentors must accept it before being matched.
    pub mentors_accept: bool,
}

/// A policy as people read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub summary: PolicySummary,
    pub body: String,
}

/// A policy the signed-in mentor has still to accept, at its current version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyToAccept {
    pub policy: Policy,
    /// The version they accepted before, when a new version asks them again.
    pub accepted_before: Option<i32>,
}

/// What the acceptance page shows a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptPage {
    /// Whether this person is asked to accept policies at all (mentors are).
    pub asked: bool,
    /// Empty when everything is accepted.
    pub outstanding: Vec<PolicyToAccept>,
}

/// One acceptance on a mentor's record, for staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptanceRow {
    pub title: String,
    pub version: i32,
    /// "7 Dec 2026 at 14:05".
    pub accepted_at: String,
    /// Whether this acceptance still counts (no later version asks again).
    pub counts: bool,
}

/// The versions the person was shown, as the form sends them back: `slug=version` pairs
/// separated by commas ("safeguarding=2,code-of-conduct=1").
pub fn seen_versions(policies: &[PolicyToAccept]) -> String {
    policies
        .iter()
        .map(|p| format!("{}={}", p.policy.summary.slug, p.policy.summary.version))
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads the versions a form says the person was shown; unreadable parts are dropped (the
/// server then finds a policy "not shown" and asks the person to read it again).
pub fn parse_seen(seen: &str) -> Vec<(String, i32)> {
    seen.split(',')
        .filter_map(|part| {
            let (slug, v) = part.trim().split_once('=')?;
            Some((slug.trim().to_string(), v.trim().parse().ok()?))
        })
        .collect()
}

/// Checks the acceptance form: the box must be ticked.
pub fn validate_accept(accept: bool) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    if !accept {
        e.add("accept", "Tick the box to confirm you have read and accept these policies");
    }
    e.into_result(|| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_accept(slug: &str, version: i32) -> PolicyToAccept {
        PolicyToAccept {
            policy: Policy {
                summary: PolicySummary {
                    slug: slug.into(),
                    title: slug.into(),
                    section: "For mentors".into(),
                    version,
                    changed_on: "7 Dec 2026".into(),
                    mentors_accept: true,
                },
                body: String::new(),
            },
            accepted_before: None,
        }
    }

    #[test]
    fn seen_versions_round_trip() {
        let seen = seen_versions(&[to_accept("safeguarding", 2), to_accept("code-of-conduct", 1)]);
        assert_eq!(seen, "safeguarding=2,code-of-conduct=1");
        assert_eq!(parse_seen(&seen), vec![("safeguarding".to_string(), 2), ("code-of-conduct".to_string(), 1)]);
        assert_eq!(parse_seen("x=y, gifts-and-hospitality = 3 ,,="), vec![("gifts-and-hospitality".to_string(), 3)]);
    }

    #[test]
    fn the_box_must_be_ticked() {
        assert!(validate_accept(false).expect_err("refused").get("accept").is_some());
        assert!(validate_accept(true).is_ok());
    }
}
