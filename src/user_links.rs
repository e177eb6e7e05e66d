//! The user's own links between sentences (made or removed by hand in the reader), and
//! where they are kept. Core, not terminal: `recto links` honours them too.
//!
//! A user link (or a linker link the user removed) is kept as two sentence keys: the
//! document's id (`Document::id`, a hash of its content) and the sentence's text, so that
//! it survives re-parsing and however the document was opened. They are saved with serde
//! in `$XDG_DATA_HOME/recto/links.json` (default `~/.local/share`), atomically (temp file
//! and rename), merged under a lock with what another recto process saved meanwhile. The
//! linker never writes here: what the user chose stays chosen. Knows nothing of the
//! terminal; the reader's compare mode decides when to load and save.

use crate::document::Document;
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

/// What the user decided: links added by hand, and links (the linker's) taken away.
/// A pair is never in both lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserLinks {
    pub version: u32,
    pub added: Vec<UserLink>,
    pub removed: Vec<UserLink>,
    /// What this process changed since it loaded the file, in order: replayed over the
    /// file as it is on disk when saving, so another process's changes are kept.
    #[serde(skip)]
    journal: Vec<(UserLink, bool)>,
}

impl UserLinks {
    /// Links `x` and `y` by hand (undoing an earlier removal of the same pair).
    pub fn add(&mut self, x: SentenceKey, y: SentenceKey) {
        let link = UserLink::new(x, y);
        self.journal.push((link.clone(), true));
        self.removed.retain(|l| *l != link);
        if !self.added.contains(&link) {
            self.added.push(link);
        }
    }

    /// Takes the link between `x` and `y` away, whoever made it; a linker link stays
    /// removed however often the linker finds it again.
    pub fn remove(&mut self, x: SentenceKey, y: SentenceKey) {
        let link = UserLink::new(x, y);
        self.journal.push((link.clone(), false));
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
    crate::store::xdg_dir("XDG_DATA_HOME", ".local/share")
        .map(|d| d.join("recto").join("links.json"))
}

/// Reads the user's links; a missing file is none, an unreadable one is moved aside (kept
/// for the user, never overwritten) with a warning.
pub fn load(path: &Path) -> (UserLinks, Option<String>) {
    crate::store::load_json(path, "links file")
}

/// Writes the links atomically: the whole new file or the old one, never a mix.
pub fn save(path: &Path, links: &UserLinks) -> std::io::Result<()> {
    let mut links = links.clone();
    links.version = LINKS_VERSION;
    crate::store::save_json(path, &links)
}

/// Saves `links` merged, under the file's lock, with what is on disk now: this process's
/// changes replayed over the file, so links another recto process made or removed
/// meanwhile stay. `links` becomes the merged whole.
pub fn save_merged(path: &Path, links: &mut UserLinks) -> std::io::Result<()> {
    let merged = crate::store::with_lock(path, || {
        let (mut disk, _) = load(path);
        for (link, added) in &links.journal {
            if *added {
                disk.add(link.a.clone(), link.b.clone());
            } else {
                disk.remove(link.a.clone(), link.b.clone());
            }
        }
        disk.journal.clear();
        save(path, &disk)?;
        Ok(disk)
    })?;
    *links = merged;
    Ok(())
}

/// The key of sentence `s` of `doc`.
pub fn sentence_key(doc: &Document, s: usize) -> SentenceKey {
    SentenceKey {
        path: doc.id.clone(),
        sentence: doc.sentence_text(s).trim().to_string(),
    }
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

    #[test]
    fn two_processes_saving_in_turn_keep_each_others_links() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        let mut start = UserLinks::default();
        start.add(key("a", "old"), key("b", "old"));
        save(&path, &start).unwrap();
        // Both load the file, then each changes something and saves.
        let (mut one, _) = load(&path);
        let (mut two, _) = load(&path);
        one.add(key("a", "one"), key("b", "one"));
        two.add(key("a", "two"), key("b", "two"));
        two.remove(key("a", "old"), key("b", "old"));
        save_merged(&path, &mut one).unwrap();
        save_merged(&path, &mut two).unwrap();
        let (back, _) = load(&path);
        let has = |s: &str| {
            back.added
                .contains(&UserLink::new(key("a", s), key("b", s)))
        };
        assert!(has("one") && has("two"), "{back:?}");
        assert!(!has("old") && back.is_removed(&key("a", "old"), &key("b", "old")));
        assert_eq!(
            two.added, back.added,
            "the saver now holds the merged links"
        );
    }

    #[test]
    fn the_links_report_leaves_out_removed_pairs_and_adds_the_users() {
        let parse =
            |name: &str, text: &str| crate::ingest::parse_bytes(name, text.as_bytes()).unwrap();
        let docs = vec![
            parse(
                "a.txt",
                "A\nPresident Trump designated eight Mexican cartels as terrorist organizations. \
                 The weather was mild in spring. Fishing boats left the harbour.",
            ),
            parse(
                "b.txt",
                "B\nEight Mexican cartels were designated terrorist organizations by President Trump. \
                 Markets rallied on Tuesday. The harbour was busy with fishing boats.",
            ),
        ];
        let mut report = crate::claims::report::links_report(&docs, 3);
        let first = report
            .iter()
            .find(|r| r.sentence.contains("designated eight"))
            .expect("the linker links the cartel sentences")
            .clone();
        let mut user = UserLinks::default();
        // The user unlinks the cartel pair and links the weather to the markets.
        let s = |d: usize, text: &str| {
            (0..docs[d].sentences.len())
                .find(|&s| docs[d].sentence_text(s).contains(text))
                .unwrap()
        };
        user.remove(
            sentence_key(&docs[0], s(0, "designated")),
            sentence_key(&docs[1], s(1, "designated")),
        );
        user.add(
            sentence_key(&docs[0], s(0, "weather")),
            sentence_key(&docs[1], s(1, "Markets")),
        );
        crate::claims::report::apply_user_links(&mut report, &docs, &user);
        let cartel = report.iter().find(|r| r.sentence == first.sentence);
        assert!(
            cartel.is_none_or(|r| !r
                .candidates
                .iter()
                .any(|c| c.sentence.contains("designated"))),
            "{report:?}"
        );
        let weather = report
            .iter()
            .find(|r| r.sentence.contains("weather"))
            .expect("the user's link");
        assert!(weather.candidates[0].user && weather.candidates[0].sentence.contains("Markets"));
    }
}
