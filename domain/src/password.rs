//! The password policy (NCSC-style): length over composition rules, and no passwords
//! that appear in breach lists or that are built from the person's own name or email.

use std::sync::OnceLock;

pub const MIN_CHARS: usize = 8;
/// Long passphrases are welcome; the cap only stops denial-of-service through hashing.
pub const MAX_CHARS: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Enter a password")]
    Empty,
    #[error("Use at least 8 characters")]
    TooShort,
    #[error("Use 128 characters or fewer")]
    TooLong,
    #[error("This password is too common. Try a few unrelated words together")]
    Common,
    #[error("Do not use your name or email address in your password")]
    Personal,
}

fn common_list() -> &'static Vec<String> {
    static LIST: OnceLock<Vec<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("common_passwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    })
}

fn is_common(lower: &str) -> bool {
    let list = common_list();
    let stripped = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    let distinct: std::collections::HashSet<char> = lower.chars().collect();
    // "aaaaaaaa", "abababab" and the like.
    if distinct.len() <= 2 {
        return true;
    }
    list.iter().any(|p| p == lower || (stripped.len() >= 4 && p == stripped)) || is_keyboard_or_number_run(lower)
}

/// Ascending or descending runs such as "abcdefgh" or "98765432".
fn is_keyboard_or_number_run(lower: &str) -> bool {
    let bytes = lower.as_bytes();
    if bytes.len() < MIN_CHARS {
        return false;
    }
    let steps: Vec<i16> = bytes.windows(2).map(|w| w[1] as i16 - w[0] as i16).collect();
    steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1)
}

/// Checks a candidate password. `personal` holds the person's name and email so the
/// password cannot simply repeat them.
pub fn check(password: &str, personal: &[&str]) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars == 0 {
        return Err(PasswordError::Empty);
    }
    if chars < MIN_CHARS {
        return Err(PasswordError::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordError::TooLong);
    }
    let lower = password.to_lowercase();
    if is_common(&lower) {
        return Err(PasswordError::Common);
    }
    for p in personal {
        let p = p.trim().to_lowercase();
        let local = p.split('@').next().unwrap_or("");
        let mut tokens = vec![p.as_str(), local];
        tokens.extend(p.split_whitespace());
        if tokens.iter().any(|t| t.chars().count() >= 4 && lower.contains(t)) {
            return Err(PasswordError::Personal);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules() {
        assert_eq!(check("", &[]), Err(PasswordError::Empty));
        assert_eq!(check("Tr0ub4!", &[]), Err(PasswordError::TooShort));
        assert_eq!(check("Tr0ub4!x", &[]), Ok(()));
        let long64: String = "correct horse battery staple ".repeat(3)[..64].to_string();
        assert_eq!(long64.chars().count(), 64);
        assert_eq!(check(&long64, &[]), Ok(()));
        assert_eq!(check(&"xy".repeat(65), &[]), Err(PasswordError::TooLong));
    }

    #[test]
    fn counts_characters_not_bytes() {
        // Seven characters, many more bytes: still too short.
        assert_eq!(check("ééééééé", &[]), Err(PasswordError::TooShort));
    }

    #[test]
    fn rejects_common_and_trivial_variants() {
        for p in [
            "password",
            "Password1",
            "PASSWORD123!",
            "qwertyuiop",
            "12345678",
            "aaaaaaaaaa",
            "abababab",
            "abcdefghij",
            "98765432",
            "Liverpool2024",
        ] {
            assert_eq!(check(p, &[]), Err(PasswordError::Common), "{p}");
        }
        assert_eq!(check("plum-garden-kettle", &[]), Ok(()));
    }

    #[test]
    fn rejects_personal_details() {
        assert_eq!(check("priya.shah-2024", &["Priya Shah", "priya.shah@example.org"]), Err(PasswordError::Personal));
        assert_eq!(check("xxPriyaxx99", &["Priya", "p@example.org"]), Err(PasswordError::Personal));
        assert_eq!(check("blue-otter-lamp", &["Priya Shah", "priya@example.org"]), Ok(()));
    }
}
