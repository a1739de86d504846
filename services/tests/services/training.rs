//! Service tests for the training course, on SQLite and PostgreSQL.

use chrono::{DateTime, TimeZone, Utc};
use domain::RegistrationInput;
use domain::training::view::Step;
use services::testing::TestDb;
use services::{ServiceError, accounts, milestones, training};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).single().expect("time")
}

async fn mentor(t: &TestDb) -> i64 {
    let input = RegistrationInput {
        name: "Ruth Campbell".into(),
        email: "ruth@example.org".into(),
        password: "lantern-meadow-42".into(),
        date_of_birth: "1979-02-14".into(),
        role: "mentor".into(),
    };
    accounts::register(&t.db, &input, t0()).await.expect("register").id
}

/// Right answers for a module's quiz, read from the database the way staff would see them.
async fn answers(t: &TestDb, module_id: i64, wrong: usize) -> Vec<(i64, i32)> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use services::entities::quiz_question;
    let qs = quiz_question::Entity::find()
        .filter(quiz_question::Column::ModuleId.eq(module_id))
        .order_by_asc(quiz_question::Column::Position)
        .all(&t.db)
        .await
        .expect("questions");
    qs.iter().enumerate().map(|(i, q)| (q.id, if i < wrong { (q.correct + 1) % 4 } else { q.correct })).collect()
}

on_both!(the_shipped_course_is_real, progress_is_saved_per_lesson_and_resumes, quizzes_gate_modules_and_mark_exactly);

async fn the_shipped_course_is_real(t: TestDb) {
    let me = mentor(&t).await;
    let c = training::course(&t.db, me).await.expect("course");
    assert!(c.modules.len() >= 5, "at least five modules");
    assert!((80..=110).contains(&c.total_minutes), "about 90 minutes, got {}", c.total_minutes);
    let titles: Vec<&str> = c.modules.iter().map(|m| m.title.as_str()).collect();
    for theme in ["role", "Safeguarding", "Boundaries", "Communicating", "goals", "online and in person"] {
        assert!(titles.iter().any(|t| t.contains(theme)), "no module on {theme}: {titles:?}");
    }
    for m in &c.modules {
        assert!(!m.lessons.is_empty() && m.pass_mark > 0 && !m.quiz_unlocked && !m.complete);
        let first = training::lesson(&t.db, me, m.lessons[0].id).await.expect("lesson");
        assert!(first.body.split_whitespace().count() > 60, "{} is too thin", first.title);
    }
    assert_eq!(c.next, Some(Step::Lesson(c.modules[0].lessons[0].id)));
    assert!(!c.complete);
}

async fn progress_is_saved_per_lesson_and_resumes(t: TestDb) {
    let me = mentor(&t).await;
    let c = training::course(&t.db, me).await.expect("course");
    let m0 = &c.modules[0];
    let (l1, l2) = (m0.lessons[0].id, m0.lessons[1].id);
    assert_eq!(training::complete_lesson(&t.db, me, l1, t0()).await.expect("done"), Step::Lesson(l2));
    // Twice is harmless.
    training::complete_lesson(&t.db, me, l1, t0()).await.expect("again");
    // A new session (another device) resumes at the next lesson.
    let c = training::course(&t.db, me).await.expect("course");
    assert_eq!(c.lessons_done, 1);
    assert_eq!(c.next, Some(Step::Lesson(l2)));
    assert!(training::lesson(&t.db, me, l1).await.expect("l1").done);
    let last = m0.lessons.last().expect("lesson").id;
    for l in &m0.lessons {
        training::complete_lesson(&t.db, me, l.id, t0()).await.expect("done");
    }
    assert_eq!(training::lesson(&t.db, me, last).await.expect("last").next, Step::Quiz(m0.id));
    let c = training::course(&t.db, me).await.expect("course");
    assert_eq!(c.next, Some(Step::Quiz(m0.id)));
    assert!(c.modules[0].quiz_unlocked);
    // Someone else's progress is their own.
    let other = accounts::register(
        &t.db,
        &RegistrationInput {
            name: "Dev Patel".into(),
            email: "dev@example.org".into(),
            password: "harbour-lights-9".into(),
            date_of_birth: "1990-01-01".into(),
            role: "mentor".into(),
        },
        t0(),
    )
    .await
    .expect("register")
    .id;
    assert_eq!(training::course(&t.db, other).await.expect("course").lessons_done, 0);
    assert!(matches!(training::lesson(&t.db, me, 999_999).await, Err(ServiceError::NotFound)));
}

