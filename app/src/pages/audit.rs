//! The audit log page: whether the chain holds, and the latest entries.

use crate::api::audit::{AuditPage, audit_log};
use crate::components::table::{CardTable, Cell, Row};
use crate::pages::status::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").and_then(|b| b.parse::<i64>().ok()));
    let data = Resource::new(before, audit_log);
    view! {
        <Title text="Audit log" />
        <section class="wrap">
            <h1>"Audit log"</h1>
            <p>"Sign-ins, failures, accounts created, mentor decisions, exports, erasures, safeguarding case views and suspensions. Each entry is chained to the one before, so a changed or missing entry shows."</p>
            <Transition fallback=|| view! { <p>"Checking the chain…"</p> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                    Ok(p) => audit_view(p),
                })}
            </Transition>
        </section>
    }
}

fn audit_view(p: AuditPage) -> AnyView {
    let check = match &p.problem {
        None => view! { <p class="alert alert-success" role="status">{format!("Chain verified: all {} entries are intact.", p.entries)}</p> }.into_any(),
        Some(problem) => view! { <p class="alert alert-error" role="alert">{format!("The chain is broken: {problem}.")}</p> }.into_any(),
    };
    view! {
        {check}
        <CardTable caption="Audit log, newest first" hidden_caption=true columns=&["#", "When (UTC)", "Who", "Event", "About", "Detail"]>
                    {p.rows.into_iter().map(|r| view! {
                        <Row><Cell label="#">{r.seq}</Cell><Cell label="When (UTC)">{r.at}</Cell><Cell label="Who">{r.actor}</Cell><Cell label="Event">{r.event}</Cell><Cell label="About">{r.subject}</Cell><Cell label="Detail">{r.detail}</Cell></Row>
                    }).collect_view()}
        </CardTable>
        {p.next.map(|n| view! { <p><a href=format!("/admin/audit?before={n}")>"Older entries"</a></p> })}
    }
    .into_any()
}
