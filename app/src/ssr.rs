//! Server-only glue for server functions: the shared state, the signed-in person, the
//! authorisation checks every server function starts with, cookies and error mapping.

use crate::error::{AppError, Form};
use domain::Role;
use http::{HeaderValue, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use services::accounts::SignInPolicy;
use services::people::Account;
use services::{DatabaseConnection, ServiceError, sessions};
use std::sync::Arc;

/// Settings the server reads from its environment at start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Public origin, used in emailed links (e.g. https://tandem.example.org).
    pub base_url: String,
    pub sign_in: SignInPolicy,
    /// Set the cookie's Secure flag (and the `__Host-` prefix): on whenever served over https.
    pub secure_cookies: bool,
    pub dev_mode: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`TANDEM_TRUSTED_PROXIES`).
    pub trusted_proxies: crate::client_addr::TrustedProxies,
    /// The bearer token that opens `/metrics` (`TANDEM_METRICS_TOKEN`); no endpoint without.
    pub metrics_token: Option<String>,
    /// The video service each match gets a room on (`TANDEM_VIDEO_BASE_URL`, e.g. a
    /// self-hosted Jitsi); without one, pairs paste their own meeting link.
    pub video_base_url: Option<String>,
    /// The programme's donation page (`TANDEM_DONATE_URL`), linked from `/get-involved`.
    pub donate_url: Option<String>,
}

impl Settings {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies { "__Host-tandem_session" } else { "tandem_session" }
    }
}

/// Shared by every request: provided as context to pages and server functions.
#[derive(Clone)]
pub struct ServerState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
}

fn state() -> Result<ServerState, AppError> {
    use_context::<ServerState>().ok_or_else(|| {
        tracing::error!("ServerState missing from context");
        AppError::Internal
    })
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

fn parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// The session token from the request's cookie, if any.
pub fn session_token(settings: &Settings) -> Option<String> {
    token_from_headers(&parts()?.headers, settings)
}

/// The session token from a request's headers (also used by routes outside Leptos).
pub fn token_from_headers(headers: &http::HeaderMap, settings: &Settings) -> Option<String> {
    cookie_from_headers(headers, settings.cookie_name()).filter(|t| t.len() <= 128)
}

/// A cookie's value from the request's headers; `None` when absent or empty.
pub fn cookie_from_headers(headers: &http::HeaderMap, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .find_map(|c| c.strip_prefix(prefix.as_str()).map(str::to_owned))
        .filter(|t| !t.is_empty())
}

/// The client's address (for throttling and the audit log): as the server resolved it
/// behind trusted proxies ([`crate::client_addr`]), else the connection's peer.
pub fn client_ip() -> Option<String> {
    client_ip_of(&parts()?.extensions)
}

/// [`client_ip`] from a request's extensions, for routes outside Leptos.
pub fn client_ip_of(extensions: &http::Extensions) -> Option<String> {
    if let Some(addr) = extensions.get::<crate::client_addr::ClientAddr>() {
        return Some(addr.0.to_string());
    }
    extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|ci| ci.0.ip().to_string())
}

/// The signed-in person, or None. Never fails on a bad cookie: that is just "signed out".
async fn current_account(st: &ServerState) -> Result<Option<Account>, AppError> {
    let Some(token) = session_token(&st.settings) else { return Ok(None) };
    Ok(sessions::resolve(&st.db, &token, st.settings.sign_in.session, now()).await?)
}

/// A server function's call once [`authorize`] has let it through: whoever is signed in
/// (if anyone), the database and the settings. Server functions reach the database only
/// through one of these, so none can touch data before deciding who may.
pub struct Visit {
    pub account: Option<Account>,
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
}

/// A call [`require`] let through: the signed-in account (its fields read as the caller's,
/// `me.id`, `me.role`), the database and the settings.
pub struct Caller {
    pub account: Account,
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
}

impl std::ops::Deref for Caller {
    type Target = Account;
    fn deref(&self) -> &Account {
        &self.account
    }
}

