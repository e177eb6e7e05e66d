//! The overlays: layers over the panes or the library (a picker, the note popup, the help,
//! the search prompt). The top layer gets the action first and answers with an `Outcome`:
//! consumed, ignored, or done (close it, and maybe an effect for the app to apply), as in
//! helix's compositor.
//!
//! Owns each layer's state (scroll, query, selection) and its geometry. Reads the
//! workspace for geometry and the note text, never changes it; imports no component above
//! it.

use super::action::{Action, Mode};
use super::effect::Effect;
use super::keymap::Keymap;
use super::panes::{Workspace, text_area};
use super::picker::{self, Picker, Target};
use super::reading::Pos;
use ratatui::layout::{Constraint, Rect};

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
    /// `?`: the search goes backward from the origin.
    pub backward: bool,
    /// Where typing goes (a byte offset into `query`).
    pub cursor: usize,
    /// Earlier searches (oldest first), and which one Up/Down shows (`None`: the query
    /// being typed, kept in `draft`).
    pub history: Vec<String>,
    pub browsing: Option<usize>,
    pub draft: String,
    /// Searching every open document (the matches go to a picker on Enter).
    pub all: bool,
}

impl SearchPrompt {
    pub fn new(origin: Pos, backward: bool, history: Vec<String>) -> Self {
        SearchPrompt {
            query: String::new(),
            origin,
            backward,
            cursor: 0,
            history,
            browsing: None,
            draft: String::new(),
            all: false,
        }
    }

    fn set(&mut self, query: String) {
        self.cursor = query.len();
        self.query = query;
    }

