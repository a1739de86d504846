//! The young person's application and the mandatory pre-evaluation questionnaire.

use crate::api::young::{
    SaveEvaluationAnswer, SubmitApplication, SubmitPreEvaluation, my_application, my_end_evaluation, my_pre_evaluation,
};
use crate::components::form::{ErrorSummary, Field, FormAlert, TextAreaField, checkbox_list, outcome, use_form};
use crate::pages::status::ErrorPage;
use domain::FieldErrors;
use domain::application::{Application, GOALS, YpStatus};
use domain::evaluation::{EvaluationKind, EvaluationView, Theme};
use domain::profile::{AVAILABILITY, FORMATS, LANGUAGES, REGIONS, SECTORS, split_list};
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

#[component]
pub fn ApplyPage() -> impl IntoView {
    let action = ServerAction::<SubmitApplication>::new();
    let data = Resource::new(|| (), |_| my_application());
    let equality = Resource::new(|| (), |_| crate::api::equality::my_equality());
    let save_equality = ServerAction::<crate::api::equality::SaveEquality>::new();
    view! {
        <Title text="Your application" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(s) => view! { <ApplicationForm s action /> }.into_any(),
            })}
        </Suspense>
        <crate::pages::equality::EqualitySection data=equality action=save_equality />
    }
}

#[component]
fn ApplicationForm(s: YpStatus, action: ServerAction<SubmitApplication>) -> impl IntoView {
    let under_18 = s.under_18;
    let mut a = s.application.clone().unwrap_or_default();
    if a.join_code.is_empty() {
        // Joined with their institution's code: the application starts with it.
        a.join_code = s.partner_join_code.clone();
    }
    let (errors, on_submit) = use_form(action, move |f: &SubmitApplication| {
        let join = |v: &Option<Vec<String>>| v.clone().unwrap_or_default().join(", ");
        Application {
            goals: join(&f.goals),
            interests: join(&f.interests),
            region: f.region.clone().unwrap_or_default(),
            format: f.format.clone().unwrap_or_default(),
            availability: join(&f.availability),
            accessibility: f.accessibility.clone(),
            languages: join(&f.languages),
            join_code: f.join_code.clone().unwrap_or_default(),
        }
        .validate(under_18)
        .err()
        .unwrap_or_default()
    });
    let list = |v: &str| split_list(v).into_iter().map(str::to_owned).collect::<Vec<_>>();
    let err = move |f: &'static str| move || errors.with(|e| e.get(f).map(str::to_owned));
    let sent = Signal::derive(move || outcome(action).get().and_then(Result::ok));
    view! {
        <section class="wrap narrow">
            <h1>"Your application"</h1>
            <p class="lead">"Tell us what you would like from mentoring and how you could meet. It takes about five minutes."</p>
            {move || sent.get().map(|st| view! {
                <div class="alert alert-success" role="status">
                    <p><strong>"Application saved."</strong></p>
                    {(!st.pre_evaluation_done).then(|| view! { <p>"Next: " <a href="/evaluation/pre">"the short questionnaire about you"</a> "."</p> })}
                </div>
            })}
            {s.application.is_some().then(|| view! { <p class="alert alert-info">"You have sent your application. You can update your answers here at any time."</p> })}
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=SubmitApplication::url() on:submit=on_submit novalidate>
                {checkbox_list("goals", GOALS, list(&a.goals), errors, "What do you want from mentoring?", "Choose all that apply.")}
                {checkbox_list("interests", SECTORS, list(&a.interests), errors, "Which kinds of work interest you?", "Optional. Choose any that apply.")}
                <div class="field" class:field-invalid=move || err("region")().is_some()>
                    <label for="f-region">"Where do you live?"</label>
                    {move || err("region")().map(|m| view! { <p class="error-message">{m}</p> })}
                    <select id="f-region" name="region">
                        <option value="">"Choose your region…"</option>
                        {REGIONS.iter().map(|r| view! { <option value=*r selected=a.region == *r>{*r}</option> }).collect_view()}
                    </select>
                </div>
                <fieldset class="field" id="f-format" class:field-invalid=move || err("format")().is_some()>
                    <legend>"How would you like to meet your mentor?"</legend>
                    {move || err("format")().map(|m| view! { <p class="error-message">{m}</p> })}
                    {FORMATS.iter().map(|(v, l)| view! {
                        <label class="radio"><input type="radio" name="format" value=*v checked=a.format == *v /><span>{*l}</span></label>
                    }).collect_view()}
                </fieldset>
                {checkbox_list("availability", AVAILABILITY, list(&a.availability), errors, "When could you usually meet?", "One hour a month. Choose all that usually suit you.")}
                {checkbox_list("languages", &LANGUAGES[1..], list(&a.languages), errors, "Would you like a mentor who speaks another language too?", "Optional. We will look for a mentor who speaks one of the languages you choose.")}
                <TextAreaField label="Anything that would help you take part? (optional)" name="accessibility" hint="For example: step-free access, a sign language interpreter, large print, or times that fit around caring." value=a.accessibility.clone() rows=3 errors />
                {if under_18 {
                    view! { <Field label="Join code from your school or youth organisation" name="join_code" value=a.join_code.clone() hint="Because you are under 18 you take part through your school or youth organisation. Your Mentoring Coordinator can give you the code." errors autocomplete="off" /> }.into_any()
                } else {
                    view! { <Field label="Join code (optional)" name="join_code" value=a.join_code.clone() hint="Only if a school, college or youth organisation gave you one." errors autocomplete="off" /> }.into_any()
                }}
                <button type="submit" class="button" disabled=move || action.pending().get()>"Send application"</button>
            </form>
            <p><a href="/dashboard">"Back to your dashboard"</a></p>
        </section>
    }
}