async fn quizzes_gate_modules_and_mark_exactly(t: TestDb) {
    let me = mentor(&t).await;
    let c = training::course(&t.db, me).await.expect("course");
    let m0 = c.modules[0].clone();
    // Locked until the lessons are read.
    assert!(matches!(training::quiz(&t.db, me, m0.id).await, Err(ServiceError::Validation(_))));
    for l in &m0.lessons {
        training::complete_lesson(&t.db, me, l.id, t0()).await.expect("done");
    }
    let quiz = training::quiz(&t.db, me, m0.id).await.expect("quiz");
    assert_eq!(quiz.pass_mark, 75);
    // Unanswered questions are a field error, not a fail.
    assert!(matches!(milestones::submit_quiz(&t.db, me, m0.id, &[], t0()).await, Err(ServiceError::Validation(_))));
    // 2 of 4 fails a 75% pass mark...
    let r = milestones::submit_quiz(&t.db, me, m0.id, &answers(&t, m0.id, 2).await, t0()).await.expect("attempt");
    assert_eq!((r.score, r.total, r.passed), (2, 4, false));
    assert_eq!(r.feedback.iter().filter(|f| !f.right).count(), 2);
    assert!(!training::course(&t.db, me).await.expect("c").modules[0].complete);
    // ...3 of 4 passes exactly, and the module completes.
    let r = milestones::submit_quiz(&t.db, me, m0.id, &answers(&t, m0.id, 1).await, t0()).await.expect("attempt");
    assert_eq!((r.score, r.passed), (3, true));
    let c = training::course(&t.db, me).await.expect("c");
    assert!(c.modules[0].complete);
    assert_eq!(c.modules[0].best, Some((3, 4)));
    assert_eq!(r.next, Some(Step::Lesson(c.modules[1].lessons[0].id)));

    // Safeguarding needs every answer right.
    let sg = c.modules.iter().find(|m| m.title.contains("Safeguarding")).expect("module").clone();
    assert_eq!(sg.pass_mark, 100);
    for l in &sg.lessons {
        training::complete_lesson(&t.db, me, l.id, t0()).await.expect("done");
    }
    let r = milestones::submit_quiz(&t.db, me, sg.id, &answers(&t, sg.id, 1).await, t0()).await.expect("attempt");
    assert!(!r.passed, "3 of 4 is not enough for safeguarding");

    // Finishing every module completes the course.
    for m in &c.modules {
        for l in &m.lessons {
            training::complete_lesson(&t.db, me, l.id, t0()).await.expect("done");
        }
        milestones::submit_quiz(&t.db, me, m.id, &answers(&t, m.id, 0).await, t0()).await.expect("pass");
    }
    let c = training::course(&t.db, me).await.expect("c");
    assert!(c.complete && c.next.is_none() && c.modules_done == c.modules.len());
    assert!(training::is_complete(&t.db, me).await.expect("complete"));
}

on_both!(staff_edits_reach_mentors_and_keep_progress);

