//! The evaluation instrument: the same items before and at the end of mentoring, so answers
//! pair. Items belong to three themes and use a five-point agreement scale; some are worded
//! negatively and scored in reverse. Versioned: a changed item is a new version.

use serde::{Deserialize, Serialize};

/// The version of Tandem's own instrument. Answers are stored with the version they used.
pub const INSTRUMENT_VERSION: &str = "tandem-2026.1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Theme {
    Empowerment,
    Wellbeing,
    SocialConnectedness,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Empowerment, Theme::Wellbeing, Theme::SocialConnectedness];

    pub fn label(self) -> &'static str {
        match self {
            Theme::Empowerment => "Empowerment",
            Theme::Wellbeing => "Wellbeing",
            Theme::SocialConnectedness => "Social connectedness",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// Stable key, stored with each answer.
    pub key: &'static str,
    pub theme: Theme,
    pub text: &'static str,
    /// Worded so that agreeing is the less good answer.
    pub reverse: bool,
}

/// Our own items (written for Tandem; not a licensed scale).
pub const ITEMS: &[Item] = &[
    Item {
        key: "emp_future",
        theme: Theme::Empowerment,
        text: "I have a clear idea of what I want to do next in my education or career.",
        reverse: false,
    },
    Item {
        key: "emp_steps",
        theme: Theme::Empowerment,
        text: "I know the steps I need to take to reach my goals.",
        reverse: false,
    },
    Item {
        key: "emp_speak",
        theme: Theme::Empowerment,
        text: "I feel confident speaking up for myself, for example in an interview.",
        reverse: false,
    },
    Item {
        key: "emp_stuck",
        theme: Theme::Empowerment,
        text: "I often feel there is nothing I can do to change my situation.",
        reverse: true,
    },
    Item {
        key: "wb_optimistic",
        theme: Theme::Wellbeing,
        text: "I have been feeling optimistic about the future.",
        reverse: false,
    },
    Item { key: "wb_cope", theme: Theme::Wellbeing, text: "I can cope when things do not go to plan.", reverse: false },
    Item { key: "wb_good", theme: Theme::Wellbeing, text: "I have been feeling good about myself.", reverse: false },
    Item {
        key: "wb_worried",
        theme: Theme::Wellbeing,
        text: "I have been worrying so much that it gets in the way of everyday life.",
        reverse: true,
    },
    Item {
        key: "soc_talk",
        theme: Theme::SocialConnectedness,
        text: "I have someone I can talk to about my plans for the future.",
        reverse: false,
    },
    Item {
        key: "soc_ask",
        theme: Theme::SocialConnectedness,
        text: "I would feel comfortable asking an adult I do not know well for advice.",
        reverse: false,
    },
    Item {
        key: "soc_know",
        theme: Theme::SocialConnectedness,
        text: "I know people who work in jobs I might like to do.",
        reverse: false,
    },
    Item {
        key: "soc_alone",
        theme: Theme::SocialConnectedness,
        text: "I often feel I am on my own with decisions about my future.",
        reverse: true,
    },
];

/// The answer scale, 1 to 5.
pub const SCALE: &[(i32, &str)] = &[
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
];

pub fn item(key: &str) -> Option<&'static Item> {
    ITEMS.iter().find(|i| i.key == key)
}

/// Checks one answer: a known item and a value on the scale.
pub fn check_answer(key: &str, value: i32) -> Result<&'static Item, String> {
    let it = item(key).ok_or_else(|| "Unknown question".to_string())?;
    if SCALE.iter().any(|(v, _)| *v == value) { Ok(it) } else { Err("Choose an answer from the scale".into()) }
}

/// The score of an answer once reverse-worded items are flipped: 5 is always the good end.
pub fn scored(item: &Item, value: i32) -> i32 {
    if item.reverse { 6 - value } else { value }
}

/// Which kind of evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvaluationKind {
    Pre,
    End,
}

impl EvaluationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EvaluationKind::Pre => "pre",
            EvaluationKind::End => "end",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pre" => Some(EvaluationKind::Pre),
            "end" => Some(EvaluationKind::End),
            _ => None,
        }
    }
}

/// A person's evaluation as the form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationView {
    pub kind: EvaluationKind,
    pub version: String,
    /// (item key, answer) for every answer given so far.
    pub answers: Vec<(String, i32)>,
    pub completed: bool,
}

impl EvaluationView {
    pub fn answer(&self, key: &str) -> Option<i32> {
        self.answers.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    pub fn unanswered(&self) -> Vec<&'static Item> {
        ITEMS.iter().filter(|i| self.answer(i.key).is_none()).collect()
    }
}

/// Mean scored answer per theme (None for a theme with no answers).
pub fn theme_means(answers: &[(String, i32)]) -> Vec<(Theme, Option<f64>)> {
    Theme::ALL
        .into_iter()
        .map(|t| {
            let vals: Vec<i32> =
                answers.iter().filter_map(|(k, v)| item(k).filter(|i| i.theme == t).map(|i| scored(i, *v))).collect();
            let mean = (!vals.is_empty()).then(|| vals.iter().sum::<i32>() as f64 / vals.len() as f64);
            (t, mean)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_has_items_and_a_reverse_item() {
        for t in Theme::ALL {
            let items: Vec<_> = ITEMS.iter().filter(|i| i.theme == t).collect();
            assert!(items.len() >= 3, "{t:?}");
            assert!(items.iter().any(|i| i.reverse), "{t:?}");
        }
        let mut keys: Vec<_> = ITEMS.iter().map(|i| i.key).collect();
        keys.dedup();
        assert_eq!(keys.len(), ITEMS.len());
    }

    #[test]
    fn reverse_items_are_flipped() {
        let stuck = item("emp_stuck").expect("item");
        assert_eq!(scored(stuck, 5), 1);
        assert_eq!(scored(stuck, 2), 4);
        assert_eq!(scored(item("emp_future").expect("item"), 2), 2);
        assert!(check_answer("emp_future", 6).is_err());
        assert!(check_answer("nope", 3).is_err());
    }

    #[test]
    fn theme_means_use_scored_values() {
        let a = vec![("emp_future".to_string(), 4), ("emp_stuck".to_string(), 4), ("wb_good".to_string(), 5)];
        let m = theme_means(&a);
        assert_eq!(m[0], (Theme::Empowerment, Some(3.0)));
        assert_eq!(m[1], (Theme::Wellbeing, Some(5.0)));
        assert_eq!(m[2], (Theme::SocialConnectedness, None));
    }
}
