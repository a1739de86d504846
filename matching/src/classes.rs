//! The most young people any matching can place, worked out on classes of people rather than
//! on pairs, with a least vertex cover of the full eligible graph.
//!
//! Whether a pair is eligible depends only on the two people's age group, formats, region and
//! availability windows (exclusions aside), so people with the same four are interchangeable
//! for it: a class. A maximum flow from young people's classes to mentors' classes (through
//! hubs, one per shared window, way of meeting and age group, so that the network stays small)
//! is a maximum matching of the full eligible graph, and its minimum cut is a least vertex
//! cover of that graph, whole classes at a time (Kőnig).
//!
//! A run uses both. The flow's pairs join the candidate graph, so the graph can place as many
//! young people as the full graph can; and the cover prices the part of the weights that
//! counts matches, so that the auction's duals leave no eligible pair outside the graph short
//! by a whole match. What remains for the rounds of certificate and extension are differences
//! in score.

use crate::model::{AGE_LIMITS, IN_PERSON, Mentor, ONLINE, YoungPerson, age_index, eligible};
use std::collections::{HashMap, HashSet};

/// A least vertex cover of the full eligible graph and a maximum matching realising it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Classes {
    /// Pairs (young person, mentor) of one maximum matching of the full eligible graph (less
    /// any excluded pair the flow happened to choose).
    pub pairs: Vec<(u32, u32)>,
    /// Pairs that give every person of the cover an alternating path to someone left out.
    pub paths: Vec<(u32, u32)>,
    /// Per young person: in the cover.
    pub young_in_cover: Vec<bool>,
    /// Per mentor: in the cover.
    pub mentor_in_cover: Vec<bool>,
    /// The most young people any matching of the full eligible graph can place.
    pub max_matched: usize,
}

/// The age group index a young person needs: the youngest group that takes their age.
fn young_age_index(age: u8) -> Option<u8> {
    AGE_LIMITS.iter().position(|&a| age <= a).map(|i| i as u8)
}

/// (age group index, formats, region, availability).
type Key = (u8, u8, u8, u8);

struct Flow {
    head: Vec<u32>,
    next: Vec<u32>,
    to: Vec<u32>,
    cap: Vec<i64>,
    level: Vec<u32>,
    it: Vec<u32>,
}

const END: u32 = u32::MAX;
const NO_ONE: u32 = u32::MAX;
const INF: i64 = i64::MAX / 4;

impl Flow {
    fn new(nodes: usize) -> Flow {
        Flow {
            head: vec![END; nodes],
            next: Vec::new(),
            to: Vec::new(),
            cap: Vec::new(),
            level: vec![0; nodes],
            it: vec![0; nodes],
        }
    }

    /// Adds an arc and its reverse; returns the arc's index (the reverse is the next one).
    fn arc(&mut self, a: usize, b: usize, cap: i64) -> usize {
        let e = self.to.len();
        for (from, to, c) in [(a, b, cap), (b, a, 0)] {
            self.to.push(to as u32);
            self.cap.push(c);
            self.next.push(self.head[from]);
            self.head[from] = self.to.len() as u32 - 1;
        }
        e
    }

    fn bfs(&mut self, s: usize, t: usize) -> bool {
        self.level.fill(u32::MAX);
        self.level[s] = 0;
        let mut queue = vec![s as u32];
        let mut at = 0;
        while at < queue.len() {
            let x = queue[at] as usize;
            at += 1;
            let mut e = self.head[x];
            while e != END {
                let y = self.to[e as usize] as usize;
                if self.cap[e as usize] > 0 && self.level[y] == u32::MAX {
                    self.level[y] = self.level[x] + 1;
                    queue.push(y as u32);
                }
                e = self.next[e as usize];
            }
        }
        self.level[t] != u32::MAX
    }

