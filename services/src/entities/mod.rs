//! sea-orm entities. Models stay on the server: services map them to DTOs.

pub mod lesson_progress;
pub mod login_attempt;
pub mod mentor_profile;
pub mod outbox_email;
pub mod partner_organisation;
pub mod password_reset;
pub mod quiz_attempt;
pub mod quiz_question;
pub mod session;
pub mod training_lesson;
pub mod training_module;
pub mod user;
