//! Settings from the environment (see `.env.example`).

use app::client_addr::TrustedProxies;
use app::ssr::Settings;
use services::accounts::SignInPolicy;
use services::mailer::{Security, SmtpConfig, WorkerConfig};
use std::net::SocketAddr;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "TANDEM_SESSION_SECRET must be set to at least 32 random characters outside dev mode (TANDEM_ENV=production)"
    )]
    MissingSecret,
    #[error("{0} is not a valid listen address (expected e.g. 127.0.0.1:3000)")]
    BadAddr(String),
    #[error("TANDEM_ENV must be `dev` or `production`, not `{0}`")]
    BadEnv(String),
    #[error(
        "production (TANDEM_ENV=production) needs a mail server: set TANDEM_SMTP_HOST and TANDEM_MAIL_FROM (see .env.example)"
    )]
    MissingMail,
    #[error("mail configuration: {0}")]
    BadMail(String),
    #[error("TANDEM_TRUSTED_PROXIES: {0}")]
    BadProxies(String),
    #[error("{0} must be a whole number of 1 or more, not `{1}`")]
    BadLimit(&'static str, String),
    #[error(
        "TANDEM_VIDEO_BASE_URL must be the video service's https:// address (e.g. https://meet.example.org), not `{0}`"
    )]
    BadVideo(String),
    #[error("TANDEM_DONATE_URL must be the donation page's https:// address, not `{0}`")]
    BadDonate(String),
}

/// The programme's donation page (`TANDEM_DONATE_URL`): an https address, linked from the
/// get-involved page. Empty means none, and the page shows no donation section.
fn donate_from(get: &impl Fn(&str) -> Option<String>) -> Result<Option<String>, ConfigError> {
    let Some(v) = get("TANDEM_DONATE_URL").map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let host = v.strip_prefix("https://").unwrap_or_default();
    if host.is_empty() || host.starts_with('/') || v.contains([' ', '"', '<', '>']) {
        return Err(ConfigError::BadDonate(v));
    }
    Ok(Some(v))
}

/// The video service pairs' rooms are on (`TANDEM_VIDEO_BASE_URL`): an https address with
/// no query or fragment, as a room name is added to its path. Empty means none.
fn video_from(get: &impl Fn(&str) -> Option<String>) -> Result<Option<String>, ConfigError> {
    let Some(v) = get("TANDEM_VIDEO_BASE_URL").map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let host = v.strip_prefix("https://").unwrap_or_default();
    if host.is_empty() || host.starts_with('/') || v.contains(['?', '#', ' ']) {
        return Err(ConfigError::BadVideo(v));
    }
    Ok(Some(v.trim_end_matches('/').to_string()))
}

/// The allowances (`TANDEM_LIMIT_*`); each unset one keeps its default (see the README).
fn limits_from(
    get: &impl Fn(&str) -> Option<String>,
    mut t: services::throttle::ThrottlePolicy,
) -> Result<services::throttle::ThrottlePolicy, ConfigError> {
    let fields: [(&'static str, &mut u64); 5] = [
        ("TANDEM_LIMIT_FAILED_SIGN_INS_PER_ACCOUNT", &mut t.per_account),
        ("TANDEM_LIMIT_FAILED_SIGN_INS_PER_ADDRESS_HOUR", &mut t.failed_sign_ins_per_address_hour),
        ("TANDEM_LIMIT_REGISTRATIONS_PER_ADDRESS_HOUR", &mut t.registrations_per_address_hour),
        ("TANDEM_LIMIT_REGISTRATIONS_PER_CODE_HOUR", &mut t.registrations_per_code_hour),
        ("TANDEM_LIMIT_RESETS_PER_ADDRESS_HOUR", &mut t.resets_per_address_hour),
    ];
    for (name, field) in fields {
        if let Some(v) = get(name) {
            *field = v.trim().parse().ok().filter(|n| *n >= 1).ok_or(ConfigError::BadLimit(name, v))?;
        }
    }
    Ok(t)
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub listen: SocketAddr,
    pub settings: Settings,
    /// Load the demo programme into an empty database at start.
    pub demo_data: bool,
    /// Where email goes; None only in dev mode (the log relay prints it).
    pub smtp: Option<SmtpConfig>,
    pub mail_worker: WorkerConfig,
    /// One JSON object per log line (for a log collector): the default in production;
    /// `TANDEM_LOG_FORMAT=json` or `text` chooses either way.
    pub json_logs: bool,
}

/// The delivery worker's timings: `TANDEM_MAIL_RETRY_SECONDS` (first retry's delay, doubling
/// up to 30 minutes) and `TANDEM_MAIL_LEASE_SECONDS` (how long a server holds emails it is
/// sending before another may take them over).
fn worker_from(get: &impl Fn(&str) -> Option<String>, base_url: &str) -> Result<WorkerConfig, ConfigError> {
    let mut w = WorkerConfig::new(base_url);
    let seconds = |name: &str| -> Result<Option<i64>, ConfigError> {
        match get(name) {
            None => Ok(None),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => Err(ConfigError::BadMail(format!("{name} must be a whole number of seconds, not `{v}`"))),
            },
        }
    };
    if let Some(n) = seconds("TANDEM_MAIL_RETRY_SECONDS")? {
        w.backoff = chrono::Duration::seconds(n);
    }
    if let Some(n) = seconds("TANDEM_MAIL_LEASE_SECONDS")? {
        w.lease = chrono::Duration::seconds(n);
    }
    Ok(w)
}

