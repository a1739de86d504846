//! Service tests for accounts and sessions, each run on SQLite and on PostgreSQL
//! (every test on its own fresh database).

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::{RegistrationInput, Role};
use services::accounts::{self, NewAccountInput, SignInPolicy};
use services::sessions::{self, SessionPolicy};
use services::testing::{Backend, TestDb};
use services::{ServiceError, demo, outbox, partners};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).single().expect("valid time")
}

fn mentor(email: &str) -> RegistrationInput {
    RegistrationInput {
        name: "Amara Okafor".into(),
        email: email.into(),
        password: "lantern-meadow-42".into(),
        date_of_birth: "1985-06-01".into(),
        role: "mentor".into(),
    }
}

on_both!(
    register_then_sign_in,
    duplicate_email_is_a_field_error,
    wrong_password_and_unknown_email_look_the_same,
    throttles_per_account_then_recovers,
    throttles_per_ip_across_accounts,
    sessions_time_out_and_revoke,
    change_password_checks_current_and_signs_out_elsewhere,
    password_reset_by_outbox_link_works_once,
    staff_created_accounts_get_an_invite,
    demo_data_loads_once,
);

async fn register_then_sign_in(t: TestDb) {
    let db = &t.db;
    let a = accounts::register(db, &mentor(" Amara@Example.org "), t0()).await.expect("register");
    assert_eq!(a.email, "amara@example.org");
    assert_eq!(a.role, Role::Mentor);
    let (who, token) = accounts::sign_in(
        db,
        "AMARA@example.org",
        "lantern-meadow-42",
        Some("10.0.0.1"),
        SignInPolicy::default(),
        t0(),
    )
    .await
    .and_then(accounts::SignIn::session)
    .expect("sign in");
    assert_eq!(who.id, a.id);
    let resolved = sessions::resolve(db, &token, SessionPolicy::default(), t0()).await.expect("resolve");
    assert_eq!(resolved.map(|r| r.id), Some(a.id));
    // A second sign-in rotates: a different token.
    let (_, token2) =
        accounts::sign_in(db, "amara@example.org", "lantern-meadow-42", None, SignInPolicy::default(), t0())
            .await
            .and_then(accounts::SignIn::session)
            .expect("sign in");
    assert_ne!(token, token2);
    assert!(sessions::resolve(db, "not-a-token", SessionPolicy::default(), t0()).await.expect("resolve").is_none());
}

async fn duplicate_email_is_a_field_error(t: TestDb) {
    accounts::register(&t.db, &mentor("dup@example.org"), t0()).await.expect("first");
    match accounts::register(&t.db, &mentor("DUP@example.org"), t0()).await {
        Err(ServiceError::Validation(e)) => assert!(e.get("email").unwrap_or("").contains("already exists"), "{e}"),
        other => panic!("expected a field error, got {other:?}"),
    }
    // Bad input never reaches the database.
    let mut bad = mentor("x@example.org");
    bad.password = "password1".into();
    bad.role = "staff".into();
    match accounts::register(&t.db, &bad, t0()).await {
        Err(ServiceError::Validation(e)) => {
            assert!(e.get("password").is_some());
            assert!(e.get("role").is_some());
        }
        other => panic!("expected validation errors, got {other:?}"),
    }
}

async fn wrong_password_and_unknown_email_look_the_same(t: TestDb) {
    accounts::register(&t.db, &mentor("known@example.org"), t0()).await.expect("register");
    let wrong = accounts::sign_in(&t.db, "known@example.org", "not-the-password", None, SignInPolicy::default(), t0())
        .await
        .and_then(accounts::SignIn::session);
    let unknown =
        accounts::sign_in(&t.db, "nobody@example.org", "not-the-password", None, SignInPolicy::default(), t0())
            .await
            .and_then(accounts::SignIn::session);
    assert!(matches!(wrong, Err(ServiceError::InvalidCredentials)));
    assert!(matches!(unknown, Err(ServiceError::InvalidCredentials)));
}

