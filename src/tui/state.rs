//! What the reader remembers between runs: where each document was left and which panes
//! were open, in `$XDG_STATE_HOME/recto/state.json`.
//!
//! Owns the file format and the atomic save (a temp file in the same directory, then a
//! rename, so a crash mid-write never loses the previous state) and the recovery of a
//! corrupt file (moved aside, never fatal). Knows nothing of the terminal or of `App`.

pub use crate::store::{load_json, read_own_file, save_json, xdg_dir};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a document was left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Position {
    /// Index into `Document::blocks` of the block at the top of the pane.
    pub block: usize,
    /// Display line within that block (re-clamped when the width changed).
    pub line: usize,
    /// How far through the document the reader got, 0..=100, for the library screen.
    #[serde(default)]
    pub percent: u8,
    /// The page furniture was shown in place (the fold key), not folded away.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub chrome: bool,
}

/// An article the user has opened, as the library lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DocEntry {
    /// Where it was last opened from: a canonical path, or `bundled:NAME`.
    pub source: String,
    pub title: String,
    /// When it was last read (Unix seconds): of two processes' entries (and positions)
    /// for one document, the newer wins.
    pub opened: u64,
}

/// One open pane: the document it shows (its key) and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPane {
    pub doc: String,
    pub position: Position,
}

