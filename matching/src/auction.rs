//! ε-scaling auction with forward and reverse bids, on scaled integer weights.
//!
//! The problem is laid out with unit capacities on both sides: the smaller side bids
//! ("persons"), the larger is bid for ("objects"); a mentor with several seats becomes that
//! many identical seats. Every weight is multiplied by a scale `S` larger than the number of
//! rows (up to [`ROOM`] times larger). The auction keeps ε-complementary slackness (ε-CS) with
//! a profit `π ≥ 0` per person and a price `p ≥ 0` per object:
//!
//! - (b) `π_i + p_j ≥ S·w_ij − ε` on every edge;
//! - (c) `π_i + p_j = S·w_ij` on every chosen edge;
//! - (d) `π_i = 0` for a person left out; (e) `p_j = 0` for an object left free.
//!
//! Then `Σπ + Σp = S·W(M)` and every pair is within ε of its dual constraint, so any matching
//! `M'` has `S·W(M') ≤ S·W(M) + ε·rows`; with ε = 1 and `S > rows`, `W(M') < W(M) + 1`: the
//! integer total is optimal ([`Solution::certify`] checks exactly this, per row).
//!
//! A forward bid (a free person takes its best object at the price that leaves it just ε
//! short of its second best, or of staying out) raises a price by at least ε and displaces
//! the holder; prices only rise, so an object once taken stays taken. A reverse bid (a free
//! object with a price above 0 takes the person who gains most from it, at the price that
//! leaves the next person just ε short) lowers a price by at least ε and frees the person's
//! old object. Both keep (b)-(d); a forward pass ends with every person settled, a reverse
//! pass with (e). Before the first bid, a maximum-cardinality matching's cover prices the
//! part of the weights every edge shares ([`cover`]); ε then starts at a sixth of the spread
//! between weights and falls by [`SCALE_STEP`] per phase to 1; each phase keeps the matches
//! that still satisfy ε-CS at the new ε.

use crate::solver::{Cover, NONE, Problem, Solution};
use std::collections::VecDeque;

/// How much ε falls from one phase to the next.
const SCALE_STEP: i64 = 6;
/// A warm start with fewer persons off slackness than one in this many starts ε lower.
const FEW_OFF: usize = 100;
/// How many times the number of rows the weights are scaled by, when they fit.
const ROOM: i64 = 64;

/// The auction's state at its end, to start the next solve from when the graph has grown
/// (same rows, columns and capacities, more edges). Persons and objects are numbered by the
/// layout, which depends only on rows and capacities.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warm {
    seats_bid: bool,
    scale: i64,
    person_obj: Vec<u32>,
    price: Vec<i64>,
    /// The cover's objects and the level they were priced up by.
    covered: Vec<bool>,
    level: i64,
}

impl Warm {
    /// How many persons held an object.
    pub fn matched(&self) -> usize {
        self.person_obj.iter().filter(|&&o| o != NONE).count()
    }
}

/// The unit-capacity layout: persons' edges in compressed rows, and each object's edges.
struct Layout {
    /// True when persons are mentor seats and objects young people.
    seats_bid: bool,
    persons: usize,
    objects: usize,
    pstart: Vec<u32>,
    pobj: Vec<u32>,
    pa: Vec<i64>,
    /// Per person edge: the problem's edge.
    back: Vec<u32>,
    ostart: Vec<u32>,
    /// Per object edge slot: the person edge, its person and its scaled weight (copies, so
    /// that a reverse bid reads its edges in order).
    oedge: Vec<u32>,
    operson: Vec<u32>,
    oa: Vec<i64>,
    /// Per seat (person or object, whichever side seats are): its column.
    seat_col: Vec<u32>,
    /// Per column: its first seat (and one past the last column's last seat).
    first_seat: Vec<u32>,
    scale: i64,
}

