//! Report a concern (everyone), the DSL's case queue and case file, the audit log, and the
//! privacy page (notice, retention, download, delete account).

use crate::api::safeguarding::{
    AddCaseEntry, LinkCase, ReportConcern, SuspendFromCase, case_queue, concern_matches, load_case, my_concerns,
};
use crate::components::form::{
    ErrorSummary, Field, FormAlert, TextAreaField, outcome, said, successes, use_form, use_record_form,
};
use crate::components::table::{CardTable, Cell, Row};
use crate::pages::id_param;
use crate::pages::status::ErrorPage;
use domain::safeguarding::{
    CaseFile, CaseRow, CaseStatus, Category, ConcernInput, EntryInput, EntryKind, MyConcern, Urgency,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

fn urgency_tag(u: Urgency) -> impl IntoView {
    let class = match u {
        Urgency::Immediate => "tag tag-warning",
        Urgency::High => "tag tag-amber",
        Urgency::Routine => "tag",
    };
    view! { <span class=class>{u.short()}</span> }
}

#[component]
pub fn ReportConcernPage() -> impl IntoView {
    let query = use_query_map();
    let match_id = query.with_untracked(|q| q.get("match").filter(|m| m.parse::<i64>().is_ok()).unwrap_or_default());
    let report = ServerAction::<ReportConcern>::new();
    let reload = successes(report);
    let mine = Resource::new(move || reload.get(), |_| my_concerns());
    let matches = Resource::new(|| (), |_| concern_matches());
    let (errors, on_submit) = use_form(report, |s: &ReportConcern| {
        let input = ConcernInput {
            category: s.category.clone(),
            urgency: s.urgency.clone(),
            what: s.what.clone(),
            happened_on: s.happened_on.clone(),
            match_id: s.match_id.clone(),
        };
        // How the date compares with today is checked on the server (the browser's clock may
        // be wrong); here only that it is a date.
        let today = chrono::NaiveDate::parse_from_str(input.happened_on.trim(), "%Y-%m-%d").unwrap_or_default();
        input.validate(today).err().unwrap_or_default()
    });
    let err = move |f: &'static str| move || errors.with(|e| e.get(f).map(str::to_owned));
    let receipt = move || match outcome(report).get() {
        Some(Ok(r)) => Some(r),
        _ => None,
    };
    let linked = (!match_id.is_empty()).then(|| format!("This report will be linked to match {match_id}."));
    view! {
        <Title text="Report a concern" />
        <section class="wrap narrow">
            <h1>"Report a concern"</h1>
            <p class="alert alert-error" role="note">
                <strong>"If someone is in immediate danger, call 999 now."</strong>
                " Then tell us here."
            </p>
            <p>
                "Use this form if someone tells you something that worries you, or you see or hear something that "
                "worries you, about a young person or anyone in the programme. It goes straight to our Designated "
                "Safeguarding Lead and their deputy, and to nobody else."
            </p>
            {move || receipt().map(|r| view! {
                <div class="card receipt" role="status">
                    <h2>{format!("Thank you. Your report is {}", r.reference)}</h2>
                    <p>{r.next_steps}</p>
                    <p><a href="/concern">"Report something else"</a></p>
                </div>
            })}
            <div hidden=move || receipt().is_some()>
                <ErrorSummary errors />
                <FormAlert value=outcome(report) />
                <form method="post" action=ReportConcern::url() on:submit=on_submit novalidate>
                    <Suspense fallback=|| ()>
                        {move || {
                            let chosen = match_id.clone();
                            let own = matches.get().and_then(Result::ok).unwrap_or_default();
                            // From a match page: that match. Otherwise the person says who it is
                            // about when they have a match; nobody else's match is offered.
                            if own.is_empty() || (!chosen.is_empty() && !own.iter().any(|(id, _)| id.to_string() == chosen)) {
                                view! {
                                    <input type="hidden" name="match_id" value=chosen.clone() />
                                    {linked.clone().map(|l| view! { <p class="hint">{l}</p> })}
                                }.into_any()
                            } else {
                                view! {
                                    <fieldset class="field" id="f-match_id" class:field-invalid=move || err("match_id")().is_some()>
                                        <legend>"Who is it about?"</legend>
                                        <p class="hint">"Linking your match lets the safeguarding lead act on it quickly."</p>
                                        {move || err("match_id")().map(|m| view! { <p class="error-message">{m}</p> })}
                                        {own.into_iter().map(|(id, label)| {
                                            let value = id.to_string();
                                            let checked = value == chosen;
                                            view! { <label class="radio"><input type="radio" name="match_id" value=value checked=checked /><span>{label}</span></label> }
                                        }).collect_view()}
                                        <label class="radio"><input type="radio" name="match_id" value="" checked=chosen.is_empty() /><span>"Someone else, or not about my match"</span></label>
                                    </fieldset>
                                }.into_any()
                            }
                        }}
                    </Suspense>
                    <fieldset class="field" id="f-category" class:field-invalid=move || err("category")().is_some()>
                        <legend>"What is it about?"</legend>
                        {move || err("category")().map(|m| view! { <p class="error-message">{m}</p> })}
                        {Category::ALL.into_iter().map(|c| view! {
                            <label class="radio"><input type="radio" name="category" value=c.as_str() /><span>{c.label()}</span></label>
                        }).collect_view()}
                    </fieldset>
                    <fieldset class="field" id="f-urgency" class:field-invalid=move || err("urgency")().is_some()>
                        <legend>"How urgent is it?"</legend>
                        {move || err("urgency")().map(|m| view! { <p class="error-message">{m}</p> })}
                        {Urgency::ALL.into_iter().map(|u| view! {
                            <label class="radio"><input type="radio" name="urgency" value=u.as_str() /><span>{u.label()}</span></label>
                        }).collect_view()}
                    </fieldset>
                    <TextAreaField
                        label="What was said or seen?"
                        name="what"
                        errors
                        hint="In your own words, and the words they used if you can remember them. Facts, not opinions: who, what, where."
                        rows=8
                    />
                    <Field label="When did it happen?" name="happened_on" kind="date" errors hint="Your best guess is fine" />
                    <p class="hint">"Once sent, a report cannot be changed or deleted. If you remember more, send another one."</p>
                    <button type="submit" class="button" disabled=move || report.pending().get()>
                        {move || if report.pending().get() { "Sending…" } else { "Send to the safeguarding lead" }}
                    </button>
                </form>
            </div>
            <h2>"Your reports"</h2>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || mine.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(rows) => my_reports(rows),
                })}
            </Transition>
        </section>
    }
}