async fn throttles_per_account_then_recovers(t: TestDb) {
    let db = &t.db;
    accounts::register(db, &mentor("target@example.org"), t0()).await.expect("register");
    let p = SignInPolicy::default();
    for i in 0..5 {
        let r = accounts::sign_in(db, "target@example.org", "guess-guess", Some(&format!("10.1.0.{i}")), p, t0())
            .await
            .and_then(accounts::SignIn::session);
        assert!(matches!(r, Err(ServiceError::InvalidCredentials)), "attempt {i}: {r:?}");
    }
    // Even the right password is refused while the account is throttled, from any IP.
    let r = accounts::sign_in(db, "target@example.org", "lantern-meadow-42", Some("10.9.9.9"), p, t0())
        .await
        .and_then(accounts::SignIn::session);
    assert!(matches!(r, Err(ServiceError::Throttled { minutes: 15, what: domain::Limited::SignIn })), "{r:?}");
    // Unknown accounts are throttled the same way (no enumeration through the lock-out).
    for _ in 0..5 {
        let _ = accounts::sign_in(db, "ghost@example.org", "guess-guess", None, p, t0())
            .await
            .and_then(accounts::SignIn::session);
    }
    let r = accounts::sign_in(db, "ghost@example.org", "guess-guess", None, p, t0())
        .await
        .and_then(accounts::SignIn::session);
    assert!(matches!(r, Err(ServiceError::Throttled { .. })), "{r:?}");
    let later = t0() + Duration::minutes(16);
    assert!(services::throttle::purge_old(db, p.throttle, later).await.expect("purge") >= 10);
    accounts::sign_in(db, "target@example.org", "lantern-meadow-42", Some("10.9.9.9"), p, later)
        .await
        .and_then(accounts::SignIn::session)
        .expect("window passed");
}

async fn throttles_per_ip_across_accounts(t: TestDb) {
    let db = &t.db;
    accounts::register(db, &mentor("victim@example.org"), t0()).await.expect("register");
    let mut p = SignInPolicy::default();
    p.throttle.failed_sign_ins_per_address_hour = 20;
    for i in 0..20 {
        let _ = accounts::sign_in(db, &format!("spray{i}@example.org"), "guess-guess", Some("203.0.113.7"), p, t0())
            .await
            .and_then(accounts::SignIn::session);
    }
    let from_bad_ip = accounts::sign_in(db, "victim@example.org", "lantern-meadow-42", Some("203.0.113.7"), p, t0())
        .await
        .and_then(accounts::SignIn::session);
    assert!(matches!(from_bad_ip, Err(ServiceError::Throttled { .. })), "{from_bad_ip:?}");
    accounts::sign_in(db, "victim@example.org", "lantern-meadow-42", Some("198.51.100.1"), p, t0())
        .await
        .and_then(accounts::SignIn::session)
        .expect("other IP fine");
}

async fn sessions_time_out_and_revoke(t: TestDb) {
    let db = &t.db;
    let a = accounts::register(db, &mentor("s@example.org"), t0()).await.expect("register");
    let policy = SessionPolicy { idle: Duration::minutes(30), absolute: Duration::hours(2), secret: b"test-secret" };
    let tok = sessions::create(db, a.id, None, policy, t0()).await.expect("create");
    // Activity every 20 minutes keeps it alive past the idle limit...
    for k in 1..=5 {
        let now = t0() + Duration::minutes(20 * k);
        assert!(sessions::resolve(db, &tok, policy, now).await.expect("resolve").is_some(), "alive at {k}");
    }
    // ...but never past the absolute limit.
    assert!(sessions::resolve(db, &tok, policy, t0() + Duration::minutes(121)).await.expect("resolve").is_none());

    let idle = sessions::create(db, a.id, None, policy, t0()).await.expect("create");
    assert!(sessions::resolve(db, &idle, policy, t0() + Duration::minutes(31)).await.expect("resolve").is_none());

    let live = sessions::create(db, a.id, None, policy, t0()).await.expect("create");
    sessions::revoke(db, policy, &live).await.expect("revoke");
    assert!(sessions::resolve(db, &live, policy, t0()).await.expect("resolve").is_none());

    // Abandoned sessions are purged; fresh ones survive the purge.
    let abandoned = sessions::create(db, a.id, None, policy, t0()).await.expect("create");
    let fresh = sessions::create(db, a.id, None, policy, t0() + Duration::minutes(25)).await.expect("create");
    let purged = sessions::purge_expired(db, policy, t0() + Duration::minutes(31)).await.expect("purge");
    assert_eq!(purged, 1);
    assert!(sessions::resolve(db, &fresh, policy, t0() + Duration::minutes(31)).await.expect("r").is_some());
    assert!(sessions::resolve(db, &abandoned, policy, t0()).await.expect("r").is_none(), "gone from the table");
}

