//! Wrapping a `Document` to a width, keeping for every display line where it came from.
//!
//! Pure: no terminal, no styling beyond a semantic `LineKind`/`SpanRole` that the view maps
//! to colours. It must not change the document, and it must not write anything anywhere.
//! Blocks wrap independently, so a caller can lay out only the blocks it is about to show
//! (`layout_block`) and leave the rest for later.
//!
//! How a block is wrapped: its text is cut into words (runs between breaking whitespace);
//! each word becomes a `textwrap::core::Fragment` made of *atoms* that remember their byte
//! range in `Block::text` and their sentence id. A note reference becomes a `[n]` atom glued
//! to the word before it, so `[12]` never starts a line on its own. A word wider than the
//! line is broken at grapheme boundaries, so no display line is ever wider than the width.
//! Widths are Unicode display widths (CJK and emoji count two columns).
//!
//! Every `Text` span of a line covers one contiguous byte range of the block text and shows
//! exactly those bytes (`span.text == block.text[span.source]`); the one exception is a
//! character wider than the whole line (a CJK character at width 1), shown as `?`.
//!
//! A listing (`BlockKind::Code`) is not wrapped: `listing` lays it out line by line and
//! clips it with `›`. Hidden chrome is not dropped without a word: `shown` folds each run
//! of it into one `LineKind::Fold` line that says how many lines it stands for.

mod listing;

pub use listing::{CLIPPED, Shown, hidden_lines, layout_fold, layout_shown, shown};

mod rich;

pub use rich::{Marks, marks_at};

use crate::document::{Block, BlockKind, Document, Sentence};
use std::fmt::Write as _;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// What a display line shows, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    Title,
    Subtitle,
    Meta,
    Heading(u8),
    Paragraph,
    ListItem,
    Quote,
    Caption,
    NoteEntry,
    Chrome,
    /// A line of a listing, shown as written (unwrapped, clipped with `›`).
    Code,
    /// One dim line standing for hidden page furniture ("⋯ 6 lines of page furniture").
    Fold,
}

/// What a piece of a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanRole {
    /// Text of the block; `source` says which bytes.
    Text,
    /// Decoration that is not in the text: a list marker, an indent, a quote bar.
    Decoration,
    /// A note reference shown as `[n]`; `index` is its position in `Block::refs`.
    NoteRef { index: usize, number: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSpan {
    pub text: String,
    pub role: SpanRole,
    /// Byte range of `Block::text` this span shows. For a reference it is the empty range
    /// at the reference's offset; for decorations it is empty.
    pub source: Range<usize>,
    /// Sentence (index into `Document::sentences`) this span belongs to, if any.
    pub sentence: Option<usize>,
    /// Emphasis, code, links… the source marks this text with (plain for decorations).
    pub marks: Marks,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayLine {
    /// The block this line shows (`None` for separator lines).
    pub block: Option<usize>,
    pub kind: LineKind,
    pub spans: Vec<LineSpan>,
}

impl DisplayLine {
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Display width in terminal columns.
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| text_width(&s.text)).sum()
    }

    fn blank() -> Self {
        DisplayLine {
            block: None,
            kind: LineKind::Blank,
            spans: Vec::new(),
        }
    }
}

/// Blocks shown in the reader, in order.
pub fn visible_blocks(doc: &Document, show_chrome: bool) -> impl Iterator<Item = usize> + '_ {
    doc.blocks
        .iter()
        .enumerate()
        .filter(move |(_, b)| show_chrome || !b.chrome)
        .map(|(i, _)| i)
}

