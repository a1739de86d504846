//! Benchmarks the matching solver against Google OR-Tools on the same instance files.
//!
//!     cargo run --release -p matching --bin matching-bench [-- --sizes 10000x8000,100000x80000 --k 50]
//!
//! For each size it generates a seeded instance, builds the candidate graph (top k per young
//! person), writes it to a file, then solves that file in two child processes: this binary
//! (`matching-bench solve FILE`) and `oracle/oracle.py FILE ortools`. It prints both solve
//! times, their ratio, each process's peak memory and the matched count, and fails if the two
//! optima differ. It also times the whole run (candidates, solve, certificate).

use matching::generate::{Shape, generate};
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
    let s = solve(&p);
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

fn child(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
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
    let mut it = args.iter();
    while let Some(a) = it.next() {
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
            _ => {
                eprintln!(
                    "usage: matching-bench [--sizes 10000x8000,100000x80000] [--k 50] [--seed 1] [--coverage 20]"
                );
                return ExitCode::from(2);
            }
        }
    }
    let me = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("matching-bench"));
    let oracle = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("oracle/oracle.py");
    let mut failed = false;
    println!(
        "| young people x mentors | k | edges | Tandem solve | OR-Tools solve | ratio | Tandem peak | OR-Tools peak | matched | same optimum | whole run (candidates / solve / certificate) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (rows, cols) in sizes {
        let (yps, mentors) = generate(&Shape { young_people: rows, mentors: cols, seed });
        let defaults = RunOptions::default();
        let opts = RunOptions { k, coverage: coverage.unwrap_or(defaults.coverage), ..defaults };
        let started = Instant::now();
        let r = run(&yps, &mentors, &opts, &mut |_| {});
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
        let path = std::env::temp_dir().join(format!("tandem-matching-{rows}x{cols}-k{k}.txt"));
        let written =
            std::fs::File::create(&path).map(std::io::BufWriter::new).and_then(|mut f| file::write(&r.problem, &mut f));
        if let Err(e) = written {
            eprintln!("{}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        let p = path.display().to_string();
        let ours = child(Command::new(&me).args(["solve", &p]));
        let theirs = child(Command::new(python()).args([oracle.display().to_string().as_str(), &p, "ortools"]));
        let (ours, theirs) = match (ours, theirs) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => {
                eprintln!("{:?}\n{:?}", a.err(), b.err());
                return ExitCode::FAILURE;
            }
        };
        let (t_ours, t_theirs) =
            (field(&ours, "seconds").unwrap_or(f64::NAN), field(&theirs, "seconds").unwrap_or(f64::NAN));
        let same = field_str(&ours, "total") == field_str(&theirs, "total")
            && field_str(&ours, "matched") == field_str(&theirs, "matched");
        failed |= !same;
        println!(
            "| {rows} x {cols} | {k} | {} | {:.3} s | {:.3} s | {:.2} | {:.0} MiB | {:.0} MiB | {} | {} | {:.1} s ({:.1} / {:.1} / {:.1} s, {} round(s), certified: {}) |",
            r.problem.edges(),
            t_ours,
            t_theirs,
            t_ours / t_theirs,
            field(&ours, "peak_kib").unwrap_or(0.0) / 1024.0,
            field(&theirs, "peak_kib").unwrap_or(0.0) / 1024.0,
            field_str(&ours, "matched").unwrap_or("?"),
            if same { "yes" } else { "NO" },
            whole.as_secs_f64(),
            r.stats.candidates_time.as_secs_f64(),
            r.stats.solve_time.as_secs_f64(),
            r.stats.certify_time.as_secs_f64(),
            r.stats.rounds,
            r.certified,
        );
        let _ = std::fs::remove_file(&path);
    }
    if failed {
        eprintln!("the optima differ");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
