//! Impact reports on SQLite and PostgreSQL: a young person's pre and end evaluations pair and
//! are counted; the database aggregation equals the same statistics computed in memory on
//! generated pairs; a partner's view is limited to its own people and suppressed below the
//! minimum group size; the CSV export neutralises formulas.

use chrono::{DateTime, TimeZone, Utc};
use domain::evaluations::{END_NOT_OPEN, EvaluationKind, ITEMS, Theme};
use domain::impact::{ImpactFilter, MIN_GROUP, to_csv};
use domain::mentoring::CloseInput;
use domain::stats::{PairedSums, paired};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use services::entities::{evaluation_pair, mentoring_match, user};
use services::relationships::Who;
use services::testing::TestDb;
use services::{demo, evaluations, impact, mentoring, programme};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("time")
}

async fn user(t: &TestDb, email: &str) -> user::Model {
    user::Entity::find().filter(user::Column::Email.eq(email)).one(&t.db).await.expect("q").expect("user")
}

/// The demo's active match of this young person.
async fn match_of(t: &TestDb, young: i64) -> mentoring_match::Model {
    mentoring_match::Entity::find()
        .filter(mentoring_match::Column::YoungPersonId.eq(young))
        .one(&t.db)
        .await
        .expect("q")
        .expect("match")
}

/// Ends the match as `who` (goals met), which opens the end evaluation.
async fn end_mentoring(t: &TestDb, who: Who, young: i64) -> i64 {
    let m = match_of(t, young).await;
    let close = CloseInput { reason: Some("goals_met".into()), note: String::new() };
    mentoring::close(&t.db, who, m.id, &close, t0()).await.expect("close");
    m.id
}

on_both!(an_end_evaluation_pairs_and_is_counted, database_aggregates_equal_in_memory_statistics);

async fn an_end_evaluation_pairs_and_is_counted(t: TestDb) {
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let leah = user(&t, "leah.carter@example.net").await;
    let marcus = user(&t, "marcus.lee@example.org").await;
    let all = ImpactFilter::default().validate().expect("filter");
    let before = impact::report(&t.db, &all, None, "Everyone").await.expect("report");
    assert_eq!(before.pairs, 0);
    assert!(before.themes.iter().all(|r| r.result.is_none()));
    assert!(before.applications > 0 && !before.wants.is_empty(), "the demo's applications");

    // The service itself refuses end answers before the end evaluation opens: a direct call
    // cannot go round the page's check.
    let early = evaluations::save_answer(&t.db, leah.id, EvaluationKind::End, ITEMS[0].key, 3, t0()).await;
    assert!(
        matches!(early, Err(services::ServiceError::Validation(ref e)) if e.get("form") == Some(END_NOT_OPEN)),
        "{early:?}"
    );
    let whole = [(ITEMS[0].key.to_string(), 3)];
    let early = evaluations::submit(&t.db, leah.id, EvaluationKind::End, &whole, t0()).await;
    assert!(matches!(early, Err(services::ServiceError::Validation(_))), "{early:?}");
    let nothing = evaluations::get(&t.db, leah.id, EvaluationKind::End).await.expect("view");
    assert!(nothing.answers.is_empty(), "nothing was saved");

    // Leah's mentoring ends; she answers the same statements again, a point higher on each.
    let who = Who { id: marcus.id, role: domain::Role::Mentor, partner_id: None };
    end_mentoring(&t, who, leah.id).await;
    let pre = evaluations::get(&t.db, leah.id, EvaluationKind::Pre).await.expect("pre");
    // Half the answers in one sitting, the rest later: nothing is lost in between.
    for (k, v) in pre.answers.iter().take(6) {
        evaluations::save_answer(&t.db, leah.id, EvaluationKind::End, k, (v + 1).min(5), t0()).await.expect("save");
    }
    let rest: Vec<(String, i32)> = pre.answers.iter().skip(6).map(|(k, v)| (k.clone(), (v + 1).min(5))).collect();
    evaluations::submit(&t.db, leah.id, EvaluationKind::End, &rest, t0()).await.expect("end");

    let r = impact::report(&t.db, &all, None, "Everyone").await.expect("report");
    assert_eq!(r.pairs, 1);
    assert_eq!(r.themes.len(), 3);
    assert_eq!(r.items.len(), ITEMS.len());
    let emp = r.themes[0].result.expect("empowerment");
    assert_eq!(emp.n, 1);
    // Reverse-worded items flip: agreeing more with "nothing I can do" is a worse score.
    let stuck = ITEMS.iter().position(|i| i.key == "emp_stuck").expect("item");
    let stuck_change = r.items[stuck].result.expect("item").mean_change;
    assert!(stuck_change <= 0.0, "a higher answer on a reverse-worded item scores lower: {stuck_change}");
    let csv = to_csv(&r);
    assert!(csv.lines().count() == 1 + 3 + ITEMS.len(), "{csv}");
    assert!(csv.contains(Theme::Wellbeing.label()));

    // Filters narrow it; a partner sees only its own people, and nothing below the minimum group.
    let other_year = ImpactFilter { year: Some("2025".into()), ..Default::default() }.validate().expect("f");
    assert_eq!(impact::report(&t.db, &other_year, None, "Everyone").await.expect("r").pairs, 0);
    let coordinator = user(&t, "coordinator@northfield.example").await;
    let school = impact::report(&t.db, &all, coordinator.partner_id, "Northfield").await.expect("school");
    assert!(school.suppressed, "fewer than {MIN_GROUP} pairs");
    assert!(school.themes.iter().all(|r| r.result.is_none()));
    assert!(school.nps.is_none() && school.workshops.is_none() && school.funnel.is_none());

    // Staff also see the mentor funnel and the wait for a first meeting.
    let staff = impact::scoped_report(&t.db, domain::Role::Staff, None, &all, chrono::Utc::now()).await.expect("staff");
    let f = staff.funnel.expect("funnel");
    let step = |name: &str| f.mentors.iter().find(|m| m.0 == name).map(|m| m.1).expect("step");
    assert_eq!(step("Registered"), 39);
    assert_eq!(step("Approved"), 8);
    assert_eq!(step("Matched"), 2);
    assert_eq!(step("Active"), 1, "Marcus's match has closed");
    assert_eq!(step("Completed a mentoring"), 1);
    assert!(f.mentors.windows(2).take(3).all(|w| w[0].1 >= w[1].1), "{:?}", f.mentors);
    assert_eq!(f.young_people_met, 1, "only Kofi has had a session logged");
    assert!(f.median_days_to_first_meeting.is_some_and(|d| d > 0.0));
    let denied = impact::scoped_report(&t.db, domain::Role::Mentor, None, &all, chrono::Utc::now()).await;
    assert!(matches!(denied, Err(services::ServiceError::Forbidden)));
}

