//! One article, one identity: the same text opened from the library, from a path or
//! through another name is one document, with one position and one library row; the
//! library lists what was opened, most recent first, and forgets one on a key.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recto::tui::app::{Action, App, Mode, update};
use recto::tui::keymap::{Keymap, parse_sequence};
use recto::tui::library;
use recto::tui::view::view;

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

fn seed(n: usize) -> (&'static str, &'static [u8]) {
    recto::library::BUNDLED[n]
}

/// The seed file as a user would open it: a path of their own (a copy in a temp dir).
fn copy_of_seed(n: usize, dir: &std::path::Path, name: &str) -> (String, recto::Document) {
    let path = dir.join(name);
    std::fs::write(&path, seed(n).1).unwrap();
    let doc = recto::ingest::load(&path).unwrap();
    (path.display().to_string(), doc)
}

#[test]
fn the_same_text_opened_two_ways_is_one_document_with_one_position() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Keymap::defaults(), 120, 40);
    let (path, doc) = copy_of_seed(2, dir.path(), "my-copy.txt");
    let d = app.add_document(doc, path.clone());
    app.open_in_new_pane(d);
    update(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    press(&mut app, "Space Space Space");
    let read_at = app.ws.panes[0].top;
    // The bundled copy of the same article is the same document.
    app.load_library();
    assert_eq!(
        app.ws.bundled[2],
        Some(d),
        "bundled 002 is the file already open"
    );
    let copies = app
        .ws
        .docs
        .iter()
        .filter(|dv| dv.title() == app.ws.docs[d].title())
        .count();
    assert_eq!(copies, 1, "one document, not two");
    let rows = library::rows(&app.ws);
    let same: Vec<_> = rows.iter().filter(|r| r.doc == Some(d)).collect();
    assert_eq!(same.len(), 1, "one library row: {rows:?}");

    // Saved and restored under another name (a symlink, a pipe): the same place.
    let saved = app.saved_state();
    let mut again = App::new(Keymap::defaults(), 120, 40);
    let (other, doc) = copy_of_seed(2, dir.path(), "renamed.txt");
    again.restore(saved, |_| None);
    let d2 = again.add_document(doc, other);
    again.open_in_new_pane(d2);
    update(
        &mut again,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    assert_eq!(again.ws.panes[0].top, read_at);
}

#[test]
fn different_texts_at_one_path_keep_their_own_positions() {
    // What `<(…)` does: every article comes through /dev/fd/63.
    let mut app = App::new(Keymap::defaults(), 120, 40);
    let first = recto::library::parse_bundled(seed(0).0, seed(0).1).unwrap();
    let d = app.add_document(first, "/dev/fd/63".into());
    app.open_in_new_pane(d);
    update(
        &mut app,
        Action::Resize {
            width: 120,
            height: 40,
        },
    );
    press(&mut app, "G");
    let saved = app.saved_state();
    let mut next = App::new(Keymap::defaults(), 120, 40);
    next.restore(
        recto::tui::state::SavedState {
            panes: Vec::new(),
            layout: None,
            ..saved
        },
        |_| None,
    );
    let second = recto::library::parse_bundled(seed(1).0, seed(1).1).unwrap();
    let d = next.add_document(second, "/dev/fd/63".into());
    next.open_in_new_pane(d);
    assert_eq!(
        next.ws.panes[0].top,
        Default::default(),
        "a new article starts at its start"
    );
}

#[test]
fn the_library_lists_opened_articles_first_and_forgets_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Keymap::defaults(), 120, 40);
    let (path, doc) = copy_of_seed(3, dir.path(), "mine.txt");
    let d = app.add_document(doc, path);
    app.open_in_new_pane(d);
    app.load_library();
    press(&mut app, "H");
    assert_eq!(app.mode(), Mode::Library);
    let rows = library::rows(&app.ws);
    assert_eq!(rows[0].doc, Some(d), "the article being read comes first");
    assert_eq!(rows.len(), recto::library::BUNDLED.len(), "{rows:?}");
    let title = app.ws.docs[d].title().to_string();
    assert!(render(&app).contains(&title[..20.min(title.len())]));
    press(&mut app, "g d");
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("Removed")),
        "{:?}",
        app.message
    );
    assert!(app.saved_state().documents.is_empty(), "its entry is gone");
    assert!(
        !app.saved_state().removed.is_empty(),
        "and the removal is kept"
    );
    // Bundled articles cannot be removed until opened.
    let before = library::rows(&app.ws).len();
    press(&mut app, "G d");
    assert_eq!(library::rows(&app.ws).len(), before);
}

#[test]
fn the_article_being_read_heads_the_library_before_ones_opened_later() {
    let mut app = App::new(Keymap::defaults(), 120, 40);
    let read = recto::library::parse_bundled(seed(2).0, seed(2).1).unwrap();
    let d = app.add_document(read, "a".into());
    app.open_in_new_pane(d);
    // Opened after it, but not read: in the background.
    let later = recto::library::parse_bundled(seed(4).0, seed(4).1).unwrap();
    let e = app.add_document(later, "b".into());
    app.ws.note_open(e);
    app.ws.touch(e);
    let rows = library::rows(&app.ws);
    assert_eq!(rows[0].doc, Some(d), "{rows:?}");
    assert_eq!(rows[1].doc, Some(e));
}
