//! Stage "notes and references", part one: finds the page's notes list and reads its
//! entries, joining the lines of an entry; and, once the blocks are built, resolves each
//! reference to its note and warns about the ones that resolve to nothing. Finding
//! references in the text is `crate::notes`; this module does not touch body text.
//!
//! A notes list is either under a notes heading ("Notes", "Footnotes") or, without one,
//! a run of numbered entries ("[3] text", "• 3" over its text, "3. text") whose numbers
//! follow one another through the page and which the text cites before them: the
//! footnotes a documentation page prints at the end, or after each section.

use super::shapes::{body_like, is_chrome_line, is_footer_line, starts_with_ci, tail_marker};
use super::{Para, Role};
use crate::document::Document;
use crate::notes::{self, EntryStart};
use std::collections::{HashMap, HashSet};

/// The page's notes list: its heading, its entries, and which paragraphs they span.
pub(super) struct NotesList {
    /// The paragraph of the notes heading ("Notes", "References"), if it has one.
    heading: Option<usize>,
    /// The first paragraph of the list that closes the page (its heading, or its first
    /// entry): where the body ends. The number of paragraphs when the notes stand
    /// between sections and text follows the last of them.
    start: usize,
    /// One past the last paragraph of the list that closes the page.
    end: usize,
    /// Whether what follows `end` is the page's end matter (never when text follows).
    closes_page: bool,
    /// Paragraphs of text between the heading and the first entry ("This document was
    /// reviewed by …"): the author's, shown as text.
    lead_in: usize,
    /// For each paragraph of an entry (its first line and its continuation lines), the
    /// last entry it holds (a line may hold several entries run together).
    entry_of: HashMap<usize, usize>,
    pub(super) entries: Vec<notes::RawNote>,
}

impl NotesList {
    /// Where the article's body ends: the heading or first entry of the closing list.
    pub(super) fn body_end(&self) -> usize {
        self.start
    }

    /// One past the closing list, when what follows it is the page's end matter.
    pub(super) fn tail_start(&self) -> Option<usize> {
        self.closes_page.then_some(self.end)
    }

    /// The last entry held by paragraph `para`, if it is part of the notes list.
    pub(super) fn entry_at(&self, para: usize) -> Option<usize> {
        self.entry_of.get(&para).copied()
    }

    /// Gives the list's paragraphs their roles: the heading, the entries (a continuation
    /// line is an entry too: it was joined into one), and chrome between them.
    pub(super) fn mark(&self, roles: &mut [Role]) {
        if let Some(h) = self.heading {
            roles[h] = Role::Heading;
            for role in &mut roles[h + 1 + self.lead_in..self.end] {
                *role = Role::Chrome;
            }
        }
        for &i in self.entry_of.keys() {
            roles[i] = Role::NoteEntry;
        }
    }
}

/// The page's notes list: the last notes heading followed by numbered entries, or else
/// numbered entries without a heading that the text cites.
pub(super) fn find(paras: &[Para]) -> Option<NotesList> {
    paras
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, p)| notes::is_notes_heading(&p.text) && !p.code)
        .find_map(|(h, _)| read_notes_list(paras, h))
        .or_else(|| find_headless(paras))
}

fn read_notes_list(paras: &[Para], heading: usize) -> Option<NotesList> {
    let mut entries: Vec<notes::RawNote> = Vec::new();
    let mut entry_of = HashMap::new();
    let mut awaiting_text = false;
    let mut entry_indent = 0;
    let mut end = heading + 1;
    let mut lead_in = 0;
    for (i, p) in paras.iter().enumerate().skip(heading + 1) {
        if p.code {
            break;
        }
        let expected = entries.last().map_or(1, |e| e.number.saturating_add(1));
        let raw_start = notes::entry_start(&p.text, expected);
        // A number far past the numbering, even set apart by a blank line, is the tail
        // of the entry before it.
        let out_of_sequence = raw_start
            .as_ref()
            .is_some_and(|s| breaks_numbering(s, entries.last()));
        let start = raw_start.filter(|_| !out_of_sequence);
        let continuation = match entries.last() {
            None => false,
            Some(_) if awaiting_text || out_of_sequence => true,
            Some(_) if p.blank_before => false,
            Some(_) if p.indent > entry_indent => true,
            Some(e) => start.is_none() && continues_entry(&e.text, p),
        };
        match start {
            Some(s)
                if !(awaiting_text
                    && matches!(s, EntryStart::Numbered(..) | EntryStart::Caret(_))) =>
            {
                let (number, text) = match s {
                    EntryStart::NumberOnly(n) => (n, String::new()),
                    EntryStart::Numbered(n, t) => (n, t),
                    EntryStart::Caret(t) => (expected, t),
                };
                awaiting_text = text.is_empty();
                entry_indent = p.indent;
                push_entry(&mut entries, number, &text);
            }
            _ if continuation => {
                join_line(&mut entries, &p.text);
                awaiting_text = false;
            }
            // A sentence or two before the first entry belongs to the section.
            _ if entries.is_empty() && lead_in < MAX_LEAD_IN && body_like(p) => {
                lead_in += 1;
                continue;
            }
            // The page's footer ("About us", "© 2024 …", "Retrieved from …") ends the list.
            _ => break,
        }
        entry_of.insert(i, entries.len() - 1);
        end = i + 1;
    }
    (!entries.is_empty()).then_some(NotesList {
        heading: Some(heading),
        start: heading,
        end,
        closes_page: true,
        lead_in,
        entry_of,
        entries,
    })
}

