//! The page frame: header with role-aware navigation, and footer.

use crate::api::auth::{Logout, UserDto, use_auth};
use domain::Role;
use leptos::prelude::*;
use server_fn::ServerFn;

fn nav_links(user: &Option<UserDto>) -> Vec<(&'static str, &'static str)> {
    match user {
        None => vec![("/", "Home"), ("/register", "Join Tandem"), ("/login", "Sign in")],
        Some(u) => {
            let mut links = vec![("/dashboard", "Dashboard")];
            match u.role {
                Role::Staff => {
                    links.push(("/admin/programme", "Programme"));
                    links.push(("/admin/users", "People"));
                    links.push(("/admin/mentors", "Mentor applications"));
                    links.push(("/admin/workshops", "Workshops"));
                    links.push(("/admin/matching", "Matching"));
                    links.push(("/admin/relationships", "Relationships"));
                    links.push(("/admin/messages", "Held messages"));
                    links.push(("/admin/gifts", "Gifts register"));
                    links.push(("/reports/impact", "Impact"));
                    links.push(("/admin/reach", "Who we reach"));
                    links.push(("/admin/opportunities", "Opportunities"));
                    links.push(("/admin/questionnaires", "Questionnaires"));
                    links.push(("/community", "Bulletin"));
                    links.push(("/admin/training", "Training content"));
                    links.push(("/admin/help", "Help centre"));
                    links.push(("/admin/policies", "Policies"));
                    links.push(("/admin/enquiries", "Messages to the team"));
                    links.push(("/admin/audit", "Audit log"));
                    links.push(("/admin/mail", "Email delivery"));
                    links.push(("/admin/settings", "Settings"));
                }
                Role::Mentor => {
                    links.push(("/profile", "Profile"));
                    links.push(("/training", "Training"));
                    links.push(("/workshops", "Workshops"));
                    links.push(("/gifts", "Gifts"));
                    links.push(("/opportunities", "Opportunities"));
                    links.push(("/community", "Community"));
                }
                Role::YoungPerson => {
                    links.push(("/apply", "Application"));
                    links.push(("/training", "Course"));
                    links.push(("/workshops", "Induction"));
                    links.push(("/opportunities", "Opportunities"));
                    links.push(("/community", "News"));
                }
                // An employer's lead has employees who mentor, not pupils whose messages pass
                // through them.
                Role::Coordinator if u.employer_lead => {
                    links.push(("/opportunities", "Opportunities"));
                    links.push(("/reports/impact", "Impact"));
                }
                Role::Coordinator => {
                    links.push(("/coordinator/messages", "Messages to pass on"));
                    links.push(("/opportunities", "Opportunities"));
                    links.push(("/reports/impact", "Impact"));
                }
                Role::SafeguardingLead => {
                    links.push(("/safeguarding", "Case queue"));
                    links.push(("/admin/audit", "Audit log"));
                }
            }
            links.push(("/account", "Your account"));
            links.push(("/privacy", "Privacy"));
            if u.role != Role::SafeguardingLead {
                // One click from every page: the header is on all of them.
                links.push(("/concern", "Report a concern"));
            }
            links
        }
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let auth = use_auth();
    let late = crate::pages::mail::late_alerts();
    let on_logout = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        auth.logout.dispatch(Logout {});
    };
    view! {
        <header class="site-header">
            <div class="wrap header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"T"</span>
                    <span class="brand-name">"Tandem"</span>
                    <span class="brand-tag">"one-to-one mentoring"</span>
                </a>
                <nav aria-label="Main">
                    <Transition fallback=|| view! { <ul class="nav-list"></ul> }>
                        {move || {
                            let user = auth.user.get().and_then(Result::ok).flatten();
                            let who = user.clone();
                            view! {
                                <ul class="nav-list">
                                    {nav_links(&user)
                                        .into_iter()
                                        .map(|(href, label)| view! { <li><a href=href>{label}</a></li> })
                                        .collect_view()}
                                    {who.map(|u| view! {
                                        <li class="nav-user">
                                            <span class="role-badge">{if u.employer_lead { "Employer lead" } else { u.role.label() }}</span>
                                            <form method="post" action=Logout::url() on:submit=on_logout>
                                                <button type="submit" class="link-button">"Sign out"</button>
                                            </form>
                                        </li>
                                    })}
                                </ul>
                            }
                        }}
                    </Transition>
                </nav>
            </div>
        </header>
        <Transition fallback=|| ()>
            {move || {
                let role = auth.user.get().and_then(Result::ok).flatten().map(|u| u.role);
                let late = late.get().and_then(Result::ok).unwrap_or(0);
                (matches!(role, Some(Role::Staff | Role::SafeguardingLead)) && late > 0)
                    .then(|| view! { <crate::pages::mail::LateAlertWarning late /> })
            }}
        </Transition>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="wrap">
                <p>"One-to-one. One hour a month. Twelve months."</p>
                <p><a href="/help">"Help and answers"</a>" · "<a href="/policies">"Policies"</a>" · "<a href="/impact">"Our impact"</a>" · "<a href="/get-involved">"Get involved"</a>" · "<a href="/contact">"Contact the team"</a></p>
                <p class="small">
                    "Worried about a young person's safety? Tell your Mentoring Coordinator or our Designated Safeguarding Lead. "
                    "If someone is in immediate danger, call 999."
                </p>
            </div>
        </footer>
    }
}
