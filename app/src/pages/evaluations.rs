//! The mandatory pre-evaluation questionnaire and the end-of-mentoring one it pairs with.

use crate::api::evaluations::{SaveEvaluationAnswer, SubmitPreEvaluation, my_end_evaluation, my_pre_evaluation};
use crate::components::form::{ErrorSummary, FormAlert, outcome, use_form};
use crate::pages::status::ErrorPage;
use domain::FieldErrors;
use domain::evaluations::{EvaluationKind, EvaluationView, Theme};
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

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