fn my_reports(rows: Vec<MyConcern>) -> AnyView {
    if rows.is_empty() {
        return view! { <p>"You have not reported anything."</p> }.into_any();
    }
    view! {
        <ul class="plain-list">
            {rows.into_iter().map(|c| view! {
                <li class="card">
                    <p><strong>{c.reference}</strong>" · "{c.category}" · "{c.reported_at}</p>
                    <p class="pre-wrap">{c.what}</p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn CaseQueuePage() -> impl IntoView {
    let query = use_query_map();
    let closed = move || query.with(|q| q.get("closed"));
    let data = Resource::new(closed, case_queue);
    view! {
        <Title text="Safeguarding cases" />
        <section class="wrap">
            <h1>"Safeguarding cases"</h1>
            <p>"Most urgent first, then oldest first. Every opening of a case is recorded."</p>
            <p>
                {move || if closed().is_some() {
                    view! { <a href="/safeguarding">"Show open cases"</a> }.into_any()
                } else {
                    view! { <a href="/safeguarding?closed=yes">"Show closed cases"</a> }.into_any()
                }}
            </p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(rows) => queue_table(rows),
                })}
            </Transition>
        </section>
    }
}

fn queue_table(rows: Vec<CaseRow>) -> AnyView {
    if rows.is_empty() {
        return view! { <p>"No cases here."</p> }.into_any();
    }
    view! {
        <CardTable caption="Safeguarding cases by urgency" hidden_caption=true class="case-queue" columns=&["Case", "Urgency", "What", "About", "Source", "Status", "Reported"]>
                    {rows.into_iter().map(|c| view! {
                        <Row>
                            <Cell label="Case"><a href=format!("/safeguarding/cases/{}", c.id)>{c.reference}</a></Cell>
                            <Cell label="Urgency">{urgency_tag(c.urgency)}</Cell>
                            <Cell label="What"><strong>{c.category}</strong><br /><span class="small">{c.summary}</span></Cell>
                            <Cell label="About">{c.about.unwrap_or_else(|| "Not linked".into())}</Cell>
                            <Cell label="Source">{c.source}</Cell>
                            <Cell label="Status">{c.status.label()}</Cell>
                            <Cell label="Reported">{c.reported_at}</Cell>
                        </Row>
                    }).collect_view()}
        </CardTable>
    }
    .into_any()
}

#[component]
pub fn CasePage() -> impl IntoView {
    let id = id_param("id");
    let add = ServerAction::<AddCaseEntry>::new();
    let suspend = ServerAction::<SuspendFromCase>::new();
    let link = ServerAction::<LinkCase>::new();
    let added = successes(add);
    let suspended = successes(suspend);
    let linked = successes(link);
    let data = Resource::new(move || (id(), added.get(), suspended.get(), linked.get()), |(id, ..)| load_case(id));
    view! {
        <Title text="Safeguarding case" />
        <section class="wrap">
            <p><a href="/safeguarding">"← All cases"</a></p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(c) => case_file(c, add, suspend, link),
                })}
            </Transition>
        </section>
    }
}

