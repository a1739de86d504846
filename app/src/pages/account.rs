use crate::api::auth::{ChangePassword, use_auth};
use crate::components::form::{ErrorSummary, Field, FormAlert, NewPasswordField, outcome, use_form};
use crate::error::AppError;
use crate::pages::status::ErrorPage;
use domain::FieldErrors;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Title text="Your account" />
        <Transition fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || {
                auth.user
                    .get()
                    .map(|r| match r {
                        Ok(Some(u)) => {
                            view! {
                                <section class="wrap narrow">
                                    <h1>"Your account"</h1>
                                    <dl class="summary-list">
                                        <div><dt>"Name"</dt><dd>{u.name}</dd></div>
                                        <div><dt>"Email"</dt><dd>{u.email}</dd></div>
                                        <div><dt>"Role"</dt><dd>{u.role.label()}</dd></div>
                                    </dl>
                                    <ChangePasswordForm />
                                </section>
                            }
                                .into_any()
                        }
                        Ok(None) => view! { <ErrorPage error=AppError::Unauthenticated /> }.into_any(),
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    })
            }}
        </Transition>
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
