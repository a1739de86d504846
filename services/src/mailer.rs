//! Delivery: every app server runs [`run_worker`], which claims due emails from the outbox
//! (`crate::outbox`), sends each as a MIME message over SMTP (lettre, rustls: STARTTLS or
//! implicit TLS, AUTH) and records the outcome. Temporary failures (4xx, no connection) are
//! tried again with a growing delay; permanent ones (5xx) are recorded as failed and never
//! retried unless staff ask. In dev mode without SMTP, the log relay prints each email.

use crate::ServiceError;
use crate::outbox::{self, Outgoing};
use chrono::{DateTime, Utc};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::DatabaseConnection;
use std::time::Duration;

/// How the connection to the SMTP server is protected (`TANDEM_SMTP_SECURITY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain text: only for a relay on the same machine or network.
    None,
    /// Plain connection upgraded with STARTTLS (usually port 587); refuses a server without it.
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

impl Security {
    pub fn parse(s: &str) -> Option<Security> {
        match s.to_ascii_lowercase().as_str() {
            "none" | "plain" => Some(Security::None),
            "starttls" => Some(Security::StartTls),
            "tls" | "ssl" | "smtps" => Some(Security::Tls),
            _ => None,
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Security::None => 25,
            Security::StartTls => 587,
            Security::Tls => 465,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: Option<String>,
    pub password: Option<String>,
    /// `Tandem <hello@tandem.example>`.
    pub from: String,
    pub reply_to: Option<String>,
}

/// What the worker needs besides the database.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Emails claimed at a time.
    pub batch: u64,
    /// How long a claim holds its emails; a server that dies frees them after this.
    pub lease: chrono::Duration,
    /// The wait between looks at the outbox when there was nothing to send.
    pub idle: Duration,
    /// The first retry's delay; each later one doubles, up to `max_backoff`.
    pub backoff: chrono::Duration,
    pub max_backoff: chrono::Duration,
    /// The public origin, for unsubscribe links.
    pub base_url: String,
}

impl WorkerConfig {
    pub fn new(base_url: &str) -> WorkerConfig {
        WorkerConfig {
            batch: 20,
            lease: chrono::Duration::minutes(5),
            idle: Duration::from_secs(1),
            backoff: chrono::Duration::seconds(30),
            max_backoff: chrono::Duration::minutes(30),
            base_url: base_url.trim_end_matches('/').to_string(),
        }
    }

    /// The wait before the next try of an email already tried `attempts` times (this one included).
    pub fn delay(&self, attempts: i32) -> chrono::Duration {
        let doublings = attempts.clamp(1, 20) - 1;
        let d = self.backoff * 2_i32.saturating_pow(doublings as u32);
        if d > self.max_backoff { self.max_backoff } else { d }
    }
}

/// How one send ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server's reply, e.g. `250 Message accepted`.
    Sent(String),
    Temporary(String),
    Permanent(String),
}

/// Where emails go.
pub enum Relay {
    Smtp(Box<SmtpRelay>),
    /// Dev mode without SMTP: each email is printed to the server log.
    Log,
}

pub struct SmtpRelay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    domain: String,
}

impl SmtpConfig {
    /// The sender and reply-to mailboxes, checked (a typo is refused at start).
    pub fn mailboxes(&self) -> Result<(Mailbox, Option<Mailbox>), String> {
        let from: Mailbox = self.from.parse().map_err(|e| format!("TANDEM_MAIL_FROM `{}`: {e}", self.from))?;
        let reply_to = match &self.reply_to {
            Some(r) => Some(r.parse::<Mailbox>().map_err(|e| format!("TANDEM_MAIL_REPLY_TO `{r}`: {e}"))?),
            None => None,
        };
        Ok((from, reply_to))
    }
}

impl SmtpRelay {
    /// Needs a Tokio runtime (the connection pool runs a task).
    pub fn new(cfg: &SmtpConfig) -> Result<SmtpRelay, String> {
        let (from, reply_to) = cfg.mailboxes()?;
        let tls = |host: &str| TlsParameters::new(host.to_string()).map_err(|e| format!("TLS for {host}: {e}"));
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(cfg.host.as_str())
            .port(cfg.port)
            .timeout(Some(Duration::from_secs(30)))
            .tls(match cfg.security {
                Security::None => Tls::None,
                Security::StartTls => Tls::Required(tls(&cfg.host)?),
                Security::Tls => Tls::Wrapper(tls(&cfg.host)?),
            });
        if let Some(user) = &cfg.user {
            b = b.credentials(Credentials::new(user.clone(), cfg.password.clone().unwrap_or_default()));
        }
        let domain = from.email.domain().to_string();
        Ok(SmtpRelay { transport: b.build(), from, reply_to, domain })
    }

