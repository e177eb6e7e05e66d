//! The non-interactive subcommands (`outline`, `notes`, `render`): they read the core
//! directly and print text or JSON.
//!
//! Each subcommand writes its result to `out` and its diagnostics to `err`, and returns
//! whether every file could be read (`Ok(false)` means some file failed: exit code 1).
//! An `Err` is a failed write to `out` (a closed pipe, a full disk); the binary decides what
//! to do with it. Nothing here parses the command line, touches the terminal mode or writes
//! control sequences: document text is sanitised by `ingest`, and only that text, our own
//! words and JSON are printed.

use crate::document::{BlockKind, Document, render_with_refs};
use crate::layout::{LineKind, layout_shown, shown, visible_blocks};
use serde::Serialize;
use std::io::{self, Write};
use std::path::PathBuf;

/// Width used by `render` when stdout is not a terminal.
pub const DEFAULT_WIDTH: u16 = 80;

/// The width `render` uses by default: the terminal's when stdout is one, else 80.
pub fn default_width() -> u16 {
    use std::io::IsTerminal;
    if io::stdout().is_terminal() {
        match crossterm::terminal::size() {
            Ok((columns, _)) if columns > 0 => return columns,
            _ => {}
        }
    }
    DEFAULT_WIDTH
}

/// Calls `each` with every document: the files in `paths`, or the bundled articles when
/// there are none. A file that cannot be read is reported on `err` in one line and
/// skipped. Returns whether every file was read.
fn for_each_document(
    paths: &[PathBuf],
    err: &mut dyn Write,
    mut each: impl FnMut(&Document, &mut dyn Write) -> io::Result<()>,
) -> io::Result<bool> {
    if paths.is_empty() {
        for doc in crate::library::bundled_documents() {
            report_warnings(&doc, err);
            each(&doc, err)?;
        }
        return Ok(true);
    }
    let mut all_read = true;
    for path in paths {
        match crate::ingest::load(path) {
            Ok(doc) => {
                report_warnings(&doc, err);
                each(&doc, err)?;
            }
            Err(e) => {
                all_read = false;
                let _ = writeln!(err, "recto: {e}");
            }
        }
    }
    Ok(all_read)
}

/// What the parser had to say about a file (decoding, unresolved references, …).
fn report_warnings(doc: &Document, err: &mut dyn Write) {
    for warning in &doc.warnings {
        // A closed stderr is no reason to stop.
        let _ = writeln!(err, "recto: {}: warning: {warning}", doc.path);
    }
}

/// One section of `recto outline --json`.
#[derive(Debug, Serialize)]
pub struct OutlineSection {
    pub level: u8,
    pub title: String,
    pub children: Vec<OutlineSection>,
}

/// One document of `recto outline --json`.
#[derive(Debug, Serialize)]
pub struct Outline {
    pub path: String,
    pub title: String,
    pub sections: Vec<OutlineSection>,
}

/// The section tree of `doc`. A parent link that does not point back to an earlier
/// section (which the parser never produces) makes a top-level section, so this is always
/// a tree.
pub fn outline_of(doc: &Document) -> Outline {
    let n = doc.sections.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, s) in doc.sections.iter().enumerate() {
        match s.parent {
            Some(p) if p < i => children[p].push(i),
            _ => roots.push(i),
        }
    }
    // Built bottom-up (children always come after their parent), so no recursion.
    let mut built: Vec<Option<OutlineSection>> = (0..n).map(|_| None).collect();
    for i in (0..n).rev() {
        let s = &doc.sections[i];
        built[i] = Some(OutlineSection {
            level: s.level,
            title: s.title.clone(),
            children: children[i]
                .iter()
                .filter_map(|&c| built[c].take())
                .collect(),
        });
    }
    Outline {
        path: doc.path.clone(),
        title: doc.title().to_string(),
        sections: roots.iter().filter_map(|&r| built[r].take()).collect(),
    }
}

fn write_outline_sections(
    out: &mut dyn Write,
    sections: &[OutlineSection],
    depth: usize,
) -> io::Result<()> {
    // Depth-first with an explicit stack: deep trees cannot overflow the call stack.
    let mut stack: Vec<(&OutlineSection, usize)> =
        sections.iter().rev().map(|s| (s, depth)).collect();
    while let Some((s, d)) = stack.pop() {
        writeln!(out, "{:indent$}{}", "", s.title, indent = 2 * d)?;
        stack.extend(s.children.iter().rev().map(|c| (c, d + 1)));
    }
    Ok(())
}

