//! The composition: `App` holds the components and `update` is the one dispatcher.
//!
//! A terminal event becomes an `Action` (through the keymap for keys); `update` routes it
//! to whom it concerns: the top overlay first (it answers consumed / ignored / done, as in
//! helix's compositor), else the screen below (the library, or compare then the document
//! view on the focused pane). Components change their own state and hand back `Effect`s
//! (a message, a jump to record, an overlay to open, a choice to open) that only `apply`
//! carries out. App-wide actions (resize, mouse, background results, quit) are handled
//! here. No I/O except parsing a bundled article on demand; never touches the terminal.

pub use super::action::{Action, LoadFailure, LoadedDoc, Mode, SearchFound};
use super::compare::{self, Compare};
use super::effect::{Effect, Effects};
use super::jumps::{JumpList, Loc};
use super::keymap::{KeyChord, KeyCodeKey, Keymap, Lookup, sequence_to_string};
use super::library::Library;
pub use super::marks::{GutterMark, HighlightKind};
pub use super::overlays::{NotePopup, Outcome, Overlay, SearchPrompt};
pub use super::panes::{MAX_TEXT_WIDTH, MIN_HEIGHT, MIN_WIDTH, text_area};
use super::panes::{Pane, Workspace};
use super::picker::Target;
use super::reader;
use super::reading::Pos;
use super::search::SearchJob;
use super::state::SavedState;
use super::tasks::{TaskKind, TaskList};
use crate::document::Document;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
    /// Documents given on the command line are still being read (in the background).
    Loading,
}

/// How many searches the history keeps.
pub const SEARCH_HISTORY: usize = 100;

/// Files opened together get side-by-side panes (beyond a pair) only while each stays
/// this wide.
pub const MIN_PANE_COLUMNS: usize = 60;

/// The reader: its components and what belongs to no one of them.
#[derive(Debug)]
pub struct App {
    /// The documents and the panes that show them.
    pub ws: Workspace,
    pub screen: Screen,
    /// The layer on top of the screen, if any: it gets the keys first.
    pub overlay: Option<Overlay>,
    pub keymap: Keymap,
    /// Where the user's keymap file is read from, as the help shows it.
    pub keymap_path: String,
    pub pending: Vec<KeyChord>,
    pub message: Option<String>,
    pub jumps: JumpList,
    pub library: Library,
    /// Names of the documents still being read in the background.
    pub loading: Vec<String>,
    /// Set when the reader must stop with an error (a file given to it could not be read).
    pub fatal: Option<String>,
    pub should_quit: bool,
    /// Set by the Suspend action; the event loop suspends and clears it.
    pub suspend_requested: bool,
    /// Linked claims and compare mode.
    pub compare: Compare,
    /// The background tasks that run (the event loop starts them and hears from them).
    pub tasks: TaskList,
    /// Files to read in the background, asked for since the event loop last looked.
    pub load_requests: Vec<String>,
    /// Files asked for from the library: one that cannot be read is a message, not the
    /// end of the reader.
    pub optional_loads: Vec<String>,
    /// A search of a big document for the event loop to run in the background, and the
    /// number of the latest search asked for (older answers are dropped).
    pub search_job: Option<SearchJob>,
    pub search_generation: u64,
    /// A count typed before a key (`5j`, `50%`).
    pub count: Option<usize>,
    /// `m` or `'` was pressed: the next letter names the mark.
    pub awaiting_mark: Option<Action>,
    /// Searches confirmed, oldest first (saved with the state).
    pub search_history: Vec<String>,
    /// Marks set with `m`, by letter.
    pub marks: std::collections::BTreeMap<char, Loc>,
    /// A document being read (or fetched) to be shown in the focused pane rather than a
    /// new one: a link followed, a URL typed in the documents picker.
    pub replace_focused: Option<String>,
}

impl App {
    pub fn new(keymap: Keymap, width: u16, height: u16) -> Self {
        App {
            ws: Workspace::new(width, height),
            screen: Screen::Library,
            overlay: None,
            keymap,
            keymap_path: "~/.config/recto/keymap.toml".to_string(),
            pending: Vec::new(),
            message: None,
            jumps: JumpList::default(),
            library: Library::default(),
            loading: Vec::new(),
            fatal: None,
            should_quit: false,
            suspend_requested: false,
            compare: Compare::default(),
            tasks: TaskList::default(),
            load_requests: Vec::new(),
            optional_loads: Vec::new(),
            search_job: None,
            search_generation: 0,
            count: None,
            awaiting_mark: None,
            marks: Default::default(),
            search_history: Vec::new(),
            replace_focused: None,
        }
    }

