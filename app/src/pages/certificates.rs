//! The mentor's certificate of achievement (printable, and as a PDF), and the public page
//! where anyone can check a certificate's verification code.

use crate::api::certificates::{CertificateProgress, my_certificate, verify_certificate};
use crate::pages::status::ErrorPage;
use domain::certificates::Certificate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CertificatePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_certificate());
    view! {
        <Title text="Your certificate" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(CertificateProgress { certificate: Some(c), verify_url, .. }) => view! { <CertificateView c verify_url /> }.into_any(),
                Ok(CertificateProgress { certificate: None, training_complete, workshop, workshop_booked, .. }) => view! {
                    <section class="wrap narrow">
                        <h1>"Your certificate"</h1>
                        <p>"Your certificate of achievement is issued automatically once you have completed the online training and attended a mentor workshop."</p>
                        <dl class="summary-list">
                            <div><dt>"Online training"</dt><dd>{if training_complete { "Complete" } else { "Not finished yet" }}</dd></div>
                            <div><dt>"Mentor workshop"</dt><dd>{workshop}</dd></div>
                        </dl>
                        <p>
                            {(!training_complete).then(|| view! { <a class="button" href="/training">"Go to your training"</a> " " })}
                            {if workshop_booked {
                                view! { <a class="button button-secondary" href="/workshops">"See your workshop booking"</a> }.into_any()
                            } else {
                                view! { <a class="button button-secondary" href="/workshops">"Book a workshop"</a> }.into_any()
                            }}
                        </p>
                    </section>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CertificateView(c: Certificate, verify_url: String) -> impl IntoView {
    let verify = format!("/verify/{}", c.code);
    view! {
        <section class="wrap">
            <div class="no-print">
                <h1>"Your certificate"</h1>
                <p class="lead">"Congratulations: you are a trained Tandem mentor. Print this page or download the PDF."</p>
                <p>
                    <a class="button" href="/certificate.pdf" download="">"Download PDF"</a>
                    " "
                    <a class="button button-secondary" href=verify.clone()>"See the public verification page"</a>
                </p>
            </div>
            <article class="certificate" aria-label="Certificate of achievement">
                <p class="certificate-brand">"Tandem mentoring"</p>
                <h2 class="certificate-title">"Certificate of Achievement"</h2>
                <p>"This certifies that"</p>
                <p class="certificate-name">{c.name.clone()}</p>
                <p>"has completed the Tandem online mentor training and the mentor workshop, and is trained to mentor a young person one hour a month for up to twelve months."</p>
                <p>{format!("Issued {}", c.issued)}</p>
                <p class="certificate-code">"Verification code " <strong class="code">{c.code.clone()}</strong></p>
                <p class="small">"Anyone can check this certificate at " <a href=verify_url.clone()>{verify_url.clone()}</a></p>
            </article>
        </section>
    }
}

/// Public: checks a code from the address (`/verify/CODE`) or the form (`/verify?code=`).
#[component]
pub fn VerifyPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || {
        params.with(|p| p.get("code")).or_else(|| query.with(|q| q.get("code"))).unwrap_or_default().trim().to_string()
    };
    // Without a code there is nothing to check (and no call). The answer is a plain
    // `Option`: an `Option<Option<_>>` would read back from the page's JSON as `None` for
    // "no such certificate", and hydration would then meet markup it did not expect.
    let data =
        Resource::new(code, |c| async move { if c.is_empty() { Ok(None) } else { verify_certificate(c).await } });
    view! {
        <Title text="Check a certificate" />
        <section class="wrap narrow">
            <h1>"Check a Tandem certificate"</h1>
            <Suspense fallback=|| view! { <p>"Checking…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(None) if code().is_empty() => ().into_any(),
                    Ok(None) => view! {
                        <div class="alert alert-error" role="alert">
                            {format!("No certificate has the code {}. Check the code and try again.", shortened(&code(), 40))}
                        </div>
                    }.into_any(),
                    Ok(Some(c)) => view! {
                        <div class="alert alert-success" role="status">
                            <p><strong>"This certificate is genuine."</strong></p>
                            <p>{format!("{} completed the Tandem mentor training and workshop. Issued {}. Code {}.", c.name, c.issued, c.code)}</p>
                        </div>
                    }.into_any(),
                })}
            </Suspense>
            <form method="get" action="/verify" class="panel">
                <div class="field">
                    <label for="f-code">"Verification code"</label>
                    <p class="hint" id="f-code-hint">"12 letters and numbers, for example K7QX-M2PD-9HRT."</p>
                    <input id="f-code" name="code" aria-describedby="f-code-hint" value=code autocomplete="off" />
                </div>
                <button type="submit" class="button">"Check"</button>
            </form>
        </section>
    }
}

/// `text` cut to `most` characters, with an ellipsis when it was longer.
fn shortened(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
