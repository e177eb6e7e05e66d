//! The regression corpus of real articles (issue 11): real web pages and package
//! documentation that no parsing rule was written for, flattened to scraped plain text
//! by `tools/corpus/build.py`, with expectations derived from each page's HTML
//! structure (`tests/data/corpus/<name>/expected.json`; sources in `manifest.json`).
//!
//! It runs the built `recto` (`render --width 200`, `outline --json`, `notes --json`)
//! on every article, prints a table of the faithful-text figures, and asserts floors
//! set just below what recto reaches today: a ratchet that parser work raises, never
//! lowers. It owns nothing in `src/` and reads the program only through its CLI, as a
//! user would.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

/// Floors for the whole corpus (micro-averaged), just below today's figures.
/// Raise them when the parser gets better; a drop below one is a regression.
struct Floors {
    blocks_unchanged: f64,
    words_present: f64,
    /// A ceiling: the share of page-furniture lines shown as text.
    furniture_shown_max: f64,
    titles_right: f64,
    sections_f1: f64,
    notes_resolved: f64,
}

const FLOORS: Floors = Floors {
    blocks_unchanged: 0.92,
    words_present: 0.985,
    furniture_shown_max: 0.50,
    titles_right: 0.25,
    sections_f1: 0.54,
    notes_resolved: 0.50,
};

#[derive(Deserialize)]
struct Expected {
    title: String,
    sections: Vec<ExpectedSection>,
    notes: Vec<ExpectedNote>,
    body: Vec<BodyBlock>,
    furniture: Vec<String>,
}

#[derive(Deserialize)]
struct ExpectedSection {
    level: u32,
    title: String,
}

#[derive(Deserialize)]
struct ExpectedNote {
    number: String,
    text: String,
}

#[derive(Deserialize)]
struct BodyBlock {
    kind: String,
    text: String,
}

#[derive(Deserialize)]
struct Outline {
    title: String,
    sections: Vec<OutlineSection>,
}

#[derive(Deserialize)]
struct OutlineSection {
    level: u32,
    title: String,
    children: Vec<OutlineSection>,
}

#[derive(Deserialize)]
struct NotesOut {
    references: Vec<Reference>,
}

#[derive(Deserialize)]
struct Reference {
    number: u64,
    note: Option<String>,
}

/// Counts for one article; summed over the corpus for the floors.
#[derive(Default, Clone, Copy)]
struct Score {
    blocks: usize,
    blocks_unchanged: usize,
    listings: usize,
    listings_unchanged: usize,
    words: usize,
    words_present: usize,
    furniture: usize,
    furniture_shown: usize,
    title_right: usize,
    sections_expected: usize,
    sections_found: usize,
    sections_matched: usize,
    levels_right: usize,
    notes: usize,
    notes_resolved: usize,
}

impl Score {
    fn add(&mut self, o: &Score) {
        self.blocks += o.blocks;
        self.blocks_unchanged += o.blocks_unchanged;
        self.listings += o.listings;
        self.listings_unchanged += o.listings_unchanged;
        self.words += o.words;
        self.words_present += o.words_present;
        self.furniture += o.furniture;
        self.furniture_shown += o.furniture_shown;
        self.title_right += o.title_right;
        self.sections_expected += o.sections_expected;
        self.sections_found += o.sections_found;
        self.sections_matched += o.sections_matched;
        self.levels_right += o.levels_right;
        self.notes += o.notes;
        self.notes_resolved += o.notes_resolved;
    }

