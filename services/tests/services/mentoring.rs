//! Service tests for active mentoring, on the demo's two pairs (SQLite and PostgreSQL):
//! under-18 routing (no path lets a mentor reach a pupil directly or see their contact
//! details), moderation holds, sessions logged and confirmed, consent to share contact
//! details and its withdrawal, closure locking messages, and the mentor's next match.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::Role;
use domain::matching::RunScope;
use domain::mentoring::{CloseInput, ExitSurveyInput, MessageStatus, SessionInput, Viewer};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use services::entities::{mentoring_match, user};
use services::mentoring;
use services::relationships::{self, Who};
use services::testing::TestDb;
use services::{ServiceError, demo, matching, notifications};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("time")
}

async fn who(t: &TestDb, email: &str) -> (Who, user::Model) {
    let u = user::Entity::find().filter(user::Column::Email.eq(email)).one(&t.db).await.expect("q").expect("user");
    let role = Role::parse(&u.role).expect("role");
    (Who { id: u.id, role, partner_id: u.partner_id }, u)
}

async fn match_of(t: &TestDb, young: i64) -> i64 {
    mentoring_match::Entity::find()
        .filter(mentoring_match::Column::YoungPersonId.eq(young))
        .one(&t.db)
        .await
        .expect("q")
        .expect("a match")
        .id
}

