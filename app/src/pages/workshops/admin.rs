//! Staff: upcoming workshops with their bookings, scheduling new ones, and each workshop's
//! register where attendance is marked.

use crate::api::workshops::{
    MarkAttendance, ScheduleWorkshop, induction_institutions, load_workshop_register, staff_workshops,
};
use crate::components::form::{ErrorSummary, Field, FormAlert, outcome, use_form};
use crate::components::table::{CardTable, Cell, Row};
use crate::pages::id_param;
use crate::pages::status::ErrorPage;
use domain::workshops::{Audience, BookingStatus, WorkshopInput, WorkshopKind};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn WorkshopAdminPage() -> impl IntoView {
    let query = use_query_map();
    let schedule = ServerAction::<ScheduleWorkshop>::new();
    let data = Resource::new(
        move || query.with(|q| (q.get("kind"), q.get("after"), schedule.version().get())),
        |(k, a, _)| staff_workshops(k, a),
    );
    view! {
        <Title text="Workshops" />
        <section class="wrap">
            <h1>"Workshops and inductions"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(page) => {
                        let kind = query.with(|q| q.get("kind").unwrap_or_default());
                        view! {
                            <form method="get" action="/admin/workshops" class="filter">
                                <label for="kind-filter">"Show"</label>
                                <select id="kind-filter" name="kind">
                                    <option value="" selected=kind.is_empty()>"All kinds"</option>
                                    {WorkshopKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=kind == k.as_str()>{k.label()}</option> }).collect_view()}
                                </select>
                                <button type="submit" class="button button-secondary">"Filter"</button>
                            </form>
                            {if page.items.is_empty() {
                                view! { <p>"No upcoming workshops. Schedule one below."</p> }.into_any()
                            } else {
                                view! {
                                    <CardTable caption="Upcoming workshops, soonest first" columns=&["Workshop", "Kind", "When", "Booked", "Waiting list"]>
                                                {page.items.into_iter().map(|w| view! {
                                                    <Row>
                                                        <Cell label="Workshop"><a href=format!("/admin/workshops/{}", w.id)>{w.title.clone()}</a></Cell>
                                                        <Cell label="Kind">{w.kind.label()}{(!w.audience.is_empty()).then(|| view! { <br /><span class="small">{w.audience.clone()}</span> })}</Cell>
                                                        <Cell label="When">{w.when.clone()}</Cell>
                                                        <Cell label="Booked">{format!("{} of {}", w.booked, w.capacity)}</Cell>
                                                        <Cell label="Waiting list">{w.waitlisted}</Cell>
                                                    </Row>
                                                }).collect_view()}
                                    </CardTable>
                                }.into_any()
                            }}
                            {page.next.map(|n| view! { <p><a href=format!("/admin/workshops?kind={kind}&after={n}")>"Later workshops"</a></p> })}
                        }.into_any()
                    }
                })}
            </Suspense>
            <ScheduleForm action=schedule />
        </section>
    }
}

#[component]
fn ScheduleForm(action: ServerAction<ScheduleWorkshop>) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |s: &ScheduleWorkshop| {
        WorkshopInput {
            kind: s.kind.clone().unwrap_or_default(),
            title: s.title.clone(),
            starts_at: s.starts_at.clone(),
            minutes: s.minutes.clone(),
            mode: s.mode.clone().unwrap_or_default(),
            location: s.location.clone(),
            capacity: s.capacity.clone(),
            audience: s.audience.clone().unwrap_or_default(),
            partner: s.partner.clone().unwrap_or_default(),
        }
        .validate(chrono::Utc::now().naive_utc())
        .err()
        .unwrap_or_default()
    });
    let err = move |f: &'static str| move || errors.with(|e| e.get(f).map(str::to_owned));
    let institutions = Resource::new(|| (), |_| induction_institutions());
    view! {
        <h2 id="schedule">"Schedule a workshop"</h2>
        {move || outcome(action).get().and_then(Result::ok).map(|id| view! {
            <div class="alert alert-success" role="status">"Workshop scheduled. " <a href=format!("/admin/workshops/{id}")>"Open its register"</a></div>
        })}
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=ScheduleWorkshop::url() on:submit=on_submit novalidate class="panel">
            <fieldset class="field" id="f-kind" class:field-invalid=move || err("kind")().is_some()>
                <legend>"Kind"</legend>
                {move || err("kind")().map(|m| view! { <p class="error-message">{m}</p> })}
                {WorkshopKind::ALL.into_iter().map(|k| view! {
                    <label class="radio"><input type="radio" name="kind" value=k.as_str() /><span>{k.label()}</span></label>
                }).collect_view()}
            </fieldset>
            <Field label="Title" name="title" errors />
            <Field label="Starts" name="starts_at" kind="datetime-local" hint="UK time" errors />
            <Field label="Length in minutes" name="minutes" kind="number" hint="Leave empty for 2 hours" errors />
            <fieldset class="field" id="f-mode" class:field-invalid=move || err("mode")().is_some()>
                <legend>"Where"</legend>
                {move || err("mode")().map(|m| view! { <p class="error-message">{m}</p> })}
                <label class="radio"><input type="radio" name="mode" value="online" /><span>"Online"</span></label>
                <label class="radio"><input type="radio" name="mode" value="venue" /><span>"At a venue"</span></label>
            </fieldset>
            <Field label="Meeting link or venue address" name="location" errors />
            <Field label="Seats" name="capacity" kind="number" errors />
            <fieldset class="field" id="f-audience" class:field-invalid=move || err("audience")().is_some()>
                <legend>"Inductions only: who it is for"</legend>
                <p class="hint">"Under-18s and adults never share an induction."</p>
                {move || err("audience")().map(|m| view! { <p class="error-message">{m}</p> })}
                {Audience::ALL.into_iter().map(|a| view! {
                    <label class="radio"><input type="radio" name="audience" value=a.as_str() /><span>{a.label()}</span></label>
                }).collect_view()}
            </fieldset>
            <div class="field" class:field-invalid=move || err("partner")().is_some()>
                <label for="f-partner">"Inductions only: partner institution"</label>
                <p class="hint" id="f-partner-hint">"Required for an on-site induction: only that institution's pupils can book it. Leave empty for an online induction open to its whole age group."</p>
                {move || err("partner")().map(|m| view! { <p class="error-message" id="f-partner-error">{m}</p> })}
                <select id="f-partner" name="partner" aria-describedby="f-partner-hint">
                    <option value="">"None: open to the whole age group"</option>
                    <Suspense fallback=|| ()>
                        {move || institutions.get().and_then(Result::ok).map(|list| {
                            list.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()
                        })}
                    </Suspense>
                </select>
            </div>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Schedule workshop"</button>
        </form>
    }
}

