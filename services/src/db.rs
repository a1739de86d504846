//! Connecting to SQLite (embedded default) or PostgreSQL, and applying migrations.

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

/// Opens a pool and brings the schema up to date.
///
/// SQLite runs in WAL mode with `synchronous=FULL` (an acknowledged write survives a crash),
/// foreign keys on, and a busy timeout so concurrent writers queue instead of failing.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_at(url, None).await
}

/// Opens a pool and applies the first `steps` migrations not yet applied (all of them for
/// `None`): tests use it to upgrade a database that holds data, as a deployment would.
pub async fn connect_at(url: &str, steps: Option<u32>) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false).acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        opts.max_connections(if url.contains(":memory:") { 1 } else { 8 }).map_sqlx_sqlite_opts(|o| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("secure_delete", "ON")
        });
    } else {
        opts.max_connections(16);
    }
    let db = Database::connect(opts).await?;
    Migrator::up(&db, steps).await?;
    Ok(db)
}

/// "The person's name contains what staff typed", case-insensitive on both databases; LIKE
/// wildcards typed by staff match literally. `None` for an empty search.
pub fn name_contains(typed: Option<&str>) -> Option<sea_orm::sea_query::SimpleExpr> {
    use crate::entities::user;
    use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
    let n = typed.map(str::trim).filter(|n| !n.is_empty())?;
    let escaped = n.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    Some(
        Expr::expr(Func::lower(Expr::col((user::Entity, user::Column::Name))))
            .like(LikeExpr::new(format!("%{escaped}%")).escape('\\')),
    )
}
