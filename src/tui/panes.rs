//! The workspace: the documents loaded and the panes that show them. Owns the documents
//! (`DocView`s, with their layout caches), the panes (what each shows, where, what is
//! selected in it), the split tree, the focus, the screen size, and where every document
//! was left (`positions`).
//!
//! It is the base layer under the overlays: the document view (`reader`) and compare
//! change it through its methods. It never touches the terminal, never decides what a key
//! means, and imports no component above it.

pub mod split;

use super::action::Action;
use super::jumps::Loc;
use super::reading::{DocView, Pos};
use super::search::Match;
use super::state::{DocEntry, Position, STATE_VERSION, SavedPane, SavedState};
use crate::document::{BlockKind, Document};
use ratatui::layout::Rect;
use split::{Dir, Split};
use std::collections::BTreeMap;

/// Text columns never get wider than this: long lines are hard to read.
pub const MAX_TEXT_WIDTH: u16 = 100;
/// Below this the reader shows a "too small" message instead of panes.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

/// Search results in a pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResults {
    pub query: String,
    pub matches: Vec<Match>,
    pub current: Option<usize>,
    /// Found with `?`: `n` goes on backward, `N` forward.
    pub backward: bool,
    /// The pane's top when `current` was shown: while the pane stays there, `n` goes on
    /// from the current match; once it moved, from the top of the screen (the cursor).
    pub shown_at: Option<Pos>,
}

/// One view onto a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pane {
    /// Index into `Workspace::docs`.
    pub doc: usize,
    pub top: Pos,
    /// The selected reference: index into `DocView::refs`.
    pub selected_ref: Option<usize>,
    /// The block a jump to a note landed on, marked in the gutter until the next move
    /// away from it, so the eye finds it.
    pub landing: Option<usize>,
    pub search: Option<SearchResults>,
    /// The selected sentence (index into `Document::sentences`), for compare mode.
    pub sentence: Option<usize>,
    /// The byte (of the top block) that the last re-wrap kept on the top line. While the
    /// top line still holds it, the next re-wrap keeps it too: going wide then narrow
    /// again must not drift back to where the wide line began.
    pub wrap_anchor: Option<(usize, usize)>,
}

impl Pane {
    pub fn new(doc: usize, top: Pos) -> Self {
        Pane {
            doc,
            top,
            selected_ref: None,
            landing: None,
            search: None,
            sentence: None,
            wrap_anchor: None,
        }
    }
}

/// The documents and the panes that show them.
#[derive(Debug)]
pub struct Workspace {
    pub docs: Vec<DocView>,
    /// For each bundled article, its index in `docs` once parsed.
    pub bundled: Vec<Option<usize>>,
    pub panes: Vec<Pane>,
    pub layout: Option<Split>,
    pub focus: usize,
    /// Terminal size in cells.
    pub width: u16,
    pub height: u16,
    /// Rows under the panes taken by a label (compare mode's), above the status line.
    pub label_rows: u16,
    /// Where documents were left, by document id (from the state file, updated as panes
    /// move on).
    pub positions: BTreeMap<String, Position>,
    /// Every article opened, by document id, as the library lists it.
    pub documents: BTreeMap<String, DocEntry>,
    /// Articles removed from the library, by id, and when.
    pub removed: BTreeMap<String, u64>,
    /// The documents the user opened (in panes or in the background), in order: what
    /// Ctrl-n / Ctrl-p go through.
    pub open_docs: Vec<usize>,
    /// The last pattern searched for, and whether backward: `n` finds it again after Esc
    /// hid the matches.
    pub last_search: Option<(String, bool)>,
}

impl Workspace {
    pub fn new(width: u16, height: u16) -> Self {
        Workspace {
            docs: Vec::new(),
            bundled: vec![None; crate::library::BUNDLED.len()],
            panes: Vec::new(),
            layout: None,
            focus: 0,
            width,
            height,
            label_rows: 0,
            positions: BTreeMap::new(),
            documents: BTreeMap::new(),
            removed: BTreeMap::new(),
            open_docs: Vec::new(),
            last_search: None,
        }
    }

