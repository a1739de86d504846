//! Getting involved: a message about partnering with the programme or offering something in
//! kind carries the organisation's details (name, type, size, region) and what is offered;
//! every person and partner has a code for the links they share, and a sign-up records which
//! person or partner brought it (a share link, or a partner's join code).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Enquiries {
    Table,
    /// The organisation's name (partnership and in-kind offers).
    Organisation,
    /// school, youth_organisation, community_group or employer.
    OrganisationKind,
    /// A band of how many people it has ("under_50", "50_249", ...).
    OrganisationSize,
    /// One of the UK regions the profile offers.
    Region,
    /// What is offered in kind, as comma-separated keys (venue, equipment, time).
    Offers,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReferralCodes {
    Table,
    Code,
    /// The person whose share links carry the code...
    UserId,
    /// ...or the partner organisation's.
    PartnerId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Referrals {
    Table,
    /// The account that signed up.
    UserId,
    /// The person whose link brought it (none once that account is erased).
    ReferrerId,
    /// The partner credited: whose join code or link it was, or the referrer's organisation.
    PartnerId,
    /// Whether the sign-up used a partner's join code (otherwise a share link).
    JoinedWithCode,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum PartnerOrganisations {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        for (col, len) in [
            (Enquiries::Organisation, 200),
            (Enquiries::OrganisationKind, 30),
            (Enquiries::OrganisationSize, 20),
            (Enquiries::Region, 60),
            (Enquiries::Offers, 100),
        ] {
            m.alter_table(Table::alter().table(Enquiries::Table).add_column(string_len_null(col, len)).to_owned())
                .await?;
        }
        m.create_table(
            Table::create()
                .table(ReferralCodes::Table)
                .col(string_len(ReferralCodes::Code, 16).primary_key())
                .col(big_integer_null(ReferralCodes::UserId).unique_key())
                .col(big_integer_null(ReferralCodes::PartnerId).unique_key())
                .col(timestamp_with_time_zone(ReferralCodes::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ReferralCodes::Table, ReferralCodes::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ReferralCodes::Table, ReferralCodes::PartnerId)
                        .to(PartnerOrganisations::Table, PartnerOrganisations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Referrals::Table)
                .col(big_integer(Referrals::UserId).primary_key())
                .col(big_integer_null(Referrals::ReferrerId))
                .col(big_integer_null(Referrals::PartnerId))
                .col(boolean(Referrals::JoinedWithCode))
                .col(timestamp_with_time_zone(Referrals::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Referrals::Table, Referrals::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Referrals::Table, Referrals::ReferrerId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Referrals::Table, Referrals::PartnerId)
                        .to(PartnerOrganisations::Table, PartnerOrganisations::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // The staff report counts by referrer and by partner.
        m.create_index(
            Index::create()
                .name("idx_referrals_referrer")
                .table(Referrals::Table)
                .col(Referrals::ReferrerId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_referrals_partner").table(Referrals::Table).col(Referrals::PartnerId).to_owned(),
        )
        .await?;
        // Young people who joined a partner's cohort before this recorded how: with its join code.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO referrals (user_id, referrer_id, partner_id, joined_with_code, created_at) \
                 SELECT id, NULL, partner_id, TRUE, created_at FROM users \
                 WHERE role = 'young_person' AND partner_id IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Referrals::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(ReferralCodes::Table).to_owned()).await?;
        for col in [
            Enquiries::Offers,
            Enquiries::Region,
            Enquiries::OrganisationSize,
            Enquiries::OrganisationKind,
            Enquiries::Organisation,
        ] {
            m.alter_table(Table::alter().table(Enquiries::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}
