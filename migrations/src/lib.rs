//! Tandem's schema, one timestamped migration per change. The server applies pending
//! migrations at start, so a fresh SQLite file or PostgreSQL database is ready on first run.

pub use sea_orm_migration::prelude::*;

pub mod course_content;
pub mod help_content;
mod m20261122_000001_accounts;
pub mod m20261123_000002_training;
mod m20261123_000003_mentor_profiles;
mod m20261123_000004_journeys;
mod m20261123_000005_lesson_images;
mod m20261123_000006_matching;
mod m20261123_000007_mentoring;
mod m20261123_000008_impact;
mod m20261123_000009_safeguarding;
mod m20261201_000010_instruments;
mod m20261201_000011_community;
mod m20261201_000012_library_network;
mod m20261202_000013_figure_snapshots;
mod m20261202_000014_pool_flag;
mod m20261203_000015_run_gap;
mod m20261206_000016_mail;
mod m20261206_000017_planned_sessions;
mod m20261206_000018_form_drafts;
mod m20261207_000019_induction_audience;
mod m20261208_000020_optional_birth_date;
mod m20261208_000021_partner_safeguarding_contact;
pub mod m20261209_000022_documents;
mod m20261209_000023_enquiries;
mod m20261210_000024_how_going;
mod m20261210_000025_safer_sessions;
mod m20261210_000026_young_course;
mod m20261211_000027_policies;
mod m20261211_000028_induction_prepared;
mod m20261211_000029_destinations;
mod m20261212_000030_get_involved;
mod m20261212_000031_equality;
mod m20261213_000032_opportunities;
pub mod m20261214_000033_status_values;
pub mod policy_content;
pub mod young_course_content;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_accounts::Migration),
            Box::new(m20261123_000002_training::Migration),
            Box::new(m20261123_000003_mentor_profiles::Migration),
            Box::new(m20261123_000004_journeys::Migration),
            Box::new(m20261123_000005_lesson_images::Migration),
            Box::new(m20261123_000006_matching::Migration),
            Box::new(m20261123_000007_mentoring::Migration),
            Box::new(m20261123_000008_impact::Migration),
            Box::new(m20261123_000009_safeguarding::Migration),
            Box::new(m20261201_000010_instruments::Migration),
            Box::new(m20261201_000011_community::Migration),
            Box::new(m20261201_000012_library_network::Migration),
            Box::new(m20261202_000013_figure_snapshots::Migration),
            Box::new(m20261202_000014_pool_flag::Migration),
            Box::new(m20261203_000015_run_gap::Migration),
            Box::new(m20261206_000016_mail::Migration),
            Box::new(m20261206_000017_planned_sessions::Migration),
            Box::new(m20261206_000018_form_drafts::Migration),
            Box::new(m20261207_000019_induction_audience::Migration),
            Box::new(m20261208_000020_optional_birth_date::Migration),
            Box::new(m20261208_000021_partner_safeguarding_contact::Migration),
            Box::new(m20261209_000022_documents::Migration),
            Box::new(m20261209_000023_enquiries::Migration),
            Box::new(m20261210_000024_how_going::Migration),
            Box::new(m20261210_000025_safer_sessions::Migration),
            Box::new(m20261210_000026_young_course::Migration),
            Box::new(m20261211_000027_policies::Migration),
            Box::new(m20261211_000028_induction_prepared::Migration),
            Box::new(m20261211_000029_destinations::Migration),
            Box::new(m20261212_000030_get_involved::Migration),
            Box::new(m20261212_000031_equality::Migration),
            Box::new(m20261213_000032_opportunities::Migration),
            Box::new(m20261214_000033_status_values::Migration),
        ]
    }
}
