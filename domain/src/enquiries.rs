//! Messages to the programme team (the contact form) and the team's answers: the topics,
//! what a valid message is, and how a thread reads. The same checks run in the browser and
//! on the server.

use crate::FieldErrors;
use crate::message::{check_message, visitor};
use serde::{Deserialize, Serialize};

/// What a message is about, as the form offers it.
pub const TOPICS: [(&str, &str); 5] = [
    ("platform", "A problem with Tandem"),
    ("match", "My match"),
    ("training", "My training"),
    ("partnership", "Partnership"),
    ("other", "Something else"),
];

/// Topics only the get-involved page files messages under.
pub const OFFER_TOPICS: [(&str, &str); 1] = [("in_kind", "An offer in kind")];

pub fn topic_label(key: &str) -> &'static str {
    TOPICS.iter().chain(OFFER_TOPICS.iter()).find(|(k, _)| *k == key).map(|(_, l)| *l).unwrap_or("Something else")
}

/// Where a thread stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
pub enum EnquiryStatus {
    /// Waiting for the team.
    #[cfg_attr(feature = "db", sea_orm(string_value = "open"))]
    Open,
    /// The team replied; a new message from the person opens it again.
    #[cfg_attr(feature = "db", sea_orm(string_value = "answered"))]
    Answered,
    #[cfg_attr(feature = "db", sea_orm(string_value = "closed"))]
    Closed,
}

impl EnquiryStatus {
    pub const ALL: [EnquiryStatus; 3] = [EnquiryStatus::Open, EnquiryStatus::Answered, EnquiryStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            EnquiryStatus::Open => "open",
            EnquiryStatus::Answered => "answered",
            EnquiryStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<EnquiryStatus> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            EnquiryStatus::Open => "Waiting for the team",
            EnquiryStatus::Answered => "Answered",
            EnquiryStatus::Closed => "Closed",
        }
    }
}

/// What the contact form sends. A signed-in person's name and address come from their
/// account, so only a visitor types them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EnquiryInput {
    pub name: String,
    pub email: String,
    pub topic: Option<String>,
    pub message: String,
}

/// A checked message: the sender (for a visitor) and the topic's key.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidEnquiry {
    pub sender: Option<(String, String)>,
    pub topic: &'static str,
    pub message: String,
}

impl EnquiryInput {
    /// `signed_in`: the sender is known, so name and email are not asked.
    pub fn validate(&self, signed_in: bool) -> Result<ValidEnquiry, FieldErrors> {
        let mut e = FieldErrors::new();
        let sender = visitor(&mut e, signed_in, &self.name, &self.email);
        let topic = TOPICS.iter().find(|(k, _)| Some(*k) == self.topic.as_deref()).map(|(k, _)| *k);
        if topic.is_none() {
            e.add("topic", "Choose what your message is about");
        }
        check_message(&mut e, "message", &self.message);
        e.into_result(|| ValidEnquiry {
            sender,
            topic: topic.unwrap_or("other"),
            message: self.message.trim().to_owned(),
        })
    }
}

/// A reply (from staff) or a follow-up (from the person).
pub fn validate_reply(body: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    check_message(&mut e, "body", body);
    e.into_result(|| body.trim().to_owned())
}

/// One message in a thread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnquiryMessage {
    /// "You", the person's name, or "Sam from the Tandem team".
    pub from: String,
    pub from_team: bool,
    pub body: String,
    /// "7 Dec 2026, 10:04".
    pub at: String,
}

/// A thread as its writer or staff read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnquiryThread {
    pub id: i64,
    pub name: String,
    /// Shown to staff only (empty for the person).
    pub email: String,
    pub topic: String,
    pub status: EnquiryStatus,
    pub started: String,
    /// For staff: the match the thread is about, when it began from "How is it going?".
    #[serde(default)]
    pub match_id: Option<i64>,
    /// An offer's organisation and what it offers (from the get-involved page).
    #[serde(default)]
    pub details: crate::get_involved::OrganisationDetails,
    pub messages: Vec<EnquiryMessage>,
}

/// A line of the staff queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnquiryRow {
    pub id: i64,
    pub name: String,
    pub topic: String,
    /// The first words of the latest message.
    pub preview: String,
    pub status: EnquiryStatus,
    pub updated: String,
    /// Whether the person has an account (a visitor is answered by email only).
    pub has_account: bool,
    /// An offer's organisation, type and region, on one line (empty for other messages).
    #[serde(default)]
    pub organisation: String,
}

/// The staff queue: one status's threads, and how many each status holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnquiryQueue {
    pub status: EnquiryStatus,
    pub counts: Vec<(EnquiryStatus, u64)>,
    pub rows: Vec<EnquiryRow>,
}

/// The first `n` characters of a message on one line, for lists.
pub fn preview(body: &str, n: usize) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n { flat } else { format!("{}…", flat.chars().take(n).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::MAX_MESSAGE;

    #[test]
    fn a_visitor_gives_a_name_and_address_and_everyone_a_topic_and_message() {
        let e =
            EnquiryInput { name: "".into(), email: "nope".into(), topic: Some("gossip".into()), message: "hi".into() }
                .validate(false)
                .expect_err("refused");
        assert_eq!(e.get("name"), Some("Enter your full name"));
        assert!(e.get("email").is_some_and(|m| m.contains("correct format")));
        assert_eq!(e.get("topic"), Some("Choose what your message is about"));
        assert_eq!(e.get("message"), Some("Tell us a little more: at least 10 characters"));

        let signed_in = EnquiryInput {
            topic: Some("match".into()),
            message: "  My mentor has not replied.  ".into(),
            ..Default::default()
        };
        let ok = signed_in.validate(true).expect("valid");
        assert_eq!((ok.sender, ok.topic, ok.message.as_str()), (None, "match", "My mentor has not replied."));
        assert!(signed_in.validate(false).is_err(), "a visitor must say who they are");

        let visitor = EnquiryInput {
            name: " Ada  Lovelace ".into(),
            email: "ADA@Example.org".into(),
            topic: Some("partnership".into()),
            message: "We are a school interested in joining.".into(),
        };
        let ok = visitor.validate(false).expect("valid");
        assert_eq!(ok.sender, Some(("Ada Lovelace".to_string(), "ada@example.org".to_string())));
        assert!(EnquiryInput { message: "x".repeat(MAX_MESSAGE + 1), ..visitor }.validate(false).is_err());
    }

    #[test]
    fn statuses_round_trip_and_previews_are_short() {
        for s in EnquiryStatus::ALL {
            assert_eq!(EnquiryStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(EnquiryStatus::parse("lost"), None);
        assert_eq!(preview("one\n two   three", 40), "one two three");
        assert_eq!(preview("abcdefghij", 4), "abcd…");
        assert_eq!(validate_reply("  ").expect_err("refused").get("body"), Some("Enter your message"));
    }
}
