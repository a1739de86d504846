//! A matching run: candidate graph, exact solve, certificate on the full eligible graph.
//!
//! Candidates. Mentors are filed in lists keyed by how they can meet (online: any region; in
//! person: their region), their age group and the set of goal-serving skills they have (the
//! inverted index from goals to skills); inside a list they are ordered by sector. For one young
//! person, each list's goal coverage and each sector range's sector match are known before any
//! mentor is looked at, which bounds every score in it. Lists are scanned best bound first and
//! the scan stops once k candidates score at least the next bound: the top k per young person
//! are exact. Every mentor also brings its own best few young people (coverage), from a mirror
//! index of young people: without them, a mentor that few young people rank first would price
//! itself only on those few, and the certificate would find pairs to add almost everywhere.
//! A largest matching of the full eligible graph, worked out on classes of people, joins the
//! candidates with pairs that give its cover's people their alternating paths ([`classes`]):
//! the first round already places as many young people as any matching could, and the
//! certificate's rounds only settle differences in score.
//!
//! [`classes`]: crate::classes
//!
//! Certificate. The solver's duals `u` (young people) and `v` (mentors) satisfy
//! `u + v ≥ w` on every candidate pair. A pair left out could only improve the result if its
//! weight exceeded `u + v`. For each young person and each list range, the bound on the score
//! and the least `v` in the range settle most ranges at once; the rest are checked pair by
//! pair. Violating pairs join the graph and the run solves again, until none is left: the
//! result is then optimal on the full eligible graph, not just on the candidates.

use crate::auction::Warm;
use crate::model::{
    AGE_LIMITS, Breakdown, IN_PERSON, Mentor, ONLINE, WAIT_CAP_DAYS, Weights, YoungPerson, age_index, eligible, score,
    score_bound,
};
use crate::problem::{self, Cover, NONE, Problem, Solution};
use crate::solver;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub weights: Weights,
    /// Candidates per young person.
    pub k: usize,
    /// Candidates from each mentor's side: its best eligible young people.
    pub coverage: usize,
    /// Pairs never proposed, as (young person key, mentor key): closed pairs and vetoes.
    pub excluded: HashSet<(i64, i64)>,
    /// Worker threads for candidates and the certificate.
    pub threads: usize,
    /// Rounds of "extend and solve again" before giving up on the certificate.
    pub max_rounds: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            weights: Weights::default(),
            k: 50,
            coverage: 20,
            excluded: HashSet::new(),
            threads: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8),
            max_rounds: 12,
        }
    }
}

