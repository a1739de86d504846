//! The community bulletin on SQLite and PostgreSQL: staff publish; each role reads only the
//! posts for its audience, newest first, a page at a time; bad posts are refused.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::Role;
use domain::community::{Audience, BulletinInput};
use services::community;
use services::testing::TestDb;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).single().expect("time")
}

on_both!(posts_reach_their_audience_a_page_at_a_time);

async fn posts_reach_their_audience_a_page_at_a_time(t: TestDb) {
    assert!(services::demo::load_if_empty(&t.db, t0()).await.expect("demo"));
    let staff = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        use services::entities::user;
        let q = user::Entity::find().filter(user::Column::Email.eq("staff@tandem.example"));
        q.one(&t.db).await.expect("q").expect("staff")
    };
    let post = |title: String, audience: Audience| BulletinInput {
        title,
        body: "First paragraph.\n\nSecond paragraph.".into(),
        audience: Some(audience.as_str().into()),
    };
    // 12 posts for mentors, one for young people, one for everyone.
    for n in 0..12 {
        let at = t0() + Duration::minutes(n);
        community::publish(&t.db, staff.id, &post(format!("Mentor news {n}"), Audience::Mentors), at)
            .await
            .expect("post");
    }
    community::publish(&t.db, staff.id, &post("For young people".into(), Audience::YoungPeople), t0())
        .await
        .expect("p");
    community::publish(&t.db, staff.id, &post("For everyone".into(), Audience::Everyone), t0()).await.expect("p");
    let bad = BulletinInput { title: "".into(), body: "".into(), audience: None };
    assert!(matches!(
        community::publish(&t.db, staff.id, &bad, t0()).await,
        Err(services::ServiceError::Validation(_))
    ));

    // Mentors: 13 posts (12 + everyone), newest first, 10 then 3.
    let first = community::page(&t.db, Role::Mentor, None, 10).await.expect("page");
    assert_eq!(first.posts.len(), 10);
    assert_eq!(first.posts[0].title, "For everyone");
    assert!(first.posts.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    assert!(!first.can_publish);
    let rest = community::page(&t.db, Role::Mentor, first.older, 10).await.expect("page");
    assert_eq!(rest.posts.len(), 3);
    assert!(rest.older.is_none());
    assert_eq!(rest.posts.last().map(|p| p.title.as_str()), Some("Mentor news 0"));
    let titles: Vec<String> = first.posts.iter().chain(&rest.posts).map(|p| p.title.clone()).collect();
    assert!(!titles.iter().any(|t| t == "For young people"), "mentors do not see young people's posts");
    // Young people see theirs and everyone's, never the mentors'; coordinators everyone's.
    let young = community::page(&t.db, Role::YoungPerson, None, 10).await.expect("page");
    let titles: Vec<&str> = young.posts.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, vec!["For everyone", "For young people"]);
    let coordinator = community::page(&t.db, Role::Coordinator, None, 10).await.expect("page");
    assert_eq!(coordinator.posts.len(), 1);
    let staff_view = community::page(&t.db, Role::Staff, None, 20).await.expect("page");
    assert_eq!(staff_view.posts.len(), 14);
    assert!(staff_view.can_publish);
}
