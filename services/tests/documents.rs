//! The help centre on SQLite and PostgreSQL: the shipped answers, the search, and staff
//! edits kept as versions.

use chrono::{TimeZone, Utc};
use domain::documents::DocumentInput;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use services::entities::user;
use services::testing::TestDb;
use services::{ServiceError, documents};

#[macro_use]
mod common;

on_both!(the_help_centre_answers_and_searches, staff_edits_are_new_versions);

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
    let list = documents::admin_list(&t.db).await.expect("list");
    let meet = list.iter().find(|d| d.title == "Where should we meet?").expect("where to meet").clone();
    assert_eq!(meet.version, 1);
    assert_eq!(meet.changed_by, "Tandem (as first published)");

    let at = Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).single().expect("time");
    let bad =
        documents::edit(&t.db, staff.id, meet.id, 1, &DocumentInput { title: " ".into(), body: "x".into() }, at).await;
    match bad {
        Err(ServiceError::Validation(e)) => assert_eq!(e.get("title"), Some("Enter the question or title")),
        other => panic!("expected a field error, got {other:?}"),
    }

    let input = DocumentInput {
        title: "Where should we meet?".into(),
        body: "Online first.\r\n\r\nThen somewhere public:\r\n- a library\r\n- a café".into(),
    };
    assert_eq!(documents::edit(&t.db, staff.id, meet.id, 1, &input, at).await.expect("edit"), 2);
    // Saving the same words again adds nothing.
    assert_eq!(documents::edit(&t.db, staff.id, meet.id, 2, &input, at).await.expect("same"), 2);
    // An editor who started from version 1 cannot overwrite version 2 unseen.
    let stale = DocumentInput { title: "Where to meet".into(), body: "Anywhere.".into() };
    match documents::edit(&t.db, staff.id, meet.id, 1, &stale, at).await {
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
