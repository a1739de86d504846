//! The mentor profile: curated choices and the rules for each answer. Shared by the form
//! (instant checks, autosave) and the server (the same checks again).

use crate::FieldErrors;
use serde::{Deserialize, Serialize};

/// Skills and experience a mentor can offer, matched later against young people's goals.
pub const SKILLS: &[&str] = &[
    "Career advice and guidance",
    "CV and interviews",
    "Building confidence",
    "Applying to university",
    "Apprenticeships",
    "Starting a business",
    "Public speaking",
    "Networking",
    "Wellbeing and resilience",
    "Digital and tech skills",
    "Creative industries",
    "Health and care careers",
    "Engineering and manufacturing",
    "Finance and accounting",
    "Law and public service",
];

pub const SECTORS: &[&str] = &[
    "Creative arts and media",
    "Business and finance",
    "Charity and public sector",
    "Construction and property",
    "Education",
    "Engineering and manufacturing",
    "Health and social care",
    "Hospitality and retail",
    "Law",
    "Science and research",
    "Technology",
    "Transport and logistics",
    "Other",
];

pub const REGIONS: &[&str] = &[
    "East Midlands",
    "East of England",
    "London",
    "North East",
    "North West",
    "Northern Ireland",
    "Scotland",
    "South East",
    "South West",
    "Wales",
    "West Midlands",
    "Yorkshire and the Humber",
];

pub const LANGUAGES: &[&str] = &[
    "English",
    "Welsh",
    "Arabic",
    "Bengali",
    "Cantonese",
    "French",
    "Gujarati",
    "Polish",
    "Punjabi",
    "Somali",
    "Spanish",
    "Urdu",
];

pub const AVAILABILITY: &[&str] =
    &["Weekday mornings", "Weekday afternoons", "Weekday evenings", "Saturdays", "Sundays"];

pub const FORMATS: &[(&str, &str)] = &[("online", "Online"), ("in_person", "In person"), ("either", "Either")];

/// The oldest age group a mentor is willing to mentor: every group up to it is included.
pub const AGE_GROUPS: &[(&str, &str)] =
    &[("14-17", "14 to 17"), ("18-21", "14 to 21"), ("22-25", "14 to 25 (everyone)")];

/// Every answer of the profile, as stored and sent (lists joined by ", ").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub job_title: String,
    pub sector: String,
    pub employer: String,
    pub skills: String,
    pub region: String,
    pub postcode_area: String,
    pub languages: String,
    pub format: String,
    pub availability: String,
    pub max_age_group: String,
    pub bio: String,
}

/// The fields a person fills in, in form order (`employer` is optional and not counted).
pub const COUNTED: &[&str] = &[
    "job_title",
    "sector",
    "skills",
    "region",
    "postcode_area",
    "languages",
    "format",
    "availability",
    "max_age_group",
    "bio",
];

pub fn split_list(s: &str) -> Vec<&str> {
    s.split(',').map(str::trim).filter(|x| !x.is_empty()).collect()
}

fn list_ok(value: &str, allowed: &[&str]) -> bool {
    split_list(value).iter().all(|v| allowed.contains(v))
}

/// Checks one answer. Empty answers are allowed (the profile is saved as it is filled in);
/// completeness is counted separately.
pub fn check_field(field: &str, value: &str) -> Result<String, String> {
    let v = value.trim();
    let too_long = |max: usize| v.chars().count() > max;
    match field {
        "job_title" if too_long(100) => Err("Job title must be 100 characters or fewer".into()),
        "employer" if too_long(100) => Err("Employer must be 100 characters or fewer".into()),
        "bio" if too_long(1000) => Err("Keep your bio to 1,000 characters or fewer".into()),
        "job_title" | "employer" | "bio" => Ok(v.to_string()),
        "sector" if v.is_empty() || SECTORS.contains(&v) => Ok(v.to_string()),
        "region" if v.is_empty() || REGIONS.contains(&v) => Ok(v.to_string()),
        "format" if v.is_empty() || FORMATS.iter().any(|(k, _)| *k == v) => Ok(v.to_string()),
        "max_age_group" if v.is_empty() || AGE_GROUPS.iter().any(|(k, _)| *k == v) => Ok(v.to_string()),
        "skills" if list_ok(v, SKILLS) => Ok(split_list(v).join(", ")),
        "languages" if list_ok(v, LANGUAGES) => Ok(split_list(v).join(", ")),
        "availability" if list_ok(v, AVAILABILITY) => Ok(split_list(v).join(", ")),
        "postcode_area" => {
            let up = v.to_uppercase();
            let ok = up.is_empty()
                || (up.len() <= 4
                    && up.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && up.chars().all(|c| c.is_ascii_alphanumeric()));
            if ok { Ok(up) } else { Err("Enter the first part of your postcode, for example LS6 or M1".into()) }
        }
        "sector" | "region" | "format" | "max_age_group" | "skills" | "languages" | "availability" => {
            Err("Choose from the list".into())
        }
        _ => Err("Unknown question".into()),
    }
}

