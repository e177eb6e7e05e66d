//! Ingest benchmarks: parsing the bundled seeds, and a 50 MB article made in memory by
//! repeating the body of seed 002 (throughput, peak memory, and the time to lay out the
//! first screen of it).
//!
//! Run with `cargo bench --bench ingest`. Targets (issue 2): at least 100 MB/s, peak
//! memory under 3x the file size. Memory is measured with a counting global allocator:
//! the peak of live heap bytes during the parse, above what was live before it (the input
//! bytes themselves are not counted; they are reported apart).

use recto::layout::{layout_block, visible_blocks};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn note_growth(grown: usize) {
    let live = LIVE.fetch_add(grown, Ordering::Relaxed) + grown;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; we only count.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note_growth(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            note_growth(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                note_growth(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` `runs` times and returns the median duration and the last result.
fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = std::hint::black_box(f());
        times.push(start.elapsed());
        last = Some(out);
    }
    times.sort();
    (times[times.len() / 2], last.expect("at least one run"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

const MB: f64 = 1024.0 * 1024.0;

/// Seed 002 with its body repeated until the file is at least `target` bytes: the lines
/// before the first section stay at the top, the notes list and what follows at the end.
pub fn big_article(target: usize) -> Vec<u8> {
    let seed = recto::library::BUNDLED
        .iter()
        .find(|(name, _)| name.starts_with("002_"))
        .expect("seed 002 is bundled")
        .1;
    let text = std::str::from_utf8(seed).expect("seed 002 is UTF-8");
    let body_start = text.find("\nKey points\n").map_or(0, |i| i + 1);
    let body_end = text.find("\nEndnotes\n").map_or(text.len(), |i| i + 1);
    let (head, body, tail) = (
        &text[..body_start],
        &text[body_start..body_end],
        &text[body_end..],
    );
    let mut out = String::with_capacity(target + body.len() + tail.len());
    out.push_str(head);
    while out.len() + tail.len() < target {
        out.push_str(body);
        out.push('\n');
    }
    out.push_str(tail);
    out.into_bytes()
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    println!("recto ingest benchmark");
    println!();
    println!("Seeds (median of 30 runs)");
    println!("{:<28} {:>10} {:>10} {:>10}", "file", "bytes", "ms", "MB/s");
    let mut total_time = Duration::ZERO;
    let mut total_bytes = 0;
    for (name, bytes) in recto::library::BUNDLED {
        let (t, doc) = median(30, || {
            recto::ingest::parse_bytes(name, bytes).expect("seed")
        });
        assert!(!doc.blocks.is_empty());
        total_time += t;
        total_bytes += bytes.len();
        println!(
            "{:<28} {:>10} {:>10.3} {:>10.1}",
            name,
            bytes.len(),
            ms(t),
            bytes.len() as f64 / MB / t.as_secs_f64()
        );
    }
    println!(
        "{:<28} {:>10} {:>10.3} {:>10.1}",
        "all five",
        total_bytes,
        ms(total_time),
        total_bytes as f64 / MB / total_time.as_secs_f64()
    );

    println!();
    let target = 50 * 1024 * 1024;
    let bytes = big_article(target);
    let size = bytes.len();
    let hwm_before = vm_hwm_kib();
    let runs = 3;
    let mut peaks = Vec::new();
    let (t, doc) = median(runs, || {
        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let doc = recto::ingest::parse_bytes("big.txt", &bytes).expect("big article");
        peaks.push(PEAK.load(Ordering::Relaxed) - baseline);
        doc
    });
    let peak = peaks.iter().copied().max().unwrap_or(0);
    let retained = LIVE.load(Ordering::Relaxed);
    println!("50 MB article from seed 002's body (median of {runs} runs)");
    println!("  file size              {:>10.1} MB", size as f64 / MB);
    println!(
        "  blocks / sections / notes / references / sentences: {} / {} / {} / {} / {}",
        doc.blocks.len(),
        doc.sections.len(),
        doc.notes.len(),
        doc.references().count(),
        doc.sentences.len()
    );
    println!("  parse time             {:>10.1} ms", ms(t));
    println!(
        "  throughput             {:>10.1} MB/s   (target >= 100)",
        size as f64 / MB / t.as_secs_f64()
    );
    println!(
        "  peak heap during parse {:>10.1} MB = {:.2}x the file   (target < 3x)",
        peak as f64 / MB,
        peak as f64 / size as f64
    );
    println!(
        "  live heap after parse  {:>10.1} MB = {:.2}x the file (input + the document)",
        retained as f64 / MB,
        retained as f64 / size as f64
    );
    if let (Some(before), Some(after)) = (hwm_before, vm_hwm_kib()) {
        println!(
            "  VmHWM                  {:>10.1} MB before parsing, {:.1} MB after",
            before as f64 / 1024.0,
            after as f64 / 1024.0
        );
    }

    // The reader opens a file and shows its first screen: only those blocks are wrapped.
    let (t, lines) = median(101, || {
        let mut lines = Vec::new();
        for block in visible_blocks(&doc, false) {
            lines.extend(layout_block(&doc, block, 80));
            if lines.len() >= 60 {
                break;
            }
        }
        lines
    });
    println!(
        "  first screen layout    {:>10.3} ms for {} lines at width 80 (median of 101)",
        ms(t),
        lines.len()
    );
}
