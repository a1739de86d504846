//! Safeguarding, audit and data rights, on SQLite and PostgreSQL: a mentor's disclosure reaches
//! the DSL and the deputy in the same transaction; the queue sorts by urgency; only the
//! safeguarding team opens a case and every attempt is logged; the chronology and the report
//! cannot be changed, even by SQL; suspensions bite at once; Tandem raises cases itself from
//! an under-18's held message and low wellbeing answers; the audit chain detects tampering;
//! export leaves out safeguarding and third parties; erasure and the retention schedule.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::Role;
use domain::safeguarding::{CaseStatus, ConcernInput, EntryInput, Urgency};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::accounts::SignInPolicy;
use services::entities::{audit_entry, concern, mentoring_match, notification, outbox_email, session, user};
use services::mentoring;
use services::relationships::Who;
use services::safeguarding::{self, Suspension};
use services::testing::{Backend, TestDb};
use services::{ServiceError, accounts, audit, demo, privacy};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("time")
}

async fn who(db: &impl ConnectionTrait, email: &str) -> (Who, user::Model) {
    let u = user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await.expect("q").expect("user");
    let role = Role::parse(&u.role).expect("role");
    (Who { id: u.id, role, partner_id: u.partner_id }, u)
}

async fn match_of(db: &impl ConnectionTrait, young: i64) -> i64 {
    mentoring_match::Entity::find()
        .filter(mentoring_match::Column::YoungPersonId.eq(young))
        .one(db)
        .await
        .expect("q")
        .expect("a match")
        .id
}

fn concern(category: &str, urgency: &str, what: &str, match_id: Option<i64>) -> ConcernInput {
    ConcernInput {
        category: Some(category.into()),
        urgency: Some(urgency.into()),
        what: what.into(),
        happened_on: "2026-11-22".into(),
        match_id: match_id.map(|m| m.to_string()).unwrap_or_default(),
    }
}

async fn events(db: &impl ConnectionTrait, event: &str, subject: &str) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Event.eq(event))
        .filter(audit_entry::Column::Subject.eq(subject))
        .count(db)
        .await
        .expect("count")
}

on_both!(a_disclosure_reaches_the_dsl_who_acts_on_it, tandem_raises_cases_itself, export_and_erasure);

