//! Tandem's matching engine, in plain Rust with no web or database dependencies.
//!
//! - [`model`]: the people being matched, the hard constraints and the score (with its parts,
//!   so that every proposed pair can be explained in words).
//! - [`candidates`]: the candidate graph (blocking by format, region and age group, an inverted
//!   index from goals to skills, top-k per young person plus each mentor's own best few)
//!   and the certificate that no pair left out of it would improve the result; [`classes`]: the
//!   most young people any matching can place, by a maximum flow between classes of people,
//!   with a least vertex cover of the full eligible graph.
//! - [`problem`]: the problem, its solution and the dual certificate; [`solver`] and
//!   [`auction`]: the exact solver (an ε-scaling auction with forward and reverse bids on scaled integer weights,
//!   after a Hopcroft–Karp cover) for one-to-one matching with mentor capacities, where
//!   "unmatched" is a native option. It maximises first the number matched, then the total
//!   score, and returns the duals that prove its result optimal.
//! - [`generate`]: a seeded generator of realistic instances; [`file`]: the plain-text instance
//!   format shared with the Python oracles and the benchmark.

pub mod auction;
pub mod candidates;
pub mod classes;
pub mod file;
pub mod generate;
pub mod model;
pub mod problem;
pub mod solver;

pub use candidates::{MatchRun, Pair, Progress, RunOptions, rank, run};
pub use model::{Breakdown, Mentor, Weights, YoungPerson};
pub use problem::{Problem, Solution};
pub use solver::solve;
