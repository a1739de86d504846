//! A short training course for young people beside the mentor course: each module is for
//! one audience, and the young people's course is seeded here.

use crate::m20261123_000002_training::TrainingModules;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Audience {
    /// Who takes the module: "mentor" (the mentor course) or "young_person".
    Audience,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(TrainingModules::Table)
                .add_column(string_len(Audience::Audience, 20).default("mentor"))
                .to_owned(),
        )
        .await?;
        crate::m20261123_000002_training::insert_modules(m, crate::young_course_content::COURSE, Some("young_person"))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The young people's modules (and, by cascade, their lessons and questions) go first.
        m.get_connection()
            .execute(
                Query::delete()
                    .from_table(TrainingModules::Table)
                    .and_where(Expr::col(Audience::Audience).eq("young_person")),
            )
            .await?;
        m.alter_table(Table::alter().table(TrainingModules::Table).drop_column(Audience::Audience).to_owned()).await
    }
}
