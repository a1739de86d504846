//! Service tests for the journeys: workshops (waiting lists, capacity under concurrent
//! bookings), certificates, mentor approval and who becomes matchable, young people's
//! applications with join codes and the pre-evaluation gate. SQLite and PostgreSQL.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::Role;
use domain::applications::Application;
use domain::approvals::{DbsInput, DecisionInput, MentorStatus, QueueFilter, ReferenceInput};
use domain::evaluations::{EvaluationKind, ITEMS};
use domain::workshops::{BookingStatus, FeedbackInput, WorkshopInput, WorkshopKind};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use services::entities::{quiz_question, user};
use services::testing::{Backend, TestDb};
use services::{
    ServiceError, applications, approvals, certificates, evaluations, milestones, outbox, partners, sessions, training,
    workshops,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("time")
}

async fn person(t: &TestDb, name: &str, role: Role, dob: &str, partner_id: Option<i64>) -> i64 {
    let email = format!("{}@example.org", name.to_lowercase().replace(' ', "."));
    let u = user::ActiveModel {
        email: Set(email),
        name: Set(name.into()),
        date_of_birth: Set(Some(NaiveDate::parse_from_str(dob, "%Y-%m-%d").expect("dob"))),
        role: Set(role.as_str().into()),
        partner_id: Set(partner_id),
        password_hash: Set("not-a-real-hash".into()),
        disabled: Set(false),
        created_at: Set(t0()),
        updated_at: Set(t0()),
        ..Default::default()
    }
    .insert(&t.db)
    .await
    .expect("insert person");
    if role == Role::Mentor {
        approvals::open_application(&t.db, u.id, t0()).await.expect("application");
    }
    u.id
}

async fn schedule(t: &TestDb, kind: WorkshopKind, capacity: i32, hours_ahead: i64) -> i64 {
    let staff = person(t, &format!("Staff {kind:?} {capacity} {hours_ahead}"), Role::Staff, "1980-01-01", None).await;
    let input = WorkshopInput {
        kind: kind.as_str().into(),
        title: "New mentor workshop".into(),
        starts_at: (t0() + Duration::hours(hours_ahead)).format("%Y-%m-%dT%H:%M").to_string(),
        minutes: "120".into(),
        mode: "online".into(),
        location: "https://meet.example.org/w".into(),
        capacity: capacity.to_string(),
        audience: if kind == WorkshopKind::MenteeInduction { "under_18".into() } else { String::new() },
        ..Default::default()
    };
    workshops::schedule(&t.db, staff, &input, t0()).await.expect("schedule")
}

/// The inductions a young person is offered (and those they booked), by id.
async fn inductions_offered(t: &TestDb, who: i64) -> Vec<i64> {
    let list = workshops::for_person(&t.db, who, WorkshopKind::MenteeInduction, t0()).await.expect("offered");
    list.into_iter().map(|w| w.id).collect()
}

async fn complete_training(t: &TestDb, me: i64) {
    let c = training::course(&t.db, me).await.expect("course");
    for m in &c.modules {
        for l in &m.lessons {
            training::complete_lesson(&t.db, me, l.id, t0()).await.expect("lesson");
        }
        let qs = quiz_question::Entity::find()
            .filter(quiz_question::Column::ModuleId.eq(m.id))
            .order_by_asc(quiz_question::Column::Position)
            .all(&t.db)
            .await
            .expect("questions");
        let answers: Vec<(i64, i32)> = qs.iter().map(|q| (q.id, q.correct)).collect();
        assert!(milestones::submit_quiz(&t.db, me, m.id, &answers, t0()).await.expect("quiz").passed);
    }
}

fn refused(r: Result<impl std::fmt::Debug, ServiceError>, field: &str) -> String {
    match r {
        Err(ServiceError::Validation(e)) => {
            e.get(field).unwrap_or_else(|| panic!("no {field} error in {e}")).to_string()
        }
        other => panic!("expected a {field} error, got {other:?}"),
    }
}

on_both!(
    waiting_list_and_cancellation_promote_in_order,
    attendance_feedback_and_the_certificate,
    approval_decisions_history_and_matchability,
    young_person_application_join_code_and_gate,
);

