//! The library screen: the bundled articles, one selected, to read one.
//!
//! Owns the selection and how the list scrolls (drawing and clicks must agree on it).
//! Opening the chosen article is the app's (an `Effect::Choose`); the list itself is the
//! workspace's `bundled` slots. Never imports the app.

use super::action::Action;
use super::effect::{Effect, Effects};
use super::panes::Workspace;
use super::picker::Target;

/// The library screen: a title line and a blank line, then three rows per article.
pub const LIBRARY_HEADER_ROWS: usize = 2;
pub const LIBRARY_ITEM_ROWS: usize = 3;

/// Rows of the library scrolled off the top so that the selected article shows in
/// `height` rows (the drawing and mouse clicks must agree on it).
pub fn library_scroll(selected: usize, height: u16) -> usize {
    (LIBRARY_HEADER_ROWS + (selected + 1) * LIBRARY_ITEM_ROWS).saturating_sub(usize::from(height))
}

/// The library screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    /// Selected row (index into the bundled list).
    pub selected: usize,
}

impl Library {
    /// Handles a library-screen action.
    pub fn handle(&mut self, ws: &Workspace, action: Action, fx: &mut Effects) {
        let n = ws.bundled.len();
        match action {
            Action::SelectNext if n > 0 => self.selected = (self.selected + 1) % n,
            Action::SelectPrevious if n > 0 => self.selected = (self.selected + n - 1) % n,
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = n.saturating_sub(1),
            Action::Confirm => fx.push(Effect::Choose(Target::Bundled(self.selected))),
            Action::Cancel if !ws.panes.is_empty() => fx.push(Effect::ShowReader),
            Action::DocumentPicker => {
                fx.push(Effect::OpenPicker(super::reader::document_picker(ws)))
            }
            Action::Help => fx.push(Effect::OpenHelp),
            _ => {}
        }
    }

    /// A click on screen row `row` (the list takes `list_height` rows) selects the article
    /// there.
    pub fn click(&mut self, ws: &Workspace, row: u16, list_height: u16) {
        let row = usize::from(row) + library_scroll(self.selected, list_height);
        if let Some(index) = row
            .checked_sub(LIBRARY_HEADER_ROWS)
            .map(|r| r / LIBRARY_ITEM_ROWS)
            && index < ws.bundled.len()
        {
            self.selected = index;
        }
    }
}