    fn dfs(&mut self, x: usize, t: usize, pushed: i64) -> i64 {
        if x == t {
            return pushed;
        }
        while self.it[x] != END {
            let e = self.it[x] as usize;
            let y = self.to[e] as usize;
            if self.cap[e] > 0 && self.level[y] == self.level[x] + 1 {
                let got = self.dfs(y, t, pushed.min(self.cap[e]));
                if got > 0 {
                    self.cap[e] -= got;
                    self.cap[e ^ 1] += got;
                    return got;
                }
            }
            self.it[x] = self.next[e];
        }
        0
    }

    /// Dinic's maximum flow (the network is a few thousand nodes and at most six arcs deep).
    fn max_flow(&mut self, s: usize, t: usize) -> i64 {
        let mut total = 0;
        while self.bfs(s, t) {
            self.it.clone_from(&self.head);
            loop {
                let got = self.dfs(s, t, INF);
                if got == 0 {
                    break;
                }
                total += got;
            }
        }
        total
    }
}

/// Works out a maximum matching and a least vertex cover of the full eligible graph of `yps`
/// and `mentors` (mentors with no capacity left take no one). Pairs in `excluded` (by keys)
/// are never returned; the cover and `max_matched` ignore exclusions, which only the
/// certificate can see.
pub fn classes(yps: &[YoungPerson], mentors: &[Mentor], excluded: &HashSet<(i64, i64)>) -> Classes {
    let mut young_class: HashMap<Key, usize> = HashMap::new();
    let mut young_keys: Vec<Key> = Vec::new();
    let mut young_members: Vec<Vec<u32>> = Vec::new();
    let mut young_of = vec![usize::MAX; yps.len()];
    for (i, y) in yps.iter().enumerate() {
        let Some(a) = young_age_index(y.age) else { continue };
        if y.formats & (ONLINE | IN_PERSON) == 0 || y.availability == 0 {
            continue;
        }
        let key = (a, y.formats & (ONLINE | IN_PERSON), y.region, y.availability);
        let c = *young_class.entry(key).or_insert_with(|| {
            young_keys.push(key);
            young_members.push(Vec::new());
            young_keys.len() - 1
        });
        young_members[c].push(i as u32);
        young_of[i] = c;
    }
    let mut mentor_class: HashMap<Key, usize> = HashMap::new();
    let mut mentor_keys: Vec<Key> = Vec::new();
    let mut mentor_members: Vec<Vec<u32>> = Vec::new();
    let mut mentor_seats: Vec<i64> = Vec::new();
    let mut mentor_of = vec![usize::MAX; mentors.len()];
    for (j, m) in mentors.iter().enumerate() {
        if m.capacity == 0 || m.formats & (ONLINE | IN_PERSON) == 0 || m.availability == 0 {
            continue;
        }
        let key = (age_index(m.max_age), m.formats & (ONLINE | IN_PERSON), m.region, m.availability);
        let c = *mentor_class.entry(key).or_insert_with(|| {
            mentor_keys.push(key);
            mentor_members.push(Vec::new());
            mentor_seats.push(0);
            mentor_keys.len() - 1
        });
        mentor_members[c].push(j as u32);
        mentor_seats[c] += m.capacity as i64;
        mentor_of[j] = c;
    }

    // Nodes: source, sink, young classes, mentor classes, then hubs (window, way of meeting,
    // age group); a way of meeting is online (0) or in person in region r (1 + r).
    let ages = AGE_LIMITS.len();
    let meets = 1
        + 1
        + yps.iter().map(|y| y.region as usize).chain(mentors.iter().map(|m| m.region as usize)).max().unwrap_or(0);
    let (s, t) = (0usize, 1usize);
    let young0 = 2;
    let mentor0 = young0 + young_keys.len();
    let hub0 = mentor0 + mentor_keys.len();
    let hub = |w: usize, meet: usize, age: usize| hub0 + (w * meets + meet) * ages + age;
    let mut net = Flow::new(hub0 + 8 * meets * ages);
    let ways = |formats: u8, region: u8| {
        let mut out = Vec::with_capacity(2);
        if formats & ONLINE != 0 {
            out.push(0);
        }
        if formats & IN_PERSON != 0 {
            out.push(1 + region as usize);
        }
        out
    };
    let mut source_arc = Vec::with_capacity(young_keys.len());
    for (c, &(a, f, r, av)) in young_keys.iter().enumerate() {
        source_arc.push(net.arc(s, young0 + c, young_members[c].len() as i64));
        for w in (0..8).filter(|w| av & (1 << w) != 0) {
            for meet in ways(f, r) {
                net.arc(young0 + c, hub(w, meet, a as usize), INF);
            }
        }
    }
    for w in 0..8 {
        for meet in 0..meets {
            for age in 0..ages - 1 {
                net.arc(hub(w, meet, age), hub(w, meet, age + 1), INF);
            }
        }
    }
    for (c, &(a, f, r, av)) in mentor_keys.iter().enumerate() {
        for w in (0..8).filter(|w| av & (1 << w) != 0) {
            for meet in ways(f, r) {
                net.arc(hub(w, meet, a as usize), mentor0 + c, INF);
            }
        }
        net.arc(mentor0 + c, t, mentor_seats[c]);
    }
    let max_matched = net.max_flow(s, t) as usize;

    // The flow's paths, class to class, then person to person.
    // Flow left to take apart, per forward arc (a reverse arc's capacity is its arc's flow).
    let mut used: Vec<i64> = (0..net.cap.len()).map(|e| if e % 2 == 0 { net.cap[e ^ 1] } else { 0 }).collect();
    let mut next_young = vec![0usize; young_keys.len()];
    let mut seats_left: Vec<u32> = mentors.iter().map(|m| m.capacity).collect();
    let mut next_mentor = vec![0usize; mentor_keys.len()];
    let mut pairs = Vec::with_capacity(max_matched);
    for c in 0..young_keys.len() {
        while used[source_arc[c]] > 0 {
            // Walk one path with flow from the class to the sink.
            let mut path = vec![source_arc[c]];
            let mut x = young0 + c;
            while x != t {
                let mut e = net.head[x];
                while e != END && (e % 2 == 1 || used[e as usize] == 0) {
                    e = net.next[e as usize];
                }
                debug_assert!(e != END, "flow is conserved");
                if e == END {
                    break;
                }
                path.push(e as usize);
                x = net.to[e as usize] as usize;
            }
            if x != t {
                break;
            }
            let amount = path.iter().map(|&e| used[e]).min().unwrap_or(0);
            for &e in &path {
                used[e] -= amount;
            }
            // The mentor class is the node before the sink.
            let mc = net.to[path[path.len() - 2]] as usize - mentor0;
            for _ in 0..amount {
                let Some(&i) = young_members[c].get(next_young[c]) else { break };
                next_young[c] += 1;
                // The next mentor of the class with a seat left, not excluded with this young person.
                let members = &mentor_members[mc];
                while next_mentor[mc] < members.len() && seats_left[members[next_mentor[mc]] as usize] == 0 {
                    next_mentor[mc] += 1;
                }
                let pick = (next_mentor[mc]..members.len()).take(8).map(|k| members[k]).find(|&j| {
                    seats_left[j as usize] > 0 && !excluded.contains(&(yps[i as usize].key, mentors[j as usize].key))
                });
                if let Some(j) = pick {
                    seats_left[j as usize] -= 1;
                    pairs.push((i, j));
                }
            }
        }
    }

    // Alternating paths, whole classes at a time: from a young person left out, every mentor
    // of every class eligible with them is reached, then those mentors' young people, and so
    // on. Mentors reached form the mentors' side of the cover (Kőnig); young people whose
    // mentor is not reached form the other. Each reached mentor is given a pair with the young
    // person its class was reached from, so the candidate graph holds the same paths and no
    // largest matching of it can cover its pairs another way. The same from mentors with a
    // seat left gives the young people of the cover their paths.
    // Members of a class are interchangeable for eligibility, so one of each decides for all.
    let eligible_class =
        |yc: usize, mc: usize| eligible(&yps[young_members[yc][0] as usize], &mentors[mentor_members[mc][0] as usize]);
    let young_adj: Vec<Vec<u32>> = (0..young_keys.len())
        .map(|yc| (0..mentor_keys.len() as u32).filter(|&mc| eligible_class(yc, mc as usize)).collect())
        .collect();
    let mut mentor_adj: Vec<Vec<u32>> = vec![Vec::new(); mentor_keys.len()];
    for (yc, list) in young_adj.iter().enumerate() {
        for &mc in list {
            mentor_adj[mc as usize].push(yc as u32);
        }
    }
    let mut partner_of = vec![NO_ONE; yps.len()];
    let mut young_partners: Vec<Vec<u32>> = vec![Vec::new(); yps.len()];
    let mut mentor_partners: Vec<Vec<u32>> = vec![Vec::new(); mentors.len()];
    for &(i, j) in &pairs {
        partner_of[i as usize] = j;
        young_partners[i as usize].push(j);
        mentor_partners[j as usize].push(i);
    }
    let ok = |i: u32, j: u32| !excluded.contains(&(yps[i as usize].key, mentors[j as usize].key));

    // From young people left out.
    let young_left_out = young_of.iter().enumerate().filter(|&(i, &c)| c != usize::MAX && partner_of[i] == NO_ONE);
    let from_young = Side { class_of: &young_of, adj: &young_adj, partners: &young_partners };
    let to_mentors = Side { class_of: &mentor_of, adj: &mentor_adj, partners: &mentor_partners };
    let (mentor_reached, mut extra) =
        alternate(young_left_out.map(|(i, &c)| (c, i as u32)), &from_young, &to_mentors, &mentor_members, &ok);
    let mentor_in_cover: Vec<bool> =
        (0..mentors.len()).map(|j| mentor_of[j] != usize::MAX && mentor_reached[mentor_of[j]]).collect();
    let young_in_cover: Vec<bool> =
        (0..yps.len()).map(|i| partner_of[i] != NO_ONE && !mentor_in_cover[partner_of[i] as usize]).collect();

    // From mentors with a seat left.
    let seat_left = mentor_of.iter().enumerate().filter(|&(j, &c)| c != usize::MAX && seats_left[j] > 0);
    let (_, back) =
        alternate(seat_left.map(|(j, &c)| (c, j as u32)), &to_mentors, &from_young, &young_members, &|j, i| ok(i, j));
    extra.extend(back.into_iter().map(|(j, i)| (i, j)));
    Classes { pairs, paths: extra, young_in_cover, mentor_in_cover, max_matched }
}

