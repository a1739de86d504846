//! Fresh databases for tests: an in-memory SQLite, or a brand-new PostgreSQL database
//! created for the test and dropped afterwards, so runs never see each other's rows.

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbErr};

/// Where the test PostgreSQL lives; the test command starts it if it is stopped.
pub fn pg_admin_url() -> String {
    std::env::var("TANDEM_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub enum Backend {
    Sqlite,
    /// SQLite in a temporary file with a real pool of connections (for concurrency tests).
    SqliteFile,
    Postgres,
}

/// A migrated database that is removed when dropped (PostgreSQL) or simply vanishes (SQLite).
pub struct TestDb {
    pub db: DatabaseConnection,
    pub url: String,
    pg_name: Option<String>,
    file: Option<std::path::PathBuf>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Result<TestDb, DbErr> {
        match backend {
            Backend::Sqlite => {
                let url = "sqlite::memory:".to_string();
                Ok(TestDb { db: crate::db::connect(&url).await?, url, pg_name: None, file: None })
            }
            Backend::SqliteFile => {
                let path = std::env::temp_dir().join(format!("tandem_test_{}.db", &crate::tokens::new_token()[..16]));
                let url = format!("sqlite://{}?mode=rwc", path.display());
                Ok(TestDb { db: crate::db::connect(&url).await?, url, pg_name: None, file: Some(path) })
            }
            Backend::Postgres => {
                let admin_url = pg_admin_url();
                let name = format!("tandem_test_{}", &crate::tokens::new_token()[..16]);
                let admin = Database::connect(&admin_url).await?;
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
                admin.close().await?;
                let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
                let url = format!("{base}/{name}");
                Ok(TestDb { db: crate::db::connect(&url).await?, url, pg_name: Some(name), file: None })
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(path) = self.file.take() {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
        if let Some(name) = self.pg_name.take() {
            let admin_url = pg_admin_url();
            // Drop runs outside async: use a short-lived runtime on its own thread.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                rt.block_on(async move {
                    let admin = Database::connect(&admin_url).await.ok()?;
                    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok()?;
                    admin.close().await.ok()
                })
            })
            .join();
        }
    }
}
