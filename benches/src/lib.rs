//! Benchmarks of the app's services on real databases, one binary each under `src/bin`:
//! `matching-app-bench` (a whole matching run from the database), `impact-bench` (the impact
//! report over generated evaluation pairs), `national-bench` (a national programme generated
//! on SQLite and PostgreSQL, then the list pages timed) and `mail-bench` (delivery to a
//! local SMTP server). They print figures; none is a test.