async fn a_disclosure_reaches_the_dsl_who_acts_on_it(t: TestDb) {
    let db = &t.db;
    assert!(demo::load_if_empty(db, t0()).await.expect("demo"));
    let (ruth, _) = who(db, "ruth.bennett@example.org").await;
    let (kofi, _) = who(db, "kofi.asante@northfield.example").await;
    let (dsl, _) = who(db, "dsl@tandem.example").await;
    let (deputy, deputy_user) = who(db, "deputy.dsl@tandem.example").await;
    let (staff, _) = who(db, "staff@tandem.example").await;
    let (marcus, _) = who(db, "marcus.lee@example.org").await;
    let (coordinator, _) = who(db, "coordinator@northfield.example").await;
    let kofi_match = match_of(db, kofi.id).await;

    // A routine concern first, then Ruth's urgent disclosure: the urgent one leads the queue.
    safeguarding::report(db, coordinator, &concern("other", "routine", "Kofi seemed tired in lessons.", None), t0())
        .await
        .expect("routine");
    let receipt = safeguarding::report(
        db,
        ruth,
        &concern("abuse_disclosed", "immediate", "Kofi told me an adult at home hits him.", Some(kofi_match)),
        t0(),
    )
    .await
    .expect("report");
    assert!(receipt.reference.starts_with("SG-"));
    assert!(receipt.next_steps.contains("within the hour"), "{}", receipt.next_steps);
    // Bad input is named, and nothing is written.
    let before = concern::Entity::find().count(db).await.expect("count");
    let bad = safeguarding::report(db, ruth, &concern("gossip", "", "short", None), t0()).await;
    assert!(matches!(bad, Err(ServiceError::Validation(_))));
    // Marcus cannot pin a concern on a match that is not his.
    let not_his = safeguarding::report(
        db,
        marcus,
        &concern("other", "routine", "About someone else's match", Some(kofi_match)),
        t0(),
    )
    .await;
    assert!(matches!(not_his, Err(ServiceError::Validation(e)) if e.get("match_id").is_some()));
    assert_eq!(concern::Entity::find().count(db).await.expect("count"), before);

    // The DSL and the deputy were told, in the app and by email (which says where, not what).
    for (id, email) in [(dsl.id, "dsl@tandem.example"), (deputy.id, deputy_user.email.as_str())] {
        let n = notification::Entity::find()
            .filter(notification::Column::UserId.eq(id))
            .filter(notification::Column::Kind.eq("safeguarding"))
            .count(db)
            .await
            .expect("n");
        assert_eq!(n, 2, "{email}");
        let mails =
            outbox_email::Entity::find().filter(outbox_email::Column::ToEmail.eq(email)).all(db).await.expect("m");
        assert!(mails.iter().any(|m| m.subject.contains(&receipt.reference)), "{email}");
        assert!(mails.iter().all(|m| !m.body.contains("hits him")), "the email never carries the report");
    }

    // Only the safeguarding team sees the queue; urgency first.
    let queue = safeguarding::queue(db, dsl, false).await.expect("queue");
    assert_eq!(queue.len(), 2);
    assert_eq!(queue[0].reference, receipt.reference);
    assert_eq!(queue[0].urgency, Urgency::Immediate);
    assert_eq!(queue[0].about.as_deref(), Some("Kofi Asante"));
    for outsider in [staff, ruth, coordinator] {
        assert!(matches!(safeguarding::queue(db, outsider, false).await, Err(ServiceError::Forbidden)));
    }
    let case_id = queue[0].id;
    let subject = format!("case:{case_id}");

    // Staff without the DSL role cannot open it, and the attempt is logged.
    assert!(matches!(
        safeguarding::open_case(db, staff, case_id, Some("10.0.0.9"), None, t0()).await,
        Err(ServiceError::Forbidden)
    ));
    assert_eq!(events(db, "case.view_denied", &subject).await, 1);
    let file = safeguarding::open_case(db, dsl, case_id, None, Some("session-one"), t0()).await.expect("open");
    assert_eq!(events(db, "case.viewed", &subject).await, 1);
    // Reloading in the same session is one opening, not another line; a new session is.
    safeguarding::open_case(db, dsl, case_id, None, Some("session-one"), t0()).await.expect("reload");
    assert_eq!(events(db, "case.viewed", &subject).await, 1);
    safeguarding::open_case(db, dsl, case_id, None, Some("session-two"), t0()).await.expect("next day");
    assert_eq!(events(db, "case.viewed", &subject).await, 2);
    assert_eq!(file.match_id, Some(kofi_match));
    assert!(file.people.iter().any(|p| p.relation == "Mentor" && p.name == "Ruth Bennett"));
    assert!(file.views.iter().any(|v| v.by.contains("refused")), "{:?}", file.views);

    // The chronology grows; a decision needs a reason; status moves.
    let no_reason =
        EntryInput { kind: Some("decision".into()), text: "Refer to children's services".into(), ..Default::default() };
    assert!(matches!(
        safeguarding::add_entry(db, dsl, case_id, &no_reason, t0()).await,
        Err(ServiceError::Validation(_))
    ));
    let action =
        EntryInput { kind: Some("action".into()), text: "Called Kofi's coordinator".into(), ..Default::default() };
    safeguarding::add_entry(db, dsl, case_id, &action, t0()).await.expect("action");
    let referral = EntryInput {
        kind: Some("referral".into()),
        text: "Referred to the local authority children's services".into(),
        reason: "Disclosure of physical harm at home".into(),
        status: "referred".into(),
    };
    safeguarding::add_entry(db, deputy, case_id, &referral, t0()).await.expect("referral");
    assert!(matches!(safeguarding::add_entry(db, staff, case_id, &action, t0()).await, Err(ServiceError::Forbidden)));
    let file = safeguarding::open_case(db, deputy, case_id, None, None, t0()).await.expect("open");
    assert_eq!(file.status, CaseStatus::Referred);
    let texts: Vec<&str> = file.chronology.iter().map(|e| e.text.as_str()).collect();
    assert!(texts.contains(&"Called Kofi's coordinator"), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("Referred on")), "{texts:?}");
    assert_eq!(file.views.len(), 4, "three openings in three sessions and one refusal");

    // Append-only, even by SQL.
    for sql in [
        "UPDATE concern_entries SET text = 'nothing happened'",
        "DELETE FROM concern_entries",
        "DELETE FROM concerns",
        "UPDATE concerns SET what = 'edited'",
        "UPDATE audit_log SET detail = 'x'",
        "DELETE FROM audit_log",
    ] {
        assert!(db.execute_unprepared(sql).await.is_err(), "{sql} should be refused");
    }

    // Suspend the match: no more messages. Then the mentor: signed out, cannot sign in.
    assert!(matches!(
        safeguarding::suspend(db, dsl, case_id, Suspension::Match, false, "  ", t0()).await,
        Err(ServiceError::Validation(_))
    ));
    safeguarding::suspend(db, dsl, case_id, Suspension::Match, false, "While the referral is assessed", t0())
        .await
        .expect("suspend match");
    let refused = mentoring::send_message(db, kofi, kofi_match, "Hello Ruth", t0()).await;
    assert!(matches!(refused, Err(ServiceError::Validation(e)) if e.to_string().contains("paused")));
    let page = mentoring::page(db, ruth, kofi_match, t0()).await.expect("page");
    assert!(page.paused && !page.active);
    accounts::sign_in(db, "ruth.bennett@example.org", demo::DEMO_PASSWORD, None, SignInPolicy::default(), t0())
        .await
        .and_then(accounts::SignIn::session)
        .expect("Ruth can still sign in");
    safeguarding::suspend(db, dsl, case_id, Suspension::Mentor, false, "Allegation against the mentor", t0())
        .await
        .expect("suspend mentor");
    assert_eq!(session::Entity::find().filter(session::Column::UserId.eq(ruth.id)).count(db).await.expect("n"), 0);
    assert!(matches!(
        accounts::sign_in(db, "ruth.bennett@example.org", demo::DEMO_PASSWORD, None, SignInPolicy::default(), t0())
            .await
            .and_then(accounts::SignIn::session),
        Err(ServiceError::InvalidCredentials)
    ));
    let file = safeguarding::open_case(db, dsl, case_id, None, None, t0()).await.expect("open");
    assert!(file.match_suspended);
    assert!(file.people.iter().any(|p| p.name == "Ruth Bennett" && p.suspended));
    assert_eq!(events(db, "user.suspended", &format!("user:{}", ruth.id)).await, 1);
    // Lifting restores access.
    safeguarding::suspend(db, dsl, case_id, Suspension::Mentor, true, "Cleared by the LADO", t0()).await.expect("lift");
    accounts::sign_in(db, "ruth.bennett@example.org", demo::DEMO_PASSWORD, None, SignInPolicy::default(), t0())
        .await
        .and_then(accounts::SignIn::session)
        .expect("Ruth is back");

    // The reporter sees what they reported, never the case notes; nobody else sees it.
    let mine = safeguarding::my_reports(db, ruth).await.expect("mine");
    assert_eq!(mine.len(), 1);
    assert!(mine[0].what.contains("hits him"));
    assert!(safeguarding::my_reports(db, marcus).await.expect("marcus").is_empty());

    // The coordinator's report named nobody: the DSL links it to Kofi by email address, and
    // his match and mentor come with him, written into the chronology.
    let unlinked = queue.iter().find(|c| c.about.is_none()).expect("the routine report").id;
    assert!(matches!(
        safeguarding::link_case(db, staff, unlinked, "kofi.asante@northfield.example", t0()).await,
        Err(ServiceError::Forbidden)
    ));
    let nobody = safeguarding::link_case(db, dsl, unlinked, "nobody@example.org", t0()).await;
    assert!(matches!(nobody, Err(ServiceError::Validation(e)) if e.get("email").is_some()));
    let said =
        safeguarding::link_case(db, dsl, unlinked, " Kofi.Asante@northfield.example ", t0()).await.expect("link");
    assert!(said.contains("Kofi Asante"), "{said}");
    let file = safeguarding::open_case(db, dsl, unlinked, None, None, t0()).await.expect("open");
    assert_eq!(file.match_id, Some(kofi_match));
    assert!(file.people.iter().any(|p| p.relation == "Young person" && p.name == "Kofi Asante"));
    assert!(file.people.iter().any(|p| p.relation == "Mentor" && p.name == "Ruth Bennett"));
    assert!(file.chronology.iter().any(|e| e.text.starts_with("Linked to Kofi Asante")));

    // The whole audit chain checks out.
    let v = audit::verify(db).await.expect("verify");
    assert!(v.ok(), "{v:?}");
    assert!(v.entries >= 10, "{v:?}");
}

