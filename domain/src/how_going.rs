//! "How is it going?": once a pair's third session is confirmed, each side tells the team,
//! privately, how the relationship is going. The other side never sees the answer. Someone
//! who says it is not working is offered advice from the team (a message thread linked to
//! the match) as well as the rematch request.

use crate::FieldErrors;
use serde::{Deserialize, Serialize};

/// The prompt appears once this many sessions are confirmed.
pub const AFTER_SESSIONS: usize = 3;

/// Anything a person adds to their answer, for the team.
pub const MAX_COMMENT: usize = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HowGoing {
    Well,
    NotSure,
    NotWorking,
}

impl HowGoing {
    pub const ALL: [HowGoing; 3] = [HowGoing::Well, HowGoing::NotSure, HowGoing::NotWorking];

    pub fn as_str(self) -> &'static str {
        match self {
            HowGoing::Well => "well",
            HowGoing::NotSure => "not_sure",
            HowGoing::NotWorking => "not_working",
        }
    }

    pub fn parse(s: &str) -> Option<HowGoing> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The choice as the form offers it.
    pub fn label(self) -> &'static str {
        match self {
            HowGoing::Well => "Going well",
            HowGoing::NotSure => "Not sure yet",
            HowGoing::NotWorking => "Not working",
        }
    }

    /// What staff read in monitoring: "says it is going well".
    pub fn said(self) -> &'static str {
        match self {
            HowGoing::Well => "going well",
            HowGoing::NotSure => "not sure yet",
            HowGoing::NotWorking => "not working",
        }
    }
}

/// What the form sends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HowGoingInput {
    pub answer: Option<String>,
    /// Anything the person adds, for the team ("comment" on the form).
    pub comment: String,
}

impl HowGoingInput {
    pub fn validate(&self) -> Result<(HowGoing, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let answer = self.answer.as_deref().and_then(HowGoing::parse);
        if answer.is_none() {
            e.add("answer", "Choose how it is going");
        }
        let comment = self.comment.trim();
        if comment.chars().count() > MAX_COMMENT {
            e.add("comment", "Keep this to 1,000 characters or fewer");
        }
        e.into_result(|| (answer.unwrap_or(HowGoing::Well), comment.to_owned()))
    }
}

/// A message asking the team for advice about the match.
pub fn validate_advice(message: &str) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    crate::message::check_message(&mut e, "message", message);
    e.into_result(|| message.trim().to_owned())
}

/// The prompt on a participant's match page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HowGoingCard {
    /// The person's answer so far, if any.
    pub answer: Option<HowGoing>,
    /// "7 Dec 2026", when they answered (or last changed it).
    pub answered_on: Option<String>,
    /// What they added for the team, to change with their answer.
    #[serde(default)]
    pub comment: String,
    /// The person's own advice thread about this match, if they started one.
    pub advice: Option<AdviceThread>,
}

/// A message thread with the team about a match.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdviceThread {
    pub id: i64,
    /// Who wrote (for staff; "You" for the person).
    pub from: String,
    /// The thread's status as its reader understands it.
    pub status: String,
    pub started: String,
}

/// One side's answer as staff read it: "Mentor: not working".
pub fn staff_line(side: &str, answer: HowGoing) -> String {
    format!("{side}: {}", answer.said())
}

/// The risk a relationship carries when someone says it is not working.
pub fn risk(side: &str) -> String {
    format!("{side} says it is not working")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_must_be_one_of_the_three_and_a_comment_is_short() {
        let e = HowGoingInput { answer: None, comment: String::new() }.validate().expect_err("no answer");
        assert_eq!(e.get("answer"), Some("Choose how it is going"));
        let e = HowGoingInput { answer: Some("great".into()), comment: "x".repeat(MAX_COMMENT + 1) }
            .validate()
            .expect_err("bad answer and long comment");
        assert_eq!(e.get("answer"), Some("Choose how it is going"));
        assert_eq!(e.get("comment"), Some("Keep this to 1,000 characters or fewer"));
        let ok = HowGoingInput { answer: Some("not_working".into()), comment: "  We never agree on a time. ".into() }
            .validate()
            .expect("valid");
        assert_eq!(ok, (HowGoing::NotWorking, "We never agree on a time.".to_string()));
        for a in HowGoing::ALL {
            assert_eq!(HowGoing::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn advice_needs_a_real_message() {
        assert_eq!(
            validate_advice("help").expect_err("short").get("message"),
            Some("Tell us a little more: at least 10 characters")
        );
        assert_eq!(validate_advice("  We do not get on at all.  ").expect("valid"), "We do not get on at all.");
        assert_eq!(staff_line("Mentor", HowGoing::NotSure), "Mentor: not sure yet");
        assert_eq!(risk("Young person"), "Young person says it is not working");
    }
}