async fn database_aggregates_equal_in_memory_statistics(t: TestDb) {
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    // Generated pairs with known values, one per demo account (a pair is unique per person).
    let people: Vec<i64> = user::Entity::find().all(&t.db).await.expect("users").into_iter().map(|u| u.id).collect();
    assert!(people.len() >= 80);
    let mut state = 42u64;
    let mut next = move |n: u64| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let mut theme1 = PairedSums::default();
    let mut item1 = PairedSums::default();
    for &person in people.iter().take(80) {
        let b: Vec<i32> = (0..ITEMS.len()).map(|_| 1 + next(5) as i32).collect();
        let a: Vec<i32> = b.iter().map(|v| (v + next(3) as i32 - 1).clamp(1, 5)).collect();
        let tb = b[..4].iter().sum::<i32>() as f64 / 4.0;
        let ta = a[..4].iter().sum::<i32>() as f64 / 4.0;
        theme1.add(tb, ta);
        item1.add(b[0] as f64, a[0] as f64);
        let mut row = evaluation_pair::ActiveModel {
            user_id: Set(person),
            version: Set(domain::evaluations::INSTRUMENT_VERSION.into()),
            paired_at: Set(t0()),
            year: Set(2026),
            cohort: Set(2025),
            region: Set("London".into()),
            partner_id: Set(None),
            age_group: Set("18_21".into()),
            theme1_before: Set(tb),
            theme1_after: Set(ta),
            theme2_before: Set(3.0),
            theme2_after: Set(3.0),
            theme3_before: Set(3.0),
            theme3_after: Set(3.5),
            ..Default::default()
        };
        for pos in 0..ITEMS.len() {
            evaluations::set_position(&mut row, pos + 1, Some(b[pos]), Some(a[pos]));
        }
        row.insert(&t.db).await.expect("insert");
    }
    let f = ImpactFilter { region: Some("London".into()), ..Default::default() }.validate().expect("f");
    let r = impact::report(&t.db, &f, None, "Everyone").await.expect("report");
    assert_eq!(r.pairs, 80);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    for (got, want) in [
        (r.themes[0].result.expect("t"), paired(&theme1).expect("t")),
        (r.items[0].result.expect("i"), paired(&item1).expect("i")),
    ] {
        assert_eq!(got.n, want.n);
        assert!(close(got.mean_change, want.mean_change) && close(got.sd_change, want.sd_change), "{got:?} {want:?}");
        let (g, w) = (got.ci95.expect("ci"), want.ci95.expect("ci"));
        assert!(close(g.0, w.0) && close(g.1, w.1));
        assert!(close(got.improved_pct, want.improved_pct) && close(got.worse_pct, want.worse_pct));
    }
    let social = r.themes[2].result.expect("social");
    assert!(close(social.mean_change, 0.5) && social.ci95.is_none(), "every change the same: no interval");
    let elsewhere = ImpactFilter { region: Some("Wales".into()), ..Default::default() }.validate().expect("f");
    assert_eq!(impact::report(&t.db, &elsewhere, None, "Everyone").await.expect("r").pairs, 0);
}

on_both!(a_licensed_instrument_pairs_on_its_own_version);

on_both!(equality_answers_are_counted_only_in_groups_of_five);