async fn staff_edits_reach_mentors_and_keep_progress(t: TestDb) {
    let me = mentor(&t).await;
    let c = training::course(&t.db, me).await.expect("course");
    let m = &c.modules[2];
    let lesson_id = m.lessons[1].id;
    training::complete_lesson(&t.db, me, lesson_id, t0()).await.expect("done");

    match training::update_lesson(
        &t.db,
        lesson_id,
        "",
        "",
        "http://insecure.example",
        ("https://x.example/a.png", ""),
        "0",
    )
    .await
    {
        Err(ServiceError::Validation(e)) => {
            for f in ["title", "body", "video_url", "minutes", "image_path", "image_alt"] {
                assert!(e.get(f).is_some(), "{f}: {e}");
            }
        }
        other => panic!("{other:?}"),
    }
    training::update_lesson(
        &t.db,
        lesson_id,
        "Gifts, hospitality and the register",
        "Declare every gift.\r\n\r\n- cash is never allowed\r\n- ask if unsure",
        "https://video.example/gifts",
        ("/images/training/disclosure-steps.svg", "Four steps: listen, reassure, record, report"),
        "9",
    )
    .await
    .expect("save lesson");
    let l = training::lesson(&t.db, me, lesson_id).await.expect("lesson");
    assert_eq!(l.title, "Gifts, hospitality and the register");
    assert_eq!(l.body, "Declare every gift.\n\n- cash is never allowed\n- ask if unsure");
    assert_eq!((l.video_url.as_deref(), l.minutes, l.done), (Some("https://video.example/gifts"), 9, true));
    let (src, alt) = l.image.expect("picture");
    assert_eq!(
        (src.as_str(), alt.as_str()),
        ("/images/training/disclosure-steps.svg", "Four steps: listen, reassure, record, report")
    );
    // The course ships with illustrated lessons.
    let shipped = training::lesson(&t.db, me, c.modules[0].lessons[1].id).await.expect("lesson");
    assert_eq!(shipped.image.map(|i| i.0).as_deref(), Some("/images/training/twelve-sessions.svg"));

    assert!(matches!(
        training::update_module(&t.db, m.id, "Boundaries", "Summary", "150", true).await,
        Err(ServiceError::Validation(_))
    ));
    training::update_module(&t.db, m.id, "Boundaries and gifts", "Keeping it professional.", "50", false)
        .await
        .expect("save module");
    // Unpublished modules leave the mentors' course (and its lessons stop opening)...
    let c2 = training::course(&t.db, me).await.expect("course");
    assert_eq!(c2.modules.len(), c.modules.len() - 1);
    assert!(matches!(training::lesson(&t.db, me, lesson_id).await, Err(ServiceError::NotFound)));
    // ...and come back, with the mentor's progress intact, when published again.
    training::update_module(&t.db, m.id, "Boundaries and gifts", "Keeping it professional.", "50", true)
        .await
        .expect("save module");
    let c3 = training::course(&t.db, me).await.expect("course");
    let back = c3.modules.iter().find(|x| x.id == m.id).expect("back");
    assert_eq!((back.title.as_str(), back.pass_mark), ("Boundaries and gifts", 50));
    assert!(back.lessons.iter().any(|x| x.id == lesson_id && x.done));
    // Staff see both courses: the mentors' modules, then the young people's.
    let admin = training::admin_modules(&t.db).await.expect("admin");
    let audiences: Vec<&str> = admin.iter().map(|a| a.module.audience.as_str()).collect();
    assert_eq!(audiences.iter().filter(|a| **a == "mentor").count(), c.modules.len());
    assert_eq!(audiences.iter().filter(|a| **a == "young_person").count(), 2);
    assert!(audiences.is_sorted(), "the mentor course first: {audiences:?}");
}

on_both!(unfinished_training_is_reminded_on_days_7_and_13_and_flagged_after_14);

/// Day 7 and day 13 after joining bring one reminder each (in the app and by email) to a
/// mentor whose course is unfinished, never twice and never to one who finished; after two
/// weeks staff see the mentor flagged in the queue.
async fn unfinished_training_is_reminded_on_days_7_and_13_and_flagged_after_14(t: TestDb) {
    use chrono::Duration;
    use domain::approvals::QueueFilter;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    use services::entities::{notification, outbox_email};
    let db = &t.db;
    let slow = mentor(&t).await;
    let quick = accounts::register(
        db,
        &RegistrationInput {
            name: "Quinn Adebayo".into(),
            email: "quinn@example.org".into(),
            password: "lantern-meadow-42".into(),
            date_of_birth: "1981-07-04".into(),
            role: "mentor".into(),
        },
        t0(),
    )
    .await
    .expect("register")
    .id;
    let c = training::course(db, quick).await.expect("course");
    for m in &c.modules {
        for l in &m.lessons {
            training::complete_lesson(db, quick, l.id, t0()).await.expect("done");
        }
        milestones::submit_quiz(db, quick, m.id, &answers(&t, m.id, 0).await, t0()).await.expect("pass");
    }
    let reminders =
        |kind: &'static str| notification::Entity::find().filter(notification::Column::Kind.eq(kind)).all(db);
    assert_eq!(training::send_reminders(db, t0() + Duration::days(6)).await.expect("day 6"), 0);
    assert_eq!(training::send_reminders(db, t0() + Duration::days(7) + Duration::hours(1)).await.expect("day 7"), 1);
    assert_eq!(training::send_reminders(db, t0() + Duration::days(7) + Duration::hours(2)).await.expect("again"), 0);
    let day7 = reminders("training_day7").await.expect("read");
    assert_eq!(day7.iter().map(|n| n.user_id).collect::<Vec<_>>(), vec![slow], "only the unfinished mentor");
    assert!(day7[0].text.contains("Aim to finish by 7 December"), "{}", day7[0].text);
    assert_eq!(day7[0].link, "/training");
    let emails = outbox_email::Entity::find()
        .filter(outbox_email::Column::ToEmail.eq("ruth@example.org"))
        .filter(outbox_email::Column::Subject.eq("Your Tandem training"))
        .count(db)
        .await
        .expect("emails");
    assert_eq!(emails, 1);
    assert_eq!(training::send_reminders(db, t0() + Duration::days(13) + Duration::hours(3)).await.expect("day 13"), 1);
    assert_eq!(reminders("training_day13").await.expect("read").len(), 1);
    assert_eq!(training::send_reminders(db, t0() + Duration::days(13) + Duration::hours(4)).await.expect("again"), 0);

    let flagged = |at| async move {
        let rows = services::approvals::queue(db, QueueFilter::ToReview, None, None, 10, at).await.expect("queue");
        let mut out: Vec<(String, bool)> = rows.into_iter().map(|r| (r.name, r.training_overdue)).collect();
        out.sort();
        out
    };
    assert_eq!(
        flagged(t0() + Duration::days(14)).await,
        vec![("Quinn Adebayo".to_string(), false), ("Ruth Campbell".to_string(), false)],
        "the target day itself is in time"
    );
    assert_eq!(
        flagged(t0() + Duration::days(15)).await,
        vec![("Quinn Adebayo".to_string(), false), ("Ruth Campbell".to_string(), true)]
    );
}