async fn change_password_checks_current_and_signs_out_elsewhere(t: TestDb) {
    let db = &t.db;
    let a = accounts::register(db, &mentor("c@example.org"), t0()).await.expect("register");
    let p = SignInPolicy::default();
    let (_, here) = accounts::sign_in(db, "c@example.org", "lantern-meadow-42", None, p, t0())
        .await
        .and_then(accounts::SignIn::session)
        .expect("sign in");
    let (_, elsewhere) = accounts::sign_in(db, "c@example.org", "lantern-meadow-42", None, p, t0())
        .await
        .and_then(accounts::SignIn::session)
        .expect("sign in");
    match accounts::change_password(db, p.session, a.id, "wrong", "copper-river-77", Some(&here), t0()).await {
        Err(ServiceError::Validation(e)) => {
            assert_eq!(e.get("current_password"), Some("Your current password is not correct"))
        }
        other => panic!("{other:?}"),
    }
    match accounts::change_password(db, p.session, a.id, "lantern-meadow-42", "12345678", Some(&here), t0()).await {
        Err(ServiceError::Validation(e)) => assert!(e.get("new_password").is_some()),
        other => panic!("{other:?}"),
    }
    accounts::change_password(db, p.session, a.id, "lantern-meadow-42", "copper-river-77", Some(&here), t0())
        .await
        .expect("change");
    assert!(sessions::resolve(db, &here, p.session, t0()).await.expect("r").is_some());
    assert!(sessions::resolve(db, &elsewhere, p.session, t0()).await.expect("r").is_none());
    assert!(
        accounts::sign_in(db, "c@example.org", "lantern-meadow-42", None, p, t0())
            .await
            .and_then(accounts::SignIn::session)
            .is_err()
    );
    accounts::sign_in(db, "c@example.org", "copper-river-77", None, p, t0())
        .await
        .and_then(accounts::SignIn::session)
        .expect("new password works");
}

