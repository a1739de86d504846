//! The message filter: messages between a mentor and a young person that carry contact
//! details (email addresses, phone numbers, links, social handles) or safeguarding
//! watch-words are held for staff review before delivery.
//!
//! People who want to get round a filter space letters out ("w h a t s a p p"), change case,
//! swap in look-alike characters (Cyrillic "а", full-width "＠", "0" for "o"), or spell out
//! symbols and digits ("jo at gmail dot com", "oh seven seven..."). So every check runs on
//! normalised forms of the text: look-alikes folded to plain letters, invisible characters
//! dropped, "at"/"dot" turned back into symbols, number words into digits, and a "squashed"
//! form with every non-letter removed for phrases. A false hold costs a short delay while
//! staff look; a missed one can cost a child's safety, so the filter leans towards holding.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HoldReason {
    Email,
    Phone,
    Link,
    Social,
    WatchWord,
}

impl HoldReason {
    pub fn label(self) -> &'static str {
        match self {
            HoldReason::Email => "an email address",
            HoldReason::Phone => "a phone number",
            HoldReason::Link => "a link",
            HoldReason::Social => "a social media handle or app",
            HoldReason::WatchWord => "words our safeguarding team reviews",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HoldReason::Email => "email",
            HoldReason::Phone => "phone",
            HoldReason::Link => "link",
            HoldReason::Social => "social",
            HoldReason::WatchWord => "watch_word",
        }
    }

    pub fn parse(s: &str) -> Option<HoldReason> {
        [HoldReason::Email, HoldReason::Phone, HoldReason::Link, HoldReason::Social, HoldReason::WatchWord]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// What both sides are told wherever they write a message.
pub const MODERATION_NOTICE: &str = "Messages are kept and moderated to keep everyone safe. A message with contact \
details (email, phone, social media, links) or certain words is held until our team has read it.";

/// Social apps and handles' markers, matched in the squashed form (letters only).
const SOCIAL_SQUASHED: &[&str] = &[
    "whatsapp",
    "snapchat",
    "instagram",
    "telegram",
    "facebook",
    "tiktok",
    "discord",
    "messenger",
    "wechat",
    "onlyfans",
    "twitter",
    "linkedin",
];

/// Social words matched as whole words (too short to match inside other words safely).
const SOCIAL_WORDS: &[&str] = &["insta", "snap", "ig", "fb", "kik", "wa", "sc", "dm", "dms", "xbox", "psn", "twt"];

/// Phrases that ask for or offer contact outside Tandem, matched in the squashed form.
const CONTACT_PHRASES: &[&str] = &[
    "mynumber",
    "mynum",
    "textme",
    "callme",
    "ringme",
    "addme",
    "followme",
    "messagemeon",
    "myemail",
    "emailme",
    "yournumber",
    "youremail",
    "privatemessage",
    "myphone",
];

/// Safeguarding watch-words and phrases, matched in the squashed form.
const WATCH_PHRASES: &[&str] = &[
    "donttell",
    "dontsaytoanyone",
    "donttellanyone",
    "ourlittlesecret",
    "oursecret",
    "keepitsecret",
    "keepthissecret",
    "keepthisbetweenus",
    "justbetweenus",
    "nooneneedstoknow",
    "nobodyneedstoknow",
    "nobodyhastoknow",
    "deletethis",
    "deletethechat",
    "deleteourmessages",
    "deletethemessages",
    "comealone",
    "meetalone",
    "justthetwoofus",
    "areyoualone",
    "areyouonyourown",
    "sendmeaphoto",
    "sendmeapic",
    "sendapic",
    "sendpics",
    "sendaphoto",
    "sendmeaselfie",
    "sendaselfie",
    "whatareyouwearing",
    "homeaddress",
    "whereyoulive",
    "wheredoyoulive",
    "comeroundmine",
    "cometomyhouse",
    "cometomyflat",
    "pickyouup",
    "lifthome",
    "giveyoualift",
    "sleepover",
    "killmyself",
    "hurtmyself",
    "selfharm",
    "suicide",
    "endmylife",
    "wanttodie",
    "hitsme",
    "touchedme",
    "sexy",
    "naked",
    "nudes",
    "buyyou",
    "giveyoumoney",
    "lendyou",
];

/// Top-level domains that make "word.tld" a link.
const TLDS: &[&str] = &[
    "com", "uk", "org", "net", "io", "me", "ly", "gg", "app", "tv", "be", "co", "info", "biz", "link", "site", "xyz",
    "live", "online", "ru", "de", "fr",
];

/// One character folded to its plain lower-case look-alike; `None` drops it (invisible).
fn fold_char(c: char) -> Option<char> {
    let c = match c {
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{034F}' => return None,
        // Full-width forms.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{FE6B}' => '@',
        '\u{3002}' | '\u{FF61}' | '\u{2024}' | '\u{FE52}' => '.',
        // Cyrillic look-alikes.
        'а' | 'А' => 'a',
        'в' | 'В' => 'b',
        'е' | 'Е' | 'ё' | 'Ё' => 'e',
        'к' | 'К' => 'k',
        'м' | 'М' => 'm',
        'н' | 'Н' => 'h',
        'о' | 'О' => 'o',
        'р' | 'Р' => 'p',
        'с' | 'С' => 'c',
        'т' | 'Т' => 't',
        'у' | 'У' => 'y',
        'х' | 'Х' => 'x',
        'і' | 'І' => 'i',
        'ј' | 'Ј' => 'j',
        'ѕ' | 'Ѕ' => 's',
        'ԁ' => 'd',
        'ɡ' => 'g',
        // Greek look-alikes.
        'α' | 'Α' => 'a',
        'β' | 'Β' => 'b',
        'ε' | 'Ε' => 'e',
        'η' | 'Η' => 'h',
        'ι' | 'Ι' => 'i',
        'κ' | 'Κ' => 'k',
        'μ' | 'Μ' => 'm',
        'ν' | 'Ν' => 'v',
        'ο' | 'Ο' => 'o',
        'ρ' | 'Ρ' => 'p',
        'τ' | 'Τ' => 't',
        'υ' | 'Υ' => 'u',
        'χ' | 'Χ' => 'x',
        'ζ' | 'Ζ' => 'z',
        // Accented Latin letters.
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ı' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        'ý' | 'ÿ' | 'Ý' => 'y',
        // Circled and other digit look-alikes are rare; letters are what matter most.
        other => other,
    };
    Some(c.to_ascii_lowercase())
}

/// Leetspeak digits and symbols read as letters (for words, never for phone numbers).
fn leet(c: char) -> char {
    match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        '9' => 'g',
        other => other,
    }
}

