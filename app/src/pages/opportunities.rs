//! The opportunities board (`/opportunities`), one opportunity (`/opportunities/:id`),
//! posting one (`/opportunities/new`) and the staff page (`/admin/opportunities`): posts
//! waiting for approval, take-up per partner and overall, and which employer partners may
//! offer opportunities to under-18s. Every button is a form, so all of it works without
//! JavaScript.

use crate::api::opportunities::{
    DecideOpportunity, MarkOpportunityTakenUp, PostOpportunity, RecommendOpportunity, RespondOpportunity,
    SetPartnerUnder18, WithdrawOpportunity, load_opportunities, load_opportunity, load_opportunity_admin,
};
use crate::components::form::{
    ErrorSummary, Field, FormAlert, SelectField, TextAreaField, checkbox_list, outcome, said, successes, use_form,
};
use crate::components::table::{CardTable, Cell, Row};
use crate::pages::id_param;
use crate::pages::status::ErrorPage;
use domain::applications::GOALS;
use domain::opportunities::{
    Board, KINDS, OLDEST, OpportunityAdmin, OpportunityCard, OpportunityPage as Page, OpportunityStatus, PostedRow,
    TakeUp, TakeUpReport,
};
use domain::profiles::REGIONS;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

/// One opportunity in a list.
fn card_view(c: OpportunityCard) -> impl IntoView {
    let status = (c.status != OpportunityStatus::Published).then(|| c.status.label());
    view! {
        <li class="card opportunity">
            <h3><a href=format!("/opportunities/{}", c.id)>{c.title}</a></h3>
            <p class="muted">{format!("{} · {}", c.kind, c.organisation)}</p>
            <p>{format!("{} · {} · {}", c.place, c.ages, c.closes)}</p>
            {(status.is_some() || c.recommended_by.is_some() || c.taken_up || c.interested || c.saved || !c.why.is_empty()).then(|| view! {
            <p class="inline-actions">
                {status.map(|s| view! { <span class="tag tag-amber">{s}</span> })}
                {c.recommended_by.map(|m| view! { <span class="tag tag-done">{format!("Recommended by {m}")}</span> })}
                {c.taken_up.then(|| view! { <span class="tag tag-done">"Taken up"</span> })}
                {(c.interested && !c.taken_up).then(|| view! { <span class="tag tag-done">"You are interested"</span> })}
                {c.saved.then(|| view! { <span class="tag">"Saved"</span> })}
                {c.why.into_iter().map(|w| view! { <span class="tag">{w}</span> }).collect_view()}
            </p>
            })}
        </li>
    }
}

fn cards(list: Vec<OpportunityCard>, empty: &'static str) -> AnyView {
    if list.is_empty() {
        view! { <p class="muted">{empty}</p> }.into_any()
    } else {
        view! { <ul class="cards plain-list">{list.into_iter().map(card_view).collect_view()}</ul> }.into_any()
    }
}

fn counts_line(t: &TakeUp) -> String {
    let mut s = format!("{} saved · {} interested · {} taken up", t.saved, t.interested, t.taken_up);
    if t.through_coordinators > 0 {
        s.push_str(&format!(
            " ({} of the interested through their school or youth organisation)",
            t.through_coordinators
        ));
    }
    s
}

fn posted_table(rows: Vec<PostedRow>, caption: &'static str) -> impl IntoView {
    view! {
        <CardTable caption=caption columns=&["Opportunity", "Status", "Closing", "Young people"]>
            {rows.into_iter().map(|r| view! {
                <Row>
                    <Cell label="Opportunity"><a href=format!("/opportunities/{}", r.card.id)>{r.card.title.clone()}</a><br /><span class="muted">{r.card.organisation.clone()}</span></Cell>
                    <Cell label="Status">{r.card.status.label()}</Cell>
                    <Cell label="Closing">{r.card.closes.clone()}</Cell>
                    <Cell label="Young people">{counts_line(&r.counts)}</Cell>
                </Row>
            }).collect_view()}
        </CardTable>
    }
}

/// The employer's link, or their email address as a link.
fn contact_link(contact: String) -> impl IntoView {
    let href = if contact.starts_with("https://") { contact.clone() } else { format!("mailto:{contact}") };
    view! { <a href=href>{contact}</a> }
}

