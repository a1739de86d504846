//! The help centre (`/help`), readable by anyone without signing in or JavaScript, with a
//! search that is a plain GET form; and the staff pages that edit its answers, each edit a
//! new version.

use crate::api::documents::{EditHelpText, help_text, help_texts, load_help};
use crate::components::form::{
    CheckboxField, ErrorSummary, Field, FormAlert, TextAreaField, outcome, said, successes, use_form,
};
use crate::components::table::{CardTable, Cell, Row};
use crate::components::text::PlainText;
use crate::pages::id_param;
use crate::pages::status::ErrorPage;
use domain::documents::{DocumentEdit, DocumentInput, DocumentRow, HelpCentre};
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

/// The staff list of one kind of text (help answers or policies): each text's current
/// version and who last changed it, linking to its editor at `{edit_base}/{id}`.
pub fn texts_table(
    rows: Vec<DocumentRow>,
    caption: &'static str,
    columns: &'static [&'static str; 4],
    edit_base: &'static str,
) -> AnyView {
    let [title, section, version, changed] = *columns;
    view! {
        <CardTable caption=caption hidden_caption=true columns=columns>
            {rows.into_iter().map(|d| view! {
                <Row>
                    <Cell label=title><a href=format!("{edit_base}/{}", d.id)>{d.title}</a></Cell>
                    <Cell label=section>{d.section}</Cell>
                    <Cell label=version>{d.version}</Cell>
                    <Cell label=changed>{format!("{} by {}", d.changed_on, d.changed_by)}</Cell>
                </Row>
            }).collect_view()}
        </CardTable>
    }
    .into_any()
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
                        {texts_table(rows, "Help centre answers", &["Question", "Section", "Version", "Last changed"], "/admin/help")}
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
        <Title text="Edit a text" />
        <section class="wrap narrow">
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || doc.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(d) => view! { <HelpEditForm d action /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The edit form of a help answer or a policy (the page at `/admin/help/{id}` or
/// `/admin/policies/{id}`): the same versioned text, with a policy's own words and, for the
/// policies mentors accept, the choice of asking them to accept the new version.
#[component]
fn HelpEditForm(d: DocumentEdit, action: ServerAction<EditHelpText>) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |f: &EditHelpText| {
        DocumentInput { title: f.title.clone(), body: f.body.clone() }.validate().err().unwrap_or_default()
    });
    let policy = d.kind == "policy";
    let accepted_by_mentors = policy && domain::policies::MENTOR_POLICIES.contains(&d.slug.as_str());
    let (list, list_name, heading, title_label, body_label, address) = if policy {
        ("/admin/policies", "Policies", "Edit a policy", "Title", "Text", format!("/policies/{}", d.slug))
    } else {
        ("/admin/help", "Help centre", "Edit a help answer", "Question", "Answer", format!("/help#{}", d.slug))
    };
    let history_caption =
        if policy { "Versions of this policy, newest first" } else { "Versions of this answer, newest first" };
    view! {
        <p class="eyebrow"><a href=list>{list_name}</a></p>
        <h1>{heading}</h1>
        <p class="muted">{format!("{} · version {} · shown at {address}", d.section, d.version)}</p>
        {said(action, move |v| if policy {
            format!("Saved. People now read version {v}.")
        } else {
            format!("Saved. People now see version {v}.")
        })}
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=EditHelpText::url() on:submit=on_submit novalidate>
            <input type="hidden" name="id" value=d.id.to_string() />
            <input type="hidden" name="seen" value=d.version.to_string() />
            <Field label=title_label name="title" value=d.title errors required=true />
            <TextAreaField label=body_label name="body" value=d.body rows=14 errors hint="Leave a blank line between paragraphs. Start a line with “- ” for a list item." />
            {accepted_by_mentors.then(|| view! {
                <CheckboxField
                    label="Ask every mentor to accept this version"
                    name="asks_again"
                    errors
                    hint="Tick for a change to what mentors agree to: each is asked when they next sign in and is not matched until they accept. Leave it for a correction, such as a spelling mistake."
                />
            })}
            <button type="submit" class="button" disabled=move || action.pending().get()>"Save a new version"</button>
        </form>
        <h2>"Versions"</h2>
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">{history_caption}</caption>
                <thead><tr><th scope="col">"Version"</th><th scope="col">{title_label}</th><th scope="col">"Changed"</th></tr></thead>
                <tbody>
                    {d.history.into_iter().map(|v| {
                        let asked = (accepted_by_mentors && v.asks_again).then_some(" · mentors asked to accept it");
                        view! {
                            <tr><td>{v.version}</td><td>{v.title}</td><td>{format!("{} by {}", v.changed_on, v.changed_by)}{asked}</td></tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
