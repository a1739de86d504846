//! Equality monitoring: the optional section under a young person's application and a
//! mentor's profile ([`EqualitySection`]), and the staff report of whom the programme reaches
//! (`/admin/reach`), in counts of 5 or more.

use crate::api::equality::{OwnAnswers, SaveEquality, load_reach};
use crate::components::form::{ErrorSummary, FormAlert, outcome, said_or_posted, use_form};
use crate::components::table::{CardTable, Cell, Row, RowHead};
use crate::error::AppError;
use crate::pages::status::ErrorPage;
use domain::Role;
use domain::equality::{
    ETHNIC_GROUPS, EqualityAnswers, LAWFUL_BASIS, PREFER_NOT, PURPOSE, Question, ReachTable, SplitTable, questions_for,
};
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

const SAVED: &str = "Your answers are saved. Thank you.";

/// The section under the application or profile: the person's own answers, with its own
/// resource and action, which the page creates.
#[component]
pub fn EqualitySection(
    data: Resource<Result<OwnAnswers, AppError>>,
    action: ServerAction<SaveEquality>,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                // Someone who is not asked: the page above already says why they cannot use it.
                Err(AppError::Unauthenticated | AppError::Forbidden) => ().into_any(),
                Err(e) => view! { <section class="wrap narrow"><ErrorPage error=e /></section> }.into_any(),
                Ok(m) => view! {
                    <section class="wrap narrow equality" aria-labelledby="equality-h">
                        <h2 id="equality-h">"About you (optional)"</h2>
                        <p>{PURPOSE}</p>
                        <p class="hint">{LAWFUL_BASIS}" "<a href="/privacy#equality">"How we use your information"</a></p>
                        <EqualityForm m action />
                    </section>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn EqualityForm(m: OwnAnswers, action: ServerAction<SaveEquality>) -> impl IntoView {
    let role = if m.young_person { Role::YoungPerson } else { Role::Mentor };
    let (errors, on_submit) =
        use_form(action, move |s: &SaveEquality| EqualityAnswers::parse(role, &s.sent()).err().unwrap_or_default());
    let answers = m.answers;
    view! {
        {said_or_posted(action, "equality", SAVED)}
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=SaveEquality::url() on:submit=on_submit novalidate class="panel">
            {questions_for(role).into_iter().map(|q| question(q, answers.get(q.name).map(str::to_owned), errors)).collect_view()}
            <p class="hint">"Choose \u{201c}Not answered\u{201d} for any question to remove that answer."</p>
            <button type="submit" class="button button-secondary" disabled=move || action.pending().get()>"Save these answers"</button>
        </form>
    }
}

fn question(q: Question, chosen: Option<String>, errors: Signal<domain::FieldErrors>) -> impl IntoView {
    let id = format!("f-{}", q.name);
    let name = q.name;
    let error = move || errors.with(|e| e.get(name).map(str::to_owned));
    let is = move |k: &str| chosen.as_deref() == Some(k);
    let options = if q.name == "ethnic_group" {
        ETHNIC_GROUPS
            .iter()
            .map(|(group, list)| {
                view! {
                    <optgroup label=*group>
                        {list.iter().map(|(k, l)| view! { <option value=*k selected=is(k)>{*l}</option> }).collect_view()}
                    </optgroup>
                }
                .into_any()
            })
            .collect::<Vec<_>>()
    } else {
        q.options.iter().map(|(k, l)| view! { <option value=*k selected=is(k)>{*l}</option> }.into_any()).collect()
    };
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            <label for=id.clone()>{q.label}</label>
            {move || error().map(|m| view! { <p class="error-message" id=format!("f-{name}-error")><span class="visually-hidden">"Error: "</span>{m}</p> })}
            <select id=id name=name aria-invalid=move || error().is_some().then_some("true")>
                <option value="">"Not answered"</option>
                {options}
                <option value=PREFER_NOT.0 selected=is(PREFER_NOT.0)>{PREFER_NOT.1}</option>
            </select>
        </div>
    }
}

fn count(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| "fewer than 5".into())
}

fn reach_table(t: ReachTable, who: &'static str) -> impl IntoView {
    let columns: &'static [&'static str] = if who == "young people" {
        &["Group", "Applied", "Matched", "Finished mentoring"]
    } else {
        &["Group", "Signed up", "Approved", "Matched"]
    };
    view! {
        <CardTable caption=format!("{}: {who}", t.question) columns>
            {t.rows.into_iter().map(|r| view! {
                <Row>
                    <RowHead label="Group">{r.group}</RowHead>
                    {r.counts.into_iter().zip(columns[1..].iter()).map(|(n, label)| view! { <Cell label=*label>{count(n)}</Cell> }).collect_view()}
                </Row>
            }).collect_view()}
        </CardTable>
    }
}

fn split_table(t: SplitTable) -> impl IntoView {
    view! {
        <CardTable caption=format!("{}: young people whose scores went up", t.question) columns=&["Group", "Pairs", "Empowerment", "Wellbeing", "Social connectedness"]>
            {t.rows.into_iter().map(|r| {
                let themes = ["Empowerment", "Wellbeing", "Social connectedness"];
                view! {
                    <Row>
                        <RowHead label="Group">{r.group}</RowHead>
                        <Cell label="Pairs">{count(r.pairs)}</Cell>
                        {r.improved.into_iter().zip(themes).map(|(p, label)| view! {
                            <Cell label=label>{p.map(|p| format!("{p:.0}%")).unwrap_or_else(|| "not shown".into())}</Cell>
                        }).collect_view()}
                    </Row>
                }
            }).collect_view()}
        </CardTable>
    }
}

/// Staff: whom the programme reaches, by the voluntary equality answers.
#[component]
pub fn ReachPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_reach());
    view! {
        <Title text="Who we reach" />
        <section class="wrap">
            <h1>"Who we reach"</h1>
            <p class="lead">"The voluntary equality answers of young people and mentors, counted in groups: how many applied, were matched and finished mentoring, and how many young people's scores went up. Any count of fewer than 5 people is not shown, and no answer of one person appears anywhere in Tandem."</p>
            <Suspense fallback=|| view! { <p>"Counting…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(r) => view! {
                        <h2 id="young-people">"Young people"</h2>
                        {r.young_people.into_iter().map(|t| reach_table(t, "young people")).collect_view()}
                        <h2 id="mentors">"Mentors"</h2>
                        {r.mentors.into_iter().map(|t| reach_table(t, "mentors")).collect_view()}
                        <h2 id="impact">"Impact by group"</h2>
                        <p>"The share of young people whose theme score went up between their pre- and end-evaluations, with the questionnaire in use, by group."</p>
                        {r.impact.into_iter().map(split_table).collect_view()}
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
