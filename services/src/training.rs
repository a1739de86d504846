//! The online training course: progress saved per lesson, quizzes marked on the server.

use crate::ServiceError;
use crate::entities::{lesson_progress, quiz_attempt, quiz_question, training_lesson, training_module, user};
use crate::error::insert_if_absent;
use crate::notifications::Notice;
use chrono::{DateTime, Utc};
use domain::training::{self as rules, Audience, view};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashSet;

async fn published_modules(
    db: &impl ConnectionTrait,
    audience: Audience,
) -> Result<Vec<training_module::Model>, ServiceError> {
    Ok(training_module::Entity::find()
        .filter(training_module::Column::Published.eq(true))
        .filter(training_module::Column::Audience.eq(audience.as_str()))
        .order_by_asc(training_module::Column::Position)
        .all(db)
        .await?)
}

/// The course a person takes, from their role.
async fn audience_of(db: &impl ConnectionTrait, user_id: i64) -> Result<Audience, ServiceError> {
    let u = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    Ok(Audience::of(domain::Role::parse(&u.role).unwrap_or(domain::Role::Mentor)))
}

/// How many lessons the published mentor course has.
pub async fn published_lesson_count(db: &impl ConnectionTrait) -> Result<usize, ServiceError> {
    use sea_orm::PaginatorTrait;
    let modules: Vec<i64> = published_modules(db, Audience::Mentors).await?.into_iter().map(|m| m.id).collect();
    Ok(training_lesson::Entity::find().filter(training_lesson::Column::ModuleId.is_in(modules)).count(db).await?
        as usize)
}

async fn lessons_of(db: &impl ConnectionTrait, module_id: i64) -> Result<Vec<training_lesson::Model>, ServiceError> {
    Ok(training_lesson::Entity::find()
        .filter(training_lesson::Column::ModuleId.eq(module_id))
        .order_by_asc(training_lesson::Column::Position)
        .all(db)
        .await?)
}

async fn done_lessons(db: &impl ConnectionTrait, user_id: i64) -> Result<HashSet<i64>, ServiceError> {
    Ok(lesson_progress::Entity::find()
        .filter(lesson_progress::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.lesson_id)
        .collect())
}

/// The whole course with this person's progress: the mentor course for a mentor, the young
/// people's course for a young person.
pub async fn course(db: &impl ConnectionTrait, user_id: i64) -> Result<view::Course, ServiceError> {
    let audience = audience_of(db, user_id).await?;
    let modules = published_modules(db, audience).await?;
    let all_lessons = training_lesson::Entity::find().order_by_asc(training_lesson::Column::Position).all(db).await?;
    let done = done_lessons(db, user_id).await?;
    let attempts = quiz_attempt::Entity::find().filter(quiz_attempt::Column::UserId.eq(user_id)).all(db).await?;
    let mut out = Vec::new();
    let mut next = None;
    for m in modules {
        let lessons: Vec<view::LessonRef> = all_lessons
            .iter()
            .filter(|l| l.module_id == m.id)
            .map(|l| view::LessonRef {
                id: l.id,
                title: l.title.clone(),
                minutes: l.minutes,
                done: done.contains(&l.id),
            })
            .collect();
        let mine: Vec<&quiz_attempt::Model> = attempts.iter().filter(|a| a.module_id == m.id).collect();
        let quiz_passed = mine.iter().any(|a| a.passed);
        let best = mine.iter().max_by_key(|a| (a.score * 1000) / a.total.max(1)).map(|a| (a.score, a.total));
        let lessons_done = lessons.iter().filter(|l| l.done).count();
        let complete = rules::module_complete(lessons_done, lessons.len(), quiz_passed);
        if next.is_none() && !complete {
            next = Some(match lessons.iter().find(|l| !l.done) {
                Some(l) => view::Step::Lesson(l.id),
                None => view::Step::Quiz(m.id),
            });
        }
        out.push(view::ModuleStatus {
            id: m.id,
            title: m.title,
            summary: m.summary,
            pass_mark: m.pass_mark,
            quiz_unlocked: lessons_done == lessons.len(),
            lessons,
            quiz_passed,
            best,
            complete,
        });
    }
    let lessons_total = out.iter().map(|m| m.lessons.len()).sum();
    let lessons_done = out.iter().map(|m| m.lessons.iter().filter(|l| l.done).count()).sum();
    let modules_done = out.iter().filter(|m| m.complete).count();
    Ok(view::Course {
        audience,
        total_minutes: out.iter().flat_map(|m| m.lessons.iter().map(|l| l.minutes)).sum(),
        complete: !out.is_empty() && modules_done == out.len(),
        modules: out,
        lessons_done,
        lessons_total,
        modules_done,
        next,
    })
}

