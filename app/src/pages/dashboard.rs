//! One dashboard per role, each showing the person's own real data.

use crate::api::dashboard::{Dashboard, JourneyStep, PartnerRow, PersonRow, StepState, load_dashboard};
use crate::pages::status::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_dashboard());
    view! {
        <Title text="Dashboard" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading your dashboard…"</p> }>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(d) => view! { <DashboardView d /> }.into_any(),
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    match d {
        Dashboard::Mentor { name, joined, journey } => view! {
            <section class="wrap">
                <h1>{format!("Welcome, {name}")}</h1>
                <p class="lead">{format!("You joined Tandem as a mentor on {joined}. Here is your journey to meeting your young person.")}</p>
                <Journey steps=journey />
            </section>
        }
        .into_any(),
        Dashboard::YoungPerson { name, age, partner, under_18, journey } => view! {
            <section class="wrap">
                <h1>{format!("Welcome, {name}")}</h1>
                <p class="lead">
                    {match &partner {
                        Some(p) => format!("You are {age} and part of the {p} cohort."),
                        None => format!("You are {age}."),
                    }}
                </p>
                {under_18.then(|| view! {
                    <div class="alert alert-info">
                        "Because you are under 18, your mentor will always contact you through your school or youth organisation's Mentoring Coordinator."
                    </div>
                })}
                <Journey steps=journey />
            </section>
        }
        .into_any(),
        Dashboard::Coordinator { name, partner, partner_kind, join_code, people } => view! {
            <section class="wrap">
                <h1>{partner.clone()}</h1>
                <p class="lead">{format!("{name}, Mentoring Coordinator ({partner_kind})")}</p>
                {join_code.map(|c| view! {
                    <p>"Join code for your young people: " <strong class="code">{c}</strong></p>
                })}
                <h2>{format!("Your people ({})", people.len())}</h2>
                <PeopleTable people caption="People in your organisation" />
            </section>
        }
        .into_any(),
        Dashboard::Staff { name, counts, recent, partners } => view! {
            <section class="wrap">
                <h1>"Programme overview"</h1>
                <p class="lead">{format!("Signed in as {name}, programme staff.")}</p>
                <ul class="stat-grid">
                    {counts
                        .into_iter()
                        .map(|(label, n)| view! { <li class="stat"><span class="stat-value">{n}</span><span class="stat-label">{label}</span></li> })
                        .collect_view()}
                </ul>
                <h2>"Newest accounts"</h2>
                <PeopleTable people=recent caption="The most recent registrations" />
                <p><a href="/admin/users">"See everyone and create staff, coordinator or safeguarding accounts"</a></p>
                <h2>"Partner organisations"</h2>
                <Partners partners />
            </section>
        }
        .into_any(),
        Dashboard::SafeguardingLead { name, under_18s, partners } => view! {
            <section class="wrap">
                <h1>"Safeguarding"</h1>
                <p class="lead">{format!("Signed in as {name}, Designated Safeguarding Lead.")}</p>
                <ul class="stat-grid">
                    <li class="stat"><span class="stat-value">{under_18s}</span><span class="stat-label">"Young people under 18"</span></li>
                    <li class="stat"><span class="stat-value">{partners.len()}</span><span class="stat-label">"Partner organisations"</span></li>
                </ul>
                <p>"Disclosures and concerns raised by mentors, young people and coordinators will arrive in your case queue here."</p>
                <h2>"Partner organisations"</h2>
                <Partners partners />
            </section>
        }
        .into_any(),
    }
}

#[component]
fn Journey(steps: Vec<JourneyStep>) -> impl IntoView {
    view! {
        <h2>"Your journey"</h2>
        <ol class="journey">
            {steps
                .into_iter()
                .map(|s| {
                    let (class, status) = match s.state {
                        StepState::Done => ("step step-done", "Completed"),
                        StepState::Next => ("step step-next", "Next step"),
                        StepState::Later => ("step step-later", "Coming up"),
                    };
                    view! {
                        <li class=class>
                            <span class="step-status">{status}</span>
                            {match s.href {
                                Some(h) => view! { <a class="step-title" href=h>{s.title}</a> }.into_any(),
                                None => view! { <strong>{s.title}</strong> }.into_any(),
                            }}
                            <span class="step-detail">{s.detail}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

#[component]
fn PeopleTable(people: Vec<PersonRow>, caption: &'static str) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Role"</th><th scope="col">"Age"</th><th scope="col">"Joined"</th></tr></thead>
                <tbody>
                    {people
                        .into_iter()
                        .map(|p| view! { <tr><td>{p.name}</td><td>{p.role}</td><td>{p.age}</td><td>{p.joined}</td></tr> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Partners(partners: Vec<PartnerRow>) -> impl IntoView {
    view! {
        <ul class="partner-list">
            {partners
                .into_iter()
                .map(|p| view! {
                    <li>
                        <strong>{p.name}</strong>
                        " · " {p.kind}
                        {p.join_code.map(|c| view! { " · join code " <span class="code">{c}</span> })}
                    </li>
                })
                .collect_view()}
        </ul>
    }
}
