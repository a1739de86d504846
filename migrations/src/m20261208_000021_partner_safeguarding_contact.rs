//! A partner institution (a school or youth partner) names its own safeguarding contact, one
//! of its Mentoring Coordinators: a concern about one of its young people goes to that person
//! (the programme's safeguarding team still sees every case).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum PartnerOrganisations {
    Table,
    SafeguardingContactId,
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
                .table(PartnerOrganisations::Table)
                .add_column(big_integer_null(PartnerOrganisations::SafeguardingContactId))
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() != sea_orm::DatabaseBackend::Sqlite {
            // SQLite cannot add a foreign key to an existing table; the service checks the id.
            m.create_foreign_key(
                ForeignKey::create()
                    .name("fk_partner_safeguarding_contact")
                    .from(PartnerOrganisations::Table, PartnerOrganisations::SafeguardingContactId)
                    .to(Users::Table, Users::Id)
                    .on_delete(ForeignKeyAction::SetNull)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != sea_orm::DatabaseBackend::Sqlite {
            m.drop_foreign_key(
                ForeignKey::drop()
                    .name("fk_partner_safeguarding_contact")
                    .table(PartnerOrganisations::Table)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(PartnerOrganisations::Table)
                .drop_column(PartnerOrganisations::SafeguardingContactId)
                .to_owned(),
        )
        .await
    }
}
