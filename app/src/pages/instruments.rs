//! Staff: the evaluation questionnaires. Tandem's own is built in; a licensed instrument
//! (a validated scale the programme holds a licence for) is installed as a versioned item
//! bank and chosen for new pre-evaluations. Installed versions never change.

use crate::api::instruments::{ActivateInstrument, InstallInstrument, instruments};
use crate::components::form::{ErrorSummary, Field, FormAlert, TextAreaField, outcome, said, successes, use_form};
use crate::components::table::{CardTable, Cell, Row, RowHead};
use crate::pages::status::ErrorPage;
use domain::evaluations::{Instrument, InstrumentInput, InstrumentSummary, MAX_ITEMS, Theme};
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

const ITEMS_HINT: &str = "One statement per line: key | theme | normal or reverse | statement. Themes are \
     empowerment, wellbeing and social (connectedness); every theme needs at least one statement. \
     Reverse: agreeing is the less good answer, so it is scored the other way round.";

fn statements(i: &Instrument) -> AnyView {
    view! {
        <details>
            <summary>{format!("The {} statements", i.items.len())}</summary>
            {Theme::ALL.into_iter().map(|t| view! {
                <h4>{t.label()}</h4>
                <ol>
                    {i.items_of(t).map(|it| view! {
                        <li>{it.text.clone()}{it.reverse.then_some(" (reverse-scored)")}<span class="muted">{format!(" [{}]", it.key)}</span></li>
                    }).collect_view()}
                </ol>
            }).collect_view()}
            <p>{format!("Answers: {}.", i.scale.iter().enumerate().map(|(n, l)| format!("{} {l}", n + 1)).collect::<Vec<_>>().join(", "))}</p>
            {(!i.attribution.is_empty()).then(|| view! { <p class="hint">{format!("Shown with the questionnaire: {}", i.attribution)}</p> })}
        </details>
    }
    .into_any()
}

fn instrument_table(rows: Vec<InstrumentSummary>, activate: ServerAction<ActivateInstrument>) -> AnyView {
    view! {
        <CardTable caption="Questionnaires" class="instrument-table" columns=&["Questionnaire", "Licence", "Evaluations begun", "Pairs", "New pre-evaluations"]>
                    {rows.into_iter().map(|r| {
                        let i = r.instrument;
                        let version = i.version.clone();
                        let label = format!("Use {} for new pre-evaluations", i.name);
                        let licence = if i.is_builtin() { "Written for Tandem: no licence needed".to_string() } else { i.licence.clone() };
                        view! {
                            <Row>
                                <RowHead label="Questionnaire">
                                    {i.name.clone()}
                                    <br /><span class="muted">{format!("Version {}", i.version)}{r.installed_at.map(|d| format!(", installed {d}"))}</span>
                                    {statements(&i)}
                                </RowHead>
                                <Cell label="Licence">{licence}</Cell>
                                <Cell label="Evaluations begun">{r.evaluations}</Cell>
                                <Cell label="Pairs">{r.pairs}</Cell>
                                <Cell label="New pre-evaluations">{if r.active {
                                    view! { <strong class="tag tag-done">"In use"</strong> }.into_any()
                                } else {
                                    view! {
                                        <ActionForm action=activate>
                                            <input type="hidden" name="version" value=version />
                                            <button type="submit" class="button button-secondary" aria-label=label>"Use for new pre-evaluations"</button>
                                        </ActionForm>
                                    }.into_any()
                                }}</Cell>
                            </Row>
                        }
                    }).collect_view()}
        </CardTable>
    }
    .into_any()
}

#[component]
pub fn InstrumentsPage() -> impl IntoView {
    let install = ServerAction::<InstallInstrument>::new();
    let activate = ServerAction::<ActivateInstrument>::new();
    let (installed, activated) = (successes(install), successes(activate));
    let data = Resource::new(move || (installed.get(), activated.get()), |_| instruments());
    let (errors, on_submit) = use_form(install, |s: &InstallInstrument| {
        InstrumentInput {
            version: s.version.clone(),
            name: s.name.clone(),
            licence: s.licence.clone(),
            attribution: s.attribution.clone(),
            licence_confirmed: s.licence_confirmed.clone(),
            scale: s.scale.clone(),
            items: s.items.clone(),
        }
        .validate()
        .err()
        .unwrap_or_default()
    });
    let confirm_err = move || errors.with(|e| e.get("licence_confirmed").map(str::to_owned));
    view! {
        <Title text="Questionnaires" />
        <section class="wrap">
            <h1>"Questionnaires"</h1>
            <p class="lead">"Young people answer the same questionnaire before and at the end of mentoring, so their answers pair. New pre-evaluations use the one in use; anyone who has begun keeps theirs, and their end evaluation uses the same version. Installed versions never change: to change a statement, install a new version."</p>
            {said(activate, |v| format!("New pre-evaluations now use version {v}."))}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(rows) => instrument_table(rows, activate),
                })}
            </Suspense>
            <h2>"Install a licensed questionnaire"</h2>
            <p>{format!("For a validated scale the programme holds a licence for. Up to {MAX_ITEMS} statements on one answer scale of 2 to 7 points. It is installed unused; choose it above when it should start.")}</p>
            <ErrorSummary errors />
            <FormAlert value=outcome(install) />
            <form method="post" action=InstallInstrument::url() on:submit=on_submit novalidate class="panel">
                <Field label="Version" name="version" errors hint="A new name for this exact set of statements, for example licensed-2027.1" />
                <Field label="Name" name="name" errors hint="As staff and reports will see it" />
                <TextAreaField label="Licence" name="licence" errors rows=2 hint="Who holds the licence, its reference and its terms" />
                <TextAreaField label="Notice to show with the questionnaire (optional)" name="attribution" errors rows=2 hint="The copyright or attribution wording the licence asks for" />
                <TextAreaField label="Answer scale" name="scale" errors rows=5 hint="One answer per line, from the lowest score (1) to the highest" />
                <TextAreaField label="Statements" name="items" errors rows=10 hint=ITEMS_HINT />
                <div class="field" id="f-licence_confirmed" class:field-invalid=move || confirm_err().is_some()>
                    {move || confirm_err().map(|m| view! { <p class="error-message">{m}</p> })}
                    <label class="checkbox"><input type="checkbox" name="licence_confirmed" value="yes" /><span>"The programme holds a licence to use these statements"</span></label>
                </div>
                <button type="submit" class="button" disabled=move || install.pending().get()>"Install"</button>
            </form>
            {said(install, |v| format!("Installed version {v}. It is not in use until you choose it above."))}
        </section>
    }
}
