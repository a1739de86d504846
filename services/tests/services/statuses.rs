//! Status columns as enums: the entities read them as `domain`'s enums, and the migration
//! that made the database refuse other values kept every row already there.

use migrations::m20261214_000033_status_values::STATUS_VALUES;
use sea_orm::{ActiveEnum, ConnectionTrait, EntityName, EntityTrait, Iterable, PaginatorTrait, Statement};
use services::entities::{
    concern, enquiry, match_run, mentor_check, mentoring_match, message, opportunity, outbox_email, workshop_booking,
};
use services::testing::{Backend, TestDb};

/// Every status enum's values, with its table: what the entities read and write.
fn enum_values() -> Vec<(&'static str, Vec<String>)> {
    fn values<E: ActiveEnum<Value = String> + Iterable>() -> Vec<String> {
        E::iter().map(|v| v.to_value()).collect()
    }
    vec![
        (mentoring_match::Entity.table_name(), values::<domain::relationships::MatchStatus>()),
        (workshop_booking::Entity.table_name(), values::<domain::workshops::BookingStatus>()),
        (enquiry::Entity.table_name(), values::<domain::enquiries::EnquiryStatus>()),
        (outbox_email::Entity.table_name(), values::<domain::mail::MailStatus>()),
        (message::Entity.table_name(), values::<domain::mentoring::MessageStatus>()),
        (concern::Entity.table_name(), values::<domain::safeguarding::CaseStatus>()),
        (opportunity::Entity.table_name(), values::<domain::opportunities::OpportunityStatus>()),
        (mentor_check::Entity.table_name(), values::<domain::approvals::MentorStatus>()),
        (match_run::Entity.table_name(), values::<domain::matching::RunStatus>()),
    ]
}

/// The values the database accepts are exactly the enums' (a new variant needs a migration),
/// and each enum's stored value is the one its `as_str` gives the rest of the code.
#[test]
fn the_database_accepts_exactly_the_enums_values() {
    let frozen: Vec<(&str, Vec<String>)> =
        STATUS_VALUES.iter().map(|(t, v)| (*t, v.iter().map(|s| s.to_string()).collect())).collect();
    assert_eq!(frozen, enum_values());
    fn stored_as_named<E: ActiveEnum<Value = String> + Iterable>(as_str: impl Fn(&E) -> &'static str) {
        for s in E::iter() {
            assert_eq!(s.to_value(), as_str(&s));
        }
    }
    stored_as_named::<domain::relationships::MatchStatus>(|s| s.as_str());
    stored_as_named::<domain::workshops::BookingStatus>(|s| s.as_str());
    stored_as_named::<domain::mail::MailStatus>(|s| s.as_str());
    stored_as_named::<domain::matching::RunStatus>(|s| s.as_str());
    stored_as_named::<domain::mentoring::MessageStatus>(|s| s.as_str());
    stored_as_named::<domain::safeguarding::CaseStatus>(|s| s.as_str());
    stored_as_named::<domain::enquiries::EnquiryStatus>(|s| s.as_str());
    stored_as_named::<domain::opportunities::OpportunityStatus>(|s| s.as_str());
    stored_as_named::<domain::approvals::MentorStatus>(|s| s.as_str());
}

/// How many migrations come before the status one.
fn steps_before() -> u32 {
    use migrations::MigratorTrait;
    let names: Vec<String> = migrations::Migrator::migrations().iter().map(|m| m.name().to_string()).collect();
    names.iter().position(|n| n.contains("status_values")).expect("the status migration") as u32
}

async fn rows(db: &sea_orm::DatabaseConnection, table: &str) -> Vec<(i64, String)> {
    let sql = format!("SELECT id, status FROM {table} ORDER BY id");
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("rows")
        .into_iter()
        .map(|r| (r.try_get::<i64>("", "id").expect("id"), r.try_get::<String>("", "status").expect("status")))
        .collect()
}