/// Who may call a server function. Every server function starts by calling [`authorize`]
/// with one of these: anything not allowed is denied.
#[derive(Debug, Clone, Copy)]
pub enum Access {
    /// Anyone, signed in or not (sign-in, registration, password reset).
    Public,
    /// Any signed-in person, for their own data.
    SignedIn,
    /// Only these roles.
    Roles(&'static [Role]),
}

/// The roles that take the mentor training course.
pub const MENTORS: &[Role] = &[Role::Mentor];
/// Programme staff only.
pub const STAFF: &[Role] = &[Role::Staff];
/// Young people (applications, evaluations, inductions).
pub const YOUNG_PEOPLE: &[Role] = &[Role::YoungPerson];
/// Mentoring Coordinators at partner institutions.
pub const COORDINATORS: &[Role] = &[Role::Coordinator];
/// People who book workshops: mentors (workshops) and young people (inductions).
pub const PARTICIPANTS: &[Role] = &[Role::Mentor, Role::YoungPerson];
/// The mentor network directory: mentors (approved ones, checked by the service) and staff.
pub const MENTORS_AND_STAFF: &[Role] = &[Role::Mentor, Role::Staff];

/// A mentor whose role has not been declined or ended: only they keep mentoring features.
pub async fn require_active_mentor() -> Result<Caller, AppError> {
    let me = require(Access::Roles(MENTORS)).await?;
    services::approvals::ensure_open(&me.db, me.id).await?;
    Ok(me)
}

/// Someone who takes a training course: a mentor whose account is open, or a young person
/// (who has a short course of their own).
pub async fn require_learner() -> Result<Caller, AppError> {
    let me = require(Access::Roles(&[Role::Mentor, Role::YoungPerson])).await?;
    if me.role == Role::Mentor {
        services::approvals::ensure_open(&me.db, me.id).await?;
    }
    Ok(me)
}

/// Checks the caller against `access`; the call goes on with the signed-in account when
/// there is one, the database and the settings.
pub async fn authorize(access: Access) -> Result<Visit, AppError> {
    let st = state()?;
    let who = current_account(&st).await?;
    match (access, &who) {
        (Access::Public, _) | (Access::SignedIn, Some(_)) => {}
        (_, None) => return Err(deny(AppError::Unauthenticated)),
        (Access::Roles(roles), Some(a)) if roles.contains(&a.role) => {}
        (Access::Roles(_), Some(a)) => {
            tracing::info!(user_id = a.id, role = a.role.as_str(), "access denied");
            return Err(deny(AppError::Forbidden));
        }
    }
    Ok(Visit { account: who, db: st.db, settings: st.settings })
}

/// Like [`authorize`] for access levels that require a signed-in person.
pub async fn require(access: Access) -> Result<Caller, AppError> {
    let Visit { account, db, settings } = authorize(access).await?;
    let account = account.ok_or_else(|| deny(AppError::Unauthenticated))?;
    Ok(Caller { account, db, settings })
}

/// Sets the response status, except for a plain HTML form post: the server-function layer
/// answers that with a redirect back to the form (carrying any error), which must stand.
fn set_status(status: u16) {
    if from_html_form() {
        return;
    }
    if let (Some(res), Ok(code)) = (use_context::<ResponseOptions>(), http::StatusCode::from_u16(status)) {
        res.set_status(code);
    }
}

fn deny(e: AppError) -> AppError {
    // A signed-out visit to a page (not a server-function call) goes to the sign-in page.
    let page_visit = parts().is_some_and(|p| p.method == http::Method::GET && !p.uri.path().starts_with("/api/"));
    if e == AppError::Unauthenticated && page_visit {
        leptos_axum::redirect("/login");
    } else {
        set_status(e.status());
    }
    e
}

/// A service's error as the person sees it ([`fail`]), so `?` converts it in server functions.
impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> AppError {
        fail(e)
    }
}

/// Maps a service error to what the person sees; internal causes go to the log only.
fn fail(e: ServiceError) -> AppError {
    let app = match e {
        ServiceError::NotFound => AppError::NotFound,
        ServiceError::Forbidden => AppError::Forbidden,
        ServiceError::InvalidCredentials => AppError::InvalidCredentials,
        ServiceError::Throttled { minutes, what } => AppError::Throttled { minutes, what },
        ServiceError::Validation(f) => AppError::Validation(f),
        ServiceError::Db(err) => {
            tracing::error!(error = %err, "database error");
            AppError::Internal
        }
        ServiceError::Internal(err) => {
            tracing::error!(error = %err, "internal error");
            AppError::Internal
        }
    };
    deny(app)
}

/// Wraps a form server function's result. From the app (a fetch), correctable problems become
/// `Form::Invalid` with status 200. From a plain HTML form post (no JavaScript) they stay
/// errors, so the server-function layer carries them back to the form in the URL.
pub fn form<T, E: Into<AppError>>(r: Result<T, E>) -> Result<Form<T>, AppError> {
    match r.map_err(Into::into) {
        Ok(t) => Ok(Form::Done(t)),
        Err(e) if e.correctable() && !from_html_form() => {
            set_status(200);
            Ok(Form::Invalid(e))
        }
        Err(e) => Err(e),
    }
}

/// For a plain HTML form post that succeeded: sends the browser back to the page the form
/// was on (its path only, from `Referer`), with `query` added so the page can say it worked.
/// Does nothing for the app's own calls, which show the answer beside the form.
pub fn back_saying(query: &str, fragment: &str) {
    if !from_html_form() {
        return;
    }
    let path = parts()
        .and_then(|p| p.headers.get(header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_owned))
        .and_then(|r| r.parse::<http::Uri>().ok())
        .map(|u| u.path().to_string())
        .filter(|p| p.starts_with('/') && !p.starts_with("//"));
    if let Some(path) = path {
        leptos_axum::redirect(&format!("{path}?{query}#{fragment}"));
    }
}

/// Whether this request is a plain HTML form post (no JavaScript, or before hydration).
fn from_html_form() -> bool {
    parts().is_some_and(|p| {
        p.method == http::Method::POST
            && p.headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
    })
}

fn cookie(settings: &Settings, value: &str, max_age: i64) -> String {
    let secure = if settings.secure_cookies { "; Secure" } else { "" };
    format!("{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}", settings.cookie_name())
}

pub fn set_session_cookie(settings: &Settings, token: &str) {
    let max_age = settings.sign_in.session.absolute.num_seconds();
    if let (Some(res), Ok(v)) =
        (use_context::<ResponseOptions>(), HeaderValue::from_str(&cookie(settings, token, max_age)))
    {
        res.append_header(header::SET_COOKIE, v);
    }
}

pub fn clear_session_cookie(settings: &Settings) {
    if let (Some(res), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(&cookie(settings, "", 0))) {
        res.append_header(header::SET_COOKIE, v);
    }
}
