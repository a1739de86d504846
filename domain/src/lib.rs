//! Tandem's plain rules, shared by the server and the browser so a form can be checked
//! instantly on the page and again, identically, on the server.

pub mod accounts;
pub mod applications;
pub mod approvals;
pub mod audit;
pub mod calendar;
pub mod certificates;
pub mod community;
pub mod dashboard;
pub mod destinations;
pub mod documents;
pub mod enquiries;
pub mod equality;
pub mod evaluations;
pub mod get_involved;
pub mod how_going;
pub mod impact;
pub mod library;
pub mod mail;
pub mod matching;
pub mod mentoring;
pub mod message;
pub mod moderation;
pub mod opportunities;
pub mod password;
pub mod policies;
pub mod privacy;
pub mod profiles;
pub mod programme;
pub mod relationships;
pub mod role;
pub mod safeguarding;
pub mod stats;
pub mod training;
pub mod validation;
pub mod workshops;

pub use accounts::{Email, Limited, PersonName, RegistrationInput, ValidRegistration, age_on};
pub use role::Role;
pub use validation::FieldErrors;

/// "1 month", "2 months": a count with its noun in the right number (`many` is the plural).
pub fn count(n: impl TryInto<i64>, one: &str, many: &str) -> String {
    let n: i64 = n.try_into().unwrap_or(i64::MAX);
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod count_tests {
    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::count(1, "month", "months"), "1 month");
        assert_eq!(super::count(0, "month", "months"), "0 months");
        assert_eq!(super::count(2u32, "young person", "young people"), "2 young people");
    }
}