async fn waiting_list_and_cancellation_promote_in_order(t: TestDb) {
    let w = schedule(&t, WorkshopKind::MentorWorkshop, 2, 48).await;
    let mut ids = Vec::new();
    for n in ["Ann Able", "Bo Baker", "Cy Cole", "Di Dunn"] {
        ids.push(person(&t, n, Role::Mentor, "1985-05-05", None).await);
    }
    let mut statuses = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let at = t0() + Duration::seconds(i as i64);
        statuses.push(workshops::book(&t.db, *id, Role::Mentor, w, at).await.expect("book"));
    }
    use BookingStatus::*;
    assert_eq!(statuses, vec![Booked, Booked, Waitlisted, Waitlisted]);
    let view = workshops::for_person(&t.db, ids[3], WorkshopKind::MentorWorkshop, t0()).await.expect("view");
    let mine = view.iter().find(|v| v.id == w).expect("listed");
    assert_eq!((mine.booked, mine.waitlisted, mine.position), (2, 2, Some(2)));
    // Booking twice is refused, and a young person cannot book a mentor workshop.
    assert!(refused(workshops::book(&t.db, ids[0], Role::Mentor, w, t0()).await, "form").contains("already"));
    let yp = person(&t, "Young Yasmin", Role::YoungPerson, "2005-01-01", None).await;
    assert!(matches!(workshops::book(&t.db, yp, Role::YoungPerson, w, t0()).await, Err(ServiceError::Forbidden)));

    // A seat-holder cancels: the first on the waiting list gets the seat and an email.
    workshops::cancel(&t.db, ids[0], w, t0()).await.expect("cancel");
    let reg = workshops::register(&t.db, w).await.expect("register");
    let status_of = |id: i64| reg.iter().find(|l| l.user_id == id).map(|l| l.status);
    assert_eq!(status_of(ids[0]), None, "cancelled people leave the register");
    assert_eq!((status_of(ids[2]), status_of(ids[3])), (Some(Booked), Some(Waitlisted)));
    let mail = outbox::latest_to(&t.db, "cy.cole@example.org").await.expect("mail").expect("promotion email");
    assert!(mail.body.contains("seat has come free"));
    assert_eq!(workshops::find(&t.db, w, t0()).await.expect("find").booked, 2);
    // A waiting-list place is given up without touching seats; with nobody waiting a freed
    // seat is simply free.
    workshops::cancel(&t.db, ids[3], w, t0()).await.expect("leave list");
    workshops::cancel(&t.db, ids[1], w, t0()).await.expect("cancel");
    let v = workshops::find(&t.db, w, t0()).await.expect("find");
    assert_eq!((v.booked, v.waitlisted), (1, 0));
    // Rebooking after cancelling works; cancelling again without a place is refused.
    assert_eq!(workshops::book(&t.db, ids[0], Role::Mentor, w, t0()).await.expect("rebook"), Booked);
    assert!(refused(workshops::cancel(&t.db, ids[3], w, t0()).await, "form").contains("do not have a place"));
    // One place per kind at a time.
    let other = schedule(&t, WorkshopKind::MentorWorkshop, 5, 72).await;
    assert!(refused(workshops::book(&t.db, ids[0], Role::Mentor, other, t0()).await, "form").contains("another date"));
    // Nothing can be booked once it has started.
    let later = t0() + Duration::hours(49);
    assert!(refused(workshops::book(&t.db, ids[3], Role::Mentor, w, later).await, "form").contains("started"));
}