fn token_from(body: &str) -> String {
    let start = body.find("token=").expect("link in email") + 6;
    body[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect()
}

async fn password_reset_by_outbox_link_works_once(t: TestDb) {
    let db = &t.db;
    accounts::register(db, &mentor("r@example.org"), t0()).await.expect("register");
    let p = SignInPolicy::default();
    let (_, old_session) = accounts::sign_in(db, "r@example.org", "lantern-meadow-42", None, p, t0())
        .await
        .and_then(accounts::SignIn::session)
        .expect("sign in");

    accounts::request_password_reset(db, "nobody@example.org", "http://x", t0()).await.expect("silent for unknown");
    assert!(outbox::latest_to(db, "nobody@example.org").await.expect("q").is_none());
    assert!(matches!(
        accounts::request_password_reset(db, "not an email", "http://x", t0()).await,
        Err(ServiceError::Validation(_))
    ));

    accounts::request_password_reset(db, "R@example.org", "http://127.0.0.1:3000", t0()).await.expect("request");
    let mail = outbox::latest_to(db, "r@example.org").await.expect("q").expect("email queued");
    assert!(mail.body.contains("http://127.0.0.1:3000/reset-password?token="), "{}", mail.body);
    assert!(mail.body.contains("The link works once, for one hour."), "{}", mail.body);
    let token = token_from(&mail.body);
    assert_eq!(token.len(), 64);

    match accounts::reset_password(db, &token, "short", t0()).await {
        Err(ServiceError::Validation(e)) => assert!(e.get("password").is_some()),
        other => panic!("{other:?}"),
    }
    accounts::reset_password(db, &token, "harbour-lights-9", t0() + Duration::minutes(5)).await.expect("reset");
    assert!(sessions::resolve(db, &old_session, p.session, t0()).await.expect("r").is_none(), "old sessions ended");
    accounts::sign_in(db, "r@example.org", "harbour-lights-9", None, p, t0())
        .await
        .and_then(accounts::SignIn::session)
        .expect("new password");
    match accounts::reset_password(db, &token, "another-pass-10", t0()).await {
        Err(ServiceError::Validation(e)) => assert!(e.get("token").is_some()),
        other => panic!("link must work once: {other:?}"),
    }

    // Expired links are refused.
    accounts::request_password_reset(db, "r@example.org", "http://x", t0()).await.expect("request");
    let late = token_from(&outbox::latest_to(db, "r@example.org").await.expect("q").expect("mail").body);
    assert!(accounts::reset_password(db, &late, "another-pass-10", t0() + Duration::minutes(61)).await.is_err());

    // At most three emails an hour.
    accounts::request_password_reset(db, "r@example.org", "http://x", t0()).await.expect("request");
    let third = outbox::latest_to(db, "r@example.org").await.expect("q").expect("mail").id;
    accounts::request_password_reset(db, "r@example.org", "http://x", t0()).await.expect("request");
    assert_eq!(outbox::latest_to(db, "r@example.org").await.expect("q").expect("mail").id, third);
}

async fn staff_created_accounts_get_an_invite(t: TestDb) {
    let db = &t.db;
    let school = partners::create(db, "Northfield Academy", partners::PartnerKind::School, Some("NF-1"), t0())
        .await
        .expect("partner");
    let mut input = NewAccountInput {
        name: "Helen Marsh".into(),
        email: "helen@northfield.example".into(),
        role: "coordinator".into(),
        partner_id: None,
        date_of_birth: "1988-02-03".into(),
    };
    match accounts::create_account(db, None, &input, "http://x", t0()).await {
        Err(ServiceError::Validation(e)) => assert!(e.get("partner_id").is_some()),
        other => panic!("{other:?}"),
    }
    input.partner_id = Some(school.id);
    let a = accounts::create_account(db, None, &input, "http://x", t0()).await.expect("create");
    assert_eq!((a.role, a.partner_id), (Role::Coordinator, Some(school.id)));
    let mail = outbox::latest_to(db, "helen@northfield.example").await.expect("q").expect("invite");
    assert!(mail.body.contains("Mentoring Coordinator account"));
    assert!(mail.body.contains("for 7 days"), "{}", mail.body);
    // The invite sets the first password.
    accounts::reset_password(db, &token_from(&mail.body), "staffroom-kettle-5", t0()).await.expect("set password");
    // The password works; a coordinator then sets up two-step verification.
    let step =
        accounts::sign_in(db, "helen@northfield.example", "staffroom-kettle-5", None, SignInPolicy::default(), t0())
            .await
            .expect("sign in");
    assert!(matches!(step, accounts::SignIn::Challenge { setup: true, .. }), "{step:?}");
    assert_eq!(a.date_of_birth, NaiveDate::from_ymd_opt(1988, 2, 3));
    // A date of birth is optional for these roles; one given must be an adult's.
    let staff_input = NewAccountInput {
        name: "Sam Okafor".into(),
        email: "sam.okafor@tandem.example".into(),
        role: "staff".into(),
        partner_id: None,
        date_of_birth: " ".into(),
    };
    let sam = accounts::create_account(db, None, &staff_input, "http://x", t0()).await.expect("no date of birth");
    assert_eq!((sam.role, sam.date_of_birth, sam.age_on(t0().date_naive())), (Role::Staff, None, None));
    assert!(!sam.under_18_on(t0().date_naive()));
    let young =
        NewAccountInput { email: "teen@tandem.example".into(), date_of_birth: "2012-01-01".into(), ..staff_input };
    match accounts::create_account(db, None, &young, "http://x", t0()).await {
        Err(ServiceError::Validation(e)) => {
            assert_eq!(e.get("date_of_birth"), Some("Staff, coordinators and safeguarding leads must be 18 or over"))
        }
        other => panic!("{other:?}"),
    }
    // Participants' roles cannot be created this way.
    input.email = "m@example.org".into();
    input.role = "mentor".into();
    assert!(matches!(
        accounts::create_account(db, None, &input, "http://x", t0()).await,
        Err(ServiceError::Validation(_))
    ));
}

async fn demo_data_loads_once(t: TestDb) {
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("load"));
    assert!(!demo::load_if_empty(&t.db, t0()).await.expect("second"));
    let counts = accounts::count_by_role(&t.db).await.expect("counts");
    let n = |r: Role| counts.iter().find(|(x, _)| *x == r).map(|(_, n)| *n).unwrap_or(0);
    assert!(n(Role::Mentor) >= 24, "a few dozen mentors");
    assert!(n(Role::YoungPerson) >= 24, "a few dozen young people");
    assert_eq!(n(Role::Staff), 1);
    assert_eq!(n(Role::SafeguardingLead), 2, "the DSL and a deputy");
    // Realistic: no two demo people share a name, and the school cohort spans 15-17.
    let everyone = accounts::list(&t.db, None, None, None, 500).await.expect("list");
    // Newest first by when each account was created, and a page continues where one ended.
    assert!(everyone.windows(2).all(|w| (w[0].created_at, w[0].id) > (w[1].created_at, w[1].id)), "newest first");
    let first = accounts::list(&t.db, None, None, None, 5).await.expect("page 1");
    let next = accounts::list(&t.db, None, None, Some(first[4].id), 5).await.expect("page 2");
    let paged: Vec<i64> = first.iter().chain(&next).map(|a| a.id).collect();
    assert_eq!(paged, everyone[..10].iter().map(|a| a.id).collect::<Vec<_>>());
    // Name search, in any case; a typed wildcard matches only itself.
    let found = accounts::list(&t.db, None, Some("ASANTE"), None, 50).await.expect("search");
    assert!(!found.is_empty() && found.iter().all(|a| a.name.to_lowercase().contains("asante")), "{found:?}");
    assert!(accounts::list(&t.db, None, Some("%"), None, 50).await.expect("literal").is_empty());
    let names: std::collections::HashSet<&str> = everyone.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names.len(), everyone.len(), "duplicate demo names");
    let pupil_ages: std::collections::BTreeSet<i32> = everyone
        .iter()
        .filter(|a| a.role == Role::YoungPerson && a.partner_id.is_some())
        .filter_map(|a| a.age_on(t0().date_naive()))
        .collect();
    assert_eq!(pupil_ages.into_iter().collect::<Vec<_>>(), vec![15, 16, 17]);
    for (email, role, _) in demo::DEMO_LOGINS {
        let step = accounts::sign_in(&t.db, email, demo::DEMO_PASSWORD, None, SignInPolicy::default(), t0())
            .await
            .unwrap_or_else(|e| panic!("{email}: {e:?}"));
        let a = match step {
            accounts::SignIn::Session(a, _) => a,
            // Privileged demo logins have two-step verification on, with the published secret.
            accounts::SignIn::Challenge { ticket, setup } => {
                assert!(!setup && accounts::totp_required(role), "{email}");
                let code = demo::demo_code(t0(), 0);
                accounts::complete_sign_in(&t.db, &ticket, &code, None, SignInPolicy::default(), t0())
                    .await
                    .unwrap_or_else(|e| panic!("{email}: {e:?}"))
                    .0
            }
        };
        assert_eq!(a.role, role);
    }
}

