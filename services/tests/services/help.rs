//! Help on SQLite and PostgreSQL: the help centre's shipped answers, its search and staff
//! edits kept as versions; messages to the team, answered from the staff queue; getting
//! involved; and the opportunities board.

use chrono::{TimeZone, Utc};
use domain::documents::DocumentInput;
use domain::enquiries::EnquiryInput;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::entities::user;
use services::testing::TestDb;
use services::{ServiceError, approvals, documents, enquiries, matching, policies};

on_both!(
    the_help_centre_answers_and_searches,
    staff_edits_are_new_versions,
    policies_are_read_accepted_and_asked_again,
    messages_to_the_team_are_answered_and_kept,
    messages_to_the_team_are_throttled,
    offers_to_get_involved_reach_the_queue_with_their_details,
    sign_ups_are_counted_for_whoever_brought_them,
    opportunities_are_approved_fitted_and_taken_up
);

async fn the_help_centre_answers_and_searches(t: TestDb) {
    let all = documents::help_centre(&t.db, "").await.expect("help");
    assert_eq!(all.total, 10);
    assert_eq!(all.shown(), 10);
    let slugs: Vec<&str> = all.sections.iter().flat_map(|s| s.answers.iter().map(|a| a.slug.as_str())).collect();
    for needed in
        ["payment", "training-time", "not-matched-yet", "not-clicking", "where-to-meet", "worrying-disclosure"]
    {
        assert!(slugs.contains(&needed), "{needed} in {slugs:?}");
    }
    assert_eq!(all.sections[0].title, "Joining and training", "sections keep their order");

    let gifts = documents::help_centre(&t.db, "  BRIBERY act ").await.expect("search");
    assert_eq!(gifts.query, "BRIBERY act");
    assert_eq!(gifts.shown(), 1);
    assert_eq!(gifts.sections[0].answers[0].slug, "gifts");
    assert_eq!(gifts.total, 10);

    let none = documents::help_centre(&t.db, "helicopter").await.expect("search");
    assert_eq!((none.shown(), none.total), (0, 10));
    assert!(none.sections.is_empty());
}

async fn staff_edits_are_new_versions(t: TestDb) {
    services::demo::load_if_empty(&t.db, Utc::now()).await.expect("demo");
    let staff = user::Entity::find()
        .filter(user::Column::Email.eq("staff@tandem.example"))
        .one(&t.db)
        .await
        .expect("q")
        .expect("staff");
    let list = documents::admin_list(&t.db, documents::HELP).await.expect("list");
    let meet = list.iter().find(|d| d.title == "Where should we meet?").expect("where to meet").clone();
    assert_eq!(meet.version, 1);
    assert_eq!(meet.changed_by, "Tandem (as first published)");

    let at = Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).single().expect("time");
    let bad =
        documents::edit(&t.db, staff.id, meet.id, 1, &DocumentInput { title: " ".into(), body: "x".into() }, false, at)
            .await;
    match bad {
        Err(ServiceError::Validation(e)) => assert_eq!(e.get("title"), Some("Enter the question or title")),
        other => panic!("expected a field error, got {other:?}"),
    }

    let input = DocumentInput {
        title: "Where should we meet?".into(),
        body: "Online first.\r\n\r\nThen somewhere public:\r\n- a library\r\n- a café".into(),
    };
    assert_eq!(documents::edit(&t.db, staff.id, meet.id, 1, &input, false, at).await.expect("edit"), 2);
    // Saving the same words again adds nothing.
    assert_eq!(documents::edit(&t.db, staff.id, meet.id, 2, &input, false, at).await.expect("same"), 2);
    // An editor who started from version 1 cannot overwrite version 2 unseen.
    let stale = DocumentInput { title: "Where to meet".into(), body: "Anywhere.".into() };
    match documents::edit(&t.db, staff.id, meet.id, 1, &stale, false, at).await {
        Err(ServiceError::Validation(e)) => assert!(e.get("body").is_some_and(|m| m.contains("version 2")), "{e:?}"),
        other => panic!("expected a conflict, got {other:?}"),
    }

    let doc = documents::admin_document(&t.db, meet.id).await.expect("doc");
    assert_eq!(doc.version, 2);
    assert_eq!(doc.body, "Online first.\n\nThen somewhere public:\n- a library\n- a café");
    let history: Vec<(i32, &str)> = doc.history.iter().map(|v| (v.version, v.changed_by.as_str())).collect();
    assert_eq!(history, [(2, staff.name.as_str()), (1, "Tandem (as first published)")]);
    assert_eq!(doc.history[0].changed_on, "7 Dec 2026");

    let help = documents::help_centre(&t.db, "library").await.expect("help");
    let found = help.sections.iter().flat_map(|s| s.answers.iter()).find(|a| a.slug == "where-to-meet").expect("found");
    assert!(found.body.starts_with("Online first."), "people read the newest version");
    assert!(matches!(documents::admin_document(&t.db, 999_999).await, Err(ServiceError::NotFound)));
}