fn field_error<T: std::fmt::Debug>(r: Result<T, ServiceError>) -> String {
    match r {
        Err(ServiceError::Validation(e)) => e.to_string(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

on_both!(under_18_contact_goes_only_through_the_coordinator, adult_pair_sessions_consent_and_closure);

async fn under_18_contact_goes_only_through_the_coordinator(t: TestDb) {
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let (ruth, _) = who(&t, "ruth.bennett@example.org").await;
    let (kofi, kofi_user) = who(&t, "kofi.asante@northfield.example").await;
    let (coordinator, _) = who(&t, "coordinator@northfield.example").await;
    let (employer_lead, _) = who(&t, "lead@brightwater.example").await;
    let (marcus, _) = who(&t, "marcus.lee@example.org").await;
    let (staff, _) = who(&t, "staff@tandem.example").await;
    let id = match_of(&t, kofi.id).await;

    // Who may open the match at all.
    assert_eq!(mentoring::page(&t.db, ruth, id, t0()).await.expect("mentor").viewer, Viewer::Mentor);
    assert_eq!(mentoring::page(&t.db, coordinator, id, t0()).await.expect("coordinator").viewer, Viewer::Coordinator);
    for outsider in [marcus, employer_lead] {
        assert!(matches!(mentoring::page(&t.db, outsider, id, t0()).await, Err(ServiceError::NotFound)));
    }

    // A plain message from the mentor waits for the coordinator; the pupil does not see it yet.
    let sent = mentoring::send_message(&t.db, ruth, id, "See you on Thursday, Kofi!", t0()).await.expect("send");
    assert_eq!(sent, MessageStatus::AwaitingCoordinator);
    let kofi_page = mentoring::page(&t.db, kofi, id, t0()).await.expect("page");
    assert!(kofi_page.messages.is_empty(), "not delivered until the coordinator relays it");
    // Replies from the pupil go the same way.
    let reply = mentoring::send_message(&t.db, kofi, id, "Thanks, see you then", t0()).await.expect("reply");
    assert_eq!(reply, MessageStatus::AwaitingCoordinator);
    // Only Kofi's own coordinator sees the queue and can relay.
    let queue = mentoring::relay_queue(&t.db, coordinator.partner_id.expect("school"), t0()).await.expect("queue");
    assert_eq!(queue.len(), 2);
    let other_queue =
        mentoring::relay_queue(&t.db, employer_lead.partner_id.expect("employer"), t0()).await.expect("other");
    assert!(other_queue.is_empty());
    assert!(matches!(
        mentoring::relay_message(&t.db, employer_lead, queue[0].id, true, t0()).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        mentoring::relay_message(&t.db, ruth, queue[0].id, true, t0()).await,
        Err(ServiceError::NotFound)
    ));
    assert_eq!(
        mentoring::relay_message(&t.db, coordinator, queue[0].id, true, t0()).await.expect("relay"),
        MessageStatus::Delivered
    );
    let kofi_page = mentoring::page(&t.db, kofi, id, t0()).await.expect("page");
    assert_eq!(kofi_page.messages.len(), 2, "the relayed message and his own");
    assert!(kofi_page.messages.iter().any(|m| m.body == "See you on Thursday, Kofi!" && !m.mine));

    // A message with contact details is held for staff first; approved, it still goes to the
    // coordinator, never straight to the pupil.
    let held = mentoring::send_message(&t.db, ruth, id, "text me on 07700 900 123", t0()).await.expect("held");
    assert_eq!(held, MessageStatus::Held);
    let review = mentoring::held_messages(&t.db, 10).await.expect("held list");
    let h = review.iter().find(|m| m.body.contains("07700")).expect("in the review queue");
    assert!(h.reasons.iter().any(|r| r.contains("phone")), "{:?}", h.reasons);
    let next = mentoring::review_message(&t.db, staff.id, h.id, true, t0()).await.expect("approve");
    assert_eq!(next, MessageStatus::AwaitingCoordinator);
    // One the team stops tells its sender why, in words they can act on.
    mentoring::send_message(&t.db, ruth, id, "my email is ruth@example.org", t0()).await.expect("held");
    let stopped = mentoring::held_messages(&t.db, 10).await.expect("held list");
    let s = stopped.iter().find(|m| m.body.contains("ruth@example.org")).expect("held");
    assert_eq!(
        mentoring::review_message(&t.db, staff.id, s.id, false, t0()).await.expect("stop"),
        MessageStatus::NotDelivered
    );
    let ruth_view = mentoring::page(&t.db, ruth, id, t0()).await.expect("page");
    let mine = ruth_view.messages.iter().find(|m| m.body.contains("ruth@example.org")).expect("kept for its sender");
    assert!(mine.status_text.contains("an email address") && mine.status_text.contains("send it again"), "{mine:?}");

    // No contact details, ever: consent is refused and the page never carries them.
    assert!(field_error(mentoring::set_contact_consent(&t.db, ruth, id, true, t0()).await).contains("never shared"));
    let ruth_page = mentoring::page(&t.db, ruth, id, t0()).await.expect("page");
    assert!(ruth_page.contact_sharing.is_none());
    let json = serde_json::to_string(&ruth_page).expect("json");
    assert!(!json.contains(&kofi_user.email), "the pupil's email never reaches the mentor");

    // In-person sessions are at the school, whatever is typed.
    let s = SessionInput {
        held_on: (t0() - Duration::days(3)).format("%Y-%m-%d").to_string(),
        minutes: "60".into(),
        mode: Some("in_person".into()),
        place: "The park".into(),
        public_place: None,
        discussed: "Work experience".into(),
        progress: String::new(),
    };
    mentoring::log_session(&t.db, ruth, id, &s, None, t0()).await.expect("log");
    let page = mentoring::page(&t.db, kofi, id, t0()).await.expect("page");
    assert!(page.sessions.iter().all(|s| s.place.starts_with("Northfield Academy")), "{:?}", page.sessions);
}

async fn adult_pair_sessions_consent_and_closure(t: TestDb) {
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let (marcus, marcus_user) = who(&t, "marcus.lee@example.org").await;
    let (leah, leah_user) = who(&t, "leah.carter@example.net").await;
    let (staff, _) = who(&t, "staff@tandem.example").await;
    let id = match_of(&t, leah.id).await;

    // Goals came from Leah's application; two months without sessions are overdue.
    let page = mentoring::page(&t.db, marcus, id, t0()).await.expect("page");
    assert_eq!(page.goals.len(), 2);
    assert_eq!(page.plan.len(), 12);
    assert_eq!(page.overdue, 2, "started 70 days ago: two monthly windows passed without a session");

    // Marcus logs three sessions; he cannot confirm his own; Leah confirms them.
    for days_ago in [60, 35, 5] {
        let s = SessionInput {
            held_on: (t0() - Duration::days(days_ago)).format("%Y-%m-%d").to_string(),
            minutes: "60".into(),
            mode: Some("online".into()),
            place: "https://meet.example/marcus-leah".into(),
            public_place: None,
            discussed: "CV and interview practice".into(),
            progress: "Good".into(),
        };
        let sid = mentoring::log_session(&t.db, marcus, id, &s, None, t0()).await.expect("log");
        assert!(field_error(mentoring::confirm_session(&t.db, marcus, sid, t0()).await).contains("other person"));
        mentoring::confirm_session(&t.db, leah, sid, t0()).await.expect("confirm");
    }
    let page = mentoring::page(&t.db, leah, id, t0()).await.expect("page");
    assert_eq!(page.sessions.len(), 3);
    assert!(page.sessions.iter().all(|s| s.confirmed));
    assert_eq!(page.overdue, 0);

    // Consent to share contact details: only when both agree, and withdrawable.
    mentoring::set_contact_consent(&t.db, marcus, id, true, t0()).await.expect("marcus agrees");
    let c = mentoring::page(&t.db, marcus, id, t0()).await.expect("page").contact_sharing.expect("adults");
    assert!(c.mine && !c.theirs && c.contact.is_none());
    mentoring::set_contact_consent(&t.db, leah, id, true, t0()).await.expect("leah agrees");
    let c = mentoring::page(&t.db, marcus, id, t0()).await.expect("page").contact_sharing.expect("adults");
    assert_eq!(c.contact.as_deref(), Some(leah_user.email.as_str()));
    let c = mentoring::page(&t.db, leah, id, t0()).await.expect("page").contact_sharing.expect("adults");
    assert_eq!(c.contact.as_deref(), Some(marcus_user.email.as_str()));
    mentoring::set_contact_consent(&t.db, leah, id, false, t0()).await.expect("leah withdraws");
    for side in [marcus, leah] {
        let c = mentoring::page(&t.db, side, id, t0()).await.expect("page").contact_sharing.expect("adults");
        assert!(c.contact.is_none(), "withdrawn consent hides the details from both");
    }

    // Adult messages: delivered directly, unless the filter holds them for staff.
    assert_eq!(
        mentoring::send_message(&t.db, marcus, id, "Great session today", t0()).await.expect("send"),
        MessageStatus::Delivered
    );
    let held = mentoring::send_message(&t.db, marcus, id, "add me on w h a t s a p p", t0()).await.expect("send held");
    assert_eq!(held, MessageStatus::Held);
    let leah_sees = mentoring::page(&t.db, leah, id, t0()).await.expect("page").messages;
    assert_eq!(leah_sees.len(), 1, "the held one is not delivered");
    let h = mentoring::held_messages(&t.db, 10).await.expect("held")[0].id;
    assert_eq!(mentoring::review_message(&t.db, staff.id, h, true, t0()).await.expect("ok"), MessageStatus::Delivered);
    assert_eq!(mentoring::page(&t.db, leah, id, t0()).await.expect("page").messages.len(), 2);
    assert!(field_error(mentoring::review_message(&t.db, staff.id, h, true, t0()).await).contains("already"));
    // A held message still waiting when the pair closes is never delivered.
    mentoring::send_message(&t.db, leah, id, "my email is leah@example.net", t0()).await.expect("held");

    // Closure: early with a reason; then nothing more can be sent or logged.
    let bad = CloseInput { reason: Some("completed".into()), note: String::new() };
    assert!(field_error(mentoring::close(&t.db, marcus, id, &bad, t0()).await).contains("nine months"));
    assert!(!relationships::end_evaluation_open(&t.db, leah.id, t0()).await.expect("open?"), "not before the end");
    let close = CloseInput { reason: Some("goals_met".into()), note: "Leah has a job offer".into() };
    mentoring::close(&t.db, marcus, id, &close, t0()).await.expect("close");
    assert!(relationships::end_evaluation_open(&t.db, leah.id, t0()).await.expect("open?"), "open once it ends");
    assert!(field_error(mentoring::send_message(&t.db, leah, id, "hello?", t0()).await).contains("ended"));
    assert!(field_error(mentoring::send_message(&t.db, marcus, id, "hello?", t0()).await).contains("ended"));
    assert!(mentoring::held_messages(&t.db, 10).await.expect("held").is_empty(), "the waiting one was stopped");
    let page = mentoring::page(&t.db, leah, id, t0()).await.expect("page");
    assert!(!page.active && page.exit_survey_due);
    assert!(page.closed.as_deref().is_some_and(|c| c.contains("goals were met")));
    assert!(page.contact_sharing.expect("adults").contact.is_none());
    let survey = ExitSurveyInput { rating: Some("5".into()), nps: Some("9".into()), comment: "Thank you".into() };
    mentoring::exit_survey(&t.db, leah, id, &survey, t0()).await.expect("survey");
    assert!(field_error(mentoring::exit_survey(&t.db, leah, id, &survey, t0()).await).contains("already"));

    // Leah has finished; Marcus rests until he says yes to a new match.
    let waiting = matching::waiting(&t.db, &RunScope::Everyone, Some(leah.id), t0()).await.expect("waiting");
    assert!(waiting.is_empty());
    assert!(relationships::mentor_resting(&t.db, marcus.id).await.expect("resting"));
    assert!(matching::available(&t.db, Some(marcus.id), t0()).await.expect("available").is_empty());
    // Leah is reminded of her end-of-mentoring questionnaire.
    mentoring::send_reminders(&t.db, t0()).await.expect("reminders");
    let notes = notifications::notifications(&t.db, leah.id, 10).await.expect("notes");
    assert!(notes.iter().any(|n| n.0.contains("end-of-mentoring questionnaire")), "{notes:?}");
    mentoring::new_match_answer(&t.db, marcus.id, true, t0()).await.expect("yes");
    assert_eq!(matching::available(&t.db, Some(marcus.id), t0()).await.expect("available").len(), 1);
}

on_both!(checkins_gifts_monitoring_and_reminders);

async fn checkins_gifts_monitoring_and_reminders(t: TestDb) {
    use domain::mentoring::{CheckinInput, GiftInput};
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let (marcus, _) = who(&t, "marcus.lee@example.org").await;
    let (leah, _) = who(&t, "leah.carter@example.net").await;
    let (ruth, _) = who(&t, "ruth.bennett@example.org").await;
    let (staff, _) = who(&t, "staff@tandem.example").await;
    let id = match_of(&t, leah.id).await;

    // A low pulse marks the relationship at risk and tells staff; one check-in a month.
    let low = CheckinInput { pulse: Some("2".into()), flag: "Leah missed our call".into() };
    mentoring::checkin(&t.db, marcus, id, &low, t0()).await.expect("check in");
    assert!(field_error(mentoring::checkin(&t.db, marcus, id, &low, t0()).await).contains("already"));
    assert!(field_error(mentoring::checkin(&t.db, leah, id, &CheckinInput::default(), t0()).await).contains("1"));
    let rows = mentoring::relationships(&t.db, t0(), 10).await.expect("relationships");
    let row = rows.iter().find(|r| r.match_id == id).expect("listed");
    assert_eq!(row.last_pulse, Some(2));
    assert!(row.risks.iter().any(|r| r.contains("Low check-in")), "{:?}", row.risks);
    assert!(row.risks.iter().any(|r| r.contains("without a session")), "{:?}", row.risks);
    assert_eq!(rows[0].match_id, id, "the riskiest first");
    let staff_notes = notifications::notifications(&t.db, staff.id, 5).await.expect("notes");
    assert!(staff_notes.iter().any(|n| n.0.contains("needs a look")), "{staff_notes:?}");

    // Gifts: validated, in the register, over the limit flagged; staff see everyone's.
    let bad = GiftInput { direction: None, what: String::new(), value: "lots".into(), given_on: "2026-13-01".into() };
    let e = field_error(mentoring::declare_gift(&t.db, ruth.id, &bad, t0()).await);
    for f in ["direction", "what", "value", "given_on"] {
        assert!(e.contains(f), "{e}");
    }
    let coffee = GiftInput {
        direction: Some("given".into()),
        what: "Coffee".into(),
        value: "3.20".into(),
        given_on: "2026-11-20".into(),
    };
    let watch = GiftInput {
        direction: Some("received".into()),
        what: "A watch".into(),
        value: "£60".into(),
        given_on: "2026-11-21".into(),
    };
    assert!(!mentoring::declare_gift(&t.db, ruth.id, &coffee, t0()).await.expect("coffee"), "within the limit");
    assert!(mentoring::declare_gift(&t.db, marcus.id, &watch, t0()).await.expect("watch"), "over the limit");
    let mine = mentoring::gifts(&t.db, Some(ruth.id), 10).await.expect("mine");
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].value.as_str(), mine[0].over_limit), ("£3.20", false));
    let all = mentoring::gifts(&t.db, None, 10).await.expect("all");
    assert_eq!(all.len(), 2);
    assert!(all.iter().any(|g| g.what == "A watch" && g.over_limit && g.mentor == "Marcus Lee"));

    // Reminders go out once a month per kind, however often the job runs.
    let first = mentoring::send_reminders(&t.db, t0()).await.expect("reminders");
    assert!(first > 0);
    assert_eq!(mentoring::send_reminders(&t.db, t0() + Duration::hours(1)).await.expect("again"), 0);
    let leah_notes = notifications::notifications(&t.db, leah.id, 10).await.expect("notes");
    assert!(leah_notes.iter().any(|n| n.0.contains("overdue")), "{leah_notes:?}");
    // Marcus checked in this month, Leah did not: only she is asked to.
    assert!(leah_notes.iter().any(|n| n.0.contains("check-in is due")), "{leah_notes:?}");
    let marcus_notes = notifications::notifications(&t.db, marcus.id, 50).await.expect("notes");
    assert!(marcus_notes.iter().any(|n| n.0.contains("overdue")), "{marcus_notes:?}");
    assert!(!marcus_notes.iter().any(|n| n.0.contains("check-in is due")), "{marcus_notes:?}");
    // Ruth and Kofi are on track: theirs is the "due this month" reminder; all go by email too.
    let kofi = who(&t, "kofi.asante@northfield.example").await.0;
    let kofi_notes = notifications::notifications(&t.db, kofi.id, 10).await.expect("notes");
    assert!(kofi_notes.iter().any(|n| n.0.contains("is due by")), "{kofi_notes:?}");
    let mails = services::outbox::pending(&t.db, 200).await.expect("outbox");
    assert!(mails.iter().any(|m| m.subject == "A reminder from Tandem" && m.body.contains("is due by")));
    // Once Leah checks in, her dashboard no longer asks her to; once a session is logged,
    // neither side is told it is due or overdue.
    let fine = CheckinInput { pulse: Some("4".into()), flag: String::new() };
    mentoring::checkin(&t.db, leah, id, &fine, t0()).await.expect("leah checks in");
    let leah_notes = notifications::notifications(&t.db, leah.id, 10).await.expect("notes");
    assert!(!leah_notes.iter().any(|n| n.0.contains("check-in is due")), "{leah_notes:?}");
    let session = domain::mentoring::SessionInput {
        held_on: (t0() - Duration::days(1)).format("%Y-%m-%d").to_string(),
        minutes: "60".into(),
        mode: Some("online".into()),
        place: "https://meet.example.org/leah".into(),
        public_place: None,
        discussed: "Her CV".into(),
        progress: "Good".into(),
    };
    mentoring::log_session(&t.db, marcus, id, &session, None, t0()).await.expect("log");
    for person in [leah.id, marcus.id] {
        let notes = notifications::notifications(&t.db, person, 50).await.expect("notes");
        assert!(!notes.iter().any(|n| n.0.contains("overdue") || n.0.contains("is due by")), "{notes:?}");
    }
}

