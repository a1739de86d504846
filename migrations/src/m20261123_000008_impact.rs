//! Paired evaluations for impact reports: when a young person completes their end-of-mentoring
//! evaluation, their scored answers (reverse-worded items already flipped) are written next to
//! their pre-evaluation answers in one row, with the filters reports use. Reports then
//! aggregate one row per pair in the database (sums and counts), never a row per answer.
//!
//! Items are stored by position (1-16) within their instrument version, so a licensed
//! instrument installed as another version uses the same columns without touching old pairs.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum EvaluationPairs {
    Table,
    Id,
    UserId,
    /// The instrument version both evaluations used (pairs never mix versions).
    Version,
    PairedAt,
    /// Year the end evaluation was completed (the report's year filter).
    Year,
    /// Year the young person applied (their cohort).
    Cohort,
    Region,
    PartnerId,
    /// under_18, 18_21 or 22_25 at the end evaluation.
    AgeGroup,
    // Then theme means (1-5) before and after, theme1_before ... theme3_after, and the
    // scored answers by position, b1..b16 before and a1..a16 after.
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = Table::create();
        t.table(EvaluationPairs::Table)
            .col(big_pk_auto(EvaluationPairs::Id))
            .col(big_integer(EvaluationPairs::UserId))
            .col(string_len(EvaluationPairs::Version, 40))
            .col(timestamp_with_time_zone(EvaluationPairs::PairedAt))
            .col(integer(EvaluationPairs::Year))
            .col(integer(EvaluationPairs::Cohort))
            .col(string_len(EvaluationPairs::Region, 60))
            .col(big_integer_null(EvaluationPairs::PartnerId))
            .col(string_len(EvaluationPairs::AgeGroup, 10))
            .col(double(Alias::new("theme1_before")))
            .col(double(Alias::new("theme1_after")))
            .col(double(Alias::new("theme2_before")))
            .col(double(Alias::new("theme2_after")))
            .col(double(Alias::new("theme3_before")))
            .col(double(Alias::new("theme3_after")))
            .foreign_key(
                ForeignKey::create()
                    .from(EvaluationPairs::Table, EvaluationPairs::UserId)
                    .to(Users::Table, Users::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            );
        for i in 1..=16 {
            t.col(integer_null(Alias::new(format!("b{i}"))));
            t.col(integer_null(Alias::new(format!("a{i}"))));
        }
        m.create_table(t.to_owned()).await?;
        for (name, cols) in [
            ("idx_pairs_user", vec![EvaluationPairs::UserId, EvaluationPairs::Version]),
            ("idx_pairs_year", vec![EvaluationPairs::Version, EvaluationPairs::Year]),
            ("idx_pairs_partner", vec![EvaluationPairs::PartnerId, EvaluationPairs::Version]),
        ] {
            let mut i = Index::create();
            i.name(name).table(EvaluationPairs::Table);
            for c in cols {
                i.col(c);
            }
            if name == "idx_pairs_user" {
                i.unique();
            }
            m.create_index(i.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(EvaluationPairs::Table).to_owned()).await
    }
}