/// Whether the person has completed every published module of their course.
pub async fn is_complete(db: &impl ConnectionTrait, user_id: i64) -> Result<bool, ServiceError> {
    Ok(course(db, user_id).await?.complete)
}

/// One lesson to read, with where to go after it.
pub async fn lesson(db: &impl ConnectionTrait, user_id: i64, lesson_id: i64) -> Result<view::Lesson, ServiceError> {
    let l = training_lesson::Entity::find_by_id(lesson_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    let audience = audience_of(db, user_id).await?;
    // A lesson of the other course is not theirs to read.
    let m = training_module::Entity::find_by_id(l.module_id)
        .one(db)
        .await?
        .filter(|m| m.published && m.audience == audience.as_str())
        .ok_or(ServiceError::NotFound)?;
    let siblings = lessons_of(db, m.id).await?;
    let index = siblings.iter().position(|s| s.id == l.id).unwrap_or(0);
    let next = match siblings.get(index + 1) {
        Some(n) => view::Step::Lesson(n.id),
        None => view::Step::Quiz(m.id),
    };
    let done = done_lessons(db, user_id).await?.contains(&l.id);
    Ok(view::Lesson {
        id: l.id,
        module_id: m.id,
        module_title: m.title,
        position: index + 1,
        lessons_in_module: siblings.len(),
        title: l.title,
        body: l.body,
        video_url: l.video_url,
        image: l.image_path.zip(l.image_alt),
        minutes: l.minutes,
        done,
        next,
    })
}

/// Records a lesson as done (idempotent: a second completion changes nothing).
pub async fn complete_lesson(
    db: &impl ConnectionTrait,
    user_id: i64,
    lesson_id: i64,
    now: DateTime<Utc>,
) -> Result<view::Step, ServiceError> {
    let l = lesson(db, user_id, lesson_id).await?;
    if !l.done {
        let row = lesson_progress::ActiveModel {
            user_id: Set(user_id),
            lesson_id: Set(lesson_id),
            completed_at: Set(now),
            ..Default::default()
        };
        // Another tab got there first: the lesson is done either way.
        insert_if_absent(db, row).await?;
    }
    Ok(l.next)
}

async fn questions(db: &impl ConnectionTrait, module_id: i64) -> Result<Vec<quiz_question::Model>, ServiceError> {
    Ok(quiz_question::Entity::find()
        .filter(quiz_question::Column::ModuleId.eq(module_id))
        .order_by_asc(quiz_question::Column::Position)
        .all(db)
        .await?)
}

/// The mentor's status on a module whose quiz they may take (its lessons are all done).
async fn unlocked_module(
    db: &impl ConnectionTrait,
    user_id: i64,
    module_id: i64,
) -> Result<view::ModuleStatus, ServiceError> {
    let status =
        course(db, user_id).await?.modules.into_iter().find(|m| m.id == module_id).ok_or(ServiceError::NotFound)?;
    if !status.quiz_unlocked {
        return Err(ServiceError::field("quiz", "Finish the lessons of this module before its quiz"));
    }
    Ok(status)
}

/// The quiz of a module, without answers; only once its lessons are done.
pub async fn quiz(db: &impl ConnectionTrait, user_id: i64, module_id: i64) -> Result<view::Quiz, ServiceError> {
    let status = unlocked_module(db, user_id, module_id).await?;
    Ok(view::Quiz {
        module_id,
        module_title: status.title,
        pass_mark: status.pass_mark,
        already_passed: status.quiz_passed,
        questions: questions(db, module_id)
            .await?
            .into_iter()
            .map(|q| view::QuizQuestion {
                id: q.id,
                prompt: q.prompt,
                options: q.options.lines().map(str::to_owned).collect(),
            })
            .collect(),
    })
}

/// Marks an attempt. `answers` pairs question ids with the chosen option's index. Callers
/// outside the crate take this step through [`crate::milestones::submit_quiz`], which issues
/// the certificate when it completes a mentor's path.
pub(crate) async fn submit_quiz(
    db: &impl ConnectionTrait,
    user_id: i64,
    module_id: i64,
    answers: &[(i64, i32)],
    now: DateTime<Utc>,
) -> Result<view::QuizResult, ServiceError> {
    let status = unlocked_module(db, user_id, module_id).await?;
    let qs = questions(db, module_id).await?;
    let unanswered: Vec<usize> =
        qs.iter().enumerate().filter(|(_, x)| !answers.iter().any(|(id, _)| *id == x.id)).map(|(i, _)| i + 1).collect();
    if !unanswered.is_empty() {
        let list: Vec<String> = unanswered.iter().map(|n| n.to_string()).collect();
        return Err(ServiceError::field("answers", format!("Answer every question (missing: {})", list.join(", "))));
    }
    let chosen: Vec<Option<i32>> =
        qs.iter().map(|x| answers.iter().find(|(id, _)| *id == x.id).map(|(_, a)| *a)).collect();
    let correct: Vec<i32> = qs.iter().map(|x| x.correct).collect();
    let score = rules::score(&correct, &chosen);
    let total = qs.len() as u32;
    let passed = rules::passes(score, total, status.pass_mark.max(0) as u32);
    quiz_attempt::ActiveModel {
        user_id: Set(user_id),
        module_id: Set(module_id),
        score: Set(score as i32),
        total: Set(total as i32),
        passed: Set(passed),
        attempted_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let feedback = qs
        .iter()
        .zip(&chosen)
        .map(|(x, a)| view::QuestionFeedback {
            prompt: x.prompt.clone(),
            right: *a == Some(x.correct),
            explanation: x.explanation.clone(),
        })
        .collect();
    let next = if passed { course(db, user_id).await?.next } else { None };
    Ok(view::QuizResult { score, total, pass_mark: status.pass_mark, passed, feedback, next })
}

/// A module as staff edit it (published or not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleAdmin {
    pub module: training_module::Model,
    pub lessons: Vec<training_lesson::Model>,
}

/// Every module, published or not, with its lessons, for the staff content pages.
pub async fn admin_modules(db: &impl ConnectionTrait) -> Result<Vec<ModuleAdmin>, ServiceError> {
    // The mentor course first, then the young people's, each in its order.
    let modules = training_module::Entity::find()
        .order_by_asc(training_module::Column::Audience)
        .order_by_asc(training_module::Column::Position)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for module in modules {
        let lessons = lessons_of(db, module.id).await?;
        out.push(ModuleAdmin { module, lessons });
    }
    Ok(out)
}

pub async fn admin_module(db: &impl ConnectionTrait, id: i64) -> Result<training_module::Model, ServiceError> {
    training_module::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)
}

