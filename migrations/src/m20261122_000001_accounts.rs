//! Accounts, partner organisations, database-backed sessions, sign-in throttling,
//! password resets and the email outbox.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PartnerOrganisations {
    Table,
    Id,
    Name,
    /// school, youth_partner or employer: decides which views the partner's people get.
    Kind,
    /// Young people under 18 join their institution's cohort with this code.
    JoinCode,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    /// Stored normalised (trimmed, lower-case) so uniqueness is case-insensitive.
    Email,
    Name,
    /// Needed for the age rules: under-18s are routed through their institution.
    DateOfBirth,
    Role,
    /// Coordinators (and later, school-cohort young people and employer mentors) belong to a partner.
    PartnerId,
    /// argon2id PHC string; never leaves the server.
    PasswordHash,
    /// Disabled accounts cannot sign in (e.g. a mentor whose role was ended).
    Disabled,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    /// SHA-256 of the cookie token: a database leak does not leak usable sessions.
    TokenHash,
    UserId,
    CreatedAt,
    /// Drives the idle timeout; refreshed at most once a minute to limit writes.
    LastSeenAt,
    /// Absolute timeout: a session never outlives this, however active.
    ExpiresAt,
    Ip,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    /// "account" (keyed by normalised email, whether or not it exists) or "ip".
    Scope,
    Key,
    AttemptedAt,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    /// Set when used: each link works once.
    UsedAt,
}

#[derive(DeriveIden)]
enum OutboxEmails {
    Table,
    Id,
    ToEmail,
    Subject,
    Body,
    CreatedAt,
    /// Null until a mail relay (not part of this deployment) picks it up.
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PartnerOrganisations::Table)
                .col(big_pk_auto(PartnerOrganisations::Id))
                .col(string_len(PartnerOrganisations::Name, 200))
                .col(string_len(PartnerOrganisations::Kind, 32))
                .col(string_len_null(PartnerOrganisations::JoinCode, 32).unique_key())
                .col(timestamp_with_time_zone(PartnerOrganisations::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(big_pk_auto(Users::Id))
                .col(string_len_uniq(Users::Email, 254))
                .col(string_len(Users::Name, 100))
                .col(date(Users::DateOfBirth))
                .col(string_len(Users::Role, 32))
                .col(big_integer_null(Users::PartnerId))
                .col(string(Users::PasswordHash))
                .col(boolean(Users::Disabled).default(false))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::PartnerId)
                        .to(PartnerOrganisations::Table, PartnerOrganisations::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_users_role").table(Users::Table).col(Users::Role).col(Users::Id).to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_users_partner").table(Users::Table).col(Users::PartnerId).to_owned())
            .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(big_pk_auto(Sessions::Id))
                .col(string_len_uniq(Sessions::TokenHash, 64))
                .col(big_integer(Sessions::UserId))
                .col(timestamp_with_time_zone(Sessions::CreatedAt))
                .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .col(string_len_null(Sessions::Ip, 64))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_sessions_user").table(Sessions::Table).col(Sessions::UserId).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginAttempts::Table)
                .col(big_pk_auto(LoginAttempts::Id))
                .col(string_len(LoginAttempts::Scope, 16))
                .col(string_len(LoginAttempts::Key, 254))
                .col(timestamp_with_time_zone(LoginAttempts::AttemptedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_login_attempts_key")
                .table(LoginAttempts::Table)
                .col(LoginAttempts::Scope)
                .col(LoginAttempts::Key)
                .col(LoginAttempts::AttemptedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PasswordResets::Table)
                .col(big_pk_auto(PasswordResets::Id))
                .col(big_integer(PasswordResets::UserId))
                .col(string_len_uniq(PasswordResets::TokenHash, 64))
                .col(timestamp_with_time_zone(PasswordResets::CreatedAt))
                .col(timestamp_with_time_zone(PasswordResets::ExpiresAt))
                .col(timestamp_with_time_zone_null(PasswordResets::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PasswordResets::Table, PasswordResets::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OutboxEmails::Table)
                .col(big_pk_auto(OutboxEmails::Id))
                .col(string_len(OutboxEmails::ToEmail, 254))
                .col(string_len(OutboxEmails::Subject, 200))
                .col(text(OutboxEmails::Body))
                .col(timestamp_with_time_zone(OutboxEmails::CreatedAt))
                .col(timestamp_with_time_zone_null(OutboxEmails::SentAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            OutboxEmails::Table.into_iden(),
            PasswordResets::Table.into_iden(),
            LoginAttempts::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
            PartnerOrganisations::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