/// `recto outline [--json] [FILE...]`: each document's title and section tree.
pub fn outline(
    paths: &[PathBuf],
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    report_each(paths, json, out, err, outline_of, |out, outline| {
        writeln!(out, "{}  [{}]", outline.title, outline.path)?;
        if outline.sections.is_empty() {
            writeln!(out, "  (no sections)")?;
        }
        write_outline_sections(out, &outline.sections, 1)
    })
}

/// A report per document: all of them as one JSON array, or each as text, with a blank
/// line between documents.
fn report_each<T: Serialize>(
    paths: &[PathBuf],
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
    make: impl Fn(&Document) -> T,
    mut write_text: impl FnMut(&mut dyn Write, &T) -> io::Result<()>,
) -> io::Result<bool> {
    let mut all = Vec::new();
    let mut first = true;
    let ok = for_each_document(paths, err, |doc, _| {
        let report = make(doc);
        if json {
            all.push(report);
            return Ok(());
        }
        if !first {
            writeln!(out)?;
        }
        first = false;
        write_text(out, &report)
    })?;
    if json {
        write_json(out, &all)?;
    }
    Ok(ok)
}

/// One reference of `recto notes --json`.
#[derive(Debug, Serialize)]
pub struct ReferenceEntry {
    pub number: u32,
    /// The sentence the reference stands in, with references written as `[n]`; the whole
    /// block when the reference is outside every sentence.
    pub sentence: String,
    /// The note's text; `null` when no note has this number.
    pub note: Option<String>,
}

/// One document of `recto notes --json`.
#[derive(Debug, Serialize)]
pub struct NotesReport {
    pub path: String,
    pub title: String,
    /// Every reference in reading order (chrome excluded).
    pub references: Vec<ReferenceEntry>,
    /// Numbers of references that resolve to no note, in reading order, each once.
    pub unresolved: Vec<u32>,
    /// Numbers of notes that no reference points to, in list order.
    pub unreferenced: Vec<u32>,
}

/// Every reference of `doc` with its sentence and note, and what does not match up.
pub fn notes_of(doc: &Document) -> NotesReport {
    let mut references = Vec::new();
    let mut unresolved: Vec<u32> = Vec::new();
    let mut unresolved_seen = std::collections::HashSet::new();
    let mut referenced = vec![false; doc.notes.len()];
    let mut sentences = SentenceFinder::new(doc);
    for loc in doc.references() {
        let r = loc.note_ref;
        let note = r.note.and_then(|i| doc.notes.get(i).map(|n| (i, n)));
        match note {
            Some((i, _)) => referenced[i] = true,
            None => {
                if unresolved_seen.insert(r.number) {
                    unresolved.push(r.number);
                }
            }
        }
        references.push(ReferenceEntry {
            number: r.number,
            sentence: sentences.rendered(loc.block, r.offset),
            note: note.map(|(_, n)| n.text.clone()),
        });
    }
    let unreferenced = doc
        .notes
        .iter()
        .zip(&referenced)
        .filter(|(_, seen)| !**seen)
        .map(|(n, _)| n.number)
        .collect();
    NotesReport {
        path: doc.path.clone(),
        title: doc.title().to_string(),
        references,
        unresolved,
        unreferenced,
    }
}

/// The rendered sentence around each reference, for references visited in reading order:
/// a cursor over the sentences and the references of the current block keeps the whole
/// walk linear even for a huge block.
struct SentenceFinder<'a> {
    doc: &'a Document,
    block: usize,
    /// Whether the current block's references ascend by offset (the parser makes them so).
    refs_sorted: bool,
    next_sentence: usize,
    /// The last sentence rendered: neighbouring references often share one.
    last: Option<(usize, String)>,
}

impl<'a> SentenceFinder<'a> {
    fn new(doc: &'a Document) -> Self {
        SentenceFinder {
            doc,
            block: usize::MAX,
            refs_sorted: true,
            next_sentence: 0,
            last: None,
        }
    }

