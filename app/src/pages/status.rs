//! Not found, forbidden and error pages. They say what happened in plain words and
//! never show internal details.

use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section class="wrap narrow status-page">
            <h1>"Page not found"</h1>
            <p>"If you typed the web address, check it is correct. If you followed a link, it may be out of date."</p>
            <p><a href="/">"Go to the Tandem home page"</a></p>
        </section>
    }
}

/// What to show when a page's data could not be loaded.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let (title, body) = match &error {
        AppError::Unauthenticated => ("Please sign in", "You need to sign in to see this page."),
        AppError::Forbidden => (
            "You do not have access to this page",
            "This page is for a different role in the programme. If you think you should have access, contact the programme team.",
        ),
        AppError::NotFound => ("Not found", "We could not find what you were looking for."),
        _ => (
            "Sorry, something went wrong",
            "Please try again in a moment. If it keeps happening, contact the programme team.",
        ),
    };
    let signed_out = error == AppError::Unauthenticated;
    view! {
        <Title text=title />
        <section class="wrap narrow status-page" role="alert">
            <h1>{title}</h1>
            <p>{body}</p>
            {if signed_out {
                view! { <p><a class="button" href="/login">"Sign in"</a></p> }.into_any()
            } else {
                view! { <p><a href="/dashboard">"Go to your dashboard"</a></p> }.into_any()
            }}
        </section>
    }
}