impl Layout {
    fn new(p: &Problem) -> Layout {
        let rows = p.rows();
        let cols = p.cols();
        // A column never takes more than every row: seats beyond that stay free whatever
        // happens, so they are left out of the layout (see `clamped`). The number of rows,
        // unlike a column's edges, is the same in every round of a run, so warm starts fit.
        let mut seat_col = Vec::new();
        let mut first_seat = Vec::with_capacity(cols + 1);
        for (j, &c) in p.capacity.iter().enumerate() {
            first_seat.push(seat_col.len() as u32);
            seat_col.extend(std::iter::repeat_n(j as u32, (c as usize).min(rows)));
        }
        first_seat.push(seat_col.len() as u32);
        let seats = seat_col.len();
        let seats_bid = seats < rows;
        let largest = p.weight.iter().copied().max().unwrap_or(0);
        // The scale must pass the number of rows (each row's pairs in the graph end within 1
        // of their dual constraint); up to 64 times more leaves room for pairs outside it.
        // `Problem::check` has refused weights too large for the least scale.
        let fits = |s: i64| largest.checked_mul(s).is_some_and(|m| m < SCALED_LIMIT);
        let least = least_scale(rows);
        let mut scale = least;
        while scale < least * ROOM && fits(scale * 2) {
            scale *= 2;
        }
        let (mut pstart, mut pobj, mut pa, mut back) = (vec![0u32], Vec::new(), Vec::new(), Vec::new());
        let persons;
        let objects;
        if seats_bid {
            // Persons are seats, with their column's edges; objects are rows.
            let mut degree = vec![0u32; cols + 1];
            for &c in &p.col {
                degree[c as usize + 1] += 1;
            }
            for j in 0..cols {
                degree[j + 1] += degree[j];
            }
            let mut fill = degree.clone();
            let mut by_col = vec![0u32; p.edges()];
            let mut row_of = vec![0u32; p.edges()];
            for i in 0..rows {
                for e in p.row_edges(i) {
                    let j = p.col[e] as usize;
                    by_col[fill[j] as usize] = e as u32;
                    fill[j] += 1;
                    row_of[e] = i as u32;
                }
            }
            for &j in &seat_col {
                for &e in &by_col[degree[j as usize] as usize..degree[j as usize + 1] as usize] {
                    pobj.push(row_of[e as usize]);
                    pa.push(p.weight[e as usize] * scale);
                    back.push(e);
                }
                pstart.push(pobj.len() as u32);
            }
            persons = seats;
            objects = rows;
        } else {
            for i in 0..rows {
                for e in p.row_edges(i) {
                    let j = p.col[e] as usize;
                    for s in first_seat[j]..first_seat[j + 1] {
                        pobj.push(s);
                        pa.push(p.weight[e] * scale);
                        back.push(e as u32);
                    }
                }
                pstart.push(pobj.len() as u32);
            }
            persons = rows;
            objects = seats;
        }
        let mut ostart = vec![0u32; objects + 1];
        for &o in &pobj {
            ostart[o as usize + 1] += 1;
        }
        for o in 0..objects {
            ostart[o + 1] += ostart[o];
        }
        let mut fill = ostart.clone();
        let mut oedge = vec![0u32; pobj.len()];
        let mut operson = vec![0u32; pobj.len()];
        let mut oa = vec![0i64; pobj.len()];
        for i in 0..persons {
            for e in pstart[i] as usize..pstart[i + 1] as usize {
                let o = pobj[e] as usize;
                let at = fill[o] as usize;
                oedge[at] = e as u32;
                operson[at] = i as u32;
                oa[at] = pa[e];
                fill[o] += 1;
            }
        }
        Layout {
            seats_bid,
            persons,
            objects,
            pstart,
            pobj,
            pa,
            back,
            ostart,
            oedge,
            operson,
            oa,
            seat_col,
            first_seat,
            scale,
        }
    }

    /// How many seats column `j` has in the layout.
    fn seats_of(&self, j: usize) -> usize {
        self.first_seat[j + 1] as usize - self.first_seat[j] as usize
    }

    fn edges(&self, i: usize) -> std::ops::Range<usize> {
        self.pstart[i] as usize..self.pstart[i + 1] as usize
    }
}

/// Scaled weights stay below this, so that sums of a few of them (a profit plus a price,
/// a bid's margin) never overflow.
pub(crate) const SCALED_LIMIT: i64 = i64::MAX / 4;