    /// Adds a loaded document (opened from `source`); returns its index in `docs`. The
    /// same article already loaded (the same content, however it was opened) is not
    /// loaded twice: its index comes back.
    pub fn add_document(&mut self, doc: Document, source: String) -> usize {
        if !doc.id.is_empty()
            && let Some(d) = self
                .docs
                .iter()
                .position(|dv| !dv.partial && dv.key == doc.id)
        {
            return d;
        }
        let mut dv = DocView::new(doc, source);
        dv.set_show_chrome(self.positions.get(&dv.key).is_some_and(|p| p.chrome));
        self.docs.push(dv);
        self.docs.len() - 1
    }

    /// Shows the page furniture of the focused pane's document in place, or folds it away
    /// again; every pane on the document keeps the block at its top (an opened fold's
    /// pane shows its first hidden line where the fold line was). Returns whether it is now
    /// shown, or `None` when the document has no furniture.
    pub fn toggle_chrome(&mut self) -> Option<bool> {
        let d = self.focused()?.doc;
        if !self.docs[d].has_chrome() {
            return None;
        }
        let show = !self.docs[d].show_chrome;
        let tops: Vec<(usize, Option<usize>)> = self
            .panes
            .iter()
            .enumerate()
            .filter(|(_, p)| p.doc == d)
            .map(|(i, p)| (i, self.docs[d].block_of(p.top)))
            .collect();
        self.docs[d].set_show_chrome(show);
        for (i, block) in tops {
            let (width, _) = self.pane_text_size(i);
            let dv = &self.docs[d];
            let vis = block.map_or(0, |b| dv.vis_holding(b));
            let same = block.is_some() && dv.block_of(Pos { vis, line: 0 }) == block;
            let line = if same { self.panes[i].top.line } else { 0 };
            let top = dv.clamp(Pos { vis, line }, width);
            let pane = &mut self.panes[i];
            pane.top = top;
            pane.wrap_anchor = None;
            if let Some(s) = pane.search.take() {
                pane.search = Some(SearchResults {
                    current: None,
                    matches: dv.find(&s.query),
                    query: s.query,
                    backward: s.backward,
                    shown_at: None,
                });
            }
        }
        if let Some(pos) = self.positions.get_mut(&self.docs[d].key) {
            pos.chrome = show;
        }
        Some(show)
    }

    /// Document `d` is being read: the library lists it first.
    pub fn touch(&mut self, d: usize) {
        let Some(dv) = self.docs.get(d).filter(|dv| !dv.partial) else {
            return;
        };
        self.removed.remove(&dv.key);
        self.documents.insert(
            dv.key.clone(),
            DocEntry {
                source: dv.source.clone(),
                title: dv.title().to_string(),
                opened: super::state::now(),
            },
        );
    }

    /// Document `d` is one the user opened (shown or in the background).
    pub fn note_open(&mut self, d: usize) {
        if !self.open_docs.contains(&d) {
            self.open_docs.push(d);
        }
    }

    /// Opened documents no pane shows.
    pub fn in_background(&self) -> usize {
        self.open_docs
            .iter()
            .filter(|&&d| !self.panes.iter().any(|p| p.doc == d))
            .count()
    }

    /// Takes the article with id `key` out of the library, with where it was left.
    pub fn forget(&mut self, key: &str) {
        self.documents.remove(key);
        self.positions.remove(key);
        self.removed.insert(key.to_string(), super::state::now());
    }