async fn attendance_feedback_and_the_certificate(t: TestDb) {
    let me = person(&t, "Ruth Campbell", Role::Mentor, "1979-02-14", None).await;
    let w = schedule(&t, WorkshopKind::MentorWorkshop, 10, 30).await;
    workshops::book(&t.db, me, Role::Mentor, w, t0()).await.expect("book");
    // The register opens the day before.
    assert!(refused(milestones::mark_attendance(&t.db, w, me, true, t0()).await, "form").contains("register opens"));
    let on_the_day = t0() + Duration::hours(29);
    // No feedback before attending.
    let fb = FeedbackInput {
        rating: Some("4".into()),
        would_recommend: Some("yes".into()),
        nps: Some("9".into()),
        prepared: None,
        comment: "Practical and warm.".into(),
    };
    assert!(
        refused(workshops::give_feedback(&t.db, me, w, &fb, on_the_day).await, "form")
            .contains("once you have attended")
    );
    milestones::mark_attendance(&t.db, w, me, true, on_the_day).await.expect("attended");
    assert!(workshops::attended(&t.db, me, WorkshopKind::MentorWorkshop).await.expect("attended"));
    // Workshop done but training not: no certificate yet.
    assert_eq!(certificates::mine(&t.db, me).await.expect("mine"), None);
    let after = t0() + Duration::hours(33);
    let view = workshops::for_person(&t.db, me, WorkshopKind::MentorWorkshop, after).await.expect("view");
    assert!(view.iter().any(|v| v.id == w && v.feedback_due && v.past));
    workshops::give_feedback(&t.db, me, w, &fb, after).await.expect("feedback");
    assert!(refused(workshops::give_feedback(&t.db, me, w, &fb, after).await, "form").contains("already"));
    let view = workshops::for_person(&t.db, me, WorkshopKind::MentorWorkshop, after).await.expect("view");
    assert!(view.iter().any(|v| v.id == w && !v.feedback_due));

    // Passing the last quiz issues the certificate automatically.
    complete_training(&t, me).await;
    let cert = certificates::mine(&t.db, me).await.expect("mine").expect("issued");
    assert_eq!(cert.name, "Ruth Campbell");
    let checked = certificates::verify(&t.db, &cert.code.to_lowercase()).await.expect("verify").expect("valid");
    assert_eq!(checked, cert);
    assert_eq!(certificates::verify(&t.db, "AAAA-BBBB-CCCC").await.expect("verify"), None);
    let pdf = certificates::to_pdf(&cert, "https://tandem.example/verify");
    assert!(pdf.starts_with(b"%PDF") && pdf.windows(cert.code.len()).any(|w| w == cert.code.as_bytes()));
}

async fn record_checks(t: &TestDb, staff: i64, mentor: i64, references: usize) {
    let dbs = DbsInput {
        certificate_number: "001234567890".into(),
        issue_date: "2026-10-01".into(),
        update_service: Some("yes".into()),
        recheck_date: "2029-10-01".into(),
    };
    approvals::record_dbs(&t.db, mentor, &dbs, t0()).await.expect("dbs");
    for i in 0..references {
        let r = ReferenceInput {
            referee: format!("Referee {i}"),
            relationship: "Line manager".into(),
            outcome: Some("satisfactory".into()),
        };
        approvals::add_reference(&t.db, staff, mentor, &r, t0()).await.expect("reference");
    }
}

