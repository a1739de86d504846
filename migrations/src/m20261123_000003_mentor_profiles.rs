//! Mentor profiles: what matching will use (skills against goals, region, format,
//! availability, age group). One row per mentor, saved answer by answer.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MentorProfiles {
    Table,
    Id,
    UserId,
    JobTitle,
    Sector,
    /// Free text; employer partners are linked through the user's partner organisation.
    Employer,
    /// Comma-separated choices from the curated skills list.
    Skills,
    Region,
    /// First part of the postcode only (e.g. LS6): enough for in-person matching, no address.
    PostcodeArea,
    Languages,
    /// online, in_person or either.
    Format,
    /// Comma-separated monthly availability windows.
    Availability,
    /// The oldest age group the mentor is willing to mentor (14-17, 18-21, 22-25).
    MaxAgeGroup,
    Bio,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MentorProfiles::Table)
                .col(big_pk_auto(MentorProfiles::Id))
                .col(big_integer_uniq(MentorProfiles::UserId))
                .col(string_len(MentorProfiles::JobTitle, 100).default(""))
                .col(string_len(MentorProfiles::Sector, 100).default(""))
                .col(string_len(MentorProfiles::Employer, 100).default(""))
                .col(text(MentorProfiles::Skills).default(""))
                .col(string_len(MentorProfiles::Region, 100).default(""))
                .col(string_len(MentorProfiles::PostcodeArea, 8).default(""))
                .col(text(MentorProfiles::Languages).default(""))
                .col(string_len(MentorProfiles::Format, 16).default(""))
                .col(text(MentorProfiles::Availability).default(""))
                .col(string_len(MentorProfiles::MaxAgeGroup, 8).default(""))
                .col(text(MentorProfiles::Bio).default(""))
                .col(timestamp_with_time_zone(MentorProfiles::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(MentorProfiles::Table, MentorProfiles::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(MentorProfiles::Table).to_owned()).await
    }
}
