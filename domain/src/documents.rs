//! Texts the programme publishes and staff edit: the help centre's answers. Each edit is a
//! new version naming who made it; the rules here (what a valid edit is, which answers a
//! search finds) run in the browser and again on the server.

use crate::FieldErrors;
use serde::{Deserialize, Serialize};

/// One answer in the help centre, as people read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HelpAnswer {
    /// The answer's anchor on `/help` (`/help#where-to-meet`).
    pub slug: String,
    pub question: String,
    pub body: String,
}

/// A heading of the help centre with its answers, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HelpSection {
    pub title: String,
    pub answers: Vec<HelpAnswer>,
}

/// The help centre, or the part of it a search found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HelpCentre {
    /// The search as the person typed it (trimmed); empty shows everything.
    pub query: String,
    pub sections: Vec<HelpSection>,
    /// Answers in the whole help centre, for "3 of 10 answers".
    pub total: usize,
}

impl HelpCentre {
    pub fn shown(&self) -> usize {
        self.sections.iter().map(|s| s.answers.len()).sum()
    }
}

/// Whether an answer matches a search: every word of the search appears in the question or
/// the answer, ignoring case ("meet home" finds "Where should we meet?").
pub fn matches(query: &str, question: &str, body: &str) -> bool {
    let text = format!("{question}\n{body}").to_lowercase();
    query.split_whitespace().all(|w| text.contains(&w.to_lowercase()))
}

/// Longest search kept (a longer one is cut, not refused: it is a filter, not a form).
pub const MAX_QUERY: usize = 100;

pub fn clean_query(query: &str) -> String {
    query.trim().chars().take(MAX_QUERY).collect()
}

/// A text in the staff list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub id: i64,
    pub section: String,
    pub title: String,
    pub version: i32,
    /// Who wrote the current version ("Tandem" for the text it shipped with).
    pub changed_by: String,
    /// "7 Dec 2026".
    pub changed_on: String,
}

/// One version in a text's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentVersionRow {
    pub version: i32,
    pub title: String,
    pub changed_by: String,
    pub changed_on: String,
    /// For a policy: whether this version asked everyone to accept it again.
    pub asks_again: bool,
}

/// A text as staff edit it: the current version and every earlier one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentEdit {
    pub id: i64,
    /// "help" or "policy".
    pub kind: String,
    pub slug: String,
    pub section: String,
    pub title: String,
    pub body: String,
    pub version: i32,
    /// Newest first.
    pub history: Vec<DocumentVersionRow>,
}

/// What staff type to change a text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentInput {
    pub title: String,
    pub body: String,
}

impl DocumentInput {
    /// Checks an edit; returns the title and text as they will be kept (trimmed, with the
    /// browser's line endings made plain so paragraphs split the same way).
    pub fn validate(&self) -> Result<(String, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let title = self.title.trim();
        if title.is_empty() {
            e.add("title", "Enter the question or title");
        } else if title.chars().count() > 200 {
            e.add("title", "The title must be 200 characters or fewer");
        } else if title.contains(['<', '>']) {
            e.add("title", "The title cannot contain < or >");
        }
        let body = self.body.replace("\r\n", "\n");
        let body = body.trim();
        if body.is_empty() {
            e.add("body", "Enter the text");
        } else if body.chars().count() > 20_000 {
            e.add("body", "The text must be 20,000 characters or fewer");
        }
        e.into_result(|| (title.to_owned(), body.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_needs_every_word_in_any_case() {
        assert!(matches("MEET home", "Where should we meet?", "Never meet at either person's home."));
        assert!(!matches("meet bribery", "Where should we meet?", "Never at home."));
        assert!(matches("  ", "Anything", "at all"), "an empty search finds everything");
        assert!(matches("bribery", "Gifts", "the UK Bribery Act 2010"), "the answer's text counts too");
    }

    #[test]
    fn a_long_search_is_cut() {
        assert_eq!(clean_query(&"a".repeat(500)).chars().count(), MAX_QUERY);
        assert_eq!(clean_query("  gifts "), "gifts");
    }

    #[test]
    fn an_edit_needs_a_title_and_text() {
        let e = DocumentInput { title: " ".into(), body: "\r\n".into() }.validate().expect_err("refused");
        assert_eq!(e.get("title"), Some("Enter the question or title"));
        assert_eq!(e.get("body"), Some("Enter the text"));
        let e = DocumentInput { title: "<b>x</b>".into(), body: "x".repeat(20_001) }.validate().expect_err("refused");
        assert!(e.get("title").is_some() && e.get("body").is_some());
        let ok = DocumentInput { title: " Where? ".into(), body: "One.\r\n\r\nTwo.\r\n".into() }.validate();
        assert_eq!(ok, Ok(("Where?".to_string(), "One.\n\nTwo.".to_string())));
    }
}
