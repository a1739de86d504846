//! The plain-text instance format shared with the Python oracles and the benchmark: whitespace
//! separated integers, `rows cols edges`, then each column's capacity, then `row col weight`
//! per edge. Weights already include the lexicographic constant, so every solver optimises the
//! same integers.

use crate::solver::Problem;
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

pub fn read(text: &str) -> Result<Problem, String> {
    let mut it = text.split_ascii_whitespace().map(|t| t.parse::<i64>().map_err(|e| format!("{t:?}: {e}")));
    let mut next = || it.next().unwrap_or_else(|| Err("the file ends early".into()));
    let (rows, cols, edges) = (next()? as usize, next()? as usize, next()? as usize);
    let capacity = (0..cols).map(|_| next().map(|c| c as u32)).collect::<Result<Vec<_>, _>>()?;
    let mut p = Problem::new(capacity);
    let mut row: Vec<(u32, i64)> = Vec::new();
    let mut current = 0usize;
    for _ in 0..edges {
        let (i, j, w) = (next()? as usize, next()? as u32, next()?);
        if i < current || i >= rows {
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
        assert!(read("2 1 2\n1\n1 0 5\n0 0 4").is_err(), "unsorted rows are refused");
    }
}
