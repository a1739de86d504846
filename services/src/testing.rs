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

pub use crate::impact::PairPlace;

/// A paired pre and end evaluation on Tandem's own instrument, for the benchmarks: each
/// answer before is 1 to 5, and after it moves by at most one step. `below(n)` draws a
/// number under `n`.
pub fn generated_pair(
    place: PairPlace,
    mut below: impl FnMut(u64) -> u64,
) -> crate::entities::evaluation_pair::ActiveModel {
    use domain::evaluation::{INSTRUMENT_VERSION, ITEMS};
    let before: Vec<i32> = (0..ITEMS.len()).map(|_| 1 + below(5) as i32).collect();
    let after: Vec<i32> = before.iter().map(|v| (v + below(4) as i32 - 1).clamp(1, 5)).collect();
    let theme = |v: &[i32], t: usize| v[t * 4..t * 4 + 4].iter().sum::<i32>() as f64 / 4.0;
    let mut row = crate::impact::pair_row(
        place,
        INSTRUMENT_VERSION,
        [0, 1, 2].map(|t| theme(&before, t)),
        [0, 1, 2].map(|t| theme(&after, t)),
    );
    for pos in 0..ITEMS.len() {
        crate::impact::set_position(&mut row, pos + 1, Some(before[pos]), Some(after[pos]));
    }
    row
}
