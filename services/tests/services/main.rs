//! The services' integration tests in one binary (one link of the whole stack instead of one
//! per file): each module is one feature's tests, most run on SQLite and on PostgreSQL.

#[macro_use]
mod common;

mod accounts;
mod backup;
mod community;
mod help;
mod impact;
mod journeys;
mod library;
mod mail;
mod matching;
mod mentoring;
mod profiles;
mod safeguarding;
mod statuses;
mod training;