/// The split tree of the panes, by index into `SavedState::panes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SavedLayout {
    Pane(usize),
    SideBySide(Vec<SavedLayout>),
    Stacked(Vec<SavedLayout>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SavedState {
    pub version: u32,
    /// Document id (`Document::id`) → where it was left.
    pub positions: BTreeMap<String, Position>,
    /// Document id → the article as the library lists it (every article opened).
    pub documents: BTreeMap<String, DocEntry>,
    /// Document id → when the user removed it from the library (kept so that a merge with
    /// another process's older entry does not bring it back).
    pub removed: BTreeMap<String, u64>,
    /// Searches confirmed, oldest first.
    pub searches: Vec<String>,
    pub panes: Vec<SavedPane>,
    pub layout: Option<SavedLayout>,
    pub focus: usize,
}

pub const STATE_VERSION: u32 = 2;

/// Now, in Unix seconds.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `$XDG_STATE_HOME/recto/state.json`, defaulting to `~/.local/state`.
pub fn state_path() -> Option<PathBuf> {
    xdg_dir("XDG_STATE_HOME", ".local/state").map(|d| d.join("recto").join("state.json"))
}

/// Reads the state; a missing file is the empty state, a corrupt one is moved aside to
/// `state.json.corrupt-<unix seconds>` and reported as a warning.
pub fn load(path: &Path) -> (SavedState, Option<String>) {
    load_json(path, "state file")
}

/// Writes the state atomically: the whole new file or the old one, never a mix.
pub fn save(path: &Path, state: &SavedState) -> std::io::Result<()> {
    save_json(path, state)
}

/// Saves `ours` merged with what is on disk now, under the file's lock, so that another
/// recto process that saved meanwhile loses nothing (see `merge`).
pub fn save_merged(path: &Path, ours: &SavedState) -> std::io::Result<()> {
    crate::store::with_lock(path, || {
        let (disk, _) = load(path);
        save_json(path, &merge(disk, ours.clone()))
    })
}

/// Two processes' states as one: for each document the newer entry (the one read last)
/// wins, with its position; a removal from the library wins over older entries and is
/// kept; the open panes are `ours` (the process saving now is the last to quit).
pub fn merge(disk: SavedState, ours: SavedState) -> SavedState {
    let mut removed = disk.removed;
    for (id, at) in ours.removed {
        let t = removed.entry(id).or_insert(at);
        *t = (*t).max(at);
    }
    let mut documents = disk.documents;
    let mut positions = disk.positions;
    for (id, position) in ours.positions {
        let theirs_newer = match (documents.get(&id), ours.documents.get(&id)) {
            (Some(theirs), Some(mine)) => theirs.opened > mine.opened,
            (Some(_), None) => true,
            _ => false,
        };
        if !theirs_newer {
            positions.insert(id, position);
        }
    }
    for (id, entry) in ours.documents {
        if documents
            .get(&id)
            .is_none_or(|theirs| theirs.opened <= entry.opened)
        {
            documents.insert(id, entry);
        }
    }
    documents.retain(|id, entry| removed.get(id).is_none_or(|&at| at < entry.opened));
    positions.retain(|id, _| !removed.contains_key(id) || documents.contains_key(id));
    // Both histories, this process's searches the most recent.
    let mut searches = disk.searches;
    searches.retain(|q| !ours.searches.contains(q));
    searches.extend(ours.searches);
    let extra = searches.len().saturating_sub(100);
    searches.drain(..extra);
    SavedState {
        version: STATE_VERSION,
        positions,
        documents,
        removed,
        searches,
        panes: ours.panes,
        layout: ours.layout,
        focus: ours.focus,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("recto-state-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn round_trips_and_replaces_whole() {
        let dir = temp_dir("roundtrip");
        let path = dir.join("recto").join("state.json");
        let mut state = SavedState {
            version: STATE_VERSION,
            ..Default::default()
        };
        state.positions.insert(
            "bundled:a.txt".into(),
            Position {
                block: 12,
                line: 3,
                percent: 40,
                ..Default::default()
            },
        );
        state.panes.push(SavedPane {
            doc: "bundled:a.txt".into(),
            position: Position::default(),
        });
        state.layout = Some(SavedLayout::Pane(0));
        save(&path, &state).unwrap();
        assert_eq!(load(&path), (state.clone(), None));
        state.positions.clear();
        save(&path, &state).unwrap();
        assert_eq!(load(&path).0, state);
        // No temp files are left behind.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("state.json")]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn corrupt_file_is_moved_aside() {
        let dir = temp_dir("corrupt");
        let path = dir.join("state.json");
        std::fs::write(&path, b"{\"positions\": {\"x\": [trunc").unwrap();
        let (state, warning) = load(&path);
        assert_eq!(state, SavedState::default());
        let warning = warning.expect("a warning");
        assert!(warning.contains("corrupt-"), "{warning}");
        assert!(!path.exists());
        let aside: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(aside.len(), 1);
        assert!(aside[0].starts_with("state.json.corrupt-"), "{aside:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn missing_file_is_empty_state() {
        let dir = temp_dir("missing");
        assert_eq!(load(&dir.join("state.json")), (SavedState::default(), None));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_merge_keeps_the_newer_entry_and_the_removals() {
        let at = |block: usize| Position {
            block,
            line: 0,
            percent: 10,
            ..Default::default()
        };
        let entry = |opened: u64| DocEntry {
            source: "x".into(),
            title: "X".into(),
            opened,
        };
        let mut disk = SavedState::default();
        disk.positions.insert("a".into(), at(1));
        disk.documents.insert("a".into(), entry(20));
        disk.positions.insert("b".into(), at(2));
        disk.documents.insert("b".into(), entry(5));
        disk.documents.insert("c".into(), entry(5));
        let mut ours = SavedState::default();
        // Ours is older for a, newer for b; we removed c after it was last read.
        ours.positions.insert("a".into(), at(7));
        ours.documents.insert("a".into(), entry(10));
        ours.positions.insert("b".into(), at(8));
        ours.documents.insert("b".into(), entry(30));
        ours.removed.insert("c".into(), 6);
        ours.focus = 3;
        let merged = merge(disk, ours);
        assert_eq!(merged.positions["a"].block, 1, "theirs is newer");
        assert_eq!(merged.positions["b"].block, 8, "ours is newer");
        assert!(!merged.documents.contains_key("c"), "removed");
        assert_eq!(merged.removed.get("c"), Some(&6), "and the removal kept");
        assert_eq!(merged.focus, 3, "the panes are ours");
    }
}
