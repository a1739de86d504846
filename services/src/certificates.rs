//! Certificates of achievement: issued automatically once a mentor has completed the online
//! training and attended a workshop, with a code anyone can check at a public address.

use crate::entities::{certificate, user};
use crate::error::insert_if_absent;
use crate::pdf::{self, Line};
use crate::{ServiceError, workshops};
use chrono::{DateTime, Utc};
pub use domain::certificates::{ALPHABET, Certificate, normalise_code};
use domain::workshops::WorkshopKind;
use rand::Rng;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// A verification code such as `K7QX-M2PD-9HRT` (60 random bits).
pub fn new_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: Vec<char> = (0..12).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

fn view(c: certificate::Model, name: String) -> Certificate {
    Certificate { name, issued: c.issued_at.format("%-d %B %Y").to_string(), code: c.code }
}

/// Issues the certificate if the mentor has earned it and has none yet. Returns it if held.
pub async fn issue_if_eligible(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<Certificate>, ServiceError> {
    if let Some(c) = mine(db, user_id).await? {
        return Ok(Some(c));
    }
    let eligible = crate::training::is_complete(db, user_id).await?
        && workshops::attended(db, user_id, WorkshopKind::MentorWorkshop).await?;
    if eligible { issue(db, user_id, now).await.map(Some) } else { Ok(None) }
}

/// Like [`issue_if_eligible`] for a caller that already knows the mentor's training and
/// workshop state (the dashboard, a step of [`crate::milestones`]), so it is not read again.
pub async fn issue_if_earned(
    db: &impl ConnectionTrait,
    user_id: i64,
    training_complete: bool,
    workshop_attended: bool,
    now: DateTime<Utc>,
) -> Result<Option<Certificate>, ServiceError> {
    match mine(db, user_id).await? {
        Some(c) => Ok(Some(c)),
        None if training_complete && workshop_attended => issue(db, user_id, now).await.map(Some),
        None => Ok(None),
    }
}

/// Writes a new certificate for a mentor who has earned one.
async fn issue(db: &impl ConnectionTrait, user_id: i64, now: DateTime<Utc>) -> Result<Certificate, ServiceError> {
    let row = certificate::ActiveModel {
        user_id: Set(user_id),
        code: Set(new_code()),
        issued_at: Set(now),
        ..Default::default()
    };
    // Issued at the same moment by another request: theirs stands.
    insert_if_absent(db, row).await?;
    mine(db, user_id).await?.ok_or(ServiceError::NotFound)
}

/// The mentor's certificate, if issued.
pub async fn mine(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<Certificate>, ServiceError> {
    let found = certificate::Entity::find().filter(certificate::Column::UserId.eq(user_id)).one(db).await?;
    match found {
        Some(c) => {
            let u = user::Entity::find_by_id(user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
            Ok(Some(view(c, u.name)))
        }
        None => Ok(None),
    }
}

/// Public check of a code: the name and date on the certificate, or None.
pub async fn verify(db: &impl ConnectionTrait, code: &str) -> Result<Option<Certificate>, ServiceError> {
    let Some(code) = normalise_code(code) else { return Ok(None) };
    let found = certificate::Entity::find().filter(certificate::Column::Code.eq(code)).one(db).await?;
    match found {
        Some(c) => {
            let u = user::Entity::find_by_id(c.user_id).one(db).await?.ok_or(ServiceError::NotFound)?;
            Ok(Some(view(c, u.name)))
        }
        None => Ok(None),
    }
}

/// The certificate as a one-page PDF. `verify_url` is where anyone can check it.
pub fn to_pdf(c: &Certificate, verify_url: &str) -> Vec<u8> {
    let line = |text: &str, size: f32, bold: bool, y: f32| Line { text: text.to_string(), size, bold, y };
    pdf::one_page(
        &format!("Tandem certificate of achievement: {}", c.name),
        &[
            line("TANDEM MENTORING", 14.0, true, 500.0),
            line("Certificate of Achievement", 34.0, true, 430.0),
            line("This certifies that", 16.0, false, 370.0),
            line(&c.name, 30.0, true, 320.0),
            line("has completed the Tandem online mentor training and the mentor workshop,", 15.0, false, 270.0),
            line(
                "and is trained to mentor a young person one hour a month for up to twelve months.",
                15.0,
                false,
                248.0,
            ),
            line(&format!("Issued {}", c.issued), 15.0, false, 190.0),
            line(&format!("Verification code {}", c.code), 13.0, true, 120.0),
            line(&format!("Check it at {verify_url}"), 11.0, false, 100.0),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_readable_and_normalised() {
        let c = new_code();
        assert_eq!(c.len(), 14);
        assert_eq!(normalise_code(&c.to_lowercase().replace('-', " ")), Some(c.clone()));
        assert_ne!(new_code(), c);
        assert_eq!(normalise_code("K7QX-M2PD-9HR"), None);
        assert_eq!(normalise_code("O0I1-AAAA-BBBB"), None, "ambiguous characters are never issued");
    }
}
