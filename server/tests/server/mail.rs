//! Mail through the real `tandem` binary and a real SMTP server on loopback (aiosmtpd):
//! two app servers on one PostgreSQL deliver each of 500 queued emails exactly once; a
//! server SIGKILLed mid-batch loses nothing and repeats at most the one email it was
//! sending; a reset email's link works end to end; staff see a refused email and retry it;
//! one-click unsubscribe and the calendar feed over HTTP.

use crate::common;

use common::{Browser, client};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::entities::outbox_email;
use services::testing::{Backend, SmtpSink, TestDb};
use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(db_url: &str, sink: &SmtpSink, demo: bool, extra: &[(&str, &str)]) -> Server {
    let port = free_port();
    let dir = std::env::temp_dir().join(format!("tandem-mail-site-{port}"));
    std::fs::create_dir_all(&dir).expect("dir");
    let mut c = Command::new(env!("CARGO_BIN_EXE_tandem"));
    c.current_dir(&dir)
        .env("DATABASE_URL", db_url)
        .env("TANDEM_LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("TANDEM_DEMO_DATA", if demo { "true" } else { "false" })
        .env("LEPTOS_OUTPUT_NAME", "tandem")
        .env("LEPTOS_SITE_ROOT", std::env::var("TANDEM_TEST_SITE_ROOT").unwrap_or_else(|_| dir.display().to_string()))
        .env("LEPTOS_SITE_PKG_DIR", "pkg")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in sink.env() {
        c.env(k, v);
    }
    for (k, v) in extra {
        c.env(k, v);
    }
    Server { child: c.spawn().expect("start the server binary"), base: format!("http://127.0.0.1:{port}") }
}

async fn wait_healthy(base: &str) {
    let c = client();
    let deadline = Instant::now() + Duration::from_secs(90);
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

async fn queue(db: &sea_orm::DatabaseConnection, n: usize) {
    let now = chrono::Utc::now();
    for i in 0..n {
        let mail = services::outbox::Mail::new(&format!("person{i}@example.org"), &format!("Message {i}"), "Hello");
        services::outbox::send(db, mail, now).await.expect("queue");
    }
}

async fn unsent(db: &sea_orm::DatabaseConnection) -> u64 {
    outbox_email::Entity::find().filter(outbox_email::Column::Status.ne("sent")).count(db).await.expect("count")
}

async fn wait_all_sent(db: &sea_orm::DatabaseConnection, secs: u64) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while unsent(db).await > 0 {
        assert!(Instant::now() < deadline, "{} emails still unsent after {secs} s", unsent(db).await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How many times each subject reached the sink.
fn copies(sink: &SmtpSink) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for msg in sink.messages() {
        *m.entry(msg["subject"].as_str().unwrap_or("").to_string()).or_insert(0) += 1;
    }
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_postgres_deliver_each_of_500_emails_exactly_once() {
    let t = TestDb::new(Backend::Postgres).await.expect("PostgreSQL");
    let sink = SmtpSink::start(&["--delay-ms", "2"]);
    queue(&t.db, 500).await;
    let a = spawn(&t.url, &sink, false, &[]);
    let b = spawn(&t.url, &sink, false, &[]);
    wait_healthy(&a.base).await;
    wait_healthy(&b.base).await;
    wait_all_sent(&t.db, 120).await;
    // Let any stray second copy arrive before counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let c = copies(&sink);
    assert_eq!(c.len(), 500, "every email arrived");
    assert!(c.values().all(|n| *n == 1), "an email arrived twice: {:?}", c.iter().find(|(_, n)| **n > 1));
    assert_eq!(sink.count(), 500);
    let attempts: Vec<i32> =
        outbox_email::Entity::find().all(&t.db).await.expect("rows").iter().map(|r| r.attempts).collect();
    assert!(attempts.iter().all(|a| *a == 1));
    drop((a, b));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_batch_loses_nothing_and_repeats_at_most_one() {
    let t = TestDb::new(Backend::Postgres).await.expect("PostgreSQL");
    let sink = SmtpSink::start(&["--delay-ms", "15"]);
    queue(&t.db, 300).await;
    let lease = [("TANDEM_MAIL_LEASE_SECONDS", "3")];
    let mut a = spawn(&t.url, &sink, false, &lease);
    wait_healthy(&a.base).await;
    let seen = sink.wait_for(60, 60).await;
    assert!(seen >= 60, "only {seen} emails before the kill");
    // SIGKILL: no chance to finish the batch or release its claim.
    a.child.kill().expect("kill");
    a.child.wait().expect("wait");
    let before = sink.count();
    assert!(before < 300, "the server finished before it was killed");
    let b = spawn(&t.url, &sink, false, &lease);
    wait_healthy(&b.base).await;
    wait_all_sent(&t.db, 120).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let c = copies(&sink);
    assert_eq!(c.len(), 300, "nothing lost");
    let repeated: Vec<_> = c.iter().filter(|(_, n)| **n > 1).collect();
    assert!(repeated.len() <= 1 && repeated.iter().all(|(_, n)| **n == 2), "repeated: {repeated:?}");
    println!("killed after {before} emails; {} repeated", repeated.len());
    drop(b);
}

/// The first message to `to` whose subject contains `subject` (the demo programme sends
/// some emails of its own at start).
async fn wait_message(sink: &SmtpSink, to: &str, subject: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(m) = sink
            .messages()
            .into_iter()
            .find(|m| m["to"] == to && m["subject"].as_str().is_some_and(|s| s.to_lowercase().contains(subject)))
        {
            return m;
        }
        assert!(Instant::now() < deadline, "no email to {to} about {subject}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn token_after(text: &str, marker: &str) -> String {
    let start = text.find(marker).unwrap_or_else(|| panic!("`{marker}` in {text}")) + marker.len();
    text[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_links_refused_mail_unsubscribe_and_the_feed_over_http() {
    let t = TestDb::new(Backend::SqliteFile).await.expect("sqlite");
    let sink = SmtpSink::start(&["--reject", "bounce"]);
    let s = spawn(&t.url, &sink, true, &[]);
    wait_healthy(&s.base).await;
    let base = s.base.as_str();
    let c = Browser::at(base);
    // A person who forgot their password gets a link that works.
    let (st, _) = c.call("/api/request_password_reset", &[("email", "jordan.ellis@example.org")]).await;
    assert!(st.is_success());
    let msg = wait_message(&sink, "jordan.ellis@example.org", "password").await;
    let text = msg["text"].as_str().expect("text");
    assert!(text.contains(&format!("{base}/reset-password?token=")), "{text}");
    let token = token_after(text, "/reset-password?token=");
    let page = c.get(format!("{base}/reset-password?token={token}")).send().await.expect("page");
    assert!(page.status().is_success());
    let (st, body) = c.call("/api/reset_password", &[("token", &token), ("password", "orchard-lantern-58")]).await;
    assert!(st.is_success() || st.is_redirection(), "{st} {body}");
    let (st, body) =
        c.call("/api/login", &[("email", "jordan.ellis@example.org"), ("password", "orchard-lantern-58")]).await;
    assert!(st.is_success() && body.get("Invalid").is_none(), "{st} {body}");

    // Staff create an account whose address the mail server refuses: staff see it, with the
    // server's answer, and can ask for another try.
    let staff = Browser::signed_in_at(base, "staff@tandem.example").await;
    let form = [("name", "Bea Ounce"), ("email", "bea.bounce@tandem.example"), ("role", "staff"), ("partner_id", "")];
    let (st, body) = staff.call("/api/admin_create_account", &form).await;
    assert!(st.is_success(), "{st} {body}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let failed = loop {
        let (_, o) = staff.call("/api/mail_outbox", &[]).await;
        if o["failed"].as_u64() == Some(1) {
            break o;
        }
        assert!(Instant::now() < deadline, "the refused email was not shown: {o}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let row = &failed["rows"][0];
    assert_eq!(row["to"], "bea.bounce@tandem.example");
    assert_eq!(row["status"], "failed");
    assert!(row["last_error"].as_str().is_some_and(|e| e.contains("550")), "{row}");
    let id = row["id"].as_i64().expect("id").to_string();
    // Only staff may retry.
    let (st, _) = c.call("/api/retry_mail", &[("mail_id", &id)]).await;
    assert_eq!(st.as_u16(), 403);
    let (st, body) = staff.call("/api/retry_mail", &[("mail_id", &id)]).await;
    assert!(st.is_success(), "{st} {body}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let r = outbox_email::Entity::find()
            .filter(outbox_email::Column::ToEmail.eq("bea.bounce@tandem.example"))
            .one(&t.db)
            .await
            .expect("q")
            .expect("row");
        if r.attempts == 2 {
            assert_eq!(r.status, domain::mail::MailStatus::Failed);
            break;
        }
        assert!(Instant::now() < deadline, "the retry did not happen");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // A safeguarding alert the mail server refuses: after 10 minutes staff and safeguarding
    // leads are warned on every page; nobody else is told.
    let alert = services::outbox::Mail::new("dsl.bounce@tandem.example", "[URGENT] New safeguarding case", "Sign in")
        .safeguarding();
    services::outbox::send(&t.db, alert, chrono::Utc::now() - chrono::Duration::minutes(20)).await.expect("alert");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, late) = staff.call("/api/late_safeguarding_mail", &[]).await;
        if late == serde_json::json!(1) {
            break;
        }
        assert!(Instant::now() < deadline, "staff were not warned: {late}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let dsl = Browser::signed_in_at(base, "dsl@tandem.example").await;
    assert_eq!(dsl.call("/api/late_safeguarding_mail", &[]).await.1, serde_json::json!(1));
    assert_eq!(c.call("/api/late_safeguarding_mail", &[]).await.1, serde_json::json!(0));
    let page = staff.get(format!("{base}/dashboard")).send().await.expect("page").text().await.expect("html");
    assert!(page.contains("not been delivered by email for more than 10 minutes"), "no warning on the page");

    // One-click unsubscribe, as a mail provider sends it (no browser headers).
    let user_id = services::entities::user::Entity::find()
        .filter(services::entities::user::Column::Email.eq("jordan.ellis@example.org"))
        .one(&t.db)
        .await
        .expect("q")
        .expect("jordan")
        .id;
    let unsub = services::mail_preferences::unsubscribe_token(&t.db, user_id, chrono::Utc::now()).await.expect("token");
    let url = services::mail_preferences::unsubscribe_url(base, &unsub, domain::mail::Category::Reminders);
    let r = reqwest::Client::new()
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("one-click");
    assert!(r.status().is_success(), "{}", r.status());
    assert!(!services::mail_preferences::get(&t.db, user_id).await.expect("prefs").reminders);
    // A forged link changes nothing.
    let r = reqwest::Client::new()
        .post(format!("{base}/unsubscribe?t={}&c=digests", "0".repeat(64)))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("forged");
    assert_eq!(r.status().as_u16(), 404);

    // The calendar feed: made on the account page, read by a calendar, revoked.
    let (st, body) = c.call("/api/new_calendar_feed", &[]).await;
    assert!(st.is_success(), "{st} {body}");
    let feed_url = body["Done"].as_str().expect("feed url").to_string();
    assert!(feed_url.starts_with(&format!("{base}/calendar/")) && feed_url.ends_with(".ics"));
    let r = reqwest::get(&feed_url).await.expect("feed");
    assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
    assert!(r.text().await.expect("body").starts_with("BEGIN:VCALENDAR"));
    let (st, _) = c.call("/api/revoke_calendar_feed", &[]).await;
    assert!(st.is_success());
    assert_eq!(reqwest::get(&feed_url).await.expect("feed").status().as_u16(), 404);
    drop(s);
}
