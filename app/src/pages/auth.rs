//! Joining, signing in and resetting a password.

use crate::api::auth::{Login, LoginCode, Register, RequestPasswordReset, ResetPassword, login_challenge};
use crate::components::form::{ErrorSummary, Field, FormAlert, NewPasswordField, outcome, use_form};
use crate::pages::status::ErrorPage;
use domain::{Email, FieldErrors, RegistrationInput};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let (errors, on_submit) = use_form(action, |r: &Register| {
        let input = RegistrationInput {
            name: r.name.clone(),
            email: r.email.clone(),
            password: r.password.clone(),
            date_of_birth: r.date_of_birth.clone(),
            role: r.role.clone().unwrap_or_default(),
        };
        input.validate(chrono::Utc::now().date_naive()).err().unwrap_or_default()
    });
    let role_error = move || errors.with(|e| e.get("role").map(str::to_owned));
    // A coordinator may hand out the join address with their code in it (`/register?code=`).
    let code = use_query_map().with_untracked(|q| q.get("code")).unwrap_or_default();
    // A shared link carries its referral code (`/register?ref=`), and "sign up as a mentor"
    // chooses the role (`?role=mentor`).
    let referral = use_query_map().with_untracked(|q| q.get("ref")).unwrap_or_default();
    let chosen = use_query_map().with_untracked(|q| q.get("role")).unwrap_or_default();
    view! {
        <Title text="Join Tandem" />
        <section class="wrap narrow">
            <h1>"Join Tandem"</h1>
            <p class="lead">"It takes under a minute. You can add the rest of your details afterwards."</p>
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=Register::url() on:submit=on_submit novalidate>
                {(!referral.is_empty()).then(|| view! { <input type="hidden" name="referral" value=referral /> })}
                <fieldset class="field" class:field-invalid=move || role_error().is_some()>
                    <legend id="f-role">"I am joining as"</legend>
                    {move || role_error().map(|m| view! { <p class="error-message">{m}</p> })}
                    <div class="radios">
                        <label class="radio">
                            <input type="radio" name="role" value="mentor" checked=chosen == "mentor" />
                            <span>"A mentor"<span class="hint">" a volunteer professional, 18 or over"</span></span>
                        </label>
                        <label class="radio">
                            <input type="radio" name="role" value="young_person" checked=chosen == "young_person" />
                            <span>"A young person"<span class="hint">" aged 14 to 25"</span></span>
                        </label>
                    </div>
                </fieldset>
                <Field label="Full name" name="name" autocomplete="name" errors required=true />
                <Field label="Email address" name="email" kind="email" autocomplete="email" errors required=true />
                <Field
                    label="Date of birth"
                    name="date_of_birth"
                    kind="date"
                    autocomplete="bday"
                    hint="We use it to keep under-18s safe and to find a mentor for your age group."
                    errors
                    required=true
                />
                <Field
                    label="Join code (optional)"
                    name="join_code"
                    value=code
                    autocomplete="off"
                    hint="Young people only: the code your school, youth organisation or community group gave you, if you have one."
                    errors
                />
                <NewPasswordField label="Create a password" name="password" errors />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating your account…" } else { "Create account" }}
                </button>
            </form>
            <p>"Already have an account? " <a href="/login">"Sign in"</a></p>
        </section>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let (errors, on_submit) = use_form(action, |l: &Login| {
        let mut e = FieldErrors::new();
        if l.email.trim().is_empty() {
            e.add("email", "Enter your email address");
        }
        if l.password.is_empty() {
            e.add("password", "Enter your password");
        }
        e
    });
    let query = use_query_map();
    let notice = move || {
        query.with(|q| {
            if q.get("signed_out").is_some() {
                Some("You have signed out.")
            } else if q.get("reset").is_some() {
                Some("Your password has been changed. Sign in with your new password.")
            } else {
                None
            }
        })
    };
    view! {
        <Title text="Sign in" />
        <section class="wrap narrow">
            <h1>"Sign in"</h1>
            {move || notice().map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=Login::url() on:submit=on_submit novalidate>
                <Field label="Email address" name="email" kind="email" autocomplete="username" errors required=true />
                <Field label="Password" name="password" kind="password" autocomplete="current-password" errors required=true />
                <button type="submit" class="button" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
            <p><a href="/forgot-password">"Forgotten your password?"</a></p>
            <p>"New to Tandem? " <a href="/register">"Create an account"</a></p>
        </section>
    }
}

/// The second step of signing in: a code from the authenticator app (and, the first time
/// for staff, safeguarding leads and coordinators, setting the app up).
#[component]
pub fn LoginCodePage() -> impl IntoView {
    let query = use_query_map();
    let ticket = query.with_untracked(|q| q.get("ticket").unwrap_or_default());
    let action = ServerAction::<LoginCode>::new();
    let step = Resource::new(
        {
            let t = ticket.clone();
            move || t.clone()
        },
        login_challenge,
    );
    let (errors, on_submit) = use_form(action, |l: &LoginCode| {
        let digits: String = l.code.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 6 {
            FieldErrors::new()
        } else {
            FieldErrors::single("code", "Enter the 6-digit code from your authenticator app")
        }
    });
    view! {
        <Title text="Two-step verification" />
        <section class="wrap narrow">
            <h1>"Two-step verification"</h1>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || step.get().map(|r| match r {
                    Err(crate::error::AppError::Validation(_)) => view! {
                        <p class="alert alert-error" role="alert">"This sign-in has expired. Please sign in again."</p>
                        <p><a href="/login">"Sign in"</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(s) => view! {
                        {s.secret.clone().map(|secret| view! {
                            <p>"Your role needs a second step at sign-in. Scan this code with an authenticator app (or type the key in), then enter the 6-digit code it shows."</p>
                            <div class="qr" role="img" aria-label="QR code for your authenticator app" inner_html=s.qr_svg.clone().unwrap_or_default()></div>
                            <p>"Key: "<code class="code">{secret}</code></p>
                        })}
                        {s.secret.is_none().then(|| view! { <p>"Enter the 6-digit code from your authenticator app."</p> })}
                    }.into_any(),
                })}
            </Transition>
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=LoginCode::url() on:submit=on_submit novalidate>
                <input type="hidden" name="ticket" value=ticket />
                <Field label="Code" name="code" kind="text" autocomplete="one-time-code" errors required=true />
                <button type="submit" class="button" disabled=move || action.pending().get()>"Continue"</button>
            </form>
            <p><a href="/login">"Start again"</a></p>
        </section>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let (errors, on_submit) = use_form(action, |r: &RequestPasswordReset| {
        let mut e = FieldErrors::new();
        e.check("email", Email::parse(&r.email));
        e
    });
    let sent = move || matches!(outcome(action).get(), Some(Ok(())));
    view! {
        <Title text="Reset your password" />
        <section class="wrap narrow">
            <h1>"Reset your password"</h1>
            <Show
                when=sent
                fallback=move || {
                    view! {
                        <p>"Enter the email address you use for Tandem and we will send you a link to choose a new password."</p>
                        <ErrorSummary errors />
                        <FormAlert value=outcome(action) />
                        <form method="post" action=RequestPasswordReset::url() on:submit=on_submit.clone() novalidate>
                            <Field label="Email address" name="email" kind="email" autocomplete="email" errors required=true />
                            <button type="submit" class="button" disabled=move || action.pending().get()>"Send the link"</button>
                        </form>
                    }
                }
            >
                <div class="alert alert-success" role="status">
                    "If an account uses that address, we have sent it a link to reset the password. The link works for one hour."
                </div>
                <p><a href="/login">"Back to sign in"</a></p>
            </Show>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let (errors, on_submit) = use_form(action, |r: &ResetPassword| {
        let mut e = FieldErrors::new();
        e.check("password", domain::password::check(&r.password, &[]));
        e
    });
    let token = move || use_query_map().with(|q| q.get("token").unwrap_or_default());
    view! {
        <Title text="Choose a new password" />
        <section class="wrap narrow">
            <h1>"Choose a new password"</h1>
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=ResetPassword::url() on:submit=on_submit novalidate>
                <input type="hidden" name="token" value=token />
                <NewPasswordField label="New password" name="password" errors />
                <button type="submit" class="button" disabled=move || action.pending().get()>"Save password"</button>
            </form>
            <p><a href="/forgot-password">"Ask for a new link"</a></p>
        </section>
    }
}