#[component]
pub fn PreEvaluationPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_pre_evaluation());
    view! {
        <Title text="About you: before mentoring" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(e) => view! { <EvaluationForm e /> }.into_any(),
            })}
        </Suspense>
    }
}

/// The end-of-mentoring evaluation: the same statements, so the answers pair with the first.
#[component]
pub fn EndEvaluationPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_end_evaluation());
    let section = crate::pages::destinations::EndSection::new();
    view! {
        <Title text="About you: at the end of mentoring" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(None) => view! {
                    <section class="wrap narrow">
                        <h1>"About you: at the end of mentoring"</h1>
                        <p>"This questionnaire opens when your mentoring ends. We will let you know."</p>
                        <p><a href="/dashboard">"Back to your dashboard"</a></p>
                    </section>
                }.into_any(),
                Ok(Some(e)) => view! {
                    <EvaluationForm e />
                    <crate::pages::destinations::EndDestinations section />
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn EvaluationForm(e: EvaluationView) -> impl IntoView {
    let instrument = StoredValue::new(e.instrument.clone());
    let total = e.instrument.items.len();
    let answered = RwSignal::new(e.answers.len());
    let autosave = ServerAction::<SaveEvaluationAnswer>::new();
    let submit = ServerAction::<SubmitPreEvaluation>::new();
    let status = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(r) = autosave.value().get() {
            match r.and_then(crate::error::Form::into_result) {
                Ok(()) => status.set("Answer saved".into()),
                Err(err) => status.set(format!("Not saved: {err}")),
            }
        }
    });
    let end = e.kind == EvaluationKind::End;
    let kind = e.kind.as_str();
    let (errors, on_submit) = use_form(submit, move |s: &SubmitPreEvaluation| {
        let given = s.answers.clone().unwrap_or_default();
        let mut errs = FieldErrors::new();
        instrument.with_value(|ins| {
            for i in ins.items.iter().filter(|i| !given.contains_key(&i.key)) {
                errs.add(&i.key, ins.unanswered_message(&i.key));
            }
        });
        errs
    });
    let sent = Signal::derive(move || matches!(outcome(submit).get(), Some(Ok(()))));
    let answers = StoredValue::new(e.answers.clone());
    let thanks = move || {
        view! {
            <div class="alert alert-success" role="status">
                <p><strong>"Thank you: your questionnaire is complete."</strong></p>
                <p>{if end {
                    "Thank you for answering again: together with your first answers, this shows what mentoring changed."
                } else {
                    "At the end of your mentoring we will ask the same questions, so we can see what changed."
                }}</p>
                <p><a href="/dashboard">"Back to your dashboard"</a></p>
            </div>
        }
    };
    view! {
        <section class="wrap narrow">
            <h1>{if end { "About you: at the end of mentoring" } else { "About you: before mentoring" }}</h1>
            {if e.completed {
                thanks().into_any()
            } else {
                view! {
                    {move || sent.get().then(thanks)}
                    <div hidden=move || sent.get()>
                    <p class="lead">"There are no right or wrong answers. Tell us how things are for you now. Each answer is saved as you choose it, so you can stop and come back."</p>
                    <div class="progress">
                        <progress max=total.to_string() value=move || answered.get().to_string() aria-label="Statements answered"></progress>
                        <span>{move || format!("{} of {} answered", answered.get(), total)}</span>
                    </div>
                    <p class="save-status" role="status" aria-live="polite">{move || status.get()}</p>
                    <ErrorSummary errors />
                    <FormAlert value=outcome(submit) />
                    <form method="post" action=SubmitPreEvaluation::url() on:submit=on_submit novalidate>
                        <input type="hidden" name="kind" value=kind />
                        {Theme::ALL.into_iter().map(|t| view! {
                            <h2>{t.label()}</h2>
                            {instrument.get_value().items_of(t).cloned().collect::<Vec<_>>().into_iter().map(|item| {
                                let key = StoredValue::new(item.key.clone());
                                let k = item.key.clone();
                                let current = answers.with_value(|a| a.iter().find(|(x, _)| *x == k).map(|(_, v)| *v));
                                let number = instrument.with_value(|i| i.numbered().find(|(_, it)| it.key == k).map_or(0, |(n, _)| n));
                                let err = move || key.with_value(|k| errors.with(|e| e.get(k).map(str::to_owned)));
                                let scale: Vec<(i32, String)> = instrument.with_value(|i| i.scale_choices().map(|(v, l)| (v, l.to_string())).collect());
                                view! {
                                    <fieldset class="field likert" id=format!("f-{k}") class:field-invalid=move || err().is_some()>
                                        <legend>{format!("{number}. {}", item.text)}</legend>
                                        {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
                                        <div class="radios scale">
                                            {scale.into_iter().map(|(v, label)| {
                                                let name = format!("answers[{k}]");
                                                view! {
                                                    <label class="radio">
                                                        <input
                                                            type="radio"
                                                            name=name
                                                            value=v.to_string()
                                                            checked=current == Some(v)
                                                            on:change=move |_| {
                                                                let key = key.get_value();
                                                                if answers.with_value(|a| !a.iter().any(|(k, _)| *k == key)) {
                                                                    answers.update_value(|a| a.push((key.clone(), v)));
                                                                    answered.update(|n| *n += 1);
                                                                }
                                                                status.set("Saving…".into());
                                                                autosave.dispatch(SaveEvaluationAnswer { item: key, value: v, kind: Some(kind.into()) });
                                                            }
                                                        />
                                                        <span>{label}</span>
                                                    </label>
                                                }
                                            }).collect_view()}
                                        </div>
                                    </fieldset>
                                }
                            }).collect_view()}
                        }).collect_view()}
                        <button type="submit" class="button" disabled=move || submit.pending().get()>"Send my answers"</button>
                    </form>
                    {instrument.with_value(|i| (!i.attribution.is_empty()).then(|| view! { <p class="hint">{i.attribution.clone()}</p> }))}
                    </div>
                }.into_any()
            }}
        </section>
    }
}
