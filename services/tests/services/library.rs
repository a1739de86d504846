//! The resource library, the mentor network directory and the programme dashboard on SQLite
//! and PostgreSQL, from the demo programme.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::Role;
use domain::library::{ListingInput, ResourceInput};
use domain::matching::RunScope;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use services::entities::{figure_snapshot, user};
use services::figures::{self, Figure};
use services::testing::TestDb;
use services::{ServiceError, library, programme};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single().expect("time")
}

async fn person(t: &TestDb, email: &str) -> user::Model {
    user::Entity::find().filter(user::Column::Email.eq(email)).one(&t.db).await.expect("q").expect(email)
}

async fn person_by_id(t: &TestDb, id: i64) -> user::Model {
    user::Entity::find_by_id(id).one(&t.db).await.expect("q").expect("person")
}

fn resource(title: &str, topic: &str, kind: &str, audience: &str) -> ResourceInput {
    ResourceInput {
        title: title.into(),
        summary: "A summary.".into(),
        body: "Text.".into(),
        link: String::new(),
        topic: Some(topic.into()),
        kind: Some(kind.into()),
        audience: Some(audience.into()),
        minutes: "10".into(),
    }
}

on_both!(the_library_shows_each_reader_their_resources, the_network_lists_only_approved_mentors_who_opted_in);
on_both!(
    the_programme_dashboard_counts_what_the_pool_holds,
    slow_figures_are_read_from_a_snapshot_counted_again_in_the_background
);