/// The display lines of one block at `width` columns (0 counts as 1): a blank line first
/// for headings, the wrapped text, then one blank line. An out-of-range `block` gives no
/// lines.
pub fn layout_block(doc: &Document, block: usize, width: u16) -> Vec<DisplayLine> {
    let Some(b) = doc.blocks.get(block) else {
        return Vec::new();
    };
    let width = usize::from(width.max(1));
    if matches!(b.kind, BlockKind::Code { .. }) {
        return listing::layout_code(block, &b.text, width);
    }
    if matches!(b.kind, BlockKind::Table { .. }) {
        return rich::table_lines(b, block, width);
    }
    let kind = line_kind(b);
    let (first_prefix, rest_prefix) = prefixes(doc, b, width);
    let first_avail = width - text_width(&first_prefix);
    let rest_avail = width - text_width(&rest_prefix);

    let sentences = block_sentences(doc, block);
    let mut pieces = Pieces::build(&b.text, &b.refs, sentences.0, sentences.1);
    pieces.break_long_words(&b.text, first_avail.min(rest_avail));

    let mut lines = Vec::new();
    if matches!(b.kind, BlockKind::Heading { .. }) {
        lines.push(DisplayLine::blank());
    }
    let mut first_line = true;
    for hard_line in pieces.hard_lines(&b.text) {
        let line_widths = if first_line {
            [first_avail as f64, rest_avail as f64]
        } else {
            [rest_avail as f64; 2]
        };
        let wrapped = textwrap::wrap_algorithms::wrap_first_fit(hard_line, &line_widths);
        for frags in wrapped {
            if frags.is_empty() {
                continue;
            }
            let prefix = if first_line {
                &first_prefix
            } else {
                &rest_prefix
            };
            first_line = false;
            let mut spans = SpanBuilder::default();
            if !prefix.is_empty() {
                spans.push_decoration(prefix);
            }
            pieces.render_line(&b.text, frags, &mut spans);
            lines.push(DisplayLine {
                block: Some(block),
                kind,
                spans: spans.finish(&b.text),
            });
        }
    }
    rich::apply_marks(b, &mut lines);
    lines.push(DisplayLine::blank());
    lines
}

/// The whole document laid out.
pub fn layout_document(doc: &Document, width: u16, show_chrome: bool) -> Vec<DisplayLine> {
    visible_blocks(doc, show_chrome)
        .flat_map(|b| layout_block(doc, b, width))
        .collect()
}

/// Display width of `text` in terminal columns.
pub fn text_width(text: &str) -> usize {
    if text.is_ascii() {
        // Document text is sanitised: no control characters, so every byte is a column.
        text.len()
    } else {
        UnicodeWidthStr::width(text)
    }
}

fn line_kind(b: &Block) -> LineKind {
    if b.chrome {
        return LineKind::Chrome;
    }
    match &b.kind {
        BlockKind::Title => LineKind::Title,
        BlockKind::Subtitle => LineKind::Subtitle,
        BlockKind::Byline | BlockKind::Date => LineKind::Meta,
        BlockKind::Heading { level, .. } => LineKind::Heading(*level),
        BlockKind::Paragraph => LineKind::Paragraph,
        BlockKind::ListItem { .. } => LineKind::ListItem,
        BlockKind::Quote => LineKind::Quote,
        BlockKind::Code { .. } => LineKind::Code,
        BlockKind::Caption => LineKind::Caption,
        BlockKind::NoteEntry { .. } => LineKind::NoteEntry,
        BlockKind::Table { .. } => LineKind::Paragraph,
    }
}

/// Deepest list nesting that still indents further; deeper items line up with it.
const MAX_LIST_INDENT_DEPTH: usize = 8;

/// The decorations in front of the first line and of the following lines (a hanging
/// indent). They are dropped when they would take more than half of a narrow line.
fn prefixes(doc: &Document, b: &Block, width: usize) -> (String, String) {
    let first = match &b.kind {
        BlockKind::ListItem { marker, depth } => {
            let indent = 2 * usize::from(*depth).min(MAX_LIST_INDENT_DEPTH);
            format!("{:indent$}{marker} ", "")
        }
        BlockKind::Quote => return fit_prefix("│ ".to_string(), "│ ".to_string(), width),
        BlockKind::NoteEntry { note } => match doc.notes.get(*note) {
            Some(n) => format!("[{}] ", n.number),
            None => String::new(),
        },
        _ => String::new(),
    };
    let rest = " ".repeat(text_width(&first));
    fit_prefix(first, rest, width)
}

fn fit_prefix(first: String, rest: String, width: usize) -> (String, String) {
    let widest = text_width(&first).max(text_width(&rest));
    if widest * 2 <= width {
        (first, rest)
    } else {
        (String::new(), String::new())
    }
}

/// The sentences of `block` (they are stored in reading order) and the id of the first.
fn block_sentences(doc: &Document, block: usize) -> (&[Sentence], usize) {
    let first = doc.sentences.partition_point(|s| s.block < block);
    let len = doc.sentences[first..].partition_point(|s| s.block <= block);
    (&doc.sentences[first..first + len], first)
}

/// What an atom shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AtomKind {
    /// Bytes `start..end` of the block text.
    Text,
    /// Bytes `start..end` of the marker `[number]` of the block's reference `index`.
    Ref { index: usize, number: u32 },
    /// A grapheme (bytes `start..end` of the text) wider than the whole line: shown as `?`.
    TooWide,
}

