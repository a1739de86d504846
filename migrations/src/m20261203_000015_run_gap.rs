//! A matching run that stops at its round limit before the certificate closes still proves a
//! bound: `score_gap` is the most by which any set of eligible pairs matching as many young
//! people could beat the draft's total score (0 when proved optimal; NULL when not even the
//! matched count was proved, and for runs from before this column).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum MatchRuns {
    Table,
    ScoreGap,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(MatchRuns::Table).add_column(big_integer_null(MatchRuns::ScoreGap)).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(MatchRuns::Table).drop_column(MatchRuns::ScoreGap).to_owned()).await
    }
}
