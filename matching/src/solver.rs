//! An exact solver for sparse bipartite b-matching with optional assignment.
//!
//! Rows (young people) are matched to at most one column (mentor); column `j` takes at most
//! `capacity[j]` rows; every edge has a positive integer weight. The solver maximises the total
//! weight of the chosen edges; "unmatched" is a native option for every row (weight 0), so a
//! row is left out exactly when leaving it out is optimal. The caller makes "matched count
//! first, then score" lexicographic by adding a large constant to every edge ([`lexicographic`]).
//!
//! The method is successive shortest paths as a min-cost flow: source → row (capacity 1),
//! row → column (capacity 1, cost −w), column → sink (capacity c_j), row → sink (capacity 1,
//! cost 0: unmatched). Rows are added one at a time; each addition augments along a shortest
//! path in reduced costs (Dijkstra with a binary heap over the residual graph, stopping as soon
//! as the sink's distance is final), then updates only the potentials of the nodes it finalised.
//! All arithmetic is on integers, so the optimum is exact. When mentor seats are fewer than
//! young people (the usual case), the solver runs on the transposed problem, one row per
//! seat, because a seat's search ends at the first free young person it reaches, while a young
//! person's search, when seats are scarce, crosses much of the graph ([`solve`]).
//!
//! The potentials are the LP duals: `u[i] ≥ 0` per row, `v[j] ≥ 0` per column with
//! `u[i] + v[j] ≥ w` on every edge, equality on chosen edges, `u[i] = 0` on unmatched rows and
//! `v[j] = 0` on columns with spare capacity. [`Solution::certify`] checks exactly these
//! conditions, which prove optimality by LP duality (the b-matching polytope is integral); the
//! same duals certify pairs that were never put in the graph (see `candidates`).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

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
        let first = self.col.len();
        for (c, w) in edges {
            assert!((c as usize) < self.capacity.len(), "edge to column {c} out of range");
            if w <= 0 {
                continue;
            }
            if let Some(k) = (first..self.col.len()).find(|&k| self.col[k] == c) {
                self.weight[k] = self.weight[k].max(w);
            } else {
                self.col.push(c);
                self.weight.push(w);
            }
        }
        self.start.push(self.col.len() as u32);
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
}

impl Solution {
    pub fn col_of(&self, p: &Problem, row: usize) -> Option<usize> {
        let e = self.row_edge[row];
        (e != NONE).then(|| p.col[e as usize] as usize)
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
                if self.u[i] != 0 {
                    return Err(format!("unmatched row {i} has dual {} (must be 0)", self.u[i]));
                }
                continue;
            }
            if !p.row_edges(i).contains(&(e as usize)) {
                return Err(format!("row {i} uses edge {e} that is not its own"));
            }
            let j = p.col[e as usize] as usize;
            load[j] += 1;
            total += p.weight[e as usize];
            if self.u[i] + self.v[j] != p.weight[e as usize] {
                return Err(format!("chosen edge {i}-{j} is not tight"));
            }
        }
        for (j, &l) in load.iter().enumerate() {
            if l > p.capacity[j] {
                return Err(format!("column {j} over capacity: {l} > {}", p.capacity[j]));
            }
            if self.v[j] < 0 || (l < p.capacity[j] && self.v[j] != 0) {
                return Err(format!("column {j} with load {l}/{} has dual {}", p.capacity[j], self.v[j]));
            }
        }
        for i in 0..p.rows() {
            for e in p.row_edges(i) {
                let j = p.col[e] as usize;
                if self.u[i] + self.v[j] < p.weight[e] {
                    return Err(format!("edge {i}-{j} violates its dual constraint"));
                }
            }
        }
        if total != self.total {
            return Err(format!("reported total {} but the chosen edges sum to {total}", self.total));
        }
        Ok(())
    }
}

/// The weight that makes one more match worth more than any difference in scores: for
/// scores in `0..=max_score`, `big + score` per edge maximises the matched count first.
pub fn lexicographic(max_score: i64, max_matches: usize) -> i64 {
    max_score.saturating_mul(max_matches as i64).saturating_add(1)
}

#[derive(Clone, Copy)]
enum End {
    /// The path ends in a column with spare capacity.
    Spare(u32),
    /// The path ends by leaving this row unmatched.
    Drop(u32),
}

