//! Workshops for participants: mentors book the 2-hour mentor workshop, young people an
//! induction. Book, join the waiting list, cancel, and give feedback after attending.

pub mod admin;

use crate::api::workshops::{BookWorkshop, CancelBooking, WorkshopChoice, WorkshopFeedback, my_workshops};
use crate::components::form::{ErrorSummary, FormAlert, TextAreaField, latest_answer_only, outcome, use_form};
use crate::error::AppError;
use crate::pages::status::ErrorPage;
use domain::workshops::{BookingStatus, FeedbackInput, PREPARED_QUESTION, RATINGS, WorkshopKind, WorkshopView};
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;
use std::sync::Arc;

#[component]
pub fn WorkshopsPage() -> impl IntoView {
    let book = ServerAction::<BookWorkshop>::new();
    let cancel = ServerAction::<CancelBooking>::new();
    let feedback = ServerAction::<WorkshopFeedback>::new();
    let data = Resource::new(
        move || (book.version().get(), cancel.version().get(), feedback.version().get()),
        |_| my_workshops(),
    );
    latest_answer_only(vec![Arc::new(book), Arc::new(cancel), Arc::new(feedback)]);
    view! {
        <Title text="Workshops" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading workshops…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                Ok(WorkshopChoice { kind, list }) => view! { <WorkshopList kind list book cancel feedback /> }.into_any(),
            })}
        </Suspense>
    }
}

/// A message for the latest booking or cancellation.
fn action_message<T: Clone + Send + Sync + 'static>(
    value: Signal<Option<Result<T, AppError>>>,
    done: impl Fn(&T) -> String + Send + Sync + 'static,
) -> impl IntoView {
    move || {
        value.get().map(|r| match r {
            Ok(t) => view! { <div class="alert alert-success" role="status">{done(&t)}</div> }.into_any(),
            Err(e) => view! { <div class="alert alert-error" role="alert">{e.message()}</div> }.into_any(),
        })
    }
}

