//! Equality monitoring: voluntary questions a young person answers with their application and
//! a mentor in their profile, so the programme can see whom it reaches and whether it works as
//! well for every group. Every question can be left unanswered or answered "Prefer not to
//! say". The answers never reach matching, a mentor, a partner or any view of one person: only
//! the person (their own form and download) and the staff report's counts, each hidden below
//! [`crate::impact::MIN_GROUP`] people.

use crate::FieldErrors;
use crate::role::Role;
use serde::{Deserialize, Serialize};

pub const PREFER_NOT: (&str, &str) = ("prefer_not", "Prefer not to say");

/// Why the questions are asked and on what lawful basis, beside the questions and in the
/// privacy notice.
pub const PURPOSE: &str = "These questions are optional and separate from your application or profile. We ask them to \
     see whether Tandem reaches everyone it should and works as well for every group. Your answers are never used to \
     match you, and no mentor, partner organisation, coordinator or member of staff sees them: they are only counted \
     in reports of groups of 5 people or more.";
pub const LAWFUL_BASIS: &str = "Lawful basis: our legitimate interest in monitoring equality (UK GDPR Article 6(1)(f)); \
     for ethnic group and disability, which are special category data, Article 9(2)(g) with the Data Protection Act \
     2018, Schedule 1, paragraph 8 (equality of opportunity or treatment). You can change or remove your answers at \
     any time, and they are deleted with your account.";

/// The ethnic groups of the 2021 census of England and Wales (ONS), under their five
/// headings; reports count the headings.
pub const ETHNIC_GROUPS: &[(&str, &[(&str, &str)])] = &[
    (
        "Asian, Asian British or Asian Welsh",
        &[
            ("asian_bangladeshi", "Bangladeshi"),
            ("asian_chinese", "Chinese"),
            ("asian_indian", "Indian"),
            ("asian_pakistani", "Pakistani"),
            ("asian_other", "Any other Asian background"),
        ],
    ),
    (
        "Black, Black British, Black Welsh, Caribbean or African",
        &[
            ("black_african", "African"),
            ("black_caribbean", "Caribbean"),
            ("black_other", "Any other Black, Black British or Caribbean background"),
        ],
    ),
    (
        "Mixed or Multiple ethnic groups",
        &[
            ("mixed_white_asian", "White and Asian"),
            ("mixed_white_black_african", "White and Black African"),
            ("mixed_white_black_caribbean", "White and Black Caribbean"),
            ("mixed_other", "Any other Mixed or Multiple ethnic background"),
        ],
    ),
    (
        "White",
        &[
            ("white_british", "English, Welsh, Scottish, Northern Irish or British"),
            ("white_irish", "Irish"),
            ("white_gypsy_traveller", "Gypsy or Irish Traveller"),
            ("white_roma", "Roma"),
            ("white_other", "Any other White background"),
        ],
    ),
    ("Other ethnic group", &[("other_arab", "Arab"), ("other_any", "Any other ethnic group")]),
];

const YES_NO: &[(&str, &str)] = &[("yes", "Yes"), ("no", "No")];
const YES_NO_UNSURE: &[(&str, &str)] = &[("yes", "Yes"), ("no", "No"), ("unsure", "I don't know")];

/// Who is asked a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    Everyone,
    YoungPeople,
    Mentors,
}

impl Asked {
    pub fn includes(self, role: Role) -> bool {
        match self {
            Asked::Everyone => matches!(role, Role::YoungPerson | Role::Mentor),
            Asked::YoungPeople => role == Role::YoungPerson,
            Asked::Mentors => role == Role::Mentor,
        }
    }
}

/// One question: its form name (and column), wording, answers and who is asked.
#[derive(Clone, Copy, Debug)]
pub struct Question {
    pub name: &'static str,
    pub label: &'static str,
    /// The report's name for it ("Ethnic group").
    pub short: &'static str,
    /// Plain answers (the ethnic group's are in [`ETHNIC_GROUPS`]); "Prefer not to say" is
    /// added to every question.
    pub options: &'static [(&'static str, &'static str)],
    pub asked: Asked,
}

