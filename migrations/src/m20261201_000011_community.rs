//! The mentor community: bulletin posts staff publish to mentors, young people or everyone.
//! Readers page through them newest first (keyset on the id).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum BulletinPosts {
    Table,
    Id,
    Title,
    Body,
    /// mentors, young_people or everyone.
    Audience,
    PublishedBy,
    PublishedAt,
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
                .table(BulletinPosts::Table)
                .col(big_pk_auto(BulletinPosts::Id))
                .col(string_len(BulletinPosts::Title, 120))
                .col(text(BulletinPosts::Body))
                .col(string_len(BulletinPosts::Audience, 20))
                .col(big_integer_null(BulletinPosts::PublishedBy))
                .col(timestamp_with_time_zone(BulletinPosts::PublishedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(BulletinPosts::Table, BulletinPosts::PublishedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_bulletin_audience")
                .table(BulletinPosts::Table)
                .col(BulletinPosts::Audience)
                .col(BulletinPosts::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(BulletinPosts::Table).to_owned()).await
    }
}