/// How many paragraphs of text may stand between a notes heading and its first entry.
const MAX_LEAD_IN: usize = 2;

/// Adds the entry `number` with `text`, and the entries a flattened page ran on after it
/// on the same line.
fn push_entry(entries: &mut Vec<notes::RawNote>, number: u32, text: &str) {
    let (head, more) = notes::split_run_on_entries(text, number.saturating_add(1));
    entries.push(notes::RawNote {
        number,
        text: head.to_string(),
    });
    entries.extend(more);
}

/// Joins a continuation line to the last entry (or splits off the entries run on in it).
fn join_line(entries: &mut Vec<notes::RawNote>, line: &str) {
    let Some(e) = entries.last_mut() else { return };
    let (head, more) = notes::split_run_on_entries(line, e.number.saturating_add(1));
    if !head.is_empty() {
        if !e.text.is_empty() {
            e.text.push(' ');
        }
        e.text.push_str(head);
    }
    entries.extend(more);
}

/// How a notes entry without a heading above it is written; each shape is followed on
/// its own, so that an ordered list in the text does not break a run of footnotes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// "[3] text" or "[3]" alone.
    Bracketed,
    /// "3" or "• 3" alone on its line, the text on the lines below.
    Label,
    /// "3. text": also how ordered lists are written, so it needs more evidence.
    Dotted,
}

struct Candidate {
    para: usize,
    number: u32,
    text: String,
    shape: Shape,
}

/// Numbered entries with no notes heading above them: for each shape, the longest run
/// whose numbers follow one another (n, n + 1, …) through the page, each entry before
/// the next; accepted when the text cites its numbers before the entries.
fn find_headless(paras: &[Para]) -> Option<NotesList> {
    let candidates: Vec<Candidate> = paras
        .iter()
        .enumerate()
        .filter_map(|(i, p)| candidate(paras, i, p))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let in_candidates: HashSet<usize> = candidates.iter().map(|c| c.para).collect();
    // Where each number is first cited in the text outside the candidates and listings.
    let mut first_cited: HashMap<u32, usize> = HashMap::new();
    for (i, p) in paras.iter().enumerate() {
        if p.code || in_candidates.contains(&i) {
            continue;
        }
        for n in notes::cited_numbers(&p.text) {
            first_cited.entry(n).or_insert(i);
        }
    }
    [Shape::Bracketed, Shape::Label, Shape::Dotted]
        .into_iter()
        .filter_map(|shape| {
            let is_cited =
                |c: &&Candidate| first_cited.get(&c.number).is_some_and(|&at| at < c.para);
            let mut run = longest_run(&candidates, shape);
            // Numbered lines the text never cites at either end of the run ("12. Next
            // chapter" in the page's navigation) are not notes.
            let first = run.iter().position(is_cited)?;
            let last = run.iter().rposition(is_cited)?;
            run.truncate(last + 1);
            run.drain(..first);
            let cited = run.iter().filter(|c| is_cited(c)).count();
            let enough = match shape {
                Shape::Bracketed | Shape::Label => cited >= 1 && cited * 2 >= run.len(),
                Shape::Dotted => run.len() >= 2 && cited * 5 >= run.len() * 4,
            };
            enough.then_some(run)
        })
        .max_by_key(Vec::len)
        .map(|run| read_headless(paras, &run))
}

