//! Safer sessions: programme settings staff can change (the first sessions an adult pair
//! hold online before meeting in person), and each match's video room, a random name on the
//! programme's video service.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ProgrammeSettings {
    Table,
    /// The setting's name, e.g. "online_sessions_first".
    Name,
    Value,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Matches {
    Table,
    /// The match's room name on the video service: random, unguessable, made when first needed.
    VideoRoom,
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
                .table(ProgrammeSettings::Table)
                .col(string_len(ProgrammeSettings::Name, 60).primary_key())
                .col(string_len(ProgrammeSettings::Value, 200))
                .col(big_integer_null(ProgrammeSettings::UpdatedBy))
                .col(timestamp_with_time_zone(ProgrammeSettings::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ProgrammeSettings::Table, ProgrammeSettings::UpdatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Matches::Table).add_column(string_len_null(Matches::VideoRoom, 64)).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Matches::Table).drop_column(Matches::VideoRoom).to_owned()).await?;
        m.drop_table(Table::drop().table(ProgrammeSettings::Table).to_owned()).await
    }
}
