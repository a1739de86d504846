//! The evaluation instrument: the same items before and at the end of mentoring, so answers
//! pair. Items belong to three themes and use a five-point agreement scale; some are worded
//! negatively and scored in reverse. Versioned: a changed item is a new version.

use crate::FieldErrors;
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

/// The answer scale of Tandem's own instrument, 1 to 5.
pub const SCALE: &[(i32, &str)] = &[
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
];

/// The most items an instrument may have: a pair row keeps the scored answers of 16
/// positions.
pub const MAX_ITEMS: usize = 16;

impl Theme {
    /// The word used for the theme in an item bank line.
    pub fn key(self) -> &'static str {
        match self {
            Theme::Empowerment => "empowerment",
            Theme::Wellbeing => "wellbeing",
            Theme::SocialConnectedness => "social",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        let s: String = s.trim().to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
        match s.as_str() {
            "empowerment" => Some(Theme::Empowerment),
            "wellbeing" => Some(Theme::Wellbeing),
            "social" | "socialconnectedness" | "connectedness" => Some(Theme::SocialConnectedness),
            _ => None,
        }
    }
}

/// One statement of an instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankItem {
    /// Stable key, stored with each answer.
    pub key: String,
    pub theme: Theme,
    pub text: String,
    /// Worded so that agreeing is the less good answer.
    pub reverse: bool,
}

/// A versioned instrument: Tandem's own, or a licensed one staff install as an item bank.
/// An installed version never changes; a changed item is a new version, so answers given
/// on one version always pair with answers on the same version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    pub version: String,
    pub name: String,
    /// Who holds the licence and on what terms (empty for Tandem's own items).
    pub licence: String,
    /// The copyright or attribution notice shown under the questionnaire, as the licence
    /// asks (empty for none).
    pub attribution: String,
    /// The answer labels, for scores 1, 2, ... in order.
    pub scale: Vec<String>,
    pub items: Vec<BankItem>,
}

impl Instrument {
    /// Tandem's own instrument, written for the programme.
    pub fn builtin() -> Instrument {
        Instrument {
            version: INSTRUMENT_VERSION.into(),
            name: "Tandem's own questionnaire".into(),
            licence: String::new(),
            attribution: String::new(),
            scale: SCALE.iter().map(|(_, l)| l.to_string()).collect(),
            items: ITEMS
                .iter()
                .map(|i| BankItem { key: i.key.into(), theme: i.theme, text: i.text.into(), reverse: i.reverse })
                .collect(),
        }
    }

    pub fn is_builtin(&self) -> bool {
        self.version == INSTRUMENT_VERSION
    }

    /// The highest score on the scale (the lowest is 1).
    pub fn points(&self) -> i32 {
        self.scale.len() as i32
    }

    /// (score, label) for each answer on the scale.
    pub fn scale_choices(&self) -> impl Iterator<Item = (i32, &str)> {
        self.scale.iter().enumerate().map(|(i, l)| (i as i32 + 1, l.as_str()))
    }

    pub fn item(&self, key: &str) -> Option<&BankItem> {
        self.items.iter().find(|i| i.key == key)
    }

    pub fn items_of(&self, theme: Theme) -> impl Iterator<Item = &BankItem> {
        self.items.iter().filter(move |i| i.theme == theme)
    }

    /// The statements in the order the questionnaire shows them (theme by theme), numbered
    /// from 1 as the page numbers them.
    pub fn numbered(&self) -> impl Iterator<Item = (usize, &BankItem)> {
        Theme::ALL.into_iter().flat_map(move |t| self.items_of(t)).enumerate().map(|(n, i)| (n + 1, i))
    }

    /// What to tell someone who left statement `key` unanswered, naming it by its number and
    /// first words, so that a list of several says which is which.
    pub fn unanswered_message(&self, key: &str) -> String {
        match self.numbered().find(|(_, i)| i.key == key) {
            Some((n, item)) => format!("Statement {n}, \u{201c}{}\u{201d}: choose an answer", opening(&item.text, 6)),
            None => "Choose an answer for this statement".into(),
        }
    }

    /// Checks one answer: a known item and a value on the scale.
    pub fn check_answer(&self, key: &str, value: i32) -> Result<&BankItem, String> {
        let it = self.item(key).ok_or_else(|| "Unknown question".to_string())?;
        if (1..=self.points()).contains(&value) { Ok(it) } else { Err("Choose an answer from the scale".into()) }
    }

    /// The score of an answer once reverse-worded items are flipped: the top of the scale is
    /// always the good end.
    pub fn scored(&self, item: &BankItem, value: i32) -> i32 {
        if item.reverse { self.points() + 1 - value } else { value }
    }

