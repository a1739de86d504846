//! The solver against two independent oracles, Google OR-Tools' min-cost flow and SciPy's
//! sparse LAPJV, on generated instances of 1,000 to 10,000 people: the same matched count and
//! exactly the same optimal total. Needs the Python environment that `cargo xtask setup`
//! installs (or TANDEM_PYTHON pointing at a Python with ortools, scipy and numpy).

use matching::generate::{Shape, generate};
use matching::{RunOptions, file, run, solve};
use std::path::PathBuf;
use std::process::Command;

fn python() -> PathBuf {
    std::env::var_os("TANDEM_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/root".into())).join(".cache/tandem/pyenv/bin/python")
    })
}

fn oracle(path: &str, which: &str) -> (u64, i64) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/oracle/oracle.py");
    let py = python();
    assert!(py.exists(), "{} is missing: run `cargo xtask setup` to install the oracles", py.display());
    let out = Command::new(&py).args([script, path, which]).output().expect("run the oracle");
    assert!(out.status.success(), "{which} failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let num = |key: &str| -> String {
        let at = text.find(&format!("\"{key}\": ")).unwrap_or_else(|| panic!("{key} in {text}")) + key.len() + 4;
        text[at..].split([',', '}']).next().unwrap_or_default().trim().to_string()
    };
    (num("matched").parse().expect("matched"), num("total").parse().expect("total"))
}

#[test]
fn same_optimum_as_ortools_and_scipy() {
    let dir = std::env::temp_dir();
    for (rows, cols, k, seed) in [(1_000, 800, 20, 11), (3_000, 2_400, 10, 12), (10_000, 8_000, 8, 13)] {
        let (yps, mentors) = generate(&Shape { young_people: rows, mentors: cols, seed });
        let r = run(&yps, &mentors, &RunOptions { k, ..RunOptions::default() }, &mut |_| {}).expect("ran");
        // The candidate graph of the final round, solved again from the file by every solver.
        let path = dir.join(format!("tandem-oracle-{rows}-{}.txt", std::process::id()));
        let mut f = std::fs::File::create(&path).expect("create");
        file::write(&r.problem, &mut f).expect("write");
        drop(f);
        let p = path.display().to_string();
        let read = file::read(&std::fs::read_to_string(&path).expect("read")).expect("parse");
        let ours = solve(&read).expect("solved");
        ours.certify(&read).expect("our certificate");
        assert_eq!(ours.total, r.solution.total, "the file holds the same instance");
        for which in ["ortools", "scipy"] {
            let (matched, total) = oracle(&p, which);
            assert_eq!((matched, total), (ours.matched as u64, ours.total), "{which} on {rows} x {cols}");
        }
        println!(
            "{rows} x {cols}: {} edges, matched {}, total {} — equal to OR-Tools and SciPy",
            read.edges(),
            ours.matched,
            ours.total
        );
        let _ = std::fs::remove_file(&path);
    }
}
