//! A date of birth is optional for the accounts staff create (staff, coordinators and
//! safeguarding leads): the programme's age rules concern young people and mentors, who still
//! give theirs when they register. The column becomes nullable; every existing row keeps its
//! date.
//!
//! PostgreSQL drops the constraint. SQLite cannot alter a column, and rebuilding `users` would
//! touch every table that refers to it, so it uses SQLite's documented procedure for removing
//! a NOT NULL constraint (the table's stored definition is edited in place and the schema
//! version bumped, so every open connection re-reads it); the rows on disk do not change.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMN: &str = "\"date_of_birth\"";

/// The `users` definition with the column's NOT NULL removed (`required = false`) or put back.
/// Refuses a definition it does not recognise rather than guess.
fn with_constraint(sql: &str, required: bool) -> Result<String, DbErr> {
    let start = sql.find(COLUMN).ok_or_else(|| DbErr::Migration("users has no date_of_birth column".into()))?;
    let end = sql[start..].find([',', ')']).map(|i| start + i).unwrap_or(sql.len());
    let column = &sql[start..end];
    let has = column.contains(" NOT NULL");
    let changed = match (has, required) {
        (true, false) => column.replacen(" NOT NULL", "", 1),
        (false, true) => format!("{column} NOT NULL"),
        _ => return Ok(sql.to_owned()),
    };
    Ok(format!("{}{changed}{}", &sql[..start], &sql[end..]))
}

async fn sqlite_set(m: &SchemaManager<'_>, required: bool) -> Result<(), DbErr> {
    let db = m.get_connection();
    let row = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'",
        ))
        .await?
        .ok_or_else(|| DbErr::Migration("no users table".into()))?;
    let sql: String = row.try_get("", "sql")?;
    let new_sql = with_constraint(&sql, required)?;
    if new_sql == sql {
        return Ok(());
    }
    let version_row = db
        .query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, "PRAGMA schema_version"))
        .await?
        .ok_or_else(|| DbErr::Migration("no schema version".into()))?;
    let version: i64 = version_row.try_get_by_index(0)?;
    // One batch on one connection: writable_schema is a per-connection setting.
    let quoted = new_sql.replace('\'', "''");
    db.execute_unprepared(&format!(
        "BEGIN IMMEDIATE; \
         PRAGMA writable_schema = ON; \
         UPDATE sqlite_master SET sql = '{quoted}' WHERE type = 'table' AND name = 'users'; \
         PRAGMA schema_version = {}; \
         PRAGMA writable_schema = OFF; \
         COMMIT;",
        version + 1
    ))
    .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        match m.get_database_backend() {
            DatabaseBackend::Sqlite => sqlite_set(m, false).await,
            _ => {
                m.get_connection()
                    .execute_unprepared("ALTER TABLE users ALTER COLUMN date_of_birth DROP NOT NULL")
                    .await?;
                Ok(())
            }
        }
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        match m.get_database_backend() {
            DatabaseBackend::Sqlite => sqlite_set(m, true).await,
            _ => {
                m.get_connection()
                    .execute_unprepared("ALTER TABLE users ALTER COLUMN date_of_birth SET NOT NULL")
                    .await?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_constraint;

    #[test]
    fn removes_and_restores_only_that_columns_constraint() {
        let sql = r#"CREATE TABLE "users" ( "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL, "date_of_birth" date_text NOT NULL, "role" varchar(32) NOT NULL )"#;
        let optional = with_constraint(sql, false).expect("known");
        assert_eq!(
            optional,
            r#"CREATE TABLE "users" ( "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL, "date_of_birth" date_text, "role" varchar(32) NOT NULL )"#
        );
        assert_eq!(with_constraint(&optional, false).expect("again"), optional, "idempotent");
        assert_eq!(with_constraint(&optional, true).expect("back"), sql);
        assert!(with_constraint("CREATE TABLE x (a int)", false).is_err());
    }
}
