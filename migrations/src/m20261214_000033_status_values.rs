//! Every status column holds only the values its enum names (`domain`'s `MatchStatus`,
//! `BookingStatus` and the rest, which the entities read as typed enums). The rows already
//! there are kept as they are: the migration first checks that each holds a known value and
//! stops, naming the table and the unknown values, if one does not (nothing is rewritten or
//! lost); then the database refuses any other value from now on: a CHECK constraint on
//! PostgreSQL, triggers on SQLite (which cannot add a constraint to an existing table).
//!
//! The lists are written out here, frozen with this migration: a new status value needs a
//! migration of its own (`services` tests that these lists match the enums).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, the values its `status` column may hold).
pub const STATUS_VALUES: [(&str, &[&str]); 9] = [
    ("matches", &["active", "closed"]),
    ("workshop_bookings", &["booked", "waitlisted", "cancelled", "attended", "absent"]),
    ("enquiries", &["open", "answered", "closed"]),
    ("outbox_emails", &["pending", "sent", "failed"]),
    ("messages", &["held", "awaiting_coordinator", "delivered", "not_delivered"]),
    ("concerns", &["new", "open", "referred", "closed"]),
    ("opportunities", &["pending", "published", "declined", "withdrawn"]),
    ("mentor_checks", &["applied", "approved", "declined", "ended"]),
    ("match_runs", &["running", "draft", "published", "discarded", "failed", "superseded"]),
];

/// SQLite's two triggers per table: (name suffix, the event it guards).
const SQLITE_TRIGGERS: [(&str, &str); 2] = [("insert", "INSERT"), ("update", "UPDATE OF status")];

fn quoted(values: &[&str]) -> String {
    values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = m.get_database_backend();
        for (table, values) in STATUS_VALUES {
            let list = quoted(values);
            let unknown = db
                .query_all_raw(Statement::from_string(
                    backend,
                    format!("SELECT DISTINCT status FROM {table} WHERE status NOT IN ({list}) ORDER BY status"),
                ))
                .await?;
            if !unknown.is_empty() {
                let found: Vec<String> =
                    unknown.iter().filter_map(|r| r.try_get::<String>("", "status").ok()).collect();
                return Err(DbErr::Migration(format!(
                    "{table}.status holds values Tandem does not know: {}; change those rows to one of {list} and run the migration again",
                    found.join(", ")
                )));
            }
            let statements = match backend {
                DatabaseBackend::Postgres => {
                    vec![format!("ALTER TABLE {table} ADD CONSTRAINT {table}_status_known CHECK (status IN ({list}))")]
                }
                _ => SQLITE_TRIGGERS
                    .iter()
                    .map(|(name, event)| {
                        format!(
                            "CREATE TRIGGER {table}_status_known_{name} BEFORE {event} ON {table} \
                             WHEN NEW.status NOT IN ({list}) \
                             BEGIN SELECT RAISE(ABORT, '{table}.status: not a known value'); END"
                        )
                    })
                    .collect(),
            };
            for sql in statements {
                db.execute_unprepared(&sql).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (table, _) in STATUS_VALUES {
            match m.get_database_backend() {
                DatabaseBackend::Postgres => {
                    db.execute_unprepared(&format!(
                        "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_status_known"
                    ))
                    .await?;
                }
                _ => {
                    for (name, _) in SQLITE_TRIGGERS {
                        db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_status_known_{name}")).await?;
                    }
                }
            }
        }
        Ok(())
    }
}
