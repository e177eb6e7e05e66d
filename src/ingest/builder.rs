//! The one document builder that every structured format (Markdown, HTML, EPUB) fills.
//!
//! A format parser walks its own tree and calls the builder in reading order: a title,
//! headings, paragraphs and list items as `InlineText` (text with emphasis, links and note
//! references), listings, tables, note definitions. `finish` turns that into a `Document`:
//! sections with their parents and levels, notes numbered in the order they are first
//! referenced, references resolved to them by label, sentences of the body.
//! Every piece of text goes through `ingest::sanitize` on the way in, so no format can
//! put a control character or an escape sequence into the model.
//! It knows nothing of any format's syntax, of files or of terminals.

use super::sanitize;
use crate::document::{Block, BlockKind, Document, Inline, Meta, Note, NoteRef, Section, Span};
use crate::document::{Sentence, render_with_refs};
use std::collections::HashMap;

/// Where a format's walker is inside nested lists: the marker each item shows, and whether
/// the current item has shown it (a later paragraph of an item lines up with its text,
/// without a marker). Markdown and HTML walk lists the same way; this is that way.
#[derive(Debug, Default)]
pub struct Lists {
    levels: Vec<ListLevel>,
}

#[derive(Debug)]
struct ListLevel {
    /// The number of the next item, for an ordered list.
    next: Option<u64>,
    /// The marker of the current item.
    marker: String,
    /// The current item has shown its marker.
    marked: bool,
}

/// Bullets by nesting depth (cycling past the last).
const BULLETS: [&str; 3] = ["•", "◦", "▪"];

impl Lists {
    /// A list opens: numbered from `start`, or bulleted when `None`.
    pub fn open(&mut self, start: Option<u64>) {
        self.levels.push(ListLevel {
            next: start,
            marker: String::new(),
            marked: false,
        });
    }

    pub fn close(&mut self) {
        self.levels.pop();
    }

    /// An item of the innermost list begins: its marker is its number or the bullet of its
    /// depth.
    pub fn item(&mut self) {
        let depth = self.levels.len().saturating_sub(1);
        if let Some(list) = self.levels.last_mut() {
            list.marked = false;
            list.marker = match &mut list.next {
                Some(n) => {
                    let marker = format!("{n}.");
                    *n = n.saturating_add(1);
                    marker
                }
                None => BULLETS[depth % BULLETS.len()].to_string(),
            };
        }
    }

    /// Replaces the current item's marker (a task list's ☑ / ☐).
    pub fn set_marker(&mut self, marker: &str) {
        if let Some(list) = self.levels.last_mut() {
            list.marker = marker.to_string();
        }
    }

    /// The kind of a block that begins now: inside a list, an item of it (with the marker
    /// on the item's first block only); outside, `None`.
    pub fn block_kind(&mut self) -> Option<BlockKind> {
        let depth = u8::try_from(self.levels.len().saturating_sub(1)).unwrap_or(u8::MAX);
        let list = self.levels.last_mut()?;
        let marker = if list.marked {
            " ".repeat(list.marker.chars().count())
        } else {
            list.marker.clone()
        };
        list.marked = true;
        Some(BlockKind::ListItem { marker, depth })
    }

    /// The block begun with the item's marker stayed empty: the item's next block shows it.
    pub fn unmark(&mut self) {
        if let Some(list) = self.levels.last_mut() {
            list.marked = false;
        }
    }
}

/// Text being built for one block: characters, the spans over them, note references.
#[derive(Debug, Default, Clone)]
pub struct InlineText {
    text: String,
    spans: Vec<Span>,
    /// Spans opened and not closed yet: (start, style, index in `spans` reserved).
    open: Vec<(usize, Inline)>,
    /// (byte offset, note label) of each reference, in order.
    refs: Vec<(usize, String)>,
}

