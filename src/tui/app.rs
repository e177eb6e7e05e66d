//! The reader's state (`App`), everything a user can do (`Action`), and `update`, the only
//! place the state changes.
//!
//! Owns panes and their split tree, reading positions, the jump list, the overlays
//! (pickers, the note popup, help, the search prompt), pending keys and messages. It never
//! touches the terminal and never does I/O except parsing a bundled article on demand:
//! `tui.rs` turns terminal events into actions and performs suspend/quit, `view.rs` draws.
//!
//! Extension points for the compare mode to come: `Pane` highlights are computed per block
//! by `block_highlights` (a list of byte ranges with a kind), and `gutter_mark` says what the
//! one-column gutter left of the text shows; a linked-sentence kind and a pane-pair
//! alignment (keep another pane level with this one) slot in there.

use super::keymap::{KeyChord, Keymap, Lookup, sequence_to_string};
use super::picker::{self, Picker, Target};
use super::reading::{DocView, Pos};
use super::search::{self, Match};
use super::state::{Position, STATE_VERSION, SavedLayout, SavedPane, SavedState};
use crate::document::{BlockKind, Document};
use crate::layout::SpanRole;
use ratatui::layout::{Constraint, Layout, Rect};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

/// Everything the user can ask for. Unit variants are bindable in the keymap by their
/// snake_case name; the others come from the terminal (resize, mouse, typed text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    SectionPicker,
    NotesPicker,
    NextReference,
    PreviousReference,
    OpenReference,
    GoToNote,
    JumpBack,
    JumpForward,
    Search,
    NextMatch,
    PreviousMatch,
    DocumentPicker,
    Library,
    SplitSideBySide,
    SplitStacked,
    ClosePane,
    FocusNext,
    FocusPrevious,
    FocusLeft,
    FocusDown,
    FocusUp,
    FocusRight,
    ClearSelection,
    SelectNext,
    SelectPrevious,
    Confirm,
    Cancel,
    ToggleScope,
    DeleteChar,
    ClearInput,
    Help,
    Suspend,
    Quit,
    NextSentence,
    PreviousSentence,
    NextLinked,
    PreviousLinked,
    Compare,
    LinksPicker,
    MarkSentence,
    RemoveLink,
    /// The linker finished (a background task's result).
    #[serde(skip)]
    LinksBuilt(super::compare::Built),
    /// A key from the terminal, resolved through the keymap.
    #[serde(skip)]
    Key(KeyChord),
    /// Text typed into a prompt.
    #[serde(skip)]
    Type(char),
    #[serde(skip)]
    Resize {
        width: u16,
        height: u16,
    },
    #[serde(skip)]
    Click {
        column: u16,
        row: u16,
    },
    #[serde(skip)]
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    /// A background load finished: open the document in a new pane, or put it in place of
    /// its preview.
    #[serde(skip)]
    Loaded(LoadedDoc),
    /// The beginning of a large file, parsed while the rest is read: shown at once.
    #[serde(skip)]
    Previewed(LoadedDoc),
    /// A background load failed: the reader stops with its one-line error, unless the
    /// file's beginning is already shown.
    #[serde(skip)]
    LoadFailed(LoadFailure),
}

impl Action {
    /// The bindable actions, in the order help lists them.
    pub const BINDABLE: &[Action] = &[
        Action::ScrollDown,
        Action::ScrollUp,
        Action::PageDown,
        Action::PageUp,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::Top,
        Action::Bottom,
        Action::SectionPicker,
        Action::NotesPicker,
        Action::NextReference,
        Action::PreviousReference,
        Action::OpenReference,
        Action::GoToNote,
        Action::JumpBack,
        Action::JumpForward,
        Action::Search,
        Action::NextMatch,
        Action::PreviousMatch,
        Action::DocumentPicker,
        Action::Library,
        Action::SplitSideBySide,
        Action::SplitStacked,
        Action::ClosePane,
        Action::FocusNext,
        Action::FocusPrevious,
        Action::FocusLeft,
        Action::FocusDown,
        Action::FocusUp,
        Action::FocusRight,
        Action::ClearSelection,
        Action::SelectNext,
        Action::SelectPrevious,
        Action::Confirm,
        Action::Cancel,
        Action::ToggleScope,
        Action::DeleteChar,
        Action::ClearInput,
        Action::Help,
        Action::Suspend,
        Action::Quit,
        Action::NextSentence,
        Action::PreviousSentence,
        Action::NextLinked,
        Action::PreviousLinked,
        Action::Compare,
        Action::LinksPicker,
        Action::MarkSentence,
        Action::RemoveLink,
    ];

    /// The action named `name` in a keymap file.
    pub fn from_name(name: &str) -> Option<Action> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }

    pub fn name(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    pub fn order(&self) -> usize {
        Action::BINDABLE
            .iter()
            .position(|a| a == self)
            .unwrap_or(usize::MAX)
    }

    /// One line for the help overlay.
    pub fn description(&self) -> &'static str {
        match self {
            Action::ScrollDown => "scroll down a line",
            Action::ScrollUp => "scroll up a line",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::Top => "go to the start",
            Action::Bottom => "go to the end",
            Action::SectionPicker => "jump to a section (fuzzy)",
            Action::NotesPicker => "pick a note of this document",
            Action::NextReference => "select the next note reference",
            Action::PreviousReference => "select the previous note reference",
            Action::OpenReference => "open the selected reference's note",
            Action::GoToNote => "go to the note in the notes list",
            Action::JumpBack => "jump back",
            Action::JumpForward => "jump forward again",
            Action::Search => "search (smart case)",
            Action::NextMatch => "next search match (compare: next link)",
            Action::PreviousMatch => "previous match (compare: previous link)",
            Action::DocumentPicker => "open a document in this pane (fuzzy)",
            Action::Library => "show the library",
            Action::SplitSideBySide => "split the pane side by side",
            Action::SplitStacked => "split the pane one above the other",
            Action::ClosePane => "close the pane",
            Action::FocusNext => "focus the next pane",
            Action::FocusPrevious => "focus the previous pane",
            Action::FocusLeft => "focus the pane to the left",
            Action::FocusDown => "focus the pane below",
            Action::FocusUp => "focus the pane above",
            Action::FocusRight => "focus the pane to the right",
            Action::ClearSelection => "clear the selection and search highlights",
            Action::SelectNext => "select the next item",
            Action::SelectPrevious => "select the previous item",
            Action::Confirm => "open / accept",
            Action::Cancel => "close / cancel",
            Action::ToggleScope => "this document / all open documents",
            Action::DeleteChar => "delete a character",
            Action::ClearInput => "clear the input",
            Action::Help => "show this help",
            Action::Suspend => "suspend (fg to come back)",
            Action::Quit => "quit",
            Action::NextSentence => "select the next sentence",
            Action::PreviousSentence => "select the previous sentence",
            Action::NextLinked => {
                "select the next linked sentence (compare: the other pane follows)"
            }
            Action::PreviousLinked => "select the previous linked sentence",
            Action::Compare => "compare: the sentence's best link side by side (Esc leaves)",
            Action::LinksPicker => "list every link between the open documents (fuzzy)",
            Action::MarkSentence => "mark a sentence; mark one in another document to link them",
            Action::RemoveLink => "compare mode: remove the link shown (saved)",
            Action::LinksBuilt(_)
            | Action::Key(_)
            | Action::Type(_)
            | Action::Resize { .. }
            | Action::Click { .. }
            | Action::Wheel { .. }
            | Action::Loaded(_)
            | Action::Previewed(_)
            | Action::LoadFailed(_) => "",
        }
    }
}

