//! The resource library and the mentor network directory, beside the bulletin under
//! Community. Lists page with plain links (keyset cursors), so they work without JavaScript.

use crate::api::auth::use_auth;
use crate::api::library::{CompleteResource, PublishResource, SetListing, network, resources};
use crate::components::form::{ErrorSummary, Field, FormAlert, TextAreaField, outcome, said, successes, use_form};
use crate::pages::status::ErrorPage;
use domain::Role;
use domain::community::Audience;
use domain::library::{
    ListingInput, NetworkPage, Resource as LibraryResource, ResourceInput, ResourceKind, ResourcePage, TOPICS,
    topic_label,
};
use domain::profiles::REGIONS;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

/// The links between the community's pages; the current one is marked for screen readers.
#[component]
pub fn CommunityTabs(current: &'static str) -> impl IntoView {
    let auth = use_auth();
    let tabs = move || {
        let role = auth.user.get().and_then(Result::ok).flatten().map(|u| u.role);
        let mut t = vec![("/community", "Bulletin"), ("/community/resources", "Resources")];
        if matches!(role, Some(Role::Mentor | Role::Staff)) {
            t.push(("/community/network", "Mentor network"));
        }
        t
    };
    view! {
        <nav class="tabs" aria-label="Community">
            <Transition fallback=|| ()>
                {move || tabs().into_iter().map(|(href, label)| view! {
                    <a href=href class:current=href == current aria-current=(href == current).then_some("page")>{label}</a>
                }).collect_view()}
            </Transition>
        </nav>
    }
}

