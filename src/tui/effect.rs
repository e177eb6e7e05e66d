//! What a component asks the app to do once it has changed its own state: things that
//! belong to another component (the jump list, the overlays, the status line) or to the
//! app itself (opening what a picker chose).
//!
//! Plain data. Components return effects; only the app applies them, so no component needs
//! to reach into another.

use super::jumps::Loc;
use super::picker::{Picker, Target};
use super::reading::Pos;

#[derive(Debug, Clone)]
pub enum Effect {
    /// A line for the status bar.
    Message(String),
    /// Remember this place before a jump away from it (Ctrl-o comes back).
    RecordJump(Loc),
    /// Go back in the jump list.
    JumpBack,
    /// Go forward in the jump list.
    JumpForward,
    /// Open what a picker chose.
    Choose(Target),
    /// Show a picker on top.
    OpenPicker(Picker),
    /// Show a note of document `doc` in a popup (`note: None`: it resolves to nothing).
    ShowNote {
        doc: usize,
        number: u32,
        note: Option<usize>,
    },
    /// Go to a note in its document's notes list.
    GoToNote {
        doc: usize,
        number: u32,
        note: Option<usize>,
    },
    /// List the places that cite a note.
    ListCitations { doc: usize, note: Option<usize> },
    /// Show the help.
    OpenHelp,
    /// Open the search prompt (`backward` for `?`); Esc brings the focused pane back to
    /// `origin`.
    OpenSearch {
        origin: Pos,
        backward: bool,
        /// Every open document: the matches go to a picker.
        all: bool,
    },
    /// The search prompt's text changed: search again.
    SearchChanged,
    /// The search prompt was closed with Esc.
    SearchCancelled { origin: Pos },
    /// The search prompt was closed with Enter.
    SearchConfirmed {
        query: String,
        origin: Pos,
        backward: bool,
        all: bool,
    },
    /// The sections picker widens to every open document (or narrows back).
    ToggleSectionsScope,
    /// Show the library screen.
    ShowLibrary,
    /// Leave the library for the panes.
    ShowReader,
}

/// The effects one action produced, in order.
pub type Effects = Vec<Effect>;