/// Which set of keys is active: the topmost layer wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Reader,
    Library,
    Popup,
    Picker,
    Search,
    Help,
}

impl Mode {
    pub const ALL: [Mode; 6] = [
        Mode::Reader,
        Mode::Library,
        Mode::Popup,
        Mode::Picker,
        Mode::Search,
        Mode::Help,
    ];

    pub fn section(self) -> &'static str {
        match self {
            Mode::Reader => "reader",
            Mode::Library => "library",
            Mode::Popup => "popup",
            Mode::Picker => "picker",
            Mode::Search => "search",
            Mode::Help => "help",
        }
    }

    pub fn from_section(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.section() == name)
    }

    pub fn heading(self) -> &'static str {
        match self {
            Mode::Reader => "Reading",
            Mode::Library => "Library",
            Mode::Popup => "Note popup",
            Mode::Picker => "Pickers",
            Mode::Search => "Search prompt",
            Mode::Help => "This help",
        }
    }
}

/// The split tree: leaves are indices into `App::panes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    Pane(usize),
    SideBySide(Vec<Split>),
    Stacked(Vec<Split>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    SideBySide,
    Stacked,
}

/// Search results in a pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResults {
    pub query: String,
    pub matches: Vec<Match>,
    pub current: Option<usize>,
}

/// One view onto a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pane {
    /// Index into `App::docs`.
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
    fn new(doc: usize, top: Pos) -> Self {
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

/// A place to jump back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loc {
    pub doc: usize,
    pub pos: Pos,
}

/// Back/forward history of jumps (section jumps, notes, searches, start/end).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JumpList {
    entries: Vec<Loc>,
    cursor: usize,
}

impl JumpList {
    /// Records `here` as a place to come back to before a jump.
    pub fn record(&mut self, here: Loc) {
        self.entries.truncate(self.cursor);
        if self.entries.last() != Some(&here) {
            self.entries.push(here);
        }
        const MAX: usize = 200;
        if self.entries.len() > MAX {
            self.entries.drain(..self.entries.len() - MAX);
        }
        self.cursor = self.entries.len();
    }

    pub fn back(&mut self, here: Loc) -> Option<Loc> {
        if self.cursor == 0 {
            return None;
        }
        if self.cursor == self.entries.len() {
            self.entries.push(here);
        } else {
            self.entries[self.cursor] = here;
        }
        self.cursor -= 1;
        self.entries.get(self.cursor).copied()
    }

    pub fn forward(&mut self, here: Loc) -> Option<Loc> {
        if self.cursor + 1 >= self.entries.len() {
            return None;
        }
        self.entries[self.cursor] = here;
        self.cursor += 1;
        self.entries.get(self.cursor).copied()
    }
}

/// The popup showing one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotePopup {
    pub doc: usize,
    pub number: u32,
    /// Index into `Document::notes`, `None` when the reference resolves to nothing.
    pub note: Option<usize>,
    pub scroll: usize,
}

/// The search prompt while it is being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPrompt {
    pub query: String,
    /// Where the pane was when the prompt opened: Esc goes back there.
    pub origin: Pos,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Help { scroll: usize },
    Popup(NotePopup),
    Picker(Picker),
    Search(SearchPrompt),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
    /// Documents given on the command line are still being read (in the background).
    Loading,
}

/// A document read by a background task, on its way into `update`.
#[derive(Debug, Clone)]
pub struct LoadedDoc {
    /// The path as the user gave it (what `App::loading` lists).
    pub path: String,
    /// Its identity in the state file.
    pub key: String,
    pub doc: Box<Document>,
}

/// A file the loader could not read: which, and why (a one-line message naming it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadFailure {
    pub path: String,
    pub key: String,
    pub error: String,
}

impl PartialEq for LoadedDoc {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for LoadedDoc {}

/// What the gutter left of a display line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GutterMark {
    /// The line holds the current search match or the selected reference.
    Current,
    /// The line holds a sentence linked to another document.
    Linked,
    /// ... one whose figures or dates differ from its partner's.
    Discrepant,
}

/// Why a byte range of a block is highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HighlightKind {
    SearchMatch,
    CurrentMatch,
    /// The selected sentence, or its partner in compare mode.
    Sentence,
    /// A sentence marked to be linked by hand.
    Marked,
    /// A figure or date that differs from the partner's.
    Figure,
}

/// Text columns never get wider than this: long lines are hard to read.
pub const MAX_TEXT_WIDTH: u16 = 100;
/// Below this the reader shows a "too small" message instead of panes.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;

/// The reader's whole state.
#[derive(Debug)]
pub struct App {
    pub docs: Vec<DocView>,
    /// For each bundled article, its index in `docs` once parsed.
    pub bundled: Vec<Option<usize>>,
    pub panes: Vec<Pane>,
    pub layout: Option<Split>,
    pub focus: usize,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub keymap: Keymap,
    /// Where the user's keymap file is read from, as the help shows it.
    pub keymap_path: String,
    /// The last pattern searched for: `n` finds it again after Esc hid the matches.
    pub last_search: Option<String>,
    pub pending: Vec<KeyChord>,
    pub message: Option<String>,
    /// Terminal size in cells.
    pub width: u16,
    pub height: u16,
    pub jumps: JumpList,
    /// Where documents were left (from the state file, updated as panes move on).
    pub positions: BTreeMap<String, Position>,
    /// Selected row of the library screen (index into the bundled list).
    pub library_selected: usize,
    /// Names of the documents still being read in the background.
    pub loading: Vec<String>,
    /// Set when the reader must stop with an error (a file given to it could not be read).
    pub fatal: Option<String>,
    pub should_quit: bool,
    /// Set by the Suspend action; the event loop suspends and clears it.
    pub suspend_requested: bool,
    /// Linked claims and compare mode.
    pub compare: super::compare::Compare,
}

impl App {
    pub fn new(keymap: Keymap, width: u16, height: u16) -> Self {
        App {
            docs: Vec::new(),
            bundled: vec![None; crate::library::BUNDLED.len()],
            panes: Vec::new(),
            layout: None,
            focus: 0,
            screen: Screen::Library,
            overlay: None,
            keymap,
            keymap_path: "~/.config/recto/keymap.toml".to_string(),
            last_search: None,
            pending: Vec::new(),
            message: None,
            width,
            height,
            jumps: JumpList::default(),
            positions: BTreeMap::new(),
            library_selected: 0,
            loading: Vec::new(),
            fatal: None,
            should_quit: false,
            suspend_requested: false,
            compare: Default::default(),
        }
    }

    /// Adds a loaded document; returns its index in `docs`.
    pub fn add_document(&mut self, doc: Document, key: String) -> usize {
        self.docs.push(DocView::new(doc, key));
        self.docs.len() - 1
    }

    /// Puts the whole of a document in place of its preview. Panes on it keep the block at
    /// their top (the preview's blocks begin the whole document's); selections that
    /// pointed into the preview are dropped.
    pub fn replace_document(&mut self, d: usize, doc: Document) {
        let key = self.docs[d].key.clone();
        let old = std::mem::replace(&mut self.docs[d], DocView::new(doc, key));
        for i in 0..self.panes.len() {
            if self.panes[i].doc != d {
                continue;
            }
            let (width, _) = self.pane_text_size(i);
            let top = self.panes[i].top;
            let block = old.visible.get(top.vis).copied().unwrap_or(0);
            let vis = self.docs[d].visible.partition_point(|&b| b < block);
            let pane = &mut self.panes[i];
            pane.top = self.docs[d].clamp(Pos { vis, ..top }, width);
            pane.selected_ref = None;
            pane.landing = None;
            pane.search = None;
            pane.sentence = None;
        }
        self.compare.documents_replaced();
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
        self.screen = Screen::Reader;
    }

