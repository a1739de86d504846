//! Contact the team (`/contact`): a message to the programme team from anyone, the signed-in
//! person's conversations with the team, and the staff queue that answers them
//! (`/admin/enquiries`).

use crate::api::enquiries::{
    CloseEnquiry, ContactOverview, FollowUpEnquiry, ReplyEnquiry, SendEnquiry, load_contact, load_enquiries,
    load_enquiry,
};
use crate::components::form::{
    ErrorSummary, Field, FormAlert, TextAreaField, outcome, said, successes, use_form, use_record_form,
};
use crate::components::table::{CardTable, Cell, Row};
use crate::pages::id_param;
use crate::pages::status::ErrorPage;
use domain::enquiries::{EnquiryInput, EnquiryMessage, EnquiryStatus, EnquiryThread, TOPICS, validate_reply};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

fn messages_view(messages: Vec<EnquiryMessage>) -> impl IntoView {
    view! {
        <ol class="thread">
            {messages.into_iter().map(|m| view! {
                <li class="thread-message" class:thread-team=m.from_team>
                    <p class="muted">{format!("{} · {}", m.from, m.at)}</p>
                    {m.body.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| view! { <p>{p.trim().to_string()}</p> }).collect_view()}
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
fn SendForm(signed_in: bool, action: ServerAction<SendEnquiry>) -> impl IntoView {
    let (errors, on_submit) = use_record_form(action, move |s: &SendEnquiry| {
        EnquiryInput {
            name: s.name.clone().unwrap_or_default(),
            email: s.email.clone().unwrap_or_default(),
            topic: s.topic.clone(),
            message: s.message.clone(),
        }
        .validate(signed_in)
        .err()
        .unwrap_or_default()
    });
    let topic_err = move || errors.with(|e| e.get("topic").map(str::to_owned));
    view! {
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=SendEnquiry::url() on:submit=on_submit novalidate class="panel">
            {(!signed_in).then(|| view! {
                <Field label="Your full name" name="name" autocomplete="name" errors required=true />
                <Field label="Your email address" name="email" kind="email" autocomplete="email" errors required=true hint="We answer by email" />
            })}
            <div class="field" id="f-topic" class:field-invalid=move || topic_err().is_some()>
                <label for="f-topic-select">"What is it about?"</label>
                {move || topic_err().map(|m| view! { <p class="error-message" id="f-topic-error">{m}</p> })}
                <select id="f-topic-select" name="topic" aria-invalid=move || topic_err().is_some().then_some("true")>
                    <option value="">"Choose a topic"</option>
                    {TOPICS.iter().map(|(k, l)| view! { <option value=*k>{*l}</option> }).collect_view()}
                </select>
            </div>
            <TextAreaField label="Your message" name="message" errors rows=6 hint="Up to 5,000 characters. Please don't include anyone else's personal details." />
            <button type="submit" class="button" disabled=move || action.pending().get()>"Send to the team"</button>
        </form>
    }
}

#[component]
fn ThreadView(t: EnquiryThread, can_write: bool, follow_up: ServerAction<FollowUpEnquiry>) -> impl IntoView {
    let anchor = format!("enquiry-{}", t.id);
    let heading = format!("{anchor}-h");
    let labelled_by = heading.clone();
    let (errors, on_submit) =
        use_record_form(follow_up, |f: &FollowUpEnquiry| validate_reply(&f.body).err().unwrap_or_default());
    view! {
        <article class="panel" id=anchor aria-labelledby=labelled_by>
            <h3 id=heading>{format!("{} · started {}", t.topic, t.started)}</h3>
            <p><span class="tag">{t.status.label()}</span></p>
            {messages_view(t.messages)}
            {can_write.then(|| view! {
                <details>
                    <summary>"Write again"</summary>
                    <ErrorSummary errors />
                    <form method="post" action=FollowUpEnquiry::url() on:submit=on_submit novalidate>
                        <input type="hidden" name="id" value=t.id.to_string() />
                        <TextAreaField label="Your new message" name="body" errors rows=4 />
                        <button type="submit" class="button button-secondary" disabled=move || follow_up.pending().get()>"Send"</button>
                    </form>
                </details>
            })}
        </article>
    }
}

#[component]
pub fn ContactPage() -> impl IntoView {
    let send = ServerAction::<SendEnquiry>::new();
    let sent = successes(send);
    let follow_up = ServerAction::<FollowUpEnquiry>::new();
    let followed = successes(follow_up);
    let data = Resource::new(move || (sent.get(), followed.get()), |_| load_contact());
    view! {
        <Title text="Contact the team" />
        <section class="wrap narrow">
            <h1>"Contact the team"</h1>
            <p class="lead">"Send a message to the Tandem programme team: a problem with Tandem, a question about your match or training, or about working with us."</p>
            <div class="alert alert-warning" role="note">
                <p>
                    <strong>"Worried about a young person's safety? "</strong>
                    "Don't use this form: "<a href="/concern">"Report a concern"</a>" goes straight to the people who keep young people safe. If someone is in immediate danger, call 999."
                </p>
            </div>
            <p>"Many questions are answered in the "<a href="/help">"help centre"</a>"."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(ContactOverview { signed_in, threads }) => view! {
                        <h2>"Send a message"</h2>
                        {said(send, move |_| if signed_in {
                            "Thank you: your message is with the team. We answer within two working days, here and by email.".to_string()
                        } else {
                            "Thank you: your message is with the team. We answer within two working days, by email.".to_string()
                        })}
                        <SendForm signed_in action=send />
                        {signed_in.then(|| view! {
                            <h2>"Your messages"</h2>
                            {said(follow_up, |_| "Sent. The team will answer here and by email.".to_string())}
                            {if threads.is_empty() {
                                view! { <p>"You have not written to the team yet."</p> }.into_any()
                            } else {
                                {
                                    // One form on the page: the newest conversation still open takes a follow-up.
                                    let writable = threads.iter().find(|t| t.status != EnquiryStatus::Closed).map(|t| t.id);
                                    threads.into_iter().map(|t| {
                                        let can_write = Some(t.id) == writable;
                                        view! { <ThreadView t can_write follow_up /> }
                                    }).collect_view().into_any()
                                }
                            }}
                        })}
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn EnquiryQueuePage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(move || query.with(|q| q.get("status")), load_enquiries);
    view! {
        <Title text="Messages to the team" />
        <section class="wrap">
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(q) => view! {
                        <h1>"Messages to the team"</h1>
                        <p class="lead">"Messages sent with the contact form, and offers to partner or to give something in kind from the get-involved page. The longest waiting is first."</p>
                        <nav class="tabs" aria-label="Message status">
                            {q.counts.iter().map(|(s, n)| {
                                let current = *s == q.status;
                                view! {
                                    <a href=format!("/admin/enquiries?status={}", s.as_str()) class:current=current aria-current=current.then_some("page")>
                                        {format!("{} ({n})", match s { EnquiryStatus::Open => "Open", EnquiryStatus::Answered => "Answered", EnquiryStatus::Closed => "Closed" })}
                                    </a>
                                }
                            }).collect_view()}
                        </nav>
                        {if q.rows.is_empty() {
                            view! { <p>"No messages here."</p> }.into_any()
                        } else {
                            view! {
                                <CardTable caption=format!("{} messages", q.status.label()) hidden_caption=true columns=&["From", "Topic", "Latest message", "Updated"]>
                                    {q.rows.into_iter().map(|r| view! {
                                        <Row>
                                            <Cell label="From"><a href=format!("/admin/enquiries/{}", r.id)>{r.name}</a>{(!r.has_account).then_some(" (no account)")}</Cell>
                                            <Cell label="Topic">{r.topic}{(!r.organisation.is_empty()).then(|| view! { <br /><span class="small">{r.organisation}</span> })}</Cell>
                                            <Cell label="Latest message">{r.preview}</Cell>
                                            <Cell label="Updated">{r.updated}</Cell>
                                        </Row>
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

#[component]
pub fn EnquiryPage() -> impl IntoView {
    let id = id_param("id");
    let reply = ServerAction::<ReplyEnquiry>::new();
    let replied = successes(reply);
    let close = ServerAction::<CloseEnquiry>::new();
    let data = Resource::new(move || (id(), replied.get(), close.version().get()), |(id, _, _)| load_enquiry(id));
    view! {
        <Title text="A message to the team" />
        <section class="wrap narrow">
            <p class="eyebrow"><a href="/admin/enquiries">"Messages to the team"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(t) => view! { <StaffThread t reply close /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn StaffThread(
    t: EnquiryThread,
    reply: ServerAction<ReplyEnquiry>,
    close: ServerAction<CloseEnquiry>,
) -> impl IntoView {
    let (errors, on_submit) = use_form(reply, |f: &ReplyEnquiry| validate_reply(&f.body).err().unwrap_or_default());
    let closed = t.status == EnquiryStatus::Closed;
    view! {
        <h1>{format!("{}: {}", t.name, t.topic)}</h1>
        <p>{format!("{} · started {} · ", t.email, t.started)}<span class="tag">{t.status.label()}</span></p>
        {t.match_id.map(|m| view! {
            <p class="alert alert-info">
                "Asked for advice after saying their match is not working. "
                <a href=format!("/match/{m}")>"Open the match: sessions, answers and timeline"</a>
            </p>
        })}
        {(!t.details.is_empty()).then(|| view! {
            <dl class="summary-list">
                {t.details.lines().into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
            </dl>
        })}
        {messages_view(t.messages)}
        <h2>"Answer"</h2>
        {said(reply, |_| "Sent. They have been told by email (and in the app if they have an account).".to_string())}
        <ErrorSummary errors />
        <FormAlert value=outcome(reply) />
        <form method="post" action=ReplyEnquiry::url() on:submit=on_submit novalidate>
            <input type="hidden" name="id" value=t.id.to_string() />
            <TextAreaField label="Your answer" name="body" errors rows=6 />
            <div class="field">
                <label class="checkbox"><input type="checkbox" name="close" value="on" /><span>"Close the conversation with this answer"</span></label>
            </div>
            <button type="submit" class="button" disabled=move || reply.pending().get()>"Send the answer"</button>
        </form>
        <ActionForm action=close>
            <input type="hidden" name="id" value=t.id.to_string() />
            <input type="hidden" name="closed" value=(!closed).to_string() />
            <button type="submit" class="button button-secondary">{if closed { "Open it again" } else { "Close without answering" }}</button>
        </ActionForm>
    }
}
