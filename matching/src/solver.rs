//! The exact solver of a [`Problem`]: the ε-scaling auction of [`crate::auction`], with
//! forward and reverse bids, on weights multiplied by a scale larger than any matching's size,
//! after a maximum-cardinality matching (Hopcroft–Karp) has priced the lexicographic constant.
//! All arithmetic is on integers. Its duals prove the result optimal ([`Solution::certify`])
//! and also certify pairs that were never put in the graph (see `candidates`).

use crate::auction::{self, Warm};
use crate::problem::{Cover, Problem, Solution};

/// Solves `p` to optimality, or says why it cannot ([`Problem::check`]).
pub fn solve(p: &Problem) -> Result<Solution, String> {
    p.check()?;
    Ok(auction::run(p, None, None, false).0)
}

/// Solves `p` to optimality, starting from `warm` when it is the state of an earlier solve of
/// a graph with the same rows, columns and capacities and a subset of `p`'s edges (any other
/// `warm` is ignored). Returns the solution and the state for the next solve.
pub fn solve_warm(p: &Problem, warm: Option<&Warm>) -> Result<(Solution, Warm), String> {
    p.check()?;
    Ok(auction::run(p, warm, None, false))
}

/// [`solve_warm`], pricing `cover` (a least vertex cover of `p`, worked out by the caller)
/// instead of finding one; `coarse` stops within one unit of weight of optimal duals (see
/// [`auction::run`]), for a round that only looks for missing pairs.
pub fn solve_covered(
    p: &Problem,
    warm: Option<&Warm>,
    cover: &Cover,
    coarse: bool,
) -> Result<(Solution, Warm), String> {
    p.check()?;
    Ok(auction::run(p, warm, Some(cover), coarse))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{NONE, lexicographic};

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

    /// `p` with `offset` added to every weight (the lexicographic constant).
    fn offset(p: &Problem, offset: i64) -> Problem {
        let mut q = Problem::new(p.capacity.clone());
        for i in 0..p.rows() {
            q.push_row(p.row_edges(i).map(|e| (p.col[e], p.weight[e] + offset)));
        }
        q
    }

    #[test]
    fn matches_exhaustive_search_and_certifies_on_random_tiny_instances() {
        let mut rng = Rng(7);
        let mut seats_fewer = 0;
        for case in 0..4000 {
            let rows = 1 + rng.below(7) as usize;
            let cols = 1 + rng.below(5) as usize;
            // Small weights make ties common, which is where shortcuts go wrong.
            let max_w = if case % 2 == 0 { 3 } else { 50 };
            let mut p = random_problem(&mut rng, rows, cols, max_w);
            // A third of the cases carry the lexicographic constant, as matching runs do.
            if case % 3 == 0 {
                p = offset(&p, lexicographic(max_w as i64, rows));
            }
            let best = brute(&p).0;
            let s = solve(&p).expect("solved");
            s.certify(&p).unwrap_or_else(|e| panic!("case {case}: {e}\n{p:?}"));
            assert_eq!(s.total, best, "case {case}: {p:?}");
            if p.capacity.iter().sum::<u32>() < rows as u32 {
                seats_fewer += 1;
            }
        }
        // Both layouts were exercised: seats bidding for young people and the other way.
        assert!(seats_fewer > 500 && seats_fewer < 3500, "{seats_fewer}");
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
        let (mut kept_some, mut coarse) = (0, 0);
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
            let (a, wa) = solve_warm(&small, None).expect("solved");
            a.certify(&small).unwrap_or_else(|e| panic!("case {case} small: {e}"));
            let (b, wb) = solve_warm(&middle, Some(&wa)).expect("solved");
            b.certify(&middle).unwrap_or_else(|e| panic!("case {case} middle: {e}\n{middle:?}"));
            assert_eq!(b.total, brute(&middle).0, "case {case} middle: {middle:?}");
            let (c, _) = solve_warm(&full, Some(&wb)).expect("solved");
            c.certify(&full).unwrap_or_else(|e| panic!("case {case} full: {e}\n{full:?}"));
            assert_eq!(c.total, best, "case {case}: {full:?}");
            kept_some += wb.matched();
            // A coarse solve (a round that only gathers missing pairs), then an exact one
            // resuming from it on the grown graph.
            let (rough, wr) = crate::auction::run(&small, None, None, true);
            coarse += usize::from(rough.eps > 1);
            let (d, _) = solve_warm(&middle, Some(&wr)).expect("solved");
            assert_eq!(d.eps, 1, "case {case}");
            d.certify(&middle).unwrap_or_else(|e| panic!("case {case} after coarse: {e}\n{middle:?}"));
            assert_eq!(d.total, b.total, "case {case} after coarse: {middle:?}");
        }
        assert!(kept_some > 0, "warm starts kept matches");
        assert!(coarse > 1000, "most coarse solves stopped short of ε = 1");
        // A warm state from another layout or size is ignored, not misread.
        let mut p = Problem::new(vec![1]);
        p.push_row([(0, 5)]);
        p.push_row([(0, 7)]);
        let (_, transposed) = solve_warm(&p, None).expect("solved");
        let mut q = Problem::new(vec![1, 1, 1]);
        q.push_row([(0, 5), (2, 1)]);
        let (s, _) = solve_warm(&q, Some(&transposed)).expect("solved");
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
        let s = solve(&p).expect("solved");
        assert_eq!(s.matched, 2);
        assert_eq!(s.col_of(&p, 0), Some(1));
        assert_eq!(s.col_of(&p, 1), Some(0));
        // Without the lexicographic constant, the score alone would leave row 1 out.
        let mut q = Problem::new(vec![1, 1]);
        q.push_row([(0, 100), (1, 1)]);
        q.push_row([(0, 1)]);
        assert_eq!(solve(&q).expect("solved").matched, 1);
    }

    #[test]
    fn capacity_lets_one_column_take_several_rows() {
        let mut p = Problem::new(vec![3]);
        for w in [5, 9, 2, 7] {
            p.push_row([(0, w)]);
        }
        let s = solve(&p).expect("solved");
        s.certify(&p).expect("certified");
        assert_eq!((s.matched, s.total), (3, 21));
        assert_eq!(s.col_of(&p, 2), None, "the weakest row is the one left out");
    }

    #[test]
    fn certify_rejects_a_suboptimal_or_infeasible_answer() {
        let mut p = Problem::new(vec![1, 1]);
        p.push_row([(0, 5), (1, 4)]);
        p.push_row([(0, 3)]);
        let s = solve(&p).expect("solved");
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
    fn columns_without_seats_take_no_one_and_still_certify() {
        // Every column has edges, a third have no seat left (a mentor whose last seat a
        // pinned pair took): 50 x 30 and smaller, as the failing files were.
        let mut rng = Rng(29);
        for case in 0..300 {
            let (rows, cols) =
                if case == 0 { (50, 30) } else { (1 + rng.below(7) as usize, 1 + rng.below(5) as usize) };
            let capacity = (0..cols).map(|_| if rng.below(3) == 0 { 0 } else { 1 + rng.below(2) as u32 }).collect();
            let mut p = Problem::new(capacity);
            for _ in 0..rows {
                let mut edges: Vec<(u32, i64)> = Vec::new();
                for j in 0..cols {
                    if rng.below(2) == 0 {
                        edges.push((j as u32, 1 + rng.below(20) as i64));
                    }
                }
                p.push_row(edges);
            }
            let s = solve(&p).expect("solved");
            s.certify(&p).unwrap_or_else(|e| panic!("case {case}: {e}\n{p:?}"));
            for i in 0..rows {
                if let Some(j) = s.col_of(&p, i) {
                    assert!(p.capacity[j] > 0, "case {case}: row {i} on a column without seats");
                }
            }
            if rows <= 7 {
                assert_eq!(s.total, brute(&p).0, "case {case}: {p:?}");
            }
        }
    }

    #[test]
    fn a_column_with_more_seats_than_rows_takes_them_all() {
        // Capacities as large as the type allows cost no memory: no column takes more than
        // every row.
        let mut p = Problem::new(vec![u32::MAX, 1]);
        for w in [5, 9, 2, 7] {
            p.push_row([(0, w), (1, w + 1)]);
        }
        let s = solve(&p).expect("solved");
        s.certify(&p).expect("certified");
        assert_eq!((s.matched, s.total), (4, 5 + 9 + 2 + 7 + 1), "one row moves to column 1 for one point");
        let mut rng = Rng(31);
        for case in 0..2000 {
            let rows = 1 + rng.below(7) as usize;
            let cols = 1 + rng.below(4) as usize;
            let capacity = (0..cols).map(|_| [0, 1, 2, rows as u32, rows as u32 + 3][rng.below(5) as usize]).collect();
            let mut p = Problem::new(capacity);
            for _ in 0..rows {
                let k = rng.below(cols as u64 + 1);
                let edges: Vec<(u32, i64)> =
                    (0..k).map(|_| (rng.below(cols as u64) as u32, 1 + rng.below(4) as i64)).collect();
                p.push_row(edges);
            }
            let s = solve(&p).expect("solved");
            s.certify(&p).unwrap_or_else(|e| panic!("case {case}: {e}\n{p:?}"));
            assert_eq!(s.total, brute(&p).0, "case {case}: {p:?}");
        }
    }

    /// `p` with every seat as a column of its own, each with a copy of its column's edges.
    fn seats_apart(p: &Problem) -> Problem {
        let first: Vec<u32> =
            p.capacity.iter().scan(0u32, |next, &c| Some(std::mem::replace(next, *next + c))).collect();
        let mut q = Problem::new(vec![1; p.capacity.iter().sum::<u32>() as usize]);
        for i in 0..p.rows() {
            q.push_row(p.row_edges(i).flat_map(|e| {
                let j = p.col[e] as usize;
                (first[j]..first[j] + p.capacity[j]).map(move |seat| (seat, p.weight[e]))
            }));
        }
        q
    }

    #[test]
    fn many_seat_columns_solve_as_their_seats_apart_would() {
        // Columns of up to 60 seats among single-seat ones, rows bidding for them as groups
        // (and, where seats are few and copies cheap, seats bidding): the same optimum as
        // the unit layout of the same seats, both certified; popular columns draw price wars.
        let mut rng = Rng(37);
        let mut grouped = 0;
        for case in 0..60 {
            let rows = 50 + rng.below(250) as usize;
            let cols = 5 + rng.below(30) as usize;
            let capacity: Vec<u32> =
                (0..cols).map(|j| if j % 7 == 0 { 5 + rng.below(56) as u32 } else { rng.below(3) as u32 }).collect();
            let max_w = [2, 40, 10_000][case % 3];
            let mut p = Problem::new(capacity);
            for _ in 0..rows {
                let k = 1 + rng.below(8);
                let edges: Vec<(u32, i64)> = (0..k)
                    .map(|_| {
                        let popular = rng.below(3) == 0;
                        let j = if popular { 7 * rng.below(cols.div_ceil(7) as u64) } else { rng.below(cols as u64) };
                        (j as u32, 1 + rng.below(max_w) as i64)
                    })
                    .collect();
                p.push_row(edges);
            }
            if case % 4 == 0 {
                p = offset(&p, lexicographic(max_w as i64, rows));
            }
            let s = solve(&p).expect("solved");
            s.certify(&p).unwrap_or_else(|e| panic!("case {case}: {e}"));
            let apart = seats_apart(&p);
            let t = solve(&apart).expect("solved");
            t.certify(&apart).unwrap_or_else(|e| panic!("case {case} apart: {e}"));
            assert_eq!(s.total, t.total, "case {case}");
            grouped += usize::from(p.capacity.iter().sum::<u32>() as usize >= rows);
        }
        assert!(grouped > 10, "rows bid for grouped seats in {grouped} cases");
    }

    #[test]
    fn malformed_or_oversized_problems_are_refused_before_solving() {
        let most = Problem::max_weight(3);
        let mut p = Problem::new(vec![1, 1]);
        p.push_row([(0, most), (1, 1)]);
        p.push_row([(0, 1)]);
        p.push_row([]);
        let s = solve(&p).expect("the largest weight is solved");
        s.certify(&p).expect("certified");
        assert_eq!(s.total, most, "row 0 keeps its huge weight; row 1 waits");
        let mut big = Problem::new(vec![1]);
        big.push_row([(0, most + 1)]);
        big.push_row([]);
        big.push_row([]);
        let e = solve(&big).expect_err("refused");
        assert!(e.contains("larger than") && e.contains(&most.to_string()), "{e}");
        let mut out_of_range = Problem::new(vec![1]);
        out_of_range.push_row([(3, 5)]);
        assert!(solve(&out_of_range).expect_err("refused").contains("column 3"));
        let torn = Problem { capacity: vec![1], start: vec![0, 2], col: vec![0], weight: vec![4] };
        assert!(solve(&torn).is_err(), "rows ending past the edges");
        let negative = Problem { capacity: vec![1], start: vec![0, 1], col: vec![0], weight: vec![-4] };
        assert!(solve(&negative).expect_err("refused").contains("not positive"));
    }

    #[test]
    fn empty_rows_and_zero_weights_stay_unmatched() {
        let mut p = Problem::new(vec![1]);
        p.push_row([]);
        p.push_row([(0, 0), (0, -3)]);
        let s = solve(&p).expect("solved");
        assert_eq!(s.matched, 0);
        assert_eq!(p.edges(), 0);
        s.certify(&p).expect("certified");
    }
}
