//! Wrapping a `Document` to a width, keeping for every display line where it came from.
//!
//! Pure: no terminal, no styling beyond a semantic `LineKind`/`SpanRole` that the view maps
//! to colours. Blocks wrap independently, so a caller can lay out only the blocks it is
//! about to show (`layout_block`) and leave the rest for later.

use crate::document::{Block, BlockKind, Document};
use std::ops::Range;

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
}

/// What a piece of a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanRole {
    /// Text of the block; `source` says which bytes.
    Text,
    /// Decoration that is not in the text: a list marker, an indent.
    Decoration,
    /// A note reference shown as `[n]`; `index` is its position in `Block::refs`.
    NoteRef { index: usize, number: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSpan {
    pub text: String,
    pub role: SpanRole,
    /// Byte range of `Block::text` this span shows (empty for decorations and refs).
    pub source: Range<usize>,
    /// Sentence (index into `Document::sentences`) this span belongs to, if any.
    pub sentence: Option<usize>,
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
}

/// Blocks shown in the reader, in order.
pub fn visible_blocks(doc: &Document, show_chrome: bool) -> impl Iterator<Item = usize> + '_ {
    doc.blocks
        .iter()
        .enumerate()
        .filter(move |(_, b)| show_chrome || !b.chrome)
        .map(|(i, _)| i)
}

/// The display lines of one block at `width` columns, followed by one blank line.
pub fn layout_block(doc: &Document, block: usize, width: u16) -> Vec<DisplayLine> {
    let b = &doc.blocks[block];
    let kind = line_kind(b);
    let width = usize::from(width.max(1));
    let text =
        crate::document::render_with_refs(&b.text, b.refs.iter().map(|r| (r.offset, r.number)));
    let mut lines: Vec<DisplayLine> = textwrap::wrap(&text, width)
        .into_iter()
        .map(|l| DisplayLine {
            block: Some(block),
            kind,
            spans: vec![LineSpan {
                text: l.into_owned(),
                role: SpanRole::Text,
                source: 0..0,
                sentence: None,
            }],
        })
        .collect();
    lines.push(DisplayLine {
        block: None,
        kind: LineKind::Blank,
        spans: Vec::new(),
    });
    lines
}

/// The whole document laid out.
pub fn layout_document(doc: &Document, width: u16, show_chrome: bool) -> Vec<DisplayLine> {
    visible_blocks(doc, show_chrome)
        .flat_map(|b| layout_block(doc, b, width))
        .collect()
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
        BlockKind::Caption => LineKind::Caption,
        BlockKind::NoteEntry { .. } => LineKind::NoteEntry,
    }
}
