//! What the reader remembers between runs: where each document was left and which panes
//! were open, in `$XDG_STATE_HOME/recto/state.json`.
//!
//! Owns the file format and the atomic save (a temp file in the same directory, then a
//! rename, so a crash mid-write never loses the previous state) and the recovery of a
//! corrupt file (moved aside, never fatal). Knows nothing of the terminal or of `App`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
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

/// `$VAR` when it is set to an absolute path, else `$HOME/fallback`.
pub fn xdg_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    match std::env::var_os(var).map(PathBuf::from) {
        Some(p) if p.is_absolute() => Some(p),
        _ => std::env::var_os("HOME")
            .map(PathBuf::from)
            .filter(|h| h.is_absolute())
            .map(|h| h.join(fallback)),
    }
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

/// Reads a file recto keeps (state, links, keymap). Anything but a regular file is an
/// error: a FIFO in its place would block the start for ever.
pub fn read_own_file(path: &Path) -> std::io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    std::fs::read(path)
}

/// Reads one of recto's own JSON files (`what` names it in warnings). A missing file is
/// the default value; a truncated or garbage one is moved aside to
/// `NAME.corrupt-<unix seconds>` (kept for the user, never overwritten) and reported.
pub fn load_json<T: DeserializeOwned + Default>(path: &Path, what: &str) -> (T, Option<String>) {
    let bytes = match read_own_file(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (T::default(), None),
        Err(e) => {
            let warning = format!("could not read {what} {}: {e}", path.display());
            return (T::default(), Some(warning));
        }
    };
    match serde_json::from_slice::<T>(&bytes) {
        Ok(value) => (value, None),
        Err(e) => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let mut aside = path.as_os_str().to_os_string();
            aside.push(format!(".corrupt-{stamp}"));
            let aside = PathBuf::from(aside);
            let warning = match std::fs::rename(path, &aside) {
                Ok(()) => format!(
                    "{what} was unreadable ({e}); moved it to {} and started fresh",
                    aside.display()
                ),
                Err(m) => format!(
                    "{what} {} was unreadable ({e}) and could not be moved aside ({m})",
                    path.display()
                ),
            };
            (T::default(), Some(warning))
        }
    }
}

/// Writes `value` as JSON atomically: a temp file in the same directory, synced, then
/// renamed over `path`, so a crash or kill mid-write leaves the previous file whole.
pub fn save_json<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    let name = path
        .file_name()
        .map_or("recto.json".into(), |n| n.to_string_lossy().into_owned());
    // Unique per process so two recto processes saving at once do not share a temp file;
    // the later rename wins whole.
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&json)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
}