    /// Puts the whole of a document in place of its preview. Panes on it keep the block at
    /// their top (the preview's blocks begin the whole document's); selections that
    /// pointed into the preview are dropped.
    pub fn replace_document(&mut self, d: usize, doc: Document) {
        let source = self.docs[d].source.clone();
        let mut new = DocView::new(doc, source);
        let saved_chrome = self.positions.get(&new.key).is_some_and(|p| p.chrome);
        new.set_show_chrome(self.docs[d].show_chrome || saved_chrome);
        let old = std::mem::replace(&mut self.docs[d], new);
        // Only now is the whole document's identity known: a pane that has not moved
        // from the start goes to where it was left last time.
        let saved = self.positions.contains_key(&self.docs[d].key);
        for i in 0..self.panes.len() {
            if self.panes[i].doc != d {
                continue;
            }
            let (width, _) = self.pane_text_size(i);
            let top = self.panes[i].top;
            let block = old.visible.get(top.vis).copied().unwrap_or(0);
            let vis = self.docs[d].vis_holding(block);
            let kept = if saved && top == Pos::default() {
                self.saved_pos(d)
            } else {
                self.docs[d].clamp(Pos { vis, ..top }, width)
            };
            let pane = &mut self.panes[i];
            pane.top = kept;
            pane.selected_ref = None;
            pane.landing = None;
            pane.search = None;
            pane.sentence = None;
        }
        self.touch(d);
    }

    /// Parses bundled article `n` if needed; its index in `docs`.
    pub fn ensure_bundled(&mut self, n: usize) -> Option<usize> {
        if let Some(Some(d)) = self.bundled.get(n) {
            return Some(*d);
        }
        let (name, bytes) = crate::library::BUNDLED.get(n)?;
        let doc = crate::library::parse_bundled(name, bytes).ok()?;
        let d = self.add_document(doc, format!("bundled:{name}"));
        self.bundled[n] = Some(d);

        Some(d)
    }

    /// Parses every bundled article (for the library screen).
    pub fn load_library(&mut self) {
        for n in 0..self.bundled.len() {
            self.ensure_bundled(n);
        }
    }

    /// Opens document `doc` in a new pane beside the others (the first pane gets focus).
    pub fn open_in_new_pane(&mut self, doc: usize) {
        self.touch(doc);
        self.note_open(doc);
        let top = self.saved_pos(doc);
        self.panes.push(Pane::new(doc, top));
        let id = self.panes.len() - 1;
        self.layout = Some(match self.layout.take() {
            None => Split::Pane(id),
            Some(Split::SideBySide(mut v)) => {
                v.push(Split::Pane(id));
                Split::SideBySide(v)
            }
            Some(other) => Split::SideBySide(vec![other, Split::Pane(id)]),
        });
    }

    /// Takes positions from saved state, and its panes when none are open yet (documents
    /// whose key can no longer be loaded are skipped). `load` loads a path key.
    pub fn restore(&mut self, saved: SavedState, mut load: impl FnMut(&str) -> Option<Document>) {
        self.positions = saved.positions;
        self.documents = saved.documents;
        self.removed = saved.removed;
        // Documents loaded before the state was read take their fold state from it too.
        for dv in &mut self.docs {
            let chrome = self.positions.get(&dv.key).is_some_and(|p| p.chrome);
            dv.set_show_chrome(chrome);
        }
        if !self.panes.is_empty() {
            for i in 0..self.panes.len() {
                self.panes[i].top = self.saved_pos(self.panes[i].doc);
            }
            return;
        }
        let mut ids: Vec<Option<usize>> = Vec::new();
        for p in &saved.panes {
            let doc = self.doc_for_key(&p.doc, &mut load);
            ids.push(doc.map(|d| {
                let top = self.pos_from_saved(d, p.position);
                self.panes.push(Pane::new(d, top));
                self.panes.len() - 1
            }));
        }
        self.layout = saved
            .layout
            .and_then(|l| split::rebuild_layout(&l, &ids))
            .or_else(|| {
                let leaves: Vec<Split> = (0..self.panes.len()).map(Split::Pane).collect();
                match leaves.len() {
                    0 => None,
                    1 => leaves.into_iter().next(),
                    _ => Some(Split::SideBySide(leaves)),
                }
            });
        self.focus = ids
            .get(saved.focus)
            .copied()
            .flatten()
            .unwrap_or(0)
            .min(self.panes.len().saturating_sub(1));
    }

