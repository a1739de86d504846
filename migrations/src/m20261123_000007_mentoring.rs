//! Active mentoring: session logs (either side logs, the other confirms), the pair's goals,
//! monthly check-ins, messages (every one kept, with where it is in moderation and relay),
//! consent to share contact details, the gifts register, exit surveys and the timeline.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Matches {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum MentoringSessions {
    Table,
    Id,
    MatchId,
    HeldOn,
    Minutes,
    /// online or in_person.
    Mode,
    /// The meeting link (online) or the venue (in person; an under-18's partner's premises).
    Place,
    Discussed,
    Progress,
    LoggedBy,
    LoggedAt,
    /// The other side of the pair, once they confirm it happened.
    ConfirmedBy,
    ConfirmedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchGoals {
    Table,
    Id,
    MatchId,
    Goal,
    /// 1-5, set as the pair reviews progress; re-rated at the end.
    Progress,
    Note,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Checkins {
    Table,
    Id,
    MatchId,
    UserId,
    /// YYYY-MM: one pulse per person per month.
    Month,
    Pulse,
    Flag,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Messages {
    Table,
    Id,
    MatchId,
    SenderId,
    RecipientId,
    Body,
    /// held, awaiting_coordinator, delivered or not_delivered. Messages are never deleted.
    Status,
    /// Why the filter held it (comma-separated codes), empty when it did not.
    HoldReasons,
    CreatedAt,
    /// Staff who reviewed a held message, and when.
    ReviewedBy,
    ReviewedAt,
    /// The coordinator who relayed (or stopped) an under-18's message, and when.
    RelayedBy,
    RelayedAt,
    DeliveredAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ContactConsents {
    Table,
    Id,
    MatchId,
    UserId,
    /// Consent to share contact details with the other side; withdrawn sets it false.
    Granted,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Gifts {
    Table,
    Id,
    MentorId,
    MatchId,
    /// given or received.
    Direction,
    What,
    ValuePence,
    GivenOn,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ExitSurveys {
    Table,
    Id,
    MatchId,
    UserId,
    Rating,
    /// 0-10: how likely to recommend Tandem (programme NPS).
    Nps,
    Comment,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MatchEvents {
    Table,
    Id,
    MatchId,
    ActorId,
    At,
    /// What happened, in words, for the match timeline.
    Text,
}

#[derive(DeriveIden, Clone, Copy)]
enum MentorChecks {
    Table,
    /// After a match closes the mentor rests until they say they want a new match.
    Paused,
}

fn fk(from: impl IntoIden, col: impl IntoIden, to: impl IntoIden, to_col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from, col).to(to, to_col).on_delete(ForeignKeyAction::Cascade).to_owned()
}

fn index<T: IntoIden + Clone>(name: &str, table: T, cols: Vec<T>, unique: bool) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(c);
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MentoringSessions::Table)
                .col(big_pk_auto(MentoringSessions::Id))
                .col(big_integer(MentoringSessions::MatchId))
                .col(date(MentoringSessions::HeldOn))
                .col(integer(MentoringSessions::Minutes))
                .col(string_len(MentoringSessions::Mode, 16))
                .col(string_len(MentoringSessions::Place, 300))
                .col(text(MentoringSessions::Discussed))
                .col(text(MentoringSessions::Progress).default(""))
                .col(big_integer(MentoringSessions::LoggedBy))
                .col(timestamp_with_time_zone(MentoringSessions::LoggedAt))
                .col(big_integer_null(MentoringSessions::ConfirmedBy))
                .col(timestamp_with_time_zone_null(MentoringSessions::ConfirmedAt))
                .foreign_key(&mut fk(MentoringSessions::Table, MentoringSessions::MatchId, Matches::Table, Matches::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_sessions_match",
            MentoringSessions::Table,
            vec![MentoringSessions::MatchId, MentoringSessions::HeldOn],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(MatchGoals::Table)
                .col(big_pk_auto(MatchGoals::Id))
                .col(big_integer(MatchGoals::MatchId))
                .col(string_len(MatchGoals::Goal, 200))
                .col(integer_null(MatchGoals::Progress))
                .col(text(MatchGoals::Note).default(""))
                .col(timestamp_with_time_zone(MatchGoals::UpdatedAt))
                .foreign_key(&mut fk(MatchGoals::Table, MatchGoals::MatchId, Matches::Table, Matches::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_goals_match", MatchGoals::Table, vec![MatchGoals::MatchId], false)).await?;
        m.create_table(
            Table::create()
                .table(Checkins::Table)
                .col(big_pk_auto(Checkins::Id))
                .col(big_integer(Checkins::MatchId))
                .col(big_integer(Checkins::UserId))
                .col(string_len(Checkins::Month, 7))
                .col(integer(Checkins::Pulse))
                .col(text(Checkins::Flag).default(""))
                .col(timestamp_with_time_zone(Checkins::CreatedAt))
                .foreign_key(&mut fk(Checkins::Table, Checkins::MatchId, Matches::Table, Matches::Id))
                .foreign_key(&mut fk(Checkins::Table, Checkins::UserId, Users::Table, Users::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_checkins_month",
            Checkins::Table,
            vec![Checkins::MatchId, Checkins::UserId, Checkins::Month],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Messages::Table)
                .col(big_pk_auto(Messages::Id))
                .col(big_integer(Messages::MatchId))
                .col(big_integer(Messages::SenderId))
                .col(big_integer(Messages::RecipientId))
                .col(text(Messages::Body))
                .col(string_len(Messages::Status, 24))
                .col(string_len(Messages::HoldReasons, 100).default(""))
                .col(timestamp_with_time_zone(Messages::CreatedAt))
                .col(big_integer_null(Messages::ReviewedBy))
                .col(timestamp_with_time_zone_null(Messages::ReviewedAt))
                .col(big_integer_null(Messages::RelayedBy))
                .col(timestamp_with_time_zone_null(Messages::RelayedAt))
                .col(timestamp_with_time_zone_null(Messages::DeliveredAt))
                .foreign_key(&mut fk(Messages::Table, Messages::MatchId, Matches::Table, Matches::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_messages_match", Messages::Table, vec![Messages::MatchId, Messages::Id], false))
            .await?;
        m.create_index(index("idx_messages_status", Messages::Table, vec![Messages::Status, Messages::Id], false))
            .await?;
        m.create_table(
            Table::create()
                .table(ContactConsents::Table)
                .col(big_pk_auto(ContactConsents::Id))
                .col(big_integer(ContactConsents::MatchId))
                .col(big_integer(ContactConsents::UserId))
                .col(boolean(ContactConsents::Granted))
                .col(timestamp_with_time_zone(ContactConsents::UpdatedAt))
                .foreign_key(&mut fk(ContactConsents::Table, ContactConsents::MatchId, Matches::Table, Matches::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_consents_pair",
            ContactConsents::Table,
            vec![ContactConsents::MatchId, ContactConsents::UserId],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Gifts::Table)
                .col(big_pk_auto(Gifts::Id))
                .col(big_integer(Gifts::MentorId))
                .col(big_integer_null(Gifts::MatchId))
                .col(string_len(Gifts::Direction, 16))
                .col(string_len(Gifts::What, 200))
                .col(big_integer(Gifts::ValuePence))
                .col(date(Gifts::GivenOn))
                .col(timestamp_with_time_zone(Gifts::CreatedAt))
                .foreign_key(&mut fk(Gifts::Table, Gifts::MentorId, Users::Table, Users::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_gifts_id", Gifts::Table, vec![Gifts::GivenOn, Gifts::Id], false)).await?;
        m.create_table(
            Table::create()
                .table(ExitSurveys::Table)
                .col(big_pk_auto(ExitSurveys::Id))
                .col(big_integer(ExitSurveys::MatchId))
                .col(big_integer(ExitSurveys::UserId))
                .col(integer(ExitSurveys::Rating))
                .col(integer(ExitSurveys::Nps))
                .col(text(ExitSurveys::Comment).default(""))
                .col(timestamp_with_time_zone(ExitSurveys::CreatedAt))
                .foreign_key(&mut fk(ExitSurveys::Table, ExitSurveys::MatchId, Matches::Table, Matches::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_exit_surveys_pair",
            ExitSurveys::Table,
            vec![ExitSurveys::MatchId, ExitSurveys::UserId],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(MatchEvents::Table)
                .col(big_pk_auto(MatchEvents::Id))
                .col(big_integer(MatchEvents::MatchId))
                .col(big_integer_null(MatchEvents::ActorId))
                .col(timestamp_with_time_zone(MatchEvents::At))
                .col(text(MatchEvents::Text))
                .foreign_key(&mut fk(MatchEvents::Table, MatchEvents::MatchId, Matches::Table, Matches::Id))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_events_match",
            MatchEvents::Table,
            vec![MatchEvents::MatchId, MatchEvents::Id],
            false,
        ))
        .await?;
        m.alter_table(
            Table::alter()
                .table(MentorChecks::Table)
                .add_column(boolean(MentorChecks::Paused).default(false))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(MentorChecks::Table).drop_column(MentorChecks::Paused).to_owned()).await?;
        for t in [
            MatchEvents::Table.into_iden(),
            ExitSurveys::Table.into_iden(),
            Gifts::Table.into_iden(),
            ContactConsents::Table.into_iden(),
            Messages::Table.into_iden(),
            Checkins::Table.into_iden(),
            MatchGoals::Table.into_iden(),
            MentoringSessions::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
