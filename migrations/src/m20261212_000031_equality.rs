//! Equality monitoring: a person's voluntary answers, one row per person, one column per
//! question (none: unanswered; "prefer_not": prefer not to say). Only the person's own form
//! and download and the staff report's group counts read this table (`services::equality`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum EqualityAnswers {
    Table,
    UserId,
    /// An ONS 2021 census ethnic group's key (e.g. "white_irish").
    EthnicGroup,
    Sex,
    /// Whether the gender the person identifies with is the same as their sex registered at birth.
    GenderSame,
    Disability,
    /// Young people only.
    FreeSchoolMeals,
    FirstInFamily,
    /// Mentors only.
    Employment,
    WorkSector,
    UpdatedAt,
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
                .table(EqualityAnswers::Table)
                .col(big_integer(EqualityAnswers::UserId).primary_key())
                .col(string_len_null(EqualityAnswers::EthnicGroup, 40))
                .col(string_len_null(EqualityAnswers::Sex, 20))
                .col(string_len_null(EqualityAnswers::GenderSame, 20))
                .col(string_len_null(EqualityAnswers::Disability, 20))
                .col(string_len_null(EqualityAnswers::FreeSchoolMeals, 20))
                .col(string_len_null(EqualityAnswers::FirstInFamily, 20))
                .col(string_len_null(EqualityAnswers::Employment, 20))
                .col(string_len_null(EqualityAnswers::WorkSector, 20))
                .col(timestamp_with_time_zone(EqualityAnswers::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(EqualityAnswers::Table, EqualityAnswers::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(EqualityAnswers::Table).to_owned()).await
    }
}