    /// Mean scored answer per theme (None for a theme with no answers).
    pub fn theme_means(&self, answers: &[(String, i32)]) -> Vec<(Theme, Option<f64>)> {
        Theme::ALL
            .into_iter()
            .map(|t| {
                let vals: Vec<i32> = answers
                    .iter()
                    .filter_map(|(k, v)| self.item(k).filter(|i| i.theme == t).map(|i| self.scored(i, *v)))
                    .collect();
                let mean = (!vals.is_empty()).then(|| vals.iter().sum::<i32>() as f64 / vals.len() as f64);
                (t, mean)
            })
            .collect()
    }

    /// A theme mean at or below this is low: the bottom quarter of the scale (2 of 5).
    pub fn low_mean(&self) -> f64 {
        1.0 + f64::from(self.points() - 1) / 4.0
    }
}

/// One instrument in the staff list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentSummary {
    pub instrument: Instrument,
    /// New pre-evaluations use it.
    pub active: bool,
    /// The day it was installed (None for Tandem's own).
    pub installed_at: Option<String>,
    /// Evaluations begun on it, and completed pairs.
    pub evaluations: u64,
    pub pairs: u64,
}

/// An item bank as staff type it into the install form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentInput {
    pub version: String,
    pub name: String,
    pub licence: String,
    pub attribution: String,
    /// "yes" when staff confirm the programme holds a licence for it.
    pub licence_confirmed: Option<String>,
    /// One answer label per line, lowest first.
    pub scale: String,
    /// One statement per line: `key | theme | normal or reverse | statement`.
    pub items: String,
}

fn is_key(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
}

impl InstrumentInput {
    pub fn validate(&self) -> Result<Instrument, FieldErrors> {
        let mut e = FieldErrors::new();
        let version = self.version.trim().to_string();
        if version.is_empty() {
            e.add("version", "Enter the version, for example licensed-2027.1");
        } else if !is_key(&version, 40) {
            e.add(
                "version",
                "Use up to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit",
            );
        } else if version == INSTRUMENT_VERSION {
            e.add("version", "That is the version of Tandem's own questionnaire: choose another");
        }
        let name = self.name.trim().to_string();
        if name.is_empty() {
            e.add("name", "Enter the instrument's name");
        } else if name.chars().count() > 120 {
            e.add("name", "Keep the name to 120 characters or fewer");
        }
        let licence = self.licence.trim().to_string();
        if licence.is_empty() {
            e.add("licence", "Say who holds the licence and its reference or terms");
        } else if licence.chars().count() > 500 {
            e.add("licence", "Keep this to 500 characters or fewer");
        }
        let attribution = self.attribution.trim().to_string();
        if attribution.chars().count() > 500 {
            e.add("attribution", "Keep the notice to 500 characters or fewer");
        }
        if self.licence_confirmed.as_deref() != Some("yes") {
            e.add("licence_confirmed", "Confirm that the programme holds a licence to use these items");
        }
        let scale: Vec<String> =
            self.scale.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        if !(2..=7).contains(&scale.len()) {
            e.add("scale", "Give between 2 and 7 answer labels, one per line, lowest first");
        } else if scale.iter().any(|l| l.chars().count() > 40) {
            e.add("scale", "Keep each answer label to 40 characters or fewer");
        } else if (1..scale.len()).any(|i| scale[..i].contains(&scale[i])) {
            e.add("scale", "Each answer label must be different");
        }
        let mut items: Vec<BankItem> = Vec::new();
        let mut line_errors = Vec::new();
        let lines: Vec<(usize, &str)> =
            self.items.lines().enumerate().map(|(n, l)| (n + 1, l.trim())).filter(|(_, l)| !l.is_empty()).collect();
        for (n, line) in &lines {
            let parts: Vec<&str> = line.splitn(4, '|').map(str::trim).collect();
            let [key, theme, kind, text] = parts[..] else {
                line_errors.push(format!("line {n} needs four parts: key | theme | normal or reverse | statement"));
                continue;
            };
            let problem = if !is_key(key, 40) {
                Some("the key uses letters, digits and underscores (up to 40)".to_string())
            } else if items.iter().any(|i| i.key == key) {
                Some(format!("the key {key} is used twice"))
            } else if Theme::parse(theme).is_none() {
                Some("the theme is empowerment, wellbeing or social".to_string())
            } else if !matches!(kind.to_lowercase().as_str(), "normal" | "reverse") {
                Some("say normal or reverse".to_string())
            } else if !(5..=300).contains(&text.chars().count()) {
                Some("the statement needs 5 to 300 characters".to_string())
            } else {
                None
            };
            match (problem, Theme::parse(theme)) {
                (None, Some(theme)) => items.push(BankItem {
                    key: key.to_string(),
                    theme,
                    text: text.to_string(),
                    reverse: kind.eq_ignore_ascii_case("reverse"),
                }),
                (p, _) => line_errors.push(format!("line {n}: {}", p.unwrap_or_default())),
            }
        }
        if !line_errors.is_empty() {
            let shown: Vec<String> = line_errors.iter().take(3).cloned().collect();
            let more = line_errors.len().saturating_sub(3);
            let tail = if more > 0 { format!(" (and {more} more)") } else { String::new() };
            let mut m = shown.join("; ");
            if let Some(first) = m.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            e.add("items", format!("{m}{tail}"));
        } else if lines.is_empty() {
            e.add("items", "Add the statements, one per line");
        } else if items.len() > MAX_ITEMS {
            e.add("items", format!("An instrument has at most {MAX_ITEMS} statements; this one has {}", items.len()));
        } else if let Some(t) = Theme::ALL.into_iter().find(|t| !items.iter().any(|i| i.theme == *t)) {
            e.add("items", format!("Every theme needs at least one statement: {} has none", t.label()));
        }
        e.into_result(|| Instrument { version, name, licence, attribution, scale, items })
    }
}

