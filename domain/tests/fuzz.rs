//! Property-based fuzzing of everything that reads user text: the message filter, the form
//! validators, the email, name, money and list parsers, and the CSV writer. Each target runs
//! `TANDEM_FUZZ_CASES` random inputs (2,000 by default; the README's fuzz command runs far
//! more in release) from a generator mixing ASCII, digits, separators, look-alike letters,
//! full-width forms, emoji and control characters, and prints how many it executed.
//!
//! Beyond "never panics", each target checks a property that a bug would break.

use chrono::NaiveDate;
use domain::impact::{ImpactFilter, csv_field};
use domain::mentoring::{parse_pounds, pounds, validate_message};
use domain::moderation::{HoldReason, moderate};
use domain::safeguarding::{ConcernInput, EntryInput};
use domain::{Email, PersonName, RegistrationInput};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cases() -> u32 {
    std::env::var("TANDEM_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000)
}

/// User-ish text: mostly ASCII words, with the characters evasions and bugs live in.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => "[a-zA-Z0-9 ]{0,12}",
        1 => "[@.:/_+=\\-'\"#,;]{1,3}",
        1 => "[０-９ａ-ｚ＠．]{1,4}",
        1 => "[àéîõüßøÆŒ]{1,3}",
        1 => "[\u{0430}\u{0435}\u{043e}\u{0440}\u{0441}\u{0445}]{1,3}",
        1 => "[\u{1F600}-\u{1F64F}]{1,2}",
        1 => "[\t\r\n\u{0}\u{200B}\u{FEFF}]{1,2}",
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect::<String>()),
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

/// Runs one target and returns how many inputs it executed.
fn run<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) -> u64
where
    S::Value: std::fmt::Debug,
{
    let n = cases();
    let mut runner = TestRunner::new(Config { cases: n, failure_persistence: None, ..Config::default() });
    let executed = std::cell::Cell::new(0u64);
    let result = runner.run(&strategy, |v| {
        executed.set(executed.get() + 1);
        test(v)
    });
    if let Err(e) = result {
        panic!("fuzz target {name} failed: {e}");
    }
    println!("fuzz {name:<28} {:>9} executions", executed.get());
    executed.get()
}

#[test]
fn fuzz_every_text_parser() {
    let mut total = 0;
    total += run("moderation (any text)", text(), |s| {
        let _ = moderate(&s);
        Ok(())
    });
    total += run("moderation (hidden email)", (text(), text()), |(a, b)| {
        let r = moderate(&format!("{a} reach me at sam.jones@example.com {b}"));
        prop_assert!(r.contains(&HoldReason::Email), "{r:?}");
        Ok(())
    });
    total += run("moderation (hidden phone)", (text(), text()), |(a, b)| {
        let r = moderate(&format!("{a} call 07700 900123 {b}"));
        prop_assert!(r.contains(&HoldReason::Phone), "{r:?}");
        Ok(())
    });
    total += run("csv field", text(), |s| {
        let f = csv_field(&s);
        prop_assert!(f.len() >= 2 && f.starts_with('"') && f.ends_with('"'));
        let inner = f[1..f.len() - 1].replace("\"\"", "\"");
        let quoted = format!("'{}", s);
        prop_assert!(inner == s || inner == quoted, "{} does not hold {:?}", f, s);
        prop_assert!(!inner.starts_with(['=', '+', '-', '@', '\t', '\r']), "formula not neutralised: {f}");
        Ok(())
    });
    total += run("email", text(), |s| {
        if let Ok(e) = Email::parse(&s) {
            let e = e.as_str();
            prop_assert_eq!(e.matches('@').count(), 1);
            prop_assert!(!e.chars().any(char::is_whitespace));
            prop_assert_eq!(e.to_lowercase(), e);
        }
        Ok(())
    });
    total += run("person name", text(), |s| {
        if let Ok(n) = PersonName::parse(&s) {
            prop_assert_eq!(n.as_str().trim(), n.as_str());
            prop_assert!(!n.as_str().is_empty());
        }
        Ok(())
    });
    total += run("money", text(), |s| {
        if let Some(p) = parse_pounds(&s) {
            prop_assert!(p >= 0);
            prop_assert_eq!(parse_pounds(&pounds(p)), Some(p));
        }
        Ok(())
    });
    total += run("message", text(), |s| {
        if let Ok(b) = validate_message(&s) {
            prop_assert!(!b.is_empty() && b.chars().count() <= 2000);
        }
        Ok(())
    });
    total += run("concern report", (text(), text(), text(), text(), text()), |(c, u, w, d, m)| {
        let input = ConcernInput { category: Some(c), urgency: Some(u), what: w, happened_on: d, match_id: m };
        if let Ok(v) = input.validate(today()) {
            prop_assert!(v.what.chars().count() >= 10);
            prop_assert!(v.happened_on <= today());
        }
        Ok(())
    });
    total += run("case entry", (text(), text(), text()), |(k, t, r)| {
        let input = EntryInput { kind: Some(k), text: t, reason: r, status: String::new() };
        prop_assert!(input.validate().is_err() || !input.text.trim().is_empty());
        Ok(())
    });
    total += run("report filters", (text(), text(), text(), text(), text()), |(y, c, r, p, a)| {
        let f = ImpactFilter {
            instrument: Some(a.clone()),
            year: Some(y),
            cohort: Some(c),
            region: Some(r),
            partner: Some(p),
            age_group: Some(a),
        };
        let _ = f.validate();
        Ok(())
    });
    total += run("registration", (text(), text(), text(), text()), |(n, e, p, d)| {
        let r = RegistrationInput { name: n, email: e, password: p, date_of_birth: d, role: "young_person".into() };
        if let Ok(v) = r.validate(today()) {
            prop_assert!(domain::age_on(v.date_of_birth, today()) >= 14);
        }
        Ok(())
    });
    total += run("password policy", (text(), text()), |(p, name)| {
        let _ = domain::password::check(&p, &[&name]);
        Ok(())
    });
    total += run("list splitting", text(), |s| {
        for item in domain::profiles::split_list(&s) {
            prop_assert!(!item.contains(','));
        }
        Ok(())
    });
    println!("fuzz total                        {total:>9} executions");
}
