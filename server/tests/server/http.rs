//! HTTP-level tests: real servers on loopback, a cookie-keeping client, real databases.

use crate::common;

use common::*;
use services::demo::DEMO_PASSWORD;
use services::testing::{Backend, TestDb};

async fn demo_server() -> (TestDb, TestServer) {
    let t = TestDb::new(Backend::Sqlite).await.expect("db");
    services::demo::load_if_empty(&t.db, chrono::Utc::now()).await.expect("demo");
    let s = start_with(t.db.clone()).await;
    (t, s)
}

#[tokio::test]
async fn health_and_security_headers() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let c = app.visitor();
    let h = c.get(format!("{}/healthz", app.base())).send().await.expect("healthz");
    assert_eq!(h.status(), 200);
    assert_eq!(h.text().await.expect("body"), "ok");

    let mut nonces = Vec::new();
    for _ in 0..2 {
        let res = c.get(format!("{}/", app.base())).send().await.expect("home");
        assert_eq!(res.status(), 200);
        let headers = res.headers().clone();
        let csp = headers.get("content-security-policy").expect("CSP").to_str().expect("ascii").to_string();
        assert!(!csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert_eq!(headers.get("x-content-type-options").expect("nosniff"), "nosniff");
        assert_eq!(headers.get("referrer-policy").expect("referrer"), "same-origin");
        let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("nonce").to_string();
        let html = res.text().await.expect("html");
        // Every script in the page carries this response's nonce.
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "nonce {nonce} not in page");
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..html[i..].find('>').map(|e| i + e).unwrap_or(html.len())];
            assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "script without nonce: {tag}");
        }
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a fresh nonce per response");

    // The not-found page is rendered by the fallback handler: its scripts need the nonce too.
    let missing = c.get(format!("{}/nowhere", app.base())).send().await.expect("404");
    assert_eq!(missing.status(), 404);
    let csp = missing.headers()["content-security-policy"].to_str().expect("csp").to_string();
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("nonce").to_string();
    let html = missing.text().await.expect("body");
    assert!(html.contains("Page not found"));
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "404 page scripts carry the header's nonce");
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let c = app.visitor();
    let url = format!("{}/api/login", app.base());
    // A mentor: one step (staff logins go on to a code, tested elsewhere).
    let form = [("email", "amara.okafor@example.org"), ("password", DEMO_PASSWORD)];
    let evil = c.post(&url).header("origin", "http://evil.example").form(&form).send().await.expect("post");
    assert_eq!(evil.status(), 403);
    let fetch_meta = c.post(&url).header("sec-fetch-site", "cross-site").form(&form).send().await.expect("post");
    assert_eq!(fetch_meta.status(), 403);
    assert_eq!(whoami(&c, app.base()).await, serde_json::Value::Null, "no session was created");
    let host = app.base().trim_start_matches("http://");
    let ok = c
        .post(&url)
        .header("origin", format!("http://{host}"))
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .expect("post");
    assert!(ok.status().is_success(), "{}", ok.status());
    assert_eq!(whoami(&c, app.base()).await["role"], "Mentor");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let big = "x".repeat(server::MAX_BODY_BYTES + 1);
    let res = client()
        .post(format!("{}/api/login", app.base()))
        .form(&[("email", big.as_str()), ("password", "y")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 413);
}

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("tandem_session="))
        .map(str::to_owned)
}

#[tokio::test]
async fn session_cookie_is_hardened_rotated_and_revoked_on_logout() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let c = client();
    let login = |c: reqwest::Client| {
        let base = app.base();
        async move {
            c.post(format!("{base}/api/login"))
                .form(&[("email", "amara.okafor@example.org"), ("password", DEMO_PASSWORD)])
                .send()
                .await
                .expect("login")
        }
    };
    let first = login(c.clone()).await;
    let cookie1 = session_cookie(&first).expect("set-cookie");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
        assert!(cookie1.contains(attr), "{attr} missing: {cookie1}");
    }
    assert!(!cookie1.contains("Secure"), "plain http in tests");
    let token1 = cookie1.split(';').next().expect("pair").to_string();

    // Signing in again rotates: a new token, and the old one stops working.
    let second = login(c.clone()).await;
    let token2 = session_cookie(&second).expect("set-cookie").split(';').next().expect("pair").to_string();
    assert_ne!(token1, token2);
    let raw = reqwest::Client::new();
    let with = |token: String| {
        let raw = raw.clone();
        let base = app.base();
        async move {
            raw.post(format!("{base}/api/current_user"))
                .header("cookie", token)
                .send()
                .await
                .expect("whoami")
                .json::<serde_json::Value>()
                .await
                .expect("json")
        }
    };
    assert_eq!(with(token1.clone()).await, serde_json::Value::Null);
    assert_eq!(with(token2.clone()).await["email"], "amara.okafor@example.org");

    // Logout ends the session on the server, not just in the browser.
    let out = c.post(format!("{}/api/logout", app.base())).send().await.expect("logout");
    assert!(session_cookie(&out).expect("cleared").contains("Max-Age=0"));
    assert_eq!(with(token2).await, serde_json::Value::Null);
}

