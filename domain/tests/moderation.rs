//! The moderation filter against a labelled list of messages, with evasions. Prints the hold
//! rate and the mistakes: `cargo test -p domain --test moderation -- --nocapture`.

use domain::moderation::moderate;

#[test]
fn labelled_messages_are_held_or_passed_as_labelled() {
    let corpus = include_str!("moderation_corpus.txt");
    let mut total = 0;
    let mut held = 0;
    let (mut should_hold, mut evasions, mut evasions_held) = (0, 0, 0);
    let mut wrong = Vec::new();
    for line in corpus.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (label, text) = line.split_once('\t').expect("LABEL<tab>message");
        let expect_hold = match label {
            "HOLD" => true,
            "PASS" => false,
            other => panic!("unknown label {other}"),
        };
        let reasons = moderate(text);
        let hold = !reasons.is_empty();
        total += 1;
        held += hold as usize;
        should_hold += expect_hold as usize;
        if text.contains("(evasion") {
            evasions += 1;
            evasions_held += hold as usize;
        }
        if hold != expect_hold {
            wrong.push(format!("{label}: {text} -> {reasons:?}"));
        }
    }
    println!(
        "moderation: {total} labelled messages, {should_hold} should be held; held {held} ({:.1}% hold rate); evasions held {evasions_held}/{evasions}; {} mistakes",
        100.0 * held as f64 / total as f64,
        wrong.len()
    );
    for w in &wrong {
        println!("  wrong: {w}");
    }
    assert!(total >= 100, "at least 100 labelled messages");
    assert!(evasions >= 15, "the list has evasions");
    assert!(wrong.is_empty(), "{} messages were not treated as labelled:\n{}", wrong.len(), wrong.join("\n"));
}
