//! The staff programme dashboard: the funnel for mentors and young people, how long young
//! people have waited for a mentor, relationships at risk, and workshop capacity.

use serde::{Deserialize, Serialize};

/// Waiting-time bands: (label, first day of the next band).
pub const WAIT_BANDS: &[(&str, i64)] = &[
    ("Under 2 weeks", 14),
    ("2 to 4 weeks", 28),
    ("1 to 2 months", 61),
    ("2 to 3 months", 92),
    ("Over 3 months", i64::MAX),
];

/// The band a wait of `days` falls in.
pub fn wait_band(days: i64) -> usize {
    WAIT_BANDS.iter().position(|(_, upto)| days < *upto).unwrap_or(WAIT_BANDS.len() - 1)
}

/// Counts per band from a histogram of (days waited, people).
pub fn wait_bands(histogram: &[(i64, u64)]) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = WAIT_BANDS.iter().map(|(l, _)| (l.to_string(), 0)).collect();
    for (d, n) in histogram {
        out[wait_band(*d)].1 += n;
    }
    out
}

/// An upcoming workshop's seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopLoad {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub when: String,
    pub booked: u64,
    pub capacity: u64,
    pub waitlisted: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeOverview {
    /// (step, mentors who reached it), in order.
    pub mentor_funnel: Vec<(String, u64)>,
    /// (step, young people who reached it), in order.
    pub young_funnel: Vec<(String, u64)>,
    /// Young people waiting for a mentor now, per waiting-time band.
    pub waiting: Vec<(String, u64)>,
    pub median_wait_days: Option<f64>,
    pub active_matches: u64,
    /// (risk, active relationships with it).
    pub at_risk: Vec<(String, u64)>,
    /// Active relationships with at least one risk.
    pub at_risk_total: u64,
    pub median_days_to_first_meeting: Option<f64>,
    pub workshops: Vec<WorkshopLoad>,
    /// When the figures were counted, for a snapshot (`None`: counted for this view).
    #[serde(default)]
    pub as_of: Option<String>,
}

impl ProgrammeOverview {
    pub fn waiting_total(&self) -> u64 {
        self.waiting.iter().map(|w| w.1).sum()
    }
}

/// The programme settings staff may change, as the settings page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeSettings {
    /// Sessions an adult pair hold online before they may meet in person.
    pub online_sessions_first: u32,
    /// "Changed by Sam Whitfield on 7 December 2026", or `None` while it is the default.
    pub changed: Option<String>,
    /// The video service pairs' rooms are on (`TANDEM_VIDEO_BASE_URL`), if any.
    pub video_service: Option<String>,
}

/// The most online sessions staff may ask for before meeting in person: a whole year's.
pub const MAX_ONLINE_SESSIONS_FIRST: u32 = crate::mentoring::PLANNED_SESSIONS;

/// Reads the "online sessions first" setting as typed.
pub fn parse_online_sessions_first(s: &str) -> Result<u32, crate::FieldErrors> {
    let mut e = crate::FieldErrors::new();
    let n = s.trim().parse::<u32>().ok().filter(|n| *n <= MAX_ONLINE_SESSIONS_FIRST);
    if n.is_none() {
        e.add("online_sessions_first", format!("Enter a whole number from 0 to {MAX_ONLINE_SESSIONS_FIRST}"));
    }
    e.into_result(|| n.unwrap_or(crate::mentoring::ONLINE_SESSIONS_FIRST))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn online_sessions_first_is_a_small_whole_number() {
        assert_eq!(parse_online_sessions_first(" 3 "), Ok(3));
        assert_eq!(parse_online_sessions_first("0"), Ok(0));
        for bad in ["13", "-1", "two", ""] {
            let e = parse_online_sessions_first(bad).expect_err(bad);
            assert_eq!(e.get("online_sessions_first"), Some("Enter a whole number from 0 to 12"), "{bad}");
        }
    }

    #[test]
    fn waits_fall_in_their_band() {
        assert_eq!(wait_band(0), 0);
        assert_eq!(wait_band(13), 0);
        assert_eq!(wait_band(14), 1);
        assert_eq!(wait_band(60), 2);
        assert_eq!(wait_band(61), 3);
        assert_eq!(wait_band(400), 4);
        let b = wait_bands(&[(3, 2), (20, 1), (27, 4), (100, 5)]);
        assert_eq!(b.iter().map(|x| x.1).collect::<Vec<_>>(), vec![2, 5, 0, 0, 5]);
    }
}
