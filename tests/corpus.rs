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
//!
//! The same expectations are measured twice: on `article.txt` (the page flattened to
//! scraped text, read by the plain-text parser) and on `source.html` (the raw page, read
//! by the HTML reader), each with its own floors. `RECTO_CORPUS_DETAIL=<name|all>`
//! prints what went wrong per article.

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
    /// Code listings shown line for line with their indentation.
    listings_verbatim: f64,
    /// A ceiling: the share of page-furniture lines shown as text.
    furniture_shown_max: f64,
    titles_right: f64,
    sections_f1: f64,
    notes_resolved: f64,
}

const FLOORS: Floors = Floors {
    blocks_unchanged: 0.97,
    words_present: 0.998,
    listings_verbatim: 0.50,
    furniture_shown_max: 0.35,
    titles_right: 0.55,
    sections_f1: 0.61,
    notes_resolved: 0.85,
};

/// Floors for the raw pages read as HTML (`recto render source.html`), just below today's.
const FLOORS_HTML: Floors = Floors {
    blocks_unchanged: 0.93,
    words_present: 0.955,
    listings_verbatim: 0.93,
    furniture_shown_max: 0.02,
    titles_right: 0.86,
    sections_f1: 0.87,
    notes_resolved: 0.46,
};

#[derive(Deserialize)]
struct Expected {
    title: String,
    /// Other lines a careful reader could equally take for the title (hand-checked).
    #[serde(default)]
    title_also: Vec<String>,
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
    listings_verbatim: usize,
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
        self.listings_verbatim += o.listings_verbatim;
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

/// Whitespace collapsed to single spaces: wrapping and indentation aside. Invisible
/// format characters (bidi marks, zero-width spaces, soft hyphens, BOM) are left out:
/// the reader may drop them when it sanitises text, and no reader can see them.
fn squash(text: &str) -> String {
    let visible: String = text.chars().filter(|&c| !invisible_format(c)).collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
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

/// Tabs as the spaces they stand for (stops every 8 columns), so that a listing's
/// tab-indented line and a reader that expands tabs compare equal.
fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let pad = 8 - column % 8;
            out.extend(std::iter::repeat_n(' ', pad));
            column += pad;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out.trim_end().to_string()
}

/// A listing shown line for line as written, indentation included: its lines are
/// consecutive display lines, all shifted right by the same margin (the reader may
/// indent a listing as a whole, never re-indent or re-wrap its lines).
fn shown_verbatim(listing: &str, display: &[String]) -> bool {
    let lines: Vec<String> = listing.lines().map(expand_tabs).collect();
    let Some(first) = lines.first() else {
        return true;
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    (0..display.len()).any(|start| {
        let head = &display[start];
        if head.trim_start() != first.trim_start() || indent(head) < indent(first) {
            return false;
        }
        let margin = " ".repeat(indent(head) - indent(first));
        lines.iter().enumerate().all(|(k, line)| {
            display.get(start + k).is_some_and(|shown| {
                if line.is_empty() {
                    shown.trim().is_empty()
                } else {
                    *shown == format!("{margin}{line}")
                }
            })
        })
    })
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
    // "12. Item" or "12) Item": an ordered list's number
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let line = match line.get(digits..digits + 2) {
        Some(". " | ") ") if digits > 0 => &line[digits + 2..],
        _ => line,
    };
    squash(line)
}

/// Every display line, as written and without its bullet or number, for telling
/// whether a given line is shown.
fn line_set(text: &str) -> std::collections::HashSet<String> {
    text.lines()
        .flat_map(|l| [squash(l), bare_line(l)])
        .collect()
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
    let display: Vec<String> = rendered.lines().map(expand_tabs).collect();
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
            s.listings_verbatim += usize::from(shown_verbatim(&block.text, &display));
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
    let lines = line_set(rendered);
    s.furniture = expected.furniture.len();
    s.furniture_shown = expected
        .furniture
        .iter()
        .filter(|f| lines.contains(&squash(f)))
        .count();
    let title = squash(&outline.title);
    s.title_right = usize::from(
        title == squash(&expected.title) || expected.title_also.iter().any(|t| squash(t) == title),
    );
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
            writeln!(
                out,
                "changed {}: {}",
                block.kind,
                divergence(&text, &shown_plain)
            )
            .unwrap();
        }
    }
    let lines = line_set(rendered);
    for f in &expected.furniture {
        if lines.contains(&squash(f)) {
            writeln!(out, "furniture shown: {f}").unwrap();
        }
    }
    writeln!(
        out,
        "title: {:?} (expected {:?}, or one of {:?})",
        outline.title, expected.title, expected.title_also
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

/// Where a block stops matching what is shown: the longest start of the block found
/// in the rendered text, then what the block goes on with and what the reader shows.
fn divergence(block: &str, shown: &str) -> String {
    let bounds: Vec<usize> = block
        .char_indices()
        .map(|(i, _)| i)
        .chain([block.len()])
        .collect();
    let (mut lo, mut hi) = (0, bounds.len() - 1);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if shown.contains(&block[..bounds[mid]]) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let kept = &block[..bounds[lo]];
    let at = shown.find(kept).unwrap_or(0) + kept.len();
    let tail = |s: &str| s.chars().take(50).collect::<String>();
    let head: String = kept
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!(
        "…{head} ⟦expected⟧ {} ⟦shown⟧ {}",
        tail(&block[kept.len()..]),
        if lo == 0 {
            String::from("(nothing)")
        } else {
            tail(&shown[at..])
        }
    )
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

/// Runs recto on every article's `input` file (`article.txt`, the flattened text, or
/// `source.html`, the raw page) and scores it against the article's expectations:
/// the corpus totals, the number of articles, and the printed table.
fn measure(input: &str) -> (Score, usize, String) {
    let dirs = articles();
    assert!(dirs.len() >= 25, "the corpus has {} articles", dirs.len());
    let paths: Vec<String> = dirs
        .iter()
        .map(|d| d.join(input).to_string_lossy().into_owned())
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
    // a few renders at a time: the machine has few cores, the test should not wait on one
    let rendered: Vec<String> = paths
        .chunks(4)
        .flat_map(|chunk| {
            std::thread::scope(|scope| {
                let running: Vec<_> = chunk
                    .iter()
                    .map(|path| scope.spawn(move || recto(&["render", "--width", "200", path])))
                    .collect();
                running
                    .into_iter()
                    .map(|r| r.join().expect("render thread"))
                    .collect::<Vec<_>>()
            })
        })
        .collect();

    let mut table = String::new();
    writeln!(
        table,
        "{:28} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6} {:>6} {:>6}",
        "article",
        "blocks",
        "words",
        "lists",
        "verbat",
        "furn",
        "title",
        "secF1",
        "levels",
        "notes"
    )
    .unwrap();
    let mut total = Score::default();
    for (i, dir) in dirs.iter().enumerate() {
        let expected: Expected = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected.json")).expect("read expected.json"),
        )
        .expect("expected.json parses");
        let rendered = &rendered[i];
        let s = score(&expected, rendered, &outlines[i], &notes[i]);
        total.add(&s);
        let name = dir.file_name().unwrap().to_string_lossy();
        if std::env::var("RECTO_CORPUS_DETAIL").is_ok_and(|d| d == name || d == "all") {
            print!(
                "{}",
                detail(&name, &expected, rendered, &outlines[i], &notes[i])
            );
        }
        writeln!(
            table,
            "{:28} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6.2} {:>6} {:>6}",
            name,
            pct(s.blocks_unchanged, s.blocks),
            pct(s.words_present, s.words),
            pct(s.listings_unchanged, s.listings),
            pct(s.listings_verbatim, s.listings),
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
        "{:28} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>6.2} {:>6} {:>6}",
        "ALL",
        pct(total.blocks_unchanged, total.blocks),
        pct(total.words_present, total.words),
        pct(total.listings_unchanged, total.listings),
        pct(total.listings_verbatim, total.listings),
        pct(total.furniture_shown, total.furniture),
        format!("{}/{}", total.title_right, dirs.len()),
        total.sections_f1(),
        pct(total.levels_right, total.sections_matched),
        pct(total.notes_resolved, total.notes),
    )
    .unwrap();
    println!(
        "{input}\nblocks: body blocks shown unchanged (whitespace aside), words: body words shown, \
         lists: code listings unchanged, verbat: listings shown line for line with their \
         indentation, furn: page-furniture lines shown as text, \
         levels: matched headings at the right level, notes: notes resolved to their text\n{table}"
    );
    (total, dirs.len(), table)
}

/// The floors that `total` must reach; a failure names each figure that fell.
fn check_floors(floors: &Floors, total: &Score, articles: usize, table: &str) {
    let blocks = ratio(total.blocks_unchanged, total.blocks);
    let words = ratio(total.words_present, total.words);
    let furniture = ratio(total.furniture_shown, total.furniture);
    let titles = ratio(total.title_right, articles);
    let notes_resolved = ratio(total.notes_resolved, total.notes);
    let mut failures = Vec::new();
    if blocks < floors.blocks_unchanged {
        failures.push(format!(
            "blocks unchanged {blocks:.4} < {}",
            floors.blocks_unchanged
        ));
    }
    if words < floors.words_present {
        failures.push(format!(
            "words present {words:.4} < {}",
            floors.words_present
        ));
    }
    let verbatim = ratio(total.listings_verbatim, total.listings);
    if verbatim < floors.listings_verbatim {
        failures.push(format!(
            "listings verbatim {verbatim:.4} < {}",
            floors.listings_verbatim
        ));
    }
    if furniture > floors.furniture_shown_max {
        failures.push(format!(
            "furniture shown {furniture:.4} > {}",
            floors.furniture_shown_max
        ));
    }
    if titles < floors.titles_right {
        failures.push(format!(
            "titles right {titles:.4} < {}",
            floors.titles_right
        ));
    }
    if total.sections_f1() < floors.sections_f1 {
        failures.push(format!(
            "sections F1 {:.4} < {}",
            total.sections_f1(),
            floors.sections_f1
        ));
    }
    if notes_resolved < floors.notes_resolved {
        failures.push(format!(
            "notes resolved {notes_resolved:.4} < {}",
            floors.notes_resolved
        ));
    }
    assert!(
        failures.is_empty(),
        "corpus regressed:\n{}\n{table}",
        failures.join("\n")
    );
}

#[test]
fn corpus_articles_are_shown_faithfully() {
    let (total, articles, table) = measure("article.txt");
    check_floors(&FLOORS, &total, articles, &table);
}

/// The same expectations on the raw pages, read as HTML: the article found in the page,
/// its notes and headings from the markup.
#[test]
fn corpus_raw_pages_are_shown_faithfully() {
    let (total, articles, table) = measure("source.html");
    check_floors(&FLOORS_HTML, &total, articles, &table);
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

/// The corpus data hold together: each article has a recorded origin and a note of
/// what was checked by hand, and its expectations describe its own text (the title
/// and every furniture line are lines of it, every body block's words and every
/// note are in it). Guards against an edited article.txt or expected.json drifting
/// apart, which would make the figures above meaningless.
#[test]
fn corpus_expectations_describe_their_article() {
    let manifest: HashMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(corpus_dir().join("manifest.json")).expect("read manifest.json"),
    )
    .expect("manifest.json parses");
    for dir in articles() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let entry = manifest
            .get(&name)
            .unwrap_or_else(|| panic!("{name}: not in manifest.json"));
        assert!(
            entry["source"]["licence"].is_string(),
            "{name}: no licence recorded"
        );
        assert!(
            entry["checked"].as_str().is_some_and(|c| !c.is_empty()),
            "{name}: nothing recorded as checked by hand"
        );
        assert!(
            dir.join("source.html").is_file(),
            "{name}: raw source missing"
        );
        let text = std::fs::read_to_string(dir.join("article.txt")).expect("read article.txt");
        let expected: Expected = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected.json")).expect("read expected.json"),
        )
        .expect("expected.json parses");
        let lines = line_set(&text);
        assert!(!expected.title.is_empty(), "{name}: no title");
        assert!(
            lines.contains(&squash(&expected.title)),
            "{name}: the title {:?} is not a line of the article",
            expected.title
        );
        for f in &expected.furniture {
            assert!(
                lines.contains(&squash(f)),
                "{name}: furniture {f:?} is not a line"
            );
        }
        assert!(
            expected.body.len() >= 10,
            "{name}: fewer than 10 body blocks"
        );
        let flat = squash(&text);
        // a glued note number joins the word before it ("ld.so.conf5"), and a pasted
        // note's text the word after it ("powers1Since")
        let mut unglued = flat.clone();
        for note in &expected.notes {
            unglued = unglued.replace(&squash(&note.text), " ");
        }
        let present: std::collections::HashSet<&str> = words(&unglued)
            .flat_map(|w| {
                let digits = w.len() - w.trim_end_matches(|c: char| c.is_ascii_digit()).len();
                (0..=digits).map(move |cut| &w[..w.len() - cut])
            })
            .collect();
        for block in &expected.body {
            if let Some(w) = words(&block.text).find(|w| !present.contains(w)) {
                panic!("{name}: body word {w:?} is not in the article");
            }
        }
        for note in &expected.notes {
            assert!(
                flat.contains(&squash(&note.text)),
                "{name}: note {} is not in the article",
                note.number
            );
        }
    }
}

#[test]
fn a_listing_counts_as_verbatim_only_with_its_own_lines_and_indentation() {
    let listing = "fn main() {\n    println!(\"hi\");\n\n}";
    let shown = |lines: &[&str]| lines.iter().map(|l| expand_tabs(l)).collect::<Vec<_>>();
    let margin = shown(&[
        "text",
        "  fn main() {",
        "      println!(\"hi\");",
        "",
        "  }",
    ]);
    assert!(
        shown_verbatim(listing, &margin),
        "a margin for the whole listing is fine"
    );
    let flattened = shown(&["fn main() {", "println!(\"hi\");", "", "}"]);
    assert!(!shown_verbatim(listing, &flattened), "lost indentation");
    let spaced = shown(&["fn main() {", "", "    println!(\"hi\");", "", "}"]);
    assert!(
        !shown_verbatim(listing, &spaced),
        "a blank line put between its lines"
    );
    assert_eq!(bare_line("  • Home"), "Home");
    assert_eq!(bare_line("12. Contact us"), "Contact us");
    assert_eq!(squash("a\u{200F}b  c"), "ab c");
}
