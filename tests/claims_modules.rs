//! The modules of `src/claims/` import each other without a cycle.
//!
//! Reads the sources (not the compiled crate): every path through `super::`,
//! `crate::claims::` or, in `src/claims.rs`, a child module's name, outside `#[cfg(test)]`
//! modules and comments, is an edge from the module that writes it to the module it names.
//! A module is `claims` itself (`src/claims.rs`) or one of its children; a child's own
//! children (`src/claims/quantities/scanner.rs`) belong to it, so their `super::` is no
//! edge, and an item of `claims` itself (`super::Links`) is an edge to `claims`. The test
//! fails naming the cycle it found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = "claims";

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The source without comments and without the `#[cfg(test)]` modules (whose
/// `use super::*` is the module's own test, not an import).
fn code_of(source: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<i32> = None;
    let mut test_attribute = false;
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let trimmed = code.trim();
        if let Some(depth) = skip_depth.as_mut() {
            *depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
            if *depth <= 0 {
                skip_depth = None;
            }
            continue;
        }
        if trimmed == "#[cfg(test)]" {
            test_attribute = true;
            continue;
        }
        if test_attribute && trimmed.starts_with("mod ") {
            test_attribute = false;
            let depth = code.matches('{').count() as i32 - code.matches('}').count() as i32;
            if depth > 0 {
                skip_depth = Some(depth);
            }
            continue;
        }
        test_attribute = false;
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// The first segment of every path that follows `prefix` in `code`, looking into
/// `{…}` groups: `super::{a::X, b}` gives `a` and `b`.
fn first_segments(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = &rest[..at];
        rest = &rest[at + prefix.len()..];
        // `x::super::` or `foo_super::` is not this prefix
        if before.ends_with("::") || before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += i32::from(c == '{') - i32::from(c == '}');
                    depth == 0
                })
                .map_or(group.len(), |(i, _)| i);
            let mut level = 0;
            let mut item = String::new();
            for c in group[..end].chars().chain(std::iter::once(',')) {
                match c {
                    '{' => level += 1,
                    '}' => level -= 1,
                    ',' if level == 0 => {
                        let name: String = item
                            .trim()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        if !name.is_empty() {
                            out.push(name);
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

/// module → the modules it imports (`claims` for the root).
fn import_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let dir = src.join(ROOT);
    let children: BTreeSet<String> = rust_files(&dir)
        .iter()
        .filter_map(|p| p.strip_prefix(&dir).ok())
        .filter_map(|p| p.components().next())
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string()
        })
        .collect();
    let resolve = |name: &str| -> String {
        if children.contains(name) {
            name.to_string()
        } else {
            ROOT.to_string()
        }
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.insert(ROOT.to_string(), BTreeSet::new());
    for child in &children {
        graph.insert(child.clone(), BTreeSet::new());
    }
    let root_code = code_of(&std::fs::read_to_string(src.join("claims.rs")).expect("claims.rs"));
    for child in &children {
        let named = first_segments(&root_code, &format!("{child}::"))
            .into_iter()
            .chain(first_segments(&root_code, "self::"))
            .chain(first_segments(&root_code, "crate::claims::"));
        if root_code.contains(&format!("{child}::")) || named.into_iter().any(|n| &n == child) {
            graph.get_mut(ROOT).unwrap().insert(child.clone());
        }
    }
    for file in rust_files(&dir) {
        let relative = file.strip_prefix(&dir).unwrap();
        let owner = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let nested = relative.components().count() > 1;
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        let mut targets: Vec<String> = first_segments(&code, "crate::claims::")
            .iter()
            .map(|n| resolve(n))
            .collect();
        if nested {
            targets.extend(
                first_segments(&code, "super::super::")
                    .iter()
                    .map(|n| resolve(n)),
            );
        } else {
            targets.extend(
                first_segments(&code, "super::")
                    .iter()
                    .filter(|n| n.as_str() != "super")
                    .map(|n| resolve(n)),
            );
        }
        let edges = graph.get_mut(&owner).unwrap();
        edges.extend(targets.into_iter().filter(|t| *t != owner));
    }
    graph
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|n| n == next).unwrap();
                    let mut cycle = path[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0
            && let Some(c) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn the_claims_modules_import_each_other_without_a_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = import_graph(&src);
    // the graph is read at all: the linker's known imports are in it
    assert!(graph["index"].contains("features"), "{graph:?}");
    assert!(graph["report"].contains(ROOT), "{graph:?}");
    assert!(graph[ROOT].contains("index"), "{graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle among src/claims: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_reader_of_imports_sees_grouped_nested_and_inline_paths() {
    let code = code_of(
        "use super::{features::{A, B}, index};\n\
         let x = super::cells::f(); // super::ignored::x\n\
         #[cfg(test)]\nmod tests {\n    use super::*;\n    use super::hidden::y;\n}\n\
         use crate::claims::quantities::Q;",
    );
    assert_eq!(
        first_segments(&code, "super::"),
        vec!["features", "index", "cells"]
    );
    assert_eq!(first_segments(&code, "crate::claims::"), vec!["quantities"]);
}

#[test]
fn a_cycle_is_found_and_named() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let edge = |g: &mut BTreeMap<String, BTreeSet<String>>, a: &str, b: &str| {
        g.entry(a.into()).or_default().insert(b.into());
        g.entry(b.into()).or_default();
    };
    edge(&mut graph, "index", "cells");
    edge(&mut graph, "cells", "embed");
    assert_eq!(find_cycle(&graph), None);
    edge(&mut graph, "embed", "index");
    let cycle = find_cycle(&graph).expect("a cycle");
    assert_eq!(cycle.first(), cycle.last());
    assert!(cycle.contains(&"embed".to_string()), "{cycle:?}");
}
