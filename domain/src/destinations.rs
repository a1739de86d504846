//! Where young people go next: a short section at the end of mentoring and again six months
//! later (by a one-click link in an email). What they are doing now, what they applied for or
//! got, and, for school pupils, whether their attendance and grades improved in their own
//! view. Reports show these only in aggregate, never for fewer than five people.

use crate::FieldErrors;
use serde::{Deserialize, Serialize};

/// When the answers were given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// With the end-of-mentoring evaluation.
    End,
    /// Six months after the mentoring ended.
    SixMonths,
}

impl Stage {
    pub const ALL: [Stage; 2] = [Stage::End, Stage::SixMonths];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::End => "end",
            Stage::SixMonths => "six_months",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::End => "At the end of mentoring",
            Stage::SixMonths => "Six months later",
        }
    }
}

/// "What are you doing now?" (one answer).
pub const ACTIVITIES: &[(&str, &str)] = &[
    ("education", "In education (school, college or university)"),
    ("training", "In training"),
    ("apprenticeship", "On an apprenticeship"),
    ("employment", "In a job"),
    ("internship", "On an internship"),
    ("not_yet", "Not yet in any of these"),
];

/// "Have you applied for or got any of these?" (each: applied, got, or neither).
pub const OUTCOMES: &[(&str, &str)] = &[
    ("college", "A college or university place"),
    ("apprenticeship", "An apprenticeship"),
    ("job", "A job"),
    ("scholarship", "A scholarship or bursary"),
];

/// The answers to each outcome.
pub const PROGRESS: &[(&str, &str)] = &[("got", "Got one"), ("applied", "Applied"), ("no", "Neither")];

/// School pupils: "Since you started mentoring, has your … changed?"
pub const SELF_VIEW: &[(&str, &str)] =
    &[("better", "Better"), ("same", "About the same"), ("worse", "Worse"), ("not_sure", "Not sure")];

/// The section as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestinationInput {
    pub activity: Option<String>,
    pub college: Option<String>,
    pub apprenticeship: Option<String>,
    pub job: Option<String>,
    pub scholarship: Option<String>,
    pub attendance: Option<String>,
    pub grades: Option<String>,
}

/// The answers once checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Destination {
    pub activity: String,
    /// Per [`OUTCOMES`] key, in order: "got", "applied" or "no".
    pub outcomes: Vec<String>,
    /// Pupils only.
    pub attendance: Option<String>,
    pub grades: Option<String>,
}

fn one_of(v: &Option<String>, allowed: &[(&str, &str)]) -> Option<String> {
    let v = v.as_deref()?.trim();
    allowed.iter().any(|(k, _)| *k == v).then(|| v.to_string())
}

impl DestinationInput {
    fn outcome(&self, key: &str) -> &Option<String> {
        match key {
            "college" => &self.college,
            "apprenticeship" => &self.apprenticeship,
            "job" => &self.job,
            _ => &self.scholarship,
        }
    }

    /// Checks the answers; `pupil`: the young person is at school (under 18 through a school),
    /// who is also asked about attendance and grades.
    pub fn validate(&self, pupil: bool) -> Result<Destination, FieldErrors> {
        let mut e = FieldErrors::new();
        let activity = one_of(&self.activity, ACTIVITIES);
        if activity.is_none() {
            e.add("activity", "Choose what you are doing now");
        }
        let mut outcomes = Vec::new();
        for (key, label) in OUTCOMES {
            match one_of(self.outcome(key), PROGRESS) {
                Some(v) => outcomes.push(v),
                None => e.add(key, format!("{label}: choose got one, applied or neither")),
            }
        }
        let (attendance, grades) = if pupil {
            let a = one_of(&self.attendance, SELF_VIEW);
            if a.is_none() {
                e.add("attendance", "Choose how your attendance has changed");
            }
            let g = one_of(&self.grades, SELF_VIEW);
            if g.is_none() {
                e.add("grades", "Choose how your grades have changed");
            }
            (a, g)
        } else {
            (None, None)
        };
        e.into_result(|| Destination { activity: activity.unwrap_or_default(), outcomes, attendance, grades })
    }
}

/// The section as a young person sees it: whether they are asked the school questions, and
/// what they answered before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestinationForm {
    pub stage: Stage,
    pub pupil: bool,
    pub saved: Option<Destination>,
    /// Their first name, for the follow-up page's greeting.
    pub first_name: String,
}

/// One stage of the destinations report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageReport {
    pub stage: Stage,
    /// Young people who answered; nothing else is shown below [`crate::impact::MIN_GROUP`].
    pub n: u64,
    /// (activity, % of those who answered).
    pub activities: Vec<(String, f64)>,
    /// (outcome, % who got one, % who applied).
    pub outcomes: Vec<(String, f64, f64)>,
    /// School pupils who answered, and the % who said attendance and grades got better
    /// (`None` below [`crate::impact::MIN_GROUP`] pupils).
    pub pupils: u64,
    pub attendance_better: Option<f64>,
    pub grades_better: Option<f64>,
}