const NUMBER_WORDS: &[(&str, char)] = &[
    ("zero", '0'),
    ("oh", '0'),
    ("nought", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
];

/// The normalised forms of a message.
struct Forms {
    /// Folded, lower case, with spelled-out "at"/"dot" as symbols and spaces around them closed.
    symbols: String,
    /// Letters only, leetspeak read as letters.
    squashed: String,
    /// Per letter of `squashed`: whether it starts a word (a phrase must start at one).
    starts: Vec<bool>,
    /// Whole words (letters and digits runs), leetspeak read as letters.
    words: Vec<String>,
}

fn forms(text: &str) -> Forms {
    let folded: String = text.chars().filter_map(fold_char).collect();
    // "at"/"dot" spelled out, in brackets or as words.
    let mut t = folded.clone();
    for (from, to) in [
        ("(at)", "@"),
        ("[at]", "@"),
        ("{at}", "@"),
        ("(dot)", "."),
        ("[dot]", "."),
        ("{dot}", "."),
        (" at ", " @ "),
        (" dot ", " . "),
        (" d0t ", " . "),
    ] {
        t = t.replace(from, to);
    }
    // Close the spaces around '@' and '.' so "jo @ gmail . com" reads as one address.
    let mut symbols = String::with_capacity(t.len());
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = symbols.trim_end().chars().last();
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(prev, Some('@') | Some('.')) || matches!(next, Some('@') | Some('.')) {
                continue;
            }
        }
        symbols.push(c);
    }
    let leeted: String = folded.chars().map(leet).collect();
    let mut squashed = String::new();
    let mut starts = Vec::new();
    let mut prev_letter = false;
    for c in leeted.chars() {
        let letter = c.is_ascii_alphabetic();
        if letter {
            squashed.push(c);
            starts.push(!prev_letter);
        }
        prev_letter = letter;
    }
    let words =
        leeted.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
    Forms { symbols, squashed, starts, words }
}

fn is_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

fn has_email(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        if c != '@' {
            return false;
        }
        let before = chars[..i].iter().rev().take_while(|c| is_local(**c)).count();
        let after: String = chars[i + 1..].iter().take_while(|c| is_domain(**c)).collect();
        before > 0 && after.trim_matches('.').contains('.')
    })
}

/// An '@' that starts a handle ("@jo_smith"), not inside an address.
fn has_handle(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        c == '@'
            && (i == 0 || !is_local(chars[i - 1]))
            && chars[i + 1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count() >= 3
    })
}

fn has_link(s: &str) -> bool {
    if s.contains("http") || s.contains("www.") || s.contains("://") {
        return true;
    }
    // word.tld, where tld ends the token.
    // Words that hold an '@' are addresses or handles, reported as such.
    s.split_whitespace()
        .filter(|word| !word.contains('@'))
        .flat_map(|word| word.split(|c: char| !(is_domain(c) || c == '/')))
        .any(|tok| {
            let tok = tok.trim_matches(|c| c == '.' || c == '/');
            let mut parts = tok.split('.');
            let Some(first) = parts.next() else { return false };
            let rest: Vec<&str> = parts.collect();
            !first.is_empty()
                && first.chars().any(|c| c.is_ascii_alphabetic())
                && rest.last().is_some_and(|tld| TLDS.contains(&tld.split('/').next().unwrap_or("")))
        })
}