/// The least scale for `rows` rows: a power of two above the number of rows.
pub(crate) fn least_scale(rows: usize) -> i64 {
    ((rows + 1) as u64).next_power_of_two() as i64
}

/// The best and second-best of `(value, index)` pairs, with 0 (staying out, or staying free)
/// counting as a second best; and the best one's index ([`NONE`] when there are none).
fn best_two(values: impl Iterator<Item = (i64, u32)>) -> (i64, i64, u32) {
    let (mut b1, mut b2, mut best) = (i64::MIN, 0i64, NONE);
    for (value, index) in values {
        if value > b1 {
            b2 = b2.max(b1);
            b1 = value;
            best = index;
        } else if value > b2 {
            b2 = value;
        }
    }
    (b1, b2, best)
}

struct Auction<'a> {
    l: &'a Layout,
    /// Per person: its chosen edge, or NONE.
    chosen: Vec<u32>,
    /// Per object: the person holding it, or NONE.
    owner: Vec<u32>,
    profit: Vec<i64>,
    price: Vec<i64>,
    bids: u64,
    reverse_bids: u64,
}

impl Auction<'_> {
    fn forward(&mut self, queue: &mut VecDeque<u32>, eps: i64) {
        let l = self.l;
        while let Some(i) = queue.pop_front() {
            let i = i as usize;
            let (b1, b2, be) = best_two(l.edges(i).map(|e| (l.pa[e] - self.price[l.pobj[e] as usize], e as u32)));
            self.profit[i] = 0;
            if b1 <= eps {
                continue; // staying out is within ε of the best
            }
            self.bids += 1;
            let pi = (b2 - eps).max(0);
            let j = l.pobj[be as usize] as usize;
            let k = self.owner[j];
            if k != NONE {
                self.chosen[k as usize] = NONE;
                self.profit[k as usize] = 0;
                queue.push_back(k);
            }
            self.owner[j] = i as u32;
            self.chosen[i] = be;
            self.price[j] = l.pa[be as usize] - pi;
            self.profit[i] = pi;
        }
    }

    fn reverse(&mut self, eps: i64) {
        let l = self.l;
        let mut queue: VecDeque<u32> =
            (0..l.objects).filter(|&j| self.owner[j] == NONE && self.price[j] > 0).map(|j| j as u32).collect();
        while let Some(j) = queue.pop_front() {
            let j = j as usize;
            if self.owner[j] != NONE || self.price[j] == 0 {
                continue;
            }
            let slots = l.ostart[j] as usize..l.ostart[j + 1] as usize;
            let (g1, g2, ge) = best_two(slots.map(|k| (l.oa[k] - self.profit[l.operson[k] as usize], k as u32)));
            if g1 <= eps {
                self.price[j] = 0; // staying free is within ε of the best
                continue;
            }
            self.reverse_bids += 1;
            let pj = (g2 - eps).max(0);
            let i = l.operson[ge as usize] as usize;
            let ge = l.oedge[ge as usize];
            let old = self.chosen[i];
            if old != NONE {
                let k = l.pobj[old as usize] as usize;
                self.owner[k] = NONE;
                if self.price[k] > 0 {
                    queue.push_back(k as u32);
                }
            }
            self.owner[j] = i as u32;
            self.chosen[i] = ge;
            self.price[j] = pj;
            self.profit[i] = l.pa[ge as usize] - pj;
        }
    }

    /// How far the person furthest from complementary slackness is (the most any person
    /// would gain by leaving its object, or staying out, for its best edge), and how many
    /// persons are further than 1 from it.
    fn most_off(&self) -> (i64, usize) {
        let l = self.l;
        (0..l.persons)
            .map(|i| {
                let c = self.chosen[i];
                let mine = if c == NONE { 0 } else { l.pa[c as usize] - self.price[l.pobj[c as usize] as usize] };
                let best = l.edges(i).map(|e| l.pa[e] - self.price[l.pobj[e] as usize]).max().unwrap_or(0);
                best.max(0) - mine
            })
            .fold((0, 0), |(most, count), off| (most.max(off), count + usize::from(off > 1)))
    }

    /// Starts a phase at `eps`: keeps each match that satisfies ε-CS, frees the rest, and
    /// returns the persons to bid.
    fn start_phase(&mut self, eps: i64) -> VecDeque<u32> {
        let l = self.l;
        let mut queue = VecDeque::new();
        for i in 0..l.persons {
            let c = self.chosen[i];
            let mut other = 0i64;
            for e in l.edges(i) {
                if e as u32 != c {
                    other = other.max(l.pa[e] - self.price[l.pobj[e] as usize]);
                }
            }
            if c == NONE {
                self.profit[i] = 0;
                if other > eps {
                    queue.push_back(i as u32);
                }
                continue;
            }
            let j = l.pobj[c as usize] as usize;
            let mine = l.pa[c as usize] - self.price[j];
            if mine >= 0 && mine >= other - eps {
                self.profit[i] = mine;
            } else {
                self.chosen[i] = NONE;
                self.owner[j] = NONE;
                self.profit[i] = 0;
                queue.push_back(i as u32);
            }
        }
        queue
    }
}

