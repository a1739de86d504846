//! Server functions, one module per feature. Each starts with an authorisation check
//! (see `ssr::authorize`), calls a service, and maps the result to a DTO.

pub mod admin;
pub mod applications;
pub mod approvals;
pub mod audit;
pub mod auth;
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
pub mod instruments;
pub mod library;
pub mod mail;
pub mod matching;
pub mod mentoring;
pub mod opportunities;
pub mod policies;
pub mod privacy;
pub mod profiles;
pub mod programme;
pub mod public_impact;
pub mod safeguarding;
pub mod settings;
pub mod training;
pub mod workshops;
