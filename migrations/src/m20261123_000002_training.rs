//! The mentors' online training course: modules of lessons, a quiz per module with a pass
//! mark, and each mentor's progress (saved per lesson, so they can resume on any device).

use crate::course_content::Module;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum TrainingModules {
    Table,
    Id,
    /// Order in the course.
    Position,
    Title,
    Summary,
    /// Percentage of quiz questions that must be right to complete the module.
    PassMark,
    /// Staff can retire a module without losing anyone's history.
    Published,
}

#[derive(DeriveIden)]
pub enum TrainingLessons {
    Table,
    Id,
    ModuleId,
    Position,
    Title,
    /// Plain text: paragraphs separated by blank lines, "- " for list items. Never HTML, so
    /// staff edits cannot inject markup.
    Body,
    /// Optional link to a video (opened in a new tab; not embedded, so the CSP stays strict).
    VideoUrl,
    /// Rough reading time, so the course adds up to about 90 minutes.
    Minutes,
}

#[derive(DeriveIden)]
pub enum QuizQuestions {
    Table,
    Id,
    ModuleId,
    Position,
    Prompt,
    /// Answer options, one per line.
    Options,
    /// Index (from 0) of the right option.
    Correct,
    /// Shown after an attempt, so a wrong answer teaches something.
    Explanation,
}

#[derive(DeriveIden)]
enum LessonProgress {
    Table,
    Id,
    UserId,
    LessonId,
    CompletedAt,
}

