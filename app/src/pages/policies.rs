//! The programme's policies (`/policies`, `/policies/{slug}`), readable by anyone without
//! signing in or JavaScript; the page where a mentor accepts them (`/policies/accept`); and
//! the staff list of policies, whose edit page is the help centre's.

use crate::api::policies::{AcceptPolicies, load_policies, load_policy, policies_to_accept, policy_texts};
use crate::components::form::{CheckboxField, ErrorSummary, FormAlert, outcome, successes, use_form};
use crate::components::text::PlainText;
use crate::pages::documents::texts_table;
use crate::pages::status::ErrorPage;
use domain::policies::{AcceptPage, Policy, PolicySummary, seen_versions};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use server_fn::ServerFn;

fn version_line(p: &PolicySummary) -> String {
    format!("Version {}, published {}", p.version, p.changed_on)
}

fn policy_list(policies: Vec<PolicySummary>) -> AnyView {
    let mut sections: Vec<(String, Vec<PolicySummary>)> = Vec::new();
    for p in policies {
        match sections.iter_mut().find(|(s, _)| *s == p.section) {
            Some((_, list)) => list.push(p),
            None => sections.push((p.section.clone(), vec![p])),
        }
    }
    sections
        .into_iter()
        .map(|(section, list)| {
            view! {
                <section class="policy-group">
                    <h2>{section}</h2>
                    <ul class="policy-list">
                        {list.into_iter().map(|p| view! {
                            <li class="panel">
                                <a href=format!("/policies/{}", p.slug)>{p.title.clone()}</a>
                                <p class="muted">
                                    {version_line(&p)}
                                    {p.mentors_accept.then_some(". Mentors accept it before being matched")}
                                </p>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
pub fn PoliciesPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_policies());
    view! {
        <Title text="Policies" />
        <section class="wrap narrow">
            <h1>"Policies"</h1>
            <p class="lead">"How we keep young people and mentors safe, and what we ask of everyone on the programme."</p>
            <p>
                "Mentors read and accept the safeguarding policy, the code of conduct and the gifts and hospitality policy before they are matched. "
                <a href="/policies/accept">"Accept the policies"</a>
            </p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(list) => policy_list(list),
                })}
            </Suspense>
        </section>
    }
}

fn policy_view(p: Policy) -> AnyView {
    let line = version_line(&p.summary);
    let accepted_by_mentors = p.summary.mentors_accept;
    view! {
        <Title text=p.summary.title.clone() />
        <h1>{p.summary.title}</h1>
        <p class="muted">{line}</p>
        {accepted_by_mentors.then(|| view! {
            <p class="alert alert-info">"Every mentor reads and accepts this policy before being matched, and again when it changes."</p>
        })}
        <div class="policy-text">
            <PlainText body=p.body />
        </div>
    }
    .into_any()
}

#[component]
pub fn PolicyPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("slug").unwrap_or_default()), load_policy);
    view! {
        <section class="wrap narrow">
            <p class="eyebrow"><a href="/policies">"Policies"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(p) => policy_view(p),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn AcceptPoliciesPage() -> impl IntoView {
    let action = ServerAction::<AcceptPolicies>::new();
    let saved = successes(action);
    let data = Resource::new(move || saved.get(), |_| policies_to_accept());
    view! {
        <Title text="Accept our policies" />
        <section class="wrap narrow">
            <p class="eyebrow"><a href="/policies">"Policies"</a></p>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(page) => accept_view(page, action, saved.get_untracked() > 0),
                })}
            </Suspense>
        </section>
    }
}

fn accept_view(page: AcceptPage, action: ServerAction<AcceptPolicies>, just_accepted: bool) -> AnyView {
    if !page.asked {
        return view! {
            <h1>"Our policies"</h1>
            <p>"Mentors accept the programme's policies before they are matched. You are not asked to accept anything, but you can read every policy."</p>
            <p><a href="/policies">"Read the policies"</a></p>
        }
        .into_any();
    }
    if page.outstanding.is_empty() {
        let thanks = if just_accepted {
            "Thank you: you have accepted the current policies."
        } else {
            "You have accepted the current policies: nothing to do."
        };
        return view! {
            <h1>"Accept our policies"</h1>
            <p class="alert alert-success" role="status">{thanks}</p>
            <p>"We will ask you again only if a policy changes in a way that matters. "<a href="/policies">"Read the policies at any time"</a>"."</p>
            <p><a class="button" href="/dashboard">"Continue to your dashboard"</a></p>
        }
        .into_any();
    }
    view! { <AcceptForm page action /> }.into_any()
}

#[component]
fn AcceptForm(page: AcceptPage, action: ServerAction<AcceptPolicies>) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |f: &AcceptPolicies| {
        domain::policies::validate_accept(f.accept.is_some()).err().unwrap_or_default()
    });
    let again = page.outstanding.iter().any(|p| p.accepted_before.is_some());
    let seen = seen_versions(&page.outstanding);
    let count = page.outstanding.len();
    view! {
        <h1>"Accept our policies"</h1>
        {if again {
            view! {
                <p class="lead">"We have updated a policy you accepted before. Please read the new version and accept it to carry on mentoring with Tandem."</p>
            }.into_any()
        } else {
            view! {
                <p class="lead">"Before we match you with a young person, please read these policies and accept them. They take about ten minutes to read."</p>
            }.into_any()
        }}
        <nav class="panel policy-toc" aria-label="Policies to read">
            <h2>{if count == 1 { "The policy to read".to_string() } else { format!("The {count} policies to read") }}</h2>
            <ul>
                {page.outstanding.iter().map(|p| view! {
                    <li><a href=format!("#policy-{}", p.policy.summary.slug)>{p.policy.summary.title.clone()}</a></li>
                }).collect_view()}
            </ul>
        </nav>
        {page.outstanding.into_iter().map(|p| {
            let id = format!("policy-{}", p.policy.summary.slug);
            let heading = format!("{id}-title");
            let labelled = heading.clone();
            let changed = p.accepted_before.map(|v| format!(
                "You accepted version {v}. This is version {}, published {}.",
                p.policy.summary.version, p.policy.summary.changed_on
            ));
            view! {
                <article class="panel policy-accept" id=id aria-labelledby=labelled>
                    <h2 id=heading>{p.policy.summary.title.clone()}</h2>
                    <p class="muted">{changed.unwrap_or_else(|| version_line(&p.policy.summary))}</p>
                    <PlainText body=p.policy.body />
                </article>
            }
        }).collect_view()}
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=AcceptPolicies::url() on:submit=on_submit novalidate class="panel">
            <input type="hidden" name="seen" value=seen />
            <CheckboxField
                label="I have read these policies and I accept them"
                name="accept"
                errors
                hint="We keep a record of which version you accepted and when; our team can see it."
            />
            <button type="submit" class="button" disabled=move || action.pending().get()>"Accept and continue"</button>
        </form>
    }
}

#[component]
pub fn PolicyAdminPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| policy_texts());
    view! {
        <Title text="Policies" />
        <section class="wrap">
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || rows.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(rows) => view! {
                        <h1>"Policies"</h1>
                        <p class="lead">"Edit the programme's policies. Each save is a new version: the one before is kept, with who changed it and when. When a change matters, ask mentors to accept the new version: they are asked when they next sign in, and are not matched until they do."</p>
                        <p><a href="/policies">"See the policies as people see them"</a></p>
                        {texts_table(rows, "Policies", &["Policy", "For", "Version", "Last changed"], "/admin/policies")}
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