struct State<'a> {
    p: &'a Problem,
    rows: usize,
    u: Vec<i64>,
    v: Vec<i64>,
    row_edge: Vec<u32>,
    row_slot: Vec<u32>,
    /// Column `j`'s rows are `slots[slot_start[j]..slot_start[j] + load[j]]`.
    slot_start: Vec<u32>,
    load: Vec<u32>,
    slots: Vec<u32>,
    // Dijkstra scratch, indexed by node: rows are 0..rows, columns rows..rows+cols.
    dist: Vec<i64>,
    stamp: Vec<u32>,
    done: Vec<u32>,
    epoch: u32,
    /// For a column reached by a forward edge: that edge and its row.
    pred_edge: Vec<u32>,
    pred_row: Vec<u32>,
    finalised: Vec<u32>,
    heap: BinaryHeap<Reverse<(i64, u32)>>,
}

/// Solves `p` to optimality.
///
/// Shortest paths are cheap when they end quickly, which happens when the side they end on
/// has room to spare. With more young people (rows) than mentor seats, most searches from a
/// row only end after crossing much of the graph, so the solver works on the transposed
/// problem instead: one row per mentor seat (a column with capacity `c` becomes `c` identical
/// rows), whose paths end at any young person still free. The duals map back exactly (see
/// [`solve_transposed`]).
pub fn solve(p: &Problem) -> Solution {
    solve_warm(p, None).0
}

/// The solver's state at an optimum, to start the next solve from when the graph has grown
/// (a matching run's next round adds the pairs the certificate found). Per row of the problem
/// it solved (mentor seats when transposed): the column it holds, or [`NONE`], and its dual;
/// per column its dual.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warm {
    transposed: bool,
    row_col: Vec<u32>,
    u: Vec<i64>,
    v: Vec<i64>,
}

/// Solves `p` to optimality, starting from `warm` when it is the state of an earlier solve of
/// a graph with the same rows, columns and capacities and a subset of `p`'s edges (any other
/// `warm` is ignored). Returns the solution and the state for the next solve.
///
/// From the earlier optimum, every pair still holds its match and every dual stays, except
/// where a new edge is violated (`u + v < w`): that row lets go of its match and is added
/// again by the same shortest-path step a cold solve uses. A column left with room must have
/// dual 0, so its dual drops to 0, and any row whose edge that drop violates lets go too.
/// What remains satisfies every invariant of the row-by-row method, so the result is as
/// exact as a cold solve, and a round that adds a few pairs costs a few short searches.
pub fn solve_warm(p: &Problem, warm: Option<&Warm>) -> (Solution, Warm) {
    let seats: u64 = p.capacity.iter().map(|&c| c as u64).sum();
    let transposed = seats < p.rows() as u64;
    let warm = warm.filter(|w| w.transposed == transposed);
    if transposed { solve_transposed_warm(p, warm) } else { solve_rows_warm(p, warm) }
}

/// Solves `p` through its transpose: rows are mentor seats, columns young people with
/// capacity 1. A solution there is a matching here with the same total. For the duals, a
/// young person's dual is its column's; a mentor's is the least dual among its seats. That is
/// feasible on every edge (each seat has all of the mentor's edges), tight on chosen edges (a
/// seat with a chosen edge `(i, s)` has `u_i + v_s = w ≤ u_i + min`, so it is the least), and
/// zero when a seat is empty (an empty seat's dual is 0).
pub fn solve_transposed(p: &Problem) -> Solution {
    solve_transposed_warm(p, None).0
}

fn solve_transposed_warm(p: &Problem, warm: Option<&Warm>) -> (Solution, Warm) {
    let rows = p.rows();
    let cols = p.cols();
    // Count each column's edges, then lay the transposed rows out seat by seat.
    let mut degree = vec![0u32; cols];
    for &c in &p.col {
        degree[c as usize] += 1;
    }
    let mut t_start = vec![0u32; cols + 1];
    for j in 0..cols {
        t_start[j + 1] = t_start[j] + degree[j];
    }
    let mut fill = t_start.clone();
    let mut t_col = vec![0u32; p.edges()];
    let mut t_edge = vec![0u32; p.edges()];
    for i in 0..rows {
        for e in p.row_edges(i) {
            let j = p.col[e] as usize;
            let at = fill[j] as usize;
            t_col[at] = i as u32;
            t_edge[at] = e as u32;
            fill[j] += 1;
        }
    }
    let seats: usize = p.capacity.iter().map(|&c| c as usize).sum();
    let mut t =
        Problem { capacity: vec![1; rows], start: Vec::with_capacity(seats + 1), col: Vec::new(), weight: Vec::new() };
    t.start.push(0);
    let mut seat_col = Vec::with_capacity(seats);
    // For a transposed edge: the original edge it stands for.
    let mut back = Vec::new();
    for j in 0..cols {
        let range = t_start[j] as usize..t_start[j + 1] as usize;
        for _ in 0..p.capacity[j] {
            seat_col.push(j as u32);
            for k in range.clone() {
                t.col.push(t_col[k]);
                t.weight.push(p.weight[t_edge[k] as usize]);
                back.push(t_edge[k]);
            }
            t.start.push(t.col.len() as u32);
        }
    }
    let (ts, mut next) = solve_rows_warm(&t, warm);
    next.transposed = true;
    let mut row_edge = vec![NONE; rows];
    for &e in &ts.row_edge {
        if e != NONE {
            let i = t.col[e as usize] as usize;
            row_edge[i] = back[e as usize];
        }
    }
    let mut v = vec![i64::MAX; cols];
    for (s, &j) in seat_col.iter().enumerate() {
        v[j as usize] = v[j as usize].min(ts.u[s]);
    }
    for x in &mut v {
        if *x == i64::MAX {
            *x = 0; // a column without seats
        }
    }
    (Solution { row_edge, u: ts.v, v, total: ts.total, matched: ts.matched }, next)
}

