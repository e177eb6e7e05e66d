//! Parse throughput per format next to plain text, and the time to the first screen of a
//! 5 MB web page and a 2 MB EPUB (issue 12's target: under 300 ms each).
//!
//! Run with `cargo bench --bench formats`. The inputs are made in memory from repeated
//! article-like pieces (headings, paragraphs with links and note references, lists, a
//! table, a listing, the notes): no file of the repository is needed. "First screen" is
//! the whole parse plus the layout of the first 48 display lines at 100 columns, which
//! is what the reader waits for before drawing.

use recto::layout::{layout_block, visible_blocks};
use std::io::Write;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Median time of `RUNS` parses plus first-screen layouts of `bytes` named `name`.
fn first_screen(name: &str, bytes: &[u8]) -> (Duration, Duration, usize) {
    let mut parse_times = Vec::new();
    let mut screen_times = Vec::new();
    let mut blocks = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let doc = recto::ingest::parse_bytes(name, bytes).expect("parses");
        let parsed = start.elapsed();
        let mut lines = 0;
        for b in visible_blocks(&doc, false) {
            lines += layout_block(&doc, b, 100).len();
            if lines >= 48 {
                break;
            }
        }
        screen_times.push(start.elapsed());
        parse_times.push(parsed);
        blocks = doc.blocks.len();
    }
    (median(parse_times), median(screen_times), blocks)
}

fn report(format: &str, bytes: &[u8], name: &str) {
    let (parse, screen, blocks) = first_screen(name, bytes);
    let mb = bytes.len() as f64 / (1 << 20) as f64;
    println!(
        "{format:<9} {mb:6.2} MB  parse {:8.1} ms  {:7.1} MB/s  first screen {:8.1} ms  ({blocks} blocks)",
        parse.as_secs_f64() * 1e3,
        mb / parse.as_secs_f64(),
        screen.as_secs_f64() * 1e3,
    );
}

const PARAGRAPH: &str = "The gauge of a railway is the distance between the inner faces of its rails, \
    and the standard one, 1,435 mm, came from the colliery wagons of the north of England. \
    Engineers argued about it for decades, and some lines were built broader or narrower.";

fn plain(target: usize) -> String {
    let mut out = String::from("The Book of Gauges\n\nBy Ann Author\n\n");
    let mut n = 1;
    while out.len() < target {
        out.push_str(&format!("Part {n}\n\n{PARAGRAPH}[{n}]\n\n{PARAGRAPH}\n\n"));
        n += 1;
    }
    out.push_str("Notes\n\n");
    for i in 1..n {
        out.push_str(&format!("{i}. A note on part {i}.\n"));
    }
    out
}

fn markdown(target: usize) -> String {
    let mut out = String::from("# The Book of Gauges\n\n");
    let mut n = 1;
    while out.len() < target {
        out.push_str(&format!(
            "## Part {n}\n\n{PARAGRAPH} See [the history](https://example.org/{n}).[^n{n}]\n\n\
             - a point\n  - a finer point\n\n| Gauge | mm |\n|---|---|\n| Standard | 1435 |\n\n\
             ```\nfn width() -> u32 {{ 1435 }}\n```\n\n"
        ));
        n += 1;
    }
    for i in 1..n {
        out.push_str(&format!("[^n{i}]: A note on part {i}.\n"));
    }
    out
}

fn html(target: usize) -> String {
    let mut body = String::new();
    let mut notes = String::new();
    let mut n = 1;
    while body.len() + notes.len() < target {
        body.push_str(&format!(
            "<h2>Part {n}</h2><p>{PARAGRAPH}<sup><a href=\"#fn{n}\" id=\"r{n}\">{n}</a></sup> \
             See <a href=\"https://example.org/{n}\">the <em>history</em></a>.</p>\
             <ul><li>a point<ul><li>a finer point</li></ul></li></ul>\
             <table><tr><th>Gauge</th><th>mm</th></tr><tr><td>Standard</td><td>1435</td></tr></table>\
             <pre><code>fn width() -&gt; u32 {{ 1435 }}</code></pre>"
        ));
        notes.push_str(&format!(
            "<li id=\"fn{n}\">A note on part {n}. <a href=\"#r{n}\">↩</a></li>"
        ));
        n += 1;
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>The Book of Gauges</title></head><body>\
         <nav><a href=\"/\">Home</a></nav><article><h1>The Book of Gauges</h1>{body}\
         <h2>Notes</h2><ol>{notes}</ol></article><footer>Footer</footer></body></html>"
    )
}

fn epub(target: usize) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    zip.start_file("META-INF/container.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#).unwrap();
    // Stored, not deflated: the target is the book's size, and text deflates tenfold.
    let chapters = 20;
    let per_chapter = target / chapters;
    let mut manifest = String::new();
    let mut spine = String::new();
    let mut nav = String::new();
    for c in 1..=chapters {
        let mut body = format!("<h1>Chapter {c}</h1>");
        let mut p = 0;
        while body.len() < per_chapter {
            p += 1;
            body.push_str(&format!(
                "<p>{PARAGRAPH}<sup><a href=\"notes.xhtml#c{c}n{p}\">{p}</a></sup></p>"
            ));
        }
        zip.start_file(format!("ch{c}.xhtml"), stored).unwrap();
        zip.write_all(format!("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>{c}</title></head><body>{body}</body></html>").as_bytes()).unwrap();
        manifest.push_str(&format!(
            "<item id=\"ch{c}\" href=\"ch{c}.xhtml\" media-type=\"application/xhtml+xml\"/>"
        ));
        spine.push_str(&format!("<itemref idref=\"ch{c}\"/>"));
        nav.push_str(&format!(
            "<navPoint id=\"p{c}\"><navLabel><text>Chapter {c}</text></navLabel><content src=\"ch{c}.xhtml\"/></navPoint>"
        ));
    }
    zip.start_file("toc.ncx", stored).unwrap();
    zip.write_all(format!("<?xml version=\"1.0\"?><ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\"><navMap>{nav}</navMap></ncx>").as_bytes()).unwrap();
    zip.start_file("content.opf", stored).unwrap();
    zip.write_all(format!("<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\" unique-identifier=\"id\"><metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Bench</dc:title><dc:identifier id=\"id\">x</dc:identifier></metadata><manifest><item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>{manifest}</manifest><spine toc=\"ncx\">{spine}</spine></package>").as_bytes()).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

fn main() {
    println!(
        "recto formats bench: median of {RUNS} runs (parse, and parse + first 48 lines laid out)"
    );
    report("text", plain(5 << 20).as_bytes(), "bench.txt");
    report("markdown", markdown(5 << 20).as_bytes(), "bench.md");
    report("html", html(5 << 20).as_bytes(), "bench.html");
    report("epub", &epub(2 << 20), "bench.epub");
    // Real pages, when the corpus is in the tree.
    if let Ok(dir) = std::fs::read_dir("tests/data/corpus") {
        let mut total = 0usize;
        let mut time = Duration::ZERO;
        for entry in dir.flatten() {
            let source = entry.path().join("source.html");
            if let Ok(bytes) = std::fs::read(&source) {
                let (parse, _, _) = first_screen("source.html", &bytes);
                total += bytes.len();
                time += parse;
            }
        }
        if total > 0 {
            println!(
                "corpus    {:6.2} MB of real pages: {:.1} MB/s",
                total as f64 / (1 << 20) as f64,
                total as f64 / (1 << 20) as f64 / time.as_secs_f64()
            );
        }
    }
}
