//! Linking speed and memory: the five bundled seeds, then 500 synthetic articles of seed
//! size made by recombining the seeds' sentences and words with a fixed PRNG.
//!
//! `cargo bench --bench claims` (release). Targets (issue 4): seeds < 100 ms, 500
//! articles < 10 s. Prints wall times, link counts and the peak resident memory (VmHWM).

use recto::Document;
use recto::claims::{Index, LinkerConfig, Links};
use std::time::Instant;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// CPU seconds this process has used (user + system, all threads): on a shared, loaded
/// machine a fairer measure of cost than wall time.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct we hand it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return f64::NAN;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// 500 articles: article `i` has as many sentences as seed `i % 5`, in paragraphs of 2–6
/// sentences; half the sentences are seed sentences verbatim, half are seed sentences
/// with about a third of their words swapped for words from elsewhere in the seeds.
fn synthetic(seeds: &[Document], count: usize) -> Vec<Document> {
    let sentences: Vec<String> = seeds
        .iter()
        .flat_map(|d| (0..d.sentences.len()).map(|s| d.sentence_text(s).to_string()))
        .collect();
    let words: Vec<&str> = sentences
        .iter()
        .flat_map(|s| s.split_whitespace())
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..count)
        .map(|i| {
            let size = seeds[i % seeds.len()].sentences.len().max(5);
            let mut text = format!("Synthetic article {i}\n\n");
            let mut in_paragraph = 0;
            let mut paragraph_len = 2 + rng.below(5);
            for _ in 0..size {
                let base = &sentences[rng.below(sentences.len())];
                if rng.below(2) == 0 {
                    text.push_str(base);
                } else {
                    let mixed: Vec<&str> = base
                        .split_whitespace()
                        .map(|w| {
                            if rng.below(3) == 0 {
                                words[rng.below(words.len())]
                            } else {
                                w
                            }
                        })
                        .collect();
                    text.push_str(&mixed.join(" "));
                }
                in_paragraph += 1;
                if in_paragraph >= paragraph_len {
                    text.push_str("\n\n");
                    in_paragraph = 0;
                    paragraph_len = 2 + rng.below(5);
                } else {
                    text.push(' ');
                }
            }
            recto::ingest::parse_bytes(&format!("synthetic-{i}.txt"), text.as_bytes())
                .expect("synthetic text parses")
        })
        .collect()
}

fn run(label: &str, docs: &[Document], repeats: usize) {
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let config = LinkerConfig::default();
    let texts: Vec<Vec<(&str, usize)>> = docs
        .iter()
        .map(|d| {
            (0..d.sentences.len())
                .map(|s| (d.sentence_text(s), d.sentences[s].block))
                .collect()
        })
        .collect();
    let start = Instant::now();
    let cpu = cpu_seconds();
    let index = Index::build(&texts, &config.signals);
    println!(
        "{label}: features and index alone: {:.1} ms wall, {:.1} ms CPU ({} documents)",
        start.elapsed().as_secs_f64() * 1000.0,
        (cpu_seconds() - cpu) * 1000.0,
        index.doc_count()
    );
    drop(index);
    let mut best = f64::INFINITY;
    let mut summary = (0, 0, 0);
    let mut best_cpu = f64::INFINITY;
    for _ in 0..repeats {
        let start = Instant::now();
        let cpu = cpu_seconds();
        let links = Links::build(docs, &config);
        let elapsed = start.elapsed().as_secs_f64();
        best = best.min(elapsed);
        best_cpu = best_cpu.min(cpu_seconds() - cpu);
        let mut candidates = 0;
        let mut linked = 0;
        let mut discrepant = 0;
        for (d, doc) in docs.iter().enumerate() {
            for s in 0..doc.sentences.len() {
                candidates += links.of(d, s).len();
                linked += links.linked(d, s).count();
                discrepant += usize::from(links.is_discrepant(d, s));
            }
        }
        summary = (candidates, linked, discrepant);
    }
    println!(
        "{label}: {} documents, {sentences} sentences: linked in {:.1} ms wall, {:.1} ms CPU \
         (best of {repeats}); {} candidates, {} links, {} discrepant sentences; peak memory \
         so far {}",
        docs.len(),
        best * 1000.0,
        best_cpu * 1000.0,
        summary.0,
        summary.1,
        summary.2,
        peak_memory()
    );
}

fn main() {
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("load average at start: {}", load.trim());
    }
    let seeds = recto::library::bundled_documents();
    run("seeds", &seeds, 10);
    let start = Instant::now();
    let many = synthetic(&seeds, 500);
    println!(
        "synthesised and parsed 500 articles in {:.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    run("500 synthetic articles", &many, 1);
}
