//! A document as the reader sees it: the blocks shown, the references in reading order,
//! and a lazy cache of laid-out lines per width; plus reading positions and how they move.
//!
//! Positions are (visible block, line in block) rather than a global line number, so that
//! re-wrapping for a new width keeps the paragraph at the top where it was, and so that a
//! huge document only ever lays out the blocks that are looked at. The cache is a memo
//! (interior mutability): filling it changes no observable state. No terminal here.

use super::search::Match;
use crate::document::{Document, RefLocation};
use crate::layout::{DisplayLine, Shown, SpanRole, layout_block, layout_fold, shown};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::rc::Rc;

/// Where a pane's top line is: `vis` indexes `DocView::visible`, `line` the display line
/// within that block's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub vis: usize,
    pub line: usize,
}

/// Widths kept in the cache at once; resizing through many sizes must not grow it forever.
const CACHED_WIDTHS: usize = 4;

type BlockLines = Rc<Vec<DisplayLine>>;

/// A loaded document with what the reader derives from it.
#[derive(Debug)]
pub struct DocView {
    pub doc: std::sync::Arc<Document>,
    /// Its identity in saved state and links: the document's content id (`Document::id`),
    /// or `source` for a document built by hand.
    pub key: String,
    /// Where it was opened from: its canonical path, or `bundled:NAME`.
    pub source: String,
    /// What the reader shows, in order, as indices into `doc.blocks`, ascending: each block
    /// shown, and for each run of hidden page furniture its first block (see `folds`).
    pub visible: Vec<usize>,
    /// The entries of `visible` that stand for hidden chrome (one dim fold line each):
    /// visible index → the blocks it hides. Empty while `show_chrome`.
    folds: BTreeMap<usize, Range<usize>>,
    /// The page furniture is shown in place (dimmed) instead of folded away.
    pub show_chrome: bool,
    /// `byte_starts[i]` = text bytes of `visible[..i]`; one longer than `visible`.
    byte_starts: Vec<u64>,
    /// References of shown blocks in reading order.
    pub refs: Vec<RefLocation>,
    cache: RefCell<Vec<(u16, HashMap<usize, BlockLines>)>>,
    /// The last search's matches (a memo: `n` after Esc, or Enter after the background
    /// search answered, does not search again).
    found: RefCell<Option<(String, Vec<Match>)>>,
    /// Only the beginning of a large file, shown while the whole file is read.
    pub partial: bool,
}

impl DocView {
    pub fn new(doc: Document, source: String) -> Self {
        let key = if doc.id.is_empty() {
            source.clone()
        } else {
            doc.id.clone()
        };
        let mut dv = DocView {
            doc: std::sync::Arc::new(doc),
            key,
            source,
            visible: Vec::new(),
            folds: BTreeMap::new(),
            show_chrome: false,
            byte_starts: Vec::new(),
            refs: Vec::new(),
            cache: RefCell::new(Vec::new()),
            found: RefCell::new(None),
            partial: false,
        };
        dv.arrange();
        dv
    }

    /// Shows the page furniture in place (dimmed) or folds it away again. Positions into
    /// this view (`Pos`) are invalid afterwards: map them through `block_of` and
    /// `vis_holding` (the workspace does, for every pane on the document).
    pub fn set_show_chrome(&mut self, show: bool) {
        if self.show_chrome != show {
            self.show_chrome = show;
            self.arrange();
        }
    }

    /// Whether the document has any page furniture to show or hide.
    pub fn has_chrome(&self) -> bool {
        self.doc.blocks.iter().any(|b| b.chrome)
    }

    /// Fills `visible`, `folds`, `byte_starts` and `refs` from the document and
    /// `show_chrome`, and forgets laid-out lines.
    fn arrange(&mut self) {
        self.visible.clear();
        self.folds.clear();
        for item in shown(&self.doc, self.show_chrome) {
            match item {
                Shown::Block(b) => self.visible.push(b),
                Shown::Fold(blocks) => {
                    self.folds.insert(self.visible.len(), blocks.clone());
                    self.visible.push(blocks.start);
                }
            }
        }
        let mut total = 0u64;
        self.byte_starts = Vec::with_capacity(self.visible.len() + 1);
        self.byte_starts.push(0);
        for (vis, &b) in self.visible.iter().enumerate() {
            // A fold line stands for no text of its own: it adds nothing to the progress.
            if !self.folds.contains_key(&vis) {
                total += self.doc.blocks[b].text.len() as u64 + 1;
            }
            self.byte_starts.push(total);
        }
        let visible = &self.visible;
        let folds = &self.folds;
        self.refs = self
            .doc
            .references()
            .filter(|r| {
                visible
                    .binary_search(&r.block)
                    .is_ok_and(|v| !folds.contains_key(&v))
            })
            .collect();
        self.cache.borrow_mut().clear();
        *self.found.borrow_mut() = None;
    }

