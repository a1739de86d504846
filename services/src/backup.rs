//! Backups that restore: `tandem backup PATH` and `tandem restore PATH`.
//!
//! - SQLite: `VACUUM INTO` writes a consistent copy of the database while the server keeps
//!   running (one read transaction: every write acknowledged before it began is in the copy,
//!   none half-done). Restoring copies the backup the same way into the configured database
//!   file, which must not exist yet or be empty.
//! - PostgreSQL: `pg_dump --format=custom` (a consistent snapshot, while servers run) and
//!   `pg_restore` in one transaction into an empty database; both must be on the `PATH`, in
//!   the server's major version.
//!
//! Either way the copy holds the schema with its triggers (the append-only audit log and
//! safeguarding records), so a restored database refuses edits as the original did.

use crate::ServiceError;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use std::path::{Path, PathBuf};

/// What a backup or restore did, for the command's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub path: PathBuf,
    pub bytes: u64,
}

fn failed(what: impl Into<String>) -> ServiceError {
    ServiceError::Internal(what.into())
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// The file a `sqlite://PATH?options` (or `sqlite:PATH`) address names.
pub fn sqlite_file(url: &str) -> Result<PathBuf, ServiceError> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path.contains(":memory:") {
        return Err(failed("an in-memory SQLite database has nothing to back up or restore into"));
    }
    Ok(PathBuf::from(path))
}

fn quoted(path: &Path) -> Result<String, ServiceError> {
    let p = path.to_str().ok_or_else(|| failed("the path must be valid text"))?;
    Ok(format!("'{}'", p.replace('\'', "''")))
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// Writes a backup of the database at `url` (open as `db`) to `path`, which must not exist.
pub async fn backup(db: &DatabaseConnection, url: &str, path: &Path) -> Result<Done, ServiceError> {
    if path.exists() {
        return Err(failed(format!("{} exists already: choose a new file for the backup", path.display())));
    }
    if is_sqlite(url) {
        db.execute_unprepared(&format!("VACUUM INTO {}", quoted(path)?)).await?;
    } else {
        let out = tokio::process::Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
            .arg(path)
            .arg(url)
            .output()
            .await
            .map_err(|e| failed(format!("could not run pg_dump: {e}")))?;
        if !out.status.success() {
            return Err(failed(format!("pg_dump failed: {}", String::from_utf8_lossy(&out.stderr).trim())));
        }
    }
    Ok(Done { path: path.to_path_buf(), bytes: size(path) })
}

/// Restores the backup at `path` into the (empty) database at `url`. The server then starts
/// on it as usual (and applies any newer migrations).
pub async fn restore(url: &str, path: &Path) -> Result<Done, ServiceError> {
    if !path.is_file() {
        return Err(failed(format!("{} is not a backup file", path.display())));
    }
    if is_sqlite(url) {
        let target = sqlite_file(url)?;
        if size(&target) > 0 {
            return Err(failed(format!(
                "{} holds a database already: restore into a new file (set DATABASE_URL to it)",
                target.display()
            )));
        }
        let _ = std::fs::remove_file(&target);
        let source = Database::connect(format!("sqlite://{}?mode=ro", path.display())).await?;
        source.execute_unprepared(&format!("VACUUM INTO {}", quoted(&target)?)).await?;
        source.close().await?;
        let bytes = size(&target);
        return Ok(Done { path: target, bytes });
    }
    let db = Database::connect(url).await?;
    let tables = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or_default();
    db.close().await?;
    if tables > 0 {
        return Err(failed("the database holds tables already: restore into a new, empty database"));
    }
    let out = tokio::process::Command::new("pg_restore")
        .args(["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", url])
        .arg(path)
        .output()
        .await
        .map_err(|e| failed(format!("could not run pg_restore: {e}")))?;
    if !out.status.success() {
        return Err(failed(format!("pg_restore failed: {}", String::from_utf8_lossy(&out.stderr).trim())));
    }
    Ok(Done { path: path.to_path_buf(), bytes: size(path) })
}
