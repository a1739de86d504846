//! Impact statistics: paired before/after summaries (mean change, 95% confidence interval from
//! Student's t, paired effect size, the share improved / unchanged / worse) and the Net
//! Promoter Score.
//!
//! Everything is computed from sums and counts, so a report can aggregate in the database
//! (COUNT, SUM of before, after, change and squared change, counts by sign of the change) and
//! never load a row per evaluation: [`PairedSums`] is what the query returns.

use serde::{Deserialize, Serialize};

/// The sufficient statistics of paired differences, as a database aggregate returns them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PairedSums {
    pub n: u64,
    pub sum_before: f64,
    pub sum_after: f64,
    /// Σ (after − before).
    pub sum_change: f64,
    /// Σ (after − before)².
    pub sum_change_sq: f64,
    pub improved: u64,
    pub unchanged: u64,
    pub worse: u64,
}

impl PairedSums {
    pub fn add(&mut self, before: f64, after: f64) {
        let d = after - before;
        self.n += 1;
        self.sum_before += before;
        self.sum_after += after;
        self.sum_change += d;
        self.sum_change_sq += d * d;
        if d > 0.0 {
            self.improved += 1;
        } else if d < 0.0 {
            self.worse += 1;
        } else {
            self.unchanged += 1;
        }
    }

    pub fn from_pairs(pairs: impl IntoIterator<Item = (f64, f64)>) -> PairedSums {
        let mut s = PairedSums::default();
        for (b, a) in pairs {
            s.add(b, a);
        }
        s
    }
}

/// A paired before/after summary.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Paired {
    pub n: u64,
    pub mean_before: f64,
    pub mean_after: f64,
    pub mean_change: f64,
    /// Sample standard deviation of the changes (n − 1).
    pub sd_change: f64,
    /// 95% confidence interval of the mean change (Student's t, n − 1 degrees of freedom);
    /// `None` below two pairs or when every change is the same.
    pub ci95: Option<(f64, f64)>,
    /// Paired effect size (Cohen's d_z): mean change / sd of the changes.
    pub effect_size: Option<f64>,
    /// Two-sided p-value of the paired t-test.
    pub p_value: Option<f64>,
    pub improved_pct: f64,
    pub unchanged_pct: f64,
    pub worse_pct: f64,
}

pub fn paired(s: &PairedSums) -> Option<Paired> {
    if s.n == 0 {
        return None;
    }
    let n = s.n as f64;
    let mean_change = s.sum_change / n;
    let var = if s.n > 1 { ((s.sum_change_sq - s.sum_change * s.sum_change / n) / (n - 1.0)).max(0.0) } else { 0.0 };
    let sd = var.sqrt();
    // Changes are on a small discrete scale: treat a spread within rounding of zero as none.
    let spread = s.n > 1 && sd > 1e-12 * (1.0 + mean_change.abs());
    let (ci95, effect_size, p_value) = if spread {
        let se = sd / n.sqrt();
        let df = n - 1.0;
        let q = t_quantile(0.975, df);
        let t = mean_change / se;
        let p = 2.0 * (1.0 - t_cdf(t.abs(), df));
        (Some((mean_change - q * se, mean_change + q * se)), Some(mean_change / sd), Some(p.clamp(0.0, 1.0)))
    } else {
        (None, None, None)
    };
    let pct = |k: u64| 100.0 * k as f64 / n;
    Some(Paired {
        n: s.n,
        mean_before: s.sum_before / n,
        mean_after: s.sum_after / n,
        mean_change,
        sd_change: sd,
        ci95,
        effect_size,
        p_value,
        improved_pct: pct(s.improved),
        unchanged_pct: pct(s.unchanged),
        worse_pct: pct(s.worse),
    })
}

/// Net Promoter Score from 0-10 answers: promoters (9-10) % minus detractors (0-6) %, and the
/// share scoring 7-10.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Nps {
    pub n: u64,
    pub promoters_pct: f64,
    pub detractors_pct: f64,
    pub nps: f64,
    pub seven_to_ten_pct: f64,
}

