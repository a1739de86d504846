//! Mail that reaches people: the outbox becomes a delivery queue (a row is claimed by one app
//! server with a lease, sent, and its outcome kept), each person chooses which optional emails
//! they get, and calendar invitations keep a sequence per booking or session.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum OutboxEmails {
    Table,
    SentAt,
    /// The account the email is for, when there is one (preferences, unsubscribe links).
    UserId,
    /// `domain::mail::Category`: essential mail cannot be switched off.
    Category,
    /// Addresses copied (a pupil's coordinator on a session invitation), comma separated.
    Cc,
    /// An RFC 5545 calendar object sent as the `text/calendar` part.
    Calendar,
    /// pending, sent, failed (permanent) or skipped (the person switched this kind off).
    Status,
    Attempts,
    /// A pending email is not tried again before this (retries back off).
    NextAttemptAt,
    /// A server sending the email holds it until then; after that another may take it.
    LeaseUntil,
    /// Which claim holds it (one per batch), so a late server cannot record another's send.
    LeaseToken,
    LastError,
    /// What the SMTP server answered when it accepted the message.
    LastResponse,
    MessageId,
}

#[derive(DeriveIden, Clone, Copy)]
enum MailPreferences {
    Table,
    UserId,
    Reminders,
    Digests,
    News,
    /// The secret in one-click unsubscribe links.
    UnsubscribeToken,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CalendarFeeds {
    Table,
    UserId,
    /// Only a digest of the secret in the feed's address is kept.
    TokenHash,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CalendarInvites {
    Table,
    /// The event's UID (stable per booking or planned session).
    Uid,
    /// RFC 5545 SEQUENCE: raised each time the event changes or is cancelled.
    Sequence,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        let columns = [
            big_integer_null(OutboxEmails::UserId),
            string_len(OutboxEmails::Category, 20).default("essential").to_owned(),
            text_null(OutboxEmails::Cc),
            text_null(OutboxEmails::Calendar),
            string_len(OutboxEmails::Status, 10).default("pending").to_owned(),
            integer(OutboxEmails::Attempts).default(0).to_owned(),
            timestamp_with_time_zone_null(OutboxEmails::NextAttemptAt),
            timestamp_with_time_zone_null(OutboxEmails::LeaseUntil),
            string_len_null(OutboxEmails::LeaseToken, 40),
            text_null(OutboxEmails::LastError),
            text_null(OutboxEmails::LastResponse),
            string_len_null(OutboxEmails::MessageId, 200),
        ];
        for mut c in columns {
            m.alter_table(Table::alter().table(OutboxEmails::Table).add_column(&mut c).to_owned()).await?;
        }
        m.exec_stmt(
            Query::update()
                .table(OutboxEmails::Table)
                .value(OutboxEmails::Status, "sent")
                .and_where(Expr::col(OutboxEmails::SentAt).is_not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_due")
                .table(OutboxEmails::Table)
                .col(OutboxEmails::Status)
                .col(OutboxEmails::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MailPreferences::Table)
                .col(big_integer(MailPreferences::UserId).primary_key())
                .col(boolean(MailPreferences::Reminders))
                .col(boolean(MailPreferences::Digests))
                .col(boolean(MailPreferences::News))
                .col(string_len(MailPreferences::UnsubscribeToken, 64).unique_key())
                .col(timestamp_with_time_zone(MailPreferences::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(MailPreferences::Table, MailPreferences::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CalendarFeeds::Table)
                .col(big_integer(CalendarFeeds::UserId).primary_key())
                .col(string_len(CalendarFeeds::TokenHash, 64).unique_key())
                .col(timestamp_with_time_zone(CalendarFeeds::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CalendarFeeds::Table, CalendarFeeds::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CalendarInvites::Table)
                .col(string_len(CalendarInvites::Uid, 120).primary_key())
                .col(integer(CalendarInvites::Sequence))
                .col(timestamp_with_time_zone(CalendarInvites::UpdatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CalendarInvites::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(CalendarFeeds::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(MailPreferences::Table).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_outbox_due").table(OutboxEmails::Table).to_owned()).await?;
        for c in [
            OutboxEmails::MessageId,
            OutboxEmails::LastResponse,
            OutboxEmails::LastError,
            OutboxEmails::LeaseToken,
            OutboxEmails::LeaseUntil,
            OutboxEmails::NextAttemptAt,
            OutboxEmails::Attempts,
            OutboxEmails::Status,
            OutboxEmails::Calendar,
            OutboxEmails::Cc,
            OutboxEmails::Category,
            OutboxEmails::UserId,
        ] {
            m.alter_table(Table::alter().table(OutboxEmails::Table).drop_column(c).to_owned()).await?;
        }
        Ok(())
    }
}