/// A paragraph that can begin a notes entry without a heading, and its shape.
fn candidate(paras: &[Para], i: usize, p: &Para) -> Option<Candidate> {
    if p.code || p.listing {
        return None;
    }
    let text = p.text.trim();
    let bracketed = text.starts_with('[');
    // `u32::MAX` as the expected number: "12 text" (a bare number and a space) is any
    // line starting with a number, never an entry here.
    let (number, text, shape) = match notes::entry_start(text, u32::MAX)? {
        EntryStart::Numbered(n, t) if bracketed => (n, t, Shape::Bracketed),
        EntryStart::Numbered(n, t) => (n, t, Shape::Dotted),
        EntryStart::NumberOnly(n) => {
            // The text is on the next line, set in under the label or right below it.
            let next = paras.get(i + 1)?;
            let next_start = notes::entry_start(&next.text, u32::MAX);
            if next.code || next_start.is_some() || next.indent < p.indent {
                return None;
            }
            let shape = if bracketed {
                Shape::Bracketed
            } else {
                Shape::Label
            };
            (n, String::new(), shape)
        }
        EntryStart::Caret(_) => return None,
    };
    Some(Candidate {
        para: i,
        number,
        text,
        shape,
    })
}

/// The longest run of candidates of `shape` numbered n, n + 1, … in the page's order
/// (the latest such run when two are as long).
fn longest_run(candidates: &[Candidate], shape: Shape) -> Vec<&Candidate> {
    let of_shape: Vec<&Candidate> = candidates.iter().filter(|c| c.shape == shape).collect();
    // For each candidate, the length of the run it ends and the candidate before it.
    let mut run_len = vec![1usize; of_shape.len()];
    let mut before: Vec<Option<usize>> = vec![None; of_shape.len()];
    // The latest candidate seen with each number.
    let mut latest: HashMap<u32, usize> = HashMap::new();
    for (k, c) in of_shape.iter().enumerate() {
        if let Some(&j) = c.number.checked_sub(1).and_then(|p| latest.get(&p)) {
            run_len[k] = run_len[j] + 1;
            before[k] = Some(j);
        }
        latest.insert(c.number, k);
    }
    let Some(best) = (0..of_shape.len()).max_by_key(|&k| (run_len[k], k)) else {
        return Vec::new();
    };
    let mut run = Vec::new();
    let mut at = Some(best);
    while let Some(k) = at {
        run.push(of_shape[k]);
        at = before[k];
    }
    run.reverse();
    run
}

/// Reads the entries of a headless run with their continuation lines: the text under a
/// label, and lines set in deeper than the entry.
fn read_headless(paras: &[Para], run: &[&Candidate]) -> NotesList {
    let mut entries = Vec::new();
    let mut entry_of = HashMap::new();
    // The paragraphs of each entry, to find the group that closes the page.
    let mut spans = Vec::new();
    for c in run {
        push_entry(&mut entries, c.number, &c.text);
        entry_of.insert(c.para, entries.len() - 1);
        let mut awaiting_text = c.text.is_empty();
        let mut j = c.para + 1;
        while let Some(p) = paras.get(j) {
            let more = !p.code
                && notes::entry_start(&p.text, u32::MAX).is_none()
                && (awaiting_text || p.indent > paras[c.para].indent && !p.blank_before);
            if !more {
                break;
            }
            join_line(&mut entries, &p.text);
            entry_of.insert(j, entries.len() - 1);
            awaiting_text = false;
            j += 1;
        }
        spans.push((c.para, j));
    }
    // The entries that close the page: the last group with nothing else between them.
    let mut start = spans.last().map_or(paras.len(), |s| s.0);
    let end = spans.last().map_or(paras.len(), |s| s.1);
    for w in spans.windows(2).rev() {
        if w[0].1 != w[1].0 {
            break;
        }
        start = w[0].0;
    }
    let text_follows = paras[end..]
        .iter()
        .any(|p| body_like(p) && !p.code && !tail_marker(&p.text) && !is_footer_line(&p.text));
    NotesList {
        heading: None,
        start: if text_follows { paras.len() } else { start },
        end,
        closes_page: !text_follows,
        lead_in: 0,
        entry_of,
        entries,
    }
}

/// Whether an entry number cannot start a new entry after `last`: a year or a page number
/// that a line break left at the start of a line ("…, the Modern Lighthouse,", "2013.")
/// jumps far past the numbering.
fn breaks_numbering(start: &EntryStart, last: Option<&notes::RawNote>) -> bool {
    let n = match start {
        EntryStart::NumberOnly(n) | EntryStart::Numbered(n, _) => *n,
        EntryStart::Caret(_) => return false,
    };
    last.is_some_and(|l| n == 0 || n > l.number.saturating_add(20))
}

