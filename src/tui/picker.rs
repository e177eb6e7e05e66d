//! A fuzzy picker's model: items, the query, the filtered and ranked list with the matched
//! characters, and the selection. Used for sections, notes and documents.
//!
//! Pure state; `app::update` feeds it keys and acts on the chosen item, `view` draws it.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// What choosing an item does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Scroll the pane showing document `doc` (index into `App::docs`) to `block`.
    Block { doc: usize, block: usize },
    /// Open the popup of note `note` of document `doc`.
    Note { doc: usize, note: usize },
    /// Go to a search match: byte `start` of `block` of document `doc`.
    Match {
        doc: usize,
        block: usize,
        start: usize,
    },
    /// Go to reference `r` (index into `DocView::refs`) of document `doc`.
    Reference { doc: usize, r: usize },
    /// Show an already loaded document.
    OpenDoc(usize),
    /// Load and show bundled article number `n`.
    Bundled(usize),
    /// Read the file at this path (in the background) and show it.
    File(String),
    /// Compare sentence `from` with `to` ((document, sentence) each).
    Link {
        from: (usize, usize),
        to: (usize, usize),
    },
    /// Read this file or URL (in the background) and show it in the focused pane.
    OpenHere(String),
    /// Follow link `target` of document `doc` (an anchor, a document, or the browser).
    Follow { doc: usize, target: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The text matched against the query.
    pub label: String,
    /// Indentation level (sections by depth).
    pub indent: u8,
    /// Shown dimmed beside the label (the document title when widened, a note's start).
    pub detail: String,
    pub target: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sections,
    Notes,
    Documents,
    Links,
    Citations,
    Matches,
    /// The links in a document's text.
    TextLinks,
}

#[derive(Debug, Clone)]
pub struct Picker {
    pub kind: Kind,
    /// Sections of every open document rather than the focused one.
    pub wide: bool,
    pub query: String,
    pub items: Vec<Item>,
    /// (item index, matched char indices of the label), best first.
    pub shown: Vec<(usize, Vec<usize>)>,
    pub selected: usize,
}

impl Picker {
    pub fn new(kind: Kind, items: Vec<Item>) -> Self {
        let mut p = Picker {
            kind,
            wide: false,
            query: String::new(),
            items,
            shown: Vec::new(),
            selected: 0,
        };
        p.refilter();
        p
    }

    pub fn title(&self) -> &'static str {
        match (self.kind, self.wide) {
            (Kind::Sections, false) => "Sections",
            (Kind::Sections, true) => "Sections of all open documents",
            (Kind::Notes, _) => "Notes",
            (Kind::Documents, _) => "Documents",
            (Kind::Links, _) => "Links between the open documents",
            (Kind::Citations, _) => "Places that cite the note",
            (Kind::Matches, _) => "Matches in the open documents",
            (Kind::TextLinks, _) => "Links in this document",
        }
    }

    /// Recomputes the shown items for the query: all in order when empty, else ranked by
    /// the skim score (ties keep document order).
    pub fn refilter(&mut self) {
        let matcher = SkimMatcherV2::default().smart_case();
        let query = self.query.trim();
        if query.is_empty() {
            self.shown = (0..self.items.len()).map(|i| (i, Vec::new())).collect();
        } else {
            let mut scored: Vec<(i64, usize, Vec<usize>)> = self
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    matcher
                        .fuzzy_indices(&item.label, query)
                        .map(|(score, idx)| (score, i, idx))
                })
                .collect();
            // Fuzzy letters scattered through a long label match almost anything ("differ"
            // in any long sentence): when some labels hold the query as it was typed, the
            // list narrows to those.
            if query.chars().count() >= 3 {
                let folded = super::search::ignores_case(query).then(|| query.to_lowercase());
                let holds = |label: &str| match &folded {
                    Some(q) => label.to_lowercase().contains(q.as_str()),
                    None => label.contains(query),
                };
                if scored.iter().any(|(_, i, _)| holds(&self.items[*i].label)) {
                    scored.retain(|(_, i, _)| holds(&self.items[*i].label));
                }
            }
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.shown = scored.into_iter().map(|(_, i, idx)| (i, idx)).collect();
        }
        self.selected = 0;
    }

    pub fn set_items(&mut self, items: Vec<Item>) {
        self.items = items;
        self.refilter();
    }

    pub fn type_char(&mut self, c: char) {
        self.query.push(c);
        self.refilter();
    }

    pub fn delete_char(&mut self) {
        self.query.pop();
        self.refilter();
    }

    pub fn clear(&mut self) {
        self.query.clear();
        self.refilter();
    }

    pub fn move_selection(&mut self, delta: isize) {
        let n = self.shown.len();
        if n == 0 {
            self.selected = 0;
            return;
        }
        let cur = self.selected.min(n - 1) as isize;
        self.selected = (cur + delta).rem_euclid(n as isize) as usize;
    }

    pub fn chosen(&self) -> Option<&Item> {
        self.shown
            .get(self.selected)
            .and_then(|(i, _)| self.items.get(*i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(labels: &[&str]) -> Vec<Item> {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| Item {
                label: l.to_string(),
                indent: 0,
                detail: String::new(),
                target: Target::Block { doc: 0, block: i },
            })
            .collect()
    }

    #[test]
    fn filters_and_ranks_with_match_positions() {
        let mut p = Picker::new(
            Kind::Sections,
            items(&["Key points", "Decapitation", "Endnotes", "Deterrence"]),
        );
        assert_eq!(p.shown.len(), 4);
        for c in "decap".chars() {
            p.type_char(c);
        }
        assert_eq!(p.chosen().unwrap().label, "Decapitation");
        assert_eq!(p.shown[0].1, vec![0, 1, 2, 3, 4]);
        p.clear();
        assert_eq!(p.shown.len(), 4);
        p.type_char('z');
        p.type_char('z');
        assert!(p.chosen().is_none());
        p.move_selection(1);
        assert_eq!(p.selected, 0);
    }

    #[test]
    fn labels_holding_the_query_narrow_the_list() {
        let mut p = Picker::new(
            Kind::Sections,
            items(&[
                "≠ figures differ: eight / six",
                "same claim: the Department issued a finding on Friday evening",
                "Decapitation",
            ]),
        );
        for c in "differ".chars() {
            p.type_char(c);
        }
        assert_eq!(p.shown.len(), 1, "only the label that says differ");
        // Without such a label the match stays fuzzy.
        p.clear();
        for c in "dcpt".chars() {
            p.type_char(c);
        }
        assert_eq!(p.chosen().unwrap().label, "Decapitation");
    }

    #[test]
    fn selection_wraps() {
        let mut p = Picker::new(Kind::Notes, items(&["a", "b", "c"]));
        p.move_selection(-1);
        assert_eq!(p.chosen().unwrap().label, "c");
        p.move_selection(1);
        assert_eq!(p.chosen().unwrap().label, "a");
    }
}
