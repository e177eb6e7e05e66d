//! Compare mode's costs with all five seeds loaded: linking them and merging the result
//! into the reader's links (what happens when the set of open documents changes), and a
//! key press to a finished frame at 200x60 in compare mode (`}`, `c`, `n`, `{`, `Esc`,
//! with every linked line marked in the gutter). Frames are drawn into a `TestBackend`.
//!
//! Run: `cargo bench --bench compare` (target: < 5 ms per key, as for the other keys).

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recto::tui::app::{Action, App, update};
use recto::tui::compare;
use recto::tui::keymap::{Keymap, parse_sequence};
use recto::tui::view::view;
use std::time::{Duration, Instant};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

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

fn five_seeds() -> App {
    let mut app = App::new(Keymap::defaults(), WIDTH, HEIGHT);
    for (name, bytes) in recto::library::BUNDLED {
        let doc = recto::library::parse_bundled(name, bytes).unwrap();
        let d = app.add_document(doc, format!("bundled:{name}"));
        if d < 2 {
            app.open_in_new_pane(d);
        }
    }
    app.ws.focus = 0;
    update(
        &mut app,
        Action::Resize {
            width: WIDTH,
            height: HEIGHT,
        },
    );
    app
}

fn main() {
    // Linking (the background task) and merging its result into the app.
    let mut link = Vec::new();
    let mut merge = Vec::new();
    for _ in 0..10 {
        let mut app = five_seeds();
        recto::tui::app::with_compare(&mut app, compare::sync);
        let tasks = app.compare.take_tasks();
        let t = Instant::now();
        let actions: Vec<Action> = tasks
            .into_iter()
            .map(|t| Action::LinksBuilt(t.run()))
            .collect();
        link.push(t.elapsed());
        let t = Instant::now();
        for a in actions {
            update(&mut app, a);
        }
        merge.push(t.elapsed());
    }
    summary("link 5 seeds (task)", link);
    summary("merge into the reader", merge);

    // Keys in compare mode.
    let mut app = five_seeds();
    app.settle_links();
    let mut term = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    term.draw(|f| view(&app, f)).unwrap();
    let script = "} c n n N } } } { c Esc } c";
    let keys = parse_sequence(script).unwrap();
    let mut times = Vec::new();
    for _ in 0..20 {
        for &k in &keys {
            let t = Instant::now();
            update(&mut app, Action::Key(k));
            term.draw(|f| view(&app, f)).unwrap();
            times.push(t.elapsed());
        }
    }
    summary("compare-mode key to frame", times);
    let mut frames = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        term.draw(|f| view(&app, f)).unwrap();
        frames.push(t.elapsed());
    }
    summary("frame with gutter marks", frames);
}
