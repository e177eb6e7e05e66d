//! The reader's saved files (reading positions, the user's links) under real faults: a
//! process killed in the middle of saving, and two processes saving at once. Both leave
//! one whole file, the previous or the new one, never a mix.
//!
//! The savers are this test binary started again (`saver_child`, ignored so it only runs
//! when a test below starts it).

use recto::tui::state::{Position, STATE_VERSION, SavedState, load, save};
use std::path::Path;
use std::process::{Child, Command};
use std::time::Duration;

/// Entries in a saved state, each with a long key: long strings serialise quickly, so most
/// of a save's time is writing, where a kill or a second writer does harm.
const ENTRIES: usize = 16;

/// A state big enough (1.6 MB) that writing it takes a while, whose every entry says which
/// saver wrote it.
fn state_of(writer: u32) -> SavedState {
    let mut state = SavedState {
        version: STATE_VERSION,
        ..Default::default()
    };
    for n in 0..ENTRIES {
        state.positions.insert(
            format!("/{n:02}/{}", "long-path/".repeat(10_000)),
            Position {
                block: writer as usize,
                line: n,
                percent: 50,
            },
        );
    }
    state
}

/// Which saver wrote a state read back; panics on a state no saver wrote whole.
fn writer_of(state: &SavedState) -> u32 {
    assert_eq!(state.positions.len(), ENTRIES, "a whole state");
    let writer = state.positions.values().next().unwrap().block;
    assert!(
        state
            .positions
            .values()
            .enumerate()
            .all(|(n, p)| p.block == writer && p.line == n),
        "one saver's state, not a mix"
    );
    u32::try_from(writer).unwrap()
}

/// A saver process, killed when the test ends however it ends.
struct Saver(Child);

impl Drop for Saver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_saver(path: &Path, writer: u32, rounds: u32) -> Saver {
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "saver_child", "--ignored", "--nocapture"])
        .env("RECTO_SAVER_PATH", path)
        .env("RECTO_SAVER_WRITER", writer.to_string())
        .env("RECTO_SAVER_ROUNDS", rounds.to_string())
        .spawn()
        .expect("start a saver");
    Saver(child)
}

/// The saver: saves its state `RECTO_SAVER_ROUNDS` times (0: until killed).
#[test]
#[ignore = "helper process for the tests of this file"]
fn saver_child() {
    let Some(path) = std::env::var_os("RECTO_SAVER_PATH") else {
        return;
    };
    let var = |name: &str| -> u32 { std::env::var(name).unwrap().parse().unwrap() };
    let state = state_of(var("RECTO_SAVER_WRITER"));
    let rounds = var("RECTO_SAVER_ROUNDS");
    let mut n = 0;
    while rounds == 0 || n < rounds {
        save(Path::new(&path), &state).expect("save");
        n += 1;
    }
}

/// Reads the file as another process would at any moment (a crash leaves it so): it must
/// be one saver's whole state. Returns the writer, or `None` when there is no file yet.
fn read_now(path: &Path) -> Option<u32> {
    let bytes = std::fs::read(path).ok()?;
    let state: SavedState = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("a partial file was visible ({} bytes): {e}", bytes.len()));
    Some(writer_of(&state))
}

/// Reads the file over and over while savers run, for `duration`; returns how many reads
/// found a file.
fn watch(path: &Path, duration: Duration) -> usize {
    let end = std::time::Instant::now() + duration;
    let mut reads = 0;
    while std::time::Instant::now() < end {
        reads += usize::from(read_now(path).is_some());
    }
    reads
}

#[test]
fn a_save_is_never_seen_half_done_and_a_kill_leaves_a_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    save(&path, &state_of(1)).unwrap();
    for round in 0..4u64 {
        let mut saver = start_saver(&path, 2, 0);
        assert!(watch(&path, Duration::from_millis(400 + round * 150)) > 0);
        saver.0.kill().unwrap();
        saver.0.wait().unwrap();
        let (state, warning) = load(&path);
        assert_eq!(warning, None, "round {round}");
        let writer = writer_of(&state);
        assert!(writer == 1 || writer == 2, "round {round}: {writer}");
    }
}

#[test]
fn two_processes_saving_at_once_leave_one_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recto").join("state.json");
    let mut savers = [start_saver(&path, 3, 20), start_saver(&path, 4, 20)];
    watch(&path, Duration::from_millis(800));
    for saver in &mut savers {
        assert!(saver.0.wait().unwrap().success(), "a saver failed");
    }
    let (state, warning) = load(&path);
    assert_eq!(warning, None);
    let writer = writer_of(&state);
    assert!(writer == 3 || writer == 4, "{writer}");
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["state.json"], "no temp files left");
}
