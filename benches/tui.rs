//! How fast the reader answers: a key press to a finished frame at 200x60 on each seed,
//! and the first screen of a 50 MB article: from opening the file (its beginning is parsed
//! first) and after the whole parse (only the visible blocks laid out).
//! Frames are drawn into a `TestBackend`; the time is `update` plus `view` per key.
//!
//! And typing a search in a 20 MB article (the matching runs as a background task).
//!
//! Run: `cargo bench --bench tui` (targets: < 5 ms per key, < 300 ms to the first screen,
//! < 16 ms per key typing a search in the 20 MB article).

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recto::tui::app::{Action, App, update};
use recto::tui::keymap::{Keymap, parse_sequence};
use recto::tui::view::view;
use std::time::{Duration, Instant};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

fn app_for(doc: recto::Document, key: &str) -> App {
    let mut app = App::new(Keymap::defaults(), WIDTH, HEIGHT);
    let d = app.add_document(doc, key.to_string());
    app.open_in_new_pane(d);
    update(
        &mut app,
        Action::Resize {
            width: WIDTH,
            height: HEIGHT,
        },
    );
    app
}

fn summary(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let pick = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "{name:<34} n={:<4} median {:>7.3} ms  p99 {:>7.3} ms  max {:>7.3} ms",
        times.len(),
        pick(0.5).as_secs_f64() * 1e3,
        pick(0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
    );
}

fn key_presses() {
    // A reader's session: scrolling, paging, references, a popup, a search, splits.
    let script = "j j j Space Space b ] ] Enter Esc ] [ Ctrl-d Ctrl-u G g t Esc \
                  Ctrl-w v j j Tab Space Ctrl-w c n N";
    let keys = parse_sequence(script).unwrap();
    for (name, bytes) in recto::library::BUNDLED {
        let doc = recto::library::parse_bundled(name, bytes).unwrap();
        let mut app = app_for(doc, name);
        let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        term.draw(|f| view(&app, f)).unwrap();
        // A search so that n/N and highlights have work to do.
        update(&mut app, Action::Key(parse_sequence("/").unwrap()[0]));
        for c in "the".chars() {
            update(&mut app, Action::Type(c));
        }
        update(&mut app, Action::Key(parse_sequence("Enter").unwrap()[0]));
        let mut times = Vec::new();
        let mut per_key: Vec<Vec<Duration>> = vec![Vec::new(); keys.len()];
        for _round in 0..20 {
            for (i, &k) in keys.iter().enumerate() {
                let start = Instant::now();
                update(&mut app, Action::Key(k));
                term.draw(|f| view(&app, f)).unwrap();
                let t = start.elapsed();
                per_key[i].push(t);
                times.push(t);
            }
        }
        summary(&format!("key → frame {name}"), times);
        if std::env::var_os("RECTO_BENCH_PER_KEY").is_some() {
            for (k, times) in keys.iter().zip(&mut per_key) {
                times.sort();
                println!(
                    "    {k:<8} median {:.3} ms  max {:.3} ms",
                    times[times.len() / 2].as_secs_f64() * 1e3,
                    times[times.len() - 1].as_secs_f64() * 1e3
                );
            }
        }
    }
}