/// What a run is doing, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Candidates { done: usize, total: usize },
    Solving { round: usize },
    Certifying { round: usize, done: usize, total: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub young_person: usize,
    pub mentor: usize,
    pub breakdown: Breakdown,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunStats {
    pub candidate_pairs: usize,
    pub coverage_pairs: usize,
    pub rounds: usize,
    /// Pairs added because the certificate found they could improve the result.
    pub extended_pairs: usize,
    /// Pairs the certificate checked one by one (the rest were settled by list bounds).
    pub pairs_checked: u64,
    pub candidates_time: Duration,
    pub solve_time: Duration,
    pub certify_time: Duration,
}

#[derive(Debug, Clone)]
pub struct MatchRun {
    pub pairs: Vec<Pair>,
    pub total_score: i64,
    /// True when the certificate proved the result optimal on every eligible pair.
    pub certified: bool,
    /// By the certificate, the most by which any set of eligible pairs could beat this
    /// result's total weight (0 when certified). See [`MatchRun::score_gap`].
    pub gap: i64,
    pub stats: RunStats,
    /// The candidate graph of the last round (rows are young people, columns mentors).
    pub problem: Problem,
    pub solution: Solution,
    pub big: i64,
}

impl MatchRun {
    /// When no set of eligible pairs matches more young people, by the certificate: the most
    /// by which one with as many could beat this result's total score. A set with one more
    /// match would weigh at least `big − total_score` more, which the gap rules out.
    pub fn score_gap(&self) -> Option<i64> {
        (self.gap < self.big - self.total_score).then_some(self.gap)
    }
}

/// Mentor lists by (mode, region, age group, goal-skill mask); members sorted by sector.
struct Index {
    goal_bits: u32,
    lists: Vec<List>,
    /// (mode, region or ANY, age index) → the lists with that key.
    by_key: HashMap<(u8, u8, u8), Vec<u32>>,
}

struct List {
    mask: u32,
    members: Vec<u32>,
    /// members[sector_start[s]..sector_start[s + 1]] have sector s (the last range: sector ≥ 32).
    sector_start: Vec<u32>,
    /// The sectors whose ranges are not empty, in order.
    sectors: Vec<u8>,
}

const ANY_REGION: u8 = u8::MAX;
/// Improving pairs added per young person per round.
const EXTEND_PER_ROW: usize = 8;
const SECTOR_RANGES: usize = 33;

impl Index {
    fn new(yps: &[YoungPerson], mentors: &[Mentor]) -> Index {
        let goal_bits = yps.iter().fold(0, |acc, y| acc | y.goals);
        let mut keyed: HashMap<(u8, u8, u8, u32), Vec<u32>> = HashMap::new();
        for (j, m) in mentors.iter().enumerate() {
            if m.capacity == 0 {
                continue;
            }
            let mask = m.skills & goal_bits;
            let age = age_index(m.max_age);
            if m.formats & ONLINE != 0 {
                keyed.entry((ONLINE, ANY_REGION, age, mask)).or_default().push(j as u32);
            }
            if m.formats & IN_PERSON != 0 {
                keyed.entry((IN_PERSON, m.region, age, mask)).or_default().push(j as u32);
            }
        }
        let mut keys: Vec<_> = keyed.into_iter().collect();
        keys.sort_by_key(|(k, _)| *k);
        let mut lists = Vec::with_capacity(keys.len());
        let mut by_key: HashMap<(u8, u8, u8), Vec<u32>> = HashMap::new();
        for ((mode, region, age, mask), mut members) in keys {
            let sector = |j: &u32| (mentors[*j as usize].sector as usize).min(SECTOR_RANGES - 1);
            members.sort_by_key(|j| (sector(j), *j));
            let mut sector_start = vec![0u32; SECTOR_RANGES + 1];
            for j in &members {
                sector_start[sector(j) + 1] += 1;
            }
            for s in 0..SECTOR_RANGES {
                sector_start[s + 1] += sector_start[s];
            }
            let sectors =
                (0..SECTOR_RANGES).filter(|&s| sector_start[s] < sector_start[s + 1]).map(|s| s as u8).collect();
            by_key.entry((mode, region, age)).or_default().push(lists.len() as u32);
            lists.push(List { mask, members, sector_start, sectors });
        }
        Index { goal_bits, lists, by_key }
    }

    /// Calls `f(bound, list, sector)` for every list range a young person could draw mentors
    /// from, best bound first, until `f` returns false; a list for which `skip(bound, list)`
    /// holds is passed over at that bound. Bounds take few values (goal coverage times sector
    /// match), so ranges are bucketed by level rather than sorted.
    fn for_ranges(
        &self,
        w: &Weights,
        y: &YoungPerson,
        skip: impl Fn(i64, u32) -> bool,
        mut f: impl FnMut(i64, u32, u8) -> bool,
    ) {
        let goals = y.goals & self.goal_bits;
        let levels = goals.count_ones() as usize + 1;
        let mut by_cover: Vec<Vec<u32>> = vec![Vec::new(); levels];
        let mut modes = [(0u8, 0u8); 2];
        let mut n_modes = 0;
        if y.formats & ONLINE != 0 {
            modes[n_modes] = (ONLINE, ANY_REGION);
            n_modes += 1;
        }
        if y.formats & IN_PERSON != 0 {
            modes[n_modes] = (IN_PERSON, y.region);
            n_modes += 1;
        }
        for &(mode, region) in &modes[..n_modes] {
            for age in 0..AGE_LIMITS.len() as u8 {
                if AGE_LIMITS[age as usize] < y.age {
                    continue;
                }
                if let Some(ids) = self.by_key.get(&(mode, region, age)) {
                    for &id in ids {
                        by_cover[(self.lists[id as usize].mask & goals).count_ones() as usize].push(id);
                    }
                }
            }
        }
        let mut order: Vec<(i64, usize, bool)> =
            (0..levels).flat_map(|c| [true, false].map(|m| (score_bound(w, y, c as u32, Some(m)), c, m))).collect();
        order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
        for (bound, c, matched) in order {
            for &id in &by_cover[c] {
                if skip(bound, id) {
                    continue;
                }
                for &s in &self.lists[id as usize].sectors {
                    let is_match = s < 32 && y.interests & (1 << s) != 0;
                    if is_match != matched {
                        continue;
                    }
                    if !f(bound, id, s) {
                        return;
                    }
                }
            }
        }
    }

    fn members(&self, list: u32, sector: u8) -> &[u32] {
        let l = &self.lists[list as usize];
        &l.members[l.sector_start[sector as usize] as usize..l.sector_start[sector as usize + 1] as usize]
    }
}

/// Runs `f` over `0..n` in `threads` contiguous parts and concatenates the results in order.
fn parallel<T: Send>(n: usize, threads: usize, f: impl Fn(std::ops::Range<usize>) -> Vec<T> + Sync) -> Vec<T> {
    let threads = threads.max(1).min(n.max(1));
    if threads == 1 {
        return f(0..n);
    }
    let per = n.div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let f = &f;
                s.spawn(move || f(t * per..((t + 1) * per).min(n)))
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// The best `k` (index, score) seen so far, ties by the lower index: a min-heap whose top is
/// the worst kept.
struct Best {
    k: usize,
    heap: BinaryHeap<std::cmp::Reverse<(i64, std::cmp::Reverse<u32>)>>,
}

impl Best {
    fn new(k: usize) -> Best {
        Best { k, heap: BinaryHeap::with_capacity(k + 1) }
    }

    fn push(&mut self, index: u32, score: i64) {
        self.heap.push(std::cmp::Reverse((score, std::cmp::Reverse(index))));
        if self.heap.len() > self.k {
            self.heap.pop();
        }
    }

    /// Whether `k` are kept and none of them scores below `bound`: nothing scoring at most
    /// `bound` can enter.
    fn settles(&self, bound: i64) -> bool {
        self.heap.len() == self.k && self.heap.peek().is_some_and(|top| top.0.0 >= bound)
    }

    /// Best first, ties by index.
    fn into_sorted(self) -> Vec<(u32, i64)> {
        let mut out: Vec<(u32, i64)> =
            self.heap.into_iter().map(|std::cmp::Reverse((s, std::cmp::Reverse(i)))| (i, s)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

/// A young person's top-k candidates (mentor index, score), best first, ties by index.
fn top_k(
    index: &Index,
    opts: &RunOptions,
    y: &YoungPerson,
    mentors: &[Mentor],
    seen: &mut [u32],
    stamp: u32,
) -> Vec<(u32, i64)> {
    let mut best = Best::new(opts.k);
    index.for_ranges(
        &opts.weights,
        y,
        |_, _| false,
        |bound, list, sector| {
            if best.settles(bound) {
                return false;
            }
            for &j in index.members(list, sector) {
                if seen[j as usize] == stamp {
                    continue;
                }
                seen[j as usize] = stamp;
                let m = &mentors[j as usize];
                if !eligible(y, m) || opts.excluded.contains(&(y.key, m.key)) {
                    continue;
                }
                let s = score(&opts.weights, y, m).score;
                best.push(j, s);
                // No member of this range, nor of any range after it (bounds fall), can
                // score above `bound`: once k reach it, the rest of a long list is skipped.
                if s == bound && best.settles(bound) {
                    return false;
                }
            }
            true
        },
    );
    best.into_sorted()
}

/// The best `k` eligible mentors for one young person, best first, with their breakdowns:
/// what staff see when they match one young person by hand.
pub fn rank(
    y: &YoungPerson,
    mentors: &[Mentor],
    w: &Weights,
    k: usize,
    excluded: &HashSet<(i64, i64)>,
) -> Vec<(usize, Breakdown)> {
    let mut all: Vec<(usize, Breakdown)> = mentors
        .iter()
        .enumerate()
        .filter(|(_, m)| m.capacity > 0 && eligible(y, m) && !excluded.contains(&(y.key, m.key)))
        .map(|(j, m)| (j, score(w, y, m)))
        .collect();
    all.sort_by(|a, b| b.1.score.cmp(&a.1.score).then(a.0.cmp(&b.0)));
    all.truncate(k);
    all
}

/// Runs a whole pool: candidates, exact solve, certificate, extension until certified.
/// Refuses weights above [`Weights::MAX`] (and so any pool whose scores could not be solved
/// exactly) before doing anything.
pub fn run(
    yps: &[YoungPerson],
    mentors: &[Mentor],
    opts: &RunOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<MatchRun, String> {
    let mut stats = RunStats::default();
    let w = opts.weights;
    w.check()?;
    let capacity: Vec<u32> = mentors.iter().map(|m| m.capacity).collect();
    let total_capacity: usize = capacity.iter().map(|&c| c as usize).sum();
    let big = problem::lexicographic(w.max_score(), yps.len().min(total_capacity));

    // 1. Candidates, in chunks so that progress can be shown.
    let started = Instant::now();
    let index = Index::new(yps, mentors);
    let mut rows: Vec<Vec<(u32, i64)>> = Vec::with_capacity(yps.len());
    let chunk = 8192;
    progress(Progress::Candidates { done: 0, total: yps.len() });
    for from in (0..yps.len()).step_by(chunk) {
        let to = (from + chunk).min(yps.len());
        let part = parallel(to - from, opts.threads, |range| {
            let mut seen = vec![0u32; mentors.len()];
            range
                .map(|r| {
                    let i = from + r;
                    top_k(&index, opts, &yps[i], mentors, &mut seen, r as u32 + 1)
                })
                .collect()
        });
        rows.extend(part);
        progress(Progress::Candidates { done: to, total: yps.len() });
    }
    stats.candidate_pairs = rows.iter().map(Vec::len).sum();
    let top_k_time = started.elapsed();
    // A maximum matching of the full eligible graph joins the candidates, and its cover
    // prices the matched count (see `classes`). No largest matching pairs two people of the
    // cover, so such pairs leave the graph.
    let classes = crate::classes::classes(yps, mentors, &opts.excluded);
    let cover = Cover { rows: classes.young_in_cover, cols: classes.mentor_in_cover };
    let useful = |i: usize, j: u32| !(cover.rows[i] && cover.cols[j as usize]);
    for (i, row) in rows.iter_mut().enumerate() {
        row.retain(|&(j, _)| useful(i, j));
    }
    for &(i, j) in classes.pairs.iter().chain(&classes.paths) {
        rows[i as usize].push((j, score(&w, &yps[i as usize], &mentors[j as usize]).score));
    }
    let classes_time = started.elapsed();
    stats.coverage_pairs = add_coverage(yps, mentors, opts, &mut rows, &useful);
    stats.candidates_time = started.elapsed();
    if std::env::var_os("TANDEM_SOLVER_STATS").is_some() {
        eprintln!(
            "candidates: young people's top {} {top_k_time:.2?}, classes {:.2?}, mentors' top {} {:.2?}",
            opts.k,
            classes_time - top_k_time,
            opts.coverage,
            stats.candidates_time - classes_time
        );
    }

    let mut round = 0;
    // Each round starts from the last round's optimum: only the rows the new pairs affect
    // are solved again.
    let mut warm: Option<Warm> = None;
    loop {
        round += 1;
        progress(Progress::Solving { round });
        let started = Instant::now();
        let mut problem = Problem::new(capacity.clone());
        for row in &rows {
            problem.push_row(row.iter().map(|&(j, s)| (j, big + s)));
        }
        // The first round only gathers the pairs the graph is missing: its solve stops one
        // point short of exact, and the next round's solve resumes there.
        let coarse = round == 1 && round < opts.max_rounds;
        let (solution, next) = solver::solve_covered(&problem, warm.as_ref(), &cover, coarse)?;
        warm = Some(next);
        let solved_in = started.elapsed();
        stats.solve_time += solved_in;

        let started = Instant::now();
        let found = certify(&index, yps, mentors, opts, big, &solution, round, progress);
        // The proof on the full eligible graph: each young person's excess over its pairs in
        // the graph and outside it.
        let in_graph = solution.row_excess(&problem);
        let excess: i128 = in_graph.iter().zip(&found.excess).map(|(&a, &b)| a.max(b) as i128).sum();
        let certified = solution.proves(&problem, excess);
        let gap = (solution.best_possible(&problem, excess) - solution.total as i128).clamp(0, i64::MAX as i128) as i64;
        stats.certify_time += started.elapsed();
        stats.pairs_checked += found.checked;
        let violations = found.improving;
        if std::env::var_os("TANDEM_SOLVER_STATS").is_some() {
            // People whose duals carry the matched count on the other side than the cover's.
            let half = big * solution.scale / 2;
            let off = (0..mentors.len()).filter(|&j| cover.cols[j] != (solution.v[j] >= half)).count()
                + (0..yps.len()).filter(|&i| cover.rows[i] != (solution.u[i] >= half)).count();
            eprintln!("  most placeable {}; duals off the cover: {off}", classes.max_matched);
            let spare = (0..mentors.len()).filter(|&j| solution.v[j] == 0).count();
            let violated_rows: std::collections::HashSet<usize> = violations.iter().map(|v| v.0).collect();
            let out = violated_rows.iter().filter(|&&i| solution.row_edge[i] == NONE).count();
            let max_ex = found.excess.iter().max().copied().unwrap_or(0) as f64 / solution.scale as f64;
            eprintln!("  violated rows unmatched: {out}; largest excess {max_ex:.2} points");
            eprintln!(
                "round {round}: solved in {solved_in:.2?}, certified in {:.2?}: matched {} edges {} violations {} in {} rows; zero-dual mentors {spare}; pairs checked {}; excess {:.3} of the scale{}",
                started.elapsed(),
                solution.matched,
                problem.edges(),
                violations.len(),
                violated_rows.len(),
                found.checked,
                excess as f64 / solution.scale as f64,
                if certified { " (proved)" } else { "" },
            );
        }
        if certified || round >= opts.max_rounds {
            stats.rounds = round;
            let pairs: Vec<Pair> = (0..yps.len())
                .filter_map(|i| {
                    let j = solution.col_of(&problem, i)?;
                    Some(Pair { young_person: i, mentor: j, breakdown: score(&w, &yps[i], &mentors[j]) })
                })
                .collect();
            let total_score = pairs.iter().map(|p| p.breakdown.score).sum();
            return Ok(MatchRun { pairs, total_score, certified, gap, stats, problem, solution, big });
        }
        stats.extended_pairs += violations.len();
        for (i, j, s) in violations {
            rows[i].push((j, s));
        }
    }
}

/// Young people filed for the mentors' side of the candidates: in lists keyed by how they can
/// meet (online: any region; in person: their region), their age group and their set of goals;
/// inside a list, also grouped by each sector they are curious about.
struct YoungIndex {
    /// The distinct goal sets, and per key one list per goal set (by the set's position).
    goal_sets: Vec<u32>,
    by_key: HashMap<(u8, u8, u8), Vec<YoungList>>,
    /// The most waiting points any young person has: the waiting part of every bound.
    most_waited: u32,
}

#[derive(Default, Clone)]
struct YoungList {
    members: Vec<u32>,
    /// by_sector[sector_start[s]..sector_start[s + 1]]: the members curious about sector s.
    by_sector: Vec<u32>,
    sector_start: Vec<u32>,
}

impl YoungIndex {
    fn new(yps: &[YoungPerson]) -> YoungIndex {
        let mut goal_sets: Vec<u32> = yps.iter().map(|y| y.goals).collect();
        goal_sets.sort_unstable();
        goal_sets.dedup();
        let set_of: HashMap<u32, usize> = goal_sets.iter().enumerate().map(|(n, &g)| (g, n)).collect();
        let mut by_key: HashMap<(u8, u8, u8), Vec<YoungList>> = HashMap::new();
        let mut most_waited = 0;
        for (i, y) in yps.iter().enumerate() {
            most_waited = most_waited.max(y.waited_days.min(WAIT_CAP_DAYS));
            let age = age_index(y.age);
            let mut file = |key: (u8, u8, u8)| {
                let lists = by_key.entry(key).or_insert_with(|| vec![YoungList::default(); goal_sets.len()]);
                lists[set_of[&y.goals]].members.push(i as u32);
            };
            if y.formats & ONLINE != 0 {
                file((ONLINE, ANY_REGION, age));
            }
            if y.formats & IN_PERSON != 0 {
                file((IN_PERSON, y.region, age));
            }
        }
        // Longest waiting first: a list's scan stops once its next member's waiting points
        // cannot lift them past the best found so far.
        let waited = |i: &u32| std::cmp::Reverse(yps[*i as usize].waited_days.min(WAIT_CAP_DAYS));
        for lists in by_key.values_mut() {
            for l in lists.iter_mut() {
                l.members.sort_by_key(|i| (waited(i), *i));
                // Sectors are bits 0..32 of the interests; the last range stays empty.
                let sectors = |i: u32| {
                    let interests = yps[i as usize].interests;
                    (0..32).filter(move |s| interests & (1 << s) != 0)
                };
                let mut count = vec![0u32; SECTOR_RANGES + 1];
                for s in l.members.iter().flat_map(|&i| sectors(i)) {
                    count[s + 1] += 1;
                }
                for s in 0..SECTOR_RANGES {
                    count[s + 1] += count[s];
                }
                let mut fill = count.clone();
                l.by_sector = vec![0; count[SECTOR_RANGES] as usize];
                for &i in &l.members {
                    for s in sectors(i) {
                        l.by_sector[fill[s] as usize] = i;
                        fill[s] += 1;
                    }
                }
                l.sector_start = count;
            }
        }
        let most_waited = 100 * most_waited / WAIT_CAP_DAYS;
        YoungIndex { goal_sets, by_key, most_waited }
    }
}

/// A mentor's best `k` eligible young people (young person, score), best first, ties by index:
/// the mentors' side of the candidates. Lists are scanned best bound first (goal coverage and
/// sector match are known per list, the rest bounded) until `k` score at least the next bound.
#[allow(clippy::too_many_arguments)]
fn mentor_top_k(
    index: &YoungIndex,
    opts: &RunOptions,
    m: &Mentor,
    j: u32,
    yps: &[YoungPerson],
    useful: &(dyn Fn(usize, u32) -> bool + Sync),
    seen: &mut [u32],
    stamp: u32,
) -> Vec<(u32, i64)> {
    let w = &opts.weights;
    let rest = (w.availability + w.format + w.language) as i64 * 100;
    let waiting = |y: &YoungPerson| (w.waiting * (100 * y.waited_days.min(WAIT_CAP_DAYS) / WAIT_CAP_DAYS)) as i64;
    let most_waited = (w.waiting * index.most_waited) as i64;
    // The keys of the lists the mentor can draw from.
    let mut keys: Vec<&Vec<YoungList>> = Vec::with_capacity(2 * AGE_LIMITS.len());
    for age in 0..=age_index(m.max_age) {
        if m.formats & ONLINE != 0
            && let Some(lists) = index.by_key.get(&(ONLINE, ANY_REGION, age))
        {
            keys.push(lists);
        }
        if m.formats & IN_PERSON != 0
            && let Some(lists) = index.by_key.get(&(IN_PERSON, m.region, age))
        {
            keys.push(lists);
        }
    }
    // Each goal set's points for this mentor; passes best bound first.
    let points: Vec<u32> = index
        .goal_sets
        .iter()
        .map(|&g| crate::model::goal_points((g & m.skills).count_ones(), g.count_ones()))
        .collect();
    let mut levels: Vec<u32> = points.clone();
    levels.sort_unstable();
    levels.dedup();
    let sector = (m.sector as usize).min(SECTOR_RANGES - 1);
    let mut passes: Vec<(i64, u32, bool)> = levels
        .iter()
        .flat_map(|&g| {
            [true, false].map(|matched| {
                let bound = (w.goals * g) as i64 + if matched { (w.sector * 100) as i64 } else { 0 } + rest;
                (bound + most_waited, g, matched)
            })
        })
        .collect();
    passes.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
    let mut best = Best::new(opts.coverage);
    'passes: for (bound, g, matched) in passes {
        if best.settles(bound) {
            break;
        }
        for (set, _) in points.iter().enumerate().filter(|&(_, &p)| p == g) {
            for lists in &keys {
                let l = &lists[set];
                let members = if matched {
                    &l.by_sector[l.sector_start[sector] as usize..l.sector_start[sector + 1] as usize]
                } else {
                    &l.members[..]
                };
                let base = bound - most_waited;
                for &i in members {
                    let y = &yps[i as usize];
                    if best.settles(base + waiting(y)) {
                        break; // later members waited no longer
                    }
                    if seen[i as usize] == stamp {
                        continue;
                    }
                    seen[i as usize] = stamp;
                    if !useful(i as usize, j) || !eligible(y, m) || opts.excluded.contains(&(y.key, m.key)) {
                        continue;
                    }
                    let s = score(w, y, m).score;
                    best.push(i, s);
                }
                if best.settles(bound) {
                    continue 'passes;
                }
            }
        }
    }
    best.into_sorted()
}

/// Every mentor's best `coverage` eligible young people join the candidates: the mentors'
/// side of the graph, so that a mentor few young people ranked first still has its own best
/// options, and its dual reflects them.
fn add_coverage(
    yps: &[YoungPerson],
    mentors: &[Mentor],
    opts: &RunOptions,
    rows: &mut [Vec<(u32, i64)>],
    useful: &(dyn Fn(usize, u32) -> bool + Sync),
) -> usize {
    if opts.coverage == 0 {
        return 0;
    }
    let index = YoungIndex::new(yps);
    let added: Vec<Vec<(u32, i64)>> = parallel(mentors.len(), opts.threads, |range| {
        let mut seen = vec![0u32; yps.len()];
        range
            .map(|j| {
                let m = &mentors[j];
                if m.capacity == 0 {
                    return Vec::new();
                }
                mentor_top_k(&index, opts, m, j as u32, yps, useful, &mut seen, j as u32 + 1)
            })
            .collect()
    });
    let mut count = 0;
    for (j, best) in added.into_iter().enumerate() {
        for (i, s) in best {
            rows[i as usize].push((j as u32, s));
            count += 1;
        }
    }
    count
}

/// Pairs that would improve the result: (young person, mentor, score).
type Improving = Vec<(usize, u32, i64)>;

/// What the certificate found.
struct Found {
    /// The pairs outside the graph that could improve the result, the most improving few per
    /// young person (young person, mentor, score).
    improving: Improving,
    /// How many pairs were checked one by one.
    checked: u64,
    /// Per young person: the largest excess among its eligible pairs.
    excess: Vec<i64>,
}

/// Checks every eligible pair against the duals.
#[allow(clippy::too_many_arguments)]
fn certify(
    index: &Index,
    yps: &[YoungPerson],
    mentors: &[Mentor],
    opts: &RunOptions,
    big: i64,
    solution: &Solution,
    round: usize,
    progress: &mut dyn FnMut(Progress),
) -> Found {
    // Each list range's members by their dual, least first: a young person's scan of a range
    // stops at the first mentor whose dual already covers the range's best possible score.
    let by_dual: Vec<Vec<u32>> = index
        .lists
        .iter()
        .map(|l| {
            let mut members = l.members.clone();
            for s in 0..SECTOR_RANGES {
                members[l.sector_start[s] as usize..l.sector_start[s + 1] as usize]
                    .sort_unstable_by_key(|&j| solution.v[j as usize]);
            }
            members
        })
        .collect();
    // And each list's least dual, to pass over a whole list at once.
    let list_min: Vec<i64> = index
        .lists
        .iter()
        .map(|l| l.members.iter().map(|&j| solution.v[j as usize]).min().unwrap_or(i64::MAX))
        .collect();
    let mut violations = Vec::new();
    let mut checked = 0u64;
    let mut excess = Vec::with_capacity(yps.len());
    let chunk = 8192;
    progress(Progress::Certifying { round, done: 0, total: yps.len() });
    for from in (0..yps.len()).step_by(chunk) {
        let to = (from + chunk).min(yps.len());
        let part: Vec<(Improving, u64, i64)> = parallel(to - from, opts.threads, |range| {
            let mut seen = vec![0u32; mentors.len()];
            range
                .map(|r| {
                    let i = from + r;
                    let y = &yps[i];
                    let ui = solution.u[i];
                    let mut found = Vec::new();
                    let mut n = 0u64;
                    let mut most = 0i64;
                    // A range whose best possible pair has no excess is passed over.
                    let need = |bound: i64| (big + bound) * solution.scale;
                    let covered = |bound: i64, list: u32| ui + list_min[list as usize] >= need(bound);
                    index.for_ranges(&opts.weights, y, covered, |bound, list, sector| {
                        let need = need(bound);
                        let l = &index.lists[list as usize];
                        let range =
                            l.sector_start[sector as usize] as usize..l.sector_start[sector as usize + 1] as usize;
                        for &j in &by_dual[list as usize][range] {
                            if ui + solution.v[j as usize] >= need {
                                break; // this mentor and every later one cover the bound
                            }
                            if seen[j as usize] == r as u32 + 1 {
                                continue;
                            }
                            seen[j as usize] = r as u32 + 1;
                            let m = &mentors[j as usize];
                            if !eligible(y, m) || opts.excluded.contains(&(y.key, m.key)) {
                                continue;
                            }
                            n += 1;
                            let s = score(&opts.weights, y, m).score;
                            let excess = solution.excess(i, j as usize, big + s);
                            most = most.max(excess);
                            // The graph's own pairs end within 1 (after an exact solve): only
                            // pairs beyond that are new, and only they can stand in the way of
                            // the proof.
                            if excess > 1 {
                                found.push((i, j, s, excess));
                            }
                        }
                        true
                    });
                    // Only the most improving few per young person: the next round's duals
                    // settle the rest, and the graph stays small.
                    found.sort_by_key(|&(_, _, _, excess)| std::cmp::Reverse(excess));
                    found.truncate(EXTEND_PER_ROW);
                    let found: Improving = found.into_iter().map(|(i, j, s, _)| (i, j, s)).collect();
                    (found, n, most)
                })
                .collect()
        });
        for (found, n, most) in part {
            violations.extend(found);
            checked += n;
            excess.push(most);
        }
        progress(Progress::Certifying { round, done: to, total: yps.len() });
    }
    Found { improving: violations, checked, excess }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Shape, generate};

    /// Every eligible pair, scored: the full graph the candidates stand in for.
    fn full_problem(yps: &[YoungPerson], mentors: &[Mentor], opts: &RunOptions, big: i64) -> Problem {
        let mut p = Problem::new(mentors.iter().map(|m| m.capacity).collect());
        for y in yps {
            p.push_row(
                mentors
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| eligible(y, m) && !opts.excluded.contains(&(y.key, m.key)))
                    .map(|(j, m)| (j as u32, big + score(&opts.weights, y, m).score)),
            );
        }
        p
    }

    #[test]
    fn a_certified_run_equals_the_optimum_on_the_full_eligible_graph() {
        let mut extended = 0;
        for seed in 1..=12 {
            let (yps, mentors) = generate(&Shape { young_people: 300, mentors: 220, seed });
            // A small k forces the certificate to find and add missing pairs.
            let opts = RunOptions { k: 2 + (seed as usize % 3), threads: 2, ..RunOptions::default() };
            let run = run(&yps, &mentors, &opts, &mut |_| {}).expect("ran");
            assert!(run.certified, "seed {seed}");
            let full = full_problem(&yps, &mentors, &opts, run.big);
            let best = solver::solve(&full).expect("solved");
            best.certify(&full).expect("full graph certified");
            assert_eq!(run.pairs.len(), best.matched, "seed {seed}: matched count");
            assert_eq!(run.solution.total, best.total, "seed {seed}: total weight");
            // Hard constraints hold on every pair, and capacities are respected.
            let mut load = vec![0u32; mentors.len()];
            for p in &run.pairs {
                assert!(eligible(&yps[p.young_person], &mentors[p.mentor]));
                load[p.mentor] += 1;
            }
            assert!(load.iter().zip(&mentors).all(|(l, m)| *l <= m.capacity));
            extended += run.stats.extended_pairs;
        }
        assert!(extended > 0, "the small k left some improving pair out, which the certificate added");
    }

    #[test]
    fn a_run_stopped_early_bounds_how_far_it_is_from_the_optimum() {
        let (mut open, mut bounded) = (0, 0);
        for seed in 1..=24 {
            let (yps, mentors) = generate(&Shape { young_people: 300, mentors: 220, seed });
            // One to three rounds: some stop far off, some close to the proof.
            let max_rounds = 1 + seed as usize % 3;
            let opts = RunOptions { k: 2, max_rounds, threads: 2, ..RunOptions::default() };
            let run = run(&yps, &mentors, &opts, &mut |_| {}).expect("ran");
            let full = full_problem(&yps, &mentors, &opts, run.big);
            let best = solver::solve(&full).expect("solved");
            // The largest matching of the full graph joins the candidates, so even one round
            // places as many young people as any matching could.
            assert_eq!(run.pairs.len(), best.matched, "seed {seed}: matched count after {max_rounds} round(s)");
            // The gap is a true bound on the distance to the optimum, and 0 exactly when proved.
            assert!(run.solution.total + run.gap >= best.total, "seed {seed}: the optimum lies within the gap");
            assert_eq!(run.certified, run.gap == 0, "seed {seed}");
            if let Some(points) = run.score_gap() {
                assert_eq!(run.pairs.len(), best.matched, "seed {seed}: the matched count was proved");
                let best_score = best.total - best.matched as i64 * run.big;
                assert!(run.total_score + points >= best_score, "seed {seed}: the score lies within the gap");
            }
            open += usize::from(!run.certified);
            bounded += usize::from(run.score_gap().is_some_and(|g| g > 0));
        }
        assert!(open > 0, "one round with k = 2 leaves some run unproved");
        assert!(bounded > 0, "some unproved run still proved its matched count");
    }

    #[test]
    fn top_k_is_exact() {
        let (yps, mentors) = generate(&Shape { young_people: 60, mentors: 400, seed: 5 });
        let opts = RunOptions { k: 10, ..RunOptions::default() };
        let index = Index::new(&yps, &mentors);
        let mut seen = vec![0; mentors.len()];
        for (n, y) in yps.iter().enumerate() {
            let fast = top_k(&index, &opts, y, &mentors, &mut seen, n as u32 + 1);
            let slow = rank(y, &mentors, &opts.weights, opts.k, &opts.excluded);
            let fast_scores: Vec<i64> = fast.iter().map(|x| x.1).collect();
            let slow_scores: Vec<i64> = slow.iter().map(|x| x.1.score).collect();
            assert_eq!(fast_scores, slow_scores, "young person {n}");
        }
    }

    #[test]
    fn a_mentors_top_k_is_exact() {
        let (yps, mentors) = generate(&Shape { young_people: 600, mentors: 80, seed: 8 });
        let excluded: HashSet<(i64, i64)> = (0..600).step_by(7).map(|i| (yps[i].key, mentors[i % 80].key)).collect();
        let opts = RunOptions { coverage: 12, excluded, ..RunOptions::default() };
        let index = YoungIndex::new(&yps);
        let mut seen = vec![0; yps.len()];
        let mut full = 0;
        for (j, m) in mentors.iter().enumerate() {
            let fast = mentor_top_k(&index, &opts, m, j as u32, &yps, &|_, _| true, &mut seen, j as u32 + 1);
            let mut slow: Vec<(u32, i64)> = yps
                .iter()
                .enumerate()
                .filter(|(_, y)| eligible(y, m) && !opts.excluded.contains(&(y.key, m.key)))
                .map(|(i, y)| (i as u32, score(&opts.weights, y, m).score))
                .collect();
            slow.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            slow.truncate(opts.coverage);
            assert_eq!(fast, slow, "mentor {j}");
            full += usize::from(fast.len() == opts.coverage);
        }
        assert!(full > 40, "most mentors have more eligible young people than their k");
    }

    #[test]
    fn excluded_pairs_are_never_proposed() {
        let (yps, mentors) = generate(&Shape { young_people: 200, mentors: 150, seed: 3 });
        let first = run(&yps, &mentors, &RunOptions::default(), &mut |_| {}).expect("ran");
        let banned: HashSet<(i64, i64)> =
            first.pairs.iter().map(|p| (yps[p.young_person].key, mentors[p.mentor].key)).collect();
        let opts = RunOptions { excluded: banned.clone(), ..RunOptions::default() };
        let second = run(&yps, &mentors, &opts, &mut |_| {}).expect("ran");
        assert!(second.certified);
        assert!(!second.pairs.is_empty());
        for p in &second.pairs {
            assert!(!banned.contains(&(yps[p.young_person].key, mentors[p.mentor].key)));
        }
    }
}