async fn policies_are_read_accepted_and_asked_again(t: TestDb) {
    let now = Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).single().expect("time");
    services::demo::load_if_empty(&t.db, now).await.expect("demo");
    // Anyone reads them: four policies, for whom, and which mentors accept.
    let list = policies::list(&t.db).await.expect("list");
    let slugs: Vec<(&str, bool)> = list.iter().map(|p| (p.slug.as_str(), p.mentors_accept)).collect();
    assert_eq!(
        slugs,
        [("safeguarding", true), ("code-of-conduct", true), ("gifts-and-hospitality", true), ("online-safety", false)]
    );
    assert_eq!(list[3].section, "For young people");
    let gifts = policies::get(&t.db, "gifts-and-hospitality").await.expect("gifts");
    assert!(gifts.body.contains("£25") && gifts.body.contains("UK Bribery Act 2010"), "{}", gifts.body);
    assert!(matches!(policies::get(&t.db, "nothing-here").await, Err(ServiceError::NotFound)));
    assert!(matches!(policies::get(&t.db, "where-to-meet").await, Err(ServiceError::NotFound)), "help is not a policy");

    // The six demo mentors ready to match accepted them; a new mentor has not.
    let ready = matching::available(&t.db, None, now).await.expect("available");
    assert_eq!(ready.len(), 6);
    let mentor = services::accounts::find(&t.db, ready[0].mentor.key).await.expect("mentor");
    assert!(policies::all_accepted(&t.db, mentor.id).await.expect("accepted"));
    let amara = account(&t, "amara.okafor@example.org").await;
    let page = policies::accept_page(&t.db, amara.id).await.expect("page");
    assert!(page.asked);
    assert_eq!(page.outstanding.len(), 3);
    assert!(page.outstanding.iter().all(|p| p.accepted_before.is_none()));
    assert!(!policies::asks_again(&t.db, amara.id).await.expect("again"), "a new mentor accepts in the journey");
    let review = approvals::review(&t.db, amara.id, now).await.expect("review");
    assert!(review.missing.iter().any(|m| m.starts_with("accept the current policies")), "{:?}", review.missing);
    assert!(review.policies.is_empty());

    // Only mentors accept; young people and staff are asked nothing.
    let jordan = account(&t, "jordan.ellis@example.org").await;
    assert!(!policies::accept_page(&t.db, jordan.id).await.expect("page").asked);
    assert!(matches!(policies::accept(&t.db, jordan.id, true, "", now).await, Err(ServiceError::Forbidden)));
    let staff = account(&t, "staff@tandem.example").await;

    // A correction keeps everyone's acceptance; a real change asks every mentor again.
    let code = documents::admin_list(&t.db, policies::POLICY)
        .await
        .expect("list")
        .into_iter()
        .find(|d| d.title == "Code of conduct for mentors")
        .expect("code of conduct");
    let doc = documents::admin_document(&t.db, code.id).await.expect("doc");
    let typo = DocumentInput { title: doc.title.clone(), body: format!("{}\n\nCorrected.", doc.body) };
    assert_eq!(documents::edit(&t.db, staff.id, code.id, 1, &typo, false, now).await.expect("typo"), 2);
    assert_eq!(matching::available(&t.db, None, now).await.expect("available").len(), 6, "a correction asks nobody");
    let change = DocumentInput { title: doc.title.clone(), body: format!("{}\n\nA new rule.", doc.body) };
    assert_eq!(documents::edit(&t.db, staff.id, code.id, 2, &change, true, now).await.expect("change"), 3);
    assert!(
        matching::available(&t.db, None, now).await.expect("available").is_empty(),
        "nobody matchable until they accept"
    );
    assert!(policies::asks_again(&t.db, mentor.id).await.expect("again"), "asked again at the next sign-in");
    let page = policies::accept_page(&t.db, mentor.id).await.expect("page");
    assert_eq!(page.outstanding.len(), 1);
    assert_eq!(page.outstanding[0].accepted_before, Some(1));
    assert_eq!(page.outstanding[0].policy.summary.version, 3);
    assert!(page.outstanding[0].policy.body.ends_with("A new rule."));
    let history = documents::admin_document(&t.db, code.id).await.expect("doc").history;
    assert_eq!(
        history.iter().map(|v| (v.version, v.asks_again)).collect::<Vec<_>>(),
        [(3, true), (2, false), (1, true)]
    );

    // The box must be ticked, and the version accepted must be the one now in force.
    match policies::accept(&t.db, mentor.id, false, "code-of-conduct=3", now).await {
        Err(ServiceError::Validation(e)) => assert!(e.get("accept").is_some(), "{e:?}"),
        other => panic!("expected a field error, got {other:?}"),
    }
    match policies::accept(&t.db, mentor.id, true, "code-of-conduct=2", now).await {
        Err(ServiceError::Validation(e)) => {
            assert!(e.get("accept").is_some_and(|m| m.contains("has changed")), "{e:?}")
        }
        other => panic!("expected a stale-version error, got {other:?}"),
    }
    assert!(!policies::all_accepted(&t.db, mentor.id).await.expect("accepted"));
    let later = now + chrono::Duration::hours(2);
    assert_eq!(policies::accept(&t.db, mentor.id, true, "code-of-conduct=3", later).await.expect("accept"), 1);
    assert_eq!(policies::accept(&t.db, mentor.id, true, "", later).await.expect("again"), 0, "nothing left to accept");
    let ready = matching::available(&t.db, None, now).await.expect("available");
    assert_eq!(ready.iter().map(|a| a.mentor.key).collect::<Vec<_>>(), [mentor.id], "only the mentor who accepted");
    assert!(!policies::asks_again(&t.db, mentor.id).await.expect("again"));

    // Staff see who accepted which version and when; the superseded one no longer counts.
    let rows = policies::acceptances(&t.db, mentor.id).await.expect("rows");
    assert_eq!(rows.len(), 4);
    assert_eq!((rows[0].title.as_str(), rows[0].version, rows[0].counts), ("Code of conduct for mentors", 3, true));
    assert_eq!(rows[0].accepted_at, "7 Dec 2026 at 12:00");
    let old = rows.iter().find(|r| r.title == "Code of conduct for mentors" && r.version == 1).expect("v1");
    assert!(!old.counts);
    assert_eq!(approvals::review(&t.db, mentor.id, now).await.expect("review").policies, rows);

    // A new mentor accepts all three at once, and their record is in their own download.
    let seen =
        domain::policies::seen_versions(&policies::accept_page(&t.db, amara.id).await.expect("page").outstanding);
    assert_eq!(seen, "safeguarding=1,code-of-conduct=3,gifts-and-hospitality=1");
    assert_eq!(policies::accept(&t.db, amara.id, true, &seen, now).await.expect("accept"), 3);
    assert!(policies::all_accepted(&t.db, amara.id).await.expect("accepted"));
    let export = services::privacy::export(&t.db, amara.id, None, now).await.expect("export");
    assert_eq!(export["policies_accepted"].as_array().map(Vec::len), Some(3), "{}", export["policies_accepted"]);
}