    /// The blocks whose text is shown (folds left out), in order: what search looks in.
    pub fn text_blocks(&self) -> Vec<usize> {
        self.visible
            .iter()
            .enumerate()
            .filter(|(v, _)| !self.folds.contains_key(v))
            .map(|(_, &b)| b)
            .collect()
    }

    /// The hidden blocks visible entry `vis` stands for, if it is a fold line.
    pub fn fold_at(&self, vis: usize) -> Option<Range<usize>> {
        self.folds.get(&vis).cloned()
    }

    /// The visible entry that shows `block`: the block itself, or the fold hiding it.
    pub fn vis_holding(&self, block: usize) -> usize {
        let after = self.visible.partition_point(|&b| b <= block);
        match after.checked_sub(1) {
            Some(v)
                if self.visible[v] == block
                    || self.folds.get(&v).is_some_and(|r| r.contains(&block)) =>
            {
                v
            }
            _ => self.vis_of_block(block),
        }
    }

    /// The top position `percent` (0..=100) of the way through the text, by bytes.
    pub fn pos_at_percent(&self, percent: usize) -> Pos {
        let total = self.text_bytes();
        let target = total.saturating_mul(percent.min(100) as u64) / 100;
        let vis = self
            .byte_starts
            .partition_point(|&b| b <= target)
            .saturating_sub(1)
            .min(self.visible.len().saturating_sub(1));
        Pos { vis, line: 0 }
    }

    /// Bytes of text shown (what a search reads).
    pub fn text_bytes(&self) -> u64 {
        self.byte_starts.last().copied().unwrap_or(0)
    }

    /// The matches of `query` in the shown blocks (see `search::find_all`), remembered for
    /// the next call with the same query.
    pub fn find(&self, query: &str) -> Vec<Match> {
        if let Some((q, found)) = &*self.found.borrow()
            && q == query
        {
            return found.clone();
        }
        let found = super::search::find_all(&self.doc, &self.text_blocks(), query);
        self.remember(query, &found);
        found
    }

    /// Whether `find(query)` would answer from the memo.
    pub fn has_found(&self, query: &str) -> bool {
        self.found
            .borrow()
            .as_ref()
            .is_some_and(|(q, _)| q == query)
    }

    /// Keeps matches found elsewhere (a background search) for `find`.
    pub fn remember(&self, query: &str, found: &[Match]) {
        *self.found.borrow_mut() = Some((query.to_string(), found.to_vec()));
    }

    pub fn title(&self) -> &str {
        let t = self.doc.title().trim();
        // `doc.path` is the file name made safe to show (the key is the raw path).
        if !t.is_empty() {
            t
        } else if !self.doc.path.is_empty() {
            &self.doc.path
        } else {
            "(untitled)"
        }
    }

    pub fn is_empty(&self) -> bool {
        self.visible.is_empty()
    }

    /// The display lines of visible block `vis` at `width`, laid out on first use.
    pub fn lines(&self, vis: usize, width: u16) -> BlockLines {
        let Some(&block) = self.visible.get(vis) else {
            return Rc::new(Vec::new());
        };
        let mut cache = self.cache.borrow_mut();
        let slot = match cache.iter().position(|(w, _)| *w == width) {
            Some(i) => i,
            None => {
                if cache.len() >= CACHED_WIDTHS {
                    cache.remove(0);
                }
                cache.push((width, HashMap::new()));
                cache.len() - 1
            }
        };
        cache[slot]
            .1
            .entry(vis)
            .or_insert_with(|| {
                Rc::new(match self.folds.get(&vis) {
                    Some(hidden) => layout_fold(&self.doc, hidden.clone(), width),
                    None => layout_block(&self.doc, block, width),
                })
            })
            .clone()
    }

    /// Number of display lines of block `vis` at `width` (at least 1 so positions exist).
    pub fn line_count(&self, vis: usize, width: u16) -> usize {
        self.lines(vis, width).len().max(1)
    }

    /// The visible index of `block`, or of the first shown block after it.
    pub fn vis_of_block(&self, block: usize) -> usize {
        self.visible
            .partition_point(|&b| b < block)
            .min(self.visible.len().saturating_sub(1))
    }

    pub fn block_of(&self, pos: Pos) -> Option<usize> {
        self.visible.get(pos.vis).copied()
    }

    /// The position showing `block` at its first line.
    pub fn pos_of_block(&self, block: usize) -> Pos {
        Pos {
            vis: self.vis_of_block(block),
            line: 0,
        }
    }

    /// The first line of block `vis` at `width` that shows some of the block (skipping the
    /// blank line a heading starts with).
    pub fn first_text_line(&self, vis: usize, width: u16) -> usize {
        self.lines(vis, width)
            .iter()
            .position(|l| !l.spans.is_empty())
            .unwrap_or(0)
    }