/// A database with the demo programme, made before the migration, keeps every row's status
/// through it, reads them all as enums, and from then on refuses values no enum names.
async fn upgrade_keeps_statuses_and_refuses_unknown_ones(backend: Backend) {
    let t = TestDb::migrated(backend, Some(steps_before())).await.expect("database before the change");
    services::demo::load_if_empty(&t.db, chrono::Utc::now()).await.expect("demo");
    let mut before = Vec::new();
    for (table, _) in STATUS_VALUES {
        before.push(rows(&t.db, table).await);
    }
    t.migrate_rest().await.expect("upgrade");
    let mut filled = 0;
    for ((table, _), kept) in STATUS_VALUES.iter().zip(&before) {
        assert_eq!(&rows(&t.db, table).await, kept, "{table}: every row and status kept");
        filled += usize::from(!kept.is_empty());
        // Refused: an unknown value, by update and by insert (a copy of a row).
        if let Some((id, _)) = kept.first() {
            let sql = format!("UPDATE {table} SET status = 'paused' WHERE id = {id}");
            assert!(t.db.execute_unprepared(&sql).await.is_err(), "{table} took an unknown status");
            let sql = format!("UPDATE {table} SET status = status WHERE id = {id}");
            t.db.execute_unprepared(&sql).await.expect("a known status is still fine");
        }
    }
    assert!(filled >= 5, "the demo data fills most status tables ({filled})");
    // Every table has its guard, filled by the demo or not.
    for (table, _) in STATUS_VALUES {
        let sql = match backend {
            Backend::Postgres => {
                format!("SELECT conname AS name FROM pg_constraint WHERE conname = '{table}_status_known'")
            }
            _ => {
                format!("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{table}_status_known_%'")
            }
        };
        let found =
            t.db.query_all_raw(Statement::from_string(t.db.get_database_backend(), sql)).await.expect("catalog");
        let want = if backend == Backend::Postgres { 1 } else { 2 };
        assert_eq!(found.len(), want, "{table}: the database guards its status");
    }
    // The entities read every row as its enum.
    assert_eq!(mentoring_match::Entity::find().all(&t.db).await.expect("matches").len(), before[0].len());
    assert_eq!(workshop_booking::Entity::find().all(&t.db).await.expect("bookings").len(), before[1].len());
    assert_eq!(enquiry::Entity::find().count(&t.db).await.expect("n") as usize, before[2].len());
    assert_eq!(outbox_email::Entity::find().all(&t.db).await.expect("mail").len(), before[3].len());
    assert_eq!(message::Entity::find().all(&t.db).await.expect("messages").len(), before[4].len());
    assert_eq!(concern::Entity::find().all(&t.db).await.expect("cases").len(), before[5].len());
    assert_eq!(opportunity::Entity::find().all(&t.db).await.expect("opportunities").len(), before[6].len());
    assert_eq!(mentor_check::Entity::find().all(&t.db).await.expect("checks").len(), before[7].len());
    assert_eq!(match_run::Entity::find().all(&t.db).await.expect("runs").len(), before[8].len());
    let mail = |status: &str| {
        format!(
            "INSERT INTO outbox_emails (to_email, subject, body, created_at, category, status, attempts) \
             VALUES ('a@example.org', 's', 'b', '2026-12-01 10:00:00+00:00', 'essential', '{status}', 0)"
        )
    };
    assert!(t.db.execute_unprepared(&mail("queued")).await.is_err(), "an insert with an unknown status");
    t.db.execute_unprepared(&mail("pending")).await.expect("the same insert with a known status");
}

/// A database holding a status no enum names stops the migration with a message that says
/// which, and keeps the row as it was.
async fn an_unknown_status_stops_the_upgrade(backend: Backend) {
    let t = TestDb::migrated(backend, Some(steps_before())).await.expect("database before the change");
    services::demo::load_if_empty(&t.db, chrono::Utc::now()).await.expect("demo");
    let (id, _) = rows(&t.db, "matches").await[0].clone();
    t.db.execute_unprepared(&format!("UPDATE matches SET status = 'paused' WHERE id = {id}")).await.expect("old value");
    let err = t.migrate_rest().await.expect_err("the upgrade stops").to_string();
    assert!(err.contains("matches.status holds values Tandem does not know: paused"), "{err}");
    assert!(rows(&t.db, "matches").await.contains(&(id, "paused".to_string())), "the row is kept as it was");
}

#[tokio::test]
async fn upgrade_keeps_statuses_sqlite() {
    upgrade_keeps_statuses_and_refuses_unknown_ones(Backend::SqliteFile).await;
}

#[tokio::test]
async fn upgrade_keeps_statuses_postgres() {
    upgrade_keeps_statuses_and_refuses_unknown_ones(Backend::Postgres).await;
}

#[tokio::test]
async fn an_unknown_status_stops_the_upgrade_sqlite() {
    an_unknown_status_stops_the_upgrade(Backend::SqliteFile).await;
}

#[tokio::test]
async fn an_unknown_status_stops_the_upgrade_postgres() {
    an_unknown_status_stops_the_upgrade(Backend::Postgres).await;
}