async fn account(t: &TestDb, email: &str) -> services::people::Account {
    let u = user::Entity::find().filter(user::Column::Email.eq(email)).one(&t.db).await.expect("q").expect(email);
    services::accounts::find(&t.db, u.id).await.expect("account")
}

fn message(topic: &str, text: &str) -> EnquiryInput {
    EnquiryInput { topic: Some(topic.into()), message: text.into(), ..Default::default() }
}

async fn messages_to_the_team_are_answered_and_kept(t: TestDb) {
    use domain::enquiries::EnquiryStatus;
    services::demo::load_if_empty(&t.db, Utc::now()).await.expect("demo");
    let at = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).single().expect("time");
    let staff = account(&t, "staff@tandem.example").await;
    let mentor = account(&t, "amara.okafor@example.org").await;

    // A visitor must say who they are; a bad message is refused whole.
    let bad = enquiries::send(&t.db, None, &message("match", "Hello there, I need help."), None, at).await;
    assert!(matches!(bad, Err(ServiceError::Validation(ref e)) if e.get("name").is_some() && e.get("email").is_some()));
    let visitor = EnquiryInput {
        name: "Grace Hopper".into(),
        email: "grace@example.com".into(),
        ..message("partnership", "Our company would like to offer mentors.")
    };
    let from_visitor = enquiries::send(&t.db, None, &visitor, Some("203.0.113.9"), at).await.expect("visitor");
    let from_mentor =
        enquiries::send(&t.db, Some(&mentor), &message("platform", "The calendar link does not open."), None, at)
            .await
            .expect("mentor");

    let open = enquiries::queue(&t.db, EnquiryStatus::Open).await.expect("queue");
    assert_eq!(open.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [from_visitor, from_mentor]);
    assert!(!open.rows[0].has_account && open.rows[1].has_account);
    assert_eq!(open.rows[1].name, mentor.name);
    assert_eq!(open.rows[1].topic, "A problem with Tandem");

    // Staff answer the mentor: the thread is answered, kept, and the mentor is told twice.
    let later = at + chrono::Duration::hours(2);
    let refused = enquiries::reply(&t.db, staff.id, from_mentor, " ", false, "https://tandem.test", later).await;
    assert!(matches!(refused, Err(ServiceError::Validation(_))));
    enquiries::reply(
        &t.db,
        staff.id,
        from_mentor,
        "Try the link from the email again.",
        false,
        "https://tandem.test",
        later,
    )
    .await
    .expect("reply");
    let mine = enquiries::mine(&t.db, mentor.id).await.expect("mine");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].status, EnquiryStatus::Answered);
    let from: Vec<(&str, bool)> = mine[0].messages.iter().map(|m| (m.from.as_str(), m.from_team)).collect();
    assert_eq!(from, [("You", false), ("Sam from the Tandem team", true)]);
    assert!(mine[0].email.is_empty(), "the person's own view does not repeat their address");
    let mail = services::outbox::latest_to(&t.db, &mentor.email).await.expect("q").expect("mail");
    assert_eq!(mail.subject, "The Tandem team has answered your message");
    assert!(
        mail.body.contains("Try the link from the email again.")
            && mail.body.contains("https://tandem.test/contact#enquiry-")
    );
    let told = services::entities::notification::Entity::find()
        .filter(services::entities::notification::Column::UserId.eq(mentor.id))
        .filter(services::entities::notification::Column::Kind.eq("enquiry.answered"))
        .count(&t.db)
        .await
        .expect("count");
    assert_eq!(told, 1);

    // Nobody else can write in the mentor's thread; the mentor's follow-up reopens it.
    let other = account(&t, "jordan.ellis@example.org").await;
    let refused = enquiries::follow_up(&t.db, other.id, from_mentor, "I can see this thread.", later).await;
    assert!(matches!(refused, Err(ServiceError::NotFound)));
    enquiries::follow_up(&t.db, mentor.id, from_mentor, "It works now, thank you.", later).await.expect("follow up");
    let open = enquiries::queue(&t.db, EnquiryStatus::Open).await.expect("queue");
    assert!(open.rows.iter().any(|r| r.id == from_mentor && r.preview == "It works now, thank you."));

    // The visitor is answered by email only, and the thread closes with the answer.
    enquiries::reply(&t.db, staff.id, from_visitor, "Thank you: we will call you.", true, "https://tandem.test", later)
        .await
        .expect("reply");
    let closed = enquiries::queue(&t.db, EnquiryStatus::Closed).await.expect("closed");
    assert_eq!(closed.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [from_visitor]);
    assert!(closed.counts.contains(&(EnquiryStatus::Closed, 1)) && closed.counts.contains(&(EnquiryStatus::Open, 1)));
    let mail = services::outbox::latest_to(&t.db, "grace@example.com").await.expect("q").expect("mail");
    assert!(mail.body.contains("Hello Grace Hopper") && mail.body.contains("Thank you: we will call you."));
    let thread = enquiries::for_staff(&t.db, from_visitor).await.expect("thread");
    assert_eq!(thread.email, "grace@example.com");
    assert_eq!(thread.messages.len(), 2);
    enquiries::set_closed(&t.db, from_visitor, false, later).await.expect("reopen");
    assert_eq!(enquiries::for_staff(&t.db, from_visitor).await.expect("thread").status, EnquiryStatus::Open);

    // The mentor's own download holds their thread and its three messages, not the staff member's id.
    let export = services::privacy::export(&t.db, mentor.id, None, later).await.expect("export");
    assert_eq!(export["messages_to_the_team"].as_array().map(Vec::len), Some(1));
    let messages = export["messages_to_the_team_messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 3);
    assert!(messages.iter().all(|m| m.get("staff_id").is_none()));
}