/// An unbreakable piece of a word with one role and one sentence.
#[derive(Debug, Clone, Copy)]
struct Atom {
    kind: AtomKind,
    start: usize,
    end: usize,
    sentence: Option<usize>,
    width: usize,
    /// For references: the offset in the block text where the reference stands.
    anchor: usize,
}

/// A word: the unit textwrap places on lines.
#[derive(Debug, Clone, Copy)]
struct Frag {
    atoms: (usize, usize),
    width: usize,
    /// 1 when a space follows the word on the same line, else 0.
    space: usize,
    /// The whitespace after the word in the block text (empty when none).
    gap: (usize, usize),
}

impl textwrap::core::Fragment for Frag {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.space as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Whitespace a line may break at. No-break spaces keep their words together.
fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// The smallest char boundary of `text` at or after `i` (clamped to its length).
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn marker_len(number: u32) -> usize {
    number.checked_ilog10().unwrap_or(0) as usize + 3
}

/// Walks the sentences of one block forward; every query must start at or after the last.
struct SentenceCursor<'a> {
    sentences: &'a [Sentence],
    first_id: usize,
    next: usize,
}

impl SentenceCursor<'_> {
    /// The sentence at byte `pos`, and where the run of bytes with that answer ends
    /// (never beyond `limit`, always after `pos`).
    fn piece(&mut self, pos: usize, limit: usize) -> (Option<usize>, usize) {
        while self
            .sentences
            .get(self.next)
            .is_some_and(|s| s.range.end <= pos)
        {
            self.next += 1;
        }
        match self.sentences.get(self.next) {
            Some(s) if s.range.start <= pos => {
                (Some(self.first_id + self.next), s.range.end.min(limit))
            }
            Some(s) => (None, s.range.start.min(limit)),
            None => (None, limit),
        }
    }
}

/// The atoms and fragments of one block.
struct Pieces {
    atoms: Vec<Atom>,
    frags: Vec<Frag>,
}

impl Pieces {
    fn build(
        text: &str,
        refs: &[crate::document::NoteRef],
        sentences: &[Sentence],
        first_id: usize,
    ) -> Pieces {
        // References in offset order (the parser gives them so; be safe if it did not).
        let mut order: Vec<(usize, usize, u32)> = refs
            .iter()
            .enumerate()
            .map(|(i, r)| (ceil_boundary(text, r.offset), i, r.number))
            .collect();
        if !order.is_sorted() {
            order.sort_unstable();
        }
        let mut next_ref = 0;
        let mut cursor = SentenceCursor {
            sentences,
            first_id,
            next: 0,
        };
        let mut atoms = Vec::with_capacity(text.len() / 5 + refs.len());
        let mut frags = Vec::with_capacity(text.len() / 5 + 1);

        let push_ref =
            |atoms: &mut Vec<Atom>, (anchor, index, number): (usize, usize, u32), sentence| {
                atoms.push(Atom {
                    kind: AtomKind::Ref { index, number },
                    start: 0,
                    end: marker_len(number),
                    sentence,
                    width: marker_len(number),
                    anchor,
                });
            };

        let mut words = Words::new(text).peekable();
        let mut first_word = true;
        while let Some((word_start, word_end)) = words.next() {
            let frag_start = atoms.len();
            let mut sentence = None;
            if first_word {
                // References before any word lead the first word.
                while let Some(&r) = order.get(next_ref).filter(|r| r.0 <= word_start) {
                    sentence = cursor.piece(word_start, word_end).0;
                    push_ref(&mut atoms, r, sentence);
                    next_ref += 1;
                }
                first_word = false;
            }
            let mut pos = word_start;
            while pos < word_end {
                let (s, mut end) = cursor.piece(pos, word_end);
                end = ceil_boundary(text, end);
                if let Some(r) = order.get(next_ref).filter(|r| r.0 > pos && r.0 < end) {
                    end = r.0;
                }
                sentence = s;
                atoms.push(Atom {
                    kind: AtomKind::Text,
                    start: pos,
                    end,
                    sentence,
                    width: text_width(&text[pos..end]),
                    anchor: pos,
                });
                pos = end;
                while let Some(&r) = order.get(next_ref).filter(|r| r.0 <= pos) {
                    push_ref(&mut atoms, r, sentence);
                    next_ref += 1;
                }
            }
            let next_start = words.peek().map_or(text.len(), |w| w.0);
            // References standing in the whitespace after the word are glued to it.
            while let Some(&r) = order.get(next_ref).filter(|r| r.0 <= next_start) {
                push_ref(&mut atoms, r, sentence);
                next_ref += 1;
            }
            let has_next = words.peek().is_some();
            frags.push(Frag {
                atoms: (frag_start, atoms.len()),
                width: atoms[frag_start..].iter().map(|a| a.width).sum(),
                space: usize::from(has_next),
                gap: if has_next {
                    (word_end, next_start)
                } else {
                    (word_end, word_end)
                },
            });
        }
        if first_word && next_ref < order.len() {
            // No words at all: the references stand alone.
            let frag_start = atoms.len();
            for &r in &order[next_ref..] {
                push_ref(&mut atoms, r, None);
            }
            frags.push(Frag {
                atoms: (frag_start, atoms.len()),
                width: atoms[frag_start..].iter().map(|a| a.width).sum(),
                space: 0,
                gap: (text.len(), text.len()),
            });
        }
        Pieces { atoms, frags }
    }