/// `TANDEM_SMTP_*` and `TANDEM_MAIL_*`; None when no SMTP host is set.
fn smtp_from(get: &impl Fn(&str) -> Option<String>) -> Result<Option<SmtpConfig>, ConfigError> {
    let Some(host) = get("TANDEM_SMTP_HOST") else { return Ok(None) };
    let security = match get("TANDEM_SMTP_SECURITY") {
        Some(s) => Security::parse(&s).ok_or_else(|| {
            ConfigError::BadMail(format!("TANDEM_SMTP_SECURITY must be none, starttls or tls, not `{s}`"))
        })?,
        None => Security::StartTls,
    };
    let port = match get("TANDEM_SMTP_PORT") {
        Some(p) => {
            p.parse().map_err(|_| ConfigError::BadMail(format!("TANDEM_SMTP_PORT `{p}` is not a port number")))?
        }
        None => security.default_port(),
    };
    let from = get("TANDEM_MAIL_FROM").ok_or(ConfigError::MissingMail)?;
    let cfg = SmtpConfig {
        host,
        port,
        security,
        user: get("TANDEM_SMTP_USER"),
        password: get("TANDEM_SMTP_PASSWORD"),
        from,
        reply_to: get("TANDEM_MAIL_REPLY_TO"),
    };
    if cfg.user.is_some() != cfg.password.is_some() {
        return Err(ConfigError::BadMail("set both TANDEM_SMTP_USER and TANDEM_SMTP_PASSWORD, or neither".into()));
    }
    // Checked now, so a typo stops the start rather than every email.
    cfg.mailboxes().map_err(ConfigError::BadMail)?;
    Ok(Some(cfg))
}

pub const DEV_SECRET: &str = "dev-only-session-secret-not-for-production-use";

