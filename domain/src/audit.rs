//! The audit log in words for the staff and safeguarding leads who read it. The log itself
//! keeps short machine keys ("login.failure", "user:81") inside its hash chain; these are
//! turned into names and plain wording only when shown.

use std::collections::HashMap;

/// What happened, in words; an unknown key is shown as it is.
pub fn event_words(event: &str) -> String {
    match event {
        "account.created" => "Account created",
        "case.entry" => "Case note added",
        "case.raised" => "Concern raised",
        "case.view_denied" => "Refused a case file",
        "case.viewed" => "Opened a case file",
        "instrument.activate" => "Questionnaire put in use",
        "instrument.install" => "Questionnaire installed",
        "login.failure" => "Sign-in failed",
        "login.success" => "Signed in",
        "mentor.decision" => "Mentor application decided",
        "join_code.lifted" => "Join code limit lifted",
        "match.suspended" => "Match suspended",
        "partner.safeguarding_contact" => "Safeguarding contact named",
        "match.resumed" => "Match resumed",
        "user.suspended" => "Account suspended",
        "user.reinstated" => "Account reinstated",
        "password.changed" => "Password changed",
        "password.reset" => "Password reset by email link",
        "privacy.erased" => "Account erased",
        "privacy.export" => "Downloaded their data",
        "two_step.disabled" => "Two-step verification turned off",
        "two_step.enabled" => "Two-step verification turned on",
        other => other,
    }
    .to_string()
}

/// The account numbers a subject or detail names ("user:81"), to look up their names.
pub fn accounts_named(text: &str) -> Option<i64> {
    text.strip_prefix("user:").and_then(|n| n.parse().ok())
}

/// Whom or what an entry is about: a person's name, a case's reference, a match.
pub fn subject_words(subject: &str, names: &HashMap<i64, String>) -> String {
    if let Some(id) = accounts_named(subject) {
        return names.get(&id).cloned().unwrap_or_else(|| format!("A removed account (number {id})"));
    }
    if let Some(id) = subject.strip_prefix("case:").and_then(|n| n.parse::<i64>().ok()) {
        return format!("Case {}", crate::safeguarding::reference(id));
    }
    if let Some(id) = subject.strip_prefix("match:") {
        return format!("Match {id}");
    }
    if subject.starts_with("email:") {
        return "An email address with no account".to_string();
    }
    if let Some(v) = subject.strip_prefix("instrument:") {
        return format!("Questionnaire version {v}");
    }
    subject.to_string()
}

/// The entry's detail in plain words.
pub fn detail_words(event: &str, detail: &str) -> String {
    if let Some(why) = detail.strip_prefix("second step: ") {
        return match why {
            "Wrong" => "wrong two-step code".to_string(),
            "Used" => "a two-step code that had already been used".to_string(),
            "Format" => "a two-step code in the wrong format".to_string(),
            other => format!("two-step code refused ({})", other.to_lowercase()),
        };
    }
    if let Some(id) = detail.strip_prefix("case:").and_then(|n| n.parse::<i64>().ok()) {
        return format!("under case {}", crate::safeguarding::reference(id));
    }
    if let Some(role) = detail.strip_prefix("role ") {
        return crate::Role::parse(role).map(|r| format!("as {}", r.label())).unwrap_or_else(|| detail.to_string());
    }
    match (event, detail) {
        // Which sign-in session it was, kept only so that a reload is not counted twice.
        ("case.viewed", _) => String::new(),
        ("case.entry", "linked") => "linked the case to a person".to_string(),
        ("login.success", "password") => "with a password".to_string(),
        ("login.success", "password and code") => "with a password and a two-step code".to_string(),
        ("login.success", "password and code (two-step set up)") => {
            "with a password and a two-step code (two-step verification set up)".to_string()
        }
        ("case.view_denied", role) => crate::Role::parse(role)
            .map(|r| format!("{} may not read case files", r.label()))
            .unwrap_or_else(|| role.to_string()),
        ("mentor.decision", d) => d.replace(" -> ", " to "),
        _ => detail.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_names_and_words() {
        let names = HashMap::from([(81, "Amara Okafor".to_string())]);
        assert_eq!(subject_words("user:81", &names), "Amara Okafor");
        assert_eq!(subject_words("user:82", &names), "A removed account (number 82)");
        assert_eq!(subject_words("case:7", &names), "Case SG-000007");
        assert_eq!(event_words("login.failure"), "Sign-in failed");
        assert_eq!(detail_words("login.failure", "second step: Wrong"), "wrong two-step code");
        assert_eq!(detail_words("account.created", "role coordinator"), "as Mentoring Coordinator");
        assert_eq!(detail_words("mentor.decision", "Waiting for review -> Approved"), "Waiting for review to Approved");
        assert_eq!(detail_words("login.failure", "wrong password"), "wrong password");
    }
}
