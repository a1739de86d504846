//! Certificates of achievement: what one says, and the verification code's format.

use serde::{Deserialize, Serialize};

/// What the certificate says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub name: String,
    pub issued: String,
    pub code: String,
}

/// Letters and digits that cannot be mistaken for each other when read aloud or typed.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// Codes as people type them: any case, with or without dashes and spaces.
pub fn normalise_code(s: &str) -> Option<String> {
    let raw: String = s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    (raw.len() == 12 && raw.bytes().all(|b| ALPHABET.contains(&b)))
        .then(|| format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12]))
}
