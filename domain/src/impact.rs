//! What the impact reports show: paired before/after results per theme and per item, what
//! young people want from mentoring, workshop feedback and NPS, and the CSV export.

use crate::FieldErrors;
use crate::stats::{Nps, Paired};
use serde::{Deserialize, Serialize};

/// Partners see aggregates only, and none for groups smaller than this (so no individual's
/// answers can be inferred).
pub const MIN_GROUP: u64 = 5;

pub const AGE_GROUPS: &[(&str, &str)] = &[("under_18", "Under 18"), ("18_21", "18 to 21"), ("22_25", "22 to 25")];

pub fn age_group(age: i32) -> &'static str {
    if age < 18 {
        "under_18"
    } else if age <= 21 {
        "18_21"
    } else {
        "22_25"
    }
}

/// Report filters as typed (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactFilter {
    /// The instrument version (questionnaire); the one in use when absent.
    pub instrument: Option<String>,
    pub year: Option<String>,
    pub cohort: Option<String>,
    pub region: Option<String>,
    pub partner: Option<String>,
    pub age_group: Option<String>,
}

/// Filters once checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidFilter {
    pub instrument: Option<String>,
    pub year: Option<i32>,
    pub cohort: Option<i32>,
    pub region: Option<String>,
    pub partner: Option<i64>,
    pub age_group: Option<String>,
}

impl ImpactFilter {
    pub fn validate(&self) -> Result<ValidFilter, FieldErrors> {
        let mut e = FieldErrors::new();
        let some = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let year = |field: &str, s: &Option<String>, e: &mut FieldErrors| match some(s) {
            None => None,
            Some(v) => match v.parse::<i32>() {
                Ok(y) if (2000..=2100).contains(&y) => Some(y),
                _ => {
                    e.add(field, "Enter a year, for example 2026");
                    None
                }
            },
        };
        let y = year("year", &self.year, &mut e);
        let cohort = year("cohort", &self.cohort, &mut e);
        let region = some(&self.region);
        if region.as_deref().is_some_and(|r| !crate::profiles::REGIONS.contains(&r)) {
            e.add("region", "Choose a region from the list");
        }
        let partner = match some(&self.partner) {
            None => None,
            Some(p) => match p.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("partner", "Choose a partner from the list");
                    None
                }
            },
        };
        let age_group = some(&self.age_group);
        if age_group.as_deref().is_some_and(|a| !AGE_GROUPS.iter().any(|(k, _)| *k == a)) {
            e.add("age_group", "Choose an age group from the list");
        }
        let instrument = some(&self.instrument);
        if instrument.as_deref().is_some_and(|v| {
            v.len() > 40 || !v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        }) {
            e.add("instrument", "Choose a questionnaire from the list");
        }
        e.into_result(|| ValidFilter { instrument, year: y, cohort, region, partner, age_group })
    }
}

impl ValidFilter {
    /// The report's heading: whose results (`whom`: "Everyone" or a partner's name) and the
    /// filters in force, in words, so a filtered report never reads as the whole programme.
    pub fn heading(&self, whom: &str) -> String {
        let mut parts = vec![whom.to_string()];
        if let Some(y) = self.year {
            parts.push(format!("evaluated in {y}"));
        }
        if let Some(c) = self.cohort {
            parts.push(format!("applied in {c}"));
        }
        if let Some(r) = &self.region {
            parts.push(r.clone());
        }
        if let Some(a) = self.age_group.as_deref().and_then(|a| AGE_GROUPS.iter().find(|(k, _)| *k == a)) {
            parts.push(format!("aged {}", a.1.to_lowercase()));
        }
        parts.join(", ")
    }
}

