//! Feedback after a young people's induction asks one more question, which the public impact
//! page reports: did it help them feel more prepared for a mentoring session? Empty for
//! mentor workshops and for feedback given before the question was asked.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum WorkshopFeedback {
    Table,
    Prepared,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(WorkshopFeedback::Table)
                .add_column(boolean_null(WorkshopFeedback::Prepared))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(WorkshopFeedback::Table).drop_column(WorkshopFeedback::Prepared).to_owned())
            .await
    }
}
