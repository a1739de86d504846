//! Lessons can show an illustration: a picture shipped with the site (under /images/) and
//! its text alternative. Two of the course's lessons get theirs.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrainingLessons {
    Table,
    /// A site path such as /images/training/twelve-sessions.svg (never an outside address:
    /// the content security policy only allows the site's own images).
    ImagePath,
    /// What the picture shows, for people who cannot see it.
    ImageAlt,
}

const IMAGES: &[(&str, &str, &str)] = &[
    (
        "One hour a month, for twelve months",
        "/images/training/twelve-sessions.svg",
        "A year-long line with twelve monthly sessions: the first sets goals, the twelfth reviews them and closes the mentoring.",
    ),
    (
        "If a young person tells you something",
        "/images/training/disclosure-steps.svg",
        "Four steps when a young person discloses something worrying: listen, reassure without promising secrecy, record their words, report to the Designated Safeguarding Lead the same day.",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(TrainingLessons::Table)
                .add_column(string_len_null(TrainingLessons::ImagePath, 300))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(TrainingLessons::Table)
                .add_column(string_len_null(TrainingLessons::ImageAlt, 300))
                .to_owned(),
        )
        .await?;
        for (title, path, alt) in IMAGES {
            let q = Query::update()
                .table(TrainingLessons::Table)
                .value(TrainingLessons::ImagePath, *path)
                .value(TrainingLessons::ImageAlt, *alt)
                .and_where(Expr::col(Alias::new("title")).eq(*title))
                .to_owned();
            m.exec_stmt(q).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(TrainingLessons::Table).drop_column(TrainingLessons::ImageAlt).to_owned())
            .await?;
        m.alter_table(Table::alter().table(TrainingLessons::Table).drop_column(TrainingLessons::ImagePath).to_owned())
            .await
    }
}
