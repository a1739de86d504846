//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as
//! authenticator apps make them. Secrets are 160 random bits, shown to the person in base32
//! and as a QR code of the `otpauth://` address.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;
const DIGITS: u32 = 6;
/// Codes from one step either side are accepted (clock drift).
const WINDOW: i64 = 1;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32, ignoring spaces, hyphens, padding and case (as people type it).
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in s.chars().filter(|c| !matches!(c, ' ' | '-' | '=')) {
        let v = ALPHABET.iter().position(|&a| a as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push(((buffer >> (bits - 8)) & 0xff) as u8);
            bits -= 8;
        }
        buffer &= 0xff;
    }
    Some(out)
}

/// A new random secret, base32.
pub fn new_secret() -> String {
    let mut b = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base32_encode(&b)
}

/// The step a moment falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code for one step (RFC 4226 dynamic truncation).
pub fn code(secret: &[u8], step: i64) -> u32 {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else { return 0 };
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let bin = (u32::from(h[offset]) & 0x7f) << 24
        | u32::from(h[offset + 1]) << 16
        | u32::from(h[offset + 2]) << 8
        | u32::from(h[offset + 3]);
    bin % 10u32.pow(DIGITS)
}

/// The step a typed code matches, if it matches one in the window and is later than the
/// last step already used (a code works once).
pub fn verify(secret_b32: &str, typed: &str, unix_seconds: i64, last_step: Option<i64>) -> Result<i64, TotpError> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if typed.len() != DIGITS as usize || !typed.chars().all(|c| c.is_ascii_digit()) {
        return Err(TotpError::Format);
    }
    let want: u32 = typed.parse().map_err(|_| TotpError::Format)?;
    let secret = base32_decode(secret_b32).ok_or(TotpError::Wrong)?;
    let now = step_at(unix_seconds);
    for step in (now - WINDOW)..=(now + WINDOW) {
        if code(&secret, step) == want {
            return if last_step.is_some_and(|l| step <= l) { Err(TotpError::Used) } else { Ok(step) };
        }
    }
    Err(TotpError::Wrong)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotpError {
    Format,
    Wrong,
    Used,
}

impl TotpError {
    pub fn message(self) -> &'static str {
        match self {
            TotpError::Format => "Enter the 6-digit code from your authenticator app",
            TotpError::Wrong => "That code is not right. Check your app and try the newest code",
            TotpError::Used => "That code has already been used. Wait for the next one in your app",
        }
    }
}

/// The address authenticator apps read from the QR code.
pub fn otpauth_uri(secret_b32: &str, account: &str) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/Tandem:{}?secret={secret_b32}&issuer=Tandem&algorithm=SHA1&digits=6&period=30",
        enc(account)
    )
}

/// The QR code of `uri` as an SVG image (drawn on the server: no script needed).
pub fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(q) => q
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .dark_color(qrcode::render::svg::Color("#000000"))
            .light_color(qrcode::render::svg::Color("#ffffff"))
            .build(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_sha1_vectors() {
        // RFC 6238 appendix B, SHA-1, secret "12345678901234567890"; 8-digit values mod 10^6.
        let secret = b"12345678901234567890";
        for (t, expect) in [
            (59i64, 94_287_082u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            assert_eq!(code(secret, step_at(t)), expect % 1_000_000, "t={t}");
        }
    }

    #[test]
    fn base32_round_trips() {
        for bytes in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", b"12345678901234567890"] {
            assert_eq!(base32_decode(&base32_encode(bytes)).as_deref(), Some(bytes));
        }
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("mzxw 6ytb-oi===").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(base32_decode("not base32!"), None);
    }

    #[test]
    fn a_code_works_once_within_the_window() {
        let secret = new_secret();
        let raw = base32_decode(&secret).expect("decode");
        let t = 1_800_000_000;
        let now = code(&raw, step_at(t));
        let s = verify(&secret, &format!("{now:06}"), t, None).expect("ok");
        assert_eq!(verify(&secret, &format!("{now:06}"), t, Some(s)), Err(TotpError::Used));
        let next = code(&raw, step_at(t) + 1);
        assert!(verify(&secret, &format!("{next:06}"), t, Some(s)).is_ok(), "the next step is in the window");
        let old = code(&raw, step_at(t) - 5);
        assert_eq!(verify(&secret, &format!("{old:06}"), t, None), Err(TotpError::Wrong));
        assert_eq!(verify(&secret, "12ab56", t, None), Err(TotpError::Format));
        assert!(otpauth_uri(&secret, "sam@tandem.example").contains("Tandem:sam%40tandem.example"));
        assert!(qr_svg(&otpauth_uri(&secret, "x")).starts_with("<?xml"));
    }
}
