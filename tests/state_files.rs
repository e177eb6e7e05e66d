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
                ..Default::default()
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

/// A reader process, as `recto FILE` runs it: reads the state file, opens bundled article
/// `RECTO_READER_SEED`, goes to its end, says it is ready (`RECTO_READER_READY`), waits for
/// its turn to quit (`RECTO_READER_GO`), and saves the way the reader does on quit.
#[test]
#[ignore = "helper process for the tests of this file"]
fn reader_child() {
    use recto::tui::app::{Action, App, update};
    let Some(path) = std::env::var_os("RECTO_READER_STATE") else {
        return;
    };
    let path = Path::new(&path);
    let var = |name: &str| std::env::var(name).unwrap();
    let (saved, warning) = load(path);
    assert_eq!(warning, None);
    let mut app = App::new(recto::tui::keymap::Keymap::defaults(), 120, 40);
    app.ws.positions = saved.positions;
    app.ws.documents = saved.documents;
    app.ws.removed = saved.removed;
    let n: usize = var("RECTO_READER_SEED").parse().unwrap();
    let (name, bytes) = recto::library::BUNDLED[n];
    let doc = recto::library::parse_bundled(name, bytes).unwrap();
    let d = app.add_document(doc, format!("bundled:{name}"));
    app.open_in_new_pane(d);
    update(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    update(&mut app, Action::Bottom);
    std::fs::write(var("RECTO_READER_READY"), b"").unwrap();
    let go = var("RECTO_READER_GO");
    while !Path::new(&go).exists() {
        std::thread::sleep(Duration::from_millis(10));
    }
    recto::tui::state::save_merged(path, &app.saved_state()).unwrap();
}

#[test]
fn two_readers_quitting_in_turn_keep_both_positions() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("recto").join("state.json");
    let start = |seed: usize, tag: &str| {
        let child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "reader_child", "--ignored", "--nocapture"])
            .env("RECTO_READER_STATE", &state)
            .env("RECTO_READER_SEED", seed.to_string())
            .env(
                "RECTO_READER_READY",
                dir.path().join(format!("{tag}.ready")),
            )
            .env("RECTO_READER_GO", dir.path().join(format!("{tag}.go")))
            .spawn()
            .expect("start a reader");
        Saver(child)
    };
    // Both read the (empty) state before either saves, as two terminals would.
    let mut first = start(2, "first");
    let mut second = start(4, "second");
    let ready = |tag: &str| {
        let end = std::time::Instant::now() + Duration::from_secs(60);
        while !dir.path().join(format!("{tag}.ready")).exists() {
            assert!(std::time::Instant::now() < end, "{tag} never got ready");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    ready("first");
    ready("second");
    std::fs::write(dir.path().join("first.go"), b"").unwrap();
    assert!(first.0.wait().unwrap().success());
    std::fs::write(dir.path().join("second.go"), b"").unwrap();
    assert!(second.0.wait().unwrap().success());

    let (saved, warning) = load(&state);
    assert_eq!(warning, None);
    let id = |n: usize| {
        let (name, bytes) = recto::library::BUNDLED[n];
        recto::library::parse_bundled(name, bytes).unwrap().id
    };
    for n in [2, 4] {
        let pos = saved
            .positions
            .get(&id(n))
            .unwrap_or_else(|| panic!("seed {n}'s position was lost: {saved:?}"));
        assert_eq!(pos.percent, 100, "seed {n}");
        assert!(
            saved.documents.contains_key(&id(n)),
            "seed {n} in the library"
        );
    }
}
