//! Where young people go next: the section under the end-of-mentoring questionnaire, and the
//! six-month follow-up page its emailed one-click link opens (`/next-steps?token=…`, no
//! sign-in). Both are plain forms that work without JavaScript.

use crate::api::destinations::{SaveDestination, SaveFollowUpDestination, follow_up_destination, my_destination};
use crate::components::form::{ErrorSummary, FormAlert, outcome, successes, use_form};
use crate::error::AppError;
use crate::pages::status::ErrorPage;
use domain::FieldErrors;
use domain::destinations::{
    ACTIVITIES, Destination, DestinationForm, DestinationInput, OUTCOMES, PROGRESS, SELF_VIEW, Stage,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

/// One question as a group of radio buttons, with its error and the saved answer ticked.
fn radios(
    name: &'static str,
    legend: String,
    options: &'static [(&'static str, &'static str)],
    chosen: Option<String>,
    errors: Signal<FieldErrors>,
    inline: bool,
) -> impl IntoView {
    let err = move || errors.with(|e| e.get(name).map(str::to_owned));
    view! {
        <fieldset class="field" id=format!("f-{name}") class:field-invalid=move || err().is_some()>
            <legend>{legend}</legend>
            {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
            <div class=if inline { "radios inline" } else { "radios" }>
                {options.iter().map(|(v, l)| view! {
                    <label class="radio">
                        <input type="radio" name=name value=*v checked=chosen.as_deref() == Some(*v) />
                        <span>{*l}</span>
                    </label>
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// The questions, filled in with what was saved before.
fn fields(pupil: bool, saved: Option<Destination>, errors: Signal<FieldErrors>) -> impl IntoView {
    let saved =
        saved.unwrap_or(Destination { activity: String::new(), outcomes: Vec::new(), attendance: None, grades: None });
    let outcome_names: [&'static str; 4] = ["college", "apprenticeship", "job", "scholarship"];
    view! {
        {radios("activity", "What are you doing now?".into(), ACTIVITIES, Some(saved.activity.clone()), errors, false)}
        <p class="field-group-intro">"Since you started mentoring, have you applied for or got any of these?"</p>
        {OUTCOMES.iter().enumerate().map(|(i, (_, label))| {
            radios(outcome_names[i], (*label).to_string(), PROGRESS, saved.outcomes.get(i).cloned(), errors, true)
        }).collect_view()}
        {pupil.then(|| view! {
            {radios("attendance", "Since you started mentoring, has your attendance at school changed?".into(), SELF_VIEW, saved.attendance.clone(), errors, true)}
            {radios("grades", "And your grades?".into(), SELF_VIEW, saved.grades.clone(), errors, true)}
        })}
    }
}

fn check(pupil: bool, input: DestinationInput) -> FieldErrors {
    input.validate(pupil).err().unwrap_or_default()
}

/// The section's data and form, made by the page itself (with the page's own resource, so
/// that the browser's hydration meets the same resources in the same order as the server).
#[derive(Clone, Copy)]
pub struct EndSection {
    action: ServerAction<SaveDestination>,
    saved: RwSignal<usize>,
    data: Resource<Result<DestinationForm, AppError>>,
}

impl EndSection {
    pub fn new() -> EndSection {
        let action = ServerAction::<SaveDestination>::new();
        let saved = successes(action);
        let data = Resource::new(move || saved.get(), |_| my_destination());
        EndSection { action, saved, data }
    }
}

impl Default for EndSection {
    fn default() -> Self {
        Self::new()
    }
}

/// The section under the end-of-mentoring questionnaire.
#[component]
pub fn EndDestinations(section: EndSection) -> impl IntoView {
    let EndSection { action, saved, data } = section;
    view! {
        <section class="wrap narrow destinations" aria-labelledby="destinations-title">
            <h2 id="destinations-title">"Where are you now?"</h2>
            <p>"Four short questions about what you are doing and what you have applied for. We ask again in six months, by email. Your answers are only ever reported in groups of five or more."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(form) => {
                        let done = saved.get_untracked() > 0;
                        view! { <EndForm form action done /> }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn EndForm(form: DestinationForm, action: ServerAction<SaveDestination>, done: bool) -> impl IntoView {
    let pupil = form.pupil;
    let (errors, on_submit) = use_form(action, move |s: &SaveDestination| {
        check(
            pupil,
            DestinationInput {
                activity: s.activity.clone(),
                college: s.college.clone(),
                apprenticeship: s.apprenticeship.clone(),
                job: s.job.clone(),
                scholarship: s.scholarship.clone(),
                attendance: s.attendance.clone(),
                grades: s.grades.clone(),
            },
        )
    });
    let had = form.saved.is_some();
    view! {
        {(done || had).then(|| view! {
            <p class="alert alert-success" role="status">
                {if done { "Thank you: your answers are saved. You can change them here at any time." } else { "Your answers are saved. You can change them here at any time." }}
            </p>
        })}
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=SaveDestination::url() on:submit=on_submit novalidate>
            {fields(pupil, form.saved, errors)}
            <button type="submit" class="button" disabled=move || action.pending().get()>
                {if had { "Update where I am now" } else { "Save where I am now" }}
            </button>
        </form>
    }
}

/// The six-month follow-up, reached from the email.
#[component]
pub fn NextStepsPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").filter(|t| !t.is_empty()));
    let action = ServerAction::<SaveFollowUpDestination>::new();
    let sent = successes(action);
    let data = Resource::new(move || (token(), sent.get()), |(t, _)| follow_up_destination(t));
    view! {
        <Title text="Where are you now?" />
        <section class="wrap narrow">
            <h1>"Where are you now?"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Ok(form) => view! { <FollowUpForm form action token=token().unwrap_or_default() /> }.into_any(),
                    Err(AppError::Validation(e)) if sent.get_untracked() > 0 || e.get("form").is_some() => {
                        let thanks = sent.get_untracked() > 0;
                        view! {
                            <p class="alert alert-success" role="status">
                                {if thanks { "Thank you: your answers are saved. There is nothing more to do.".to_string() } else { e.get("form").unwrap_or_default().to_string() }}
                            </p>
                            <p><a href="/impact">"See what Tandem's young people go on to do"</a></p>
                        }.into_any()
                    }
                    Err(AppError::NotFound) => view! {
                        <p class="alert alert-info">"This link is not one we sent, or it has been replaced by a newer one. Use the link in the latest email from Tandem. If you have a Tandem account, you can also sign in and open this page from the notice we sent you."</p>
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn FollowUpForm(form: DestinationForm, action: ServerAction<SaveFollowUpDestination>, token: String) -> impl IntoView {
    let pupil = form.pupil;
    debug_assert_eq!(form.stage, Stage::SixMonths);
    let (errors, on_submit) = use_form(action, move |s: &SaveFollowUpDestination| {
        check(
            pupil,
            DestinationInput {
                activity: s.activity.clone(),
                college: s.college.clone(),
                apprenticeship: s.apprenticeship.clone(),
                job: s.job.clone(),
                scholarship: s.scholarship.clone(),
                attendance: s.attendance.clone(),
                grades: s.grades.clone(),
            },
        )
    });
    view! {
        <p class="lead">{format!("Hello {}. It is six months since your mentoring ended: four questions, about two minutes.", form.first_name)}</p>
        <p>"Your answers help us show what mentoring does for young people. They are only ever reported in groups of five or more."</p>
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=SaveFollowUpDestination::url() on:submit=on_submit novalidate>
            <input type="hidden" name="token" value=token />
            {fields(pupil, form.saved, errors)}
            <button type="submit" class="button" disabled=move || action.pending().get()>"Send my answers"</button>
        </form>
    }
}