    fn doc_for_key(
        &mut self,
        key: &str,
        load: &mut impl FnMut(&str) -> Option<Document>,
    ) -> Option<usize> {
        if let Some(d) = self.docs.iter().position(|d| d.key == key) {
            return Some(d);
        }
        // Where the article was opened from last time (a state file of version 1 named
        // panes by that).
        let source = match self.documents.get(key) {
            Some(entry) => entry.source.clone(),
            None => key.to_string(),
        };
        let key = source.as_str();
        if let Some(name) = key.strip_prefix("bundled:") {
            let n = crate::library::BUNDLED
                .iter()
                .position(|(b, _)| *b == name)?;
            return self.ensure_bundled(n);
        }
        let doc = load(key)?;
        Some(self.add_document(doc, key.to_string()))
    }

    /// The state to save: every document's position and the open panes.
    pub fn saved_state(&self) -> SavedState {
        let mut positions = self.positions.clone();
        let mut documents = self.documents.clone();
        for p in &self.panes {
            let (key, pos) = self.position_of(p);
            if let Some(entry) = documents.get_mut(&key) {
                entry.opened = super::state::now();
            }
            positions.insert(key, pos);
        }
        let panes = self
            .panes
            .iter()
            .map(|p| SavedPane {
                doc: self.docs[p.doc].key.clone(),
                position: self.position_of(p).1,
            })
            .collect();
        SavedState {
            version: STATE_VERSION,
            positions,
            documents,
            removed: self.removed.clone(),
            searches: Vec::new(),
            panes,
            layout: self.layout.as_ref().map(split::save_layout),
            focus: self.focus,
        }
    }

    pub fn position_of(&self, p: &Pane) -> (String, Position) {
        let dv = &self.docs[p.doc];
        let (w, h) = self
            .pane_rects()
            .get(self.panes.iter().position(|q| q == p).unwrap_or(0))
            .map_or((80, 24), |r| text_size(*r));
        let block = dv.block_of(p.top).unwrap_or(0);
        (
            dv.key.clone(),
            Position {
                block,
                line: p.top.line,
                // A document never scrolled has not been read, however much of it the
                // first screen shows.
                percent: if p.top == Pos::default() {
                    0
                } else {
                    dv.percent(p.top, w, h)
                },
                chrome: dv.show_chrome,
            },
        )
    }

    /// How far document `d` has been read, in percent: where an open pane shows it now,
    /// else where it was left.
    pub fn read_percent(&self, d: usize) -> u8 {
        match self.panes.iter().find(|p| p.doc == d) {
            Some(p) => self.position_of(p).1.percent,
            None => self
                .docs
                .get(d)
                .and_then(|dv| self.positions.get(&dv.key))
                .map_or(0, |p| p.percent),
        }
    }

    pub fn saved_pos(&self, doc: usize) -> Pos {
        match self.positions.get(&self.docs[doc].key) {
            Some(p) => self.pos_from_saved(doc, *p),
            None => Pos::default(),
        }
    }

    fn pos_from_saved(&self, doc: usize, p: Position) -> Pos {
        let dv = &self.docs[doc];
        if dv.is_empty() {
            return Pos::default();
        }
        let vis = dv.vis_holding(p.block);
        Pos { vis, line: p.line }
    }

    /// The area the panes share (everything but the status line).
    pub fn panes_area(&self) -> Rect {
        Rect::new(
            0,
            0,
            self.width,
            self.height.saturating_sub(1 + self.label_rows),
        )
    }

