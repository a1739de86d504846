//! Fresh databases for tests: an in-memory SQLite, or a brand-new PostgreSQL database
//! created for the test and dropped afterwards, so runs never see each other's rows.

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbErr};

/// Where the test PostgreSQL lives; the test command starts it if it is stopped.
pub fn pg_admin_url() -> String {
    std::env::var("TANDEM_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    /// SQLite in a temporary file with a real pool of connections (for concurrency tests).
    SqliteFile,
    Postgres,
}

/// A place for a test database, not yet written to: an in-memory SQLite, a SQLite file not
/// created yet, or a new, empty PostgreSQL database. Removed when dropped.
pub struct BlankDb {
    pub url: String,
    pg_name: Option<String>,
    file: Option<std::path::PathBuf>,
}

impl BlankDb {
    pub async fn new(backend: Backend) -> Result<BlankDb, DbErr> {
        let name = format!("tandem_test_{}", &crate::tokens::new_token()[..16]);
        match backend {
            Backend::Sqlite => Ok(BlankDb { url: "sqlite::memory:".into(), pg_name: None, file: None }),
            Backend::SqliteFile => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                Ok(BlankDb { url: format!("sqlite://{}?mode=rwc", path.display()), pg_name: None, file: Some(path) })
            }
            Backend::Postgres => {
                let admin_url = pg_admin_url();
                let admin = Database::connect(&admin_url).await?;
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await?;
                admin.close().await?;
                let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
                Ok(BlankDb { url: format!("{base}/{name}"), pg_name: Some(name), file: None })
            }
        }
    }
}

impl Drop for BlankDb {
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

/// A migrated database that is removed when dropped (PostgreSQL) or simply vanishes (SQLite).
pub struct TestDb {
    pub db: DatabaseConnection,
    pub url: String,
    /// Dropped after `db` (fields drop in order), which removes the database.
    _place: BlankDb,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Result<TestDb, DbErr> {
        TestDb::migrated(backend, None).await
    }

    /// A database with only the first `steps` migrations applied (all for `None`); finish
    /// with [`TestDb::migrate_rest`].
    pub async fn migrated(backend: Backend, steps: Option<u32>) -> Result<TestDb, DbErr> {
        let place = BlankDb::new(backend).await?;
        let db = crate::db::connect_at(&place.url, steps).await?;
        Ok(TestDb { db, url: place.url.clone(), _place: place })
    }