/// Whether a young person's interest was taken up, and the button that changes it.
fn taken_up_form(
    taken: ServerAction<MarkOpportunityTakenUp>,
    id: i64,
    young_person_id: i64,
    name: &str,
    taken_up: bool,
) -> impl IntoView + use<> {
    let label = if taken_up { format!("Undo taken up for {name}") } else { format!("Mark taken up for {name}") };
    view! {
        <ActionForm action=taken>
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="young_person_id" value=young_person_id.to_string() />
            <input type="hidden" name="taken" value=(!taken_up).to_string() />
            {if taken_up { "Yes " } else { "Not yet " }}
            <button type="submit" class="button button-secondary button-small" aria-label=label>
                {if taken_up { "Undo" } else { "Mark taken up" }}
            </button>
        </ActionForm>
    }
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let taken = ServerAction::<MarkOpportunityTakenUp>::new();
    let data = Resource::new(move || taken.version().get(), |_| load_opportunities());
    view! {
        <Title text="Opportunities" />
        <section class="wrap">
            <h1>"Opportunities"</h1>
            <p class="lead">"Work experience, insight days, internships, apprenticeships and events from the programme's employer partners and the Tandem team."</p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(b) => board_view(b, taken),
                })}
            </Suspense>
        </section>
    }
}

fn board_view(b: Board, taken: ServerAction<MarkOpportunityTakenUp>) -> AnyView {
    let top = view! {
        {b.may_post.then(|| view! { <p><a class="button" href="/opportunities/new">"Post an opportunity"</a></p> })}
        {(b.is_staff && b.waiting > 0).then(|| view! {
            <p class="alert alert-info">
                {format!("{} waiting for approval. ", b.waiting)}
                <a href="/admin/opportunities">"Review them"</a>
            </p>
        })}
    };
    if b.is_young_person {
        return view! {
            {top}
            {b.under_18.then(|| view! {
                <p class="alert alert-info">"When you say you are interested in something, we tell your school or youth organisation's Mentoring Coordinator, who will help you with the next step. Employers never see your details."</p>
            })}
            {(!b.yours.is_empty()).then(|| view! {
                <h2>"Saved, chosen or recommended"</h2>
                {cards(b.yours, "")}
            })}
            <h2>"Suggested for you"</h2>
            <p class="hint">"Open to your age, in your region or online, and matching what you want from mentoring."</p>
            {cards(b.suggested, "Nothing new matches your region and goals right now.")}
            <h2>"More opportunities"</h2>
            {cards(b.more, "No other opportunities are open to your age right now.")}
        }
        .into_any();
    }
    view! {
        {top}
        {(!b.requests.is_empty()).then(|| view! {
            <h2 id="requests">"Your young people's interest"</h2>
            <p class="hint">"Under-18s' interest comes to you, never to the employer. Contact the employer for them, and mark it taken up when they take part."</p>
            <CardTable caption="Young people interested in an opportunity" hidden_caption=true columns=&["Young person", "Opportunity", "How to reach the employer", "Taken up"]>
                {b.requests.into_iter().map(|r| { let form = taken_up_form(taken, r.opportunity_id, r.young_person_id, &r.young_person, r.taken_up); view! {
                    <Row>
                        <Cell label="Young person">{r.young_person.clone()}<br /><span class="muted">{format!("Interested on {}", r.at)}</span></Cell>
                        <Cell label="Opportunity"><a href=format!("/opportunities/{}", r.opportunity_id)>{r.title}</a><br /><span class="muted">{r.organisation}</span></Cell>
                        <Cell label="How to reach the employer">{contact_link(r.contact)}</Cell>
                        <Cell label="Taken up">
                            {form}
                        </Cell>
                    </Row>
                }}).collect_view()}
            </CardTable>
        })}
        {(!b.posted.is_empty()).then(|| {
            let caption = if b.is_staff { "The programme's posts" } else { "Your posts" };
            view! { <h2>{caption}</h2> {posted_table(b.posted, caption)} }
        })}
        <h2>"Open now"</h2>
        {cards(b.more, "No opportunities are open right now.")}
    }
    .into_any()
}

