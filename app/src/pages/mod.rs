pub mod account;
pub mod admin;
pub mod applications;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod certificates;
pub mod community;
pub mod dashboard;
pub mod destinations;
pub mod documents;
pub mod enquiries;
pub mod equality;
pub mod evaluations;
pub mod get_involved;
pub mod home;
pub mod how_going;
pub mod impact;
pub mod instruments;
pub mod library;
pub mod mail;
pub mod matching;
pub mod mentoring;
pub mod opportunities;
pub mod policies;
pub mod privacy;
pub mod profiles;
pub mod programme;
pub mod public_impact;
pub mod safeguarding;
pub mod settings;
pub mod status;
pub mod training;
pub mod workshops;

/// A numeric route parameter (such as `:id`), 0 when missing or not a number, which the
/// server answers with "not found".
pub fn id_param(name: &'static str) -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        use leptos::prelude::With;
        params.with(|p| p.get(name).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
    }
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
