//! The training course pages: overview with progress, lessons, and module quizzes.

pub mod admin;

use crate::api::training::{CompleteLesson, SubmitQuiz, training_course, training_lesson, training_quiz};
use crate::components::form::{ErrorSummary, FormAlert, outcome, use_form};
use crate::components::text::PlainText;
use crate::error::AppError;
use crate::pages::id_param;
use crate::pages::status::ErrorPage;
use domain::FieldErrors;
use domain::training::{percent, view};
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

#[component]
fn Progress(done: usize, total: usize, label: String) -> impl IntoView {
    let pct = percent(done, total);
    view! {
        <div class="progress">
            <progress max="100" value=pct.to_string() aria-label=label.clone()>{format!("{pct}%")}</progress>
            <span>{label}</span>
        </div>
    }
}

#[component]
pub fn TrainingPage() -> impl IntoView {
    let course = Resource::new(|| (), |_| training_course());
    view! {
        <Title text="Training" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading your course…"</p> }>
            {move || course.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(c) => view! { <CourseView c /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CourseView(c: view::Course) -> impl IntoView {
    let label = format!(
        "{} of {} lessons, {} of {} modules complete",
        c.lessons_done,
        c.lessons_total,
        c.modules_done,
        c.modules.len()
    );
    view! {
        <section class="wrap">
            <h1>{c.audience.course_name()}</h1>
            <p class="lead">
                {format!("About {} minutes in all. Your progress is saved after every lesson, so you can stop and carry on later on any device.", c.total_minutes)}
            </p>
            <Progress done=c.lessons_done total=c.lessons_total label />
            {if c.complete {
                view! { <div class="alert alert-success" role="status">"You have completed the online training course. Well done!"</div> }.into_any()
            } else {
                let next = c.next.clone().map(|s| s.href()).unwrap_or_else(|| "/training".into());
                let text = if c.lessons_done == 0 { "Start the course" } else { "Continue where you left off" };
                view! { <p><a class="button" href=next>{text}</a></p> }.into_any()
            }}
            <ol class="modules">
                {c.modules.into_iter().map(|m| {
                    let status = if m.complete { "Complete" } else if m.lessons.iter().any(|l| l.done) { "In progress" } else { "Not started" };
                    let quiz_href = format!("/training/modules/{}/quiz", m.id);
                    view! {
                        <li class="module card" class:module-done=m.complete>
                            <h2>{m.title}<span class="module-status">{status}</span></h2>
                            <p>{m.summary}</p>
                            <ul class="lesson-list">
                                {m.lessons.into_iter().map(|l| view! {
                                    <li>
                                        <a href=format!("/training/lessons/{}", l.id)>{l.title}</a>
                                        {format!(" · {} min", l.minutes)}
                                        {l.done.then_some(view! { <span class="tick">" ✓ done"</span> })}
                                    </li>
                                }).collect_view()}
                                <li>
                                    {if m.quiz_unlocked {
                                        view! { <a href=quiz_href>"Quiz"</a> }.into_any()
                                    } else {
                                        view! { <span class="muted">"Quiz (after the lessons)"</span> }.into_any()
                                    }}
                                    {format!(" · pass mark {}%", m.pass_mark)}
                                    {m.best.map(|(s, t)| format!(" · best {s} of {t}"))}
                                    {m.quiz_passed.then_some(view! { <span class="tick">" ✓ passed"</span> })}
                                </li>
                            </ul>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
pub fn LessonPage() -> impl IntoView {
    let id = id_param("id");
    let lesson = Resource::new(id, training_lesson);
    view! {
        <Suspense fallback=|| view! { <p class="wrap">"Loading the lesson…"</p> }>
            {move || lesson.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(l) => view! { <LessonView l /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn LessonView(l: view::Lesson) -> impl IntoView {
    let action = ServerAction::<CompleteLesson>::new();
    let lesson_id = l.id;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(CompleteLesson { lesson_id });
    };
    let button = if l.done { "Continue" } else { "Mark as done and continue" };
    view! {
        <Title text=l.title.clone() />
        <article class="wrap narrow lesson">
            <p class="eyebrow">
                <a href="/training">"Your course"</a>
                {format!(" · {} · lesson {} of {}", l.module_title, l.position, l.lessons_in_module)}
            </p>
            <h1>{l.title}</h1>
            <p class="muted">{format!("About {} minutes", l.minutes)}{l.done.then_some(" · you have completed this lesson")}</p>
            {l.image.map(|(src, alt)| view! { <figure class="lesson-figure"><img src=src alt=alt loading="lazy" /></figure> })}
            <PlainText body=l.body />
            {l.video_url.map(|u| view! { <p><a href=u target="_blank" rel="noopener noreferrer">"Watch the video for this lesson (opens in a new tab)"</a></p> })}
            <form method="post" action=CompleteLesson::url() on:submit=on_submit>
                <input type="hidden" name="lesson_id" value=lesson_id.to_string() />
                <button type="submit" class="button" disabled=move || action.pending().get()>{button}</button>
            </form>
        </article>
    }
}

#[component]
pub fn QuizPage() -> impl IntoView {
    let id = id_param("id");
    let quiz = Resource::new(id, training_quiz);
    view! {
        <Suspense fallback=|| view! { <p class="wrap">"Loading the quiz…"</p> }>
            {move || quiz.get().map(|r| match r {
                Err(AppError::Validation(_)) => view! {
                    <section class="wrap narrow">
                        <h1>"Quiz"</h1>
                        <div class="alert alert-info">"Finish the lessons of this module first, then take its quiz."</div>
                        <p><a href="/training">"Back to the course"</a></p>
                    </section>
                }.into_any(),
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(q) => view! { <QuizView q /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn QuizView(q: view::Quiz) -> impl IntoView {
    let action = ServerAction::<SubmitQuiz>::new();
    let count = q.questions.len();
    let (errors, on_submit) = use_form(action, move |s: &SubmitQuiz| {
        let answered = s.answers.as_ref().map(Vec::len).unwrap_or(0);
        if answered < count {
            FieldErrors::single("answers", format!("Answer every question ({answered} of {count} answered)"))
        } else {
            FieldErrors::new()
        }
    });
    let result = outcome(action);
    let module_id = q.module_id;
    let questions = q.questions.clone();
    view! {
        <Title text=format!("Quiz: {}", q.module_title) />
        <section class="wrap narrow">
            <p class="eyebrow"><a href="/training">"Your course"</a>{format!(" · {}", q.module_title)}</p>
            <h1>"Quiz"</h1>
            <p>{format!("{} questions. The pass mark is {}%. You can try again as often as you need.", count, q.pass_mark)}</p>
            {q.already_passed.then(|| view! { <div class="alert alert-success">"You have already passed this quiz."</div> })}
            {move || result.get().and_then(Result::ok).map(|r| view! { <QuizOutcome r /> })}
            <ErrorSummary errors />
            <FormAlert value=result />
            <form method="post" action=SubmitQuiz::url() on:submit=on_submit novalidate>
                <input type="hidden" name="module_id" value=module_id.to_string() />
                {questions.into_iter().enumerate().map(|(i, question)| {
                    let qid = question.id;
                    // Shown in a rotated order so the right answer is not always in the same
                    // place; each value keeps the option's stored index.
                    let n = question.options.len().max(1);
                    let shift = (qid as usize) % n;
                    let mut options: Vec<(usize, String)> = question.options.into_iter().enumerate().collect();
                    options.rotate_left(shift);
                    view! {
                        <fieldset class="field question" id=if i == 0 { "f-answers" } else { "" }>
                            <legend>{format!("{}. {}", i + 1, question.prompt)}</legend>
                            <div class="radios">
                                {options.into_iter().map(|(oi, option)| view! {
                                    <label class="radio">
                                        <input type="radio" name=format!("answers[{i}]") value=format!("{qid}:{oi}") />
                                        <span>{option}</span>
                                    </label>
                                }).collect_view()}
                            </div>
                        </fieldset>
                    }
                }).collect_view()}
                <button type="submit" class="button" disabled=move || action.pending().get()>"Check my answers"</button>
            </form>
        </section>
    }
}

#[component]
fn QuizOutcome(r: view::QuizResult) -> impl IntoView {
    let next = r.next.clone().map(|s| s.href()).unwrap_or_else(|| "/training".into());
    view! {
        <div class=if r.passed { "alert alert-success" } else { "alert alert-error" } role="status">
            {if r.passed {
                format!("You passed with {} out of {}.", r.score, r.total)
            } else {
                format!("You scored {} out of {}; the pass mark is {}%. Read the notes below and try again.", r.score, r.total, r.pass_mark)
            }}
        </div>
        <ul class="feedback">
            {r.feedback.into_iter().map(|f| view! {
                <li class=if f.right { "right" } else { "wrong" }>
                    <strong>{if f.right { "Right: " } else { "Not quite: " }}</strong>
                    {f.prompt}
                    <br />
                    <span class="muted">{f.explanation}</span>
                </li>
            }).collect_view()}
        </ul>
        {r.passed.then(|| view! { <p><a class="button" href=next>"Continue"</a></p> })}
    }
}