    /// Breaks every fragment wider than `limit` columns into pieces that fit, at grapheme
    /// boundaries (and inside `[n]` markers when even those do not fit).
    fn break_long_words(&mut self, text: &str, limit: usize) {
        let limit = limit.max(1);
        if self.frags.iter().all(|f| f.width <= limit) {
            return;
        }
        let mut atoms = Vec::with_capacity(self.atoms.len() + 16);
        let mut frags = Vec::with_capacity(self.frags.len() + 16);
        for frag in &self.frags {
            let old = &self.atoms[frag.atoms.0..frag.atoms.1];
            if frag.width <= limit {
                let start = atoms.len();
                atoms.extend_from_slice(old);
                frags.push(Frag {
                    atoms: (start, atoms.len()),
                    ..*frag
                });
                continue;
            }
            let mut breaker = Breaker {
                atoms: &mut atoms,
                frags: &mut frags,
                limit,
                piece_start: 0,
                piece_width: 0,
            };
            breaker.piece_start = breaker.atoms.len();
            for atom in old {
                match atom.kind {
                    AtomKind::Text | AtomKind::TooWide => {
                        let mut pos = atom.start;
                        for g in text[atom.start..atom.end].graphemes(true) {
                            breaker.push(*atom, pos, pos + g.len(), text_width(g));
                            pos += g.len();
                        }
                    }
                    AtomKind::Ref { .. } => {
                        // `[n]` is ASCII: one column per byte.
                        for i in atom.start..atom.end {
                            breaker.push(*atom, i, i + 1, 1);
                        }
                    }
                }
            }
            breaker.close(frag.space, frag.gap);
        }
        self.atoms = atoms;
        self.frags = frags;
    }

    /// The fragments cut at the line breaks of the text (a listing keeps its lines; other
    /// blocks have none, and come back whole).
    fn hard_lines<'a>(&'a self, text: &'a str) -> impl Iterator<Item = &'a [Frag]> + 'a {
        let mut rest = &self.frags[..];
        let has_breaks = text.contains('\n');
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let end = if has_breaks {
                rest.iter()
                    .position(|f| {
                        text.as_bytes()
                            .get(f.gap.0..f.gap.1)
                            .is_some_and(|gap| gap.contains(&b'\n'))
                    })
                    .map_or(rest.len(), |i| i + 1)
            } else {
                rest.len()
            };
            let (line, tail) = rest.split_at(end);
            rest = tail;
            Some(line)
        })
    }

    /// Appends the spans of one wrapped line.
    fn render_line(&self, text: &str, frags: &[Frag], out: &mut SpanBuilder) {
        for (i, frag) in frags.iter().enumerate() {
            for atom in &self.atoms[frag.atoms.0..frag.atoms.1] {
                out.push_atom(atom);
            }
            if i + 1 < frags.len() && frag.space > 0 {
                let next = &frags[i + 1];
                let before = self.atoms[..frag.atoms.1].last().and_then(|a| a.sentence);
                let after = self.atoms.get(next.atoms.0).and_then(|a| a.sentence);
                let sentence = if before == after { before } else { None };
                let (start, end) = frag.gap;
                if text.get(start..end) == Some(" ") {
                    out.push_text(start..end, sentence);
                } else {
                    out.push_decoration(" ");
                }
            }
        }
    }
}

/// Splits a fragment into pieces no wider than `limit`.
struct Breaker<'a> {
    atoms: &'a mut Vec<Atom>,
    frags: &'a mut Vec<Frag>,
    limit: usize,
    piece_start: usize,
    piece_width: usize,
}