async fn messages_to_the_team_are_throttled(t: TestDb) {
    services::demo::load_if_empty(&t.db, Utc::now()).await.expect("demo");
    let at = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).single().expect("time");
    let mentor = account(&t, "amara.okafor@example.org").await;
    for i in 0..enquiries::PER_SENDER_HOUR {
        let m = message("other", &format!("Question number {i} for the team."));
        enquiries::send(&t.db, Some(&mentor), &m, Some("198.51.100.7"), at).await.expect("within the allowance");
    }
    let over =
        enquiries::send(&t.db, Some(&mentor), &message("other", "One message too many."), Some("198.51.100.7"), at)
            .await;
    assert!(matches!(over, Err(ServiceError::Throttled { what: domain::Limited::Enquiry, .. })), "{over:?}");
    // An hour later the sender may write again.
    let later = at + chrono::Duration::minutes(61);
    enquiries::send(&t.db, Some(&mentor), &message("other", "Back again after an hour."), Some("198.51.100.7"), later)
        .await
        .expect("a new hour");
    // One address is limited across senders.
    let mut refused = 0;
    for i in 0..enquiries::PER_ADDRESS_HOUR + 1 {
        let visitor = EnquiryInput {
            name: "Visitor Person".into(),
            email: format!("visitor{i}@example.com"),
            ..message("other", "A question from a shared network.")
        };
        if enquiries::send(&t.db, None, &visitor, Some("192.0.2.1"), at).await.is_err() {
            refused += 1;
        }
    }
    assert_eq!(refused, 1, "only the message past the address allowance is refused");
}