impl Config {
    /// Reads the configuration; `get` looks a variable up (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>, default_addr: SocketAddr) -> Result<Config, ConfigError> {
        let env = get("TANDEM_ENV").unwrap_or_else(|| "dev".into());
        let dev_mode = match env.as_str() {
            "dev" | "development" => true,
            "production" | "prod" => false,
            other => return Err(ConfigError::BadEnv(other.into())),
        };
        let listen = match get("TANDEM_LISTEN_ADDR") {
            Some(a) => a.parse().map_err(|_| ConfigError::BadAddr(a))?,
            None => default_addr,
        };
        let secret = match get("TANDEM_SESSION_SECRET") {
            Some(s) if s.len() >= 32 => s,
            _ if dev_mode => DEV_SECRET.to_string(),
            _ => return Err(ConfigError::MissingSecret),
        };
        let base_url =
            get("TANDEM_BASE_URL").unwrap_or_else(|| format!("http://{listen}")).trim_end_matches('/').to_string();
        let secure_cookies = base_url.starts_with("https://");
        let smtp = smtp_from(&get)?;
        if smtp.is_none() && !dev_mode {
            return Err(ConfigError::MissingMail);
        }
        let mut sign_in = SignInPolicy::default();
        // Leaked once at start: the secret lives as long as the process.
        sign_in.session.secret = Box::leak(secret.into_bytes().into_boxed_slice());
        sign_in.throttle = limits_from(&get, sign_in.throttle)?;
        let trusted_proxies = TrustedProxies::parse(&get("TANDEM_TRUSTED_PROXIES").unwrap_or_default())
            .map_err(ConfigError::BadProxies)?;
        Ok(Config {
            database_url: get("DATABASE_URL").unwrap_or_else(|| "sqlite://tandem.db?mode=rwc".into()),
            listen,
            demo_data: get("TANDEM_DEMO_DATA").map(|v| v == "1" || v == "true").unwrap_or(dev_mode),
            smtp,
            mail_worker: worker_from(&get, &base_url)?,
            json_logs: match get("TANDEM_LOG_FORMAT").as_deref() {
                Some("json") => true,
                Some("text") => false,
                _ => !dev_mode,
            },
            settings: Settings {
                base_url,
                sign_in,
                secure_cookies,
                dev_mode,
                trusted_proxies,
                metrics_token: get("TANDEM_METRICS_TOKEN").filter(|t| !t.trim().is_empty()),
                video_base_url: video_from(&get)?,
                donate_url: donate_from(&get)?,
            },
        })
    }

    pub fn from_env(default_addr: SocketAddr) -> Result<Config, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.is_empty()), default_addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned(), "127.0.0.1:3000".parse().expect("addr"))
    }

    #[test]
    fn dev_defaults() {
        let c = cfg(&[]).expect("dev config");
        assert!(c.settings.dev_mode && c.demo_data && !c.settings.secure_cookies);
        assert_eq!(c.database_url, "sqlite://tandem.db?mode=rwc");
        assert_eq!(c.settings.base_url, "http://127.0.0.1:3000");
        assert_eq!(c.settings.sign_in.session.secret, DEV_SECRET.as_bytes());
    }

    #[test]
    fn proxies_and_limits() {
        let c = cfg(&[]).expect("defaults");
        assert_eq!(c.settings.trusted_proxies, TrustedProxies::default());
        assert!(!c.json_logs, "readable log lines in dev");
        assert!(cfg(&[("TANDEM_LOG_FORMAT", "json")]).expect("json").json_logs);
        assert_eq!(c.settings.sign_in.throttle.registrations_per_code_hour, 300);
        assert_eq!(c.settings.sign_in.throttle.registrations_per_address_hour, 200);
        let c = cfg(&[
            ("TANDEM_TRUSTED_PROXIES", "10.0.0.0/8, 172.16.0.1"),
            ("TANDEM_LIMIT_REGISTRATIONS_PER_CODE_HOUR", "600"),
            ("TANDEM_LIMIT_FAILED_SIGN_INS_PER_ADDRESS_HOUR", "50"),
        ])
        .expect("set");
        assert!(c.settings.trusted_proxies.trusts("10.9.8.7".parse().expect("ip")));
        assert!(!c.settings.trusted_proxies.trusts("172.16.0.2".parse().expect("ip")));
        assert_eq!(c.settings.sign_in.throttle.registrations_per_code_hour, 600);
        assert_eq!(c.settings.sign_in.throttle.failed_sign_ins_per_address_hour, 50);
        assert!(matches!(cfg(&[("TANDEM_TRUSTED_PROXIES", "the-proxy")]), Err(ConfigError::BadProxies(_))));
        assert!(matches!(
            cfg(&[("TANDEM_LIMIT_RESETS_PER_ADDRESS_HOUR", "0")]),
            Err(ConfigError::BadLimit("TANDEM_LIMIT_RESETS_PER_ADDRESS_HOUR", _))
        ));
    }

    #[test]
    fn the_video_service_is_an_https_address() {
        assert_eq!(cfg(&[]).expect("none").settings.video_base_url, None);
        let c = cfg(&[("TANDEM_VIDEO_BASE_URL", " https://meet.example.org/rooms/ ")]).expect("video");
        assert_eq!(c.settings.video_base_url.as_deref(), Some("https://meet.example.org/rooms"));
        for bad in ["http://meet.example.org", "meet.example.org", "https://", "https://meet.example.org/?a=1"] {
            assert!(matches!(cfg(&[("TANDEM_VIDEO_BASE_URL", bad)]), Err(ConfigError::BadVideo(_))), "{bad}");
        }
    }

    #[test]
    fn the_donation_page_is_an_https_address() {
        assert_eq!(cfg(&[]).expect("none").settings.donate_url, None);
        let c = cfg(&[("TANDEM_DONATE_URL", " https://give.example.org/tandem?from=site ")]).expect("donate");
        assert_eq!(c.settings.donate_url.as_deref(), Some("https://give.example.org/tandem?from=site"));
        for bad in ["http://give.example.org", "give.example.org", "https://", "https://give.example.org/a b"] {
            assert!(matches!(cfg(&[("TANDEM_DONATE_URL", bad)]), Err(ConfigError::BadDonate(_))), "{bad}");
        }
    }

    #[test]
    fn production_requires_a_real_secret() {
        assert!(matches!(cfg(&[("TANDEM_ENV", "production")]), Err(ConfigError::MissingSecret)));
        assert!(matches!(
            cfg(&[("TANDEM_ENV", "production"), ("TANDEM_SESSION_SECRET", "short")]),
            Err(ConfigError::MissingSecret)
        ));
        // Production also needs a mail server.
        assert!(matches!(
            cfg(&[("TANDEM_ENV", "production"), ("TANDEM_SESSION_SECRET", "0123456789abcdef0123456789abcdef")]),
            Err(ConfigError::MissingMail)
        ));
        let c = cfg(&[
            ("TANDEM_ENV", "production"),
            ("TANDEM_SESSION_SECRET", "0123456789abcdef0123456789abcdef"),
            ("TANDEM_SMTP_HOST", "smtp.example.org"),
            ("TANDEM_MAIL_FROM", "Tandem <hello@tandem.example.org>"),
            ("TANDEM_BASE_URL", "https://tandem.example.org/"),
            ("DATABASE_URL", "postgres://db/tandem"),
            ("TANDEM_LISTEN_ADDR", "0.0.0.0:8080"),
        ])
        .expect("prod config");
        assert!(!c.settings.dev_mode && !c.demo_data && c.settings.secure_cookies);
        assert_eq!(c.settings.cookie_name(), "__Host-tandem_session");
        assert_eq!(c.settings.base_url, "https://tandem.example.org");
        assert_eq!(c.listen.port(), 8080);
        let smtp = c.smtp.expect("smtp");
        assert_eq!((smtp.port, smtp.security), (587, Security::StartTls));
        assert!(matches!(cfg(&[("TANDEM_ENV", "staging")]), Err(ConfigError::BadEnv(_))));
        assert!(matches!(cfg(&[("TANDEM_LISTEN_ADDR", "nowhere")]), Err(ConfigError::BadAddr(_))));
    }

    #[test]
    fn mail_settings_are_checked() {
        // Dev mode keeps the log relay unless SMTP is configured.
        assert!(cfg(&[]).expect("dev").smtp.is_none());
        let c = cfg(&[
            ("TANDEM_SMTP_HOST", "127.0.0.1"),
            ("TANDEM_SMTP_PORT", "2525"),
            ("TANDEM_SMTP_SECURITY", "none"),
            ("TANDEM_MAIL_FROM", "hello@tandem.example"),
            ("TANDEM_MAIL_REPLY_TO", "team@tandem.example"),
        ])
        .expect("dev with smtp");
        let smtp = c.smtp.expect("smtp");
        assert_eq!(
            (smtp.port, smtp.security, smtp.reply_to.as_deref()),
            (2525, Security::None, Some("team@tandem.example"))
        );
        let bad =
            |pairs: &[(&str, &str)]| matches!(cfg(pairs), Err(ConfigError::BadMail(_) | ConfigError::MissingMail));
        assert!(bad(&[("TANDEM_SMTP_HOST", "h")]));
        assert!(bad(&[("TANDEM_SMTP_HOST", "h"), ("TANDEM_MAIL_FROM", "not an address")]));
        assert!(bad(&[
            ("TANDEM_SMTP_HOST", "h"),
            ("TANDEM_MAIL_FROM", "a@b.example"),
            ("TANDEM_SMTP_SECURITY", "maybe")
        ]));
        assert!(bad(&[("TANDEM_SMTP_HOST", "h"), ("TANDEM_MAIL_FROM", "a@b.example"), ("TANDEM_SMTP_PORT", "x")]));
        assert!(bad(&[("TANDEM_SMTP_HOST", "h"), ("TANDEM_MAIL_FROM", "a@b.example"), ("TANDEM_SMTP_USER", "u")]));
    }
}
