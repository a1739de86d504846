//! The resource library (guides and skill-builders staff publish, with each reader's
//! completed skill-builders) and the opt-in mentor network directory (two columns on the
//! mentor profile). Both are paged by keyset on the id, served by the indexes below.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Resources {
    Table,
    Id,
    Title,
    Summary,
    Body,
    Link,
    /// One of the library's topics.
    Topic,
    /// guide or skill_builder.
    Kind,
    /// mentors, young_people or everyone.
    Audience,
    Minutes,
    PublishedBy,
    PublishedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ResourceCompletions {
    Table,
    UserId,
    ResourceId,
    CompletedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MentorProfiles {
    Table,
    UserId,
    /// The mentor chose to appear in the mentor network directory.
    InDirectory,
    /// What they would like to share with other mentors.
    NetworkNote,
}

#[derive(DeriveIden, Clone, Copy)]
enum YpApplications {
    Table,
    SubmittedAt,
    UserId,
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
                .table(Resources::Table)
                .col(big_pk_auto(Resources::Id))
                .col(string_len(Resources::Title, 120))
                .col(string_len(Resources::Summary, 400))
                .col(text(Resources::Body))
                .col(string_len_null(Resources::Link, 400))
                .col(string_len(Resources::Topic, 40))
                .col(string_len(Resources::Kind, 20))
                .col(string_len(Resources::Audience, 20))
                .col(integer(Resources::Minutes))
                .col(big_integer_null(Resources::PublishedBy))
                .col(timestamp_with_time_zone(Resources::PublishedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Resources::Table, Resources::PublishedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_resources_audience")
                .table(Resources::Table)
                .col(Resources::Audience)
                .col(Resources::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_resources_topic")
                .table(Resources::Table)
                .col(Resources::Topic)
                .col(Resources::Audience)
                .col(Resources::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ResourceCompletions::Table)
                .col(big_integer(ResourceCompletions::UserId))
                .col(big_integer(ResourceCompletions::ResourceId))
                .col(timestamp_with_time_zone(ResourceCompletions::CompletedAt))
                .primary_key(Index::create().col(ResourceCompletions::UserId).col(ResourceCompletions::ResourceId))
                .foreign_key(
                    ForeignKey::create()
                        .from(ResourceCompletions::Table, ResourceCompletions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ResourceCompletions::Table, ResourceCompletions::ResourceId)
                        .to(Resources::Table, Resources::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(MentorProfiles::Table)
                .add_column(boolean(MentorProfiles::InDirectory).default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(MentorProfiles::Table)
                .add_column(string_len(MentorProfiles::NetworkNote, 300).default(""))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_mentor_profiles_directory")
                .table(MentorProfiles::Table)
                .col(MentorProfiles::InDirectory)
                .col(MentorProfiles::UserId)
                .to_owned(),
        )
        .await?;
        // The waiting pool's page: longest wait first, keyset on (application time, id).
        m.create_index(
            Index::create()
                .name("idx_applications_submitted")
                .table(YpApplications::Table)
                .col(YpApplications::SubmittedAt)
                .col(YpApplications::UserId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_applications_submitted").table(YpApplications::Table).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_mentor_profiles_directory").table(MentorProfiles::Table).to_owned())
            .await?;
        m.alter_table(Table::alter().table(MentorProfiles::Table).drop_column(MentorProfiles::NetworkNote).to_owned())
            .await?;
        m.alter_table(Table::alter().table(MentorProfiles::Table).drop_column(MentorProfiles::InDirectory).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ResourceCompletions::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Resources::Table).to_owned()).await
    }
}