/// Why end-of-mentoring answers are refused before the end evaluation opens.
pub const END_NOT_OPEN: &str = "The end-of-mentoring questionnaire opens when your mentoring ends";

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
    /// The instrument these answers use (its version is the evaluation's version).
    pub instrument: Instrument,
    /// (item key, answer) for every answer given so far.
    pub answers: Vec<(String, i32)>,
    pub completed: bool,
}

impl EvaluationView {
    pub fn answer(&self, key: &str) -> Option<i32> {
        self.answers.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// What the young person's browser receives: the licence terms are staff's business
    /// (the notice the licence asks for stays).
    pub fn for_respondent(mut self) -> Self {
        self.instrument.licence.clear();
        self
    }

    pub fn unanswered(&self) -> Vec<&BankItem> {
        self.instrument.items.iter().filter(|i| self.answer(&i.key).is_none()).collect()
    }
}

/// The first `words` words of `text`, with an ellipsis when there are more.
fn opening(text: &str, words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    if all.len() <= words {
        all.join(" ")
    } else {
        format!("{}\u{2026}", all[..words].join(" ").trim_end_matches([',', '.', ';', ':']))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unanswered_statement_is_named_by_number_and_first_words() {
        let ins = Instrument::builtin();
        let all: Vec<String> = ins.items.iter().map(|i| ins.unanswered_message(&i.key)).collect();
        let distinct: std::collections::HashSet<&String> = all.iter().collect();
        assert_eq!(distinct.len(), ins.items.len(), "each message names its own statement: {all:?}");
        let (n, first_of_second_theme) =
            ins.numbered().find(|(_, i)| i.theme == Theme::ALL[1]).expect("a second theme");
        let m = ins.unanswered_message(&first_of_second_theme.key);
        assert!(m.starts_with(&format!("Statement {n}, \u{201c}")), "{m}");
        assert!(m.ends_with("\u{201d}: choose an answer"), "{m}");
        let words: Vec<&str> = first_of_second_theme.text.split_whitespace().collect();
        assert!(m.contains(words[0]), "{m}");
        assert_eq!(opening("One two three", 6), "One two three");
        assert_eq!(opening("I feel good about who I am, mostly", 6), "I feel good about who I\u{2026}");
        assert_eq!(ins.unanswered_message("no-such-key"), "Choose an answer for this statement");
    }

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
        let ours = Instrument::builtin();
        let stuck = ours.item("emp_stuck").expect("item");
        assert_eq!(ours.scored(stuck, 5), 1);
        assert_eq!(ours.scored(stuck, 2), 4);
        assert_eq!(ours.scored(ours.item("emp_future").expect("item"), 2), 2);
        assert!(ours.check_answer("emp_future", 6).is_err());
        assert!(ours.check_answer("emp_future", 0).is_err());
        assert!(ours.check_answer("nope", 3).is_err());
        assert_eq!(ours.low_mean(), 2.0);
    }

    #[test]
    fn theme_means_use_scored_values() {
        let a = vec![("emp_future".to_string(), 4), ("emp_stuck".to_string(), 4), ("wb_good".to_string(), 5)];
        let m = Instrument::builtin().theme_means(&a);
        assert_eq!(m[0], (Theme::Empowerment, Some(3.0)));
        assert_eq!(m[1], (Theme::Wellbeing, Some(5.0)));
        assert_eq!(m[2], (Theme::SocialConnectedness, None));
    }

    fn licensed() -> InstrumentInput {
        InstrumentInput {
            version: "licensed-2027.1".into(),
            name: "A licensed wellbeing scale".into(),
            licence: "Licence 123 held by the programme until 2028".into(),
            attribution: "Reproduced under licence.".into(),
            licence_confirmed: Some("yes".into()),
            scale: "None of the time\nRarely\nSome of the time\nOften\nAll of the time\n".into(),
            items: "
                lw_useful | wellbeing | normal | I've been feeling useful
                lw_relaxed | Wellbeing | normal | I've been feeling relaxed
                lw_alone | social connectedness | reverse | I've been feeling alone
                lw_decide | empowerment | normal | I've been able to make up my own mind
            "
            .into(),
        }
    }

    #[test]
    fn an_item_bank_installs_with_its_own_scale_and_reverse_items() {
        let i = licensed().validate().expect("valid");
        assert_eq!(i.items.len(), 4);
        assert_eq!(i.points(), 5);
        assert_eq!(i.scale[0], "None of the time");
        let alone = i.item("lw_alone").expect("item");
        assert_eq!((alone.theme, alone.reverse), (Theme::SocialConnectedness, true));
        assert_eq!(i.scored(alone, 1), 5);
        assert_eq!(i.item("lw_relaxed").map(|x| x.theme), Some(Theme::Wellbeing));
        // A seven-point scale reverses about its own middle.
        let mut seven = licensed();
        seven.scale = (1..=7).map(|n| format!("Point {n}\n")).collect();
        let seven = seven.validate().expect("valid");
        assert_eq!(seven.scored(seven.item("lw_alone").expect("item"), 2), 6);
        assert!(seven.check_answer("lw_alone", 7).is_ok() && seven.check_answer("lw_alone", 8).is_err());
        assert_eq!(seven.low_mean(), 2.5);
    }

    #[test]
    fn respondents_see_the_notice_not_the_licence_terms() {
        let instrument = licensed().validate().expect("valid");
        let view = EvaluationView { kind: EvaluationKind::Pre, instrument, answers: vec![], completed: false };
        let shown = view.for_respondent();
        assert!(shown.instrument.licence.is_empty());
        assert_eq!(shown.instrument.attribution, "Reproduced under licence.");
        assert_eq!(shown.unanswered().len(), 4);
    }

    #[test]
    fn a_bad_item_bank_says_what_is_wrong_where() {
        let field = |f: fn(&mut InstrumentInput), name: &str| -> String {
            let mut input = licensed();
            f(&mut input);
            let e = input.validate().expect_err("invalid");
            e.get(name).unwrap_or_else(|| panic!("no message for {name}: {e}")).to_string()
        };
        assert!(field(|i| i.version = INSTRUMENT_VERSION.into(), "version").contains("Tandem's own"));
        assert!(field(|i| i.version = "has space".into(), "version").contains("letters"));
        assert!(field(|i| i.licence_confirmed = None, "licence_confirmed").contains("licence"));
        assert!(field(|i| i.licence = " ".into(), "licence").contains("licence"));
        assert!(field(|i| i.scale = "Only one".into(), "scale").contains("between 2 and 7"));
        assert!(field(|i| i.scale = "Yes\nYes".into(), "scale").contains("different"));
        let m = field(|i| i.items.push_str("\nbroken line without bars"), "items");
        assert!(m.starts_with("Line 7 needs four parts"), "{m}");
        let m = field(|i| i.items.push_str("\nlw_useful | wellbeing | normal | Again"), "items");
        assert!(m == "Line 7: the key lw_useful is used twice", "{m}");
        let m = field(|i| i.items.push_str("\nx1 | happiness | normal | Something"), "items");
        assert!(m.contains("the theme is"), "{m}");
        let m = field(|i| i.items.push_str("\nx1 | wellbeing | backwards | Something"), "items");
        assert!(m.contains("normal or reverse"), "{m}");
        let m = field(|i| i.items = "a | wellbeing | normal | Statement one".into(), "items");
        assert!(m.contains("Empowerment has none"), "{m}");
        let m = field(
            |i| {
                i.items =
                    (0..17).map(|n| format!("k{n} | {} | normal | Statement {n}\n", Theme::ALL[n % 3].key())).collect()
            },
            "items",
        );
        assert!(m.contains("at most 16"), "{m}");
        assert!(field(|i| i.items = "".into(), "items").contains("one per line"));
    }
}