fn case_file(
    c: CaseFile,
    add: ServerAction<AddCaseEntry>,
    suspend: ServerAction<SuspendFromCase>,
    link: ServerAction<LinkCase>,
) -> AnyView {
    let case_id = c.id;
    let mentor = c.people.iter().find(|p| p.relation == "Mentor").cloned();
    let match_id = c.match_id;
    let match_suspended = c.match_suspended;
    view! {
        <h1>{format!("Case {}", c.reference)}" "{urgency_tag(c.urgency)}</h1>
        <dl class="facts">
            <dt>"Status"</dt><dd>{c.status.label()}</dd>
            <dt>"What"</dt><dd>{c.category.clone()}</dd>
            <dt>"Source"</dt><dd>{c.source.clone()}</dd>
            <dt>"Reported"</dt><dd>{c.reported_at.clone()}</dd>
            <dt>"Happened"</dt><dd>{c.happened_on.clone()}</dd>
            {match_id.map(|m| view! {
                <dt>"Match"</dt>
                <dd>
                    <a href=format!("/match/{m}")>{format!("Match {m}")}</a>
                    {match_suspended.then(|| view! { " " <span class="tag tag-warning">"Suspended"</span> })}
                </dd>
            })}
        </dl>
        <h2>"What was reported"</h2>
        <blockquote class="report-text pre-wrap">{c.what.clone()}</blockquote>
        <h2>"People"</h2>
        <ul class="plain-list">
            {c.people.iter().map(|p| view! {
                <li>
                    <strong>{p.relation.clone()}": "</strong>{p.name.clone()}" ("{p.role.clone()}")"
                    {p.suspended.then(|| view! { " " <span class="tag tag-warning">"Access suspended"</span> })}
                </li>
            }).collect_view()}
        </ul>
        {if c.programme_team {
            view! {
                <LinkForm link case_id linked=match_id.is_some() />
                <h2>"Act now"</h2>
                <SuspendForms suspend case_id match_id match_suspended mentor_suspended=mentor.as_ref().map(|m| m.suspended) />
            }.into_any()
        } else {
            view! {
                <p class="alert alert-info">"You see this case as your institution's safeguarding contact: add what you know and what you did to the chronology. To suspend a match or a mentor at once, call the programme's Designated Safeguarding Lead."</p>
            }.into_any()
        }}
        <h2>"Chronology"</h2>
        <ol class="chronology">
            {c.chronology.into_iter().map(|e| view! {
                <li>
                    <p class="small">{e.at}" · "{e.by}" · "<strong>{e.kind}</strong></p>
                    <p class="pre-wrap">{e.text}</p>
                    {(!e.reason.is_empty()).then(|| view! { <p class="small">"Reason: "{e.reason.clone()}</p> })}
                </li>
            }).collect_view()}
        </ol>
        <AddEntryForm add case_id />
        <h2>"Who has opened this case"</h2>
        <ul class="plain-list small">
            {c.views.into_iter().rev().map(|v| view! { <li>{v.at}" · "{v.by}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Who the case is about, when the report did not say: the team links the young person or
/// mentor by email address (their match comes with them).
#[component]
fn LinkForm(link: ServerAction<LinkCase>, case_id: i64, linked: bool) -> impl IntoView {
    let (errors, on_submit) = use_form(link, |l: &LinkCase| {
        if l.email.trim().is_empty() {
            domain::FieldErrors::single("email", "Enter the email address of the young person or mentor")
        } else {
            domain::FieldErrors::new()
        }
    });
    view! {
        // The confirmation sits outside the panel, which folds away once a match is linked.
        {said(link, |t: String| t)}
        <details class="panel" open=!linked>
            <summary>{if linked { "Link to someone else" } else { "Link this case to the person it is about" }}</summary>
            <ErrorSummary errors />
            <form method="post" action=LinkCase::url() on:submit=on_submit novalidate>
                <input type="hidden" name="case_id" value=case_id.to_string() />
                <Field label="Email address of the young person or mentor" name="email" kind="email" errors hint="Their match, if they have one, is linked too, so you can suspend it from here." />
                <button type="submit" class="button button-secondary">"Link"</button>
            </form>
        </details>
    }
}

#[component]
fn SuspendForms(
    suspend: ServerAction<SuspendFromCase>,
    case_id: i64,
    match_id: Option<i64>,
    match_suspended: bool,
    mentor_suspended: Option<bool>,
) -> impl IntoView {
    let (errors, on_submit) = use_form(suspend, |s: &SuspendFromCase| {
        let (field, reason) =
            if s.what == "mentor" { ("mentor_reason", &s.mentor_reason) } else { ("match_reason", &s.match_reason) };
        if reason.as_deref().unwrap_or_default().trim().is_empty() {
            domain::FieldErrors::single(field, "Give the reason: it goes in the chronology")
        } else {
            domain::FieldErrors::new()
        }
    });
    // The match and the mentor each have their own form, with its own reason.
    let lift_match = if match_suspended { "yes" } else { "no" };
    let lift_mentor = if mentor_suspended.unwrap_or(false) { "yes" } else { "no" };
    match (match_id, mentor_suspended) {
        (None, None) => view! { <p>"This case names no match or mentor to suspend."</p> }.into_any(),
        _ => view! {
            <ErrorSummary errors />
            <FormAlert value=outcome(suspend) />
            {match_id.map(|_| view! {
                <form method="post" action=SuspendFromCase::url() on:submit=on_submit.clone() novalidate class="card">
                    <input type="hidden" name="case_id" value=case_id.to_string() />
                    <input type="hidden" name="what" value="match" />
                    <input type="hidden" name="lift" value=lift_match />
                    <Field label="Reason (for the match)" name="match_reason" errors hint="Recorded in the chronology" />
                    <button type="submit" class="button button-danger">
                        {if match_suspended { "Lift the match suspension" } else { "Suspend the match now" }}
                    </button>
                </form>
            })}
            {mentor_suspended.map(|s| view! {
                <form method="post" action=SuspendFromCase::url() on:submit=on_submit.clone() novalidate class="card">
                    <input type="hidden" name="case_id" value=case_id.to_string() />
                    <input type="hidden" name="what" value="mentor" />
                    <input type="hidden" name="lift" value=lift_mentor />
                    <Field label="Reason (for the mentor)" name="mentor_reason" errors hint="Recorded in the chronology" />
                    <button type="submit" class="button button-danger">
                        {if s { "Restore the mentor's access" } else { "Suspend the mentor's access now" }}
                    </button>
                </form>
            })}
        }
        .into_any(),
    }
}

#[component]
fn AddEntryForm(add: ServerAction<AddCaseEntry>, case_id: i64) -> impl IntoView {
    let (errors, on_submit) = use_record_form(add, |s: &AddCaseEntry| {
        EntryInput { kind: s.kind.clone(), text: s.text.clone(), reason: s.reason.clone(), status: s.status.clone() }
            .validate()
            .err()
            .unwrap_or_default()
    });
    let err = move || errors.with(|e| e.get("kind").map(str::to_owned));
    view! {
        <h3>"Add to the chronology"</h3>
        <ErrorSummary errors />
        <FormAlert value=outcome(add) />
        <form method="post" action=AddCaseEntry::url() on:submit=on_submit novalidate>
            <input type="hidden" name="case_id" value=case_id.to_string() />
            <fieldset class="field" id="f-kind" class:field-invalid=move || err().is_some()>
                <legend>"What are you recording?"</legend>
                {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
                {EntryKind::WRITABLE.into_iter().map(|k| view! {
                    <label class="radio"><input type="radio" name="kind" value=k.as_str() /><span>{k.label()}</span></label>
                }).collect_view()}
            </fieldset>
            <TextAreaField label="What was done or decided" name="text" errors rows=4 />
            <TextAreaField label="Reason" name="reason" errors rows=2 hint="Required for decisions and referrals" />
            <div class="field">
                <label for="f-status">"Status"</label>
                <select id="f-status" name="status">
                    <option value="">"Leave as it is"</option>
                    {[CaseStatus::Open, CaseStatus::Referred, CaseStatus::Closed].into_iter().map(|s| view! {
                        <option value=s.as_str()>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button" disabled=move || add.pending().get()>"Add to the chronology"</button>
        </form>
        {said(add, |_| "Added to the chronology.".to_string())}
    }
}
