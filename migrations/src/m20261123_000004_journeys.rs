//! The rest of the participant journeys: workshops (mentor workshops and mentee inductions)
//! with bookings, waiting lists and feedback; certificates; mentor approval (DBS check,
//! references, decisions kept as history); young people's applications and evaluations.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Workshops {
    Table,
    Id,
    /// mentor_workshop or mentee_induction.
    Kind,
    Title,
    /// UK local time, as scheduled.
    StartsAt,
    Minutes,
    Online,
    /// Meeting link or venue address.
    Location,
    Capacity,
    /// Seats taken, kept in step with bookings by a conditional update so that concurrent
    /// bookings can never overbook.
    Booked,
    Cancelled,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum WorkshopBookings {
    Table,
    Id,
    WorkshopId,
    UserId,
    /// booked, waitlisted, cancelled, attended or absent.
    Status,
    /// When the person (last) joined: orders the waiting list.
    QueuedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum WorkshopFeedback {
    Table,
    Id,
    BookingId,
    WorkshopId,
    UserId,
    /// 1 poor .. 4 excellent.
    Rating,
    WouldRecommend,
    /// 0-10 likelihood to recommend the programme.
    Nps,
    Comment,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Certificates {
    Table,
    Id,
    UserId,
    /// The public verification code.
    Code,
    IssuedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MentorChecks {
    Table,
    Id,
    UserId,
    /// applied, approved, declined or ended.
    Status,
    DbsNumber,
    DbsIssueDate,
    DbsUpdateService,
    DbsRecheckDate,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MentorReferences {
    Table,
    Id,
    UserId,
    Referee,
    Relationship,
    Satisfactory,
    RecordedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum MentorDecisions {
    Table,
    Id,
    UserId,
    /// approve, decline or end.
    Decision,
    Reason,
    Note,
    StaffId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum YpApplications {
    Table,
    Id,
    UserId,
    Goals,
    Interests,
    Region,
    Format,
    Availability,
    Accessibility,
    SubmittedAt,
    /// Under-18s: when their institution's coordinator confirmed them.
    ConfirmedAt,
    ConfirmedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum Evaluations {
    Table,
    Id,
    UserId,
    /// pre or end.
    Kind,
    /// The instrument version the answers belong to.
    Version,
    StartedAt,
    CompletedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum EvaluationAnswers {
    Table,
    Id,
    EvaluationId,
    ItemKey,
    Value,
    AnsweredAt,
}

fn fk(from: impl IntoIden, col: impl IntoIden, to: impl IntoIden, to_col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from, col).to(to, to_col).on_delete(ForeignKeyAction::Cascade).to_owned()
}

fn user_fk(from: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    fk(from, col, Users::Table, Users::Id)
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
                .table(Workshops::Table)
                .col(big_pk_auto(Workshops::Id))
                .col(string_len(Workshops::Kind, 32))
                .col(string_len(Workshops::Title, 120))
                .col(date_time(Workshops::StartsAt))
                .col(integer(Workshops::Minutes))
                .col(boolean(Workshops::Online))
                .col(string_len(Workshops::Location, 300))
                .col(integer(Workshops::Capacity))
                .col(integer(Workshops::Booked).default(0))
                .col(boolean(Workshops::Cancelled).default(false))
                .col(big_integer_null(Workshops::CreatedBy))
                .col(timestamp_with_time_zone(Workshops::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_workshops_kind_start",
            Workshops::Table,
            vec![Workshops::Kind, Workshops::StartsAt],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(WorkshopBookings::Table)
                .col(big_pk_auto(WorkshopBookings::Id))
                .col(big_integer(WorkshopBookings::WorkshopId))
                .col(big_integer(WorkshopBookings::UserId))
                .col(string_len(WorkshopBookings::Status, 16))
                .col(timestamp_with_time_zone(WorkshopBookings::QueuedAt))
                .col(timestamp_with_time_zone(WorkshopBookings::UpdatedAt))
                .foreign_key(&mut fk(
                    WorkshopBookings::Table,
                    WorkshopBookings::WorkshopId,
                    Workshops::Table,
                    Workshops::Id,
                ))
                .foreign_key(&mut user_fk(WorkshopBookings::Table, WorkshopBookings::UserId))
                .to_owned(),
        )
        .await?;
        // One row per person per workshop: booking twice (two tabs, a retry) cannot take two seats.
        m.create_index(index(
            "uq_bookings_workshop_user",
            WorkshopBookings::Table,
            vec![WorkshopBookings::WorkshopId, WorkshopBookings::UserId],
            true,
        ))
        .await?;
        m.create_index(index(
            "idx_bookings_workshop_status",
            WorkshopBookings::Table,
            vec![WorkshopBookings::WorkshopId, WorkshopBookings::Status, WorkshopBookings::QueuedAt],
            false,
        ))
        .await?;
        m.create_index(index("idx_bookings_user", WorkshopBookings::Table, vec![WorkshopBookings::UserId], false))
            .await?;
        m.create_table(
            Table::create()
                .table(WorkshopFeedback::Table)
                .col(big_pk_auto(WorkshopFeedback::Id))
                .col(big_integer_uniq(WorkshopFeedback::BookingId))
                .col(big_integer(WorkshopFeedback::WorkshopId))
                .col(big_integer(WorkshopFeedback::UserId))
                .col(integer(WorkshopFeedback::Rating))
                .col(boolean(WorkshopFeedback::WouldRecommend))
                .col(integer(WorkshopFeedback::Nps))
                .col(text(WorkshopFeedback::Comment).default(""))
                .col(timestamp_with_time_zone(WorkshopFeedback::CreatedAt))
                .foreign_key(&mut fk(
                    WorkshopFeedback::Table,
                    WorkshopFeedback::BookingId,
                    WorkshopBookings::Table,
                    WorkshopBookings::Id,
                ))
                .foreign_key(&mut fk(
                    WorkshopFeedback::Table,
                    WorkshopFeedback::WorkshopId,
                    Workshops::Table,
                    Workshops::Id,
                ))
                .foreign_key(&mut user_fk(WorkshopFeedback::Table, WorkshopFeedback::UserId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Certificates::Table)
                .col(big_pk_auto(Certificates::Id))
                .col(big_integer_uniq(Certificates::UserId))
                .col(string_len_uniq(Certificates::Code, 32))
                .col(timestamp_with_time_zone(Certificates::IssuedAt))
                .foreign_key(&mut user_fk(Certificates::Table, Certificates::UserId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MentorChecks::Table)
                .col(big_pk_auto(MentorChecks::Id))
                .col(big_integer_uniq(MentorChecks::UserId))
                .col(string_len(MentorChecks::Status, 16).default("applied"))
                .col(string_len_null(MentorChecks::DbsNumber, 12))
                .col(date_null(MentorChecks::DbsIssueDate))
                .col(boolean(MentorChecks::DbsUpdateService).default(false))
                .col(date_null(MentorChecks::DbsRecheckDate))
                .col(timestamp_with_time_zone(MentorChecks::UpdatedAt))
                .foreign_key(&mut user_fk(MentorChecks::Table, MentorChecks::UserId))
                .to_owned(),
        )
        .await?;
        // Staff queues filter by status and page by id.
        m.create_index(index(
            "idx_mentor_checks_status",
            MentorChecks::Table,
            vec![MentorChecks::Status, MentorChecks::UserId],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(MentorReferences::Table)
                .col(big_pk_auto(MentorReferences::Id))
                .col(big_integer(MentorReferences::UserId))
                .col(string_len(MentorReferences::Referee, 100))
                .col(string_len(MentorReferences::Relationship, 100))
                .col(boolean(MentorReferences::Satisfactory))
                .col(big_integer_null(MentorReferences::RecordedBy))
                .col(timestamp_with_time_zone(MentorReferences::CreatedAt))
                .foreign_key(&mut user_fk(MentorReferences::Table, MentorReferences::UserId))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_references_user", MentorReferences::Table, vec![MentorReferences::UserId], false))
            .await?;
        m.create_table(
            Table::create()
                .table(MentorDecisions::Table)
                .col(big_pk_auto(MentorDecisions::Id))
                .col(big_integer(MentorDecisions::UserId))
                .col(string_len(MentorDecisions::Decision, 16))
                .col(string_len_null(MentorDecisions::Reason, 40))
                .col(text(MentorDecisions::Note).default(""))
                .col(big_integer_null(MentorDecisions::StaffId))
                .col(timestamp_with_time_zone(MentorDecisions::CreatedAt))
                .foreign_key(&mut user_fk(MentorDecisions::Table, MentorDecisions::UserId))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_decisions_user", MentorDecisions::Table, vec![MentorDecisions::UserId], false))
            .await?;
        m.create_table(
            Table::create()
                .table(YpApplications::Table)
                .col(big_pk_auto(YpApplications::Id))
                .col(big_integer_uniq(YpApplications::UserId))
                .col(text(YpApplications::Goals))
                .col(text(YpApplications::Interests))
                .col(string_len(YpApplications::Region, 100))
                .col(string_len(YpApplications::Format, 16))
                .col(text(YpApplications::Availability))
                .col(text(YpApplications::Accessibility).default(""))
                .col(timestamp_with_time_zone(YpApplications::SubmittedAt))
                .col(timestamp_with_time_zone_null(YpApplications::ConfirmedAt))
                .col(big_integer_null(YpApplications::ConfirmedBy))
                .foreign_key(&mut user_fk(YpApplications::Table, YpApplications::UserId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Evaluations::Table)
                .col(big_pk_auto(Evaluations::Id))
                .col(big_integer(Evaluations::UserId))
                .col(string_len(Evaluations::Kind, 8))
                .col(string_len(Evaluations::Version, 32))
                .col(timestamp_with_time_zone(Evaluations::StartedAt))
                .col(timestamp_with_time_zone_null(Evaluations::CompletedAt))
                .foreign_key(&mut user_fk(Evaluations::Table, Evaluations::UserId))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "uq_evaluations_user_kind",
            Evaluations::Table,
            vec![Evaluations::UserId, Evaluations::Kind],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(EvaluationAnswers::Table)
                .col(big_pk_auto(EvaluationAnswers::Id))
                .col(big_integer(EvaluationAnswers::EvaluationId))
                .col(string_len(EvaluationAnswers::ItemKey, 40))
                .col(integer(EvaluationAnswers::Value))
                .col(timestamp_with_time_zone(EvaluationAnswers::AnsweredAt))
                .foreign_key(&mut fk(
                    EvaluationAnswers::Table,
                    EvaluationAnswers::EvaluationId,
                    Evaluations::Table,
                    Evaluations::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "uq_evaluation_answers_item",
            EvaluationAnswers::Table,
            vec![EvaluationAnswers::EvaluationId, EvaluationAnswers::ItemKey],
            true,
        ))
        .await?;
        // Mentors who signed up before approval existed are applicants awaiting a decision.
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO mentor_checks (user_id, status, dbs_update_service, updated_at) \
                 SELECT id, 'applied', false, created_at FROM users WHERE role = 'mentor'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            EvaluationAnswers::Table.into_iden(),
            Evaluations::Table.into_iden(),
            YpApplications::Table.into_iden(),
            MentorDecisions::Table.into_iden(),
            MentorReferences::Table.into_iden(),
            MentorChecks::Table.into_iden(),
            Certificates::Table.into_iden(),
            WorkshopFeedback::Table.into_iden(),
            WorkshopBookings::Table.into_iden(),
            Workshops::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
