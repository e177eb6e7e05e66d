//! The reader's side of faithful text and formats, driven in-process (keys through the
//! real keymap into `update`, frames drawn by `view` into a `TestBackend`): page furniture
//! folded and shown again, links in the text styled and followed.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recto::document::{Block, BlockKind, Document};
use recto::tui::app::{Action, App, Screen, update};
use recto::tui::keymap::{Keymap, parse_sequence};
use recto::tui::view::view;

/// An article between a menu (three lines of furniture) and a footer (one).
fn with_furniture() -> Document {
    let mut d = Document {
        path: "furniture.txt".into(),
        ..Default::default()
    };
    d.meta.title = "Bread at Home".into();
    let mut push = |kind: BlockKind, text: &str, chrome: bool| {
        let mut b = Block::new(kind, text);
        b.chrome = chrome;
        d.blocks.push(b);
    };
    push(BlockKind::Paragraph, "Home\nRecipes\nSubscribe", true);
    push(BlockKind::Title, "Bread at Home", false);
    push(
        BlockKind::Paragraph,
        "Flour, water, salt and time make a loaf that keeps.",
        false,
    );
    push(BlockKind::Paragraph, "Share on Facebook", true);
    d
}

fn app_with(docs: Vec<Document>, width: u16, height: u16) -> App {
    let mut app = App::new(Keymap::defaults(), width, height);
    for (i, d) in docs.into_iter().enumerate() {
        let id = app.add_document(d, format!("doc{i}"));
        app.open_in_new_pane(id);
    }
    app.ws.focus = 0;
    update(&mut app, Action::Resize { width, height });
    app
}

fn press(app: &mut App, keys: &str) {
    for chord in parse_sequence(keys).expect("valid keys") {
        update(app, Action::Key(chord));
    }
}

fn render(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(app.ws.width, app.ws.height)).unwrap();
    term.draw(|f| view(app, f)).unwrap();
    term.backend().to_string()
}

#[test]
fn furniture_is_folded_then_shown_in_place_then_folded_again() {
    let mut app = app_with(vec![with_furniture()], 80, 20);
    let screen = render(&app);
    assert!(screen.contains("⋯ 3 lines of page furniture"), "{screen}");
    assert!(screen.contains("⋯ 1 line of page furniture"), "{screen}");
    assert!(!screen.contains("Subscribe"), "{screen}");

    press(&mut app, "z a");
    let screen = render(&app);
    for hidden in ["Home", "Recipes", "Subscribe", "Share on Facebook"] {
        assert!(screen.contains(hidden), "{hidden} not shown:\n{screen}");
    }
    assert!(!screen.contains("page furniture ("), "{screen}");
    assert!(!screen.contains("⋯ 3 lines"), "{screen}");
    // The menu is where it was in the page: above the title.
    assert!(screen.find("Subscribe").unwrap() < screen.find("Flour").unwrap());
    assert!(screen.find("Flour").unwrap() < screen.find("Share on Facebook").unwrap());

    press(&mut app, "z a");
    let screen = render(&app);
    assert!(screen.contains("⋯ 3 lines of page furniture"), "{screen}");
    assert!(!screen.contains("Subscribe"), "{screen}");
}

#[test]
fn shown_furniture_is_dimmed() {
    let mut app = app_with(vec![with_furniture()], 80, 20);
    press(&mut app, "z a");
    let mut term = Terminal::new(TestBackend::new(80, 20)).unwrap();
    term.draw(|f| view(&app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    let (x, y) = (0..20u16)
        .flat_map(|y| (0..80u16).map(move |x| (x, y)))
        .find(|&(x, y)| {
            let s: String = (x..(x + 9).min(80)).map(|x| buf[(x, y)].symbol()).collect();
            s == "Subscribe"
        })
        .expect("Subscribe on screen");
    let furniture = buf[(x, y)].style();
    let body = (0..20u16)
        .flat_map(|y| (0..80u16).map(move |x| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "F" && buf[(x + 1, y)].symbol() == "l")
        .map(|p| buf[p].style())
        .expect("body text on screen");
    assert_ne!(
        furniture.fg, body.fg,
        "furniture must look different from text"
    );
}

#[test]
fn a_document_without_furniture_says_so() {
    let mut d = with_furniture();
    for b in &mut d.blocks {
        b.chrome = false;
    }
    let mut app = app_with(vec![d], 80, 20);
    press(&mut app, "z a");
    assert!(render(&app).contains("no page furniture"));
}

#[test]
fn the_fold_state_is_saved_per_document_and_restored() {
    let mut app = app_with(vec![with_furniture()], 80, 20);
    press(&mut app, "z a");
    let saved = app.saved_state();
    assert!(saved.positions.values().any(|p| p.chrome));
    let json = serde_json::to_string(&saved).unwrap();
    let back: recto::tui::state::SavedState = serde_json::from_str(&json).unwrap();

    let mut fresh = App::new(Keymap::defaults(), 80, 20);
    fresh.restore(back, |key| (key == "doc0").then(with_furniture));
    fresh.screen = Screen::Reader;
    update(
        &mut fresh,
        Action::Resize {
            width: 80,
            height: 20,
        },
    );
    let screen = render(&fresh);
    assert!(screen.contains("Subscribe"), "{screen}");

    // Folded again and saved: folded on the next run.
    press(&mut fresh, "z a");
    let saved = fresh.saved_state();
    assert!(saved.positions.values().all(|p| !p.chrome));
    let mut third = App::new(Keymap::defaults(), 80, 20);
    third.restore(saved, |key| (key == "doc0").then(with_furniture));
    third.screen = Screen::Reader;
    update(
        &mut third,
        Action::Resize {
            width: 80,
            height: 20,
        },
    );
    assert!(!render(&third).contains("Subscribe"));
}

#[test]
fn help_lists_the_fold_and_links_keys() {
    let mut app = app_with(vec![with_furniture()], 120, 60);
    press(&mut app, "?");
    let screen = render(&app);
    assert!(screen.contains("page furniture"), "{screen}");
}