    /// Takes positions from saved state, and its panes when none are open yet (documents
    /// whose key can no longer be loaded are skipped). `load` loads a path key.
    pub fn restore(&mut self, saved: SavedState, mut load: impl FnMut(&str) -> Option<Document>) {
        self.positions = saved.positions;
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
            .and_then(|l| rebuild_layout(&l, &ids))
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
        for p in &self.panes {
            let (key, pos) = self.position_of(p);
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
            panes,
            layout: self.layout.as_ref().map(save_layout),
            focus: self.focus,
        }
    }

    fn position_of(&self, p: &Pane) -> (String, Position) {
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

    fn saved_pos(&self, doc: usize) -> Pos {
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
        let vis = dv.vis_of_block(p.block);
        Pos { vis, line: p.line }
    }

    /// Which keys are active.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(Overlay::Popup(_)) => Mode::Popup,
            Some(Overlay::Picker(_)) => Mode::Picker,
            Some(Overlay::Search(_)) => Mode::Search,
            None if self.screen == Screen::Library
                || (self.panes.is_empty() && self.screen != Screen::Loading) =>
            {
                Mode::Library
            }
            None => Mode::Reader,
        }
    }

    /// The area the panes share (everything but the status line).
    pub fn panes_area(&self) -> Rect {
        let label = super::compare::label_rows(self);
        Rect::new(0, 0, self.width, self.height.saturating_sub(1 + label))
    }

    /// The rectangle of every pane, by pane index.
    pub fn pane_rects(&self) -> Vec<Rect> {
        let mut out = vec![Rect::default(); self.panes.len()];
        if let Some(layout) = &self.layout {
            split_rects(layout, self.panes_area(), &mut out);
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

    /// Highlighted byte ranges of `block` in pane `i`, in order.
    pub fn block_highlights(&self, i: usize, block: usize) -> Vec<(Range<usize>, HighlightKind)> {
        let compare = super::compare::highlights(self, i, block);
        let Some(search) = self.panes.get(i).and_then(|p| p.search.as_ref()) else {
            return compare;
        };
        let first = search.matches.partition_point(|m| m.block < block);
        let found = search.matches[first..]
            .iter()
            .take_while(|m| m.block == block)
            .enumerate()
            .map(|(k, m)| {
                let kind = if search.current == Some(first + k) {
                    HighlightKind::CurrentMatch
                } else {
                    HighlightKind::SearchMatch
                };
                (m.range.clone(), kind)
            })
            .collect();
        super::compare::layer(compare, found)
    }

    /// What the gutter shows beside line `line` of visible block `vis` in pane `i`.
    pub fn gutter_mark(&self, i: usize, vis: usize, line: usize, width: u16) -> Option<GutterMark> {
        let p = self.panes.get(i)?;
        let dv = &self.docs[p.doc];
        if let Some(r) = p.selected_ref.and_then(|r| dv.refs.get(r))
            && dv.vis_of_block(r.block) == vis
            && dv.line_of_ref(vis, r.index, width) == line
        {
            return Some(GutterMark::Current);
        }
        if let Some(block) = p.landing
            && dv.vis_of_block(block) == vis
            && dv.first_text_line(vis, width) == line
        {
            return Some(GutterMark::Current);
        }
        let current = p.search.as_ref().and_then(|search| {
            let m = search.matches.get(search.current?)?;
            (dv.vis_of_block(m.block) == vis
                && dv.line_of_offset(vis, m.range.start, width) == line)
                .then_some(GutterMark::Current)
        });
        current.or_else(|| super::compare::gutter_mark(self, i, vis, line, width))
    }

    /// The lines of the help overlay: (heading or keys, description).
    pub fn help_lines(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        // The keys of the screen under the help come first.
        let first = if self.screen == Screen::Library {
            Mode::Library
        } else {
            Mode::Reader
        };
        let modes = std::iter::once(first).chain(Mode::ALL.into_iter().filter(|&m| m != first));
        for mode in modes {
            let bindings = self.keymap.bindings(mode);
            if bindings.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push((String::new(), String::new()));
            }
            out.push((format!("# {}", mode.heading()), String::new()));
            for (action, keys) in bindings {
                out.push((keys.join(", "), action.description().to_string()));
            }
        }
        out
    }

    /// Where the popup goes, where its text goes inside it, and the text wrapped to fit:
    /// as wide as the screen allows (up to 84 columns), as tall as the note (up to three
    /// fifths of the screen; longer notes scroll).
    pub fn popup_geometry(&self, popup: &NotePopup) -> (Rect, Rect, Vec<String>) {
        let area = self.panes_area();
        let width = area.width.saturating_sub(4).clamp(1, 84);
        let text_width = width.saturating_sub(4).max(1);
        let lines = self.popup_lines(popup, text_width);
        let max_height = (area.height * 3 / 5).max(area.height.min(5));
        let wanted = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        let height = wanted.clamp(area.height.min(3), max_height.max(1));
        let mut rect = area.centered(Constraint::Length(width), Constraint::Length(height));
        // Keep the reference itself in sight: below it when it is in the upper half of
        // the screen, above it otherwise.
        if let Some(row) = self.selected_ref_row() {
            let bottom = area.bottom();
            rect.y = if row < area.y + area.height / 2 {
                (row + 1).min(bottom.saturating_sub(rect.height))
            } else {
                row.saturating_sub(rect.height).max(area.y)
            };
        }
        let text = Rect::new(
            rect.x.saturating_add(2),
            rect.y.saturating_add(1),
            rect.width.saturating_sub(4),
            rect.height.saturating_sub(2),
        );
        (rect, text, lines)
    }

    /// The screen row of the focused pane's selected reference, when it is on screen.
    pub fn selected_ref_row(&self) -> Option<u16> {
        let p = self.focused()?;
        let dv = &self.docs[p.doc];
        let r = dv.refs.get(p.selected_ref?)?;
        let area = text_area(*self.pane_rects().get(self.focus)?);
        let (w, h) = (area.width.max(1), area.height.max(1));
        let vis = dv.vis_of_block(r.block);
        let line = dv.line_of_ref(vis, r.index, w);
        let row = dv
            .rows(p.top, w, h)
            .iter()
            .position(|&x| x == (vis, line))?;
        Some(area.y + u16::try_from(row).ok()?)
    }

    /// The popup's text, wrapped to `width`.
    pub fn popup_lines(&self, popup: &NotePopup, width: u16) -> Vec<String> {
        let text = match popup
            .note
            .and_then(|n| self.docs[popup.doc].doc.notes.get(n))
        {
            Some(note) => note.text.clone(),
            None => format!(
                "Reference [{}] points to no note: this document's notes list has no note {}.",
                popup.number, popup.number
            ),
        };
        // Break only at spaces, never inside a URL at its hyphens, so that what shows
        // can be read (and copied) as it is; a word longer than the line is cut.
        let options = textwrap::Options::new(usize::from(width.max(1)))
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        text.lines()
            .flat_map(|l| {
                textwrap::wrap(l, &options)
                    .into_iter()
                    .map(|c| c.into_owned())
                    .collect::<Vec<_>>()
            })
            .collect()
    }
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

fn text_size(pane: Rect) -> (u16, u16) {
    let a = text_area(pane);
    (a.width.max(1), a.height.max(1))
}

/// A picker's rectangle: as tall as its items (all of them, so that it does not jump as
/// the query narrows them), up to the screen, near the top.
pub fn picker_rect(area: Rect, items: usize) -> Rect {
    let full = overlay_rect(area);
    let wanted = u16::try_from(items.saturating_add(3))
        .unwrap_or(u16::MAX)
        .max(8);
    Rect {
        height: full.height.min(wanted),
        ..full
    }
}

/// The help overlay's rectangle (and the most a picker takes).
pub fn overlay_rect(area: Rect) -> Rect {
    let width = (area.width.saturating_sub(4)).clamp(1, 100);
    let height = area.height.saturating_sub(2).max(1);
    area.centered(Constraint::Length(width), Constraint::Length(height))
}

fn split_rects(node: &Split, area: Rect, out: &mut [Rect]) {
    match node {
        Split::Pane(i) => {
            if let Some(slot) = out.get_mut(*i) {
                *slot = area;
            }
        }
        Split::SideBySide(children) | Split::Stacked(children) => {
            let n = children.len().max(1) as u32;
            let constraints = vec![Constraint::Ratio(1, n); children.len()];
            let areas = if matches!(node, Split::SideBySide(_)) {
                Layout::horizontal(constraints).split(area)
            } else {
                Layout::vertical(constraints).split(area)
            };
            for (child, a) in children.iter().zip(areas.iter()) {
                split_rects(child, *a, out);
            }
        }
    }
}

fn save_layout(node: &Split) -> SavedLayout {
    match node {
        Split::Pane(i) => SavedLayout::Pane(*i),
        Split::SideBySide(v) => SavedLayout::SideBySide(v.iter().map(save_layout).collect()),
        Split::Stacked(v) => SavedLayout::Stacked(v.iter().map(save_layout).collect()),
    }
}

/// The saved tree with pane indices mapped through `ids` (panes that could not be
/// restored dropped); `None` when nothing is left.
fn rebuild_layout(saved: &SavedLayout, ids: &[Option<usize>]) -> Option<Split> {
    let children = |v: &[SavedLayout]| -> Vec<Split> {
        v.iter().filter_map(|c| rebuild_layout(c, ids)).collect()
    };
    let node = match saved {
        SavedLayout::Pane(i) => Split::Pane(ids.get(*i).copied().flatten()?),
        SavedLayout::SideBySide(v) => Split::SideBySide(children(v)),
        SavedLayout::Stacked(v) => Split::Stacked(children(v)),
    };
    normalize(node)
}

/// Collapses empty splits and splits with one child.
fn normalize(node: Split) -> Option<Split> {
    match node {
        Split::Pane(_) => Some(node),
        Split::SideBySide(v) | Split::Stacked(v) if v.is_empty() => None,
        Split::SideBySide(mut v) | Split::Stacked(mut v) if v.len() == 1 => v.pop(),
        other => Some(other),
    }
}

fn layout_leaves(node: &Split, out: &mut Vec<usize>) {
    match node {
        Split::Pane(i) => out.push(*i),
        Split::SideBySide(v) | Split::Stacked(v) => v.iter().for_each(|c| layout_leaves(c, out)),
    }
}

fn split_leaf(node: &mut Split, target: usize, new: usize, dir: Dir) -> bool {
    match node {
        Split::Pane(i) if *i == target => {
            let pair = vec![Split::Pane(target), Split::Pane(new)];
            *node = match dir {
                Dir::SideBySide => Split::SideBySide(pair),
                Dir::Stacked => Split::Stacked(pair),
            };
            true
        }
        Split::Pane(_) => false,
        Split::SideBySide(_) | Split::Stacked(_) => {
            let same_dir = matches!(
                (&*node, dir),
                (Split::SideBySide(_), Dir::SideBySide) | (Split::Stacked(_), Dir::Stacked)
            );
            let (Split::SideBySide(v) | Split::Stacked(v)) = node else {
                return false;
            };
            if same_dir && let Some(k) = v.iter().position(|c| *c == Split::Pane(target)) {
                v.insert(k + 1, Split::Pane(new));
                return true;
            }
            v.iter_mut().any(|c| split_leaf(c, target, new, dir))
        }
    }
}

/// Removes leaf `target` and renumbers leaves above it.
fn remove_leaf(node: Split, target: usize) -> Option<Split> {
    match node {
        Split::Pane(i) if i == target => None,
        Split::Pane(i) => Some(Split::Pane(if i > target { i - 1 } else { i })),
        Split::SideBySide(v) => normalize(Split::SideBySide(
            v.into_iter()
                .filter_map(|c| remove_leaf(c, target))
                .collect(),
        )),
        Split::Stacked(v) => normalize(Split::Stacked(
            v.into_iter()
                .filter_map(|c| remove_leaf(c, target))
                .collect(),
        )),
    }
}

/// Applies one action. The only function that changes `App`.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Key(chord) => return handle_key(app, chord),
        Action::Type(c) => return type_char(app, c),
        Action::Resize { width, height } => {
            let before = pane_widths(app);
            app.width = width;
            app.height = height;
            // The text at the top of each pane stays there, even when a wider pane could
            // show more of the end.
            rewrap_panes(app, &before);
            super::compare::realign(app);
            let widths = pane_widths(app);
            for d in &app.docs {
                d.retain_widths(&widths);
            }
            clamp_overlays(app);
            return;
        }
        Action::Click { column, row } => return click(app, column, row),
        Action::Wheel { column, row, down } => return wheel(app, column, row, down),
        Action::LinksBuilt(built) => return super::compare::links_built(app, built),
        Action::Quit => {
            app.should_quit = true;
            return;
        }
        Action::Loaded(loaded) => {
            app.loading.retain(|p| *p != loaded.path);
            let preview = app
                .docs
                .iter()
                .position(|dv| dv.partial && dv.key == loaded.key);
            match preview {
                Some(d) => app.replace_document(d, *loaded.doc),
                None => open_loaded(app, *loaded.doc, loaded.key, false),
            }
            return;
        }
        Action::Previewed(loaded) => {
            open_loaded(app, *loaded.doc, loaded.key, true);
            return;
        }
        Action::LoadFailed(failure) => {
            app.loading.retain(|p| *p != failure.path);
            // A file whose beginning is already on screen (and so read once) stays there,
            // with the reason the rest could not be read: it went away, or changed.
            if let Some(dv) = app
                .docs
                .iter_mut()
                .find(|dv| dv.partial && dv.key == failure.key)
            {
                dv.partial = false;
                app.message = Some(format!("only the beginning is shown: {}", failure.error));
                return;
            }
            app.fatal = Some(failure.error);
            app.should_quit = true;
            return;
        }
        Action::Suspend => {
            app.suspend_requested = true;
            return;
        }
        _ => {}
    }
    match app.mode() {
        Mode::Help => help_action(app, action),
        Mode::Popup => popup_action(app, action),
        Mode::Picker => picker_action(app, action),
        Mode::Search => search_action(app, action),
        Mode::Library => library_action(app, action),
        Mode::Reader => {
            if !super::compare::handle(app, &action) {
                reader_action(app, action)
            }
        }
    }
}

