//! The programme's policies: texts like the help centre's (kind "policy", versioned), and
//! each mentor's acceptance of them. A mentor is matchable only once they have accepted the
//! current version of each policy mentors must accept; staff decide, when saving a new
//! version, whether it asks everyone again (a real change) or not (a typo fixed).

use crate::m20261209_000022_documents::{DocumentVersions, Documents};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum PolicyAcceptances {
    Table,
    Id,
    UserId,
    DocumentId,
    /// The version the person read and accepted.
    Version,
    AcceptedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum DocumentVersionsAsks {
    /// Whether people must accept this version again (policies only; the first version
    /// always asks).
    AsksAgain,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(DocumentVersions::Table)
                .add_column(boolean(DocumentVersionsAsks::AsksAgain).default(true))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PolicyAcceptances::Table)
                .col(big_pk_auto(PolicyAcceptances::Id))
                .col(big_integer(PolicyAcceptances::UserId))
                .col(big_integer(PolicyAcceptances::DocumentId))
                .col(integer(PolicyAcceptances::Version))
                .col(timestamp_with_time_zone(PolicyAcceptances::AcceptedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PolicyAcceptances::Table, PolicyAcceptances::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PolicyAcceptances::Table, PolicyAcceptances::DocumentId)
                        .to(Documents::Table, Documents::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // Accepting the same version twice (two tabs) keeps one record.
        m.create_index(
            Index::create()
                .name("idx_policy_acceptances_unique")
                .table(PolicyAcceptances::Table)
                .col(PolicyAcceptances::UserId)
                .col(PolicyAcceptances::DocumentId)
                .col(PolicyAcceptances::Version)
                .unique()
                .to_owned(),
        )
        .await?;
        crate::m20261209_000022_documents::insert_documents(m, "policy", crate::policy_content::POLICIES).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PolicyAcceptances::Table).to_owned()).await?;
        m.exec_stmt(
            Query::delete().from_table(Documents::Table).and_where(Expr::col(Documents::Kind).eq("policy")).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(DocumentVersions::Table).drop_column(DocumentVersionsAsks::AsksAgain).to_owned(),
        )
        .await
    }
}
