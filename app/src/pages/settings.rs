//! Programme settings for staff: how many sessions an adult pair hold online before they may
//! meet in person, and which video service pairs' rooms are on.

use crate::api::settings::{SaveSettings, load_settings};
use crate::components::form::{ErrorSummary, Field, FormAlert, outcome, said, successes, use_form};
use crate::pages::status::ErrorPage;
use domain::programme::{MAX_ONLINE_SESSIONS_FIRST, ProgrammeSettings, parse_online_sessions_first};
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveSettings>::new();
    let saved = successes(save);
    let data = Resource::new(move || saved.get(), |_| load_settings());
    view! {
        <Title text="Programme settings" />
        <section class="wrap narrow">
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(s) => view! { <SettingsForm s save /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SettingsForm(s: ProgrammeSettings, save: ServerAction<SaveSettings>) -> impl IntoView {
    let (errors, on_submit) = use_form(save, |f: &SaveSettings| {
        parse_online_sessions_first(&f.online_sessions_first).err().unwrap_or_default()
    });
    let video = match s.video_service {
        Some(url) => format!(
            "Each match has its own room on {url}, with a random name only the pair (and an under-18's Mentoring Coordinator) are given. It is filled in as the link for online sessions."
        ),
        None => "No video service is set up (TANDEM_VIDEO_BASE_URL), so pairs paste their own meeting link for online sessions.".to_string(),
    };
    view! {
        <h1>"Programme settings"</h1>
        <h2>"Safer sessions"</h2>
        <p>"Adult pairs start online. Until they have held this many sessions online, the session forms offer online only. Young people under 18 meet in person only at their school or youth partner."</p>
        <ErrorSummary errors />
        <FormAlert value=outcome(save) />
        <form method="post" action=SaveSettings::url() on:submit=on_submit novalidate>
            <Field
                label="Online sessions before meeting in person"
                name="online_sessions_first"
                kind="number"
                hint="A whole number from 0 (meet in person from the start) to 12."
                value=s.online_sessions_first.to_string()
                errors
                required=true
            />
            <button type="submit" class="button" disabled=move || save.pending().get()>"Save settings"</button>
        </form>
        {said(save, |n: u32| format!("Saved: adult pairs hold {} online before meeting in person.", domain::count(n, "session", "sessions")))}
        <p class="muted">{s.changed.unwrap_or_else(|| format!("The programme's default ({} of at most {MAX_ONLINE_SESSIONS_FIRST}); nobody has changed it.", domain::mentoring::ONLINE_SESSIONS_FIRST))}</p>
        <h2>"Video rooms"</h2>
        <p>{video}</p>
    }
}
