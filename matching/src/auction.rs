//! ε-scaling auction with forward and reverse bids, on scaled integer weights.
//!
//! The problem is laid out with unit capacities on both sides: one side bids ("persons"),
//! the other is bid for ("objects"); a mentor with several seats becomes that many identical
//! seats. Rows bid, and a column's seats are one *group* of interchangeable objects: an edge
//! to the column is one edge, a bid takes the group's cheapest seat (a heap per group) and
//! counts its next cheapest as an alternative, so a mentor with 2,000 seats costs no more
//! than one with a single seat. When seats are fewer than rows and copying each column's
//! edges to each of its seats is cheap, seats bid instead (persons are seats, each row a
//! group of one). Every weight is multiplied by a scale `S` larger than the number of
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

use crate::problem::{Cover, NONE, Problem, SCALED_LIMIT, Solution, least_scale};
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

/// The layout: persons with their edges in compressed rows, each edge to a *group* of
/// interchangeable objects, and each group's edges for reverse bids.
///
/// When rows bid, persons are rows and a column is a group of seats: an edge to a column
/// is one edge however many seats it has, and a bid takes the column's cheapest seat. When
/// seats bid, persons are seats (each with a copy of its column's edges) and every row is a
/// group of one object; seats bid only when those copies are few (see [`Layout::new`]).
struct Layout {
    /// True when persons are mentor seats and objects young people.
    seats_bid: bool,
    /// True when every group is one object, with the object's number: no heaps needed.
    unit: bool,
    persons: usize,
    objects: usize,
    pstart: Vec<u32>,
    /// Per person edge: its group.
    pgroup: Vec<u32>,
    pa: Vec<i64>,
    /// Per person edge: the problem's edge.
    back: Vec<u32>,
    /// Per group: its objects are `gfirst[g]..gfirst[g + 1]`.
    gfirst: Vec<u32>,
    /// Per object: its group.
    obj_group: Vec<u32>,
    /// Per group: its edge slots are `gstart[g]..gstart[g + 1]`: the person edge, its person
    /// and its scaled weight (copies, so that a reverse bid reads its edges in order).
    gstart: Vec<u32>,
    gedge: Vec<u32>,
    gperson: Vec<u32>,
    ga: Vec<i64>,
    /// Per seat (person or object, whichever side seats are): its column.
    seat_col: Vec<u32>,
    /// Per column: its first seat (and one past the last column's last seat).
    first_seat: Vec<u32>,
    scale: i64,
}

/// Seats bid only when copying each column's edges to every one of its seats makes at most
/// this many times the problem's edges.
const SEAT_COPIES: u64 = 4;