/// Five young people who applied answer "White" (Irish), one "Asian" (Indian); five approved
/// mentors are employed. Groups of 5 are counted, groups of 1 are hidden, and the impact split
/// counts the five's evaluation pairs. Only young people and mentors may answer, only their
/// own questions; leaving everything unanswered removes the record.
async fn equality_answers_are_counted_only_in_groups_of_five(t: TestDb) {
    use domain::equality::EqualityAnswers;
    use services::{accounts, equality};
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let applied: Vec<i64> = services::entities::yp_application::Entity::find()
        .all(&t.db)
        .await
        .expect("applications")
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    assert!(applied.len() >= 11, "the demo's applications: {}", applied.len());
    let answer = |k: &'static str, v: &'static str| vec![(k, Some(v.to_string()))];
    for id in &applied[..5] {
        let a = accounts::find(&t.db, *id).await.expect("young person");
        equality::save(&t.db, &a, &answer("ethnic_group", "white_irish"), t0()).await.expect("save");
    }
    let sixth = accounts::find(&t.db, applied[5]).await.expect("young person");
    let saved = equality::save(&t.db, &sixth, &answer("ethnic_group", "asian_indian"), t0()).await.expect("save");
    assert_eq!(equality::mine(&t.db, sixth.id).await.expect("mine"), saved);
    let refused = equality::save(&t.db, &sixth, &answer("employment", "retired"), t0()).await;
    assert!(matches!(refused, Err(services::ServiceError::Validation(_))), "not asked of young people");

    let approved: Vec<i64> = services::entities::mentor_decision::Entity::find()
        .filter(services::entities::mentor_decision::Column::Decision.eq("approve"))
        .all(&t.db)
        .await
        .expect("decisions")
        .into_iter()
        .map(|d| d.user_id)
        .collect();
    let mut employed = 0;
    for id in approved.iter().copied() {
        let a = accounts::find(&t.db, id).await.expect("mentor");
        // Five approved mentors not yet matched.
        let matched = mentoring_match::Entity::find()
            .filter(mentoring_match::Column::MentorId.eq(id))
            .one(&t.db)
            .await
            .expect("q")
            .is_some();
        if matched || employed == 5 {
            continue;
        }
        equality::save(&t.db, &a, &answer("employment", "employed"), t0()).await.expect("mentor saves");
        employed += 1;
    }
    assert_eq!(employed, 5);
    let staff = accounts::find(&t.db, user(&t, "staff@tandem.example").await.id).await.expect("staff");
    let forbidden = equality::save(&t.db, &staff, &answer("sex", "female"), t0()).await;
    assert!(matches!(forbidden, Err(services::ServiceError::Forbidden)), "staff are not asked");

    // The five's evaluation pairs: four of them went up in Empowerment.
    for (n, id) in applied[..5].iter().enumerate() {
        let place = evaluations::PairPlace {
            user_id: *id,
            paired_at: t0(),
            year: 2026,
            cohort: 2026,
            region: "London".into(),
            partner_id: None,
            age_group: "18-25".into(),
        };
        let mut row = services::testing::generated_pair(place, |_| 1);
        row.theme1_before = Set(2.0);
        row.theme1_after = Set(if n < 4 { 3.0 } else { 2.0 });
        row.insert(&t.db).await.expect("pair");
    }

    let r = equality::report(&t.db).await.expect("report");
    let ethnic = r.young_people.iter().find(|t| t.question == "Ethnic group").expect("table");
    let row = |g: &str| ethnic.rows.iter().find(|r| r.group == g).map(|r| r.counts.clone()).expect(g);
    assert_eq!(row("White")[0], Some(5), "five applied");
    assert_eq!(row("White")[1], None, "matched: fewer than 5, hidden");
    assert_eq!(row("Asian, Asian British or Asian Welsh")[0], None, "one person is never shown");
    assert_eq!(row("Not answered")[0], Some(applied.len() as u64 - 6));
    let employment = r.mentors.iter().find(|t| t.question == "Employment status").expect("mentors");
    let employed_row = employment.rows.iter().find(|r| r.group == "Employed").expect("employed");
    assert_eq!(employed_row.counts, vec![Some(5), Some(5), None]);
    assert!(r.mentors.iter().all(|t| t.question != "Eligible for free school meals"), "not asked of mentors");
    let split = r.impact.iter().find(|t| t.question == "Ethnic group").expect("split");
    let white = split.rows.iter().find(|r| r.group == "White").expect("white");
    assert_eq!(white.pairs, Some(5));
    assert_eq!(white.improved[0], Some(80.0));
    let asian = split.rows.iter().find(|r| r.group == "Asian, Asian British or Asian Welsh").expect("asian");
    assert_eq!((asian.pairs, asian.improved[0]), (None, None));

    // Unanswering everything removes the record; the download and erasure cover it.
    let export = services::privacy::export(&t.db, sixth.id, None, t0()).await.expect("export");
    assert_eq!(export["equality_monitoring"]["ethnic_group"], "asian_indian");
    equality::save(&t.db, &sixth, &answer("ethnic_group", ""), t0()).await.expect("cleared");
    assert_eq!(equality::mine(&t.db, sixth.id).await.expect("mine"), EqualityAnswers::default());
    let first = accounts::find(&t.db, applied[0]).await.expect("young person");
    if services::privacy::erase_blocked(&t.db, first.id).await.expect("q").is_none() {
        services::privacy::erase(&t.db, first.id, None, t0()).await.expect("erase");
        assert!(equality::mine(&t.db, first.id).await.expect("mine").is_empty(), "erased with the account");
    }
}

/// A licensed scale with its own seven-point answers, as staff would paste it.
fn licensed() -> domain::evaluations::InstrumentInput {
    domain::evaluations::InstrumentInput {
        version: "licensed-2027.1".into(),
        name: "Licensed wellbeing scale".into(),
        licence: "Licence L-42, held by the programme until 2028".into(),
        attribution: "Reproduced under licence.".into(),
        licence_confirmed: Some("yes".into()),
        scale: (1..=7).map(|n| format!("Point {n}\n")).collect(),
        items: "lw_decide | empowerment | normal | I have been able to make up my own mind about things\n\
                lw_relaxed | wellbeing | normal | I have been feeling relaxed\n\
                lw_useful | wellbeing | normal | I have been feeling useful\n\
                lw_alone | social | reverse | I have been feeling alone"
            .into(),
    }
}

