//! Email on the account page (which optional emails to get, the calendar feed), the staff
//! view of mail that has not gone out, the unsubscribe page, and the warning shown to staff
//! and safeguarding leads when a safeguarding alert is late.

use crate::api::mail::{
    NewCalendarFeed, RetryMail, RevokeCalendarFeed, SaveMailChoices, late_safeguarding_mail, mail_outbox,
    my_mail_choices,
};
use crate::components::form::{outcome, said, successes};
use crate::components::table::{CardTable, Cell, Row};
use crate::pages::status::ErrorPage;
use domain::mail::{Category, Preferences};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The account page's "Emails you get" and "Your calendar" sections.
#[component]
pub fn MailChoicesSection() -> impl IntoView {
    let save = ServerAction::<SaveMailChoices>::new();
    let new_feed = ServerAction::<NewCalendarFeed>::new();
    let revoke = ServerAction::<RevokeCalendarFeed>::new();
    let (saved, made, revoked) = (successes(save), successes(new_feed), successes(revoke));
    let data = Resource::new(move || (saved.get(), made.get(), revoked.get()), |_| my_mail_choices());
    let checkbox = move |p: Preferences, c: Category| {
        let id = format!("mail-{}", c.as_str());
        let hint = format!("{id}-hint");
        view! {
            <div class="checkbox">
                <input type="checkbox" id=id.clone() name=c.as_str() value="on" checked=p.wants(c) aria-describedby=hint.clone() />
                <label for=id>{c.label()}</label>
                <p class="hint" id=hint>{c.hint()}</p>
            </div>
        }
    };
    view! {
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                // Signed out: the page says so once, above.
                Err(crate::error::AppError::Unauthenticated) => ().into_any(),
                Err(e) => view! { <h2 id="emails">"Emails you get"</h2><ErrorPage error=e /> }.into_any(),
                Ok(choices) => {
                    let p = choices.prefs;
                    view! {
                        <h2 id="emails">"Emails you get"</h2>
                        {said(save, |_| "Your email choices are saved.".to_string())}
                        <ActionForm action=save>
                            <fieldset>
                                <legend>"Choose the optional emails you want"</legend>
                                {Category::OPTIONAL.into_iter().map(|c| checkbox(p, c)).collect_view()}
                            </fieldset>
                            <p class="hint">{Category::Essential.hint()}" You cannot switch these off."</p>
                            <button type="submit" class="button">"Save email choices"</button>
                        </ActionForm>
                        <h2 id="calendar">"Your calendar"</h2>
                        <p>"Workshops and inductions you book arrive as calendar invitations by email. You can also subscribe to your own calendar feed in Google Calendar, Outlook or Apple Calendar."</p>
                        {move || match outcome(new_feed).get() {
                            Some(Ok(url)) => view! {
                                <div class="alert alert-success" role="status">
                                    <p>"Your calendar address. Copy it now: it is shown only once, and anyone with it can see your bookings."</p>
                                    <p><code class="code feed-url">{url}</code></p>
                                </div>
                            }.into_any(),
                            Some(Err(e)) => view! { <p class="alert alert-error" role="alert">{e.message()}</p> }.into_any(),
                            None => ().into_any(),
                        }}
                        {said(revoke, |_| "Your calendar address no longer works.".to_string())}
                        {match choices.feed_since.clone() {
                            Some(since) => view! {
                                <p>"You have a calendar address, made on "{since}". Making a new one stops the old one working."</p>
                                <div class="button-row">
                                    <ActionForm action=new_feed>
                                        <button type="submit" class="button button-secondary">"Make a new calendar address"</button>
                                    </ActionForm>
                                    <ActionForm action=revoke>
                                        <button type="submit" class="button button-secondary">"Turn the calendar address off"</button>
                                    </ActionForm>
                                </div>
                            }.into_any(),
                            None => view! {
                                <ActionForm action=new_feed>
                                    <button type="submit" class="button button-secondary">"Make my calendar address"</button>
                                </ActionForm>
                            }.into_any(),
                        }}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// Staff: the emails that have not gone out, and a retry for each.
#[component]
pub fn MailOutboxPage() -> impl IntoView {
    let retry = ServerAction::<RetryMail>::new();
    let data = Resource::new(move || retry.version().get(), |_| mail_outbox());
    view! {
        <Title text="Email delivery" />
        <section class="wrap">
            <h1>"Email delivery"</h1>
            <p>"Emails Tandem has not delivered yet, and those the mail server refused. Waiting emails are tried again by themselves; a refused one is tried again only when you ask."</p>
            {said(retry, |_| "The email will be sent again in a moment.".to_string())}
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(o) => view! {
                        {(o.late_safeguarding > 0).then(|| view! {
                            <p class="alert alert-error" role="alert">{late_text(o.late_safeguarding)}</p>
                        })}
                        <dl class="summary-list">
                            <div><dt>"Waiting to go"</dt><dd>{o.pending}</dd></div>
                            <div><dt>"Refused by the mail server"</dt><dd>{o.failed}</dd></div>
                            <div><dt>"Delivered in the last 24 hours"</dt><dd>{o.sent_last_day}</dd></div>
                        </dl>
                        {if o.rows.is_empty() {
                            view! { <p class="alert alert-success" role="status">"Every email has been delivered."</p> }.into_any()
                        } else {
                            view! {
                                <CardTable caption="Emails not delivered" hidden_caption=true columns=&["To", "Subject", "State", "Tries", "Last error", "Action"]>
                                        {o.rows.into_iter().map(|m| {
                                            let state = if m.status == "failed" {
                                                "Refused".to_string()
                                            } else {
                                                match &m.next_try { Some(t) => format!("Waiting, next try {t}"), None => "Waiting".into() }
                                            };
                                            view! {
                                                <Row>
                                                    <Cell label="To">{m.to}</Cell>
                                                    <Cell label="Subject">{m.subject}<br /><span class="small">{format!("{}, written {}", m.category, m.queued)}</span></Cell>
                                                    <Cell label="State">{state}</Cell>
                                                    <Cell label="Tries">{m.attempts}</Cell>
                                                    <Cell label="Last error">{m.last_error.unwrap_or_else(|| "None yet".into())}</Cell>
                                                    <Cell label="Action">
                                                        <ActionForm action=retry>
                                                            <input type="hidden" name="mail_id" value=m.id.to_string() />
                                                            <button type="submit" class="button button-secondary">"Send again now"</button>
                                                        </ActionForm>
                                                    </Cell>
                                                </Row>
                                            }
                                        }).collect_view()}
                                </CardTable>
                            }.into_any()
                        }}
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

fn late_text(n: u64) -> String {
    let what = if n == 1 { "1 safeguarding alert has".to_string() } else { format!("{n} safeguarding alerts have") };
    format!(
        "{what} not been delivered by email for more than 10 minutes. Check the case queue in Tandem, and tell the safeguarding leads by phone."
    )
}

/// How many safeguarding alerts are late (0 for anyone but staff and safeguarding leads).
/// The page frame makes it on every page, whoever is signed in, and reads it in the same
/// Transition as the person's role: made once the role was known, inside a Transition of its
/// own, the page hydrated now and then before its value was read and panicked in the browser.
pub fn late_alerts() -> Resource<Result<u64, crate::error::AppError>> {
    Resource::new(|| (), |_| late_safeguarding_mail())
}

/// Staff and safeguarding leads: a warning on every page while a safeguarding alert is late.
#[component]
pub fn LateAlertWarning(late: u64) -> impl IntoView {
    view! {
        <div class="wrap">
            <p class="alert alert-error" role="alert">
                {late_text(late)}" "<a href="/safeguarding">"Case queue"</a>
            </p>
        </div>
    }
}

/// The page an unsubscribe link opens: one button, so a link checker visiting it changes
/// nothing; mail programs use the one-click POST instead.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let q = use_query_map();
    let token = move || q.with(|q| q.get("t").unwrap_or_default());
    let category = move || q.with(|q| q.get("c").and_then(|c| Category::parse(&c)).filter(|c| !c.essential()));
    let done = move || q.with(|q| q.get("done"));
    view! {
        <Title text="Unsubscribe" />
        <section class="wrap narrow">
            <h1>"Unsubscribe"</h1>
            {move || match (done(), category()) {
                (Some(d), _) => match Category::parse(&d).filter(|c| !c.essential()) {
                    Some(c) => view! {
                        <p class="alert alert-success" role="status">{format!("Done: you will get no more {}.", c.label().to_lowercase())}</p>
                        <p>"You can choose again at any time on "<a href="/account#emails">"your account page"</a>"."</p>
                    }.into_any(),
                    None => view! {
                        <p class="alert alert-error" role="alert">"This unsubscribe link is not valid. Sign in and choose your emails on your account page."</p>
                    }.into_any(),
                },
                (None, Some(c)) => {
                    let action = format!("/unsubscribe?t={}&c={}", token(), c.as_str());
                    view! {
                        <p>{format!("Stop getting {} from Tandem?", c.label().to_lowercase())}</p>
                        <p class="hint">{Category::Essential.hint()}</p>
                        <form method="post" action=action>
                            <button type="submit" class="button">{format!("Unsubscribe from {}", c.label().to_lowercase())}</button>
                        </form>
                    }.into_any()
                }
                (None, None) => view! {
                    <p class="alert alert-error" role="alert">"This unsubscribe link is not complete. Sign in and choose your emails on your account page."</p>
                }.into_any(),
            }}
        </section>
    }
}