fn huge_article() {
    // Real article text repeated to 50 MB, with headings every so often.
    let mut body = String::new();
    for (_, bytes) in recto::library::BUNDLED {
        body.push_str(&String::from_utf8_lossy(bytes));
    }
    let paragraphs: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| l.len() > 200)
        .collect();
    let mut text = String::from("A Very Long Article\n\nBy Someone Patient\n\n");
    let mut i = 0;
    while text.len() < 50 * 1024 * 1024 {
        if i % 40 == 0 {
            text.push_str(&format!("\nPart {}\n\n", i / 40 + 1));
        }
        text.push_str(paragraphs[i % paragraphs.len()]);
        text.push_str("\n\n");
        i += 1;
    }
    let mb = text.len() as f64 / 1024.0 / 1024.0;

    // What the reader does on opening the file: its beginning first (the rest is read in
    // the background), shown in a pane.
    let dir = std::env::temp_dir().join(format!("recto-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.txt");
    std::fs::write(&path, &text).unwrap();
    let mut opens = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        let preview = recto::ingest::load_preview(&path, recto::tui::PREVIEW_BYTES)
            .unwrap()
            .expect("a 50 MB file is previewed");
        let app = app_for(preview, "huge");
        let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        term.draw(|f| view(&app, f)).unwrap();
        opens.push(start.elapsed());
    }
    let _ = std::fs::remove_dir_all(&dir);
    summary("opening the 50 MB file → first screen (preview)", opens);

    let start = Instant::now();
    let doc = recto::ingest::parse_bytes("huge.txt", text.as_bytes()).unwrap();
    let parse = start.elapsed();
    let blocks = doc.blocks.len();

    let start = Instant::now();
    let app = app_for(doc, "huge");
    let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    term.draw(|f| view(&app, f)).unwrap();
    let first = start.elapsed();
    let laid_out = app.ws.docs[0].laid_out_blocks(app.pane_text_size(0).0);
    println!(
        "50 MB article ({mb:.1} MB, {blocks} blocks): parse {:.0} ms; first screen {:.1} ms \
         after parsing (laid out {laid_out} of {blocks} blocks)",
        parse.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e3
    );

    // Keys deep inside it.
    let mut app = app;
    let mut times = Vec::new();
    for k in parse_sequence("G k k Space b g Space Space ] Enter Esc").unwrap() {
        let start = Instant::now();
        update(&mut app, Action::Key(k));
        term.draw(|f| view(&app, f)).unwrap();
        times.push(start.elapsed());
    }
    summary("key → frame in the 50 MB article", times);
}

/// Typing a search on a 20 MB article: each key must answer within a frame (16 ms), the
/// matching itself runs as a background task (timed apart: when the count shows).
fn search_in_a_big_article() {
    let mut body = String::new();
    for (_, bytes) in recto::library::BUNDLED {
        body.push_str(&String::from_utf8_lossy(bytes));
    }
    let paragraphs: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| l.len() > 200)
        .collect();
    let mut text = String::from("A Long Article\n\n");
    let mut i = 0;
    while text.len() < 20 * 1024 * 1024 {
        text.push_str(paragraphs[i % paragraphs.len()]);
        text.push_str("\n\n");
        i += 1;
    }
    let doc = recto::ingest::parse_bytes("big.txt", text.as_bytes()).unwrap();
    let mut app = app_for(doc, "big");
    let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    term.draw(|f| view(&app, f)).unwrap();
    let mut keys = Vec::new();
    let mut searches = Vec::new();
    for round in 0..3 {
        update(&mut app, Action::Key(parse_sequence("/").unwrap()[0]));
        // A different query each round, so that no answer is remembered from before.
        let query = ["sinaloa", "cartels", "mexico"][round];
        for c in query.chars() {
            let start = Instant::now();
            update(&mut app, Action::Type(c));
            term.draw(|f| view(&app, f)).unwrap();
            keys.push(start.elapsed());
            // What the event loop then does in the background.
            if let Some(job) = app.search_job.take() {
                let start = Instant::now();
                let matches = job.run();
                searches.push(start.elapsed());
                update(
                    &mut app,
                    Action::SearchFound(recto::tui::app::SearchFound {
                        generation: job.generation,
                        key: job.key,
                        query: job.query,
                        matches,
                    }),
                );
            }
        }
        update(&mut app, Action::Key(parse_sequence("Enter").unwrap()[0]));
    }
    summary("key → frame typing / in a 20 MB article", keys);
    summary("  its background search (to the count)", searches);
    let mut again = Vec::new();
    for k in parse_sequence("Esc n n N").unwrap() {
        let start = Instant::now();
        update(&mut app, Action::Key(k));
        term.draw(|f| view(&app, f)).unwrap();
        again.push(start.elapsed());
    }
    summary("Esc then n / N in the 20 MB article", again);
}

fn main() {
    key_presses();
    huge_article();
    search_in_a_big_article();
}
