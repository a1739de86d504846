//! Where young people go next: a short section answered at the end of mentoring and again six
//! months later, from a one-click link in an email. The report groups answers by the same
//! fields as the evaluation pairs (year, cohort, region, partner, age group), kept on the row
//! so that reports never join to a person.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Destinations {
    Table,
    Id,
    UserId,
    /// "end" or "six_months".
    Stage,
    /// What they are doing now (domain::destinations::ACTIVITIES).
    Activity,
    /// Each "got", "applied" or "no".
    College,
    Apprenticeship,
    Job,
    Scholarship,
    /// School pupils only: "better", "same", "worse" or "not_sure".
    Attendance,
    Grades,
    Year,
    /// The year of the young person's application.
    Cohort,
    Region,
    PartnerId,
    AgeGroup,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DestinationFollowups {
    Table,
    UserId,
    /// Six months after the end answers.
    DueAt,
    /// SHA-256 of the one-click link's token (the link itself is only in the email).
    TokenHash,
    SentAt,
    AnsweredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Destinations::Table)
                .col(big_pk_auto(Destinations::Id))
                .col(big_integer(Destinations::UserId))
                .col(string_len(Destinations::Stage, 20))
                .col(string_len(Destinations::Activity, 20))
                .col(string_len(Destinations::College, 10))
                .col(string_len(Destinations::Apprenticeship, 10))
                .col(string_len(Destinations::Job, 10))
                .col(string_len(Destinations::Scholarship, 10))
                .col(string_len_null(Destinations::Attendance, 10))
                .col(string_len_null(Destinations::Grades, 10))
                .col(integer(Destinations::Year))
                .col(integer(Destinations::Cohort))
                .col(string_len(Destinations::Region, 80))
                .col(big_integer_null(Destinations::PartnerId))
                .col(string_len(Destinations::AgeGroup, 10))
                .col(timestamp_with_time_zone(Destinations::CreatedAt))
                .col(timestamp_with_time_zone(Destinations::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Destinations::Table, Destinations::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_destinations_user_stage")
                .table(Destinations::Table)
                .col(Destinations::UserId)
                .col(Destinations::Stage)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DestinationFollowups::Table)
                .col(big_integer(DestinationFollowups::UserId).primary_key())
                .col(timestamp_with_time_zone(DestinationFollowups::DueAt))
                .col(string_len_uniq(DestinationFollowups::TokenHash, 64))
                .col(timestamp_with_time_zone_null(DestinationFollowups::SentAt))
                .col(timestamp_with_time_zone_null(DestinationFollowups::AnsweredAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(DestinationFollowups::Table, DestinationFollowups::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_destination_followups_due")
                .table(DestinationFollowups::Table)
                .col(DestinationFollowups::DueAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DestinationFollowups::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Destinations::Table).to_owned()).await
    }
}