pub const QUESTIONS: [Question; 8] = [
    Question {
        name: "ethnic_group",
        label: "What is your ethnic group?",
        short: "Ethnic group",
        options: &[],
        asked: Asked::Everyone,
    },
    Question {
        name: "sex",
        label: "What is your sex?",
        short: "Sex",
        options: &[("female", "Female"), ("male", "Male")],
        asked: Asked::Everyone,
    },
    Question {
        name: "gender_same",
        label: "Is the gender you identify with the same as your sex registered at birth?",
        short: "Gender identity the same as sex registered at birth",
        options: YES_NO,
        asked: Asked::Everyone,
    },
    Question {
        name: "disability",
        label: "Do you consider yourself to have a disability or a long-term health condition?",
        short: "Disability or long-term health condition",
        options: YES_NO,
        asked: Asked::Everyone,
    },
    Question {
        name: "free_school_meals",
        label: "Are you, or were you at school, eligible for free school meals?",
        short: "Eligible for free school meals",
        options: YES_NO_UNSURE,
        asked: Asked::YoungPeople,
    },
    Question {
        name: "first_in_family",
        label: "Are you, or would you be, the first in your family to go to university?",
        short: "First in family to go to university",
        options: YES_NO_UNSURE,
        asked: Asked::YoungPeople,
    },
    Question {
        name: "employment",
        label: "What is your employment status?",
        short: "Employment status",
        options: &[
            ("employed", "Employed"),
            ("self_employed", "Self-employed"),
            ("retired", "Retired"),
            ("other", "Other"),
        ],
        asked: Asked::Mentors,
    },
    Question {
        name: "work_sector",
        label: "Who do you work for, or who did you last work for?",
        short: "Sector",
        options: &[
            ("private", "A company or business (the private sector)"),
            ("public", "The public sector: government, the NHS, education"),
            ("voluntary", "A charity or voluntary organisation"),
            ("own", "My own business"),
        ],
        asked: Asked::Mentors,
    },
];

impl Question {
    /// Every answer's key and wording, "Prefer not to say" last.
    pub fn answers(&self) -> Vec<(&'static str, &'static str)> {
        let mut out: Vec<(&str, &str)> = if self.name == "ethnic_group" {
            ETHNIC_GROUPS.iter().flat_map(|(_, o)| o.iter().copied()).collect()
        } else {
            self.options.to_vec()
        };
        out.push(PREFER_NOT);
        out
    }

    /// The group a report counts an answer in: the census heading for an ethnic group, the
    /// answer's wording otherwise; "Not answered" for none.
    pub fn group_of(&self, answer: Option<&str>) -> &'static str {
        let Some(a) = answer else { return "Not answered" };
        if a == PREFER_NOT.0 {
            return PREFER_NOT.1;
        }
        if self.name == "ethnic_group" {
            return ETHNIC_GROUPS
                .iter()
                .find(|(_, o)| o.iter().any(|(k, _)| *k == a))
                .map(|(g, _)| *g)
                .unwrap_or("Not answered");
        }
        self.options.iter().find(|(k, _)| *k == a).map(|(_, l)| *l).unwrap_or("Not answered")
    }

    /// The report's groups, in order.
    pub fn groups(&self) -> Vec<&'static str> {
        let mut out: Vec<&str> = if self.name == "ethnic_group" {
            ETHNIC_GROUPS.iter().map(|(g, _)| *g).collect()
        } else {
            self.options.iter().map(|(_, l)| *l).collect()
        };
        out.push(PREFER_NOT.1);
        out.push("Not answered");
        out
    }
}

/// The questions a role is asked.
pub fn questions_for(role: Role) -> Vec<Question> {
    QUESTIONS.iter().copied().filter(|q| q.asked.includes(role)).collect()
}

/// A person's answers, by question name; an absent name is unanswered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EqualityAnswers(pub Vec<(String, String)>);