    /// Keeps `pos` inside the document at `width`.
    pub fn clamp(&self, pos: Pos, width: u16) -> Pos {
        if self.visible.is_empty() {
            return Pos::default();
        }
        let vis = pos.vis.min(self.visible.len() - 1);
        let line = pos.line.min(self.line_count(vis, width) - 1);
        Pos { vis, line }
    }

    /// `pos`, laid out at `from` columns, as the position at `to` columns that shows the
    /// same text at the top: the line holding `anchor` (a byte of the top block) when the
    /// old top line holds it, else the old top line's first character. Also gives the byte
    /// it kept. (A line number alone would drift: 30 narrow lines into a paragraph is past
    /// its end once the pane is wide.)
    pub fn rewrap(
        &self,
        pos: Pos,
        anchor: Option<usize>,
        from: u16,
        to: u16,
    ) -> (Pos, Option<usize>) {
        let pos = self.clamp(pos, from);
        if self.visible.is_empty() {
            return (pos, None);
        }
        let text_spans = |l: &DisplayLine| {
            l.spans
                .iter()
                .filter(|s| s.role != SpanRole::Decoration)
                .map(|s| s.source.clone())
                .collect::<Vec<_>>()
        };
        let old = self.lines(pos.vis, from);
        let old_line = old.get(pos.line).map(text_spans).unwrap_or_default();
        let holds = |at: usize| {
            old_line
                .iter()
                .any(|r| r.start <= at && at < r.end.max(r.start + 1))
        };
        let Some(at) = anchor
            .filter(|&at| holds(at))
            .or_else(|| old_line.first().map(|r| r.start))
        else {
            // A blank line: the one before a heading stays first, the one after the text last.
            let line = if pos.line == 0 { 0 } else { usize::MAX };
            return (self.clamp(Pos { line, ..pos }, to), None);
        };
        let new = self.lines(pos.vis, to);
        let line = new
            .iter()
            .position(|l| text_spans(l).iter().any(|r| r.end > at))
            .unwrap_or(usize::MAX);
        (self.clamp(Pos { line, ..pos }, to), Some(at))
    }

    /// `pos` moved down `n` display lines (not past the end).
    pub fn forward(&self, pos: Pos, n: usize, width: u16) -> Pos {
        let mut p = self.clamp(pos, width);
        let mut left = n;
        while left > 0 && !self.visible.is_empty() {
            let count = self.line_count(p.vis, width);
            let room = count - 1 - p.line;
            if left <= room {
                p.line += left;
                break;
            }
            if p.vis + 1 >= self.visible.len() {
                p.line = count - 1;
                break;
            }
            left -= room + 1;
            p = Pos {
                vis: p.vis + 1,
                line: 0,
            };
        }
        p
    }

    /// `pos` moved up `n` display lines (not before the start).
    pub fn backward(&self, pos: Pos, n: usize, width: u16) -> Pos {
        let mut p = self.clamp(pos, width);
        let mut left = n;
        while left > 0 {
            if left <= p.line {
                p.line -= left;
                break;
            }
            if p.vis == 0 {
                p.line = 0;
                break;
            }
            left -= p.line + 1;
            let vis = p.vis - 1;
            p = Pos {
                vis,
                line: self.line_count(vis, width) - 1,
            };
        }
        p
    }

    /// The last top position that still fills a screen of `height` lines.
    pub fn last_top(&self, width: u16, height: u16) -> Pos {
        if self.visible.is_empty() {
            return Pos::default();
        }
        let last = self.visible.len() - 1;
        let end = Pos {
            vis: last,
            line: self.line_count(last, width) - 1,
        };
        self.backward(end, usize::from(height.max(1)) - 1, width)
    }

    /// `pos` scrolled by `delta` lines, kept between the start and the last full screen.
    pub fn scrolled(&self, pos: Pos, delta: isize, width: u16, height: u16) -> Pos {
        let moved = if delta >= 0 {
            self.forward(pos, delta.unsigned_abs(), width)
        } else {
            self.backward(pos, delta.unsigned_abs(), width)
        };
        moved.min(self.last_top(width, height).max(pos.min(moved)))
    }

    /// The rows a pane of `height` shows from `top`: (visible block, line) per row.
    pub fn rows(&self, top: Pos, width: u16, height: u16) -> Vec<(usize, usize)> {
        let mut rows = Vec::with_capacity(usize::from(height));
        if self.visible.is_empty() {
            return rows;
        }
        let mut p = self.clamp(top, width);
        while rows.len() < usize::from(height) {
            let count = self.line_count(p.vis, width);
            while p.line < count && rows.len() < usize::from(height) {
                rows.push((p.vis, p.line));
                p.line += 1;
            }
            if p.vis + 1 >= self.visible.len() {
                break;
            }
            p = Pos {
                vis: p.vis + 1,
                line: 0,
            };
        }
        rows
    }

