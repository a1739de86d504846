//! No import circles inside any crate of the workspace: if module `a` names module `b`
//! (`crate::b::..`, `super::b`, `use crate::{b, ..}`), `b` may not, directly or through
//! others, name `a`. A circle means two modules that can only be understood, changed and
//! tested together; the layering (kernel modules below features, features below the pages
//! that show them) keeps each one readable on its own.
//!
//! The test reads the sources, not the compiled crate: comments and strings are skipped, a
//! module's references to its own children or parent do not count, and neither do its unit
//! tests (`#[cfg(test)] mod ... { }`), which may use any module to set up their data, as the
//! integration tests do. Binaries under `src/bin` are crates of their own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const CRATES: [&str; 9] =
    ["app", "benches", "domain", "frontend", "matching", "migrations", "server", "services", "xtask"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// Every module of a crate (`a::b` for `src/a/b.rs` or `src/a/b/mod.rs`; the root is ""),
/// with its source.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "bin") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).expect("under src").with_extension("");
            let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                parts.pop();
            }
            out.insert(parts.join("::"), std::fs::read_to_string(&path).expect("read"));
        }
    }
    out
}

/// The source without comments and string literals, so that words in them are not read as
/// paths.
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            // A character literal such as '"' (lifetimes have no closing quote).
            i += 3;
        } else if b[i] == b'\'' && b.get(i + 1) == Some(&b'\\') {
            i += 2;
            while i < b.len() && b[i] != b'\'' {
                i += 1;
            }
            i += 1;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `code` without its `#[cfg(test)]` modules (the attribute, `mod name {` and everything to
/// the matching brace).
fn without_unit_tests(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let trimmed = after.trim_start();
        if !trimmed.starts_with("mod ") {
            out.push_str("#[cfg(test)]");
            rest = after;
            continue;
        }
        let Some(open) = trimmed.find('{') else { return out };
        let mut depth = 0usize;
        let mut end = trimmed.len();
        for (i, c) in trimmed[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &trimmed[end..];
    }
    out.push_str(rest);
    out
}

/// The paths written after `crate::`, `super::` or `self::` in `code`, made absolute from
/// module `me`; a braced group (`crate::{a, b::c}`) gives one path per item.
fn paths(code: &str, me: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (prefix, base) in
        [("crate::", Vec::new()), ("super::", me[..me.len().saturating_sub(1)].to_vec()), ("self::", me.to_vec())]
    {
        let mut from = 0;
        while let Some(at) = code[from..].find(prefix) {
            let start = from + at;
            from = start + prefix.len();
            if code[..start].chars().next_back().is_some_and(|c| is_ident(c) || c == ':') {
                continue; // `x::super::`, `other_crate::..`: not this crate's root.
            }
            let mut rest = &code[from..];
            let mut base = base.clone();
            while let Some(r) = rest.strip_prefix("super::").filter(|_| prefix == "super::") {
                base.pop();
                rest = r;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let mut p = base.clone();
                    p.extend(item.trim().split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
                    out.push(p);
                }
            } else {
                let end = rest.find(|c: char| !(is_ident(c) || c == ':')).unwrap_or(rest.len());
                let mut p = base.clone();
                p.extend(rest[..end].split("::").filter(|s| !s.is_empty()).map(str::to_string));
                out.push(p);
            }
        }
    }
    out
}

/// Module `a` -> the modules it names.
fn graph(mods: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, src) in mods {
        let me: Vec<String> = name.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect();
        let edges = g.entry(name.clone()).or_default();
        for p in paths(&without_unit_tests(&code_only(src)), &me) {
            // The longest prefix of the path that is a module.
            let Some(target) = (1..=p.len()).rev().map(|n| p[..n].join("::")).find(|m| mods.contains_key(m)) else {
                continue;
            };
            let related = target == *name
                || name.starts_with(&format!("{target}::"))
                || target.starts_with(&format!("{name}::"))
                || name.is_empty();
            if !related {
                edges.insert(target);
            }
        }
    }
    g
}

/// The strongly connected components with more than one module (Tarjan).
fn circles(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("low");
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("low");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn no_crate_has_an_import_circle() {
    let mut found = Vec::new();
    for krate in CRATES {
        let mods = modules(&workspace().join(krate).join("src"));
        assert!(!mods.is_empty(), "{krate}: no modules read");
        for c in circles(&graph(&mods)) {
            found.push(format!("{krate}: {}", c.join(" <-> ")));
        }
    }
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

#[test]
fn the_reader_sees_a_circle_where_there_is_one() {
    let mods: BTreeMap<String, String> = [
        ("".to_string(), "mod a; mod b; mod c;".to_string()),
        ("a".to_string(), "use crate::b::thing; // crate::c in a comment\nlet s = \"crate::c\";".to_string()),
        ("b".to_string(), "use crate::{c, d};".to_string()),
        ("c".to_string(), "fn f() { super::a::g() }".to_string()),
        ("d".to_string(), "use crate::d::inner; use self::x;".to_string()),
        (
            "d::x".to_string(),
            "use super::super::b;\n#[cfg(test)]\nmod tests { use crate::a; fn f() { if true { } } }".to_string(),
        ),
    ]
    .into();
    let g = graph(&mods);
    assert_eq!(g["a"], ["b".to_string()].into());
    assert_eq!(g["b"], ["c".to_string(), "d".to_string()].into());
    assert_eq!(g["c"], ["a".to_string()].into());
    assert_eq!(g["d::x"], ["b".to_string()].into());
    assert_eq!(circles(&g), vec![vec!["a".to_string(), "b".to_string(), "c".to_string()]]);
    // Without c -> a nothing goes round.
    let mut g2 = g.clone();
    g2.get_mut("c").expect("c").clear();
    assert_eq!(circles(&g2), Vec::<Vec<String>>::new());
}
