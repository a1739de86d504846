//! The impact statistics against SciPy (`scipy.stats.ttest_rel` with its confidence
//! interval) and NumPy on the same generated data: paired Likert-scale theme scores of several
//! sizes. Needs the Python environment that `cargo xtask setup` installs (or TANDEM_PYTHON
//! pointing at a Python with scipy and numpy).

use domain::stats::{PairedSums, paired};
use std::path::PathBuf;
use std::process::Command;

fn python() -> PathBuf {
    std::env::var_os("TANDEM_PYTHON").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/root".into())).join(".cache/tandem/pyenv/bin/python")
    })
}

/// A small seeded generator (splitmix64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Theme scores: the mean of four 1-5 items, before and after, with a modest average gain.
fn generate(n: usize, seed: u64) -> Vec<(f64, f64)> {
    let mut r = Rng(seed);
    (0..n)
        .map(|_| {
            let before: u64 = (0..4).map(|_| 1 + r.below(5)).sum();
            let shift = r.below(7) as i64 - 2; // -2..=4 item points in total
            let after = (before as i64 + shift).clamp(4, 20);
            (before as f64 / 4.0, after as f64 / 4.0)
        })
        .collect()
}

fn field(json: &str, key: &str) -> f64 {
    let at = json.find(&format!("\"{key}\": ")).unwrap_or_else(|| panic!("{key} in {json}")) + key.len() + 4;
    json[at..].split([',', '}']).next().unwrap_or_default().trim().parse().expect("number")
}

#[test]
fn paired_statistics_equal_scipy_and_numpy() {
    let py = python();
    assert!(py.exists(), "{} is missing: run `cargo xtask setup` to install the reference", py.display());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/stats_reference.py");
    for (n, seed) in [(6, 1), (30, 2), (500, 3), (20_000, 4)] {
        let pairs = generate(n, seed);
        let path = std::env::temp_dir().join(format!("tandem-stats-{n}-{}.txt", std::process::id()));
        let text: String = pairs.iter().map(|(b, a)| format!("{b} {a}\n")).collect();
        std::fs::write(&path, text).expect("write");
        let out = Command::new(&py).args([script, path.to_str().expect("path")]).output().expect("run python");
        let _ = std::fs::remove_file(&path);
        assert!(out.status.success(), "python failed: {}", String::from_utf8_lossy(&out.stderr));
        let json = String::from_utf8_lossy(&out.stdout).to_string();
        let ours = paired(&PairedSums::from_pairs(pairs.iter().copied())).expect("summary");
        let (lo, hi) = ours.ci95.expect("an interval");
        let checks = [
            ("mean_before", ours.mean_before),
            ("mean_after", ours.mean_after),
            ("mean_change", ours.mean_change),
            ("sd_change", ours.sd_change),
            ("ci_low", lo),
            ("ci_high", hi),
            ("effect_size", ours.effect_size.expect("d")),
            ("improved_pct", ours.improved_pct),
            ("worse_pct", ours.worse_pct),
        ];
        for (key, value) in checks {
            let reference = field(&json, key);
            assert!(
                (value - reference).abs() <= 1e-9 * (1.0 + reference.abs()),
                "n = {n}, {key}: ours {value}, SciPy/NumPy {reference}"
            );
        }
        // p-values far in the tail are tiny on both sides; compare them on a log scale.
        let (p, reference) = (ours.p_value.expect("p"), field(&json, "p_value"));
        assert!(
            (p - reference).abs() <= 1e-9 || (p.ln() - reference.ln()).abs() <= 1e-6,
            "n = {n}, p: ours {p}, SciPy {reference}"
        );
        println!(
            "n = {n}: mean change {:.4}, 95% CI ({lo:.4}, {hi:.4}), d_z {:.4}: equal to SciPy",
            ours.mean_change,
            ours.effect_size.unwrap_or(0.0)
        );
    }
}
