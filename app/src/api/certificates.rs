//! The mentor's certificate of achievement and its public verification.

use crate::error::AppError;
use domain::certificates::Certificate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A mentor's certificate, or where they stand on the way to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateProgress {
    pub certificate: Option<Certificate>,
    pub training_complete: bool,
    /// Their place on a mentor workshop in words ("Booked for Thursday 14 January…",
    /// "On the waiting list for…", "Attended", "Not booked").
    pub workshop: String,
    pub workshop_booked: bool,
    /// The public page that checks the certificate, as a full link ("https://…/verify/CODE").
    pub verify_url: String,
}

/// The mentor's certificate: issued now if they have just become eligible; otherwise what
/// is still to do, read from their current training and bookings.
#[server(endpoint = "my_certificate")]
pub async fn my_certificate() -> Result<CertificateProgress, AppError> {
    use crate::ssr::{now, require_active_mentor};
    use domain::workshops::WorkshopKind;
    let me = require_active_mentor().await?;
    let db = &me.db;
    let training_complete = services::training::is_complete(db, me.id).await?;
    let attended = services::workshops::attended(db, me.id, WorkshopKind::MentorWorkshop).await?;
    let certificate = services::certificates::issue_if_earned(db, me.id, training_complete, attended, now()).await?;
    let current = services::workshops::current_booking(db, me.id, WorkshopKind::MentorWorkshop, now()).await?;
    let verify_url = certificate
        .as_ref()
        .map(|c| format!("{}/verify/{}", me.settings.base_url.trim_end_matches('/'), c.code))
        .unwrap_or_default();
    Ok(CertificateProgress {
        verify_url,
        certificate,
        training_complete,
        workshop: services::workshops::describe_place(current.as_ref(), attended),
        workshop_booked: current.is_some() || attended,
    })
}

/// Anyone can check a certificate's code.
#[server(endpoint = "verify_certificate")]
pub async fn verify_certificate(code: String) -> Result<Option<Certificate>, AppError> {
    use crate::ssr::{Access, authorize};
    let visit = authorize(Access::Public).await?;
    Ok(services::certificates::verify(&visit.db, &code).await?)
}
