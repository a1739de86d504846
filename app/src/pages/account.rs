use crate::api::auth::{ChangePassword, ConfirmTwoStep, DisableTwoStep, two_step_status, use_auth};
use crate::components::form::{ErrorSummary, Field, FormAlert, NewPasswordField, outcome, successes, use_form};
use crate::error::AppError;
use crate::pages::status::ErrorPage;
use domain::FieldErrors;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = use_auth();
    // The sections that load data of their own are made here, outside the Transition that
    // waits for the person: made inside it, they took their places in the order of the page's
    // resources only once the server had the person, and hydration now and then read another
    // section's data (a panic in the browser).
    view! {
        <Title text="Your account" />
        <section class="wrap narrow">
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || {
                    auth.user
                        .get()
                        .map(|r| match r {
                            Ok(Some(u)) => {
                                view! {
                                    <h1>"Your account"</h1>
                                    <dl class="summary-list">
                                        <div><dt>"Name"</dt><dd>{u.name}</dd></div>
                                        <div><dt>"Email"</dt><dd>{u.email}</dd></div>
                                        <div><dt>"Role"</dt><dd>{u.role.label()}</dd></div>
                                    </dl>
                                    <ChangePasswordForm />
                                }
                                    .into_any()
                            }
                            Ok(None) => view! { <ErrorPage error=AppError::Unauthenticated /> }.into_any(),
                            Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        })
                }}
            </Transition>
            <TwoStepSection />
            <crate::pages::mail::MailChoicesSection />
        </section>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let (errors, on_submit) = use_form(action, |c: &ChangePassword| {
        let mut e = FieldErrors::new();
        if c.current_password.is_empty() {
            e.add("current_password", "Enter your current password");
        }
        e.check("new_password", domain::password::check(&c.new_password, &[]));
        e
    });
    view! {
        <h2>"Change your password"</h2>
        <p>"Changing your password signs you out on every other device."</p>
        {move || matches!(outcome(action).get(), Some(Ok(()))).then(|| view! {
            <div class="alert alert-success" role="status">"Your password has been changed."</div>
        })}
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=ChangePassword::url() on:submit=on_submit novalidate>
            <Field label="Current password" name="current_password" kind="password" autocomplete="current-password" errors required=true />
            <NewPasswordField label="New password" name="new_password" errors />
            <button type="submit" class="button" disabled=move || action.pending().get()>"Change password"</button>
        </form>
    }
}

/// Two-step verification: required (and always on) for staff, safeguarding leads and
/// coordinators; a choice for everyone else.
#[component]
fn TwoStepSection() -> impl IntoView {
    let start = Action::new(|_: &()| crate::api::auth::start_two_step());
    let confirm = ServerAction::<ConfirmTwoStep>::new();
    let disable = ServerAction::<DisableTwoStep>::new();
    let (turned_on, turned_off) = (successes(confirm), successes(disable));
    let status = Resource::new(move || (turned_on.get(), turned_off.get()), |_| two_step_status());
    let (confirm_errors, on_confirm) = use_form(confirm, |c: &ConfirmTwoStep| {
        if c.code.trim().is_empty() {
            FieldErrors::single("code", "Enter the 6-digit code from your app")
        } else {
            FieldErrors::new()
        }
    });
    let (disable_errors, on_disable) = use_form(disable, |d: &DisableTwoStep| {
        if d.password.is_empty() { FieldErrors::single("password", "Enter your password") } else { FieldErrors::new() }
    });
    view! {
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || status.get().map(|r| match r {
                // Signed out: the page says so once, above.
                Err(AppError::Unauthenticated) => ().into_any(),
                Err(e) => view! { <h2>"Two-step verification"</h2><ErrorPage error=e /> }.into_any(),
                Ok(s) if s.on && s.required => view! {
                    <h2>"Two-step verification"</h2>
                    <p class="alert alert-success" role="status">"On. Your role needs a code from your authenticator app at every sign-in."</p>
                }.into_any(),
                Ok(s) if s.on => view! {
                    <h2>"Two-step verification"</h2>
                    <p class="alert alert-success" role="status">"On: you sign in with your password and a code from your app."</p>
                    <ErrorSummary errors=disable_errors />
                    <FormAlert value=outcome(disable) />
                    <form method="post" action=DisableTwoStep::url() on:submit=on_disable.clone() novalidate>
                        <Field label="Password, to turn it off" name="password" kind="password" autocomplete="current-password" errors=disable_errors />
                        <button type="submit" class="button button-secondary">"Turn two-step verification off"</button>
                    </form>
                }.into_any(),
                Ok(_) => {
                    let on_confirm = on_confirm.clone();
                    view! {
                    <h2>"Two-step verification"</h2>
                    <p>"Add a code from an authenticator app to your password, so a stolen password alone cannot open your account."</p>
                    {move || match start.value().get() {
                        Some(Ok(setup)) => view! {
                            <div class="card">
                                <p>"Scan this code with your authenticator app, or type the key in."</p>
                                <div class="qr" role="img" aria-label="QR code for your authenticator app" inner_html=setup.qr_svg.clone()></div>
                                <p>"Key: "<code class="code">{setup.secret.clone()}</code></p>
                                <ErrorSummary errors=confirm_errors />
                                <FormAlert value=outcome(confirm) />
                                <form method="post" action=ConfirmTwoStep::url() on:submit=on_confirm.clone() novalidate>
                                    <input type="hidden" name="ticket" value=setup.ticket.clone() />
                                    <Field label="Code from your app" name="code" kind="text" autocomplete="one-time-code" errors=confirm_errors />
                                    <button type="submit" class="button">"Turn it on"</button>
                                </form>
                            </div>
                        }.into_any(),
                        Some(Err(e)) => view! { <ErrorPage error=e /> }.into_any(),
                        None => view! {
                            <button type="button" class="button button-secondary" on:click=move |_| { start.dispatch(()); }>
                                "Set up two-step verification"
                            </button>
                        }.into_any(),
                    }}
                }.into_any()
                }
            })}
        </Transition>
    }
}
