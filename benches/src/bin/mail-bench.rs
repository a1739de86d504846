//! Mail delivery speed: one server's delivery worker (the same claim, build, send and record
//! loop every app server runs) sends N queued emails to a real SMTP server on loopback
//! (aiosmtpd, `tools/mail/smtp_sink.py`), on SQLite and PostgreSQL, and prints emails per
//! second. Needs the test virtual environment (`cargo xtask setup`; TANDEM_PYTHON points at it).
//!
//!     TANDEM_PYTHON=~/.cache/tandem/pyenv/bin/python \
//!       cargo run --release -p services --bin mail-bench -- [--messages 2000] [--backends sqlite,postgres]

use chrono::Utc;
use services::mailer::{Relay, SmtpRelay, WorkerConfig, deliver_batch};
use services::outbox::{self, Mail};
use services::testing::{Backend, SmtpSink, TestDb};
use std::time::Instant;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let n: usize = arg("--messages").and_then(|v| v.parse().ok()).unwrap_or(2000);
    let backends = arg("--backends").unwrap_or_else(|| "sqlite,postgres".into());
    println!("{:<11} {:>8} {:>10} {:>12} {:>9}", "database", "emails", "seconds", "emails/s", "received");
    for b in backends.split(',') {
        let backend = match b {
            "sqlite" => Backend::SqliteFile,
            "postgres" => Backend::Postgres,
            other => return Err(format!("unknown backend {other}")),
        };
        let t = TestDb::new(backend).await.map_err(|e| e.to_string())?;
        let now = Utc::now();
        for i in 0..n {
            let body = format!(
                "Hello,\n\nThis is benchmark email {i}. Sign in to Tandem to see what is new:\n\nhttp://127.0.0.1:3000/dashboard\n\nTandem"
            );
            outbox::send(&t.db, Mail::new(&format!("person{i}@example.org"), "A note from Tandem", &body), now)
                .await
                .map_err(|e| e.to_string())?;
        }
        let sink = SmtpSink::start(&[]);
        let relay = Relay::Smtp(Box::new(SmtpRelay::new(&sink.config())?));
        let cfg = WorkerConfig::new("http://127.0.0.1:3000");
        let started = Instant::now();
        while deliver_batch(&t.db, &relay, &cfg, Utc::now).await.map_err(|e| e.to_string())? > 0 {}
        let secs = started.elapsed().as_secs_f64();
        println!("{:<11} {:>8} {:>10.2} {:>12.0} {:>9}", b, n, secs, n as f64 / secs, sink.count());
    }
    Ok(())
}