async fn offers_to_get_involved_reach_the_queue_with_their_details(t: TestDb) {
    use domain::enquiries::EnquiryStatus;
    use domain::get_involved::{OfferInput, OfferKind};
    services::demo::load_if_empty(&t.db, Utc::now()).await.expect("demo");
    let at = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).single().expect("time");
    let mentor = account(&t, "amara.okafor@example.org").await;

    // A partnership without the organisation's details is refused whole, and nothing is filed.
    let bare = OfferInput {
        name: "Grace Hopper".into(),
        email: "grace@eastgate.example".into(),
        message: "We would like our members to have mentors.".into(),
        ..Default::default()
    };
    let refused = enquiries::offer(&t.db, None, &bare, OfferKind::Partnership, None, at).await;
    let Err(ServiceError::Validation(e)) = refused else { panic!("refused: {refused:?}") };
    for field in ["organisation", "kind", "size", "region"] {
        assert!(e.get(field).is_some(), "{field}: {e:?}");
    }
    assert!(enquiries::queue(&t.db, EnquiryStatus::Open).await.expect("queue").rows.is_empty());

    let partnership = OfferInput {
        organisation: "Eastgate Community Hub".into(),
        kind: Some("community_group".into()),
        size: Some("50_249".into()),
        region: Some("North West".into()),
        ..bare
    };
    let from_visitor = enquiries::offer(&t.db, None, &partnership, OfferKind::Partnership, Some("203.0.113.9"), at)
        .await
        .expect("partnership");
    // A signed-in mentor offers a venue and time in kind; they are not asked who they are.
    let in_kind = OfferInput {
        offers: vec!["venue".into(), "time".into()],
        region: Some("London".into()),
        message: "Our office has a meeting room free on Saturdays.".into(),
        ..Default::default()
    };
    let from_mentor =
        enquiries::offer(&t.db, Some(&mentor), &in_kind, OfferKind::InKind, None, at).await.expect("in kind");

    let open = enquiries::queue(&t.db, EnquiryStatus::Open).await.expect("queue");
    let rows: Vec<(i64, &str, &str)> =
        open.rows.iter().map(|r| (r.id, r.topic.as_str(), r.organisation.as_str())).collect();
    assert_eq!(
        rows,
        [
            (from_visitor, "Partnership", "Eastgate Community Hub, Community group, North West"),
            (from_mentor, "An offer in kind", "London"),
        ]
    );
    let thread = enquiries::for_staff(&t.db, from_visitor).await.expect("thread");
    assert_eq!((thread.name.as_str(), thread.email.as_str()), ("Grace Hopper", "grace@eastgate.example"));
    assert!(thread.details.lines().contains(&("Size", "50 to 249 people".to_string())), "{:?}", thread.details);
    assert_eq!(thread.messages[0].body, "We would like our members to have mentors.");
    let offer = enquiries::for_staff(&t.db, from_mentor).await.expect("thread");
    assert_eq!(offer.name, mentor.name);
    assert_eq!(offer.details.offers, ["venue", "time"]);
    assert_eq!(offer.details.organisation, None);
    // The mentor finds it among their own messages to the team.
    assert_eq!(enquiries::mine(&t.db, mentor.id).await.expect("mine").len(), 1);
}