async fn approval_decisions_history_and_matchability(t: TestDb) {
    let staff = person(&t, "Sam Staff", Role::Staff, "1980-01-01", None).await;
    let me = person(&t, "Ruth Campbell", Role::Mentor, "1979-02-14", None).await;
    let until = t0().date_naive() + Duration::days(365);
    let approve = DecisionInput { decision: "approve".into(), reason: None, note: String::new() };
    // No approval without the DBS check and two satisfactory references.
    assert!(refused(approvals::decide(&t.db, staff, me, &approve, t0()).await, "decision").contains("DBS"));
    record_checks(&t, staff, me, 1).await;
    assert!(refused(approvals::decide(&t.db, staff, me, &approve, t0()).await, "decision").contains("references"));
    record_checks(&t, staff, me, 1).await;
    assert_eq!(approvals::decide(&t.db, staff, me, &approve, t0()).await.expect("approve"), MentorStatus::Approved);
    // Approved but not trained, no workshop: not matchable, and the reasons say why.
    let facts = approvals::matchable_facts(&t.db, me).await.expect("facts");
    assert_eq!(
        facts.missing(until),
        vec![
            "complete the online training",
            "attend a mentor workshop",
            "accept the current policies (safeguarding, code of conduct, gifts)"
        ]
    );
    complete_training(&t, me).await;
    assert!(!approvals::is_matchable(&t.db, me, until).await.expect("m"));
    let w = schedule(&t, WorkshopKind::MentorWorkshop, 5, 20).await;
    workshops::book(&t.db, me, Role::Mentor, w, t0()).await.expect("book");
    milestones::mark_attendance(&t.db, w, me, true, t0()).await.expect("attend");
    // Training came first here: the workshop completes the path and issues the certificate.
    assert!(certificates::mine(&t.db, me).await.expect("mine").is_some(), "issued on attendance");
    // Trained and through the workshop, but the policies are not yet accepted.
    assert!(!approvals::is_matchable(&t.db, me, until).await.expect("m"));
    let page = services::policies::accept_page(&t.db, me).await.expect("policies");
    let seen = domain::policies::seen_versions(&page.outstanding);
    assert_eq!(services::policies::accept(&t.db, me, true, &seen, t0()).await.expect("accept"), 3);
    assert!(approvals::is_matchable(&t.db, me, until).await.expect("m"));
    // A DBS check that runs out before the planned end is not enough.
    assert!(!approvals::is_matchable(&t.db, me, NaiveDate::from_ymd_opt(2030, 1, 1).expect("d")).await.expect("m"));

    // Ending the role needs a listed reason and a note; it signs the mentor out everywhere.
    let token = sessions::create(&t.db, me, None, Default::default(), t0()).await.expect("session");
    let bad = DecisionInput { decision: "end".into(), reason: Some("vibes".into()), note: "x".into() };
    assert!(matches!(approvals::decide(&t.db, staff, me, &bad, t0()).await, Err(ServiceError::Validation(_))));
    let end = DecisionInput {
        decision: "end".into(),
        reason: Some("conduct_below_standard".into()),
        note: "Repeatedly missed agreed sessions without notice.".into(),
    };
    assert_eq!(approvals::decide(&t.db, staff, me, &end, t0()).await.expect("end"), MentorStatus::Ended);
    assert_eq!(sessions::resolve(&t.db, &token, Default::default(), t0()).await.expect("resolve"), None);
    assert!(!approvals::is_matchable(&t.db, me, until).await.expect("m"));
    assert!(matches!(approvals::ensure_open(&t.db, me).await, Err(ServiceError::Forbidden)));
    // Decisions only follow allowed paths, and each is kept.
    assert!(refused(approvals::decide(&t.db, staff, me, &approve, t0()).await, "decision").contains("role ended"));
    let review = approvals::review(&t.db, me, t0()).await.expect("review");
    assert_eq!(review.history.len(), 2);
    assert_eq!(review.history[0].note, "Repeatedly missed agreed sessions without notice.");
    assert_eq!(review.history[0].by, "Sam Staff");
    assert_eq!(review.references.len(), 2);

    // A declined applicant sees the outcome and reason, and is in the declined queue.
    let other = person(&t, "Dev Patel", Role::Mentor, "1990-01-01", None).await;
    let decline = DecisionInput {
        decision: "decline".into(),
        reason: Some("cannot_commit_time".into()),
        note: "Away on contract nine months of the year.".into(),
    };
    approvals::decide(&t.db, staff, other, &decline, t0()).await.expect("decline");
    let o = approvals::outcome(&t.db, other).await.expect("outcome");
    assert_eq!(o.status, MentorStatus::Declined);
    assert_eq!(o.reason.map(|r| r.label()), Some("Cannot commit the time"));
    let declined =
        approvals::queue(&t.db, QueueFilter::Declined, None, None, 10, chrono::Utc::now()).await.expect("queue");
    assert_eq!(declined.iter().map(|r| r.user_id).collect::<Vec<_>>(), vec![other]);
    let counts = approvals::counts(&t.db).await.expect("counts");
    assert!(counts.contains(&(QueueFilter::Ended, 1)) && counts.contains(&(QueueFilter::ToReview, 0)));
    // Staff pages by keyset: two pages of one.
    let a = person(&t, "Applicant One", Role::Mentor, "1990-01-01", None).await;
    let b = person(&t, "Applicant Two", Role::Mentor, "1990-01-01", None).await;
    let p1 = approvals::queue(&t.db, QueueFilter::ToReview, None, None, 1, chrono::Utc::now()).await.expect("p1");
    let p2 = approvals::queue(&t.db, QueueFilter::ToReview, None, Some(p1[0].user_id), 1, chrono::Utc::now())
        .await
        .expect("p2");
    assert_eq!((p1[0].user_id, p2[0].user_id), (a, b));
    assert!(!p2[0].dbs_recorded);
    // Staff find an applicant by name, whatever the case; wildcards are literal.
    let found = approvals::queue(&t.db, QueueFilter::ToReview, Some("applicant TWO"), None, 10, chrono::Utc::now())
        .await
        .expect("search");
    assert_eq!(found.iter().map(|r| r.user_id).collect::<Vec<_>>(), vec![b]);
    assert!(
        approvals::queue(&t.db, QueueFilter::ToReview, Some("%"), None, 10, chrono::Utc::now())
            .await
            .expect("search")
            .is_empty()
    );
    // Only mentors can be decided on.
    let yp = person(&t, "Young Yasmin", Role::YoungPerson, "2005-01-01", None).await;
    assert!(matches!(approvals::decide(&t.db, staff, yp, &approve, t0()).await, Err(ServiceError::NotFound)));
}