async fn a_licensed_instrument_pairs_on_its_own_version(t: TestDb) {
    use domain::evaluations::INSTRUMENT_VERSION;
    use services::entities::concern;
    use services::instruments;
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let staff = user(&t, "staff@tandem.example").await;
    let (leah, jordan) = (user(&t, "leah.carter@example.net").await, user(&t, "jordan.ellis@example.org").await);
    let marcus = user(&t, "marcus.lee@example.org").await;
    let licensed_version = instruments::install(&t.db, staff.id, &licensed(), t0()).await.expect("install").version;
    // A version is installed once: changed items need a new version.
    match instruments::install(&t.db, staff.id, &licensed(), t0()).await {
        Err(services::ServiceError::Validation(e)) => assert!(e.get("version").is_some(), "{e}"),
        other => panic!("installed twice: {other:?}"),
    }
    assert_eq!(instruments::active(&t.db).await.expect("active").version, INSTRUMENT_VERSION, "installed unused");
    instruments::activate(&t.db, staff.id, &licensed_version, t0()).await.expect("activate");
    assert!(matches!(
        instruments::activate(&t.db, staff.id, "never-installed", t0()).await,
        Err(services::ServiceError::NotFound)
    ));

    // Jordan begins his pre-evaluation now: the licensed items and its 7-point scale.
    let pre = evaluations::get(&t.db, jordan.id, EvaluationKind::Pre).await.expect("pre");
    assert_eq!(pre.instrument.version, licensed_version);
    assert!(evaluations::save_answer(&t.db, jordan.id, EvaluationKind::Pre, "emp_future", 3, t0()).await.is_err());
    assert!(evaluations::save_answer(&t.db, jordan.id, EvaluationKind::Pre, "lw_relaxed", 8, t0()).await.is_err());
    evaluations::save_answer(&t.db, jordan.id, EvaluationKind::Pre, "lw_relaxed", 7, t0()).await.expect("7 of 7");
    // Staff switch back to Tandem's own mid-way: Jordan keeps the version he began with.
    instruments::activate(&t.db, staff.id, INSTRUMENT_VERSION, t0()).await.expect("back to ours");
    let rest = [("lw_decide", 3), ("lw_relaxed", 2), ("lw_useful", 2), ("lw_alone", 6)];
    let rest: Vec<(String, i32)> = rest.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    evaluations::submit(&t.db, jordan.id, EvaluationKind::Pre, &rest, t0()).await.expect("pre sent");
    let pre = evaluations::get(&t.db, jordan.id, EvaluationKind::Pre).await.expect("pre");
    assert!(pre.completed && pre.instrument.version == licensed_version);
    // Wellbeing 2 of 7 is low on that scale: the DSL hears of it, with the scale named.
    let raised = concern::Entity::find()
        .filter(concern::Column::SubjectId.eq(jordan.id))
        .one(&t.db)
        .await
        .expect("q")
        .expect("a low wellbeing case");
    assert!(raised.what.contains("2.0 out of 7"), "{}", raised.what);
    // His mentoring (with Marcus, a year long) has ended, which opens his end evaluation.
    mentoring_match::ActiveModel {
        young_person_id: Set(jordan.id),
        mentor_id: Set(marcus.id),
        status: Set(domain::relationships::MatchStatus::Closed),
        source: Set("manual".into()),
        score: Set(0),
        reasons: Set(String::new()),
        start_date: Set(t0().date_naive() - chrono::Duration::days(365)),
        planned_end: Set(t0().date_naive()),
        created_at: Set(t0() - chrono::Duration::days(365)),
        closed_at: Set(Some(t0())),
        closed_reason: Set(Some("completed".into())),
        ..Default::default()
    }
    .insert(&t.db)
    .await
    .expect("a finished match");
    // His end evaluation follows his pre-evaluation's version, whatever is in use.
    let end = evaluations::get(&t.db, jordan.id, EvaluationKind::End).await.expect("end");
    assert_eq!(end.instrument.version, licensed_version);
    let after = [("lw_decide", 5), ("lw_relaxed", 5), ("lw_useful", 6), ("lw_alone", 2)];
    let after: Vec<(String, i32)> = after.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    evaluations::submit(&t.db, jordan.id, EvaluationKind::End, &after, t0()).await.expect("end sent");

    // Leah began on Tandem's own instrument; her end evaluation stays on it.
    let who = Who { id: marcus.id, role: domain::Role::Mentor, partner_id: None };
    end_mentoring(&t, who, leah.id).await;
    instruments::activate(&t.db, staff.id, &licensed_version, t0()).await.expect("licensed again");
    let leah_end = evaluations::get(&t.db, leah.id, EvaluationKind::End).await.expect("end");
    assert_eq!(leah_end.instrument.version, INSTRUMENT_VERSION);
    let leah_pre = evaluations::get(&t.db, leah.id, EvaluationKind::Pre).await.expect("pre");
    evaluations::submit(&t.db, leah.id, EvaluationKind::End, &leah_pre.answers, t0()).await.expect("leah's end");

    // Each version's report holds its own pair only, with its own statements and scale.
    let all = ImpactFilter::default().validate().expect("filter");
    let r = impact::report(&t.db, &all, None, "Everyone").await.expect("report");
    assert_eq!((r.version.as_str(), r.points, r.pairs, r.items.len()), (licensed_version.as_str(), 7, 1, 4));
    let alone = r.items.iter().find(|i| i.label.starts_with("I have been feeling alone")).expect("item");
    assert!(alone.label.ends_with("(reverse-scored)"));
    // Scored: 8 - 6 = 2 before, 8 - 2 = 6 after.
    let p = alone.result.expect("paired");
    assert_eq!((p.mean_before, p.mean_after), (2.0, 6.0));
    let wellbeing = r.themes[1].result.expect("wellbeing");
    assert_eq!((wellbeing.mean_before, wellbeing.mean_after), (2.0, 5.5));
    assert!(r.instruments.iter().any(|(v, _)| v == INSTRUMENT_VERSION) && r.instruments.len() == 2);
    let ours = ImpactFilter { instrument: Some(INSTRUMENT_VERSION.into()), ..Default::default() };
    let ours = impact::report(&t.db, &ours.validate().expect("f"), None, "Everyone").await.expect("ours");
    assert_eq!((ours.pairs, ours.items.len(), ours.points), (1, ITEMS.len(), 5));
    assert!(to_csv(&r).lines().skip(1).all(|l| l.ends_with(&format!("\"{licensed_version}\""))));
    let unknown = ImpactFilter { instrument: Some("no-such-version".into()), ..Default::default() };
    match impact::report(&t.db, &unknown.validate().expect("f"), None, "Everyone").await {
        Err(services::ServiceError::Validation(e)) => assert!(e.get("instrument").is_some()),
        other => panic!("an unknown instrument: {other:?}"),
    }
    // The staff list: what is in use, and what each version holds.
    let list = instruments::list(&t.db).await.expect("list");
    let row = |v: &str| list.iter().find(|s| s.instrument.version == v).expect("listed");
    assert!(row(&licensed_version).active && !row(INSTRUMENT_VERSION).active);
    assert_eq!((row(&licensed_version).evaluations, row(&licensed_version).pairs), (2, 1));
    assert_eq!(row(INSTRUMENT_VERSION).pairs, 1);
}