/// A maximum-cardinality matching of the layout (Hopcroft–Karp), then the objects reachable
/// from its unmatched persons by alternating paths. Those objects and the persons not
/// reachable form a least vertex cover (Kőnig), so pricing the reachable objects at the
/// smallest weight is an optimal dual for "as many matches as possible"; the auction then only
/// has to settle the differences between weights. Without it, persons who must end unmatched
/// (a cluster with more persons than objects) would raise their objects' prices from 0 to
/// the full weight ε at a time.
/// `start` is a matching to begin from (per person: its object, or NONE).
fn cover(l: &Layout, start: &[u32]) -> Vec<bool> {
    let (n, m) = (l.persons, l.objects);
    let mut mate_p = start.to_vec();
    let mut mate_o = vec![NONE; m];
    for (i, &o) in start.iter().enumerate() {
        if o != NONE {
            mate_o[o as usize] = i as u32;
        }
    }
    // Greedy start.
    for (i, mate) in mate_p.iter_mut().enumerate() {
        if *mate != NONE {
            continue;
        }
        if let Some(e) = l.edges(i).find(|&e| mate_o[l.pobj[e] as usize] == NONE) {
            *mate = l.pobj[e];
            mate_o[l.pobj[e] as usize] = i as u32;
        }
    }
    let mut dist = vec![u32::MAX; n];
    let mut queue = Vec::with_capacity(n);
    let mut it = vec![0u32; n];
    let mut stack: Vec<u32> = Vec::new();
    loop {
        // Layers from the free persons.
        queue.clear();
        for i in 0..n {
            if mate_p[i] == NONE {
                dist[i] = 0;
                queue.push(i as u32);
            } else {
                dist[i] = u32::MAX;
            }
        }
        let mut found = false;
        let mut head = 0;
        while head < queue.len() {
            let i = queue[head] as usize;
            head += 1;
            for e in l.edges(i) {
                let k = mate_o[l.pobj[e] as usize];
                if k == NONE {
                    found = true;
                } else if dist[k as usize] == u32::MAX {
                    dist[k as usize] = dist[i] + 1;
                    queue.push(k);
                }
            }
        }
        if !found {
            break;
        }
        // Vertex-disjoint shortest augmenting paths, by an iterative depth-first search.
        it.copy_from_slice(&l.pstart[..n]);
        let mut augmented = false;
        for r in 0..n {
            if mate_p[r] != NONE || dist[r] != 0 {
                continue;
            }
            stack.clear();
            stack.push(r as u32);
            while let Some(&top) = stack.last() {
                let i = top as usize;
                if it[i] == l.pstart[i + 1] {
                    dist[i] = u32::MAX; // dead end
                    stack.pop();
                    continue;
                }
                let e = it[i] as usize;
                it[i] += 1;
                let o = l.pobj[e];
                let k = mate_o[o as usize];
                if k == NONE {
                    // Augment along the stack.
                    let mut o = o;
                    while let Some(x) = stack.pop() {
                        let prev = mate_p[x as usize];
                        mate_p[x as usize] = o;
                        mate_o[o as usize] = x;
                        o = prev;
                    }
                    augmented = true;
                    break;
                }
                if dist[k as usize] == dist[i] + 1 {
                    stack.push(k);
                }
            }
        }
        if !augmented {
            break;
        }
    }
    // Alternating reachability from the free persons.
    let mut reached = vec![false; m];
    let mut seen = vec![false; n];
    queue.clear();
    for i in 0..n {
        if mate_p[i] == NONE {
            seen[i] = true;
            queue.push(i as u32);
        }
    }
    let mut head = 0;
    while head < queue.len() {
        let i = queue[head] as usize;
        head += 1;
        for e in l.edges(i) {
            let o = l.pobj[e] as usize;
            if !reached[o] {
                reached[o] = true;
                let k = mate_o[o];
                if k != NONE && !seen[k as usize] {
                    seen[k as usize] = true;
                    queue.push(k);
                }
            }
        }
    }
    reached
}