on_both!(how_is_it_going_after_the_third_session);

/// After the third confirmed session each side answers privately; "not working" is a risk
/// in staff monitoring and can open a thread with the team, linked to the match.
async fn how_is_it_going_after_the_third_session(t: TestDb) {
    use domain::enquiries::EnquiryStatus;
    use domain::how_going::{HowGoing, HowGoingInput};
    use services::{enquiries, how_going, privacy};
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let (marcus, _) = who(&t, "marcus.lee@example.org").await;
    let (leah, _) = who(&t, "leah.carter@example.net").await;
    let (ruth, _) = who(&t, "ruth.bennett@example.org").await;
    let (staff, _) = who(&t, "staff@tandem.example").await;
    let id = match_of(&t, leah.id).await;
    let answer = |a: &str, comment: &str| HowGoingInput { answer: Some(a.into()), comment: comment.into() };
    let db = &t.db;
    let asked = move |user: i64| async move {
        notifications::notifications(db, user, 20)
            .await
            .expect("notes")
            .iter()
            .filter(|n| n.0.starts_with("Three sessions in: how is it going"))
            .count()
    };

    // Not before the third confirmed session.
    assert!(
        field_error(how_going::answer(&t.db, leah, id, &answer("well", ""), t0()).await).contains("third confirmed")
    );
    for (i, days_ago) in [60, 35, 5].into_iter().enumerate() {
        assert!(mentoring::page(&t.db, leah, id, t0()).await.expect("page").how_going.is_none());
        let s = SessionInput {
            held_on: (t0() - Duration::days(days_ago)).format("%Y-%m-%d").to_string(),
            minutes: "60".into(),
            mode: Some("online".into()),
            place: "https://meet.example/marcus-leah".into(),
            public_place: None,
            discussed: "CV".into(),
            progress: String::new(),
        };
        let sid = mentoring::log_session(&t.db, marcus, id, &s, None, t0()).await.expect("log");
        assert_eq!(asked(leah.id).await, 0, "not asked after {i} sessions");
        mentoring::confirm_session(&t.db, leah, sid, t0()).await.expect("confirm");
        // Confirming twice asks nobody twice.
        mentoring::confirm_session(&t.db, leah, sid, t0()).await.expect("again");
    }
    assert_eq!((asked(leah.id).await, asked(marcus.id).await), (1, 1), "both sides asked once");
    let card = mentoring::page(&t.db, leah, id, t0()).await.expect("page").how_going.expect("asked");
    assert_eq!((card.answer, card.advice), (None, None));
    assert!(mentoring::page(&t.db, staff, id, t0()).await.expect("page").how_going.is_none(), "staff are not asked");

    // Only the pair answer; an answer must be one of the three.
    assert!(matches!(how_going::answer(&t.db, ruth, id, &answer("well", ""), t0()).await, Err(ServiceError::NotFound)));
    assert!(matches!(
        how_going::answer(&t.db, staff, id, &answer("well", ""), t0()).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(field_error(how_going::answer(&t.db, leah, id, &answer("meh", ""), t0()).await).contains("Choose"));
    // Advice comes after an answer.
    assert!(
        field_error(how_going::ask_team(&t.db, leah, id, "We never find a time to meet.", t0()).await)
            .contains("first")
    );

    // Leah says it is not working: staff are told, the relationship is at risk, and Marcus
    // sees nothing of it.
    let said = how_going::answer(&t.db, leah, id, &answer("not_working", "We never agree on a time"), t0()).await;
    assert_eq!(said.expect("answer"), HowGoing::NotWorking);
    let staff_notes = notifications::notifications(&t.db, staff.id, 10).await.expect("notes");
    assert_eq!(staff_notes.iter().filter(|n| n.0.contains("says it is not working")).count(), 1, "{staff_notes:?}");
    let marcus_page = mentoring::page(&t.db, marcus, id, t0()).await.expect("page");
    assert_eq!(marcus_page.how_going.as_ref().expect("asked").answer, None);
    let json = serde_json::to_string(&marcus_page).expect("json");
    assert!(!json.contains("NotWorking") && !json.contains("agree on a time"), "private from the other side");
    let rows = mentoring::relationships(&t.db, t0(), 10).await.expect("relationships");
    let row = rows.iter().find(|r| r.match_id == id).expect("listed");
    assert_eq!(row.how_going, vec!["Young person: not working".to_string()]);
    assert!(row.risks.contains(&"Young person says it is not working".to_string()), "{:?}", row.risks);
    let overview = services::programme::overview(&t.db, t0()).await.expect("overview");
    assert!(overview.at_risk.contains(&("Someone says it is not working".to_string(), 1)), "{:?}", overview.at_risk);

    // Marcus thinks it is going well; both answers are listed, his first.
    how_going::answer(&t.db, marcus, id, &answer("well", ""), t0()).await.expect("marcus");
    let rows = mentoring::relationships(&t.db, t0(), 10).await.expect("relationships");
    let row = rows.iter().find(|r| r.match_id == id).expect("listed");
    assert_eq!(row.how_going, vec!["Mentor: going well".to_string(), "Young person: not working".to_string()]);

    // Leah asks the team for advice: a thread about her match, in the staff queue.
    assert!(field_error(how_going::ask_team(&t.db, leah, id, "help", t0()).await).contains("at least 10"));
    let thread = how_going::ask_team(&t.db, leah, id, "We never find a time to meet.", t0()).await.expect("ask");
    let open = enquiries::queue(&t.db, EnquiryStatus::Open).await.expect("queue");
    let row = open.rows.iter().find(|r| r.id == thread).expect("in the open queue");
    assert_eq!(row.topic, "My match");
    assert_eq!(enquiries::for_staff(&t.db, thread).await.expect("thread").match_id, Some(id));
    let card = mentoring::page(&t.db, leah, id, t0()).await.expect("page").how_going.expect("card");
    assert_eq!(card.answer, Some(HowGoing::NotWorking));
    assert_eq!(card.comment, "We never agree on a time", "her own words, to change with her answer");
    assert_eq!(card.advice.as_ref().map(|a| (a.id, a.status.as_str())), Some((thread, "Waiting for the team")));
    let staff_page = mentoring::page(&t.db, staff, id, t0()).await.expect("page");
    assert_eq!(staff_page.how_going_answers.len(), 2);
    assert_eq!(staff_page.advice_threads.iter().map(|a| a.id).collect::<Vec<_>>(), vec![thread]);
    // Outsiders, including Marcus, see neither the answers nor the thread.
    assert!(mentoring::page(&t.db, marcus, id, t0()).await.expect("page").advice_threads.is_empty());
    assert!(matches!(
        how_going::ask_team(&t.db, ruth, id, "Let me in on this one", t0()).await,
        Err(ServiceError::NotFound)
    ));

    // Staff answer; more from Leah goes into the same thread, which opens again.
    enquiries::reply(&t.db, staff.id, thread, "Let us set up a call with you both.", false, "https://t.example", t0())
        .await
        .expect("reply");
    let card = mentoring::page(&t.db, leah, id, t0()).await.expect("page").how_going.expect("card");
    assert_eq!(card.advice.expect("thread").status, "Answered");
    let again = how_going::ask_team(&t.db, leah, id, "Thursday evenings work for me.", t0()).await.expect("again");
    assert_eq!(again, thread);
    let t2 = enquiries::for_staff(&t.db, thread).await.expect("thread");
    assert_eq!((t2.messages.len(), t2.status), (3, EnquiryStatus::Open));

    // Her answer is hers: in her download.
    let export = privacy::export(&t.db, leah.id, None, t0()).await.expect("export");
    assert_eq!(export["how_is_it_going"][0]["answer"], "not_working", "{}", export["how_is_it_going"]);

    // Changing her mind clears the risk and tells staff nothing new.
    how_going::answer(&t.db, leah, id, &answer("not_sure", ""), t0()).await.expect("change");
    let rows = mentoring::relationships(&t.db, t0(), 10).await.expect("relationships");
    let row = rows.iter().find(|r| r.match_id == id).expect("listed");
    assert!(!row.risks.iter().any(|r| r.contains("not working")), "{:?}", row.risks);
    assert_eq!(row.how_going[1], "Young person: not sure yet");
    let staff_notes = notifications::notifications(&t.db, staff.id, 10).await.expect("notes");
    assert_eq!(staff_notes.iter().filter(|n| n.0.contains("says it is not working")).count(), 1);
}

on_both!(safer_sessions_online_first_video_rooms_and_public_places);

/// An adult pair meet online first (staff set how many sessions), each match has its own
/// unguessable video room that only the pair (and an under-18's coordinator) are given, and
/// an in-person venue is a public place the person confirms, never a home.
async fn safer_sessions_online_first_video_rooms_and_public_places(t: TestDb) {
    use services::{planned_sessions, settings};
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let (marcus, _) = who(&t, "marcus.lee@example.org").await;
    let (leah, _) = who(&t, "leah.carter@example.net").await;
    let (ruth, _) = who(&t, "ruth.bennett@example.org").await;
    let (kofi, _) = who(&t, "kofi.asante@northfield.example").await;
    let (coordinator, _) = who(&t, "coordinator@northfield.example").await;
    let (staff, _) = who(&t, "staff@tandem.example").await;
    let id = match_of(&t, leah.id).await;
    let kofi_match = match_of(&t, kofi.id).await;
    let video = Some("https://video.example.org/");
    let session = |mode: &str, place: &str, public: bool, days_ago: i64| SessionInput {
        held_on: (t0() - Duration::days(days_ago)).format("%Y-%m-%d").to_string(),
        minutes: "60".into(),
        mode: Some(mode.into()),
        place: place.into(),
        public_place: public.then(|| "on".into()),
        discussed: "Goals".into(),
        progress: String::new(),
    };

    // Two online sessions first (the default), then in person is possible.
    let page = mentoring::page(&t.db, leah, id, t0()).await.expect("page");
    assert_eq!(page.rules.online_to_go, 2);
    let library = session("in_person", "Leeds Central Library", true, 50);
    let e = field_error(mentoring::log_session(&t.db, marcus, id, &library, video, t0()).await);
    assert!(e.contains("Meet online first: 2 more online sessions"), "{e}");
    // Online with the link left empty: the pair's video room.
    mentoring::log_session(&t.db, marcus, id, &session("online", "", false, 60), video, t0()).await.expect("room");
    let room = mentoring::page(&t.db, leah, id, t0()).await.expect("page").video_room.expect("a room for the pair");
    assert!(room.starts_with("tandem-") && room.len() == 39, "{room}");
    let logged = mentoring::page(&t.db, marcus, id, t0()).await.expect("page");
    assert_eq!(logged.sessions[0].place, format!("https://video.example.org/{room}"));
    assert_eq!(logged.video_room.as_deref(), Some(room.as_str()), "the same room for both, every time");
    // Without a video service, a link must be typed.
    let e = field_error(mentoring::log_session(&t.db, marcus, id, &session("online", "", false, 40), None, t0()).await);
    assert!(e.contains("meeting link"), "{e}");
    // Staff raise it to three; the pair have had one online session, so two more to go.
    assert!(field_error(settings::set_online_sessions_first(&t.db, staff.id, "13", t0()).await).contains("0 to 12"));
    settings::set_online_sessions_first(&t.db, staff.id, "3", t0()).await.expect("set");
    let shown = settings::current(&t.db, None).await.expect("settings");
    assert_eq!(shown.online_sessions_first, 3);
    assert_eq!(shown.changed.as_deref(), Some("Changed by Sam Whitfield on 23 November 2026"));
    assert_eq!(mentoring::page(&t.db, leah, id, t0()).await.expect("page").rules.online_to_go, 2);
    for days_ago in [40, 30] {
        mentoring::log_session(
            &t.db,
            leah,
            id,
            &session("online", "https://meet.example/x", false, days_ago),
            None,
            t0(),
        )
        .await
        .expect("online");
    }
    assert_eq!(mentoring::page(&t.db, leah, id, t0()).await.expect("page").rules.online_to_go, 0);

    // In person: a public place, confirmed; never a home, whatever the box says.
    let unconfirmed = session("in_person", "Leeds Central Library", false, 20);
    assert!(
        field_error(mentoring::log_session(&t.db, leah, id, &unconfirmed, None, t0()).await).contains("public place")
    );
    let home = session("in_person", "Marcus's flat", true, 20);
    assert!(
        field_error(mentoring::log_session(&t.db, leah, id, &home, None, t0()).await)
            .contains("never at anyone's home")
    );
    mentoring::log_session(&t.db, leah, id, &session("in_person", "Leeds Central Library", true, 20), None, t0())
        .await
        .expect("library");
    let plan = domain::mentoring::PlanInput {
        plan_at: "2026-12-03T17:30".into(),
        plan_minutes: "60".into(),
        plan_mode: Some("in_person".into()),
        plan_place: "Our house".into(),
        plan_public_place: Some("on".into()),
    };
    let e = field_error(planned_sessions::plan(&t.db, marcus, id, None, &plan, None, t0()).await);
    assert!(e.contains("never at anyone's home"), "{e}");

    // Under-18s meet at their partner's premises from the start; the coordinator has the
    // room, staff and outsiders do not.
    let kofi_page = mentoring::page(&t.db, kofi, kofi_match, t0()).await.expect("page");
    assert_eq!(kofi_page.rules.online_to_go, 0);
    assert!(kofi_page.rules.partner_venue.as_deref().is_some_and(|v| v.contains("Northfield")));
    let kofi_room = kofi_page.video_room.expect("room");
    assert_ne!(kofi_room, room, "each match has its own room");
    let coordinator_page = mentoring::page(&t.db, coordinator, kofi_match, t0()).await.expect("page");
    assert_eq!(coordinator_page.video_room.as_deref(), Some(kofi_room.as_str()));
    assert_eq!(mentoring::page(&t.db, ruth, kofi_match, t0()).await.expect("page").video_room, Some(kofi_room));
    assert!(mentoring::page(&t.db, staff, kofi_match, t0()).await.expect("page").video_room.is_none());
    assert!(matches!(mentoring::page(&t.db, marcus, kofi_match, t0()).await, Err(ServiceError::NotFound)));
}