/// A document read in the background goes into a new pane (the first one gets focus).
fn open_loaded(app: &mut App, doc: Document, key: String, partial: bool) {
    let first = app.panes.is_empty();
    let d = app.add_document(doc, key);
    app.docs[d].partial = partial;
    app.open_in_new_pane(d);
    if first {
        app.focus = 0;
    }
}

fn handle_key(app: &mut App, chord: KeyChord) {
    app.message = None;
    let mode = app.mode();
    let mut keys = std::mem::take(&mut app.pending);
    keys.push(chord);
    match app.keymap.lookup(mode, &keys) {
        Lookup::Action(action) => update(app, action),
        Lookup::Prefix => app.pending = keys,
        Lookup::Unbound => {
            let typing = matches!(mode, Mode::Picker | Mode::Search);
            let plain = !chord.ctrl && !chord.alt;
            match chord.code {
                super::keymap::KeyCodeKey::Char(c) if typing && plain && keys.len() == 1 => {
                    type_char(app, c)
                }
                _ if typing && keys.len() == 1 => {}
                _ => {
                    let help = app
                        .keymap
                        .key_for(mode, &Action::Help)
                        .map(|k| format!(" (press {k} for help)"))
                        .unwrap_or_default();
                    app.message = Some(format!("{} is not bound{help}", sequence_to_string(&keys)));
                }
            }
        }
    }
}