async fn the_library_shows_each_reader_their_resources(t: TestDb) {
    assert!(services::demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let staff = person(&t, "staff@tandem.example").await;
    let mentor = person(&t, "amara.okafor@example.org").await;
    let young = person(&t, "jordan.ellis@example.org").await;
    // The demo library: 7 resources (3 for mentors, 2 for young people, 2 for everyone).
    let m = library::page(&t.db, mentor.id, Role::Mentor, None, None, 50).await.expect("page");
    assert_eq!(m.resources.len(), 5);
    assert!(m.resources.iter().all(|r| r.audience != domain::community::Audience::YoungPeople));
    assert_eq!((m.skill_builders, m.skill_builders_done), (3, 0));
    assert!(m.can_complete && !m.can_publish);
    let y = library::page(&t.db, young.id, Role::YoungPerson, None, None, 50).await.expect("page");
    assert_eq!(y.resources.len(), 4);
    assert_eq!(y.skill_builders, 2);

    // 12 more for mentors: pages of 10, newest first, by topic too.
    for n in 0..12 {
        let r = resource(&format!("Listening {n}"), "listening", "guide", "mentors");
        library::publish(&t.db, staff.id, &r, t0() + Duration::minutes(n)).await.expect("publish");
    }
    let bad = ResourceInput { title: String::new(), ..resource("x", "astrology", "guide", "mentors") };
    assert!(matches!(library::publish(&t.db, staff.id, &bad, t0()).await, Err(ServiceError::Validation(_))));
    let first = library::page(&t.db, mentor.id, Role::Mentor, Some("listening"), None, 10).await.expect("page");
    assert_eq!(first.resources.len(), 10);
    assert_eq!(first.resources[0].title, "Listening 11");
    assert!(first.resources.windows(2).all(|w| w[0].id > w[1].id));
    let rest = library::page(&t.db, mentor.id, Role::Mentor, Some("listening"), first.older, 10).await.expect("p");
    // 2 more of the 12, and the demo's listening skill-builder.
    assert_eq!(rest.resources.len(), 3);
    assert!(rest.older.is_none());
    assert!(rest.resources.iter().all(|r| r.topic == "listening"));
    // An unknown topic is ignored rather than showing nothing.
    let all = library::page(&t.db, mentor.id, Role::Mentor, Some("nonsense"), None, 50).await.expect("page");
    assert_eq!((all.resources.len(), all.topic.clone()), (17, None));

    // Skill-builders: marked done and undone, once however often; guides and others'
    // resources cannot be marked.
    let skill = all.resources.iter().find(|r| r.title == "Listening without fixing").expect("skill").id;
    let guide = all.resources.iter().find(|r| r.title == "Your first session").expect("guide").id;
    library::set_done(&t.db, mentor.id, Role::Mentor, skill, true, t0()).await.expect("done");
    library::set_done(&t.db, mentor.id, Role::Mentor, skill, true, t0()).await.expect("again");
    let after = library::page(&t.db, mentor.id, Role::Mentor, None, None, 50).await.expect("page");
    assert_eq!(after.skill_builders_done, 1);
    assert!(after.resources.iter().any(|r| r.id == skill && r.done));
    // Someone else's progress is their own.
    let other = library::page(&t.db, young.id, Role::YoungPerson, None, None, 50).await.expect("page");
    assert_eq!(other.skill_builders_done, 0);
    assert!(matches!(
        library::set_done(&t.db, mentor.id, Role::Mentor, guide, true, t0()).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        library::set_done(&t.db, young.id, Role::YoungPerson, skill, true, t0()).await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        library::set_done(&t.db, staff.id, Role::Coordinator, skill, true, t0()).await,
        Err(ServiceError::Forbidden)
    ));
    library::set_done(&t.db, mentor.id, Role::Mentor, skill, false, t0()).await.expect("undone");
    let undone = library::page(&t.db, mentor.id, Role::Mentor, None, None, 50).await.expect("page");
    assert_eq!(undone.skill_builders_done, 0);
}

async fn the_network_lists_only_approved_mentors_who_opted_in(t: TestDb) {
    assert!(services::demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let staff = person(&t, "staff@tandem.example").await;
    let marcus = person(&t, "marcus.lee@example.org").await;
    let ruth = person(&t, "ruth.bennett@example.org").await;
    let amara = person(&t, "amara.okafor@example.org").await; // not yet approved
    let young = person(&t, "leah.carter@example.net").await;

    // The demo lists four approved mentors.
    let page = library::network(&t.db, marcus.id, Role::Mentor, None, None, 20).await.expect("page");
    assert_eq!(page.entries.len(), 4);
    assert!(page.entries.windows(2).all(|w| w[0].user_id < w[1].user_id));
    assert!(page.entries.iter().any(|e| e.name == "Ruth B." && !e.note.is_empty()));
    assert_eq!(page.mine, Some(ListingInput { listed: true, note: page.mine.clone().expect("mine").note }));
    // A mentor not yet approved is told why it is closed and sees nobody; young people and
    // coordinators are refused.
    let closed = library::network(&t.db, amara.id, Role::Mentor, None, None, 20).await.expect("page");
    assert!(closed.entries.is_empty() && closed.mine.is_none());
    assert!(closed.closed.expect("reason").contains("approved"));
    assert!(page.closed.is_none());
    for (id, role) in [(young.id, Role::YoungPerson), (staff.id, Role::Coordinator)] {
        assert!(matches!(library::network(&t.db, id, role, None, None, 20).await, Err(ServiceError::Forbidden)));
    }
    assert!(matches!(
        library::set_listing(&t.db, amara.id, &ListingInput { listed: true, note: "Hello".into() }).await,
        Err(ServiceError::Forbidden)
    ));
    // Staff read it; pages of 3 then 1.
    let first = library::network(&t.db, staff.id, Role::Staff, None, None, 3).await.expect("page");
    assert_eq!((first.entries.len(), first.mine.clone()), (3, None));
    let rest = library::network(&t.db, staff.id, Role::Staff, None, first.next, 3).await.expect("page");
    assert_eq!((rest.entries.len(), rest.next), (1, None));

    // Ruth leaves; a listing needs a note; a disabled account disappears.
    assert!(matches!(
        library::set_listing(&t.db, ruth.id, &ListingInput { listed: true, note: " ".into() }).await,
        Err(ServiceError::Validation(_))
    ));
    library::set_listing(&t.db, ruth.id, &ListingInput { listed: false, note: String::new() }).await.expect("leave");
    let mut m: user::ActiveModel = marcus.clone().into();
    m.disabled = Set(true);
    m.update(&t.db).await.expect("disable");
    let now = library::network(&t.db, staff.id, Role::Staff, None, None, 20).await.expect("page");
    let names: Vec<&str> = now.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(!names.contains(&"Ruth B.") && !names.contains(&"Marcus L."));
    // A region with nobody listed.
    let none = library::network(&t.db, staff.id, Role::Staff, Some("Wales"), None, 20).await.expect("page");
    assert!(none.entries.iter().all(|e| e.region == "Wales"));
}

async fn the_programme_dashboard_counts_what_the_pool_holds(t: TestDb) {
    assert!(services::demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let later = t0() + Duration::days(20);
    let pool = services::matching::waiting(&t.db, &RunScope::Everyone, None, later).await.expect("pool");
    assert!(!pool.is_empty());
    let o = programme::overview(&t.db, later).await.expect("overview");
    // The dashboard's database count is the matching pool's rule, person for person.
    assert_eq!(o.waiting_total(), pool.len() as u64);
    let in_band = |lo: i64, hi: i64| {
        pool.iter()
            .filter(|w| {
                let d = (later.date_naive() - w.application.submitted_at.date_naive()).num_days();
                d >= lo && d < hi
            })
            .count() as u64
    };
    assert_eq!(o.waiting[0].1, in_band(0, 14));
    assert_eq!(o.waiting[1].1, in_band(14, 28));
    // An adult in the pool who turns out to be 16 (no coordinator's confirmation, no
    // induction) leaves both counts.
    let adult = pool.iter().find(|w| !w.under_18 && w.application.confirmed_at.is_none()).expect("an adult");
    let mut u: user::ActiveModel = person_by_id(&t, adult.user_id).await.into();
    u.date_of_birth = Set(Some(later.date_naive() - Duration::days(16 * 365 + 30)));
    u.update(&t.db).await.expect("update");
    let fewer = programme::overview(&t.db, later).await.expect("overview");
    let pool = services::matching::waiting(&t.db, &RunScope::Everyone, None, later).await.expect("pool");
    assert_eq!(fewer.waiting_total(), pool.len() as u64);
    assert_eq!(fewer.waiting_total(), o.waiting_total() - 1);
    let o = fewer;
    // The staff's waiting page: the same people, longest wait first, a keyset page at a time.
    let mut sorted: Vec<(chrono::DateTime<Utc>, i64)> =
        pool.iter().map(|w| (w.application.submitted_at, w.user_id)).collect();
    sorted.sort();
    let total = services::matching::waiting_count(&t.db, later).await.expect("count");
    assert_eq!(total, pool.len());
    let (mut paged, mut after) = (Vec::new(), None);
    loop {
        let (rows, next) = services::matching::waiting_page(&t.db, after, 3, later).await.expect("page");
        assert!(rows.len() <= 3);
        paged.extend(rows.iter().map(|r| r.user_id));
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(paged, sorted.iter().map(|s| s.1).collect::<Vec<_>>());
    // The young people's funnel starts with everyone who signed up, and never grows.
    let signed_up =
        user::Entity::find().filter(user::Column::Role.eq("young_person")).all(&t.db).await.expect("q").len() as u64;
    assert_eq!(o.young_funnel[0].1, signed_up);
    assert!(o.young_funnel.windows(2).take(3).all(|w| w[0].1 >= w[1].1), "{:?}", o.young_funnel);
    // The two demo pairs are active; risks match relationship monitoring.
    let rel = services::mentoring::relationships(&t.db, later, 100).await.expect("rel");
    assert_eq!(rel.len(), 2);
    assert_eq!(o.active_matches, rel.len() as u64);
    assert_eq!(o.at_risk_total, rel.iter().filter(|r| !r.risks.is_empty()).count() as u64);
    assert!(o.workshops.iter().all(|w| w.booked <= w.capacity));

    // A young person who is matched leaves the waiting count.
    match_someone_waiting(&t, &pool, later).await;
    let after = programme::overview(&t.db, later).await.expect("overview");
    let pool_after = services::matching::waiting(&t.db, &RunScope::Everyone, None, later).await.expect("pool");
    assert_eq!(after.waiting_total(), pool_after.len() as u64);
    assert_eq!(after.waiting_total(), o.waiting_total() - 1);
    assert_eq!(after.active_matches, o.active_matches + 1);
}

/// Staff confirm the first young person in `pool` who has a candidate with their best one.
async fn match_someone_waiting(t: &TestDb, pool: &[services::matching::Waiting], now: DateTime<Utc>) {
    let staff = person(t, "staff@tandem.example").await;
    for w in pool {
        let (_, c) = services::matching::candidates_for(&t.db, w.user_id, 5, now).await.expect("candidates");
        if let Some(c) = c.first() {
            services::matching::confirm(&t.db, staff.id, w.user_id, c.mentor_id, now).await.expect("confirm");
            return;
        }
    }
    panic!("nobody waiting has a candidate");
}

/// Marks a figure's snapshot as slow to count (as at national scale), optionally claimed by
/// another server until `claimed_until`.
async fn make_slow(t: &TestDb, figure: Figure, now: DateTime<Utc>, claimed_until: Option<DateTime<Utc>>) {
    figures::recount(&t.db, figure, now).await.expect("count");
    let mut s: figure_snapshot::ActiveModel =
        figure_snapshot::Entity::find_by_id(figure.name()).one(&t.db).await.expect("q").expect("snapshot").into();
    s.took_ms = Set(figures::LIVE_LIMIT_MS * 10);
    s.claimed_until = Set(claimed_until);
    s.update(&t.db).await.expect("update");
}

async fn slow_figures_are_read_from_a_snapshot_counted_again_in_the_background(t: TestDb) {
    assert!(services::demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let now = t0() + Duration::days(20);
    // A small programme: every view counts afresh and says so (no "as of"), and keeps no
    // snapshot.
    let first = figures::programme(&t.db, now).await.expect("programme");
    assert_eq!(first.as_of, None);
    let waiting = figures::waiting_total(&t.db, now).await.expect("waiting");
    assert!(waiting.live);
    assert_eq!(waiting.value as u64, first.waiting_total());
    figures::relationships(&t.db, now).await.expect("relationships");
    assert_eq!(figure_snapshot::Entity::find().all(&t.db).await.expect("q").len(), 0);

    // Counting became slow: views now read the snapshot, with the time it was taken, even
    // after someone leaves the pool.
    make_slow(&t, Figure::Programme, now, None).await;
    make_slow(&t, Figure::WaitingTotal, now, None).await;
    make_slow(&t, Figure::Relationships, now, Some(now + Duration::minutes(30))).await;
    let pool = services::matching::waiting(&t.db, &RunScope::Everyone, None, now).await.expect("pool");
    match_someone_waiting(&t, &pool, now).await;
    let later = now + Duration::minutes(5);
    let cached = figures::programme(&t.db, later).await.expect("programme");
    assert_eq!(cached.waiting_total(), first.waiting_total(), "the snapshot, not a fresh count");
    assert_eq!(cached.as_of.as_deref(), Some(now.format("%H:%M UTC on %-d %b %Y").to_string().as_str()));
    let w = figures::waiting_total(&t.db, later).await.expect("waiting");
    assert!(!w.live);
    assert_eq!(w.value, waiting.value);
    assert_eq!(figures::relationships(&t.db, later).await.expect("rel").value.len(), 2);

    // Five minutes on, nothing is stale yet; eleven minutes on, the background job counts the
    // slow figures again, except one another server has claimed.
    assert!(figures::refresh_stale(&t.db, later).await.expect("refresh").is_empty());
    let eleven = now + Duration::minutes(11);
    let counted = figures::refresh_stale(&t.db, eleven).await.expect("refresh");
    assert!(counted.contains(&Figure::Programme) && counted.contains(&Figure::WaitingTotal), "{counted:?}");
    assert!(!counted.contains(&Figure::Relationships), "claimed by another server");
    let snap = figure_snapshot::Entity::find_by_id(Figure::Programme.name()).one(&t.db).await.expect("q").expect("row");
    assert_eq!(snap.taken_at, eleven);
    assert_eq!(snap.claimed_until, None);
    let fresh: domain::programme::ProgrammeOverview = serde_json::from_str(&snap.body).expect("json");
    assert_eq!(fresh.waiting_total(), first.waiting_total() - 1);
    assert_eq!(fresh.active_matches, first.active_matches + 1);
    // Counted again right away, the figures are fresh: a second server finds nothing to do.
    assert!(figures::refresh_stale(&t.db, eleven).await.expect("refresh").is_empty());
    // Once the other server's claim runs out, the claimed figure is counted again too.
    let counted = figures::refresh_stale(&t.db, now + Duration::minutes(31)).await.expect("refresh");
    assert_eq!(counted, vec![Figure::Relationships]);
    let rel = figures::relationships(&t.db, now + Duration::minutes(32)).await.expect("rel");
    assert_eq!(rel.value.len(), 3, "the new pair is listed");
}