impl Breaker<'_> {
    /// Adds bytes `start..end` of `from` (one grapheme, `width` columns) to the piece.
    fn push(&mut self, from: Atom, start: usize, end: usize, width: usize) {
        let (kind, width) = if width > self.limit {
            // Only a two-column grapheme on a one-column line gets here.
            (AtomKind::TooWide, 1)
        } else {
            (from.kind, width)
        };
        if self.piece_width + width > self.limit && self.piece_width > 0 {
            self.close(0, (start, start));
        }
        self.piece_width += width;
        if let Some(last) = self.atoms[self.piece_start..].last_mut()
            && last.kind == kind
            && kind != AtomKind::TooWide
            && last.anchor == from.anchor
            && last.end == start
        {
            last.end = end;
            last.width += width;
            return;
        }
        self.atoms.push(Atom {
            kind,
            start,
            end,
            width,
            ..from
        });
    }

    fn close(&mut self, space: usize, gap: (usize, usize)) {
        if self.atoms.len() > self.piece_start {
            self.frags.push(Frag {
                atoms: (self.piece_start, self.atoms.len()),
                width: self.piece_width,
                space,
                gap,
            });
        }
        self.piece_start = self.atoms.len();
        self.piece_width = 0;
    }
}

/// Byte ranges of the words of `text`: runs of characters between breaking whitespace.
struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Self {
        Words { text, pos: 0 }
    }
}

impl Words<'_> {
    /// Whether a break space starts at byte `i`, and its length in bytes.
    #[inline]
    fn space_at(&self, i: usize) -> (bool, usize) {
        let b = self.text.as_bytes()[i];
        if b.is_ascii() {
            return (matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c), 1);
        }
        match self.text[i..].chars().next() {
            Some(c) => (is_break_space(c), c.len_utf8()),
            None => (false, 1),
        }
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let len = self.text.len();
        let mut i = self.pos;
        while i < len {
            let (space, step) = self.space_at(i);
            if !space {
                break;
            }
            i += step;
        }
        if i >= len {
            self.pos = len;
            return None;
        }
        let start = i;
        while i < len {
            let (space, step) = self.space_at(i);
            if space {
                break;
            }
            i += step;
        }
        self.pos = i;
        Some((start, i))
    }
}

/// Collects the spans of a line, merging neighbours that continue each other.
#[derive(Default)]
struct SpanBuilder {
    spans: Vec<LineSpan>,
}

impl SpanBuilder {
    fn push_decoration(&mut self, text: &str) {
        self.spans.push(LineSpan {
            text: text.to_string(),
            role: SpanRole::Decoration,
            source: 0..0,
            sentence: None,
            marks: Marks::default(),
        });
    }

    /// Text spans are collected as byte ranges and get their text once, in `finish`:
    /// merging words then costs no copying.
    fn push_text(&mut self, range: Range<usize>, sentence: Option<usize>) {
        if let Some(last) = self.spans.last_mut()
            && last.role == SpanRole::Text
            && last.sentence == sentence
            && last.source.end == range.start
            && last.text.is_empty()
        {
            last.source.end = range.end;
            return;
        }
        self.spans.push(LineSpan {
            text: String::new(),
            role: SpanRole::Text,
            source: range,
            sentence,
            marks: Marks::default(),
        });
    }

    fn push_atom(&mut self, atom: &Atom) {
        match atom.kind {
            AtomKind::Text => self.push_text(atom.start..atom.end, atom.sentence),
            AtomKind::TooWide => self.spans.push(LineSpan {
                text: "?".to_string(),
                role: SpanRole::Text,
                // Not mergeable: its text is not its source.
                source: atom.start..atom.end,
                sentence: atom.sentence,
                marks: Marks::default(),
            }),
            AtomKind::Ref { index, number } => {
                let role = SpanRole::NoteRef { index, number };
                let whole = atom.start == 0 && atom.end == marker_len(number);
                let mut shown = String::new();
                if whole {
                    let _ = write!(shown, "[{number}]");
                } else {
                    let marker = format!("[{number}]");
                    shown.push_str(marker.get(atom.start..atom.end).unwrap_or(""));
                }
                if let Some(last) = self.spans.last_mut()
                    && last.role == role
                    && !whole
                {
                    last.text.push_str(&shown);
                    return;
                }
                self.spans.push(LineSpan {
                    text: shown,
                    role,
                    source: atom.anchor..atom.anchor,
                    sentence: atom.sentence,
                    marks: Marks::default(),
                });
            }
        }
    }

    fn finish(mut self, text: &str) -> Vec<LineSpan> {
        for span in &mut self.spans {
            if span.role == SpanRole::Text && span.text.is_empty() {
                span.text = text.get(span.source.clone()).unwrap_or("").to_string();
            }
        }
        self.spans
    }
}

#[cfg(test)]
mod tests;
