//! The matching problem and what a solution must prove.
//!
//! Rows (young people) are matched to at most one column (mentor); column `j` takes at most
//! `capacity[j]` rows; every edge has a positive integer weight. A solution maximises the
//! total weight of the chosen edges; "unmatched" is a native option for every row (weight 0),
//! so a row is left out exactly when leaving it out is optimal. The caller makes "matched
//! count first, then score" lexicographic by adding a large constant to every edge
//! ([`lexicographic`]). A solution carries duals that prove it optimal
//! ([`Solution::certify`]); the solver is [`crate::solver`].

/// Marks "no edge" / "no slot".
pub const NONE: u32 = u32::MAX;

/// A sparse instance in compressed rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problem {
    /// Per column: how many rows it can take.
    pub capacity: Vec<u32>,
    /// Row `i`'s edges are `start[i]..start[i + 1]`.
    pub start: Vec<u32>,
    /// Per edge: its column.
    pub col: Vec<u32>,
    /// Per edge: its weight (positive).
    pub weight: Vec<i64>,
}

impl Problem {
    pub fn new(capacity: Vec<u32>) -> Problem {
        Problem { capacity, start: vec![0], col: Vec::new(), weight: Vec::new() }
    }

    /// Adds the next row with its edges `(column, weight)`. Edges with a weight ≤ 0 are never
    /// better than leaving the row unmatched and are dropped; a repeated column keeps its best.
    pub fn push_row(&mut self, edges: impl IntoIterator<Item = (u32, i64)>) {
        let mut row: Vec<(u32, i64)> = edges.into_iter().filter(|&(_, w)| w > 0).collect();
        // By column, best first, then one edge per column.
        row.sort_unstable_by_key(|&(c, w)| (c, std::cmp::Reverse(w)));
        row.dedup_by_key(|e| e.0);
        for (c, w) in row {
            self.col.push(c);
            self.weight.push(w);
        }
        self.start.push(self.col.len() as u32);
    }

    /// The largest weight a problem with `rows` rows may have: the solver multiplies weights
    /// by a power of two above the number of rows and keeps the products below 2^61, so
    /// weights stay below `2^61 / next_power_of_two(rows + 1)` (about 2.2·10^12 for a million
    /// rows, 7.0·10^13 for 30,000).
    pub fn max_weight(rows: usize) -> i64 {
        (SCALED_LIMIT - 1) / least_scale(rows)
    }

