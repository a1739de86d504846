//! The young person's application.

use crate::api::applications::{SubmitApplication, my_application};
use crate::components::form::{ErrorSummary, Field, FormAlert, TextAreaField, checkbox_list, outcome, use_form};
use crate::pages::status::ErrorPage;
use domain::applications::{Application, GOALS, YpStatus};
use domain::profiles::{AVAILABILITY, FORMATS, LANGUAGES, REGIONS, SECTORS, split_list};
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
