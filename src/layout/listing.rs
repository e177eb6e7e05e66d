//! Laying out what is not wrapped: a listing (`BlockKind::Code`) line by line, exactly as
//! written, clipped at the right edge with `›`; and the fold line that stands in the
//! text where the reader hides blocks of page furniture ("⋯ 6 lines of page furniture").
//!
//! Owns only these two shapes; wrapping prose is the business of `layout`. Like the rest
//! of `layout`, it is pure: it reads the document and returns display lines.

use super::{DisplayLine, LineKind, LineSpan, Marks, SpanRole, text_width};
use crate::document::Document;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// The mark at the right edge of a listing line that goes on past the width.
pub const CLIPPED: &str = "›";

/// The display lines of listing `block` (whose text is `text`) at `width` columns: one
/// line per source line, never wrapped; a line wider than `width` shows what fits in
/// `width - 1` columns and then `›`. Each `Text` span shows exactly its source bytes.
pub(super) fn layout_code(block: usize, text: &str, width: usize) -> Vec<DisplayLine> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let range = start..start + line.len();
        start = range.end + 1;
        lines.push(DisplayLine {
            block: Some(block),
            kind: LineKind::Code,
            spans: code_line(line, range, width),
        });
    }
    lines.push(DisplayLine::blank());
    lines
}

fn code_line(line: &str, range: Range<usize>, width: usize) -> Vec<LineSpan> {
    let text_span = |shown: &str| LineSpan {
        text: shown.to_string(),
        role: SpanRole::Text,
        source: range.start..range.start + shown.len(),
        sentence: None,
        marks: Marks::default(),
    };
    if line.is_empty() {
        return Vec::new();
    }
    if text_width(line) <= width {
        return vec![text_span(line)];
    }
    // What fits in the width less the one column of the mark, cut between graphemes.
    let room = width.saturating_sub(1);
    let mut used = 0;
    let mut end = 0;
    for (i, g) in line.grapheme_indices(true) {
        let w = text_width(g);
        if used + w > room {
            break;
        }
        used += w;
        end = i + g.len();
    }
    let mut spans = Vec::new();
    if end > 0 {
        spans.push(text_span(&line[..end]));
    }
    spans.push(LineSpan {
        text: CLIPPED.to_string(),
        role: SpanRole::Decoration,
        source: 0..0,
        sentence: None,
        marks: Marks::default(),
    });
    spans
}

/// What the reader shows, in order: a block, or a fold standing for a run of blocks it
/// hides (page furniture, shown again on request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Block(usize),
    /// The hidden blocks, consecutive in the document.
    Fold(Range<usize>),
}

/// The blocks of `doc` in reading order, each run of chrome blocks folded into one
/// `Shown::Fold` unless `show_chrome`.
pub fn shown(doc: &Document, show_chrome: bool) -> impl Iterator<Item = Shown> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let b = doc.blocks.get(i)?;
        if show_chrome || !b.chrome {
            i += 1;
            return Some(Shown::Block(i - 1));
        }
        let start = i;
        while doc.blocks.get(i).is_some_and(|b| b.chrome) {
            i += 1;
        }
        Some(Shown::Fold(start..i))
    })
}

/// How many source lines the blocks `blocks` of `doc` hold (a listing counts each line).
pub fn hidden_lines(doc: &Document, blocks: Range<usize>) -> usize {
    doc.blocks
        .get(blocks)
        .unwrap_or_default()
        .iter()
        .map(|b| b.text.split('\n').count())
        .sum()
}

/// The fold line for the hidden `blocks` ("⋯ 6 lines of page furniture", cut to `width`),
/// then a blank line. Its `block` is the first hidden block, so a reader can tell which
/// fold is under the cursor and open it.
pub fn layout_fold(doc: &Document, blocks: Range<usize>, width: u16) -> Vec<DisplayLine> {
    let n = hidden_lines(doc, blocks.clone());
    let label = format!(
        "⋯ {n} line{} of page furniture",
        if n == 1 { "" } else { "s" }
    );
    let width = usize::from(width.max(1));
    let shown: String = label
        .graphemes(true)
        .scan(0, |used, g| {
            *used += text_width(g);
            (*used <= width).then_some(g)
        })
        .collect();
    vec![
        DisplayLine {
            block: Some(blocks.start),
            kind: LineKind::Fold,
            spans: vec![LineSpan {
                text: shown,
                role: SpanRole::Decoration,
                source: 0..0,
                sentence: None,
                marks: Marks::default(),
            }],
        },
        DisplayLine::blank(),
    ]
}

/// The display lines of one shown item at `width`.
pub fn layout_shown(doc: &Document, item: &Shown, width: u16) -> Vec<DisplayLine> {
    match item {
        Shown::Block(b) => super::layout_block(doc, *b, width),
        Shown::Fold(blocks) => layout_fold(doc, blocks.clone(), width),
    }
}
