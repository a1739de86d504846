//! Property-based fuzzing of the solver and the instance reader. Each target runs
//! `TANDEM_FUZZ_CASES` random inputs (1,000 by default, in CI; set it higher for a longer
//! hunt, `TANDEM_FUZZ_CASES=200000 cargo test --release -p matching --test fuzz -- --nocapture`).
//!
//! - Small problems of every shape the solver must take (columns without seats, columns with
//!   more seats than rows, empty rows, equal weights, the lexicographic constant, the largest
//!   weight allowed) solve to exactly the optimum exhaustive search finds, within capacities,
//!   with a certificate that checks.
//! - Any text given to the instance reader is either refused with a message or read into a
//!   problem that solves and certifies: never a panic.

use matching::problem::{NONE, Problem, lexicographic};
use matching::{file, solve};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cases() -> u32 {
    std::env::var("TANDEM_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000)
}

fn run<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let executed = std::cell::Cell::new(0u64);
    let result = runner.run(&strategy, |v| {
        executed.set(executed.get() + 1);
        test(v)
    });
    if let Err(e) = result {
        panic!("fuzz target {name} failed: {e}");
    }
    println!("fuzz {name:<24} {:>9} executions", executed.get());
}

/// The best total of any matching, by trying them all.
fn brute(p: &Problem) -> i64 {
    fn go(p: &Problem, i: usize, left: &mut [u64]) -> i64 {
        if i == p.rows() {
            return 0;
        }
        let mut best = go(p, i + 1, left);
        for e in p.row_edges(i) {
            let j = p.col[e] as usize;
            if left[j] > 0 {
                left[j] -= 1;
                best = best.max(p.weight[e] + go(p, i + 1, left));
                left[j] += 1;
            }
        }
        best
    }
    go(p, 0, &mut p.capacity.iter().map(|&c| c as u64).collect::<Vec<_>>())
}

/// How weights are drawn: ties, a spread, matching runs' lexicographic constant, or the
/// largest weight the rows allow.
#[derive(Debug, Clone, Copy)]
enum Weights {
    Ties,
    Spread,
    Lexicographic,
    Largest,
}

#[derive(Debug, Clone)]
struct Shape {
    rows: usize,
    capacity: Vec<u32>,
    /// Per row: (column, raw weight 0..=60); weight 0 is an edge that must be dropped.
    edges: Vec<Vec<(u32, i64)>>,
    weights: Weights,
}

fn shape() -> impl Strategy<Value = Shape> {
    (1usize..=7, 1usize..=5).prop_flat_map(|(rows, cols)| {
        let capacity = prop::collection::vec(
            prop_oneof![
                2 => Just(0u32),
                4 => Just(1u32),
                2 => Just(2u32),
                1 => Just(rows as u32),
                1 => Just(rows as u32 + 1),
                1 => Just(u32::MAX),
            ],
            cols,
        );
        let edge = (0..cols as u32, 0i64..=60);
        let edges = prop::collection::vec(prop::collection::vec(edge, 0..=cols + 1), rows);
        let weights = prop_oneof![
            Just(Weights::Ties),
            Just(Weights::Spread),
            Just(Weights::Lexicographic),
            Just(Weights::Largest)
        ];
        (Just(rows), capacity, edges, weights).prop_map(|(rows, capacity, edges, weights)| Shape {
            rows,
            capacity,
            edges,
            weights,
        })
    })
}

fn build(s: &Shape) -> Problem {
    let mut p = Problem::new(s.capacity.clone());
    let big = lexicographic(60, s.rows);
    let largest = Problem::max_weight(s.rows);
    for row in &s.edges {
        p.push_row(row.iter().map(|&(j, w)| {
            let w = match s.weights {
                Weights::Ties => w.min(1) + (w % 2), // 0, 1 or 2: ties everywhere
                Weights::Spread => w,
                Weights::Lexicographic if w > 0 => big + w,
                Weights::Lexicographic => 0,
                Weights::Largest if w > 0 => largest - 60 + w,
                Weights::Largest => 0,
            };
            (j, w)
        }));
    }
    p
}

#[test]
fn fuzz_the_solver_against_exhaustive_search() {
    run("solver vs exhaustive", shape(), |s| {
        let p = build(&s);
        let sol = solve(&p).map_err(|e| TestCaseError::fail(format!("refused a valid problem: {e}")))?;
        sol.certify(&p).map_err(|e| TestCaseError::fail(format!("certificate: {e}")))?;
        prop_assert_eq!(sol.total, brute(&p), "not the optimum of {:?}", p);
        let mut load = vec![0u64; p.cols()];
        for i in 0..p.rows() {
            if sol.row_edge[i] != NONE {
                load[sol.col_of(&p, i).unwrap_or_default()] += 1;
            }
        }
        for (j, &l) in load.iter().enumerate() {
            prop_assert!(l <= p.capacity[j] as u64, "column {} over capacity", j);
        }
        Ok(())
    });
}

/// Instance files: mostly well formed, with numbers that go out of range, negative or huge.
fn instance_text() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        8 => 0i64..6,
        2 => 1i64..100,
        1 => Just(-1i64),
        1 => Just(u32::MAX as i64 + 1),
        1 => Just(i64::MAX),
        1 => Just(Problem::max_weight(4) + 1),
    ];
    let token = prop_oneof![
        20 => number.prop_map(|n| n.to_string()),
        1 => Just("x".to_string()),
        1 => Just(String::new()),
    ];
    (1usize..5, 1usize..4, prop::collection::vec(token, 0..30)).prop_map(|(rows, cols, rest)| {
        let mut text = format!("{rows} {cols} {}\n", rest.len() / 3);
        text.push_str(&rest.join(" "));
        text
    })
}

#[test]
fn fuzz_the_instance_reader() {
    let (read, refused) = (std::cell::Cell::new(0u64), std::cell::Cell::new(0u64));
    run("instance reader", instance_text(), |text| {
        // Refusals are fine (and carry a message); a read problem must solve and certify.
        match file::read(&text) {
            Err(message) => {
                refused.set(refused.get() + 1);
                prop_assert!(!message.is_empty())
            }
            Ok(p) => {
                read.set(read.get() + 1);
                let sol = solve(&p).map_err(|e| TestCaseError::fail(format!("read, then refused: {e}")))?;
                sol.certify(&p).map_err(|e| TestCaseError::fail(format!("certificate: {e}")))?;
                prop_assert_eq!(sol.total, brute(&p));
            }
        }
        Ok(())
    });
    println!("instance reader: {} read and solved, {} refused", read.get(), refused.get());
    assert!(read.get() > 0 && refused.get() > 0, "both paths were exercised");
}
