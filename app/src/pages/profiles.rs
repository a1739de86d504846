//! The mentor profile. Every answer is saved as soon as it changes; the Save button (and
//! browsers without JavaScript) send the whole form.

use crate::api::profiles::{
    EmployerChoice, SaveProfile, SaveProfileField, SetEmployerPartner, employer_partners, my_profile,
};
use crate::components::form::{ErrorSummary, Field, FormAlert, TextAreaField, outcome, use_form};
use crate::pages::status::ErrorPage;
use domain::FieldErrors;
use domain::profiles::{
    AGE_GROUPS, AVAILABILITY, COUNTED, FORMATS, LANGUAGES, Profile, REGIONS, SECTORS, SKILLS, split_list,
};
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let data = Resource::new(
        || (),
        |_| async { Ok::<_, crate::error::AppError>((my_profile().await?, employer_partners().await?)) },
    );
    let equality = Resource::new(|| (), |_| crate::api::equality::my_equality());
    let save_equality = ServerAction::<crate::api::equality::SaveEquality>::new();
    view! {
        <Title text="Your mentor profile" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading your profile…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok((p, employers)) => view! { <ProfileForm initial=p employers /> }.into_any(),
            })}
        </Suspense>
        <crate::pages::equality::EqualitySection data=equality action=save_equality />
    }
}