impl InlineText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `s` as written (sanitised): tabs and line breaks kept.
    pub fn push(&mut self, s: &str) {
        self.text.push_str(&sanitize(s));
    }

    /// Appends `s` with HTML's white-space rule: any run of white space is one space, and
    /// none at the start of the text or after a space already there.
    pub fn push_collapsed(&mut self, s: &str) {
        let clean = sanitize(s);
        for c in clean.chars() {
            if c.is_whitespace() && c != '\u{A0}' {
                if !self.text.is_empty() && !self.text.ends_with([' ', '\n']) {
                    self.text.push(' ');
                }
            } else {
                self.text.push(c);
            }
        }
    }

    /// A line break the layout keeps (`<br>`, a Markdown hard break).
    pub fn line_break(&mut self) {
        while self.text.ends_with(' ') {
            self.text.pop();
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
    }

    /// Starts a span of `style` at the current end; `close` ends the innermost one.
    pub fn open(&mut self, style: Inline) {
        self.open.push((self.text.len(), style));
    }

    pub fn close(&mut self) {
        if let Some((start, style)) = self.open.pop() {
            let end = self.text.len();
            if end > start {
                self.spans.push(Span {
                    range: start..end,
                    style,
                });
            }
        }
    }

    /// A reference to the note the source calls `label`, standing here.
    pub fn note_ref(&mut self, label: &str) {
        while self.text.ends_with(' ') && self.refs.last().is_none_or(|r| r.0 < self.text.len()) {
            // "word [1]" reads as "word[1]": the reference hangs on the word before it.
            if self.text.trim_end().is_empty() {
                break;
            }
            self.text.pop();
        }
        self.refs.push((self.text.len(), label.to_string()));
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.refs.is_empty()
    }

    /// Removes the characters of `chars` from the start (what is left of "1. The note"
    /// once its back-link "1" is gone), moving spans and references with the text.
    pub fn strip_leading(&mut self, chars: &[char]) {
        let cut = self.text.len() - self.text.trim_start_matches(chars).len();
        if cut == 0 {
            return;
        }
        self.text.drain(..cut);
        for s in &mut self.spans {
            s.range = s.range.start.saturating_sub(cut)..s.range.end.saturating_sub(cut);
        }
        for (start, _) in &mut self.open {
            *start = start.saturating_sub(cut);
        }
        for (offset, _) in &mut self.refs {
            *offset = offset.saturating_sub(cut);
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Closes what is open, trims white space at both ends (moving spans and references
    /// with the text) and sorts the spans by start.
    fn finish(mut self) -> (String, Vec<Span>, Vec<(usize, String)>) {
        while !self.open.is_empty() {
            self.close();
        }
        let lead = self.text.len() - self.text.trim_start().len();
        let keep = self.text.trim_end().len().max(lead);
        let text = self.text[lead..keep].to_string();
        let fit = |o: usize| o.saturating_sub(lead).min(text.len());
        let mut spans: Vec<Span> = self
            .spans
            .into_iter()
            .map(|s| Span {
                range: fit(s.range.start)..fit(s.range.end),
                style: s.style,
            })
            .filter(|s| !s.range.is_empty())
            .collect();
        spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
        let refs = self.refs.into_iter().map(|(o, l)| (fit(o), l)).collect();
        (text, spans, refs)
    }
}

/// A note as its source defines it, before it is numbered.
#[derive(Debug)]
struct NoteDef {
    label: String,
    text: String,
}

/// Fills a `Document` in reading order.
#[derive(Debug, Default)]
pub struct Builder {
    doc: Document,
    note_defs: Vec<NoteDef>,
    note_by_label: HashMap<String, usize>,
    /// References as (block, index in its refs, label), numbered in `finish`.
    pending: Vec<(usize, usize, String)>,
    /// The open sections, outermost first: (section index, its source heading level).
    open_sections: Vec<(usize, u8)>,
    /// Anchors named before the block they belong to was pushed.
    waiting_anchors: Vec<String>,
    /// Where the notes list goes (the block index), when the source has one in its text.
    notes_at: Option<usize>,
    chrome: bool,
}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn meta(&mut self) -> &mut Meta {
        &mut self.doc.meta
    }

    pub fn warn(&mut self, warning: impl Into<String>) {
        self.doc.warnings.push(warning.into());
    }

    /// Blocks pushed from now on are page chrome (a cover, a copyright page) or not.
    pub fn set_chrome(&mut self, chrome: bool) {
        self.chrome = chrome;
    }

    /// Number of blocks so far.
    pub fn len(&self) -> usize {
        self.doc.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc.blocks.is_empty()
    }

    /// Names the next block pushed `anchor` (an id, a slug), for in-document links.
    pub fn anchor(&mut self, anchor: &str) {
        let anchor = sanitize(anchor);
        if !anchor.is_empty() {
            self.waiting_anchors.push(anchor);
        }
    }

    /// The article's title: a `Title` block, and the metadata's title when it has none.
    pub fn title(&mut self, text: InlineText) {
        let (text, spans, _) = text.finish();
        let text = one_line(&text);
        if text.is_empty() {
            return;
        }
        if self.doc.meta.title.is_empty() {
            self.doc.meta.title = text.clone();
        }
        let mut block = Block::new(BlockKind::Title, text);
        block.spans = spans;
        self.push(block, Vec::new());
    }

    /// Whether a `Title` block was pushed.
    pub fn has_title_block(&self) -> bool {
        self.doc.blocks.iter().any(|b| b.kind == BlockKind::Title)
    }

    /// A one-line metadata block (byline, date, subtitle) from plain text.
    pub fn meta_block(&mut self, kind: BlockKind, text: &str) {
        let text = one_line(&sanitize(text));
        if !text.is_empty() {
            self.push(Block::new(kind, text), Vec::new());
        }
    }

    /// A heading of the source's `level` (1 for `<h1>`/`#`): a section whose parent is the
    /// nearest section before it of a smaller source level.
    pub fn heading(&mut self, source_level: u8, text: InlineText) {
        let (text, spans, refs) = text.finish();
        let text = one_line(&text);
        if text.is_empty() {
            return;
        }
        let source_level = source_level.max(1);
        // Sections of this level or deeper are closed by this heading; what is left
        // open last is its parent.
        while self
            .open_sections
            .last()
            .is_some_and(|&(_, l)| l >= source_level)
        {
            self.open_sections.pop();
        }
        let parent = self.open_sections.last().map(|&(s, _)| s);
        let level = parent.map_or(1, |p| self.doc.sections[p].level.saturating_add(1));
        let section = self.doc.sections.len();
        self.doc.sections.push(Section {
            title: render_with_refs(&text, std::iter::empty()),
            level,
            block: self.doc.blocks.len(),
            parent,
        });
        self.open_sections.push((section, source_level));
        let mut block = Block::new(BlockKind::Heading { level, section }, text);
        block.spans = spans;
        self.push(block, refs);
    }

    /// A paragraph, list item, quote or caption. Empty text gives no block.
    pub fn block(&mut self, kind: BlockKind, text: InlineText) {
        if text.is_empty() {
            return;
        }
        let (text, spans, refs) = text.finish();
        let mut block = Block::new(kind, text);
        block.spans = spans;
        self.push(block, refs);
    }

    /// A listing kept verbatim (only sanitised; trailing line ends dropped).
    pub fn code(&mut self, language: Option<&str>, text: &str) {
        let text = sanitize(text);
        let text = text.trim_end_matches('\n');
        if text.trim().is_empty() {
            return;
        }
        let language = language
            .map(|l| one_line(&sanitize(l)))
            .filter(|l| !l.is_empty());
        self.push(Block::new(BlockKind::Code { language }, text), Vec::new());
    }

    /// A table: rows of cells, the first `header_rows` its head. A cell's line breaks and
    /// tabs become spaces (they separate rows and cells in the block text).
    pub fn table(&mut self, rows: Vec<Vec<InlineText>>, header_rows: usize) {
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|cell| {
                        let (text, _, _) = cell.finish();
                        text.replace(['\t', '\n'], " ")
                    })
                    .collect()
            })
            .filter(|row: &Vec<String>| !row.is_empty())
            .collect();
        if rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
            return;
        }
        let text = rows
            .iter()
            .map(|r| r.join("\t"))
            .collect::<Vec<_>>()
            .join("\n");
        let header_rows = u8::try_from(header_rows.min(rows.len())).unwrap_or(u8::MAX);
        self.push(
            Block::new(BlockKind::Table { header_rows }, text),
            Vec::new(),
        );
    }

    /// Defines the note the source calls `label`, of one or more paragraphs. A second
    /// definition of the same label is kept out, with a warning.
    pub fn define_note(&mut self, label: &str, paragraphs: Vec<InlineText>) {
        let label = sanitize(label);
        if self.note_by_label.contains_key(&label) {
            self.warn(format!("note {label:?} is defined more than once"));
            return;
        }
        let text = paragraphs
            .into_iter()
            .map(|p| p.finish().0)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        self.note_by_label
            .insert(label.clone(), self.note_defs.len());
        self.note_defs.push(NoteDef { label, text });
    }

    pub fn has_note(&self, label: &str) -> bool {
        self.note_by_label.contains_key(label)
    }

    /// The notes list stands here (where the source shows it); otherwise it goes last.
    pub fn place_notes_here(&mut self) {
        if self.notes_at.is_none() {
            self.notes_at = Some(self.doc.blocks.len());
        }
    }

    fn push(&mut self, mut block: Block, refs: Vec<(usize, String)>) {
        let index = self.doc.blocks.len();
        for anchor in self.waiting_anchors.drain(..) {
            self.doc.anchors.entry(anchor).or_insert(index);
        }
        block.chrome = self.chrome;
        for (i, (offset, label)) in refs.into_iter().enumerate() {
            block.refs.push(NoteRef {
                offset,
                number: 0,
                note: None,
            });
            self.pending.push((index, i, label));
        }
        self.doc.blocks.push(block);
    }

    /// Numbers the notes (first referenced first), places the notes list, resolves the
    /// references and splits the body into sentences.
    pub fn finish(mut self) -> Document {
        // Notes in the order of their first reference, then the ones never referenced.
        let mut order: Vec<usize> = Vec::new();
        let mut seen = vec![false; self.note_defs.len()];
        let mut unresolved = Vec::new();
        for (_, _, label) in &self.pending {
            match self.note_by_label.get(label) {
                Some(&d) if !seen[d] => {
                    seen[d] = true;
                    order.push(d);
                }
                Some(_) => {}
                None => unresolved.push(label.clone()),
            }
        }
        let unreferenced: Vec<String> = (0..self.note_defs.len())
            .filter(|&d| !seen[d])
            .map(|d| self.note_defs[d].label.clone())
            .collect();
        order.extend((0..self.note_defs.len()).filter(|&d| !seen[d]));
        let mut note_of_def = vec![0; self.note_defs.len()];
        for (n, &d) in order.iter().enumerate() {
            note_of_def[d] = n;
        }

        // The notes list: NoteEntry blocks, inserted where the source had its list.
        let at = self.notes_at.unwrap_or(self.doc.blocks.len());
        let count = order.len();
        if count > 0 && at < self.doc.blocks.len() {
            for s in &mut self.doc.sections {
                if s.block >= at {
                    s.block += count;
                }
            }
            for b in self.doc.anchors.values_mut() {
                if *b >= at {
                    *b += count;
                }
            }
            for p in &mut self.pending {
                if p.0 >= at {
                    p.0 += count;
                }
            }
        }
        let defs = std::mem::take(&mut self.note_defs);
        let mut entries = Vec::with_capacity(count);
        for (n, &d) in order.iter().enumerate() {
            let def = &defs[d];
            let number = u32::try_from(n + 1).unwrap_or(u32::MAX);
            self.doc.notes.push(Note {
                number,
                text: def.text.clone(),
                block: at + n,
            });
            self.doc.note_labels.insert(n, def.label.clone());
            let mut block = Block::new(BlockKind::NoteEntry { note: n }, def.text.clone());
            block.chrome = false;
            entries.push(block);
        }
        self.doc.blocks.splice(at..at, entries);

        // References: resolved by label, numbered by their note. One that names no note
        // is numbered after every note and left unresolved.
        let mut next_unknown = u32::try_from(count).unwrap_or(u32::MAX);
        let mut unknown_numbers: HashMap<String, u32> = HashMap::new();
        for (block, i, label) in &self.pending {
            let r = &mut self.doc.blocks[*block].refs[*i];
            match self.note_by_label.get(label) {
                Some(&d) => {
                    r.note = Some(note_of_def[d]);
                    r.number = u32::try_from(note_of_def[d] + 1).unwrap_or(u32::MAX);
                }
                None => {
                    r.number = *unknown_numbers.entry(label.clone()).or_insert_with(|| {
                        next_unknown = next_unknown.saturating_add(1);
                        next_unknown
                    });
                }
            }
        }
        if !unresolved.is_empty() {
            self.doc.warnings.push(format!(
                "{} reference(s) resolve to no note: {}",
                unresolved.len(),
                unresolved.join(", ")
            ));
        }
        if !unreferenced.is_empty() {
            self.doc.warnings.push(format!(
                "{} note(s) never referenced: {}",
                unreferenced.len(),
                unreferenced.join(", ")
            ));
        }

        if self.doc.meta.title.is_empty()
            && let Some(first) = self.doc.sections.first()
        {
            self.doc.meta.title = first.title.clone();
        }
        for (bi, b) in self.doc.blocks.iter().enumerate() {
            if b.is_body() {
                for range in crate::sentences::split(&b.text) {
                    self.doc.sentences.push(Sentence { block: bi, range });
                }
            }
        }
        self.doc
    }
}

