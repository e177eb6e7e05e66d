//! What a user can ask for (`Action`), which set of keys is active (`Mode`), and what the
//! background loader hands back (`LoadedDoc`, `LoadFailure`).
//!
//! Plain data: every component reads it, none of them is imported here. The keymap turns
//! keys into actions; the app's dispatcher routes each action to the component it
//! concerns.

use super::keys::KeyChord;
use super::search::Match;
use crate::document::Document;
use serde::{Deserialize, Serialize};

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
    Percent,
    NextSection,
    PreviousSection,
    SetMark,
    GoToMark,
    SectionPicker,
    NotesPicker,
    NextReference,
    PreviousReference,
    OpenReference,
    GoToNote,
    NoteCitations,
    JumpBack,
    JumpForward,
    Search,
    SearchBackward,
    SearchAll,
    NextMatch,
    PreviousMatch,
    DocumentPicker,
    NextDocument,
    PreviousDocument,
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
    DeleteWord,
    CursorLeft,
    CursorRight,
    CursorStart,
    CursorEnd,
    HistoryPrevious,
    HistoryNext,
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
    RemoveFromLibrary,
    ToggleChrome,
    TextLinksPicker,
    /// The linker finished (a background task's result).
    #[serde(skip)]
    LinksBuilt(super::linking::Built),
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
    /// A background search (of a big document) answered.
    #[serde(skip)]
    SearchFound(SearchFound),
}

/// What a background search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFound {
    /// The request it answers (`SearchJob::generation`).
    pub generation: u64,
    /// The document searched (`DocView::key`).
    pub key: String,
    pub query: String,
    pub matches: Vec<Match>,
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
        Action::Percent,
        Action::NextSection,
        Action::PreviousSection,
        Action::SetMark,
        Action::GoToMark,
        Action::SectionPicker,
        Action::NotesPicker,
        Action::NextReference,
        Action::PreviousReference,
        Action::OpenReference,
        Action::GoToNote,
        Action::NoteCitations,
        Action::JumpBack,
        Action::JumpForward,
        Action::Search,
        Action::SearchBackward,
        Action::SearchAll,
        Action::NextMatch,
        Action::PreviousMatch,
        Action::DocumentPicker,
        Action::NextDocument,
        Action::PreviousDocument,
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
        Action::DeleteWord,
        Action::CursorLeft,
        Action::CursorRight,
        Action::CursorStart,
        Action::CursorEnd,
        Action::HistoryPrevious,
        Action::HistoryNext,
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
        Action::RemoveFromLibrary,
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
            Action::Percent => "go to N% of the text (type N first)",
            Action::NextSection => "go to the next section",
            Action::PreviousSection => "go to the previous section",
            Action::SetMark => "set a mark: then a letter",
            Action::GoToMark => "go to a mark: then its letter",
            Action::SectionPicker => "jump to a section (fuzzy)",
            Action::NotesPicker => "pick a note of this document",
            Action::NextReference => "select the next note reference",
            Action::PreviousReference => "select the previous note reference",
            Action::OpenReference => "open the selected reference's note",
            Action::GoToNote => "go to the note in the notes list",
            Action::NoteCitations => "list the places that cite this note (Enter jumps)",
            Action::JumpBack => "jump back",
            Action::JumpForward => "jump forward again",
            Action::Search => "search forward (smart case, regex)",
            Action::SearchBackward => "search backward from here",
            Action::SearchAll => "search every open document: the matches in a picker",
            Action::NextMatch => "next match (compare: next link)",
            Action::PreviousMatch => "match the other way (compare: previous link)",
            Action::DocumentPicker => "open a document in this pane (fuzzy)",
            Action::NextDocument => "show the next opened document in this pane",
            Action::PreviousDocument => "show the previous opened document in this pane",
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
            Action::DeleteWord => "delete the word before the cursor",
            Action::CursorLeft => "cursor left",
            Action::CursorRight => "cursor right",
            Action::CursorStart => "cursor to the start",
            Action::CursorEnd => "cursor to the end",
            Action::HistoryPrevious => "an earlier search",
            Action::HistoryNext => "a later search",
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
            Action::ToggleChrome => "show the hidden page furniture in place, or fold it again",
            Action::TextLinksPicker => "list the document's links (fuzzy) and follow one",
            Action::RemoveFromLibrary => "take the article out of the library (the file stays)",
            Action::LinksBuilt(_)
            | Action::Key(_)
            | Action::Type(_)
            | Action::Resize { .. }
            | Action::Click { .. }
            | Action::Wheel { .. }
            | Action::Loaded(_)
            | Action::Previewed(_)
            | Action::LoadFailed(_)
            | Action::SearchFound(_) => "",
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

/// A document read by a background task, on its way into `update`.
#[derive(Debug, Clone)]
pub struct LoadedDoc {
    /// The path as the user gave it (what `App::loading` lists).
    pub path: String,
    /// Where it was read from (its canonical path): a preview and the whole file share it.
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