async fn tandem_raises_cases_itself(t: TestDb) {
    let db = &t.db;
    assert!(demo::load_if_empty(db, t0()).await.expect("demo"));
    let (dsl, _) = who(db, "dsl@tandem.example").await;
    let (ruth, _) = who(db, "ruth.bennett@example.org").await;
    let (kofi, _) = who(db, "kofi.asante@northfield.example").await;
    let (marcus, _) = who(db, "marcus.lee@example.org").await;
    let (leah, _) = who(db, "leah.carter@example.net").await;
    let before = safeguarding::queue(db, dsl, false).await.expect("q").len();
    // A held message in an under-18's match raises a case; in an adults' match it does not.
    let kofi_match = match_of(db, kofi.id).await;
    mentoring::send_message(db, ruth, kofi_match, "Message me on snapchat, I'm ruthb", t0()).await.expect("sent");
    let leah_match = match_of(db, leah.id).await;
    mentoring::send_message(db, marcus, leah_match, "Message me on snapchat, I'm marcusl", t0()).await.expect("sent");
    let queue = safeguarding::queue(db, dsl, false).await.expect("q");
    assert_eq!(queue.len(), before + 1);
    let raised = queue.iter().find(|c| c.summary.contains("snapchat")).expect("the held message's case");
    assert_eq!(raised.about.as_deref(), Some("Kofi Asante"));

    // Low wellbeing answers in an evaluation raise a case about that young person.
    let young = accounts::register(
        db,
        &domain::RegistrationInput {
            name: "Noor Haddad".into(),
            email: "noor@example.net".into(),
            password: "kettle-orchard-93".into(),
            date_of_birth: "2005-03-04".into(),
            role: "young_person".into(),
        },
        t0(),
    )
    .await
    .expect("register");
    let answers: Vec<(String, i32)> = domain::evaluations::ITEMS
        .iter()
        .map(|i| {
            let low = i.theme == domain::evaluations::Theme::Wellbeing;
            // Scored 1 on wellbeing (reverse items answered 5), neutral elsewhere.
            (i.key.to_string(), if low { if i.reverse { 5 } else { 1 } } else { 3 })
        })
        .collect();
    services::evaluations::submit(db, young.id, domain::evaluations::EvaluationKind::Pre, &answers, t0())
        .await
        .expect("submit");
    let queue = safeguarding::queue(db, dsl, false).await.expect("q");
    assert_eq!(queue.len(), before + 2);
    assert!(queue.iter().any(|c| c.about.as_deref() == Some("Noor Haddad") && c.source.contains("wellbeing")));
    assert!(audit::verify(db).await.expect("verify").ok());
}