on_both!(two_step_verification);

/// Staff must set up two-step verification at their first sign-in; codes work once; wrong
/// codes count against the attempt; participants may turn it on and off.
async fn two_step_verification(t: TestDb) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = &t.db;
    let p = SignInPolicy::default();
    let input = accounts::NewAccountInput {
        name: "Priya Shah".into(),
        email: "priya@tandem.example".into(),
        role: "staff".into(),
        partner_id: None,
        date_of_birth: "1985-02-03".into(),
    };
    let staff = accounts::create_account(db, None, &input, "http://x", t0()).await.expect("create");
    services::entities::user::Entity::update_many()
        .col_expr(
            services::entities::user::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(services::passwords::hash("lantern-meadow-42".into()).await.expect("hash")),
        )
        .filter(services::entities::user::Column::Id.eq(staff.id))
        .exec(db)
        .await
        .expect("password");
    // The password alone is not enough: set-up comes first, with a secret and a QR code.
    let step = accounts::sign_in(db, "priya@tandem.example", "lantern-meadow-42", None, p, t0()).await.expect("step");
    let accounts::SignIn::Challenge { ticket, setup: true } = step else { panic!("expected set-up, got {step:?}") };
    let shown = accounts::challenge(db, &ticket, t0()).await.expect("challenge");
    let (secret, svg) = shown.setup.expect("secret to set up");
    assert!(svg.contains("<svg"));
    let raw = services::totp::base32_decode(&secret).expect("base32");
    let code_at =
        |ahead: i64| format!("{:06}", services::totp::code(&raw, services::totp::step_at(t0().timestamp()) + ahead));
    // A wrong code is refused, named, and logged.
    let wrong = accounts::complete_sign_in(db, &ticket, "000000", None, p, t0()).await;
    assert!(matches!(wrong, Err(ServiceError::Validation(e)) if e.get("code").is_some()));
    let (a, _) = accounts::complete_sign_in(db, &ticket, &code_at(0), None, p, t0()).await.expect("set up");
    assert_eq!(a.id, staff.id);
    // The ticket is spent; the same code does not work twice.
    assert!(accounts::complete_sign_in(db, &ticket, &code_at(0), None, p, t0()).await.is_err());
    let step = accounts::sign_in(db, "priya@tandem.example", "lantern-meadow-42", None, p, t0()).await.expect("step");
    let accounts::SignIn::Challenge { ticket, setup: false } = step else { panic!("expected a code, got {step:?}") };
    let used = accounts::complete_sign_in(db, &ticket, &code_at(0), None, p, t0()).await;
    assert!(matches!(used, Err(ServiceError::Validation(e)) if e.to_string().contains("already been used")));
    accounts::complete_sign_in(db, &ticket, &code_at(1), None, p, t0()).await.expect("the next code works");
    // Five wrong codes end the attempt, even before a right one.
    let step =
        accounts::sign_in(db, "priya@tandem.example", "lantern-meadow-42", None, p, t0() + Duration::minutes(2)).await;
    let Ok(accounts::SignIn::Challenge { ticket, .. }) = step else { panic!("challenge") };
    for _ in 0..5 {
        let _ = accounts::complete_sign_in(db, &ticket, "111111", None, p, t0() + Duration::minutes(2)).await;
    }
    let later = t0() + Duration::minutes(2);
    let code = format!("{:06}", services::totp::code(&raw, services::totp::step_at(later.timestamp())));
    let locked = accounts::complete_sign_in(db, &ticket, &code, None, p, later).await;
    assert!(matches!(locked, Err(ServiceError::Validation(e)) if e.to_string().contains("expired")));
    // ... and wrong codes count as failed sign-ins: new attempts are throttled too.
    let again = accounts::sign_in(db, "priya@tandem.example", "lantern-meadow-42", None, p, later).await;
    assert!(matches!(again, Err(ServiceError::Throttled { .. })), "{again:?}");
    // Staff cannot turn it off.
    assert!(accounts::disable_two_step(db, staff.id, "lantern-meadow-42", t0()).await.is_err());

    // A mentor signs in with a password only, until they choose two-step verification.
    let m = accounts::register(db, &mentor("amara@example.org"), t0()).await.expect("register");
    accounts::sign_in(db, "amara@example.org", "lantern-meadow-42", None, p, t0())
        .await
        .and_then(accounts::SignIn::session)
        .expect("password only");
    let (ticket, shown) = accounts::start_two_step(db, m.id, t0()).await.expect("start");
    let raw = services::totp::base32_decode(&shown.setup.expect("secret").0).expect("b32");
    let code = format!("{:06}", services::totp::code(&raw, services::totp::step_at(t0().timestamp())));
    accounts::confirm_two_step(db, m.id, &ticket, &code, t0()).await.expect("on");
    assert!(accounts::two_step_on(db, m.id).await.expect("on"));
    let step = accounts::sign_in(db, "amara@example.org", "lantern-meadow-42", None, p, t0()).await.expect("step");
    assert!(matches!(step, accounts::SignIn::Challenge { setup: false, .. }));
    assert!(accounts::disable_two_step(db, m.id, "wrong", t0()).await.is_err());
    accounts::disable_two_step(db, m.id, "lantern-meadow-42", t0()).await.expect("off");
    accounts::sign_in(db, "amara@example.org", "lantern-meadow-42", None, p, t0())
        .await
        .and_then(accounts::SignIn::session)
        .expect("password only again");
}