fn choice_group(
    name: &'static str,
    legend: &'static str,
    options: Vec<(&'static str, &'static str)>,
    errors: Signal<domain::FieldErrors>,
) -> impl IntoView {
    let err = move || errors.with(|e| e.get(name).map(str::to_owned));
    view! {
        <fieldset class="field" id=format!("f-{name}") class:field-invalid=move || err().is_some()>
            <legend>{legend}</legend>
            {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
            {options.into_iter().map(|(v, l)| view! {
                <label class="radio"><input type="radio" name=name value=v /><span>{l}</span></label>
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn PublishResourceForm(publish: ServerAction<PublishResource>) -> impl IntoView {
    let (errors, on_submit) = use_form(publish, |s: &PublishResource| {
        ResourceInput {
            title: s.title.clone(),
            summary: s.summary.clone(),
            body: s.body.clone(),
            link: s.link.clone(),
            topic: s.topic.clone(),
            kind: s.kind.clone(),
            audience: s.audience.clone(),
            minutes: s.minutes.clone(),
        }
        .validate()
        .err()
        .unwrap_or_default()
    });
    let topic_err = move || errors.with(|e| e.get("topic").map(str::to_owned));
    view! {
        <details class="panel">
            <summary>"Add a resource"</summary>
            <ErrorSummary errors />
            <FormAlert value=outcome(publish) />
            <form method="post" action=PublishResource::url() on:submit=on_submit novalidate>
                <Field label="Title" name="title" errors />
                <Field label="Summary" name="summary" errors hint="One sentence: what it is for" />
                <TextAreaField label="Text" name="body" errors rows=6 hint="Leave a blank line between paragraphs. Optional when you give a link." />
                <Field label="Link" name="link" kind="url" errors hint="Optional: a web address starting with https://" />
                <div class="field" class:field-invalid=move || topic_err().is_some()>
                    <label for="f-topic">"Topic"</label>
                    {move || topic_err().map(|m| view! { <p class="error-message">{m}</p> })}
                    <select id="f-topic" name="topic">
                        <option value="">"Choose a topic"</option>
                        {TOPICS.iter().map(|(k, l)| view! { <option value=*k>{*l}</option> }).collect_view()}
                    </select>
                </div>
                {choice_group("kind", "What is it?", ResourceKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect(), errors)}
                {choice_group("audience", "Who is it for?", Audience::ALL.iter().map(|a| (a.as_str(), a.label())).collect(), errors)}
                <Field label="Minutes it takes" name="minutes" kind="number" errors />
                <button type="submit" class="button" disabled=move || publish.pending().get()>"Add to the library"</button>
            </form>
        </details>
    }
}

fn resource_view(r: LibraryResource, can_complete: bool, complete: ServerAction<CompleteResource>) -> impl IntoView {
    let heading = format!("resource-{}", r.id);
    let labelled_by = heading.clone();
    let skill = r.kind == ResourceKind::SkillBuilder;
    let meta = format!(
        "{} · {} · about {} min · for {}",
        r.kind.label(),
        topic_label(&r.topic).unwrap_or(""),
        r.minutes,
        r.audience.label().to_lowercase()
    );
    view! {
        <article class="panel resource" class:resource-done=r.done aria-labelledby=labelled_by>
            <h2 id=heading>{r.title.clone()}</h2>
            <p class="muted">{meta}</p>
            <p class="lead-small">{r.summary}</p>
            {r.body.split("\n\n").filter(|p| !p.trim().is_empty()).map(|para| view! { <p>{para.trim().to_string()}</p> }).collect_view()}
            {r.link.clone().map(|l| view! { <p><a href=l rel="noopener noreferrer" target="_blank">{format!("Open “{}” (opens in a new tab)", r.title)}</a></p> })}
            {(skill && can_complete).then(|| view! {
                {r.done.then(|| view! { <p class="tag tag-done">"Done"</p> })}
                <ActionForm action=complete>
                    <input type="hidden" name="id" value=r.id.to_string() />
                    <input type="hidden" name="done" value=(!r.done).to_string() />
                    <button type="submit" class="button button-secondary" aria-label=format!("{}: {}", if r.done { "Mark as not done" } else { "Mark as done" }, r.title)>
                        {if r.done { "Mark as not done" } else { "Mark as done" }}
                    </button>
                </ActionForm>
            })}
        </article>
    }
}

fn library_view(page: ResourcePage, complete: ServerAction<CompleteResource>) -> AnyView {
    let topic_q = page.topic.clone().map(|t| format!("topic={t}&")).unwrap_or_default();
    let can_complete = page.can_complete;
    view! {
        <form method="get" action="/community/resources" class="filters">
            <div class="field">
                <label for="topic-filter">"Show topic"</label>
                <select id="topic-filter" name="topic">
                    <option value="">"All topics"</option>
                    {TOPICS.iter().map(|(k, l)| view! { <option value=*k selected=page.topic.as_deref() == Some(*k)>{*l}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button button-secondary">"Show"</button>
        </form>
        {(page.can_complete && page.skill_builders > 0).then(|| view! {
            <div class="progress-line">
                <label for="skill-progress">{format!("Skill-builders done: {} of {}", page.skill_builders_done, page.skill_builders)}</label>
                <progress id="skill-progress" max=page.skill_builders.to_string() value=page.skill_builders_done.to_string()></progress>
            </div>
        })}
        {if page.resources.is_empty() {
            view! { <p>"Nothing in the library here yet."</p> }.into_any()
        } else {
            page.resources.into_iter().map(|r| resource_view(r, can_complete, complete)).collect_view().into_any()
        }}
        {page.older.map(|id| view! { <p><a class="button button-secondary" href=format!("/community/resources?{topic_q}before={id}")>"More resources"</a></p> })}
    }
    .into_any()
}

#[component]
pub fn ResourcesPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        query.with(|q| (q.get("topic").filter(|t| !t.is_empty()), q.get("before").and_then(|v| v.parse::<i64>().ok())))
    };
    let publish = ServerAction::<PublishResource>::new();
    let published = successes(publish);
    let complete = ServerAction::<CompleteResource>::new();
    let data = Resource::new(
        move || (args(), published.get(), complete.version().get()),
        |((topic, before), _, _)| resources(topic, before),
    );
    view! {
        <Title text="Resource library" />
        <section class="wrap narrow">
            <h1>"Resource library"</h1>
            <CommunityTabs current="/community/resources" />
            <p class="lead">"Guides to read and skill-builders to practise, from the Tandem team."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(page) => view! {
                        {page.can_publish.then(|| view! { <PublishResourceForm publish /> {said(publish, |_| "Added to the library.".to_string())} })}
                        {library_view(page, complete)}
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ListingForm(mine: ListingInput, action: ServerAction<SetListing>) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |s: &SetListing| {
        ListingInput { listed: s.listed.is_some(), note: s.note.clone() }.validate().err().unwrap_or_default()
    });
    view! {
        <details class="panel" open=!mine.listed>
            <summary>{if mine.listed { "Your listing" } else { "Join the directory" }}</summary>
            <p>"Other approved mentors will see your first name and initial, job title, sector, employer, region, skills and the note below. You can leave at any time."</p>
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=SetListing::url() on:submit=on_submit novalidate>
                <div class="field" id="f-listed">
                    <label class="checkbox"><input type="checkbox" name="listed" value="on" checked=mine.listed /><span>"List me in the mentor network"</span></label>
                </div>
                <TextAreaField label="What would you like to talk about with other mentors?" name="note" errors rows=3 value=mine.note hint="Up to 300 characters, e.g. “Happy to share what worked with a quiet mentee”" />
                <button type="submit" class="button" disabled=move || action.pending().get()>"Save"</button>
            </form>
            {said(action, |_| "Saved.".to_string())}
        </details>
    }
}

fn network_view(page: NetworkPage) -> AnyView {
    let region_q = page.region.clone().map(|r| format!("region={}&", r.replace(' ', "+"))).unwrap_or_default();
    view! {
        <form method="get" action="/community/network" class="filters">
            <div class="field">
                <label for="region-filter">"Show region"</label>
                <select id="region-filter" name="region">
                    <option value="">"All regions"</option>
                    {REGIONS.iter().map(|r| view! { <option value=*r selected=page.region.as_deref() == Some(*r)>{*r}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button button-secondary">"Show"</button>
        </form>
        {if page.entries.is_empty() {
            view! { <p>"No mentors are listed here yet."</p> }.into_any()
        } else {
            view! {
                <ul class="network-list">
                    {page.entries.into_iter().map(|e| view! {
                        <li class="panel">
                            <h2>{e.name}</h2>
                            <p class="muted">{[e.job_title, e.employer, e.sector, e.region].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}</p>
                            {(!e.skills.is_empty()).then(|| view! { <p>{format!("Skills: {}", e.skills.join(", "))}</p> })}
                            <p>{e.note}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {page.next.map(|id| view! { <p><a class="button button-secondary" href=format!("/community/network?{region_q}after={id}")>"More mentors"</a></p> })}
    }
    .into_any()
}

#[component]
pub fn NetworkDirectoryPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || {
        query.with(|q| (q.get("region").filter(|t| !t.is_empty()), q.get("after").and_then(|v| v.parse::<i64>().ok())))
    };
    let save = ServerAction::<SetListing>::new();
    let saved = successes(save);
    let data = Resource::new(move || (args(), saved.get()), |((region, after), _)| network(region, after));
    view! {
        <Title text="Mentor network" />
        <section class="wrap narrow">
            <h1>"Mentor network"</h1>
            <CommunityTabs current="/community/network" />
            <p class="lead">"Approved mentors who chose to be listed, to swap ideas and support each other. It never shows the young people you mentor."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(NetworkPage { closed: Some(reason), .. }) => view! { <p class="alert alert-info" role="status">{reason}</p> }.into_any(),
                    Ok(page) => view! {
                        {page.mine.clone().map(|mine| view! { <ListingForm mine action=save /> })}
                        {network_view(page)}
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
