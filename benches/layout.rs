//! Layout benchmarks: wrapping whole documents at common widths, and the cost per block.
//!
//! Run with `cargo bench --bench layout`. The reader wraps only what it shows, but
//! `recto render` and a resize of a long article wrap everything, so whole-document
//! throughput matters too.

use recto::layout::{layout_block, layout_document, visible_blocks};
use std::time::{Duration, Instant};

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

const MB: f64 = 1024.0 * 1024.0;

/// Bytes of block text that a layout of `doc` wraps.
fn text_bytes(doc: &recto::Document) -> usize {
    visible_blocks(doc, false)
        .map(|b| doc.blocks[b].text.len())
        .sum()
}

fn main() {
    println!("recto layout benchmark (median of 21 runs)");
    println!();
    println!(
        "{:<28} {:>6} {:>10} {:>10} {:>10} {:>12}",
        "file", "width", "lines", "ms", "MB/s", "µs/block"
    );
    let docs = recto::library::bundled_documents();
    for doc in &docs {
        for width in [40u16, 80, 120] {
            let (t, lines) = median(21, || layout_document(doc, width, false));
            let blocks = visible_blocks(doc, false).count().max(1);
            println!(
                "{:<28} {:>6} {:>10} {:>10.3} {:>10.1} {:>12.2}",
                doc.path,
                width,
                lines.len(),
                t.as_secs_f64() * 1e3,
                text_bytes(doc) as f64 / MB / t.as_secs_f64(),
                t.as_secs_f64() * 1e6 / blocks as f64
            );
        }
    }

    // The longest block of the seeds, alone: what one paragraph costs.
    let (doc, block) = docs
        .iter()
        .flat_map(|d| visible_blocks(d, false).map(move |b| (d, b)))
        .max_by_key(|(d, b)| d.blocks[*b].text.len())
        .expect("some block");
    let (t, lines) = median(201, || layout_block(doc, block, 80));
    println!();
    println!(
        "longest block ({} bytes, {} lines at width 80): {:.1} µs",
        doc.blocks[block].text.len(),
        lines.len(),
        t.as_secs_f64() * 1e6
    );
}
