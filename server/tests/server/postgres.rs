//! PostgreSQL for real: two app servers on different ports, each with its own pool,
//! sharing one database, serve the same signed-in person.

use crate::common;

use common::*;
use services::demo::DEMO_PASSWORD;
use services::testing::{Backend, TestDb};

#[tokio::test]
async fn two_app_servers_share_sessions_through_postgres() {
    let t = TestDb::new(Backend::Postgres).await.expect("PostgreSQL must be running (the test command starts it)");
    services::demo::load_if_empty(&t.db, chrono::Utc::now()).await.expect("demo");
    let a = start(&t.url).await;
    let b = start(&t.url).await;
    assert_ne!(a.base, b.base);

    let c = client();
    sign_in(&c, &a.base, "staff@tandem.example", DEMO_PASSWORD).await;
    assert_eq!(whoami(&c, &a.base).await["email"], "staff@tandem.example");
    // Server B never saw the sign-in, yet knows the session: it lives in the database.
    assert_eq!(whoami(&c, &b.base).await["email"], "staff@tandem.example");
    let (status, page) = call(&c, &b.base, "/api/admin_list_users", &[]).await;
    assert_eq!(status, 200, "{page}");

    // Signing out on B ends the session on A too.
    call(&c, &b.base, "/api/logout", &[]).await;
    assert_eq!(whoami(&c, &a.base).await, serde_json::Value::Null);
}

#[tokio::test]
async fn register_and_sign_in_over_http_on_postgres() {
    let t = TestDb::new(Backend::Postgres).await.expect("PostgreSQL");
    let s = start(&t.url).await;
    let c = client();
    let (status, body) = call(
        &c,
        &s.base,
        "/api/register",
        &[
            ("name", "Kofi Mensah"),
            ("email", "kofi@example.org"),
            ("password", "granite-sparrow-7"),
            ("date_of_birth", "2004-03-09"),
            ("role", "young_person"),
        ],
    )
    .await;
    assert!(status.is_success() || status.is_redirection(), "{status} {body}");
    assert_eq!(whoami(&c, &s.base).await["role"], "YoungPerson");
    let (_, dash) = call(&c, &s.base, "/api/dashboard", &[]).await;
    assert_eq!(dash["YoungPerson"]["name"], "Kofi Mensah");
    assert_eq!(dash["YoungPerson"]["under_18"], false);
}