    async fn send(&self, msg: Message) -> Outcome {
        match self.transport.send(msg).await {
            Ok(r) => Outcome::Sent(format!("{} {}", r.code(), r.message().collect::<Vec<_>>().join(" ")).trim().into()),
            Err(e) if e.is_permanent() => Outcome::Permanent(e.to_string()),
            Err(e) => Outcome::Temporary(e.to_string()),
        }
    }
}

/// `Message-ID` for an outbox row: the same on every try, so a receiver can tell a repeat.
pub fn message_id(mail: &Outgoing, domain: &str) -> String {
    format!("<tandem.{}.{}@{domain}>", mail.id, mail.created_at.timestamp())
}

struct RawHeader(&'static str, String);

impl RawHeader {
    fn value(self) -> HeaderValue {
        HeaderValue::new(HeaderName::new_from_ascii_str(self.0), self.1)
    }
}

/// Plain text as a simple HTML document: paragraphs, line breaks and links.
pub fn html_of(text: &str) -> String {
    let mut out = String::from(
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"></head>\
         <body style=\"font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;max-width:36em\">",
    );
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        let lines: Vec<String> = para.lines().map(linkify).collect();
        out.push_str(&lines.join("<br>"));
        out.push_str("</p>");
    }
    out.push_str("</body></html>");
    out
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn linkify(line: &str) -> String {
    line.split(' ')
        .map(|w| {
            if w.starts_with("https://") || w.starts_with("http://") {
                let e = escape_html(w);
                format!("<a href=\"{e}\">{e}</a>")
            } else {
                escape_html(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The MIME message for an outbox row: plain text and HTML (and the calendar object as
/// `text/calendar`, the form calendars answer), `Message-ID`, `Date`, and for optional mail
/// a one-click `List-Unsubscribe` (RFC 8058) with the link in the text as well.
pub fn build(
    mail: &Outgoing,
    from: &Mailbox,
    reply_to: Option<&Mailbox>,
    domain: &str,
    unsubscribe: Option<&str>,
) -> Result<Message, String> {
    let to: Mailbox = mail.to.parse().map_err(|e| format!("the address `{}` cannot be used: {e}", mail.to))?;
    let mut b = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(message_id(mail, domain)))
        .date_now();
    for cc in &mail.cc {
        b = b.cc(cc.parse().map_err(|e| format!("the address `{cc}` cannot be used: {e}"))?);
    }
    if let Some(r) = reply_to {
        b = b.reply_to(r.clone());
    }
    let mut text = mail.body.clone();
    if let Some(url) = unsubscribe {
        text.push_str(&format!(
            "\n\nYou get these {} because of your Tandem email choices. To stop them: {url}\nTo choose which emails you get, go to your account page.",
            mail.category.label().to_lowercase()
        ));
        b = b
            .raw_header(RawHeader("List-Unsubscribe", format!("<{url}>")).value())
            .raw_header(RawHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()).value());
    }
    let mut alt = MultiPart::alternative()
        .singlepart(SinglePart::plain(text.clone()))
        .singlepart(SinglePart::html(html_of(&text)));
    if let Some(ics) = &mail.calendar {
        let method = if ics.contains("\r\nMETHOD:CANCEL\r\n") { "CANCEL" } else { "REQUEST" };
        let ct = ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
            .map_err(|e| format!("calendar content type: {e}"))?;
        alt = alt.singlepart(SinglePart::builder().content_type(ct).body(ics.clone()));
    }
    b.multipart(alt).map_err(|e| format!("could not build the message: {e}"))
}

/// Sends one claimed email and records what happened. Returns the outcome.
pub async fn deliver_one(
    db: &DatabaseConnection,
    relay: &Relay,
    cfg: &WorkerConfig,
    token: &str,
    mail: &Outgoing,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<Outcome, ServiceError> {
    let smtp = match relay {
        Relay::Log => {
            tracing::info!(to = %mail.to, subject = %mail.subject, "dev mail relay:\n{}", mail.body);
            outbox::mark_sent(db, mail.id, now()).await?;
            return Ok(Outcome::Sent("printed to the log".into()));
        }
        Relay::Smtp(s) => s,
    };
    let unsubscribe = match (mail.category, mail.user_id) {
        (c, Some(user)) if !c.essential() => {
            let t = crate::mail_preferences::unsubscribe_token(db, user, now()).await?;
            Some(crate::mail_preferences::unsubscribe_url(&cfg.base_url, &t, c))
        }
        _ => None,
    };
    let outcome = match build(mail, &smtp.from, smtp.reply_to.as_ref(), &smtp.domain, unsubscribe.as_deref()) {
        Ok(msg) => smtp.send(msg).await,
        Err(e) => Outcome::Permanent(e),
    };
    let recorded = match &outcome {
        Outcome::Sent(r) => {
            outbox::mark_delivered(db, mail.id, token, r, &message_id(mail, &smtp.domain), now()).await?
        }
        Outcome::Temporary(e) => {
            let next = now() + cfg.delay(mail.attempts + 1);
            tracing::warn!(id = mail.id, error = %e, %next, "email not delivered, will try again");
            outbox::mark_temporary(db, mail, token, e, next).await?
        }
        Outcome::Permanent(e) => {
            tracing::warn!(id = mail.id, error = %e, "email refused for good");
            outbox::mark_failed(db, mail.id, token, e).await?
        }
    };
    if !recorded {
        tracing::warn!(id = mail.id, "the claim on an email expired before its result was recorded");
    }
    Ok(outcome)
}

/// Claims one batch and sends it. Returns how many emails it tried.
pub async fn deliver_batch(
    db: &DatabaseConnection,
    relay: &Relay,
    cfg: &WorkerConfig,
    now: impl Fn() -> DateTime<Utc> + Copy,
) -> Result<usize, ServiceError> {
    let claim = outbox::claim(db, cfg.batch, cfg.lease, now()).await?;
    for mail in &claim.mails {
        // Never send on a lease that has run out: another server may hold the email now.
        if now() >= claim.until {
            break;
        }
        deliver_one(db, relay, cfg, &claim.token, mail, now).await?;
    }
    Ok(claim.mails.len())
}

/// The delivery loop of one app server: a full batch is followed at once by the next; an
/// empty or short one by a pause of `cfg.idle`.
pub async fn run_worker(db: DatabaseConnection, relay: Relay, cfg: WorkerConfig) {
    loop {
        match deliver_batch(&db, &relay, &cfg, Utc::now).await {
            Ok(n) if n as u64 >= cfg.batch => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "mail delivery could not read or update the outbox"),
        }
        tokio::time::sleep(cfg.idle).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::mail::Category;

    fn mail(category: Category, calendar: Option<String>) -> Outgoing {
        Outgoing {
            id: 7,
            to: "amara@example.org".into(),
            cc: vec!["coordinator@northfield.example".into()],
            subject: "A reminder from Tandem".into(),
            body: "Hello Amara,\n\nPlease log your session:\nhttps://tandem.example/match/1?a=1&b=2\n\nTandem".into(),
            user_id: Some(3),
            category,
            calendar,
            created_at: Utc::now(),
            attempts: 0,
        }
    }

    fn formatted(m: &Outgoing, unsubscribe: Option<&str>) -> String {
        let from: Mailbox = "Tandem <hello@tandem.example>".parse().expect("from");
        let msg = build(m, &from, None, "tandem.example", unsubscribe).expect("message");
        String::from_utf8(msg.formatted()).expect("utf-8")
    }

    #[test]
    fn a_message_is_text_and_html_with_its_ids() {
        let s = formatted(&mail(Category::Reminders, None), Some("https://tandem.example/unsubscribe?t=x&c=reminders"));
        assert!(s.contains("Message-ID: <tandem.7."), "{s}");
        assert!(s.contains("Date: "));
        assert!(s.contains("Cc: coordinator@northfield.example"));
        assert!(s.contains("multipart/alternative"));
        assert!(s.contains("Content-Type: text/plain; charset=utf-8"));
        assert!(s.contains("Content-Type: text/html; charset=utf-8"));
        assert!(s.contains("List-Unsubscribe: <https://tandem.example/unsubscribe?t=x&c=reminders>"));
        assert!(s.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(!s.contains("text/calendar"));
    }

    #[test]
    fn essential_mail_has_no_unsubscribe_and_invitations_carry_a_calendar() {
        let ics = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n".to_string();
        let s = formatted(&mail(Category::Essential, Some(ics)), None);
        assert!(!s.contains("List-Unsubscribe"));
        assert!(s.contains("text/calendar; charset=utf-8; method=CANCEL"), "{s}");
    }

    #[test]
    fn html_escapes_and_links() {
        let h = html_of("Hi <b>\n\nhttps://x.example/a?b=1&c=2 now");
        assert!(h.contains("<p>Hi &lt;b&gt;</p>"));
        assert!(h.contains("<a href=\"https://x.example/a?b=1&amp;c=2\">"));
    }

    #[test]
    fn backoff_doubles_up_to_its_cap() {
        let c = WorkerConfig::new("http://x");
        assert_eq!(c.delay(1), chrono::Duration::seconds(30));
        assert_eq!(c.delay(2), chrono::Duration::seconds(60));
        assert_eq!(c.delay(4), chrono::Duration::seconds(240));
        assert_eq!(c.delay(50), chrono::Duration::minutes(30));
    }

    #[test]
    fn security_names() {
        assert_eq!(Security::parse("STARTTLS"), Some(Security::StartTls));
        assert_eq!(Security::parse("tls").map(Security::default_port), Some(465));
        assert_eq!(Security::parse("maybe"), None);
    }
}