    /// Adds a loaded document; returns its index in `ws.docs`.
    pub fn add_document(&mut self, doc: Document, key: String) -> usize {
        self.ws.add_document(doc, key)
    }

    /// Opens document `doc` in a new pane beside the others, on the reading screen.
    pub fn open_in_new_pane(&mut self, doc: usize) {
        self.ws.open_in_new_pane(doc);
        self.screen = Screen::Reader;
    }

    /// Takes positions from saved state, and its panes when none are open yet.
    pub fn restore(&mut self, saved: SavedState, load: impl FnMut(&str) -> Option<Document>) {
        self.search_history = saved.searches.clone();
        self.ws.restore(saved, load);
        self.sync_label();
    }

    /// The state to save: every document's position, the open panes, the searches.
    pub fn saved_state(&self) -> SavedState {
        SavedState {
            searches: self.search_history.clone(),
            ..self.ws.saved_state()
        }
    }

    /// Parses every bundled article (for the library screen).
    pub fn load_library(&mut self) {
        self.ws.load_library();
    }

    pub fn pane_rects(&self) -> Vec<Rect> {
        self.ws.pane_rects()
    }

    pub fn pane_text_size(&self, i: usize) -> (u16, u16) {
        self.ws.pane_text_size(i)
    }

    pub fn focused(&self) -> Option<&Pane> {
        self.ws.focused()
    }

    /// Which keys are active.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(overlay) => overlay.mode(),
            None if self.screen == Screen::Library
                || (self.ws.panes.is_empty() && self.screen != Screen::Loading) =>
            {
                Mode::Library
            }
            None => Mode::Reader,
        }
    }

    /// The lines of the help overlay, the keys of the screen under it first.
    pub fn help_lines(&self) -> Vec<(String, String)> {
        let first = if self.screen == Screen::Library {
            Mode::Library
        } else {
            Mode::Reader
        };
        super::overlays::help_lines(&self.keymap, first)
    }

    /// Links the loaded documents here and now (tests; the event loop runs the linker off
    /// the input path).
    pub fn settle_links(&mut self) {
        with_compare(self, compare::sync);
        for task in self.compare.take_tasks() {
            update(self, Action::LinksBuilt(task.run()));
        }
    }

    /// The rows under the panes follow compare's label.
    fn sync_label(&mut self) {
        self.ws.label_rows = compare::label_rows(&self.ws, &self.compare);
    }
}

/// Runs a compare function with its context, then applies the effects it left.
pub fn with_compare<T>(app: &mut App, f: impl FnOnce(&mut compare::Ctx) -> T) -> T {
    let mut fx = Effects::new();
    let out = f(&mut compare::Ctx {
        ws: &mut app.ws,
        cmp: &mut app.compare,
        keymap: &app.keymap,
        fx: &mut fx,
    });
    apply(app, fx);
    out
}

/// Applies one action. The only way the reader's state changes.
pub fn update(app: &mut App, action: Action) {
    dispatch(app, action);
    // Compare's label takes a row under the panes while it shows.
    app.sync_label();
}

