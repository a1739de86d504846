//! One dashboard per role, each showing the person's own real data.

use crate::api::applications::{ConfirmYoungPerson, LiftJoinCodeLimit};
use crate::api::dashboard::{Dashboard, JourneyStep, PartnerRow, PersonRow, StepState, load_dashboard};
use crate::api::matching::RequestRematch;
use crate::api::safeguarding::SetSafeguardingContact;
use crate::components::charts::step_table;
use crate::components::form::{FormAlert, outcome, use_form};
use crate::components::table::{CardTable, Cell, Row};
use crate::pages::status::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    // A coordinator's confirmation reloads the dashboard, so it always shows the stored state.
    let confirm = ServerAction::<ConfirmYoungPerson>::new();
    // So does a rematch request.
    let rematch = ServerAction::<RequestRematch>::new();
    let data = Resource::new(
        move || {
            (
                query.with(|q| q.get("after").and_then(|a| a.parse::<i64>().ok())),
                confirm.version().get(),
                rematch.version().get(),
            )
        },
        |(after, _, _)| load_dashboard(after),
    );
    view! {
        <Title text="Dashboard" />
        <Transition fallback=|| view! { <p class="wrap">"Loading your dashboard…"</p> }>
            {move || {
                data.get()
                    .map(|r| match r {
                        Ok(d) => view! { <DashboardView d confirm rematch /> }.into_any(),
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn DashboardView(
    d: Dashboard,
    confirm: ServerAction<ConfirmYoungPerson>,
    rematch: ServerAction<RequestRematch>,
) -> impl IntoView {
    match d {
        Dashboard::Mentor { name, joined, journey: _, closed: Some(message), card: _ } => view! {
            <section class="wrap narrow">
                <h1>{format!("Hello, {name}")}</h1>
                <div class="alert alert-info" role="status">
                    <p><strong>"Your mentor application"</strong></p>
                    <p>{message}</p>
                </div>
                <p>{format!("You joined Tandem on {joined}. Mentoring features are no longer available on your account. If you have questions, reply to the email we sent you.")}</p>
            </section>
        }
        .into_any(),
        Dashboard::Mentor { name, joined, journey, closed: None, card } => view! {
            <section class="wrap">
                <h1>{format!("Welcome, {name}")}</h1>
                <p class="lead">{format!("You joined Tandem as a mentor on {joined}. Here is your journey to meeting your young person.")}</p>
                <crate::pages::matching::MatchPanel card rematch />
                <Journey steps=journey />
            </section>
        }
        .into_any(),
        Dashboard::YoungPerson { name, age, partner, under_18, journey, card } => view! {
            <section class="wrap">
                <h1>{format!("Welcome, {name}")}</h1>
                <p class="lead">
                    {match (age, &partner) {
                        (Some(age), Some(p)) => format!("You are {age} and part of the {p} cohort."),
                        (Some(age), None) => format!("You are {age}."),
                        (None, Some(p)) => format!("You are part of the {p} cohort."),
                        (None, None) => String::new(),
                    }}
                </p>
                {under_18.then(|| view! {
                    <div class="alert alert-info">
                        "Because you are under 18, your mentor will always contact you through your school or youth organisation's Mentoring Coordinator."
                    </div>
                })}
                <crate::pages::matching::MatchPanel card rematch />
                <Journey steps=journey />
            </section>
        }
        .into_any(),
        Dashboard::Coordinator {
            name,
            partner,
            partner_kind,
            join_code,
            join_address,
            join_code_use,
            safeguarding_cases,
            people,
            cohort,
            cohort_next,
            employer,
        } => view! {
            <section class="wrap">
                <h1>{partner.clone()}</h1>
                <p class="lead">{if partner_kind == "Employer" {
                    format!("{name}, lead for the employees who mentor")
                } else {
                    format!("{name}, Mentoring Coordinator ({partner_kind})")
                }}</p>
                {join_code.clone().map(|code| view! { <JoinCode code address=join_address.clone() usage=join_code_use /> })}
                {safeguarding_cases.map(|open| view! {
                    <div class="panel">
                        <h2>"Safeguarding"</h2>
                        <p>{format!("You are {partner}'s safeguarding contact: concerns and disclosures about your young people come to you first, and the programme's Designated Safeguarding Lead sees them too.")}</p>
                        <p><a class="button" href="/safeguarding">{format!("Open your cases ({})", domain::count(open, "open case", "open cases"))}</a></p>
                    </div>
                })}
                {if join_code.is_some() {
                    view! {
                        <Cohort cohort confirm />
                        {cohort_next.map(|n| view! { <p><a href=format!("/dashboard?after={n}")>"Next page of young people"</a></p> })}
                    }.into_any()
                } else {
                    view! {
                        {employer.clone().map(|e| view! { <EmployerSummary e /> })}
                        <h2>{format!("Your people ({})", people.len())}</h2>
                        <PeopleTable people caption="People in your organisation" with_age=false />
                    }.into_any()
                }}
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
                <PeopleTable people=recent caption="The most recent registrations" with_age=true />
                <p><a href="/admin/users">"See everyone and create staff, coordinator or safeguarding accounts"</a></p>
                <h2>"Partner organisations"</h2>
                <Partners partners />
            </section>
        }
        .into_any(),
        Dashboard::SafeguardingLead { name, under_18s, open_cases, immediate_cases, partners } => view! {
            <section class="wrap">
                <h1>"Safeguarding"</h1>
                <p class="lead">{format!("Signed in as {name}, Designated Safeguarding Lead.")}</p>
                <ul class="stat-grid">
                    <li class="stat"><span class="stat-value">{open_cases}</span><span class="stat-label">"Open cases"</span></li>
                    <li class={if immediate_cases > 0 { "stat stat-alert" } else { "stat" }}><span class="stat-value">{immediate_cases}</span><span class="stat-label">"Immediate"</span></li>
                    <li class="stat"><span class="stat-value">{under_18s}</span><span class="stat-label">"Young people under 18"</span></li>
                    <li class="stat"><span class="stat-value">{partners.len()}</span><span class="stat-label">"Partner organisations"</span></li>
                </ul>
                <p><a class="button" href="/safeguarding">"Open the case queue"</a></p>
                <p>"Disclosures and concerns from mentors, young people and coordinators, held messages in under-18 matches and low wellbeing answers arrive there, most urgent first."</p>
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
fn PeopleTable(people: Vec<PersonRow>, caption: &'static str, with_age: bool) -> impl IntoView {
    // An organisation's lead sees who its people are and when they joined, not their ages.
    let columns: &'static [&'static str] =
        if with_age { &["Name", "Role", "Age", "Joined"] } else { &["Name", "Role", "Joined"] };
    view! {
        <CardTable caption=caption hidden_caption=true columns=columns>
            {people
                .into_iter()
                .map(|p| view! {
                    <Row>
                        <Cell label="Name">{p.name}</Cell>
                        <Cell label="Role">{p.role}</Cell>
                        {with_age.then(|| view! { <Cell label="Age">{p.age}</Cell> })}
                        <Cell label="Joined">{p.joined}</Cell>
                    </Row>
                })
                .collect_view()}
        </CardTable>
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
                        <strong>{p.name.clone()}</strong>
                        " · " {p.kind.clone()}
                        {p.join_code.clone().map(|c| view! { " · join code " <span class="code">{c}</span> })}
                        {p.has_young_people.then(|| view! { <SafeguardingContact p=p.clone() /> })}
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

/// Who concerns about a school's or youth partner's young people go to: one of its
/// coordinators, or the programme's safeguarding team.
#[component]
fn SafeguardingContact(p: PartnerRow) -> impl IntoView {
    let save = ServerAction::<SetSafeguardingContact>::new();
    let (errors, on_submit) = use_form(save, |_: &SetSafeguardingContact| domain::FieldErrors::new());
    let id = format!("contact-{}", p.id);
    let error_id = format!("{id}-error");
    let error = move || errors.with(|e| e.get("contact_id").map(str::to_owned));
    let described = error_id.clone();
    view! {
        <form method="post" action=SetSafeguardingContact::url() on:submit=on_submit class="inline-form" novalidate>
            <input type="hidden" name="partner_id" value=p.id.to_string() />
            <label for=id.clone()>"Safeguarding contact"</label>
            <select id=id name="contact_id" aria-describedby=move || error().map(|_| described.clone())>
                <option value="" selected=p.safeguarding_contact.is_none()>"The programme's safeguarding team"</option>
                {p.coordinators.into_iter().map(|(cid, name)| view! {
                    <option value=cid.to_string() selected=p.safeguarding_contact == Some(cid)>{name}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button button-small" disabled=move || save.pending().get()>"Save"</button>
        </form>
        {move || error().map(|m| view! { <p class="error-message" id=error_id.clone()>{m}</p> })}
        {move || outcome(save).get().and_then(Result::ok).map(|m| view! { <p class="alert alert-success" role="status">{m}</p> })}
        <FormAlert value=outcome(save) />
    }
}

/// A coordinator's young people: journey status, and confirming those who have applied.
#[component]
fn Cohort(cohort: Vec<domain::applications::CohortRow>, confirm: ServerAction<ConfirmYoungPerson>) -> impl IntoView {
    let waiting = cohort.iter().filter(|r| r.applied && !r.confirmed).count();
    view! {
        <h2>"Your young people"</h2>
        <p>{format!("{waiting} on this page waiting for your confirmation. Under-18s can only be matched once you have confirmed them and they have attended an induction.")}</p>
        <CardTable caption="Your young people and where each stands" hidden_caption=true columns=&["Name", "Age", "Application", "Questionnaire", "Induction", "Confirmed", "Mentor"]>
                    {cohort.into_iter().map(|r| {
                        let name = r.name.clone();
                        view! {
                        <Row>
                            <Cell label="Name">{name}</Cell>
                            <Cell label="Age">{r.age}</Cell>
                            <Cell label="Application">{if r.applied { "Sent" } else { "Not yet" }}</Cell>
                            <Cell label="Questionnaire">{if r.pre_evaluation_done { "Complete" } else { "Not yet" }}</Cell>
                            <Cell label="Induction">{r.induction.clone()}</Cell>
                            <Cell label="Confirmed">
                                {match (r.applied, r.confirmed) {
                                    (_, true) => view! { "Yes" }.into_any(),
                                    (true, false) => view! {
                                        <ActionForm action=confirm>
                                            <input type="hidden" name="user_id" value=r.user_id.to_string() />
                                            <button type="submit" class="button button-small" aria-label=format!("Confirm {}", r.name)>"Confirm"</button>
                                        </ActionForm>
                                    }.into_any(),
                                    (false, false) => view! { "Waiting for application" }.into_any(),
                                }}
                            </Cell>
                            <Cell label="Mentor">
                                {match r.mentoring.clone() {
                                    Some(m) => view! {
                                        <a href=format!("/match/{}", m.match_id)>{m.mentor.clone()}</a>
                                        <br /><span class="small">{m.status.clone()}</span>
                                    }.into_any(),
                                    None => view! { "Not matched yet" }.into_any(),
                                }}
                            </Cell>
                        </Row>
                    }}).collect_view()}
        </CardTable>
    }
}

/// The institution's join code, how to hand it out, and its hourly sign-up allowance, which
/// the coordinator can lift when a class is larger than it.
#[component]
fn JoinCode(code: String, address: Option<String>, usage: Option<(u64, u64)>) -> impl IntoView {
    let lift = ServerAction::<LiftJoinCodeLimit>::new();
    let lifted = Signal::derive(move || outcome(lift).get().and_then(Result::ok));
    view! {
        <div class="panel">
            <p>"Join code for your young people: " <strong class="code">{code}</strong></p>
            {address.map(|a| view! { <p class="small">"They type it when they join, or open " <span class="code">{a}</span> " where it is filled in."</p> })}
            {usage.map(|(used, limit)| view! {
                <p>{move || match lifted.get() {
                    Some(_) => format!("Up to {limit} sign-ups an hour with this code."),
                    None => format!("{} with this code in the last hour, of up to {limit} an hour.", domain::count(used, "sign-up", "sign-ups")),
                }}</p>
                {move || (used >= limit && lifted.get().is_none()).then(|| view! {
                    <p class="alert alert-info">"The limit is reached: new sign-ups with this code are refused until the hour has passed, unless you lift it."</p>
                    <ActionForm action=lift>
                        <button type="submit" class="button button-small">"Lift the limit"</button>
                    </ActionForm>
                })}
            })}
            {move || lifted.get().map(|msg| view! { <p class="alert alert-success" role="status" tabindex="-1">{msg}</p> })}
            <FormAlert value=outcome(lift) />
        </div>
    }
}

/// Minutes as hours for people: "0", "3", "2.5".
fn hours(minutes: u64) -> String {
    if minutes.is_multiple_of(60) { (minutes / 60).to_string() } else { format!("{:.1}", minutes as f64 / 60.0) }
}

/// An employer's employees who mentor, in aggregate (no young person is named).
#[component]
fn EmployerSummary(e: crate::api::dashboard::EmployerCohort) -> impl IntoView {
    view! {
        <h2>"Your employees who mentor"</h2>
        <ul class="stat-grid">
            {e.steps.iter().filter(|(label, _)| matches!(label.as_str(), "Registered" | "Trained" | "Matched" | "Active")).map(|(label, n)| view! {
                <li class="stat"><span class="stat-value">{*n}</span><span class="stat-label">{label.clone()}</span></li>
            }).collect_view()}
            <li class="stat"><span class="stat-value">{hours(e.minutes)}</span><span class="stat-label">"Hours of mentoring given"</span></li>
        </ul>
        {step_table("Employees at each step of the mentor journey".into(), "Employees", &e.steps)}
        <p>"Hours count confirmed sessions only. The impact on the young people your employees mentor is under "<a href="/reports/impact">"Impact"</a>", shown for groups of 5 or more and never for one person."</p>
    }
}
