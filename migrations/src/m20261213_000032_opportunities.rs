//! The opportunities board: work experience, insight days, internships, apprenticeships and
//! events that employer partners and staff post (a partner's posts wait for staff approval),
//! and what each young person did with one (saved it, said they were interested, took it up,
//! was recommended it by their mentor). A partner may offer opportunities to under-18s only
//! once staff have approved it for that.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Opportunities {
    Table,
    Id,
    Title,
    /// work_experience, insight_day, internship, apprenticeship or event.
    Kind,
    Description,
    /// The employer partner it is from (none: the programme's own).
    PartnerId,
    /// Who posted it.
    PostedBy,
    /// One of the UK regions the profile offers (none: online only).
    Region,
    Online,
    MinAge,
    MaxAge,
    ClosesOn,
    /// Where to apply (https); without one, young people say "I'm interested".
    Link,
    /// The young people's goals it suits, comma-separated (`domain::applications::GOALS`).
    Goals,
    /// pending, published, declined or withdrawn.
    Status,
    DeclineReason,
    DecidedBy,
    DecidedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OpportunityResponses {
    Table,
    OpportunityId,
    /// The young person.
    UserId,
    Saved,
    InterestedAt,
    /// An adult agreed that the poster sees their name and email address.
    ShareContact,
    /// An under-18's interest, which goes to their Mentoring Coordinator, never the poster.
    ViaCoordinator,
    TakenUpAt,
    /// Their mentor recommended it, with an optional note.
    RecommendedBy,
    RecommendedAt,
    RecommendNote,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PartnerOrganisations {
    Table,
    Id,
    /// Staff approved the partner to offer opportunities to under-18s.
    #[sea_orm(iden = "under_18_opportunities")]
    Under18Opportunities,
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
                .add_column(boolean(PartnerOrganisations::Under18Opportunities).default(false))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Opportunities::Table)
                .col(big_pk_auto(Opportunities::Id))
                .col(string_len(Opportunities::Title, 120))
                .col(string_len(Opportunities::Kind, 30))
                .col(text(Opportunities::Description))
                .col(big_integer_null(Opportunities::PartnerId))
                .col(big_integer_null(Opportunities::PostedBy))
                .col(string_len_null(Opportunities::Region, 40))
                .col(boolean(Opportunities::Online))
                .col(integer(Opportunities::MinAge))
                .col(integer(Opportunities::MaxAge))
                .col(date(Opportunities::ClosesOn))
                .col(string_len_null(Opportunities::Link, 500))
                .col(text(Opportunities::Goals))
                .col(string_len(Opportunities::Status, 20))
                .col(text_null(Opportunities::DeclineReason))
                .col(big_integer_null(Opportunities::DecidedBy))
                .col(timestamp_with_time_zone_null(Opportunities::DecidedAt))
                .col(timestamp_with_time_zone(Opportunities::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Opportunities::Table, Opportunities::PartnerId)
                        .to(PartnerOrganisations::Table, PartnerOrganisations::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Opportunities::Table, Opportunities::PostedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_opportunities_status_closes")
                .table(Opportunities::Table)
                .col(Opportunities::Status)
                .col(Opportunities::ClosesOn)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OpportunityResponses::Table)
                .col(big_integer(OpportunityResponses::OpportunityId))
                .col(big_integer(OpportunityResponses::UserId))
                .col(boolean(OpportunityResponses::Saved))
                .col(timestamp_with_time_zone_null(OpportunityResponses::InterestedAt))
                .col(boolean(OpportunityResponses::ShareContact))
                .col(boolean(OpportunityResponses::ViaCoordinator))
                .col(timestamp_with_time_zone_null(OpportunityResponses::TakenUpAt))
                .col(big_integer_null(OpportunityResponses::RecommendedBy))
                .col(timestamp_with_time_zone_null(OpportunityResponses::RecommendedAt))
                .col(text_null(OpportunityResponses::RecommendNote))
                .col(timestamp_with_time_zone(OpportunityResponses::UpdatedAt))
                .primary_key(Index::create().col(OpportunityResponses::OpportunityId).col(OpportunityResponses::UserId))
                .foreign_key(
                    ForeignKey::create()
                        .from(OpportunityResponses::Table, OpportunityResponses::OpportunityId)
                        .to(Opportunities::Table, Opportunities::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(OpportunityResponses::Table, OpportunityResponses::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_opportunity_responses_user")
                .table(OpportunityResponses::Table)
                .col(OpportunityResponses::UserId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(OpportunityResponses::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Opportunities::Table).to_owned()).await?;
        m.alter_table(
            Table::alter()
                .table(PartnerOrganisations::Table)
                .drop_column(PartnerOrganisations::Under18Opportunities)
                .to_owned(),
        )
        .await
    }
}
