//! Registration and sign-in inputs, parsed into types that can only hold valid values.

use crate::{FieldErrors, Role, password};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A normalised (trimmed, lower-case) email address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter your email address")]
    Empty,
    #[error("Enter an email address in the correct format, like name@example.com")]
    Format,
}

impl Email {
    pub fn parse(raw: &str) -> Result<Email, EmailError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError::Format)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c.is_control() || c == '@' || c == '<' || c == '>');
        if !domain_ok || !local_ok || s.len() > 254 {
            return Err(EmailError::Format);
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's name as they want it shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("Enter your full name")]
    Empty,
    #[error("Name must be 100 characters or fewer")]
    TooLong,
    #[error("Name must only include letters, spaces, hyphens and apostrophes")]
    Characters,
}

impl PersonName {
    pub fn parse(raw: &str) -> Result<PersonName, NameError> {
        let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() {
            return Err(NameError::Empty);
        }
        if s.chars().count() > 100 {
            return Err(NameError::TooLong);
        }
        if s.chars().any(|c| c.is_control() || "<>{}[]@#$%^*=|\\/\"".contains(c) || c.is_ascii_digit()) {
            return Err(NameError::Characters);
        }
        Ok(PersonName(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whole years between `dob` and `today`.
pub fn age_on(dob: NaiveDate, today: NaiveDate) -> i32 {
    let mut age = today.year() - dob.year();
    if (today.month(), today.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

/// Age in whole years on `today` of someone who may have given no date of birth (the
/// accounts staff create need none).
pub fn known_age(dob: Option<NaiveDate>, today: NaiveDate) -> Option<i32> {
    dob.map(|born| age_on(born, today))
}

/// Under 18 on `today`. Without a date of birth the account is one staff created for an
/// adult role (young people and mentors give theirs when they register).
pub fn under_18(dob: Option<NaiveDate>, today: NaiveDate) -> bool {
    known_age(dob, today).is_some_and(|age| age < 18)
}

/// What an allowance limits, for the message a person sees when it has run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Limited {
    /// Unsuccessful sign-ins, per account and per network address.
    SignIn,
    /// New accounts from one network address without a join code.
    Registration,
    /// New accounts with one join code (a school's or youth organisation's).
    JoinCode,
    /// Password-reset requests from one network address.
    PasswordReset,
    /// Messages to the programme team, from one network address or one sender.
    Enquiry,
}

impl Limited {
    /// What to tell the person, who may share a school's or library's network with many others.
    pub fn message(self, minutes: i64) -> String {
        match self {
            Limited::SignIn => format!(
                "Too many unsuccessful sign-in attempts. Please wait {minutes} minutes and try again, or reset your password"
            ),
            Limited::Registration => format!(
                "Many accounts have been made from this network in the last hour. Please try again in {minutes} minutes, or use the join code your school or youth organisation gave you"
            ),
            Limited::JoinCode => format!(
                "This join code has been used for many new accounts in the last hour. Ask your Mentoring Coordinator to lift the limit, or try again in {minutes} minutes"
            ),
            Limited::PasswordReset => {
                format!(
                    "Many password resets have been asked for from this network. Please try again in {minutes} minutes"
                )
            }
            Limited::Enquiry => format!(
                "Many messages have been sent to the team from here in the last hour. Please try again in {minutes} minutes; if a young person is at risk, use Report a concern or call 999"
            ),
        }
    }
}

/// Youngest and oldest age at sign-up for each self-registering role.
/// Young people: 14-25 (the programme's range; school cohorts are 15-17).
/// Mentors are volunteer professionals, so adults only.
pub fn age_range(role: Role) -> (i32, i32) {
    match role {
        Role::YoungPerson => (14, 25),
        _ => (18, 100),
    }
}

/// Parses a date of birth typed as YYYY-MM-DD (what `<input type=date>` submits).
pub fn parse_dob(raw: &str, role: Role, today: NaiveDate) -> Result<NaiveDate, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("Enter your date of birth".into());
    }
    let dob = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| "Enter a real date of birth, for example 2008-03-27".to_string())?;
    if dob > today {
        return Err("Date of birth must be in the past".into());
    }
    let age = age_on(dob, today);
    let (min, max) = age_range(role);
    if age < min || age > max {
        return Err(match role {
            Role::YoungPerson => "Young people joining the programme must be aged 14 to 25".into(),
            _ => "Mentors must be 18 or over".into(),
        });
    }
    Ok(dob)
}

/// What the registration form submits, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationInput {
    pub name: String,
    pub email: String,
    pub password: String,
    pub date_of_birth: String,
    pub role: String,
}

/// A registration that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegistration {
    pub name: PersonName,
    pub email: Email,
    pub password: String,
    pub date_of_birth: NaiveDate,
    pub role: Role,
}