    /// Applies the migrations a [`TestDb::migrated`] database does not have yet.
    pub async fn migrate_rest(&self) -> Result<(), DbErr> {
        use migrations::MigratorTrait;
        migrations::Migrator::up(&self.db, None).await
    }
}

pub use crate::evaluations::PairPlace;

/// A match between two existing accounts, started `now`, with this status and closing
/// reason and nothing else of note (a manual match, score 1, no reasons), for tests that
/// need matches of every kind.
pub fn match_row(
    young_person_id: i64,
    mentor_id: i64,
    status: domain::relationships::MatchStatus,
    closed_reason: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::entities::mentoring_match::ActiveModel {
    use sea_orm::Set;
    crate::entities::mentoring_match::ActiveModel {
        young_person_id: Set(young_person_id),
        mentor_id: Set(mentor_id),
        status: Set(status),
        closed_reason: Set(closed_reason.map(str::to_string)),
        source: Set("manual".into()),
        run_id: Set(None),
        score: Set(1),
        reasons: Set(String::new()),
        start_date: Set(now.date_naive()),
        planned_end: Set(domain::relationships::planned_end(now.date_naive())),
        created_by: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
}

/// A paired pre and end evaluation on Tandem's own instrument, for the benchmarks: each
/// answer before is 1 to 5, and after it moves by at most one step. `below(n)` draws a
/// number under `n`.
pub fn generated_pair(
    place: PairPlace,
    mut below: impl FnMut(u64) -> u64,
) -> crate::entities::evaluation_pair::ActiveModel {
    use domain::evaluations::{INSTRUMENT_VERSION, ITEMS};
    let before: Vec<i32> = (0..ITEMS.len()).map(|_| 1 + below(5) as i32).collect();
    let after: Vec<i32> = before.iter().map(|v| (v + below(4) as i32 - 1).clamp(1, 5)).collect();
    let theme = |v: &[i32], t: usize| v[t * 4..t * 4 + 4].iter().sum::<i32>() as f64 / 4.0;
    let mut row = crate::evaluations::pair_row(
        place,
        INSTRUMENT_VERSION,
        [0, 1, 2].map(|t| theme(&before, t)),
        [0, 1, 2].map(|t| theme(&after, t)),
    );
    for pos in 0..ITEMS.len() {
        crate::evaluations::set_position(&mut row, pos + 1, Some(before[pos]), Some(after[pos]));
    }
    row
}

/// The Python of the test virtual environment (`cargo xtask` sets `TANDEM_PYTHON`).
pub fn python() -> String {
    std::env::var("TANDEM_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// `tools/mail/NAME` in the workspace.
pub fn mail_tool(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/mail").join(name)
}

/// A real SMTP server on loopback (`tools/mail/smtp_sink.py`, aiosmtpd), started for a test
/// and stopped when dropped. Every message it accepts is a file in `dir`.
pub struct SmtpSink {
    pub port: u16,
    pub dir: std::path::PathBuf,
    child: std::process::Child,
}

impl SmtpSink {
    /// Starts a sink; `args` are its modes (`--tempfail-first N`, `--reject PATTERN`,
    /// `--delay-ms MS`).
    pub fn start(args: &[&str]) -> SmtpSink {
        use std::io::BufRead;
        let dir = std::env::temp_dir().join(format!("tandem-mail-{}", &crate::tokens::new_token()[..12]));
        let mut child = std::process::Command::new(python())
            .arg(mail_tool("smtp_sink.py"))
            .arg("--dir")
            .arg(&dir)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start the SMTP sink (python with aiosmtpd: run `cargo xtask setup`)");
        let mut line = String::new();
        let out = child.stdout.take().expect("stdout");
        std::io::BufReader::new(out).read_line(&mut line).expect("sink output");
        let port = line.trim().strip_prefix("READY ").and_then(|p| p.parse().ok()).expect("sink port");
        SmtpSink { port, dir, child }
    }

    /// A configuration that sends to this sink in plain text.
    pub fn config(&self) -> crate::mailer::SmtpConfig {
        crate::mailer::SmtpConfig {
            host: "127.0.0.1".into(),
            port: self.port,
            security: crate::mailer::Security::None,
            user: None,
            password: None,
            from: "Tandem <hello@tandem.example>".into(),
            reply_to: Some("team@tandem.example".into()),
        }
    }

    /// The environment for a `tandem` server that sends here.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("TANDEM_SMTP_HOST", "127.0.0.1".into()),
            ("TANDEM_SMTP_PORT", self.port.to_string()),
            ("TANDEM_SMTP_SECURITY", "none".into()),
            ("TANDEM_MAIL_FROM", "Tandem <hello@tandem.example>".into()),
            ("TANDEM_MAIL_REPLY_TO", "team@tandem.example".into()),
        ]
    }

    /// How many messages it has accepted.
    pub fn count(&self) -> usize {
        std::fs::read_dir(&self.dir)
            .map(|d| d.flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".eml")).count())
            .unwrap_or(0)
    }

    /// Waits until it has accepted at least `n` messages, at most `secs` seconds.
    pub async fn wait_for(&self, n: usize, secs: u64) -> usize {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        while self.count() < n && std::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.count()
    }

    /// Every accepted message, decoded by Python's email package (`tools/mail/read_mail.py`):
    /// headers, text, html, calendar.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let out = std::process::Command::new(python())
            .arg(mail_tool("read_mail.py"))
            .arg(&self.dir)
            .output()
            .expect("read_mail.py");
        assert!(out.status.success(), "read_mail.py: {}", String::from_utf8_lossy(&out.stderr));
        match serde_json::from_slice(&out.stdout) {
            Ok(serde_json::Value::Array(v)) => v,
            _ => Vec::new(),
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Parses calendar objects with the `icalendar` package (`tools/mail/ics_check.py`): one
/// JSON object per event (uid, sequence, method, status, start and end in UTC, attendees).
pub fn parse_ics(files: &[std::path::PathBuf]) -> Vec<serde_json::Value> {
    let out =
        std::process::Command::new(python()).arg(mail_tool("ics_check.py")).args(files).output().expect("ics_check.py");
    assert!(out.status.success(), "ics_check.py: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}
