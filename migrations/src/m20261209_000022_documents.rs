//! Texts the programme publishes and staff edit in the app: the help centre's answers (and,
//! with the same versioning, the programme's policies). Every edit is a new version that
//! names who made it and when, so nothing a person once read is lost.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
pub enum Documents {
    Table,
    Id,
    /// "help" (an answer in the help centre) or "policy".
    Kind,
    /// The stable address of the text: `/help#where-to-meet`, links elsewhere use it.
    Slug,
    /// The help centre's heading the answer sits under.
    Section,
    /// Order within its section.
    Position,
}

#[derive(DeriveIden, Clone, Copy)]
pub enum DocumentVersions {
    Table,
    Id,
    DocumentId,
    /// 1, 2, 3... per document; the highest is the one people read.
    Version,
    Title,
    /// Plain text like the training lessons: blank lines between paragraphs, "- " for list
    /// items. Never HTML, so an edit cannot inject markup.
    Body,
    /// The staff member who wrote this version; none for the text Tandem shipped with.
    ChangedBy,
    ChangedAt,
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
                .table(Documents::Table)
                .col(big_pk_auto(Documents::Id))
                .col(string_len(Documents::Kind, 20))
                .col(string_len_uniq(Documents::Slug, 80))
                .col(string_len(Documents::Section, 80))
                .col(integer(Documents::Position))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DocumentVersions::Table)
                .col(big_pk_auto(DocumentVersions::Id))
                .col(big_integer(DocumentVersions::DocumentId))
                .col(integer(DocumentVersions::Version))
                .col(string_len(DocumentVersions::Title, 200))
                .col(text(DocumentVersions::Body))
                .col(big_integer_null(DocumentVersions::ChangedBy))
                .col(timestamp_with_time_zone(DocumentVersions::ChangedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(DocumentVersions::Table, DocumentVersions::DocumentId)
                        .to(Documents::Table, Documents::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(DocumentVersions::Table, DocumentVersions::ChangedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // Two staff saving at once cannot both write the same version number.
        m.create_index(
            Index::create()
                .name("idx_document_versions_unique")
                .table(DocumentVersions::Table)
                .col(DocumentVersions::DocumentId)
                .col(DocumentVersions::Version)
                .unique()
                .to_owned(),
        )
        .await?;
        crate::help_content::insert(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DocumentVersions::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Documents::Table).to_owned()).await
    }
}