impl RegistrationInput {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidRegistration, FieldErrors> {
        // Checked in the order the form asks, so the error summary reads top to bottom.
        let mut e = FieldErrors::new();
        let role = match Role::parse(&self.role) {
            Some(r) if r.self_registrable() => Some(r),
            Some(_) => {
                e.add("role", "Staff, coordinator and safeguarding accounts are created by the programme team");
                None
            }
            None => {
                e.add("role", "Choose whether you are joining as a mentor or a young person");
                None
            }
        };
        let name = e.check("name", PersonName::parse(&self.name));
        let email = e.check("email", Email::parse(&self.email));
        let dob = role.and_then(|r| e.check("date_of_birth", parse_dob(&self.date_of_birth, r, today)));
        if role.is_none() && self.date_of_birth.trim().is_empty() {
            e.add("date_of_birth", "Enter your date of birth");
        }
        e.check("password", password::check(&self.password, &[&self.name, &self.email]));
        match (name, email, dob, role) {
            (Some(name), Some(email), Some(date_of_birth), Some(role)) if e.is_empty() => {
                Ok(ValidRegistration { name, email, password: self.password.clone(), date_of_birth, role })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_date_of_birth_is_an_adult_staff_account() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).expect("date");
        let teen = NaiveDate::from_ymd_opt(2010, 12, 7);
        assert_eq!(known_age(teen, today), Some(15));
        assert!(under_18(teen, today));
        assert!(!under_18(NaiveDate::from_ymd_opt(2008, 12, 6), today), "18 today");
        assert_eq!(known_age(None, today), None);
        assert!(!under_18(None, today));
    }

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date")
    }

    fn good() -> RegistrationInput {
        RegistrationInput {
            name: "  Amara   Okafor ".into(),
            email: " Amara.Okafor@Example.ORG ".into(),
            password: "lantern-meadow-42".into(),
            date_of_birth: "1985-06-01".into(),
            role: "mentor".into(),
        }
    }

    #[test]
    fn normalises_valid_registration() {
        let v = good().validate(today()).expect("valid");
        assert_eq!(v.name.as_str(), "Amara Okafor");
        assert_eq!(v.email.as_str(), "amara.okafor@example.org");
        assert_eq!(v.role, Role::Mentor);
    }

    #[test]
    fn email_formats() {
        for bad in ["", "no-at-sign", "a@b", "a@.com", "a@b..com", "a b@c.com", "@c.com", "a@c.com."] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert!(Email::parse("o'neil+tandem@school.sch.uk").is_ok());
    }

    #[test]
    fn ages_are_exact_to_the_day() {
        let dob = NaiveDate::from_ymd_opt(2012, 11, 23).expect("date");
        assert_eq!(age_on(dob, today()), 13);
        let dob = NaiveDate::from_ymd_opt(2012, 11, 22).expect("date");
        assert_eq!(age_on(dob, today()), 14);
        assert!(parse_dob("2012-11-22", Role::YoungPerson, today()).is_ok());
        assert!(parse_dob("2012-11-23", Role::YoungPerson, today()).is_err());
        assert!(parse_dob("2000-11-23", Role::YoungPerson, today()).is_ok());
        assert!(parse_dob("2000-11-22", Role::YoungPerson, today()).is_err(), "26 today");
        assert!(parse_dob("2009-01-01", Role::Mentor, today()).is_err());
        assert!(parse_dob("2030-01-01", Role::Mentor, today()).is_err());
        assert!(parse_dob("31/01/1990", Role::Mentor, today()).is_err());
    }

    #[test]
    fn collects_every_field_error() {
        let input = RegistrationInput { role: "staff".into(), ..Default::default() };
        let e = input.validate(today()).expect_err("invalid");
        let order: Vec<&str> = e.0.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(order, ["role", "name", "email", "date_of_birth", "password"], "form order");
        assert!(e.get("role").unwrap_or("").contains("created by the programme team"));
    }

    #[test]
    fn names_reject_markup() {
        assert!(PersonName::parse("<script>").is_err());
        assert!(PersonName::parse("Seán O'Brien-Smith").is_ok());
        assert!(PersonName::parse(&"a".repeat(101)).is_err());
    }
}
