//! Matching: staff-configurable weights, matches (the pair and its state), staff vetoes,
//! matching runs with their draft pairs, rematch requests, and in-app notifications.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchingWeights {
    Table,
    Id,
    Goals,
    Sector,
    Availability,
    Format,
    Language,
    Waiting,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Matches {
    Table,
    Id,
    YoungPersonId,
    MentorId,
    /// active or closed.
    Status,
    /// manual (one young person) or run (a published matching run).
    Source,
    RunId,
    Score,
    /// The reasons shown to staff when the pair was proposed, one per line.
    Reasons,
    StartDate,
    PlannedEnd,
    CreatedBy,
    CreatedAt,
    ClosedAt,
    /// rematch, completed, ...
    ClosedReason,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchVetoes {
    Table,
    Id,
    YoungPersonId,
    MentorId,
    Reason,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchRuns {
    Table,
    Id,
    /// everyone, region or partner.
    ScopeKind,
    ScopeValue,
    /// running, draft, published, discarded or failed.
    Status,
    Phase,
    Done,
    Total,
    PoolSize,
    Mentors,
    Matched,
    TotalScore,
    Certified,
    Rounds,
    CandidatePairs,
    Message,
    CreatedBy,
    CreatedAt,
    FinishedAt,
    PublishedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchRunPairs {
    Table,
    Id,
    RunId,
    YoungPersonId,
    MentorId,
    Score,
    Reasons,
    Pinned,
    Vetoed,
}

#[derive(DeriveIden, Clone, Copy)]
enum RematchRequests {
    Table,
    Id,
    MatchId,
    RequestedBy,
    Reason,
    Note,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Text,
    Link,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum YpApplications {
    Table,
    /// Languages the young person would like their mentor to speak (matching).
    Languages,
}

#[derive(DeriveIden, Clone, Copy)]
enum MentorChecks {
    Table,
    /// How many young people the mentor can mentor at once.
    Capacity,
}

fn user_fk(from: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from, col).to(Users::Table, Users::Id).on_delete(ForeignKeyAction::Cascade).to_owned()
}

fn index<T: IntoIden + Clone>(name: &str, table: T, cols: Vec<T>, unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(c);
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MatchingWeights::Table)
                .col(big_pk_auto(MatchingWeights::Id))
                .col(integer(MatchingWeights::Goals))
                .col(integer(MatchingWeights::Sector))
                .col(integer(MatchingWeights::Availability))
                .col(integer(MatchingWeights::Format))
                .col(integer(MatchingWeights::Language))
                .col(integer(MatchingWeights::Waiting))
                .col(big_integer_null(MatchingWeights::UpdatedBy))
                .col(timestamp_with_time_zone(MatchingWeights::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Matches::Table)
                .col(big_pk_auto(Matches::Id))
                .col(big_integer(Matches::YoungPersonId))
                .col(big_integer(Matches::MentorId))
                .col(string_len(Matches::Status, 16))
                .col(string_len(Matches::Source, 16))
                .col(big_integer_null(Matches::RunId))
                .col(big_integer(Matches::Score))
                .col(text(Matches::Reasons))
                .col(date(Matches::StartDate))
                .col(date(Matches::PlannedEnd))
                .col(big_integer_null(Matches::CreatedBy))
                .col(timestamp_with_time_zone(Matches::CreatedAt))
                .col(timestamp_with_time_zone_null(Matches::ClosedAt))
                .col(string_len_null(Matches::ClosedReason, 40))
                .foreign_key(&mut user_fk(Matches::Table, Matches::YoungPersonId))
                .foreign_key(&mut user_fk(Matches::Table, Matches::MentorId))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("idx_matches_young_person", vec![Matches::YoungPersonId, Matches::Status]),
            ("idx_matches_mentor", vec![Matches::MentorId, Matches::Status]),
            ("idx_matches_status", vec![Matches::Status, Matches::Id]),
        ] {
            m.create_index(index(name, Matches::Table, cols, false)).await?;
        }
        m.create_table(
            Table::create()
                .table(MatchVetoes::Table)
                .col(big_pk_auto(MatchVetoes::Id))
                .col(big_integer(MatchVetoes::YoungPersonId))
                .col(big_integer(MatchVetoes::MentorId))
                .col(string_len(MatchVetoes::Reason, 300))
                .col(big_integer_null(MatchVetoes::CreatedBy))
                .col(timestamp_with_time_zone(MatchVetoes::CreatedAt))
                .foreign_key(&mut user_fk(MatchVetoes::Table, MatchVetoes::YoungPersonId))
                .foreign_key(&mut user_fk(MatchVetoes::Table, MatchVetoes::MentorId))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_vetoes_pair",
            MatchVetoes::Table,
            vec![MatchVetoes::YoungPersonId, MatchVetoes::MentorId],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(MatchRuns::Table)
                .col(big_pk_auto(MatchRuns::Id))
                .col(string_len(MatchRuns::ScopeKind, 16))
                .col(string_len(MatchRuns::ScopeValue, 100).default(""))
                .col(string_len(MatchRuns::Status, 16))
                .col(string_len(MatchRuns::Phase, 100).default(""))
                .col(big_integer(MatchRuns::Done).default(0))
                .col(big_integer(MatchRuns::Total).default(0))
                .col(big_integer(MatchRuns::PoolSize).default(0))
                .col(big_integer(MatchRuns::Mentors).default(0))
                .col(big_integer(MatchRuns::Matched).default(0))
                .col(big_integer(MatchRuns::TotalScore).default(0))
                .col(boolean(MatchRuns::Certified).default(false))
                .col(integer(MatchRuns::Rounds).default(0))
                .col(big_integer(MatchRuns::CandidatePairs).default(0))
                .col(text(MatchRuns::Message).default(""))
                .col(big_integer_null(MatchRuns::CreatedBy))
                .col(timestamp_with_time_zone(MatchRuns::CreatedAt))
                .col(timestamp_with_time_zone_null(MatchRuns::FinishedAt))
                .col(timestamp_with_time_zone_null(MatchRuns::PublishedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MatchRunPairs::Table)
                .col(big_pk_auto(MatchRunPairs::Id))
                .col(big_integer(MatchRunPairs::RunId))
                .col(big_integer(MatchRunPairs::YoungPersonId))
                .col(big_integer(MatchRunPairs::MentorId))
                .col(big_integer(MatchRunPairs::Score))
                .col(text(MatchRunPairs::Reasons))
                .col(boolean(MatchRunPairs::Pinned).default(false))
                .col(boolean(MatchRunPairs::Vetoed).default(false))
                .foreign_key(
                    &mut ForeignKey::create()
                        .from(MatchRunPairs::Table, MatchRunPairs::RunId)
                        .to(MatchRuns::Table, MatchRuns::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_run_pairs_run",
            MatchRunPairs::Table,
            vec![MatchRunPairs::RunId, MatchRunPairs::YoungPersonId],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(RematchRequests::Table)
                .col(big_pk_auto(RematchRequests::Id))
                .col(big_integer(RematchRequests::MatchId))
                .col(big_integer_null(RematchRequests::RequestedBy))
                .col(string_len(RematchRequests::Reason, 40))
                .col(text(RematchRequests::Note).default(""))
                .col(timestamp_with_time_zone(RematchRequests::CreatedAt))
                .foreign_key(
                    &mut ForeignKey::create()
                        .from(RematchRequests::Table, RematchRequests::MatchId)
                        .to(Matches::Table, Matches::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(big_pk_auto(Notifications::Id))
                .col(big_integer(Notifications::UserId))
                .col(string_len(Notifications::Kind, 32))
                .col(text(Notifications::Text))
                .col(string_len(Notifications::Link, 200).default(""))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .foreign_key(&mut user_fk(Notifications::Table, Notifications::UserId))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_notifications_user",
            Notifications::Table,
            vec![Notifications::UserId, Notifications::Id],
            false,
        ))
        .await?;
        m.alter_table(
            Table::alter().table(MentorChecks::Table).add_column(integer(MentorChecks::Capacity).default(1)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(YpApplications::Table)
                .add_column(string_len(YpApplications::Languages, 300).default(""))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(YpApplications::Table).drop_column(YpApplications::Languages).to_owned())
            .await?;
        m.alter_table(Table::alter().table(MentorChecks::Table).drop_column(MentorChecks::Capacity).to_owned()).await?;
        for t in [
            Notifications::Table.into_iden(),
            RematchRequests::Table.into_iden(),
            MatchRunPairs::Table.into_iden(),
            MatchRuns::Table.into_iden(),
            MatchVetoes::Table.into_iden(),
            Matches::Table.into_iden(),
            MatchingWeights::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
