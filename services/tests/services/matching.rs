//! Service tests for matching: who waits and who can mentor, ranked candidates with reasons,
//! confirming a pair, a matching run (draft, veto, publish), notifications to both sides and
//! an under-18's coordinator, and rematch (the closed pair never returns). SQLite and
//! PostgreSQL, on the demo programme.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::Role;
use domain::evaluations::{EvaluationKind, ITEMS};
use domain::matching::{RematchInput, RunScope, RunStatus};
use domain::relationships::MatchStatus;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use services::entities::{mentoring_match, user, workshop, workshop_booking, yp_application};
use services::testing::TestDb;
use services::{ServiceError, applications, demo, evaluations, matching, notifications, outbox};
use std::collections::HashSet;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("time")
}

async fn user_by_email(t: &TestDb, email: &str) -> user::Model {
    user::Entity::find().filter(user::Column::Email.eq(email)).one(&t.db).await.expect("query").expect("user")
}

fn field_error<T: std::fmt::Debug>(r: Result<T, ServiceError>) -> String {
    match r {
        Err(ServiceError::Validation(e)) => e.to_string(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

on_both!(
    pool_candidates_and_a_confirmed_match,
    a_run_is_optimal_and_publishes_without_vetoed_pairs,
    the_pool_flag_follows_every_match_rematch_and_closure
);

async fn pool_candidates_and_a_confirmed_match(t: TestDb) {
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let waiting = matching::waiting(&t.db, &RunScope::Everyone, None, t0()).await.expect("waiting");
    assert_eq!(waiting.len(), 6, "six adults applied with a pre-evaluation; pupils still wait for confirmation");
    assert!(waiting.iter().all(|w| !w.under_18));
    let mentors = matching::available(&t.db, None, t0()).await.expect("available");
    assert_eq!(mentors.len(), 6, "the six approved, trained, certified mentors");

    let y = &waiting[0];
    let (row, candidates) = matching::candidates_for(&t.db, y.user_id, 10, t0()).await.expect("candidates");
    assert_eq!(row.user_id, y.user_id);
    assert!(!candidates.is_empty());
    assert!(candidates.windows(2).all(|w| w[0].score >= w[1].score), "ranked best first");
    for c in &candidates {
        assert!(c.reasons.iter().any(|r| r.starts_with("Covers")), "{:?}", c.reasons);
        assert!(c.reasons.iter().any(|r| r.starts_with("Both free")), "{:?}", c.reasons);
    }
    let best = &candidates[0];
    let staff = user_by_email(&t, "staff@tandem.example").await;
    let id = matching::confirm(&t.db, staff.id, y.user_id, best.mentor_id, t0()).await.expect("confirm");
    assert!(id > 0);
    // Both sides are told; the young person leaves the pool and the mentor is full.
    let mine = matching::my_match(&t.db, y.user_id, t0()).await.expect("mine").expect("matched");
    assert_eq!(mine.match_id, id);
    assert_eq!(mine.planned_end, "23 November 2027");
    assert!(matching::my_match(&t.db, best.mentor_id, t0()).await.expect("mentor").is_some());
    let note = notifications::notifications(&t.db, best.mentor_id, 5).await.expect("notes");
    assert!(note[0].0.contains("You have been matched with"), "{note:?}");
    let mail =
        outbox::latest_to(&t.db, &user::Entity::find_by_id(y.user_id).one(&t.db).await.expect("q").expect("u").email)
            .await
            .expect("mail")
            .expect("an email to the young person");
    assert!(mail.body.contains("found you a mentor"));
    assert!(
        matching::waiting(&t.db, &RunScope::Everyone, None, t0())
            .await
            .expect("w")
            .iter()
            .all(|w| w.user_id != y.user_id)
    );
    assert!(matching::available(&t.db, Some(best.mentor_id), t0()).await.expect("a").is_empty());
    // Matching either of them again is refused with a reason.
    let other = mentors.iter().find(|m| m.mentor.key != best.mentor_id).expect("another mentor");
    assert!(
        field_error(matching::confirm(&t.db, staff.id, y.user_id, other.mentor.key, t0()).await)
            .contains("not waiting")
    );

    // A rematch closes the pair for good: the young person is back in the pool and the
    // mentor free, but the two are never proposed to each other again.
    let bad = RematchInput { reason: None, note: String::new() };
    assert!(field_error(matching::request_rematch(&t.db, y.user_id, false, id, &bad, t0()).await).contains("reason"));
    let stranger = user_by_email(&t, "jordan.ellis@example.org").await;
    let why = RematchInput { reason: Some("not_working".into()), note: "After the third session".into() };
    assert!(matches!(
        matching::request_rematch(&t.db, stranger.id, false, id, &why, t0()).await,
        Err(ServiceError::NotFound)
    ));
    matching::request_rematch(&t.db, y.user_id, false, id, &why, t0()).await.expect("rematch");
    assert!(matching::my_match(&t.db, y.user_id, t0()).await.expect("mine").is_none());
    assert!(
        !services::relationships::end_evaluation_open(&t.db, y.user_id, t0()).await.expect("open?"),
        "a rematch is not the end of mentoring"
    );
    let (_, again) = matching::candidates_for(&t.db, y.user_id, 10, t0()).await.expect("candidates");
    assert!(again.iter().all(|c| c.mentor_id != best.mentor_id), "the closed pair never comes back");
    assert!(
        field_error(matching::confirm(&t.db, staff.id, y.user_id, best.mentor_id, t0()).await)
            .contains("vetoed or matched before")
    );
    assert!(
        field_error(matching::request_rematch(&t.db, y.user_id, false, id, &why, t0()).await).contains("already ended")
    );

    // An under-18: confirmed by the coordinator, pre-evaluation done and inducted, then
    // matched with a mentor for 14-17s; the coordinator hears about it.
    let coordinator = user_by_email(&t, "coordinator@northfield.example").await;
    let cohort =
        applications::cohort(&t.db, coordinator.partner_id.expect("school"), None, 50, t0()).await.expect("cohort");
    let pupil = cohort.iter().find(|c| c.applied).expect("an applicant");
    applications::confirm(&t.db, coordinator.id, coordinator.partner_id, pupil.user_id, t0())
        .await
        .expect("confirm pupil");
    let answers: Vec<(String, i32)> = ITEMS.iter().map(|i| (i.key.to_string(), 3)).collect();
    evaluations::submit(&t.db, pupil.user_id, EvaluationKind::Pre, &answers, t0()).await.expect("pre");
    let not_yet = matching::waiting(&t.db, &RunScope::Everyone, Some(pupil.user_id), t0()).await.expect("w");
    assert!(not_yet.is_empty(), "not inducted yet");
    let induction = workshop::Entity::find()
        .filter(workshop::Column::Kind.eq("mentee_induction"))
        .one(&t.db)
        .await
        .expect("q")
        .expect("an induction");
    workshop_booking::ActiveModel {
        workshop_id: Set(induction.id),
        user_id: Set(pupil.user_id),
        status: Set(domain::workshops::BookingStatus::Attended),
        queued_at: Set(t0()),
        updated_at: Set(t0()),
        ..Default::default()
    }
    .insert(&t.db)
    .await
    .expect("attended");
    let (_, options) = matching::candidates_for(&t.db, pupil.user_id, 10, t0()).await.expect("pupil candidates");
    assert!(!options.is_empty());
    let nurse = options.iter().find(|c| c.job_title == "Staff nurse").expect("the mentor for 14-17s is proposed");
    assert!(options.iter().all(|c| c.job_title != "Software engineer"), "mentors for 22-25 only are not proposed");
    // A second coordinator at the school whose account is disabled hears nothing.
    let away = user::ActiveModel {
        email: Set("away@northfield.example".into()),
        name: Set("Alex Away".into()),
        date_of_birth: Set(Some(chrono::NaiveDate::from_ymd_opt(1980, 4, 21).expect("date"))),
        role: Set(Role::Coordinator.as_str().into()),
        partner_id: Set(coordinator.partner_id),
        password_hash: Set(String::new()),
        disabled: Set(true),
        created_at: Set(t0()),
        updated_at: Set(t0()),
        ..Default::default()
    }
    .insert(&t.db)
    .await
    .expect("a disabled coordinator");
    matching::confirm(&t.db, staff.id, pupil.user_id, nurse.mentor_id, t0()).await.expect("confirm pupil match");
    let told = notifications::notifications(&t.db, coordinator.id, 5).await.expect("coordinator notes");
    assert!(told.iter().any(|n| n.0.contains("has been matched with a mentor")), "{told:?}");
    assert!(notifications::notifications(&t.db, away.id, 5).await.expect("notes").is_empty(), "disabled: not told");
    let mails = outbox::pending(&t.db, 200).await.expect("outbox");
    assert!(!mails.iter().any(|m| m.to == "away@northfield.example"), "and not emailed");
    let theirs = matching::my_match(&t.db, pupil.user_id, t0()).await.expect("m").expect("matched");
    assert_eq!(theirs.via_coordinator.as_deref(), Some("Northfield Academy"));
}

async fn a_run_is_optimal_and_publishes_without_vetoed_pairs(t: TestDb) {
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let staff = user_by_email(&t, "staff@tandem.example").await;
    let run = matching::create_run(&t.db, staff.id, &RunScope::Everyone, t0()).await.expect("create");
    // One run at a time (a run left running by a stopped server stops blocking after 30 minutes).
    assert!(field_error(matching::create_run(&t.db, staff.id, &RunScope::Everyone, t0()).await).contains("already"));
    let later = t0() + Duration::minutes(31);
    let stale = matching::create_run(&t.db, staff.id, &RunScope::Everyone, later).await.expect("after 30 minutes");
    let (s, _, _) = matching::run_view(&t.db, run, None, 1).await.expect("view");
    assert_eq!(s.status, RunStatus::Failed);
    assert!(s.message.starts_with("Interrupted"));
    matching::discard(&t.db, stale).await.expect_err("only drafts are discarded");
    // Back to one run to review: execute the stale-marked one's successor instead.
    let run = stale;
    matching::execute_run(&t.db, run, None, t0()).await.expect("execute");
    let (summary, pairs, next) = matching::run_view(&t.db, run, None, 100).await.expect("view");
    assert_eq!(summary.status, RunStatus::Draft);
    assert!(summary.certified, "optimal on the full eligible graph");
    assert_eq!(summary.score_gap, Some(0), "a proved run is no points from the optimum");
    assert_eq!(next, None);
    assert_eq!(summary.matched as usize, pairs.len());
    assert!(pairs.len() >= 4, "most of the six adults get a mentor: {pairs:?}");
    // The draft's pairs are optimal: as many as an exhaustive search finds, with its score.
    let ys = matching::waiting(&t.db, &RunScope::Everyone, None, t0()).await.expect("w");
    let ms = matching::available(&t.db, None, t0()).await.expect("a");
    let w = matching::weights(&t.db).await.expect("weights");
    let engine = ::matching::Weights {
        goals: w.goals,
        sector: w.sector,
        availability: w.availability,
        format: w.format,
        language: w.language,
        waiting: w.waiting,
    };
    fn best(
        i: usize,
        ys: &[matching::Waiting],
        ms: &[matching::Available],
        used: &mut Vec<bool>,
        w: &::matching::Weights,
    ) -> (usize, i64) {
        if i == ys.len() {
            return (0, 0);
        }
        let mut top = best(i + 1, ys, ms, used, w);
        for (j, m) in ms.iter().enumerate() {
            if !used[j] && ::matching::model::eligible(&ys[i].person, &m.mentor) {
                used[j] = true;
                let (n, s) = best(i + 1, ys, ms, used, w);
                used[j] = false;
                let cand = (n + 1, s + ::matching::model::score(w, &ys[i].person, &m.mentor).score);
                if cand > top {
                    top = cand;
                }
            }
        }
        top
    }
    let (n, score) = best(0, &ys, &ms, &mut vec![false; ms.len()], &engine);
    assert_eq!((pairs.len(), summary.total_score), (n, score));
    // Everyone the draft leaves waiting is listed, longest wait first, each with a reason.
    let left = matching::left_waiting(&t.db, run, 100, t0()).await.expect("left waiting");
    let unpaired: HashSet<i64> =
        ys.iter().map(|y| y.user_id).filter(|id| pairs.iter().all(|p| p.young_person_id != *id)).collect();
    assert_eq!(left.iter().map(|w| w.user_id).collect::<HashSet<_>>(), unpaired);
    assert!(left.windows(2).all(|w| w[0].waited_days >= w[1].waited_days));
    for w in &left {
        let fits = ms.iter().any(|m| {
            ::matching::model::eligible(&ys.iter().find(|y| y.user_id == w.user_id).expect("y").person, &m.mentor)
        });
        assert_eq!(w.why.starts_with("No mentor in the pool fits"), !fits, "{w:?}");
    }

    // A second draft drawn from the same pool: once the first is published, it is superseded.
    let rival =
        matching::create_run(&t.db, staff.id, &RunScope::Everyone, t0() + Duration::minutes(1)).await.expect("rival");
    matching::execute_run(&t.db, rival, None, t0()).await.expect("execute the rival");

    // Veto one pair, publish the rest: both sides of published pairs are matched; the vetoed
    // pair is never proposed again.
    let vetoed = &pairs[0];
    matching::flag_pair(&t.db, staff.id, run, vetoed.id, "veto", t0()).await.expect("veto");
    assert!(field_error(matching::flag_pair(&t.db, staff.id, run, vetoed.id, "explode", t0()).await).contains("pin"));
    // Run again keeping pins: the new draft says whom it no longer pairs.
    let again_draft =
        matching::create_run(&t.db, staff.id, &RunScope::Everyone, t0() + Duration::minutes(2)).await.expect("again");
    matching::execute_run(&t.db, again_draft, Some(run), t0()).await.expect("run again");
    let (_, again_pairs, _) = matching::run_view(&t.db, again_draft, None, 100).await.expect("view");
    let mut gone: Vec<String> = pairs
        .iter()
        .filter(|p| again_pairs.iter().all(|q| q.young_person_id != p.young_person_id))
        .map(|p| p.young_person.clone())
        .collect();
    gone.sort();
    assert_eq!(matching::dropped_since(&t.db, again_draft).await.expect("dropped"), Some((run, gone)));
    assert_eq!(matching::dropped_since(&t.db, run).await.expect("first"), None);

    // Someone matches one of the draft's young people by hand before publishing: that pair
    // is skipped, not doubled.
    matching::confirm(&t.db, staff.id, pairs[1].young_person_id, pairs[1].mentor_id, t0()).await.expect("by hand");
    let (published, skipped) = matching::publish(&t.db, staff.id, run, t0()).await.expect("publish");
    assert_eq!((published, skipped), (pairs.len() - 2, 1));
    assert!(field_error(matching::publish(&t.db, staff.id, run, t0()).await).contains("Only a draft"));
    let (r, _, _) = matching::run_view(&t.db, rival, None, 1).await.expect("rival");
    assert_eq!(r.status, RunStatus::Superseded);
    assert!(field_error(matching::publish(&t.db, staff.id, rival, t0()).await).contains("later run"));
    let (_, rival_pairs, _) = matching::run_view(&t.db, rival, None, 1).await.expect("rival pairs");
    if let Some(p) = rival_pairs.first() {
        assert!(
            field_error(matching::flag_pair(&t.db, staff.id, rival, p.id, "pin", t0()).await).contains("later run")
        );
    }
    for p in &pairs[1..] {
        assert!(matching::my_match(&t.db, p.young_person_id, t0()).await.expect("m").is_some());
        assert!(matching::my_match(&t.db, p.mentor_id, t0()).await.expect("m").is_some());
    }
    assert!(matching::my_match(&t.db, vetoed.young_person_id, t0()).await.expect("m").is_none());
    let excluded = matching::excluded_pairs(&t.db).await.expect("excluded");
    assert!(excluded.contains(&(vetoed.young_person_id, vetoed.mentor_id)));
    // Mentors left in the pool are told kindly.
    let left: Vec<i64> =
        matching::available(&t.db, None, t0()).await.expect("a").iter().map(|m| m.mentor.key).collect();
    for m in left {
        let notes = notifications::notifications(&t.db, m, 3).await.expect("notes");
        assert!(notes.iter().any(|n| n.0.contains("best match for the next")), "{notes:?}");
    }
    // A second run proposes nothing vetoed, and nothing for people already matched.
    let again =
        matching::create_run(&t.db, staff.id, &RunScope::Everyone, t0() + Duration::minutes(5)).await.expect("again");
    matching::execute_run(&t.db, again, None, t0()).await.expect("execute again");
    let (_, pairs2, _) = matching::run_view(&t.db, again, None, 100).await.expect("view");
    for p in &pairs2 {
        assert!((p.young_person_id, p.mentor_id) != (vetoed.young_person_id, vetoed.mentor_id));
        assert!(pairs[1..].iter().all(|q| q.young_person_id != p.young_person_id));
    }
    pool_agrees(&t, t0()).await;
    let _ = Role::Staff;
}

/// The waiting pool's index agrees with the matches: every application's `placed` flag is
/// true exactly when a match keeps them out (active, or closed for any reason but a
/// rematch), and the staff's keyset pages (which walk the flag's index) list exactly the
/// pool's full rule, longest wait first.
async fn pool_agrees(t: &TestDb, now: DateTime<Utc>) {
    let matches = mentoring_match::Entity::find().all(&t.db).await.expect("matches");
    for a in yp_application::Entity::find().all(&t.db).await.expect("applications") {
        let keeps_out = matches.iter().any(|m| {
            m.young_person_id == a.user_id
                && (m.status == MatchStatus::Active
                    || (m.status == MatchStatus::Closed && m.closed_reason.as_deref() != Some("rematch")))
        });
        assert_eq!(a.placed, keeps_out, "application of {}: {matches:?}", a.user_id);
    }
    let mut pool: Vec<(DateTime<Utc>, i64)> = matching::waiting(&t.db, &RunScope::Everyone, None, now)
        .await
        .expect("pool")
        .iter()
        .map(|w| (w.application.submitted_at, w.user_id))
        .collect();
    pool.sort();
    let (mut paged, mut after) = (Vec::new(), None);
    loop {
        let (rows, next) = matching::waiting_page(&t.db, after, 2, now).await.expect("page");
        paged.extend(rows.iter().map(|r| r.user_id));
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(paged, pool.iter().map(|p| p.1).collect::<Vec<_>>());
    assert_eq!(matching::waiting_count(&t.db, now).await.expect("count"), pool.len());
}

async fn the_pool_flag_follows_every_match_rematch_and_closure(t: TestDb) {
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    // The demo's two active pairs were written with the flag.
    pool_agrees(&t, t0()).await;
    let staff = user_by_email(&t, "staff@tandem.example").await;
    let placed = |id: i64| {
        let db = t.db.clone();
        async move {
            yp_application::Entity::find()
                .filter(yp_application::Column::UserId.eq(id))
                .one(&db)
                .await
                .expect("q")
                .expect("application")
                .placed
        }
    };
    let pool = matching::waiting(&t.db, &RunScope::Everyone, None, t0()).await.expect("pool");
    let y = pool[0].user_id;
    assert!(!placed(y).await);
    // Matched by hand: out of the pool.
    let (_, c) = matching::candidates_for(&t.db, y, 5, t0()).await.expect("candidates");
    let first = matching::confirm(&t.db, staff.id, y, c[0].mentor_id, t0()).await.expect("confirm");
    assert!(placed(y).await);
    pool_agrees(&t, t0()).await;
    // A rematch: back in the pool.
    let why = RematchInput { reason: Some("not_working".into()), note: String::new() };
    matching::request_rematch(&t.db, y, false, first, &why, t0()).await.expect("rematch");
    assert!(!placed(y).await);
    pool_agrees(&t, t0()).await;
    // Matched again, then the mentoring ends early for good: out of the pool for good.
    let (_, c) = matching::candidates_for(&t.db, y, 5, t0()).await.expect("candidates");
    let second = matching::confirm(&t.db, staff.id, y, c[0].mentor_id, t0()).await.expect("confirm again");
    assert!(placed(y).await);
    let who = services::relationships::Who { id: staff.id, role: Role::Staff, partner_id: None };
    let close = domain::mentoring::CloseInput { reason: Some("moved_away".into()), note: String::new() };
    services::mentoring::close(&t.db, who, second, &close, t0()).await.expect("close");
    assert!(placed(y).await, "an earlier rematch does not bring them back once mentoring has ended");
    pool_agrees(&t, t0()).await;
    // A refused rematch on the closed pair changes nothing.
    assert!(matching::request_rematch(&t.db, y, false, second, &why, t0()).await.is_err());
    assert!(placed(y).await);
}