    /// The rectangle of every pane, by pane index.
    pub fn pane_rects(&self) -> Vec<Rect> {
        let mut out = vec![Rect::default(); self.panes.len()];
        if let Some(layout) = &self.layout {
            split::split_rects(layout, self.panes_area(), &mut out);
        }
        out
    }

    /// Columns and rows of text of pane `i`.
    pub fn pane_text_size(&self, i: usize) -> (u16, u16) {
        self.pane_rects().get(i).map_or((1, 1), |r| text_size(*r))
    }

    pub fn focused(&self) -> Option<&Pane> {
        self.panes.get(self.focus)
    }

    pub fn focused_doc(&self) -> Option<&DocView> {
        self.focused().map(|p| &self.docs[p.doc])
    }

    /// The section shown at the top of pane `i`.
    pub fn section_title(&self, i: usize) -> Option<&str> {
        let p = self.panes.get(i)?;
        let dv = &self.docs[p.doc];
        let block = dv.block_of(p.top)?;
        let s = dv.doc.section_of_block(block)?;
        dv.doc.sections.get(s).map(|s| s.title.as_str())
    }

    /// The focused pane's location.
    pub fn here(&self) -> Option<Loc> {
        self.focused().map(|p| Loc {
            doc: p.doc,
            pos: p.top,
        })
    }

    /// Moves the focused pane to `loc`, clearing what belonged to another document.
    pub fn set_location(&mut self, loc: Loc) {
        let i = self.focus;
        if loc.doc >= self.docs.len() {
            return;
        }
        if self.panes.get(i).is_some_and(|p| p.doc != loc.doc) {
            let old = self.panes[i].clone();
            let (key, pos) = self.position_of(&old);
            self.positions.insert(key, pos);
            self.touch(old.doc);
            self.touch(loc.doc);
            self.note_open(loc.doc);
            let p = &mut self.panes[i];
            p.doc = loc.doc;
            p.selected_ref = None;
            p.search = None;
            p.sentence = None;
        }
        let (w, _) = self.pane_text_size(i);
        if let Some(p) = self.panes.get_mut(i) {
            p.top = self.docs[loc.doc].clamp(loc.pos, w);
            p.landing = None;
        }
    }

    /// Where block `block` of `doc` begins in the focused pane: its text at the top, not
    /// the blank line a heading starts with (the width is the focused pane's, which is
    /// where the document will show).
    pub fn block_location(&self, doc: usize, block: usize) -> Loc {
        let (w, _) = self.pane_text_size(self.focus);
        let dv = &self.docs[doc];
        let vis = dv.vis_of_block(block);
        Loc {
            doc,
            pos: Pos {
                vis,
                line: dv.first_text_line(vis, w),
            },
        }
    }

    pub fn scroll_pane(&mut self, i: usize, delta: isize) {
        let (w, h) = self.pane_text_size(i);
        let Some(p) = self.panes.get(i) else { return };
        let top = self.docs[p.doc].scrolled(p.top, delta, w, h);
        self.panes[i].top = top;
    }

    /// The lines a scrolling action moves pane `i` by, if it is one.
    pub fn scroll_amount(&self, i: usize, action: &Action) -> Option<isize> {
        let (_, h) = self.pane_text_size(i);
        let page = usize::from(h.saturating_sub(2)).max(1) as isize;
        let half = usize::from(h / 2).max(1) as isize;
        Some(match action {
            Action::ScrollDown => 1,
            Action::ScrollUp => -1,
            Action::PageDown => page,
            Action::PageUp => -page,
            Action::HalfPageDown => half,
            Action::HalfPageUp => -half,
            _ => return None,
        })
    }