async fn export_and_erasure(t: TestDb) {
    let db = &t.db;
    assert!(demo::load_if_empty(db, t0()).await.expect("demo"));
    let (leah, leah_user) = who(db, "leah.carter@example.net").await;
    let (marcus, _) = who(db, "marcus.lee@example.org").await;
    let leah_match = match_of(db, leah.id).await;
    mentoring::send_message(db, leah, leah_match, "Thanks Marcus, see you Tuesday", t0()).await.expect("sent");
    mentoring::send_message(db, marcus, leah_match, "Great work today Leah", t0()).await.expect("sent");
    safeguarding::report(db, leah, &concern("other", "routine", "Someone online keeps messaging me.", None), t0())
        .await
        .expect("report");

    // Export: her own data, no safeguarding records, nothing the other side wrote.
    let doc = privacy::export(db, leah.id, None, t0()).await.expect("export");
    let text = doc.to_string();
    assert_eq!(doc["account"]["email"], "leah.carter@example.net");
    assert!(text.contains("see you Tuesday"));
    assert!(!text.contains("Great work today"), "the mentor's message is his");
    assert!(!text.contains("keeps messaging me"), "safeguarding records are not in the export");
    assert!(!text.contains("Marcus Lee"), "no third party's name");
    assert_eq!(events(db, "privacy.export", &format!("user:{}", leah.id)).await, 1);

    // Erasure is refused while the match is active.
    assert!(matches!(privacy::erase(db, leah.id, Some(leah.id), t0()).await, Err(ServiceError::Validation(_))));
    mentoring_match::Entity::update_many()
        .col_expr(mentoring_match::Column::Status, sea_orm::sea_query::Expr::value("closed"))
        .col_expr(mentoring_match::Column::ClosedAt, sea_orm::sea_query::Expr::value(t0()))
        .filter(mentoring_match::Column::Id.eq(leah_match))
        .exec(db)
        .await
        .expect("close");
    let done = privacy::erase(db, leah.id, Some(leah.id), t0()).await.expect("erase");
    assert!(done.rows_deleted > 0 && done.cells_scrubbed > 0, "{done:?}");
    let shell = user::Entity::find_by_id(leah.id).one(db).await.expect("q").expect("row kept");
    assert_eq!(shell.name, "Erased account");
    assert!(shell.erased_at.is_some() && shell.disabled);
    assert!(matches!(
        accounts::sign_in(db, &leah_user.email, demo::DEMO_PASSWORD, None, SignInPolicy::default(), t0())
            .await
            .and_then(accounts::SignIn::session),
        Err(ServiceError::InvalidCredentials)
    ));
    // Her name is gone from every text column except the safeguarding record.
    let doc = privacy::export(db, marcus.id, None, t0()).await.expect("marcus export");
    assert!(!doc.to_string().contains("Leah"), "{doc}");
    let kept = concern::Entity::find().filter(concern::Column::ReporterId.eq(leah.id)).count(db).await.expect("n");
    assert_eq!(kept, 1, "safeguarding retention keeps the report");
    assert!(audit::verify(db).await.expect("verify").ok());
}

