//! The house rules on structure, checked from the sources: no import cycle among the
//! modules of a directory (`src/tui` today; `src/claims` once its cycles are gone), and no
//! component of the reader imports the app (`tui::app`): only the shell (`tui.rs`) and the
//! root view that composes the screen (`tui/view.rs`) may.
//!
//! Each file is a module. Its edges are the paths it names, in `use` lines and inline
//! (`super::x`, `crate::tui::x`, `self::x`), resolved to the deepest module file they
//! reach; `super` inside an inline `mod tests { … }` stays in the file. `mod x;`
//! declarations are not edges (a parent declaring a child does not use it).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules under `src/<dir>.rs` and `src/<dir>/`, by path ("tui", "tui::panes::split").
fn modules(dir: &str) -> BTreeMap<String, PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    out.insert(dir.to_string(), src.join(format!("{dir}.rs")));
    let mut stack = vec![src.join(dir)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&src).unwrap().with_extension("");
                let name = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .filter(|c| c != "mod")
                    .collect::<Vec<_>>()
                    .join("::");
                out.insert(name, path);
            }
        }
    }
    out
}

/// The code of a file without comments and string literals (so that neither makes an
/// edge), as a list of tokens: identifiers, `::`, and single punctuation characters.
fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c == 'r' && (next == Some('"') || next == Some('#')) {
            // A raw string: r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push("r".to_string());
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            i = j;
        } else if c == '\'' {
            // A char literal ('x', '\n') is skipped; a lifetime ('a) is just a quote.
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && next == Some(':') {
            out.push("::".to_string());
            i += 2;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

/// Every path the file names that starts with `super`, `self` or `crate`, as module
/// segments resolved from `module` (a path inside `use` braces is expanded).
fn named_paths(module: &str, text: &str, known: &BTreeSet<String>) -> Vec<Vec<String>> {
    // A path may also start at a child module (`use split::Dir;`, `app::Screen::Library`).
    let child = |name: &str| known.contains(&format!("{module}::{name}"));
    let toks = tokens(text);
    let mut out = Vec::new();
    // How deep we are in inline modules (`mod tests { … }`), by brace depth.
    let mut depth = 0usize;
    let mut inline_mods: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match toks[i].as_str() {
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if inline_mods.last() == Some(&depth) {
                    inline_mods.pop();
                }
            }
            "mod" if toks.get(i + 2).is_some_and(|t| t == "{") => inline_mods.push(depth),
            "use" => {
                let end = (i..toks.len())
                    .find(|&k| toks[k] == ";")
                    .unwrap_or(toks.len());
                for mut path in expand_use(&toks[i + 1..end]) {
                    if path.first().is_some_and(|s| child(s)) {
                        path.insert(0, "self".to_string());
                    }
                    out.extend(resolve(module, inline_mods.len(), &path));
                }
                i = end;
                continue;
            }
            first
                if toks.get(i + 1).is_some_and(|t| t == "::")
                    && (i == 0 || toks[i - 1] != "::")
                    && (matches!(first, "super" | "crate" | "self")
                        || (inline_mods.is_empty() && child(first))) =>
            {
                let mut path = if matches!(first, "super" | "crate" | "self") {
                    vec![first.to_string()]
                } else {
                    vec!["self".to_string(), first.to_string()]
                };
                let mut k = i + 1;
                while toks.get(k).is_some_and(|t| t == "::")
                    && toks
                        .get(k + 1)
                        .is_some_and(|t| t.chars().all(|c| c.is_alphanumeric() || c == '_'))
                {
                    path.push(toks[k + 1].clone());
                    k += 2;
                }
                out.extend(resolve(module, inline_mods.len(), &path));
                i = k;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The paths of a `use` tree (`super::{a, b::{c, d}}` gives `super::a`, `super::b::c`, …).
fn expand_use(toks: &[String]) -> Vec<Vec<String>> {
    fn walk(toks: &[String], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        let mut path = prefix.clone();
        while *i < toks.len() {
            match toks[*i].as_str() {
                "::" => *i += 1,
                "{" => {
                    *i += 1;
                    loop {
                        walk(toks, i, path.clone(), out);
                        match toks.get(*i).map(String::as_str) {
                            Some(",") => *i += 1,
                            Some("}") => {
                                *i += 1;
                                return;
                            }
                            _ => return,
                        }
                        if toks.get(*i).is_some_and(|t| t == "}") {
                            *i += 1;
                            return;
                        }
                    }
                }
                "," | "}" => break,
                "as" => *i += 2,
                "*" => *i += 1,
                t => {
                    path.push(t.to_string());
                    *i += 1;
                }
            }
        }
        out.push(path);
    }
    let mut out = Vec::new();
    let toks: Vec<String> = toks.iter().filter(|t| *t != "pub").cloned().collect();
    let mut i = 0;
    walk(&toks, &mut i, Vec::new(), &mut out);
    out
}

/// `path` as named in `module` (inside `inline` inline modules), made absolute from the
/// crate root; `None` for paths that leave no trace in the crate (`std::…`).
fn resolve(module: &str, inline: usize, path: &[String]) -> Option<Vec<String>> {
    let mut here: Vec<String> = module.split("::").map(str::to_string).collect();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            here.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            let mut inline = inline;
            while rest.first().is_some_and(|s| s == "super") {
                if inline > 0 {
                    inline -= 1;
                } else {
                    here.pop();
                }
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    here.extend(rest.iter().cloned());
    Some(here)
}

/// The module (a file) a path reaches: its longest prefix that is one.
fn target(path: &[String], modules: &BTreeMap<String, PathBuf>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains_key(m))
}

/// Module → the modules of the same directory it names.
fn graph(dir: &str) -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules(dir);
    let mut out = BTreeMap::new();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    for (name, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let mut edges = BTreeSet::new();
        for path in named_paths(name, &text, &known) {
            if let Some(t) = target(&path, &modules)
                && t != *name
            {
                edges.insert(t);
            }
        }
        out.insert(name.clone(), edges);
    }
    out
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|n| n == next).unwrap();
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(node, graph, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

/// Fails with the cycle when the modules of `src/<dir>` import each other in a circle.
fn assert_acyclic(dir: &str) {
    let g = graph(dir);
    assert!(g.len() > 1, "no modules found under src/{dir}");
    if let Some(cycle) = find_cycle(&g) {
        panic!("import cycle in src/{dir}: {}", cycle.join(" → "));
    }
}

#[test]
fn the_reader_modules_import_each_other_without_a_cycle() {
    assert_acyclic("tui");
}

#[test]
fn no_component_imports_the_app() {
    let allowed = ["tui", "tui::app", "tui::view"];
    let offenders: Vec<String> = graph("tui")
        .into_iter()
        .filter(|(m, edges)| edges.contains("tui::app") && !allowed.contains(&m.as_str()))
        .map(|(m, _)| m)
        .collect();
    assert!(
        offenders.is_empty(),
        "these modules import tui::app (only the shell and the root view may): {offenders:?}"
    );
}

#[test]
fn the_checker_sees_use_trees_inline_paths_and_cycles() {
    let known = BTreeSet::from(["tui::compare::session::inner".to_string()]);
    let paths = named_paths(
        "tui::compare::session",
        "use super::state::{Ctx, End};\nuse crate::tui::{panes::split::Dir, action};\n\
         use inner::Thing;\n\
         fn f() { super::super::app::update(); let s = \"super::fake\"; inner::g(); }\n\
         mod tests { use super::*; }",
        &known,
    );
    let shown: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    for want in [
        "tui::compare::state::Ctx",
        "tui::compare::state::End",
        "tui::panes::split::Dir",
        "tui::action",
        "tui::app::update",
        "tui::compare::session",
        "tui::compare::session::inner::Thing",
        "tui::compare::session::inner::g",
    ] {
        assert!(
            shown.contains(&want.to_string()),
            "{want} missing from {shown:?}"
        );
    }
    assert!(!shown.iter().any(|p| p.contains("fake")), "{shown:?}");
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert!(find_cycle(&g).is_some());
    g.insert("b".to_string(), BTreeSet::new());
    assert!(find_cycle(&g).is_none());
}