    /// The top position that shows `block` (at the line of `offset` if given) if `top` does
    /// not already: the target line goes a little below the top of the pane.
    pub fn reveal(&self, pane: usize, block: usize, offset: Option<usize>, top: Pos) -> Pos {
        let p = &self.panes[pane];
        let dv = &self.docs[p.doc];
        let (w, h) = self.pane_text_size(pane);
        let vis = dv.vis_of_block(block);
        let line = offset.map_or(0, |o| dv.line_of_offset(vis, o, w));
        reveal_line(dv, Pos { vis, line }, top, w, h)
    }

    /// A pane other than the focused one that has notes of document `doc` on screen.
    pub fn notes_pane(&self, doc: usize) -> Option<usize> {
        let dv = &self.docs[doc];
        let shows_notes = |i: usize| {
            let (w, h) = self.pane_text_size(i);
            dv.rows(self.panes[i].top, w, h).iter().any(|&(vis, _)| {
                dv.block_of(Pos { vis, line: 0 })
                    .is_some_and(|b| matches!(dv.doc.blocks[b].kind, BlockKind::NoteEntry { .. }))
            })
        };
        (0..self.panes.len())
            .find(|&i| i != self.focus && self.panes[i].doc == doc && shows_notes(i))
    }

    /// The text width of every pane, in pane order.
    pub fn pane_widths(&self) -> Vec<u16> {
        (0..self.panes.len())
            .map(|i| self.pane_text_size(i).0)
            .collect()
    }

    /// After the panes changed size: each pane's top, laid out at `before[i]` columns,
    /// moved to the line that shows the same text at its width now.
    pub fn rewrap_panes(&mut self, before: &[u16]) {
        for (i, &from) in before.iter().enumerate().take(self.panes.len()) {
            let to = self.pane_text_size(i).0;
            let pane = &mut self.panes[i];
            let anchor = pane
                .wrap_anchor
                .filter(|&(vis, _)| vis == pane.top.vis)
                .map(|(_, at)| at);
            let (top, kept) = self.docs[pane.doc].rewrap(pane.top, anchor, from, to);
            pane.top = top;
            pane.wrap_anchor = kept.map(|at| (top.vis, at));
        }
    }

    /// A new terminal size: the text at the top of each pane stays there, even when a
    /// wider pane could show more of the end.
    pub fn resize(&mut self, width: u16, height: u16) {
        let before = self.pane_widths();
        self.width = width;
        self.height = height;
        self.rewrap_panes(&before);
    }

    /// Layout caches keep only the widths the panes show now.
    pub fn trim_caches(&self) {
        let widths = self.pane_widths();
        for d in &self.docs {
            d.retain_widths(&widths);
        }
    }

    /// Splits the focused pane in two (the new one, focused, shows the same place).
    pub fn split(&mut self, dir: Dir) {
        let i = self.focus;
        let Some(p) = self.panes.get(i).cloned() else {
            return;
        };
        let mut before = self.pane_widths();
        before.push(before[i]);
        let new = self.panes.len();
        self.panes.push(Pane {
            selected_ref: None,
            landing: None,
            search: None,
            sentence: None,
            ..p
        });
        if let Some(layout) = &mut self.layout
            && split::split_leaf(layout, i, new, dir)
        {
            self.focus = new;
            self.rewrap_panes(&before);
            return;
        }
        self.panes.pop();
    }

    /// Closes the focused pane; `false` when it is the only one (which stays).
    pub fn close_pane(&mut self) -> bool {
        if self.panes.len() <= 1 {
            return false;
        }
        let i = self.focus;
        let mut before = self.pane_widths();
        before.remove(i);
        let old = self.panes[i].clone();
        let (key, pos) = self.position_of(&old);
        self.positions.insert(key, pos);
        self.touch(old.doc);
        let order = self.reading_order();
        let k = order.iter().position(|&p| p == i).unwrap_or(0);
        self.layout = self.layout.take().and_then(|l| split::remove_leaf(l, i));
        self.panes.remove(i);
        // Focus the pane that took its place in reading order.
        let neighbour = order
            .get(k + 1)
            .or_else(|| k.checked_sub(1).and_then(|j| order.get(j)))
            .copied()
            .unwrap_or(0);
        self.focus = if neighbour > i {
            neighbour - 1
        } else {
            neighbour
        };
        self.focus = self.focus.min(self.panes.len() - 1);
        self.rewrap_panes(&before);
        true
    }