/// The erased name is not in the SQLite files at all (main file, WAL, shared memory).
#[tokio::test]
async fn erased_names_leave_the_sqlite_files() {
    let t = TestDb::new(Backend::SqliteFile).await.expect("db");
    let db = &t.db;
    let path = t.url.trim_start_matches("sqlite://").split('?').next().expect("path").to_string();
    let marker = "Zephyrine Quillfeather";
    let a = accounts::register(
        db,
        &domain::RegistrationInput {
            name: marker.into(),
            email: "zq-marker@example.net".into(),
            password: "kettle-orchard-93".into(),
            date_of_birth: "2004-03-04".into(),
            role: "young_person".into(),
        },
        t0(),
    )
    .await
    .expect("register");
    // Spread the name around: sign-ins, a reset email, an evaluation, notifications.
    accounts::sign_in(db, "zq-marker@example.net", "kettle-orchard-93", None, SignInPolicy::default(), t0())
        .await
        .and_then(accounts::SignIn::session)
        .expect("sign in");
    accounts::request_password_reset(db, "zq-marker@example.net", "http://x", t0()).await.expect("reset");
    services::notifications::notify(db, a.id, "x", &format!("Welcome {marker}"), "/", t0()).await.expect("notify");
    let found = |needle: &str| {
        ["", "-wal", "-shm"].iter().any(|s| {
            std::fs::read(format!("{path}{s}"))
                .map(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
                .unwrap_or(false)
        })
    };
    db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.expect("checkpoint");
    assert!(found(marker), "the marker must be in the file before erasure, or this test proves nothing");
    privacy::erase(db, a.id, Some(a.id), t0()).await.expect("erase");
    assert!(!found(marker), "the erased name is still in the database files");
    assert!(!found("zq-marker@example.net"), "the erased email is still in the database files");
    let ok = db
        .query_one_raw(sea_orm::Statement::from_string(sea_orm::DbBackend::Sqlite, "PRAGMA integrity_check"))
        .await
        .expect("check")
        .expect("row");
    assert_eq!(ok.try_get::<String>("", "integrity_check").expect("col"), "ok");
}

/// The retention schedule with a controlled clock: nothing goes a day early, everything on time.
#[tokio::test]
async fn retention_applies_the_schedule() {
    let t = TestDb::new(Backend::Sqlite).await.expect("db");
    let db = &t.db;
    assert!(demo::load_if_empty(db, t0()).await.expect("demo"));
    let p = SignInPolicy::default();
    let _ = accounts::sign_in(db, "jordan.ellis@example.org", "wrong-password", None, p, t0())
        .await
        .and_then(accounts::SignIn::session);
    let run = privacy::retention(db, t0() + Duration::days(29)).await.expect("run");
    assert_eq!(run.failed_sign_ins, 0);
    let run = privacy::retention(db, t0() + Duration::days(31)).await.expect("run");
    assert_eq!(run.failed_sign_ins, 1);
    assert_eq!(run.accounts_erased, 0, "nobody is inactive yet");
    // Three years on, demo participants who never signed in and have no active match go;
    // those in active matches stay, and so do staff.
    let later = t0() + Duration::days(3 * 365 + 1);
    let run = privacy::retention(db, later).await.expect("run");
    assert!(run.accounts_erased > 10, "{run:?}");
    let (marcus, _) = who(db, "marcus.lee@example.org").await;
    assert!(user::Entity::find_by_id(marcus.id).one(db).await.expect("q").expect("u").erased_at.is_none());
    let staff = user::Entity::find().filter(user::Column::Email.eq("staff@tandem.example")).one(db).await.expect("q");
    assert!(staff.is_some_and(|s| s.erased_at.is_none()));
    // Running again erases nobody twice.
    assert_eq!(privacy::retention(db, later).await.expect("run").accounts_erased, 0);
    assert!(audit::verify(db).await.expect("verify").ok());
}

/// Tampering with the chain, even with the guards removed, is found.
#[tokio::test]
async fn the_audit_verifier_finds_tampering() {
    let t = TestDb::new(Backend::SqliteFile).await.expect("db");
    let db = &t.db;
    // Many writers at once still make one chain without gaps.
    let mut tasks = Vec::new();
    for i in 0..40i64 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            audit::record(&db, audit::Event::new("test.event", Some(i), format!("user:{i}")), t0()).await
        }));
    }
    for task in tasks {
        task.await.expect("join").expect("record");
    }
    let v = audit::verify(db).await.expect("verify");
    assert_eq!((v.entries, v.ok()), (40, true), "{v:?}");
    let original = audit_entry::Entity::find()
        .filter(audit_entry::Column::Seq.eq(17))
        .one(db)
        .await
        .expect("q")
        .and_then(|e| e.actor_id)
        .expect("actor");
    db.execute_unprepared("DROP TRIGGER audit_log_no_update").await.expect("drop guard");
    db.execute_unprepared("UPDATE audit_log SET actor_id = 99 WHERE seq = 17").await.expect("tamper");
    let v = audit::verify(db).await.expect("verify");
    assert_eq!(v.problem.as_deref(), Some("entry 17 has been altered"), "{v:?}");
    db.execute_unprepared(&format!("UPDATE audit_log SET actor_id = {original} WHERE seq = 17"))
        .await
        .expect("restore");
    assert!(audit::verify(db).await.expect("verify").ok());
    db.execute_unprepared("DROP TRIGGER audit_log_no_delete").await.expect("drop guard");
    db.execute_unprepared("DELETE FROM audit_log WHERE seq = 40").await.expect("truncate the tail");
    let v = audit::verify(db).await.expect("verify");
    assert!(v.problem.as_deref().is_some_and(|p| p.contains("should end at entry 40")), "{v:?}");
    db.execute_unprepared("DELETE FROM audit_log WHERE seq = 5").await.expect("remove one");
    assert_eq!(audit::verify(db).await.expect("verify").problem.as_deref(), Some("entry 5 is missing"));
}

