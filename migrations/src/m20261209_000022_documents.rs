//! Texts the programme publishes and staff edit in the app: the help centre's answers (and,
//! with the same versioning, the programme's policies). Every edit is a new version that
//! names who made it and when, so nothing a person once read is lost.

use crate::help_content::Answer;
use sea_orm_migration::sea_orm::ConnectionTrait;
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
        insert_documents(m, "help", crate::help_content::HELP).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DocumentVersions::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Documents::Table).to_owned()).await
    }
}

/// Inserts texts of one kind as their first version, in order, written by nobody (the text
/// Tandem shipped with).
pub async fn insert_documents(m: &SchemaManager<'_>, kind: &str, texts: &[Answer]) -> Result<(), DbErr> {
    let db = m.get_connection();
    let shipped = chrono::Utc::now();
    for (i, a) in texts.iter().enumerate() {
        db.execute(
            Query::insert()
                .into_table(Documents::Table)
                .columns([Documents::Kind, Documents::Slug, Documents::Section, Documents::Position])
                .values_panic([kind.into(), a.slug.into(), a.section.into(), (i as i32 + 1).into()]),
        )
        .await?;
        let row = db
            .query_one(
                Query::select()
                    .column(Documents::Id)
                    .from(Documents::Table)
                    .and_where(Expr::col(Documents::Slug).eq(a.slug)),
            )
            .await?
            .ok_or_else(|| DbErr::Custom("a text just inserted is missing".into()))?;
        let id: i64 = row.try_get("", "id")?;
        db.execute(
            Query::insert()
                .into_table(DocumentVersions::Table)
                .columns([
                    DocumentVersions::DocumentId,
                    DocumentVersions::Version,
                    DocumentVersions::Title,
                    DocumentVersions::Body,
                    DocumentVersions::ChangedAt,
                ])
                .values_panic([id.into(), 1.into(), a.question.into(), a.body.into(), shipped.into()]),
        )
        .await?;
    }
    Ok(())
}