    /// Pane indices in reading order (left to right, top to bottom).
    fn reading_order(&self) -> Vec<usize> {
        let mut order = Vec::new();
        if let Some(l) = &self.layout {
            split::layout_leaves(l, &mut order);
        }
        order
    }

    /// Focuses the next (or previous) pane in reading order.
    pub fn focus_cycle(&mut self, forward: bool) {
        let order = self.reading_order();
        if let Some(k) = order.iter().position(|&p| p == self.focus) {
            let n = order.len();
            let next = if forward {
                (k + 1) % n
            } else {
                (k + n - 1) % n
            };
            self.focus = order[next];
        }
    }

    /// Focuses the nearest pane in direction (dx, dy); `false` when there is none.
    pub fn focus_towards(&mut self, dx: i32, dy: i32) -> bool {
        let rects = self.pane_rects();
        let Some(cur) = rects.get(self.focus).copied() else {
            return true;
        };
        let center = |r: Rect| {
            (
                i32::from(r.x) * 2 + i32::from(r.width),
                i32::from(r.y) * 2 + i32::from(r.height),
            )
        };
        let (cx, cy) = center(cur);
        let best = rects
            .iter()
            .enumerate()
            .filter(|&(k, r)| {
                k != self.focus
                    && match (dx, dy) {
                        (-1, _) => r.right() <= cur.left(),
                        (1, _) => r.left() >= cur.right(),
                        (_, -1) => r.bottom() <= cur.top(),
                        _ => r.top() >= cur.bottom(),
                    }
            })
            .min_by_key(|&(_, r)| {
                let (x, y) = center(*r);
                if dx != 0 {
                    ((x - cx).abs(), (y - cy).abs())
                } else {
                    ((y - cy).abs(), (x - cx).abs())
                }
            })
            .map(|(k, _)| k);
        match best {
            Some(k) => {
                self.focus = k;
                true
            }
            None => false,
        }
    }

    /// The pane under a screen cell.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<usize> {
        self.pane_rects()
            .iter()
            .position(|r| r.contains(ratatui::layout::Position::new(column, row)))
    }
}

/// `top` if it already shows `target`, else a top that puts it a little below the top.
pub fn reveal_line(dv: &DocView, target: Pos, top: Pos, w: u16, h: u16) -> Pos {
    let rows = dv.rows(top, w, h);
    let on_screen = matches!((rows.first(), rows.last()), (Some(&a), Some(&b))
        if (a.0, a.1) <= (target.vis, target.line) && (target.vis, target.line) <= (b.0, b.1));
    if on_screen {
        return top;
    }
    let context = usize::from(h / 4).min(3);
    dv.backward(target, context, w)
}

/// The text area of a pane: inside its border, one gutter column left, one column right,
/// at most `MAX_TEXT_WIDTH` wide and centred.
pub fn text_area(pane: Rect) -> Rect {
    let inner = Rect::new(
        pane.x.saturating_add(1),
        pane.y.saturating_add(1),
        pane.width.saturating_sub(2),
        pane.height.saturating_sub(2),
    );
    if inner.width < 4 {
        return inner;
    }
    // A wide pane centres its text column, like a page.
    let width = (inner.width - 2).min(MAX_TEXT_WIDTH);
    let margin = (inner.width - width) / 2;
    Rect::new(inner.x + margin.max(1), inner.y, width, inner.height)
}

/// Columns and rows of text in a pane of this size.
pub fn text_size(pane: Rect) -> (u16, u16) {
    let a = text_area(pane);
    (a.width.max(1), a.height.max(1))
}
