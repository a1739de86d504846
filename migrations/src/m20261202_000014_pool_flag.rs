//! The waiting pool's own index. At national scale most of the oldest applications are
//! already matched, so a page of the pool in application order had to test the pool's rule
//! row by row past them. `placed` is true while a match keeps the young person out of the
//! pool (an active match, or mentoring ended for good: closed for any reason but a rematch);
//! the match, rematch and close paths keep it (`services::matching::sync_placed`), and the
//! pool's full rule is still checked after it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum YpApplications {
    Table,
    Placed,
    SubmittedAt,
    UserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(YpApplications::Table)
                .add_column(boolean(YpApplications::Placed).default(false))
                .to_owned(),
        )
        .await?;
        // Existing programmes: the flag from the matches already there ('active', 'closed'
        // and 'rematch' are `services::matching`'s MATCHED, CLOSED and REMATCH).
        m.get_connection()
            .execute_unprepared(
                "UPDATE yp_applications SET placed = EXISTS (SELECT 1 FROM matches m \
                 WHERE m.young_person_id = yp_applications.user_id AND (m.status = 'active' \
                 OR (m.status = 'closed' AND (m.closed_reason IS NULL OR m.closed_reason <> 'rematch'))))",
            )
            .await?;
        m.create_index(
            Index::create()
                .name("idx_applications_pool")
                .table(YpApplications::Table)
                .col(YpApplications::Placed)
                .col(YpApplications::SubmittedAt)
                .col(YpApplications::UserId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_applications_pool").table(YpApplications::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(YpApplications::Table).drop_column(YpApplications::Placed).to_owned()).await
    }
}
