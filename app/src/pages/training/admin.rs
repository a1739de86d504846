//! Staff: editing the training course in the app.

use crate::api::training::{
    AdminUpdateLesson, AdminUpdateModule, LessonEdit, ModuleRow, admin_training_lesson, admin_training_modules,
};
use crate::components::form::{ErrorSummary, Field, FormAlert, TextAreaField, outcome, use_form};
use crate::pages::id_param;
use crate::pages::status::ErrorPage;
use domain::training::{Audience, validate_image, validate_lesson, validate_module};
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

#[component]
pub fn CourseAdminPage() -> impl IntoView {
    let modules = Resource::new(|| (), |_| admin_training_modules());
    view! {
        <Title text="Training content" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || modules.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(list) => view! {
                    <section class="wrap">
                        <h1>"Training content"</h1>
                        <p class="lead">"Edit the online courses: the mentors' course and the young people's short course. Changes show straight away; everyone's progress is kept."</p>
                        {Audience::ALL.into_iter().map(|audience| {
                            let heading = match audience {
                                Audience::Mentors => "The mentor course",
                                Audience::YoungPeople => "The young people's course",
                            };
                            let hidden = match audience {
                                Audience::Mentors => "Hidden from mentors",
                                Audience::YoungPeople => "Hidden from young people",
                            };
                            let id = format!("course-{}", audience.as_str());
                            view! {
                                <h2 id=id.clone()>{heading}</h2>
                                <ol class="modules" aria-labelledby=id>
                                    {list.iter().filter(|m| m.audience == audience).cloned().map(|m| view! {
                                        <li class="module card">
                                            <h3>
                                                {format!("{}. {}", m.position, m.title)}
                                                <span class="module-status">{if m.published { format!("Published · pass mark {}%", m.pass_mark) } else { hidden.to_string() }}</span>
                                            </h3>
                                            <p>{m.summary}</p>
                                            <p><a href=format!("/admin/training/modules/{}", m.id)>{format!("Edit module {}: {}", m.position, m.title)}</a></p>
                                            <ul class="lesson-list">
                                                {m.lessons.into_iter().map(|(id, title, minutes)| view! {
                                                    <li><a href=format!("/admin/training/lessons/{id}")>{format!("Edit lesson: {title}")}</a>{format!(" · {minutes} min")}</li>
                                                }).collect_view()}
                                            </ul>
                                        </li>
                                    }).collect_view()}
                                </ol>
                            }
                        }).collect_view()}
                    </section>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn ModuleEditPage() -> impl IntoView {
    let id = id_param("id");
    let action = ServerAction::<AdminUpdateModule>::new();
    let modules = Resource::new(move || action.version().get(), |_| admin_training_modules());
    view! {
        <Title text="Edit module" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || modules.get().map(|r| match r.map(|l| l.into_iter().find(|m| m.id == id())) {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(None) => view! { <ErrorPage error=crate::error::AppError::NotFound /> }.into_any(),
                Ok(Some(m)) => view! { <ModuleForm m action /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ModuleForm(m: ModuleRow, action: ServerAction<AdminUpdateModule>) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |f: &AdminUpdateModule| {
        validate_module(&f.title, &f.summary, &f.pass_mark).err().unwrap_or_default()
    });
    view! {
        <section class="wrap narrow">
            <p class="eyebrow"><a href="/admin/training">"Training content"</a></p>
            <h1>{format!("Edit module {}", m.position)}</h1>
            {move || outcome(action).get().and_then(Result::ok).map(|msg| view! { <div class="alert alert-success" role="status">{msg}</div> })}
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=AdminUpdateModule::url() on:submit=on_submit novalidate>
                <input type="hidden" name="module_id" value=m.id.to_string() />
                <Field label="Title" name="title" value=m.title errors required=true />
                <TextAreaField label="Summary" name="summary" value=m.summary rows=3 errors />
                <Field label="Quiz pass mark (%)" name="pass_mark" kind="number" value=m.pass_mark.to_string() errors required=true />
                <div class="field">
                    <label class="radio">
                        <input type="checkbox" name="published" value="on" checked=m.published />
                        <span>"Published: mentors see this module"</span>
                    </label>
                </div>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Save module"</button>
            </form>
        </section>
    }
}

#[component]
pub fn LessonEditPage() -> impl IntoView {
    let id = id_param("id");
    let lesson = Resource::new(id, admin_training_lesson);
    view! {
        <Title text="Edit lesson" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || lesson.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(l) => view! { <LessonForm l /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn LessonForm(l: LessonEdit) -> impl IntoView {
    let action = ServerAction::<AdminUpdateLesson>::new();
    let (errors, on_submit) = use_form(action, |f: &AdminUpdateLesson| {
        let mut e = validate_lesson(&f.title, &f.body, &f.video_url, &f.minutes).err().unwrap_or_default();
        let image = validate_image(f.image_path.as_deref().unwrap_or(""), f.image_alt.as_deref().unwrap_or(""));
        for (field, msg) in image.0 {
            e.add(&field, msg);
        }
        e
    });
    view! {
        <section class="wrap narrow">
            <p class="eyebrow"><a href="/admin/training">"Training content"</a>{format!(" · {}", l.module_title)}</p>
            <h1>"Edit lesson"</h1>
            {move || outcome(action).get().and_then(Result::ok).map(|msg| view! { <div class="alert alert-success" role="status">{msg}</div> })}
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=AdminUpdateLesson::url() on:submit=on_submit novalidate>
                <input type="hidden" name="lesson_id" value=l.id.to_string() />
                <Field label="Title" name="title" value=l.title errors required=true />
                <TextAreaField
                    label="Lesson text"
                    name="body"
                    hint="Plain text. Leave a blank line between paragraphs; start a line with \"- \" for a bullet point."
                    value=l.body
                    rows=16
                    errors
                />
                <Field label="Video link (optional)" name="video_url" kind="url" hint="Must start with https://" value=l.video_url errors />
                <Field label="Picture (optional)" name="image_path" hint="A picture shipped with the site, for example /images/training/twelve-sessions.svg" value=l.image_path errors />
                <Field label="Picture description" name="image_alt" hint="Required with a picture: what it shows, for people who cannot see it" value=l.image_alt errors />
                <Field label="Reading time (minutes)" name="minutes" kind="number" value=l.minutes.to_string() errors required=true />
                <button type="submit" class="button" disabled=move || action.pending().get()>"Save lesson"</button>
            </form>
        </section>
    }
}