async fn young_person_application_join_code_and_gate(t: TestDb) {
    let school = partners::create(&t.db, "Northfield Academy", partners::PartnerKind::School, Some("NORTH-26"), t0())
        .await
        .expect("school");
    let other = partners::create(&t.db, "Riverside Youth", partners::PartnerKind::YouthPartner, Some("RIVER-26"), t0())
        .await
        .expect("other");
    let coord = person(&t, "Helen Marsh", Role::Coordinator, "1985-01-01", Some(school.id)).await;
    let other_coord = person(&t, "Rita Moss", Role::Coordinator, "1985-01-01", Some(other.id)).await;
    let maya = person(&t, "Maya Patel", Role::YoungPerson, "2010-03-01", None).await;
    let app = Application {
        goals: "Build confidence, Career advice and guidance".into(),
        interests: "Technology".into(),
        region: "Yorkshire and the Humber".into(),
        format: "in_person".into(),
        availability: "Weekday afternoons".into(),
        accessibility: "".into(),
        languages: String::new(),
        join_code: "".into(),
    };
    // A 16-year-old needs a real join code.
    assert!(applications::submit(&t.db, maya, &app, t0()).await.is_err());
    let wrong = Application { join_code: "NOPE-1".into(), ..app.clone() };
    assert!(refused(applications::submit(&t.db, maya, &wrong, t0()).await, "join_code").contains("recognise"));
    let good = Application { join_code: "north-26".into(), ..app.clone() };
    let s = applications::submit(&t.db, maya, &good, t0()).await.expect("submit");
    assert_eq!(s.partner.as_deref(), Some("Northfield Academy"));
    assert!(s.under_18 && !s.confirmed && !s.ready_for_matching());
    // Only her own institution's coordinator can confirm her.
    assert!(matches!(
        applications::confirm(&t.db, other_coord, Some(other.id), maya, t0()).await,
        Err(ServiceError::NotFound)
    ));
    assert!(applications::cohort(&t.db, other.id, None, 50, t0()).await.expect("cohort").is_empty());
    applications::confirm(&t.db, coord, Some(school.id), maya, t0()).await.expect("confirm");
    // Pages in name order: Aaron, Maya, Zoe.
    let zoe = person(&t, "Zoe Adams", Role::YoungPerson, "2010-01-01", Some(school.id)).await;
    let aaron = person(&t, "Aaron Best", Role::YoungPerson, "2010-01-01", Some(school.id)).await;
    let p1 = applications::cohort(&t.db, school.id, None, 2, t0()).await.expect("page 1");
    let p2 = applications::cohort(&t.db, school.id, Some(p1[1].user_id), 2, t0()).await.expect("page 2");
    let order: Vec<i64> = p1.iter().chain(&p2).map(|r| r.user_id).collect();
    assert_eq!(order, vec![aaron, maya, zoe]);
    let cohort: Vec<_> = p1.into_iter().filter(|r| r.user_id == maya).collect();
    assert_eq!(cohort.len(), 1);
    assert!(cohort[0].applied && cohort[0].confirmed && !cohort[0].pre_evaluation_done);

    // The pre-evaluation gate: saved answer by answer, complete only when all are given.
    evaluations::save_answer(&t.db, maya, EvaluationKind::Pre, ITEMS[0].key, 4, t0()).await.expect("save");
    evaluations::save_answer(&t.db, maya, EvaluationKind::Pre, ITEMS[0].key, 5, t0()).await.expect("change");
    assert!(evaluations::save_answer(&t.db, maya, EvaluationKind::Pre, ITEMS[1].key, 9, t0()).await.is_err());
    let e = evaluations::get(&t.db, maya, EvaluationKind::Pre).await.expect("get");
    assert_eq!(e.answers, vec![(ITEMS[0].key.to_string(), 5)]);
    let missing = evaluations::submit(&t.db, maya, EvaluationKind::Pre, &[], t0()).await;
    match missing {
        Err(ServiceError::Validation(f)) => assert_eq!(f.0.len(), ITEMS.len() - 1),
        other => panic!("expected missing answers, got {other:?}"),
    }
    let rest: Vec<(String, i32)> = ITEMS[1..].iter().map(|i| (i.key.to_string(), 3)).collect();
    evaluations::submit(&t.db, maya, EvaluationKind::Pre, &rest, t0()).await.expect("complete");
    let s = applications::status(&t.db, maya, t0()).await.expect("status");
    assert!(s.pre_evaluation_done && s.confirmed && !s.ready_for_matching(), "induction still needed");
    // A completed evaluation is final.
    assert!(evaluations::save_answer(&t.db, maya, EvaluationKind::Pre, ITEMS[0].key, 1, t0()).await.is_err());

    // Induction: a young person's workshop; attending it completes the application.
    let ind = schedule(&t, WorkshopKind::MenteeInduction, 20, 26).await;
    // Inductions have an audience: an adults' one is neither offered to nor bookable by a
    // 16-year-old, and an institution's own one only by its pupils of the right age.
    let staff = person(&t, "Induction Planner", Role::Staff, "1980-01-01", None).await;
    let induction = |audience: &str, partner: Option<i64>| WorkshopInput {
        kind: WorkshopKind::MenteeInduction.as_str().into(),
        title: format!("Induction {audience} {partner:?}"),
        starts_at: (t0() + Duration::hours(30)).format("%Y-%m-%dT%H:%M").to_string(),
        minutes: "60".into(),
        mode: if partner.is_some() { "venue".into() } else { "online".into() },
        location: if partner.is_some() {
            "Northfield Academy, Library".into()
        } else {
            "https://meet.example.org/i".into()
        },
        capacity: "30".into(),
        audience: audience.into(),
        partner: partner.map(|p| p.to_string()).unwrap_or_default(),
    };
    let adults = workshops::schedule(&t.db, staff, &induction("18_25", None), t0()).await.expect("adults");
    let on_site = workshops::schedule(&t.db, staff, &induction("under_18", Some(school.id)), t0()).await.expect("site");
    let elsewhere =
        workshops::schedule(&t.db, staff, &induction("under_18", Some(other.id)), t0()).await.expect("other");
    let offered = inductions_offered(&t, maya).await;
    assert!(offered.contains(&ind) && offered.contains(&on_site), "{offered:?}");
    assert!(!offered.contains(&adults) && !offered.contains(&elsewhere), "{offered:?}");
    for refused in [adults, elsewhere] {
        match workshops::book(&t.db, maya, Role::YoungPerson, refused, t0()).await {
            Err(ServiceError::Validation(f)) => assert!(f.get("form").is_some()),
            other => panic!("a 16-year-old booked an induction outside her audience: {other:?}"),
        }
    }
    let adult = person(&t, "Sam Okafor", Role::YoungPerson, "2006-05-01", None).await;
    let offered = inductions_offered(&t, adult).await;
    assert_eq!(offered, vec![adults], "a 19-year-old sees only the adults' induction");
    assert!(workshops::book(&t.db, adult, Role::YoungPerson, on_site, t0()).await.is_err());
    assert!(workshops::book(&t.db, adult, Role::YoungPerson, ind, t0()).await.is_err());
    assert_eq!(workshops::book(&t.db, adult, Role::YoungPerson, adults, t0()).await.expect("b"), BookingStatus::Booked);
    // An on-site induction must name its institution.
    let mut nameless = induction("under_18", Some(school.id));
    nameless.partner = String::new();
    assert!(matches!(workshops::schedule(&t.db, staff, &nameless, t0()).await, Err(ServiceError::Validation(_))));
    assert!(matches!(workshops::book(&t.db, coord, Role::Coordinator, ind, t0()).await, Err(ServiceError::Forbidden)));
    assert_eq!(workshops::book(&t.db, maya, Role::YoungPerson, ind, t0()).await.expect("book"), BookingStatus::Booked);
    assert!(applications::status(&t.db, maya, t0()).await.expect("s").induction.starts_with("Booked for"));
    milestones::mark_attendance(&t.db, ind, maya, true, t0() + Duration::hours(27)).await.expect("attend");
    assert!(applications::status(&t.db, maya, t0()).await.expect("status").ready_for_matching());

    // An adult applies without a join code and needs no confirmation or induction.
    let jordan = person(&t, "Jordan Ellis", Role::YoungPerson, "2007-01-01", None).await;
    let s = applications::submit(&t.db, jordan, &app, t0()).await.expect("submit");
    assert!(!s.under_18 && s.partner.is_none());
    let answers: Vec<(String, i32)> = ITEMS.iter().map(|i| (i.key.to_string(), 4)).collect();
    evaluations::submit(&t.db, jordan, EvaluationKind::Pre, &answers, t0()).await.expect("pre");
    assert!(applications::status(&t.db, jordan, t0()).await.expect("status").ready_for_matching());
}

