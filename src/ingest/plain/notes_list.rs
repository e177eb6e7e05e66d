//! Stage "notes and references", part one: finds the page's notes list (the last notes
//! heading followed by numbered entries) and reads its entries, joining the lines of an
//! entry; and, once the blocks are built, resolves each reference to its note and warns
//! about the ones that resolve to nothing. Finding references in the text is `crate::notes`;
//! this module does not touch body text.

use super::shapes::{body_like, is_chrome_line, is_footer_line, starts_with_ci, tail_marker};
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
    /// Paragraphs of text between the heading and the first entry ("This document was
    /// reviewed by …"): the author's, shown as text.
    pub(super) lead_in: usize,
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
            } else if i <= self.heading + self.lead_in {
                Role::Body
            } else {
                Role::Chrome
            };
        }
    }
}

/// Splits the entries of the notes list that a page glued onto one line: an entry ends
/// where the next number starts a new one, even right after "/", "." or "-"
/// ("…/web/20151013/2. https://…/3. https://doi.org/…"). Nothing is dropped: each piece
/// becomes a paragraph of its own.
pub(super) fn split_glued_entries(paras: &mut Vec<Para>) {
    let Some(list) = find(paras) else {
        return;
    };
    for i in (list.heading + 1..list.end).rev() {
        let Some(EntryStart::Numbered(n, _)) = notes::entry_start(&paras[i].text, 0) else {
            continue;
        };
        let cuts = glued_entry_starts(&paras[i].text, n);
        if cuts.is_empty() {
            continue;
        }
        let text = std::mem::take(&mut paras[i].text);
        let indent = paras[i].indent;
        let mut starts = vec![0];
        starts.extend(cuts);
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        let pieces: Vec<Para> = starts
            .iter()
            .zip(ends)
            .map(|(&a, b)| Para::new(text[a..b].trim().to_string(), indent, false))
            .collect();
        let blank_before = paras[i].blank_before;
        paras.splice(i..=i, pieces);
        paras[i].blank_before = blank_before;
    }
}

/// Byte offsets in the entry `text` (numbered `n`) where entries n+1, n+2, … start right
/// after "/", "." or "-", with a capital, a quote, a digit or a URL after the number.
fn glued_entry_starts(text: &str, n: u32) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut next = n + 1;
    let mut from = 0;
    loop {
        let marker = format!("{next}. ");
        let found = text[from..].match_indices(&marker).map(|(i, _)| from + i).find(|&at| {
            let before = text[..at].chars().next_back();
            let after = text[at + marker.len()..].chars().next();
            at > 0
                && matches!(before, Some('/' | '.' | '-'))
                // "2.3. Jones" is a section number, not entry 3.
                && !(before == Some('.') && text[..at - 1].ends_with(|c: char| c.is_ascii_digit()))
                && after.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "“\"'".contains(c)
                    || text[at + marker.len()..].starts_with("http")
                    || text[at + marker.len()..].starts_with("www."))
        });
        let Some(at) = found else {
            return cuts;
        };
        cuts.push(at);
        from = at + marker.len();
        next += 1;
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
    let mut lead_in = 0;
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
            // A sentence or two before the first entry belongs to the section.
            _ if entries.is_empty() && lead_in < MAX_LEAD_IN && body_like(p) => {
                lead_in += 1;
                entry_of.push(None);
                end += 1;
                continue;
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
        lead_in,
    })
}

/// How many paragraphs of text may stand between a notes heading and its first entry.
const MAX_LEAD_IN: usize = 2;

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
    fn entries_glued_after_a_slash_or_a_period_are_split_and_text_before_them_kept() {
        let mut paras = paragraphs(
            "Body text that mentions notes in passing, as prose does.\n\nNotes\n\nThis list was checked in 2020.\n\n1. https://web.archive.org/web/20151013/2. https://example.org/a.3. Smith, Salt, 1998.\n",
        );
        split_glued_entries(&mut paras);
        let list = find(&paras).expect("a notes list");
        let texts: Vec<&str> = list.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "https://web.archive.org/web/20151013/",
                "https://example.org/a.",
                "Smith, Salt, 1998."
            ]
        );
        let mut roles = vec![Role::Body; paras.len()];
        list.mark(&mut roles);
        assert_eq!(roles[2], Role::Body, "the lead-in is text");
        // A number inside an entry's own text is not a new entry.
        assert!(glued_entry_starts("Smith 2005, p. 6. Then vol. 2.3. Jones", 1).is_empty());
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
