//! "How is it going?": after a pair's third confirmed session each side tells the team,
//! privately, whether the relationship is going well. A person who says it is not working
//! can ask the team for advice; that message thread is linked to the match.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum HowGoingAnswers {
    Table,
    Id,
    MatchId,
    UserId,
    /// "well", "not_sure" or "not_working".
    Answer,
    /// Anything the person added, for the team only.
    Note,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Enquiries {
    Table,
    /// The match a thread is about, when it began from "How is it going?".
    MatchId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Matches {
    Table,
    Id,
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
                .table(HowGoingAnswers::Table)
                .col(big_pk_auto(HowGoingAnswers::Id))
                .col(big_integer(HowGoingAnswers::MatchId))
                .col(big_integer(HowGoingAnswers::UserId))
                .col(string_len(HowGoingAnswers::Answer, 20))
                .col(text(HowGoingAnswers::Note))
                .col(timestamp_with_time_zone(HowGoingAnswers::CreatedAt))
                .col(timestamp_with_time_zone(HowGoingAnswers::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(HowGoingAnswers::Table, HowGoingAnswers::MatchId)
                        .to(Matches::Table, Matches::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(HowGoingAnswers::Table, HowGoingAnswers::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // One answer per person per match (a new answer replaces it).
        m.create_index(
            Index::create()
                .name("idx_how_going_match_user")
                .table(HowGoingAnswers::Table)
                .col(HowGoingAnswers::MatchId)
                .col(HowGoingAnswers::UserId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Enquiries::Table).add_column(big_integer_null(Enquiries::MatchId)).to_owned(),
        )
        .await?;
        if m.get_database_backend() != sea_orm::DatabaseBackend::Sqlite {
            // SQLite cannot add a foreign key to an existing table; the service sets the id.
            m.create_foreign_key(
                ForeignKey::create()
                    .name("fk_enquiries_match")
                    .from(Enquiries::Table, Enquiries::MatchId)
                    .to(Matches::Table, Matches::Id)
                    .on_delete(ForeignKeyAction::SetNull)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create().name("idx_enquiries_match").table(Enquiries::Table).col(Enquiries::MatchId).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_enquiries_match").table(Enquiries::Table).to_owned()).await?;
        if m.get_database_backend() != sea_orm::DatabaseBackend::Sqlite {
            m.drop_foreign_key(ForeignKey::drop().name("fk_enquiries_match").table(Enquiries::Table).to_owned())
                .await?;
        }
        m.alter_table(Table::alter().table(Enquiries::Table).drop_column(Enquiries::MatchId).to_owned()).await?;
        m.drop_table(Table::drop().table(HowGoingAnswers::Table).to_owned()).await
    }
}
