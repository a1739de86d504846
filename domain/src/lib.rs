//! Tandem's plain rules, shared by the server and the browser so a form can be checked
//! instantly on the page and again, identically, on the server.

pub mod account;
pub mod application;
pub mod approval;
pub mod calendar;
pub mod certificate;
pub mod community;
pub mod evaluation;
pub mod impact;
pub mod library;
pub mod mail;
pub mod matching;
pub mod mentoring;
pub mod moderation;
pub mod password;
pub mod privacy;
pub mod profile;
pub mod programme;
pub mod role;
pub mod safeguarding;
pub mod stats;
pub mod training;
pub mod validation;
pub mod workshop;

pub use account::{Email, PersonName, RegistrationInput, ValidRegistration, age_on};
pub use role::Role;
pub use validation::FieldErrors;