fn type_char(app: &mut App, c: char) {
    match &mut app.overlay {
        Some(Overlay::Picker(p)) => p.type_char(c),
        Some(Overlay::Search(s)) => {
            s.query.push(c);
            run_incremental_search(app);
        }
        _ => {}
    }
}

fn clamp_overlays(app: &mut App) {
    if let Some(Overlay::Popup(p)) = &app.overlay {
        let p = p.clone();
        let scroll = clamp_popup_scroll(app, &p, p.scroll);
        if let Some(Overlay::Popup(q)) = &mut app.overlay {
            q.scroll = scroll;
        }
    }
}

fn clamp_popup_scroll(app: &App, popup: &NotePopup, scroll: usize) -> usize {
    let (_, text, lines) = app.popup_geometry(popup);
    scroll.min(lines.len().saturating_sub(usize::from(text.height).max(1)))
}

fn help_action(app: &mut App, action: Action) {
    let page = usize::from(overlay_rect(app.panes_area()).height.saturating_sub(3)).max(1);
    let max = app.help_lines().len().saturating_sub(page);
    let Some(Overlay::Help { scroll }) = &mut app.overlay else {
        return;
    };
    match action {
        Action::Cancel | Action::Help => app.overlay = None,
        Action::ScrollDown => *scroll = (*scroll + 1).min(max),
        Action::ScrollUp => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll = (*scroll + page).min(max),
        Action::PageUp => *scroll = scroll.saturating_sub(page),
        _ => {}
    }
}

fn popup_action(app: &mut App, action: Action) {
    let Some(Overlay::Popup(popup)) = &app.overlay else {
        return;
    };
    let popup = popup.clone();
    let page = usize::from(app.popup_geometry(&popup).1.height.saturating_sub(1)).max(1);
    let scroll = match action {
        Action::Cancel => {
            app.overlay = None;
            return;
        }
        Action::JumpBack => {
            app.overlay = None;
            return jump_back(app);
        }
        Action::GoToNote => {
            app.overlay = None;
            let Some(note) = popup
                .note
                .and_then(|n| app.docs[popup.doc].doc.notes.get(n))
            else {
                app.message = Some(format!("Note {} is not in the notes list", popup.number));
                return;
            };
            let block = note.block;
            // With the notes list open in another pane (body on one side, notes on the
            // other), that pane goes to the note and the text stays where it is.
            if let Some(i) = notes_pane(app, popup.doc) {
                let dv = &app.docs[popup.doc];
                let (w, _) = app.pane_text_size(i);
                let top = dv.clamp(dv.pos_of_block(block), w);
                let pane = &mut app.panes[i];
                pane.top = top;
                pane.landing = Some(block);
                return;
            }
            jump_to_block(app, popup.doc, block);
            if let Some(p) = app.panes.get_mut(app.focus) {
                p.landing = Some(block);
            }
            return;
        }
        Action::ScrollDown => popup.scroll + 1,
        Action::ScrollUp => popup.scroll.saturating_sub(1),
        Action::PageDown => popup.scroll + page,
        Action::PageUp => popup.scroll.saturating_sub(page),
        _ => return,
    };
    let scroll = clamp_popup_scroll(app, &popup, scroll);
    if let Some(Overlay::Popup(p)) = &mut app.overlay {
        p.scroll = scroll;
    }
}

/// A pane other than the focused one that has notes of document `doc` on screen.
fn notes_pane(app: &App, doc: usize) -> Option<usize> {
    let dv = &app.docs[doc];
    let shows_notes = |i: usize| {
        let (w, h) = app.pane_text_size(i);
        dv.rows(app.panes[i].top, w, h).iter().any(|&(vis, _)| {
            dv.block_of(Pos { vis, line: 0 })
                .is_some_and(|b| matches!(dv.doc.blocks[b].kind, BlockKind::NoteEntry { .. }))
        })
    };
    (0..app.panes.len()).find(|&i| i != app.focus && app.panes[i].doc == doc && shows_notes(i))
}

fn picker_action(app: &mut App, action: Action) {
    let Some(Overlay::Picker(picker)) = &mut app.overlay else {
        return;
    };
    match action {
        Action::Cancel => app.overlay = None,
        Action::SelectNext => picker.move_selection(1),
        Action::SelectPrevious => picker.move_selection(-1),
        Action::DeleteChar => picker.delete_char(),
        Action::ClearInput => picker.clear(),
        Action::ToggleScope if picker.kind == picker::Kind::Sections => {
            let wide = !picker.wide;
            let query = picker.query.clone();
            let items = section_items(app, wide);
            if let Some(Overlay::Picker(p)) = &mut app.overlay {
                p.wide = wide;
                p.set_items(items);
                p.query = query;
                p.refilter();
            }
        }
        Action::Confirm => {
            let target = picker.chosen().map(|i| i.target.clone());
            app.overlay = None;
            match target {
                Some(t) => choose(app, t),
                None => app.message = Some("Nothing matches".into()),
            }
        }
        _ => {}
    }
}

fn choose(app: &mut App, target: Target) {
    match target {
        Target::Block { doc, block } => jump_to_block(app, doc, block),
        Target::Note { doc, note } => {
            let number = app.docs[doc].doc.notes.get(note).map_or(0, |n| n.number);
            app.overlay = Some(Overlay::Popup(NotePopup {
                doc,
                number,
                note: Some(note),
                scroll: 0,
            }));
        }
        Target::OpenDoc(doc) => show_document(app, doc),
        Target::Link { from, to } => super::compare::open_pair(
            app,
            super::compare::End {
                doc: from.0,
                sentence: from.1,
            },
            super::compare::End {
                doc: to.0,
                sentence: to.1,
            },
        ),
        Target::Bundled(n) => match app.ensure_bundled(n) {
            Some(doc) => show_document(app, doc),
            None => app.message = Some("Could not open that bundled article".into()),
        },
    }
}

/// Shows `doc` in the focused pane (a new pane when none is open), remembering where the
/// pane was so that Ctrl-o comes back.
fn show_document(app: &mut App, doc: usize) {
    app.screen = Screen::Reader;
    if app.panes.is_empty() {
        app.open_in_new_pane(doc);
        app.focus = 0;
        return;
    }
    if let Some(here) = here(app) {
        app.jumps.record(here);
    }
    let top = app.saved_pos(doc);
    set_location(app, Loc { doc, pos: top });
}

fn search_action(app: &mut App, action: Action) {
    let Some(Overlay::Search(prompt)) = &mut app.overlay else {
        return;
    };
    match action {
        Action::Cancel => {
            let origin = prompt.origin;
            app.overlay = None;
            if let Some(p) = app.panes.get_mut(app.focus) {
                p.top = origin;
                p.search = None;
            }
        }
        Action::Confirm => {
            let origin = prompt.origin;
            let query = std::mem::take(&mut prompt.query);
            app.overlay = None;
            if query.is_empty() {
                return;
            }
            app.last_search = Some(query);
            let doc = app.panes[app.focus].doc;
            app.jumps.record(Loc { doc, pos: origin });
            report_search(app);
        }
        Action::DeleteChar => {
            prompt.query.pop();
            run_incremental_search(app);
        }
        Action::ClearInput => {
            prompt.query.clear();
            run_incremental_search(app);
        }
        _ => {}
    }
}

