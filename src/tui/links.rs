//! The user's own links between sentences, and the rows of the links picker.
//!
//! A user link (or a linker link the user removed) is kept as two sentence keys: the
//! document's key (its canonical path, or `bundled:NAME`) and the sentence's text, so that
//! it survives re-parsing and edits elsewhere in the document. They are saved with serde
//! in `$XDG_DATA_HOME/recto/links.json` (default `~/.local/share`), atomically (temp file
//! and rename). The linker never writes here: what the user chose stays chosen.
//! Knows nothing of the terminal; `compare` decides when to load and save.

use super::app::App;
use super::compare::{self, End};
use super::picker::{Item, Target};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One end of a user link: which document, which sentence (by its text).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SentenceKey {
    pub path: String,
    pub sentence: String,
}

/// An unordered pair of sentences (stored with the smaller key first).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UserLink {
    pub a: SentenceKey,
    pub b: SentenceKey,
}

impl UserLink {
    pub fn new(x: SentenceKey, y: SentenceKey) -> Self {
        if x <= y {
            UserLink { a: x, b: y }
        } else {
            UserLink { a: y, b: x }
        }
    }
}

pub const LINKS_VERSION: u32 = 1;

/// Between the two sentences of a links picker label.
pub const LABEL_SEPARATOR: &str = " ⇄ ";
/// Before the relation ("dates differ: …", the score) at the end of the label, so that
/// the filter finds "differ" too.
pub const DETAIL_SEPARATOR: &str = " ‖ ";

/// What the user decided: links added by hand, and links (the linker's) taken away.
/// A pair is never in both lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserLinks {
    pub version: u32,
    pub added: Vec<UserLink>,
    pub removed: Vec<UserLink>,
}

impl UserLinks {
    /// Links `x` and `y` by hand (undoing an earlier removal of the same pair).
    pub fn add(&mut self, x: SentenceKey, y: SentenceKey) {
        let link = UserLink::new(x, y);
        self.removed.retain(|l| *l != link);
        if !self.added.contains(&link) {
            self.added.push(link);
        }
    }

    /// Takes the link between `x` and `y` away, whoever made it; a linker link stays
    /// removed however often the linker finds it again.
    pub fn remove(&mut self, x: SentenceKey, y: SentenceKey) {
        let link = UserLink::new(x, y);
        self.added.retain(|l| *l != link);
        if !self.removed.contains(&link) {
            self.removed.push(link);
        }
    }

    pub fn is_removed(&self, x: &SentenceKey, y: &SentenceKey) -> bool {
        let link = UserLink::new(x.clone(), y.clone());
        self.removed.contains(&link)
    }
}

/// `$XDG_DATA_HOME/recto/links.json`, defaulting to `~/.local/share`.
pub fn links_path() -> Option<PathBuf> {
    super::state::xdg_dir("XDG_DATA_HOME", ".local/share")
        .map(|d| d.join("recto").join("links.json"))
}

/// Reads the user's links; a missing file is none, an unreadable one is moved aside (kept
/// for the user, never overwritten) with a warning.
pub fn load(path: &Path) -> (UserLinks, Option<String>) {
    super::state::load_json(path, "links file")
}

/// Writes the links atomically: the whole new file or the old one, never a mix.
pub fn save(path: &Path, links: &UserLinks) -> std::io::Result<()> {
    let mut links = links.clone();
    links.version = LINKS_VERSION;
    super::state::save_json(path, &links)
}