#[component]
fn WorkshopList(
    kind: WorkshopKind,
    list: Vec<WorkshopView>,
    book: ServerAction<BookWorkshop>,
    cancel: ServerAction<CancelBooking>,
    feedback: ServerAction<WorkshopFeedback>,
) -> impl IntoView {
    let induction = kind == WorkshopKind::MenteeInduction;
    let (title, lead) = if induction {
        (
            "Induction sessions",
            "Before you meet your mentor, an induction explains how mentoring works and how we keep you safe. It is required if you are under 18.",
        )
    } else {
        (
            "Mentor workshops",
            "A 2-hour interactive group workshop with other new mentors: practising first conversations, setting goals and handling difficult moments.",
        )
    };
    let mine: Vec<WorkshopView> = list.iter().filter(|w| w.mine.is_some_and(BookingStatus::active)).cloned().collect();
    let due: Vec<WorkshopView> = list.iter().filter(|w| w.feedback_due).cloned().collect();
    let attended = list.iter().any(|w| w.mine == Some(BookingStatus::Attended));
    let upcoming: Vec<WorkshopView> =
        list.into_iter().filter(|w| !w.past && !w.cancelled && !w.mine.is_some_and(BookingStatus::active)).collect();
    let has_place = !mine.is_empty();
    let book_msg = action_message(outcome(book), |s: &BookingStatus| match s {
        BookingStatus::Waitlisted => {
            "The workshop is full, so you are on the waiting list. We will email you if a seat comes free.".to_string()
        }
        _ => "Your seat is booked. We look forward to seeing you.".to_string(),
    });
    let cancel_msg = action_message(outcome(cancel), |_| "Your place has been cancelled.".to_string());
    view! {
        <section class="wrap">
            <h1>{title}</h1>
            <p class="lead">{lead}</p>
            {induction.then(|| view! {
                <p>"Before or after your induction, take "<a href="/training">"your short online course"</a>": what mentoring is, setting goals and staying safe, in about 20 minutes. Your progress is saved as you go."</p>
            })}
            {book_msg}
            {cancel_msg}
            {(!due.is_empty()).then(|| view! {
                <h2>"Tell us how it went"</h2>
                {due.into_iter().map(|w| view! { <FeedbackForm w action=feedback /> }).collect_view()}
            })}
            {move || matches!(outcome(feedback).get(), Some(Ok(()))).then(|| view! {
                <div class="alert alert-success" role="status">"Thank you for your feedback."</div>
            })}
            {attended.then(|| view! {
                <div class="alert alert-info">
                    {if induction { "You have attended your induction." } else { "You have attended your mentor workshop." }}
                </div>
            })}
            {has_place.then(|| view! {
                <h2>"Your place"</h2>
                <ul class="cards workshop-cards">
                    {mine.into_iter().map(|w| view! { <WorkshopCard w book cancel has_place=true /> }).collect_view()}
                </ul>
            })}
            {(!attended).then(|| view! {
                <h2>"Upcoming dates"</h2>
                {if upcoming.is_empty() {
                    view! { <p>"There are no dates to book at the moment. New dates are added every month: please check back soon."</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards workshop-cards">
                            {upcoming.into_iter().map(|w| view! { <WorkshopCard w book cancel has_place /> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            })}
            <p><a href="/dashboard">"Back to your dashboard"</a></p>
        </section>
    }
}

/// "Young people under 18" read inside a sentence: "For young people under 18".
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
}

#[component]
fn WorkshopCard(
    w: WorkshopView,
    book: ServerAction<BookWorkshop>,
    cancel: ServerAction<CancelBooking>,
    has_place: bool,
) -> impl IntoView {
    let full = w.seats_left() == 0;
    let seats = if full {
        format!("Full: {} on the waiting list", w.waitlisted)
    } else {
        format!("{} of {} seats left", w.seats_left(), w.capacity)
    };
    let booked = w.mine == Some(BookingStatus::Booked);
    // The meeting link is only for people with a seat; a venue address is public.
    let place = match (w.online, booked) {
        (true, true) => {
            view! { <p>"Online: " <a href=w.location.clone() rel="noopener">{w.location.clone()}</a></p> }.into_any()
        }
        (true, false) => view! { <p>"Online (the link is shown once you have a seat)"</p> }.into_any(),
        (false, _) => view! { <p>{format!("At {}", w.location)}</p> }.into_any(),
    };
    let id = w.id.to_string();
    view! {
        <li class="card workshop">
            <h3>{w.title.clone()}</h3>
            {(!w.audience.is_empty()).then(|| view! { <p class="small">{format!("For {}", lower_first(&w.audience))}</p> })}
            <p><time datetime=w.starts_at.clone()>{w.when.clone()}</time></p>
            {place}
            <p class="small">{seats}</p>
            {match w.mine {
                Some(BookingStatus::Booked) => view! {
                    <p class="tag tag-done">"Seat booked"</p>
                    <ActionForm action=cancel>
                        <input type="hidden" name="workshop_id" value=id.clone() />
                        <button type="submit" class="button button-secondary">"Cancel my seat"</button>
                    </ActionForm>
                }.into_any(),
                Some(BookingStatus::Waitlisted) => view! {
                    <p class="tag">{format!("On the waiting list: number {}", w.position.unwrap_or(1))}</p>
                    <ActionForm action=cancel>
                        <input type="hidden" name="workshop_id" value=id.clone() />
                        <button type="submit" class="button button-secondary">"Leave the waiting list"</button>
                    </ActionForm>
                }.into_any(),
                _ if has_place => view! { <p class="small">"Cancel your current place first to change dates."</p> }.into_any(),
                _ => view! {
                    <ActionForm action=book>
                        <input type="hidden" name="workshop_id" value=id.clone() />
                        <button type="submit" class="button">{if full { "Join the waiting list" } else { "Book a seat" }}</button>
                    </ActionForm>
                }.into_any(),
            }}
        </li>
    }
}

#[component]
fn FeedbackForm(w: WorkshopView, action: ServerAction<WorkshopFeedback>) -> impl IntoView {
    let kind = w.kind;
    let (errors, on_submit) = use_form(action, move |f: &WorkshopFeedback| {
        FeedbackInput {
            rating: f.rating.clone(),
            would_recommend: f.would_recommend.clone(),
            nps: f.nps.clone(),
            prepared: f.prepared.clone(),
            comment: f.comment.clone(),
        }
        .validate(kind)
        .err()
        .unwrap_or_default()
    });
    let err = move |f: &'static str| move || errors.with(|e| e.get(f).map(str::to_owned));
    let radios = move |name: &'static str, options: Vec<(String, String)>| {
        options
            .into_iter()
            .map(|(v, l)| {
                view! {
                    <label class="radio">
                        <input type="radio" name=name value=v />
                        <span>{l}</span>
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <div class="panel">
            <h3>{format!("{} ({})", w.title.clone(), w.when.clone())}</h3>
            <ErrorSummary errors />
            <FormAlert value=outcome(action) />
            <form method="post" action=WorkshopFeedback::url() on:submit=on_submit novalidate>
                <input type="hidden" name="workshop_id" value=w.id.to_string() />
                <fieldset class="field" id="f-rating" class:field-invalid=move || err("rating")().is_some()>
                    <legend>"How would you rate the workshop?"</legend>
                    {move || err("rating")().map(|m| view! { <p class="error-message">{m}</p> })}
                    <div class="radios inline">{radios("rating", RATINGS.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect())}</div>
                </fieldset>
                <fieldset class="field" id="f-would_recommend" class:field-invalid=move || err("would_recommend")().is_some()>
                    <legend>{if w.kind == WorkshopKind::MenteeInduction { "Would you recommend this induction to other young people?" } else { "Would you recommend this workshop to other new mentors?" }}</legend>
                    {move || err("would_recommend")().map(|m| view! { <p class="error-message">{m}</p> })}
                    <div class="radios inline">{radios("would_recommend", vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())])}</div>
                </fieldset>
                {(kind == WorkshopKind::MenteeInduction).then(|| view! {
                    <fieldset class="field" id="f-prepared" class:field-invalid=move || err("prepared")().is_some()>
                        <legend>{PREPARED_QUESTION}</legend>
                        {move || err("prepared")().map(|m| view! { <p class="error-message">{m}</p> })}
                        <div class="radios inline">{radios("prepared", vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())])}</div>
                    </fieldset>
                })}
                <fieldset class="field" id="f-nps" class:field-invalid=move || err("nps")().is_some()>
                    <legend>"How likely are you to recommend Tandem to a friend or colleague?"</legend>
                    <p class="hint">"0 is not at all likely, 10 is extremely likely."</p>
                    {move || err("nps")().map(|m| view! { <p class="error-message">{m}</p> })}
                    <div class="radios scale">{radios("nps", (0..=10).map(|n| (n.to_string(), n.to_string())).collect())}</div>
                </fieldset>
                <TextAreaField label="Anything else you would like to tell us? (optional)" name="comment" rows=3 errors />
                <button type="submit" class="button" disabled=move || action.pending().get()>"Send feedback"</button>
            </form>
        </div>
    }
}
