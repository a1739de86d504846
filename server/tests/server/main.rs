//! The server's integration tests in one binary: the access table, HTTP behaviour, mail,
//! two app servers on PostgreSQL, and the SIGKILL durability test of the real binary.

#[macro_use]
mod common;

mod access;
mod http;
mod kill;
mod mail;
mod postgres;
