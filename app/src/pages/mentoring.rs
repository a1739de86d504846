//! The match page (plan, sessions, goals, messages, consent, check-in, closure, exit survey),
//! the staff review queue for held messages, and the coordinator's relay queue.

use crate::api::how_going::{AnswerHowGoing, AskTeamAboutMatch};
use crate::api::matching::RequestRematch;
use crate::api::mentoring::{
    AnswerNewMatch, CancelPlannedSession, CloseMatch, ConfirmSession, DeclareGift, LogSession, PlanSession, RateGoal,
    RelayMessage, ReviewMessage, SendCheckin, SendExitSurvey, SendMessage, ShareContact, gift_register, held_messages,
    load_match, my_gifts, relationships, relay_queue,
};
use crate::api::policies::load_policy;
use crate::components::form::{
    CheckboxField, ErrorSummary, Field, FormAlert, TextAreaField, outcome, said, successes, use_form, use_record_form,
};
use crate::components::table::{CardTable, Cell, Row};
use crate::components::text::PlainText;
use crate::pages::how_going::HowGoingSection;
use crate::pages::id_param;
use crate::pages::status::ErrorPage;
use domain::FieldErrors;
use domain::matching::{RematchInput, RematchReason};
use domain::mentoring::{
    CloseInput, ClosureReason, GIFT_OVER_LIMIT_NEXT, GIFT_POLICY, GiftInput, GiftRow, MatchPage, MessageStatus,
    PlanInput, PlannedRow, QueuedMessage, RelationshipList, SessionInput, SessionMode, SessionRules, Viewer,
    over_gift_limit,
};
use domain::moderation::MODERATION_NOTICE;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

