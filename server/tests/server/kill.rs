//! Durability: the real server binary on a SQLite file is SIGKILLed again and again while
//! several clients send safeguarding reports (each a transaction writing the case, its first
//! chronology line, notifications, emails and an audit entry). Every report the server
//! acknowledged must be in the database after every restart, the audit chain must verify,
//! and `PRAGMA integrity_check` must say ok.
//!
//! `TANDEM_KILL_ROUNDS` sets the number of kills (5 by default; the README's kill-test command
//! runs 30) and the test prints its figures.

use crate::common;

use common::{call, client};
use rand::Rng;
use services::demo::DEMO_PASSWORD;
use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

fn spawn(db_url: &str, port: u16, dir: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .current_dir(dir)
        .env("DATABASE_URL", db_url)
        .env("TANDEM_LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("TANDEM_DEMO_DATA", "true")
        .env("LEPTOS_OUTPUT_NAME", "tandem")
        .env("LEPTOS_SITE_ROOT", dir.join("site"))
        .env("LEPTOS_SITE_PKG_DIR", "pkg")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server binary")
}

async fn wait_healthy(base: &str) {
    let c = client();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(r) = c.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not become healthy at {base}");
}

/// The case ids the database holds.
async fn stored(db_url: &str) -> (BTreeSet<i64>, String, bool) {
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
    let db = Database::connect(db_url).await.expect("open");
    let ids = db
        .query_all_raw(Statement::from_string(DbBackend::Sqlite, "SELECT id FROM concerns"))
        .await
        .expect("ids")
        .into_iter()
        .map(|r| r.try_get::<i64>("", "id").expect("id"))
        .collect();
    let check = db
        .query_one_raw(Statement::from_string(DbBackend::Sqlite, "PRAGMA integrity_check"))
        .await
        .expect("check")
        .map(|r| r.try_get::<String>("", "integrity_check").expect("col"))
        .unwrap_or_default();
    let chain = services::audit::verify(&db).await.expect("verify").ok();
    db.close().await.expect("close");
    (ids, check, chain)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill() {
    let rounds: usize = std::env::var("TANDEM_KILL_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let dir = std::env::temp_dir().join(format!("tandem-kill-{}", &services::tokens::new_token()[..12]));
    std::fs::create_dir_all(dir.join("site")).expect("dir");
    let db_url = format!("sqlite://{}?mode=rwc", dir.join("kill.db").display());
    let acked: Arc<Mutex<BTreeSet<i64>>> = Arc::default();
    let (mut attempts, mut failures) = (0u64, 0u64);
    let started = Instant::now();
    for round in 0..rounds {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut child = spawn(&db_url, port, &dir);
        wait_healthy(&base).await;
        // Every report acknowledged so far is still there after the restart.
        let mut writers = Vec::new();
        // Everyone signs in first (password hashing is slow on purpose); the kill timer starts
        // once all four are writing.
        let ready = Arc::new(tokio::sync::Barrier::new(5));
        for w in 0..4 {
            let (base, acked, ready) = (base.clone(), acked.clone(), ready.clone());
            writers.push(tokio::spawn(async move {
                let c = client();
                let who = ["jordan.ellis@example.org", "amara.okafor@example.org"][w % 2];
                let (s, _) = call(&c, &base, "/api/login", &[("email", who), ("password", DEMO_PASSWORD)]).await;
                assert!(s.is_success(), "sign in");
                ready.wait().await;
                let (mut tried, mut failed) = (0u64, 0u64);
                for i in 0.. {
                    tried += 1;
                    let what = format!("Durability report {round}-{w}-{i}: something worrying was said.");
                    let form = [
                        ("category", "other"),
                        ("urgency", "routine"),
                        ("what", what.as_str()),
                        ("happened_on", "2026-11-20"),
                        ("match_id", ""),
                    ];
                    let res = c.post(format!("{base}/api/report_concern")).form(&form).send().await;
                    let body = match res {
                        Ok(r) if r.status().is_success() => r.text().await.ok(),
                        _ => None,
                    };
                    // Acknowledged means the whole answer arrived and names the case.
                    let id = body
                        .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
                        .and_then(|v| v["Done"]["reference"].as_str().map(str::to_owned))
                        .and_then(|r| r.trim_start_matches("SG-").parse::<i64>().ok());
                    match id {
                        Some(id) => {
                            acked.lock().expect("lock").insert(id);
                        }
                        None => {
                            failed += 1;
                            break;
                        }
                    }
                }
                (tried, failed)
            }));
        }
        ready.wait().await;
        let delay = rand::thread_rng().gen_range(300..1500);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        for w in writers {
            let (t, f) = w.await.expect("writer");
            attempts += t;
            failures += f;
        }
        let (ids, check, chain) = stored(&db_url).await;
        let acked_now = acked.lock().expect("lock").clone();
        let lost: Vec<_> = acked_now.difference(&ids).collect();
        assert!(lost.is_empty(), "round {round}: acknowledged reports lost after SIGKILL: {lost:?}");
        assert_eq!(check, "ok", "round {round}: integrity_check");
        assert!(chain, "round {round}: the audit chain must verify after a crash");
    }
    let total = acked.lock().expect("lock").len();
    println!(
        "kill test: {rounds} SIGKILLs in {:.1} s, {attempts} report requests, {total} acknowledged, 0 lost, \
         {failures} cut off by a kill (not acknowledged), integrity_check ok, audit chain verified",
        started.elapsed().as_secs_f64()
    );
    assert!(total >= rounds, "each round should acknowledge some writes");
    let _ = std::fs::remove_dir_all(&dir);
}