impl Layout {
    /// Lays `p` out; `seats_bid`, when given (a warm start's layout), is kept, so that the
    /// persons and objects of every round of a run are the same.
    fn new(p: &Problem, seats_bid: Option<bool>) -> Layout {
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
        let mut degree = vec![0u32; cols + 1];
        for &c in &p.col {
            degree[c as usize + 1] += 1;
        }
        // Seats bid when they are fewer than rows, unless columns with many seats would make
        // their copies of the edges many times the graph: rows then bid for seats as groups.
        let copies: u64 = (0..cols).map(|j| (first_seat[j + 1] - first_seat[j]) as u64 * degree[j + 1] as u64).sum();
        let seats_bid = seats_bid.unwrap_or(seats < rows && copies <= SEAT_COPIES * p.edges() as u64);
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
        let (mut pstart, mut pgroup, mut pa, mut back) = (vec![0u32], Vec::new(), Vec::new(), Vec::new());
        let (persons, objects, gfirst, obj_group);
        // Every group is one object, numbered as its object (rows when seats bid).
        let mut unit = true;
        if seats_bid {
            // Persons are seats, with their column's edges; objects are rows, a group each.
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
                    pgroup.push(row_of[e as usize]);
                    pa.push(p.weight[e as usize] * scale);
                    back.push(e);
                }
                pstart.push(pgroup.len() as u32);
            }
            persons = seats;
            objects = rows;
            gfirst = (0..=rows as u32).collect::<Vec<_>>();
            obj_group = (0..rows as u32).collect::<Vec<_>>();
        } else {
            // Persons are rows; objects are seats, grouped by column. A column without
            // seats takes no one: its edges stay out. When no column has more than one
            // seat, each seat is its own group.
            unit = (0..cols).all(|j| first_seat[j + 1] - first_seat[j] <= 1);
            for i in 0..rows {
                for e in p.row_edges(i).filter(|&e| first_seat[p.col[e] as usize + 1] > first_seat[p.col[e] as usize]) {
                    pgroup.push(if unit { first_seat[p.col[e] as usize] } else { p.col[e] });
                    pa.push(p.weight[e] * scale);
                    back.push(e as u32);
                }
                pstart.push(pgroup.len() as u32);
            }
            persons = rows;
            objects = seats;
            if unit {
                gfirst = (0..=seats as u32).collect::<Vec<_>>();
                obj_group = (0..seats as u32).collect::<Vec<_>>();
            } else {
                gfirst = first_seat.clone();
                obj_group = seat_col.clone();
            }
        }
        let groups = gfirst.len() - 1;
        let mut gstart = vec![0u32; groups + 1];
        for &g in &pgroup {
            gstart[g as usize + 1] += 1;
        }
        for g in 0..groups {
            gstart[g + 1] += gstart[g];
        }
        let mut fill = gstart.clone();
        let mut gedge = vec![0u32; pgroup.len()];
        let mut gperson = vec![0u32; pgroup.len()];
        let mut ga = vec![0i64; pgroup.len()];
        for i in 0..persons {
            for e in pstart[i] as usize..pstart[i + 1] as usize {
                let g = pgroup[e] as usize;
                let at = fill[g] as usize;
                gedge[at] = e as u32;
                gperson[at] = i as u32;
                ga[at] = pa[e];
                fill[g] += 1;
            }
        }
        Layout {
            seats_bid,
            unit,
            persons,
            objects,
            pstart,
            pgroup,
            pa,
            back,
            gfirst,
            obj_group,
            gstart,
            gedge,
            gperson,
            ga,
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

    fn objects_of(&self, g: usize) -> std::ops::Range<usize> {
        self.gfirst[g] as usize..self.gfirst[g + 1] as usize
    }

    fn slots(&self, g: usize) -> std::ops::Range<usize> {
        self.gstart[g] as usize..self.gstart[g + 1] as usize
    }
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

/// Each group's objects as a binary min-heap on price, kept in the group's own stretch of
/// `order`, so that a bid finds a group's cheapest object (and the next cheapest) at once.
struct Heaps {
    /// Per heap position: the object.
    order: Vec<u32>,
    /// Per object: its heap position.
    pos: Vec<u32>,
}

impl Heaps {
    fn new(l: &Layout, price: &[i64]) -> Heaps {
        let mut h = Heaps { order: (0..l.objects as u32).collect(), pos: (0..l.objects as u32).collect() };
        for g in 0..l.gfirst.len() - 1 {
            let r = l.objects_of(g);
            if r.len() > 1 {
                h.order[r.clone()].sort_unstable_by_key(|&o| price[o as usize]);
                for at in r {
                    h.pos[h.order[at] as usize] = at as u32;
                }
            }
        }
        h
    }

    /// The cheapest object of group `g` (which has at least one).
    fn cheapest(&self, l: &Layout, g: usize) -> usize {
        self.order[l.gfirst[g] as usize] as usize
    }

    /// The price of the cheapest object of group `g` other than `except`, if it has one.
    fn cheapest_but(&self, l: &Layout, g: usize, except: usize, price: &[i64]) -> Option<i64> {
        let (first, end) = (l.gfirst[g] as usize, l.gfirst[g + 1] as usize);
        if self.order[first] as usize != except {
            return Some(price[self.order[first] as usize]);
        }
        // The root is `except`: the next cheapest is one of its children.
        (first + 1..(first + 3).min(end)).map(|at| price[self.order[at] as usize]).min()
    }

    /// Restores the heap after object `o`'s price changed.
    fn update(&mut self, l: &Layout, o: usize, price: &[i64]) {
        let g = l.obj_group[o] as usize;
        let (first, end) = (l.gfirst[g] as usize, l.gfirst[g + 1] as usize);
        if end - first < 2 {
            return;
        }
        let key = price[o];
        let mut at = self.pos[o] as usize;
        // Up.
        while at > first {
            let parent = first + (at - first - 1) / 2;
            let po = self.order[parent] as usize;
            if price[po] <= key {
                break;
            }
            self.order[at] = po as u32;
            self.pos[po] = at as u32;
            at = parent;
        }
        // Down.
        loop {
            let left = first + 2 * (at - first) + 1;
            if left >= end {
                break;
            }
            let mut child = left;
            if left + 1 < end && price[self.order[left + 1] as usize] < price[self.order[left] as usize] {
                child = left + 1;
            }
            let co = self.order[child] as usize;
            if price[co] >= key {
                break;
            }
            self.order[at] = co as u32;
            self.pos[co] = at as u32;
            at = child;
        }
        self.order[at] = o as u32;
        self.pos[o] = at as u32;
    }
}

struct Auction<'a> {
    l: &'a Layout,
    /// Per person: its chosen edge, or NONE.
    chosen: Vec<u32>,
    /// Per person: the object it holds, or NONE.
    held: Vec<u32>,
    /// Per object: the person holding it, or NONE.
    owner: Vec<u32>,
    profit: Vec<i64>,
    price: Vec<i64>,
    heaps: Heaps,
    bids: u64,
    reverse_bids: u64,
}

