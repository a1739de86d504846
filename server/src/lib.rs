//! The Tandem web server: routes, state and layers. `main.rs` only reads the
//! configuration and starts it; tests build the same router.

pub mod assets;
pub mod config;
pub mod forms;
pub mod metrics;
pub mod security;

use app::ssr::ServerState;
use app::{App, shell};
use axum::{
    Router,
    body::Body,
    extract::{Request, State},
    http::StatusCode,
    middleware,
    response::IntoResponse,
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use sea_orm::ConnectionTrait;

/// Largest request body accepted (forms are small; this stops memory exhaustion).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone)]
struct AppState {
    leptos_options: LeptosOptions,
    server: ServerState,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos_options.clone()
    }
}

/// Everything a page render or server function needs, provided as Leptos context.
fn provide(server: ServerState) -> impl Fn() + Clone + Send + 'static {
    move || {
        provide_context(server.clone());
        // Use the nonce the security layer put in the CSP header for this response.
        if let Some(n) =
            use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<security::CspNonce>().cloned())
        {
            provide_context(leptos::nonce::Nonce::from_value(n.0));
        }
    }
}

async fn server_fns(State(state): State<AppState>, req: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(provide(state.server.clone()), req).await
}

/// Puts the client's address (behind trusted proxies, [`app::client_addr`]) on the request.
async fn client_addr(
    State(server): State<ServerState>,
    mut req: Request<Body>,
    next: middleware::Next,
) -> axum::response::Response {
    if let Some(peer) = req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip()) {
        let ip = app::client_addr::client_address(peer, req.headers(), &server.settings.trusted_proxies);
        req.extensions_mut().insert(app::client_addr::ClientAddr(ip));
    }
    next.run(req).await
}

/// Liveness: the process answers.
async fn healthz() -> impl IntoResponse {
    "ok"
}

/// Readiness: this server can reach its database (a load balancer sends it traffic only then).
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.server.db.execute_unprepared("SELECT 1").await {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Prometheus metrics ([`metrics`]), for whoever holds `TANDEM_METRICS_TOKEN`.
async fn metrics_endpoint(State(state): State<AppState>, headers: http::HeaderMap) -> axum::response::Response {
    let Some(token) = state.server.settings.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !metrics::authorised(&headers, token) {
        return (StatusCode::UNAUTHORIZED, [(http::header::WWW_AUTHENTICATE, "Bearer")], "a metrics token is needed")
            .into_response();
    }
    let outbox = match services::outbox::overview(&state.server.db, 0, chrono_now()).await {
        Ok(o) => Some(o),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: could not read the outbox");
            None
        }
    };
    (
        [
            (http::header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"),
            (http::header::CACHE_CONTROL, "no-store"),
        ],
        metrics::render(outbox.as_ref()),
    )
        .into_response()
}

/// The account behind a request's session cookie, for routes outside Leptos (files).
async fn signed_in(
    st: &ServerState,
    headers: &http::HeaderMap,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<services::people::Account> {
    let token = app::ssr::token_from_headers(headers, &st.settings)?;
    services::sessions::resolve(&st.db, &token, st.settings.sign_in.session, now).await.ok().flatten()
}

/// The signed-in mentor's certificate as a PDF download (outside Leptos: the body is binary).
async fn certificate_pdf(State(state): State<AppState>, headers: http::HeaderMap) -> axum::response::Response {
    let st = &state.server;
    let now = chrono_now();
    let Some(me) = signed_in(st, &headers, now).await else {
        return axum::response::Redirect::to("/login").into_response();
    };
    if me.role != domain::Role::Mentor || services::approvals::ensure_open(&st.db, me.id).await.is_err() {
        return axum::response::Redirect::to("/certificate").into_response();
    }
    match services::certificates::issue_if_eligible(&st.db, me.id, now).await {
        Ok(Some(c)) => {
            let url = format!("{}/verify/{}", st.settings.base_url.trim_end_matches('/'), c.code);
            let pdf = services::certificates::to_pdf(&c, &url);
            (
                [
                    (http::header::CONTENT_TYPE, "application/pdf".to_string()),
                    (
                        http::header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"tandem-certificate-{}.pdf\"", c.code),
                    ),
                    (http::header::CACHE_CONTROL, "private, no-store".to_string()),
                ],
                pdf,
            )
                .into_response()
        }
        // The certificate page says what is still to do (a page, not a bare "not found").
        Ok(None) => axum::response::Redirect::to("/certificate").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "certificate pdf failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong").into_response()
        }
    }
}