/// The rows of the links picker: every link between the documents in the panes (all
/// loaded documents when the panes show only one), once, in the reading order of the
/// first document, each with both sentences and, dimmed, score, discrepancy and owner.
/// The label is both whole sentences and the relation (all of it is what the fuzzy
/// filter matches), joined by `LABEL_SEPARATOR` and `DETAIL_SEPARATOR`; `compare_view`
/// draws them on two lines.
pub fn picker_items(app: &App) -> Vec<Item> {
    let mut shown: Vec<usize> = app.panes.iter().map(|p| p.doc).collect();
    shown.sort_unstable();
    shown.dedup();
    if shown.len() < 2 {
        shown = (0..app.docs.len()).collect();
    }
    let many = shown.len() > 2;
    // Each link once, seen from the focused pane's document when it is one of the two.
    let focused = app.focused().map(|p| p.doc);
    let first = |e: End, t: End| match focused {
        Some(f) if e.doc == f || t.doc == f => e.doc == f && (t.doc != f || e < t),
        _ => e < t,
    };
    let mut rows: Vec<(End, &compare::Partner)> = Vec::new();
    for (&from, partners) in app.compare.all_partners() {
        if !shown.contains(&from.doc) {
            continue;
        }
        for p in partners {
            if first(from, p.target) && shown.contains(&p.target.doc) {
                rows.push((from, p));
            }
        }
    }
    let rank = |e: End| (Some(e.doc) != focused, e);
    rows.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(a.1.target.cmp(&b.1.target)));
    rows.into_iter()
        .map(|(from, p)| {
            let mut detail = compare::relation_text(p, false);
            if many {
                let title = |d: usize| {
                    app.docs
                        .get(d)
                        .map_or(String::new(), |dv| super::view::truncate(dv.title(), 16))
                };
                detail.push_str(&format!(" · {} ⇄ {}", title(from.doc), title(p.target.doc)));
            }
            let text = |e: End| {
                app.docs
                    .get(e.doc)
                    .and_then(|dv| {
                        (e.sentence < dv.doc.sentences.len())
                            .then(|| dv.doc.sentence_text(e.sentence).trim().to_string())
                    })
                    .unwrap_or_default()
            };
            Item {
                label: format!(
                    "{}{LABEL_SEPARATOR}{}{DETAIL_SEPARATOR}{detail}",
                    text(from),
                    text(p.target)
                ),
                indent: 0,
                detail,
                target: Target::Link {
                    from: (from.doc, from.sentence),
                    to: (p.target.doc, p.target.sentence),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(path: &str, s: &str) -> SentenceKey {
        SentenceKey {
            path: path.into(),
            sentence: s.into(),
        }
    }

    #[test]
    fn pairs_are_unordered_and_add_remove_exclude_each_other() {
        let mut u = UserLinks::default();
        u.add(key("b", "two"), key("a", "one"));
        assert_eq!(
            u.added,
            vec![UserLink::new(key("a", "one"), key("b", "two"))]
        );
        u.add(key("a", "one"), key("b", "two"));
        assert_eq!(
            u.added.len(),
            1,
            "the same pair either way round is one link"
        );
        u.remove(key("a", "one"), key("b", "two"));
        assert!(u.added.is_empty());
        assert!(u.is_removed(&key("b", "two"), &key("a", "one")));
        u.add(key("a", "one"), key("b", "two"));
        assert!(!u.is_removed(&key("a", "one"), &key("b", "two")));
        assert_eq!(u.added.len(), 1);
    }

    #[test]
    fn persistence_round_trips_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("recto").join("links.json");
        assert_eq!(load(&path), (UserLinks::default(), None));
        let mut u = UserLinks::default();
        u.add(
            key("/x/a.txt", "Mérida is \"here\"."),
            key("bundled:b", "Six."),
        );
        u.remove(key("/x/a.txt", "One."), key("bundled:b", "Two."));
        save(&path, &u).unwrap();
        let (back, warning) = load(&path);
        assert_eq!(warning, None);
        assert_eq!(back.added, u.added);
        assert_eq!(back.removed, u.removed);
        assert_eq!(back.version, LINKS_VERSION);
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("links.json")]);
        std::fs::write(&path, b"{ not json").unwrap();
        let (bad, warning) = load(&path);
        assert_eq!(bad, UserLinks::default());
        assert!(warning.unwrap().contains("unreadable"));
        assert!(
            !path.exists(),
            "moved aside, so a later save cannot overwrite it"
        );
        let aside = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with("links.json.corrupt-"));
        assert!(aside.is_some());
    }
}