/// `counts[s]` = how many answered `s` (0..=10).
pub fn nps(counts: &[u64; 11]) -> Option<Nps> {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    let pct = |k: u64| 100.0 * k as f64 / n as f64;
    let promoters = counts[9] + counts[10];
    let detractors: u64 = counts[..=6].iter().sum();
    let seven_up: u64 = counts[7..].iter().sum();
    Some(Nps {
        n,
        promoters_pct: pct(promoters),
        detractors_pct: pct(detractors),
        nps: pct(promoters) - pct(detractors),
        seven_to_ten_pct: pct(seven_up),
    })
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection.
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The regularised incomplete beta function I_x(a, b), by its continued fraction.
pub fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    // The fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// Student's t cumulative distribution function.
pub fn t_cdf(t: f64, df: f64) -> f64 {
    let x = df / (df + t * t);
    let tail = 0.5 * incomplete_beta(x, df / 2.0, 0.5);
    if t >= 0.0 { 1.0 - tail } else { tail }
}

/// The `p` quantile of Student's t (p in (0, 1)), by bisection on the CDF.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if p == 0.5 {
        return 0.0;
    }
    if p < 0.5 {
        return -t_quantile(1.0 - p, df);
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while t_cdf(hi, df) < p {
        hi *= 2.0;
        if hi > 1e12 {
            return f64::INFINITY;
        }
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if t_cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-13 * hi.max(1.0) {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// The 95% Wilson score interval of a proportion `k / n`, in percent; `None` for `n = 0`.
/// Unlike the normal approximation it stays within 0–100 and is sensible for shares near
/// either end and for small groups.
pub fn wilson95(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (k, n) = (k.min(n) as f64, n as f64);
    let z = 1.959_963_984_540_054_f64;
    let p = k / n;
    let z2n = z * z / n;
    let centre = (p + z2n / 2.0) / (1.0 + z2n);
    let half = z * (p * (1.0 - p) / n + z2n / (4.0 * n)).sqrt() / (1.0 + z2n);
    Some((100.0 * (centre - half).max(0.0), 100.0 * (centre + half).min(1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + b.abs())
    }

    #[test]
    fn wilson_intervals_match_published_values() {
        // Newcombe (1998), table I, method 3: 81 of 263 gives 0.2553 to 0.3662; 15 of 148,
        // 0.0624 to 0.1605.
        let (lo, hi) = wilson95(81, 263).expect("interval");
        assert!((lo - 25.53).abs() < 0.01 && (hi - 36.62).abs() < 0.01, "{lo} {hi}");
        let (lo, hi) = wilson95(15, 148).expect("interval");
        assert!((lo - 6.24).abs() < 0.01 && (hi - 16.05).abs() < 0.01, "{lo} {hi}");
        let (lo, hi) = wilson95(5, 5).expect("interval");
        assert!(hi <= 100.0 && lo > 50.0 && lo < 60.0, "all five: {lo} {hi}");
        assert_eq!(wilson95(0, 0), None);
    }

    #[test]
    fn t_quantiles_match_the_tables() {
        // Student's t table, two-sided 95%.
        for (df, q) in [
            (1.0, 12.706_204_736),
            (2.0, 4.302_652_730),
            (4.0, 2.776_445_105),
            (9.0, 2.262_157_163),
            (30.0, 2.042_272_456),
            (1000.0, 1.962_339_081),
        ] {
            assert!(close(t_quantile(0.975, df), q, 1e-8), "df {df}: {} vs {q}", t_quantile(0.975, df));
        }
        assert!(close(t_cdf(0.0, 5.0), 0.5, 1e-12));
        assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-12));
        assert!(close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-12));
    }

    #[test]
    fn a_paired_summary_by_hand() {
        // before 2,3,3,4,2 ; after 4,3,4,5,4 -> changes 2,0,1,1,2: mean 1.2, sd sqrt(0.7).
        let s = PairedSums::from_pairs([(2.0, 4.0), (3.0, 3.0), (3.0, 4.0), (4.0, 5.0), (2.0, 4.0)]);
        let p = paired(&s).expect("summary");
        assert_eq!(p.n, 5);
        assert!(close(p.mean_before, 2.8, 1e-12) && close(p.mean_after, 4.0, 1e-12));
        assert!(close(p.mean_change, 1.2, 1e-12));
        assert!(close(p.sd_change, 0.7f64.sqrt(), 1e-12));
        let half = 2.776_445_105 * 0.7f64.sqrt() / 5f64.sqrt();
        let (lo, hi) = p.ci95.expect("ci");
        assert!(close(lo, 1.2 - half, 1e-8) && close(hi, 1.2 + half, 1e-8), "{lo} {hi}");
        assert!(close(p.effect_size.expect("d"), 1.2 / 0.7f64.sqrt(), 1e-12));
        assert_eq!((p.improved_pct, p.unchanged_pct, p.worse_pct), (80.0, 20.0, 0.0));
        // t = 1.2 / (sqrt(0.7)/sqrt(5)) = 3.2071; two-sided p with 4 df = 0.03266.
        assert!(close(p.p_value.expect("p"), 0.032_662, 1e-4), "{:?}", p.p_value);
    }

    #[test]
    fn degenerate_summaries() {
        assert!(paired(&PairedSums::default()).is_none());
        let one = paired(&PairedSums::from_pairs([(1.0, 3.0)])).expect("one");
        assert_eq!((one.mean_change, one.ci95), (2.0, None));
        let same = paired(&PairedSums::from_pairs([(1.0, 2.0), (3.0, 4.0)])).expect("same change");
        assert_eq!(same.ci95, None, "no spread, no interval");
    }

    #[test]
    fn nps_by_hand() {
        // 10 answers: 3 promoters (9, 10, 10), 2 passives (7, 8), 5 detractors (0..6).
        let mut c = [0u64; 11];
        for s in [10, 10, 9, 8, 7, 6, 5, 3, 0, 6] {
            c[s] += 1;
        }
        let n = nps(&c).expect("nps");
        assert_eq!((n.n, n.promoters_pct, n.detractors_pct, n.nps, n.seven_to_ten_pct), (10, 30.0, 50.0, -20.0, 50.0));
        assert!(nps(&[0; 11]).is_none());
    }
}
