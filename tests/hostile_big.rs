//! Big hostile inputs: a single 100 MB line and 10 million short lines, loaded through
//! `ingest::load` in a child process whose peak memory (ru_maxrss from wait4) is compared
//! with the file size. These take minutes in a debug build, so they are ignored in the
//! normal suite; run them in release:
//!
//! ```text
//! cargo test --release --test hostile_big -- --ignored --nocapture
//! ```

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// The issue's bound: peak memory under 4× the file size.
const MAX_PEAK_PER_FILE_BYTE: u64 = 4;

/// Writes `count` copies of `unit` to `path`.
fn write_repeated(path: &Path, unit: &[u8], count: usize) -> u64 {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create big file"));
    for _ in 0..count {
        out.write_all(unit).expect("write big file");
    }
    out.flush().expect("flush big file");
    std::fs::metadata(path).expect("stat big file").len()
}

/// Runs `load_in_child` in a fresh process on `path`; returns its peak RSS in bytes.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also gives its rusage"
)]
fn peak_rss_of_child_loading(path: &Path) -> u64 {
    let exe = std::env::current_exe().expect("test binary path");
    let child = Command::new(exe)
        .args(["--exact", "load_in_child", "--ignored", "--nocapture"])
        .env("RECTO_BIG_FILE", path)
        .spawn()
        .expect("spawn child");
    let pid = libc::pid_t::try_from(child.id()).expect("pid fits");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for; the pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child failed: status {status}"
    );
    // Linux reports ru_maxrss in kilobytes.
    u64::try_from(usage.ru_maxrss).expect("positive rss") * 1024
}

/// The child: loads the file and lays out the first screen. Does nothing unless
/// started by one of the tests below.
#[test]
#[ignore = "helper process for the big-input tests"]
fn load_in_child() {
    let Some(path) = std::env::var_os("RECTO_BIG_FILE") else {
        return;
    };
    let started = std::time::Instant::now();
    let doc = recto::ingest::load(Path::new(&path)).expect("big file loads");
    let loaded = started.elapsed();
    let after_load = peak_rss_so_far();
    let first_block = recto::layout::visible_blocks(&doc, false).next();
    let lines = first_block.map_or(0, |b| recto::layout::layout_block(&doc, b, 80).len());
    eprintln!(
        "child: {} blocks, loaded in {loaded:?} (peak {after_load} by then); first block {lines} lines at width 80, total {:?}",
        doc.blocks.len(),
        started.elapsed()
    );
}

/// VmHWM from /proc (Linux), as written there.
fn peak_rss_so_far() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn check_big(name: &str, unit: &[u8], count: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    let size = write_repeated(&path, unit, count);
    let peak = peak_rss_of_child_loading(&path);
    eprintln!(
        "{name}: file {} MB, peak RSS {} MB ({:.2}× the file)",
        size >> 20,
        peak >> 20,
        peak as f64 / size as f64
    );
    assert!(
        peak < MAX_PEAK_PER_FILE_BYTE * size,
        "{name}: peak {peak} bytes for a {size}-byte file"
    );
}

#[test]
#[ignore = "minutes in debug; run in release (see the module comment)"]
fn one_hundred_megabyte_line() {
    check_big("line.txt", b"word ", 20 << 20);
}

#[test]
#[ignore = "minutes in debug; run in release (see the module comment)"]
fn ten_million_short_lines() {
    check_big("lines.txt", b"short line\n", 10_000_000);
}
