//! A message someone writes to the programme team, whichever page sends it (the contact
//! form, a get-involved offer, "How is it going?"): how long it may be, and a visitor's
//! name and email address. The same checks run in the browser and on the server.

use crate::FieldErrors;
use crate::accounts::{Email, PersonName};

pub const MAX_MESSAGE: usize = 5_000;

/// A message of 10 to [`MAX_MESSAGE`] characters, or the error for `field`.
pub fn check_message(e: &mut FieldErrors, field: &str, message: &str) {
    let n = message.trim().chars().count();
    if n == 0 {
        e.add(field, "Enter your message");
    } else if n < 10 {
        e.add(field, "Tell us a little more: at least 10 characters");
    } else if n > MAX_MESSAGE {
        e.add(field, "Your message must be 5,000 characters or fewer");
    }
}

/// A visitor's name and email address, checked (`None` for a signed-in sender, whose come
/// from their account, or when either is wrong, with its error added). The contact form and
/// the get-involved offers ask them the same way.
pub fn visitor(e: &mut FieldErrors, signed_in: bool, name: &str, email: &str) -> Option<(String, String)> {
    if signed_in {
        return None;
    }
    let name = PersonName::parse(name).map_err(|m| e.add("name", m.to_string())).ok();
    let email = Email::parse(email).map_err(|m| e.add("email", m.to_string())).ok();
    name.zip(email).map(|(n, m)| (n.as_str().to_owned(), m.as_str().to_owned()))
}
