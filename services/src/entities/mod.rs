//! sea-orm entities. Models stay on the server: services map them to DTOs.

pub mod login_attempt;
pub mod outbox_email;
pub mod partner_organisation;
pub mod password_reset;
pub mod session;
pub mod user;