/// Re-runs the search as the prompt changes and shows the first match after the origin.
fn run_incremental_search(app: &mut App) {
    let Some(Overlay::Search(prompt)) = &app.overlay else {
        return;
    };
    let (query, origin) = (prompt.query.clone(), prompt.origin);
    let i = app.focus;
    let Some(pane) = app.panes.get(i) else {
        return;
    };
    let dv = &app.docs[pane.doc];
    let matches = search::find_all(&dv.doc, &dv.visible, &query);
    let origin_block = dv.block_of(origin).unwrap_or(0);
    let current = if matches.is_empty() {
        None
    } else {
        Some(
            matches
                .iter()
                .position(|m| m.block >= origin_block)
                .unwrap_or(0),
        )
    };
    let top = match current.and_then(|c| matches.get(c)) {
        Some(m) => reveal(app, i, m.block, Some(m.range.start), origin),
        None => origin,
    };
    let pane = &mut app.panes[i];
    pane.top = top;
    pane.search = (!query.is_empty()).then_some(SearchResults {
        query,
        matches,
        current,
    });
}

fn report_search(app: &mut App) {
    let Some(s) = app.focused().and_then(|p| p.search.as_ref()) else {
        return;
    };
    if s.matches.is_empty() {
        app.message = Some(format!("Pattern not found: {}", s.query));
    }
}

/// The top position that shows `block` (at the line of `offset` if given) if `top` does
/// not already: the target line goes a little below the top of the pane.
fn reveal(app: &App, pane: usize, block: usize, offset: Option<usize>, top: Pos) -> Pos {
    let p = &app.panes[pane];
    let dv = &app.docs[p.doc];
    let (w, h) = app.pane_text_size(pane);
    let vis = dv.vis_of_block(block);
    let line = offset.map_or(0, |o| dv.line_of_offset(vis, o, w));
    reveal_line(dv, Pos { vis, line }, top, w, h)
}

fn reveal_line(dv: &DocView, target: Pos, top: Pos, w: u16, h: u16) -> Pos {
    let rows = dv.rows(top, w, h);
    let on_screen = matches!((rows.first(), rows.last()), (Some(&a), Some(&b))
        if (a.0, a.1) <= (target.vis, target.line) && (target.vis, target.line) <= (b.0, b.1));
    if on_screen {
        return top;
    }
    let context = usize::from(h / 4).min(3);
    dv.backward(target, context, w)
}

fn step_match(app: &mut App, forward: bool) {
    let i = app.focus;
    // As in vim, Esc hides the matches but `n` finds the last pattern again, in whichever
    // pane it is pressed.
    if let Some(pane) = app.panes.get(i)
        && pane.search.is_none()
        && let Some(query) = app.last_search.clone()
    {
        let dv = &app.docs[pane.doc];
        let matches = search::find_all(&dv.doc, &dv.visible, &query);
        app.panes[i].search = Some(SearchResults {
            query,
            matches,
            current: None,
        });
    }
    let Some(pane) = app.panes.get(i) else {
        return;
    };
    let Some(search) = &pane.search else {
        let key = app
            .keymap
            .key_for(Mode::Reader, &Action::Search)
            .unwrap_or_default();
        app.message = Some(format!("No search yet: press {key} to search"));
        return;
    };
    if search.matches.is_empty() {
        app.message = Some(format!("Pattern not found: {}", search.query));
        return;
    }
    let n = search.matches.len();
    let dv = &app.docs[pane.doc];
    let top_block = dv.block_of(pane.top).unwrap_or(0);
    let next = match search.current {
        Some(c) if forward => (c + 1) % n,
        Some(c) => (c + n - 1) % n,
        None if forward => search
            .matches
            .iter()
            .position(|m| m.block >= top_block)
            .unwrap_or(0),
        None => search
            .matches
            .iter()
            .rposition(|m| m.block <= top_block)
            .unwrap_or(n - 1),
    };
    let wrapped = match search.current {
        Some(c) => (forward && next <= c) || (!forward && next >= c),
        None => false,
    };
    let m = search.matches[next].clone();
    if let Some(here) = here(app) {
        app.jumps.record(here);
    }
    let top = reveal(app, i, m.block, Some(m.range.start), app.panes[i].top);
    let pane = &mut app.panes[i];
    pane.top = top;
    if let Some(s) = &mut pane.search {
        s.current = Some(next);
    }
    if wrapped {
        app.message = Some(if forward {
            "Search wrapped to the start".into()
        } else {
            "Search wrapped to the end".into()
        });
    }
}

fn library_action(app: &mut App, action: Action) {
    let n = app.bundled.len();
    match action {
        Action::SelectNext if n > 0 => app.library_selected = (app.library_selected + 1) % n,
        Action::SelectPrevious if n > 0 => {
            app.library_selected = (app.library_selected + n - 1) % n
        }
        Action::Top => app.library_selected = 0,
        Action::Bottom => app.library_selected = n.saturating_sub(1),
        Action::Confirm => choose(app, Target::Bundled(app.library_selected)),
        Action::Cancel if !app.panes.is_empty() => app.screen = Screen::Reader,
        Action::DocumentPicker => open_document_picker(app),
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        _ => {}
    }
}