    /// Edits the query; `true` when it changed.
    fn edit(&mut self, action: &Action) -> bool {
        let before = self.query.clone();
        let prev = |q: &str, at: usize| {
            q[..at]
                .chars()
                .next_back()
                .map_or(at, |c| at - c.len_utf8())
        };
        let next = |q: &str, at: usize| q[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        match action {
            Action::DeleteChar => {
                let from = prev(&self.query, self.cursor);
                self.query.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            Action::ClearInput => {
                self.query.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            Action::DeleteWord => {
                let head = &self.query[..self.cursor];
                let word_end = head.trim_end().len();
                let from = head[..word_end]
                    .rfind(char::is_whitespace)
                    .map_or(0, |k| k + 1);
                self.query.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            Action::CursorLeft => self.cursor = prev(&self.query, self.cursor),
            Action::CursorRight => self.cursor = next(&self.query, self.cursor),
            Action::CursorStart => self.cursor = 0,
            Action::CursorEnd => self.cursor = self.query.len(),
            Action::HistoryPrevious => {
                let k = match self.browsing {
                    None if self.history.is_empty() => return false,
                    None => {
                        self.draft = self.query.clone();
                        self.history.len() - 1
                    }
                    Some(k) => k.saturating_sub(1),
                };
                self.browsing = Some(k);
                self.set(self.history[k].clone());
            }
            Action::HistoryNext => match self.browsing {
                None => return false,
                Some(k) if k + 1 < self.history.len() => {
                    self.browsing = Some(k + 1);
                    self.set(self.history[k + 1].clone());
                }
                Some(_) => {
                    self.browsing = None;
                    let draft = std::mem::take(&mut self.draft);
                    self.set(draft);
                }
            },
            _ => return false,
        }
        self.query != before
    }

    fn type_char(&mut self, c: char) {
        self.query.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }
}

/// One layer on top of the screen.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help { scroll: usize },
    Popup(NotePopup),
    Picker(Picker),
    Search(SearchPrompt),
}

/// A layer's answer to an action.
#[derive(Debug)]
pub enum Outcome {
    /// Used; the layer stays.
    Consumed,
    /// Not for this layer; being on top, it keeps it from the layers below all the same.
    Ignored,
    /// Used; the layer stays and asks the app for this.
    Stay(Effect),
    /// The layer is done: closed, then the app applies the effect, if any.
    Close(Option<Effect>),
}

impl Overlay {
    /// The keys this layer listens to.
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Help { .. } => Mode::Help,
            Overlay::Popup(_) => Mode::Popup,
            Overlay::Picker(_) => Mode::Picker,
            Overlay::Search(_) => Mode::Search,
        }
    }

    /// Handles `action`; `help_lines` is how many lines the help has.
    pub fn handle(&mut self, ws: &Workspace, action: Action, help_lines: usize) -> Outcome {
        match self {
            Overlay::Help { scroll } => help_action(ws, scroll, action, help_lines),
            Overlay::Popup(popup) => popup_action(ws, popup, action),
            Overlay::Picker(picker) => picker_action(picker, action),
            Overlay::Search(prompt) => search_action(prompt, action),
        }
    }

    /// A character typed while this layer is on top.
    pub fn type_char(&mut self, c: char) -> Outcome {
        match self {
            Overlay::Picker(p) => {
                p.type_char(c);
                Outcome::Consumed
            }
            Overlay::Search(s) => {
                s.type_char(c);
                Outcome::Stay(Effect::SearchChanged)
            }
            Overlay::Help { .. } | Overlay::Popup(_) => Outcome::Ignored,
        }
    }

    /// After a resize: scroll positions still inside what there is to show.
    pub fn clamp(&mut self, ws: &Workspace) {
        if let Overlay::Popup(p) = self {
            p.scroll = clamp_popup_scroll(ws, p, p.scroll);
        }
    }
}

fn help_action(ws: &Workspace, scroll: &mut usize, action: Action, lines: usize) -> Outcome {
    let page = usize::from(overlay_rect(ws.panes_area()).height.saturating_sub(3)).max(1);
    let max = lines.saturating_sub(page);
    match action {
        Action::Cancel | Action::Help => return Outcome::Close(None),
        Action::ScrollDown => *scroll = (*scroll + 1).min(max),
        Action::ScrollUp => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll = (*scroll + page).min(max),
        Action::PageUp => *scroll = scroll.saturating_sub(page),
        Action::Top => *scroll = 0,
        Action::Bottom => *scroll = max,
        _ => return Outcome::Ignored,
    }
    Outcome::Consumed
}

fn popup_action(ws: &Workspace, popup: &mut NotePopup, action: Action) -> Outcome {
    let page = usize::from(popup_geometry(ws, popup).1.height.saturating_sub(1)).max(1);
    let scroll = match action {
        Action::Cancel => return Outcome::Close(None),
        Action::JumpBack => return Outcome::Close(Some(Effect::JumpBack)),
        Action::GoToNote => {
            return Outcome::Close(Some(Effect::GoToNote {
                doc: popup.doc,
                number: popup.number,
                note: popup.note,
            }));
        }
        Action::NoteCitations => {
            return Outcome::Close(Some(Effect::ListCitations {
                doc: popup.doc,
                note: popup.note,
            }));
        }
        Action::ScrollDown => popup.scroll + 1,
        Action::ScrollUp => popup.scroll.saturating_sub(1),
        Action::PageDown => popup.scroll + page,
        Action::PageUp => popup.scroll.saturating_sub(page),
        _ => return Outcome::Ignored,
    };
    popup.scroll = clamp_popup_scroll(ws, popup, scroll);
    Outcome::Consumed
}

fn clamp_popup_scroll(ws: &Workspace, popup: &NotePopup, scroll: usize) -> usize {
    let (_, text, lines) = popup_geometry(ws, popup);
    scroll.min(lines.len().saturating_sub(usize::from(text.height).max(1)))
}

fn picker_action(picker: &mut Picker, action: Action) -> Outcome {
    match action {
        Action::Cancel => return Outcome::Close(None),
        Action::SelectNext => picker.move_selection(1),
        Action::SelectPrevious => picker.move_selection(-1),
        Action::DeleteChar => picker.delete_char(),
        Action::ClearInput => picker.clear(),
        Action::ToggleScope if picker.kind == picker::Kind::Sections => {
            return Outcome::Stay(Effect::ToggleSectionsScope);
        }
        // A URL typed or pasted into the documents picker is fetched and opened.
        Action::Confirm
            if picker.kind == picker::Kind::Documents
                && crate::ingest::fetch::is_url(picker.query.trim()) =>
        {
            return Outcome::Close(Some(Effect::Choose(Target::OpenHere(
                picker.query.trim().to_string(),
            ))));
        }
        Action::Confirm => {
            return Outcome::Close(Some(match picker.chosen() {
                Some(item) => Effect::Choose(item.target.clone()),
                None => Effect::Message("Nothing matches".into()),
            }));
        }
        _ => return Outcome::Ignored,
    }
    Outcome::Consumed
}

fn search_action(prompt: &mut SearchPrompt, action: Action) -> Outcome {
    match action {
        Action::Cancel => Outcome::Close(Some(Effect::SearchCancelled {
            origin: prompt.origin,
        })),
        Action::Confirm => Outcome::Close(Some(Effect::SearchConfirmed {
            query: std::mem::take(&mut prompt.query),
            origin: prompt.origin,
            backward: prompt.backward,
            all: prompt.all,
        })),
        other => {
            if prompt.edit(&other) {
                Outcome::Stay(Effect::SearchChanged)
            } else {
                Outcome::Consumed
            }
        }
    }
}

/// The lines of the help overlay: (heading or keys, description), the keys of `first`
/// (the screen under the help) first.
pub fn help_lines(keymap: &Keymap, first: Mode) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let modes = std::iter::once(first).chain(Mode::ALL.into_iter().filter(|&m| m != first));
    for mode in modes {
        let bindings = keymap.bindings(mode);
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
pub fn popup_geometry(ws: &Workspace, popup: &NotePopup) -> (Rect, Rect, Vec<String>) {
    let area = ws.panes_area();
    let width = area.width.saturating_sub(4).clamp(1, 84);
    let text_width = width.saturating_sub(4).max(1);
    let lines = popup_lines(ws, popup, text_width);
    let max_height = (area.height * 3 / 5).max(area.height.min(5));
    let wanted = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let height = wanted.clamp(area.height.min(3), max_height.max(1));
    let mut rect = area.centered(Constraint::Length(width), Constraint::Length(height));
    // Keep the reference itself in sight: below it when it is in the upper half of
    // the screen, above it otherwise.
    if let Some(row) = selected_ref_row(ws) {
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
pub fn selected_ref_row(ws: &Workspace) -> Option<u16> {
    let p = ws.focused()?;
    let dv = &ws.docs[p.doc];
    let r = dv.refs.get(p.selected_ref?)?;
    let area = text_area(*ws.pane_rects().get(ws.focus)?);
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
pub fn popup_lines(ws: &Workspace, popup: &NotePopup, width: u16) -> Vec<String> {
    let text = match popup.note.and_then(|n| ws.docs[popup.doc].doc.notes.get(n)) {
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
