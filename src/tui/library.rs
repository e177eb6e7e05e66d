//! The library screen: every article the user has opened (most recent first, with how far
//! it was read), then the bundled articles not opened yet; one selected, to read or to
//! take out of the list.
//!
//! Owns the selection and how the list scrolls (drawing and clicks must agree on it).
//! The rows come from the workspace (`documents`, `bundled`); opening the chosen article
//! is the app's (an `Effect::Choose`). Never imports the app.

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

/// One article in the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What choosing it opens.
    pub target: Target,
    /// Its document id, once known (bundled articles not parsed yet have none).
    pub id: Option<String>,
    /// Its index in `Workspace::docs` when loaded.
    pub doc: Option<usize>,
    pub title: String,
    /// Where it is read from: a path, or `bundled:NAME`.
    pub source: String,
}

/// The library's rows: the articles opened, most recent first, then the bundled ones not
/// opened yet, in their order.
pub fn rows(ws: &Workspace) -> Vec<Row> {
    let loaded = |id: &str| ws.docs.iter().position(|dv| dv.key == id);
    let mut seen: Vec<(&String, &crate::tui::state::DocEntry)> = ws.documents.iter().collect();
    // What the panes show is being read now: first, in pane order; then the rest, the
    // most recently read first.
    let shown = |id: &str| {
        ws.panes
            .iter()
            .position(|p| ws.docs[p.doc].key == id)
            .unwrap_or(usize::MAX)
    };
    seen.sort_by(|a, b| {
        shown(a.0)
            .cmp(&shown(b.0))
            .then(b.1.opened.cmp(&a.1.opened))
            .then(a.0.cmp(b.0))
    });
    let mut out: Vec<Row> = Vec::new();
    for (id, entry) in seen {
        let doc = loaded(id);
        let bundled = entry
            .source
            .strip_prefix("bundled:")
            .and_then(|name| crate::library::BUNDLED.iter().position(|(b, _)| *b == name));
        let target = match (doc, bundled) {
            (Some(d), _) => Target::OpenDoc(d),
            (None, Some(n)) => Target::Bundled(n),
            (None, None) => Target::File(entry.source.clone()),
        };
        out.push(Row {
            target,
            id: Some(id.clone()),
            doc,
            title: entry.title.clone(),
            source: entry.source.clone(),
        });
    }
    for (n, slot) in ws.bundled.iter().enumerate() {
        let doc = *slot;
        let id = doc.map(|d| ws.docs[d].key.clone());
        if id.as_ref().is_some_and(|id| ws.documents.contains_key(id)) {
            continue;
        }
        let name = crate::library::BUNDLED.get(n).map_or("?", |(name, _)| name);
        out.push(Row {
            target: Target::Bundled(n),
            id,
            doc,
            title: doc.map_or_else(|| name.to_string(), |d| ws.docs[d].title().to_string()),
            source: format!("bundled:{name}"),
        });
    }
    out
}

/// The library screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    /// Selected row (index into the bundled list).
    pub selected: usize,
}

impl Library {
    /// Handles a library-screen action.
    pub fn handle(&mut self, ws: &mut Workspace, action: Action, fx: &mut Effects) {
        let rows = rows(ws);
        let n = rows.len();
        self.selected = self.selected.min(n.saturating_sub(1));
        match action {
            Action::SelectNext if n > 0 => self.selected = (self.selected + 1) % n,
            Action::SelectPrevious if n > 0 => self.selected = (self.selected + n - 1) % n,
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = n.saturating_sub(1),
            Action::Confirm => {
                if let Some(row) = rows.get(self.selected) {
                    fx.push(Effect::Choose(row.target.clone()));
                }
            }
            Action::RemoveFromLibrary => match rows.get(self.selected) {
                Some(row)
                    if row
                        .id
                        .as_ref()
                        .is_some_and(|id| ws.documents.contains_key(id)) =>
                {
                    if let Some(id) = &row.id {
                        ws.forget(id);
                    }
                    fx.push(Effect::Message(format!(
                        "Removed “{}” from the library",
                        crate::tui::text::truncate(&row.title, 40)
                    )));
                    self.selected = self.selected.min(n.saturating_sub(2));
                }
                Some(_) => fx.push(Effect::Message(
                    "Bundled articles stay in the library until you open them".into(),
                )),
                None => {}
            },
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
            && index < rows(ws).len()
        {
            self.selected = index;
        }
    }
}