#[tokio::test]
async fn no_account_enumeration_and_throttling_message() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let c = app.visitor();
    let (st_known, known) =
        c.call("/api/login", &[("email", "amara.okafor@example.org"), ("password", "wrong-one")]).await;
    let (st_unknown, unknown) =
        c.call("/api/login", &[("email", "nobody@example.org"), ("password", "wrong-one")]).await;
    assert_eq!((st_known, &known), (st_unknown, &unknown), "same answer for known and unknown emails");
    assert_eq!(st_known, 200, "a wrong password is an answer, not a failed request");
    assert_eq!(known, serde_json::json!({"Invalid": "InvalidCredentials"}));
    for _ in 0..4 {
        c.call("/api/login", &[("email", "amara.okafor@example.org"), ("password", "wrong-one")]).await;
    }
    let (status, body) =
        c.call("/api/login", &[("email", "amara.okafor@example.org"), ("password", DEMO_PASSWORD)]).await;
    assert_eq!(status, 200);
    assert_eq!(body, serde_json::json!({"Invalid": {"Throttled": {"minutes": 15, "what": "SignIn"}}}));
    assert_eq!(
        whoami(&c, app.base()).await,
        serde_json::Value::Null,
        "even the right password is refused while throttled"
    );

    let (r1, b1) = c.call("/api/request_password_reset", &[("email", "amara.okafor@example.org")]).await;
    let (r2, b2) = c.call("/api/request_password_reset", &[("email", "nobody@example.org")]).await;
    assert_eq!((r1, b1), (r2, b2));
}

#[tokio::test]
async fn registration_reports_field_errors_and_duplicates() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let c = app.visitor();
    let (status, body) = call(
        &c,
        app.base(),
        "/api/register",
        &[
            ("name", "Amara Okafor"),
            ("email", "Amara.Okafor@example.org"),
            ("password", "lantern-meadow-42"),
            ("date_of_birth", "1985-06-01"),
            ("role", "mentor"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let fields = body["Invalid"]["Validation"].as_array().expect("field list").clone();
    assert!(fields.iter().any(|f| f[0] == "email" && f[1].as_str().unwrap_or("").contains("already exists")), "{body}");

    // Nobody self-assigns a privileged role.
    let (status, body) = call(
        &c,
        app.base(),
        "/api/register",
        &[
            ("name", "Eve"),
            ("email", "eve@example.org"),
            ("password", "lantern-meadow-42"),
            ("date_of_birth", "1985-06-01"),
            ("role", "staff"),
        ],
    )
    .await;
    assert!(
        body["Invalid"]["Validation"].as_array().expect("errors").iter().any(|f| f[0] == "role"),
        "{status} {body}"
    );
    assert_eq!(whoami(&c, app.base()).await, serde_json::Value::Null);
}

#[tokio::test]
async fn forms_work_without_javascript() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let c = app.visitor();
    let post = |form: Vec<(&'static str, &'static str)>| {
        let (c, base) = (c.clone(), app.base());
        async move {
            c.post(format!("{base}/api/login"))
                .header("accept", "text/html")
                .header("referer", format!("{base}/login"))
                .form(&form)
                .send()
                .await
                .expect("post")
        }
    };
    // A wrong password goes back to the form at its plain address (the error kept by the
    // server, never encoded into the address)...
    let wrong = post(vec![("email", "amara.okafor@example.org"), ("password", "wrong-one")]).await;
    assert!(wrong.status().is_redirection(), "{}", wrong.status());
    let back = wrong.headers()["location"].to_str().expect("location").to_string();
    assert_eq!(back, format!("{}/login", app.base()));
    // ...and the login page, rendered on the server, shows it.
    let page = c.get(&back).header("accept", "text/html").send().await.expect("page").text().await.expect("html");
    assert!(page.contains("The email address or password is not correct"), "error not shown");
    // The right password signs in and lands on the dashboard.
    let ok = post(vec![("email", "amara.okafor@example.org"), ("password", DEMO_PASSWORD)]).await;
    assert!(ok.status().is_redirection());
    assert_eq!(ok.headers()["location"], "/dashboard");
    let dash = c.get(format!("{}/dashboard", app.base())).send().await.expect("dash").text().await.expect("html");
    assert!(dash.contains("Welcome, Amara Okafor"));
}

#[tokio::test]
async fn the_whole_profile_form_saves_with_checkbox_lists() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let c = app.signed_in("amara.okafor@example.org").await;
    // Exactly what the browser posts: ticked boxes only, so the list indexes have gaps.
    let (status, body) = call(
        &c,
        app.base(),
        "/api/save_profile",
        &[
            ("job_title", "Product manager"),
            ("sector", "Technology"),
            ("employer", ""),
            ("skills[1]", "CV and interviews"),
            ("skills[9]", "Digital and tech skills"),
            ("region", "London"),
            ("postcode_area", "e1"),
            ("languages[0]", "English"),
            ("format", "either"),
            ("availability[2]", "Weekday evenings"),
            ("max_age_group", "18-21"),
            ("bio", "I help teams build useful software."),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let p = &body["Done"];
    assert_eq!(p["skills"], "CV and interviews, Digital and tech skills", "{body}");
    assert_eq!(p["postcode_area"], "E1");
    let (_, again) = c.call("/api/my_profile", &[]).await;
    assert_eq!(again["availability"], "Weekday evenings");
    // An answer off the curated list is refused as a field error, nothing stored.
    let (_, bad) = c.call("/api/save_profile_field", &[("field", "sector"), ("value", "Astrology")]).await;
    assert!(bad["Invalid"]["Validation"].as_array().expect("errors").iter().any(|f| f[0] == "sector"), "{bad}");
}

#[tokio::test]
async fn the_certificate_pdf_is_only_for_its_mentor() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let anon = app.visitor();
    let res = anon.get(format!("{}/certificate.pdf", app.base())).send().await.expect("get");
    assert!(res.status().is_redirection());
    assert_eq!(res.headers()["location"], "/login");

    let yp = app.signed_in("jordan.ellis@example.org").await;
    let res = yp.get(format!("{}/certificate.pdf", app.base())).send().await.expect("get");
    assert!(res.status().is_redirection());
    assert_eq!(res.headers()["location"], "/certificate", "a page that explains, not a bare refusal");

    // A mentor who has not finished training and a workshop has no certificate yet.
    let mentor = app.signed_in("amara.okafor@example.org").await;
    let res = mentor.get(format!("{}/certificate.pdf", app.base())).send().await.expect("get");
    assert!(res.status().is_redirection());
    assert_eq!(res.headers()["location"], "/certificate", "the certificate page says what is left to do");
}

#[tokio::test]
async fn workshops_book_and_cancel_over_http_and_without_javascript() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let c = app.signed_in("amara.okafor@example.org").await;
    let (status, list) = c.call("/api/my_workshops", &[]).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["kind"], "MentorWorkshop");
    let list = list["list"].as_array().expect("list");
    assert!(list.len() >= 2, "demo workshops: {list:?}");
    assert!(list.iter().all(|w| w["kind"] == "MentorWorkshop"), "mentors see mentor workshops only");
    let id = list[0]["id"].as_i64().expect("id").to_string();
    // A plain HTML form post (no JavaScript) books and is redirected back to the page.
    let res = c
        .post(format!("{}/api/book_workshop", app.base()))
        .header("accept", "text/html")
        .header("referer", format!("{}/workshops", app.base()))
        .form(&[("workshop_id", id.as_str())])
        .send()
        .await
        .expect("post");
    assert!(res.status().is_redirection(), "{}", res.status());
    let (_, list) = c.call("/api/my_workshops", &[]).await;
    let w = list["list"]
        .as_array()
        .and_then(|l| {
            l.iter().find(|w| w["id"].as_i64().map(|n| n.to_string()).as_deref() == Some(id.as_str())).cloned()
        })
        .expect("listed");
    assert_eq!(w["mine"], "Booked");
    assert_eq!(w["booked"], 1);
    // Booking again is a correctable problem with a message, not a failed request.
    let (status, body) = c.call("/api/book_workshop", &[("workshop_id", id.as_str())]).await;
    assert_eq!(status, 200);
    assert!(body["Invalid"]["Validation"].to_string().contains("already have a place"), "{body}");
    let (status, body) = c.call("/api/cancel_booking", &[("workshop_id", id.as_str())]).await;
    assert_eq!((status.as_u16(), body), (200, serde_json::json!({"Done": null})));
}