/// One side of the eligible graph, for the alternating search.
struct Side<'a> {
    /// Per person: their class, or `usize::MAX` when they can be in no pair.
    class_of: &'a [usize],
    /// Per class: the other side's classes eligible with it.
    adj: &'a [Vec<u32>],
    /// Per person: whom the flow paired them with.
    partners: &'a [Vec<u32>],
}

/// Alternating paths, whole classes at a time, from `start` (a class and the person who
/// reaches it) on side `from` to side `to`: every person of every `to` class eligible with a
/// reached class is reached, then their partners on side `from`, and so on. Returns the `to`
/// classes reached, and one pair (`from` person, `to` person) for each person reached, with
/// the person their class was reached from, unless the two are partners or the pair is not
/// `ok`.
fn alternate(
    start: impl Iterator<Item = (usize, u32)>,
    from: &Side,
    to: &Side,
    to_members: &[Vec<u32>],
    ok: &dyn Fn(u32, u32) -> bool,
) -> (Vec<bool>, Vec<(u32, u32)>) {
    let mut reached = vec![false; to.adj.len()];
    let mut expanded = vec![false; from.adj.len()];
    let mut queue: Vec<(u32, u32)> = Vec::new(); // (class, the person who reached it)
    for (c, person) in start {
        if !std::mem::replace(&mut expanded[c], true) {
            queue.push((c as u32, person));
        }
    }
    let mut pairs = Vec::new();
    let mut at = 0;
    while at < queue.len() {
        let (c, rep) = queue[at];
        at += 1;
        for &other in &from.adj[c as usize] {
            if std::mem::replace(&mut reached[other as usize], true) {
                continue;
            }
            for &b in &to_members[other as usize] {
                if !to.partners[b as usize].contains(&rep) && ok(rep, b) {
                    pairs.push((rep, b));
                }
                for &a in &to.partners[b as usize] {
                    let ac = from.class_of[a as usize];
                    if !std::mem::replace(&mut expanded[ac], true) {
                        queue.push((ac as u32, a));
                    }
                }
            }
        }
    }
    (reached, pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Shape, generate};
    use crate::problem::Problem;
    use crate::solver::solve;

    #[test]
    fn the_flow_is_a_maximum_matching_and_the_cut_a_cover_of_the_full_graph() {
        for seed in 1..=10 {
            let (yps, mentors) = generate(&Shape { young_people: 240, mentors: 150 + 10 * seed as usize, seed });
            let c = classes(&yps, &mentors, &HashSet::new());
            // The pairs are eligible and respect capacities.
            let mut load = vec![0u32; mentors.len()];
            let mut young = HashSet::new();
            for &(i, j) in &c.pairs {
                assert!(eligible(&yps[i as usize], &mentors[j as usize]));
                assert!(young.insert(i), "one mentor per young person");
                load[j as usize] += 1;
            }
            assert!(load.iter().zip(&mentors).all(|(l, m)| *l <= m.capacity));
            assert_eq!(c.pairs.len(), c.max_matched, "seed {seed}");
            // The maximum, by the exact solver on every eligible pair with equal weights.
            let mut p = Problem::new(mentors.iter().map(|m| m.capacity).collect());
            for y in &yps {
                p.push_row(mentors.iter().enumerate().filter(|(_, m)| eligible(y, m)).map(|(j, _)| (j as u32, 1)));
            }
            assert_eq!(solve(&p).expect("solved").matched, c.max_matched, "seed {seed}");
            // Every eligible pair has a side in the cover, and the cover is no larger than
            // the matching (so it is a least one, and the matching a largest).
            for (i, y) in yps.iter().enumerate() {
                for (j, m) in mentors.iter().enumerate() {
                    if eligible(y, m) {
                        assert!(c.young_in_cover[i] || c.mentor_in_cover[j], "seed {seed}: pair {i}, {j} uncovered");
                    }
                }
            }
            let size = c.young_in_cover.iter().filter(|&&x| x).count()
                + c.mentor_in_cover
                    .iter()
                    .zip(&mentors)
                    .filter(|(x, _)| **x)
                    .map(|(_, m)| m.capacity as usize)
                    .sum::<usize>();
            assert_eq!(size, c.max_matched, "seed {seed}");
        }
    }

    #[test]
    fn excluded_pairs_are_left_out() {
        let (yps, mentors) = generate(&Shape { young_people: 100, mentors: 80, seed: 4 });
        let first = classes(&yps, &mentors, &HashSet::new());
        let banned: HashSet<(i64, i64)> =
            first.pairs.iter().map(|&(i, j)| (yps[i as usize].key, mentors[j as usize].key)).collect();
        let second = classes(&yps, &mentors, &banned);
        assert!(second.pairs.iter().all(|&(i, j)| !banned.contains(&(yps[i as usize].key, mentors[j as usize].key))));
    }
}