/// Hourly allowances per address: another address, another action and an hour later each
/// start afresh, and the purge of old sign-in failures leaves the hour's counts alone.
#[tokio::test]
async fn per_address_limits_on_registration_and_resets() {
    use services::throttle::{limit_address, scope};
    let t = TestDb::new(services::testing::Backend::Sqlite).await.expect("db");
    let p = services::throttle::ThrottlePolicy::default();
    let reg = domain::Limited::Registration;
    let take = |ip: &'static str, s: &'static str, at: DateTime<Utc>| {
        let db = t.db.clone();
        async move { limit_address(&db, s, Some(ip), 20, reg, at).await }
    };
    for _ in 0..20 {
        take("203.0.113.9", scope::REGISTER_ADDRESS, t0()).await.expect("within the limit");
    }
    let over = take("203.0.113.9", scope::REGISTER_ADDRESS, t0()).await;
    assert!(
        matches!(over, Err(ServiceError::Throttled { minutes: 60, what: domain::Limited::Registration })),
        "{over:?}"
    );
    take("198.51.100.4", scope::REGISTER_ADDRESS, t0()).await.expect("other address");
    take("203.0.113.9", scope::RESET_ADDRESS, t0()).await.expect("other action");
    take("203.0.113.9", scope::REGISTER_ADDRESS, t0() + Duration::minutes(61)).await.expect("an hour later");
    services::throttle::purge_old(&t.db, p, t0() + Duration::minutes(30)).await.expect("purge");
    let still = take("203.0.113.9", scope::REGISTER_ADDRESS, t0() + Duration::minutes(30)).await;
    assert!(still.is_err(), "the purge must not reset the hourly registration count");
    // An hour on, the purge forgets them.
    assert!(services::throttle::purge_old(&t.db, p, t0() + Duration::minutes(61)).await.expect("purge") >= 20);
    // Without a known address nothing is limited.
    limit_address(&t.db, scope::REGISTER_ADDRESS, None, 0, reg, t0()).await.expect("no address");
}