impl EqualityAnswers {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Checks what a form sent (question name, chosen key; an empty key is unanswered) for
    /// `role`: only its questions, only their answers.
    pub fn parse(role: Role, sent: &[(&str, Option<String>)]) -> Result<EqualityAnswers, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut out = Vec::new();
        for (name, value) in sent {
            let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else { continue };
            match QUESTIONS.iter().find(|q| q.name == *name) {
                Some(q) if q.asked.includes(role) => {
                    if q.answers().iter().any(|(k, _)| *k == v) {
                        out.push((q.name.to_string(), v.to_string()));
                    } else {
                        e.add(q.name, "Choose one of the answers in the list");
                    }
                }
                _ => e.add(name, "This question is not asked of you"),
            }
        }
        e.into_result(|| EqualityAnswers(out))
    }
}

/// A count in a report: shown from [`crate::impact::MIN_GROUP`] people, else hidden.
pub fn shown(n: u64) -> Option<u64> {
    (n >= crate::impact::MIN_GROUP).then_some(n)
}

/// One group's row of a reach table: counts at each stage (`None`: fewer than 5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReachRow {
    pub group: String,
    pub counts: Vec<Option<u64>>,
}

/// Whom the programme reaches, by one question's groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReachTable {
    pub question: String,
    /// The stages counted ("Applied", "Matched", "Finished mentoring").
    pub stages: Vec<String>,
    pub rows: Vec<ReachRow>,
}

/// One group's share of young people whose theme score went up (`None`: fewer than 5 pairs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitRow {
    pub group: String,
    pub pairs: Option<u64>,
    /// Per theme, the percentage improved.
    pub improved: Vec<Option<f64>>,
}

/// The impact figures split by one question's groups.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitTable {
    pub question: String,
    pub themes: Vec<String>,
    pub rows: Vec<SplitRow>,
}

/// The staff report of whom the programme reaches and how it works for each group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EqualityReport {
    pub young_people: Vec<ReachTable>,
    pub mentors: Vec<ReachTable>,
    pub impact: Vec<SplitTable>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_checked_per_role_and_question() {
        let sent = [
            ("ethnic_group", Some("white_roma".to_string())),
            ("sex", Some("".to_string())),
            ("free_school_meals", Some("prefer_not".to_string())),
            ("disability", None),
        ];
        let a = EqualityAnswers::parse(Role::YoungPerson, &sent).expect("valid");
        assert_eq!(a.get("ethnic_group"), Some("white_roma"));
        assert_eq!(a.get("sex"), None, "an empty choice is unanswered");
        assert_eq!(a.get("free_school_meals"), Some("prefer_not"));
        let e = EqualityAnswers::parse(Role::Mentor, &sent).expect_err("a mentor is not asked about school meals");
        assert_eq!(e.get("free_school_meals"), Some("This question is not asked of you"));
        let e = EqualityAnswers::parse(Role::Mentor, &[("work_sector", Some("mining".into()))]).expect_err("bad");
        assert_eq!(e.get("work_sector"), Some("Choose one of the answers in the list"));
        assert!(EqualityAnswers::parse(Role::Staff, &[("sex", Some("female".into()))]).is_err(), "staff are not asked");
    }

    #[test]
    fn reports_count_census_headings_and_every_question_offers_prefer_not_to_say() {
        let q = QUESTIONS[0];
        assert_eq!(q.group_of(Some("white_roma")), "White");
        assert_eq!(q.group_of(Some("mixed_white_asian")), "Mixed or Multiple ethnic groups");
        assert_eq!(q.group_of(None), "Not answered");
        assert_eq!(q.answers().len(), 19 + 1, "the census's 19 groups and prefer not to say");
        assert_eq!(q.groups().len(), 5 + 2);
        for q in QUESTIONS {
            assert_eq!(q.answers().last(), Some(&PREFER_NOT), "{}", q.name);
        }
        assert_eq!(questions_for(Role::YoungPerson).len(), 6);
        assert_eq!(questions_for(Role::Mentor).len(), 6);
        assert_eq!(shown(4), None);
        assert_eq!(shown(5), Some(5));
    }
}
