//! The privacy page: the notice, how long Tandem keeps what, the download, and deleting
//! one's account.

use crate::api::privacy::{EraseMyAccount, privacy_settings};
use crate::components::form::{ErrorSummary, Field, FormAlert, outcome, use_form};
use crate::pages::status::ErrorPage;
use domain::privacy::{NOTICE, RETENTION};
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let erase = ServerAction::<EraseMyAccount>::new();
    let data = Resource::new(|| (), |_| privacy_settings());
    let (errors, on_submit) = use_form(erase, |s: &EraseMyAccount| {
        let mut e = domain::FieldErrors::new();
        if s.confirm.as_deref() != Some("yes") {
            e.add("confirm", "Tick the box to confirm you want your account deleted");
        }
        if s.password.is_empty() {
            e.add("password", "Enter your password");
        }
        e
    });
    let confirm_err = move || errors.with(|e| e.get("confirm").map(str::to_owned));
    view! {
        <Title text="Your privacy" />
        <section class="wrap narrow">
            <h1>"Your privacy"</h1>
            {NOTICE.iter().map(|(h, body)| view! { <h2>{*h}</h2><p>{*body}</p> }).collect_view()}
            <h2 id="equality">"Equality monitoring"</h2>
            <p>{domain::equality::PURPOSE}</p>
            <p>{domain::equality::LAWFUL_BASIS}</p>
            <p>"Young people answer under their application, mentors under their profile."</p>
            <h2>"Download your data"</h2>
            <p>"One file with everything we hold about you (except safeguarding records and other people's information)."</p>
            <p><a class="button button-secondary" href="/privacy/export.json" download>"Download my data"</a></p>
            <h2>"How long we keep things"</h2>
            <div class="table-wrap">
                <table>
                    <thead><tr><th scope="col">"What"</th><th scope="col">"How long"</th></tr></thead>
                    <tbody>
                        {RETENTION.iter().map(|r| view! { <tr><td>{r.what}</td><td>{r.kept_for}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <h2>"Delete your account"</h2>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(p) if !p.can_erase => view! {
                        <p>{p.erase_blocked.unwrap_or_default()}</p>
                    }.into_any(),
                    Ok(p) => view! {
                        {p.under_18.then(|| view! { <p>"You can talk to your Mentoring Coordinator first if you are not sure."</p> })}
                        <p>"This deletes your account and what you have told us, and takes your name out of our records. It cannot be undone. Safeguarding records are kept, as the law requires."</p>
                        <ErrorSummary errors />
                        <FormAlert value=outcome(erase) />
                        <form method="post" action=EraseMyAccount::url() on:submit=on_submit.clone() novalidate>
                            <Field label="Your password" name="password" kind="password" autocomplete="current-password" errors />
                            <div class="field" id="f-confirm" class:field-invalid=move || confirm_err().is_some()>
                                {move || confirm_err().map(|m| view! { <p class="error-message">{m}</p> })}
                                <label class="checkbox"><input type="checkbox" name="confirm" value="yes" /><span>"I understand: delete my account for good"</span></label>
                            </div>
                            <button type="submit" class="button button-danger">"Delete my account"</button>
                        </form>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