#[component]
pub fn OpportunityPage() -> impl IntoView {
    let id = id_param("id");
    let respond = ServerAction::<RespondOpportunity>::new();
    let recommend = ServerAction::<RecommendOpportunity>::new();
    let taken = ServerAction::<MarkOpportunityTakenUp>::new();
    let decide = ServerAction::<DecideOpportunity>::new();
    let withdraw = ServerAction::<WithdrawOpportunity>::new();
    let (answered, recommended, decided) = (successes(respond), successes(recommend), successes(decide));
    let data = Resource::new(
        move || {
            (id(), answered.get(), recommended.get(), decided.get(), taken.version().get(), withdraw.version().get())
        },
        |(id, ..)| load_opportunity(id),
    );
    let posted = use_query_map().with_untracked(|q| q.get("posted").is_some());
    view! {
        <Title text="Opportunity" />
        <section class="wrap narrow">
            <p class="eyebrow"><a href="/opportunities">"Opportunities"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(p) => view! { <OpportunityView p posted respond recommend taken decide withdraw /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OpportunityView(
    p: Page,
    posted: bool,
    respond: ServerAction<RespondOpportunity>,
    recommend: ServerAction<RecommendOpportunity>,
    taken: ServerAction<MarkOpportunityTakenUp>,
    decide: ServerAction<DecideOpportunity>,
    withdraw: ServerAction<WithdrawOpportunity>,
) -> impl IntoView {
    let c = p.card.clone();
    let id = c.id;
    let status = c.status;
    view! {
        <Title text=c.title.clone() />
        <h1>{c.title.clone()}</h1>
        {posted.then(|| view! {
            <p class="alert alert-success" role="status">{if status == OpportunityStatus::Pending {
                "Posted. The programme team checks every opportunity before young people see it; you will be told when it is published."
            } else {
                "Posted. Young people can see it now."
            }}</p>
        })}
        {(status != OpportunityStatus::Published).then(|| view! { <p><span class="tag tag-amber">{status.label()}</span></p> })}
        {p.decline_reason.clone().map(|r| view! { <div class="alert alert-warning"><p><strong>"Why it was not approved: "</strong>{r}</p></div> })}
        <dl class="facts">
            <dt>"What"</dt><dd>{c.kind.clone()}</dd>
            <dt>"From"</dt><dd>{c.organisation.clone()}</dd>
            <dt>"Where"</dt><dd>{c.place.clone()}</dd>
            <dt>"Who for"</dt><dd>{c.ages.clone()}</dd>
            <dt>"Closing date"</dt><dd>{c.closes_on.clone()}</dd>
            {(!p.goals.is_empty()).then(|| view! { <dt>"Good for"</dt><dd>{p.goals.join(", ")}</dd> })}
        </dl>
        {p.description.split("\n\n").filter(|x| !x.trim().is_empty()).map(|x| view! { <p class="pre-wrap">{x.trim().to_string()}</p> }).collect_view()}
        {p.you.clone().map(|you| view! { <YoungPersonActions p=p.clone() you respond /> })}
        {p.mentee.clone().map(|(name, already)| view! { <RecommendForm id name already closed=c.closed recommend /> })}
        {p.interest.clone().map(|(counts, people)| view! {
            <h2>"Interest"</h2>
            <p>{counts_line(&counts)}</p>
            {if people.is_empty() {
                view! { <p class="muted">"Nobody has shared their details with you yet. Young people choose whether you see their name and email address; under-18s' interest goes to their school or youth organisation."</p> }.into_any()
            } else {
                view! {
                    {said(respond, |_| String::new())}
                    <CardTable caption="Young people who shared their details with you" columns=&["Name", "Email", "Interested on", "Taken up"]>
                        {people.into_iter().map(|person| { let form = taken_up_form(taken, id, person.user_id, &person.name, person.taken_up); view! {
                            <Row>
                                <Cell label="Name">{person.name.clone()}</Cell>
                                <Cell label="Email"><a href=format!("mailto:{}", person.email)>{person.email.clone()}</a></Cell>
                                <Cell label="Interested on">{person.at}</Cell>
                                <Cell label="Taken up">
                                    {form}
                                </Cell>
                            </Row>
                        }}).collect_view()}
                    </CardTable>
                }.into_any()
            }}
        })}
        {p.may_decide.then(|| view! { <DecideForms id decide /> })}
        {p.may_withdraw.then(|| view! {
            <h2>"Take it down"</h2>
            <p class="hint">"Young people will no longer see it. What they did with it stays counted."</p>
            <ActionForm action=withdraw>
                <input type="hidden" name="id" value=id.to_string() />
                <button type="submit" class="button button-danger">"Withdraw this opportunity"</button>
            </ActionForm>
        })}
    }
}

/// A small form that sends one answer about this opportunity.
fn answer_button(
    respond: ServerAction<RespondOpportunity>,
    id: i64,
    what: &'static str,
    label: &'static str,
    secondary: bool,
) -> impl IntoView {
    view! {
        <ActionForm action=respond>
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name="what" value=what />
            <button type="submit" class=if secondary { "button button-secondary" } else { "button" }>{label}</button>
        </ActionForm>
    }
}

#[component]
fn YoungPersonActions(
    p: Page,
    you: domain::opportunities::YourResponse,
    respond: ServerAction<RespondOpportunity>,
) -> impl IntoView {
    let id = p.card.id;
    let closed = p.card.closed;
    let org = p.card.organisation.clone();
    let interest = if you.not_eligible {
        view! { <p class="muted">{format!("This one is for {}, so it is not open to you.", p.card.ages.to_lowercase())}</p> }.into_any()
    } else if you.interested {
        view! {
            <p>{if you.via_coordinator {
                "You said you are interested. Your Mentoring Coordinator has been told and will help you with the next step.".to_string()
            } else if you.shared {
                format!("You said you are interested, and {org} can see your name and email address.")
            } else {
                "You said you are interested. You did not share your details, so apply using the link, or tell your mentor.".to_string()
            }}</p>
            <div class="inline-actions">
                {if you.taken_up {
                    answer_button(respond, id, "not_taken_up", "I did not take it up after all", true).into_any()
                } else {
                    answer_button(respond, id, "taken_up", "I took part or got a place", false).into_any()
                }}
                {answer_button(respond, id, "not_interested", "I am no longer interested", true)}
            </div>
        }
        .into_any()
    } else if closed {
        view! { <p class="muted">"This opportunity has closed."</p> }.into_any()
    } else if you.under_18 {
        view! {
            <p>"Your school or youth organisation's Mentoring Coordinator will be told, and will help you take the next step. The employer does not see your details."</p>
            {answer_button(respond, id, "interested", "Ask my coordinator about this", false)}
        }
        .into_any()
    } else {
        view! {
            <ActionForm action=respond>
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="what" value="interested" />
                <div class="field">
                    <label class="checkbox">
                        <input type="checkbox" id="f-share" name="share" value="on" />
                        <span>{format!("Let {} see my name and email address so they can contact me", p.card.organisation)}</span>
                    </label>
                </div>
                <button type="submit" class="button">"I'm interested"</button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="your-answer">
            <h2 id="your-answer">"Interested?"</h2>
            {you.recommended_by.clone().map(|m| view! {
                <p class="alert alert-info">
                    {format!("Your mentor {m} recommends this to you.")}
                    {you.recommend_note.clone().map(|n| view! { " " <q>{n}</q> })}
                </p>
            })}
            {said(respond, |_| "Saved.".to_string())}
            {(!you.under_18 && !closed).then(|| p.link.clone()).flatten().map(|l| view! {
                <p><a class="button button-secondary" href=l rel="noopener">{format!("Apply on {org}'s website")}</a></p>
            })}
            {interest}
            <div class="inline-actions">
                {if you.saved {
                    answer_button(respond, id, "unsave", "Remove from saved", true).into_any()
                } else {
                    answer_button(respond, id, "save", "Save for later", true).into_any()
                }}
            </div>
        </section>
    }
}

#[component]
fn RecommendForm(
    id: i64,
    name: String,
    already: bool,
    closed: bool,
    recommend: ServerAction<RecommendOpportunity>,
) -> impl IntoView {
    let (errors, on_submit) = use_form(recommend, |f: &RecommendOpportunity| {
        domain::opportunities::validate_note(f.note.as_deref().unwrap_or_default()).err().unwrap_or_default()
    });
    let done = name.clone();
    view! {
        <section class="panel" aria-labelledby="recommend">
            <h2 id="recommend">{format!("Recommend it to {name}")}</h2>
            {already.then(|| view! { <p>{format!("You recommended this to {name}.")}</p> })}
            {if closed {
                view! { <p class="muted">"It has closed."</p> }.into_any()
            } else {
                view! {
                    {said(recommend, move |_| format!("{done} has been told."))}
                    <ErrorSummary errors />
                    <form method="post" action=RecommendOpportunity::url() on:submit=on_submit novalidate>
                        <input type="hidden" name="id" value=id.to_string() />
                        <TextAreaField label="A note (optional)" name="note" errors rows=3 hint="Why you think it would suit them." />
                        <button type="submit" class="button" disabled=move || recommend.pending().get()>{format!("Recommend to {name}")}</button>
                    </form>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn DecideForms(id: i64, decide: ServerAction<DecideOpportunity>) -> impl IntoView {
    let (errors, on_submit) = use_form(decide, |f: &DecideOpportunity| {
        domain::opportunities::validate_decision(f.approve, f.reason.as_deref().unwrap_or_default())
            .err()
            .unwrap_or_default()
    });
    view! {
        <section class="panel" aria-labelledby="decide">
            <h2 id="decide">"Approve or decline"</h2>
            <p class="hint">"Check it is a real opportunity from the partner, safe and suitable for the ages given, and that it asks nothing that breaks the programme's policies."</p>
            <ErrorSummary errors />
            <FormAlert value=outcome(decide) />
            <form method="post" action=DecideOpportunity::url() on:submit=on_submit.clone() novalidate>
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="approve" value="true" />
                <button type="submit" class="button">"Publish it"</button>
            </form>
            <form method="post" action=DecideOpportunity::url() on:submit=on_submit novalidate>
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="approve" value="false" />
                <TextAreaField label="Why it is not approved" name="reason" errors rows=3 hint="The poster sees this." />
                <button type="submit" class="button button-secondary">"Decline it"</button>
            </form>
        </section>
    }
}

#[component]
pub fn NewOpportunityPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_opportunities());
    let action = ServerAction::<PostOpportunity>::new();
    view! {
        <Title text="Post an opportunity" />
        <section class="wrap narrow">
            <p class="eyebrow"><a href="/opportunities">"Opportunities"</a></p>
            <h1>"Post an opportunity"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(b) if !b.may_post => view! { <ErrorPage error=crate::error::AppError::Forbidden /> }.into_any(),
                    Ok(b) => view! { <PostForm staff=b.is_staff under_18=b.may_offer_under_18 action /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PostForm(staff: bool, under_18: bool, action: ServerAction<PostOpportunity>) -> impl IntoView {
    let today = chrono::Utc::now().date_naive();
    let (errors, on_submit) =
        use_form(action, move |f: &PostOpportunity| f.input().validate(under_18, today).err().unwrap_or_default());
    let regions: Vec<(&'static str, &'static str)> = REGIONS.iter().map(|r| (*r, *r)).collect();
    let ages_hint = if under_18 {
        "From 14 to 25. Young people outside the range do not see it."
    } else {
        "From 18 to 25: your organisation is not yet approved to offer opportunities to under-18s (ask the programme team)."
    };
    // Built in parts (each type-erased): one view of every field nests too deep for a
    // small stack when the server renders it.
    let what = view! {
            <Field label="Title" name="title" errors required=true hint="For example: Engineering insight day" />
            <SelectField label="What kind of opportunity is it?" name="kind" errors options=KINDS.to_vec() />
            <TextAreaField label="What it involves" name="description" errors rows=6 hint="What young people will do, when, what it costs them (ideally nothing) and what they need to bring." />
            <SelectField label="Region" name="region" errors options=regions placeholder="Online only" hint="Where it takes place. Choose online only if there is no place to go." />
            <div class="field">
                <label class="checkbox"><input type="checkbox" id="f-online" name="online" value="on" /><span>"Young people can also take part online"</span></label>
            </div>
    }
    .into_any();
    let when = view! {
            <div class="two-col">
                <Field label="Youngest age" name="min_age" kind="number" errors required=true hint=ages_hint />
                <Field label="Oldest age" name="max_age" kind="number" errors required=true value=OLDEST.to_string() />
            </div>
            <Field label="Closing date" name="closes_on" kind="date" errors required=true hint="The last day young people can say they are interested (within a year)." />
            <Field label="Where to apply (optional)" name="link" kind="url" errors hint="A web address starting with https://. Without one, young people say they are interested here, and you see those who share their details." />
    }
    .into_any();
    let rest = view! {
            {checkbox_list("goals", GOALS, Vec::new(), errors, "Which young people's goals does it suit?", "Optional. It is suggested first to young people with these goals.")}
            <button type="submit" class="button" disabled=move || action.pending().get()>{if staff { "Publish the opportunity" } else { "Send for approval" }}</button>
    }
    .into_any();
    view! {
        <p class="lead">{if staff {
            "Opportunities the team posts are published straight away."
        } else {
            "The programme team checks every opportunity before young people see it, usually within two working days."
        }}</p>
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=PostOpportunity::url() on:submit=on_submit novalidate class="panel">
            {what}
            {when}
            {rest}
        </form>
    }
}

#[component]
pub fn OpportunityAdminPage() -> impl IntoView {
    let set = ServerAction::<SetPartnerUnder18>::new();
    let data = Resource::new(move || set.version().get(), |_| load_opportunity_admin());
    view! {
        <Title text="Opportunities: approval and take-up" />
        <section class="wrap">
            <h1>"Opportunities"</h1>
            <p class="lead">"Employer partners' posts to approve, what young people did with every opportunity, and which partners may offer opportunities to under-18s."</p>
            <p><a class="button" href="/opportunities/new">"Post an opportunity"</a>" "<a href="/opportunities">"See the board"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(a) => admin_view(a, set),
                })}
            </Suspense>
        </section>
    }
}

fn take_up_cells(t: TakeUp) -> impl IntoView {
    view! {
        <Cell label="Posted">{t.posted.to_string()}</Cell>
        <Cell label="Published">{t.published.to_string()}</Cell>
        <Cell label="Saved">{t.saved.to_string()}</Cell>
        <Cell label="Interested">{format!("{} ({} through coordinators)", t.interested, t.through_coordinators)}</Cell>
        <Cell label="Taken up">{t.taken_up.to_string()}</Cell>
    }
}

/// Take-up per partner and overall (the staff page and the impact report).
pub fn take_up_table(report: TakeUpReport) -> AnyView {
    view! {
        <p class="hint">"Declined posts are not counted. Taken up: marked by the young person, their coordinator or the poster."</p>
        <CardTable caption="Take-up per partner and overall" hidden_caption=true columns=&["Posted by", "Posted", "Published", "Saved", "Interested", "Taken up"]>
            {report.partners.into_iter().map(|(name, t)| view! {
                <Row><Cell label="Posted by">{name}</Cell>{take_up_cells(t)}</Row>
            }).collect_view()}
            <Row class="total"><Cell label="Posted by"><strong>"All"</strong></Cell>{take_up_cells(report.overall)}</Row>
        </CardTable>
    }
    .into_any()
}

fn admin_view(a: OpportunityAdmin, set: ServerAction<SetPartnerUnder18>) -> AnyView {
    view! {
        <h2>"Waiting for approval"</h2>
        {if a.waiting.is_empty() {
            view! { <p class="muted">"Nothing is waiting."</p> }.into_any()
        } else {
            posted_table(a.waiting, "Opportunities waiting for approval").into_any()
        }}
        <h2>"Take-up"</h2>
        {take_up_table(a.report)}
        <h2>"Opportunities for under-18s"</h2>
        <p class="hint">"Approve an employer partner only once its safeguarding arrangements for under-18s have been checked. Until then its posts are for ages 18 and over."</p>
        <CardTable caption="Employer partners and under-18s" hidden_caption=true columns=&["Partner", "May offer to under-18s"]>
            {a.partners.into_iter().map(|p| {
                let label = format!("{} {}", if p.under_18 { "Take back approval for" } else { "Approve" }, p.name);
                view! {
                <Row>
                    <Cell label="Partner">{p.name.clone()}</Cell>
                    <Cell label="May offer to under-18s">
                        <ActionForm action=set>
                            <input type="hidden" name="partner_id" value=p.partner_id.to_string() />
                            <input type="hidden" name="allowed" value=(!p.under_18).to_string() />
                            {if p.under_18 { "Yes " } else { "No " }}
                            <button type="submit" class="button button-secondary button-small" aria-label=label>
                                {if p.under_18 { "Take back" } else { "Approve" }}
                            </button>
                        </ActionForm>
                    </Cell>
                </Row>
            }}).collect_view()}
        </CardTable>
    }
    .into_any()
}