/// One line of the impact table (a theme or an item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImpactRow {
    pub label: String,
    /// The theme, for an item row.
    pub theme: String,
    pub result: Option<Paired>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopSummary {
    pub n: u64,
    pub good_to_excellent_pct: f64,
    pub would_recommend_pct: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImpactReport {
    /// Who the report covers, in words (everyone, or one partner).
    pub scope: String,
    /// The instrument version the report covers, its name, and its scale's top score.
    pub version: String,
    pub instrument: String,
    pub points: i32,
    /// (version, name) of every instrument, for choosing another.
    pub instruments: Vec<(String, String)>,
    pub pairs: u64,
    /// True when the group is below [`MIN_GROUP`] and a partner asked: nothing is shown.
    pub suppressed: bool,
    pub themes: Vec<ImpactRow>,
    pub items: Vec<ImpactRow>,
    /// (goal, % of applications choosing it, applications) for the chosen year or all years.
    pub wants: Vec<(String, f64)>,
    pub applications: u64,
    pub nps: Option<Nps>,
    pub workshops: Option<WorkshopSummary>,
    /// Staff only.
    pub funnel: Option<Funnel>,
    /// Where young people go next, at the end of mentoring and six months later.
    #[serde(default)]
    pub destinations: Vec<crate::destinations::StageReport>,
    /// Opportunities posted, young people interested and taken up: staff see every partner
    /// (or the one they chose), an employer's lead their own.
    #[serde(default)]
    pub opportunities: Option<crate::opportunities::TakeUpReport>,
}

/// The programme funnel for mentors and how long young people wait to meet their mentor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Funnel {
    /// (step, mentors who reached it), in order.
    pub mentors: Vec<(String, u64)>,
    pub median_days_to_first_meeting: Option<f64>,
    pub young_people_met: u64,
    /// Mentors who joined more than two weeks ago and have not finished the course.
    #[serde(default)]
    pub training_overdue: u64,
    /// When the funnel was counted, for a snapshot (`None`: counted for this view).
    #[serde(default)]
    pub as_of: Option<String>,
}

/// The median of values given as (value, count), sorted by value.
pub fn median_of_histogram(h: &[(i64, u64)]) -> Option<f64> {
    let n: u64 = h.iter().map(|x| x.1).sum();
    if n == 0 {
        return None;
    }
    let at = |k: u64| {
        let mut seen = 0;
        for (v, c) in h {
            seen += c;
            if seen > k {
                return *v as f64;
            }
        }
        h.last().map(|x| x.0 as f64).unwrap_or(0.0)
    };
    Some(if n % 2 == 1 { at(n / 2) } else { (at(n / 2 - 1) + at(n / 2)) / 2.0 })
}

/// A share of people, as the public impact page shows it: hidden (`None` in its place)
/// for fewer than [`MIN_GROUP`] people.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PublicShare {
    pub pct: f64,
    /// 95% Wilson interval, in percent.
    pub ci95: (f64, f64),
    /// How many people the share is of.
    pub n: u64,
}

impl PublicShare {
    /// `k` of `n`, or `None` below [`MIN_GROUP`].
    pub fn of(k: u64, n: u64) -> Option<PublicShare> {
        if n < MIN_GROUP {
            return None;
        }
        let ci95 = crate::stats::wilson95(k, n)?;
        Some(PublicShare { pct: 100.0 * k.min(n) as f64 / n as f64, ci95, n })
    }
}

/// A count shown to the public: `None` below [`MIN_GROUP`].
pub fn public_count(n: u64) -> Option<u64> {
    (n >= MIN_GROUP).then_some(n)
}

/// Feedback on one kind of workshop, for the public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicFeedback {
    /// "Mentor workshops" or "Young people's inductions".
    pub label: String,
    pub good_to_excellent: PublicShare,
    pub would_recommend: PublicShare,
    /// Inductions: "it helped me feel more prepared for a session" (of those asked).
    pub prepared: Option<PublicShare>,
}

/// One theme's result from paired pre- and end-evaluations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicTheme {
    pub theme: String,
    /// The share whose theme score improved; `None` below [`MIN_GROUP`] pairs.
    pub improved: Option<PublicShare>,
}

