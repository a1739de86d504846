//! Backups taken while the programme keeps writing restore to a fresh database with every
//! acknowledged row, the audit chain intact and the append-only triggers still refusing edits.

use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::audit::{self, Event};
use services::entities::audit_entry;
use services::testing::{Backend, BlankDb, TestDb};
use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, Ordering},
};

async fn backup_while_writing(backend: Backend) {
    let t = TestDb::new(backend).await.expect("database");
    let db = t.db.clone();
    // A writer keeps recording audit events; each is acknowledged once `record` returns.
    let acknowledged = Arc::new(Mutex::new(Vec::<i64>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, acknowledged, stop) = (db.clone(), acknowledged.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let seq = audit::record(&db, Event::new("login.success", None, format!("user:{n}")), Utc::now())
                    .await
                    .expect("write");
                acknowledged.lock().expect("lock").push(seq);
                n += 1;
            }
        })
    };
    while acknowledged.lock().expect("lock").len() < 40 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before: Vec<i64> = acknowledged.lock().expect("lock").clone();
    let file = std::env::temp_dir().join(format!("tandem-backup-{}.bak", &services::tokens::new_token()[..12]));
    let done = services::backup::backup(&db, &t.url, &file).await.expect("backup while writing");
    assert!(done.bytes > 0);
    // Keep writing a little after the backup, then stop.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    stop.store(true, Ordering::SeqCst);
    writer.await.expect("writer");
    let written = acknowledged.lock().expect("lock").len();
    assert!(written > before.len(), "the writer kept going during the backup");
    // A second backup to the same file is refused rather than overwriting it.
    assert!(services::backup::backup(&db, &t.url, &file).await.is_err());

    let blank = BlankDb::new(backend).await.expect("blank database");
    services::backup::restore(&blank.url, &file).await.expect("restore");
    let restored = services::db::connect(&blank.url).await.expect("open the restored database");
    let rows = audit_entry::Entity::find().count(&restored).await.expect("count") as usize;
    assert!(rows >= before.len(), "every event acknowledged before the backup is there ({rows} < {})", before.len());
    assert!(rows <= written, "nothing that was never written");
    for seq in &before {
        let found = audit_entry::Entity::find().filter(audit_entry::Column::Seq.eq(*seq)).one(&restored).await;
        assert!(found.expect("read").is_some(), "entry {seq}");
    }
    let check = audit::verify(&restored).await.expect("verify");
    assert!(check.ok(), "{check:?}");
    assert_eq!(check.entries as usize, rows, "a consistent copy: the chain has no gap");
    for sql in ["UPDATE audit_log SET detail = 'edited'", "DELETE FROM audit_log"] {
        assert!(restored.execute_unprepared(sql).await.is_err(), "the restored log refuses: {sql}");
    }
    // Restoring over a database that holds data is refused.
    assert!(services::backup::restore(&blank.url, &file).await.is_err());
    restored.close().await.expect("close");
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn sqlite_backup_while_writing_restores() {
    backup_while_writing(Backend::SqliteFile).await;
}

#[tokio::test]
async fn postgres_backup_while_writing_restores() {
    backup_while_writing(Backend::Postgres).await;
}