async fn sign_ups_are_counted_for_whoever_brought_them(t: TestDb) {
    use domain::RegistrationInput;
    use services::referrals::{self, Owner};
    use services::{accounts, partners, throttle::ThrottlePolicy};
    services::demo::load_if_empty(&t.db, Utc::now()).await.expect("demo");
    let at = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).single().expect("time");
    let base = "https://tandem.test";
    let join = |name: &str, email: &str, role: &str, born: &str| RegistrationInput {
        name: name.into(),
        email: email.into(),
        password: "lantern-meadow-42".into(),
        date_of_birth: born.into(),
        role: role.into(),
    };
    let policy = ThrottlePolicy::default();

    // The demo: pupils joined with their school's code; Jordan through Leah's link, Amara
    // through the Brightwater lead's (which counts for Brightwater too).
    let pupils = user::Entity::find()
        .filter(user::Column::Role.eq("young_person"))
        .filter(user::Column::PartnerId.is_not_null())
        .count(&t.db)
        .await
        .expect("count");
    let before = referrals::report(&t.db).await.expect("report");
    assert_eq!((before.through_join_codes, before.through_links), (pupils, 2));
    let names: Vec<(&str, u64, u64)> =
        before.people.iter().map(|p| (p.name.as_str(), p.mentors, p.young_people)).collect();
    // Ties in account order: Tom's account is older than Leah's.
    assert_eq!(names, [("Tom Reeve", 1, 0), ("Leah Carter", 0, 1)]);
    let row = |r: &domain::get_involved::ReferralReport, name: &str| {
        r.partners.iter().find(|p| p.name == name).map(|p| (p.join_code, p.links)).expect(name)
    };
    assert_eq!(row(&before, "Northfield Academy"), (pupils, 0));
    assert_eq!(row(&before, "Brightwater Engineering"), (0, 1));
    assert_eq!(row(&before, "Eastgate Community Hub"), (0, 0));

    // Marcus's link is his own and stays the same; the coordinator also has the school's.
    let marcus = account(&t, "marcus.lee@example.org").await;
    let links = referrals::links(&t.db, &marcus, base, at).await.expect("links");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].for_whom, "You");
    let marcus_code = links[0].url.strip_prefix("https://tandem.test/register?ref=").expect("url").to_string();
    assert_eq!(referrals::links(&t.db, &marcus, base, at).await.expect("again")[0].url, links[0].url);
    let helen = account(&t, "coordinator@northfield.example").await;
    let theirs = referrals::links(&t.db, &helen, base, at).await.expect("links");
    assert_eq!(theirs.iter().map(|l| l.for_whom.as_str()).collect::<Vec<_>>(), ["You", "Northfield Academy"]);
    let school_code =
        referrals::code_for(&t.db, Owner::Partner(helen.partner_id.expect("school")), at).await.expect("code");
    assert!(theirs[1].url.ends_with(&school_code));

    // A mentor through Marcus's link (the code read without case); a young person through the
    // school's link; a young person with the community group's join code and Marcus's link;
    // a mangled code is no reason to refuse a sign-up, and counts for nobody.
    let lower = marcus_code.to_lowercase();
    let m = join("Nadia Hussain", "nadia@example.org", "mentor", "1990-03-02");
    let nadia = accounts::join(&t.db, &m, "", Some(&lower), None, policy, at).await.expect("mentor");
    let y = join("Owen Price", "owen@example.net", "young_person", "2006-01-09");
    accounts::join(&t.db, &y, "", Some(&school_code), None, policy, at).await.expect("young person");
    let y = join("Priya Shah", "priya@example.net", "young_person", "2005-07-20");
    let priya = accounts::join(&t.db, &y, "eastgate-26", Some(&marcus_code), None, policy, at).await.expect("code");
    let eastgate = partners::find(&t.db, priya.partner_id.expect("in the group's cohort")).await.expect("partner");
    assert_eq!(
        (eastgate.name.as_str(), eastgate.kind),
        ("Eastgate Community Hub", partners::PartnerKind::CommunityGroup)
    );
    let y = join("Sara Lind", "sara@example.net", "young_person", "2004-11-11");
    accounts::join(&t.db, &y, "", Some("NOT-A-CODE"), None, policy, at).await.expect("mangled");

    let after = referrals::report(&t.db).await.expect("report");
    assert_eq!(after.sign_ups, before.sign_ups + 4);
    assert_eq!((after.through_join_codes, after.through_links), (pupils + 1, 2 + 3));
    assert_eq!(
        after.people.first().map(|p| (p.name.as_str(), p.mentors, p.young_people)),
        Some(("Marcus Lee", 1, 1)),
        "most sign-ups first"
    );
    assert_eq!(row(&after, "Northfield Academy"), (pupils, 1));
    assert_eq!(row(&after, "Eastgate Community Hub"), (1, 0));
    assert_eq!(after.partners[0].name, "Northfield Academy", "most sign-ups first");

    // The person's own download says how they joined; erasing them takes it away.
    let export = services::privacy::export(&t.db, nadia.id, None, at).await.expect("export");
    assert_eq!(export["how_you_joined"], "Through a link shared by Marcus Lee");
    services::privacy::erase(&t.db, nadia.id, None, at).await.expect("erase");
    let erased = referrals::report(&t.db).await.expect("report");
    let marcus_row = erased.people.iter().find(|p| p.name == "Marcus Lee").map(|p| (p.mentors, p.young_people));
    assert_eq!(marcus_row, Some((0, 1)));
    // A referrer erased: their link no longer counts, and the report names nobody.
    let amara = account(&t, "amara.okafor@example.org").await;
    let amara_code = referrals::code_for(&t.db, Owner::Person(amara.id), at).await.expect("code");
    let y = join("Tariq Aziz", "tariq@example.net", "young_person", "2003-02-14");
    accounts::join(&t.db, &y, "", Some(&amara_code), None, policy, at).await.expect("through Amara");
    services::privacy::erase(&t.db, amara.id, None, at).await.expect("erase Amara");
    let names: Vec<String> =
        referrals::report(&t.db).await.expect("report").people.into_iter().map(|p| p.name).collect();
    assert!(
        names.contains(&"An erased account".to_string()) && !names.iter().any(|n| n.contains("Amara")),
        "{names:?}"
    );
    let y = join("Uma Bose", "uma@example.net", "young_person", "2003-04-14");
    let uma = accounts::join(&t.db, &y, "", Some(&amara_code), None, policy, at).await.expect("after");
    assert_eq!(referrals::how_joined(&t.db, uma.id).await.expect("q"), None, "the erased person's code is gone");
}