/// Text on one line with single spaces, for titles and headings.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(s: &str) -> InlineText {
        let mut t = InlineText::new();
        t.push_collapsed(s);
        t
    }

    #[test]
    fn references_number_notes_in_order_of_first_use() {
        let mut b = Builder::new();
        b.define_note("b", vec![inline("Note B.")]);
        b.define_note("a", vec![inline("Note A."), inline("Second paragraph.")]);
        let mut p = inline("First");
        p.note_ref("a");
        p.push_collapsed(" then");
        p.note_ref("b");
        b.block(BlockKind::Paragraph, p);
        let doc = b.finish();
        assert_eq!(doc.blocks[0].text, "First then");
        let refs: Vec<_> = doc.blocks[0]
            .refs
            .iter()
            .map(|r| (r.offset, r.number, r.note))
            .collect();
        assert_eq!(refs, vec![(5, 1, Some(0)), (10, 2, Some(1))]);
        assert_eq!(doc.notes[0].text, "Note A.\nSecond paragraph.");
        assert_eq!(doc.note_labels[&0], "a");
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    }

    #[test]
    fn notes_list_goes_where_the_source_had_it() {
        let mut b = Builder::new();
        let mut p = inline("Body");
        p.note_ref("n");
        b.block(BlockKind::Paragraph, p);
        b.heading(2, inline("Notes"));
        b.place_notes_here();
        b.define_note("n", vec![inline("The note.")]);
        b.heading(2, inline("After"));
        b.anchor("after-text");
        b.block(BlockKind::Paragraph, inline("Text after."));
        let doc = b.finish();
        assert!(matches!(
            doc.blocks[2].kind,
            BlockKind::NoteEntry { note: 0 }
        ));
        assert_eq!(doc.sections[1].title, "After");
        assert_eq!(doc.blocks[doc.sections[1].block].text, "After");
        assert_eq!(doc.anchor_block("after-text"), Some(4));
    }

    #[test]
    fn sections_nest_by_source_level_whatever_the_first_level() {
        let mut b = Builder::new();
        b.heading(2, inline("A"));
        b.heading(4, inline("A.1"));
        b.heading(3, inline("A.2"));
        b.heading(2, inline("B"));
        let doc = b.finish();
        let shape: Vec<_> = doc.sections.iter().map(|s| (s.level, s.parent)).collect();
        assert_eq!(
            shape,
            vec![(1, None), (2, Some(0)), (2, Some(0)), (1, None)]
        );
    }

    #[test]
    fn escape_sequences_never_reach_the_model() {
        let mut b = Builder::new();
        b.block(BlockKind::Paragraph, inline("red \u{1b}[31mtext\u{7}"));
        b.code(None, "ls \u{1b}]0;title\u{7}x");
        let doc = b.finish();
        for block in &doc.blocks {
            assert!(!block.text.contains('\u{1b}'), "{:?}", block.text);
            assert!(!block.text.contains('\u{7}'), "{:?}", block.text);
        }
    }

    #[test]
    fn spans_follow_trimmed_text() {
        let mut t = InlineText::new();
        t.push_collapsed("  lead ");
        t.open(Inline::Strong);
        t.push_collapsed("bold");
        t.close();
        t.push_collapsed("  ");
        let mut b = Builder::new();
        b.block(BlockKind::Paragraph, t);
        let doc = b.finish();
        let block = &doc.blocks[0];
        assert_eq!(block.text, "lead bold");
        assert_eq!(&block.text[block.spans[0].range.clone()], "bold");
    }
}
