//! "How is it going?" on a participant's match page once the third session is confirmed:
//! a private answer for the team, and when it is not working, advice from the team or a
//! new match.

use crate::api::how_going::{AnswerHowGoing, AskTeamAboutMatch};
use crate::components::form::{ErrorSummary, TextAreaField, said, use_form, use_record_form};
use domain::how_going::{HowGoing, HowGoingCard, HowGoingInput, validate_advice};
use leptos::prelude::*;
use server_fn::ServerFn;

#[component]
pub fn HowGoingSection(
    card: HowGoingCard,
    match_id: i64,
    /// The other side's first name.
    other: String,
    answer: ServerAction<AnswerHowGoing>,
    ask: ServerAction<AskTeamAboutMatch>,
) -> impl IntoView {
    let answered = card.answer.map(|a| {
        let on = card.answered_on.clone().unwrap_or_default();
        view! { <p><strong>{format!("You told us: {}", a.label())}</strong>{format!(" (on {on}).")}</p> }
    });
    view! {
        <section class="card how-going" id="how-going" aria-labelledby="how-going-title">
            <h2 id="how-going-title">"How is it going?"</h2>
            <p>{format!("You have had three sessions together. Only the Tandem team sees your answer: {other} never does.")}</p>
            {answered}
            <AnswerForm action=answer match_id current=card.answer comment=card.comment.clone() />
            {said(answer, |a: String| match HowGoing::parse(&a) {
                Some(HowGoing::Well) => "Thank you. We are glad it is going well.".to_string(),
                Some(HowGoing::NotSure) => "Thank you. It often takes a few sessions: we are here if you need us.".to_string(),
                _ => "Thank you for telling us. You can ask us for advice below.".to_string(),
            })}
            {(card.answer == Some(HowGoing::NotWorking)).then(|| view! {
                <h3>"When it is not working"</h3>
                <p>"Many pairs find their feet with a little help. You can ask the team for advice, or ask for a new match."</p>
                {card.advice.clone().map(|t| view! {
                    <p class="alert alert-info">
                        {format!("You asked the team for advice on {}: {}. ", t.started, t.status.to_lowercase())}
                        <a href=format!("/contact#enquiry-{}", t.id)>"Read the conversation"</a>
                    </p>
                })}
                <AdviceForm action=ask match_id again=card.advice.is_some() />
                <p><a href="/#your-match">"Ask for a new match instead (on your dashboard)"</a></p>
            })}
        </section>
    }
}

#[component]
fn AnswerForm(
    action: ServerAction<AnswerHowGoing>,
    match_id: i64,
    current: Option<HowGoing>,
    comment: String,
) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |s: &AnswerHowGoing| {
        HowGoingInput { answer: s.answer.clone(), comment: s.comment.clone() }.validate().err().unwrap_or_default()
    });
    let err = move || errors.with(|e| e.get("answer").map(str::to_owned));
    view! {
        <ErrorSummary errors />
        <form method="post" action=AnswerHowGoing::url() on:submit=on_submit novalidate>
            <input type="hidden" name="match_id" value=match_id.to_string() />
            <fieldset class="field" id="f-answer" class:field-invalid=move || err().is_some()>
                <legend>"How is your mentoring going?"</legend>
                {move || err().map(|m| view! { <p class="error-message">{m}</p> })}
                {HowGoing::ALL.into_iter().map(|h| view! {
                    <label class="radio">
                        <input type="radio" name="answer" value=h.as_str() checked=current == Some(h) />
                        <span>{h.label()}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <TextAreaField label="Anything you want the team to know (optional)" name="comment" value=comment errors rows=3 />
            <button type="submit" class="button button-secondary" disabled=move || action.pending().get()>
                {if current.is_some() { "Change my answer" } else { "Send my answer" }}
            </button>
        </form>
    }
}

#[component]
fn AdviceForm(action: ServerAction<AskTeamAboutMatch>, match_id: i64, again: bool) -> impl IntoView {
    let (errors, on_submit) =
        use_record_form(action, |s: &AskTeamAboutMatch| validate_advice(&s.message).err().unwrap_or_default());
    let label = if again { "Add to your message to the team" } else { "What is not working? The team will reply" };
    view! {
        <ErrorSummary errors />
        <form method="post" action=AskTeamAboutMatch::url() on:submit=on_submit novalidate>
            <input type="hidden" name="match_id" value=match_id.to_string() />
            <TextAreaField label name="message" errors rows=4 hint="Only the Tandem team reads this. We reply by email and in the app." />
            <button type="submit" class="button" disabled=move || action.pending().get()>"Ask the team for advice"</button>
        </form>
        {said(action, |_| "Sent. The team will reply by email and in the app.".to_string())}
    }
}
