//! Stage "notes and references", part one: finds the page's notes list (the last notes
//! heading followed by numbered entries) and reads its entries, joining the lines of an
//! entry; and, once the blocks are built, resolves each reference to its note and warns
//! about the ones that resolve to nothing. Finding references in the text is `crate::notes`;
//! this module does not touch body text.

use super::shapes::{is_chrome_line, is_footer_line, starts_with_ci, tail_marker};
use super::{Para, Role};
use crate::document::Document;
use crate::notes::{self, EntryStart};
use std::collections::{HashMap, HashSet};

/// The page's notes list: its heading, its entries, and which paragraphs they span.
pub(super) struct NotesList {
    /// The paragraph of the notes heading ("Notes", "References").
    pub(super) heading: usize,
    /// One past the last paragraph of the list.
    pub(super) end: usize,
    /// For each paragraph after the heading (up to `end`), the entry it belongs to.
    pub(super) entry_of: Vec<Option<usize>>,
    pub(super) entries: Vec<notes::RawNote>,
}

impl NotesList {
    /// Gives the list's paragraphs their roles: the heading, the entries (a continuation
    /// line is an entry too: it was joined into one), and chrome between them.
    pub(super) fn mark(&self, roles: &mut [Role]) {
        roles[self.heading] = Role::Heading;
        for (i, role) in roles
            .iter_mut()
            .enumerate()
            .take(self.end)
            .skip(self.heading + 1)
        {
            *role = if self.entry_of[i - self.heading - 1].is_some() {
                Role::NoteEntry
            } else {
                Role::Chrome
            };
        }
    }
}

/// The last notes heading that is followed by numbered entries, and those entries.
pub(super) fn find(paras: &[Para]) -> Option<NotesList> {
    paras
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, p)| notes::is_notes_heading(&p.text))
        .find_map(|(h, _)| read_notes_list(paras, h))
}

fn read_notes_list(paras: &[Para], heading: usize) -> Option<NotesList> {
    let mut entries: Vec<notes::RawNote> = Vec::new();
    let mut entry_of = Vec::new();
    let mut awaiting_text = false;
    let mut entry_indent = 0;
    let mut end = heading + 1;
    for p in &paras[heading + 1..] {
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
                entries.push(notes::RawNote { number, text });
            }
            _ if continuation => {
                let e = entries.last_mut()?;
                if !e.text.is_empty() {
                    e.text.push(' ');
                }
                e.text.push_str(&p.text);
                awaiting_text = false;
            }
            // The page's footer ("About us", "© 2024 …", "Retrieved from …") ends the list.
            _ => break,
        }
        entry_of.push(Some(entries.len() - 1));
        end += 1;
    }
    (!entries.is_empty()).then_some(NotesList {
        heading,
        end,
        entry_of,
        entries,
    })
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
        assert_eq!(list.heading, 1);
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
}
