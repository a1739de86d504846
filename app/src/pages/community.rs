//! The community bulletin: posts from the Tandem team for mentors, young people or everyone,
//! newest first with a link to older ones (a plain link, so it works without JavaScript);
//! staff publish from the same page.

use crate::api::community::{PublishBulletin, bulletin};
use crate::components::form::{
    ErrorSummary, Field, FormAlert, TextAreaField, outcome, said, successes, use_record_form,
};
use crate::pages::library::CommunityTabs;
use crate::pages::status::ErrorPage;
use domain::community::{Audience, BulletinInput, BulletinPage, BulletinPost};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

fn post_view(p: BulletinPost) -> impl IntoView {
    view! {
        <article class="panel bulletin-post" aria-labelledby=format!("post-{}", p.id)>
            <h2 id=format!("post-{}", p.id)>{p.title}</h2>
            <p class="muted">{format!("{} · for {}", p.published, p.audience.label().to_lowercase())}</p>
            {p.body.split("\n\n").map(|para| view! { <p>{para.trim().to_string()}</p> }).collect_view()}
        </article>
    }
}

#[component]
fn PublishForm(publish: ServerAction<PublishBulletin>) -> impl IntoView {
    let (errors, on_submit) = use_record_form(publish, |s: &PublishBulletin| {
        BulletinInput { title: s.title.clone(), body: s.body.clone(), audience: s.audience.clone() }
            .validate()
            .err()
            .unwrap_or_default()
    });
    let audience_err = move || errors.with(|e| e.get("audience").map(str::to_owned));
    view! {
        <details class="panel">
            <summary>"Publish a post"</summary>
            <ErrorSummary errors />
            <FormAlert value=outcome(publish) />
            <form method="post" action=PublishBulletin::url() on:submit=on_submit novalidate>
                <Field label="Title" name="title" errors />
                <TextAreaField label="Post" name="body" errors rows=6 hint="Leave a blank line between paragraphs" />
                <fieldset class="field" id="f-audience" class:field-invalid=move || audience_err().is_some()>
                    <legend>"Who is it for?"</legend>
                    {move || audience_err().map(|m| view! { <p class="error-message">{m}</p> })}
                    {Audience::ALL.into_iter().map(|a| view! {
                        <label class="radio"><input type="radio" name="audience" value=a.as_str() /><span>{a.label()}</span></label>
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button" disabled=move || publish.pending().get()>"Publish"</button>
            </form>
        </details>
    }
}

fn bulletin_view(page: BulletinPage) -> AnyView {
    view! {
        {if page.posts.is_empty() {
            view! { <p>"No posts yet."</p> }.into_any()
        } else {
            page.posts.into_iter().map(post_view).collect_view().into_any()
        }}
        {page.older.map(|id| view! { <p><a class="button button-secondary" href=format!("/community?before={id}")>"Older posts"</a></p> })}
    }
    .into_any()
}

#[component]
pub fn CommunityPage() -> impl IntoView {
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").and_then(|v| v.parse::<i64>().ok()));
    let publish = ServerAction::<PublishBulletin>::new();
    let published = successes(publish);
    let data = Resource::new(move || (before(), published.get()), |(b, _)| bulletin(b));
    view! {
        <Title text="Community" />
        <section class="wrap narrow">
            <h1>"Community"</h1>
            <CommunityTabs current="/community" />
            <p class="lead">"News, events and skill-builders from the Tandem team."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(page) => view! {
                        {page.can_publish.then(|| view! { <PublishForm publish /> {said(publish, |_| "Published.".to_string())} })}
                        {bulletin_view(page)}
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