/// Many mentors book the last seats at once: never more bookings than seats, and everyone
/// else is on the waiting list. Runs on a file SQLite with a real pool, and on PostgreSQL.
async fn concurrent_bookings_never_overbook(t: TestDb) {
    let capacity = 5;
    let w = schedule(&t, WorkshopKind::MentorWorkshop, capacity, 48).await;
    let mut ids = Vec::new();
    for i in 0..40 {
        ids.push(person(&t, &format!("Mentor Number{i}"), Role::Mentor, "1985-05-05", None).await);
    }
    let mut tasks = Vec::new();
    for id in ids.clone() {
        let db = t.db.clone();
        tasks.push(tokio::spawn(async move { workshops::book(&db, id, Role::Mentor, w, t0()).await }));
    }
    let mut booked = 0;
    let mut waiting = 0;
    for task in tasks {
        match task.await.expect("task").expect("every booking gets an answer") {
            BookingStatus::Booked => booked += 1,
            BookingStatus::Waitlisted => waiting += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((booked, waiting), (capacity, 40 - capacity));
    let reg = workshops::register(&t.db, w).await.expect("register");
    assert_eq!(reg.iter().filter(|l| l.status == BookingStatus::Booked).count(), capacity as usize);
    assert_eq!(workshops::find(&t.db, w, t0()).await.expect("w").booked, capacity);
    // Concurrent cancellations hand each freed seat to exactly one waiting person.
    let mut tasks = Vec::new();
    for l in reg.iter().filter(|l| l.status == BookingStatus::Booked) {
        let (db, id) = (t.db.clone(), l.user_id);
        tasks.push(tokio::spawn(async move { workshops::cancel(&db, id, w, t0()).await }));
    }
    for task in tasks {
        task.await.expect("task").expect("cancel");
    }
    let reg = workshops::register(&t.db, w).await.expect("register");
    assert_eq!(reg.iter().filter(|l| l.status == BookingStatus::Booked).count(), capacity as usize);
    assert_eq!(reg.iter().filter(|l| l.status == BookingStatus::Waitlisted).count(), 40 - 2 * capacity as usize);
    assert_eq!(workshops::find(&t.db, w, t0()).await.expect("w").booked, capacity);
}

#[tokio::test]
async fn concurrent_bookings_sqlite_file() {
    concurrent_bookings_never_overbook(TestDb::new(Backend::SqliteFile).await.expect("sqlite")).await;
}

#[tokio::test]
async fn concurrent_bookings_postgres() {
    concurrent_bookings_never_overbook(TestDb::new(Backend::Postgres).await.expect("postgres")).await;
}
