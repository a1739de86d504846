//! Settings from the environment (see `.env.example`).

use app::ssr::Settings;
use services::accounts::SignInPolicy;
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
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub listen: SocketAddr,
    pub settings: Settings,
    /// Load the demo programme into an empty database at start.
    pub demo_data: bool,
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
        let mut sign_in = SignInPolicy::default();
        // Leaked once at start: the secret lives as long as the process.
        sign_in.session.secret = Box::leak(secret.into_bytes().into_boxed_slice());
        Ok(Config {
            database_url: get("DATABASE_URL").unwrap_or_else(|| "sqlite://tandem.db?mode=rwc".into()),
            listen,
            demo_data: get("TANDEM_DEMO_DATA").map(|v| v == "1" || v == "true").unwrap_or(dev_mode),
            settings: Settings { base_url, sign_in, secure_cookies, dev_mode },
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
    fn production_requires_a_real_secret() {
        assert!(matches!(cfg(&[("TANDEM_ENV", "production")]), Err(ConfigError::MissingSecret)));
        assert!(matches!(
            cfg(&[("TANDEM_ENV", "production"), ("TANDEM_SESSION_SECRET", "short")]),
            Err(ConfigError::MissingSecret)
        ));
        let c = cfg(&[
            ("TANDEM_ENV", "production"),
            ("TANDEM_SESSION_SECRET", "0123456789abcdef0123456789abcdef"),
            ("TANDEM_BASE_URL", "https://tandem.example.org/"),
            ("DATABASE_URL", "postgres://db/tandem"),
            ("TANDEM_LISTEN_ADDR", "0.0.0.0:8080"),
        ])
        .expect("prod config");
        assert!(!c.settings.dev_mode && !c.demo_data && c.settings.secure_cookies);
        assert_eq!(c.settings.cookie_name(), "__Host-tandem_session");
        assert_eq!(c.settings.base_url, "https://tandem.example.org");
        assert_eq!(c.listen.port(), 8080);
        assert!(matches!(cfg(&[("TANDEM_ENV", "staging")]), Err(ConfigError::BadEnv(_))));
        assert!(matches!(cfg(&[("TANDEM_LISTEN_ADDR", "nowhere")]), Err(ConfigError::BadAddr(_))));
    }
}