/// In a notes list without blank lines, whether line `p` continues the entry `prev`
/// rather than ending the list: it starts inside a sentence (lowercase, a URL), or the
/// entry is left open and `p` is not page furniture.
fn continues_entry(prev: &str, p: &Para) -> bool {
    let next = p.text.as_str();
    if tail_marker(next) && !next.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    let starts_inside = next.starts_with(|c: char| c.is_lowercase())
        || ["http://", "https://", "www.", "doi:"]
            .iter()
            .any(|s| starts_with_ci(next, s));
    let prev = prev.trim_end();
    if starts_inside || prev.ends_with([',', ';', ':', '-', '–', '—', '(', '/', '&']) {
        return true;
    }
    if is_chrome_line(p) || is_footer_line(next) {
        return false;
    }
    let closed = prev
        .trim_end_matches(['"', '”', '’', '\'', ')', ']'])
        .ends_with(['.', '!', '?', '…']);
    !closed
}

pub(super) fn resolve_refs(doc: &mut Document, note_index: &HashMap<u32, usize>) {
    let mut referenced = HashSet::new();
    let mut unresolved = Vec::new();
    for b in &mut doc.blocks {
        for r in &mut b.refs {
            r.note = note_index.get(&r.number).copied();
            match r.note {
                Some(n) => {
                    referenced.insert(n);
                }
                None => unresolved.push(r.number),
            }
        }
    }
    if !unresolved.is_empty() {
        doc.warnings.push(format!(
            "{} reference(s) resolve to no note: {}",
            unresolved.len(),
            join_numbers(&unresolved)
        ));
    }
    let unreferenced: Vec<u32> = doc
        .notes
        .iter()
        .enumerate()
        .filter(|(i, _)| !referenced.contains(i))
        .map(|(_, n)| n.number)
        .collect();
    if !unreferenced.is_empty() {
        doc.warnings.push(format!(
            "{} note(s) never referenced: {}",
            unreferenced.len(),
            join_numbers(&unreferenced)
        ));
    }
}

