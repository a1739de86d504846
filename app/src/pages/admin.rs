//! Staff: everyone on the programme, and creating the accounts only staff may create.

use crate::api::admin::{CreateAccount, PartnerOption, list_users};
use crate::components::form::{ErrorSummary, Field, FormAlert, outcome, use_form};
use crate::components::table::{CardTable, Cell, Row};
use crate::pages::status::ErrorPage;
use crate::pages::urlencode;
use domain::{Email, FieldErrors, PersonName, Role};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_query_map();
    let create = ServerAction::<CreateAccount>::new();
    let data = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("role"),
                    q.get("name"),
                    q.get("before").and_then(|b| b.parse::<i64>().ok()),
                    create.version().get(),
                )
            })
        },
        |(role, name, before, _)| list_users(role, name, before),
    );
    view! {
        <Title text="People" />
        <Suspense fallback=|| view! { <p class="wrap">"Loading…"</p> }>
            {move || {
                data.get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                        Ok(page) => {
                            let role = query.with(|q| q.get("role").unwrap_or_default());
                            let name = query.with(|q| q.get("name").unwrap_or_default());
                            let searched = !name.trim().is_empty();
                            view! {
                                <section class="wrap">
                                    <h1>"People"</h1>
                                    <form method="get" action="/admin/users" class="filter">
                                        <label for="role-filter">"Show"</label>
                                        <select id="role-filter" name="role">
                                            <option value="" selected=role.is_empty()>"Everyone"</option>
                                            {Role::ALL
                                                .into_iter()
                                                .map(|r| view! { <option value=r.as_str() selected=role == r.as_str()>{r.label()}</option> })
                                                .collect_view()}
                                        </select>
                                        <label for="name-filter">"Name contains"</label>
                                        <input id="name-filter" name="name" value=name.clone() autocomplete="off" />
                                        <button type="submit" class="button button-secondary">"Filter"</button>
                                    </form>
                                    {(searched && page.users.is_empty()).then(|| view! { <p>{format!("Nobody's name contains \"{}\".", name.trim())}</p> })}
                                    <CardTable caption="Accounts, newest first" hidden_caption=true columns=&["Name", "Email", "Role", "Organisation"]>
                                                {page.users
                                                    .into_iter()
                                                    .map(|u| {
                                                        let who = match u.href {
                                                            Some(href) => view! { <a href=href>{u.name}</a> }.into_any(),
                                                            None => u.name.into_any(),
                                                        };
                                                        view! {
                                                            <Row>
                                                                <Cell label="Name">{who}</Cell>
                                                                <Cell label="Email">{u.email}</Cell>
                                                                <Cell label="Role">{u.role}</Cell>
                                                                <Cell label="Organisation">{u.partner.unwrap_or_default()}</Cell>
                                                            </Row>
                                                        }
                                                    })
                                                    .collect_view()}
                                    </CardTable>
                                    {page.next_before.map(|b| {
                                        let href = format!("/admin/users?role={role}&name={}&before={b}", urlencode(&name));
                                        view! { <p><a href=href>"Older accounts"</a></p> }
                                    })}
                                    <CreateAccountForm action=create partners=page.partners />
                                </section>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn CreateAccountForm(action: ServerAction<CreateAccount>, partners: Vec<PartnerOption>) -> impl IntoView {
    let (errors, on_submit) = use_form(action, |c: &CreateAccount| {
        let mut e = FieldErrors::new();
        e.check("name", PersonName::parse(&c.name));
        e.check("email", Email::parse(&c.email));
        match Role::parse(&c.role) {
            Some(r) if r.staff_created() => {
                if r == Role::Coordinator && c.partner_id.trim().is_empty() {
                    e.add("partner_id", "Choose the partner organisation this coordinator works for");
                }
            }
            _ => e.add("role", "Choose coordinator, staff or safeguarding lead"),
        }
        e
    });
    let err = move |f: &'static str| move || errors.with(|e| e.get(f).map(str::to_owned));
    view! {
        <h2 id="create">"Create a staff, coordinator or safeguarding account"</h2>
        <p>"Mentors and young people sign themselves up. The new person gets an email with a link to choose their password."</p>
        {move || match outcome(action).get() {
            Some(Ok(msg)) => Some(view! { <div class="alert alert-success" role="status">{msg}</div> }),
            _ => None,
        }}
        <ErrorSummary errors />
        <FormAlert value=outcome(action) />
        <form method="post" action=CreateAccount::url() on:submit=on_submit novalidate class="panel">
            <Field label="Full name" name="name" errors required=true />
            <Field label="Email address" name="email" kind="email" errors required=true />
            <div class="field" class:field-invalid=move || err("role")().is_some()>
                <label for="f-role">"Role"</label>
                {move || err("role")().map(|m| view! { <p class="error-message">{m}</p> })}
                <select id="f-role" name="role">
                    <option value="">"Choose a role"</option>
                    {Role::ALL
                        .into_iter()
                        .filter(|r| r.staff_created())
                        .map(|r| view! { <option value=r.as_str()>{r.label()}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field" class:field-invalid=move || err("partner_id")().is_some()>
                <label for="f-partner_id">"Partner organisation"</label>
                <p class="hint">"Required for coordinators"</p>
                {move || err("partner_id")().map(|m| view! { <p class="error-message">{m}</p> })}
                <select id="f-partner_id" name="partner_id">
                    <option value="">"None"</option>
                    {partners.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button" disabled=move || action.pending().get()>"Create account"</button>
        </form>
    }
}