on_both!(an_employer_sees_its_employees_in_aggregate);

/// An employer's view: its employees who mentor at each step of the journey, the hours they
/// have given (confirmed sessions only), and the impact on the young people they mentor,
/// suppressed below the minimum group.
async fn an_employer_sees_its_employees_in_aggregate(t: TestDb) {
    use domain::mentoring::SessionInput;
    use sea_orm::PaginatorTrait;
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let lead = user(&t, "lead@brightwater.example").await;
    let employer = lead.partner_id.expect("the lead's employer");
    let employees = user::Entity::find()
        .filter(user::Column::Role.eq("mentor"))
        .filter(user::Column::PartnerId.eq(employer))
        .count(&t.db)
        .await
        .expect("count");
    let before = programme::funnel_for(&t.db, Some(employer), chrono::Utc::now()).await.expect("funnel");
    let step = |f: &domain::impact::Funnel, name: &str| f.mentors.iter().find(|m| m.0 == name).expect("step").1;
    assert_eq!(step(&before, "Registered"), employees);
    assert_eq!(step(&before, "Active"), 0, "no Brightwater employee is mentoring yet");
    assert_eq!(programme::minutes_given(&t.db, employer).await.expect("minutes"), 0);
    let everyone = programme::funnel(&t.db, chrono::Utc::now()).await.expect("funnel");
    assert!(step(&everyone, "Registered") > employees);

    // Marcus joins Brightwater's cohort; he and Leah log and confirm an hour's session.
    let (marcus, leah) = (user(&t, "marcus.lee@example.org").await, user(&t, "leah.carter@example.net").await);
    services::profiles::set_employer_partner(&t.db, marcus.id, Some(employer), t0()).await.expect("employer");
    let m = match_of(&t, leah.id).await;
    let as_marcus = Who { id: marcus.id, role: domain::Role::Mentor, partner_id: Some(employer) };
    let as_leah = Who { id: leah.id, role: domain::Role::YoungPerson, partner_id: None };
    let session = |minutes: &str| SessionInput {
        held_on: (t0() - chrono::Duration::days(2)).date_naive().to_string(),
        minutes: minutes.into(),
        mode: Some("online".into()),
        place: "https://meet.example.org/x".into(),
        public_place: None,
        discussed: "CV".into(),
        progress: String::new(),
    };
    let first = mentoring::log_session(&t.db, as_marcus, m.id, &session("60"), None, t0()).await.expect("log");
    mentoring::log_session(&t.db, as_marcus, m.id, &session("45"), None, t0()).await.expect("log, unconfirmed");
    mentoring::confirm_session(&t.db, as_leah, first, t0()).await.expect("confirm");
    assert_eq!(programme::minutes_given(&t.db, employer).await.expect("minutes"), 60, "confirmed sessions only");
    let after = programme::funnel_for(&t.db, Some(employer), chrono::Utc::now()).await.expect("funnel");
    assert_eq!(step(&after, "Registered"), employees + 1);
    assert_eq!(step(&after, "Active"), 1);
    assert_eq!(after.young_people_met, 1);

    // Leah's evaluations pair; the employer's report counts her but shows nothing for one.
    end_mentoring(&t, as_marcus, leah.id).await;
    let pre = evaluations::get(&t.db, leah.id, EvaluationKind::Pre).await.expect("pre");
    evaluations::submit(&t.db, leah.id, EvaluationKind::End, &pre.answers, t0()).await.expect("end");
    let all = ImpactFilter::default().validate().expect("filter");
    let r = impact::report(&t.db, &all, Some(employer), "Brightwater").await.expect("report");
    assert!(r.suppressed && r.pairs == 0 && r.themes.iter().all(|x| x.result.is_none()));
    // The school's report does not count Leah (she is not a pupil there).
    let school = user(&t, "coordinator@northfield.example").await.partner_id.expect("school");
    let s = impact::report(&t.db, &all, Some(school), "Northfield").await.expect("report");
    assert!(s.suppressed);
    // Staff see her in everyone's report.
    assert_eq!(impact::report(&t.db, &all, None, "Everyone").await.expect("r").pairs, 1);

    // Five more young people Marcus mentored (earlier matches, now closed), with pairs: the
    // employer now sees its six, in aggregate; the school still none of them.
    let others: Vec<i64> = user::Entity::find()
        .filter(user::Column::Role.eq("young_person"))
        .filter(user::Column::PartnerId.is_null())
        .filter(user::Column::Id.ne(leah.id))
        .all(&t.db)
        .await
        .expect("q")
        .into_iter()
        .take(5)
        .map(|u| u.id)
        .collect();
    assert_eq!(others.len(), 5);
    for (k, yp) in others.into_iter().enumerate() {
        let start = (t0() - chrono::Duration::days(400)).date_naive();
        mentoring_match::ActiveModel {
            young_person_id: Set(yp),
            mentor_id: Set(marcus.id),
            status: Set(domain::relationships::MatchStatus::Closed),
            source: Set("staff".into()),
            run_id: Set(None),
            score: Set(0),
            reasons: Set(String::new()),
            start_date: Set(start),
            planned_end: Set(start + chrono::Duration::days(365)),
            created_by: Set(None),
            created_at: Set(t0() - chrono::Duration::days(400)),
            closed_at: Set(Some(t0() - chrono::Duration::days(30))),
            closed_reason: Set(Some("completed".into())),
            suspended_at: Set(None),
            ..Default::default()
        }
        .insert(&t.db)
        .await
        .expect("match");
        let mut row = evaluation_pair::ActiveModel {
            user_id: Set(yp),
            version: Set(domain::evaluations::INSTRUMENT_VERSION.into()),
            paired_at: Set(t0()),
            year: Set(2026),
            cohort: Set(2025),
            region: Set("London".into()),
            partner_id: Set(None),
            age_group: Set("22_25".into()),
            theme1_before: Set(2.0),
            theme1_after: Set(3.0 + k as f64 * 0.25),
            theme2_before: Set(3.0),
            theme2_after: Set(3.0),
            theme3_before: Set(3.0),
            theme3_after: Set(3.0),
            ..Default::default()
        };
        for pos in 0..ITEMS.len() {
            evaluations::set_position(&mut row, pos + 1, Some(3), Some(4));
        }
        row.insert(&t.db).await.expect("pair");
    }
    let r = impact::report(&t.db, &all, Some(employer), "Brightwater").await.expect("report");
    assert!(!r.suppressed);
    assert_eq!(r.pairs, 6);
    assert!(r.nps.is_none() && r.workshops.is_none() && r.funnel.is_none(), "aggregates of young people only");
    let s = impact::report(&t.db, &all, Some(school), "Northfield").await.expect("report");
    assert!(s.suppressed && s.pairs == 0);
}