    /// How far through the text the end of the screen is, in percent.
    /// The position as the reader shows it: a percentage, or, for a preview, that the
    /// rest is still being read (a percentage of the preview would be wrong).
    pub fn position_label(&self, top: Pos, width: u16, height: u16) -> String {
        if self.partial {
            "reading the rest…".to_string()
        } else {
            format!("{}%", self.percent(top, width, height))
        }
    }

    pub fn percent(&self, top: Pos, width: u16, height: u16) -> u8 {
        let rows = self.rows(top, width, height);
        let Some(&(vis, line)) = rows.last() else {
            return 100;
        };
        let total = *self.byte_starts.last().unwrap_or(&0);
        if total == 0 {
            return 100;
        }
        let count = self.line_count(vis, width) as u64;
        let block_len = self.byte_starts[vis + 1] - self.byte_starts[vis];
        let done = self.byte_starts[vis] + block_len * (line as u64 + 1) / count;
        u8::try_from((done * 100 / total).min(100)).unwrap_or(100)
    }

    /// Forgets laid-out lines for widths no pane uses any more.
    pub fn retain_widths(&self, widths: &[u16]) {
        self.cache.borrow_mut().retain(|(w, _)| widths.contains(w));
    }

    /// Number of blocks laid out at `width` so far (for tests and benchmarks).
    pub fn laid_out_blocks(&self, width: u16) -> usize {
        self.cache
            .borrow()
            .iter()
            .find(|(w, _)| *w == width)
            .map_or(0, |(_, m)| m.len())
    }

    /// The line of block `vis` at `width` that shows reference `ref_index` of the block.
    pub fn line_of_ref(&self, vis: usize, ref_index: usize, width: u16) -> usize {
        use crate::layout::SpanRole;
        self.lines(vis, width)
            .iter()
            .position(|l| {
                l.spans.iter().any(
                    |s| matches!(s.role, SpanRole::NoteRef { index, .. } if index == ref_index),
                )
            })
            .unwrap_or(0)
    }

    /// The line of block `vis` at `width` that shows byte `offset` of the block text.
    pub fn line_of_offset(&self, vis: usize, offset: usize, width: u16) -> usize {
        let lines = self.lines(vis, width);
        let mut best = 0;
        for (i, l) in lines.iter().enumerate() {
            if l.spans
                .iter()
                .any(|s| !s.source.is_empty() && s.source.start <= offset)
            {
                best = i;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, BlockKind};

    fn doc(paragraphs: usize) -> DocView {
        let mut d = Document::default();
        d.meta.title = "T".into();
        d.blocks.push(Block::new(BlockKind::Title, "T"));
        for i in 0..paragraphs {
            d.blocks.push(Block::new(
                BlockKind::Paragraph,
                format!("paragraph {i} has some words that wrap at a narrow width"),
            ));
        }
        DocView::new(d, "t".into())
    }

    #[test]
    fn forward_and_backward_are_inverse_inside_the_document() {
        let d = doc(10);
        let start = Pos { vis: 2, line: 1 };
        for n in 0..20 {
            let f = d.forward(start, n, 20);
            assert_eq!(d.backward(f, n, 20), start, "n={n}");
        }
    }

    #[test]
    fn scrolling_stops_at_the_ends() {
        let d = doc(10);
        let top = d.scrolled(Pos::default(), -5, 20, 10);
        assert_eq!(top, Pos::default());
        let end = d.scrolled(Pos::default(), 10_000, 20, 10);
        assert_eq!(end, d.last_top(20, 10));
        assert_eq!(d.rows(end, 20, 10).len(), 10);
        assert_eq!(d.percent(end, 20, 10), 100);
        assert!(d.percent(Pos::default(), 20, 10) < 50);
    }

    #[test]
    fn only_visible_blocks_are_laid_out() {
        let d = doc(10_000);
        let rows = d.rows(Pos::default(), 80, 40);
        assert_eq!(rows.len(), 40);
        assert!(d.laid_out_blocks(80) < 50, "{}", d.laid_out_blocks(80));
    }

    #[test]
    fn position_survives_rewrap() {
        let d = doc(50);
        let top = Pos { vis: 20, line: 2 };
        let wide = d.clamp(top, 200);
        assert_eq!(wide.vis, 20);
        let rows = d.rows(wide, 200, 5);
        assert_eq!(rows[0].0, 20);
    }

    #[test]
    fn empty_document_is_safe() {
        let d = DocView::new(Document::default(), "e".into());
        assert!(d.rows(Pos::default(), 10, 10).is_empty());
        assert_eq!(d.scrolled(Pos { vis: 3, line: 9 }, 5, 1, 1), Pos::default());
        assert_eq!(d.percent(Pos::default(), 10, 10), 100);
    }
}