#[component]
pub fn WorkshopRegisterPage() -> impl IntoView {
    let id = id_param("id");
    let mark = ServerAction::<MarkAttendance>::new();
    let data = Resource::new(move || (id(), mark.version().get()), |(id, _)| load_workshop_register(id));
    view! {
        <Title text="Workshop register" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(reg) => {
                    let w = reg.workshop;
                    let open = reg.register_open;
                    let id = w.id.to_string();
                    view! {
                        <section class="wrap">
                            <p><a href="/admin/workshops">"All workshops"</a></p>
                            <h1>{w.title.clone()}</h1>
                            <p class="lead">{format!("{} · {} · {}", w.kind.label(), w.when, if w.online { "online" } else { "at a venue" })}</p>
                            {(!w.audience.is_empty()).then(|| view! { <p>{format!("For: {}", w.audience)}</p> })}
                            <p>{w.location.clone()}</p>
                            <p>{format!("{} of {} seats booked; {} on the waiting list.", w.booked, w.capacity, w.waitlisted)}</p>
                            {move || outcome(mark).get().and_then(Result::err).map(|e| view! {
                                <div class="alert alert-error" role="alert">{e.message()}</div>
                            })}
                            {(!open).then(|| view! { <p class="alert alert-info">"The register opens the day before the workshop."</p> })}
                            {if reg.lines.is_empty() {
                                view! { <p>"No bookings yet."</p> }.into_any()
                            } else {
                                view! {
                                    <CardTable caption="Register: seats first, then the waiting list in order" columns=&["Name", "Email", "Status", "Attendance"]>
                                                {reg.lines.into_iter().map(|l| {
                                                    let can_mark = open && l.status != BookingStatus::Waitlisted;
                                                    let uid = l.user_id.to_string();
                                                    let wid = id.clone();
                                                    let name = l.name.clone();
                                                    view! {
                                                        <Row>
                                                            <Cell label="Name">{name}</Cell>
                                                            <Cell label="Email">{l.email.clone()}</Cell>
                                                            <Cell label="Status">{l.status.label()}</Cell>
                                                            <Cell label="Attendance">
                                                                {can_mark.then(|| view! { <AttendanceButtons mark workshop_id=wid.clone() user_id=uid.clone() name=l.name.clone() /> })}
                                                            </Cell>
                                                        </Row>
                                                    }
                                                }).collect_view()}
                                    </CardTable>
                                }.into_any()
                            }}
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn AttendanceButtons(
    mark: ServerAction<MarkAttendance>,
    workshop_id: String,
    user_id: String,
    name: String,
) -> impl IntoView {
    let button = move |value: &'static str, label: &'static str, class: &'static str| {
        let (w, u, n) = (workshop_id.clone(), user_id.clone(), name.clone());
        view! {
            <ActionForm action=mark>
                <input type="hidden" name="workshop_id" value=w />
                <input type="hidden" name="user_id" value=u />
                <input type="hidden" name="attended" value=value />
                <button type="submit" class=class aria-label=format!("Mark {n} {}", label.to_lowercase())>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <div class="inline-actions">
            {button("yes", "Attended", "button button-small")}
            {button("no", "Absent", "button button-secondary button-small")}
        </div>
    }
    .into_any()
}