on_both!(the_public_figures_count_hide_small_groups_and_keep_an_hour);

/// Feedback on `workshop` from `person`, who is marked as having attended it.
async fn attended_feedback(
    t: &TestDb,
    workshop: i64,
    person: i64,
    rating: &str,
    recommend: &str,
    prepared: Option<&str>,
) {
    use services::entities::workshop_booking;
    let booked = workshop_booking::Entity::find()
        .filter(workshop_booking::Column::WorkshopId.eq(workshop))
        .filter(workshop_booking::Column::UserId.eq(person))
        .one(&t.db)
        .await
        .expect("q");
    if booked.is_none() {
        workshop_booking::ActiveModel {
            workshop_id: Set(workshop),
            user_id: Set(person),
            status: Set(domain::workshops::BookingStatus::Attended),
            queued_at: Set(t0()),
            updated_at: Set(t0()),
            ..Default::default()
        }
        .insert(&t.db)
        .await
        .expect("booking");
    }
    let f = domain::workshops::FeedbackInput {
        rating: Some(rating.into()),
        would_recommend: Some(recommend.into()),
        nps: Some("9".into()),
        prepared: prepared.map(str::to_string),
        comment: String::new(),
    };
    services::workshops::give_feedback(&t.db, person, workshop, &f, t0()).await.expect("feedback");
}