/// The longest run of digits (or number words) separated only by spaces and phone punctuation.
fn longest_digit_run(text: &str) -> usize {
    let folded: String = text.chars().filter_map(fold_char).collect();
    let mut best = 0;
    let mut run = 0;
    let mut gap = 0;
    // Tokens: digits, number words, separators; anything else ends the run.
    let mut word = String::new();
    let flush_word = |word: &mut String, run: &mut usize, gap: &mut usize, best: &mut usize| {
        if word.is_empty() {
            return;
        }
        if NUMBER_WORDS.iter().any(|(w, _)| w == word) {
            *run += 1;
            *gap = 0;
        } else if let Some(extra) = match word.as_str() {
            // "double seven" is two digits: the word adds one, the next word the other.
            "double" | "hundred" => Some(1 + (word == "hundred") as usize),
            "triple" | "thousand" => Some(2 + (word == "thousand") as usize),
            _ => None,
        } {
            *run += extra;
            *gap = 0;
        } else {
            *best = (*best).max(*run);
            *run = 0;
        }
        word.clear();
    };
    for c in folded.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
            continue;
        }
        flush_word(&mut word, &mut run, &mut gap, &mut best);
        if c.is_ascii_digit() {
            run += 1;
            gap = 0;
        } else if matches!(c, ' ' | '-' | '.' | '(' | ')' | '/' | '+' | '_' | ',') {
            gap += 1;
            if gap > 3 {
                best = best.max(run);
                run = 0;
            }
        } else {
            best = best.max(run);
            run = 0;
        }
    }
    flush_word(&mut word, &mut run, &mut gap, &mut best);
    best.max(run)
}

impl Forms {
    /// `phrase` occurs in the squashed form starting at a word start (so "ring me" is not
    /// found in "bring me"), and, when `whole`, ending at a word end too.
    fn has(&self, phrase: &str, whole: bool) -> bool {
        let s = self.squashed.as_bytes();
        let p = phrase.as_bytes();
        (0..s.len().saturating_sub(p.len() - 1)).any(|i| {
            self.starts[i] && s[i..].starts_with(p) && (!whole || i + p.len() == s.len() || self.starts[i + p.len()])
        })
    }
}

/// Why a message must be held, if it must: empty means it can be delivered.
pub fn moderate(text: &str) -> Vec<HoldReason> {
    let f = forms(text);
    let mut reasons = Vec::new();
    if has_email(&f.symbols) {
        reasons.push(HoldReason::Email);
    }
    if longest_digit_run(text) >= 9 {
        reasons.push(HoldReason::Phone);
    }
    if has_link(&f.symbols) {
        reasons.push(HoldReason::Link);
    }
    let social = has_handle(&f.symbols)
        || SOCIAL_SQUASHED.iter().any(|w| f.has(w, false))
        || f.words.iter().any(|w| SOCIAL_WORDS.contains(&w.as_str()))
        || CONTACT_PHRASES.iter().any(|p| f.has(p, true));
    if social {
        reasons.push(HoldReason::Social);
    }
    if WATCH_PHRASES.iter().any(|p| f.has(p, false)) {
        reasons.push(HoldReason::WatchWord);
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_messages_pass() {
        for m in [
            "Hi Leah, great to meet you today. See you next month!",
            "I looked at the apprenticeship we talked about: the deadline is 14 March.",
            "Thanks for your help with my CV, I feel much more confident now.",
            "Can we do 6pm on Tuesday 3rd instead? I have football at 5.",
        ] {
            assert_eq!(moderate(m), vec![], "{m}");
        }
    }

    #[test]
    fn contact_details_are_held_however_they_are_written() {
        assert_eq!(moderate("mail me: jo.smith@gmail.com"), vec![HoldReason::Email]);
        assert!(moderate("jo dot smith at gmail dot com").contains(&HoldReason::Email));
        assert!(moderate("jo ＠ gmаil . com").contains(&HoldReason::Email), "full-width @ and Cyrillic а");
        assert!(moderate("07700 900 123").contains(&HoldReason::Phone));
        assert!(moderate("oh seven seven double oh nine hundred one two three").contains(&HoldReason::Phone));
        assert!(moderate("+44 (0)7700-900-123").contains(&HoldReason::Phone));
        assert!(moderate("w h a t s a p p me").contains(&HoldReason::Social));
        assert!(moderate("add me on 1nstagram").contains(&HoldReason::Social));
        assert!(moderate("my snap is jo_s").contains(&HoldReason::Social));
        assert!(moderate("look at www.example.com").contains(&HoldReason::Link));
        assert!(moderate("D0N'T T3LL your mum").contains(&HoldReason::WatchWord));
        assert!(moderate("it's our l i t t l e secret").contains(&HoldReason::WatchWord));
    }

    #[test]
    fn dates_times_and_money_are_not_phone_numbers() {
        assert_eq!(longest_digit_run("on 12/03/2025 at 18:30"), 8);
        assert!(moderate("The course costs £9,250 a year from 2025").is_empty());
    }
}
