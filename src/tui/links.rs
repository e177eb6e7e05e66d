//! The user's own links between sentences, and where they are kept.
//!
//! A user link (or a linker link the user removed) is kept as two sentence keys: the
//! document's key (its canonical path, or `bundled:NAME`) and the sentence's text, so that
//! it survives re-parsing and edits elsewhere in the document. They are saved with serde
//! in `$XDG_DATA_HOME/recto/links.json` (default `~/.local/share`), atomically (temp file
//! and rename). The linker never writes here: what the user chose stays chosen.
//! Knows nothing of the terminal; `compare` decides when to load and save.

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
