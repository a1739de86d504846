//! A mentoring relationship (a match) as the rest of the programme reads it: its status,
//! whether mentoring has ended for good, whether it keeps the young person out of the
//! waiting pool, and when it is planned to end.

use crate::matching::PLANNED_MONTHS;
use chrono::{Months, NaiveDate};

/// The status column of a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum MatchStatus {
    /// Running: sessions, messages and check-ins happen.
    #[cfg_attr(feature = "db", sea_orm(string_value = "active"))]
    Active,
    /// Ended, by closure or by a request for a new match (see [`REMATCH`]).
    #[cfg_attr(feature = "db", sea_orm(string_value = "closed"))]
    Closed,
}

impl MatchStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            MatchStatus::Active => "active",
            MatchStatus::Closed => "closed",
        }
    }
}

/// The closing reason of a match ended so that a new one can follow: mentoring goes on.
pub const REMATCH: &str = "rematch";

/// Whether a match with this status and closing reason ended the young person's mentoring:
/// closed for any reason but a rematch (a closure that names no reason counts as an end).
pub fn ended_for_good(status: MatchStatus, closed_reason: Option<&str>) -> bool {
    status == MatchStatus::Closed && closed_reason != Some(REMATCH)
}

/// Whether a match keeps its young person out of the waiting pool (their application's
/// `placed` flag): while it runs, and for good once mentoring has ended.
pub fn keeps_out_of_pool(status: MatchStatus, closed_reason: Option<&str>) -> bool {
    status == MatchStatus::Active || ended_for_good(status, closed_reason)
}

/// The planned end of a relationship starting `start`: twelve months on.
pub fn planned_end(start: NaiveDate) -> NaiveDate {
    start.checked_add_months(Months::new(PLANNED_MONTHS)).unwrap_or(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_closure_other_than_a_rematch_ends_mentoring() {
        assert!(!ended_for_good(MatchStatus::Active, None));
        assert!(!ended_for_good(MatchStatus::Closed, Some(REMATCH)));
        assert!(ended_for_good(MatchStatus::Closed, Some("completed")));
        assert!(ended_for_good(MatchStatus::Closed, None));
        assert!(keeps_out_of_pool(MatchStatus::Active, None));
        assert!(!keeps_out_of_pool(MatchStatus::Closed, Some(REMATCH)));
        assert!(keeps_out_of_pool(MatchStatus::Closed, Some("moved_away")));
    }

    #[test]
    fn a_relationship_is_planned_for_twelve_months() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(planned_end(d(2026, 1, 31)), d(2027, 1, 31));
        assert_eq!(planned_end(d(2024, 2, 29)), d(2025, 2, 28));
    }
}
