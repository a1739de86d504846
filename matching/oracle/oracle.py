"""Independent oracles for Tandem's matching solver.

Reads the plain-text instance written by `matching::file` (rows cols edges, capacities, then
`row col weight` per edge; weights already include the lexicographic constant) and solves it
with Google OR-Tools' SimpleMinCostFlow or SciPy's sparse LAPJV
(`min_weight_full_bipartite_matching`). Prints one JSON line: the solver, the solve time in
seconds (the solve call only, not reading the file), the process's peak memory, the matched
count and the optimal total weight, recomputed exactly in integers from the chosen edges.

    python oracle.py INSTANCE ortools|scipy
"""

import json
import resource
import sys
import time

import numpy as np


def read(path):
    data = np.fromfile(path, dtype=np.int64, sep=" ")
    rows, cols, edges = (int(x) for x in data[:3])
    capacity = data[3 : 3 + cols]
    triples = data[3 + cols : 3 + cols + 3 * edges].reshape(edges, 3)
    return rows, cols, capacity, triples[:, 0], triples[:, 1], triples[:, 2]


def ortools(rows, cols, capacity, r, c, w):
    from ortools.graph.python import min_cost_flow

    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = rows + cols, rows + cols + 1
    row_nodes = np.arange(rows, dtype=np.int64)
    col_nodes = rows + np.arange(cols, dtype=np.int64)
    tails = np.concatenate([np.full(rows, source), r, col_nodes, row_nodes])
    heads = np.concatenate([row_nodes, rows + c, np.full(cols, sink), np.full(rows, sink)])
    caps = np.concatenate([np.ones(rows), np.ones(len(r)), capacity, np.ones(rows)]).astype(np.int64)
    # Maximise weight: minimise its negation; the row -> sink arc is "unmatched" at cost 0.
    costs = np.concatenate([np.zeros(rows), -w, np.zeros(cols), np.zeros(rows)]).astype(np.int64)
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(rows + cols + 2, dtype=np.int64)
    supplies[source], supplies[sink] = rows, -rows
    flow.set_nodes_supplies(np.arange(rows + cols + 2), supplies)
    started = time.perf_counter()
    status = flow.solve()
    seconds = time.perf_counter() - started
    if status != flow.OPTIMAL:
        raise SystemExit(f"OR-Tools status {status}")
    flows = flow.flows(arcs[rows : rows + len(r)])
    chosen = flows > 0
    total = int(w[chosen].astype(object).sum()) if chosen.any() else 0
    assert -int(flow.optimal_cost()) == total
    return seconds, int(chosen.sum()), total


def scipy(rows, cols, capacity, r, c, w):
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    # One column per unit of capacity, plus one "unmatched" column per row, so that a full
    # matching of the rows always exists. Costs are positive: top - weight, and top for the
    # unmatched column; minimising them maximises the weight.
    slot_start = np.concatenate([[0], np.cumsum(capacity)])
    slots = int(slot_start[-1])
    reps = capacity[c]
    er = np.repeat(r, reps)
    ew = np.repeat(w, reps)
    offsets = np.concatenate([np.arange(k) for k in reps]) if len(reps) else np.zeros(0, np.int64)
    ec = np.repeat(slot_start[c], reps) + offsets
    top = int(w.max()) + 1 if len(w) else 1
    all_r = np.concatenate([er, np.arange(rows)])
    all_c = np.concatenate([ec, slots + np.arange(rows)])
    all_cost = np.concatenate([top - ew, np.full(rows, top)]).astype(np.float64)
    m = csr_matrix((all_cost, (all_r, all_c)), shape=(rows, slots + rows))
    started = time.perf_counter()
    row_ind, col_ind = min_weight_full_bipartite_matching(m)
    seconds = time.perf_counter() - started
    # Recompute the total exactly in integers from the chosen (row, slot) pairs.
    slot_col = np.repeat(np.arange(cols), capacity)
    weight_of = {}
    for rr, cc, ww in zip(r.tolist(), c.tolist(), w.tolist()):
        weight_of[(rr, cc)] = max(ww, weight_of.get((rr, cc), 0))
    total, matched = 0, 0
    for rr, cc in zip(row_ind.tolist(), col_ind.tolist()):
        if cc < slots:
            total += weight_of[(rr, int(slot_col[cc]))]
            matched += 1
    return seconds, matched, total


def main():
    path, which = sys.argv[1], sys.argv[2]
    instance = read(path)
    seconds, matched, total = {"ortools": ortools, "scipy": scipy}[which](*instance)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"solver": which, "seconds": seconds, "peak_kib": peak_kib, "matched": matched, "total": total}))


if __name__ == "__main__":
    main()