fn pupil(n: usize) -> RegistrationInput {
    RegistrationInput {
        // Names are letters only: "Pupil Ba", "Pupil Bb", ...
        name: format!("Pupil {}{}", char::from(b'A' + (n / 26) as u8), char::from(b'a' + (n % 26) as u8)),
        email: format!("pupil{n}@northfield.example"),
        password: "lantern-meadow-42".into(),
        date_of_birth: "2011-05-01".into(),
        role: "young_person".into(),
    }
}

on_both!(a_class_joins_with_its_code_from_one_address);

/// A class of 60 joins with its school's code from the school's one address within a minute:
/// all succeed and join the school's cohort. The code's allowance, and the address's for
/// people without a code, are refused with their own messages; the coordinator sees the
/// code's use and lifts its limit.
async fn a_class_joins_with_its_code_from_one_address(t: TestDb) {
    use services::throttle::ThrottlePolicy;
    let db = &t.db;
    let school = partners::create(db, "Northfield Academy", partners::PartnerKind::School, Some("NORTHFIELD-26"), t0())
        .await
        .expect("partner");
    let school_ip = Some("203.0.113.50");
    let policy = ThrottlePolicy::default();
    for n in 0..60 {
        let at = t0() + Duration::seconds(n as i64);
        let a =
            accounts::join(db, &pupil(n), " northfield-26 ", None, school_ip, policy, at).await.expect("pupil joins");
        assert_eq!(a.partner_id, Some(school.id), "in the school's cohort");
    }
    let used = partners::join_code_use(db, &school, policy, t0() + Duration::minutes(1)).await.expect("use");
    assert_eq!(used, Some(partners::JoinCodeUse { last_hour: 60, limit: 300 }));
    // With an allowance of 60 an hour, the 61st is refused, saying to ask the coordinator.
    let tight = ThrottlePolicy { registrations_per_code_hour: 60, registrations_per_address_hour: 2, ..policy };
    let over =
        accounts::join(db, &pupil(60), "NORTHFIELD-26", None, school_ip, tight, t0() + Duration::minutes(1)).await;
    assert!(matches!(over, Err(ServiceError::Throttled { what: domain::Limited::JoinCode, .. })), "{over:?}");
    assert!(domain::Limited::JoinCode.message(60).contains("Mentoring Coordinator"));
    // The class did not use up the address: two people without a code still join from it,
    // the third is refused.
    for n in 61..63 {
        accounts::join(db, &pupil(n), "", None, school_ip, tight, t0() + Duration::minutes(2)).await.expect("no code");
    }
    let third = accounts::join(db, &pupil(63), "", None, school_ip, tight, t0() + Duration::minutes(2)).await;
    assert!(matches!(third, Err(ServiceError::Throttled { what: domain::Limited::Registration, .. })), "{third:?}");
    // The coordinator lifts the code's limit: the refused pupil joins.
    let coordinator = accounts::create_account(
        db,
        None,
        &NewAccountInput {
            name: "Helen Marsh".into(),
            email: "helen@northfield.example".into(),
            role: "coordinator".into(),
            partner_id: Some(school.id),
            date_of_birth: String::new(),
        },
        "http://x",
        t0(),
    )
    .await
    .expect("coordinator");
    let later = t0() + Duration::minutes(3);
    assert_eq!(partners::lift_join_code_limit(db, coordinator.id, school.id, later).await.expect("lift"), 60);
    accounts::join(db, &pupil(60), "NORTHFIELD-26", None, school_ip, tight, later).await.expect("after the lift");
    let used = partners::join_code_use(db, &school, tight, later).await.expect("use");
    assert_eq!(used, Some(partners::JoinCodeUse { last_hour: 1, limit: 60 }));
    // Mistakes are field errors and use no allowance: an unknown code, a mentor with a code.
    for (input, code) in [(pupil(70), "NOT-A-CODE"), (mentor("m70@example.org"), "NORTHFIELD-26")] {
        match accounts::join(db, &input, code, None, school_ip, tight, later).await {
            Err(ServiceError::Validation(e)) => assert!(e.get("join_code").is_some(), "{e:?}"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(partners::join_code_use(db, &school, tight, later).await.expect("use").map(|u| u.last_hour), Some(1));
}

/// Databases made before a date of birth became optional for staff-created accounts keep
/// every account's date, accept accounts without one, and keep their other constraints.
async fn upgrade_makes_birth_date_optional(backend: Backend) {
    use sea_orm::{ConnectionTrait, EntityTrait};
    use services::entities::user;
    let t = TestDb::migrated(backend, Some(19)).await.expect("database before the change");
    let early = accounts::register(&t.db, &mentor("early@example.org"), t0()).await.expect("register");
    t.migrate_rest().await.expect("upgrade");
    let kept = user::Entity::find_by_id(early.id).one(&t.db).await.expect("read").expect("row");
    assert_eq!(kept.date_of_birth, NaiveDate::from_ymd_opt(1985, 6, 1), "the stored date survives");
    let input = NewAccountInput {
        name: "Sam Okafor".into(),
        email: "sam.okafor@tandem.example".into(),
        role: "safeguarding_lead".into(),
        partner_id: None,
        date_of_birth: String::new(),
    };
    // Several times, so that on SQLite more than one pooled connection takes the write.
    for n in 0..4 {
        let input = NewAccountInput { email: format!("sam{n}@tandem.example"), ..input.clone() };
        let a = accounts::create_account(&t.db, None, &input, "http://x", t0()).await.expect("no date of birth");
        assert_eq!(a.date_of_birth, None);
    }
    let id = early.id;
    for (what, sql) in [
        ("a name is still required", format!("UPDATE users SET name = NULL WHERE id = {id}")),
        ("a role is still required", format!("UPDATE users SET role = NULL WHERE id = {id}")),
        ("the partner must exist", format!("UPDATE users SET partner_id = 987654 WHERE id = {id}")),
    ] {
        assert!(t.db.execute_unprepared(&sql).await.is_err(), "{what}");
    }
    if t.url.starts_with("sqlite:") {
        let row =
            t.db.query_one_raw(sea_orm::Statement::from_string(t.db.get_database_backend(), "PRAGMA integrity_check"))
                .await
                .expect("check")
                .expect("row");
        assert_eq!(row.try_get_by_index::<String>(0).expect("text"), "ok");
    }
}

#[tokio::test]
async fn upgrade_makes_birth_date_optional_sqlite() {
    upgrade_makes_birth_date_optional(Backend::SqliteFile).await;
}

#[tokio::test]
async fn upgrade_makes_birth_date_optional_postgres() {
    upgrade_makes_birth_date_optional(Backend::Postgres).await;
}