fn reader_action(app: &mut App, action: Action) {
    let i = app.focus;
    if app.panes.get(i).is_none() {
        return;
    }
    let (w, h) = app.pane_text_size(i);
    let page = usize::from(h.saturating_sub(2)).max(1);
    let half = usize::from(h / 2).max(1);
    match action {
        Action::ScrollDown => scroll(app, 1),
        Action::ScrollUp => scroll(app, -1),
        Action::PageDown => scroll(app, page as isize),
        Action::PageUp => scroll(app, -(page as isize)),
        Action::HalfPageDown => scroll(app, half as isize),
        Action::HalfPageUp => scroll(app, -(half as isize)),
        Action::Top | Action::Bottom => {
            let dv = &app.docs[app.panes[i].doc];
            let target = if action == Action::Top {
                Pos::default()
            } else {
                dv.last_top(w, h)
            };
            if target != app.panes[i].top {
                let here = here(app);
                if let Some(here) = here {
                    app.jumps.record(here);
                }
                app.panes[i].top = target;
            }
        }
        Action::SectionPicker => {
            let items = section_items(app, false);
            if items.is_empty() {
                app.message = Some("This document has no sections".into());
                return;
            }
            let mut picker = Picker::new(picker::Kind::Sections, items);
            // Start on the section being read.
            if let Some(current) = app.focused_doc().and_then(|dv| {
                let b = dv.block_of(app.panes[i].top)?;
                dv.doc.section_of_block(b)
            }) {
                picker.selected = current.min(picker.shown.len().saturating_sub(1));
            }
            app.overlay = Some(Overlay::Picker(picker));
        }
        Action::NotesPicker => {
            let doc = app.panes[i].doc;
            let items: Vec<picker::Item> = app.docs[doc]
                .doc
                .notes
                .iter()
                .enumerate()
                .map(|(n, note)| picker::Item {
                    label: format!("{}. {}", note.number, note.text),
                    indent: 0,
                    detail: String::new(),
                    target: Target::Note { doc, note: n },
                })
                .collect();
            if items.is_empty() {
                app.message = Some("This document has no notes".into());
                return;
            }
            app.overlay = Some(Overlay::Picker(Picker::new(picker::Kind::Notes, items)));
        }
        Action::NextReference => select_reference(app, true),
        Action::PreviousReference => select_reference(app, false),
        Action::OpenReference => {
            let pane = &app.panes[i];
            let dv = &app.docs[pane.doc];
            match pane.selected_ref.and_then(|r| dv.refs.get(r)) {
                Some(r) => {
                    app.overlay = Some(Overlay::Popup(NotePopup {
                        doc: pane.doc,
                        number: r.note_ref.number,
                        note: r.note_ref.note,
                        scroll: 0,
                    }))
                }
                None => {
                    let key = app
                        .keymap
                        .key_for(Mode::Reader, &Action::NextReference)
                        .unwrap_or_default();
                    app.message = Some(format!(
                        "No reference selected: press {key} to select the next one"
                    ));
                }
            }
        }
        Action::JumpBack => jump_back(app),
        Action::JumpForward => {
            let Some(here) = here(app) else { return };
            match app.jumps.forward(here) {
                Some(loc) => set_location(app, loc),
                None => app.message = Some("Already at the newest jump".into()),
            }
        }
        Action::Search => {
            let origin = app.panes[i].top;
            app.overlay = Some(Overlay::Search(SearchPrompt {
                query: String::new(),
                origin,
            }));
        }
        Action::NextMatch => step_match(app, true),
        Action::PreviousMatch => step_match(app, false),
        Action::DocumentPicker => open_document_picker(app),
        Action::Library => {
            app.load_library();
            app.screen = Screen::Library;
        }
        Action::SplitSideBySide => split(app, Dir::SideBySide),
        Action::SplitStacked => split(app, Dir::Stacked),
        Action::ClosePane => close_pane(app),
        Action::FocusNext | Action::FocusPrevious => {
            let mut order = Vec::new();
            if let Some(l) = &app.layout {
                layout_leaves(l, &mut order);
            }
            if let Some(k) = order.iter().position(|&p| p == app.focus) {
                let n = order.len();
                let next = if action == Action::FocusNext {
                    (k + 1) % n
                } else {
                    (k + n - 1) % n
                };
                app.focus = order[next];
            }
        }
        Action::FocusLeft => focus_towards(app, -1, 0),
        Action::FocusRight => focus_towards(app, 1, 0),
        Action::FocusUp => focus_towards(app, 0, -1),
        Action::FocusDown => focus_towards(app, 0, 1),
        Action::ClearSelection => {
            let p = &mut app.panes[i];
            p.selected_ref = None;
            p.landing = None;
            p.search = None;
        }
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        _ => {}
    }
}

fn scroll(app: &mut App, delta: isize) {
    let i = app.focus;
    scroll_pane(app, i, delta);
}

fn scroll_pane(app: &mut App, i: usize, delta: isize) {
    let (w, h) = app.pane_text_size(i);
    let Some(p) = app.panes.get(i) else { return };
    let top = app.docs[p.doc].scrolled(p.top, delta, w, h);
    app.panes[i].top = top;
}

/// The focused pane's location.
fn here(app: &App) -> Option<Loc> {
    app.focused().map(|p| Loc {
        doc: p.doc,
        pos: p.top,
    })
}

/// Moves the focused pane to `loc`, clearing what belonged to another document.
fn set_location(app: &mut App, loc: Loc) {
    let i = app.focus;
    if loc.doc >= app.docs.len() {
        return;
    }
    if app.panes.get(i).is_some_and(|p| p.doc != loc.doc) {
        let old = app.panes[i].clone();
        let (key, pos) = app.position_of(&old);
        app.positions.insert(key, pos);
        let p = &mut app.panes[i];
        p.doc = loc.doc;
        p.selected_ref = None;
        p.search = None;
        p.sentence = None;
    }
    let (w, _) = app.pane_text_size(i);
    if let Some(p) = app.panes.get_mut(i) {
        p.top = app.docs[loc.doc].clamp(loc.pos, w);
        p.landing = None;
    }
}

fn jump_to_block(app: &mut App, doc: usize, block: usize) {
    if let Some(here) = here(app) {
        app.jumps.record(here);
    }
    // The block's text goes at the top, not the blank line a heading starts with (the
    // width is the focused pane's, which is where the document will show).
    let (w, _) = app.pane_text_size(app.focus);
    let dv = &app.docs[doc];
    let vis = dv.vis_of_block(block);
    let pos = Pos {
        vis,
        line: dv.first_text_line(vis, w),
    };
    set_location(app, Loc { doc, pos });
}

fn jump_back(app: &mut App) {
    let Some(here) = here(app) else { return };
    match app.jumps.back(here) {
        Some(loc) => set_location(app, loc),
        None => app.message = Some("Already at the oldest jump".into()),
    }
}

fn section_items(app: &App, wide: bool) -> Vec<picker::Item> {
    let Some(focused) = app.focused() else {
        return Vec::new();
    };
    let mut docs = vec![focused.doc];
    if wide {
        for p in &app.panes {
            if !docs.contains(&p.doc) {
                docs.push(p.doc);
            }
        }
    }
    let mut items = Vec::new();
    for d in docs {
        let dv = &app.docs[d];
        for s in &dv.doc.sections {
            items.push(picker::Item {
                label: s.title.clone(),
                indent: s.level.saturating_sub(1),
                detail: if wide {
                    dv.title().to_string()
                } else {
                    String::new()
                },
                target: Target::Block {
                    doc: d,
                    block: s.block,
                },
            });
        }
    }
    items
}

fn open_document_picker(app: &mut App) {
    let mut items = Vec::new();
    for (d, dv) in app.docs.iter().enumerate() {
        items.push(picker::Item {
            label: dv.title().to_string(),
            indent: 0,
            detail: dv.doc.path.clone(),
            target: Target::OpenDoc(d),
        });
    }
    for (n, (name, bytes)) in crate::library::BUNDLED.iter().enumerate() {
        if app.bundled[n].is_some() {
            continue;
        }
        // Unparsed bundled articles are listed by their first line, which is cheap.
        let first = String::from_utf8_lossy(bytes)
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(crate::ingest::sanitize)
            .unwrap_or_else(|| name.to_string());
        items.push(picker::Item {
            label: first,
            indent: 0,
            detail: format!("bundled {name}"),
            target: Target::Bundled(n),
        });
    }
    app.overlay = Some(Overlay::Picker(Picker::new(picker::Kind::Documents, items)));
}

/// Selects the next (or previous) reference from the selection if it is on screen, else
/// from the screen's edge, and scrolls so that it is visible.
fn select_reference(app: &mut App, forward: bool) {
    let i = app.focus;
    let (w, h) = app.pane_text_size(i);
    let pane = &app.panes[i];
    let dv = &app.docs[pane.doc];
    if dv.refs.is_empty() {
        app.message = Some("This document has no note references".into());
        return;
    }
    let rows = dv.rows(pane.top, w, h);
    let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
        return;
    };
    let place = |r: usize| -> (usize, usize) {
        let loc = &dv.refs[r];
        let vis = dv.vis_of_block(loc.block);
        (vis, dv.line_of_ref(vis, loc.index, w))
    };
    let on_screen = |r: usize| {
        let p = place(r);
        first <= p && p <= last
    };
    let current = pane
        .selected_ref
        .filter(|&r| r < dv.refs.len() && on_screen(r));
    let next = match current {
        Some(r) if forward => (r + 1 < dv.refs.len()).then_some(r + 1),
        Some(r) => r.checked_sub(1),
        None if forward => {
            let start = dv
                .refs
                .partition_point(|r| dv.vis_of_block(r.block) < first.0);
            (start..dv.refs.len()).find(|&r| place(r) >= first)
        }
        None => {
            let end = dv
                .refs
                .partition_point(|r| dv.vis_of_block(r.block) <= last.0);
            (0..end).rev().find(|&r| place(r) <= last)
        }
    };
    let Some(next) = next else {
        app.message = Some(if forward {
            "No more references below".into()
        } else {
            "No more references above".into()
        });
        return;
    };
    let (vis, line) = place(next);
    let top = reveal_line(dv, Pos { vis, line }, pane.top, w, h);
    let pane = &mut app.panes[i];
    pane.selected_ref = Some(next);
    pane.top = top;
}

