//! The resource library (guides and skill-builders staff publish for mentors, young people
//! or everyone) and the opt-in mentor network directory.

use crate::FieldErrors;
use crate::community::Audience;
use crate::mentoring::text;
use serde::{Deserialize, Serialize};

/// The library's topics: (key, label).
pub const TOPICS: &[(&str, &str)] = &[
    ("getting_started", "Getting started"),
    ("listening", "Listening and good questions"),
    ("goals", "Goals and planning"),
    ("careers", "CVs, applications and interviews"),
    ("wellbeing", "Confidence and wellbeing"),
    ("safeguarding", "Safeguarding and boundaries"),
];

pub fn topic_label(key: &str) -> Option<&'static str> {
    TOPICS.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

/// A guide to read, or a skill-builder: a short exercise a reader can mark as done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResourceKind {
    Guide,
    SkillBuilder,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 2] = [ResourceKind::Guide, ResourceKind::SkillBuilder];

    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Guide => "guide",
            ResourceKind::SkillBuilder => "skill_builder",
        }
    }

    pub fn parse(s: &str) -> Option<ResourceKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::Guide => "Guide",
            ResourceKind::SkillBuilder => "Skill-builder",
        }
    }
}

/// A resource as staff type it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceInput {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub link: String,
    pub topic: Option<String>,
    pub kind: Option<String>,
    pub audience: Option<String>,
    pub minutes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidResource {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub link: Option<String>,
    pub topic: String,
    pub kind: ResourceKind,
    pub audience: Audience,
    pub minutes: i32,
}

impl ResourceInput {
    pub fn validate(&self) -> Result<ValidResource, FieldErrors> {
        let mut e = FieldErrors::new();
        let title = text("title", &self.title, Some("Give the resource a title"), 120, &mut e);
        let summary = text("summary", &self.summary, Some("Say in a sentence what it is for"), 400, &mut e);
        let body = text("body", &self.body, None, 8000, &mut e);
        let link = self.link.trim().to_string();
        if !link.is_empty()
            && (!link.starts_with("https://")
                || link.len() > 400
                || link.contains(char::is_whitespace)
                || link.len() < 12)
        {
            e.add("link", "Give a full web address starting with https://, or leave it empty");
        }
        if body.is_empty() && link.is_empty() {
            e.add("body", "Write the resource, or give a link to it");
        }
        let topic = self.topic.as_deref().filter(|t| topic_label(t).is_some());
        if topic.is_none() {
            e.add("topic", "Choose a topic");
        }
        let kind = self.kind.as_deref().and_then(ResourceKind::parse);
        if kind.is_none() {
            e.add("kind", "Choose a guide or a skill-builder");
        }
        let audience = self.audience.as_deref().and_then(Audience::parse);
        if audience.is_none() {
            e.add("audience", "Choose who it is for");
        }
        let minutes = match self.minutes.trim().parse::<i32>() {
            Ok(m) if (1..=240).contains(&m) => m,
            _ => {
                e.add("minutes", "Give the minutes it takes, from 1 to 240");
                0
            }
        };
        e.into_result(|| ValidResource {
            title,
            summary,
            body,
            link: (!link.is_empty()).then_some(link),
            topic: topic.unwrap_or_default().to_string(),
            kind: kind.unwrap_or(ResourceKind::Guide),
            audience: audience.unwrap_or(Audience::Everyone),
            minutes,
        })
    }
}

/// One resource as readers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub link: Option<String>,
    pub topic: String,
    pub kind: ResourceKind,
    pub audience: Audience,
    pub minutes: i32,
    /// A skill-builder the reader has marked as done.
    pub done: bool,
}

/// A page of the library, newest first, with the cursor for older ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourcePage {
    pub resources: Vec<Resource>,
    pub older: Option<i64>,
    /// The topic shown, when the reader chose one.
    pub topic: Option<String>,
    /// Skill-builders the reader has done, of those they can see.
    pub skill_builders_done: u64,
    pub skill_builders: u64,
    pub can_publish: bool,
    /// Whether the reader may mark skill-builders as done (mentors and young people).
    pub can_complete: bool,
}