on_both!(young_people_take_their_own_short_course);

/// A young person has a short course of their own (what mentoring is, goals, staying safe,
/// what happens to what they say), with saved progress and quizzes; neither side reads the
/// other's course, and finishing it earns no mentor certificate.
async fn young_people_take_their_own_short_course(t: TestDb) {
    use domain::training::Audience;
    let me = mentor(&t).await;
    let input = RegistrationInput {
        name: "Amir Khan".into(),
        email: "amir@example.org".into(),
        password: "lantern-meadow-42".into(),
        date_of_birth: "2007-05-01".into(),
        role: "young_person".into(),
    };
    let young = accounts::register(&t.db, &input, t0()).await.expect("register").id;

    let c = training::course(&t.db, young).await.expect("course");
    assert_eq!(c.audience, Audience::YoungPeople);
    assert_eq!(c.modules.len(), 2);
    assert!((15..=30).contains(&c.total_minutes), "a short course, got {} minutes", c.total_minutes);
    let lessons: Vec<String> = c.modules.iter().flat_map(|m| m.lessons.iter().map(|l| l.title.clone())).collect();
    for theme in ["is not", "goals", "hour a month", "safe online and in person", "what you tell your mentor"] {
        assert!(lessons.iter().any(|l| l.contains(theme)), "no lesson on {theme}: {lessons:?}");
    }
    // Each side reads only their own course.
    let theirs = training::course(&t.db, me).await.expect("mentor course");
    assert_eq!(theirs.audience, Audience::Mentors);
    assert!(theirs.modules.iter().all(|m| c.modules.iter().all(|y| y.id != m.id)));
    let mentor_lesson = theirs.modules[0].lessons[0].id;
    let young_lesson = c.modules[0].lessons[0].id;
    assert!(matches!(training::lesson(&t.db, young, mentor_lesson).await, Err(ServiceError::NotFound)));
    assert!(matches!(training::complete_lesson(&t.db, young, mentor_lesson, t0()).await, Err(ServiceError::NotFound)));
    assert!(matches!(training::lesson(&t.db, me, young_lesson).await, Err(ServiceError::NotFound)));
    assert!(matches!(training::quiz(&t.db, young, theirs.modules[0].id).await, Err(ServiceError::NotFound)));

    // Progress is saved; the quiz opens after the lessons and is marked like the mentors'.
    for m in &c.modules {
        for l in &m.lessons {
            training::complete_lesson(&t.db, young, l.id, t0()).await.expect("lesson");
        }
        let failed = milestones::submit_quiz(&t.db, young, m.id, &answers(&t, m.id, 2).await, t0()).await.expect("q");
        assert!(!failed.passed, "2 of 4 is below 75%");
        let passed = milestones::submit_quiz(&t.db, young, m.id, &answers(&t, m.id, 0).await, t0()).await.expect("q");
        assert!(passed.passed);
    }
    let done = training::course(&t.db, young).await.expect("course");
    assert!(done.complete && done.lessons_done == done.lessons_total);
    assert!(services::certificates::mine(&t.db, young).await.expect("certificate").is_none());
    // The mentor's course is untouched by it.
    assert!(!training::course(&t.db, me).await.expect("mentor course").complete);
}
