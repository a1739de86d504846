pub mod account;
pub mod admin;
pub mod auth;
pub mod course_admin;
pub mod dashboard;
pub mod home;
pub mod status;
pub mod training;
