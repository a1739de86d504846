//! The impact report: filters (a plain GET form, so it works without JavaScript), a chart of
//! each theme before and after (SVG drawn on the server, with the same figures as a table),
//! per-item results, what young people want, workshop feedback and NPS, and the CSV export.

use crate::api::impact::load_impact;
use crate::components::charts::step_table;
use crate::components::table::{CardTable, Cell, Row, RowHead};
use crate::pages::status::ErrorPage;
use domain::impact::{AGE_GROUPS, ImpactReport, ImpactRow};
use domain::profiles::REGIONS;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const FILTERS: [&str; 6] = ["instrument", "year", "cohort", "region", "partner", "age_group"];

fn f2(x: f64) -> String {
    format!("{x:.2}")
}

/// Bars for each theme's mean before and after on the instrument's scale (1 to `points`).
fn theme_chart(rows: &[ImpactRow], points: i32) -> AnyView {
    let (w, left, bar, gap) = (640.0, 170.0, 18.0, 16.0);
    let top = f64::from(points.max(2));
    let scale = move |v: f64| (v - 1.0).max(0.0) / (top - 1.0) * (w - left - 40.0);
    let shown: Vec<&ImpactRow> = rows.iter().filter(|r| r.result.is_some()).collect();
    if shown.is_empty() {
        return view! {
            <p class="alert alert-info">"No pairs yet: the chart appears once young people in this selection have answered both the first and the end-of-mentoring questionnaire."</p>
        }
        .into_any();
    }
    let h = 40.0 + shown.len() as f64 * (2.0 * bar + gap) + 20.0;
    let summary = shown
        .iter()
        .filter_map(|r| {
            r.result.map(|p| format!("{}: {} before, {} after", r.label, f2(p.mean_before), f2(p.mean_after)))
        })
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {w} {h}") role="img" aria-labelledby="chart-title chart-desc" width="100%">
                <title id="chart-title">{format!("Mean theme scores before and after mentoring (1 to {points})")}</title>
                <desc id="chart-desc">{summary}</desc>
                {(1..=points).map(|tick| {
                    let x = left + scale(tick as f64);
                    view! {
                        <line x1=x.to_string() x2=x.to_string() y1="24" y2=(h - 14.0).to_string() stroke="#d5d9de" />
                        <text x=x.to_string() y="16" text-anchor="middle" font-size="12" fill="#4a5563">{tick}</text>
                    }
                }).collect_view()}
                {shown.iter().enumerate().filter_map(|(i, r)| {
                    let p = r.result?;
                    let y = 30.0 + i as f64 * (2.0 * bar + gap);
                    Some(view! {
                        <text x="0" y=(y + bar + 4.0).to_string() font-size="14" fill="#1d2733">{r.label.clone()}</text>
                        <rect x=left.to_string() y=y.to_string() width=scale(p.mean_before).max(1.0).to_string() height=bar.to_string() fill="#9aa5b1" />
                        <text x=(left + scale(p.mean_before) + 6.0).to_string() y=(y + 13.0).to_string() font-size="12" fill="#1d2733">{format!("Before {}", f2(p.mean_before))}</text>
                        <rect x=left.to_string() y=(y + bar).to_string() width=scale(p.mean_after).max(1.0).to_string() height=bar.to_string() fill="#0b5c63" />
                        <text x=(left + scale(p.mean_after) + 6.0).to_string() y=(y + bar + 13.0).to_string() font-size="12" fill="#1d2733">{format!("After {}", f2(p.mean_after))}</text>
                    })
                }).collect_view()}
            </svg>
            <figcaption>"Grey: before mentoring. Green: at the end. The table below gives the same figures."</figcaption>
        </figure>
    }
    .into_any()
}

fn result_table(caption: &'static str, rows: &[ImpactRow], with_theme: bool) -> AnyView {
    let rows = rows.to_vec();
    view! {
        <CardTable
            caption=caption
            columns=if with_theme { &["Theme", "Statement", "Pairs", "Before", "After", "Change (95% CI)", "Effect size (Cohen's dz)", "Improved / same / worse"] } else { &["Theme", "Pairs", "Before", "After", "Change (95% CI)", "Effect size (Cohen's dz)", "Improved / same / worse"] }
        >
            {rows.into_iter().map(|r| {
                let cells = match r.result {
                    Some(p) => view! {
                        <Cell label="Pairs">{p.n}</Cell>
                        <Cell label="Before">{f2(p.mean_before)}</Cell>
                        <Cell label="After">{f2(p.mean_after)}</Cell>
                        <Cell label="Change (95% CI)">{format!("{:+.2}", p.mean_change)}{p.ci95.map(|(a, b)| format!(" ({a:+.2} to {b:+.2})")).unwrap_or_default()}</Cell>
                        <Cell label="Effect size (Cohen's dz)">{p.effect_size.map(f2).unwrap_or_else(|| "n/a".into())}</Cell>
                        <Cell label="Improved / same / worse">{format!("{:.0}% / {:.0}% / {:.0}%", p.improved_pct, p.unchanged_pct, p.worse_pct)}</Cell>
                    }.into_any(),
                    None => view! { <td colspan="6" role="cell">"No paired evaluations yet"</td> }.into_any(),
                };
                let label = r.label.clone();
                let theme = with_theme.then(|| r.theme.clone());
                view! {
                    <Row>
                        {theme.map(|t| view! { <Cell label="Theme">{t}</Cell> })}
                        <RowHead label=if with_theme { "Statement" } else { "Theme" }>{label}</RowHead>
                        {cells}
                    </Row>
                }
            }).collect_view()}
        </CardTable>
    }
    .into_any()
}