#[tokio::test]
async fn site_files_are_served_precompressed_with_long_caching() {
    // A site the test writes itself: each file beside Brotli and gzip copies with their own
    // bytes, so the answer shows which copy was sent (and that nothing was compressed anew).
    let site = std::env::temp_dir().join(format!("tandem-site-{}", std::process::id()));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).expect("dir");
    for (name, raw) in [("tandem.Ab12Cd.wasm", &b"\0asm raw module"[..]), ("tandem.Ef34Gh.js", b"export default 1;")] {
        std::fs::write(pkg.join(name), raw).expect("raw");
        std::fs::write(pkg.join(format!("{name}.br")), format!("BROTLI({name})")).expect("br");
        std::fs::write(pkg.join(format!("{name}.gz")), format!("GZIP({name})")).expect("gz");
    }
    let t = TestDb::new(Backend::Sqlite).await.expect("db");
    let s = start_with_site(t.db.clone(), &site.display().to_string(), true).await;
    let c = client();
    for name in ["tandem.Ab12Cd.wasm", "tandem.Ef34Gh.js"] {
        let url = format!("{}/pkg/{name}", s.base);
        let br = c.get(&url).header("accept-encoding", "gzip, deflate, br").send().await.expect("br");
        assert_eq!(br.status(), 200);
        let h = br.headers().clone();
        assert_eq!(h["content-encoding"], "br", "{name}");
        assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
        assert!(h["vary"].to_str().expect("vary").contains("accept-encoding"));
        let etag = h.get("etag").expect("a validator").to_str().expect("ascii").to_string();
        assert_eq!(br.text().await.expect("body"), format!("BROTLI({name})"), "the file written at build time");
        let gz = c.get(&url).header("accept-encoding", "gzip").send().await.expect("gz");
        assert_eq!(gz.headers()["content-encoding"], "gzip");
        assert_eq!(gz.text().await.expect("body"), format!("GZIP({name})"));
        // Asked again with the validator: 304, no body.
        let again =
            c.get(&url).header("accept-encoding", "br").header("if-none-match", &etag).send().await.expect("304");
        assert_eq!(again.status(), 304);
        assert_eq!(again.headers()["cache-control"], "public, max-age=31536000, immutable");
        assert!(again.text().await.expect("body").is_empty());
        let changed = c.get(&url).header("if-none-match", "W/\"0-0\"").send().await.expect("200");
        assert_eq!(changed.status(), 200);
    }
    // Pages are never cached for later.
    let page = c.get(format!("{}/", s.base)).header("accept-encoding", "br").send().await.expect("page");
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().expect("ascii").starts_with("text/html"));
    let cache = page.headers()["cache-control"].to_str().expect("ascii");
    assert!(cache.contains("no-cache") && !cache.contains("immutable"), "{cache}");
    let _ = std::fs::remove_dir_all(&site);
}