/// `/messages`: where each person's messages are. A mentor or young person goes to their
/// match's messages (or their dashboard before they are matched), staff to the messages held
/// for review, a coordinator to the messages to pass on.
async fn messages(State(state): State<AppState>, headers: http::HeaderMap) -> axum::response::Response {
    use domain::Role;
    let st = &state.server;
    let Some(me) = signed_in(st, &headers, chrono_now()).await else {
        return axum::response::Redirect::to("/login").into_response();
    };
    let to = match me.role {
        Role::Mentor | Role::YoungPerson => match services::relationships::match_of(&st.db, me.id).await {
            Ok(Some(id)) => format!("/match/{id}#messages"),
            Ok(None) => "/dashboard".to_string(),
            Err(e) => {
                tracing::error!(error = %e, "messages redirect failed");
                "/dashboard".to_string()
            }
        },
        Role::Staff => "/admin/messages".to_string(),
        Role::Coordinator => "/coordinator/messages".to_string(),
        Role::SafeguardingLead => "/safeguarding".to_string(),
    };
    axum::response::Redirect::to(&to).into_response()
}

/// The impact report as CSV (staff: everyone; a coordinator: their own organisation), with
/// the same filters as the report page.
async fn impact_csv(
    State(state): State<AppState>,
    headers: http::HeaderMap,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    let st = &state.server;
    let now = chrono_now();
    let Some(me) = signed_in(st, &headers, now).await else {
        return axum::response::Redirect::to("/login").into_response();
    };
    let filter = domain::impact::ImpactFilter {
        instrument: q.get("instrument").cloned(),
        year: q.get("year").cloned(),
        cohort: q.get("cohort").cloned(),
        region: q.get("region").cloned(),
        partner: q.get("partner").cloned(),
        age_group: q.get("age_group").cloned(),
    };
    let Ok(valid) = filter.validate() else {
        return (StatusCode::BAD_REQUEST, "Check the report filters").into_response();
    };
    match services::impact::scoped_report(&st.db, me.role, me.partner_id, &valid, chrono_now()).await {
        Ok(r) => (
            [
                (http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (http::header::CONTENT_DISPOSITION, "attachment; filename=\"tandem-impact.csv\"".to_string()),
                (http::header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            domain::impact::to_csv(&r),
        )
            .into_response(),
        Err(services::ServiceError::Forbidden) => {
            (StatusCode::FORBIDDEN, "You do not have permission to see this report").into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "impact csv failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong").into_response()
        }
    }
}

/// The signed-in person's own data as a JSON download (subject access).
async fn privacy_export(
    State(state): State<AppState>,
    headers: http::HeaderMap,
    extensions: http::Extensions,
) -> axum::response::Response {
    let st = &state.server;
    let now = chrono_now();
    let Some(me) = signed_in(st, &headers, now).await else {
        return axum::response::Redirect::to("/login").into_response();
    };
    let ip = app::ssr::client_ip_of(&extensions);
    match services::privacy::export(&st.db, me.id, ip.as_deref(), now).await {
        Ok(doc) => (
            [
                (http::header::CONTENT_TYPE, "application/json; charset=utf-8".to_string()),
                (
                    http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"tandem-my-data-{}.json\"", now.format("%Y-%m-%d")),
                ),
                (http::header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            serde_json::to_string_pretty(&doc).unwrap_or_default(),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "privacy export failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong").into_response()
        }
    }
}

/// The app's routes, worked out once per process. Leptos works them out by running the app
/// with every resource held back by a process-wide switch; a page rendering at that moment
/// in another router of the same process (the tests start many) would wait for ever on its
/// data (leptos issue 4773). Once is also all it takes.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Builds the whole application router.
pub fn router(server: ServerState, leptos_options: LeptosOptions) -> Router {
    let routes = route_list();
    let secure = server.settings.secure_cookies;
    let state = AppState { leptos_options: leptos_options.clone(), server: server.clone() };
    let server_state = server.clone();
    let mut r = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_endpoint))
        .route("/api/{*fn_name}", post(server_fns))
        .route("/certificate.pdf", get(certificate_pdf))
        .route("/messages", get(messages))
        .route("/reports/impact.csv", get(impact_csv))
        .route("/privacy/export.json", get(privacy_export))
        .route("/unsubscribe", post(unsubscribe))
        .route("/calendar/{file}", get(calendar_feed))
        // The site's code and styles, as the build wrote them (precompressed, cached).
        .nest_service(
            &format!("/{}", leptos_options.site_pkg_dir),
            assets::service(assets::Pkg {
                dir: std::path::Path::new(&*leptos_options.site_root).join(&*leptos_options.site_pkg_dir),
                hashed: leptos_options.hash_files,
            }),
        )
        .leptos_routes_with_context(&state, routes, provide(server.clone()), {
            let o = leptos_options.clone();
            move || shell(o.clone())
        })
        // Static files, and the "page not found" page for everything else.
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(provide(server), shell))
        .with_state(state)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // A form sent before the page hydrated (or without JavaScript) that comes back with a
        // problem is shown again with what was typed.
        .layer(middleware::from_fn_with_state(server_state.clone(), forms::layer))
        // Outermost of the application's layers: everything inside sees the client's address.
        .layer(middleware::from_fn_with_state(server_state, client_addr))
        .layer(middleware::from_fn(metrics::layer))
        // Brotli or gzip for pages and answers; the site's files come precompressed (they carry
        // a Content-Encoding already, which this layer leaves alone).
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::compression::CompressionLevel::Precise(5)),
        )
        .layer(middleware::from_fn(security::layer));
    if secure {
        r = r.layer(middleware::from_fn(security::hsts));
    }
    r
}