#[component]
pub fn MatchPagePage() -> impl IntoView {
    let id = id_param("id");
    let log = ServerAction::<LogSession>::new();
    let confirm = ServerAction::<ConfirmSession>::new();
    let send = ServerAction::<SendMessage>::new();
    let share = ServerAction::<ShareContact>::new();
    let checkin = ServerAction::<SendCheckin>::new();
    let close = ServerAction::<CloseMatch>::new();
    let survey = ServerAction::<SendExitSurvey>::new();
    let goal = ServerAction::<RateGoal>::new();
    let rematch = ServerAction::<crate::api::matching::RequestRematch>::new();
    let plan = ServerAction::<PlanSession>::new();
    let unplan = ServerAction::<CancelPlannedSession>::new();
    let going = ServerAction::<AnswerHowGoing>::new();
    let ask = ServerAction::<AskTeamAboutMatch>::new();
    let reloads = [
        successes(going),
        successes(ask),
        successes(rematch),
        successes(goal),
        successes(log),
        successes(confirm),
        successes(send),
        successes(share),
        successes(checkin),
        successes(close),
        successes(survey),
        successes(plan),
        successes(unplan),
    ];
    // The page reloads after any successful change.
    let data = Resource::new(move || (id(), reloads.iter().map(|r| r.get()).sum::<usize>()), |(id, _)| load_match(id));
    view! {
        <Title text="Your match" />
        <section class="wrap">
            // A transition keeps the page on screen while it reloads after a change.
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(p) => view! { <MatchView p log confirm send share checkin close survey goal rematch plan unplan going ask /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
#[component]
fn MatchView(
    p: MatchPage,
    log: ServerAction<LogSession>,
    confirm: ServerAction<ConfirmSession>,
    send: ServerAction<SendMessage>,
    share: ServerAction<ShareContact>,
    checkin: ServerAction<SendCheckin>,
    close: ServerAction<CloseMatch>,
    survey: ServerAction<SendExitSurvey>,
    goal: ServerAction<RateGoal>,
    rematch: ServerAction<crate::api::matching::RequestRematch>,
    plan: ServerAction<PlanSession>,
    unplan: ServerAction<CancelPlannedSession>,
    going: ServerAction<AnswerHowGoing>,
    ask: ServerAction<AskTeamAboutMatch>,
) -> impl IntoView {
    let participant = p.viewer.is_participant();
    let other = if p.viewer == Viewer::Mentor { &p.young_person } else { &p.mentor };
    let other = other.split_whitespace().next().unwrap_or_default().to_string();
    let title = match p.viewer {
        Viewer::Mentor => format!("Mentoring {}", p.young_person),
        Viewer::YoungPerson => format!("Your mentor: {}", p.mentor),
        _ => format!("{} and {}", p.young_person, p.mentor),
    };
    let id = p.id.to_string();
    let status = match &p.closed {
        Some(c) => c.clone(),
        None => format!("Started {} · planned to end {}", p.start_date, p.planned_end),
    };
    view! {
        <h1>{title}</h1>
        <p class="lead">"One-to-one. One hour a month. Twelve months."</p>
        <p>{status}</p>
        {p.paused.then(|| view! {
            <p class="alert alert-error" role="status">"This match is paused by the Tandem team. Sessions and messages are on hold; we will be in touch."</p>
        })}
        <p class="concern-link"><a href=format!("/concern?match={id}")>"Worried about something? Report a concern about this match"</a></p>
        {p.partner.clone().filter(|_| p.under_18).map(|name| view! {
            <p class="alert alert-info">{format!("Contact goes through the Mentoring Coordinator at {name}; sessions in person take place at {name}.")}</p>
        })}
        {(p.overdue > 0 && p.active).then(|| view! {
            <p class="alert alert-error" role="alert">{format!("{} overdue: arrange your next hour together.", domain::count(p.overdue, "monthly session", "monthly sessions"))}</p>
        })}
        {p.how_going.clone().map(|card| view! { <HowGoingSection card match_id=p.id other answer=going ask /> }.into_any())}
        {(p.viewer == Viewer::Staff && (!p.how_going_answers.is_empty() || !p.advice_threads.is_empty())).then(|| view! {
            <section class="card" aria-labelledby="how-going-staff">
                <h2 id="how-going-staff">"How is it going? (private answers)"</h2>
                {if p.how_going_answers.is_empty() {
                    view! { <p>"Neither side has answered yet."</p> }.into_any()
                } else {
                    view! { <ul>{p.how_going_answers.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul> }.into_any()
                }}
                {(!p.advice_threads.is_empty()).then(|| view! {
                    <p>"Asked the team for advice:"</p>
                    <ul>
                        {p.advice_threads.iter().map(|t| view! {
                            <li><a href=format!("/admin/enquiries/{}", t.id)>{format!("{}, {}", t.from, t.started)}</a>{format!(" · {}", t.status)}</li>
                        }).collect_view()}
                    </ul>
                })}
            </section>
        }.into_any())}
        <h2 id="plan">"Session plan"</h2>
        <ol class="plan" aria-labelledby="plan">
            {p.plan.iter().map(|m| view! {
                <li class=format!("plan-month plan-{}", m.status.class())>
                    <span class="plan-number">{format!("Month {}", m.number)}</span>
                    <span class="plan-dates">{m.window()}</span>
                    <span class="plan-status">{m.status_text()}</span>
                </li>
            }).collect_view()}
        </ol>
        <NextSessions p=p.clone() plan unplan />
        <h2>"Sessions"</h2>
        {if p.sessions.is_empty() {
            view! { <p>"No sessions logged yet."</p> }.into_any()
        } else {
            view! {
                <ul class="plain-list sessions">
                    {p.sessions.iter().map(|s| {
                        let label = format!("Confirm the session of {}", s.held_on);
                        let sid = s.id.to_string();
                        view! {
                            <li class="card session">
                                <h3>{format!("{} · {} minutes · {}", s.held_on, s.minutes, s.mode)}</h3>
                                <p class="muted">{s.place.clone()}</p>
                                <p>{s.discussed.clone()}</p>
                                {(!s.progress.is_empty()).then(|| view! { <p>{format!("Progress: {}", s.progress)}</p> })}
                                <p class="muted">{format!("Logged by {}", s.logged_by)}" · "{if s.confirmed { "Confirmed" } else { "Awaiting confirmation" }}</p>
                                {s.can_confirm.then(move || view! {
                                    <ActionForm action=confirm>
                                        <input type="hidden" name="session_id" value=sid />
                                        <button type="submit" class="button button-small" aria-label=label>"Confirm it happened"</button>
                                    </ActionForm>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {said(confirm, |_| "Session confirmed.".to_string())}
        {(participant && p.active).then(|| view! { <SessionForm action=log match_id=id.clone() start=p.start_iso.clone() rules=p.rules.clone() /> }.into_any())}
        <h2>"Goals"</h2>
        <p class="hint">"Agreed at the start from what the young person wants from mentoring. Rate progress as you go, and again at the end."</p>
        <ul class="plain-list goals">
            {p.goals.iter().map(|g| {
                let gid = g.id.to_string();
                let label = format!("Progress on {}", g.goal);
                let can_rate = participant;
                view! {
                    <li class="card">
                        <p><strong>{g.goal.clone()}</strong>" · "{g.progress.map(|v| format!("progress {v}/5")).unwrap_or_else(|| "not rated yet".into())}</p>
                        {(!g.note.is_empty()).then(|| view! { <p class="muted">{g.note.clone()}</p> })}
                        {can_rate.then(move || view! {
                            <ActionForm action=goal attr:class="inline-form">
                                <input type="hidden" name="goal_id" value=gid />
                                <label>
                                    <span class="visually-hidden">{label}</span>
                                    <select name="progress">
                                        <option value="">"Rate progress…"</option>
                                        {(1..=5).map(|v| view! { <option value=v.to_string()>{format!("{v} of 5")}</option> }).collect_view()}
                                    </select>
                                </label>
                                <input type="hidden" name="note" value="" />
                                <button type="submit" class="button button-secondary button-small">"Save"</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {said(goal, |_| "Progress saved.".to_string())}
        <h2 id="messages">"Messages"</h2>
        <p class="hint">{MODERATION_NOTICE}</p>
        {if p.messages.is_empty() {
            view! { <p>"No messages yet."</p> }.into_any()
        } else {
            view! {
                <ol class="messages" aria-labelledby="messages">
                    {p.messages.iter().map(|m| view! {
                        <li class="message" class:message-mine=m.mine>
                            <p class="muted">{format!("{} · {}", m.from, m.at)}</p>
                            <p>{m.body.clone()}</p>
                            {(m.status != MessageStatus::Delivered).then(|| view! { <p class="message-status">{m.status_text.clone()}</p> })}
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {(participant && p.active).then(|| view! { <MessageForm action=send match_id=id.clone() /> }.into_any())}
        {p.contact_sharing.clone().filter(|_| participant && p.active).map(|c| {
            let mid = id.clone();
            let next = if c.mine { "no" } else { "yes" };
            let label = if c.mine { "Withdraw my consent to share contact details" } else { "Agree to share my contact details" };
            view! {
                <h2>"Contact details"</h2>
                <p>"You can both choose to share your email addresses. Either of you can withdraw at any time."</p>
                {c.contact.clone().map(|e| view! { <p><strong>{format!("Their email address: {e}")}</strong></p> })}
                <p>{if c.theirs { "They have agreed to share." } else { "They have not agreed to share." }}</p>
                <ActionForm action=share>
                    <input type="hidden" name="match_id" value=mid />
                    <input type="hidden" name="share" value=next />
                    <button type="submit" class="button button-secondary">{label}</button>
                </ActionForm>
                {said(share, |_| "Saved.".to_string())}
            }
            .into_any()
        })}
        {(participant && p.active && !p.checkin_done_this_month).then(|| view! { <CheckinForm action=checkin match_id=id.clone() /> }.into_any())}
        {said(checkin, |_| "Thank you for checking in.".to_string())}
        {(p.active && p.viewer == Viewer::Staff).then(|| view! {
            <h2>"Rematch"</h2>
            <p>"If the relationship is not working, end it and put the young person back at the front of the queue. This pair will never be proposed again."</p>
            <RematchForm action=rematch match_id=p.id />
        }.into_any())}
        {(p.active && p.viewer != Viewer::Coordinator).then(|| view! { <CloseForm action=close match_id=id.clone() /> }.into_any())}
        {(!p.active && p.viewer == Viewer::YoungPerson).then(|| view! {
            <p class="alert alert-info"><a href="/evaluation/end">"Answer the end-of-mentoring questionnaire"</a>": the same statements as when you applied, so we can see what changed for you."</p>
        })}
        {p.exit_survey_due.then(|| view! { <ExitSurveyForm action=survey match_id=id.clone() /> }.into_any())}
        {said(survey, |_| "Thank you for telling us how it went.".to_string())}
        <h2>"Timeline"</h2>
        <ul class="plain-list timeline">
            {p.timeline.iter().map(|(at, text)| view! { <li><span class="muted">{at.clone()}</span>" · "{text.clone()}</li> }).collect_view()}
        </ul>
    }
}

/// The sessions the pair have planned, and the form to plan (or change) one.
#[component]
fn NextSessions(
    p: MatchPage,
    plan: ServerAction<PlanSession>,
    unplan: ServerAction<CancelPlannedSession>,
) -> impl IntoView {
    let participant = p.viewer.is_participant();
    let who_has_it =
        if participant { "Only the two of you have this link." } else { "Only the pair and you have this link." };
    view! {
        <h2 id="next-sessions">"Next sessions"</h2>
        {p.video_room.clone().map(|link| view! {
            <p class="video-room">
                {format!("Online sessions are in your own video room, and {who_has_it}: ")}
                <a href=link rel="noopener noreferrer">"Join your video room"</a>
            </p>
        })}
        {if p.planned.is_empty() {
            view! { <p>"No session planned yet. Plan your next hour together: you will both get a calendar invitation."</p> }.into_any()
        } else {
            view! {
                <ul class="plain-list planned" aria-labelledby="next-sessions">
                    {p.planned.iter().map(|s| view! { <PlannedCard s=s.clone() match_id=p.id can_change=participant && p.active unplan /> }).collect_view()}
                </ul>
            }.into_any()
        }}
        {said(unplan, |_| "Session called off. You both get a cancellation for your calendars.".to_string())}
        {(participant && p.active).then(|| view! { <PlanForm action=plan match_id=p.id planned=p.planned.clone() rules=p.rules.clone() /> })}
    }
    .into_any()
}

/// One planned session, with its change and call-off actions for the pair.
#[component]
fn PlannedCard(
    s: PlannedRow,
    match_id: i64,
    can_change: bool,
    unplan: ServerAction<CancelPlannedSession>,
) -> impl IntoView {
    let how = match s.mode {
        SessionMode::Online => "Online",
        SessionMode::InPerson => "In person",
    };
    let place = if s.mode == SessionMode::Online {
        view! { <a href=s.place.clone() rel="noopener noreferrer">"Join the meeting"</a> }.into_any()
    } else {
        view! { <span>{s.place.clone()}</span> }.into_any()
    };
    let move_label = format!("Change the session of {}", s.when);
    let cancel_label = format!("Call off the session of {}", s.when);
    let pid = s.id.to_string();
    view! {
        <li class="card planned-session">
            <h3>{s.when.clone()}</h3>
            <p>{how}" · "{place}</p>
            <p class="muted">{format!("Planned by {}", s.planned_by)}</p>
            {can_change.then(move || view! {
                <div class="actions">
                    <a class="button button-secondary button-small" href=format!("/match/{match_id}?change={pid}#plan-session") aria-label=move_label>"Change"</a>
                    <ActionForm action=unplan attr:class="inline-form">
                        <input type="hidden" name="planned_id" value=pid />
                        <button type="submit" class="button button-secondary button-small" aria-label=cancel_label>"Call off"</button>
                    </ActionForm>
                </div>
            })}
        </li>
    }
}

/// Plans the next session, or changes the one named by `?change=ID` (prefilled).
#[component]
fn PlanForm(
    action: ServerAction<PlanSession>,
    match_id: i64,
    planned: Vec<PlannedRow>,
    rules: SessionRules,
) -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let check = rules.clone();
    let (errors, on_submit) = use_form(action, move |s: &PlanSession| {
        let input = PlanInput {
            plan_at: s.plan_at.clone(),
            plan_minutes: s.plan_minutes.clone(),
            plan_mode: s.plan_mode.clone(),
            plan_place: s.plan_place.clone(),
            plan_public_place: s.plan_public_place.clone(),
        };
        // The server knows the time now and the match's end; the browser checks the rest.
        let earliest =
            chrono::NaiveDate::from_ymd_opt(2000, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default();
        let latest = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap_or_default();
        input.validate(earliest, latest, &check).err().unwrap_or_default()
    });
    // The form follows the address: `?change=ID` opens it on that session.
    let form = move || {
        let changing = query.with(|q| q.get("change").and_then(|v| v.parse::<i64>().ok()));
        let current = changing.and_then(|c| planned.iter().find(|p| p.id == c).cloned());
        let heading = if current.is_some() { "Change a planned session" } else { "Plan your next session" };
        let (at, minutes, mode, place) = match &current {
            Some(c) => (c.starts_iso.clone(), c.minutes.to_string(), Some(c.mode), Some(c.place.clone())),
            None => (String::new(), "60".to_string(), None, None),
        };
        let rules = rules.clone();
        let planned_id = current.as_ref().map(|c| c.id.to_string());
        let button = if current.is_some() { "Save the change" } else { "Plan session" };
        view! {
            <section class="card" aria-labelledby="plan-session">
                <h3 id="plan-session">{heading}</h3>
                <p class="hint">"You both get a calendar invitation by email, and another if it changes. "<a href="/help#where-to-meet">"Where should we meet?"</a></p>
                <ErrorSummary errors />
                <FormAlert value=outcome(action) />
                <form method="post" action=PlanSession::url() on:submit=on_submit.clone() novalidate>
                    <input type="hidden" name="match_id" value=match_id.to_string() />
                    {planned_id.map(|id| view! { <input type="hidden" name="planned_id" value=id /> })}
                    <Field label="When (UK time)" name="plan_at" kind="datetime-local" value=at errors required=true />
                    <Field label="How long, in minutes" name="plan_minutes" kind="number" value=minutes errors required=true />
                    <WhereFields
                        names=["plan_mode", "plan_place", "plan_public_place"]
                        legend="How will you meet?"
                        place_label="Meeting link or place"
                        rules
                        errors
                        mode=mode
                        place=place
                    />
                    <button type="submit" class="button" disabled=move || action.pending().get()>{button}</button>
                    {current.is_some().then(|| view! { " " <a href=format!("/match/{match_id}#next-sessions")>"Keep it as it is"</a> })}
                </form>
            </section>
        }
    };
    view! {
        {form}
        {said(action, |_| "Session saved. You both get a calendar invitation by email.".to_string())}
    }
}

#[component]
fn SessionForm(
    action: ServerAction<LogSession>,
    match_id: String,
    start: String,
    rules: SessionRules,
) -> impl IntoView {
    let start_date = chrono::NaiveDate::parse_from_str(&start, "%Y-%m-%d").unwrap_or_default();
    let check = rules.clone();
    let (errors, on_submit) = use_form(action, move |s: &LogSession| {
        let input = SessionInput {
            held_on: s.held_on.clone(),
            minutes: s.minutes.clone(),
            mode: s.mode.clone(),
            place: s.place.clone(),
            public_place: s.public_place.clone(),
            discussed: s.discussed.clone(),
            progress: s.progress.clone(),
        };
        // The server knows today; the browser checks the rest.
        let today = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap_or_default();
        input.validate(today, start_date, &check).err().unwrap_or_default()
    });
    view! {
        <section class="card" aria-labelledby="log-session">
            <h3 id="log-session">"Log a session"</h3>
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=LogSession::url() on:submit=on_submit novalidate>
                <input type="hidden" name="match_id" value=match_id />
                <Field label="Date" name="held_on" kind="date" errors required=true />
                <Field label="Length in minutes" name="minutes" kind="number" value="60" errors required=true />
                <WhereFields names=["mode", "place", "public_place"] legend="How did you meet?" place_label="Meeting link or venue" rules errors />
                <TextAreaField label="What you talked about" name="discussed" errors rows=3 />
                <TextAreaField label="Progress on goals (optional)" name="progress" errors rows=2 />
                <button type="submit" class="button" disabled=move || action.pending().get()>"Log session"</button>
            </form>
        </section>
        {said(action, |_| "Session logged. The other person will be asked to confirm it.".to_string())}
    }
}

/// How and where a session is held, in the session log and the plan form: online only
/// until an adult pair's first online sessions are behind them; the pair's video room as
/// the link, when there is one; and for an adult pair's venue, the confirmation that it is a
/// public place. `names`: the mode, place and confirmation fields.
#[component]
fn WhereFields(
    names: [&'static str; 3],
    legend: &'static str,
    place_label: &'static str,
    rules: SessionRules,
    errors: Signal<FieldErrors>,
    #[prop(default = None)] mode: Option<SessionMode>,
    #[prop(default = None)] place: Option<String>,
) -> impl IntoView {
    let [mode_name, place_name, public_name] = names;
    let err = move || errors.with(|e| e.get(mode_name).map(str::to_owned));
    let online_only = rules.online_to_go > 0;
    let mode = if online_only { Some(SessionMode::Online) } else { mode };
    let place = place.or_else(|| rules.video_room.clone()).unwrap_or_default();
    let place_hint = match (rules.partner_venue.is_some(), rules.video_room.is_some()) {
        (true, true) => {
            "Online: your video room is filled in. In person: sessions take place at the young person's school or youth partner."
        }
        (true, false) => {
            "Online: the meeting link (https://...). In person: sessions take place at the young person's school or youth partner."
        }
        (false, true) => {
            "Online: your video room is filled in, or paste another link. In person: the public place where you meet."
        }
        (false, false) => "Online: the meeting link (https://...). In person: the public place where you meet.",
    };
    let first = online_only.then(|| {
        let n = rules.online_to_go;
        let noun = if n == 1 { "online session" } else { "online sessions" };
        format!("You meet online first: {n} more {noun} before you can meet in person.")
    });
    view! {
        <fieldset class="field" id=format!("f-{mode_name}") class:field-invalid=move || err().is_some()>
            <legend>{legend}</legend>
            {first.map(|t| view! { <p class="hint">{t}" "<a href="/help#where-to-meet">"Why?"</a></p> })}
            {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
            <label class="radio"><input type="radio" name=mode_name value="online" checked=mode == Some(SessionMode::Online) /><span>"Online"</span></label>
            {(!online_only).then(|| view! {
                <label class="radio"><input type="radio" name=mode_name value="in_person" checked=mode == Some(SessionMode::InPerson) /><span>"In person"</span></label>
            })}
        </fieldset>
        <Field label=place_label name=place_name hint=place_hint value=place errors />
        {(rules.partner_venue.is_none() && !online_only).then(|| view! {
            <CheckboxField
                label="We meet in a public place, not anyone's home"
                name=public_name
                hint="For meeting in person: a workplace, a school or college, a café or a library. Not needed online."
                errors
            />
        })}
    }
}

#[component]
fn MessageForm(action: ServerAction<SendMessage>, match_id: String) -> impl IntoView {
    let (errors, on_submit) = use_record_form(action, |s: &SendMessage| {
        domain::mentoring::validate_message(&s.body).err().unwrap_or_default()
    });
    view! {
        <ErrorSummary errors />
        <form method="post" action=SendMessage::url() on:submit=on_submit novalidate class="message-form">
            <input type="hidden" name="match_id" value=match_id />
            <TextAreaField label="Your message" name="body" errors rows=3 />
            <button type="submit" class="button" disabled=move || action.pending().get()>"Send message"</button>
        </form>
        {said(action, |status| format!("Message sent: {}.", status.to_lowercase()))}
    }
}

#[component]
fn CheckinForm(action: ServerAction<SendCheckin>, match_id: String) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |s: &SendCheckin| {
        domain::mentoring::CheckinInput { pulse: s.pulse.clone(), flag: s.flag.clone() }
            .validate()
            .err()
            .unwrap_or_default()
    });
    let err = move || errors.with(|e| e.get("pulse").map(str::to_owned));
    view! {
        <h2>"Monthly check-in"</h2>
        <ErrorSummary errors />
        <form method="post" action=SendCheckin::url() on:submit=on_submit novalidate>
            <input type="hidden" name="match_id" value=match_id />
            <fieldset class="field" id="f-pulse" class:field-invalid=move || err().is_some()>
                <legend>"How is your mentoring going? (1 not well, 5 very well)"</legend>
                {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
                <div class="inline-actions">
                    {(1..=5).map(|v| view! { <label class="radio"><input type="radio" name="pulse" value=v.to_string() /><span>{v}</span></label> }).collect_view()}
                </div>
            </fieldset>
            <Field label="Anything to flag to our team? (optional)" name="flag" errors />
            <button type="submit" class="button button-secondary">"Send check-in"</button>
        </form>
    }
}

#[component]
fn CloseForm(action: ServerAction<CloseMatch>, match_id: String) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |s: &CloseMatch| {
        // The start date is checked on the server (the planned end needs nine months).
        let input = CloseInput { reason: s.reason.clone(), note: s.note.clone() };
        let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
        input.validate(start, chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap_or_default()).err().unwrap_or_default()
    });
    let err = move || errors.with(|e| e.get("reason").map(str::to_owned));
    view! {
        <details class="card">
            <summary>"End the mentoring"</summary>
            <ErrorSummary errors />
            <form method="post" action=CloseMatch::url() on:submit=on_submit novalidate>
                <input type="hidden" name="match_id" value=match_id />
                <fieldset class="field" id="f-reason" class:field-invalid=move || err().is_some()>
                    <legend>"Why is it ending?"</legend>
                    {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
                    {ClosureReason::ALL.into_iter().map(|r| view! {
                        <label class="radio"><input type="radio" name="reason" value=r.as_str() /><span>{r.label()}</span></label>
                    }).collect_view()}
                </fieldset>
                <Field label="Anything to add (optional unless 'another reason')" name="note" errors />
                <p class="hint">"Messages stop when the match ends. Both of you will be asked for a short exit survey."</p>
                <button type="submit" class="button button-secondary">"End mentoring now"</button>
            </form>
        </details>
        {said(action, |_| "The mentoring has ended. Thank you.".to_string())}
    }
}

#[component]
fn ExitSurveyForm(action: ServerAction<SendExitSurvey>, match_id: String) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |s: &SendExitSurvey| {
        domain::mentoring::ExitSurveyInput { rating: s.rating.clone(), nps: s.nps.clone(), comment: s.comment.clone() }
            .validate()
            .err()
            .unwrap_or_default()
    });
    let err = move |f: &'static str| move || errors.with(|e| e.get(f).map(str::to_owned));
    view! {
        <section class="card" aria-labelledby="exit-survey">
            <h2 id="exit-survey">"Exit survey"</h2>
            <ErrorSummary errors />
            <form method="post" action=SendExitSurvey::url() on:submit=on_submit novalidate>
                <input type="hidden" name="match_id" value=match_id />
                <fieldset class="field" id="f-rating" class:field-invalid=move || err("rating")().is_some()>
                    <legend>"How did your mentoring go? (1 poor, 5 excellent)"</legend>
                    {move || err("rating")().map(|m| view! { <p class="error-message">{m}</p> })}
                    <div class="inline-actions">
                        {(1..=5).map(|v| view! { <label class="radio"><input type="radio" name="rating" value=v.to_string() /><span>{v}</span></label> }).collect_view()}
                    </div>
                </fieldset>
                <fieldset class="field" id="f-nps" class:field-invalid=move || err("nps")().is_some()>
                    <legend>"How likely are you to recommend Tandem to a friend? (0 not at all, 10 extremely)"</legend>
                    {move || err("nps")().map(|m| view! { <p class="error-message">{m}</p> })}
                    <div class="inline-actions">
                        {(0..=10).map(|v| view! { <label class="radio"><input type="radio" name="nps" value=v.to_string() /><span>{v}</span></label> }).collect_view()}
                    </div>
                </fieldset>
                <TextAreaField label="Anything else you want to tell us (optional)" name="comment" errors rows=3 />
                <button type="submit" class="button">"Send exit survey"</button>
            </form>
        </section>
    }
}

/// On a mentor's dashboard after a match ends: the thank-you and the offer of a new match.
#[component]
pub fn NewMatchOffer() -> impl IntoView {
    let answer = ServerAction::<AnswerNewMatch>::new();
    let done = move || outcome(answer).get().and_then(Result::ok);
    view! {
        <section class="card" aria-labelledby="next-match">
            <h2 id="next-match">"Thank you for mentoring"</h2>
            {move || match done() {
                Some(true) => view! { <p role="status">"Wonderful. You are back in the pool: we will tell you as soon as we match you with a young person."</p> }.into_any(),
                Some(false) => view! { <p role="status">"No problem. Come back here whenever you are ready."</p> }.into_any(),
                None => view! {
                    <p>"Would you like us to find another young person for you to help? You could be the best match for the next young person."</p>
                    <div class="inline-actions">
                        <ActionForm action=answer>
                            <input type="hidden" name="answer" value="yes" />
                            <button type="submit" class="button">"Yes, find another young person for me to help"</button>
                        </ActionForm>
                        <ActionForm action=answer>
                            <input type="hidden" name="answer" value="no" />
                            <button type="submit" class="button button-secondary">"Not yet"</button>
                        </ActionForm>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

/// A queue of messages, each with the decision buttons `buttons` draws for its id.
fn queue(items: Vec<QueuedMessage>, buttons: impl Fn(i64) -> AnyView) -> AnyView {
    if items.is_empty() {
        return view! { <p>"Nothing is waiting."</p> }.into_any();
    }
    view! {
        <ul class="plain-list">
            {items.into_iter().map(|m| view! {
                <li class="card">
                    <p class="muted">{format!("From {} to {} · {} · ", m.from, m.to, m.at)}<a href=format!("/match/{}", m.match_id)>"Open the match"</a></p>
                    <blockquote>{m.body.clone()}</blockquote>
                    {(!m.reasons.is_empty()).then(|| view! { <p class="alert alert-info">{m.reasons.join("; ")}</p> })}
                    <div class="inline-actions">{buttons(m.id)}</div>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn HeldMessagesPage() -> impl IntoView {
    let review = ServerAction::<ReviewMessage>::new();
    let data = Resource::new(move || review.version().get(), |_| held_messages());
    view! {
        <Title text="Held messages" />
        <section class="wrap">
            <h1>"Held messages"</h1>
            <p>"Messages the filter held because they contain contact details or watch-words. Approve to deliver (an under-18's messages then go to their coordinator), or stop them."</p>
            {said(review, |s| format!("Done: {}.", s.to_lowercase()))}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(items) => queue(items, move |id| view! {
                        <ActionForm action=review>
                            <input type="hidden" name="message_id" value=id.to_string() />
                            <input type="hidden" name="decision" value="approve" />
                            <button type="submit" class="button">"Approve and deliver"</button>
                        </ActionForm>
                        <ActionForm action=review>
                            <input type="hidden" name="message_id" value=id.to_string() />
                            <input type="hidden" name="decision" value="stop" />
                            <button type="submit" class="button button-secondary">"Do not deliver"</button>
                        </ActionForm>
                    }.into_any()),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn RelayPage() -> impl IntoView {
    let relay = ServerAction::<RelayMessage>::new();
    let data = Resource::new(move || relay.version().get(), |_| relay_queue());
    view! {
        <Title text="Messages to pass on" />
        <section class="wrap">
            <h1>"Messages to pass on"</h1>
            <p>"Messages between your pupils and their mentors come to you first. Pass each one on, or stop it and talk to the Tandem team."</p>
            {said(relay, |s| format!("Done: {}.", s.to_lowercase()))}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(items) => queue(items, move |id| view! {
                        <ActionForm action=relay>
                            <input type="hidden" name="message_id" value=id.to_string() />
                            <input type="hidden" name="decision" value="relay" />
                            <button type="submit" class="button">"Pass on"</button>
                        </ActionForm>
                        <ActionForm action=relay>
                            <input type="hidden" name="message_id" value=id.to_string() />
                            <input type="hidden" name="decision" value="stop" />
                            <button type="submit" class="button button-secondary">"Do not pass on"</button>
                        </ActionForm>
                    }.into_any()),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn GiftsPage() -> impl IntoView {
    let declare = ServerAction::<DeclareGift>::new();
    let reload = successes(declare);
    let data = Resource::new(move || reload.get(), |_| my_gifts());
    let (errors, on_submit) = use_record_form(declare, |s: &DeclareGift| {
        let input = GiftInput {
            direction: s.direction.clone(),
            what: s.what.clone(),
            value: s.value.clone(),
            given_on: s.given_on.clone(),
        };
        input.validate(chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap_or_default()).err().unwrap_or_default()
    });
    let err = move || errors.with(|e| e.get("direction").map(str::to_owned));
    let policy = Resource::new(|| (), |_| load_policy(domain::policies::GIFTS.to_string()));
    // Warns as the value is typed (with the page's code loaded); without it, the answer to
    // the declaration says the same.
    let over = RwSignal::new(false);
    // A declaration sent empties the form, and with it the warning about its value.
    Effect::new(move |_| {
        if reload.get() > 0 {
            over.set(false);
        }
    });
    let on_input = move |ev: leptos::ev::Event| {
        use leptos::wasm_bindgen::JsCast;
        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            && input.name() == "value"
        {
            over.set(over_gift_limit(&input.value()));
        }
    };
    view! {
        <Title text="Gifts and hospitality" />
        <section class="wrap">
            <h1>"Gifts and hospitality"</h1>
            <p class="alert alert-info">{GIFT_POLICY}" "<a href="/help#gifts">"Read more about gifts and hospitality"</a></p>
            <Suspense fallback=|| ()>
                {move || policy.get().and_then(Result::ok).map(|p| view! {
                    <details class="panel policy-details">
                        <summary>{format!("Read the {} (version {})", p.summary.title.to_lowercase(), p.summary.version)}</summary>
                        <PlainText body=p.body />
                        <p><a href=format!("/policies/{}", p.summary.slug)>"Open the policy on its own page"</a></p>
                    </details>
                })}
            </Suspense>
            <h2>"Declare a gift or hospitality"</h2>
            <ErrorSummary errors />
            <FormAlert value=outcome(declare) />
            <form method="post" action=DeclareGift::url() on:submit=on_submit on:input=on_input novalidate>
                <fieldset class="field" id="f-direction" class:field-invalid=move || err().is_some()>
                    <legend>"Did you give it or receive it?"</legend>
                    {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
                    <label class="radio"><input type="radio" name="direction" value="given" /><span>"I gave it"</span></label>
                    <label class="radio"><input type="radio" name="direction" value="received" /><span>"I received it"</span></label>
                </fieldset>
                <Field label="What was it?" name="what" errors hint="For example: a coffee after our session" />
                <Field label="Value in pounds" name="value" errors hint="For example 4.50; 0 if it had no value" />
                // A live region that is always there, so the warning is read out when it appears.
                <div aria-live="polite">
                    {move || over.get().then(|| view! {
                        <p class="alert alert-warning">
                            "This is worth more than £25, the limit in the gifts and hospitality policy. Declare it all the same: the programme team will see it and agree with you what to do."
                        </p>
                    })}
                </div>
                <Field label="Date" name="given_on" kind="date" errors />
                <button type="submit" class="button">"Declare"</button>
            </form>
            {said(declare, |over: bool| {
                if over { GIFT_OVER_LIMIT_NEXT.to_string() } else { "Thank you: it is in the register.".to_string() }
            })}
            <h2>"Your declarations"</h2>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(rows) => gift_table(rows, false),
                })}
            </Suspense>
        </section>
    }
}

fn gift_table(rows: Vec<GiftRow>, with_mentor: bool) -> AnyView {
    if rows.is_empty() {
        return view! { <p>"Nothing declared yet."</p> }.into_any();
    }
    view! {
        <CardTable
            caption="Gifts and hospitality declared"
            hidden_caption=true
            columns=if with_mentor { &["Mentor", "Date", "Given or received", "What", "Value"] } else { &["Date", "Given or received", "What", "Value"] }
        >
            {rows.into_iter().map(|g| view! {
                <Row>
                    {with_mentor.then(|| view! { <Cell label="Mentor">{g.mentor.clone()}</Cell> })}
                    <Cell label="Date">{g.given_on.clone()}</Cell>
                    <Cell label="Given or received">{g.direction.clone()}</Cell>
                    <Cell label="What">{g.what.clone()}</Cell>
                    <Cell label="Value">{g.value.clone()}{g.over_limit.then(|| view! { <strong class="tag tag-warning">" Over £25"</strong> })}</Cell>
                </Row>
            }).collect_view()}
        </CardTable>
    }
    .into_any()
}

#[component]
pub fn GiftRegisterPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| gift_register());
    view! {
        <Title text="Gifts register" />
        <section class="wrap">
            <h1>"Gifts and hospitality register"</h1>
            <p>{GIFT_POLICY}</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(rows) => gift_table(rows, true),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn RelationshipsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| relationships());
    view! {
        <Title text="Relationships" />
        <section class="wrap">
            <h1>"Active relationships"</h1>
            <p>"At risk first: months without a session, a low check-in pulse, no contact for six weeks, or someone saying it is not working."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(list) if list.rows.is_empty() => view! { <p>"No active matches."</p> }.into_any(),
                    Ok(RelationshipList { rows, as_of }) => view! {
                        {as_of.map(|t| view! { <p class="muted">{format!("Drawn up at {t}; drawn up again every 10 minutes. The {} riskiest are listed.", domain::mentoring::RELATIONSHIPS_LISTED)}</p> })}
                        <CardTable caption="Active relationships, at risk first" hidden_caption=true columns=&["Pair", "Started", "Sessions", "Last pulse", "How is it going?", "Risks"]>
                                    {rows.into_iter().map(|r| view! {
                                        <Row>
                                            <Cell label="Pair"><a href=format!("/match/{}", r.match_id)>{format!("{} and {}", r.young_person, r.mentor)}</a></Cell>
                                            <Cell label="Started">{r.start_date.clone()}</Cell>
                                            <Cell label="Sessions">{r.sessions}</Cell>
                                            <Cell label="Last pulse">{r.last_pulse.map(|p| format!("{p}/5")).unwrap_or_else(|| "none yet".into())}</Cell>
                                            <Cell label="How is it going?">{if r.how_going.is_empty() { "Not asked or not answered".to_string() } else { r.how_going.join("; ") }}</Cell>
                                            <Cell label="Risks">{if r.risks.is_empty() { "On track".to_string() } else { r.risks.join("; ") }}</Cell>
                                        </Row>
                                    }).collect_view()}
                        </CardTable>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn RematchForm(action: ServerAction<RequestRematch>, match_id: i64) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |s: &RequestRematch| {
        RematchInput { reason: s.reason.clone(), note: s.note.clone() }.validate().err().unwrap_or_default()
    });
    let err = move |f: &'static str| move || errors.with(|e| e.get(f).map(str::to_owned));
    view! {
        <details>
            <summary>"It is not working: ask for a new match"</summary>
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=RequestRematch::url() on:submit=on_submit novalidate>
                <input type="hidden" name="match_id" value=match_id.to_string() />
                <fieldset class="field" id="f-reason" class:field-invalid=move || err("reason")().is_some()>
                    <legend>"Why?"</legend>
                    {move || err("reason")().map(|m| view! { <p class="error-message">{m}</p> })}
                    {RematchReason::ALL.into_iter().map(|r| view! {
                        <label class="radio"><input type="radio" name="reason" value=r.as_str() /><span>{r.label()}</span></label>
                    }).collect_view()}
                </fieldset>
                <Field label="Anything you want us to know (optional)" name="note" errors />
                <p class="hint">"The match ends straight away. You will not be matched with the same person again."</p>
                <button type="submit" class="button button-secondary" disabled=move || action.pending().get()>"End this match and find a new one"</button>
            </form>
        </details>
    }
}
