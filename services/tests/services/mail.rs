//! Mail delivery against a real SMTP server on loopback (aiosmtpd, `tools/mail/smtp_sink.py`),
//! each test on SQLite and on PostgreSQL: proper MIME, retries of 4xx with backoff, 5xx
//! failed for good and retried only on request, nothing lost while the mail server is down,
//! claims that never overlap, preferences and one-click unsubscribe, late safeguarding
//! alerts, and calendar invitations read by a real calendar parser (Python's `icalendar`).

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::mail::Category;
use domain::workshops::WorkshopInput;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use services::entities::{outbox_email, user};
use services::mailer::{Relay, SmtpRelay, WorkerConfig, deliver_batch};
use services::outbox::{self, Mail};
use services::relationships::Who;
use services::testing::{SmtpSink, TestDb, parse_ics};
use services::{
    ServiceError, accounts, calendar_feed, demo, mail_preferences, mentoring, partners, planned_sessions,
    relationships, workshops,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

on_both!(
    a_reset_email_arrives_as_proper_mime_with_a_working_link,
    a_temporary_failure_is_retried_with_backoff_and_delivered,
    a_permanent_failure_is_failed_shown_and_retried_only_on_request,
    mail_waits_while_the_server_is_down_and_goes_when_it_is_back,
    claims_never_overlap_and_an_expired_lease_is_taken_over,
    optional_mail_follows_choices_and_unsubscribes_in_one_click,
    late_safeguarding_alerts_are_flagged,
    workshop_invitations_parse_and_keep_uk_time_across_the_clock_change,
    an_under_18s_invitation_lists_only_them_and_copies_the_coordinator,
    planned_sessions_invite_both_sides_and_follow_every_change,
);

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single().expect("time")
}

/// A clock the test moves by hand.
#[derive(Clone)]
struct Clock(Arc<AtomicI64>);

impl Clock {
    fn new() -> Clock {
        Clock(Arc::new(AtomicI64::new(t0().timestamp())))
    }
    fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_opt(self.0.load(Ordering::SeqCst), 0).single().expect("time")
    }
    fn advance(&self, d: Duration) {
        self.0.fetch_add(d.num_seconds(), Ordering::SeqCst);
    }
}

fn relay(sink: &SmtpSink) -> Relay {
    Relay::Smtp(Box::new(SmtpRelay::new(&sink.config()).expect("relay")))
}

fn worker() -> WorkerConfig {
    WorkerConfig::new("http://tandem.test")
}

async fn row(db: &sea_orm::DatabaseConnection, id: i64) -> outbox_email::Model {
    outbox_email::Entity::find_by_id(id).one(db).await.expect("q").expect("row")
}

async fn last_id(db: &sea_orm::DatabaseConnection, to: &str) -> i64 {
    outbox::latest_to(db, to).await.expect("q").expect("mail").id
}

async fn person(
    db: &sea_orm::DatabaseConnection,
    email: &str,
    role: &str,
    born: (i32, u32, u32),
    partner: Option<i64>,
) -> i64 {
    user::ActiveModel {
        email: Set(email.into()),
        name: Set(format!("{} Example", email.split('@').next().unwrap_or("x"))),
        date_of_birth: Set(Some(chrono::NaiveDate::from_ymd_opt(born.0, born.1, born.2).expect("date"))),
        role: Set(role.into()),
        partner_id: Set(partner),
        password_hash: Set("not-a-hash".into()),
        disabled: Set(false),
        created_at: Set(t0()),
        updated_at: Set(t0()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("user")
    .id
}

fn str_of<'a>(m: &'a serde_json::Value, k: &str) -> &'a str {
    m.get(k).and_then(|v| v.as_str()).unwrap_or("")
}

