//! Starts real Tandem servers on loopback ports for HTTP-level tests.

#![allow(dead_code)]

use app::ssr::{ServerState, Settings};
use leptos::prelude::LeptosOptions;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use services::accounts::SignInPolicy;
use std::net::SocketAddr;
use std::sync::Arc;

pub const SECRET: &[u8] = b"http-test-session-secret-0123456789abcdef";

pub struct TestServer {
    pub base: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A server on its own port, with its own connection pool to `db_url`: like a separate
/// app-server process sharing only the database.
pub async fn start(db_url: &str) -> TestServer {
    let db = services::db::connect(db_url).await.expect("connect");
    start_with(db).await
}

pub async fn start_with(db: services::DatabaseConnection) -> TestServer {
    let site_root = std::env::var("TANDEM_TEST_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    start_with_site(db, &site_root, false).await
}

/// A server whose site files are in `site_root`; `hashed` as with cargo-leptos `hash-files`.
pub async fn start_with_site(db: services::DatabaseConnection, site_root: &str, hashed: bool) -> TestServer {
    start_configured(db, site_root, hashed, |_| {}).await
}

/// A server on the demo site files whose settings `adjust` changes (proxies, limits).
pub async fn start_adjusted(db: services::DatabaseConnection, adjust: impl FnOnce(&mut Settings)) -> TestServer {
    let site_root = std::env::var("TANDEM_TEST_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    start_configured(db, &site_root, false, adjust).await
}

async fn start_configured(
    db: services::DatabaseConnection,
    site_root: &str,
    hashed: bool,
    adjust: impl FnOnce(&mut Settings),
) -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut sign_in = SignInPolicy::default();
    sign_in.session.secret = SECRET;
    let mut settings = Settings {
        base_url: format!("http://{addr}"),
        sign_in,
        secure_cookies: false,
        dev_mode: true,
        trusted_proxies: Default::default(),
        metrics_token: None,
        video_base_url: None,
        donate_url: None,
    };
    adjust(&mut settings);
    let options =
        LeptosOptions::builder().output_name("tandem").site_root(site_root).site_addr(addr).hash_files(hashed).build();
    let router = server::router(ServerState { db, settings: Arc::new(settings) }, options);
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await;
    });
    TestServer { base: format!("http://{addr}"), task }
}

/// A browser-like client that keeps cookies.
pub fn client() -> Client {
    // A response that never ends fails its test instead of holding up the whole run.
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .expect("client")
}

/// Calls a server function with form-encoded arguments; returns status and JSON body.
pub async fn call(c: &Client, base: &str, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let res = c.post(format!("{base}{path}")).form(form).send().await.expect("request");
    let status = res.status();
    let text = res.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// Signs in; for the demo's staff, safeguarding and coordinator logins it then enters the
/// code computed from the demo's two-step secret (the next step's code if this one was
/// just used by the same account).
pub async fn sign_in(c: &Client, base: &str, email: &str, password: &str) {
    let res = c.post(format!("{base}/api/login")).form(&[("email", email), ("password", password)]).send().await;
    let res = res.expect("request");
    let status = res.status();
    let location = res.headers().get(reqwest::header::LOCATION).and_then(|l| l.to_str().ok()).map(str::to_owned);
    let body = res.text().await.expect("body");
    assert!(status.is_success() || status.is_redirection(), "sign in as {email}: {status} {body}");
    assert!(!body.contains("Invalid"), "sign in as {email} refused: {body}");
    let Some(ticket) =
        location.as_deref().and_then(|l| l.split_once("/login/verify?ticket=")).map(|(_, t)| t.to_owned())
    else {
        return;
    };
    for ahead in [0, 1] {
        let code = services::demo::demo_code(chrono::Utc::now(), ahead);
        let (status, body) = call(c, base, "/api/login_code", &[("ticket", &ticket), ("code", &code)]).await;
        if body.get("Invalid").is_none() {
            assert!(status.is_success() || status.is_redirection(), "second step for {email}: {status} {body}");
            return;
        }
    }
    panic!("the second step failed for {email}");
}

pub async fn whoami(c: &Client, base: &str) -> Value {
    call(c, base, "/api/current_user", &[]).await.1
}

/// Tandem under test: a fresh migrated database holding the demo programme, a real server
/// on loopback over it, and browsers signed in as whoever a test names.
pub struct TestApp {
    /// Stopped before the database goes (fields drop in order).
    pub server: TestServer,
    pub t: services::testing::TestDb,
}

impl TestApp {
    /// The demo programme on a fresh database of `backend`.
    pub async fn demo(backend: services::testing::Backend) -> TestApp {
        TestApp::demo_on(services::testing::TestDb::new(backend).await.expect("a test database")).await
    }

    /// The demo programme loaded into `t`, served.
    pub async fn demo_on(t: services::testing::TestDb) -> TestApp {
        services::demo::load_if_empty(&t.db, chrono::Utc::now()).await.expect("demo data");
        TestApp { server: start_with(t.db.clone()).await, t }
    }

    pub fn db(&self) -> &services::DatabaseConnection {
        &self.t.db
    }

    pub fn base(&self) -> &str {
        &self.server.base
    }

    /// A browser nobody has signed in on.
    pub fn visitor(&self) -> Browser {
        Browser::at(&self.server.base)
    }

    /// A browser signed in as this demo person, with the two-step code where they need one.
    pub async fn signed_in(&self, email: &str) -> Browser {
        Browser::signed_in_at(&self.server.base, email).await
    }

    /// A browser signed in as the demo's person of this role.
    pub async fn as_role(&self, role: domain::Role) -> Browser {
        self.signed_in(demo_login(role)).await
    }
}

/// The demo person who signs in for each role.
pub fn demo_login(role: domain::Role) -> &'static str {
    use domain::Role;
    match role {
        Role::Staff => "staff@tandem.example",
        Role::SafeguardingLead => "dsl@tandem.example",
        Role::Coordinator => "coordinator@northfield.example",
        Role::Mentor => "amara.okafor@example.org",
        Role::YoungPerson => "jordan.ellis@example.org",
    }
}

/// A cookie-keeping browser on one server: `call` a server function, or use the client's
/// own requests (`get`, `post`) for pages and files.
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    pub base: String,
}

impl std::ops::Deref for Browser {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Browser {
    /// A browser nobody has signed in on, for the server at `base`.
    pub fn at(base: &str) -> Browser {
        Browser { client: client(), base: base.to_string() }
    }

    /// A browser signed in as this demo person on the server at `base`.
    pub async fn signed_in_at(base: &str, email: &str) -> Browser {
        let b = Browser::at(base);
        sign_in(&b.client, base, email, services::demo::DEMO_PASSWORD).await;
        b
    }

    /// Calls a server function with form-encoded arguments; returns status and JSON body.
    pub async fn call(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        call(&self.client, &self.base, path, form).await
    }

    /// Who the server thinks is signed in on this browser.
    pub async fn whoami(&self) -> Value {
        whoami(&self.client, &self.base).await
    }
}
