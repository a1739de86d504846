//! Operations: Prometheus metrics at `/metrics` (requests by route and status, a latency
//! histogram, the email outbox's depth, background job runs), guarded by a bearer token
//! (`TANDEM_METRICS_TOKEN`; without one the endpoint does not exist). Counts are this
//! server's own since it started; the outbox is read from the shared database.

use axum::{
    body::Body,
    extract::{MatchedPath, Request},
    middleware::Next,
    response::Response,
};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{LazyLock, Mutex};
use std::time::Instant;

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

#[derive(Default)]
struct Registry {
    /// (route, method, status) -> requests
    requests: BTreeMap<(String, String, u16), u64>,
    /// route -> latency
    latency: BTreeMap<String, Histogram>,
    /// (job, outcome) -> runs
    jobs: BTreeMap<(&'static str, &'static str), u64>,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Default::default);

fn with<T>(f: impl FnOnce(&mut Registry) -> T) -> T {
    // A panic while holding the lock leaves counts that are still usable.
    let mut r = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut r)
}

/// Counts one run of a background job (`ok` or `failed`).
pub fn job_ran(job: &'static str, ok: bool) {
    with(|r| *r.jobs.entry((job, if ok { "ok" } else { "failed" })).or_default() += 1);
}

/// The layer that counts every request by its route's pattern (`/match/{id}`, never the
/// ids themselves), method and status, and times it.
pub async fn layer(req: Request<Body>, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "other".into());
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let res = next.run(req).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = res.status().as_u16();
    with(|r| {
        *r.requests.entry((route.clone(), method, status)).or_default() += 1;
        let h = r.latency.entry(route).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                h.counts[i] += 1;
            }
        }
        h.sum += seconds;
        h.count += 1;
    });
    res
}

fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The Prometheus text exposition of this server's counts and the outbox figures.
pub fn render(outbox: Option<&domain::mail::OutboxOverview>) -> String {
    let mut out = String::new();
    with(|r| {
        out.push_str("# HELP tandem_http_requests_total Requests answered, by route pattern, method and status.\n");
        out.push_str("# TYPE tandem_http_requests_total counter\n");
        for ((route, method, status), n) in &r.requests {
            let _ = writeln!(
                out,
                "tandem_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                label(route)
            );
        }
        out.push_str("# HELP tandem_http_request_duration_seconds Time to answer, by route pattern.\n");
        out.push_str("# TYPE tandem_http_request_duration_seconds histogram\n");
        for (route, h) in &r.latency {
            let route = label(route);
            for (bound, n) in BUCKETS.iter().zip(h.counts) {
                let _ = writeln!(
                    out,
                    "tandem_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "tandem_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(out, "tandem_http_request_duration_seconds_sum{{route=\"{route}\"}} {}", h.sum);
            let _ = writeln!(out, "tandem_http_request_duration_seconds_count{{route=\"{route}\"}} {}", h.count);
        }
        out.push_str("# HELP tandem_job_runs_total Background job runs on this server, by job and outcome.\n");
        out.push_str("# TYPE tandem_job_runs_total counter\n");
        for ((job, outcome), n) in &r.jobs {
            let _ = writeln!(out, "tandem_job_runs_total{{job=\"{job}\",outcome=\"{outcome}\"}} {n}");
        }
    });
    if let Some(o) = outbox {
        out.push_str("# HELP tandem_mail_outbox Emails in the shared outbox, by state.\n");
        out.push_str("# TYPE tandem_mail_outbox gauge\n");
        let _ = writeln!(out, "tandem_mail_outbox{{state=\"pending\"}} {}", o.pending);
        let _ = writeln!(out, "tandem_mail_outbox{{state=\"failed\"}} {}", o.failed);
        out.push_str("# HELP tandem_mail_sent_last_day Emails delivered in the last 24 hours.\n");
        out.push_str("# TYPE tandem_mail_sent_last_day gauge\n");
        let _ = writeln!(out, "tandem_mail_sent_last_day {}", o.sent_last_day);
        out.push_str(
            "# HELP tandem_mail_late_safeguarding_alerts Safeguarding alerts undelivered 10 minutes after writing.\n",
        );
        out.push_str("# TYPE tandem_mail_late_safeguarding_alerts gauge\n");
        let _ = writeln!(out, "tandem_mail_late_safeguarding_alerts {}", o.late_safeguarding);
    }
    out
}

/// Whether the request carries the metrics token (compared in constant time).
pub fn authorised(headers: &http::HeaderMap, token: &str) -> bool {
    let Some(given) = headers.get(http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else { return false };
    let Some(given) = given.strip_prefix("Bearer ") else { return false };
    let (a, b) = (given.as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