/// Solves `p` by adding its rows one at a time.
pub fn solve_rows(p: &Problem) -> Solution {
    solve_rows_warm(p, None).0
}

fn solve_rows_warm(p: &Problem, warm: Option<&Warm>) -> (Solution, Warm) {
    let rows = p.rows();
    let cols = p.cols();
    let mut slot_start = Vec::with_capacity(cols + 1);
    let mut acc = 0u32;
    for &c in &p.capacity {
        slot_start.push(acc);
        acc += c;
    }
    slot_start.push(acc);
    let nodes = rows + cols;
    let mut s = State {
        p,
        rows,
        u: vec![0; rows],
        v: vec![0; cols],
        row_edge: vec![NONE; rows],
        row_slot: vec![NONE; rows],
        slot_start,
        load: vec![0; cols],
        slots: vec![NONE; acc as usize],
        dist: vec![0; nodes],
        stamp: vec![0; nodes],
        done: vec![0; nodes],
        epoch: 0,
        pred_edge: vec![NONE; cols],
        pred_row: vec![NONE; cols],
        finalised: Vec::new(),
        heap: BinaryHeap::new(),
    };
    let stats = std::env::var_os("TANDEM_SOLVER_STATS").is_some();
    let warm = warm.filter(|w| w.row_col.len() == rows && w.u.len() == rows && w.v.len() == cols);
    let free: Vec<u32> = match warm {
        Some(w) => s.resume(w),
        None => (0..rows as u32).collect(),
    };
    let readded = free.len();
    // An auction phase sets prices by competition, cheaply; the rows it leaves unsettled
    // are then added by shortest paths, which the prices keep short.
    let leftover = s.auction(free, AUCTION_BIDS_PER_ROW);
    let mut finalised = 0usize;
    for &r in &leftover {
        s.add_row(r as usize);
        finalised += s.finalised.len();
    }
    if stats {
        eprintln!(
            "solver: {readded} rows to add{}, {} left to shortest paths, {finalised} nodes finalised",
            if warm.is_some() { " (warm start)" } else { "" },
            leftover.len()
        );
    }
    let mut total = 0;
    let mut matched = 0;
    for (i, &e) in s.row_edge.iter().enumerate() {
        if e != NONE {
            total += p.weight[e as usize];
            matched += 1;
        }
        debug_assert!(s.u[i] >= 0);
    }
    let row_col = s.row_edge.iter().map(|&e| if e == NONE { NONE } else { p.col[e as usize] }).collect();
    let next = Warm { transposed: false, row_col, u: s.u.clone(), v: s.v.clone() };
    (Solution { row_edge: s.row_edge, u: s.u, v: s.v, total, matched }, next)
}

/// Scratch for [`State::settle_column`]: per row, the column it was reached from and by
/// which edge; the rows along the last path.
struct Mirror {
    pred_col: Vec<u32>,
    pred_edge: Vec<u32>,
    path: Vec<u32>,
}

/// Bids each row may make in the auction phase before shortest paths take over.
const AUCTION_BIDS_PER_ROW: u32 = 4;