#[component]
fn ProfileForm(initial: Profile, employers: EmployerChoice) -> impl IntoView {
    let profile = RwSignal::new(initial.clone());
    let bio = initial.bio.clone();
    let initial = StoredValue::new(initial);
    let answer = move |name: &str| initial.with_value(|p| p.get(name).unwrap_or("").to_string());
    let autosave = ServerAction::<SaveProfileField>::new();
    let save_all = ServerAction::<SaveProfile>::new();
    let status = RwSignal::new(String::new());
    let autosave_errors = RwSignal::new(FieldErrors::new());
    // Each autosave answer updates the stored profile, or shows its problem next to the field.
    Effect::new(move |_| {
        if let Some(r) = autosave.value().get() {
            match r.and_then(crate::error::Form::into_result) {
                Ok(saved) => {
                    profile.set(saved.profile);
                    autosave_errors.update(|e| e.0.retain(|(f, _)| f != &saved.field));
                    status.set("All changes saved".into());
                }
                Err(e) => {
                    // The problem names its field; anything else is shown in the status line.
                    let fields = e.fields();
                    if fields.is_empty() {
                        status.set(e.to_string());
                    } else {
                        autosave_errors.update(|errs| {
                            for (f, m) in fields.0 {
                                errs.0.retain(|(x, _)| x != &f);
                                errs.0.push((f, m));
                            }
                        });
                        status.set("Some answers were not saved: see the messages below".into());
                    }
                }
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(crate::error::Form::Done(p))) = save_all.value().get() {
            profile.set(p);
            autosave_errors.set(FieldErrors::new());
            status.set("Profile saved".into());
        }
    });
    let save = move |field: &'static str, value: String| {
        status.set("Saving…".into());
        autosave.dispatch(SaveProfileField { field: field.into(), value });
    };
    let (form_errors, on_submit) = use_form(save_all, |p: &SaveProfile| {
        let joined = |v: &Option<Vec<String>>| v.clone().unwrap_or_default().join(", ");
        Profile {
            job_title: p.job_title.clone(),
            sector: p.sector.clone().unwrap_or_default(),
            employer: p.employer.clone(),
            skills: joined(&p.skills),
            region: p.region.clone().unwrap_or_default(),
            postcode_area: p.postcode_area.clone(),
            languages: joined(&p.languages),
            format: p.format.clone().unwrap_or_default(),
            availability: joined(&p.availability),
            max_age_group: p.max_age_group.clone().unwrap_or_default(),
            bio: p.bio.clone(),
        }
        .validated()
        .err()
        .unwrap_or_default()
    });
    let errors = Signal::derive(move || {
        let a = autosave_errors.get();
        if a.is_empty() { form_errors.get() } else { a }
    });
    let answered = move || profile.with(Profile::answered);
    let total = COUNTED.len();

    let text = move |label: &'static str, name: &'static str, hint: Option<&'static str>| {
        let value = answer(name);
        view! {
            <div on:change=move |ev| save(name, event_target_value(&ev))>
                {match hint {
                    Some(h) => view! { <Field label name value hint=h errors /> }.into_any(),
                    None => view! { <Field label name value errors /> }.into_any(),
                }}
            </div>
        }
    };
    let select = move |label: &'static str, name: &'static str, options: Vec<(&'static str, &'static str)>| {
        let current = answer(name);
        let err = move || errors.with(|e| e.get(name).map(str::to_owned));
        view! {
            <div class="field" class:field-invalid=move || err().is_some()>
                <label for=format!("f-{name}")>{label}</label>
                {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
                <select id=format!("f-{name}") name=name on:change=move |ev| save(name, event_target_value(&ev))>
                    <option value="">"Choose…"</option>
                    {options.into_iter().map(|(v, l)| view! { <option value=v selected=current == v>{l}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    let checkboxes = move |legend: &'static str,
                           name: &'static str,
                           hint: &'static str,
                           options: &'static [&'static str]| {
        let chosen = RwSignal::new(split_list(&answer(name)).into_iter().map(str::to_owned).collect::<Vec<_>>());
        let err = move || errors.with(|e| e.get(name).map(str::to_owned));
        view! {
            <fieldset class="field" class:field-invalid=move || err().is_some() id=format!("f-{name}")>
                <legend>{legend}</legend>
                <p class="hint">{hint}</p>
                {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
                <div class="checkboxes">
                    {options.iter().enumerate().map(|(i, o)| {
                        let o = *o;
                        let checked = chosen.with_untracked(|c| c.iter().any(|x| x == o));
                        view! {
                            <label class="radio">
                                <input
                                    type="checkbox"
                                    name=format!("{name}[{i}]")
                                    value=o
                                    checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| {
                                            c.retain(|x| x != o);
                                            if on { c.push(o.to_string()); }
                                        });
                                        // Keep the curated order whatever order boxes were ticked in.
                                        let value: Vec<&str> = options.iter().copied().filter(|x| chosen.with_untracked(|c| c.iter().any(|y| y == x))).collect();
                                        save(name, value.join(", "));
                                    }
                                />
                                <span>{o}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        }
    };
    view! {
        <section class="wrap narrow">
            <h1>"Your mentor profile"</h1>
            <p class="lead">"We use this to match you with a young person whose goals fit your experience. Each answer is saved as you go."</p>
            <div class="progress">
                <progress max=total.to_string() value=move || answered().to_string() aria-label="Questions answered"></progress>
                <span>{move || format!("{} of {} questions answered", answered(), total)}</span>
            </div>
            <p class="save-status" role="status" aria-live="polite">{move || status.get()}</p>
            <ErrorSummary errors />
            <FormAlert value=outcome(save_all) />
            <form method="post" action=SaveProfile::url() on:submit=on_submit novalidate>
                <h2>"Your work"</h2>
                {text("Job title", "job_title", None)}
                {select("Sector", "sector", SECTORS.iter().map(|s| (*s, *s)).collect())}
                {text("Employer", "employer", Some("Optional."))}
                <EmployerPartner choice=employers status />
                {checkboxes("Skills and experience you can offer", "skills", "Choose all that apply.", SKILLS)}
                <h2>"Where and how"</h2>
                {select("Region", "region", REGIONS.iter().map(|s| (*s, *s)).collect())}
                {text("Postcode area", "postcode_area", Some("Just the first part, for example LS6 or M1."))}
                {checkboxes("Languages you can mentor in", "languages", "Choose all that apply.", LANGUAGES)}
                {select("Meeting format", "format", FORMATS.to_vec())}
                {checkboxes("When you are usually free", "availability", "One hour a month: choose the times that usually suit you.", AVAILABILITY)}
                {select("Ages you are happy to mentor", "max_age_group", AGE_GROUPS.to_vec())}
                <h2>"About you"</h2>
                <div on:change=move |ev| save("bio", event_target_value(&ev))>
                    <TextAreaField label="Short bio" name="bio" hint="A few sentences a young person would like to read. Up to 1,000 characters." value=bio rows=5 errors />
                </div>
                <button type="submit" class="button" disabled=move || save_all.pending().get()>"Save profile"</button>
            </form>
            <p><a href="/dashboard">"Back to your dashboard"</a></p>
        </section>
    }
}

/// The optional link to an employer partner, saved on its own as soon as it changes.
#[component]
fn EmployerPartner(choice: EmployerChoice, status: RwSignal<String>) -> impl IntoView {
    let action = ServerAction::<SetEmployerPartner>::new();
    Effect::new(move |_| {
        if let Some(r) = action.value().get() {
            match r.and_then(crate::error::Form::into_result) {
                Ok(()) => status.set("All changes saved".into()),
                Err(e) => status.set(format!("Not saved: {}", e.message())),
            }
        }
    });
    let current = choice.current;
    view! {
        <div class="field">
            <label for="f-employer_partner">"Is your employer a Tandem partner?"</label>
            <p class="hint" id="f-employer_partner-hint">"Optional. Partner employers see how many of their people mentor, never who their young people are."</p>
            <select
                id="f-employer_partner"
                aria-describedby="f-employer_partner-hint"
                on:change=move |ev| {
                    status.set("Saving…".into());
                    action.dispatch(SetEmployerPartner { employer_partner: event_target_value(&ev) });
                }
            >
                <option value="" selected=current.is_none()>"No, or not listed"</option>
                {choice.options.into_iter().map(|(id, name)| view! { <option value=id.to_string() selected=current == Some(id)>{name}</option> }).collect_view()}
            </select>
        </div>
    }
}
