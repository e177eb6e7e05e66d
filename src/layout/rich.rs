//! Layout of what structured formats add to a block: inline styling and links (`Marks`
//! on each text span, so a view can style emphasis, code and links without knowing the
//! document), and tables laid out in aligned columns.
//!
//! Pure like the rest of `layout`: it reads a `Block` and writes `DisplayLine`s, keeping
//! the promise that every text span shows exactly `block.text[span.source]`. It does not
//! wrap paragraphs (that is `layout`'s) and does not lay out listings (`Code`).

use super::{DisplayLine, LineKind, LineSpan, SpanRole, text_width};
use crate::document::{Block, Inline};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// How the source marks a piece of text: for styling only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Marks {
    pub emphasis: bool,
    pub strong: bool,
    pub code: bool,
    pub strikethrough: bool,
    /// Part of a link; `Block::link_at(span.source.start)` gives its target.
    pub link: bool,
}

impl Marks {
    pub fn is_plain(&self) -> bool {
        *self == Marks::default()
    }

    fn add(&mut self, style: &Inline) {
        match style {
            Inline::Emphasis => self.emphasis = true,
            Inline::Strong => self.strong = true,
            Inline::Code => self.code = true,
            Inline::Strikethrough => self.strikethrough = true,
            Inline::Link { .. } => self.link = true,
        }
    }
}

/// The marks of the text at byte `offset` of `block`.
pub fn marks_at(block: &Block, offset: usize) -> Marks {
    let mut marks = Marks::default();
    for s in &block.spans {
        if s.range.start > offset {
            break;
        }
        if offset < s.range.end {
            marks.add(&s.style);
        }
    }
    marks
}

/// Splits the text spans of `lines` where the block's inline spans begin or end, and
/// marks each piece.
pub(super) fn apply_marks(block: &Block, lines: &mut [DisplayLine]) {
    if block.spans.is_empty() {
        return;
    }
    let mut cuts: Vec<usize> = block
        .spans
        .iter()
        .flat_map(|s| [s.range.start, s.range.end])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    for line in lines {
        let mut out = Vec::with_capacity(line.spans.len());
        for span in line.spans.drain(..) {
            let exact = span.role == SpanRole::Text
                && block.text.get(span.source.clone()) == Some(span.text.as_str());
            if !exact {
                let marks = if span.role == SpanRole::Text {
                    marks_at(block, span.source.start)
                } else {
                    span.marks
                };
                out.push(LineSpan { marks, ..span });
                continue;
            }
            let mut start = span.source.start;
            let inner = cuts
                .iter()
                .copied()
                .filter(|&c| c > span.source.start && c < span.source.end);
            for end in inner.chain(std::iter::once(span.source.end)) {
                out.push(LineSpan {
                    text: block.text[start..end].to_string(),
                    role: SpanRole::Text,
                    source: start..end,
                    sentence: span.sentence,
                    marks: marks_at(block, start),
                });
                start = end;
            }
        }
        line.spans = out;
    }
}

/// Column separator and the rule under a table's head.
const SEPARATOR: &str = " │ ";
const RULE_CROSS: &str = "─┼─";

/// A table in aligned columns: each cell padded to its column's width, the head in bold
/// and ruled off. A row wider than `width` is clipped, with `›` at the right edge.
pub(super) fn table_lines(block: &Block, index: usize, width: usize) -> Vec<DisplayLine> {
    let header_rows = match block.kind {
        crate::document::BlockKind::Table { header_rows } => usize::from(header_rows),
        _ => 0,
    };
    let rows = cell_ranges(&block.text);
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in &rows {
        for (c, range) in row.iter().enumerate() {
            widths[c] = widths[c].max(text_width(&block.text[range.clone()]));
        }
    }
    let mut lines = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut spans = Vec::new();
        for (c, range) in row.iter().enumerate() {
            if c > 0 {
                spans.push(decoration(SEPARATOR));
            }
            let cell = &block.text[range.clone()];
            if !cell.is_empty() {
                spans.push(LineSpan {
                    text: cell.to_string(),
                    role: SpanRole::Text,
                    source: range.clone(),
                    sentence: None,
                    marks: Marks {
                        strong: r < header_rows,
                        ..marks_at(block, range.start)
                    },
                });
            }
            let pad = widths[c] - text_width(cell);
            if pad > 0 && c + 1 < row.len() {
                spans.push(decoration(&" ".repeat(pad)));
            }
        }
        lines.push(clip(
            DisplayLine {
                block: Some(index),
                kind: LineKind::Paragraph,
                spans,
            },
            width,
        ));
        if r + 1 == header_rows && rows.len() > header_rows {
            let rule = widths
                .iter()
                .map(|w| "─".repeat(*w))
                .collect::<Vec<_>>()
                .join(RULE_CROSS);
            lines.push(clip(
                DisplayLine {
                    block: Some(index),
                    kind: LineKind::Paragraph,
                    spans: vec![decoration(&rule)],
                },
                width,
            ));
        }
    }
    lines.push(DisplayLine {
        block: None,
        kind: LineKind::Blank,
        spans: Vec::new(),
    });
    lines
}

