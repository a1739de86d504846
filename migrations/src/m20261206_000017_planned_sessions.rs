//! Sessions a pair plan ahead: each one sends both sides a calendar invitation, raised in
//! SEQUENCE when it moves and cancelled (METHOD:CANCEL) when it is called off.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum PlannedSessions {
    Table,
    Id,
    MatchId,
    /// UK wall-clock start.
    StartsAt,
    Minutes,
    /// online or in_person.
    Mode,
    /// The meeting link (online) or the venue (in person; an under-18's partner's premises).
    Place,
    PlannedBy,
    CreatedAt,
    UpdatedAt,
    /// Set when either side calls it off (or the match ends); the row stays for the timeline.
    CancelledAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Matches {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PlannedSessions::Table)
                .col(big_pk_auto(PlannedSessions::Id))
                .col(big_integer(PlannedSessions::MatchId))
                .col(date_time(PlannedSessions::StartsAt))
                .col(integer(PlannedSessions::Minutes))
                .col(string_len(PlannedSessions::Mode, 16))
                .col(string_len(PlannedSessions::Place, 300))
                .col(big_integer(PlannedSessions::PlannedBy))
                .col(timestamp_with_time_zone(PlannedSessions::CreatedAt))
                .col(timestamp_with_time_zone(PlannedSessions::UpdatedAt))
                .col(timestamp_with_time_zone_null(PlannedSessions::CancelledAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PlannedSessions::Table, PlannedSessions::MatchId)
                        .to(Matches::Table, Matches::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_planned_sessions_match")
                .table(PlannedSessions::Table)
                .col(PlannedSessions::MatchId)
                .col(PlannedSessions::StartsAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PlannedSessions::Table).to_owned()).await
    }
}