async fn the_public_figures_count_hide_small_groups_and_keep_an_hour(t: TestDb) {
    use services::entities::{mentoring_session, workshop};
    use services::public_impact;
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    // The demo: two pairs mentoring, so fewer than five of anyone: every count hidden.
    let first = public_impact::count(&t.db, t0()).await.expect("figures");
    assert_eq!((first.young_people_mentored, first.mentors_mentoring), (None, None), "2 pairs: hidden");
    let confirmed: Vec<mentoring_session::Model> = mentoring_session::Entity::find()
        .filter(mentoring_session::Column::ConfirmedAt.is_not_null())
        .all(&t.db)
        .await
        .expect("sessions");
    assert_eq!(confirmed.len(), 1, "the demo's one confirmed session");
    assert_eq!((first.sessions_held, first.hours), (None, None));
    // Four more confirmed sessions make five: shown, with the hours they add up to.
    let s = confirmed[0].clone();
    for k in 1..=4 {
        mentoring_session::ActiveModel {
            match_id: Set(s.match_id),
            held_on: Set(s.held_on + chrono::Duration::days(30 * k)),
            minutes: Set(75),
            mode: Set(s.mode.clone()),
            place: Set(s.place.clone()),
            discussed: Set(String::new()),
            progress: Set(String::new()),
            logged_by: Set(s.logged_by),
            logged_at: Set(t0()),
            confirmed_by: Set(s.confirmed_by),
            confirmed_at: Set(Some(t0())),
            ..Default::default()
        }
        .insert(&t.db)
        .await
        .expect("session");
    }
    let five = public_impact::count(&t.db, t0()).await.expect("figures");
    assert_eq!(five.sessions_held, Some(5));
    assert_eq!(five.hours, Some((f64::from(s.minutes + 4 * 75) / 60.0).round() as u64));
    assert_eq!(five.young_people_mentored, None, "still one young person");
    assert_eq!(first.pairs, 0);
    assert!(first.themes.iter().all(|t| t.improved.is_none()));
    assert_eq!((first.mentor_workshops.clone(), first.inductions.clone()), (None, None));
    assert!(first.applications >= MIN_GROUP && !first.wants.is_empty(), "what young people want");
    assert!(first.period.ends_with("to 23 Nov 2026"), "{}", first.period);

    // Four pairs of evaluations stay hidden; the fifth shows each theme's improved share.
    let people: Vec<i64> = user::Entity::find().all(&t.db).await.expect("users").into_iter().map(|u| u.id).collect();
    let befores = [2.0, 3.0, 2.5, 4.0, 3.0];
    let afters = [3.0, 3.0, 3.5, 3.5, 4.0];
    for (n, (&person, (&b, &a))) in people.iter().zip(befores.iter().zip(&afters)).enumerate() {
        let mut row = evaluation_pair::ActiveModel {
            user_id: Set(person),
            version: Set(domain::evaluations::INSTRUMENT_VERSION.into()),
            paired_at: Set(t0()),
            year: Set(2026),
            cohort: Set(2026),
            region: Set("London".into()),
            partner_id: Set(None),
            age_group: Set("18_21".into()),
            theme1_before: Set(b),
            theme1_after: Set(a),
            theme2_before: Set(3.0),
            theme2_after: Set(3.0),
            theme3_before: Set(3.0),
            theme3_after: Set(3.25),
            ..Default::default()
        };
        for pos in 0..ITEMS.len() {
            evaluations::set_position(&mut row, pos + 1, Some(3), Some(3));
        }
        row.insert(&t.db).await.expect("pair");
        let figures = public_impact::count(&t.db, t0()).await.expect("figures");
        if n + 1 < MIN_GROUP as usize {
            assert!(figures.themes.iter().all(|t| t.improved.is_none()), "{} pairs: hidden", n + 1);
        } else {
            // Empowerment improved for 3 of 5 (2 to 3, 2.5 to 3.5, 3 to 4).
            let e = figures.themes[0].improved.expect("shown");
            assert_eq!((e.n, e.pct), (5, 60.0));
            assert_eq!(Some(e.ci95), domain::stats::wilson95(3, 5));
            assert_eq!(figures.themes[1].improved.map(|s| s.pct), Some(0.0), "nobody changed");
            assert_eq!(figures.themes[2].improved.map(|s| s.pct), Some(100.0));
            assert_eq!(figures.themes[0].theme, Theme::Empowerment.label());
        }
    }

    // Workshop feedback by kind; an induction asks whether it helped the young person prepare.
    let kind_of = |k: &'static str| {
        let db = t.db.clone();
        async move {
            workshop::Entity::find()
                .filter(workshop::Column::Kind.eq(k))
                .one(&db)
                .await
                .expect("q")
                .expect("workshop")
                .id
        }
    };
    let (mentor_workshop, induction) = (kind_of("mentor_workshop").await, kind_of("mentee_induction").await);
    let young: Vec<i64> = user::Entity::find()
        .filter(user::Column::Role.eq("young_person"))
        .all(&t.db)
        .await
        .expect("young")
        .into_iter()
        .map(|u| u.id)
        .collect();
    let mentors: Vec<i64> = user::Entity::find()
        .filter(user::Column::Role.eq("mentor"))
        .all(&t.db)
        .await
        .expect("m")
        .into_iter()
        .map(|u| u.id)
        .collect();
    for (i, (&m, rating)) in mentors.iter().zip(["4", "3", "2", "4", "1"]).enumerate() {
        attended_feedback(&t, mentor_workshop, m, rating, if i == 4 { "no" } else { "yes" }, None).await;
    }
    for (i, &y) in young.iter().take(4).enumerate() {
        attended_feedback(&t, induction, y, "4", "yes", Some(if i == 0 { "no" } else { "yes" })).await;
    }
    let figures = public_impact::count(&t.db, t0()).await.expect("figures");
    let w = figures.mentor_workshops.clone().expect("five mentors");
    assert_eq!((w.good_to_excellent.pct, w.would_recommend.pct, w.good_to_excellent.n), (60.0, 80.0, 5));
    assert_eq!(w.prepared, None, "mentors are not asked");
    assert_eq!(figures.inductions, None, "four young people: hidden");
    let stored = services::entities::workshop_feedback::Entity::find()
        .filter(services::entities::workshop_feedback::Column::WorkshopId.eq(induction))
        .all(&t.db)
        .await
        .expect("feedback");
    assert_eq!(stored.iter().filter(|f| f.prepared == Some(true)).count(), 3);

    // The page reads a snapshot for an hour, then counts again.
    let shown = public_impact::get(&t.db, t0()).await.expect("get");
    assert_eq!(shown.inductions, None);
    attended_feedback(&t, induction, young[4], "3", "yes", Some("yes")).await;
    let half_hour = t0() + chrono::Duration::minutes(30);
    assert_eq!(public_impact::get(&t.db, half_hour).await.expect("get"), shown, "kept for the hour");
    let later = public_impact::get(&t.db, t0() + chrono::Duration::minutes(61)).await.expect("get");
    let ind = later.inductions.expect("five young people");
    assert_eq!((ind.prepared.map(|p| p.pct), ind.would_recommend.pct), (Some(80.0), 100.0));
    assert_eq!(ind.label, "Young people's inductions");
}

on_both!(destinations_at_the_end_and_six_months_later);

fn answers(activity: &str, got: &str) -> domain::destinations::DestinationInput {
    domain::destinations::DestinationInput {
        activity: Some(activity.into()),
        college: Some(got.into()),
        apprenticeship: Some("applied".into()),
        job: Some("no".into()),
        scholarship: Some("no".into()),
        attendance: None,
        grades: None,
    }
}