    /// Checks that the problem is well formed and solvable exactly: rows in order, every
    /// edge to a column that exists, positive weights no larger than [`Problem::max_weight`].
    /// [`crate::solver::solve`] refuses a problem that fails this, before solving.
    pub fn check(&self) -> Result<(), String> {
        if self.start.first() != Some(&0) || self.start.windows(2).any(|w| w[0] > w[1]) {
            return Err("rows must start at edge 0 and follow each other in order".into());
        }
        if self.start.last().map(|&s| s as usize) != Some(self.col.len()) || self.col.len() != self.weight.len() {
            return Err(format!(
                "the rows end at edge {} but there are {} columns of edges and {} weights",
                self.start.last().copied().unwrap_or(0),
                self.col.len(),
                self.weight.len()
            ));
        }
        let limit = Problem::max_weight(self.rows());
        for i in 0..self.rows() {
            for e in self.row_edges(i) {
                let (j, w) = (self.col[e], self.weight[e]);
                if j as usize >= self.cols() {
                    return Err(format!("row {i} has an edge to column {j}, but there are {} columns", self.cols()));
                }
                if w <= 0 {
                    return Err(format!("row {i}, column {j}: weight {w} is not positive"));
                }
                if w > limit {
                    return Err(format!(
                        "row {i}, column {j}: weight {w} is larger than {limit}, the most that can be solved \
                         exactly with {} rows",
                        self.rows()
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn rows(&self) -> usize {
        self.start.len() - 1
    }

    pub fn cols(&self) -> usize {
        self.capacity.len()
    }

    pub fn edges(&self) -> usize {
        self.col.len()
    }

    pub fn row_edges(&self, i: usize) -> std::ops::Range<usize> {
        self.start[i] as usize..self.start[i + 1] as usize
    }
}

/// The optimal matching with its dual certificate.
///
/// The duals `u ≥ 0` (rows) and `v ≥ 0` (columns) are on the weights multiplied by `scale`.
/// A pair's *excess* is how far it is from its dual constraint, `max(0, scale·w − u − v)`,
/// and a row's excess is the largest among its pairs. Any matching `M'` then has
/// `scale·W(M') ≤ Σu + Σ cap·v + Σ row excess` (weak duality, one pair per row), so when that
/// bound is below `scale·(total + 1)`, no matching beats `total` (weights are integers). The
/// auction leaves every pair of its graph within 1, and `scale` is far larger than the number
/// of rows, so there is room to spare; pairs outside the graph can use that room too (see
/// `candidates`). Exact duals are the case `scale = 1` with no excess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// Per row: the chosen edge, or [`NONE`] when unmatched.
    pub row_edge: Vec<u32>,
    /// Row duals.
    pub u: Vec<i64>,
    /// Column duals.
    pub v: Vec<i64>,
    pub total: i64,
    pub matched: usize,
    pub scale: i64,
    /// Every pair of the graph is within `eps` of its dual constraint (1 for a full solve).
    pub eps: i64,
}

impl Solution {
    pub fn col_of(&self, p: &Problem, row: usize) -> Option<usize> {
        let e = self.row_edge[row];
        (e != NONE).then(|| p.col[e as usize] as usize)
    }

    /// How far the pair `(i, j)` of weight `w` is from its dual constraint (0 when it holds).
    pub fn excess(&self, i: usize, j: usize, w: i64) -> i64 {
        (w * self.scale - self.u[i] - self.v[j]).max(0)
    }

    /// Each row's excess over its edges in `p`.
    pub fn row_excess(&self, p: &Problem) -> Vec<i64> {
        (0..p.rows())
            .map(|i| p.row_edges(i).map(|e| self.excess(i, p.col[e] as usize, p.weight[e])).max().unwrap_or(0))
            .collect()
    }

    /// Whether the duals prove `total` optimal when the rows' excesses sum to `excess`.
    pub fn proves(&self, p: &Problem, excess: i128) -> bool {
        self.best_possible(p, excess) <= self.total as i128
    }

    /// The largest total any matching could reach, by the duals, when the rows' excesses sum
    /// to `excess` (weights are integers, so the bound rounds down).
    pub fn best_possible(&self, p: &Problem, excess: i128) -> i128 {
        (self.bound(p) + excess).div_euclid(self.scale as i128)
    }

    /// The dual objective `Σu + Σ cap·v`.
    fn bound(&self, p: &Problem) -> i128 {
        self.u.iter().map(|&x| x as i128).sum::<i128>()
            + self.v.iter().zip(&p.capacity).map(|(&x, &c)| x as i128 * c as i128).sum::<i128>()
    }

    /// Checks feasibility and the dual certificate of optimality. `Ok` proves that no other
    /// matching of `p` has a larger total weight.
    pub fn certify(&self, p: &Problem) -> Result<(), String> {
        let mut load = vec![0u32; p.cols()];
        let mut total = 0i64;
        for i in 0..p.rows() {
            if self.u[i] < 0 {
                return Err(format!("row {i}: negative dual {}", self.u[i]));
            }
            let e = self.row_edge[i];
            if e == NONE {
                continue;
            }
            if !p.row_edges(i).contains(&(e as usize)) {
                return Err(format!("row {i} uses edge {e} that is not its own"));
            }
            let j = p.col[e as usize] as usize;
            load[j] += 1;
            total += p.weight[e as usize];
        }
        for (j, &l) in load.iter().enumerate() {
            if l > p.capacity[j] {
                return Err(format!("column {j} over capacity: {l} > {}", p.capacity[j]));
            }
            if self.v[j] < 0 {
                return Err(format!("column {j} has negative dual {}", self.v[j]));
            }
        }
        if total != self.total {
            return Err(format!("reported total {} but the chosen edges sum to {total}", self.total));
        }
        let excess: i128 = self.row_excess(p).iter().map(|&x| x as i128).sum();
        if !self.proves(p, excess) {
            return Err(format!(
                "the dual bound {} plus excess {excess} does not prove {total} optimal at scale {}",
                self.bound(p),
                self.scale
            ));
        }
        Ok(())
    }
}

/// The weight that makes one more match worth more than any difference in scores: for
/// scores in `0..=max_score`, `big + score` per edge maximises the matched count first.
pub fn lexicographic(max_score: i64, max_matches: usize) -> i64 {
    max_score.saturating_mul(max_matches as i64).saturating_add(1)
}

/// A vertex cover of a problem's graph: every edge has its row or its column in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cover {
    pub rows: Vec<bool>,
    pub cols: Vec<bool>,
}

/// Scaled weights stay below this, so that sums of a few of them (a profit plus a price,
/// a bid's margin) never overflow.
pub(crate) const SCALED_LIMIT: i64 = i64::MAX / 4;

/// The least scale for `rows` rows: a power of two above the number of rows.
pub(crate) fn least_scale(rows: usize) -> i64 {
    ((rows + 1) as u64).next_power_of_two() as i64
}