impl State<'_> {
    /// Forward auction without ε: a free row bids for its best column at the price that
    /// makes it indifferent to its second best (or to staying unmatched), displacing the
    /// holder of a single-seat column. It keeps every invariant the shortest-path phase needs:
    /// chosen edges are tight, every row's dual is at least its value for any column, a
    /// column with room has price 0 (a bid on one with several seats and room leaves its
    /// price alone), and prices only rise, so a row that prefers staying unmatched stays so.
    /// Returns the rows still free, for `add_row`.
    fn auction(&mut self, free: Vec<u32>, bids_per_row: u32) -> Vec<u32> {
        let p = self.p;
        let mut bids = vec![0u32; self.rows];
        let mut queue: std::collections::VecDeque<u32> = free.into();
        let mut leftover = Vec::new();
        while let Some(i) = queue.pop_front() {
            let i = i as usize;
            let (mut best, mut second, mut best_e) = (i64::MIN, 0i64, NONE);
            for e in p.row_edges(i) {
                let value = p.weight[e] - self.v[p.col[e] as usize];
                if value > best {
                    second = second.max(best);
                    best = value;
                    best_e = e as u32;
                } else if value > second {
                    second = value;
                }
            }
            if best <= 0 {
                self.u[i] = 0; // staying unmatched is optimal, and prices only rise
                continue;
            }
            let j = p.col[best_e as usize] as usize;
            let cap = p.capacity[j];
            let load = self.load[j];
            if bids[i] >= bids_per_row || (cap > 1 && load == cap) || (second == best && load == cap) {
                leftover.push(i as u32);
                continue;
            }
            bids[i] += 1;
            let slot;
            if load < cap {
                slot = self.slot_start[j] + load;
                self.load[j] += 1;
                if cap == 1 {
                    self.v[j] += best - second;
                }
            } else {
                // A single seat: its holder is displaced and bids again.
                slot = self.slot_start[j];
                let holder = self.slots[slot as usize] as usize;
                self.row_edge[holder] = NONE;
                self.row_slot[holder] = NONE;
                queue.push_back(holder as u32);
                self.v[j] += best - second;
            }
            self.slots[slot as usize] = i as u32;
            self.row_slot[i] = slot;
            self.row_edge[i] = best_e;
            self.u[i] = p.weight[best_e as usize] - self.v[j];
        }
        leftover
    }

    /// Takes up an earlier optimum (see [`solve_warm`]) and returns the rows to add again.
    ///
    /// Every pair keeps its match and every dual stays. A new edge that is violated
    /// (`u + v < w`) raises its column's dual to make it feasible; a row whose match that
    /// raise leaves loose lets go and is added again, as is every row without a match (adding
    /// one back is cheap: it stays out unless one of its edges is worth more than its dual).
    /// A column left with room must have dual 0: when every column takes one row (the
    /// transposed problem: young people), a search rooted at that column (the mirror of
    /// [`State::add_row`]) either moves a row into it along an alternating path or lowers its
    /// dual to 0, adjusting only the duals it reaches. With larger capacities its dual drops
    /// to 0 directly, and every row whose edge that drop violates lets go too.
    fn resume(&mut self, w: &Warm) -> Vec<u32> {
        let p = self.p;
        let cols = p.cols();
        self.u.clone_from(&w.u);
        self.v.clone_from(&w.v);
        let mut free = Vec::new();
        for i in 0..self.rows {
            let c = w.row_col[i];
            let e = (c != NONE).then(|| p.row_edges(i).find(|&e| p.col[e] == c)).flatten();
            match e {
                Some(e) if (c as usize) < cols && self.load[c as usize] < p.capacity[c as usize] => {
                    let c = c as usize;
                    let slot = self.slot_start[c] + self.load[c];
                    self.load[c] += 1;
                    self.slots[slot as usize] = i as u32;
                    self.row_slot[i] = slot;
                    self.row_edge[i] = e as u32;
                }
                _ => {
                    self.u[i] = 0;
                    free.push(i as u32);
                }
            }
        }
        // New edges: the column's dual rises until the edge is feasible.
        for i in 0..self.rows {
            if self.row_edge[i] == NONE {
                continue;
            }
            for e in p.row_edges(i) {
                let j = p.col[e] as usize;
                if self.u[i] + self.v[j] < p.weight[e] {
                    self.v[j] = p.weight[e] - self.u[i];
                }
            }
        }
        // Rows whose match is no longer tight let go of it.
        for i in 0..self.rows {
            let e = self.row_edge[i];
            if e != NONE && self.u[i] + self.v[p.col[e as usize] as usize] != p.weight[e as usize] {
                self.unassign(i);
                free.push(i as u32);
            }
        }
        // Each column's edges, for the searches rooted at a column.
        let mut col_start = vec![0u32; cols + 1];
        for &c in &p.col {
            col_start[c as usize + 1] += 1;
        }
        for j in 0..cols {
            col_start[j + 1] += col_start[j];
        }
        let mut fill = col_start.clone();
        let mut col_edges = vec![(0u32, 0u32); p.edges()];
        for i in 0..self.rows {
            for e in p.row_edges(i) {
                let j = p.col[e] as usize;
                col_edges[fill[j] as usize] = (i as u32, e as u32);
                fill[j] += 1;
            }
        }
        let loose: Vec<usize> = (0..cols).filter(|&j| self.load[j] < p.capacity[j] && self.v[j] > 0).collect();
        if p.capacity.iter().all(|&c| c == 1) {
            let mut mirror =
                Mirror { pred_col: vec![NONE; self.rows], pred_edge: vec![NONE; self.rows], path: Vec::new() };
            for j in loose {
                self.settle_column(j, &col_start, &col_edges, &mut mirror);
            }
            return free;
        }
        let mut queue: Vec<u32> = Vec::new();
        let lower = |s: &mut Self, j: usize, queue: &mut Vec<u32>| {
            if s.v[j] > 0 {
                s.v[j] = 0;
                for &(i2, e2) in &col_edges[col_start[j] as usize..col_start[j + 1] as usize] {
                    if s.row_edge[i2 as usize] != NONE && s.u[i2 as usize] < p.weight[e2 as usize] {
                        queue.push(i2);
                    }
                }
            }
        };
        for j in loose {
            lower(self, j, &mut queue);
        }
        while let Some(i) = queue.pop() {
            let i = i as usize;
            if self.row_edge[i] == NONE {
                continue; // already let go
            }
            let j = self.unassign(i);
            free.push(i as u32);
            lower(self, j, &mut queue);
        }
        free
    }

    /// Takes row `i` out of its column (the column's last row takes its slot); returns the
    /// column. The row's dual becomes 0: it is added again later.
    fn unassign(&mut self, i: usize) -> usize {
        let j = self.p.col[self.row_edge[i] as usize] as usize;
        let slot = self.row_slot[i] as usize;
        let last = (self.slot_start[j] + self.load[j] - 1) as usize;
        let moved = self.slots[last];
        self.slots[slot] = moved;
        self.row_slot[moved as usize] = slot as u32;
        self.slots[last] = NONE;
        self.load[j] -= 1;
        self.row_edge[i] = NONE;
        self.row_slot[i] = NONE;
        self.u[i] = 0;
        j
    }

    /// Column `c` (capacity 1, empty, dual above 0) gets a row or dual 0: a shortest path in
    /// reduced costs from `c`, back along the matching. From a column to a row by one of its
    /// unchosen edges (cost `u + v − w`), from a row to the column it holds (cost 0: chosen
    /// edges are tight). The path ends at a column whose dual reaches 0 as its row moves on
    /// (cost: distance + its dual), `c` itself included (then nothing moves). Only rows
    /// holding a match are crossed. Then every finalised node closer than the end moves by
    /// its slack (columns down, rows up), which keeps every edge feasible and every match
    /// tight, and the rows along the path each move one column towards `c`.
    fn settle_column(&mut self, c: usize, col_start: &[u32], col_edges: &[(u32, u32)], m: &mut Mirror) {
        let p = self.p;
        let rows = self.rows;
        let mut best = self.v[c];
        let mut end = c;
        self.start_search(rows + c);
        while let Some((d, node)) = self.next_final(best) {
            if node >= rows {
                let j = node - rows;
                if j != c && d + self.v[j] < best {
                    best = d + self.v[j];
                    end = j;
                }
                let vj = self.v[j];
                for &(i, e) in &col_edges[col_start[j] as usize..col_start[j + 1] as usize] {
                    let (i, e) = (i as usize, e as usize);
                    if self.row_edge[i] == NONE || self.row_edge[i] as usize == e {
                        continue;
                    }
                    let nd = d + self.u[i] + vj - p.weight[e];
                    debug_assert!(nd >= d, "negative reduced cost");
                    if nd < best && self.reach(i, nd) {
                        m.pred_col[i] = j as u32;
                        m.pred_edge[i] = e as u32;
                    }
                }
            } else {
                // The row's own column, at no cost; it is reached only through this row.
                let j = p.col[self.row_edge[node] as usize] as usize;
                if self.reach(rows + j, d) && d + self.v[j] < best {
                    best = d + self.v[j];
                    end = j;
                }
            }
        }
        self.move_duals(best, 1);
        if end == c {
            return;
        }
        // Walk back from the end to `c`, then move each row one column towards `c`.
        m.path.clear();
        let mut j = end;
        while j != c {
            let i = self.slots[self.slot_start[j] as usize] as usize;
            m.path.push(i as u32);
            j = m.pred_col[i] as usize;
        }
        for &i in m.path.iter().rev() {
            let i = i as usize;
            let to = m.pred_col[i] as usize;
            let e = m.pred_edge[i];
            let ui = self.u[i]; // the dual the search gave it (unassign zeroes it)
            self.unassign(i);
            let slot = self.slot_start[to] + self.load[to];
            self.load[to] += 1;
            self.slots[slot as usize] = i as u32;
            self.row_slot[i] = slot;
            self.row_edge[i] = e;
            self.u[i] = ui;
        }
    }

    /// A new shortest-path search from `root` (a node: rows first, then columns).
    fn start_search(&mut self, root: usize) {
        self.epoch += 1;
        self.heap.clear();
        self.finalised.clear();
        self.reach(root, 0);
    }

    /// The next node whose distance is final, while it is closer than `best`; it is
    /// recorded in `finalised`.
    fn next_final(&mut self, best: i64) -> Option<(i64, usize)> {
        while let Some(Reverse((d, node))) = self.heap.pop() {
            if d >= best {
                return None;
            }
            let node = node as usize;
            if self.done[node] == self.epoch || self.dist[node] != d {
                continue; // reached again at a shorter distance, or already final
            }
            self.done[node] = self.epoch;
            self.finalised.push(node as u32);
            return Some((d, node));
        }
        None
    }

    /// After a search that ended at distance `best`: every finalised node closer than the end
    /// moves by its slack, rows by `row_sign` times it and columns the other way (a search
    /// from a row lowers rows' duals, one from a column raises them).
    fn move_duals(&mut self, best: i64, row_sign: i64) {
        for &n in &self.finalised {
            let n = n as usize;
            let slack = best - self.dist[n];
            if slack > 0 {
                if n < self.rows {
                    self.u[n] += row_sign * slack;
                } else {
                    self.v[n - self.rows] -= row_sign * slack;
                }
            }
        }
    }

    fn reach(&mut self, node: usize, d: i64) -> bool {
        if self.stamp[node] == self.epoch && self.dist[node] <= d {
            return false;
        }
        self.stamp[node] = self.epoch;
        self.dist[node] = d;
        self.heap.push(Reverse((d, node as u32)));
        true
    }

    fn add_row(&mut self, r: usize) {
        let p = self.p;
        // The new row's dual: the least value that keeps every one of its edges feasible.
        let mut ur = 0i64;
        for e in p.row_edges(r) {
            ur = ur.max(p.weight[e] - self.v[p.col[e] as usize]);
        }
        self.u[r] = ur;
        if ur == 0 {
            return; // no edge can beat staying unmatched
        }
        let mut best = ur; // leaving r unmatched costs u[r] in reduced terms
        let mut end = End::Drop(r as u32);
        self.start_search(r);
        while let Some((d, node)) = self.next_final(best) {
            if node < self.rows {
                let i = node;
                if i != r {
                    let c = d + self.u[i];
                    if c < best {
                        best = c;
                        end = End::Drop(i as u32);
                    }
                }
                let own = self.row_edge[i];
                let ui = self.u[i];
                for e in p.row_edges(i) {
                    if e as u32 == own {
                        continue;
                    }
                    let j = p.col[e] as usize;
                    let nd = d + ui + self.v[j] - p.weight[e];
                    debug_assert!(nd >= d, "negative reduced cost");
                    if nd < best && self.reach(self.rows + j, nd) {
                        self.pred_edge[j] = e as u32;
                        self.pred_row[j] = i as u32;
                        // A column with room ends a path here: take it as the best so far
                        // now, so the search stops as soon as nothing closer is left
                        // (instead of first exploring every node at the same distance).
                        if self.load[j] < p.capacity[j] {
                            best = nd;
                            end = End::Spare(j as u32);
                        }
                    }
                }
            } else {
                let j = node - self.rows;
                if self.load[j] < p.capacity[j] {
                    // v[j] is 0 on a column with room, so the path ends here at distance d.
                    if d < best {
                        best = d;
                        end = End::Spare(j as u32);
                    }
                    continue;
                }
                let from = self.slot_start[j] as usize;
                for k in from..from + self.load[j] as usize {
                    let i = self.slots[k] as usize;
                    // Chosen edges are tight: the reverse edge costs nothing.
                    if d < best && self.reach(i, d) {
                        let c = d + self.u[i];
                        if c < best {
                            best = c;
                            end = End::Drop(i as u32);
                        }
                    }
                }
            }
        }
        self.move_duals(best, -1);
        self.augment(r, end);
    }

    fn augment(&mut self, r: usize, end: End) {
        let p = self.p;
        let (mut j, mut slot) = match end {
            End::Spare(j) => {
                let j = j as usize;
                let s = self.slot_start[j] + self.load[j];
                self.load[j] += 1;
                (j, s)
            }
            End::Drop(i) => {
                let i = i as usize;
                if i == r {
                    return;
                }
                let j = p.col[self.row_edge[i] as usize] as usize;
                let s = self.row_slot[i];
                self.row_edge[i] = NONE;
                self.row_slot[i] = NONE;
                (j, s)
            }
        };
        loop {
            let i = self.pred_row[j] as usize;
            let e = self.pred_edge[j];
            let old_edge = self.row_edge[i];
            let old_slot = self.row_slot[i];
            self.slots[slot as usize] = i as u32;
            self.row_slot[i] = slot;
            self.row_edge[i] = e;
            if i == r {
                break;
            }
            j = p.col[old_edge as usize] as usize;
            slot = old_slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exhaustive search over every matching of a tiny instance.
    fn brute(p: &Problem) -> (i64, usize) {
        fn go(p: &Problem, i: usize, left: &mut Vec<u32>) -> (i64, usize) {
            if i == p.rows() {
                return (0, 0);
            }
            let mut best = go(p, i + 1, left);
            for e in p.row_edges(i) {
                let j = p.col[e] as usize;
                if left[j] > 0 {
                    left[j] -= 1;
                    let (t, m) = go(p, i + 1, left);
                    left[j] += 1;
                    if t + p.weight[e] > best.0 {
                        best = (t + p.weight[e], m + 1);
                    }
                }
            }
            best
        }
        go(p, 0, &mut p.capacity.clone())
    }

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

    fn random_problem(rng: &mut Rng, rows: usize, cols: usize, max_w: u64) -> Problem {
        let capacity = (0..cols).map(|_| 1 + (rng.below(4) == 0) as u32).collect();
        let mut p = Problem::new(capacity);
        for _ in 0..rows {
            let k = rng.below(cols as u64 + 1) as usize;
            let edges: Vec<(u32, i64)> =
                (0..k).map(|_| (rng.below(cols as u64) as u32, 1 + rng.below(max_w) as i64)).collect();
            p.push_row(edges);
        }
        p
    }

    #[test]
    fn matches_exhaustive_search_and_certifies_on_random_tiny_instances() {
        let mut rng = Rng(7);
        for case in 0..3000 {
            let rows = 1 + rng.below(7) as usize;
            let cols = 1 + rng.below(5) as usize;
            // Small weights make ties common, which is where shortcuts go wrong.
            let max_w = if case % 2 == 0 { 3 } else { 50 };
            let p = random_problem(&mut rng, rows, cols, max_w);
            let best = brute(&p).0;
            for (how, s) in [("rows", solve_rows(&p)), ("transposed", solve_transposed(&p))] {
                s.certify(&p).unwrap_or_else(|e| panic!("case {case} ({how}): {e}\n{p:?}"));
                assert_eq!(s.total, best, "case {case} ({how}): {p:?}");
            }
        }
    }

    /// `p` with each edge kept with probability `keep_in_4` / 4: a candidate graph of `p`.
    fn subgraph(rng: &mut Rng, p: &Problem, keep_in_4: u64) -> Problem {
        let mut q = Problem::new(p.capacity.clone());
        for i in 0..p.rows() {
            let kept: Vec<(u32, i64)> =
                p.row_edges(i).filter(|_| rng.below(4) < keep_in_4).map(|e| (p.col[e], p.weight[e])).collect();
            q.push_row(kept);
        }
        q
    }

    #[test]
    fn a_warm_start_on_a_grown_graph_is_as_exact_as_a_cold_solve() {
        let mut rng = Rng(11);
        let mut kept_some = 0;
        for case in 0..3000 {
            let rows = 1 + rng.below(8) as usize;
            let cols = 1 + rng.below(6) as usize;
            let max_w = if case % 2 == 0 { 3 } else { 50 };
            let full = random_problem(&mut rng, rows, cols, max_w);
            let best = brute(&full).0;
            // Two rounds of growth, as a matching run extends its candidates: a quarter of
            // the edges, then half, then all.
            let small = subgraph(&mut rng, &full, 1);
            let middle = {
                let mut m = Problem::new(full.capacity.clone());
                for i in 0..full.rows() {
                    let extra = subgraph(&mut rng, &full, 1);
                    let mut edges: Vec<(u32, i64)> =
                        small.row_edges(i).map(|e| (small.col[e], small.weight[e])).collect();
                    edges.extend(extra.row_edges(i).map(|e| (extra.col[e], extra.weight[e])));
                    m.push_row(edges);
                }
                m
            };
            for (how, solve_from) in [
                ("rows", solve_rows_warm as fn(&Problem, Option<&Warm>) -> (Solution, Warm)),
                ("transposed", solve_transposed_warm),
            ] {
                let (a, wa) = solve_from(&small, None);
                a.certify(&small).unwrap_or_else(|e| panic!("case {case} ({how}) small: {e}"));
                let (b, wb) = solve_from(&middle, Some(&wa));
                b.certify(&middle).unwrap_or_else(|e| panic!("case {case} ({how}) middle: {e}\n{middle:?}"));
                assert_eq!(b.total, brute(&middle).0, "case {case} ({how}) middle: {middle:?}");
                let (c, _) = solve_from(&full, Some(&wb));
                c.certify(&full).unwrap_or_else(|e| panic!("case {case} ({how}) full: {e}\n{full:?}"));
                assert_eq!(c.total, best, "case {case} ({how}): {full:?}");
                kept_some += wb.row_col.iter().filter(|&&c| c != NONE).count();
            }
        }
        assert!(kept_some > 0, "warm starts kept matches");
        // A warm state from another orientation or size is ignored, not misread.
        let mut p = Problem::new(vec![1]);
        p.push_row([(0, 5)]);
        p.push_row([(0, 7)]);
        let (_, transposed) = solve_warm(&p, None);
        let mut q = Problem::new(vec![1, 1, 1]);
        q.push_row([(0, 5), (2, 1)]);
        let (s, _) = solve_warm(&q, Some(&transposed));
        s.certify(&q).expect("certified");
        assert_eq!(s.total, 5);
    }

    #[test]
    fn lexicographic_weights_prefer_one_more_match_over_any_score() {
        // Row 0 likes column 0 a lot; row 1 can only use column 0. Matching both needs row 0
        // on its weaker column 1.
        let big = lexicographic(100, 2);
        let mut p = Problem::new(vec![1, 1]);
        p.push_row([(0, big + 100), (1, big)]);
        p.push_row([(0, big)]);
        let s = solve(&p);
        assert_eq!(s.matched, 2);
        assert_eq!(s.col_of(&p, 0), Some(1));
        assert_eq!(s.col_of(&p, 1), Some(0));
        // Without the lexicographic constant, the score alone would leave row 1 out.
        let mut q = Problem::new(vec![1, 1]);
        q.push_row([(0, 100), (1, 1)]);
        q.push_row([(0, 1)]);
        assert_eq!(solve(&q).matched, 1);
    }

    #[test]
    fn capacity_lets_one_column_take_several_rows() {
        let mut p = Problem::new(vec![3]);
        for w in [5, 9, 2, 7] {
            p.push_row([(0, w)]);
        }
        let s = solve(&p);
        s.certify(&p).expect("certified");
        assert_eq!((s.matched, s.total), (3, 21));
        assert_eq!(s.col_of(&p, 2), None, "the weakest row is the one left out");
    }

    #[test]
    fn certify_rejects_a_suboptimal_or_infeasible_answer() {
        let mut p = Problem::new(vec![1, 1]);
        p.push_row([(0, 5), (1, 4)]);
        p.push_row([(0, 3)]);
        let s = solve(&p);
        assert_eq!(s.total, 7);
        s.certify(&p).expect("optimal");
        let mut worse = s.clone();
        worse.row_edge = vec![0, NONE];
        worse.total = 5;
        assert!(worse.certify(&p).is_err());
        let mut over = s.clone();
        over.row_edge = vec![0, 2];
        over.total = 8;
        assert!(over.certify(&p).is_err(), "two rows on a column of capacity 1");
    }

    #[test]
    fn empty_rows_and_zero_weights_stay_unmatched() {
        let mut p = Problem::new(vec![1]);
        p.push_row([]);
        p.push_row([(0, 0), (0, -3)]);
        let s = solve(&p);
        assert_eq!(s.matched, 0);
        assert_eq!(p.edges(), 0);
        s.certify(&p).expect("certified");
    }
}
