//! Messages to the programme team from the contact form: anyone may write (signed in, or
//! with an email address), staff answer from a queue, and every message either way is kept
//! as the thread's history.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Enquiries {
    Table,
    Id,
    /// The account that wrote, when signed in; none for a visitor (or once erased).
    UserId,
    /// Who to answer: the account's name and address, or what the visitor typed.
    Name,
    Email,
    /// "platform", "match", "training", "partnership" or "other".
    Topic,
    /// "open" (waiting for the team), "answered" or "closed".
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum EnquiryMessages {
    Table,
    Id,
    EnquiryId,
    /// The staff member who answered; none for the person's own messages.
    StaffId,
    Body,
    CreatedAt,
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
                .table(Enquiries::Table)
                .col(big_pk_auto(Enquiries::Id))
                .col(big_integer_null(Enquiries::UserId))
                .col(string_len(Enquiries::Name, 100))
                .col(string_len(Enquiries::Email, 254))
                .col(string_len(Enquiries::Topic, 20))
                .col(string_len(Enquiries::Status, 20))
                .col(timestamp_with_time_zone(Enquiries::CreatedAt))
                .col(timestamp_with_time_zone(Enquiries::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Enquiries::Table, Enquiries::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        // The staff queue reads by status, oldest first.
        m.create_index(
            Index::create()
                .name("idx_enquiries_status")
                .table(Enquiries::Table)
                .col(Enquiries::Status)
                .col(Enquiries::UpdatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_enquiries_user").table(Enquiries::Table).col(Enquiries::UserId).to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(EnquiryMessages::Table)
                .col(big_pk_auto(EnquiryMessages::Id))
                .col(big_integer(EnquiryMessages::EnquiryId))
                .col(big_integer_null(EnquiryMessages::StaffId))
                .col(text(EnquiryMessages::Body))
                .col(timestamp_with_time_zone(EnquiryMessages::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(EnquiryMessages::Table, EnquiryMessages::EnquiryId)
                        .to(Enquiries::Table, Enquiries::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(EnquiryMessages::Table, EnquiryMessages::StaffId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_enquiry_messages_enquiry")
                .table(EnquiryMessages::Table)
                .col(EnquiryMessages::EnquiryId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(EnquiryMessages::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Enquiries::Table).to_owned()).await
    }
}