/// A mentor's own directory listing, as they type it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingInput {
    pub listed: bool,
    pub note: String,
}

impl ListingInput {
    pub fn validate(&self) -> Result<(bool, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let note = text("note", &self.note, None, 300, &mut e);
        if self.listed && note.is_empty() {
            e.add("note", "Say what you would like to talk about with other mentors");
        }
        e.into_result(|| (self.listed, note))
    }
}

/// One mentor in the network directory: what they chose to share, never a young person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkEntry {
    pub user_id: i64,
    /// First name and the initial of the last.
    pub name: String,
    pub job_title: String,
    pub sector: String,
    pub employer: String,
    pub region: String,
    pub skills: Vec<String>,
    pub note: String,
}

/// A page of the directory, by id, with the reader's own listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkPage {
    pub entries: Vec<NetworkEntry>,
    pub next: Option<i64>,
    pub region: Option<String>,
    /// The reader's own listing (mentors with a profile).
    pub mine: Option<ListingInput>,
    /// Why the directory is closed to this reader (a mentor not yet approved); then it is empty.
    pub closed: Option<String>,
}

/// "Priya Shah" -> "Priya S."
pub fn short_name(full: &str) -> String {
    let mut parts = full.split_whitespace();
    let first = parts.next().unwrap_or("");
    match parts.last().and_then(|l| l.chars().next()) {
        Some(c) => format!("{first} {c}."),
        None => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> ResourceInput {
        ResourceInput {
            title: "Active listening".into(),
            summary: "Ten minutes on listening well.".into(),
            body: "Try this.".into(),
            link: String::new(),
            topic: Some("listening".into()),
            kind: Some("skill_builder".into()),
            audience: Some("mentors".into()),
            minutes: "10".into(),
        }
    }

    #[test]
    fn a_resource_needs_its_fields() {
        let v = ok().validate().expect("valid");
        assert_eq!((v.kind, v.audience, v.minutes, v.link), (ResourceKind::SkillBuilder, Audience::Mentors, 10, None));
        let bad = ResourceInput {
            title: String::new(),
            summary: " ".into(),
            body: "x".repeat(8001),
            link: "http://example.org".into(),
            topic: Some("astrology".into()),
            kind: None,
            audience: Some("aliens".into()),
            minutes: "0".into(),
        };
        let e = bad.validate().expect_err("invalid");
        for f in ["title", "summary", "body", "link", "topic", "kind", "audience", "minutes"] {
            assert!(e.get(f).is_some(), "{f}");
        }
    }

    #[test]
    fn a_link_alone_is_enough() {
        let with_link = ResourceInput { body: String::new(), link: "https://example.org/guide".into(), ..ok() };
        assert_eq!(with_link.validate().expect("valid").link.as_deref(), Some("https://example.org/guide"));
        let spaced = ResourceInput { link: "https://exa mple.org".into(), ..ok() };
        assert!(spaced.validate().expect_err("invalid").get("link").is_some());
        let neither = ResourceInput { body: String::new(), ..ok() };
        assert!(neither.validate().expect_err("invalid").get("body").is_some());
    }

    #[test]
    fn listing_needs_a_note_only_when_listed() {
        assert!(ListingInput { listed: false, note: String::new() }.validate().is_ok());
        assert!(ListingInput { listed: true, note: " ".into() }.validate().is_err());
        assert_eq!(
            ListingInput { listed: true, note: " Happy to talk ".into() }.validate().expect("valid"),
            (true, "Happy to talk".to_string())
        );
    }

    #[test]
    fn short_names_keep_the_first_name_and_an_initial() {
        assert_eq!(short_name("Priya  Shah"), "Priya S.");
        assert_eq!(short_name("Ada Lovelace King"), "Ada K.");
        assert_eq!(short_name("Cher"), "Cher");
    }
}
