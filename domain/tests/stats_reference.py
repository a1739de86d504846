"""Reference statistics for domain/tests/stats_reference.rs: a paired t-test with SciPy and
means, standard deviation and effect size with NumPy, on pairs read from a file
("before after" per line). Prints one JSON object."""
import json
import sys

import numpy as np
from scipy import stats

data = np.loadtxt(sys.argv[1], ndmin=2)
before, after = data[:, 0], data[:, 1]
change = after - before
res = stats.ttest_rel(after, before)
ci = res.confidence_interval(0.95)
sd = float(np.std(change, ddof=1))
print(json.dumps({
    "n": int(len(change)),
    "mean_before": float(np.mean(before)),
    "mean_after": float(np.mean(after)),
    "mean_change": float(np.mean(change)),
    "sd_change": sd,
    "ci_low": float(ci.low),
    "ci_high": float(ci.high),
    "effect_size": float(np.mean(change) / sd),
    "p_value": float(res.pvalue),
    "improved_pct": float(100 * np.mean(change > 0)),
    "worse_pct": float(100 * np.mean(change < 0)),
}))