impl Auction<'_> {
    /// What edge `e` is worth to its person at its group's cheapest price.
    fn value(&self, e: usize) -> i64 {
        let l = self.l;
        l.pa[e] - self.price[self.cheapest(l.pgroup[e] as usize)]
    }

    /// The cheapest object of group `g`.
    fn cheapest(&self, g: usize) -> usize {
        if self.l.unit { g } else { self.heaps.cheapest(self.l, g) }
    }

    fn set_price(&mut self, o: usize, price: i64) {
        self.price[o] = price;
        if !self.l.unit {
            self.heaps.update(self.l, o, &self.price);
        }
    }

    /// Person `i` takes object `o` by its edge `e` (the caller has freed both).
    fn assign(&mut self, i: usize, e: usize, o: usize) {
        self.owner[o] = i as u32;
        self.chosen[i] = e as u32;
        self.held[i] = o as u32;
    }

    /// A reverse bid won by edge slot `k`: its person leaves what it held (offered again
    /// when it has a price) and takes free object `o`. Returns the person and its edge.
    fn take_by_slot(&mut self, o: usize, k: usize, queue: &mut VecDeque<u32>) -> (usize, usize) {
        let l = self.l;
        self.reverse_bids += 1;
        let (i, e) = (l.gperson[k] as usize, l.gedge[k] as usize);
        let old = self.held[i];
        self.release(i);
        if old != NONE && self.price[old as usize] > 0 {
            queue.push_back(old);
        }
        self.assign(i, e, o);
        (i, e)
    }

    fn release(&mut self, i: usize) {
        let o = self.held[i];
        if o != NONE {
            self.owner[o as usize] = NONE;
        }
        self.chosen[i] = NONE;
        self.held[i] = NONE;
        self.profit[i] = 0;
    }

    /// The best a person could get from another object than the one it holds: over its other
    /// edges, and over the other objects of its own edge's group.
    fn other(&self, i: usize) -> i64 {
        let l = self.l;
        let c = self.chosen[i];
        let mut other = 0i64;
        for e in l.edges(i) {
            if e as u32 != c {
                other = other.max(self.value(e));
            } else if l.unit {
                continue;
            } else if let Some(p) = self.heaps.cheapest_but(l, l.pgroup[e] as usize, self.held[i] as usize, &self.price)
            {
                other = other.max(l.pa[e] - p);
            }
        }
        other
    }

    fn forward(&mut self, queue: &mut VecDeque<u32>, eps: i64) {
        let l = self.l;
        while let Some(i) = queue.pop_front() {
            let i = i as usize;
            let (b1, b2, be) = best_two(l.edges(i).map(|e| (self.value(e), e as u32)));
            self.profit[i] = 0;
            if b1 <= eps {
                continue; // staying out is within ε of the best
            }
            let be = be as usize;
            let o = self.cheapest(l.pgroup[be] as usize);
            // The second best is from another group: the group's other seats are the same
            // object, so the bid goes straight to what the bidder would pay for it (not ε
            // above the next seat, which would raise a big group's prices ε at a time, one
            // seat after another). Seats of a group may then differ in price until
            // `equalize` brings them down to the cheapest.
            self.bids += 1;
            let pi = (b2 - eps).max(0);
            let k = self.owner[o];
            if k != NONE {
                self.release(k as usize);
                queue.push_back(k);
            }
            self.assign(i, be, o);
            self.set_price(o, l.pa[be] - pi);
            self.profit[i] = pi;
        }
    }

    fn reverse(&mut self, eps: i64) {
        let l = self.l;
        let mut queue: VecDeque<u32> =
            (0..l.objects).filter(|&o| self.owner[o] == NONE && self.price[o] > 0).map(|o| o as u32).collect();
        while let Some(o) = queue.pop_front() {
            let o = o as usize;
            if self.owner[o] != NONE || self.price[o] == 0 {
                continue;
            }
            let g = l.obj_group[o] as usize;
            if !l.unit && l.objects_of(g).len() > 1 {
                self.reverse_group(g, eps, &mut queue);
                continue;
            }
            let (g1, g2, gk) = best_two(l.slots(g).map(|k| (l.ga[k] - self.profit[l.gperson[k] as usize], k as u32)));
            if g1 <= eps {
                self.set_price(o, 0); // staying free is within ε of the best
                continue;
            }
            let pj = (g2 - eps).max(0);
            let (i, e) = self.take_by_slot(o, gk as usize, &mut queue);
            self.set_price(o, pj);
            self.profit[i] = l.pa[e] - pj;
        }
    }

    /// Brings every seat of each group down to the group's cheapest price, its holders
    /// keeping the difference as profit. Everyone outside a group was within ε of its
    /// cheapest seat, so they still are of every seat, and holders only gain: ε-CS holds
    /// for the seats as separate objects again.
    fn equalize(&mut self) {
        let l = self.l;
        if l.unit {
            return;
        }
        for g in 0..l.gfirst.len() - 1 {
            let seats = l.objects_of(g);
            if seats.len() < 2 {
                continue;
            }
            let least = self.price[self.heaps.cheapest(l, g)];
            for o in seats {
                if self.price[o] != least {
                    self.price[o] = least;
                    let i = self.owner[o];
                    if i != NONE {
                        let i = i as usize;
                        self.profit[i] = l.pa[self.chosen[i] as usize] - least;
                    }
                }
            }
        }
    }

    /// Reverse bids by every free seat of group `g` with a price, at once. The group's seats
    /// are interchangeable, so they are priced alike: the `f` persons outside the group who
    /// gain most from it take the `f` free seats, and every seat of the group (its holders
    /// keep theirs) goes to the price that leaves the next person outside just ε short.
    /// That price is no higher than any seat's was (everyone outside was within ε of the
    /// cheapest), so holders only gain and (b) holds for everyone; seats no one gains more
    /// than ε from stay free at price 0. One pass over the group's edges, however many
    /// seats, and no holder shuffles from seat to seat within its own group.
    fn reverse_group(&mut self, g: usize, eps: i64, queue: &mut VecDeque<u32>) {
        let l = self.l;
        let free: Vec<usize> = l.objects_of(g).filter(|&o| self.owner[o] == NONE).collect();
        let f = free.len();
        let mut values: Vec<(i64, u32)> = l
            .slots(g)
            .filter(|&k| {
                let held = self.held[l.gperson[k] as usize];
                held == NONE || l.obj_group[held as usize] as usize != g
            })
            .map(|k| (l.ga[k] - self.profit[l.gperson[k] as usize], k as u32))
            .collect();
        let by_value = |a: &(i64, u32), b: &(i64, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if values.len() > f + 1 {
            values.select_nth_unstable_by(f, by_value);
            values.truncate(f + 1);
        }
        values.sort_unstable_by(by_value);
        let next = values.get(f).map_or(0, |v| v.0);
        let price = (next - eps).max(0);
        for (t, &o) in free.iter().enumerate() {
            let Some(&(_, k)) = values.get(t).filter(|v| v.0 > eps) else {
                break; // staying free is within ε of the best
            };
            self.take_by_slot(o, k as usize, queue);
        }
        // One price for the whole group: equal keys make any order a heap.
        for o in l.objects_of(g) {
            self.price[o] = price;
            let i = self.owner[o];
            if i != NONE {
                let i = i as usize;
                self.profit[i] = l.pa[self.chosen[i] as usize] - price;
            }
        }
    }

    /// What person `i` gets from what it holds (0 when it holds nothing).
    fn mine(&self, i: usize) -> i64 {
        let c = self.chosen[i];
        if c == NONE { 0 } else { self.l.pa[c as usize] - self.price[self.held[i] as usize] }
    }

    /// How far the person furthest from complementary slackness is (the most any person
    /// would gain by leaving its object, or staying out, for its best edge), and how many
    /// persons are further than 1 from it.
    fn most_off(&self) -> (i64, usize) {
        let l = self.l;
        (0..l.persons)
            .map(|i| l.edges(i).map(|e| self.value(e)).max().unwrap_or(0).max(0) - self.mine(i))
            .fold((0, 0), |(most, count), off| (most.max(off), count + usize::from(off > 1)))
    }

    /// Starts a phase at `eps`: keeps each match that satisfies ε-CS, frees the rest, and
    /// returns the persons to bid.
    fn start_phase(&mut self, eps: i64) -> VecDeque<u32> {
        let mut queue = VecDeque::new();
        for i in 0..self.l.persons {
            let other = self.other(i);
            if self.chosen[i] == NONE {
                self.profit[i] = 0;
                if other > eps {
                    queue.push_back(i as u32);
                }
                continue;
            }
            let mine = self.mine(i);
            if mine >= 0 && mine >= other - eps {
                self.profit[i] = mine;
            } else {
                self.release(i);
                queue.push_back(i as u32);
            }
        }
        queue
    }
}

