//! Server-only services. Each takes a `&DatabaseConnection` (or a transaction) and
//! returns DTOs; sea-orm models never leave this crate.

pub mod accounts;
pub mod applications;
pub mod approvals;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod certificates;
pub mod community;
pub mod db;
pub mod demo;
pub mod documents;
pub mod enquiries;
pub mod entities;
pub mod error;
pub mod evaluations;
pub mod figures;
pub mod form_drafts;
pub mod how_going;
pub mod impact;
pub mod instruments;
pub mod library;
pub mod mail_preferences;
pub mod mailer;
pub mod matching;
pub mod mentoring;
pub mod outbox;
pub mod partners;
pub mod passwords;
pub mod pdf;
pub mod planned_sessions;
pub mod privacy;
pub mod profiles;
pub mod programme;
pub mod safeguarding;
pub mod sessions;
pub mod settings;
pub mod testing;
pub mod throttle;
pub mod tokens;
pub mod totp;
pub mod training;
pub mod workshops;

pub use error::ServiceError;
pub use sea_orm::DatabaseConnection;