/// Many writers on PostgreSQL (separate connections) still make one gapless chain.
#[tokio::test]
async fn the_audit_chain_holds_under_concurrent_writers_on_postgres() {
    let t = TestDb::new(Backend::Postgres).await.expect("PostgreSQL must be running");
    let mut tasks = Vec::new();
    for i in 0..40i64 {
        let db = t.db.clone();
        tasks.push(tokio::spawn(async move {
            audit::record(&db, audit::Event::new("test.event", Some(i), format!("user:{i}")), t0()).await
        }));
    }
    for task in tasks {
        task.await.expect("join").expect("record");
    }
    let v = audit::verify(&t.db).await.expect("verify");
    assert_eq!((v.entries, v.ok()), (40, true), "{v:?}");
}

on_both!(a_disclosure_about_a_pupil_reaches_their_institution);

/// The FAQ's rule: a young person's disclosure goes to the safeguarding contact at their
/// institution, and to the programme's DSL only where there is none. The contact opens the
/// case and adds to it, sees only their own young people's cases, and cannot suspend; no
/// other institution sees it; the programme's team still sees every case.
async fn a_disclosure_about_a_pupil_reaches_their_institution(t: TestDb) {
    use services::partners;
    let db = &t.db;
    assert!(demo::load_if_empty(db, t0()).await.expect("demo"));
    let (ruth, _) = who(db, "ruth.bennett@example.org").await;
    let (kofi, _) = who(db, "kofi.asante@northfield.example").await;
    let (jordan, _) = who(db, "jordan.ellis@example.org").await;
    let (dsl, _) = who(db, "dsl@tandem.example").await;
    let (helen, _) = who(db, "coordinator@northfield.example").await;
    let (lead, _) = who(db, "lead@brightwater.example").await;
    let northfield = partners::find_by_join_code(db, "NORTHFIELD-26").await.expect("q").expect("school");
    let riverside = partners::find_by_join_code(db, "RIVERSIDE-26").await.expect("q").expect("youth partner");
    let other = accounts::create_account(
        db,
        None,
        &accounts::NewAccountInput {
            name: "Omar Reid".into(),
            email: "omar@riverside.example".into(),
            role: "coordinator".into(),
            partner_id: Some(riverside.id),
            date_of_birth: String::new(),
        },
        "http://x",
        t0(),
    )
    .await
    .expect("riverside coordinator");
    let omar = Who { id: other.id, role: Role::Coordinator, partner_id: Some(riverside.id) };

    // Only one of the institution's own coordinators can be named; employers name nobody.
    for (partner, contact) in [(northfield.id, other.id), (lead.partner_id.expect("employer"), lead.id)] {
        let r = partners::set_safeguarding_contact(db, dsl.id, partner, Some(contact), t0()).await;
        assert!(matches!(r, Err(ServiceError::Validation(_))), "{r:?}");
    }
    partners::set_safeguarding_contact(db, dsl.id, northfield.id, Some(helen.id), t0()).await.expect("name Helen");
    partners::set_safeguarding_contact(db, dsl.id, riverside.id, Some(omar.id), t0()).await.expect("name Omar");

    let safeguarding_notes = |user: i64| {
        notification::Entity::find()
            .filter(notification::Column::UserId.eq(user))
            .filter(notification::Column::Kind.eq("safeguarding"))
            .count(db)
    };
    let dsl_before = safeguarding_notes(dsl.id).await.expect("count");
    let kofi_match = match_of(db, kofi.id).await;
    let receipt = safeguarding::report(
        db,
        ruth,
        &concern("abuse_disclosed", "immediate", "Kofi told me something worrying at home.", Some(kofi_match)),
        t0(),
    )
    .await
    .expect("report");
    let case = concern::Entity::find().all(db).await.expect("cases").into_iter().max_by_key(|c| c.id).expect("case");
    assert_eq!(safeguarding::queue(db, dsl, false).await.expect("queue").iter().filter(|c| c.id == case.id).count(), 1);
    // Helen is told, in the app and by email; the programme's DSL is not notified.
    assert_eq!(safeguarding_notes(helen.id).await.expect("count"), 1);
    assert_eq!(safeguarding_notes(dsl.id).await.expect("count"), dsl_before);
    let mail = outbox_email::Entity::find()
        .filter(outbox_email::Column::ToEmail.eq("coordinator@northfield.example"))
        .all(db)
        .await
        .expect("mail");
    assert!(mail.iter().any(|m| m.subject.contains(&receipt.reference) && !m.body.contains("worrying")));

    // Helen sees Northfield's case, reads it, adds to it; she cannot link or suspend.
    let hers = safeguarding::queue(db, helen, false).await.expect("Helen's queue");
    assert_eq!(hers.iter().map(|c| c.id).collect::<Vec<_>>(), vec![case.id]);
    let file = safeguarding::open_case(db, helen, case.id, None, None, t0()).await.expect("Helen opens it");
    assert!(!file.programme_team);
    assert!(file.chronology[0].text.contains("safeguarding contact at Northfield Academy"), "{:?}", file.chronology);
    let note = EntryInput {
        kind: Some("action".into()),
        text: "Spoke to Kofi's head of year; the school's DSL is following up today.".into(),
        reason: String::new(),
        status: String::new(),
    };
    safeguarding::add_entry(db, helen, case.id, &note, t0()).await.expect("Helen adds to it");
    assert!(matches!(
        safeguarding::suspend(db, helen, case.id, Suspension::Match, false, "worried", t0()).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        safeguarding::link_case(db, helen, case.id, "kofi.asante@northfield.example", t0()).await,
        Err(ServiceError::Forbidden)
    ));
    // Riverside's contact sees none of it, and the attempt is logged.
    assert!(safeguarding::queue(db, omar, false).await.expect("Omar's queue").is_empty());
    assert!(matches!(safeguarding::open_case(db, omar, case.id, None, None, t0()).await, Err(ServiceError::Forbidden)));
    assert!(matches!(safeguarding::add_entry(db, omar, case.id, &note, t0()).await, Err(ServiceError::Forbidden)));
    assert!(events(db, "case.view_denied", &format!("case:{}", case.id)).await >= 1);
    // A coordinator who is nobody's contact has no queue at all.
    assert!(matches!(safeguarding::queue(db, lead, false).await, Err(ServiceError::Forbidden)));
    // The programme's DSL still opens it and sees Helen's note.
    let dsl_view = safeguarding::open_case(db, dsl, case.id, None, None, t0()).await.expect("DSL opens it");
    assert!(dsl_view.programme_team && dsl_view.chronology.iter().any(|e| e.text.contains("head of year")));

    // A young person with no institution: the programme's team is told, as before.
    safeguarding::report(
        db,
        jordan,
        &concern("risk_of_harm", "high", "I have been feeling very low lately.", None),
        t0(),
    )
    .await
    .expect("Jordan's own concern");
    assert_eq!(safeguarding_notes(dsl.id).await.expect("count"), dsl_before + 1);
    assert_eq!(safeguarding_notes(helen.id).await.expect("count"), 1);
}