/// A maximum-cardinality matching of the layout (Hopcroft–Karp, with a group's objects
/// taken as any of them), then the objects reachable from its unmatched persons by
/// alternating paths. Those objects and the persons not reachable form a least vertex cover
/// (Kőnig), so pricing the reachable objects at the smallest weight is an optimal dual for
/// "as many matches as possible"; the auction then only has to settle the differences
/// between weights. Without it, persons who must end unmatched (a cluster with more persons
/// than objects) would raise their objects' prices from 0 to the full weight ε at a time.
/// `start` is a matching to begin from (per person: its object, or NONE).
fn cover(l: &Layout, start: &[u32]) -> Vec<bool> {
    let (n, m) = (l.persons, l.objects);
    let groups = l.gfirst.len() - 1;
    let mut mate_p = start.to_vec();
    let mut mate_o = vec![NONE; m];
    for (i, &o) in start.iter().enumerate() {
        if o != NONE {
            mate_o[o as usize] = i as u32;
        }
    }
    // Objects only ever go from free to taken here, so each group's next free object is
    // found by a pointer that only moves forward.
    let mut free_at: Vec<u32> = l.gfirst[..groups].to_vec();
    let mut take_free = |g: usize, mate_o: &[u32]| -> Option<u32> {
        let end = l.gfirst[g + 1];
        while free_at[g] < end && mate_o[free_at[g] as usize] != NONE {
            free_at[g] += 1;
        }
        (free_at[g] < end).then_some(free_at[g])
    };
    // Greedy start.
    for (i, mate) in mate_p.iter_mut().enumerate() {
        if *mate != NONE {
            continue;
        }
        for e in l.edges(i) {
            if let Some(o) = take_free(l.pgroup[e] as usize, &mate_o) {
                *mate = o;
                mate_o[o as usize] = i as u32;
                break;
            }
        }
    }
    let mut dist = vec![u32::MAX; n];
    let mut group_seen = vec![false; groups];
    // Per group: the layer of the persons that first reached it (its holders are one on).
    let mut group_layer = vec![u32::MAX; groups];
    let mut queue = Vec::with_capacity(n);
    let mut it = vec![0u32; n];
    let mut group_at = vec![0u32; groups];
    let mut stack: Vec<u32> = Vec::new();
    loop {
        // Layers from the free persons; a full group is passed through once, to the
        // persons holding its objects.
        queue.clear();
        group_seen.fill(false);
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
                let g = l.pgroup[e] as usize;
                if group_seen[g] {
                    continue;
                }
                group_seen[g] = true;
                group_layer[g] = dist[i];
                if take_free(g, &mate_o).is_some() {
                    found = true;
                    continue;
                }
                for o in l.objects_of(g) {
                    let k = mate_o[o] as usize;
                    if dist[k] == u32::MAX {
                        dist[k] = dist[i] + 1;
                        queue.push(k as u32);
                    }
                }
            }
        }
        if !found {
            break;
        }
        // Vertex-disjoint shortest augmenting paths, by an iterative depth-first search.
        it.copy_from_slice(&l.pstart[..n]);
        group_at.copy_from_slice(&l.gfirst[..groups]);
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
                let g = l.pgroup[it[i] as usize] as usize;
                if let Some(o) = take_free(g, &mate_o) {
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
                // The next object of the group held by a person one layer on (only the
                // persons of the layer that reached the group first can go through it).
                let end = l.gfirst[g + 1];
                let mut next = None;
                while group_layer[g] == dist[i] && group_at[g] < end {
                    let k = mate_o[group_at[g] as usize];
                    group_at[g] += 1;
                    if dist[k as usize] == dist[i] + 1 {
                        next = Some(k);
                        break;
                    }
                }
                match next {
                    Some(k) => stack.push(k),
                    None => it[i] += 1,
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
    group_seen.fill(false);
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
            let g = l.pgroup[e] as usize;
            if group_seen[g] {
                continue;
            }
            group_seen[g] = true;
            for o in l.objects_of(g) {
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
pub fn run(p: &Problem, warm: Option<&Warm>, hint: Option<&Cover>, coarse: bool) -> (Solution, Warm) {
    let t0 = std::time::Instant::now();
    let l = Layout::new(p, warm.map(|w| w.seats_bid));
    let t_layout = t0.elapsed();
    let mut a = Auction {
        l: &l,
        chosen: vec![NONE; l.persons],
        held: vec![NONE; l.persons],
        owner: vec![NONE; l.objects],
        profit: vec![0; l.persons],
        price: vec![0; l.objects],
        heaps: Heaps { order: Vec::new(), pos: Vec::new() },
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
            if let Some(e) = l.edges(i).find(|&e| l.pgroup[e] == l.obj_group[o as usize]) {
                a.chosen[i] = e as u32;
                a.held[i] = o;
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
    a.heaps = Heaps::new(&l, &a.price);
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
        a.equalize();
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
            l.pgroup.len(),
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
                row_edge[l.pgroup[c as usize] as usize] = l.back[c as usize];
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
    let person_obj = a.held.clone();
    let next = Warm { seats_bid: l.seats_bid, scale: l.scale, person_obj, price: a.price, covered, level: smallest };
    (Solution { row_edge, u, v, total, matched, scale: l.scale, eps }, next)
}