async fn destinations_at_the_end_and_six_months_later(t: TestDb) {
    use domain::destinations::Stage;
    use services::destinations;
    use services::entities::destination;
    assert!(demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let leah = user(&t, "leah.carter@example.net").await;
    let marcus = user(&t, "marcus.lee@example.org").await;
    let kofi = user(&t, "kofi.asante@northfield.example").await;
    let ruth = user(&t, "ruth.bennett@example.org").await;
    // Only young people answer, and only once their mentoring has ended.
    assert!(matches!(
        destinations::save(&t.db, marcus.id, Stage::End, &answers("employment", "no"), t0()).await,
        Err(services::ServiceError::Forbidden)
    ));
    match destinations::save(&t.db, leah.id, Stage::End, &answers("education", "got"), t0()).await {
        Err(services::ServiceError::Validation(e)) => assert!(e.get("form").is_some(), "{e:?}"),
        other => panic!("not open yet: {other:?}"),
    }
    end_mentoring(&t, Who { id: marcus.id, role: domain::Role::Mentor, partner_id: None }, leah.id).await;
    let form = destinations::form(&t.db, leah.id, Stage::End).await.expect("form");
    assert!(!form.pupil && form.saved.is_none());
    match destinations::save(&t.db, leah.id, Stage::End, &Default::default(), t0()).await {
        Err(services::ServiceError::Validation(e)) => {
            assert!(e.get("activity").is_some() && e.get("job").is_some() && e.get("attendance").is_none(), "{e:?}")
        }
        other => panic!("expected field errors, got {other:?}"),
    }
    destinations::save(&t.db, leah.id, Stage::End, &answers("education", "got"), t0()).await.expect("end");
    let saved = destinations::form(&t.db, leah.id, Stage::End).await.expect("form").saved.expect("saved");
    assert_eq!((saved.activity.as_str(), saved.outcomes[0].as_str()), ("education", "got"));

    // A pupil is also asked about attendance and grades.
    end_mentoring(&t, Who { id: ruth.id, role: domain::Role::Mentor, partner_id: None }, kofi.id).await;
    assert!(destinations::form(&t.db, kofi.id, Stage::End).await.expect("form").pupil);
    match destinations::save(&t.db, kofi.id, Stage::End, &answers("education", "applied"), t0()).await {
        Err(services::ServiceError::Validation(e)) => {
            assert_eq!(e.get("attendance"), Some("Choose how your attendance has changed"))
        }
        other => panic!("expected the school questions, got {other:?}"),
    }
    let pupil = domain::destinations::DestinationInput {
        attendance: Some("better".into()),
        grades: Some("same".into()),
        ..answers("education", "applied")
    };
    destinations::save(&t.db, kofi.id, Stage::End, &pupil, t0()).await.expect("pupil");

    // Six months later (not before), one email each with a one-click link that works once.
    assert_eq!(
        destinations::send_followups(&t.db, "https://tandem.example", t0() + chrono::Duration::days(150))
            .await
            .expect("early"),
        0
    );
    let later = t0() + chrono::Duration::days(185);
    assert!(matches!(destinations::pending_for(&t.db, leah.id).await, Err(services::ServiceError::NotFound)));
    assert_eq!(destinations::send_followups(&t.db, "https://tandem.example", later).await.expect("sent"), 2);
    // Signed in, Leah reaches her own follow-up without the email's link.
    assert_eq!(destinations::pending_for(&t.db, leah.id).await.expect("pending"), leah.id);
    assert_eq!(destinations::send_followups(&t.db, "https://tandem.example", later).await.expect("again"), 0, "once");
    let mail = services::outbox::latest_to(&t.db, &leah.email).await.expect("mail").expect("an email to Leah");
    assert!(mail.subject.contains("Six months after your mentoring"), "{}", mail.subject);
    let token = mail.body.split("/next-steps?token=").nth(1).and_then(|r| r.split_whitespace().next()).expect("link");
    assert_eq!(destinations::by_token(&t.db, token).await.expect("token"), leah.id);
    assert!(matches!(destinations::by_token(&t.db, "not-a-token").await, Err(services::ServiceError::NotFound)));
    destinations::save(&t.db, leah.id, Stage::SixMonths, &answers("employment", "got"), later).await.expect("six");
    assert!(matches!(destinations::by_token(&t.db, token).await, Err(services::ServiceError::Validation(_))));
    assert!(matches!(destinations::pending_for(&t.db, leah.id).await, Err(services::ServiceError::Validation(_))));

    // The report: nothing below five people at a stage; shares once there are five.
    let all = ImpactFilter::default().validate().expect("filter");
    let r = destinations::report(&t.db, &all, None).await.expect("report");
    assert_eq!((r[0].stage, r[0].n, r[1].n), (Stage::End, 2, 1));
    assert!(r[0].activities.is_empty() && r[0].outcomes.is_empty(), "two people: hidden");
    let others: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::Role.eq("young_person"))
        .filter(user::Column::Id.is_not_in([leah.id, kofi.id]))
        .all(&t.db)
        .await
        .expect("young");
    for (i, y) in others.iter().take(3).enumerate() {
        destination::ActiveModel {
            user_id: Set(y.id),
            stage: Set("end".into()),
            activity: Set(if i == 0 { "not_yet" } else { "employment" }.into()),
            college: Set("no".into()),
            apprenticeship: Set("got".into()),
            job: Set("applied".into()),
            scholarship: Set("no".into()),
            attendance: Set(None),
            grades: Set(None),
            year: Set(2026),
            cohort: Set(2026),
            region: Set("London".into()),
            partner_id: Set(None),
            age_group: Set("18_21".into()),
            created_at: Set(t0()),
            updated_at: Set(t0()),
            ..Default::default()
        }
        .insert(&t.db)
        .await
        .expect("row");
    }
    let r = destinations::report(&t.db, &all, None).await.expect("report");
    let end = &r[0];
    assert_eq!(end.n, 5);
    let share = |label: &str| end.activities.iter().find(|(l, _)| l.starts_with(label)).map(|x| x.1).expect(label);
    assert_eq!((share("In education"), share("In a job"), share("Not yet")), (40.0, 40.0, 20.0));
    let college = end.outcomes.iter().find(|o| o.0.starts_with("A college")).expect("college");
    assert_eq!((college.1, college.2), (20.0, 20.0), "Leah got a place, Kofi applied");
    assert_eq!((end.pupils, end.attendance_better), (1, None), "one pupil: hidden");
    // A filter narrows it; a school's view is its own pupils (one, so nothing shown).
    let london = ImpactFilter { region: Some("London".into()), ..Default::default() }.validate().expect("f");
    assert!(destinations::report(&t.db, &london, None).await.expect("r")[0].n >= 3);
    let cohort = ImpactFilter { cohort: Some("2001".into()), ..Default::default() }.validate().expect("f");
    assert_eq!(destinations::report(&t.db, &cohort, None).await.expect("r")[0].n, 0, "nobody applied in 2001");
    let school = kofi.partner_id.expect("Kofi's school");
    let mine = destinations::report(&t.db, &all, Some(school)).await.expect("r");
    assert_eq!((mine[0].n, mine[0].activities.len()), (1, 0));
    // The answers are in the young person's download and go with the account.
    let export = services::privacy::export(&t.db, leah.id, None, later).await.expect("export");
    assert_eq!(export["destinations"].as_array().map(Vec::len), Some(2));
}