/// The public impact page (`/impact`) and the home page's summary: whole-programme figures
/// only, each with its number of people and hidden below [`MIN_GROUP`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicImpact {
    /// "1 Sep 2025 to 7 Dec 2026": the period every figure covers.
    pub period: String,
    /// "14:05 UTC on 7 Dec 2026": when the figures were counted.
    pub counted_at: String,
    /// Young people who have had at least one confirmed session with their mentor.
    pub young_people_mentored: Option<u64>,
    pub mentors_mentoring: Option<u64>,
    /// Confirmed sessions, and the hours they add up to.
    pub sessions_held: Option<u64>,
    pub hours: Option<u64>,
    /// Young people with both a pre- and an end-evaluation (the themes' group).
    pub pairs: u64,
    pub themes: Vec<PublicTheme>,
    pub mentor_workshops: Option<PublicFeedback>,
    pub inductions: Option<PublicFeedback>,
    /// Exit surveys: the share scoring 7 to 10, beside the Net Promoter Score.
    pub seven_to_ten: Option<PublicShare>,
    pub nps: Option<f64>,
    /// What young people want from mentoring: (goal, share of applications); empty below
    /// [`MIN_GROUP`] applications.
    pub wants: Vec<(String, f64)>,
    pub applications: u64,
}

/// A CSV field: quoted, quotes doubled, and a leading =, +, -, @, tab or carriage return
/// neutralised with an apostrophe, so a spreadsheet never runs it as a formula.
pub fn csv_field(s: &str) -> String {
    let neutral = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

fn num(x: f64) -> String {
    format!("{x:.3}")
}

/// The report as CSV: one line per theme and per item.
pub fn to_csv(r: &ImpactReport) -> String {
    let mut out = String::from(
        "level,theme,label,pairs,mean_before,mean_after,mean_change,ci95_low,ci95_high,effect_size_dz,improved_pct,unchanged_pct,worse_pct,instrument_version\n",
    );
    for (level, rows) in [("theme", &r.themes), ("item", &r.items)] {
        for row in rows.iter() {
            let Some(p) = row.result.filter(|_| !r.suppressed) else { continue };
            let (lo, hi) = p.ci95.map(|(a, b)| (num(a), num(b))).unwrap_or_default();
            let cells = [
                csv_field(level),
                csv_field(&row.theme),
                csv_field(&row.label),
                p.n.to_string(),
                num(p.mean_before),
                num(p.mean_after),
                num(p.mean_change),
                lo,
                hi,
                p.effect_size.map(num).unwrap_or_default(),
                num(p.improved_pct),
                num(p.unchanged_pct),
                num(p.worse_pct),
                csv_field(&r.version),
            ];
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    }
    if out.lines().count() == 1 {
        let why = if r.suppressed {
            format!("Fewer than {MIN_GROUP} pairs in this selection have both evaluations: results are not shown")
        } else {
            "No pairs in this selection have both evaluations yet".to_string()
        };
        out.push_str(&format!("note,,{},0,,,,,,,,,,{}\n", csv_field(&why), csv_field(&r.version)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "\"'+1\"");
        assert_eq!(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_field("Wellbeing"), "\"Wellbeing\"");
    }

    #[test]
    fn median_from_a_histogram() {
        assert_eq!(median_of_histogram(&[]), None);
        assert_eq!(median_of_histogram(&[(10, 1)]), Some(10.0));
        // 3, 5, 5, 9 -> (5 + 5) / 2; 3, 5, 9 -> 5; 1, 2, 3, 4 -> 2.5
        assert_eq!(median_of_histogram(&[(3, 1), (5, 2), (9, 1)]), Some(5.0));
        assert_eq!(median_of_histogram(&[(3, 1), (5, 1), (9, 1)]), Some(5.0));
        assert_eq!(median_of_histogram(&[(1, 1), (2, 1), (3, 1), (4, 1)]), Some(2.5));
    }

    #[test]
    fn filters_are_checked() {
        let f = ImpactFilter { year: Some("2026".into()), region: Some("London".into()), ..Default::default() };
        assert_eq!(f.validate().expect("ok").year, Some(2026));
        let bad = ImpactFilter { year: Some("twenty".into()), age_group: Some("old".into()), ..Default::default() };
        let e = bad.validate().expect_err("bad");
        assert!(e.get("year").is_some() && e.get("age_group").is_some());
        assert_eq!(age_group(17), "under_18");
        assert_eq!(age_group(21), "18_21");
        assert_eq!(age_group(25), "22_25");
    }
}
