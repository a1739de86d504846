//! Benchmarks the matching solver against Google OR-Tools on the same instance files.
//!
//!     cargo run --release -p matching --bin matching-bench [-- --sizes 10000x8000,100000x80000 --k 50]
//!
//! For each size it generates a seeded instance, builds the candidate graph (top k per young
//! person), writes it to a file, then solves that file in two child processes: this binary
//! (`matching-bench solve FILE`) and `oracle/oracle.py FILE ortools`. It prints both solve
//! times, their ratio, each process's peak memory and the matched count, and fails if the two
//! optima differ. It also times the whole run (candidates, solve, certificate);
//! `--whole-run-only` times only that (and prints the run's peak memory), for sizes where
//! writing the file and running OR-Tools would take too long.
//!
//!     cargo run --release -p matching --bin matching-bench -- --shapes all
//!
//! solves instances of shapes the generator never makes, written directly as problems (see
//! [`shape`]): columns without seats, a few columns with thousands of seats, everyone
//! wanting the same 50 seats, long augmenting chains, heavy ties, and the lexicographic
//! constant of 10^7 plus a score. Same table, one row per shape.

use matching::generate::{Rng, Shape, generate};
use matching::problem::Problem;
use matching::{RunOptions, file, run, solve};
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn field(json: &str, key: &str) -> Option<f64> {
    let at = json.find(&format!("\"{key}\": "))? + key.len() + 4;
    json[at..].split([',', '}']).next()?.trim().parse().ok()
}

fn field_str<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let at = json.find(&format!("\"{key}\": "))? + key.len() + 4;
    json[at..].split([',', '}']).next().map(str::trim)
}

fn python() -> PathBuf {
    std::env::var_os("TANDEM_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/root".into())).join(".cache/tandem/pyenv/bin/python")
    })
}

