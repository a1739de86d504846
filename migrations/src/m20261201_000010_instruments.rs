//! Licensed instruments installed by staff as versioned item banks. Tandem's own
//! questionnaire lives in the code (`domain::evaluations::ITEMS`); a validated scale the
//! programme has a licence for is installed here under its own version. A row is never
//! changed after it is written (a changed item is a new version), so answers and pairs
//! stored with a version always mean what they meant.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Instruments {
    Table,
    Id,
    /// Stored with every evaluation that uses it; unique.
    Version,
    Name,
    /// Who holds the licence and its reference or terms.
    Licence,
    /// The copyright or attribution notice shown with the questionnaire.
    Attribution,
    /// JSON list of answer labels, lowest score first.
    Scale,
    /// JSON list of items: key, theme, text, reverse.
    Items,
    /// New pre-evaluations use the active instrument; Tandem's own when none is.
    Active,
    InstalledBy,
    InstalledAt,
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
                .table(Instruments::Table)
                .col(big_pk_auto(Instruments::Id))
                .col(string_len_uniq(Instruments::Version, 40))
                .col(string_len(Instruments::Name, 120))
                .col(string_len(Instruments::Licence, 500))
                .col(string_len(Instruments::Attribution, 500).default(""))
                .col(text(Instruments::Scale))
                .col(text(Instruments::Items))
                .col(boolean(Instruments::Active).default(false))
                .col(big_integer_null(Instruments::InstalledBy))
                .col(timestamp_with_time_zone(Instruments::InstalledAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Instruments::Table, Instruments::InstalledBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Instruments::Table).to_owned()).await
    }
}