fn join_numbers(ns: &[u32]) -> String {
    ns.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::plain::lines::paragraphs;

    #[test]
    fn the_last_notes_heading_with_entries_and_its_continuation_lines() {
        let paras = paragraphs(
            "Body text that mentions notes in passing, as prose does.\n\nNotes\n\n1. Smith, A History of Salt,\n1998, p. 12.\n2. Jones, Alpine Trade.\n\nAbout us\n",
        );
        let list = find(&paras).expect("a notes list");
        assert_eq!(list.body_end(), 1);
        let texts: Vec<(u32, &str)> = list
            .entries
            .iter()
            .map(|e| (e.number, e.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                (1, "Smith, A History of Salt, 1998, p. 12."),
                (2, "Jones, Alpine Trade.")
            ]
        );
        assert_eq!(paras[list.end].text, "About us");
        let mut roles = vec![Role::Body; paras.len()];
        list.mark(&mut roles);
        assert_eq!(roles[1], Role::Heading);
        assert!(roles[2..list.end].iter().all(|r| *r == Role::NoteEntry));
        assert_eq!(roles[list.end], Role::Body);
    }

    #[test]
    fn a_year_at_the_start_of_a_line_continues_the_entry_before_it() {
        let last = notes::RawNote {
            number: 4,
            text: "Lighthouses,".to_string(),
        };
        assert!(breaks_numbering(&EntryStart::NumberOnly(2013), Some(&last)));
        assert!(!breaks_numbering(&EntryStart::NumberOnly(5), Some(&last)));
    }

    #[test]
    fn references_to_no_note_and_notes_never_referenced_are_warned_about() {
        let mut doc = Document::default();
        doc.notes.push(crate::document::Note {
            number: 1,
            text: "A".into(),
            block: 0,
        });
        let mut b = crate::document::Block::new(crate::document::BlockKind::Paragraph, "x");
        b.refs.push(crate::document::NoteRef {
            offset: 1,
            number: 7,
            note: None,
        });
        doc.blocks.push(b);
        resolve_refs(&mut doc, &HashMap::from([(1, 0)]));
        assert_eq!(
            doc.warnings,
            [
                "1 reference(s) resolve to no note: 7",
                "1 note(s) never referenced: 1"
            ]
        );
    }
    fn entries(list: &NotesList) -> Vec<(u32, &str)> {
        list.entries
            .iter()
            .map(|e| (e.number, e.text.as_str()))
            .collect()
    }

    #[test]
    fn bracketed_footnotes_without_a_heading_that_the_text_cites() {
        let paras = paragraphs(
            "Alerts page people.[22] Most are noise.[23]\n\nMore prose here, long enough to read as text.\n\n[22] Known as alert spam.\n\n[23] If 1% of requests are slow.\n\nPrevious\n\nChapter 5\n",
        );
        let list = find(&paras).expect("a notes list");
        assert_eq!(
            entries(&list),
            [
                (22, "Known as alert spam."),
                (23, "If 1% of requests are slow.")
            ]
        );
        assert_eq!(list.body_end(), 2);
        assert_eq!(list.tail_start(), Some(4));
    }

    #[test]
    fn labels_over_their_text_between_sections_are_notes_and_the_text_goes_on() {
        let paras = paragraphs(
            "It is a convention.1\n  • 1\n    Not a requirement.\nNext section\nThe library must be placed well.2 More words follow in this sentence here.\n  • 2\n    Exceptions exist.\nFinal section\nThe body goes on here with a long sentence of text, as articles do.\n",
        );
        let list = find(&paras).expect("a notes list");
        assert_eq!(
            entries(&list),
            [(1, "Not a requirement."), (2, "Exceptions exist.")]
        );
        // Text follows the last note: the body does not end there.
        assert_eq!(list.body_end(), paras.len());
        assert_eq!(list.tail_start(), None);
        let mut roles = vec![Role::Body; paras.len()];
        list.mark(&mut roles);
        let notes: Vec<usize> = (0..paras.len())
            .filter(|&i| roles[i] == Role::NoteEntry)
            .collect();
        assert_eq!(notes, [1, 2, 5, 6]);
    }

    #[test]
    fn an_ordered_list_the_text_does_not_cite_is_not_a_notes_list() {
        let paras = paragraphs(
            "Steps to follow, in order, as the manual says.\n\n1. Open the file.\n\n2. Save it.\n\n3. Close it.\n",
        );
        assert!(find(&paras).is_none());
        // Cited where the text says so, the same lines are notes; a numbered line of
        // the page's navigation after them is not.
        let paras = paragraphs(
            "A man page helps.1It is easy. Use any text.2Man detects it.\n\n1. It is easy.\n\n2. Man detects it.\n\nNext topic\n\n3. Binary packages\n",
        );
        let list = find(&paras).expect("a notes list");
        assert_eq!(entries(&list), [(1, "It is easy."), (2, "Man detects it.")]);
    }

    #[test]
    fn entries_run_on_one_line_are_split_where_the_next_number_starts_one() {
        let paras = paragraphs(
            "Notes\n\n1. https://web.archive.org/web/20151013/2. https://example.org/a/3. https://doi.org/10.1/x\n4. Smith, Salt Press.5. Jones, p. 6.2. Roads.\n",
        );
        let list = find(&paras).expect("a notes list");
        assert_eq!(
            entries(&list),
            [
                (1, "https://web.archive.org/web/20151013/"),
                (2, "https://example.org/a/"),
                (3, "https://doi.org/10.1/x"),
                (4, "Smith, Salt Press."),
                (5, "Jones, p. 6.2. Roads.")
            ]
        );
    }

    #[test]
    fn text_between_the_heading_and_the_first_entry_is_kept_as_text() {
        let paras = paragraphs(
            "Body text that mentions notes in passing, as prose does.1\n\nNotes\n\nThis list was checked in 2020.\n\n1. https://web.archive.org/web/20151013/2. https://example.org/a.3. Smith, Salt, 1998.\n",
        );
        let list = find(&paras).expect("a notes list");
        assert_eq!(
            entries(&list),
            [
                (1, "https://web.archive.org/web/20151013/"),
                (2, "https://example.org/a."),
                (3, "Smith, Salt, 1998.")
            ]
        );
        let mut roles = vec![Role::Body; paras.len()];
        list.mark(&mut roles);
        assert_eq!(roles[2], Role::Body, "the lead-in is text");
        // A number inside an entry's own text is not a new entry.
        assert!(
            notes::split_run_on_entries("Smith 2005, p. 6. Then vol. 2.3. Jones", 2)
                .1
                .is_empty()
        );
    }
}
