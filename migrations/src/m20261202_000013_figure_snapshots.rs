//! Programme-wide figures (the programme dashboard, the staff funnel, the waiting total,
//! relationship monitoring) kept as snapshots. While a figure is cheap to count it is counted
//! on every view; once counting takes long (a national programme), views read the last
//! snapshot and a background job counts again every few minutes, one app server at a time.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum FigureSnapshots {
    Table,
    /// Which figure (`services::figures::Figure`).
    Name,
    TakenAt,
    /// How long counting took, in milliseconds.
    TookMs,
    /// The figure as JSON.
    Body,
    /// A server counting it again holds it until then.
    ClaimedUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(FigureSnapshots::Table)
                .col(string_len(FigureSnapshots::Name, 40).primary_key())
                .col(timestamp_with_time_zone(FigureSnapshots::TakenAt))
                .col(big_integer(FigureSnapshots::TookMs))
                .col(text(FigureSnapshots::Body))
                .col(timestamp_with_time_zone_null(FigureSnapshots::ClaimedUntil))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(FigureSnapshots::Table).to_owned()).await
    }
}