#[derive(DeriveIden)]
enum QuizAttempts {
    Table,
    Id,
    UserId,
    ModuleId,
    /// Number right out of `Total` (kept, not just pass/fail, for staff progress views).
    Score,
    Total,
    Passed,
    AttemptedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TrainingModules::Table)
                .col(big_pk_auto(TrainingModules::Id))
                .col(integer(TrainingModules::Position))
                .col(string_len(TrainingModules::Title, 200))
                .col(text(TrainingModules::Summary))
                .col(integer(TrainingModules::PassMark))
                .col(boolean(TrainingModules::Published).default(true))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TrainingLessons::Table)
                .col(big_pk_auto(TrainingLessons::Id))
                .col(big_integer(TrainingLessons::ModuleId))
                .col(integer(TrainingLessons::Position))
                .col(string_len(TrainingLessons::Title, 200))
                .col(text(TrainingLessons::Body))
                .col(string_len_null(TrainingLessons::VideoUrl, 500))
                .col(integer(TrainingLessons::Minutes))
                .foreign_key(
                    ForeignKey::create()
                        .from(TrainingLessons::Table, TrainingLessons::ModuleId)
                        .to(TrainingModules::Table, TrainingModules::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_lessons_module")
                .table(TrainingLessons::Table)
                .col(TrainingLessons::ModuleId)
                .col(TrainingLessons::Position)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(QuizQuestions::Table)
                .col(big_pk_auto(QuizQuestions::Id))
                .col(big_integer(QuizQuestions::ModuleId))
                .col(integer(QuizQuestions::Position))
                .col(text(QuizQuestions::Prompt))
                .col(text(QuizQuestions::Options))
                .col(integer(QuizQuestions::Correct))
                .col(text(QuizQuestions::Explanation))
                .foreign_key(
                    ForeignKey::create()
                        .from(QuizQuestions::Table, QuizQuestions::ModuleId)
                        .to(TrainingModules::Table, TrainingModules::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LessonProgress::Table)
                .col(big_pk_auto(LessonProgress::Id))
                .col(big_integer(LessonProgress::UserId))
                .col(big_integer(LessonProgress::LessonId))
                .col(timestamp_with_time_zone(LessonProgress::CompletedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(LessonProgress::Table, LessonProgress::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(LessonProgress::Table, LessonProgress::LessonId)
                        .to(TrainingLessons::Table, TrainingLessons::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // One row per person and lesson: completing twice (two tabs, a retry) is harmless.
        m.create_index(
            Index::create()
                .name("uq_lesson_progress")
                .table(LessonProgress::Table)
                .col(LessonProgress::UserId)
                .col(LessonProgress::LessonId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(QuizAttempts::Table)
                .col(big_pk_auto(QuizAttempts::Id))
                .col(big_integer(QuizAttempts::UserId))
                .col(big_integer(QuizAttempts::ModuleId))
                .col(integer(QuizAttempts::Score))
                .col(integer(QuizAttempts::Total))
                .col(boolean(QuizAttempts::Passed))
                .col(timestamp_with_time_zone(QuizAttempts::AttemptedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(QuizAttempts::Table, QuizAttempts::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(QuizAttempts::Table, QuizAttempts::ModuleId)
                        .to(TrainingModules::Table, TrainingModules::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_quiz_attempts_user")
                .table(QuizAttempts::Table)
                .col(QuizAttempts::UserId)
                .col(QuizAttempts::ModuleId)
                .to_owned(),
        )
        .await?;
        insert_modules(m, crate::course_content::COURSE, None).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            QuizAttempts::Table.into_iden(),
            LessonProgress::Table.into_iden(),
            QuizQuestions::Table.into_iden(),
            TrainingLessons::Table.into_iden(),
            TrainingModules::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

/// Inserts `modules` in order, for `audience` (none: the mentor course, before the column
/// existed).
pub async fn insert_modules(m: &SchemaManager<'_>, modules: &[Module], audience: Option<&str>) -> Result<(), DbErr> {
    let db = m.get_connection();
    for (mi, module) in modules.iter().enumerate() {
        let position = mi as i32 + 1;
        db.execute(
            Query::insert()
                .into_table(TrainingModules::Table)
                .columns([
                    TrainingModules::Position,
                    TrainingModules::Title,
                    TrainingModules::Summary,
                    TrainingModules::PassMark,
                ])
                .values_panic([position.into(), module.title.into(), module.summary.into(), module.pass_mark.into()]),
        )
        .await?;
        // The module just inserted: the highest id with this title and position.
        let row = db
            .query_one(
                Query::select()
                    .column(TrainingModules::Id)
                    .from(TrainingModules::Table)
                    .and_where(Expr::col(TrainingModules::Position).eq(position))
                    .and_where(Expr::col(TrainingModules::Title).eq(module.title))
                    .order_by(TrainingModules::Id, Order::Desc)
                    .limit(1),
            )
            .await?
            .ok_or_else(|| DbErr::Custom("module just inserted is missing".into()))?;
        let module_id: i64 = row.try_get("", "id")?;
        if let Some(audience) = audience {
            db.execute(
                Query::update()
                    .table(TrainingModules::Table)
                    .value(Alias::new("audience"), audience)
                    .and_where(Expr::col(TrainingModules::Id).eq(module_id)),
            )
            .await?;
        }
        for (li, l) in module.lessons.iter().enumerate() {
            db.execute(
                Query::insert()
                    .into_table(TrainingLessons::Table)
                    .columns([
                        TrainingLessons::ModuleId,
                        TrainingLessons::Position,
                        TrainingLessons::Title,
                        TrainingLessons::Body,
                        TrainingLessons::VideoUrl,
                        TrainingLessons::Minutes,
                    ])
                    .values_panic([
                        module_id.into(),
                        (li as i32 + 1).into(),
                        l.title.into(),
                        l.body.into(),
                        l.video_url.map(str::to_owned).into(),
                        l.minutes.into(),
                    ]),
            )
            .await?;
        }
        for (qi, q) in module.quiz.iter().enumerate() {
            db.execute(
                Query::insert()
                    .into_table(QuizQuestions::Table)
                    .columns([
                        QuizQuestions::ModuleId,
                        QuizQuestions::Position,
                        QuizQuestions::Prompt,
                        QuizQuestions::Options,
                        QuizQuestions::Correct,
                        QuizQuestions::Explanation,
                    ])
                    .values_panic([
                        module_id.into(),
                        (qi as i32 + 1).into(),
                        q.prompt.into(),
                        q.options.join("\n").into(),
                        q.correct.into(),
                        q.explanation.into(),
                    ]),
            )
            .await?;
        }
    }
    Ok(())
}