    fn sections_f1(&self) -> f64 {
        if self.sections_expected == 0 && self.sections_found == 0 {
            return 1.0;
        }
        let matched = self.sections_matched as f64;
        2.0 * matched / (self.sections_expected + self.sections_found) as f64
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// Whitespace collapsed to single spaces: wrapping and indentation aside.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rendered text without the `[n]` markers the reader draws for note references,
/// so that "cooperation.[85] The" matches the author's "cooperation. The".
fn without_note_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(']') {
            rest = &after[digits + 1..];
        } else {
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A display line as text, without the list bullet or numbering the reader may draw.
fn bare_line(line: &str) -> String {
    let line = line.trim();
    let line = line
        .strip_prefix("• ")
        .or_else(|| line.strip_prefix("- "))
        .or_else(|| line.strip_prefix("* "))
        .unwrap_or(line);
    squash(line)
}

fn recto(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run recto");
    assert!(
        out.status.success(),
        "recto {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("recto prints UTF-8")
}

fn flatten(sections: &[OutlineSection], into: &mut Vec<(u32, String)>) {
    for s in sections {
        into.push((s.level, squash(&s.title)));
        flatten(&s.children, into);
    }
}

fn score(expected: &Expected, rendered: &str, outline: &Outline, notes: &NotesOut) -> Score {
    let mut s = Score::default();
    let shown = squash(rendered);
    let shown_plain = squash(&without_note_markers(rendered));
    for block in &expected.body {
        let text = squash(&block.text);
        let unchanged = shown.contains(&text) || shown_plain.contains(&text);
        s.blocks += 1;
        s.blocks_unchanged += usize::from(unchanged);
        if block.kind == "listing" {
            s.listings += 1;
            s.listings_unchanged += usize::from(unchanged);
        }
    }
    let mut available: HashMap<&str, usize> = HashMap::new();
    for w in words(&shown_plain) {
        *available.entry(w).or_default() += 1;
    }
    for block in &expected.body {
        for w in words(&block.text) {
            s.words += 1;
            if let Some(n) = available.get_mut(w).filter(|n| **n > 0) {
                *n -= 1;
                s.words_present += 1;
            }
        }
    }
    let lines: std::collections::HashSet<String> = rendered.lines().map(bare_line).collect();
    s.furniture = expected.furniture.len();
    s.furniture_shown = expected
        .furniture
        .iter()
        .filter(|f| lines.contains(&squash(f)))
        .count();
    s.title_right = usize::from(squash(&outline.title) == squash(&expected.title));
    let mut found = Vec::new();
    flatten(&outline.sections, &mut found);
    let mut wanted: Vec<(u32, String)> = expected
        .sections
        .iter()
        .map(|e| (e.level, squash(&e.title)))
        .collect();
    s.sections_expected = wanted.len();
    s.sections_found = found.len();
    for (level, title) in &found {
        if let Some(i) = wanted.iter().position(|(_, t)| t == title) {
            s.sections_matched += 1;
            s.levels_right += usize::from(wanted[i].0 == *level);
            wanted.remove(i);
        }
    }
    for note in &expected.notes {
        s.notes += 1;
        let want = squash(&note.text);
        let resolved = notes.references.iter().any(|r| {
            r.number.to_string() == note.number
                && r.note.as_deref().map(squash) == Some(want.clone())
        });
        s.notes_resolved += usize::from(resolved);
    }
    s
}

/// What went wrong on one article, for `RECTO_CORPUS_DETAIL=<name|all> cargo test
/// --test corpus -- --nocapture`: the blocks not shown unchanged, the furniture shown,
/// the title and the headings found against those expected, the notes not resolved.
fn detail(
    name: &str,
    expected: &Expected,
    rendered: &str,
    outline: &Outline,
    notes: &NotesOut,
) -> String {
    let mut out = format!("==== {name}\n");
    let shown = squash(rendered);
    let shown_plain = squash(&without_note_markers(rendered));
    for block in &expected.body {
        let text = squash(&block.text);
        if !shown.contains(&text) && !shown_plain.contains(&text) {
            writeln!(out, "changed {}: {text}", block.kind).unwrap();
        }
    }
    let lines: std::collections::HashSet<String> = rendered.lines().map(bare_line).collect();
    for f in &expected.furniture {
        if lines.contains(&squash(f)) {
            writeln!(out, "furniture shown: {f}").unwrap();
        }
    }
    writeln!(
        out,
        "title: {:?} (expected {:?})",
        outline.title, expected.title
    )
    .unwrap();
    let mut found = Vec::new();
    flatten(&outline.sections, &mut found);
    for (level, title) in &found {
        writeln!(out, "section found {level} {title}").unwrap();
    }
    for e in &expected.sections {
        writeln!(out, "section expected {} {}", e.level, e.title).unwrap();
    }
    for note in &expected.notes {
        let got: Vec<&str> = notes
            .references
            .iter()
            .filter(|r| r.number.to_string() == note.number)
            .filter_map(|r| r.note.as_deref())
            .collect();
        if !got.iter().any(|g| squash(g) == squash(&note.text)) {
            writeln!(
                out,
                "note {}: expected {:?}, got {got:?}",
                note.number, note.text
            )
            .unwrap();
        }
    }
    out
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus")
}

fn articles() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/data/corpus exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.join("expected.json").is_file() && p.join("article.txt").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn pct(part: usize, whole: usize) -> String {
    if whole == 0 {
        "    -".to_string()
    } else {
        format!("{:5.1}", 100.0 * ratio(part, whole))
    }
}

#[test]
fn corpus_articles_are_shown_faithfully() {
    let dirs = articles();
    assert!(dirs.len() >= 10, "the corpus has {} articles", dirs.len());
    let paths: Vec<String> = dirs
        .iter()
        .map(|d| d.join("article.txt").to_string_lossy().into_owned())
        .collect();
    let path_args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let outlines: Vec<Outline> = serde_json::from_str(&recto(
        &[&["outline", "--json"][..], &path_args[..]].concat(),
    ))
    .expect("outline --json parses");
    let notes: Vec<NotesOut> =
        serde_json::from_str(&recto(&[&["notes", "--json"][..], &path_args[..]].concat()))
            .expect("notes --json parses");
    assert_eq!(outlines.len(), dirs.len());
    assert_eq!(notes.len(), dirs.len());

    let mut table = String::new();
    writeln!(
        table,
        "{:28} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6} {:>6} {:>6}",
        "article", "blocks", "words", "lists", "furn", "title", "secF1", "levels", "notes"
    )
    .unwrap();
    let mut total = Score::default();
    for (i, dir) in dirs.iter().enumerate() {
        let expected: Expected = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected.json")).expect("read expected.json"),
        )
        .expect("expected.json parses");
        let rendered = recto(&["render", "--width", "200", &paths[i]]);
        let s = score(&expected, &rendered, &outlines[i], &notes[i]);
        total.add(&s);
        let name = dir.file_name().unwrap().to_string_lossy();
        if std::env::var("RECTO_CORPUS_DETAIL").is_ok_and(|d| d == name || d == "all") {
            print!(
                "{}",
                detail(&name, &expected, &rendered, &outlines[i], &notes[i])
            );
        }
        writeln!(
            table,
            "{:28} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6.2} {:>6} {:>6}",
            name,
            pct(s.blocks_unchanged, s.blocks),
            pct(s.words_present, s.words),
            pct(s.listings_unchanged, s.listings),
            pct(s.furniture_shown, s.furniture),
            if s.title_right == 1 { "ok" } else { "WRONG" },
            s.sections_f1(),
            pct(s.levels_right, s.sections_matched),
            pct(s.notes_resolved, s.notes),
        )
        .unwrap();
    }
    writeln!(
        table,
        "{:28} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6.2} {:>6} {:>6}",
        "ALL",
        pct(total.blocks_unchanged, total.blocks),
        pct(total.words_present, total.words),
        pct(total.listings_unchanged, total.listings),
        pct(total.furniture_shown, total.furniture),
        format!("{}/{}", total.title_right, dirs.len()),
        total.sections_f1(),
        pct(total.levels_right, total.sections_matched),
        pct(total.notes_resolved, total.notes),
    )
    .unwrap();
    println!(
        "blocks: body blocks shown unchanged (whitespace aside), words: body words shown, \
         lists: code listings unchanged, furn: page-furniture lines shown as text, \
         levels: matched headings at the right level, notes: notes resolved to their text\n{table}"
    );

    let blocks = ratio(total.blocks_unchanged, total.blocks);
    let words = ratio(total.words_present, total.words);
    let furniture = ratio(total.furniture_shown, total.furniture);
    let titles = ratio(total.title_right, dirs.len());
    let notes_resolved = ratio(total.notes_resolved, total.notes);
    let mut failures = Vec::new();
    if blocks < FLOORS.blocks_unchanged {
        failures.push(format!(
            "blocks unchanged {blocks:.4} < {}",
            FLOORS.blocks_unchanged
        ));
    }
    if words < FLOORS.words_present {
        failures.push(format!(
            "words present {words:.4} < {}",
            FLOORS.words_present
        ));
    }
    if furniture > FLOORS.furniture_shown_max {
        failures.push(format!(
            "furniture shown {furniture:.4} > {}",
            FLOORS.furniture_shown_max
        ));
    }
    if titles < FLOORS.titles_right {
        failures.push(format!(
            "titles right {titles:.4} < {}",
            FLOORS.titles_right
        ));
    }
    if total.sections_f1() < FLOORS.sections_f1 {
        failures.push(format!(
            "sections F1 {:.4} < {}",
            total.sections_f1(),
            FLOORS.sections_f1
        ));
    }
    if notes_resolved < FLOORS.notes_resolved {
        failures.push(format!(
            "notes resolved {notes_resolved:.4} < {}",
            FLOORS.notes_resolved
        ));
    }
    assert!(
        failures.is_empty(),
        "corpus regressed:\n{}\n{table}",
        failures.join("\n")
    );
}

#[test]
fn note_markers_are_taken_out_only_when_they_hold_a_number() {
    assert_eq!(
        without_note_markers("cooperation.[85] The"),
        "cooperation. The"
    );
    assert_eq!(without_note_markers("array[i] and [a]"), "array[i] and [a]");
    assert_eq!(without_note_markers("x[12"), "x[12");
}