/// Mail delivery on this server: SMTP when it is configured, else (dev mode only) the log
/// relay, which prints each email so reset links can be followed locally. Every app server
/// runs it; claims keep them from sending one email twice.
pub fn spawn_mail_delivery(
    db: sea_orm::DatabaseConnection,
    smtp: Option<&services::mailer::SmtpConfig>,
    worker: services::mailer::WorkerConfig,
) -> Result<(), String> {
    use services::mailer::{Relay, SmtpRelay};
    let relay = match smtp {
        Some(cfg) => {
            if let Ok((from, _)) = cfg.mailboxes() {
                services::calendar::set_organizer(from.name.as_deref().unwrap_or("Tandem"), from.email.as_ref());
            }
            Relay::Smtp(Box::new(SmtpRelay::new(cfg)?))
        }
        None => Relay::Log,
    };
    tokio::spawn(services::mailer::run_worker(db, relay, worker));
    Ok(())
}

#[derive(serde::Deserialize)]
struct UnsubscribeQuery {
    #[serde(default)]
    t: String,
    #[serde(default)]
    c: String,
}

/// One-click unsubscribe (RFC 8058): a mail provider POSTs `List-Unsubscribe=One-Click` to
/// the link; the page's own button posts here too and is sent back to the page.
async fn unsubscribe(
    State(state): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<UnsubscribeQuery>,
    body: String,
) -> axum::response::Response {
    let done = services::mail_preferences::unsubscribe(&state.server.db, &q.t, &q.c, chrono_now()).await;
    let one_click = body.contains("List-Unsubscribe=One-Click");
    match done {
        Ok(Some(c)) if one_click => (StatusCode::OK, format!("Unsubscribed from {}", c.label())).into_response(),
        Ok(Some(c)) => axum::response::Redirect::to(&format!("/unsubscribe?done={}", c.as_str())).into_response(),
        Ok(None) if one_click => (StatusCode::NOT_FOUND, "This unsubscribe link is not valid").into_response(),
        Ok(None) => axum::response::Redirect::to("/unsubscribe?done=unknown").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "unsubscribe failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong").into_response()
        }
    }
}

