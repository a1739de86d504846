//! The staff programme dashboard: the funnel for mentors and young people, waiting times,
//! relationships at risk and workshop capacity, each as a chart with its table, and the
//! sign-ups that shared links and partners brought.

use crate::api::get_involved::load_referrals;
use crate::api::programme::load_programme;
use crate::components::charts::{bar_chart, step_table};
use crate::components::table::{CardTable, Cell, Row, RowHead};
use crate::pages::status::ErrorPage;
use domain::get_involved::ReferralReport;
use domain::programme::ProgrammeOverview;
use leptos::prelude::*;
use leptos_meta::Title;

fn days(d: Option<f64>) -> String {
    d.map(|d| format!("{d:.0} days ({:.1} weeks)", d / 7.0)).unwrap_or_else(|| "none yet".to_string())
}

fn overview_view(o: ProgrammeOverview) -> AnyView {
    let waiting_total = o.waiting_total();
    view! {
        <ul class="stat-grid">
            <li class="stat"><span class="stat-value">{waiting_total}</span><span class="stat-label">"Young people waiting for a mentor"</span></li>
            <li class="stat"><span class="stat-value">{o.active_matches}</span><span class="stat-label">"Active relationships"</span></li>
            <li class={if o.at_risk_total > 0 { "stat stat-alert" } else { "stat" }}><span class="stat-value">{o.at_risk_total}</span><span class="stat-label">"Relationships at risk"</span></li>
            <li class="stat"><span class="stat-value">{o.workshops.iter().map(|w| w.capacity.saturating_sub(w.booked)).sum::<u64>()}</span><span class="stat-label">"Free workshop seats (next 8)"</span></li>
        </ul>

        <h2 id="funnel">"The funnel"</h2>
        <div class="two-col">
            <div>
                {bar_chart("mentor-funnel", "Mentors at each step".into(), &o.mentor_funnel)}
                {step_table("Mentors at each step".into(), "Mentors", &o.mentor_funnel)}
            </div>
            <div>
                {bar_chart("young-funnel", "Young people at each step".into(), &o.young_funnel)}
                {step_table("Young people at each step".into(), "Young people", &o.young_funnel)}
            </div>
        </div>
        <p>{format!("Median time from a young person's sign-up to their first meeting: {}. The programme promises 8 to 12 weeks.", days(o.median_days_to_first_meeting))}</p>

        <h2 id="waiting">"Waiting for a mentor"</h2>
        {bar_chart("waiting-chart", "Young people waiting, by time since they applied".into(), &o.waiting)}
        <div class="table-wrap">
            <table>
                <caption>{format!("{waiting_total} young people waiting; median wait {}", days(o.median_wait_days))}</caption>
                <thead><tr><th scope="col">"Waited"</th><th scope="col">"Young people"</th></tr></thead>
                <tbody>
                    {o.waiting.iter().map(|(band, n)| view! { <tr><th scope="row">{band.clone()}</th><td>{*n}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
        <p><a href="/admin/matching">"Match waiting young people"</a></p>

        <h2 id="risk">"Relationships at risk"</h2>
        {bar_chart("risk-chart", format!("Risks among {} active relationships", o.active_matches), &o.at_risk)}
        <div class="table-wrap">
            <table>
                <caption>{format!("{} of {} active relationships have at least one risk; one relationship can have several", o.at_risk_total, o.active_matches)}</caption>
                <thead><tr><th scope="col">"Risk"</th><th scope="col">"Relationships"</th></tr></thead>
                <tbody>
                    {o.at_risk.iter().map(|(risk, n)| view! { <tr><th scope="row">{risk.clone()}</th><td>{*n}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
        <p><a href="/admin/relationships">"Follow up relationships"</a></p>

        <h2 id="workshops">"Workshop capacity"</h2>
        {if o.workshops.is_empty() {
            view! { <p>"No workshops scheduled. "<a href="/admin/workshops">"Schedule one"</a></p> }.into_any()
        } else {
            view! {
                <CardTable caption="The next workshops and inductions" columns=&["Workshop", "When", "Seats taken", "Waiting list"]>
                            {o.workshops.iter().cloned().map(|w| {
                                view! {
                                    <Row>
                                        <RowHead label="Workshop"><a href=format!("/admin/workshops/{}", w.id)>{w.title.clone()}</a><br /><span class="small">{w.kind.clone()}</span></RowHead>
                                        <Cell label="When">{w.when.clone()}</Cell>
                                        <Cell label="Seats taken">
                                            <progress class="meter" aria-hidden="true" max=w.capacity.max(1).to_string() value=w.booked.min(w.capacity).to_string()></progress>
                                            {format!("{} of {}", w.booked, w.capacity)}
                                        </Cell>
                                        <Cell label="Waiting list">{w.waitlisted}</Cell>
                                    </Row>
                                }
                            }).collect_view()}
                </CardTable>
            }.into_any()
        }}
    }
    .into_any()
}

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_programme());
    view! {
        <Title text="Programme dashboard" />
        <section class="wrap">
            <h1>"Programme dashboard"</h1>
            <p class="lead">"The whole programme today: who is where in their journey, who is waiting, which relationships need help, workshop seats, and what sharing brought."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(o) => view! {
                        {o.as_of.clone().map(|t| view! { <p class="muted">{format!("Figures as of {t}; counted again every 10 minutes.")}</p> })}
                        {overview_view(o)}
                    }.into_any(),
                })}
            </Suspense>
            <ReferralSection />
        </section>
    }
}

/// Staff: the sign-ups sharing and partners brought (on the programme dashboard).
#[component]
fn ReferralSection() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_referrals());
    view! {
        <h2 id="sharing">"Sign-ups from sharing and partners"</h2>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(r) => referrals_view(r),
            })}
        </Suspense>
    }
}

fn referrals_view(r: ReferralReport) -> AnyView {
    view! {
        <p>{format!(
            "Of {} mentors and young people who have signed up, {} came through a link someone shared and {} joined with a partner's join code.",
            r.sign_ups, r.through_links, r.through_join_codes
        )}</p>
        {if r.people.is_empty() {
            view! { <p>"Nobody has joined through a shared link yet."</p> }.into_any()
        } else {
            view! {
                <CardTable caption="People whose links brought the most sign-ups" columns=&["Shared by", "Organisation", "Mentors", "Young people"]>
                    {r.people.into_iter().map(|p| view! {
                        <Row>
                            <RowHead label="Shared by">{p.name}<br /><span class="small">{p.role}</span></RowHead>
                            <Cell label="Organisation">{p.organisation.unwrap_or_else(|| "None".into())}</Cell>
                            <Cell label="Mentors">{p.mentors}</Cell>
                            <Cell label="Young people">{p.young_people}</Cell>
                        </Row>
                    }).collect_view()}
                </CardTable>
            }.into_any()
        }}
        <CardTable caption="Sign-ups each partner brought" columns=&["Partner", "With its join code", "Through its links and its people's", "In all"]>
            {r.partners.into_iter().map(|p| view! {
                <Row>
                    <RowHead label="Partner">{p.name}<br /><span class="small">{p.kind}</span></RowHead>
                    <Cell label="With its join code">{p.join_code}</Cell>
                    <Cell label="Through its links and its people's">{p.links}</Cell>
                    <Cell label="In all">{p.join_code + p.links}</Cell>
                </Row>
            }).collect_view()}
        </CardTable>
    }
    .into_any()
}