fn dispatch(app: &mut App, action: Action) {
    match action {
        // Esc stops a download before it does anything else.
        Action::ClearSelection | Action::Cancel
            if app.overlay.is_none() && app.tasks.runs(TaskKind::Fetch) =>
        {
            return cancel_fetches(app);
        }
        Action::Key(chord) => return handle_key(app, chord),
        Action::Type(c) => return type_char(app, c),
        Action::Resize { width, height } => {
            app.ws.resize(width, height);
            app.sync_label();
            with_compare(app, compare::realign);
            app.ws.trim_caches();
            if let Some(overlay) = &mut app.overlay {
                overlay.clamp(&app.ws);
            }
            return;
        }
        Action::Click { column, row } => return click(app, column, row),
        Action::Wheel { column, row, down } => return wheel(app, column, row, down),
        Action::LinksBuilt(built) => {
            return with_compare(app, |c| compare::state::links_built(c, built));
        }
        Action::Quit => {
            app.should_quit = true;
            return;
        }
        Action::Loaded(loaded) => {
            app.loading.retain(|p| *p != loaded.path);
            let preview = app
                .ws
                .docs
                .iter()
                .position(|dv| dv.partial && dv.source == loaded.key);
            match preview {
                Some(d) => {
                    app.ws.replace_document(d, *loaded.doc);
                    app.compare.documents_replaced();
                }
                None if app.replace_focused.as_deref() == Some(loaded.path.as_str())
                    && !app.ws.panes.is_empty() =>
                {
                    app.replace_focused = None;
                    app.message = None;
                    let d = app.add_document(*loaded.doc, loaded.key);
                    show_document(app, d);
                }
                None => open_loaded(app, *loaded.doc, loaded.key, false),
            }
            return;
        }
        Action::Previewed(loaded) => {
            if app.replace_focused.as_deref() == Some(loaded.path.as_str())
                && !app.ws.panes.is_empty()
            {
                app.replace_focused = None;
                let before = app.ws.docs.len();
                let d = app.add_document(*loaded.doc, loaded.key);
                if app.ws.docs.len() > before {
                    app.ws.docs[d].partial = true;
                }
                show_document(app, d);
                return;
            }
            open_loaded(app, *loaded.doc, loaded.key, true);
            return;
        }
        Action::LoadFailed(failure) => {
            app.loading.retain(|p| *p != failure.path);
            // A file whose beginning is already on screen (and so read once) stays there,
            // with the reason the rest could not be read: it went away, or changed.
            if let Some(dv) = app
                .ws
                .docs
                .iter_mut()
                .find(|dv| dv.partial && dv.source == failure.key)
            {
                dv.partial = false;
                app.message = Some(format!("only the beginning is shown: {}", failure.error));
                return;
            }
            if let Some(k) = app.optional_loads.iter().position(|p| *p == failure.path) {
                app.optional_loads.remove(k);
                app.message = Some(failure.error);
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
        Action::SearchFound(found) => return search_found(app, found),
        _ => {}
    }
    let help = match app.overlay {
        Some(Overlay::Help { .. }) => app.help_lines().len(),
        _ => 0,
    };
    if let Some(overlay) = &mut app.overlay {
        let outcome = overlay.handle(&app.ws, action, help);
        return settle_layer(app, outcome);
    }
    let mut fx = Effects::new();
    match app.mode() {
        Mode::Library => app.library.handle(&mut app.ws, action, &mut fx),
        _ => {
            if !with_compare(app, |c| compare::handle(c, &action)) {
                reader::handle(&mut app.ws, &app.keymap, action, &mut fx);
            }
        }
    }
    apply(app, fx);
}

/// What the top layer answered: it stays, or closes and leaves an effect.
fn settle_layer(app: &mut App, outcome: Outcome) {
    match outcome {
        Outcome::Consumed | Outcome::Ignored => {}
        Outcome::Stay(effect) => apply(app, vec![effect]),
        Outcome::Close(effect) => {
            app.overlay = None;
            apply(app, effect.into_iter().collect());
        }
    }
}

/// Carries out what components asked for, in order.
fn apply(app: &mut App, fx: Effects) {
    for effect in fx {
        match effect {
            Effect::Message(m) => app.message = Some(m),
            Effect::RecordJump(loc) => app.jumps.record(loc),
            Effect::JumpBack => jump_back(app),
            Effect::JumpForward => {
                let Some(here) = app.ws.here() else { continue };
                match app.jumps.forward(here) {
                    Some(loc) => jump(app, loc),
                    None => app.message = Some("Already at the newest jump".into()),
                }
            }
            Effect::Choose(target) => choose(app, target),
            Effect::OpenPicker(picker) => app.overlay = Some(Overlay::Picker(picker)),
            Effect::ShowNote { doc, number, note } => {
                app.overlay = Some(Overlay::Popup(NotePopup {
                    doc,
                    number,
                    note,
                    scroll: 0,
                }))
            }
            Effect::GoToNote { doc, number, note } => go_to_note(app, doc, number, note),
            Effect::ListCitations { doc, note } => list_citations(app, doc, note),
            Effect::OpenHelp => app.overlay = Some(Overlay::Help { scroll: 0 }),
            Effect::OpenSearch {
                origin,
                backward,
                all,
            } => {
                let history = app.search_history.clone();
                let mut prompt = SearchPrompt::new(origin, backward, history);
                prompt.all = all;
                app.overlay = Some(Overlay::Search(prompt))
            }
            Effect::SearchChanged => search_changed(app),
            Effect::SearchCancelled { origin } => {
                app.search_generation += 1;
                if let Some(p) = app.ws.panes.get_mut(app.ws.focus) {
                    p.top = origin;
                    p.search = None;
                }
            }
            Effect::SearchConfirmed {
                query,
                origin,
                backward,
                all,
            } => {
                app.search_generation += 1;
                if query.is_empty() {
                    continue;
                }
                if all {
                    app.search_history.retain(|q| *q != query);
                    app.search_history.push(query.clone());
                    search_all(app, &query);
                    continue;
                }
                // A background search not answered yet is done here, now.
                let shown = app.ws.focused().and_then(|p| p.search.as_ref());
                if shown.is_none_or(|s| s.query != query) {
                    reader::incremental_search(&mut app.ws, query.clone(), origin, backward);
                }
                app.search_history.retain(|q| *q != query);
                app.search_history.push(query.clone());
                let extra = app.search_history.len().saturating_sub(SEARCH_HISTORY);
                app.search_history.drain(..extra);
                app.ws.last_search = Some((query, backward));
                if let Some(p) = app.ws.focused() {
                    app.jumps.record(Loc {
                        doc: p.doc,
                        pos: origin,
                    });
                }
                let mut fx = Effects::new();
                reader::report_search(&app.ws, &mut fx);
                apply(app, fx);
            }
            Effect::ToggleSectionsScope => {
                let Some(Overlay::Picker(picker)) = &app.overlay else {
                    continue;
                };
                let wide = !picker.wide;
                let query = picker.query.clone();
                let items = reader::section_items(&app.ws, wide);
                if let Some(Overlay::Picker(p)) = &mut app.overlay {
                    p.wide = wide;
                    p.set_items(items);
                    p.query = query;
                    p.refilter();
                }
            }
            Effect::ShowLibrary => {
                app.ws.load_library();
                app.screen = Screen::Library;
            }
            Effect::ShowReader => app.screen = Screen::Reader,
        }
    }
}

/// The search prompt changed: search again, here for a small document, in the background
/// for a big one (the keys keep answering; the matches show when found).
fn search_changed(app: &mut App) {
    let Some(Overlay::Search(prompt)) = &app.overlay else {
        return;
    };
    if prompt.all {
        // Every open document is searched once, on Enter.
        return;
    }
    let (query, origin, backward) = (prompt.query.clone(), prompt.origin, prompt.backward);
    let Some(pane) = app.ws.focused() else {
        return;
    };
    let dv = &app.ws.docs[pane.doc];
    if query.is_empty()
        || dv.text_bytes() <= reader::BACKGROUND_SEARCH_BYTES
        || dv.has_found(&query)
    {
        app.search_generation += 1;
        reader::incremental_search(&mut app.ws, query, origin, backward);
        return;
    }
    app.search_generation += 1;
    app.search_job = Some(SearchJob {
        generation: app.search_generation,
        key: dv.key.clone(),
        doc: dv.doc.clone(),
        visible: dv.text_blocks(),
        query,
    });
}

/// The most matches the picker of `S` lists.
const SEARCH_ALL_ITEMS: usize = 5_000;

/// `S`: the matches of `query` in every open document, in a picker (each with its
/// context and document); Enter goes to one, with the search shown in that document.
fn search_all(app: &mut App, query: &str) {
    let mut docs: Vec<usize> = Vec::new();
    let shown = app.ws.panes.iter().map(|p| p.doc);
    for d in shown.chain(app.ws.open_docs.iter().copied()) {
        if !docs.contains(&d) {
            docs.push(d);
        }
    }
    let mut items = Vec::new();
    for d in docs {
        let dv = &app.ws.docs[d];
        for m in dv.find(query) {
            if items.len() == SEARCH_ALL_ITEMS {
                break;
            }
            let text = &dv.doc.blocks[m.block].text;
            let floor = |mut i: usize| {
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let from = floor(m.range.start.saturating_sub(40));
            let to = floor((m.range.end + 60).min(text.len()));
            items.push(super::picker::Item {
                label: text[from..to]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                indent: 0,
                detail: super::text::truncate(dv.title(), 30),
                target: Target::Match {
                    doc: d,
                    block: m.block,
                    start: m.range.start,
                },
            });
        }
    }
    if items.is_empty() {
        app.message = Some(format!("Pattern not found in the open documents: {query}"));
        return;
    }
    app.ws.last_search = Some((query.to_string(), false));
    app.overlay = Some(Overlay::Picker(super::picker::Picker::new(
        super::picker::Kind::Matches,
        items,
    )));
}

/// A background search answered: its matches show if the prompt still asks for them.
fn search_found(app: &mut App, found: SearchFound) {
    let Some(dv) = app.ws.docs.iter().find(|dv| dv.key == found.key) else {
        return;
    };
    dv.remember(&found.query, &found.matches);
    if found.generation != app.search_generation {
        return;
    }
    let Some(Overlay::Search(prompt)) = &app.overlay else {
        return;
    };
    let focused_key = app.ws.focused().map(|p| app.ws.docs[p.doc].key.clone());
    if prompt.query == found.query && focused_key.as_ref() == Some(&found.key) {
        let (origin, backward) = (prompt.origin, prompt.backward);
        reader::show_matches(&mut app.ws, found.query, found.matches, origin, backward);
    }
}

/// A document read in the background goes into a new pane (the first one gets focus).
fn open_loaded(app: &mut App, doc: Document, key: String, partial: bool) {
    let first = app.ws.panes.is_empty();
    let before = app.ws.docs.len();
    let d = app.add_document(doc, key);
    // A preview is marked so; the same article already loaded is shown as it is.
    if app.ws.docs.len() > before {
        app.ws.docs[d].partial = partial;
    }
    // Two go side by side (a pair to compare); more only while each pane keeps
    // `MIN_PANE_COLUMNS`: the rest wait in the background (Ctrl-n, o).
    let panes = app.ws.panes.len();
    if panes >= 2 && usize::from(app.ws.width) / (panes + 1) < MIN_PANE_COLUMNS {
        app.ws.note_open(d);
        app.ws.touch(d);
        return;
    }
    app.open_in_new_pane(d);
    if first {
        app.ws.focus = 0;
    }
}

fn handle_key(app: &mut App, chord: KeyChord) {
    app.message = None;
    let mode = app.mode();
    let plain = match chord.code {
        KeyCodeKey::Char(c) if !chord.ctrl && !chord.alt => Some(c),
        _ => None,
    };
    if mode == Mode::Reader
        && app.pending.is_empty()
        && let Some(action) = app.awaiting_mark.take()
    {
        return match plain {
            Some(c) => mark_key(app, action, c),
            None => app.message = Some("No mark chosen".into()),
        };
    }
    // A count before a key, as in vim: digits nothing is bound to.
    if mode == Mode::Reader
        && app.pending.is_empty()
        && let Some(d) = plain.and_then(|c| c.to_digit(10))
        && (d > 0 || app.count.is_some())
        && app.keymap.lookup(mode, &[chord]) == Lookup::Unbound
    {
        app.count = Some((app.count.unwrap_or(0) * 10 + d as usize).min(99_999));
        return;
    }
    let count = app.count.take();
    let mut keys = std::mem::take(&mut app.pending);
    keys.push(chord);
    match app.keymap.lookup(mode, &keys) {
        Lookup::Action(action) if mode == Mode::Reader => counted(app, action, count),
        Lookup::Action(action) => update(app, action),
        Lookup::Prefix => {
            app.pending = keys;
            app.count = count;
        }
        Lookup::Unbound => {
            let typing = matches!(mode, Mode::Picker | Mode::Search);
            let plain = !chord.ctrl && !chord.alt;
            match chord.code {
                KeyCodeKey::Char(c) if typing && plain && keys.len() == 1 => type_char(app, c),
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

/// A reading-screen action with the count typed before it: moves are repeated, `%` takes
/// it as the percentage, marks wait for their letter.
fn counted(app: &mut App, action: Action, count: Option<usize>) {
    match action {
        Action::Percent => match count {
            Some(p) => {
                let Some(pane) = app.ws.focused() else { return };
                let pos = app.ws.docs[pane.doc].pos_at_percent(p);
                let loc = Loc { doc: pane.doc, pos };
                if let Some(here) = app.ws.here() {
                    app.jumps.record(here);
                }
                jump(app, loc);
            }
            None => app.message = Some("Type how far first: 50% goes halfway".into()),
        },
        Action::SetMark | Action::GoToMark => app.awaiting_mark = Some(action),
        Action::ScrollDown
        | Action::ScrollUp
        | Action::PageDown
        | Action::PageUp
        | Action::HalfPageDown
        | Action::HalfPageUp
        | Action::NextReference
        | Action::PreviousReference
        | Action::NextMatch
        | Action::PreviousMatch
        | Action::NextSentence
        | Action::PreviousSentence
        | Action::NextLinked
        | Action::PreviousLinked
        | Action::NextSection
        | Action::PreviousSection
        | Action::NextDocument
        | Action::PreviousDocument
        | Action::FocusNext
        | Action::FocusPrevious => {
            for _ in 0..count.unwrap_or(1).min(10_000) {
                update(app, action.clone());
                if app.message.is_some() {
                    // "No more …": the rest of the count would say it again.
                    break;
                }
            }
        }
        other => update(app, other),
    }
}

/// The letter after `m` (set a mark here) or `'` (go to it; `''` goes back).
fn mark_key(app: &mut App, action: Action, c: char) {
    let Some(here) = app.ws.here() else { return };
    if action == Action::SetMark {
        app.marks.insert(c, here);
        app.message = Some(format!("Mark {c} set"));
        return;
    }
    if c == '\'' {
        return jump_back(app);
    }
    match app.marks.get(&c).copied() {
        Some(loc) if loc.doc < app.ws.docs.len() => {
            app.jumps.record(here);
            jump(app, loc);
        }
        _ => app.message = Some(format!("Mark {c} is not set")),
    }
}

fn type_char(app: &mut App, c: char) {
    if let Some(overlay) = &mut app.overlay {
        let outcome = overlay.type_char(c);
        settle_layer(app, outcome);
    }
}

/// With the notes list open in another pane (body on one side, notes on the other), that
/// pane goes to the note and the text stays where it is; else the focused pane goes there.
fn go_to_note(app: &mut App, doc: usize, number: u32, note: Option<usize>) {
    let Some(note) = note.and_then(|n| app.ws.docs[doc].doc.notes.get(n)) else {
        app.message = Some(format!("Note {number} is not in the notes list"));
        return;
    };
    let block = note.block;
    if let Some(i) = app.ws.notes_pane(doc) {
        let dv = &app.ws.docs[doc];
        let (w, _) = app.ws.pane_text_size(i);
        let top = dv.clamp(dv.pos_of_block(block), w);
        let pane = &mut app.ws.panes[i];
        pane.top = top;
        pane.landing = Some(block);
        return;
    }
    jump_to_block(app, doc, block);
    let focus = app.ws.focus;
    if let Some(p) = app.ws.panes.get_mut(focus) {
        p.landing = Some(block);
    }
}

fn choose(app: &mut App, target: Target) {
    match target {
        Target::Block { doc, block } => {
            // A section of an article another pane shows: that pane goes there.
            if app.ws.focused().is_some_and(|p| p.doc != doc)
                && let Some(k) = app.ws.panes.iter().position(|p| p.doc == doc)
            {
                app.ws.focus = k;
            }
            jump_to_block(app, doc, block)
        }
        Target::Note { doc, note } => {
            // The popup opens at the note's first citation (brought into view), so that
            // it reads in place, as a click on the reference would show it.
            let first = app.ws.docs[doc]
                .refs
                .iter()
                .position(|r| r.note_ref.note == Some(note));
            match first {
                Some(r) => go_to_reference(app, doc, r),
                None => {
                    if let Some(p) = app.ws.panes.get_mut(app.ws.focus) {
                        p.selected_ref = None;
                    }
                }
            }
            let number = app.ws.docs[doc].doc.notes.get(note).map_or(0, |n| n.number);
            app.overlay = Some(Overlay::Popup(NotePopup {
                doc,
                number,
                note: Some(note),
                scroll: 0,
            }));
        }
        Target::Reference { doc, r } => go_to_reference(app, doc, r),
        Target::Match { doc, block, start } => go_to_match(app, doc, block, start),
        Target::OpenDoc(doc) => show_document(app, doc),
        Target::Link { from, to } => {
            let from = compare::End {
                doc: from.0,
                sentence: from.1,
            };
            let to = compare::End {
                doc: to.0,
                sentence: to.1,
            };
            // Ctrl-o comes back to where the picker was opened.
            if let Some(here) = app.ws.here() {
                app.jumps.record(here);
            }
            with_compare(app, |c| compare::open_pair(c, from, to));
        }
        Target::File(path) => {
            app.message = Some(format!("Reading {}…", crate::ingest::display_name(&path)));
            app.loading.push(path.clone());
            app.optional_loads.push(path.clone());
            app.load_requests.push(path);
        }
        Target::Follow { doc, target } => follow_link(app, doc, &target),
        Target::OpenHere(path) => {
            app.replace_focused = Some(path.clone());
            choose(app, Target::File(path));
        }
        Target::Bundled(n) => match app.ws.ensure_bundled(n) {
            Some(doc) => show_document(app, doc),
            None => app.message = Some("Could not open that bundled article".into()),
        },
    }
}

/// Reference `r` of `doc` selected and in view in the focused pane (a jump, when it moves).
fn go_to_reference(app: &mut App, doc: usize, r: usize) {
    let Some(loc) = app.ws.docs.get(doc).and_then(|dv| dv.refs.get(r)).copied() else {
        return;
    };
    let Some(here) = app.ws.here() else {
        return;
    };
    if here.doc != doc {
        jump(
            app,
            Loc {
                doc,
                pos: Pos::default(),
            },
        );
    }
    let i = app.ws.focus;
    let (w, h) = app.ws.pane_text_size(i);
    let dv = &app.ws.docs[doc];
    let vis = dv.vis_of_block(loc.block);
    let line = dv.line_of_ref(vis, loc.index, w);
    let top = super::panes::reveal_line(dv, Pos { vis, line }, app.ws.panes[i].top, w, h);
    if here.doc != doc || top != here.pos {
        app.jumps.record(here);
    }
    let pane = &mut app.ws.panes[i];
    pane.top = top;
    pane.selected_ref = Some(r);
}

/// A match chosen in `S`'s picker: its document (in the pane that shows it, if one does)
/// at the match, with the search shown there and this match current.
fn go_to_match(app: &mut App, doc: usize, block: usize, start: usize) {
    if app.ws.focused().is_some_and(|p| p.doc != doc)
        && let Some(k) = app.ws.panes.iter().position(|p| p.doc == doc)
    {
        app.ws.focus = k;
    }
    jump_to_block(app, doc, block);
    let Some((query, _)) = app.ws.last_search.clone() else {
        return;
    };
    let i = app.ws.focus;
    let matches = app.ws.docs[doc].find(&query);
    let current = matches
        .iter()
        .position(|m| m.block == block && m.range.start == start);
    let top = app.ws.reveal(i, block, Some(start), app.ws.panes[i].top);
    let pane = &mut app.ws.panes[i];
    pane.top = top;
    pane.search = Some(super::panes::SearchResults {
        query,
        matches,
        current,
        backward: false,
        shown_at: Some(top),
    });
}

/// A picker of the places that cite note `note` of `doc`, each with its sentence.
fn list_citations(app: &mut App, doc: usize, note: Option<usize>) {
    let dv = &app.ws.docs[doc];
    let items: Vec<super::picker::Item> = dv
        .refs
        .iter()
        .enumerate()
        .filter(|(_, r)| note.is_some() && r.note_ref.note == note)
        .map(|(k, r)| {
            let block = &dv.doc.blocks[r.block];
            let offset = block.refs.get(r.index).map_or(0, |x| x.offset);
            let sentence = dv
                .doc
                .sentence_at(r.block, offset.saturating_sub(1))
                .map(|s| dv.doc.sentence_text(s).trim().to_string())
                .unwrap_or_else(|| block.text.clone());
            let section = dv
                .doc
                .section_of_block(r.block)
                .and_then(|s| dv.doc.sections.get(s))
                .map(|s| s.title.clone())
                .unwrap_or_default();
            super::picker::Item {
                label: format!("[{}] {sentence}", r.note_ref.number),
                indent: 0,
                detail: section,
                target: Target::Reference { doc, r: k },
            }
        })
        .collect();
    if items.is_empty() {
        app.message = Some("Nothing in the text cites this note".into());
        return;
    }
    app.overlay = Some(Overlay::Picker(super::picker::Picker::new(
        super::picker::Kind::Citations,
        items,
    )));
}

/// Stops every URL being fetched. With nothing else to show (a URL given on the command
/// line), the reader ends with a one-line error saying so.
fn cancel_fetches(app: &mut App) {
    app.tasks.cancel_kind(TaskKind::Fetch);
    let is_url = |p: &String| crate::ingest::fetch::is_url(p);
    let urls: Vec<String> = app.loading.iter().filter(|p| is_url(p)).cloned().collect();
    app.loading.retain(|p| !is_url(p));
    app.optional_loads.retain(|p| !is_url(p));
    app.replace_focused = None;
    let shown = urls
        .iter()
        .map(|u| crate::ingest::display_name(u))
        .collect::<Vec<_>>()
        .join(", ");
    if app.ws.panes.is_empty() && app.screen == Screen::Loading && app.loading.is_empty() {
        app.fatal = Some(format!("{shown}: fetch cancelled"));
        app.should_quit = true;
        return;
    }
    app.message = Some(if shown.is_empty() {
        "Fetch cancelled".to_string()
    } else {
        format!("Stopped fetching {shown}")
    });
}

/// Follows link `target` of document `doc`: an anchor jumps (Ctrl-o comes back), a document
/// recto reads opens in the focused pane, anything else goes to the system's opener.
fn follow_link(app: &mut App, doc: usize, target: &str) {
    use super::hyperlinks::{Follow, open_external, resolve};
    match resolve(&app.ws, doc, target) {
        Follow::Jump { doc, block } => jump_to_block(app, doc, block),
        Follow::Open(path) => choose(app, Target::OpenHere(path)),
        Follow::External(what) => {
            app.message = Some(match open_external(&what) {
                Ok(program) => format!("Opened {what} with {program}"),
                Err(why) => format!("{what}: {why}"),
            });
        }
        Follow::Nowhere(why) => app.message = Some(why),
    }
}

/// Shows `doc` in the focused pane (a new pane when none is open), remembering where the
/// pane was so that Ctrl-o comes back.
fn show_document(app: &mut App, doc: usize) {
    app.screen = Screen::Reader;
    if app.ws.panes.is_empty() {
        app.open_in_new_pane(doc);
        app.ws.focus = 0;
        return;
    }
    if let Some(here) = app.ws.here() {
        app.jumps.record(here);
    }
    let top = app.ws.saved_pos(doc);
    jump(app, Loc { doc, pos: top });
}

fn jump_to_block(app: &mut App, doc: usize, block: usize) {
    if let Some(here) = app.ws.here() {
        app.jumps.record(here);
    }
    let loc = app.ws.block_location(doc, block);
    jump(app, loc);
}

fn jump_back(app: &mut App) {
    let Some(here) = app.ws.here() else { return };
    match app.jumps.back(here) {
        Some(loc) => jump(app, loc),
        None => app.message = Some("Already at the oldest jump".into()),
    }
}

/// The focused pane jumps to `loc`; a compare session it was part of ends (its label
/// would speak of a pair no longer shown).
fn jump(app: &mut App, loc: Loc) {
    let focus = app.ws.focus;
    if let Some(s) = app.compare.session
        && (s.from_pane == focus || s.to_pane == focus)
    {
        app.compare.session = None;
        let partner = if s.from_pane == focus {
            s.to_pane
        } else {
            s.from_pane
        };
        if let Some(p) = app.ws.panes.get_mut(partner) {
            p.sentence = None;
        }
    }
    app.ws.set_location(loc);
}

fn click(app: &mut App, column: u16, row: u16) {
    app.message = None;
    if app.overlay.is_some() {
        return;
    }
    if app.mode() == Mode::Library {
        let list_height = app.ws.height.saturating_sub(1);
        app.library.click(&app.ws, row, list_height);
        return;
    }
    let Some(i) = app.ws.pane_at(column, row) else {
        return;
    };
    app.ws.focus = i;
    let mut fx = Effects::new();
    reader::click(&mut app.ws, i, column, row, &mut fx);
    apply(app, fx);
}

fn wheel(app: &mut App, column: u16, row: u16, down: bool) {
    let scroll = if down {
        Action::ScrollDown
    } else {
        Action::ScrollUp
    };
    match app.mode() {
        Mode::Popup | Mode::Help => {
            let help = app.help_lines().len();
            if let Some(overlay) = &mut app.overlay {
                let outcome = overlay.handle(&app.ws, scroll, help);
                settle_layer(app, outcome);
            }
        }
        Mode::Reader => {
            if let Some(i) = app.ws.pane_at(column, row) {
                app.ws.scroll_pane(i, if down { 3 } else { -3 });
            }
        }
        _ => {}
    }
}
