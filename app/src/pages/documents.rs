//! The help centre (`/help`), readable by anyone without signing in or JavaScript, with a
//! search that is a plain GET form; and the staff pages that edit its answers, each edit a
//! new version.

use crate::api::documents::{EditHelpText, help_text, help_texts, load_help};
use crate::components::form::{ErrorSummary, Field, FormAlert, TextAreaField, outcome, said, successes, use_form};
use crate::components::table::{CardTable, Cell, Row};
use crate::components::text::PlainText;
use crate::pages::id_param;
use crate::pages::status::ErrorPage;
use domain::documents::{DocumentEdit, DocumentInput, HelpCentre};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

fn help_view(help: HelpCentre) -> AnyView {
    let searching = !help.query.is_empty();
    let found = help.shown();
    let summary = match (searching, found) {
        (false, _) => None,
        (true, 0) => Some(format!("No answers found for “{}”. Try fewer or different words.", help.query)),
        (true, 1) => Some(format!("1 answer of {} found for “{}”.", help.total, help.query)),
        (true, n) => Some(format!("{n} answers of {} found for “{}”.", help.total, help.query)),
    };
    view! {
        <form method="get" action="/help" class="filters help-search" role="search">
            <div class="field">
                <label for="help-q">"Search the help centre"</label>
                <input id="help-q" name="q" type="search" value=help.query.clone() maxlength="100" />
            </div>
            <button type="submit" class="button button-secondary">"Search"</button>
        </form>
        {summary.map(|s| view! {
            <p class="alert alert-info" role="status">{s}" "<a href="/help">"Show every answer"</a></p>
        })}
        {(!searching).then(|| view! {
            <nav class="panel help-contents" aria-label="Questions">
                <h2>"Questions"</h2>
                <ul>
                    {help.sections.iter().flat_map(|s| s.answers.iter()).map(|a| view! {
                        <li><a href=format!("#{}", a.slug)>{a.question.clone()}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
        })}
        {help.sections.into_iter().map(|s| view! {
            <section class="help-section">
                <h2>{s.title}</h2>
                {s.answers.into_iter().map(|a| {
                    let heading = format!("{}-q", a.slug);
                    let labelled_by = heading.clone();
                    view! {
                        <article class="panel help-answer" id=a.slug aria-labelledby=labelled_by>
                            <h3 id=heading>{a.question}</h3>
                            <PlainText body=a.body />
                        </article>
                    }
                }).collect_view()}
            </section>
        }).collect_view()}
    }
    .into_any()
}

#[component]
pub fn HelpPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(move || query.with(|q| q.get("q")), load_help);
    view! {
        <Title text="Help" />
        <section class="wrap narrow">
            <h1>"Help"</h1>
            <p class="lead">"Answers to the questions mentors and young people ask us most."</p>
            <p>
                "Worried about a young person's safety? "
                <a href="/concern">"Report a concern"</a>
                ". If someone is in immediate danger, call 999."
            </p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(help) => help_view(help),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn HelpAdminPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| help_texts());
    view! {
        <Title text="Help centre" />
        <section class="wrap">
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || rows.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(rows) => view! {
                        <h1>"Help centre"</h1>
                        <p class="lead">"Edit the answers in the help centre. Each save is a new version: the one before is kept, with who changed it and when."</p>
                        <p><a href="/help">"See the help centre as people see it"</a></p>
                        <CardTable caption="Help centre answers" hidden_caption=true columns=&["Question", "Section", "Version", "Last changed"]>
                            {rows.into_iter().map(|d| view! {
                                <Row>
                                    <Cell label="Question"><a href=format!("/admin/help/{}", d.id)>{d.title}</a></Cell>
                                    <Cell label="Section">{d.section}</Cell>
                                    <Cell label="Version">{d.version}</Cell>
                                    <Cell label="Last changed">{format!("{} by {}", d.changed_on, d.changed_by)}</Cell>
                                </Row>
                            }).collect_view()}
                        </CardTable>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn HelpEditPage() -> impl IntoView {
    let id = id_param("id");
    let action = ServerAction::<EditHelpText>::new();
    let saved = successes(action);
    let doc = Resource::new(move || (id(), saved.get()), |(id, _)| help_text(id));
    view! {
        <Title text="Edit a help answer" />
        <section class="wrap narrow">
            <p class="eyebrow"><a href="/admin/help">"Help centre"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || doc.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(d) => view! { <HelpEditForm d action /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn HelpEditForm(d: DocumentEdit, action: ServerAction<EditHelpText>) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |f: &EditHelpText| {
        DocumentInput { title: f.title.clone(), body: f.body.clone() }.validate().err().unwrap_or_default()
    });
    view! {
        <h1>"Edit a help answer"</h1>
        <p class="muted">{format!("{} · version {} · shown at /help#{}", d.section, d.version, d.slug)}</p>
        {said(action, |v| format!("Saved. People now see version {v}."))}
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=EditHelpText::url() on:submit=on_submit novalidate>
            <input type="hidden" name="id" value=d.id.to_string() />
            <input type="hidden" name="seen" value=d.version.to_string() />
            <Field label="Question" name="title" value=d.title errors required=true />
            <TextAreaField label="Answer" name="body" value=d.body rows=12 errors hint="Leave a blank line between paragraphs. Start a line with “- ” for a list item." />
            <button type="submit" class="button" disabled=move || action.pending().get()>"Save a new version"</button>
        </form>
        <h2>"Versions"</h2>
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Versions of this answer, newest first"</caption>
                <thead><tr><th scope="col">"Version"</th><th scope="col">"Question"</th><th scope="col">"Changed"</th></tr></thead>
                <tbody>
                    {d.history.into_iter().map(|v| view! {
                        <tr><td>{v.version}</td><td>{v.title}</td><td>{format!("{} by {}", v.changed_on, v.changed_by)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