impl Profile {
    pub fn get(&self, field: &str) -> Option<&str> {
        Some(match field {
            "job_title" => &self.job_title,
            "sector" => &self.sector,
            "employer" => &self.employer,
            "skills" => &self.skills,
            "region" => &self.region,
            "postcode_area" => &self.postcode_area,
            "languages" => &self.languages,
            "format" => &self.format,
            "availability" => &self.availability,
            "max_age_group" => &self.max_age_group,
            "bio" => &self.bio,
            _ => return None,
        })
    }

    pub fn set(&mut self, field: &str, value: String) -> bool {
        let slot = match field {
            "job_title" => &mut self.job_title,
            "sector" => &mut self.sector,
            "employer" => &mut self.employer,
            "skills" => &mut self.skills,
            "region" => &mut self.region,
            "postcode_area" => &mut self.postcode_area,
            "languages" => &mut self.languages,
            "format" => &mut self.format,
            "availability" => &mut self.availability,
            "max_age_group" => &mut self.max_age_group,
            "bio" => &mut self.bio,
            _ => return false,
        };
        *slot = value;
        true
    }

    /// Checks and normalises every answer.
    pub fn validated(&self) -> Result<Profile, FieldErrors> {
        let mut out = Profile::default();
        let mut e = FieldErrors::new();
        for f in COUNTED.iter().chain(["employer"].iter()) {
            match check_field(f, self.get(f).unwrap_or("")) {
                Ok(v) => {
                    out.set(f, v);
                }
                Err(m) => e.add(f, m),
            }
        }
        e.into_result(|| out)
    }

    /// How many of the counted questions are answered.
    pub fn answered(&self) -> usize {
        COUNTED.iter().filter(|f| !self.get(f).unwrap_or("").trim().is_empty()).count()
    }

    pub fn complete(&self) -> bool {
        self.answered() == COUNTED.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_choice_contains_the_list_separator() {
        // Lists are stored joined by ", ": a choice with a comma would split in two (the
        // application's goals are checked beside them, in `application`).
        for list in [SKILLS, SECTORS, REGIONS, LANGUAGES, AVAILABILITY] {
            for choice in list {
                assert!(!choice.contains(','), "{choice}");
            }
        }
    }

    #[test]
    fn checks_each_answer() {
        assert_eq!(check_field("postcode_area", " ls6 "), Ok("LS6".into()));
        assert!(check_field("postcode_area", "LS6 3AB").is_err());
        assert!(check_field("postcode_area", "6LS").is_err());
        assert_eq!(check_field("skills", "CV and interviews,  Networking"), Ok("CV and interviews, Networking".into()));
        assert!(check_field("skills", "Juggling").is_err());
        assert!(check_field("sector", "Astrology").is_err());
        assert_eq!(check_field("sector", ""), Ok(String::new()), "saved as they go: empty is fine");
        assert!(check_field("format", "carrier pigeon").is_err());
        assert!(check_field("bio", &"x".repeat(1001)).is_err());
        assert!(check_field("password", "x").is_err());
    }

    #[test]
    fn counts_completeness() {
        let mut p = Profile::default();
        assert_eq!(p.answered(), 0);
        for (f, v) in [
            ("job_title", "Civil engineer"),
            ("sector", "Engineering and manufacturing"),
            ("skills", "Apprenticeships"),
            ("region", "Yorkshire and the Humber"),
            ("postcode_area", "LS6"),
            ("languages", "English"),
            ("format", "either"),
            ("availability", "Weekday evenings"),
            ("max_age_group", "22-25"),
        ] {
            assert!(p.set(f, v.into()));
        }
        assert_eq!(p.answered(), 9);
        assert!(!p.complete());
        p.set("bio", "I build bridges.".into());
        assert!(p.complete());
        assert!(p.validated().is_ok());
        p.set("region", "Atlantis".into());
        assert!(p.validated().expect_err("bad").get("region").is_some());
    }
}