/// Links to the same report on each other instrument (results never mix versions).
fn instrument_links(r: &ImpactReport, link: impl Fn(&str) -> String) -> AnyView {
    let others: Vec<&(String, String)> = r.instruments.iter().filter(|(v, _)| *v != r.version).collect();
    if others.is_empty() {
        return ().into_any();
    }
    view! {
        <nav class="instrument-links" aria-label="Questionnaires">
            <p>"Results on another questionnaire: "
                {others.into_iter().enumerate().map(|(i, (v, name))| view! {
                    {(i > 0).then_some(", ")}
                    <a href=link(v)>{format!("{name} ({v})")}</a>
                }).collect_view()}
            </p>
        </nav>
    }
    .into_any()
}

fn report_view(r: ImpactReport, csv: String, link: impl Fn(&str) -> String) -> AnyView {
    if r.suppressed {
        return view! {
            <h2>{format!("Impact: {}", r.scope)}</h2>
            <p class="alert alert-info">{format!("Fewer than {} of your young people have both evaluations yet, so results are not shown: a group this small could identify someone.", domain::impact::MIN_GROUP)}</p>
            {opportunities_view(r.opportunities)}
        }
        .into_any();
    }
    view! {
        <h2>{format!("Impact: {}", r.scope)}</h2>
        <p class="lead">{format!("Results are averaged from {} paired pre and end-of-mentoring evaluations on {} (version {}; answers scored 1 to {}).", r.pairs, r.instrument, r.version, r.points)}</p>
        {instrument_links(&r, link)}
        <p><a class="button button-secondary" href=csv download>"Download CSV"</a></p>
        {theme_chart(&r.themes, r.points)}
        {result_table("Themes", &r.themes, false)}
        {result_table("Statements", &r.items, true)}
        <h2>"What young people want from mentoring"</h2>
        {if r.wants.is_empty() {
            view! { <p>"No applications in this selection."</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table>
                        <caption>{format!("Share of {} applications choosing each goal", r.applications)}</caption>
                        <thead><tr><th scope="col">"Goal"</th><th scope="col">"Chosen by"</th></tr></thead>
                        <tbody>
                            {r.wants.iter().map(|(g, pct)| view! { <tr><th scope="row">{g.clone()}</th><td>{format!("{pct:.0}%")}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {r.workshops.clone().map(|w| view! {
            <h2>"Workshop feedback"</h2>
            <p>{format!("{} {}: {:.0}% rated the workshop good or excellent; {:.0}% would recommend it.", w.n, if w.n == 1 { "response" } else { "responses" }, w.good_to_excellent_pct, w.would_recommend_pct)}</p>
        })}
        {r.funnel.clone().map(|f| view! {
                <h2>"Programme funnel"</h2>
                {f.as_of.clone().map(|t| view! { <p class="muted">{format!("Counted at {t}; counted again every 10 minutes.")}</p> })}
                {step_table("Mentors at each step (the programme promises a first meeting 8 to 12 weeks after sign-up)".into(), "Mentors", &f.mentors)}
                <p>{match f.median_days_to_first_meeting {
                    Some(d) => format!("Median time from a young person's sign-up to their first meeting: {d:.0} days ({:.1} weeks), over {} young people.", d / 7.0, f.young_people_met),
                    None => "No first meetings logged yet.".to_string(),
                }}</p>
                <p>{format!(
                    "{} joined more than two weeks ago and {} not finished the online course yet (the aim is within 14 days; they are flagged in the mentor queues).",
                    domain::count(f.training_overdue, "mentor", "mentors"),
                    if f.training_overdue == 1 { "has" } else { "have" },
                )}</p>
        })}
        {destinations_view(r.destinations.clone())}
        {opportunities_view(r.opportunities.clone())}
        {r.nps.map(|n| view! {
            <h2>"Net Promoter Score"</h2>
            <p>{format!("{} {}: NPS {:+.0} ({:.0}% promoters, {:.0}% detractors); {:.0}% scored 7 to 10.", n.n, if n.n == 1 { "exit survey" } else { "exit surveys" }, n.nps, n.promoters_pct, n.detractors_pct, n.seven_to_ten_pct)}</p>
        })}
    }
    .into_any()
}

/// What young people did with the opportunities posted (staff; an employer's lead, their own).
fn opportunities_view(t: Option<domain::opportunities::TakeUpReport>) -> Option<AnyView> {
    t.map(|t| {
        view! {
            <h2>"Opportunities: take-up"</h2>
            {crate::pages::opportunities::take_up_table(t)}
        }
        .into_any()
    })
}

/// Where young people go next, at the end and six months later: a table per stage, nothing
/// for fewer than five people.
fn destinations_view(stages: Vec<domain::destinations::StageReport>) -> AnyView {
    use domain::impact::MIN_GROUP;
    view! {
        <h2>"Where young people go next"</h2>
        {stages.into_iter().map(|st| {
            let label = st.stage.label();
            if st.n < MIN_GROUP {
                return view! {
                    <h3>{label}</h3>
                    <p class="muted">{format!("{} answered: results are shown from {MIN_GROUP}.", domain::count(st.n, "young person", "young people"))}</p>
                }.into_any();
            }
            let pupils = match (st.attendance_better, st.grades_better) {
                (Some(a), Some(g)) => format!("Of {} school pupils: {a:.0}% say their attendance got better, {g:.0}% their grades.", st.pupils),
                _ => format!("School pupils' attendance and grades are shown from {MIN_GROUP} pupils ({} so far).", st.pupils),
            };
            view! {
                <h3>{label}</h3>
                <p>{format!("{} answered.", domain::count(st.n, "young person", "young people"))}</p>
                <div class="table-wrap">
                    <table>
                        <caption>{format!("{label}: what young people are doing")}</caption>
                        <thead><tr><th scope="col">"Doing now"</th><th scope="col">"Share"</th></tr></thead>
                        <tbody>
                            {st.activities.iter().map(|(a, p)| view! { <tr><th scope="row">{a.clone()}</th><td>{format!("{p:.0}%")}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <div class="table-wrap">
                    <table>
                        <caption>{format!("{label}: applied for or got since mentoring began")}</caption>
                        <thead><tr><th scope="col">"Opportunity"</th><th scope="col">"Got one"</th><th scope="col">"Applied"</th></tr></thead>
                        <tbody>
                            {st.outcomes.iter().map(|(o, got, applied)| view! { <tr><th scope="row">{o.clone()}</th><td>{format!("{got:.0}%")}</td><td>{format!("{applied:.0}%")}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p>{pupils}</p>
            }.into_any()
        }).collect_view()}
    }
    .into_any()
}

#[component]
pub fn ImpactPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k).filter(|v| !v.is_empty()));
    let data = Resource::new(
        move || FILTERS.map(get),
        |[instrument, year, cohort, region, partner, age_group]| {
            load_impact(instrument, year, cohort, region, partner, age_group)
        },
    );
    // The current filters as a query string, with `instrument` replaced when given.
    let query_string = move |instrument: Option<&str>| {
        let params: Vec<String> = FILTERS
            .iter()
            .filter_map(|k| {
                let v = match (*k, instrument) {
                    ("instrument", Some(i)) => Some(i.to_string()),
                    _ => get(k),
                };
                v.map(|v| {
                    let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
                    format!("{k}={}", v.replace(|c: char| !safe(c), "+"))
                })
            })
            .collect();
        params.join("&")
    };
    let csv = move || format!("/reports/impact.csv?{}", query_string(None));
    let link = move |v: &str| format!("/reports/impact?{}", query_string(Some(v)));
    view! {
        <Title text="Impact" />
        <section class="wrap">
            <h1>"Impact"</h1>
            <form method="get" action="/reports/impact" class="filters">
                <div class="field"><label for="f-year">"Year"</label><input id="f-year" name="year" type="number" min="2000" max="2100" value=move || get("year").unwrap_or_default() /></div>
                <div class="field"><label for="f-cohort">"Cohort (year applied)"</label><input id="f-cohort" name="cohort" type="number" min="2000" max="2100" value=move || get("cohort").unwrap_or_default() /></div>
                <div class="field">
                    <label for="f-region">"Region"</label>
                    <select id="f-region" name="region">
                        <option value="">"All regions"</option>
                        {REGIONS.iter().map(|r| view! { <option value=*r selected=move || get("region").as_deref() == Some(*r)>{*r}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-age">"Age group"</label>
                    <select id="f-age" name="age_group">
                        <option value="">"All ages"</option>
                        {AGE_GROUPS.iter().map(|(k, l)| view! { <option value=*k selected=move || get("age_group").as_deref() == Some(*k)>{*l}</option> }).collect_view()}
                    </select>
                </div>
                {move || get("instrument").map(|v| view! { <input type="hidden" name="instrument" value=v /> })}
                <button type="submit" class="button button-secondary">"Show"</button>
            </form>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(r) => report_view(r, csv(), link),
                })}
            </Suspense>
        </section>
    }
}
