//! Staff: mentor applications. Queues with counts, then one mentor's review: the DBS check,
//! references, training and workshop progress, decisions and their history.

use crate::api::approvals::{AddReference, DecideMentor, RecordDbs, load_mentor_review, mentor_queue};
use crate::components::form::{
    ErrorSummary, Field, FormAlert, TextAreaField, latest_answer_only, outcome, use_form, use_record_form,
};
use crate::components::table::{CardTable, Cell, Row};
use crate::pages::id_param;
use crate::pages::status::ErrorPage;
use crate::pages::urlencode;
use domain::approvals::{
    DbsInput, Decision, DecisionInput, DeclineReason, MentorReview, MentorStatus, QueueFilter, ReferenceInput,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;
use std::sync::Arc;

#[component]
pub fn MentorQueuePage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| (q.get("filter"), q.get("name"), q.get("after").and_then(|a| a.parse::<i64>().ok()))),
        |(f, n, a)| mentor_queue(f, n, a),
    );
    view! {
        <Title text="Mentor applications" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(page) => {
                    let filter = page.filter.clone();
                    let name = page.name.clone();
                    let label = QueueFilter::parse(&filter).map(QueueFilter::label).unwrap_or("Mentors");
                    view! {
                        <section class="wrap">
                            <h1>"Mentor applications"</h1>
                            <nav aria-label="Queues">
                                <ul class="tabs">
                                    {page.counts.into_iter().map(|(key, label, n)| {
                                        let current = key == filter;
                                        view! {
                                            <li>
                                                <a href=format!("/admin/mentors?filter={key}") aria-current=current.then_some("page") class:current=current>
                                                    {label} " " <span class="count">{n}</span>
                                                </a>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </nav>
                            <form method="get" action="/admin/mentors" class="filter" role="search">
                                <input type="hidden" name="filter" value=filter.clone() />
                                <label for="f-name">"Find by name"</label>
                                <input id="f-name" name="name" value=name.clone() autocomplete="off" />
                                <button type="submit" class="button button-secondary">"Search"</button>
                            </form>
                            {if page.rows.is_empty() {
                                view! { <p>"Nobody is in this queue."</p> }.into_any()
                            } else {
                                view! {
                                    <CardTable caption={label} columns=&["Name", "Signed up", "Status", "DBS", "References", "Training", "Workshop"]>
                                                {page.rows.into_iter().map(|r| view! {
                                                    <Row>
                                                        <Cell label="Name"><a href=format!("/admin/mentors/{}", r.user_id)>{r.name}</a></Cell>
                                                        <Cell label="Signed up">{r.joined}</Cell>
                                                        <Cell label="Status">{r.status.label()}</Cell>
                                                        <Cell label="DBS">{if r.dbs_recorded { "Recorded" } else { "Waiting" }}</Cell>
                                                        <Cell label="References">{r.references}</Cell>
                                                        <Cell label="Training">
                                                            {format!("{} of {} lessons", r.lessons_done.min(r.lessons_total), r.lessons_total)}
                                                            {r.training_overdue.then(|| view! { <br /><span class="tag tag-amber">"Past 14 days"</span> })}
                                                        </Cell>
                                                        <Cell label="Workshop">{r.workshop}</Cell>
                                                    </Row>
                                                }).collect_view()}
                                    </CardTable>
                                }.into_any()
                            }}
                            {page.next.map(|n| view! { <p><a href=format!("/admin/mentors?filter={filter}&name={}&after={n}", urlencode(&name))>"Next page"</a></p> })}
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// The policies the mentor accepted: which version and when; one an update superseded no
/// longer counts.
fn policies_accepted(rows: Vec<domain::policies::AcceptanceRow>) -> AnyView {
    if rows.is_empty() {
        return view! { <h2>"Policies accepted"</h2><p>"No policy accepted yet."</p> }.into_any();
    }
    view! {
        <h2>"Policies accepted"</h2>
        <CardTable caption="Policies accepted, newest first" hidden_caption=true columns=&["Policy", "Version", "Accepted", "Counts now"]>
            {rows.into_iter().map(|a| view! {
                <Row>
                    <Cell label="Policy">{a.title}</Cell>
                    <Cell label="Version">{a.version}</Cell>
                    <Cell label="Accepted">{a.accepted_at}</Cell>
                    <Cell label="Counts now">{if a.counts { "Yes" } else { "No: a newer version asks again" }}</Cell>
                </Row>
            }).collect_view()}
        </CardTable>
    }
    .into_any()
}

#[component]
pub fn MentorReviewPage() -> impl IntoView {
    let id = id_param("id");
    let dbs = ServerAction::<RecordDbs>::new();
    let reference = ServerAction::<AddReference>::new();
    let decide = ServerAction::<DecideMentor>::new();
    latest_answer_only(vec![Arc::new(dbs), Arc::new(reference), Arc::new(decide)]);
    let data = Resource::new(
        move || (id(), dbs.version().get(), reference.version().get(), decide.version().get()),
        |(id, ..)| load_mentor_review(id),
    );
    view! {
        <Title text="Mentor review" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(m) => view! { <Review m dbs reference decide /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Review(
    m: MentorReview,
    dbs: ServerAction<RecordDbs>,
    reference: ServerAction<AddReference>,
    decide: ServerAction<DecideMentor>,
) -> impl IntoView {
    let id = m.user_id;
    let matchable = m.missing.is_empty();
    view! {
        <section class="wrap">
            <p><a href="/admin/mentors">"All mentor applications"</a></p>
            <h1>{m.name.clone()}</h1>
            <p class="lead">{format!("{} · signed up {} · {}", m.email, m.joined, m.status.label())}</p>
            {if matchable {
                view! { <div class="alert alert-success" role="status">"Ready to be matched: approved, DBS-cleared, trained, workshop complete and policies accepted."</div> }.into_any()
            } else {
                view! { <div class="alert alert-info">{format!("Not yet matchable. Still needed: {}.", m.missing.join("; "))}</div> }.into_any()
            }}
            <dl class="summary-list">
                <div><dt>"Profile"</dt><dd>{format!("{} of {} questions answered", m.profile_answered, domain::profiles::COUNTED.len())}</dd></div>
                <div><dt>"Online training"</dt><dd>{if m.training_complete { "Complete".to_string() } else { format!("{} of {} lessons", m.lessons_done, m.lessons_total) }}</dd></div>
                <div><dt>"Workshop"</dt><dd>{m.workshop.clone()}</dd></div>
                <div><dt>"DBS check"</dt><dd>{match &m.dbs {
                    Some(d) => format!(
                        "Certificate {} issued {}{}; recheck by {}",
                        d.certificate_number,
                        d.issue_date.format("%-d %B %Y"),
                        if d.update_service { ", on the Update Service" } else { "" },
                        d.recheck_date.format("%-d %B %Y")
                    ),
                    None => "Not recorded".to_string(),
                }}</dd></div>
            </dl>
            <div class="two-col">
                <DbsForm id action=dbs />
                <ReferenceForm id action=reference refs=m.references.len() />
            </div>
            <h2>"References"</h2>
            {if m.references.is_empty() {
                view! { <p>"No references recorded yet."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {m.references.into_iter().map(|r| view! {
                            <li>{format!("{} ({}): {}, recorded {}", r.referee, r.relationship, if r.satisfactory { "satisfactory" } else { "not satisfactory" }, r.recorded)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {policies_accepted(m.policies)}
            {move || match outcome(decide).get() {
                Some(Ok(s)) => Some(view! { <div class="alert alert-success" role="status">{format!("Saved: {}.", s.label())}</div> }),
                _ => None,
            }}
            <DecisionForm id status=m.status action=decide />
            <h2>"Decision history"</h2>
            {if m.history.is_empty() {
                view! { <p>"No decisions yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="history">
                        {m.history.into_iter().map(|d| view! {
                            <li>
                                <strong>{d.decision.label()}</strong>
                                {d.reason.map(|r| format!(": {}", r.label()))}
                                {format!(" — {} by {}", d.at, d.by)}
                                {(!d.note.is_empty()).then(|| view! { <p class="small">{d.note.clone()}</p> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn DbsForm(id: i64, action: ServerAction<RecordDbs>) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |d: &RecordDbs| {
        DbsInput {
            certificate_number: d.certificate_number.clone(),
            issue_date: d.issue_date.clone(),
            update_service: d.update_service.clone(),
            recheck_date: d.recheck_date.clone(),
        }
        .validate(chrono::Utc::now().date_naive())
        .err()
        .unwrap_or_default()
    });
    view! {
        <div class="panel">
            <h2>"Enhanced DBS check"</h2>
            {move || matches!(outcome(action).get(), Some(Ok(()))).then(|| view! { <div class="alert alert-success" role="status">"DBS check recorded."</div> })}
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=RecordDbs::url() on:submit=on_submit novalidate>
                <input type="hidden" name="mentor_id" value=id.to_string() />
                <Field label="Certificate number" name="certificate_number" hint="12 digits" errors autocomplete="off" />
                <Field label="Issue date" name="issue_date" kind="date" errors />
                <div class="field">
                    <label class="radio"><input type="checkbox" name="update_service" value="yes" /><span>"Subscribed to the DBS Update Service"</span></label>
                </div>
                <Field label="Recheck or expiry date" name="recheck_date" kind="date" errors />
                <button type="submit" class="button" disabled=move || action.pending().get()>"Record DBS check"</button>
            </form>
        </div>
    }
}

#[component]
fn ReferenceForm(id: i64, action: ServerAction<AddReference>, refs: usize) -> impl IntoView {
    let (errors, on_submit) = use_record_form(action, |r: &AddReference| {
        ReferenceInput { referee: r.referee.clone(), relationship: r.relationship.clone(), outcome: r.outcome.clone() }
            .validate()
            .err()
            .unwrap_or_default()
    });
    let err = move || errors.with(|e| e.get("outcome").map(str::to_owned));
    view! {
        <div class="panel">
            <h2>"Add a reference"</h2>
            <p class="hint">{format!("{refs} recorded; {} satisfactory references are needed.", domain::approvals::REFERENCES_NEEDED)}</p>
            {move || matches!(outcome(action).get(), Some(Ok(()))).then(|| view! { <div class="alert alert-success" role="status">"Reference recorded."</div> })}
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=AddReference::url() on:submit=on_submit novalidate>
                <input type="hidden" name="mentor_id" value=id.to_string() />
                <Field label="Referee's name" name="referee" errors />
                <Field label="How they know the applicant" name="relationship" hint="For example: line manager for 4 years" errors />
                <fieldset class="field" id="f-outcome" class:field-invalid=move || err().is_some()>
                    <legend>"Outcome"</legend>
                    {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
                    <label class="radio"><input type="radio" name="outcome" value="satisfactory" /><span>"Satisfactory"</span></label>
                    <label class="radio"><input type="radio" name="outcome" value="unsatisfactory" /><span>"Not satisfactory"</span></label>
                </fieldset>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Record reference"</button>
            </form>
        </div>
    }
}

#[component]
fn DecisionForm(id: i64, status: MentorStatus, action: ServerAction<DecideMentor>) -> impl IntoView {
    let choices: Vec<Decision> = [Decision::Approve, Decision::Decline, Decision::End]
        .into_iter()
        .filter(|d| d.apply(status).is_some())
        .collect();
    let (errors, on_submit) = use_form(action, |d: &DecideMentor| {
        DecisionInput {
            decision: d.decision.clone().unwrap_or_default(),
            reason: d.reason.clone(),
            note: d.note.clone(),
        }
        .validate()
        .err()
        .unwrap_or_default()
    });
    let err = move |f: &'static str| move || errors.with(|e| e.get(f).map(str::to_owned));
    if choices.is_empty() {
        return view! { <p>{format!("This mentor's status is final: {}.", status.label().to_lowercase())}</p> }
            .into_any();
    }
    view! {
        <div class="panel">
            <h2>"Decision"</h2>
            <p class="hint">"Declining or ending a role signs the mentor out everywhere and removes their mentoring features. The mentor is told the reason; your note stays internal."</p>
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=DecideMentor::url() on:submit=on_submit novalidate>
                <input type="hidden" name="mentor_id" value=id.to_string() />
                <fieldset class="field" id="f-decision" class:field-invalid=move || err("decision")().is_some()>
                    <legend>"Decision"</legend>
                    {move || err("decision")().map(|m| view! { <p class="error-message">{m}</p> })}
                    {choices.into_iter().map(|d| view! {
                        <label class="radio"><input type="radio" name="decision" value=d.as_str() /><span>{match d {
                            Decision::Approve => "Approve",
                            Decision::Decline => "Decline the application",
                            Decision::End => "End this mentor's role",
                        }}</span></label>
                    }).collect_view()}
                </fieldset>
                <div class="field" class:field-invalid=move || err("reason")().is_some()>
                    <label for="f-reason">"Reason (when declining or ending)"</label>
                    {move || err("reason")().map(|m| view! { <p class="error-message">{m}</p> })}
                    <select id="f-reason" name="reason">
                        <option value="">"Choose a reason…"</option>
                        {DeclineReason::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                    </select>
                </div>
                <TextAreaField label="Note" name="note" hint="Required when declining or ending: what was considered. Kept in the history." rows=3 errors />
                <button type="submit" class="button" disabled=move || action.pending().get()>"Save decision"</button>
            </form>
        </div>
    }
    .into_any()
}
