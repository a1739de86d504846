//! Inductions have an audience: an age band (under-18s or 18 to 25 year olds, never both) and,
//! for one held on site, the partner institution whose pupils it is for. Inductions scheduled
//! before this change are given the band their format implied in the scheduling practice of
//! the time: on site at a school for under-18s, online for 18 to 25 year olds.
//! A matching run made again from an earlier draft remembers which (`rerun_of`), so its page
//! can say who dropped out since.
//! Also indexes accounts by the time they were created (overall and per role), for the
//! "newest first" lists of people.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Workshops {
    Table,
    Kind,
    Online,
    Audience,
    PartnerId,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchRuns {
    Table,
    RerunOf,
}

#[derive(DeriveIden, Clone, Copy)]
enum PartnerOrganisations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Role,
    CreatedAt,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(Workshops::Table).add_column(string_len_null(Workshops::Audience, 16)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Workshops::Table).add_column(big_integer_null(Workshops::PartnerId)).to_owned(),
        )
        .await?;
        if m.get_database_backend() != sea_orm::DatabaseBackend::Sqlite {
            // SQLite cannot add a foreign key to an existing table; the service checks the id.
            m.create_foreign_key(
                ForeignKey::create()
                    .name("fk_workshops_partner")
                    .from(Workshops::Table, Workshops::PartnerId)
                    .to(PartnerOrganisations::Table, PartnerOrganisations::Id)
                    .on_delete(ForeignKeyAction::SetNull)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter().table(MatchRuns::Table).add_column(big_integer_null(MatchRuns::RerunOf)).to_owned(),
        )
        .await?;
        for (online, band) in [(false, "under_18"), (true, "18_25")] {
            m.exec_stmt(
                Query::update()
                    .table(Workshops::Table)
                    .value(Workshops::Audience, band)
                    .and_where(Expr::col(Workshops::Kind).eq("mentee_induction"))
                    .and_where(Expr::col(Workshops::Online).eq(online))
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_users_created")
                .table(Users::Table)
                .col(Users::CreatedAt)
                .col(Users::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_users_role_created")
                .table(Users::Table)
                .col(Users::Role)
                .col(Users::CreatedAt)
                .col(Users::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for index in ["idx_users_created", "idx_users_role_created"] {
            m.drop_index(Index::drop().name(index).table(Users::Table).to_owned()).await?;
        }
        if m.get_database_backend() != sea_orm::DatabaseBackend::Sqlite {
            m.drop_foreign_key(ForeignKey::drop().name("fk_workshops_partner").table(Workshops::Table).to_owned())
                .await?;
        }
        m.alter_table(Table::alter().table(MatchRuns::Table).drop_column(MatchRuns::RerunOf).to_owned()).await?;
        for col in [Workshops::PartnerId, Workshops::Audience] {
            m.alter_table(Table::alter().table(Workshops::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
