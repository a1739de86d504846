pub mod charts;
pub mod form;
pub mod layout;
pub mod table;
pub mod text;
