//! sea-orm entities. Models stay on the server: services map them to DTOs.

pub mod certificate;
pub mod evaluation;
pub mod evaluation_answer;
pub mod lesson_progress;
pub mod login_attempt;
pub mod mentor_check;
pub mod mentor_decision;
pub mod mentor_profile;
pub mod mentor_reference;
pub mod outbox_email;
pub mod partner_organisation;
pub mod password_reset;
pub mod quiz_attempt;
pub mod quiz_question;
pub mod session;
pub mod training_lesson;
pub mod training_module;
pub mod user;
pub mod workshop;
pub mod workshop_booking;
pub mod workshop_feedback;
pub mod yp_application;