/// A person's calendar feed at its secret address (`/calendar/SECRET.ics`).
async fn calendar_feed(
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> axum::response::Response {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    match services::calendar_feed::feed(&state.server.db, token, chrono_now()).await {
        Ok(Some(ics)) => (
            [
                (http::header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (http::header::CACHE_CONTROL, "private, no-cache"),
            ],
            ics,
        )
            .into_response(),
        Ok(None) => {
            (StatusCode::NOT_FOUND, "This calendar address is not valid (it may have been replaced)").into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "calendar feed failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong").into_response()
        }
    }
}

/// Hourly housekeeping: abandoned sessions and old sign-in failures are deleted, and mentoring
/// reminders go out. Safe to run on every app server at once.
pub fn spawn_housekeeping(db: sea_orm::DatabaseConnection, settings: std::sync::Arc<app::ssr::Settings>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let now = chrono_now();
            let sessions = services::sessions::purge_expired(&db, settings.sign_in.session, now).await;
            match &sessions {
                Ok(n) if *n > 0 => tracing::info!(sessions = n, "purged expired sessions"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session purge failed"),
            }
            metrics::job_ran("session_purge", sessions.is_ok());
            let attempts = services::throttle::purge_old(&db, settings.sign_in.throttle, now).await;
            if let Err(e) = &attempts {
                tracing::warn!(error = %e, "sign-in attempt purge failed");
            }
            metrics::job_ran("attempt_purge", attempts.is_ok());
            // Monthly reminders (overdue sessions, check-ins, held messages); each is sent
            // at most once per person per month, so every server may run this.
            let reminders = services::mentoring::send_reminders(&db, now).await;
            match &reminders {
                Ok(n) if *n > 0 => tracing::info!(reminders = n, "sent mentoring reminders"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "mentoring reminders failed"),
            }
            metrics::job_ran("reminders", reminders.is_ok());
            // Mentors whose course is unfinished on day 7 and day 13 after joining.
            let training = services::training::send_reminders(&db, now).await;
            match &training {
                Ok(n) if *n > 0 => tracing::info!(reminders = n, "sent training reminders"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "training reminders failed"),
            }
            metrics::job_ran("training_reminders", training.is_ok());
            // Six months after a young person's end answers, where they are now (once each).
            let followups = services::destinations::send_followups(&db, &settings.base_url, now).await;
            match &followups {
                Ok(n) if *n > 0 => tracing::info!(sent = n, "sent destination follow-ups"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "destination follow-ups failed"),
            }
            metrics::job_ran("destination_followups", followups.is_ok());
            // The retention schedule (domain::privacy::RETENTION): conditional deletes and
            // erasures of inactive accounts, idempotent across servers.
            let retention = services::privacy::retention(&db, now).await;
            match &retention {
                Ok(r) => tracing::info!(?r, "retention run"),
                Err(e) => tracing::warn!(error = %e, "retention run failed"),
            }
            metrics::job_ran("retention", retention.is_ok());
        }
    });
}

/// Whole-programme figures that are slow to count (a national programme) are counted again
/// in the background once their snapshot is ten minutes old; each server claims a figure
/// before counting it, so running this on every app server counts each figure once.
pub fn spawn_figures(db: sea_orm::DatabaseConnection) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            let figures = services::figures::refresh_stale(&db, chrono_now()).await;
            match &figures {
                Ok(counted) if !counted.is_empty() => tracing::info!(?counted, "counted programme figures again"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "counting programme figures failed"),
            }
            metrics::job_ran("figures", figures.is_ok());
        }
    });
}

fn chrono_now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}