    /// The sentence of `block` around `offset`, with references written as `[n]`, or the
    /// whole block when the reference stands outside every sentence.
    fn rendered(&mut self, block: usize, offset: usize) -> String {
        let doc = self.doc;
        let b = &doc.blocks[block];
        if block != self.block {
            self.block = block;
            self.refs_sorted = b.refs.is_sorted_by_key(|r| r.offset);
            self.next_sentence = doc.sentences.partition_point(|s| s.block < block);
        }
        let id = if self.refs_sorted {
            // A reference belongs to the sentence it ends or stands in.
            while doc
                .sentences
                .get(self.next_sentence)
                .is_some_and(|s| s.block == block && s.range.end < offset)
            {
                self.next_sentence += 1;
            }
            doc.sentences
                .get(self.next_sentence)
                .filter(|s| s.block == block && s.range.start <= offset)
                .map(|_| self.next_sentence)
        } else {
            doc.sentence_at(block, offset)
        };
        let Some(id) = id else {
            return render_with_refs(&b.text, b.refs.iter().map(|r| (r.offset, r.number)));
        };
        if let Some((last_id, text)) = &self.last
            && *last_id == id
        {
            return text.clone();
        }
        let text = if self.refs_sorted {
            let s = &doc.sentences[id];
            let lo = b.refs.partition_point(|r| r.offset <= s.range.start);
            let hi = b.refs.partition_point(|r| r.offset <= s.range.end);
            render_with_refs(
                &b.text[s.range.clone()],
                b.refs[lo..hi]
                    .iter()
                    .map(|r| (r.offset - s.range.start, r.number)),
            )
        } else {
            doc.sentence_rendered(id)
        };
        self.last = Some((id, text.clone()));
        text
    }
}

fn join_numbers(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `recto notes [--json] [FILE...]`: every reference with its sentence and note.
pub fn notes(
    paths: &[PathBuf],
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    report_each(paths, json, out, err, notes_of, |out, report| {
        writeln!(out, "{}  [{}]", report.title, report.path)?;
        if report.references.is_empty() {
            writeln!(out, "  (no references)")?;
        }
        for r in &report.references {
            writeln!(out)?;
            writeln!(out, "[{}] {}", r.number, r.sentence)?;
            match &r.note {
                Some(note) => writeln!(out, "    note: {note}")?,
                None => writeln!(out, "    note: (no note numbered {})", r.number)?,
            }
        }
        if !report.unresolved.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "unresolved references: {}",
                join_numbers(&report.unresolved)
            )?;
        }
        if !report.unreferenced.is_empty() {
            writeln!(out)?;
            writeln!(
                out,
                "notes never referenced: {}",
                join_numbers(&report.unreferenced)
            )?;
        }
        Ok(())
    })
}

/// `recto render [--width N] [--chrome] FILE`: the document as the reader lays it out,
/// as plain text.
pub fn render(
    path: &std::path::Path,
    width: u16,
    show_chrome: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    for_each_document(std::slice::from_ref(&path.to_path_buf()), err, |doc, _| {
        write_rendered(doc, width, show_chrome, out)
    })
}