fn solve_file(path: &str) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let p = match file::read(&text) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    drop(text);
    let started = Instant::now();
    let s = match solve(&p) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    if let Err(e) = s.certify(&p) {
        eprintln!("certificate failed: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "{{\"solver\": \"tandem\", \"seconds\": {seconds}, \"peak_kib\": {}, \"matched\": {}, \"total\": {}}}",
        peak_kib(),
        s.matched,
        s.total
    );
    ExitCode::SUCCESS
}

/// The shapes `--shapes` knows, in the order `all` runs them.
const SHAPES: [&str; 6] = ["zero-seats", "many-seats", "price-war", "chains", "ties", "lexicographic"];

/// Heavy-tailed weights: mostly small, now and then very large (1 to about 10,000).
fn heavy(rng: &mut Rng) -> i64 {
    let u = 1 + rng.below(1000) as i64;
    (10_000_000 / (u * u)).clamp(1, 10_000) + rng.below(10) as i64
}

/// Distinct columns for one row: `k` draws from `pick`.
fn distinct(rng: &mut Rng, k: usize, mut pick: impl FnMut(&mut Rng) -> u32) -> Vec<u32> {
    let mut cols: Vec<u32> = (0..k).map(|_| pick(rng)).collect();
    cols.sort_unstable();
    cols.dedup();
    cols
}

/// A problem of the named shape, scaled by `scale` (1 is the size the issue measured).
fn shape(name: &str, scale: f64, seed: u64) -> Option<Problem> {
    let mut rng = Rng::new(seed);
    let n = |x: f64| ((x * scale) as usize).max(2);
    Some(match name {
        // Random rows; a third of the columns have no seat left but keep their edges.
        "zero-seats" => {
            let (rows, cols) = (n(20_000.0), n(16_000.0));
            let capacity = (0..cols).map(|_| if rng.below(3) == 0 { 0 } else { 1 + rng.below(2) }).collect();
            let mut p = Problem::new(capacity);
            for _ in 0..rows {
                let cs = distinct(&mut rng, 20, |r| r.below(cols as u32));
                p.push_row(cs.into_iter().map(|j| (j, 1 + rng.below(1000) as i64)).collect::<Vec<_>>());
            }
            p
        }
        // 60,000 rows, 500 columns of which 5% have 2,000 seats; about 23 edges a row, the
        // popular columns twice as likely; heavy-tailed weights.
        "many-seats" => {
            let (rows, cols) = (n(60_000.0), n(500.0));
            let capacity: Vec<u32> = (0..cols)
                .map(|j| if j % 20 == 0 { (2_000.0 * scale).max(2.0) as u32 } else { 1 + rng.below(3) })
                .collect();
            let mut p = Problem::new(capacity);
            for _ in 0..rows {
                let cs = distinct(&mut rng, 24, |r| {
                    if r.below(10) < 2 { 20 * r.below(cols.div_ceil(20) as u32) } else { r.below(cols as u32) }
                });
                p.push_row(
                    cs.into_iter().filter(|&j| (j as usize) < cols).map(|j| (j, heavy(&mut rng))).collect::<Vec<_>>(),
                );
            }
            p
        }
        // Everyone wants the same 50 seats (high weights), and has a few weak other choices.
        "price-war" => {
            let (rows, cols) = (n(50_000.0), n(40_000.0));
            let mut p = Problem::new(vec![1; cols]);
            for _ in 0..rows {
                let mut edges: Vec<(u32, i64)> =
                    (0..50u32.min(cols as u32)).map(|j| (j, 900 + rng.below(100) as i64)).collect();
                edges.extend(
                    distinct(&mut rng, 5, |r| r.below(cols as u32)).into_iter().map(|j| (j, 1 + rng.below(50) as i64)),
                );
                p.push_row(edges);
            }
            p
        }
        // Row i likes column i a little and column i + 1 a lot, with one seat each and one
        // column fewer than rows: settling one row moves everyone along the chain.
        "chains" => {
            let rows = n(100_000.0);
            let cols = rows - 1;
            let mut p = Problem::new(vec![1; cols]);
            for i in 0..rows {
                let mut edges = Vec::new();
                if i < cols {
                    edges.push((i as u32, 10 + rng.below(3) as i64));
                }
                if i >= 1 {
                    edges.push(((i - 1) as u32, 11 + rng.below(3) as i64));
                }
                if rng.below(50) == 0 {
                    edges.push((rng.below(cols as u32), 1));
                }
                p.push_row(edges);
            }
            p
        }
        // Weights 1 or 2 on 30 random edges a row: ties everywhere.
        "ties" => {
            let (rows, cols) = (n(50_000.0), n(40_000.0));
            let mut p = Problem::new((0..cols).map(|_| 1 + rng.below(2)).collect());
            for _ in 0..rows {
                let cs = distinct(&mut rng, 30, |r| r.below(cols as u32));
                p.push_row(cs.into_iter().map(|j| (j, 1 + rng.below(2) as i64)).collect::<Vec<_>>());
            }
            p
        }
        // Cardinality first: 10^7 plus a score of 0 to 6,000 on every edge (10^7 passes
        // 6,000 times any matching's size here, as `solver::lexicographic` would make it).
        "lexicographic" => {
            let (rows, cols) = (n(50_000.0), n(40_000.0));
            let big = 10_000_000;
            let mut p = Problem::new((0..cols).map(|_| 1 + rng.below(2)).collect());
            for _ in 0..rows {
                let cs = distinct(&mut rng, 30, |r| r.below(cols as u32));
                p.push_row(cs.into_iter().map(|j| (j, big + rng.below(6_001) as i64)).collect::<Vec<_>>());
            }
            p
        }
        _ => return None,
    })
}

fn child(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Solves the instance at `path` with this binary and with OR-Tools, each in its own process:
/// (our JSON line, theirs), or why one failed.
fn both(me: &PathBuf, path: &str) -> Result<(String, String), String> {
    let oracle = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("oracle/oracle.py");
    let ours = child(Command::new(me).args(["solve", path]))?;
    let theirs = child(Command::new(python()).args([oracle.display().to_string().as_str(), path, "ortools"]))?;
    Ok((ours, theirs))
}

/// The columns both tables share: times, ratio, peaks, matched, same optimal total; and
/// whether the totals agree.
fn compared(ours: &str, theirs: &str) -> (String, bool) {
    let (t_ours, t_theirs) = (field(ours, "seconds").unwrap_or(f64::NAN), field(theirs, "seconds").unwrap_or(f64::NAN));
    // The same optimal total. Where weights are not lexicographic, two optima may match
    // different numbers of people; with the constant (matching runs), the totals agree
    // only when the counts do.
    let same = field_str(ours, "total") == field_str(theirs, "total");
    let row = format!(
        "{:.3} s | {:.3} s | {:.2} | {:.0} MiB | {:.0} MiB | {} / {} | {}",
        t_ours,
        t_theirs,
        t_ours / t_theirs,
        field(ours, "peak_kib").unwrap_or(0.0) / 1024.0,
        field(theirs, "peak_kib").unwrap_or(0.0) / 1024.0,
        field_str(ours, "matched").unwrap_or("?"),
        field_str(theirs, "matched").unwrap_or("?"),
        if same { "yes" } else { "NO" },
    );
    (row, same)
}

fn write_instance(p: &Problem, name: &str) -> Result<String, String> {
    let path = std::env::temp_dir().join(format!("tandem-matching-{name}-{}.txt", std::process::id()));
    std::fs::File::create(&path)
        .map(std::io::BufWriter::new)
        .and_then(|mut f| file::write(p, &mut f))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.display().to_string())
}

/// Removes an instance file once both solvers have read it, unless TANDEM_KEEP_INSTANCES
/// asks to keep it (to solve it again by hand, with TANDEM_SOLVER_STATS=1, say).
fn discard_instance(path: &str) {
    if std::env::var_os("TANDEM_KEEP_INSTANCES").is_some() {
        eprintln!("kept {path}");
    } else {
        let _ = std::fs::remove_file(path);
    }
}

fn run_shapes(me: &PathBuf, names: &[String], scale: f64, seed: u64) -> ExitCode {
    println!(
        "| shape | rows x columns | seats | edges | Tandem solve | OR-Tools solve | ratio | Tandem peak | OR-Tools peak | matched (Tandem / OR-Tools) | same optimal total |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut failed = false;
    for name in names {
        let Some(p) = shape(name, scale, seed) else {
            eprintln!("unknown shape {name}: one of {}", SHAPES.join(", "));
            return ExitCode::from(2);
        };
        let seats: u64 = p.capacity.iter().map(|&c| c as u64).sum();
        let path = match write_instance(&p, name) {
            Ok(path) => path,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        };
        match both(me, &path) {
            Ok((ours, theirs)) => {
                let (row, same) = compared(&ours, &theirs);
                if !same {
                    eprintln!("{name}: ours {ours}\n{name}: OR-Tools {theirs}");
                }
                failed |= !same;
                println!("| {name} | {} x {} | {seats} | {} | {row} |", p.rows(), p.cols(), p.edges());
            }
            Err(e) => {
                failed = true;
                println!(
                    "| {name} | {} x {} | {seats} | {} | failed: {} |",
                    p.rows(),
                    p.cols(),
                    p.edges(),
                    e.lines().next().unwrap_or("")
                );
                eprintln!("{e}");
            }
        }
        discard_instance(&path);
    }
    if failed {
        eprintln!("a shape failed or the optima differ");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("solve") {
        return solve_file(args.get(1).map(String::as_str).unwrap_or(""));
    }
    let mut sizes = vec![(10_000usize, 8_000usize), (100_000, 80_000)];
    let mut k = 50usize;
    let mut seed = 1u64;
    let mut coverage: Option<usize> = None;
    let mut shapes: Option<Vec<String>> = None;
    let mut scale = 1.0f64;
    let mut compare = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--whole-run-only" {
            compare = false;
            continue;
        }
        match (a.as_str(), it.next()) {
            ("--sizes", Some(v)) => {
                sizes = v
                    .split(',')
                    .filter_map(|s| {
                        let (a, b) = s.split_once('x')?;
                        Some((a.parse().ok()?, b.parse().ok()?))
                    })
                    .collect()
            }
            ("--k", Some(v)) => k = v.parse().unwrap_or(k),
            ("--seed", Some(v)) => seed = v.parse().unwrap_or(seed),
            ("--coverage", Some(v)) => coverage = v.parse().ok(),
            ("--shapes", Some(v)) if v == "all" => shapes = Some(SHAPES.iter().map(|s| s.to_string()).collect()),
            ("--shapes", Some(v)) => shapes = Some(v.split(',').map(str::to_string).collect()),
            ("--scale", Some(v)) => scale = v.parse().unwrap_or(scale),
            _ => {
                eprintln!(
                    "usage: matching-bench [--sizes 10000x8000,100000x80000] [--k 50] [--seed 1] [--coverage 20] [--whole-run-only]\n       matching-bench --shapes all|{} [--scale 1.0] [--seed 1]",
                    SHAPES.join(",")
                );
                return ExitCode::from(2);
            }
        }
    }
    let me = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("matching-bench"));
    if let Some(names) = shapes {
        return run_shapes(&me, &names, scale, seed);
    }
    let mut failed = false;
    println!(
        "| young people x mentors | k | edges | Tandem solve | OR-Tools solve | ratio | Tandem peak | OR-Tools peak | matched (Tandem / OR-Tools) | same optimal total | whole run (candidates / solve / certificate) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (rows, cols) in sizes {
        let (yps, mentors) = generate(&Shape { young_people: rows, mentors: cols, seed });
        let defaults = RunOptions::default();
        let opts = RunOptions { k, coverage: coverage.unwrap_or(defaults.coverage), ..defaults };
        let started = Instant::now();
        let r = match run(&yps, &mentors, &opts, &mut |_| {}) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        };
        let whole = started.elapsed();
        eprintln!(
            "{rows} x {cols}: whole run {:.1} s (candidates {:.1} s, solve {:.1} s, certificate {:.1} s, {} round(s), certified: {}, within {} score points of the optimum)",
            whole.as_secs_f64(),
            r.stats.candidates_time.as_secs_f64(),
            r.stats.solve_time.as_secs_f64(),
            r.stats.certify_time.as_secs_f64(),
            r.stats.rounds,
            r.certified,
            r.score_gap().map_or("?".to_string(), |g| g.to_string())
        );
        if !compare {
            println!(
                "| {rows} x {cols} | {k} | {} | not compared | | | | | {} | | {:.1} s ({:.1} / {:.1} / {:.1} s, {} round(s), certified: {}), peak {:.0} MiB |",
                r.problem.edges(),
                r.solution.matched,
                whole.as_secs_f64(),
                r.stats.candidates_time.as_secs_f64(),
                r.stats.solve_time.as_secs_f64(),
                r.stats.certify_time.as_secs_f64(),
                r.stats.rounds,
                r.certified,
                peak_kib() as f64 / 1024.0,
            );
            continue;
        }
        let path = match write_instance(&r.problem, &format!("{rows}x{cols}-k{k}")) {
            Ok(path) => path,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        };
        let (ours, theirs) = match both(&me, &path) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        };
        let (row, same) = compared(&ours, &theirs);
        failed |= !same;
        println!(
            "| {rows} x {cols} | {k} | {} | {row} | {:.1} s ({:.1} / {:.1} / {:.1} s, {} round(s), certified: {}) |",
            r.problem.edges(),
            whole.as_secs_f64(),
            r.stats.candidates_time.as_secs_f64(),
            r.stats.solve_time.as_secs_f64(),
            r.stats.certify_time.as_secs_f64(),
            r.stats.rounds,
            r.certified,
        );
        discard_instance(&path);
    }
    if failed {
        eprintln!("the optima differ");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
