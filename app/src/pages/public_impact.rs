//! The public impact page (`/impact`), readable by anyone without signing in or JavaScript,
//! and the summary the home page shows. Every figure says how many people it is about; one
//! about fewer than five people says it is not shown yet.

use crate::api::public_impact::load_public_impact;
use crate::pages::status::ErrorPage;
use domain::impact::{MIN_GROUP, PublicFeedback, PublicImpact, PublicShare};
use leptos::prelude::*;
use leptos_meta::Title;

fn pct(x: f64) -> String {
    format!("{x:.0}%")
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const NOT_YET: &str = "Not shown yet: fewer than 5 people so far";

fn count_stat(value: Option<u64>, label: &'static str) -> impl IntoView {
    view! {
        <li class="stat">
            {match value {
                Some(n) => view! { <span class="stat-value">{thousands(n)}</span> }.into_any(),
                None => view! { <span class="stat-value stat-hidden">"–"</span> }.into_any(),
            }}
            <span class="stat-label">{label}</span>
            {value.is_none().then(|| view! { <span class="small muted">{NOT_YET}</span> })}
        </li>
    }
}

/// A share with its interval and group, as a sentence and a bar.
fn share_line(s: &PublicShare, of: &str) -> AnyView {
    let (lo, hi) = s.ci95;
    view! {
        <p class="share">
            <meter class="meter" min="0" max="100" value=format!("{:.1}", s.pct) aria-hidden="true"></meter>
            <strong>{pct(s.pct)}</strong>
            {format!(" {of}")}
            <span class="muted">{format!(" (95% confidence interval {} to {}; {} people)", pct(lo), pct(hi), thousands(s.n))}</span>
        </p>
    }
    .into_any()
}

fn feedback_panel(f: Option<PublicFeedback>, label: &'static str) -> AnyView {
    match f {
        None => view! {
            <article class="panel">
                <h3>{label}</h3>
                <p class="muted">{NOT_YET}</p>
            </article>
        }
        .into_any(),
        Some(f) => view! {
            <article class="panel">
                <h3>{f.label.clone()}</h3>
                {share_line(&f.good_to_excellent, "rated it good or excellent")}
                {share_line(&f.would_recommend, "would recommend it")}
                {f.prepared.map(|p| share_line(&p, "said it helped them feel more prepared for a mentoring session"))}
            </article>
        }
        .into_any(),
    }
}

fn impact_view(i: PublicImpact) -> AnyView {
    let themes = i.themes.clone();
    let pairs = i.pairs;
    view! {
        <p class="lead">{format!("What Tandem has done from {}.", i.period)}</p>
        <p class="muted">
            {format!("Counted from our records at {}. ", i.counted_at)}
            {format!("To protect people's privacy, no figure about fewer than {MIN_GROUP} people is shown.")}
        </p>
        <h2>"Mentoring so far"</h2>
        <ul class="stat-grid">
            {count_stat(i.young_people_mentored, "young people mentored")}
            {count_stat(i.mentors_mentoring, "volunteer mentors meeting a young person")}
            {count_stat(i.sessions_held, "mentoring sessions held")}
            {count_stat(i.hours, "hours of mentoring")}
        </ul>
        <h2>"How young people changed"</h2>
        <p>
            "Young people answer the same short questionnaire when they start and when their mentoring ends. "
            {if pairs >= MIN_GROUP {
                format!("These are the shares whose score went up, from {} young people who answered both.", thousands(pairs))
            } else {
                String::new()
            }}
        </p>
        <div class="cards impact-themes">
            {themes.into_iter().map(|t| view! {
                <article class="panel">
                    <h3>{t.theme.clone()}</h3>
                    {match t.improved {
                        Some(s) => share_line(&s, &format!("improved their {} score", t.theme.to_lowercase())),
                        None => view! { <p class="muted">{NOT_YET}</p> }.into_any(),
                    }}
                </article>
            }).collect_view()}
        </div>
        <h2>"Training and inductions"</h2>
        <div class="two-col">
            {feedback_panel(i.mentor_workshops, "Mentor workshops")}
            {feedback_panel(i.inductions, "Young people's inductions")}
        </div>
        <h2>"Would people recommend Tandem?"</h2>
        {match (i.seven_to_ten, i.nps) {
            (Some(s), Some(nps)) => view! {
                {share_line(&s, "of people finishing their mentoring scored Tandem 7 to 10 out of 10")}
                <p>{format!("Net Promoter Score: {nps:+.0} (the share scoring 9 or 10, less the share scoring 0 to 6).")}</p>
            }.into_any(),
            _ => view! { <p class="muted">{NOT_YET}</p> }.into_any(),
        }}
        <h2>"What young people want from mentoring"</h2>
        {if i.wants.is_empty() {
            view! { <p class="muted">{NOT_YET}</p> }.into_any()
        } else {
            let mut wants = i.wants.clone();
            wants.sort_by(|a, b| b.1.total_cmp(&a.1));
            view! {
                <p>{format!("From {} applications; a young person may choose several.", thousands(i.applications))}</p>
                <ul class="wants">
                    {wants.into_iter().map(|(goal, share)| view! {
                        <li>
                            <meter class="meter" min="0" max="100" value=format!("{share:.1}") aria-hidden="true"></meter>
                            <strong>{pct(share)}</strong>" "{goal}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <p><a class="button" href="/register">"Join Tandem"</a></p>
    }
    .into_any()
}

#[component]
pub fn PublicImpactPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_public_impact());
    view! {
        <Title text="Our impact" />
        <section class="wrap">
            <h1>"Our impact"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(i) => impact_view(i),
                })}
            </Suspense>
        </section>
    }
}

/// The home page's few figures, with a link to the whole page. Nothing but the link while
/// every figure is still hidden.
#[component]
pub fn ImpactSummary() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_public_impact());
    view! {
        <section class="wrap impact-summary" aria-labelledby="impact-summary-title">
            <h2 id="impact-summary-title">"Tandem so far"</h2>
            <Suspense fallback=|| ()>
                {move || data.get().and_then(Result::ok).map(|i| {
                    let mut figures: Vec<(String, String)> = Vec::new();
                    if let Some(n) = i.young_people_mentored {
                        figures.push((thousands(n), "young people mentored".into()));
                    }
                    if let Some(n) = i.sessions_held {
                        figures.push((thousands(n), "mentoring sessions".into()));
                    }
                    if let Some((theme, s)) = i.themes.iter().find_map(|t| t.improved.map(|s| (t.theme.clone(), s))) {
                        figures.push((pct(s.pct), format!("improved their {} score", theme.to_lowercase())));
                    }
                    view! {
                        {(!figures.is_empty()).then(|| view! {
                            <ul class="stat-grid">
                                {figures.into_iter().map(|(v, l)| view! {
                                    <li class="stat"><span class="stat-value">{v}</span><span class="stat-label">{l}</span></li>
                                }).collect_view()}
                            </ul>
                        })}
                    }
                })}
            </Suspense>
            <p><a href="/impact">"See our impact: every figure, how we count it and what young people want"</a></p>
        </section>
    }
}