pub async fn admin_lesson(db: &impl ConnectionTrait, id: i64) -> Result<training_lesson::Model, ServiceError> {
    training_lesson::Entity::find_by_id(id).one(db).await?.ok_or(ServiceError::NotFound)
}

/// Saves staff edits to a module. Mentors' progress and past attempts are kept.
pub async fn update_module(
    db: &impl ConnectionTrait,
    id: i64,
    title: &str,
    summary: &str,
    pass_mark: &str,
    published: bool,
) -> Result<(), ServiceError> {
    let pass_mark = rules::validate_module(title, summary, pass_mark).map_err(ServiceError::Validation)?;
    let m = admin_module(db, id).await?;
    training_module::ActiveModel {
        id: Set(m.id),
        title: Set(title.trim().into()),
        summary: Set(summary.trim().into()),
        pass_mark: Set(pass_mark),
        published: Set(published),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Saves staff edits to a lesson.
pub async fn update_lesson(
    db: &impl ConnectionTrait,
    id: i64,
    title: &str,
    body: &str,
    video_url: &str,
    image: (&str, &str),
    minutes: &str,
) -> Result<(), ServiceError> {
    let mut errors = match rules::validate_lesson(title, body, video_url, minutes) {
        Ok(_) => domain::FieldErrors::new(),
        Err(e) => e,
    };
    for (f, msg) in rules::validate_image(image.0, image.1).0 {
        errors.add(&f, msg);
    }
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let minutes = rules::validate_lesson(title, body, video_url, minutes).map_err(ServiceError::Validation)?;
    let (path, alt) = (image.0.trim(), image.1.trim());
    let l = admin_lesson(db, id).await?;
    let url = video_url.trim();
    training_lesson::ActiveModel {
        id: Set(l.id),
        title: Set(title.trim().into()),
        // Line endings from browsers are normalised so paragraphs split the same way.
        body: Set(body.replace("\r\n", "\n").trim().into()),
        video_url: Set((!url.is_empty()).then(|| url.to_owned())),
        image_path: Set((!path.is_empty()).then(|| path.to_owned())),
        image_alt: Set((!path.is_empty()).then(|| alt.to_owned())),
        minutes: Set(minutes),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Reminds mentors whose course is unfinished on day 7 and day 13 after joining, in the app
/// and by email (a reminder, which the person may turn off), once each. Runs hourly on every
/// server; each run looks only at the mentors who reached one of those days within the last
/// day, and the notification's kind keeps a second server from sending it again.
pub async fn send_reminders(db: &sea_orm::DatabaseConnection, now: DateTime<Utc>) -> Result<usize, ServiceError> {
    use crate::entities::{notification, user};
    use chrono::Duration;
    let mut sent = 0;
    for day in rules::REMINDER_DAYS {
        let kind = format!("training_day{day}");
        let joiners = user::Entity::find()
            .filter(user::Column::Role.eq(domain::Role::Mentor.as_str()))
            .filter(user::Column::Disabled.eq(false))
            .filter(user::Column::CreatedAt.lte(now - Duration::days(day)))
            .filter(user::Column::CreatedAt.gt(now - Duration::days(day + 1)))
            .all(db)
            .await?;
        if joiners.is_empty() {
            continue;
        }
        let ids: Vec<i64> = joiners.iter().map(|u| u.id).collect();
        let had: HashSet<i64> = notification::Entity::find()
            .filter(notification::Column::Kind.eq(kind.as_str()))
            .filter(notification::Column::UserId.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|n| n.user_id)
            .collect();
        for u in joiners {
            if had.contains(&u.id) {
                continue;
            }
            let c = course(db, u.id).await?;
            if c.complete {
                continue;
            }
            let by = rules::target_date(u.created_at.date_naive()).format("%-d %B").to_string();
            let text = format!(
                "Your training: {} of {} lessons done. Aim to finish by {by}; it saves as you go.",
                c.lessons_done, c.lessons_total
            );
            let body = format!(
                "Hello {},\n\n{text}\n\nSign in to Tandem to carry on where you left off.\n\nTandem",
                crate::people::first_name(&u.name)
            );
            let mail = crate::outbox::Mail::new(&u.email, "Your Tandem training", &body);
            let notice = Notice { kind: &kind, text: &text, link: "/training" };
            crate::notifications::tell(db, u.id, notice, mail.category(domain::mail::Category::Reminders), now).await?;
            sent += 1;
        }
    }
    Ok(sent)
}