/// The text width of every pane, in pane order.
fn pane_widths(app: &App) -> Vec<u16> {
    (0..app.panes.len())
        .map(|i| app.pane_text_size(i).0)
        .collect()
}

/// After the panes changed size: each pane's top, laid out at `before[i]` columns, moved to
/// the line that shows the same text at its width now.
fn rewrap_panes(app: &mut App, before: &[u16]) {
    for (i, &from) in before.iter().enumerate().take(app.panes.len()) {
        let to = app.pane_text_size(i).0;
        let pane = &mut app.panes[i];
        let anchor = pane
            .wrap_anchor
            .filter(|&(vis, _)| vis == pane.top.vis)
            .map(|(_, at)| at);
        let (top, kept) = app.docs[pane.doc].rewrap(pane.top, anchor, from, to);
        pane.top = top;
        pane.wrap_anchor = kept.map(|at| (top.vis, at));
    }
}

fn split(app: &mut App, dir: Dir) {
    let i = app.focus;
    let Some(p) = app.panes.get(i).cloned() else {
        return;
    };
    let mut before = pane_widths(app);
    before.push(before[i]);
    let new = app.panes.len();
    app.panes.push(Pane {
        selected_ref: None,
        landing: None,
        search: None,
        sentence: None,
        ..p
    });
    if let Some(layout) = &mut app.layout
        && split_leaf(layout, i, new, dir)
    {
        app.focus = new;
        rewrap_panes(app, &before);
        return;
    }
    app.panes.pop();
}

fn close_pane(app: &mut App) {
    if app.panes.len() <= 1 {
        let quit = app
            .keymap
            .key_for(Mode::Reader, &Action::Quit)
            .unwrap_or_default();
        app.message = Some(format!("This is the only pane ({quit} quits)"));
        return;
    }
    let i = app.focus;
    let mut before = pane_widths(app);
    before.remove(i);
    let old = app.panes[i].clone();
    let (key, pos) = app.position_of(&old);
    app.positions.insert(key, pos);
    let mut order = Vec::new();
    if let Some(l) = &app.layout {
        layout_leaves(l, &mut order);
    }
    let k = order.iter().position(|&p| p == i).unwrap_or(0);
    app.layout = app.layout.take().and_then(|l| remove_leaf(l, i));
    app.panes.remove(i);
    // Focus the pane that took its place in reading order.
    let neighbour = order
        .get(k + 1)
        .or_else(|| k.checked_sub(1).and_then(|j| order.get(j)))
        .copied()
        .unwrap_or(0);
    app.focus = if neighbour > i {
        neighbour - 1
    } else {
        neighbour
    };
    app.focus = app.focus.min(app.panes.len() - 1);
    rewrap_panes(app, &before);
}

/// Focuses the nearest pane in direction (dx, dy).
fn focus_towards(app: &mut App, dx: i32, dy: i32) {
    let rects = app.pane_rects();
    let Some(cur) = rects.get(app.focus).copied() else {
        return;
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
            k != app.focus
                && match (dx, dy) {
                    (-1, _) => r.right() <= cur.left(),
                    (1, _) => r.left() >= cur.right(),
                    (_, -1) => r.bottom() <= cur.top(),
                    _ => r.top() >= cur.bottom(),
                }
        })
        .min_by_key(|&(_, r)| {
            let (x, y) = center(*r);
            let (along, across) = if dx != 0 {
                ((x - cx).abs(), (y - cy).abs())
            } else {
                ((y - cy).abs(), (x - cx).abs())
            };
            (along, across)
        })
        .map(|(k, _)| k);
    match best {
        Some(k) => app.focus = k,
        None => app.message = Some("No pane in that direction".into()),
    }
}

fn pane_at(app: &App, column: u16, row: u16) -> Option<usize> {
    app.pane_rects()
        .iter()
        .position(|r| r.contains(ratatui::layout::Position::new(column, row)))
}

/// The library screen: a title line and a blank line, then three rows per article.
pub const LIBRARY_HEADER_ROWS: usize = 2;
pub const LIBRARY_ITEM_ROWS: usize = 3;

/// Rows of the library scrolled off the top so that the selected article shows in
/// `height` rows (the drawing and mouse clicks must agree on it).
pub fn library_scroll(selected: usize, height: u16) -> usize {
    (LIBRARY_HEADER_ROWS + (selected + 1) * LIBRARY_ITEM_ROWS).saturating_sub(usize::from(height))
}

fn click(app: &mut App, column: u16, row: u16) {
    app.message = None;
    if app.overlay.is_some() {
        return;
    }
    if app.mode() == Mode::Library {
        let list_height = app.height.saturating_sub(1);
        let row = usize::from(row) + library_scroll(app.library_selected, list_height);
        if let Some(index) = row
            .checked_sub(LIBRARY_HEADER_ROWS)
            .map(|r| r / LIBRARY_ITEM_ROWS)
            && index < app.bundled.len()
        {
            app.library_selected = index;
        }
        return;
    }
    let Some(i) = pane_at(app, column, row) else {
        return;
    };
    app.focus = i;
    let area = text_area(app.pane_rects()[i]);
    if !area.contains(ratatui::layout::Position::new(column, row)) {
        return;
    }
    let pane = &app.panes[i];
    let dv = &app.docs[pane.doc];
    let rows = dv.rows(pane.top, area.width.max(1), area.height.max(1));
    let Some(&(vis, line)) = rows.get(usize::from(row - area.y)) else {
        return;
    };
    let lines = dv.lines(vis, area.width.max(1));
    let Some(display) = lines.get(line) else {
        return;
    };
    let mut x = area.x;
    let mut hit = None;
    for span in &display.spans {
        let w = u16::try_from(span.text.width()).unwrap_or(u16::MAX);
        if column >= x && column < x.saturating_add(w) {
            hit = Some(span.role);
            break;
        }
        x = x.saturating_add(w);
    }
    let Some(SpanRole::NoteRef { index, .. }) = hit else {
        return;
    };
    let Some(block) = dv.block_of(Pos { vis, line }) else {
        return;
    };
    if let Some(r) = dv
        .refs
        .iter()
        .position(|r| r.block == block && r.index == index)
    {
        let loc = dv.refs[r];
        let doc = pane.doc;
        app.panes[i].selected_ref = Some(r);
        app.overlay = Some(Overlay::Popup(NotePopup {
            doc,
            number: loc.note_ref.number,
            note: loc.note_ref.note,
            scroll: 0,
        }));
    }
}

fn wheel(app: &mut App, column: u16, row: u16, down: bool) {
    let step = if down { 3 } else { -3 };
    match app.mode() {
        Mode::Popup => popup_action(
            app,
            if down {
                Action::ScrollDown
            } else {
                Action::ScrollUp
            },
        ),
        Mode::Help => help_action(
            app,
            if down {
                Action::ScrollDown
            } else {
                Action::ScrollUp
            },
        ),
        Mode::Reader => {
            if let Some(i) = pane_at(app, column, row) {
                scroll_pane(app, i, step);
            }
        }
        _ => {}
    }
}