async fn a_reset_email_arrives_as_proper_mime_with_a_working_link(t: TestDb) {
    let db = &t.db;
    let sink = SmtpSink::start(&[]);
    let input = domain::RegistrationInput {
        name: "Amara Okafor".into(),
        email: "amara@example.org".into(),
        password: "lantern-meadow-42".into(),
        date_of_birth: "1985-06-01".into(),
        role: "mentor".into(),
    };
    accounts::register(db, &input, t0()).await.expect("register");
    accounts::request_password_reset(db, "amara@example.org", "http://tandem.test", t0()).await.expect("reset");
    let n = deliver_batch(db, &relay(&sink), &worker(), Utc::now).await.expect("deliver");
    assert_eq!(n, 1);
    let msgs = sink.messages();
    assert_eq!(msgs.len(), 1);
    let m = &msgs[0];
    assert_eq!(str_of(m, "to"), "amara@example.org");
    assert_eq!(str_of(m, "from"), "Tandem <hello@tandem.example>");
    assert_eq!(str_of(m, "reply_to"), "team@tandem.example");
    assert_eq!(str_of(m, "content_type"), "multipart/alternative");
    assert!(str_of(m, "message_id").starts_with("<tandem.") && str_of(m, "message_id").ends_with("@tandem.example>"));
    assert!(!str_of(m, "date").is_empty());
    // Essential mail has no unsubscribe.
    assert_eq!(str_of(m, "list_unsubscribe"), "");
    let text = str_of(m, "text");
    let html = str_of(m, "html");
    let start = text.find("/reset-password?token=").expect("link in the text") + "/reset-password?token=".len();
    let token: String = text[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    assert_eq!(token.len(), 64);
    assert!(html.contains(&format!("href=\"http://tandem.test/reset-password?token={token}\"")), "{html}");
    // The link works.
    accounts::reset_password(db, &token, "orchard-lantern-58", t0()).await.expect("reset with the emailed link");
    let r = row(db, last_id(db, "amara@example.org").await).await;
    assert_eq!((r.status.as_str(), r.attempts), ("sent", 1));
    assert!(r.last_response.as_deref().is_some_and(|s| s.starts_with("250")), "{:?}", r.last_response);
    assert_eq!(r.message_id.as_deref(), Some(str_of(m, "message_id")));
    // Nothing more to send.
    assert_eq!(deliver_batch(db, &relay(&sink), &worker(), Utc::now).await.expect("deliver"), 0);
}

async fn a_temporary_failure_is_retried_with_backoff_and_delivered(t: TestDb) {
    let db = &t.db;
    let sink = SmtpSink::start(&["--tempfail-first", "2"]);
    let clock = Clock::new();
    let r = relay(&sink);
    outbox::enqueue(db, "jo@example.org", "Hello", "Hello Jo", clock.now()).await.expect("enqueue");
    let id = last_id(db, "jo@example.org").await;
    let now = || clock.now();
    assert_eq!(deliver_batch(db, &r, &worker(), now).await.expect("1st"), 1);
    let first = row(db, id).await;
    assert_eq!((first.status.as_str(), first.attempts), ("pending", 1));
    assert!(first.last_error.as_deref().is_some_and(|e| e.contains("451")), "{:?}", first.last_error);
    assert_eq!(first.next_attempt_at, Some(clock.now() + Duration::seconds(30)));
    // Not tried again before its time.
    clock.advance(Duration::seconds(10));
    assert_eq!(deliver_batch(db, &r, &worker(), now).await.expect("early"), 0);
    clock.advance(Duration::seconds(21));
    assert_eq!(deliver_batch(db, &r, &worker(), now).await.expect("2nd"), 1);
    let second = row(db, id).await;
    assert_eq!(second.attempts, 2);
    // The delay doubles.
    assert_eq!(second.next_attempt_at, Some(clock.now() + Duration::seconds(60)));
    clock.advance(Duration::seconds(61));
    assert_eq!(deliver_batch(db, &r, &worker(), now).await.expect("3rd"), 1);
    let third = row(db, id).await;
    assert_eq!((third.status.as_str(), third.attempts), ("sent", 3));
    assert_eq!(sink.count(), 1);
}

async fn a_permanent_failure_is_failed_shown_and_retried_only_on_request(t: TestDb) {
    let db = &t.db;
    let sink = SmtpSink::start(&["--reject", "bounce"]);
    let clock = Clock::new();
    let now = || clock.now();
    let r = relay(&sink);
    outbox::enqueue(db, "bounce@example.org", "Your Tandem invitation", "Hello", clock.now()).await.expect("q");
    outbox::enqueue(db, "fine@example.org", "Your Tandem match", "Hello", clock.now()).await.expect("q");
    assert_eq!(deliver_batch(db, &r, &worker(), now).await.expect("deliver"), 2);
    let id = last_id(db, "bounce@example.org").await;
    let failed = row(db, id).await;
    assert_eq!((failed.status.as_str(), failed.attempts), ("failed", 1));
    assert!(failed.last_error.as_deref().is_some_and(|e| e.contains("550")), "{:?}", failed.last_error);
    assert_eq!(sink.count(), 1);
    // Never tried again by itself.
    clock.advance(Duration::hours(2));
    assert_eq!(deliver_batch(db, &r, &worker(), now).await.expect("later"), 0);
    // Staff see it.
    let o = outbox::overview(db, 50, clock.now()).await.expect("overview");
    assert_eq!((o.failed, o.pending), (1, 0));
    assert_eq!(o.rows.len(), 1);
    assert_eq!(
        (o.rows[0].to.as_str(), o.rows[0].status.as_str(), o.rows[0].attempts),
        ("bounce@example.org", "failed", 1)
    );
    assert!(o.rows[0].last_error.as_deref().is_some_and(|e| e.contains("550")));
    // A retry on request is one more try.
    outbox::retry(db, id, clock.now()).await.expect("retry");
    assert_eq!(row(db, id).await.status, domain::mail::MailStatus::Pending);
    assert_eq!(deliver_batch(db, &r, &worker(), now).await.expect("retried"), 1);
    assert_eq!((row(db, id).await.status.as_str(), row(db, id).await.attempts), ("failed", 2));
    // A delivered email cannot be "retried" into a second copy.
    let fine = last_id(db, "fine@example.org").await;
    assert!(outbox::retry(db, fine, clock.now()).await.is_err());
}

async fn mail_waits_while_the_server_is_down_and_goes_when_it_is_back(t: TestDb) {
    let db = &t.db;
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port");
    let clock = Clock::new();
    let now = || clock.now();
    for i in 0..3 {
        outbox::enqueue(db, &format!("p{i}@example.org"), "Hello", "Hello", clock.now()).await.expect("q");
    }
    let mut cfg = SmtpSink::start(&[]).config();
    cfg.port = port;
    let down = Relay::Smtp(Box::new(SmtpRelay::new(&cfg).expect("relay")));
    // An hour with nothing listening: every try is a temporary failure.
    let mut tries = 0;
    for _ in 0..12 {
        tries += deliver_batch(db, &down, &worker(), now).await.expect("down");
        clock.advance(Duration::minutes(5));
    }
    assert!(tries >= 9, "tried {tries} times");
    let o = outbox::overview(db, 10, clock.now()).await.expect("overview");
    assert_eq!((o.pending, o.failed), (3, 0));
    assert!(o.rows.iter().all(|r| r.attempts >= 3 && r.last_error.is_some()));
    // The server is back on its address; within the longest backoff everything goes.
    let port_s = port.to_string();
    let sink = SmtpSink::start(&["--port", &port_s]);
    let up = relay_on(&sink, port);
    clock.advance(Duration::minutes(31));
    assert_eq!(deliver_batch(db, &up, &worker(), now).await.expect("up"), 3);
    assert_eq!(sink.count(), 3);
    assert_eq!(outbox::overview(db, 10, clock.now()).await.expect("o").pending, 0);
}

fn relay_on(sink: &SmtpSink, port: u16) -> Relay {
    let mut cfg = sink.config();
    cfg.port = port;
    Relay::Smtp(Box::new(SmtpRelay::new(&cfg).expect("relay")))
}

async fn claims_never_overlap_and_an_expired_lease_is_taken_over(t: TestDb) {
    let db = &t.db;
    for i in 0..50 {
        outbox::enqueue(db, &format!("c{i}@example.org"), "Hello", "Hello", t0()).await.expect("q");
    }
    let lease = Duration::minutes(5);
    let a = outbox::claim(db, 20, lease, t0()).await.expect("a");
    let b = outbox::claim(db, 20, lease, t0()).await.expect("b");
    let c = outbox::claim(db, 20, lease, t0()).await.expect("c");
    let ids = |c: &outbox::Claim| c.mails.iter().map(|m| m.id).collect::<std::collections::BTreeSet<_>>();
    assert_eq!((a.mails.len(), b.mails.len(), c.mails.len()), (20, 20, 10));
    assert!(ids(&a).is_disjoint(&ids(&b)) && ids(&b).is_disjoint(&ids(&c)) && ids(&a).is_disjoint(&ids(&c)));
    // Nothing is left to claim while the leases hold.
    assert!(outbox::claim(db, 20, lease, t0() + Duration::minutes(4)).await.expect("none").mails.is_empty());
    // A holds its first email to the end.
    let first = &a.mails[0];
    assert!(outbox::mark_delivered(db, first.id, &a.token, "250 ok", "<x@y>", t0()).await.expect("mark"));
    // After A's lease runs out, another server takes over what A did not finish.
    let d = outbox::claim(db, 50, lease, t0() + Duration::minutes(6)).await.expect("d");
    assert_eq!(d.mails.len(), 49);
    assert!(!ids(&d).contains(&first.id));
    // A's late answer for an email it no longer holds is not recorded.
    let second = &a.mails[1];
    assert!(!outbox::mark_delivered(db, second.id, &a.token, "250 ok", "<x@y>", t0()).await.expect("late"));
    assert!(outbox::mark_delivered(db, second.id, &d.token, "250 ok", "<x@y>", t0()).await.expect("d marks"));
    assert_eq!(row(db, second.id).await.attempts, 1);
}

async fn optional_mail_follows_choices_and_unsubscribes_in_one_click(t: TestDb) {
    let db = &t.db;
    let sink = SmtpSink::start(&[]);
    let me = person(db, "remy@example.org", "mentor", (1980, 1, 1), None).await;
    let reminder = || Mail::new("remy@example.org", "A reminder from Tandem", "Please log your session.").for_user(me);
    assert!(outbox::send(db, reminder().category(Category::Reminders), t0()).await.expect("send"));
    // News is off until chosen.
    assert!(!outbox::send(db, reminder().category(Category::News), t0()).await.expect("news"));
    deliver_batch(db, &relay(&sink), &worker(), Utc::now).await.expect("deliver");
    let msgs = sink.messages();
    assert_eq!(msgs.len(), 1);
    let unsub = str_of(&msgs[0], "list_unsubscribe");
    assert!(unsub.starts_with("<http://tandem.test/unsubscribe?t=") && unsub.ends_with("&c=reminders>"), "{unsub}");
    assert_eq!(str_of(&msgs[0], "list_unsubscribe_post"), "List-Unsubscribe=One-Click");
    assert!(str_of(&msgs[0], "text").contains(&unsub[1..unsub.len() - 1]));
    let token = unsub.split("t=").nth(1).and_then(|s| s.split('&').next()).expect("token");
    // A wrong secret changes nothing; the right one switches reminders off.
    assert_eq!(mail_preferences::unsubscribe(db, "0".repeat(64).as_str(), "reminders", t0()).await.expect("u"), None);
    assert_eq!(mail_preferences::unsubscribe(db, token, "essential", t0()).await.expect("u"), None);
    assert_eq!(
        mail_preferences::unsubscribe(db, token, "reminders", t0()).await.expect("u"),
        Some(Category::Reminders)
    );
    let p = mail_preferences::get(db, me).await.expect("prefs");
    assert!(!p.reminders && p.digests && !p.news);
    assert!(!outbox::send(db, reminder().category(Category::Reminders), t0()).await.expect("send"));
    // Essential mail always goes.
    assert!(
        outbox::send(db, Mail::new("remy@example.org", "Your Tandem match", "Hello").for_user(me), t0())
            .await
            .expect("e")
    );
    // The account page's choices.
    let mut p = p;
    p.set(Category::News, true);
    mail_preferences::set(db, me, p, t0()).await.expect("set");
    assert!(outbox::send(db, reminder().category(Category::News), t0()).await.expect("news"));
}

async fn late_safeguarding_alerts_are_flagged(t: TestDb) {
    let db = &t.db;
    let dsl = person(db, "dsl@example.org", "safeguarding_lead", (1975, 5, 5), None).await;
    let alert = Mail::new("dsl@example.org", "[URGENT] New safeguarding case", "Sign in").for_user(dsl).safeguarding();
    outbox::send(db, alert, t0()).await.expect("send");
    assert_eq!(outbox::late_safeguarding_alerts(db, t0() + Duration::minutes(9)).await.expect("q"), 0);
    assert_eq!(outbox::late_safeguarding_alerts(db, t0() + Duration::minutes(11)).await.expect("q"), 1);
    let o = outbox::overview(db, 10, t0() + Duration::minutes(11)).await.expect("o");
    assert_eq!((o.late_safeguarding, o.rows[0].category.as_str()), (1, "safeguarding alert"));
    let sink = SmtpSink::start(&[]);
    deliver_batch(db, &relay(&sink), &worker(), || t0() + Duration::minutes(11)).await.expect("deliver");
    assert_eq!(outbox::late_safeguarding_alerts(db, t0() + Duration::minutes(12)).await.expect("q"), 0);
}

fn workshop(kind: &str, starts_at: &str) -> WorkshopInput {
    WorkshopInput {
        kind: kind.into(),
        title: "Mentor workshop, Leeds".into(),
        starts_at: starts_at.into(),
        minutes: "120".into(),
        mode: "venue".into(),
        location: "Civic Hall, Leeds LS1 1UR".into(),
        capacity: "10".into(),
        ..Default::default()
    }
}

fn files_of(msgs: &[serde_json::Value]) -> Vec<std::path::PathBuf> {
    msgs.iter().map(|m| std::path::PathBuf::from(str_of(m, "file"))).collect()
}

async fn workshop_invitations_parse_and_keep_uk_time_across_the_clock_change(t: TestDb) {
    let db = &t.db;
    let sink = SmtpSink::start(&[]);
    let staff = person(db, "staff@example.org", "staff", (1980, 1, 1), None).await;
    let mentor = person(db, "mina@example.org", "mentor", (1985, 1, 1), None).await;
    // The Saturday before the clocks go forward (GMT), and the Sunday after (BST).
    let winter =
        workshops::schedule(db, staff, &workshop("mentor_workshop", "2027-03-27T10:00"), t0()).await.expect("w1");
    let summer =
        workshops::schedule(db, staff, &workshop("mentor_workshop", "2027-03-28T10:00"), t0()).await.expect("w2");
    workshops::book(db, mentor, domain::Role::Mentor, winter, t0()).await.expect("book w1");
    workshops::cancel(db, mentor, winter, t0()).await.expect("cancel w1");
    workshops::book(db, mentor, domain::Role::Mentor, summer, t0()).await.expect("book w2");
    deliver_batch(db, &relay(&sink), &worker(), Utc::now).await.expect("deliver");
    let msgs = sink.messages();
    assert_eq!(msgs.len(), 3);
    assert!(str_of(&msgs[0], "subject").starts_with("Invitation: "));
    assert!(str_of(&msgs[1], "subject").starts_with("Cancelled: "));
    assert_eq!(msgs[1].get("calendar_method").and_then(|v| v.as_str()), Some("CANCEL"));
    let events = parse_ics(&files_of(&msgs));
    assert_eq!(events.len(), 3, "{events:?}");
    let (booked, cancelled, second) = (&events[0], &events[1], &events[2]);
    assert_eq!(str_of(booked, "method"), "REQUEST");
    assert_eq!(str_of(booked, "tzid"), "Europe/London");
    assert_eq!(str_of(booked, "start_utc"), "2027-03-27T10:00:00Z");
    assert_eq!(str_of(booked, "end_utc"), "2027-03-27T12:00:00Z");
    // The same UID, a higher SEQUENCE, and CANCEL.
    assert_eq!(str_of(cancelled, "uid"), str_of(booked, "uid"));
    assert!(cancelled["sequence"].as_i64() > booked["sequence"].as_i64());
    assert_eq!((str_of(cancelled, "method"), str_of(cancelled, "status")), ("CANCEL", "CANCELLED"));
    // 10:00 in London on the Sunday after the change is 09:00 UTC.
    assert_eq!(str_of(second, "start_utc"), "2027-03-28T09:00:00Z");
    assert_ne!(str_of(second, "uid"), str_of(booked, "uid"));
    assert_eq!(second["attendees"], serde_json::json!(["mailto:mina@example.org"]));
    assert_eq!(str_of(second, "location"), "Civic Hall, Leeds LS1 1UR");
    // The person's own feed lists the workshop they hold, and stops when revoked.
    let token = calendar_feed::new_feed(db, mentor, t0()).await.expect("feed");
    let ics = calendar_feed::feed(db, &token, t0()).await.expect("q").expect("feed");
    let path = sink.dir.join("feed.ics");
    std::fs::write(&path, ics).expect("write");
    let feed = parse_ics(&[path]);
    assert_eq!(feed.len(), 1);
    assert_eq!((str_of(&feed[0], "method"), str_of(&feed[0], "start_utc")), ("PUBLISH", "2027-03-28T09:00:00Z"));
    assert_eq!(feed[0]["attendees"], serde_json::json!([]));
    let again = calendar_feed::new_feed(db, mentor, t0()).await.expect("new");
    assert!(calendar_feed::feed(db, &token, t0()).await.expect("q").is_none(), "the old address stops working");
    calendar_feed::revoke_feed(db, mentor).await.expect("revoke");
    assert!(calendar_feed::feed(db, &again, t0()).await.expect("q").is_none());
}

async fn an_under_18s_invitation_lists_only_them_and_copies_the_coordinator(t: TestDb) {
    let db = &t.db;
    let sink = SmtpSink::start(&[]);
    let school = partners::create(db, "Northfield Academy", partners::PartnerKind::School, Some("NF-9"), t0())
        .await
        .expect("school");
    let staff = person(db, "staff@example.org", "staff", (1980, 1, 1), None).await;
    person(db, "coord@northfield.example", "coordinator", (1980, 1, 1), Some(school.id)).await;
    let pupil = person(db, "pupil@northfield.example", "young_person", (2010, 9, 1), Some(school.id)).await;
    let mut w = workshop("mentee_induction", "2027-01-12T14:00");
    w.title = "Induction at Northfield".into();
    w.audience = "under_18".into();
    w.partner = school.id.to_string();
    let id = workshops::schedule(db, staff, &w, t0()).await.expect("induction");
    workshops::book(db, pupil, domain::Role::YoungPerson, id, t0()).await.expect("book");
    let n = deliver_batch(db, &relay(&sink), &worker(), Utc::now).await.expect("deliver");
    assert_eq!(n, 1);
    let msgs = sink.messages();
    assert_eq!(str_of(&msgs[0], "to"), "pupil@northfield.example");
    assert_eq!(str_of(&msgs[0], "cc"), "coord@northfield.example");
    assert!(str_of(&msgs[0], "envelope_to").contains("coord@northfield.example"));
    let ev = parse_ics(&files_of(&msgs));
    assert_eq!(ev[0]["attendees"], serde_json::json!(["mailto:pupil@northfield.example"]));
    // The calendar names no adult but the programme itself.
    let cal = str_of(&msgs[0], "calendar");
    assert!(!cal.contains("coord@") && !cal.contains("staff@"), "{cal}");
}

async fn demo_who(db: &sea_orm::DatabaseConnection, email: &str) -> Who {
    use sea_orm::{ColumnTrait, QueryFilter};
    let u = user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await.expect("q").expect("user");
    Who { id: u.id, role: domain::Role::parse(&u.role).expect("role"), partner_id: u.partner_id }
}

async fn deliver_all(db: &sea_orm::DatabaseConnection, sink: &SmtpSink) {
    while deliver_batch(db, &relay(sink), &worker(), Utc::now).await.expect("deliver") > 0 {}
}

fn plan_at(at: &str, mode: &str, place: &str) -> domain::mentoring::PlanInput {
    domain::mentoring::PlanInput {
        plan_at: at.into(),
        plan_minutes: "60".into(),
        plan_mode: Some(mode.into()),
        plan_place: place.into(),
        plan_public_place: None,
    }
}

async fn planned_sessions_invite_both_sides_and_follow_every_change(t: TestDb) {
    let db = &t.db;
    assert!(demo::load_if_empty(db, t0()).await.expect("demo"));
    let sink = SmtpSink::start(&[]);
    deliver_all(db, &sink).await;
    let already = sink.messages().len();
    let ruth = demo_who(db, "ruth.bennett@example.org").await;
    let kofi = demo_who(db, "kofi.asante@northfield.example").await;
    let coordinator = demo_who(db, "coordinator@northfield.example").await;
    let marcus = demo_who(db, "marcus.lee@example.org").await;
    let kofi_match = relationships::match_of(db, kofi.id).await.expect("q").expect("Kofi's match");

    // Nobody outside the pair plans their sessions; the coordinator reads the page only.
    let input = plan_at("2027-03-27T16:00", "in_person", "The park");
    assert!(matches!(
        planned_sessions::plan(db, marcus, kofi_match, None, &input, None, t0()).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        planned_sessions::plan(db, coordinator, kofi_match, None, &input, None, t0()).await,
        Err(ServiceError::Forbidden)
    ));
    // A session in the past, or after the planned end, is refused with a reason.
    let past = plan_at("2026-11-30T16:00", "online", "https://meet.example.org/a");
    assert!(
        matches!(planned_sessions::plan(db, ruth, kofi_match, None, &past, None, t0()).await, Err(ServiceError::Validation(e)) if e.get("plan_at").is_some())
    );

    // Ruth plans the Saturday before the clocks change, at the school whatever she typed...
    let id = planned_sessions::plan(db, ruth, kofi_match, None, &input, None, t0()).await.expect("plan");
    let page = mentoring::page(db, kofi, kofi_match, t0()).await.expect("page");
    assert_eq!(page.planned.len(), 1);
    assert_eq!(page.planned[0].when, "Saturday 27 March 2027, 16:00 to 17:00");
    assert!(page.planned[0].place.contains("Northfield"), "{:?}", page.planned[0]);
    // ...Kofi moves it to the Sunday after (BST); the feed holds the moved session.
    let moved = plan_at("2027-03-28T16:00", "in_person", "");
    assert_eq!(planned_sessions::plan(db, kofi, kofi_match, Some(id), &moved, None, t0()).await.expect("move"), id);
    let token = calendar_feed::new_feed(db, ruth.id, t0()).await.expect("feed");
    let feed_path = sink.dir.join("ruth-feed.ics");
    std::fs::write(&feed_path, calendar_feed::feed(db, &token, t0()).await.expect("q").expect("feed")).expect("write");
    // Ruth calls it off: both calendars drop it.
    planned_sessions::cancel(db, ruth, id, t0()).await.expect("cancel");
    assert!(mentoring::page(db, ruth, kofi_match, t0()).await.expect("page").planned.is_empty());
    assert!(matches!(planned_sessions::cancel(db, kofi, id, t0()).await, Err(ServiceError::Validation(_))));

    deliver_all(db, &sink).await;
    let msgs: Vec<_> = sink.messages().into_iter().skip(already).collect();
    assert_eq!(msgs.len(), 6, "an invitation, a change and a cancellation for each side");
    for (i, m) in msgs.iter().enumerate() {
        let to_ruth = i % 2 == 0;
        let cal = str_of(m, "calendar");
        if to_ruth {
            assert_eq!(str_of(m, "to"), "ruth.bennett@example.org");
            assert_eq!(str_of(m, "cc"), "");
            assert!(!cal.contains("kofi.asante@") && !cal.contains("coordinator@"), "{cal}");
        } else {
            // The pupil's invitation copies the coordinator and never names the mentor's address.
            assert_eq!(str_of(m, "to"), "kofi.asante@northfield.example");
            assert_eq!(str_of(m, "cc"), "coordinator@northfield.example");
            assert!(!cal.contains("ruth.bennett@") && !cal.contains("coordinator@"), "{cal}");
        }
    }
    for (m, prefix) in
        msgs.iter().zip(["Invitation: ", "Invitation: ", "Changed: ", "Changed: ", "Cancelled: ", "Cancelled: "])
    {
        assert!(str_of(m, "subject").starts_with(prefix), "{}", str_of(m, "subject"));
    }
    let events = parse_ics(&files_of(&msgs));
    assert_eq!(events.len(), 6, "{events:?}");
    let uid = str_of(&events[0], "uid").to_string();
    assert!(events.iter().all(|e| str_of(e, "uid") == uid), "one UID for the session");
    let seqs: Vec<i64> = events.iter().map(|e| e["sequence"].as_i64().expect("seq")).collect();
    assert!(seqs[0] == seqs[1] && seqs[2] == seqs[3] && seqs[4] == seqs[5], "{seqs:?}");
    assert!(seqs[0] < seqs[2] && seqs[2] < seqs[4], "the SEQUENCE rises with each change: {seqs:?}");
    // 16:00 in London is 16:00 UTC on the Saturday (GMT) and 15:00 UTC on the Sunday (BST).
    assert_eq!(str_of(&events[0], "start_utc"), "2027-03-27T16:00:00Z");
    assert_eq!(str_of(&events[0], "end_utc"), "2027-03-27T17:00:00Z");
    assert_eq!(str_of(&events[2], "start_utc"), "2027-03-28T15:00:00Z");
    assert_eq!(str_of(&events[2], "tzid"), "Europe/London");
    assert!(str_of(&events[1], "location").contains("Northfield"));
    assert_eq!(events[1]["attendees"], serde_json::json!(["mailto:kofi.asante@northfield.example"]));
    assert_eq!((str_of(&events[5], "method"), str_of(&events[5], "status")), ("CANCEL", "CANCELLED"));
    // Ruth's feed holds her workshop and the session as it stood before it was called off.
    let feed = parse_ics(&[feed_path]);
    let session = feed.iter().find(|e| str_of(e, "uid") == uid).expect("the session is in the feed");
    assert_eq!(str_of(session, "start_utc"), "2027-03-28T15:00:00Z");
    assert_eq!(session["attendees"], serde_json::json!([]));

    // Ending a match calls off what it still had planned.
    let leah = demo_who(db, "leah.carter@example.net").await;
    let leah_match = relationships::match_of(db, leah.id).await.expect("q").expect("Leah's match");
    let online = plan_at("2027-01-14T18:00", "online", "https://meet.example.org/leah");
    planned_sessions::plan(db, leah, leah_match, None, &online, None, t0()).await.expect("plan");
    let close = domain::mentoring::CloseInput { reason: Some("mentor_withdrew".into()), note: "Moving abroad".into() };
    mentoring::close(db, marcus, leah_match, &close, t0()).await.expect("close");
    let before = sink.messages().len();
    deliver_all(db, &sink).await;
    let after: Vec<_> = sink.messages().into_iter().skip(before).collect();
    let cancels: Vec<_> =
        after.iter().filter(|m| str_of(m, "subject").starts_with("Cancelled: Tandem mentoring")).collect();
    assert_eq!(cancels.len(), 2, "both sides' calendars drop the session");
    let ev = parse_ics(&files_of(&cancels.into_iter().cloned().collect::<Vec<_>>()));
    assert_eq!(str_of(&ev[0], "start_utc"), "2027-01-14T18:00:00Z");
    assert_eq!(str_of(&ev[0], "method"), "CANCEL");
}
