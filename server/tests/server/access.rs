//! The authorisation table: every registered server function, who may call it, and a
//! check of every role (and anonymous) against it over HTTP. A server function missing
//! from the table fails the test, so new ones cannot slip in unreviewed.

use crate::common;

use common::*;
use domain::Role;
use services::testing::TestDb;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy)]
enum Allowed {
    Anyone,
    SignedIn,
    Only(&'static [Role]),
}

/// Form arguments that reach the function body without changing data.
type Args = &'static [(&'static str, &'static str)];

/// (endpoint, who may call it, arguments).
const TABLE: &[(&str, Allowed, Args)] = &[
    ("/api/current_user", Allowed::Anyone, &[]),
    (
        "/api/register",
        Allowed::Anyone,
        &[("name", ""), ("email", ""), ("password", ""), ("date_of_birth", ""), ("role", "")],
    ),
    ("/api/login", Allowed::Anyone, &[("email", "table@example.org"), ("password", "wrong-password")]),
    ("/api/logout", Allowed::Anyone, &[]),
    ("/api/login_challenge", Allowed::Anyone, &[("ticket", "not-a-ticket")]),
    ("/api/login_code", Allowed::Anyone, &[("ticket", "not-a-ticket"), ("code", "123456")]),
    ("/api/two_step_status", Allowed::SignedIn, &[]),
    ("/api/start_two_step", Allowed::SignedIn, &[]),
    ("/api/confirm_two_step", Allowed::SignedIn, &[("ticket", "not-a-ticket"), ("code", "123456")]),
    ("/api/disable_two_step", Allowed::SignedIn, &[("password", "not-my-password")]),
    ("/api/request_password_reset", Allowed::Anyone, &[("email", "nobody@example.org")]),
    ("/api/reset_password", Allowed::Anyone, &[("token", "not-a-token"), ("password", "orchard-lantern-58")]),
    (
        "/api/change_password",
        Allowed::SignedIn,
        &[("current_password", "wrong"), ("new_password", "orchard-lantern-58")],
    ),
    ("/api/dashboard", Allowed::SignedIn, &[]),
    ("/api/my_mail_choices", Allowed::SignedIn, &[]),
    // Ticks every optional email on: the defaults, but for community news.
    ("/api/save_mail_choices", Allowed::SignedIn, &[("reminders", "on"), ("digests", "on"), ("news", "on")]),
    ("/api/new_calendar_feed", Allowed::SignedIn, &[]),
    ("/api/revoke_calendar_feed", Allowed::SignedIn, &[]),
    ("/api/mail_outbox", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/retry_mail", Allowed::Only(&[Role::Staff]), &[("mail_id", "999999")]),
    ("/api/late_safeguarding_mail", Allowed::Anyone, &[]),
    ("/api/admin_list_users", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/training_course", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[]),
    ("/api/my_profile", Allowed::Only(&[Role::Mentor]), &[]),
    ("/api/save_profile_field", Allowed::Only(&[Role::Mentor]), &[("field", "region"), ("value", "Atlantis")]),
    (
        "/api/save_profile",
        Allowed::Only(&[Role::Mentor]),
        &[("job_title", ""), ("employer", ""), ("postcode_area", "not a postcode"), ("bio", "")],
    ),
    ("/api/admin_training_modules", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/admin_training_lesson", Allowed::Only(&[Role::Staff]), &[("lesson_id", "1")]),
    (
        "/api/admin_update_module",
        Allowed::Only(&[Role::Staff]),
        &[("module_id", "1"), ("title", ""), ("summary", ""), ("pass_mark", "")],
    ),
    (
        "/api/admin_update_lesson",
        Allowed::Only(&[Role::Staff]),
        &[("lesson_id", "1"), ("title", ""), ("body", ""), ("video_url", ""), ("minutes", "")],
    ),
    ("/api/training_lesson", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("lesson_id", "1")]),
    ("/api/load_help", Allowed::Anyone, &[("q", "meet")]),
    ("/api/help_texts", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/load_policies", Allowed::Anyone, &[]),
    ("/api/public_impact", Allowed::Anyone, &[]),
    ("/api/my_destination", Allowed::Only(&[Role::YoungPerson]), &[]),
    // Nothing chosen: refused with field errors (or "not open yet"), nothing saved.
    ("/api/save_destination", Allowed::Only(&[Role::YoungPerson]), &[]),
    // An unknown token is NotFound for everyone (the link is the only key).
    ("/api/follow_up_destination", Allowed::Anyone, &[("token", "not-a-token")]),
    ("/api/save_follow_up_destination", Allowed::Anyone, &[("token", "not-a-token")]),
    ("/api/load_policy", Allowed::Anyone, &[("slug", "safeguarding")]),
    ("/api/policies_to_accept", Allowed::SignedIn, &[]),
    // Without the box ticked: refused with an error, nothing recorded.
    ("/api/accept_policies", Allowed::Only(&[Role::Mentor]), &[("seen", "")]),
    ("/api/policy_texts", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/help_text", Allowed::Only(&[Role::Staff]), &[("id", "1")]),
    // An empty title and answer: refused as invalid once allowed, so nothing changes.
    ("/api/edit_help_text", Allowed::Only(&[Role::Staff]), &[("id", "1"), ("seen", "1"), ("title", ""), ("body", "")]),
    ("/api/load_contact", Allowed::Anyone, &[]),
    // Refused as invalid (no topic, no message) once allowed, so nothing is sent.
    ("/api/send_enquiry", Allowed::Anyone, &[("name", ""), ("email", ""), ("topic", ""), ("message", "")]),
    ("/api/follow_up_enquiry", Allowed::SignedIn, &[("id", "999999"), ("body", "")]),
    ("/api/load_enquiries", Allowed::Only(&[Role::Staff]), &[("status", "open")]),
    ("/api/load_get_involved", Allowed::Anyone, &[]),
    ("/api/offer_partnership", Allowed::Anyone, &[("organisation", ""), ("message", "")]),
    ("/api/offer_in_kind", Allowed::Anyone, &[("message", "")]),
    ("/api/load_referrals", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/my_equality", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[]),
    // Saves nothing: one answer that is not in the list is refused.
    ("/api/save_equality", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("sex", "unknown")]),
    ("/api/equality_report", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/load_opportunities", Allowed::SignedIn, &[]),
    ("/api/load_opportunity", Allowed::SignedIn, &[("id", "999999")]),
    // Staff and an employer partner's people post; the demo's mentor and coordinator are
    // neither (an empty form is refused before anything is saved).
    (
        "/api/post_opportunity",
        Allowed::Only(&[Role::Staff]),
        &[("title", ""), ("description", ""), ("min_age", ""), ("max_age", ""), ("closes_on", "")],
    ),
    ("/api/respond_opportunity", Allowed::Only(&[Role::YoungPerson]), &[("id", "999999"), ("what", "save")]),
    ("/api/recommend_opportunity", Allowed::Only(&[Role::Mentor]), &[("id", "999999")]),
    (
        "/api/mark_opportunity_taken_up",
        Allowed::SignedIn,
        &[("id", "999999"), ("young_person_id", "1"), ("taken", "true")],
    ),
    ("/api/decide_opportunity", Allowed::Only(&[Role::Staff]), &[("id", "999999"), ("approve", "true")]),
    ("/api/withdraw_opportunity", Allowed::SignedIn, &[("id", "999999")]),
    ("/api/load_opportunity_admin", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/set_partner_under_18", Allowed::Only(&[Role::Staff]), &[("partner_id", "999999"), ("allowed", "true")]),
    ("/api/load_enquiry", Allowed::Only(&[Role::Staff]), &[("id", "999999")]),
    ("/api/reply_enquiry", Allowed::Only(&[Role::Staff]), &[("id", "999999"), ("body", "")]),
    ("/api/close_enquiry", Allowed::Only(&[Role::Staff]), &[("id", "999999"), ("closed", "true")]),
    ("/api/complete_lesson", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("lesson_id", "999999")]),
    ("/api/training_quiz", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("module_id", "1")]),
    ("/api/submit_quiz", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("module_id", "1")]),
    (
        "/api/admin_create_account",
        Allowed::Only(&[Role::Staff]),
        &[("name", ""), ("email", ""), ("role", ""), ("partner_id", "")],
    ),
    ("/api/employer_partners", Allowed::Only(&[Role::Mentor]), &[]),
    ("/api/set_employer_partner", Allowed::Only(&[Role::Mentor]), &[("employer_partner", "not-a-number")]),
    ("/api/induction_institutions", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/my_workshops", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[]),
    ("/api/book_workshop", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("workshop_id", "999999")]),
    ("/api/cancel_booking", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("workshop_id", "999999")]),
    (
        "/api/workshop_feedback",
        Allowed::Only(&[Role::Mentor, Role::YoungPerson]),
        &[("workshop_id", "999999"), ("comment", "")],
    ),
    ("/api/staff_workshops", Allowed::Only(&[Role::Staff]), &[]),
    (
        "/api/schedule_workshop",
        Allowed::Only(&[Role::Staff]),
        &[("title", ""), ("starts_at", ""), ("minutes", ""), ("location", ""), ("capacity", "")],
    ),
    ("/api/workshop_register", Allowed::Only(&[Role::Staff]), &[("workshop_id", "999999")]),
    (
        "/api/mark_attendance",
        Allowed::Only(&[Role::Staff]),
        &[("workshop_id", "999999"), ("user_id", "1"), ("attended", "maybe")],
    ),
    ("/api/mentor_queue", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/mentor_review", Allowed::Only(&[Role::Staff]), &[("mentor_id", "999999")]),
    (
        "/api/record_dbs",
        Allowed::Only(&[Role::Staff]),
        &[("mentor_id", "999999"), ("certificate_number", ""), ("issue_date", ""), ("recheck_date", "")],
    ),
    (
        "/api/add_reference",
        Allowed::Only(&[Role::Staff]),
        &[("mentor_id", "999999"), ("referee", ""), ("relationship", "")],
    ),
    ("/api/decide_mentor", Allowed::Only(&[Role::Staff]), &[("mentor_id", "999999"), ("note", "")]),
    ("/api/my_certificate", Allowed::Only(&[Role::Mentor]), &[]),
    ("/api/verify_certificate", Allowed::Anyone, &[("code", "AAAA-BBBB-CCCC")]),
    ("/api/my_application", Allowed::Only(&[Role::YoungPerson]), &[]),
    ("/api/submit_application", Allowed::Only(&[Role::YoungPerson]), &[("accessibility", "")]),
    ("/api/my_pre_evaluation", Allowed::Only(&[Role::YoungPerson]), &[]),
    ("/api/save_evaluation_answer", Allowed::Only(&[Role::YoungPerson]), &[("item", "nope"), ("value", "3")]),
    ("/api/submit_pre_evaluation", Allowed::Only(&[Role::YoungPerson]), &[]),
    ("/api/my_end_evaluation", Allowed::Only(&[Role::YoungPerson]), &[]),
    ("/api/my_cohort", Allowed::Only(&[Role::Coordinator]), &[]),
    ("/api/confirm_young_person", Allowed::Only(&[Role::Coordinator]), &[("user_id", "999999")]),
    (
        "/api/set_safeguarding_contact",
        Allowed::Only(&[Role::SafeguardingLead, Role::Staff]),
        &[("partner_id", "999999"), ("contact_id", "")],
    ),
    ("/api/lift_join_code_limit", Allowed::Only(&[Role::Coordinator]), &[]),
    ("/api/matching_pool", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/young_candidates", Allowed::Only(&[Role::Staff]), &[("young_person_id", "999999")]),
    ("/api/confirm_match", Allowed::Only(&[Role::Staff]), &[("young_person_id", "999999"), ("mentor_id", "999999")]),
    ("/api/start_matching_run", Allowed::Only(&[Role::Staff]), &[("scope", "nobody")]),
    ("/api/matching_run", Allowed::Only(&[Role::Staff]), &[("run_id", "999999")]),
    ("/api/flag_run_pair", Allowed::Only(&[Role::Staff]), &[("run_id", "999999"), ("pair_id", "1"), ("action", "pin")]),
    ("/api/decide_run", Allowed::Only(&[Role::Staff]), &[("run_id", "999999"), ("decision", "publish")]),
    ("/api/matching_weights", Allowed::Only(&[Role::Staff]), &[]),
    (
        "/api/save_matching_weights",
        Allowed::Only(&[Role::Staff]),
        &[("goals", ""), ("sector", ""), ("availability", ""), ("format", ""), ("language", ""), ("waiting", "")],
    ),
    ("/api/my_match", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[]),
    (
        "/api/request_rematch",
        Allowed::Only(&[Role::Mentor, Role::YoungPerson, Role::Staff]),
        &[("match_id", "999999"), ("reason", "not_working"), ("note", "")],
    ),
    ("/api/load_match", Allowed::SignedIn, &[("match_id", "999999")]),
    (
        "/api/log_session",
        Allowed::Only(&[Role::Mentor, Role::YoungPerson]),
        &[("match_id", "999999"), ("held_on", ""), ("minutes", ""), ("place", ""), ("discussed", ""), ("progress", "")],
    ),
    ("/api/confirm_session", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("session_id", "999999")]),
    (
        "/api/plan_session",
        Allowed::Only(&[Role::Mentor, Role::YoungPerson]),
        &[("match_id", "999999"), ("plan_at", ""), ("plan_minutes", ""), ("plan_place", "")],
    ),
    ("/api/cancel_planned_session", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("planned_id", "999999")]),
    ("/api/send_message", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("match_id", "999999"), ("body", "")]),
    (
        "/api/share_contact",
        Allowed::Only(&[Role::Mentor, Role::YoungPerson]),
        &[("match_id", "999999"), ("share", "yes")],
    ),
    ("/api/load_settings", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/save_settings", Allowed::Only(&[Role::Staff]), &[("online_sessions_first", "")]),
    ("/api/send_checkin", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("match_id", "999999"), ("flag", "")]),
    (
        "/api/answer_how_going",
        Allowed::Only(&[Role::Mentor, Role::YoungPerson]),
        &[("match_id", "999999"), ("comment", "")],
    ),
    (
        "/api/ask_team_about_match",
        Allowed::Only(&[Role::Mentor, Role::YoungPerson]),
        &[("match_id", "999999"), ("message", "")],
    ),
    (
        "/api/close_match",
        Allowed::Only(&[Role::Mentor, Role::YoungPerson, Role::Staff]),
        &[("match_id", "999999"), ("note", "")],
    ),
    (
        "/api/send_exit_survey",
        Allowed::Only(&[Role::Mentor, Role::YoungPerson]),
        &[("match_id", "999999"), ("comment", "")],
    ),
    ("/api/answer_new_match", Allowed::Only(&[Role::Mentor]), &[("answer", "no")]),
    ("/api/held_messages", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/review_message", Allowed::Only(&[Role::Staff]), &[("message_id", "999999"), ("decision", "approve")]),
    ("/api/relay_queue", Allowed::Only(&[Role::Coordinator]), &[]),
    ("/api/relay_message", Allowed::Only(&[Role::Coordinator]), &[("message_id", "999999"), ("decision", "relay")]),
    ("/api/rate_goal", Allowed::Only(&[Role::Mentor, Role::YoungPerson]), &[("goal_id", "999999"), ("note", "")]),
    ("/api/declare_gift", Allowed::Only(&[Role::Mentor]), &[("what", ""), ("value", "not money"), ("given_on", "")]),
    ("/api/my_gifts", Allowed::Only(&[Role::Mentor]), &[]),
    ("/api/gift_register", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/relationships", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/load_impact", Allowed::Only(&[Role::Staff, Role::Coordinator]), &[]),
    ("/api/instruments", Allowed::Only(&[Role::Staff]), &[]),
    ("/api/bulletin", Allowed::SignedIn, &[]),
    ("/api/publish_bulletin", Allowed::Only(&[Role::Staff]), &[("title", ""), ("body", "")]),
    ("/api/resources", Allowed::SignedIn, &[]),
    (
        "/api/publish_resource",
        Allowed::Only(&[Role::Staff]),
        &[("title", ""), ("summary", ""), ("body", ""), ("link", ""), ("minutes", "")],
    ),
    (
        "/api/complete_resource",
        Allowed::Only(&[Role::Mentor, Role::YoungPerson]),
        &[("id", "999999"), ("done", "true")],
    ),
    // The table's mentor is not yet approved: they are told the network opens once they are.
    ("/api/network", Allowed::Only(&[Role::Mentor, Role::Staff]), &[]),
    ("/api/set_listing", Allowed::Only(&[Role::Mentor]), &[("listed", "on"), ("note", "")]),
    ("/api/programme_overview", Allowed::Only(&[Role::Staff]), &[]),
    (
        "/api/install_instrument",
        Allowed::Only(&[Role::Staff]),
        &[("version", ""), ("name", ""), ("licence", ""), ("attribution", ""), ("scale", ""), ("items", "")],
    ),
    ("/api/activate_instrument", Allowed::Only(&[Role::Staff]), &[("version", "not-installed")]),
    ("/api/report_concern", Allowed::SignedIn, &[("what", ""), ("happened_on", ""), ("match_id", "")]),
    ("/api/concern_matches", Allowed::SignedIn, &[]),
    ("/api/my_concerns", Allowed::SignedIn, &[]),
    ("/api/case_queue", Allowed::Only(&[Role::SafeguardingLead]), &[]),
    ("/api/load_case", Allowed::Only(&[Role::SafeguardingLead]), &[("case_id", "999999")]),
    ("/api/link_case", Allowed::Only(&[Role::SafeguardingLead]), &[("case_id", "999999"), ("email", "")]),
    (
        "/api/add_case_entry",
        Allowed::Only(&[Role::SafeguardingLead]),
        &[("case_id", "999999"), ("text", ""), ("reason", ""), ("status", "")],
    ),
    (
        "/api/suspend_from_case",
        Allowed::Only(&[Role::SafeguardingLead]),
        &[("case_id", "999999"), ("what", "match"), ("match_reason", "")],
    ),
    ("/api/audit_log", Allowed::Only(&[Role::Staff, Role::SafeguardingLead]), &[]),
    ("/api/privacy_settings", Allowed::SignedIn, &[]),
    (
        "/api/erase_my_account",
        Allowed::Only(&[Role::Mentor, Role::YoungPerson]),
        &[("password", "not-my-password"), ("confirm", "yes")],
    ),
];

fn may(allowed: Allowed, who: Option<Role>) -> bool {
    match (allowed, who) {
        (Allowed::Anyone, _) => true,
        (_, None) => false,
        (Allowed::SignedIn, Some(_)) => true,
        (Allowed::Only(roles), Some(r)) => roles.contains(&r),
    }
}

#[test]
fn every_registered_server_function_is_in_the_table() {
    let registered: BTreeSet<String> = server_fn::axum::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    let listed: BTreeSet<String> = TABLE.iter().map(|(p, _, _)| p.to_string()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    assert!(missing.is_empty(), "server functions without an access rule in the table: {missing:?}");
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(stale.is_empty(), "table rows for server functions that no longer exist: {stale:?}");
}

async fn every_role_gets_exactly_what_the_table_allows(t: TestDb) {
    let app = TestApp::demo_on(t).await;
    let mut who_list: Vec<Option<Role>> = vec![None];
    who_list.extend(Role::ALL.into_iter().map(Some));
    // One signed-in browser per role (staff-side logins take a two-step code, and a code
    // works once); signing out comes last so it cannot end the others' sessions early.
    let mut browsers = Vec::new();
    for who in &who_list {
        let browser = match who {
            Some(role) => app.as_role(*role).await,
            None => app.visitor(),
        };
        browsers.push((*who, browser));
    }
    let mut rows: Vec<_> = TABLE.iter().collect();
    rows.sort_by_key(|(path, _, _)| *path == "/api/logout");
    let (mut checked, mut unexpected) = (0, Vec::new());
    for (path, allowed, args) in rows {
        for (who, c) in &browsers {
            let (status, body) = c.call(path, args).await;
            let denied = body == serde_json::json!("Unauthenticated") || body == serde_json::json!("Forbidden");
            if denied {
                assert!(status == 401 || status == 403, "{path} as {who:?}: denial with status {status}");
            } else {
                assert!(status != 500, "{path} as {who:?}: server error {body}");
            }
            if denied == may(*allowed, *who) {
                unexpected.push(format!("{path} as {who:?}: {status} {body}"));
            }
            checked += 1;
        }
    }
    println!("authorisation table: {checked} checks, {} unexpected", unexpected.len());
    assert!(unexpected.is_empty(), "unexpected allow/deny:\n{}", unexpected.join("\n"));
}

async fn coordinators_see_only_their_own_organisation(t: TestDb) {
    let app = TestApp::demo_on(t).await;
    let c = app.signed_in("coordinator@northfield.example").await;
    let (_, body) = c.call("/api/dashboard", &[]).await;
    let coordinator = &body["Coordinator"];
    assert_eq!(coordinator["partner"], "Northfield Academy");
    let people = coordinator["people"].as_array().expect("people");
    assert!(people.len() >= 10, "{body}");
    let names: Vec<&str> = people.iter().filter_map(|p| p["name"].as_str()).collect();
    assert!(names.contains(&"Maya Patel"));
    assert!(!names.contains(&"Jordan Ellis"), "not at Northfield");
    assert!(!names.contains(&"Tom Reeve"), "the employer's lead belongs to another organisation");
}

async fn coordinators_confirm_only_their_own_young_people(t: TestDb) {
    let app = TestApp::demo_on(t).await;
    // Maya (Northfield) and Jordan (no institution) apply.
    for (email, code) in [("maya.patel@northfield.example", "NORTHFIELD-26"), ("jordan.ellis@example.org", "")] {
        let yp = app.signed_in(email).await;
        let (status, body) = yp
            .call(
                "/api/submit_application",
                &[
                    ("goals[0]", "Build confidence"),
                    ("region", "London"),
                    ("format", "online"),
                    ("availability[0]", "Saturdays"),
                    ("accessibility", ""),
                    ("join_code", code),
                ],
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert!(body.get("Done").is_some(), "{email}: {body}");
    }
    let ids: Vec<(String, i64)> = {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        services::entities::user::Entity::find()
            .filter(
                services::entities::user::Column::Email
                    .is_in(["maya.patel@northfield.example", "jordan.ellis@example.org"]),
            )
            .all(&app.t.db)
            .await
            .expect("users")
            .into_iter()
            .map(|u| (u.email, u.id))
            .collect()
    };
    let id_of = |e: &str| ids.iter().find(|(x, _)| x == e).map(|(_, id)| id.to_string()).expect("id");
    let c = app.signed_in("coordinator@northfield.example").await;
    let (_, cohort) = c.call("/api/my_cohort", &[]).await;
    let names: Vec<&str> = cohort.as_array().expect("rows").iter().filter_map(|r| r["name"].as_str()).collect();
    assert!(names.contains(&"Maya Patel") && !names.contains(&"Jordan Ellis"), "{names:?}");
    // Someone outside the institution looks the same as nobody at all.
    let jordan = id_of("jordan.ellis@example.org");
    let (status, body) = c.call("/api/confirm_young_person", &[("user_id", jordan.as_str())]).await;
    assert_eq!((status.as_u16(), body), (404, serde_json::json!("NotFound")));
    let maya = id_of("maya.patel@northfield.example");
    let (status, body) = c.call("/api/confirm_young_person", &[("user_id", maya.as_str())]).await;
    assert_eq!((status.as_u16(), body), (200, serde_json::json!({"Done": null})));
    // The employer's lead has no young people and cannot confirm anyone.
    let lead = app.signed_in("lead@brightwater.example").await;
    let (_, cohort) = lead.call("/api/my_cohort", &[]).await;
    assert_eq!(cohort, serde_json::json!([]));
    let (status, _) = lead.call("/api/confirm_young_person", &[("user_id", maya.as_str())]).await;
    assert_eq!(status, 404);
}

/// The id of the account with this email.
async fn user_id(db: &services::DatabaseConnection, email: &str) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use services::entities::user;
    user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await.expect("q").expect("user").id
}

/// The id of the young person's match.
async fn match_of_young(db: &services::DatabaseConnection, young: i64) -> i64 {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use services::entities::mentoring_match;
    let q = mentoring_match::Entity::find().filter(mentoring_match::Column::YoungPersonId.eq(young));
    q.one(db).await.expect("q").expect("match").id
}

/// Ownership variants over HTTP: one's own match, another person's, and another
/// institution's; one's own reports and someone else's.
async fn people_reach_only_their_own_records(t: TestDb) {
    let app = TestApp::demo_on(t).await;
    let id_of = |email: &'static str| user_id(&app.t.db, email);
    let match_of = |young: i64| {
        let db = app.t.db.clone();
        async move { match_of_young(&db, young).await.to_string() }
    };
    let leah_match = match_of(id_of("leah.carter@example.net").await).await;
    let kofi_match = match_of(id_of("kofi.asante@northfield.example").await).await;
    let browser = |email: &'static str| app.signed_in(email);
    let marcus = browser("marcus.lee@example.org").await;
    let northfield = browser("coordinator@northfield.example").await;
    let brightwater = browser("lead@brightwater.example").await;
    let ruth = browser("ruth.bennett@example.org").await;
    let status = |c: &Browser, path: &'static str, args: Vec<(&'static str, String)>| {
        let c = c.clone();
        async move {
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            c.call(path, &args).await
        }
    };
    // Own match: yes. Another person's: not found (its existence is not revealed).
    assert_eq!(status(&marcus, "/api/load_match", vec![("match_id", leah_match.clone())]).await.0, 200);
    let (code, body) = status(&marcus, "/api/load_match", vec![("match_id", kofi_match.clone())]).await;
    assert_eq!((code.as_u16(), body), (404, serde_json::json!("NotFound")));
    let (code, _) =
        status(&marcus, "/api/send_message", vec![("match_id", kofi_match.clone()), ("body", "hello".into())]).await;
    assert_eq!(code, 404);
    // A coordinator opens their own pupil's match, not an adult's, and another institution's
    // coordinator opens neither.
    assert_eq!(status(&northfield, "/api/load_match", vec![("match_id", kofi_match.clone())]).await.0, 200);
    assert_eq!(status(&northfield, "/api/load_match", vec![("match_id", leah_match.clone())]).await.0, 404);
    assert_eq!(status(&brightwater, "/api/load_match", vec![("match_id", kofi_match.clone())]).await.0, 404);
    // Ruth's message to Kofi waits for Northfield; Brightwater cannot pass it on.
    let (_, sent) =
        status(&ruth, "/api/send_message", vec![("match_id", kofi_match.clone()), ("body", "See you Thursday".into())])
            .await;
    assert!(sent.get("Done").is_some(), "{sent}");
    let queue = status(&northfield, "/api/relay_queue", vec![]).await.1;
    let message_id = queue[0]["id"].as_i64().expect("a queued message").to_string();
    assert_eq!(status(&brightwater, "/api/relay_queue", vec![]).await.1, serde_json::json!([]));
    let (code, _) = status(
        &brightwater,
        "/api/relay_message",
        vec![("message_id", message_id.clone()), ("decision", "relay".into())],
    )
    .await;
    assert_eq!(code, 404);
    // Reports: one can link only one's own match, and sees only one's own reports.
    let report = |m: String| {
        vec![
            ("category", "other".to_string()),
            ("urgency", "routine".to_string()),
            ("what", "Something about this match worries me.".to_string()),
            ("happened_on", "2026-11-20".to_string()),
            ("match_id", m),
        ]
    };
    let (_, body) = status(&marcus, "/api/report_concern", report(kofi_match.clone())).await;
    assert!(body["Invalid"]["Validation"]["match_id"].is_string() || body.to_string().contains("match_id"), "{body}");
    let (_, body) = status(&ruth, "/api/report_concern", report(kofi_match.clone())).await;
    assert!(body["Done"]["reference"].is_string(), "{body}");
    let mine = status(&ruth, "/api/my_concerns", vec![]).await.1;
    assert_eq!(mine.as_array().map(Vec::len), Some(1));
    assert_eq!(status(&marcus, "/api/my_concerns", vec![]).await.1, serde_json::json!([]));
}

/// What the match-scoped server functions could have written: every row count and every
/// match's state. An outsider's refused call must leave all of it as it was.
async fn footprint(db: &services::DatabaseConnection) -> String {
    use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};
    use services::entities::*;
    let counts = [
        mentoring_session::Entity::find().count(db).await.expect("sessions"),
        checkin::Entity::find().count(db).await.expect("checkins"),
        contact_consent::Entity::find().count(db).await.expect("consents"),
        exit_survey::Entity::find().count(db).await.expect("exit surveys"),
        rematch_request::Entity::find().count(db).await.expect("rematches"),
        message::Entity::find().count(db).await.expect("messages"),
        match_event::Entity::find().count(db).await.expect("events"),
        workshop_booking::Entity::find().count(db).await.expect("bookings"),
        workshop_feedback::Entity::find().count(db).await.expect("feedback"),
        planned_session::Entity::find().count(db).await.expect("planned sessions"),
        how_going_answer::Entity::find().count(db).await.expect("how-going answers"),
        enquiry::Entity::find().count(db).await.expect("enquiries"),
    ];
    let matches: Vec<_> = mentoring_match::Entity::find()
        .order_by_asc(mentoring_match::Column::Id)
        .all(db)
        .await
        .expect("matches")
        .into_iter()
        .map(|m| (m.id, m.status, m.closed_at.is_some()))
        .collect();
    let goals: Vec<_> = match_goal::Entity::find()
        .order_by_asc(match_goal::Column::Id)
        .all(db)
        .await
        .expect("goals")
        .into_iter()
        .map(|g| (g.id, g.progress, g.note))
        .collect();
    let bookings: Vec<_> = workshop_booking::Entity::find()
        .order_by_asc(workshop_booking::Column::Id)
        .all(db)
        .await
        .expect("bookings")
        .into_iter()
        .map(|b| (b.id, b.status))
        .collect();
    format!("{counts:?} {matches:?} {goals:?} {bookings:?}")
}

/// Ownership variants for every server function that names a match, a session, a goal or
/// a workshop: the pair themselves may act; another pair's mentor and young person, a
/// mentor and a young person with no match, and both institutions' coordinators are
/// refused, and nothing they sent is written. Every outsider call carries valid input, so
/// only the ownership check stands between it and a write.
async fn match_functions_act_only_for_their_own_pair(t: TestDb) {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    use services::entities::{match_goal, mentoring_session, workshop, workshop_booking};
    let app = TestApp::demo_on(t).await;
    let db = app.t.db.clone();
    let id_of = |email: &'static str| user_id(&app.t.db, email);
    let match_of = |young: i64| match_of_young(&app.t.db, young);
    let goal_of = |m: i64| {
        let db = db.clone();
        async move {
            match_goal::Entity::find()
                .filter(match_goal::Column::MatchId.eq(m))
                .order_by_asc(match_goal::Column::Id)
                .one(&db)
                .await
                .expect("q")
                .expect("the match has goals")
                .id
        }
    };
    let leah_match = match_of(id_of("leah.carter@example.net").await).await;
    let kofi_match = match_of(id_of("kofi.asante@northfield.example").await).await;
    let browser = |email: &'static str| {
        let app = &app;
        async move { (email, app.signed_in(email).await) }
    };
    let marcus = browser("marcus.lee@example.org").await;
    let leah = browser("leah.carter@example.net").await;
    let ruth = browser("ruth.bennett@example.org").await;
    let kofi = browser("kofi.asante@northfield.example").await;
    let amara = browser("amara.okafor@example.org").await;
    let jordan = browser("jordan.ellis@example.org").await;
    let northfield = browser("coordinator@northfield.example").await;
    let brightwater = browser("lead@brightwater.example").await;
    let staff = browser("staff@tandem.example").await;
    type Named = (&'static str, Browser);
    let call_as = |b: &Named, path: &'static str, args: Vec<(&'static str, String)>| {
        let c = b.1.clone();
        async move {
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            c.call(path, &args).await
        }
    };
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).date_naive().to_string();
    let session_args = |m: i64| {
        vec![
            ("match_id", m.to_string()),
            ("held_on", yesterday.clone()),
            ("minutes", "60".into()),
            ("mode", "online".into()),
            ("place", "https://meet.example.org/tandem".into()),
            ("discussed", "CV and next steps".into()),
            ("progress", "Good start".into()),
        ]
    };
    let next_week = (chrono::Utc::now() + chrono::Duration::days(7)).format("%Y-%m-%dT17:30").to_string();
    let plan_args = |m: i64| {
        vec![
            ("match_id", m.to_string()),
            ("plan_at", next_week.clone()),
            ("plan_minutes", "60".into()),
            ("plan_mode", "online".into()),
            ("plan_place", "https://meet.example.org/tandem".into()),
        ]
    };
    let by_match = |path: &'static str, m: i64| -> (&'static str, Vec<(&'static str, String)>) {
        let id = ("match_id", m.to_string());
        let args = match path {
            "/api/log_session" => session_args(m),
            "/api/plan_session" => plan_args(m),
            "/api/send_message" => vec![id, ("body", "Shall we meet on Thursday?".into())],
            "/api/share_contact" => vec![id, ("share", "yes".into())],
            "/api/send_checkin" => vec![id, ("pulse", "4".into()), ("flag", "".into())],
            "/api/close_match" => vec![id, ("reason", "mentor_withdrew".into()), ("note", "Moving abroad".into())],
            "/api/send_exit_survey" => vec![id, ("rating", "4".into()), ("nps", "9".into()), ("comment", "".into())],
            "/api/request_rematch" => {
                vec![id, ("reason", "not_working".into()), ("note", "We have not found a rhythm".into())]
            }
            "/api/load_match" => vec![id],
            "/api/answer_how_going" => vec![id, ("answer", "not_working".into()), ("comment", "".into())],
            "/api/ask_team_about_match" => vec![id, ("message", "We do not get on at all, what can we do?".into())],
            other => panic!("no arguments for {other}"),
        };
        (path, args)
    };
    const MATCH_FUNCTIONS: [&str; 11] = [
        "/api/load_match",
        "/api/log_session",
        "/api/plan_session",
        "/api/send_message",
        "/api/share_contact",
        "/api/send_checkin",
        "/api/close_match",
        "/api/send_exit_survey",
        "/api/request_rematch",
        "/api/answer_how_going",
        "/api/ask_team_about_match",
    ];
    // A pair member's call that must succeed.
    let done = |who: &Named, path: &'static str, m: i64| {
        let (p, args) = by_match(path, m);
        let (call, name) = (call_as(who, p, args), who.0);
        async move {
            let (code, body) = call.await;
            assert!(code == 200 && body.get("Done").is_some(), "{path} on {m} as {name}: {code} {body}");
        }
    };
    let refused = |code: reqwest::StatusCode, body: &serde_json::Value| {
        let refusal = ["NotFound", "Forbidden", "Unauthenticated"].iter().any(|r| body == &serde_json::json!(r));
        refusal && matches!(code.as_u16(), 401 | 403 | 404)
    };
    // Who is an outsider to each match.
    let outsiders_of = |m: i64| -> Vec<&Named> {
        // Northfield's coordinator is an outsider to Leah (an adult outside the school) and,
        // but for reading the match page, to their own pupil Kofi's match too.
        let mut o = vec![&amara, &jordan, &brightwater, &northfield];
        if m == leah_match {
            o.extend([&ruth, &kofi]);
        } else {
            o.extend([&marcus, &leah]);
        }
        o
    };
    let mut checked = 0;
    let mut unexpected = Vec::new();
    let before = footprint(&app.t.db).await;
    for m in [leah_match, kofi_match] {
        let goal = goal_of(m).await.to_string();
        for who in outsiders_of(m) {
            let mut calls: Vec<_> = MATCH_FUNCTIONS.iter().map(|p| by_match(p, m)).collect();
            calls.push((
                "/api/rate_goal",
                vec![("goal_id", goal.clone()), ("progress", "4".into()), ("note", "".into())],
            ));
            for (path, args) in calls {
                let (code, body) = call_as(who, path, args).await;
                // A coordinator opens their own under-18's match page: that is their right,
                // and load_match is the only match function open to them.
                let allowed = who.0 == northfield.0 && m == kofi_match && path == "/api/load_match";
                if refused(code, &body) == allowed {
                    unexpected.push(format!("{path} on match {m} as {}: {code} {body}", who.0));
                }
                checked += 1;
            }
        }
    }
    assert_eq!(footprint(&app.t.db).await, before, "an outsider's call changed something");
    // The pair themselves: a session logged by one side, confirmed by the other (and by
    // no outsider), a message, a check-in, a goal rating.
    for (m, one, other) in [(leah_match, &marcus, &leah), (kofi_match, &ruth, &kofi)] {
        let (code, body) = call_as(one, "/api/log_session", session_args(m)).await;
        assert!(code == 200 && body["Done"].is_i64(), "{} logs a session: {code} {body}", one.0);
        let session = body["Done"].as_i64().expect("session id").to_string();
        for who in outsiders_of(m) {
            let (code, body) = call_as(who, "/api/confirm_session", vec![("session_id", session.clone())]).await;
            if !refused(code, &body) {
                unexpected.push(format!("confirm_session {session} as {}: {code} {body}", who.0));
            }
            checked += 1;
        }
        let (code, body) = call_as(one, "/api/confirm_session", vec![("session_id", session.clone())]).await;
        assert!(body.get("Done").is_none(), "{} confirmed their own session: {code} {body}", one.0);
        let (code, body) = call_as(other, "/api/confirm_session", vec![("session_id", session.clone())]).await;
        assert!(code == 200 && body.get("Done").is_some(), "{} confirms: {code} {body}", other.0);
        let confirmed = mentoring_session::Entity::find_by_id(session.parse::<i64>().expect("id"))
            .one(&app.t.db)
            .await
            .expect("q")
            .expect("session");
        assert!(confirmed.confirmed_at.is_some(), "the session is confirmed");
        for (who, path) in [(one, "/api/send_message"), (other, "/api/send_checkin"), (one, "/api/load_match")] {
            let (p, args) = by_match(path, m);
            let (code, body) = call_as(who, p, args).await;
            assert!(code == 200 && !refused(code, &body), "{path} as {}: {code} {body}", who.0);
        }
        // One side plans the next session; no outsider can call it off, the other side can.
        let (code, body) = call_as(one, "/api/plan_session", plan_args(m)).await;
        assert!(code == 200 && body["Done"].is_i64(), "{} plans a session: {code} {body}", one.0);
        let planned = body["Done"].as_i64().expect("planned id").to_string();
        for who in outsiders_of(m) {
            let (code, body) = call_as(who, "/api/cancel_planned_session", vec![("planned_id", planned.clone())]).await;
            if !refused(code, &body) {
                unexpected.push(format!("cancel_planned_session {planned} as {}: {code} {body}", who.0));
            }
            checked += 1;
        }
        let (code, body) = call_as(other, "/api/cancel_planned_session", vec![("planned_id", planned.clone())]).await;
        assert!(code == 200 && body.get("Done").is_some(), "{} calls it off: {code} {body}", other.0);
        let goal = goal_of(m).await.to_string();
        let (code, body) =
            call_as(other, "/api/rate_goal", vec![("goal_id", goal), ("progress", "4".into()), ("note", "".into())])
                .await;
        assert!(code == 200 && body.get("Done").is_some(), "rate_goal as {}: {code} {body}", other.0);
    }
    // Contact sharing: an adult pair may agree; an under-18's pair is refused, though it
    // is their own match (the reason is given, not hidden).
    done(&leah, "/api/share_contact", leah_match).await;
    let (p, args) = by_match("/api/share_contact", kofi_match);
    let (code, body) = call_as(&kofi, p, args).await;
    assert!(code == 200 && body.get("Invalid").is_some(), "an under-18 cannot share contact details: {code} {body}");
    // Marcus ends his match; then an outsider's exit survey on it is refused and Leah's is
    // kept. Ruth asks for a rematch for Kofi; staff may end or rematch any match.
    done(&marcus, "/api/close_match", leah_match).await;
    let before = footprint(&app.t.db).await;
    for who in outsiders_of(leah_match) {
        let (p, args) = by_match("/api/send_exit_survey", leah_match);
        let (code, body) = call_as(who, p, args).await;
        if !refused(code, &body) {
            unexpected.push(format!("exit survey on {leah_match} as {}: {code} {body}", who.0));
        }
        checked += 1;
    }
    assert_eq!(footprint(&app.t.db).await, before, "an outsider's exit survey was written");
    done(&leah, "/api/send_exit_survey", leah_match).await;
    done(&ruth, "/api/request_rematch", kofi_match).await;
    let (p, args) = by_match("/api/load_match", kofi_match);
    assert_eq!(call_as(&staff, p, args).await.0, 200, "staff open any match");

    // Workshops: a booking is always the caller's own. A young person cannot take a mentor
    // workshop seat; nobody cancels another person's booking or gives feedback on a
    // workshop they did not attend.
    let mentor_workshop = workshop::Entity::find()
        .filter(workshop::Column::Kind.eq(domain::workshops::WorkshopKind::MentorWorkshop.as_str()))
        .filter(workshop::Column::StartsAt.gt(chrono::Utc::now().naive_utc() + chrono::Duration::days(1)))
        .one(&app.t.db)
        .await
        .expect("q")
        .expect("an upcoming mentor workshop")
        .id
        .to_string();
    let (code, body) = call_as(&amara, "/api/book_workshop", vec![("workshop_id", mentor_workshop.clone())]).await;
    assert!(code == 200 && body.get("Done").is_some(), "Amara books: {code} {body}");
    let before = footprint(&app.t.db).await;
    let (code, body) = call_as(&jordan, "/api/book_workshop", vec![("workshop_id", mentor_workshop.clone())]).await;
    assert!(refused(code, &body), "a young person books a mentor workshop: {code} {body}");
    for who in [&ruth, &marcus] {
        let (code, body) = call_as(who, "/api/cancel_booking", vec![("workshop_id", mentor_workshop.clone())]).await;
        assert!(body.get("Done").is_none(), "{} cancelled Amara's booking: {code} {body}", who.0);
    }
    let attended = workshop_booking::Entity::find()
        .filter(workshop_booking::Column::Status.eq("attended"))
        .filter(workshop_booking::Column::UserId.eq(id_of("marcus.lee@example.org").await))
        .one(&app.t.db)
        .await
        .expect("q")
        .expect("Marcus attended a workshop")
        .workshop_id
        .to_string();
    let feedback = |w: String| {
        vec![
            ("workshop_id", w),
            ("rating", "5".to_string()),
            ("would_recommend", "yes".to_string()),
            ("nps", "9".to_string()),
            ("comment", "".to_string()),
        ]
    };
    for who in [&amara, &jordan] {
        let (code, body) = call_as(who, "/api/workshop_feedback", feedback(attended.clone())).await;
        assert!(body.get("Done").is_none(), "{} gave feedback without attending: {code} {body}", who.0);
    }
    assert_eq!(footprint(&app.t.db).await, before, "someone else's booking or feedback was written");
    let (code, body) = call_as(&amara, "/api/cancel_booking", vec![("workshop_id", mentor_workshop)]).await;
    assert!(code == 200 && body.get("Done").is_some(), "Amara cancels her own: {code} {body}");

    println!("ownership variants: {checked} refusals checked, {} unexpected", unexpected.len());
    assert!(unexpected.is_empty(), "unexpected allow/deny:\n{}", unexpected.join("\n"));
}

