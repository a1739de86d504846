//! Safeguarding and trust: reported concerns and the DSL's case file (an append-only
//! chronology), the tamper-evident audit log (a hash chain with a head row that serialises
//! writers), suspension of a match or a person's access, and what privacy needs on accounts
//! (last sign-in for the retention job, when an account was erased).
//!
//! The database itself refuses to edit or delete chronology entries and audit entries, and
//! to change or delete what a reporter wrote (triggers, on SQLite and PostgreSQL alike).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
    /// When the DSL suspended this person's access (they cannot sign in until lifted).
    SuspendedAt,
    /// For the retention schedule. Accounts older than this column count from registration
    /// until their next sign-in.
    LastSignInAt,
    ErasedAt,
    /// Two-step verification: the base32 secret, once set up.
    TotpSecret,
    /// The last 30-second step whose code was used (a code works once).
    TotpLastStep,
}

/// A sign-in waiting for its second step (or for two-step set-up): short-lived, single use.
#[derive(DeriveIden, Clone, Copy)]
enum LoginChallenges {
    Table,
    Id,
    TokenHash,
    UserId,
    /// The proposed secret while setting up; empty when the account already has one.
    Secret,
    Attempts,
    ExpiresAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Matches {
    Table,
    Id,
    /// When the DSL suspended the match: no sessions or messages until lifted.
    SuspendedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Concerns {
    Table,
    Id,
    /// Who reported it; none for concerns raised by Tandem itself (held messages, wellbeing).
    ReporterId,
    /// report, message, checkin or wellbeing.
    Source,
    Category,
    Urgency,
    /// 0 immediate, 1 high, 2 routine: the queue's sort key.
    UrgencyRank,
    What,
    HappenedOn,
    /// The young person it is about, when known.
    SubjectId,
    MentorId,
    MatchId,
    /// new, open, referred or closed.
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ConcernEntries {
    Table,
    Id,
    ConcernId,
    AuthorId,
    /// action, decision, referral, note or system.
    Kind,
    Text,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditLog {
    Table,
    Id,
    /// 1, 2, 3, ... with no gaps: the chain's order.
    Seq,
    At,
    /// The account that acted (an id only: the log holds no names), none for the system.
    ActorId,
    Event,
    /// What it was about, e.g. "user:12" or "case:3".
    Subject,
    Detail,
    Ip,
    PrevHash,
    Hash,
}

#[derive(DeriveIden, Clone, Copy)]
enum AuditHead {
    Table,
    Id,
    Seq,
    Hash,
}

fn fk<T: IntoIden + Copy, C: IntoIden + Copy, R: IntoIden + Copy, RC: IntoIden + Copy>(
    table: T,
    col: C,
    refs: R,
    ref_col: RC,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(refs, ref_col).on_delete(ForeignKeyAction::Restrict).to_owned()
}

const SQLITE_GUARDS: &[&str] = &[
    "CREATE TRIGGER concern_entries_no_update BEFORE UPDATE ON concern_entries \
     BEGIN SELECT RAISE(ABORT, 'the chronology is append-only'); END",
    "CREATE TRIGGER concern_entries_no_delete BEFORE DELETE ON concern_entries \
     BEGIN SELECT RAISE(ABORT, 'the chronology is append-only'); END",
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER concerns_keep_report BEFORE UPDATE OF reporter_id, source, category, what, happened_on, created_at \
     ON concerns BEGIN SELECT RAISE(ABORT, 'a report cannot be changed'); END",
    "CREATE TRIGGER concerns_no_delete BEFORE DELETE ON concerns \
     BEGIN SELECT RAISE(ABORT, 'a report cannot be deleted'); END",
];

const POSTGRES_GUARDS: &[&str] = &[
    "CREATE FUNCTION tandem_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$",
    "CREATE TRIGGER concern_entries_append_only BEFORE UPDATE OR DELETE ON concern_entries \
     FOR EACH ROW EXECUTE FUNCTION tandem_refuse_change()",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log \
     FOR EACH ROW EXECUTE FUNCTION tandem_refuse_change()",
    "CREATE TRIGGER concerns_keep_report BEFORE UPDATE OF reporter_id, source, category, what, happened_on, created_at \
     ON concerns FOR EACH ROW EXECUTE FUNCTION tandem_refuse_change()",
    "CREATE TRIGGER concerns_no_delete BEFORE DELETE ON concerns FOR EACH ROW EXECUTE FUNCTION tandem_refuse_change()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(Users::Table).add_column(timestamp_with_time_zone_null(Users::SuspendedAt)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(timestamp_with_time_zone_null(Users::LastSignInAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Users::Table).add_column(timestamp_with_time_zone_null(Users::ErasedAt)).to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(Users::Table).add_column(string_len_null(Users::TotpSecret, 64)).to_owned())
            .await?;
        m.alter_table(Table::alter().table(Users::Table).add_column(big_integer_null(Users::TotpLastStep)).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(LoginChallenges::Table)
                .col(big_pk_auto(LoginChallenges::Id))
                .col(string_len(LoginChallenges::TokenHash, 64).unique_key())
                .col(big_integer(LoginChallenges::UserId))
                .col(string_len(LoginChallenges::Secret, 64).default(""))
                .col(integer(LoginChallenges::Attempts).default(0))
                .col(timestamp_with_time_zone(LoginChallenges::ExpiresAt))
                .col(timestamp_with_time_zone(LoginChallenges::CreatedAt))
                .foreign_key(&mut fk(LoginChallenges::Table, LoginChallenges::UserId, Users::Table, Users::Id))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Matches::Table)
                .add_column(timestamp_with_time_zone_null(Matches::SuspendedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Concerns::Table)
                .col(big_pk_auto(Concerns::Id))
                .col(big_integer_null(Concerns::ReporterId))
                .col(string_len(Concerns::Source, 16))
                .col(string_len(Concerns::Category, 32))
                .col(string_len(Concerns::Urgency, 16))
                .col(integer(Concerns::UrgencyRank))
                .col(text(Concerns::What))
                .col(date(Concerns::HappenedOn))
                .col(big_integer_null(Concerns::SubjectId))
                .col(big_integer_null(Concerns::MentorId))
                .col(big_integer_null(Concerns::MatchId))
                .col(string_len(Concerns::Status, 16))
                .col(timestamp_with_time_zone(Concerns::CreatedAt))
                .col(timestamp_with_time_zone(Concerns::UpdatedAt))
                .foreign_key(&mut fk(Concerns::Table, Concerns::ReporterId, Users::Table, Users::Id))
                .foreign_key(&mut fk(Concerns::Table, Concerns::SubjectId, Users::Table, Users::Id))
                .foreign_key(&mut fk(Concerns::Table, Concerns::MentorId, Users::Table, Users::Id))
                .foreign_key(&mut fk(Concerns::Table, Concerns::MatchId, Matches::Table, Matches::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_concerns_queue")
                .table(Concerns::Table)
                .col(Concerns::Status)
                .col(Concerns::UrgencyRank)
                .col(Concerns::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_concerns_reporter")
                .table(Concerns::Table)
                .col(Concerns::ReporterId)
                .col(Concerns::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ConcernEntries::Table)
                .col(big_pk_auto(ConcernEntries::Id))
                .col(big_integer(ConcernEntries::ConcernId))
                .col(big_integer_null(ConcernEntries::AuthorId))
                .col(string_len(ConcernEntries::Kind, 16))
                .col(text(ConcernEntries::Text))
                .col(text(ConcernEntries::Reason).default(""))
                .col(timestamp_with_time_zone(ConcernEntries::CreatedAt))
                .foreign_key(&mut fk(ConcernEntries::Table, ConcernEntries::ConcernId, Concerns::Table, Concerns::Id))
                .foreign_key(&mut fk(ConcernEntries::Table, ConcernEntries::AuthorId, Users::Table, Users::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_concern_entries")
                .table(ConcernEntries::Table)
                .col(ConcernEntries::ConcernId)
                .col(ConcernEntries::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_pk_auto(AuditLog::Id))
                .col(big_integer(AuditLog::Seq).unique_key())
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(big_integer_null(AuditLog::ActorId))
                .col(string_len(AuditLog::Event, 40))
                .col(string_len(AuditLog::Subject, 80))
                .col(text(AuditLog::Detail))
                .col(string_len_null(AuditLog::Ip, 64))
                .col(string_len(AuditLog::PrevHash, 64))
                .col(string_len(AuditLog::Hash, 64))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_subject")
                .table(AuditLog::Table)
                .col(AuditLog::Subject)
                .col(AuditLog::Seq)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_actor")
                .table(AuditLog::Table)
                .col(AuditLog::ActorId)
                .col(AuditLog::Seq)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AuditHead::Table)
                .col(integer(AuditHead::Id).primary_key())
                .col(big_integer(AuditHead::Seq))
                .col(string_len(AuditHead::Hash, 64))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(AuditHead::Table)
                .columns([AuditHead::Id, AuditHead::Seq, AuditHead::Hash])
                .values_panic([1.into(), 0i64.into(), "0".repeat(64).into()])
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let guards = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => POSTGRES_GUARDS,
            _ => SQLITE_GUARDS,
        };
        for sql in guards {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if m.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            db.execute_unprepared("DROP FUNCTION IF EXISTS tandem_refuse_change() CASCADE").await?;
        }
        for t in [
            LoginChallenges::Table.into_iden(),
            AuditHead::Table.into_iden(),
            AuditLog::Table.into_iden(),
            ConcernEntries::Table.into_iden(),
            Concerns::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.alter_table(Table::alter().table(Matches::Table).drop_column(Matches::SuspendedAt).to_owned()).await?;
        for c in [Users::SuspendedAt, Users::LastSignInAt, Users::ErasedAt, Users::TotpSecret, Users::TotpLastStep] {
            m.alter_table(Table::alter().table(Users::Table).drop_column(c).to_owned()).await?;
        }
        Ok(())
    }
}
