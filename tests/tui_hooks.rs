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

/// A Markdown article with an anchor link, a link to a file beside it, a web link and a
/// mail link; the file it links to is written next to it.
fn linked_article(tag: &str) -> (Document, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("recto-hooks-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = "# Links Everywhere\n\nThe [river guide](#rapids) says more. See also \
        [the other page](other.md) and [Example](https://example.org/page) or \
        [write to us](mailto:someone@example.org).\n\n## Rapids\n\nClass IV rapids need a guide.\n";
    let path = dir.join("links.md");
    std::fs::write(&path, text).unwrap();
    std::fs::write(dir.join("other.md"), "# Other Page\n\nA second page.\n").unwrap();
    let doc = recto::ingest::load(&path).unwrap();
    (doc, dir)
}

fn app_on_file(doc: Document, source: &std::path::Path, width: u16, height: u16) -> App {
    let mut app = App::new(Keymap::defaults(), width, height);
    let id = app.add_document(doc, source.display().to_string());
    app.open_in_new_pane(id);
    update(&mut app, Action::Resize { width, height });
    app
}

fn find_cell(buf: &ratatui::buffer::Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buf.area;
    for y in 0..area.height {
        let row: Vec<&str> = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        let line: String = row.concat();
        if let Some(byte) = line.find(needle) {
            let col = line[..byte].chars().count();
            return Some((col as u16, y));
        }
    }
    None
}

#[test]
fn link_text_is_styled_and_no_target_is_shown() {
    let (doc, dir) = linked_article("style");
    let app = app_on_file(doc, &dir.join("links.md"), 100, 20);
    let mut term = Terminal::new(TestBackend::new(100, 20)).unwrap();
    term.draw(|f| view(&app, f)).unwrap();
    let screen = term.backend().to_string();
    assert!(!screen.contains("https://"), "{screen}");
    assert!(!screen.contains("]("), "{screen}");
    let buf = term.backend().buffer().clone();
    let (x, y) = find_cell(&buf, "river guide").expect("link text shown");
    let (px, py) = find_cell(&buf, "says more").expect("plain text shown");
    let link = buf[(x, y)].style();
    let plain = buf[(px, py)].style();
    assert!(
        link.add_modifier
            .contains(ratatui::style::Modifier::UNDERLINED),
        "{link:?}"
    );
    assert!(
        !plain
            .add_modifier
            .contains(ratatui::style::Modifier::UNDERLINED)
    );
    assert_ne!(link.fg, plain.fg);
}

#[test]
fn the_links_picker_lists_text_and_target_and_an_anchor_jumps_on_the_jump_list() {
    let (doc, dir) = linked_article("anchor");
    let mut app = app_on_file(doc, &dir.join("links.md"), 100, 16);
    press(&mut app, "U");
    let screen = render(&app);
    assert!(screen.contains("Links in this document"), "{screen}");
    assert!(screen.contains("river guide"), "{screen}");
    assert!(screen.contains("https://example.org/page"), "{screen}");
    for c in "river".chars() {
        update(&mut app, Action::Type(c));
    }
    press(&mut app, "Enter");
    let top = |app: &App| {
        let p = app.focused().unwrap();
        let dv = &app.ws.docs[p.doc];
        dv.doc.blocks[dv.block_of(p.top).unwrap()].text.clone()
    };
    assert_eq!(top(&app), "Rapids");
    press(&mut app, "Ctrl-o");
    assert_eq!(top(&app), "Links Everywhere");
}

#[test]
fn a_link_to_a_document_recto_reads_opens_in_the_focused_pane() {
    let (doc, dir) = linked_article("file");
    let mut app = app_on_file(doc, &dir.join("links.md"), 100, 20);
    press(&mut app, "U");
    for c in "other page".chars() {
        update(&mut app, Action::Type(c));
    }
    press(&mut app, "Enter");
    let wanted = dir.join("other.md").display().to_string();
    assert_eq!(app.load_requests, vec![wanted.clone()]);
    // The loader's answer, as the event loop would deliver it.
    let other = recto::ingest::load(&dir.join("other.md")).unwrap();
    update(
        &mut app,
        Action::Loaded(recto::tui::action::LoadedDoc {
            path: wanted.clone(),
            key: wanted,
            doc: Box::new(other),
        }),
    );
    assert_eq!(
        app.ws.panes.len(),
        1,
        "opened in the focused pane, not a new one"
    );
    let screen = render(&app);
    assert!(screen.contains("A second page"), "{screen}");
    press(&mut app, "Ctrl-o");
    assert!(render(&app).contains("river guide"));
}

#[test]
fn a_web_or_mail_link_goes_to_the_browser_without_waiting() {
    let (doc, dir) = linked_article("browser");
    let out = dir.join("opened.txt");
    let script = dir.join("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1\" >> '{}'\n", out.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    // SAFETY: this is the only test of this binary that reads or writes BROWSER.
    unsafe { std::env::set_var("BROWSER", &script) };
    let mut app = app_on_file(doc, &dir.join("links.md"), 100, 20);
    press(&mut app, "U");
    for c in "write to us".chars() {
        update(&mut app, Action::Type(c));
    }
    press(&mut app, "Enter");
    let screen = render(&app);
    assert!(
        screen.contains("Opened mailto:someone@example.org"),
        "{screen}"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let got = std::fs::read_to_string(&out).unwrap_or_default();
        if got.trim() == "mailto:someone@example.org" {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "browser got {got:?}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_url_typed_in_the_documents_picker_is_fetched_into_the_focused_pane() {
    let mut app = app_with(vec![with_furniture()], 100, 20);
    press(&mut app, "o");
    for c in "https://example.org/a".chars() {
        update(&mut app, Action::Type(c));
    }
    press(&mut app, "Enter");
    assert_eq!(app.load_requests, vec!["https://example.org/a".to_string()]);
}

fn screen_position(app: &App, needle: &str) -> (u16, u16) {
    let mut term = Terminal::new(TestBackend::new(app.ws.width, app.ws.height)).unwrap();
    term.draw(|f| view(app, f)).unwrap();
    find_cell(term.backend().buffer(), needle).unwrap_or_else(|| panic!("{needle} not on screen"))
}

#[test]
fn clicking_a_fold_line_shows_the_furniture_and_clicking_a_link_follows_it() {
    let mut app = app_with(vec![with_furniture()], 80, 20);
    let (column, row) = screen_position(&app, "⋯ 3 lines");
    update(&mut app, Action::Click { column, row });
    assert!(render(&app).contains("Subscribe"));

    let (doc, dir) = linked_article("click");
    let mut app = app_on_file(doc, &dir.join("links.md"), 100, 16);
    let (column, row) = screen_position(&app, "river guide");
    update(
        &mut app,
        Action::Click {
            column: column + 2,
            row,
        },
    );
    let p = app.focused().unwrap();
    let dv = &app.ws.docs[p.doc];
    assert_eq!(dv.doc.blocks[dv.block_of(p.top).unwrap()].text, "Rapids");
}