async fn the_mentor_network_is_for_approved_mentors_and_staff(t: TestDb) {
    let app = TestApp::demo_on(t).await;
    let names = |body: &serde_json::Value| -> Vec<String> {
        body["entries"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["name"].as_str().map(String::from)).collect())
            .unwrap_or_default()
    };
    // An approved mentor reads the directory and leaves it; others then no longer see them.
    let marcus = app.signed_in("marcus.lee@example.org").await;
    let (status, body) = marcus.call("/api/network", &[]).await;
    assert_eq!(status, 200, "{body}");
    assert!(names(&body).contains(&"Ruth B.".to_string()), "{body}");
    let ruth = app.signed_in("ruth.bennett@example.org").await;
    let (status, body) = ruth.call("/api/set_listing", &[("note", "")]).await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = marcus.call("/api/network", &[]).await;
    assert!(!names(&body).contains(&"Ruth B.".to_string()), "{body}");
    // A mentor not yet approved sees nobody and cannot list themselves.
    let amara = app.signed_in("amara.okafor@example.org").await;
    let (status, body) = amara.call("/api/network", &[]).await;
    assert_eq!(status, 200);
    assert!(names(&body).is_empty() && body["closed"].is_string(), "{body}");
    let (status, _) = amara.call("/api/set_listing", &[("listed", "on"), ("note", "Hello")]).await;
    assert_eq!(status, 403);
    // Young people never reach it.
    let young = app.signed_in("jordan.ellis@example.org").await;
    let (status, _) = young.call("/api/network", &[]).await;
    assert_eq!(status, 403);
}

/// The authorisation table and the ownership checks run on SQLite and on PostgreSQL: the
/// same server functions over either database must deny the same calls.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            use services::testing::{Backend, TestDb};

            #[tokio::test]
            async fn sqlite() {
                super::$name(TestDb::new(Backend::Sqlite).await.expect("sqlite")).await;
            }

            #[tokio::test]
            async fn postgres() {
                super::$name(TestDb::new(Backend::Postgres).await.expect("PostgreSQL must be running")).await;
            }
        }
    )*};
}

on_both!(
    every_role_gets_exactly_what_the_table_allows,
    coordinators_see_only_their_own_organisation,
    coordinators_confirm_only_their_own_young_people,
    people_reach_only_their_own_records,
    match_functions_act_only_for_their_own_pair,
    the_mentor_network_is_for_approved_mentors_and_staff
);