/// Byte ranges of each cell of each row of a table block's text.
fn cell_ranges(text: &str) -> Vec<Vec<Range<usize>>> {
    let mut rows = Vec::new();
    let mut row_start = 0;
    for row in text.split('\n') {
        let mut cells = Vec::new();
        let mut cell_start = row_start;
        for cell in row.split('\t') {
            cells.push(cell_start..cell_start + cell.len());
            cell_start += cell.len() + 1;
        }
        rows.push(cells);
        row_start += row.len() + 1;
    }
    rows
}

fn decoration(text: &str) -> LineSpan {
    LineSpan {
        text: text.to_string(),
        role: SpanRole::Decoration,
        source: 0..0,
        sentence: None,
        marks: Marks::default(),
    }
}

/// `line` cut to `width` columns, the last one a `›` when anything was cut.
fn clip(mut line: DisplayLine, width: usize) -> DisplayLine {
    if line.width() <= width {
        return line;
    }
    let room = width.saturating_sub(1);
    let mut used = 0;
    let mut kept = Vec::new();
    for mut span in line.spans.drain(..) {
        let w = text_width(&span.text);
        if used + w <= room {
            used += w;
            kept.push(span);
            continue;
        }
        let mut cut = 0;
        for g in span.text.graphemes(true) {
            let gw = text_width(g);
            if used + gw > room {
                break;
            }
            used += gw;
            cut += g.len();
        }
        if cut > 0 {
            span.text.truncate(cut);
            if span.role == SpanRole::Text {
                span.source = span.source.start..span.source.start + cut;
            }
            kept.push(span);
        }
        break;
    }
    if width > 0 {
        kept.push(decoration("›"));
    }
    line.spans = kept;
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document, Span};

    fn table_doc(text: &str) -> Document {
        let mut doc = Document::default();
        doc.blocks
            .push(Block::new(BlockKind::Table { header_rows: 1 }, text));
        doc
    }

    #[test]
    fn columns_line_up_and_the_head_is_ruled_off() {
        let doc = table_doc("Gauge\tWidth\nStandard\t1435\nIberian\t1668");
        let lines = super::super::layout_block(&doc, 0, 80);
        let text: Vec<String> = lines.iter().map(DisplayLine::text).collect();
        assert_eq!(
            text,
            vec![
                "Gauge    │ Width",
                "─────────┼──────",
                "Standard │ 1435",
                "Iberian  │ 1668",
                ""
            ]
        );
        assert!(lines[0].spans[0].marks.strong);
        assert!(!lines[2].spans[0].marks.strong);
        for line in &lines {
            for s in line.spans.iter().filter(|s| s.role == SpanRole::Text) {
                assert_eq!(s.text, doc.blocks[0].text[s.source.clone()]);
            }
        }
    }

    #[test]
    fn a_wide_table_is_clipped_with_a_mark() {
        let doc = table_doc("a\tbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\nc\td");
        let lines = super::super::layout_block(&doc, 0, 12);
        assert_eq!(lines[0].text(), "a │ bbbbbbb›");
        assert!(lines.iter().all(|l| l.width() <= 12));
    }

    #[test]
    fn styled_text_is_split_and_marked() {
        let mut doc = Document::default();
        let mut block = Block::new(BlockKind::Paragraph, "plain bold link end");
        block.spans = vec![
            Span {
                range: 6..10,
                style: Inline::Strong,
            },
            Span {
                range: 11..15,
                style: Inline::Link {
                    target: "https://x.org".into(),
                },
            },
        ];
        doc.blocks.push(block);
        let lines = super::super::layout_block(&doc, 0, 80);
        let pieces: Vec<(&str, Marks)> = lines[0]
            .spans
            .iter()
            .map(|s| (s.text.as_str(), s.marks))
            .collect();
        let bold = Marks {
            strong: true,
            ..Marks::default()
        };
        let link = Marks {
            link: true,
            ..Marks::default()
        };
        assert_eq!(
            pieces,
            vec![
                ("plain ", Marks::default()),
                ("bold", bold),
                (" ", Marks::default()),
                ("link", link),
                (" end", Marks::default()),
            ]
        );
        assert_eq!(doc.blocks[0].link_at(12), Some("https://x.org"));
    }
}
