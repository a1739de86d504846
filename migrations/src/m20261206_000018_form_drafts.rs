//! What a person typed into a form that came back with a problem before the page's code had
//! loaded (or without JavaScript): kept for one round trip so the form is shown again as
//! they left it. Read once, then deleted; never kept past an hour.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum FormDrafts {
    Table,
    /// SHA-256 of the one-time secret in the address the form returns to.
    TokenHash,
    /// SHA-256 of the session cookie it was sent with ("" when signed out): only the same
    /// browser session reads it back.
    OwnerHash,
    /// The server function path the form posts to.
    Action,
    /// The non-secret fields as a JSON list of [name, value] pairs.
    Fields,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(FormDrafts::Table)
                .col(string_len(FormDrafts::TokenHash, 64).primary_key())
                .col(string_len(FormDrafts::OwnerHash, 64))
                .col(string_len(FormDrafts::Action, 200))
                .col(text(FormDrafts::Fields))
                .col(timestamp_with_time_zone(FormDrafts::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_form_drafts_created")
                .table(FormDrafts::Table)
                .col(FormDrafts::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(FormDrafts::Table).to_owned()).await
    }
}
