//! The plain-text instance format shared with the Python oracles and the benchmark: whitespace
//! separated integers, `rows cols edges`, then each column's capacity, then `row col weight`
//! per edge. Weights already include the lexicographic constant, so every solver optimises the
//! same integers.

use crate::problem::Problem;
use std::fmt::Write as _;
use std::io::{self, Write};

pub fn write(p: &Problem, out: &mut impl Write) -> io::Result<()> {
    let mut buf = String::with_capacity(64 + p.edges() * 24);
    let _ = writeln!(buf, "{} {} {}", p.rows(), p.cols(), p.edges());
    for c in &p.capacity {
        let _ = write!(buf, "{c} ");
    }
    buf.push('\n');
    for i in 0..p.rows() {
        for e in p.row_edges(i) {
            let _ = writeln!(buf, "{i} {} {}", p.col[e], p.weight[e]);
        }
    }
    out.write_all(buf.as_bytes())
}

/// Reads an instance, refusing anything malformed with a message that says where: a count or
/// column that is not a small non-negative integer, an edge to a column or row that does not
/// exist, edges out of row order, and (through [`Problem::check`]) weights too large to solve
/// exactly. Edges with a weight of 0 or less are dropped, as [`Problem::push_row`] does.
pub fn read(text: &str) -> Result<Problem, String> {
    let mut it = text.split_ascii_whitespace().map(|t| t.parse::<i64>().map_err(|e| format!("{t:?}: {e}")));
    let mut next = || it.next().unwrap_or_else(|| Err("the file ends early".into()));
    let count = |v: i64, what: &str| u32::try_from(v).map_err(|_| format!("{what} must be 0 to {}, not {v}", u32::MAX));
    let (rows, cols, edges) = (count(next()?, "rows")?, count(next()?, "columns")?, count(next()?, "edges")?);
    let (rows, cols) = (rows as usize, cols as usize);
    let capacity = (0..cols).map(|_| count(next()?, "a capacity")).collect::<Result<Vec<_>, _>>()?;
    let mut p = Problem::new(capacity);
    let mut row: Vec<(u32, i64)> = Vec::new();
    let mut current = 0usize;
    for _ in 0..edges {
        let (i, j, w) = (count(next()?, "a row")? as usize, count(next()?, "a column")?, next()?);
        if i >= rows {
            return Err(format!("an edge of row {i}, but there are {rows} rows"));
        }
        if j as usize >= cols {
            return Err(format!("row {i} has an edge to column {j}, but there are {cols} columns"));
        }
        if i < current {
            return Err(format!("edges must be sorted by row: {i} after {current}"));
        }
        while current < i {
            p.push_row(row.drain(..));
            current += 1;
        }
        row.push((j, w));
    }
    while current < rows {
        p.push_row(row.drain(..));
        current += 1;
    }
    p.check()?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut p = Problem::new(vec![1, 2, 1]);
        p.push_row([(0, 5), (2, 7)]);
        p.push_row([]);
        p.push_row([(1, 3)]);
        let mut out = Vec::new();
        write(&p, &mut out).expect("written");
        assert_eq!(read(std::str::from_utf8(&out).expect("utf-8")).expect("read"), p);
        let refused = |text: &str| read(text).expect_err(text);
        assert!(refused("2 1 2\n1\n1 0 5\n0 0 4").contains("sorted by row"));
        assert!(refused("1 1 1\n1\n0 3 5").contains("column 3, but there are 1 columns"));
        assert!(refused("1 1 1\n1\n4 0 5").contains("row 4, but there are 1 rows"));
        assert!(refused("1 1 1\n-1\n0 0 5").contains("a capacity must be"));
        assert!(refused("1 1 1\n1\n0 0 x").contains("\"x\""));
        assert!(refused("1 1 2\n1\n0 0 5").contains("ends early"));
        // The largest weight two rows can take is accepted, one more is refused.
        let most = Problem::max_weight(2);
        assert!(read(&format!("2 1 1\n1\n0 0 {most}")).is_ok());
        assert!(refused(&format!("2 1 1\n1\n0 0 {}", most + 1)).contains("larger than"));
    }
}