async fn opportunities_are_approved_fitted_and_taken_up(t: TestDb) {
    use domain::opportunities::{OpportunityInput, OpportunityStatus};
    use services::opportunities::{self as board, Response};
    let now = Utc::now();
    services::demo::load_if_empty(&t.db, now).await.expect("demo");
    let staff = account(&t, "staff@tandem.example").await;
    let lead = account(&t, "lead@brightwater.example").await;
    let coordinator = account(&t, "coordinator@northfield.example").await;
    let (leah, kofi, jordan) = (
        account(&t, "leah.carter@example.net").await,
        account(&t, "kofi.asante@northfield.example").await,
        account(&t, "jordan.ellis@example.org").await,
    );
    let (marcus, ruth, amara) = (
        account(&t, "marcus.lee@example.org").await,
        account(&t, "ruth.bennett@example.org").await,
        account(&t, "amara.okafor@example.org").await,
    );
    let employer = lead.partner_id.expect("employer");
    let today = now.date_naive();
    let input = |min: i32, max: i32| OpportunityInput {
        title: "Site visit: a new bridge".into(),
        kind: Some("work_experience".into()),
        description: "A week with our site team on the river crossing, with safety kit provided.".into(),
        region: Some("Yorkshire and the Humber".into()),
        online: false,
        min_age: min.to_string(),
        max_age: max.to_string(),
        closes_on: (today + chrono::Duration::days(20)).format("%Y-%m-%d").to_string(),
        link: String::new(),
        goals: vec!["Career advice and guidance".into()],
    };

    // Only staff and an employer partner's people post.
    for who in [&amara, &jordan, &coordinator] {
        let r = board::post(&t.db, who, &input(18, 25), now).await;
        assert!(matches!(r, Err(ServiceError::Forbidden)), "{}: {r:?}", who.email);
    }
    // Under-18s need the partner's approval, which staff give and take back.
    board::set_under_18(&t.db, &staff, employer, false).await.expect("take back");
    let Err(ServiceError::Validation(e)) = board::post(&t.db, &lead, &input(16, 18), now).await else {
        panic!("refused")
    };
    assert!(e.get("min_age").expect("age").contains("under-18s"));
    assert!(matches!(board::set_under_18(&t.db, &lead, employer, true).await, Err(ServiceError::Forbidden)));
    board::set_under_18(&t.db, &staff, employer, true).await.expect("approve");
    let id = board::post(&t.db, &lead, &input(16, 25), now).await.expect("post");

    // Waiting for staff, nobody else sees it.
    assert!(matches!(board::page(&t.db, &leah, id, now).await, Err(ServiceError::NotFound)));
    assert!(
        !board::board(&t.db, &leah, now)
            .await
            .expect("board")
            .more
            .iter()
            .chain(board::board(&t.db, &leah, now).await.expect("b").suggested.iter())
            .any(|c| c.id == id)
    );
    let admin = board::admin(&t.db, &staff, now).await.expect("admin");
    assert!(admin.waiting.iter().any(|w| w.card.id == id));
    assert!(matches!(board::admin(&t.db, &lead, now).await, Err(ServiceError::Forbidden)));
    assert!(matches!(board::decide(&t.db, &lead, id, true, "", now).await, Err(ServiceError::Forbidden)));
    let Err(ServiceError::Validation(e)) = board::decide(&t.db, &staff, id, false, "", now).await else {
        panic!("reason")
    };
    assert!(e.get("reason").is_some());
    board::decide(&t.db, &staff, id, true, "", now).await.expect("approve");
    assert!(board::decide(&t.db, &staff, id, false, "Too late", now).await.is_err(), "decided once");

    // Fit: Kofi (16, Yorkshire, wanting apprenticeships) has the insight day he asked about
    // among his own, the new post (no goal of his) below the suggestions, and never the 18+
    // internship or the post still waiting for staff.
    let kb = board::board(&t.db, &kofi, now).await.expect("kofi");
    assert!(kb.under_18);
    let titles =
        |cards: &[domain::opportunities::OpportunityCard]| cards.iter().map(|c| c.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&kb.yours), ["Engineering insight day"]);
    assert!(kb.yours[0].interested);
    assert!(titles(&kb.more).contains(&"Site visit: a new bridge".to_string()), "{:?}", titles(&kb.more));
    let all = [titles(&kb.suggested), titles(&kb.more), titles(&kb.yours)].concat();
    assert!(!all.iter().any(|t| t.starts_with("Summer internship") || t == "Apprenticeship open evening"), "{all:?}");
    // Leah (20, Yorkshire, career advice): her mentor's recommendation and her saved fair are
    // hers, listed once; the new post is suggested for her.
    let lb = board::board(&t.db, &leah, now).await.expect("leah");
    let rec = lb.yours.iter().find(|c| c.title.starts_with("Summer internship")).expect("recommended");
    assert_eq!(rec.recommended_by.as_deref(), Some("Marcus"));
    assert!(lb.yours.iter().any(|c| c.saved && c.title.starts_with("Online careers fair")));
    assert_eq!(titles(&lb.suggested), ["Site visit: a new bridge"]);
    assert!(lb.more.is_empty(), "{:?}", titles(&lb.more));

    // An adult who shares their details is named to the poster; one who does not is only counted.
    board::respond(&t.db, &leah, id, Response::Interested { share: true }, now).await.expect("leah");
    board::respond(&t.db, &jordan, id, Response::Interested { share: false }, now).await.expect("jordan");
    board::respond(&t.db, &kofi, id, Response::Interested { share: true }, now).await.expect("kofi");
    let seen = board::page(&t.db, &lead, id, now).await.expect("lead page");
    let (counts, people) = seen.interest.expect("poster sees interest");
    assert_eq!((counts.interested, counts.through_coordinators), (3, 1));
    assert_eq!(people.iter().map(|p| p.email.as_str()).collect::<Vec<_>>(), vec!["leah.carter@example.net"]);
    assert!(board::page(&t.db, &leah, id, now).await.expect("leah page").interest.is_none());
    // Kofi's interest went to his coordinator, by notice and email, never to the employer.
    let cb = board::board(&t.db, &coordinator, now).await.expect("coordinator");
    assert!(cb.requests.iter().any(|r| r.opportunity_id == id && r.young_person == "Kofi Asante"));
    let mail = services::outbox::latest_to(&t.db, "coordinator@northfield.example").await.expect("q").expect("mail");
    assert!(mail.body.contains("Kofi Asante"), "{}", mail.body);
    assert!(matches!(board::mark_taken_up(&t.db, &lead, id, kofi.id, true, now).await, Err(ServiceError::NotFound)));
    board::mark_taken_up(&t.db, &coordinator, id, kofi.id, true, now).await.expect("coordinator marks");
    board::mark_taken_up(&t.db, &lead, id, leah.id, true, now).await.expect("lead marks a shared adult");
    assert!(matches!(board::mark_taken_up(&t.db, &lead, id, jordan.id, true, now).await, Err(ServiceError::NotFound)));
    // Past the closing date nobody can say they are interested.
    let later = now + chrono::Duration::days(30);
    let Err(ServiceError::Validation(e)) =
        board::respond(&t.db, &another_adult(&t).await, id, Response::Interested { share: false }, later).await
    else {
        panic!("closed")
    };
    assert_eq!(e.get("interest"), Some("This opportunity has closed"));

    // A mentor recommends only to their own mentee, within the age range.
    let internship = rec.id;
    let Err(ServiceError::Validation(e)) = board::recommend(&t.db, &ruth, internship, "", now).await else {
        panic!("age")
    };
    assert!(e.get("note").expect("note").contains("Kofi"));
    assert!(matches!(board::recommend(&t.db, &amara, id, "", now).await, Err(ServiceError::Forbidden)));
    board::recommend(&t.db, &marcus, id, "Worth a look", now).await.expect("recommend");
    assert_eq!(
        board::page(&t.db, &leah, id, now).await.expect("p").you.expect("you").recommend_note.as_deref(),
        Some("Worth a look")
    );

    // Take-up per partner and overall.
    let report = board::report(&t.db).await.expect("report");
    let bw = &report.partners.iter().find(|(n, _)| n == "Brightwater Engineering").expect("partner").1;
    assert_eq!((bw.posted, bw.published, bw.interested, bw.through_coordinators, bw.taken_up), (4, 3, 4, 2, 2));
    assert_eq!(report.partners[0].0, "Tandem");
    assert_eq!(report.overall.saved, 1);
    assert_eq!(report.overall.interested, 4);
    // An employer's lead sees their own in the impact report; a school's coordinator does not.
    let own = board::report_for(&t.db, Some(employer)).await.expect("own");
    assert_eq!(own.partners.len(), 1);
    assert_eq!(own.overall, *bw);
    let filter = domain::impact::ImpactFilter::default().validate().expect("filter");
    let lead_view =
        services::impact::scoped_report(&t.db, lead.role, lead.partner_id, &filter, now).await.expect("lead");
    assert_eq!(lead_view.opportunities, Some(own));
    let school_view = services::impact::scoped_report(&t.db, coordinator.role, coordinator.partner_id, &filter, now)
        .await
        .expect("school");
    assert_eq!(school_view.opportunities, None);
    let staff_view = services::impact::scoped_report(&t.db, staff.role, None, &filter, now).await.expect("staff");
    assert_eq!(staff_view.opportunities.map(|r| r.overall), Some(report.overall.clone()));

    // Withdrawn: gone from the board; the poster still sees it.
    board::withdraw(&t.db, &lead, id).await.expect("withdraw");
    assert!(matches!(board::page(&t.db, &leah, id, now).await, Err(ServiceError::NotFound)));
    assert_eq!(board::page(&t.db, &lead, id, now).await.expect("lead").card.status, OpportunityStatus::Withdrawn);

    // In Jordan's download, and after erasure counted without his details.
    let export = services::privacy::export(&t.db, jordan.id, None, now).await.expect("export");
    assert_eq!(export["opportunities"].as_array().expect("list").len(), 1);
    services::privacy::erase(&t.db, leah.id, Some(staff.id), now).await.ok();
    services::privacy::erase(&t.db, jordan.id, Some(staff.id), now).await.expect("erase");
    let after = board::report(&t.db).await.expect("report");
    assert_eq!(after.overall.interested, 4, "interest stays counted");
}

/// A second young adult on the board (Jordan has already answered).
async fn another_adult(t: &TestDb) -> services::people::Account {
    let u = user::Entity::find()
        .filter(user::Column::Role.eq("young_person"))
        .filter(user::Column::Email.ends_with("@example.net"))
        .filter(user::Column::Email.ne("leah.carter@example.net"))
        .one(&t.db)
        .await
        .expect("q")
        .expect("a young adult");
    services::accounts::find(&t.db, u.id).await.expect("account")
}
