use crate::api::auth::use_auth;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Home() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Title text="" />
        <section class="hero">
            <div class="wrap">
                <h1>"One-to-one. One hour a month. Twelve months."</h1>
                <p class="lead">
                    "Tandem pairs young people aged 14 to 25 with a trained volunteer professional, "
                    "online and in person, to build confidence, explore careers and meet people from different backgrounds."
                </p>
                <Transition fallback=|| ()>
                    {move || {
                        let signed_in = auth.user.get().and_then(Result::ok).flatten().is_some();
                        if signed_in {
                            view! { <p><a class="button" href="/dashboard">"Go to your dashboard"</a></p> }.into_any()
                        } else {
                            view! {
                                <p class="actions">
                                    <a class="button" href="/register">"Join Tandem"</a>
                                    <a class="button button-secondary" href="/login">"Sign in"</a>
                                </p>
                            }
                                .into_any()
                        }
                    }}
                </Transition>
            </div>
        </section>
        <section class="wrap cards">
            <article class="card">
                <h2>"For young people"</h2>
                <p>"Tell us what you want from mentoring: career advice, confidence, or meeting people from different professional backgrounds. We match you with a mentor whose experience fits."</p>
            </article>
            <article class="card">
                <h2>"For mentors"</h2>
                <p>"Create an account in under a minute, complete a 90-minute online course and a group workshop, and we will match you with a young person. Just one hour a month."</p>
            </article>
            <article class="card">
                <h2>"For schools and employers"</h2>
                <p>"Partner organisations see their own people's progress, with safeguarding built in: under-18s are always contacted through their Mentoring Coordinator."</p>
                <p><a href="/get-involved#partner">"Partner with us, or help in other ways"</a></p>
            </article>
        </section>
        <crate::pages::public_impact::ImpactSummary />
    }
}