/// Solves `p` to optimality by the ε-scaling auction, from `warm` when it is the state of an
/// earlier solve of the same rows and capacities (any other `warm` is ignored). `hint`, when
/// given, is a least vertex cover of `p` (per row, per column) to price instead of working
/// one out; any cover gives the same optimum, a least one just gets there sooner.
///
/// `coarse` stops the phases at ε = one unit of weight (the scale) instead of 1: the duals
/// are then within one point of slackness, enough to find the pairs a candidate graph is
/// missing, and the next solve from that state goes on where this one stopped.
pub fn solve_warm(p: &Problem, warm: Option<&Warm>, hint: Option<&Cover>, coarse: bool) -> (Solution, Warm) {
    let t0 = std::time::Instant::now();
    let l = Layout::new(p);
    let t_layout = t0.elapsed();
    let mut a = Auction {
        l: &l,
        chosen: vec![NONE; l.persons],
        owner: vec![NONE; l.objects],
        profit: vec![0; l.persons],
        price: vec![0; l.objects],
        bids: 0,
        reverse_bids: 0,
    };
    let warm = warm.filter(|w| {
        w.seats_bid == l.seats_bid
            && w.scale == l.scale
            && w.person_obj.len() == l.persons
            && w.price.len() == l.objects
            && w.covered.len() == l.objects
    });
    let largest = l.pa.iter().copied().max().unwrap_or(0);
    let smallest = l.pa.iter().copied().min().unwrap_or(0);
    let mut start = vec![NONE; l.persons];
    if let Some(w) = warm {
        a.price.clone_from(&w.price);
        for (i, (&o, held)) in w.person_obj.iter().zip(start.iter_mut()).enumerate() {
            if o == NONE {
                continue;
            }
            if let Some(e) = l.edges(i).find(|&e| l.pobj[e] == o) {
                a.chosen[i] = e as u32;
                a.owner[o as usize] = i as u32;
                *held = o;
            }
        }
    }
    let hint = hint.filter(|h| h.rows.len() == p.rows() && h.cols.len() == p.cols());
    let covered = match hint {
        Some(h) if l.seats_bid => h.rows.clone(),
        Some(h) => l.seat_col.iter().map(|&j| h.cols[j as usize]).collect(),
        None => cover(&l, &start),
    };
    let t_cover = t0.elapsed();
    for (o, (price, &now)) in a.price.iter_mut().zip(&covered).enumerate() {
        let old = warm.map_or(0, |w| if w.covered[o] { w.level } else { 0 });
        let new = if now { smallest } else { 0 };
        *price = (*price - old + new).max(0);
    }
    // The cover has priced the common part of the weights; ε starts at a sixth of what is
    // left (the spread between weights). A warm start's prices are already near the end: ε
    // starts at one unit of weight, or at how far the furthest person is from slackness
    // when that is less; when only a few persons are off slackness at all (under one in
    // FEW_OFF), two phases lower still, since bidding wars are then few and short.
    let mut eps = ((largest - smallest) / SCALE_STEP).max(1);
    if warm.is_some() {
        let (most, count) = a.most_off();
        eps = eps.min(l.scale).min(most.max(1));
        if count * FEW_OFF < l.persons {
            eps = (eps / (SCALE_STEP * SCALE_STEP)).max(1);
        }
    }
    let mut phases = 0;
    loop {
        phases += 1;
        let mut queue = a.start_phase(eps);
        a.forward(&mut queue, eps);
        a.reverse(eps);
        if eps == 1 || (coarse && eps <= l.scale) {
            break;
        }
        eps = (eps / SCALE_STEP).max(1);
    }
    if std::env::var_os("TANDEM_SOLVER_STATS").is_some() {
        eprintln!(
            "auction: {} persons, {} objects, {} edges, {phases} phases, {} bids, {} reverse bids{}; layout {t_layout:.2?}, cover {:.2?}, phases {:.2?}",
            l.persons,
            l.objects,
            l.pobj.len(),
            a.bids,
            a.reverse_bids,
            if warm.is_some() { " (warm start)" } else { "" },
            t_cover - t_layout,
            t0.elapsed() - t_cover,
        );
    }
    // Back to rows and columns: a mentor's dual is the least among its seats (feasible on
    // every edge, since each seat has all of the mentor's edges, and Σ cap·v ≤ Σ seats).
    let rows = p.rows();
    let mut row_edge = vec![NONE; rows];
    let mut u = vec![0i64; rows];
    let mut v = vec![i64::MAX; p.cols()];
    for i in 0..l.persons {
        let c = a.chosen[i];
        if l.seats_bid {
            v[l.seat_col[i] as usize] = v[l.seat_col[i] as usize].min(a.profit[i]);
            if c != NONE {
                row_edge[l.pobj[c as usize] as usize] = l.back[c as usize];
            }
        } else {
            u[i] = a.profit[i];
            if c != NONE {
                row_edge[i] = l.back[c as usize];
            }
        }
    }
    if l.seats_bid {
        u.clone_from(&a.price);
    } else {
        for (o, &price) in a.price.iter().enumerate() {
            let j = l.seat_col[o] as usize;
            v[j] = v[j].min(price);
        }
    }
    for x in &mut v {
        if *x == i64::MAX {
            *x = 0; // a column without seats
        }
    }
    // A column with more seats than rows (`Layout::new` left the extra seats out) has a
    // free seat whenever one of its rows is elsewhere, so it needs no dual: its rows take
    // their whole weight instead, and each of its other pairs is within ε through a free
    // seat, whose dual is 0. A column with no seat at all takes no one and costs nothing in
    // the bound (Σ cap·v), so its dual rises to cover every pair it has.
    let clamped: Vec<bool> =
        (0..p.cols()).map(|j| p.capacity[j] > 0 && p.capacity[j] as usize > l.seats_of(j)).collect();
    for (ui, &e) in u.iter_mut().zip(&row_edge) {
        if e != NONE && clamped[p.col[e as usize] as usize] {
            *ui = p.weight[e as usize] * l.scale;
        }
    }
    for (x, _) in v.iter_mut().zip(&clamped).filter(|(_, c)| **c) {
        *x = 0;
    }
    if p.capacity.contains(&0) {
        for (i, &ui) in u.iter().enumerate() {
            for e in p.row_edges(i) {
                let j = p.col[e] as usize;
                if p.capacity[j] == 0 {
                    v[j] = v[j].max(p.weight[e] * l.scale - ui);
                }
            }
        }
    }
    let mut total = 0;
    let mut matched = 0;
    for &e in &row_edge {
        if e != NONE {
            total += p.weight[e as usize];
            matched += 1;
        }
    }
    let person_obj = a.chosen.iter().map(|&c| if c == NONE { NONE } else { l.pobj[c as usize] }).collect();
    let next = Warm { seats_bid: l.seats_bid, scale: l.scale, person_obj, price: a.price, covered, level: smallest };
    (Solution { row_edge, u, v, total, matched, scale: l.scale, eps }, next)
}