/// Writes the layout of `doc` as plain text, without blank lines at the start or the end.
/// A document without a title line starts with the title the parser made for it (as the
/// reader shows it in the pane's frame). Hidden chrome shows as one fold line per run
/// ("⋯ 6 lines of page furniture"), so nothing is left out without a word.
pub fn write_rendered(
    doc: &Document,
    width: u16,
    show_chrome: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    // Block by block, so a huge document is never laid out whole in memory.
    let mut wrote_text = false;
    let mut blanks_pending = 0;
    let has_title_block = doc.blocks.iter().any(|b| b.kind == BlockKind::Title);
    // A document that is one short line ("Hi") is titled by that line: it is shown once.
    let title_is_text = visible_blocks(doc, show_chrome)
        .next()
        .is_some_and(|b| doc.blocks[b].text == doc.meta.title);
    if !has_title_block && !title_is_text && !doc.meta.title.is_empty() {
        for line in textwrap::wrap(&doc.meta.title, usize::from(width.max(1))) {
            writeln!(out, "{line}")?;
        }
        wrote_text = true;
        blanks_pending = 1;
    }
    for item in shown(doc, show_chrome) {
        for line in layout_shown(doc, &item, width) {
            if line.kind == LineKind::Blank {
                blanks_pending += 1;
                continue;
            }
            if wrote_text {
                for _ in 0..blanks_pending {
                    writeln!(out)?;
                }
            }
            blanks_pending = 0;
            wrote_text = true;
            for span in &line.spans {
                out.write_all(span.text.as_bytes())?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, BlockKind, Note, NoteRef, Section};

    fn doc() -> Document {
        let mut doc = crate::ingest::parse_bytes(
            "t.txt",
            b"A title\n\nFirst sentence here. Deaths rose in 2024. Then more.\n",
        )
        .expect("text");
        // Whatever the parser made of this tiny text, the first line is the title here.
        doc.blocks[0].kind = BlockKind::Title;
        doc.meta.title = doc.blocks[0].text.clone();
        // A reference after "2024." to note 1, one to a missing note 9.
        let b = doc
            .blocks
            .iter()
            .position(|b| b.text.starts_with("First"))
            .expect("body block");
        let offset = doc.blocks[b].text.find("2024.").expect("year") + 5;
        doc.blocks[b].refs = vec![
            NoteRef {
                offset,
                number: 1,
                note: Some(0),
            },
            NoteRef {
                offset: doc.blocks[b].text.len(),
                number: 9,
                note: None,
            },
        ];
        doc.notes = vec![
            Note {
                number: 1,
                text: "CDC data.".into(),
                block: b,
            },
            Note {
                number: 2,
                text: "Never cited.".into(),
                block: b,
            },
        ];
        doc
    }

    #[test]
    fn notes_report_sentences_notes_and_mismatches() {
        let report = notes_of(&doc());
        assert_eq!(report.references.len(), 2);
        assert_eq!(report.references[0].number, 1);
        assert_eq!(report.references[0].sentence, "Deaths rose in 2024.[1]");
        assert_eq!(report.references[0].note.as_deref(), Some("CDC data."));
        assert_eq!(report.references[1].sentence, "Then more.[9]");
        assert_eq!(report.references[1].note, None);
        assert_eq!(report.unresolved, [9]);
        assert_eq!(report.unreferenced, [2]);
    }

    #[test]
    fn the_linear_sentence_walk_agrees_with_the_model() {
        for doc in crate::library::bundled_documents() {
            let report = notes_of(&doc);
            let expected: Vec<String> = doc
                .references()
                .map(
                    |loc| match doc.sentence_at(loc.block, loc.note_ref.offset) {
                        Some(id) => doc.sentence_rendered(id),
                        None => {
                            let b = &doc.blocks[loc.block];
                            render_with_refs(&b.text, b.refs.iter().map(|r| (r.offset, r.number)))
                        }
                    },
                )
                .collect();
            let got: Vec<&str> = report
                .references
                .iter()
                .map(|r| r.sentence.as_str())
                .collect();
            assert_eq!(got, expected, "{}", doc.path);
        }
    }

    #[test]
    fn outline_builds_a_tree_from_parent_links() {
        let mut doc = Document::default();
        for (title, level, parent) in [
            ("A", 1, None),
            ("A.1", 2, Some(0)),
            ("A.2", 2, Some(0)),
            ("B", 1, None),
            // A bad forward link is made top-level rather than looping.
            ("C", 2, Some(7)),
        ] {
            doc.blocks.push(Block::new(
                BlockKind::Heading {
                    level,
                    section: doc.sections.len(),
                },
                title,
            ));
            doc.sections.push(Section {
                title: title.into(),
                level,
                block: doc.blocks.len() - 1,
                parent,
            });
        }
        let outline = outline_of(&doc);
        let top: Vec<_> = outline.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(top, ["A", "B", "C"]);
        let kids: Vec<_> = outline.sections[0]
            .children
            .iter()
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(kids, ["A.1", "A.2"]);
        let mut text = Vec::new();
        write_outline_sections(&mut text, &outline.sections, 1).expect("write");
        assert_eq!(
            String::from_utf8(text).expect("utf8"),
            "  A\n    A.1\n    A.2\n  B\n  C\n"
        );
    }

    #[test]
    fn render_trims_blank_edges_and_keeps_references() {
        let mut text = Vec::new();
        write_rendered(&doc(), 30, false, &mut text).expect("write");
        let text = String::from_utf8(text).expect("utf8");
        assert!(text.starts_with("A title\n\n"), "{text}");
        assert!(text.contains("2024.[1]"), "{text}");
        assert!(text.ends_with("more.[9]\n"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 30));
    }
}