#[tokio::test]
async fn a_form_posted_without_javascript_comes_back_with_what_was_typed_once() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let c = app.visitor();
    let form = [
        ("role", "young_person"),
        ("name", "Priya \"P\" Shah"),
        ("email", "priya.kept@example.org"),
        ("date_of_birth", "2019-01-01"),
        ("password", "orchard-lantern-58"),
    ];
    let res = c
        .post(format!("{}/api/register", app.base()))
        .header("accept", "text/html")
        .header("referer", format!("{}/register", app.base()))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 302);
    let back = res.headers()["location"].to_str().expect("ascii").to_string();
    assert_eq!(back, format!("{}/register", app.base()), "the address stays clean: no encoded error, no secret");
    let set = res.headers()["set-cookie"].to_str().expect("ascii").to_string();
    assert!(set.starts_with("tandem_form=") && set.contains("HttpOnly"), "{set}");
    let page = c.get(&back).header("accept", "text/html").send().await.expect("page").text().await.expect("html");
    assert!(page.contains(r#"value="priya.kept@example.org""#), "the email is kept");
    assert!(page.contains("error-summary") && page.contains("f-date_of_birth-error"), "the problem is shown");
    assert!(page.contains(r#"value="Priya &quot;P&quot; Shah""#), "the name is kept, escaped");
    assert!(page.contains(r#"value="young_person" checked"#), "the choice is kept");
    assert!(!page.contains("orchard-lantern-58"), "a password is never sent back");
    // The secret works once: the same address again shows the form empty.
    let again = c.get(&back).header("accept", "text/html").send().await.expect("page").text().await.expect("html");
    assert!(!again.contains("priya.kept@example.org") && !again.contains("f-date_of_birth-error"));

    // A signed-in person's kept form is theirs alone.
    let marcus = app.signed_in("marcus.lee@example.org").await;
    let res = marcus
        .post(format!("{}/api/report_concern", app.base()))
        .header("accept", "text/html")
        .header("referer", format!("{}/concern", app.base()))
        .form(&[
            ("match_id", ""),
            ("category", "risk_of_harm"),
            ("urgency", "routine"),
            ("what", "Something I was told in confidence"),
            ("happened_on", "2099-01-01"),
        ])
        .send()
        .await
        .expect("post");
    let back = res.headers()["location"].to_str().expect("ascii").to_string();
    let secret = res.headers()["set-cookie"].to_str().expect("ascii").split(';').next().expect("cookie").to_string();
    // Even with the secret, another session never reads it.
    let url = reqwest::Url::parse(app.base()).expect("base");
    let stolen = reqwest::cookie::Jar::default();
    stolen.add_cookie_str(&secret, &url);
    let thief = reqwest::Client::builder()
        .cookie_provider(std::sync::Arc::new(stolen))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    sign_in(&thief, app.base(), "leah.carter@example.net", DEMO_PASSWORD).await;
    let theirs = thief.get(&back).header("accept", "text/html").send().await.expect("page").text().await.expect("html");
    assert!(!theirs.contains("told in confidence"), "another session never reads it");
    let mine = marcus.get(&back).header("accept", "text/html").send().await.expect("page").text().await.expect("html");
    assert!(mine.contains("Something I was told in confidence"), "its owner does");
}

/// Registers a young person from the given forwarded address; returns the answer's status and
/// what it says went wrong (`Value::Null` when it went through).
async fn register_from(base: &str, forwarded_for: &str, n: u32) -> (reqwest::StatusCode, serde_json::Value) {
    let tag: String = forwarded_for.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let email = format!("joiner{n}.{tag}@example.org");
    let res = client()
        .post(format!("{base}/api/register"))
        .header("x-forwarded-for", forwarded_for)
        .form(&[
            ("name", "Jo Joiner"),
            ("email", email.as_str()),
            ("password", "lantern-meadow-42"),
            ("date_of_birth", "2004-03-09"),
            ("role", "young_person"),
        ])
        .send()
        .await
        .expect("register");
    let status = res.status();
    let body: serde_json::Value = serde_json::from_str(&res.text().await.expect("body")).unwrap_or_default();
    (status, body.get("Invalid").cloned().unwrap_or_default())
}

/// Behind a trusted proxy each client's forwarded address has its own allowance; from a peer
/// that is not a trusted proxy a forged `X-Forwarded-For` changes nothing.
#[tokio::test]
async fn forwarded_addresses_only_from_trusted_proxies() {
    let throttled = serde_json::json!({"Throttled": {"minutes": 60, "what": "Registration"}});
    // The test client connects from 127.0.0.1: here that is the trusted proxy.
    let t = TestDb::new(Backend::Sqlite).await.expect("db");
    let s = start_adjusted(t.db.clone(), |settings| {
        settings.trusted_proxies = app::client_addr::TrustedProxies::parse("127.0.0.1/32").expect("list");
        settings.sign_in.throttle.registrations_per_address_hour = 2;
    })
    .await;
    for n in 0..2 {
        assert_eq!(register_from(&s.base, "198.51.100.1", n).await.1, serde_json::Value::Null, "first client");
    }
    assert_eq!(register_from(&s.base, "198.51.100.1", 2).await.1, throttled, "first client's allowance is used up");
    assert_eq!(register_from(&s.base, "198.51.100.2", 0).await.1, serde_json::Value::Null, "second client has its own");
    // A client that claims an address before the proxy's entry is still counted as the
    // address the proxy saw.
    assert_eq!(register_from(&s.base, "203.0.113.99, 198.51.100.1", 3).await.1, throttled);

    // No trusted proxy: every request counts against the peer, whatever it claims.
    let t = TestDb::new(Backend::Sqlite).await.expect("db");
    let s = start_adjusted(t.db.clone(), |settings| settings.sign_in.throttle.registrations_per_address_hour = 2).await;
    for n in 0..2 {
        assert_eq!(register_from(&s.base, &format!("198.51.100.{n}"), n).await.1, serde_json::Value::Null);
    }
    let (status, said) = register_from(&s.base, "198.51.100.77", 9).await;
    assert_eq!(said, throttled, "a forged header does not buy a new allowance");
    assert_eq!(status, 200, "a refusal is an answer the form shows");
}

/// Readiness checks the database; metrics need their token and count requests by route
/// pattern (never by the ids in the address).
#[tokio::test]
async fn readiness_and_metrics() {
    let (t, s) = demo_server().await;
    let c = client();
    let ready = c.get(format!("{}/readyz", s.base)).send().await.expect("readyz");
    assert_eq!((ready.status().as_u16(), ready.text().await.expect("body")), (200, "ready".to_string()));
    // Without a configured token there is no metrics endpoint at all.
    assert_eq!(c.get(format!("{}/metrics", s.base)).send().await.expect("metrics").status(), 404);

    let s = start_adjusted(t.db.clone(), |settings| settings.metrics_token = Some("scrape-secret-1234".into())).await;
    for _ in 0..3 {
        c.get(format!("{}/healthz", s.base)).send().await.expect("healthz");
    }
    c.get(format!("{}/verify/AAAA-BBBB-CCCC", s.base)).send().await.expect("a page with an id");
    let get = |auth: Option<&str>| {
        let mut r = c.get(format!("{}/metrics", s.base));
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        r.send()
    };
    assert_eq!(get(None).await.expect("metrics").status(), 401);
    assert_eq!(get(Some("Bearer wrong-secret-12345")).await.expect("metrics").status(), 401);
    let res = get(Some("Bearer scrape-secret-1234")).await.expect("metrics");
    assert_eq!(res.status(), 200);
    let text = res.text().await.expect("body");
    let healthz = text
        .lines()
        .find(|l| l.starts_with(r#"tandem_http_requests_total{route="/healthz",method="GET",status="200"}"#))
        .unwrap_or_else(|| panic!("{text}"));
    let n: u64 = healthz.rsplit(' ').next().and_then(|n| n.parse().ok()).expect("count");
    assert!(n >= 3, "{healthz}");
    assert!(text.contains(r#"tandem_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"}"#), "{text}");
    assert!(text.contains(r#"route="/verify/{code}""#) && !text.contains("AAAA-BBBB"), "patterns, not ids: {text}");
    assert!(text.contains(r#"tandem_mail_outbox{state="pending"}"#), "{text}");
}

/// Several app servers in one process (as the tests run them): building a router must never
/// stall a page another router is rendering at that moment. Leptos works out the route list
/// by running the app with every resource held back by a process-wide switch, so this test
/// hung before the list was worked out once per process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_routers_are_built() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let builder = std::thread::spawn(|| {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async {
            for _ in 0..30 {
                let t = TestDb::new(Backend::Sqlite).await.expect("db");
                drop(start_with(t.db.clone()).await);
            }
        })
    });
    let c = app.visitor();
    let mut rendered = 0;
    while !builder.is_finished() || rendered < 30 {
        let page = tokio::time::timeout(std::time::Duration::from_secs(20), async {
            let res = c.get(format!("{}/", app.base())).send().await.expect("home");
            res.text().await.expect("body")
        })
        .await
        .expect("the home page finished within 20 s while another router was being built");
        assert!(page.contains("Join Tandem"), "the home page's signed-out actions were rendered");
        rendered += 1;
    }
    builder.join().expect("builder");
}

/// A new version of a policy that asks again sends a mentor who accepted the old one to the
/// policies page when they next sign in; after accepting (a plain form post), signing in
/// lands on the dashboard again. A new mentor (who has accepted nothing yet) is not sent
/// there: accepting is a step of their journey.
#[tokio::test]
async fn a_changed_policy_is_asked_again_at_the_next_sign_in() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::demo(Backend::Sqlite).await;
    let staff = services::entities::user::Entity::find()
        .filter(services::entities::user::Column::Email.eq("staff@tandem.example"))
        .one(&app.t.db)
        .await
        .expect("q")
        .expect("staff");
    let gifts = services::documents::admin_list(&app.t.db, services::policies::POLICY)
        .await
        .expect("list")
        .into_iter()
        .find(|d| d.title == "Gifts and hospitality policy")
        .expect("gifts");
    let doc = services::documents::admin_document(&app.t.db, gifts.id).await.expect("doc");
    let input =
        domain::documents::DocumentInput { title: doc.title, body: format!("{}\n\nThe limit is now £20.", doc.body) };
    services::documents::edit(&app.t.db, staff.id, gifts.id, 1, &input, true, chrono::Utc::now()).await.expect("edit");

    let sign_in = |c: reqwest::Client, email: &'static str| {
        let base = app.base();
        async move {
            let r = c
                .post(format!("{base}/api/login"))
                .header("accept", "text/html")
                .header("referer", format!("{base}/login"))
                .form(&[("email", email), ("password", DEMO_PASSWORD)])
                .send()
                .await
                .expect("post");
            assert!(r.status().is_redirection(), "{}", r.status());
            r.headers()["location"].to_str().expect("location").to_string()
        }
    };
    let c = client();
    assert_eq!(sign_in(c.clone(), "marcus.lee@example.org").await, "/policies/accept");
    let page = c.get(format!("{}/policies/accept", app.base())).send().await.expect("page").text().await.expect("html");
    assert!(page.contains("We have updated a policy you accepted before"), "the page says why");
    assert!(page.contains("The limit is now £20."), "the new version is shown");
    assert!(page.contains("value=\"gifts-and-hospitality=2\""), "the form names the version shown");
    // Accepting without JavaScript: a plain form post, then the page says it is done.
    let accepted = c
        .post(format!("{}/api/accept_policies", app.base()))
        .header("accept", "text/html")
        .header("referer", format!("{}/policies/accept", app.base()))
        .form(&[("accept", "on"), ("seen", "gifts-and-hospitality=2")])
        .send()
        .await
        .expect("accept");
    assert!(accepted.status().is_redirection(), "{}", accepted.status());
    let page = c.get(format!("{}/policies/accept", app.base())).send().await.expect("page").text().await.expect("html");
    assert!(page.contains("You have accepted the current policies"), "done");
    assert_eq!(sign_in(client(), "marcus.lee@example.org").await, "/dashboard", "asked once");
    // Amara has accepted nothing yet: her journey asks, not the sign-in.
    assert_eq!(sign_in(client(), "amara.okafor@example.org").await, "/dashboard");
}

/// The get-involved page and its forms without JavaScript: a partnership offer with a
/// mistake comes back with what was typed and the problem; corrected, it is filed and
/// confirmed. The donation section appears only with a donation page configured. A signed-in
/// mentor's link carries his referral code, and a sign-up through it counts for him.
#[tokio::test]
async fn getting_involved_works_without_javascript() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let c = app.visitor();
    let html = |c: &reqwest::Client, url: String| {
        let req = c.get(url).header("accept", "text/html");
        async move { req.send().await.expect("page").text().await.expect("html") }
    };
    let page = html(&c, format!("{}/get-involved", app.base())).await;
    assert!(page.contains("Become a mentor") && page.contains(r#"href="/register?role=mentor""#));
    assert!(page.contains(&format!(r#"value="{}/get-involved""#, app.base())), "a visitor's link to share");
    assert!(!page.contains(r#"id="donate""#), "no donation page configured, no donation section");

    let mut form = vec![
        ("name", "Grace Hopper"),
        ("email", "grace@eastgate.example"),
        ("organisation", "Eastgate Community Hub"),
        ("kind", "community_group"),
        ("size", "50_249"),
        ("region", ""),
        ("message", "We would like our young members to have mentors."),
    ];
    let post = |form: Vec<(&'static str, &'static str)>| {
        c.post(format!("{}/api/offer_partnership", app.base()))
            .header("accept", "text/html")
            .header("referer", format!("{}/get-involved/partner", app.base()))
            .form(&form)
            .send()
    };
    let res = post(form.clone()).await.expect("post");
    assert_eq!(res.status(), 302);
    let back = res.headers()["location"].to_str().expect("ascii").to_string();
    assert_eq!(back, format!("{}/get-involved/partner", app.base()));
    let kept = html(&c, back).await;
    assert!(kept.contains(r#"value="Eastgate Community Hub""#), "the organisation is kept");
    assert!(kept.contains(r#"<option value="community_group" selected="">"#), "the choice is kept");
    assert!(kept.contains("f-region-error") && kept.contains("Choose the region where you are"));
    assert!(kept.contains("We would like our young members to have mentors."), "the message is kept");

    form[5] = ("region", "North West");
    let res = post(form).await.expect("post");
    assert_eq!(res.status(), 302);
    let to = res.headers()["location"].to_str().expect("ascii").to_string();
    assert_eq!(to, "/get-involved/partner?sent=1#main");
    let done = html(&c, format!("{}{to}", app.base())).await;
    assert!(done.contains("Thank you: your message is with the team"));
    assert!(!done.contains("Eastgate Community Hub"), "the form is empty again");
    let queue = services::enquiries::queue(&app.t.db, domain::enquiries::EnquiryStatus::Open).await.expect("queue");
    let rows: Vec<&str> = queue.rows.iter().map(|r| r.organisation.as_str()).collect();
    assert_eq!(rows, ["Eastgate Community Hub, Community group, North West"]);

    // With a donation page, the section links to it.
    let giving =
        start_adjusted(app.t.db.clone(), |st| st.donate_url = Some("https://give.example.org/tandem".into())).await;
    let page = html(&client(), format!("{}/get-involved", giving.base)).await;
    assert!(page.contains(r#"id="donate""#) && page.contains(r#"href="https://give.example.org/tandem""#));

    // Marcus's own link; a sign-up through it, without JavaScript, counts for him.
    let marcus = app.signed_in("marcus.lee@example.org").await;
    let page = html(&marcus, format!("{}/get-involved", app.base())).await;
    let prefix = format!(r#"value="{}/register?ref="#, app.base());
    let at = page.find(&prefix).expect("Marcus's link") + prefix.len();
    let code = page[at..at + 8].to_string();
    let register = html(&client(), format!("{}/register?ref={code}", app.base())).await;
    assert!(register.contains(&format!(r#"name="referral" value="{code}""#)), "the form carries the code");
    let friend = app.visitor();
    let res = friend
        .post(format!("{}/api/register", app.base()))
        .header("accept", "text/html")
        .header("referer", format!("{}/register?ref={code}", app.base()))
        .form(&[
            ("role", "mentor"),
            ("name", "Nadia Hussain"),
            ("email", "nadia.friend@example.org"),
            ("date_of_birth", "1990-03-02"),
            ("password", "orchard-lantern-58"),
            ("referral", code.as_str()),
        ])
        .send()
        .await
        .expect("register");
    assert_eq!(res.status(), 302);
    let report = services::referrals::report(&app.t.db).await.expect("report");
    let row = report.people.iter().find(|p| p.name == "Marcus Lee").map(|p| (p.mentors, p.young_people));
    assert_eq!(row, Some((1, 0)));
}

/// Equality answers reach nobody but the person and the staff report's counts: a mentor, a
/// coordinator, an employer lead and staff read every view of the people who answered
/// (dashboards, the match page, the coordinator's relay queue, the People list, a mentor's
/// review, the matching pool and a young person's candidates) and never meet an answer.
#[tokio::test]
async fn equality_answers_reach_no_individual_view() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use services::entities::{mentoring_match, user};
    let app = TestApp::demo(Backend::Sqlite).await;
    let id_of = |email: &'static str| {
        let db = app.t.db.clone();
        async move { user::Entity::find().filter(user::Column::Email.eq(email)).one(&db).await.expect("q").expect(email).id }
    };
    let (leah, kofi, marcus) = (
        id_of("leah.carter@example.net").await,
        id_of("kofi.asante@northfield.example").await,
        id_of("marcus.lee@example.org").await,
    );
    let match_of = |young: i64| {
        let db = app.t.db.clone();
        async move {
            mentoring_match::Entity::find()
                .filter(mentoring_match::Column::YoungPersonId.eq(young))
                .one(&db)
                .await
                .expect("q")
                .expect("match")
                .id
        }
    };
    let (leah_match, kofi_match) = (match_of(leah).await, match_of(kofi).await);

    let answers: [(&str, &[(&str, &str)]); 3] = [
        (
            "leah.carter@example.net",
            &[
                ("ethnic_group", "white_roma"),
                ("sex", "female"),
                ("disability", "yes"),
                ("free_school_meals", "yes"),
                ("first_in_family", "yes"),
            ],
        ),
        ("kofi.asante@northfield.example", &[("ethnic_group", "white_gypsy_traveller"), ("first_in_family", "unsure")]),
        (
            "marcus.lee@example.org",
            &[("ethnic_group", "other_arab"), ("employment", "self_employed"), ("work_sector", "voluntary")],
        ),
    ];
    for (email, form) in answers {
        let c = app.signed_in(email).await;
        let (status, body) = c.call("/api/save_equality", form).await;
        assert!(status.is_success(), "{email}: {status} {body}");
        let (_, mine) = c.call("/api/my_equality", &[]).await;
        assert_eq!(mine["answers"][0][1], form[0].1, "{email} reads their own answers back");
    }
    // A mentor is not asked young people's questions.
    let marcus_client = app.signed_in("marcus.lee@example.org").await;
    let (_, refused) = marcus_client.call("/api/save_equality", &[("free_school_meals", "yes")]).await;
    assert!(refused.to_string().contains("This question is not asked of you"), "{refused}");

    // Words any leak would carry: the stored keys, their wording, the field names.
    let tell_tales = [
        "white_roma",
        "Roma",
        "white_gypsy_traveller",
        "Gypsy or Irish Traveller",
        "other_arab",
        "self_employed",
        "Self-employed",
        "A charity or voluntary organisation",
        "free_school_meals",
        "first_in_family",
        "ethnic_group",
        "gender_same",
        "equality",
    ];
    let leah_m = leah_match.to_string();
    let kofi_m = kofi_match.to_string();
    let marcus_id = marcus.to_string();
    let leah_id = leah.to_string();
    // (who reads, the server function, its arguments)
    type View<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);
    let views: Vec<View> = vec![
        ("marcus.lee@example.org", "/api/dashboard", vec![]),
        ("marcus.lee@example.org", "/api/load_match", vec![("match_id", &leah_m)]),
        ("ruth.bennett@example.org", "/api/dashboard", vec![]),
        ("ruth.bennett@example.org", "/api/load_match", vec![("match_id", &kofi_m)]),
        ("coordinator@northfield.example", "/api/dashboard", vec![]),
        ("coordinator@northfield.example", "/api/relay_queue", vec![]),
        ("coordinator@northfield.example", "/api/load_match", vec![("match_id", &kofi_m)]),
        ("lead@brightwater.example", "/api/dashboard", vec![]),
        ("staff@tandem.example", "/api/admin_list_users", vec![]),
        ("staff@tandem.example", "/api/mentor_review", vec![("mentor_id", &marcus_id)]),
        ("staff@tandem.example", "/api/matching_pool", vec![]),
        ("staff@tandem.example", "/api/young_candidates", vec![("young_person_id", &leah_id)]),
        ("staff@tandem.example", "/api/load_match", vec![("match_id", &leah_m)]),
        ("staff@tandem.example", "/api/relationships", vec![]),
    ];
    let mut clients: std::collections::HashMap<&str, Browser> = Default::default();
    for (email, path, form) in views {
        if !clients.contains_key(email) {
            let c = app.signed_in(email).await;
            clients.insert(email, c);
        }
        let (status, body) = clients[email].call(path, &form).await;
        assert!(status.is_success(), "{email} {path}: {status} {body}");
        let text = body.to_string();
        for word in tell_tales {
            assert!(!text.contains(word), "{email} {path} shows `{word}`");
        }
    }
    // Staff see them only counted, and one person's answer is below the threshold.
    let (_, report) = clients["staff@tandem.example"].call("/api/equality_report", &[]).await;
    let ethnic = &report["young_people"][0];
    assert_eq!(ethnic["question"], "Ethnic group");
    let white = ethnic["rows"].as_array().expect("rows").iter().find(|r| r["group"] == "White").expect("white").clone();
    assert_eq!(white["counts"][0], serde_json::Value::Null, "two people: hidden");
    // The person's own download holds them.
    let leah_client = app.signed_in("leah.carter@example.net").await;
    let export = leah_client.get(format!("{}/privacy/export.json", app.base())).send().await.expect("export");
    let export: serde_json::Value = export.json().await.expect("json");
    assert_eq!(export["equality_monitoring"]["ethnic_group"], "white_roma");
}

#[tokio::test]
async fn opportunities_work_without_javascript() {
    let app = TestApp::demo(Backend::Sqlite).await;
    let html = |c: &reqwest::Client, url: String| {
        let req = c.get(url).header("accept", "text/html");
        async move { req.send().await.expect("page").text().await.expect("html") }
    };
    let post = |c: &reqwest::Client, api: &str, from: &str, form: Vec<(&str, String)>| {
        c.post(format!("{}/api/{api}", app.base()))
            .header("accept", "text/html")
            .header("referer", format!("{}{from}", app.base()))
            .form(&form)
            .send()
    };
    let lead = app.signed_in("lead@brightwater.example").await;
    let page = html(&lead, format!("{}/opportunities/new", app.base())).await;
    assert!(page.contains("Send for approval"), "a partner's post waits for staff");

    // One mistake (no closing date): everything typed comes back with the error.
    let closes = (chrono::Utc::now().date_naive() + chrono::Duration::days(14)).format("%Y-%m-%d").to_string();
    let mut form: Vec<(&str, String)> = vec![
        ("title", "Bridge design taster".into()),
        ("kind", "insight_day".into()),
        ("description", "An afternoon with our bridge designers, trying our modelling software.".into()),
        ("region", "Yorkshire and the Humber".into()),
        ("min_age", "16".into()),
        ("max_age", "25".into()),
        ("closes_on", String::new()),
        ("link", String::new()),
        ("goals[4]", "Apprenticeships".into()),
    ];
    let res = post(&lead, "post_opportunity", "/opportunities/new", form.clone()).await.expect("post");
    assert_eq!(res.status(), 302);
    let back = res.headers()["location"].to_str().expect("ascii").to_string();
    let kept = html(&lead, back).await;
    assert!(kept.contains(r#"value="Bridge design taster""#), "the title is kept");
    assert!(kept.contains("An afternoon with our bridge designers"), "the description is kept");
    assert!(kept.contains("f-closes_on-error") && kept.contains("Enter the closing date"));

    form[6] = ("closes_on", closes);
    let res = post(&lead, "post_opportunity", "/opportunities/new", form).await.expect("post");
    assert_eq!(res.status(), 302);
    let to = res.headers()["location"].to_str().expect("ascii").to_string();
    let id: i64 = to
        .strip_prefix("/opportunities/")
        .and_then(|r| r.strip_suffix("?posted=1"))
        .and_then(|i| i.parse().ok())
        .unwrap_or_else(|| panic!("to its page: {to}"));
    let page = html(&lead, format!("{}{to}", app.base())).await;
    assert!(page.contains("The programme team checks every opportunity"), "posted, waiting");

    // Nobody else sees it until staff publish it.
    let leah = app.signed_in("leah.carter@example.net").await;
    let board = html(&leah, format!("{}/opportunities", app.base())).await;
    assert!(board.contains("Summer internship in civil engineering") && !board.contains("Bridge design taster"));
    let staff = app.signed_in("staff@tandem.example").await;
    let queue = html(&staff, format!("{}/admin/opportunities", app.base())).await;
    assert!(queue.contains("Bridge design taster") && queue.contains("Apprenticeship open evening"));
    let from = format!("/opportunities/{id}");
    let res = post(&staff, "decide_opportunity", &from, vec![("id", id.to_string()), ("approve", "true".into())])
        .await
        .expect("decide");
    assert_eq!(res.status(), 302);
    let board = html(&leah, format!("{}/opportunities", app.base())).await;
    assert!(board.contains("Bridge design taster"), "published");

    // Leah says she is interested and shares her details: the poster sees who she is.
    let res = post(
        &leah,
        "respond_opportunity",
        &from,
        vec![("id", id.to_string()), ("what", "interested".into()), ("share", "on".into())],
    )
    .await
    .expect("respond");
    assert_eq!(res.status(), 302);
    let mine = html(&leah, format!("{}{from}", app.base())).await;
    assert!(mine.contains("can see your name and email address"), "her answer is shown");
    let theirs = html(&lead, format!("{}{from}", app.base())).await;
    assert!(theirs.contains("leah.carter@example.net") && theirs.contains("1 interested"));
}
