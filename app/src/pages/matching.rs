//! Staff matching: the waiting pool, candidates for one young person, matching runs
//! (progress, draft review with pin and veto, publish) and the score weights. Participants'
//! match card with the rematch request lives here too.

use crate::api::matching::{
    ConfirmMatch, DecideRun, FlagRunPair, MatchCard, RequestRematch, SaveMatchingWeights, StartMatchingRun,
    matching_pool, matching_run, matching_weights, young_candidates,
};
use crate::components::form::{ErrorSummary, FormAlert, outcome, use_form};
use crate::components::table::{CardTable, Cell, Row};
use crate::pages::id_param;
use crate::pages::status::ErrorPage;
use domain::matching::{RunStatus, RunSummary, WEIGHT_FIELDS, WeightsInput};
use domain::profiles::REGIONS;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

fn status_line(r: &RunSummary) -> String {
    match r.status {
        RunStatus::Running => format!("{}: {}", r.status.label(), r.phase),
        RunStatus::Draft | RunStatus::Published => {
            format!("{} · {} of {} matched", r.status.label(), r.matched, r.pool_size)
        }
        _ => r.status.label().to_string(),
    }
}

#[component]
pub fn MatchingPage() -> impl IntoView {
    let query = use_query_map();
    let start = ServerAction::<StartMatchingRun>::new();
    let data = Resource::new(move || query.with(|q| q.get("after").and_then(|a| a.parse::<i64>().ok())), matching_pool);
    view! {
        <Title text="Matching" />
        <section class="wrap">
            <h1>"Matching"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(page) => view! {
                        <ul class="stat-grid">
                            <li class="stat"><span class="stat-value">{page.waiting}</span><span class="stat-label">"Young people waiting"</span></li>
                            <li class="stat"><span class="stat-value">{page.mentors_available}</span><span class="stat-label">"Mentors ready to match"</span></li>
                        </ul>
                        {page.counted_at.clone().map(|t| view! { <p class="muted">{format!("Counted at {t}; counted again every 10 minutes.")}</p> })}
                        <p><a href="/admin/matching/weights">"Score weights"</a></p>
                        <RunForm action=start partners=page.partners.clone() />
                        {(!page.runs.is_empty()).then(|| view! {
                            <h2>"Recent matching runs"</h2>
                            <ul class="plain-list">
                                {page.runs.iter().map(|r| view! {
                                    <li><a href=format!("/admin/matching/runs/{}", r.id)>{format!("Run {} · {} · {}", r.id, r.scope, r.created)}</a>" · "{status_line(r)}</li>
                                }).collect_view()}
                            </ul>
                        })}
                        <h2>"Waiting for a mentor"</h2>
                        {if page.rows.is_empty() {
                            view! { <p>"Nobody is waiting: every young person who is ready has a mentor."</p> }.into_any()
                        } else {
                            view! {
                                <CardTable caption="Longest waiting first. Open a young person to see their best candidates." columns=&["Young person", "Age", "Region", "Meets", "Goals", "Waiting"]>
                                            {page.rows.into_iter().map(|w| view! {
                                                <Row>
                                                    <Cell label="Young person"><a href=format!("/admin/matching/young/{}", w.user_id)>{w.name.clone()}</a>{w.partner.clone().map(|p| view! { <br /><span class="muted">{p}</span> })}</Cell>
                                                    <Cell label="Age">{w.age}</Cell>
                                                    <Cell label="Region">{w.region.clone()}</Cell>
                                                    <Cell label="Meets">{w.format.clone()}</Cell>
                                                    <Cell label="Goals">{w.goals.clone()}</Cell>
                                                    <Cell label="Waiting">{domain::count(w.waited_days, "day", "days")}</Cell>
                                                </Row>
                                            }).collect_view()}
                                </CardTable>
                                {page.next.map(|n| view! { <p><a href=format!("/admin/matching?after={n}")>"Next page"</a></p> })}
                            }.into_any()
                        }}
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn RunForm(action: ServerAction<StartMatchingRun>, partners: Vec<(i64, String)>) -> impl IntoView {
    view! {
        <h2>"Run matching for a pool"</h2>
        <p>"A run proposes the best set of pairs for everyone in the pool: as many young people matched as possible, then the highest total score, proven optimal. You review the draft before anything is published."</p>
        <FormAlert value=outcome(action) />
        {move || outcome(action).get().and_then(Result::err).and_then(|e| match e {
            crate::error::AppError::Validation(f) => Some(view! { <div class="alert alert-error" role="alert">{f.to_string()}</div> }),
            _ => None,
        })}
        <ActionForm action attr:class="panel">
            <fieldset class="field">
                <legend>"Who to match"</legend>
                <label class="radio"><input type="radio" name="scope" value="everyone" checked /><span>"Everyone waiting"</span></label>
                <label class="radio"><input type="radio" name="scope" value="region" /><span>"Everyone waiting in a region"</span></label>
                <label class="radio"><input type="radio" name="scope" value="partner" /><span>"Everyone waiting from a partner organisation"</span></label>
            </fieldset>
            <div class="field">
                <label for="run-region">"Region (for a regional run)"</label>
                <select id="run-region" name="region">
                    {REGIONS.iter().map(|r| view! { <option value=*r>{*r}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="run-partner">"Partner organisation (for a partner run)"</label>
                <select id="run-partner" name="partner">
                    {partners.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Start matching run"</button>
        </ActionForm>
    }
}

#[component]
pub fn YoungCandidatesPage() -> impl IntoView {
    let id = id_param("id");
    let confirm = ServerAction::<ConfirmMatch>::new();
    let data = Resource::new(move || (id(), confirm.version().get()), |(id, _)| young_candidates(id));
    view! {
        <Title text="Candidates" />
        <section class="wrap">
            <p><a href="/admin/matching">"Everyone waiting"</a></p>
            {move || outcome(confirm).get().map(|r| match r {
                Ok(_) => view! { <div class="alert alert-success" role="status">"Matched. Both of them have been told, and the young person's coordinator too if they are under 18. " <a href="/admin/matching">"Back to everyone waiting"</a></div> }.into_any(),
                Err(e) => view! { <div class="alert alert-error" role="alert">{e.message()}</div> }.into_any(),
            })}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(None) => view! {
                        <h1>"Not waiting for a mentor"</h1>
                        <p>"This young person is not in the waiting pool: they have a mentor, or their application is not complete yet."</p>
                    }.into_any(),
                    Ok(Some(v)) => {
                        let y = v.young_person;
                        let yp_id = y.user_id.to_string();
                        view! {
                            <h1>{y.name.clone()}</h1>
                            <p class="lead">{format!("{}, {} · meets {} · waiting {}{}", y.age, y.region, y.format, domain::count(y.waited_days, "day", "days"), y.partner.clone().map(|p| format!(" · {p}")).unwrap_or_default())}</p>
                            <p>{format!("Wants help with: {}", y.goals)}</p>
                            <h2>"Best candidates"</h2>
                            {if v.candidates.is_empty() {
                                view! { <p>"No mentor who is ready to match meets the rules for this young person yet (age group, format and region, shared times). They stay at the front of the queue."</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="candidates">
                                        {v.candidates.into_iter().map(|c| {
                                            let label = format!("Match {} with {}", y.name, c.name);
                                            view! {
                                                <li class="card">
                                                    <h3>{c.name.clone()}</h3>
                                                    <p>{format!("{}, {} · {}", c.job_title, c.sector, c.region)}</p>
                                                    <p><strong>{format!("Score {} of {}", c.score, c.max_score)}</strong></p>
                                                    <ul class="reasons">{c.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                                                    <ConfirmButton confirm young_person_id=yp_id.clone() mentor_id=c.mentor_id label />
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ConfirmButton(
    confirm: ServerAction<ConfirmMatch>,
    young_person_id: String,
    mentor_id: i64,
    label: String,
) -> impl IntoView {
    view! {
        <ActionForm action=confirm>
            <input type="hidden" name="young_person_id" value=young_person_id />
            <input type="hidden" name="mentor_id" value=mentor_id.to_string() />
            <button type="submit" class="button" aria-label=label>"Confirm this match"</button>
        </ActionForm>
    }
}

#[component]
pub fn RunPage() -> impl IntoView {
    let id = id_param("id");
    let query = use_query_map();
    let flag = ServerAction::<FlagRunPair>::new();
    let decide = ServerAction::<DecideRun>::new();
    let start = ServerAction::<StartMatchingRun>::new();
    let (tick, set_tick) = signal(0u32);
    let data = Resource::new(
        move || {
            (
                id(),
                query.with(|q| q.get("after").and_then(|a| a.parse::<i64>().ok())),
                flag.version().get(),
                decide.version().get(),
                tick.get(),
            )
        },
        |(id, after, _, _, _)| matching_run(id, after),
    );
    // While the run works, the page refreshes its progress every second (and without
    // JavaScript, a meta refresh does the same).
    Effect::new(move |_| {
        let running =
            data.with(|d| d.as_ref().and_then(|r| r.as_ref().ok()).is_some_and(|p| p.run.status == RunStatus::Running));
        if running {
            set_timeout(move || set_tick.update(|t| *t += 1), std::time::Duration::from_millis(1000));
        }
    });
    view! {
        <Title text="Matching run" />
        <section class="wrap">
            <p><a href="/admin/matching">"Matching"</a></p>
            {move || outcome(decide).get().map(|r| match r {
                Ok(msg) => view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any(),
                Err(e) => view! { <div class="alert alert-error" role="alert">{e.message()}</div> }.into_any(),
            })}
            {move || outcome(flag).get().and_then(Result::err).map(|e| view! { <div class="alert alert-error" role="alert">{e.message()}</div> })}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(page) => {
                        let run = page.run;
                        let rid = run.id.to_string();
                        let draft = run.status == RunStatus::Draft;
                        view! {
                            <h1>{format!("Matching run {}", run.id)}</h1>
                            <p class="lead">{format!("{} · started {}", run.scope, run.created)}</p>
                            {(run.status == RunStatus::Running).then(|| view! {
                                <Meta http_equiv="refresh" content="2" />
                                <div class="progress" role="status" aria-live="polite">
                                    <span>{run.phase.clone()}</span>
                                    {(run.total > 0).then(|| view! {
                                        <progress max=run.total.to_string() value=run.done.to_string()>{format!("{} of {}", run.done, run.total)}</progress>
                                        <span class="muted">{format!("{} of {}", run.done, run.total)}</span>
                                    })}
                                </div>
                            })}
                            {(run.status == RunStatus::Failed).then(|| view! { <div class="alert alert-error" role="alert">{format!("This run failed: {}", run.message)}</div> })}
                            {(run.status != RunStatus::Running && run.status != RunStatus::Failed).then(|| view! {
                                <ul class="stat-grid">
                                    <li class="stat"><span class="stat-value">{run.matched}</span><span class="stat-label">{format!("of {} young people matched", run.pool_size)}</span></li>
                                    <li class="stat"><span class="stat-value">{run.mentors}</span><span class="stat-label">"mentors in the pool"</span></li>
                                    <li class="stat"><span class="stat-value">{(run.pool_size - run.matched).max(0)}</span><span class="stat-label">"young people left waiting"</span></li>
                                </ul>
                                <p class="hint">"Each pair's score says how well they fit: how many of the young person's goals the mentor's skills cover, a shared sector, times both are free, meeting in person or online, a shared language, and how long the young person has waited. The draft matches as many young people as possible, then prefers the best-fitting pairs."</p>
                                <p>{if run.certified {
                                    format!("Proven optimal: no other set of pairs matches more young people, or the same number with a higher total score. The solver considered {} candidate pairs and checked every other eligible pair against its certificate ({} round{}).", run.candidate_pairs, run.rounds, if run.rounds == 1 { "" } else { "s" })
                                } else if let Some(points) = run.score_gap {
                                    format!("The optimality certificate did not close within the round limit ({} rounds), but it proves that no other set of pairs matches more young people, and that none matching as many has a total score more than {points} point{} higher.", run.rounds, if points == 1 { "" } else { "s" })
                                } else {
                                    "The optimality certificate did not close within the round limit: the draft is feasible but may not be optimal.".to_string()
                                }}</p>
                                <p><strong>{run.status.label()}</strong>" "{run.message.clone()}</p>
                            })}
                            {draft.then(|| {
                                let (r1, r2, r3) = (rid.clone(), rid.clone(), rid.clone());
                                let publishing = (run.matched - run.vetoed).max(0);
                                let waiting = (run.pool_size - publishing).max(0);
                                let what = format!(
                                    "This creates {} and tells both sides of each pair; {} left waiting for a later run. Pairs where someone has since been matched elsewhere are skipped.",
                                    domain::count(publishing, "match", "matches"),
                                    domain::count(waiting, "young person is", "young people are"),
                                );
                                view! {
                                    <details class="confirm panel">
                                        <summary class="button">"Publish these matches…"</summary>
                                        <p>{what}</p>
                                        <ActionForm action=decide>
                                            <input type="hidden" name="run_id" value=r1 />
                                            <input type="hidden" name="decision" value="publish" />
                                            <button type="submit" class="button">{format!("Yes, publish {}", domain::count(publishing, "match", "matches"))}</button>
                                        </ActionForm>
                                    </details>
                                    <div class="inline-actions">
                                        <ActionForm action=start>
                                            <input type="hidden" name="scope" value="everyone" />
                                            <input type="hidden" name="keep_from" value=r2 />
                                            <button type="submit" class="button button-secondary">"Run again, keeping pinned pairs"</button>
                                        </ActionForm>
                                        <ActionForm action=decide>
                                            <input type="hidden" name="run_id" value=r3 />
                                            <input type="hidden" name="decision" value="discard" />
                                            <button type="submit" class="button button-secondary">"Discard draft"</button>
                                        </ActionForm>
                                    </div>
                                }
                            })}
                            {page.dropped.clone().map(|(earlier, names)| view! {
                                <p class="alert alert-info" role="status">{if names.is_empty() {
                                    format!("Made again from run {earlier}: everyone that draft paired is paired here too.")
                                } else {
                                    format!(
                                        "Made again from run {earlier}: no longer paired here: {}. A vetoed pair's young person is matched again only if another mentor fits.",
                                        names.join(", ")
                                    )
                                }}</p>
                            })}
                            {(!page.pairs.is_empty()).then(|| view! {
                                <div class="table-wrap">
                                    <table class="stack" role="table">
                                        <caption>"Proposed pairs and why"</caption>
                                        <thead><tr role="row"><th scope="col" role="columnheader">"Young person"</th><th scope="col" role="columnheader">"Mentor"</th><th scope="col" role="columnheader">"Score"</th><th scope="col" role="columnheader">"Why"</th><th scope="col" role="columnheader">"Review"</th></tr></thead>
                                        <tbody>
                                            {page.pairs.into_iter().map(|p| {
                                                let state = if p.vetoed { "Vetoed" } else if p.pinned { "Pinned" } else { "" };
                                                view! {
                                                    <tr class:vetoed=p.vetoed role="row">
                                                        <td data-label="Young person" role="cell">{p.young_person.clone()}<br /><span class="muted email">{p.young_person_email.clone()}</span></td>
                                                        <td data-label="Mentor" role="cell">{p.mentor.clone()}<br /><span class="muted email">{p.mentor_email.clone()}</span></td>
                                                        <td data-label="Score" role="cell">{p.score}</td>
                                                        <td data-label="Why" role="cell"><ul class="reasons">{p.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul></td>
                                                        <td data-label="Review" role="cell">
                                                            {(!state.is_empty()).then(|| view! { <strong>{state}</strong> })}
                                                            {(draft && !p.vetoed).then(|| view! { <PairButtons flag run_id=rid.clone() pair_id=p.id pinned=p.pinned who=format!("{} and {}", p.young_person, p.mentor) /> })}
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            })}
                            {page.next.map(|n| view! { <p><a href=format!("/admin/matching/runs/{}?after={n}", run.id)>"Next page of pairs"</a></p> })}
                            {(draft && run.pool_size > crate::api::matching::LEFT_WAITING_POOL_LIMIT && run.pool_size > run.matched).then(|| view! {
                                <p>
                                    {format!("{} by this draft. ", domain::count(run.pool_size - run.matched, "young person is left waiting", "young people are left waiting"))}
                                    <a href="/admin/matching">"See everyone waiting, longest first"</a>
                                </p>
                            })}
                            {(!page.left_waiting.is_empty()).then(|| {
                                let left = (run.pool_size - run.matched).max(0);
                                view! {
                                    <h2 id="left-waiting">"Left waiting"</h2>
                                    <p>{format!(
                                        "{} by this draft. The {} who have waited longest, and why:",
                                        domain::count(left, "young person is left waiting", "young people are left waiting"),
                                        page.left_waiting.len()
                                    )}</p>
                                    <CardTable caption="Young people this draft leaves waiting, longest wait first" hidden_caption=true columns=&["Young person", "Waiting", "Why"]>
                                        {page.left_waiting.into_iter().map(|w| view! {
                                            <Row>
                                                <Cell label="Young person"><a href=format!("/admin/matching/young/{}", w.user_id)>{w.name.clone()}</a></Cell>
                                                <Cell label="Waiting">{domain::count(w.waited_days, "day", "days")}</Cell>
                                                <Cell label="Why">{w.why.clone()}</Cell>
                                            </Row>
                                        }).collect_view()}
                                    </CardTable>
                                }
                            })}
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PairButtons(
    flag: ServerAction<FlagRunPair>,
    run_id: String,
    pair_id: i64,
    pinned: bool,
    who: String,
) -> impl IntoView {
    let button = move |action: &'static str, label: &'static str| {
        let (r, w) = (run_id.clone(), who.clone());
        view! {
            <ActionForm action=flag>
                <input type="hidden" name="run_id" value=r />
                <input type="hidden" name="pair_id" value=pair_id.to_string() />
                <input type="hidden" name="action" value=action />
                <button type="submit" class="button button-secondary button-small" aria-label=format!("{label} {w}")>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <div class="inline-actions">
            {if pinned { button("unpin", "Unpin") } else { button("pin", "Pin") }}
            {button("veto", "Veto")}
        </div>
    }
}

#[component]
pub fn WeightsPage() -> impl IntoView {
    let save = ServerAction::<SaveMatchingWeights>::new();
    let data = Resource::new(move || save.version().get(), |_| matching_weights());
    let (errors, on_submit) = use_form(save, |s: &SaveMatchingWeights| {
        WeightsInput {
            goals: s.goals.clone(),
            sector: s.sector.clone(),
            availability: s.availability.clone(),
            format: s.format.clone(),
            language: s.language.clone(),
            waiting: s.waiting.clone(),
        }
        .validate()
        .err()
        .unwrap_or_default()
    });
    view! {
        <Title text="Score weights" />
        <section class="wrap narrow">
            <p><a href="/admin/matching">"Matching"</a></p>
            <h1>"Score weights"</h1>
            <p>"Each part of a pair's score is worth 0 to 100 points, multiplied by its weight here. Hard rules (age group, format and region, shared times, vetoes, pairs that ended) always apply whatever the weights."</p>
            {move || outcome(save).get().and_then(Result::ok).map(|_| view! { <div class="alert alert-success" role="status">"Weights saved. New candidates and runs use them."</div> })}
            <ErrorSummary errors />
            <FormAlert value=outcome(save) />
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(w) => {
                        let current = [w.goals, w.sector, w.availability, w.format, w.language, w.waiting];
                        view! {
                            <form method="post" action=SaveMatchingWeights::url() on:submit=on_submit.clone() novalidate class="panel">
                                {WEIGHT_FIELDS.iter().zip(current).map(|((name, label, hint), value)| {
                                    let err = move || errors.with(|e| e.get(name).map(str::to_owned));
                                    let id = format!("f-{name}");
                                    view! {
                                        <div class="field" class:field-invalid=move || err().is_some()>
                                            <label for=id.clone()>{*label}</label>
                                            <p class="hint">{*hint}</p>
                                            {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
                                            <input id=id type="number" min="0" max="100" name=*name value=value.to_string() inputmode="numeric" />
                                        </div>
                                    }
                                }).collect_view()}
                                <button type="submit" class="button" disabled=move || save.pending().get()>"Save weights"</button>
                            </form>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The participant's match on their dashboard, with the rematch request. Rendered from the
/// dashboard's own data (no nested resource), so it hydrates exactly as the server drew it.
#[component]
pub fn MatchPanel(card: MatchCard, rematch: ServerAction<RequestRematch>) -> impl IntoView {
    let ended = move || {
        outcome(rematch).get().and_then(Result::ok).map(|_| {
            view! {
                <div class="alert alert-success" role="status">"Your match has ended and we will look for a new one. Thank you for telling us."</div>
            }
        })
    };
    let has_current = card.current.is_some();
    let current = card.current.map(|m| {
        view! {
            <section class="card match-card" aria-labelledby="your-match">
                <h2 id="your-match">{format!("Your match: {}", m.with)}</h2>
                <p>{m.about.clone()}</p>
                <p>{format!("Started {} · planned to run until {} (one hour a month for twelve months)", m.start_date, m.planned_end)}</p>
                {m.via_coordinator.clone().map(|p| view! { <p class="alert alert-info">{format!("Contact goes through your Mentoring Coordinator at {p}.")}</p> })}
                {(!m.reasons.is_empty()).then(|| view! {
                    <p>"Why we matched you:"</p>
                    <ul class="reasons">{m.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                })}
                {(m.overdue > 0).then(|| view! {
                    <p class="alert alert-error">{format!("{} overdue: arrange your next hour together and log it.", domain::count(m.overdue, "monthly session", "monthly sessions"))}</p>
                })}
                <p><a class="button" href=format!("/match/{}", m.match_id)>"Open your match page: sessions and messages"</a></p>
                <crate::pages::mentoring::RematchForm action=rematch match_id=m.match_id />
            </section>
        }
    });
    let notes = (!card.notifications.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="notifications">
                <h2 id="notifications">"Notifications"</h2>
                <ul class="plain-list">{card.notifications.iter().map(|(t, d)| view! { <li>{t.clone()}<br /><span class="muted">{d.clone()}</span></li> }).collect_view()}</ul>
            </section>
        }
    });
    let offer = card.offer_new_match.then(|| view! { <crate::pages::mentoring::NewMatchOffer /> });
    let last = card.last_match.filter(|_| !has_current).map(|id| {
        view! { <p><a href=format!("/match/{id}")>"Your last match: timeline and exit survey"</a></p> }
    });
    view! { <div class="match-panel">{ended}{offer}{current}{last}{notes}</div> }.into_any()
}
