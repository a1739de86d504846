//! Server-only services. Each takes a `&DatabaseConnection` (or a transaction) and
//! returns the DTOs of `domain`; the app crate never sees a sea-orm model (tests and the
//! benchmarks may read `entities` directly).
//!
//! Layers, lowest first; a module names only modules of its own layer or below, and no two
//! modules name each other, directly or round a circle (`xtask/tests/import_circles.rs`):
//! - the kernel: `entities`, `db`, `error`, `tokens`, `passwords`, `audit`, `throttle`,
//!   `outbox`, `mail_preferences` and `mailer` (mail), `settings` (programme settings staff
//!   change), `people` (accounts as other features read them, names,
//!   coordinators and staff, how names and dates are shown), `notifications` (in-app notices),
//!   `reporting` (SQL and filters every report shares) and `relationships` (a match: who may
//!   open it, its timeline, whether mentoring ended for good, the waiting pool's flag);
//! - features, each one noun (`training`, `workshops`, `matching`, `mentoring`,
//!   `safeguarding`, `impact`, ...), which may use one another one way only. Where two
//!   features' steps lead to a third (the last quiz or the workshop register to the
//!   certificate), a module above all three takes those steps (`milestones`);
//! - `dashboard`, over every feature: what each role sees first (the journeys, the cohort,
//!   the staff and safeguarding overviews), so the app's server function only asks for it.

pub mod accounts;
pub mod applications;
pub mod approvals;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod calendar_feed;
pub mod certificates;
pub mod community;
pub mod dashboard;
pub mod db;
pub mod demo;
pub mod destinations;
pub mod documents;
pub mod enquiries;
pub mod entities;
pub mod equality;
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
pub mod milestones;
pub mod notifications;
pub mod opportunities;
pub mod outbox;
pub mod partners;
pub mod passwords;
pub mod pdf;
pub mod people;
pub mod planned_sessions;
pub mod policies;
pub mod privacy;
pub mod profiles;
pub mod programme;
pub mod public_impact;
pub mod referrals;
pub mod relationships;
pub mod reporting;
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
