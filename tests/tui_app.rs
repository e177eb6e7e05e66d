//! The reader driven in-process: keys through the real keymap into `update`, frames drawn
//! by `view` into a `TestBackend`. Documents are built by hand so that sections, notes and
//! references are known exactly.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recto::document::{Block, BlockKind, Document, Note, NoteRef, Section};
use recto::tui::app::{Action, App, Mode, Overlay, Screen, update};
use recto::tui::keymap::{Keymap, parse_sequence};
use recto::tui::view::view;

const FILLER: &str = "Cartels adapt faster than the states that fight them, and every \
    campaign against their leaders has so far produced successors, splinters and new \
    routes rather than an end to the trade.";

/// A small article: title, byline, three sections (one nested), paragraphs with three
/// references (the third unresolved), and an endnotes list.
fn sample() -> Document {
    let mut d = Document {
        path: "sample.txt".into(),
        ..Default::default()
    };
    d.meta.title = "Cartels and the State".into();
    d.meta.byline = Some("By A. Writer".into());
    let push = |d: &mut Document, kind: BlockKind, text: &str| {
        d.blocks.push(Block::new(kind, text));
        d.blocks.len() - 1
    };
    push(&mut d, BlockKind::Title, "Cartels and the State");
    push(&mut d, BlockKind::Byline, "By A. Writer");
    let h0 = push(
        &mut d,
        BlockKind::Heading {
            level: 1,
            section: 0,
        },
        "Key points",
    );
    let p = push(
        &mut d,
        BlockKind::Paragraph,
        "Overdose deaths rose for a decade. The cartels grew with them.",
    );
    d.blocks[p].refs = vec![
        NoteRef {
            offset: 34,
            number: 1,
            note: Some(0),
        },
        NoteRef {
            offset: 62,
            number: 2,
            note: Some(1),
        },
    ];
    for _ in 0..12 {
        push(&mut d, BlockKind::Paragraph, FILLER);
    }
    let h1 = push(
        &mut d,
        BlockKind::Heading {
            level: 1,
            section: 1,
        },
        "Military options",
    );
    push(
        &mut d,
        BlockKind::Paragraph,
        "Force is often proposed as the answer.",
    );
    let h2 = push(
        &mut d,
        BlockKind::Heading {
            level: 2,
            section: 2,
        },
        "Decapitation",
    );
    let q = push(
        &mut d,
        BlockKind::Paragraph,
        "Killing leaders rarely ends a cartel. Its rivals take over the routes.",
    );
    d.blocks[q].refs = vec![NoteRef {
        offset: 37,
        number: 7,
        note: None,
    }];
    for _ in 0..8 {
        push(&mut d, BlockKind::Paragraph, FILLER);
    }
    let h3 = push(
        &mut d,
        BlockKind::Heading {
            level: 1,
            section: 3,
        },
        "Endnotes",
    );
    let n0 = push(
        &mut d,
        BlockKind::NoteEntry { note: 0 },
        "Provisional Drug Overdose Data, Centers for Disease Control and Prevention, https://www.cdc.gov/nchs/nvss/vsrr/drug-overdose-data.htm.",
    );
    let n1 = push(
        &mut d,
        BlockKind::NoteEntry { note: 1 },
        "Ioan Grillo, El Narco: Inside Mexico's Criminal Insurgency (Bloomsbury, 2011).",
    );
    d.sections = vec![
        Section {
            title: "Key points".into(),
            level: 1,
            block: h0,
            parent: None,
        },
        Section {
            title: "Military options".into(),
            level: 1,
            block: h1,
            parent: None,
        },
        Section {
            title: "Decapitation".into(),
            level: 2,
            block: h2,
            parent: Some(1),
        },
        Section {
            title: "Endnotes".into(),
            level: 1,
            block: h3,
            parent: None,
        },
    ];
    d.notes = vec![
        Note {
            number: 1,
            text: d.blocks[n0].text.clone(),
            block: n0,
        },
        Note {
            number: 2,
            text: d.blocks[n1].text.clone(),
            block: n1,
        },
    ];
    d
}

fn second() -> Document {
    let mut d = Document {
        path: "other.txt".into(),
        ..Default::default()
    };
    d.meta.title = "A Second Article".into();
    d.blocks
        .push(Block::new(BlockKind::Title, "A Second Article"));
    let h = d.blocks.len();
    d.blocks.push(Block::new(
        BlockKind::Heading {
            level: 1,
            section: 0,
        },
        "Background",
    ));
    for _ in 0..6 {
        d.blocks.push(Block::new(BlockKind::Paragraph, FILLER));
    }
    d.sections.push(Section {
        title: "Background".into(),
        level: 1,
        block: h,
        parent: None,
    });
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

/// Presses keys written as in the keymap: "j", "Ctrl-w v"; text in quotes is typed.
fn press(app: &mut App, keys: &str) {
    for chord in parse_sequence(keys).expect("valid keys") {
        update(app, Action::Key(chord));
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Type(c));
    }
}

fn render(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(app.ws.width, app.ws.height)).unwrap();
    term.draw(|f| view(app, f)).unwrap();
    if app.ws.width == 0 {
        // TestBackend cannot print a zero-width buffer; drawing it was the test.
        return String::new();
    }
    term.backend().to_string()
}

/// Matches of the focused pane's search; panics when there is none.
fn match_count(app: &App) -> usize {
    let search = app.focused().and_then(|p| p.search.as_ref());
    search.expect("a search in the focused pane").matches.len()
}

fn top_block(app: &App) -> usize {
    let p = app.focused().unwrap();
    app.ws.docs[p.doc].block_of(p.top).unwrap()
}

fn block_index(app: &App, text: &str) -> usize {
    let p = app.focused().unwrap();
    app.ws.docs[p.doc]
        .doc
        .blocks
        .iter()
        .position(|b| b.text == text)
        .unwrap()
}

#[test]
fn scrolling_keys_move_and_stop_at_the_ends() {
    let mut app = app_with(vec![sample()], 80, 20);
    press(&mut app, "k");
    assert_eq!(app.focused().unwrap().top.vis, 0);
    press(&mut app, "j j j");
    let after_three = app.focused().unwrap().top;
    assert!(after_three > Default::default());
    press(&mut app, "Space");
    let paged = app.focused().unwrap().top;
    assert!(paged > after_three);
    press(&mut app, "b");
    assert!(app.focused().unwrap().top < paged);
    press(&mut app, "G");
    let end = app.focused().unwrap().top;
    press(&mut app, "j j Ctrl-d Space");
    assert_eq!(app.focused().unwrap().top, end, "no scrolling past the end");
    assert!(render(&app).contains("100%"));
    press(&mut app, "g");
    assert_eq!(app.focused().unwrap().top, Default::default());
    press(&mut app, "Ctrl-d");
    let half = app.focused().unwrap().top;
    press(&mut app, "Ctrl-u");
    assert_eq!(app.focused().unwrap().top, Default::default());
    assert!(half > Default::default());
}

#[test]
fn section_picker_jumps_and_ctrl_o_comes_back() {
    let mut app = app_with(vec![sample()], 100, 30);
    press(&mut app, "t");
    assert_eq!(app.mode(), Mode::Picker);
    type_text(&mut app, "decap");
    press(&mut app, "Enter");
    assert_eq!(app.mode(), Mode::Reader);
    let heading = block_index(&app, "Decapitation");
    assert_eq!(top_block(&app), heading);
    let screen = render(&app);
    assert!(screen.contains("› Decapitation"), "{screen}");
    press(&mut app, "Ctrl-o");
    assert_eq!(app.focused().unwrap().top, Default::default());
    press(&mut app, "Alt-Right");
    assert_eq!(top_block(&app), heading);
}

#[test]
fn section_picker_widens_to_all_open_documents() {
    let mut app = app_with(vec![sample(), second()], 120, 30);
    press(&mut app, "t");
    type_text(&mut app, "backgr");
    let Some(Overlay::Picker(p)) = &app.overlay else {
        panic!("picker open")
    };
    assert!(
        p.chosen().is_none(),
        "the focused document has no such section"
    );
    press(&mut app, "Ctrl-a");
    let Some(Overlay::Picker(p)) = &app.overlay else {
        panic!("picker open")
    };
    assert_eq!(p.chosen().map(|i| i.label.as_str()), Some("Background"));
    assert!(render(&app).contains("A Second Article"));
    press(&mut app, "Enter");
    let pane = app.focused().unwrap();
    assert_eq!(app.ws.docs[pane.doc].title(), "A Second Article");
    assert_eq!(top_block(&app), 1);
}

#[test]
fn references_select_open_and_lead_to_the_notes_list() {
    let mut app = app_with(vec![sample()], 100, 30);
    press(&mut app, "]");
    assert_eq!(app.focused().unwrap().selected_ref, Some(0));
    press(&mut app, "Enter");
    let Some(Overlay::Popup(popup)) = &app.overlay else {
        panic!("popup open")
    };
    assert_eq!(popup.number, 1);
    let screen = render(&app);
    assert!(screen.contains("Note 1"), "{screen}");
    assert!(
        screen.contains("Provisional Drug Overdose Data"),
        "{screen}"
    );
    assert!(
        screen.contains("https://www.cdc.gov/"),
        "URL visible: {screen}"
    );
    // Enter again goes to the note in the list; Ctrl-o comes back.
    let before = app.focused().unwrap().top;
    press(&mut app, "Enter");
    assert!(app.overlay.is_none());
    let note_block = app.ws.docs[0].doc.notes[0].block;
    assert_eq!(top_block(&app), note_block);
    press(&mut app, "Ctrl-o");
    assert_eq!(app.focused().unwrap().top, before);
    // Going back from a popup closes it: you never left the text.
    let before = app.focused().unwrap().top;
    press(&mut app, "Enter Ctrl-o");
    assert!(app.overlay.is_none());
    assert_eq!(app.focused().unwrap().top, before);
    // Esc closes a popup without moving.
    press(&mut app, "] Enter Esc");
    assert!(app.overlay.is_none());
    assert_eq!(app.focused().unwrap().selected_ref, Some(1));
    press(&mut app, "[");
    assert_eq!(app.focused().unwrap().selected_ref, Some(0));
}

#[test]
fn with_the_notes_open_beside_the_text_a_note_opens_there() {
    let mut app = app_with(vec![sample()], 160, 30);
    // Body on the left, the same document's notes list on the right.
    press(&mut app, "v G Tab");
    assert_eq!(app.ws.focus, 0);
    press(&mut app, "]");
    let body_top = app.focused().unwrap().top;
    press(&mut app, "Enter Enter");
    assert!(app.overlay.is_none());
    assert_eq!(app.ws.panes[0].top, body_top, "the text stays where it is");
    let note_block = app.ws.docs[0].doc.notes[0].block;
    assert_eq!(
        app.ws.docs[0].block_of(app.ws.panes[1].top),
        Some(note_block)
    );
    assert_eq!(app.ws.focus, 0);
}

#[test]
fn unresolved_reference_says_so() {
    let mut app = app_with(vec![sample()], 100, 30);
    press(&mut app, "t");
    type_text(&mut app, "decap");
    press(&mut app, "Enter ] Enter");
    let Some(Overlay::Popup(popup)) = &app.overlay else {
        panic!("popup open")
    };
    assert_eq!((popup.number, popup.note), (7, None));
    let screen = render(&app);
    assert!(screen.contains("no note 7"), "{screen}");
    press(&mut app, "Enter");
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .contains("not in the notes list")
    );
}

#[test]
fn reference_selection_follows_the_view() {
    let mut app = app_with(vec![sample()], 100, 12);
    // From the end, [ selects the last reference above and scrolls to it.
    press(&mut app, "G [");
    let p = app.focused().unwrap();
    assert_eq!(p.selected_ref, Some(2));
    let dv = &app.ws.docs[p.doc];
    let rows = dv.rows(p.top, 96, 10);
    let ref_block = dv.refs[2].block;
    assert!(rows.iter().any(|&(vis, _)| dv.visible[vis] == ref_block));
}

#[test]
fn notes_picker_opens_a_note() {
    let mut app = app_with(vec![sample()], 100, 30);
    press(&mut app, "F");
    type_text(&mut app, "grillo");
    press(&mut app, "Enter");
    let Some(Overlay::Popup(popup)) = &app.overlay else {
        panic!("popup open")
    };
    assert_eq!(popup.number, 2);
}

#[test]
fn search_is_incremental_smart_case_and_counted() {
    let mut app = app_with(vec![sample()], 100, 30);
    press(&mut app, "/");
    assert_eq!(app.mode(), Mode::Search);
    type_text(&mut app, "rivals");
    assert!(render(&app).contains("/rivals"));
    let found = top_block(&app);
    assert!(found > 3, "the view moved to the match");
    press(&mut app, "Enter");
    assert!(render(&app).contains("[1/1]"));
    press(&mut app, "Ctrl-o");
    assert_eq!(app.focused().unwrap().top, Default::default());

    press(&mut app, "/");
    type_text(&mut app, "cartels");
    press(&mut app, "Enter");
    let n = match_count(&app);
    assert!(n >= 21, "lower case matches 'Cartels' too: {n}");
    press(&mut app, "n");
    assert!(render(&app).contains(&format!("[2/{n}]")));
    press(&mut app, "N N");
    assert!(render(&app).contains(&format!("[{n}/{n}]")), "N wraps");

    press(&mut app, "/");
    type_text(&mut app, "Cartels");
    press(&mut app, "Enter");
    let exact = match_count(&app);
    assert!(exact < n, "upper case is exact: {exact} < {n}");

    // Esc while typing goes back to where the search started.
    press(&mut app, "g");
    press(&mut app, "/");
    type_text(&mut app, "rivals");
    press(&mut app, "Esc");
    assert_eq!(app.focused().unwrap().top, Default::default());
    assert!(app.focused().unwrap().search.is_none());
    // Esc in the text hides the matches; `n` finds the last confirmed pattern again.
    press(&mut app, "/");
    type_text(&mut app, "cartel");
    press(&mut app, "Enter Esc");
    assert!(app.focused().unwrap().search.is_none());
    press(&mut app, "g n");
    let again = app
        .focused()
        .unwrap()
        .search
        .as_ref()
        .expect("searched again");
    assert_eq!((again.query.as_str(), again.current), ("cartel", Some(0)));
}

#[test]
fn panes_split_focus_and_close() {
    let mut app = app_with(vec![sample()], 120, 30);
    press(&mut app, "Ctrl-w v");
    assert_eq!(app.ws.panes.len(), 2);
    assert_eq!(app.ws.focus, 1);
    let rects = app.pane_rects();
    assert!(
        rects[0].x < rects[1].x && rects[0].y == rects[1].y,
        "{rects:?}"
    );
    press(&mut app, "Ctrl-w s");
    assert_eq!(app.ws.panes.len(), 3);
    let rects = app.pane_rects();
    assert!(
        rects[1].y < rects[2].y && rects[1].x == rects[2].x,
        "{rects:?}"
    );
    press(&mut app, "Ctrl-w h");
    assert_eq!(app.ws.focus, 0);
    press(&mut app, "Ctrl-w l");
    assert!(app.ws.focus == 1 || app.ws.focus == 2);
    press(&mut app, "Tab Tab Tab");
    let after_tabs = app.ws.focus;
    press(&mut app, "Shift-Tab Tab");
    assert_eq!(app.ws.focus, after_tabs);
    // Each pane keeps its own position.
    app.ws.focus = 0;
    press(&mut app, "G");
    assert_ne!(app.ws.panes[0].top, app.ws.panes[1].top);
    press(&mut app, "x");
    assert_eq!(app.ws.panes.len(), 2);
    press(&mut app, "Ctrl-w c");
    assert_eq!(app.ws.panes.len(), 1);
    press(&mut app, "x");
    assert_eq!(app.ws.panes.len(), 1, "the last pane stays");
    assert!(app.message.as_deref().unwrap().contains("only pane"));
}

#[test]
fn pending_keys_and_unbound_keys_show_in_the_status_line() {
    let mut app = app_with(vec![sample()], 100, 30);
    press(&mut app, "Ctrl-w");
    assert!(render(&app).contains("Ctrl-w …"));
    press(&mut app, "z");
    assert!(app.pending.is_empty());
    assert!(render(&app).contains("Ctrl-w z is not bound"));
}

#[test]
fn mouse_click_focuses_and_wheel_scrolls_the_pane_under_it() {
    let mut app = app_with(vec![sample(), second()], 120, 30);
    update(
        &mut app,
        Action::Click {
            column: 100,
            row: 5,
        },
    );
    assert_eq!(app.ws.focus, 1);
    update(
        &mut app,
        Action::Wheel {
            column: 10,
            row: 5,
            down: true,
        },
    );
    assert_eq!(app.ws.focus, 1, "the wheel does not move focus");
    assert!(app.ws.panes[0].top > Default::default());
    assert_eq!(app.ws.panes[1].top, Default::default());
}

#[test]
fn rewrap_keeps_the_paragraph_at_the_top() {
    let mut app = app_with(vec![sample()], 120, 30);
    press(&mut app, "t");
    type_text(&mut app, "military");
    press(&mut app, "Enter j");
    let block = top_block(&app);
    for (w, h) in [(40, 20), (200, 60), (25, 6), (120, 30)] {
        update(
            &mut app,
            Action::Resize {
                width: w,
                height: h,
            },
        );
        let _ = render(&app);
        assert_eq!(top_block(&app), block, "at {w}x{h}");
    }
}

/// The first words of the text on the focused pane's top line.
fn top_line_text(app: &App) -> String {
    let p = app.focused().unwrap();
    let width = app.pane_text_size(app.ws.focus).0;
    app.ws.docs[p.doc].lines(p.top.vis, width)[p.top.line].text()
}

#[test]
fn rewrap_keeps_the_line_being_read_at_the_top() {
    // Deep in a paragraph of a narrow pane, then wider, narrower, split and unsplit: the
    // words that were at the top stay on the top line, wherever the lines now break.
    let seed = recto::library::bundled_documents().swap_remove(2);
    let mut app = app_with(vec![seed], 34, 14);
    press(&mut app, "t");
    type_text(&mut app, "decapitation");
    press(&mut app, "Enter j j j j j j j");
    let first_word = top_line_text(&app)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let read = top_line_text(&app);
    for (w, h) in [(160, 48), (60, 20), (34, 14), (200, 60)] {
        update(
            &mut app,
            Action::Resize {
                width: w,
                height: h,
            },
        );
        let top = top_line_text(&app);
        assert!(
            top.contains(&first_word) || read.contains(top.trim()),
            "at {w}x{h}: top line {top:?}, was reading {read:?}"
        );
    }
    for keys in ["v", "x", "s", "x"] {
        press(&mut app, keys);
        let top = top_line_text(&app);
        assert!(
            top.contains(&first_word),
            "after {keys}: {top:?}, was {read:?}"
        );
    }
}

#[test]
fn resizing_from_300x100_to_1x1_and_back_never_panics() {
    let mut app = app_with(vec![sample(), second()], 300, 100);
    press(&mut app, "Ctrl-w s");
    let sizes: Vec<(u16, u16)> = (1..=100u16)
        .rev()
        .map(|h| (h * 3, h))
        .chain((1..=100).map(|h| (h * 3, h)))
        .chain([(1, 1), (20, 5), (19, 4), (2, 300), (300, 2)])
        .collect();
    for (step, &(w, h)) in sizes.iter().enumerate() {
        update(
            &mut app,
            Action::Resize {
                width: w,
                height: h,
            },
        );
        match step % 8 {
            0 => press(&mut app, "j Space"),
            1 => {
                if app.overlay.is_none() {
                    press(&mut app, "/");
                    type_text(&mut app, "cart");
                }
            }
            2 => press(&mut app, "Esc ] Enter"),
            3 => press(&mut app, "j"),
            4 => press(&mut app, "Esc ?"),
            5 => press(&mut app, "j Esc t"),
            6 => type_text(&mut app, "op"),
            _ => press(&mut app, "Esc G"),
        }
        let screen = render(&app);
        if w < 20 || h < 5 {
            assert!(
                screen.contains("Too") || w < 4 || h < 2,
                "{w}x{h}: {screen}"
            );
        }
    }
}

#[test]
fn wide_characters_keep_columns_aligned() {
    let mut d = Document::default();
    d.meta.title = "寿司と🍣の話".into();
    d.blocks.push(Block::new(BlockKind::Title, "寿司と🍣の話"));
    d.blocks.push(Block::new(
        BlockKind::Paragraph,
        "東京の寿司屋は朝早くから開いている。🍣🍣🍣 Emoji and CJK mixed with English words 寿司寿司寿司寿司寿司寿司寿司寿司寿司寿司寿司寿司.",
    ));
    let mut app = app_with(vec![d, second()], 60, 12);
    for focus in ["", "Tab"] {
        press(&mut app, if focus.is_empty() { "g" } else { focus });
        let mut term = Terminal::new(TestBackend::new(60, 12)).unwrap();
        term.draw(|f| view(&app, f)).unwrap();
        let buf = term.backend().buffer();
        let border_x = app.pane_rects()[0].right() - 1;
        // The right border of the first pane and of the screen stay in their columns on
        // every row of the panes, however wide the characters before them.
        for y in 1..11 {
            for x in [border_x, 59] {
                let sym = buf[(x, y)].symbol();
                assert!(matches!(sym, "┃" | "│" | "┛" | "┘"), "({x},{y}) = {sym:?}");
            }
        }
        let text: String = (1..11)
            .flat_map(|y| (1..59).map(move |x| (x, y)))
            .map(|p| buf[p].symbol().to_string())
            .collect();
        // A wide character's second cell is filler; without fillers the text reads whole.
        assert!(text.replace(' ', "").contains("東京の寿司屋"), "{text}");
    }
}

#[test]
fn state_round_trips_through_save_and_restore() {
    let mut app = app_with(vec![sample(), second()], 120, 30);
    press(&mut app, "t");
    type_text(&mut app, "decap");
    press(&mut app, "Enter Ctrl-w s");
    let saved = app.saved_state();
    assert_eq!(saved.panes.len(), 3);

    let mut fresh = App::new(Keymap::defaults(), 120, 30);
    let docs = [sample(), second()];
    fresh.restore(saved.clone(), |key| match key {
        "doc0" => Some(docs[0].clone()),
        "doc1" => Some(docs[1].clone()),
        _ => None,
    });
    update(
        &mut fresh,
        Action::Resize {
            width: 120,
            height: 30,
        },
    );
    assert_eq!(fresh.ws.panes.len(), 3);
    assert_eq!(fresh.ws.focus, saved.focus);
    assert_eq!(fresh.ws.layout, app.ws.layout);
    for (a, b) in app.ws.panes.iter().zip(&fresh.ws.panes) {
        assert_eq!(app.ws.docs[a.doc].key, fresh.ws.docs[b.doc].key);
        assert_eq!(a.top, b.top);
    }
    // A document that can no longer be loaded is dropped, the rest restored.
    let mut partial = App::new(Keymap::defaults(), 120, 30);
    partial.restore(saved, |key| (key == "doc0").then(sample));
    assert_eq!(partial.ws.panes.len(), 2);
    assert!(partial.ws.layout.is_some());
}

#[test]
fn library_lists_bundled_articles_and_opens_one() {
    let mut app = App::new(Keymap::defaults(), 100, 30);
    app.load_library();
    assert_eq!(app.mode(), Mode::Library);
    let screen = render(&app);
    assert!(screen.contains("library"), "{screen}");
    assert!(screen.contains("words"), "{screen}");
    press(&mut app, "G");
    assert_eq!(app.library.selected, recto::library::BUNDLED.len() - 1);
    press(&mut app, "g j Enter");
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(app.ws.panes.len(), 1);
    assert_eq!(app.ws.docs[app.ws.panes[0].doc].key, app.ws.docs[1].key);
    press(&mut app, "H");
    assert_eq!(app.mode(), Mode::Library);
    assert!(!render(&app).contains("read 100%"));
    // How far an article has been read shows at once, not only after a restart.
    press(&mut app, "Esc G H");
    assert!(render(&app).contains("read 100%"), "{}", render(&app));
    press(&mut app, "Esc");
    assert_eq!(app.mode(), Mode::Reader);
    press(&mut app, "o");
    type_text(&mut app, "");
    let Some(Overlay::Picker(p)) = &app.overlay else {
        panic!("document picker")
    };
    assert_eq!(p.items.len(), recto::library::BUNDLED.len());
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut app = app_with(vec![sample()], 100, 40);
    press(&mut app, "h");
    assert_eq!(app.mode(), Mode::Help);
    let screen = render(&app);
    assert!(screen.contains("jump to a section (fuzzy)"), "{screen}");
    assert!(screen.contains("Ctrl-w v"), "{screen}");
    let mut custom = Keymap::defaults();
    custom
        .merge_toml("user", "[reader]\n\"Ctrl-t\" = \"section_picker\"\n")
        .unwrap();
    app.keymap = custom;
    press(&mut app, "Esc");
    press(&mut app, "Ctrl-t");
    assert_eq!(app.mode(), Mode::Picker, "user binding works");
    press(&mut app, "Esc h");
    assert!(render(&app).contains("Ctrl-t"));
    // Over the library, the library's keys come first.
    press(&mut app, "Esc H ?");
    let headings: Vec<String> = app
        .help_lines()
        .into_iter()
        .filter_map(|(keys, _)| keys.strip_prefix("# ").map(str::to_string))
        .collect();
    assert_eq!(headings.first().map(String::as_str), Some("Library"));
}

// --- snapshots of whole screens -------------------------------------------------------

#[test]
fn snapshot_two_panes() {
    let mut app = app_with(vec![sample(), second()], 100, 24);
    press(&mut app, "]");
    insta::assert_snapshot!("two_panes", render(&app));
}

#[test]
fn snapshot_section_picker() {
    let mut app = app_with(vec![sample()], 80, 20);
    press(&mut app, "t");
    type_text(&mut app, "ion");
    insta::assert_snapshot!("section_picker", render(&app));
}

#[test]
fn snapshot_note_popup() {
    let mut app = app_with(vec![sample()], 80, 24);
    press(&mut app, "] Enter");
    insta::assert_snapshot!("note_popup", render(&app));
}

#[test]
fn snapshot_help_overlay() {
    let mut app = app_with(vec![sample()], 80, 24);
    press(&mut app, "h");
    insta::assert_snapshot!("help_overlay", render(&app));
}

#[test]
fn snapshot_tiny_terminals() {
    let app = app_with(vec![sample()], 20, 5);
    insta::assert_snapshot!("smallest_supported_20x5", render(&app));
    let app = app_with(vec![sample()], 12, 3);
    insta::assert_snapshot!("too_small_12x3", render(&app));
}

#[test]
fn snapshot_library() {
    let mut app = App::new(Keymap::defaults(), 90, 20);
    app.load_library();
    insta::assert_snapshot!("library", render(&app));
}

/// The style of the first cell showing `needle` on screen.
fn style_of(app: &App, needle: &str) -> Option<ratatui::style::Style> {
    let mut term = Terminal::new(TestBackend::new(app.ws.width, app.ws.height)).unwrap();
    term.draw(|f| view(app, f)).unwrap();
    let buf = term.backend().buffer();
    let wanted: Vec<String> = needle.chars().map(|c| c.to_string()).collect();
    for y in 0..app.ws.height {
        let row: Vec<&str> = (0..app.ws.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(x) = row
            .windows(wanted.len())
            .position(|w| w == wanted.as_slice())
        {
            return Some(buf[(x as u16, y)].style());
        }
    }
    None
}

#[test]
fn selection_and_matches_are_visible() {
    let mut app = app_with(vec![sample()], 100, 30);
    let plain = style_of(&app, "[1]").expect("reference shown");
    press(&mut app, "]");
    let selected = style_of(&app, "[1]").unwrap();
    assert_ne!(plain, selected, "the selected reference stands out");
    assert_ne!(
        style_of(&app, "[2]").unwrap(),
        selected,
        "only the selected one"
    );

    press(&mut app, "/");
    type_text(&mut app, "overdose");
    press(&mut app, "Enter");
    let hit = style_of(&app, "Overdose").unwrap();
    assert_ne!(hit.bg, None, "a match is highlighted: {hit:?}");
    assert_ne!(
        style_of(&app, "deaths").unwrap().bg,
        hit.bg,
        "only the match"
    );
}

#[test]
fn going_to_a_note_marks_where_it_landed() {
    let mut app = app_with(vec![sample()], 100, 30);
    press(&mut app, "] Enter Enter");
    let screen = render(&app);
    let marked = screen
        .lines()
        .find(|l| l.contains('▸'))
        .expect("a gutter mark");
    assert!(
        marked.contains("Provisional Drug Overdose Data"),
        "{screen}"
    );
    press(&mut app, "Ctrl-o");
    assert!(app.focused().unwrap().landing.is_none());
}

#[test]
fn clicking_a_reference_opens_its_note() {
    let mut app = app_with(vec![sample(), second()], 120, 30);
    press(&mut app, "Tab");
    assert_eq!(app.ws.focus, 1);
    let mut term = Terminal::new(TestBackend::new(120, 30)).unwrap();
    term.draw(|f| view(&app, f)).unwrap();
    let buf = term.backend().buffer().clone();
    let (x, y) = (0..30u16)
        .flat_map(|y| (0..118u16).map(move |x| (x, y)))
        .find(|&(x, y)| {
            buf[(x, y)].symbol() == "["
                && buf[(x + 1, y)].symbol() == "2"
                && buf[(x + 2, y)].symbol() == "]"
        })
        .expect("[2] on screen");
    update(
        &mut app,
        Action::Click {
            column: x + 1,
            row: y,
        },
    );
    assert_eq!(app.ws.focus, 0, "the click focused the pane");
    let Some(Overlay::Popup(popup)) = &app.overlay else {
        panic!("popup open")
    };
    assert_eq!(popup.number, 2);
    assert_eq!(app.focused().unwrap().selected_ref, Some(1));
}

#[test]
fn a_document_never_scrolled_counts_as_unread() {
    let mut app = app_with(vec![sample()], 100, 30);
    assert_eq!(app.saved_state().positions["doc0"].percent, 0);
    press(&mut app, "G");
    assert_eq!(app.saved_state().positions["doc0"].percent, 100);
}

/// On every bundled article, `]` walks through every reference in order, each one on
/// screen and drawn selected when it is chosen, and Enter shows its note.
#[test]
fn every_reference_of_the_seeds_can_be_reached_and_opened() {
    for (name, bytes) in recto::library::BUNDLED {
        let doc = recto::library::parse_bundled(name, bytes).unwrap();
        let refs: Vec<_> = doc.references().collect();
        let mut app = app_with(vec![doc], 120, 40);
        for (k, r) in refs.iter().enumerate() {
            press(&mut app, "]");
            let pane = app.focused().unwrap();
            assert_eq!(pane.selected_ref, Some(k), "{name}: reference {k}");
            let label = format!("[{}]", r.note_ref.number);
            let style = style_of(&app, &label);
            assert!(
                style.is_some_and(|s| s.bg.is_some()),
                "{name}: {label} is on screen and selected\n{}",
                render(&app)
            );
            if k % 10 == 0 {
                press(&mut app, "Enter");
                let screen = render(&app);
                assert!(
                    screen.contains(&format!("Note {}", r.note_ref.number)),
                    "{screen}"
                );
                if let Some(n) = r.note_ref.note {
                    let note = &app.ws.docs[0].doc.notes[n].text;
                    let start: String = note
                        .split_whitespace()
                        .take(2)
                        .collect::<Vec<_>>()
                        .join(" ");
                    assert!(
                        screen.contains(&start),
                        "{name}: note {n} starts {start:?}\n{screen}"
                    );
                }
                press(&mut app, "Esc");
            }
        }
        press(&mut app, "]");
        let expected = if refs.is_empty() {
            "has no note references"
        } else {
            "No more references below"
        };
        let message = app.message.clone().unwrap_or_default();
        assert!(message.contains(expected), "{name}: {message}");
    }
}

#[test]
fn search_counts_every_occurrence_in_a_seed() {
    let (name, bytes) = recto::library::BUNDLED[2];
    let doc = recto::library::parse_bundled(name, bytes).unwrap();
    let expected: usize = doc
        .blocks
        .iter()
        .filter(|b| !b.chrome)
        .map(|b| b.text.to_lowercase().matches("cartel").count())
        .sum();
    let mut app = app_with(vec![doc], 120, 40);
    press(&mut app, "/");
    type_text(&mut app, "cartel");
    press(&mut app, "Enter");
    assert!(expected > 50);
    assert!(
        render(&app).contains(&format!("/{expected}]")),
        "{expected}"
    );
}

#[test]
fn documents_arrive_from_background_loads() {
    use recto::tui::app::{LoadFailure, LoadedDoc};
    let mut app = App::new(Keymap::defaults(), 100, 30);
    app.screen = Screen::Loading;
    app.loading = vec!["a.txt".into(), "b.txt".into()];
    assert!(render(&app).contains("Reading a.txt…"));
    press(&mut app, "j G ] Enter");
    assert!(
        app.ws.panes.is_empty() && app.overlay.is_none(),
        "keys wait for a document"
    );
    update(
        &mut app,
        Action::Loaded(LoadedDoc {
            path: "a.txt".into(),
            key: "/abs/a.txt".into(),
            doc: Box::new(sample()),
        }),
    );
    assert_eq!(app.ws.panes.len(), 1);
    assert_eq!(app.loading, vec!["b.txt".to_string()]);
    assert!(render(&app).contains("Cartels and the State"));
    update(
        &mut app,
        Action::Loaded(LoadedDoc {
            path: "b.txt".into(),
            key: "/abs/b.txt".into(),
            doc: Box::new(second()),
        }),
    );
    assert_eq!(
        (app.ws.panes.len(), app.ws.focus),
        (2, 0),
        "side by side, first focused"
    );
    update(
        &mut app,
        Action::LoadFailed(LoadFailure {
            path: "c.txt".into(),
            key: "/abs/c.txt".into(),
            error: "c.txt: looks like a binary file".into(),
        }),
    );
    assert!(app.should_quit);
    assert_eq!(
        app.fatal.as_deref(),
        Some("c.txt: looks like a binary file")
    );
}

/// Thousands of random keys (every binding of every mode, typed text, clicks, wheel turns
/// and resizes down to 0x0) on real articles: nothing panics, every frame draws.
#[test]
fn random_input_never_panics() {
    let keymap = Keymap::defaults();
    let mut keys: Vec<Vec<recto::tui::keymap::KeyChord>> = Vec::new();
    for mode in Mode::ALL {
        for (_, bound) in keymap.bindings(mode) {
            for k in bound {
                keys.push(parse_sequence(&k).unwrap());
            }
        }
    }
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n.max(1)
    };
    let docs: Vec<Document> = recto::library::BUNDLED[1..3]
        .iter()
        .map(|(name, bytes)| recto::library::parse_bundled(name, bytes).unwrap())
        .collect();
    let mut app = app_with(docs, 120, 40);
    for step in 0..2500 {
        match next(10) {
            0..=5 => {
                for k in &keys[next(keys.len() as u64) as usize] {
                    update(&mut app, Action::Key(*k));
                }
            }
            6 => {
                let c = ['a', 'é', '寿', '🍣', ' ', '[', '\u{301}'][next(7) as usize];
                update(&mut app, Action::Type(c));
            }
            7 => update(
                &mut app,
                Action::Click {
                    column: next(130) as u16,
                    row: next(50) as u16,
                },
            ),
            8 => update(
                &mut app,
                Action::Wheel {
                    column: next(130) as u16,
                    row: next(50) as u16,
                    down: next(2) == 0,
                },
            ),
            _ => {
                let (w, h) = (next(160) as u16, next(60) as u16);
                update(
                    &mut app,
                    Action::Resize {
                        width: w,
                        height: h,
                    },
                );
            }
        }
        if app.should_quit || app.suspend_requested {
            app.should_quit = false;
            app.suspend_requested = false;
        }
        if app.ws.panes.is_empty() && app.mode() == Mode::Library {
            press(&mut app, "Enter");
        }
        if step % 3 == 0 {
            let _ = render(&app);
        }
    }
}

/// A large file is first shown from its beginning while the rest is read; the whole
/// document then takes its place without moving the reader.
#[test]
fn a_file_that_goes_away_after_its_preview_keeps_the_beginning_on_screen() {
    use recto::tui::app::{LoadFailure, LoadedDoc};
    let preview = sample();
    let mut app = App::new(Keymap::defaults(), 100, 30);
    app.screen = Screen::Loading;
    app.loading = vec!["big.txt".into()];
    update(
        &mut app,
        Action::Previewed(LoadedDoc {
            path: "big.txt".into(),
            key: "/abs/big.txt".into(),
            doc: Box::new(preview),
        }),
    );
    press(&mut app, "j");
    update(
        &mut app,
        Action::LoadFailed(LoadFailure {
            path: "big.txt".into(),
            key: "/abs/big.txt".into(),
            error: "big.txt: No such file or directory (os error 2)".into(),
        }),
    );
    assert!(!app.should_quit && app.fatal.is_none());
    assert!(app.loading.is_empty());
    let screen = render(&app);
    assert!(!screen.contains("reading the rest"), "{screen}");
    assert!(
        screen.contains("only the beginning is shown: big.txt: No such file"),
        "{screen}"
    );
}

#[test]
fn a_preview_is_shown_then_replaced_by_the_whole_document() {
    use recto::tui::app::LoadedDoc;
    let mut text = String::from("A Long Article\n\n");
    for n in 0..400 {
        text.push_str(&format!(
            "Paragraph {n} says something about cartels, borders and policy at some length.\n\n"
        ));
    }
    let cut = text.find("Paragraph 40 ").unwrap();
    let preview = recto::ingest::parse_bytes("long.txt", &text.as_bytes()[..cut]).unwrap();
    let whole = recto::ingest::parse_bytes("long.txt", text.as_bytes()).unwrap();
    let loaded = |doc| LoadedDoc {
        path: "long.txt".into(),
        key: "/abs/long.txt".into(),
        doc: Box::new(doc),
    };
    let mut app = App::new(Keymap::defaults(), 100, 30);
    app.screen = Screen::Loading;
    app.loading = vec!["long.txt".into()];
    update(&mut app, Action::Previewed(loaded(preview)));
    assert_eq!(app.ws.panes.len(), 1);
    assert_eq!(app.loading, vec!["long.txt".to_string()], "still reading");
    press(&mut app, "Ctrl-d");
    let top = top_block(&app);
    let screen = render(&app);
    assert!(screen.contains("reading the rest…"), "{screen}");
    assert!(
        !screen.contains("Paragraph 45 "),
        "only the beginning so far"
    );

    update(&mut app, Action::Loaded(loaded(whole)));
    assert_eq!(app.ws.panes.len(), 1, "the preview's pane, not a new one");
    assert!(app.loading.is_empty());
    assert_eq!(top_block(&app), top, "the reader stays where it was");
    press(&mut app, "G");
    let screen = render(&app);
    assert!(screen.contains("Paragraph 399 "), "{screen}");
    assert!(screen.contains("100%") && !screen.contains("reading the rest"));
}

/// A file that was open when the reader quit and is gone (or unreadable) at the next
/// start: its pane is skipped, the others come back.
#[test]
fn a_saved_pane_whose_file_is_gone_is_skipped() {
    use recto::tui::state::{SavedPane, SavedState};
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone.txt");
    let kept = dir.path().join("kept.txt");
    std::fs::write(&gone, "Gone Article\n\nIt was here.\n").unwrap();
    std::fs::write(&kept, "Kept Article\n\nIt is still here.\n").unwrap();
    let pane = |p: &std::path::Path| SavedPane {
        doc: p.display().to_string(),
        position: Default::default(),
    };
    let saved = SavedState {
        panes: vec![pane(&gone), pane(&kept)],
        ..Default::default()
    };
    std::fs::remove_file(&gone).unwrap();
    let mut app = App::new(Keymap::defaults(), 100, 30);
    app.restore(saved, |key| {
        recto::ingest::load(std::path::Path::new(key)).ok()
    });
    app.screen = Screen::Reader;
    update(
        &mut app,
        Action::Resize {
            width: 100,
            height: 30,
        },
    );
    assert_eq!(app.ws.panes.len(), 1);
    let screen = render(&app);
    assert!(
        screen.contains("Kept Article") && !screen.contains("Gone Article"),
        "{screen}"
    );
}

/// Escape sequences, C1 controls and bidi overrides in a file never reach the terminal
/// through the reader: every cell of every frame (text, titles, status line, popup,
/// pickers) is free of them, and the words around them still show.
#[test]
fn hostile_text_never_reaches_a_frame_as_control_characters() {
    let payloads = [
        "\x1b]52;c;cm0gLXJmIH4=\x07",
        "\x1b]0;pwned\x1b\\",
        "\x1b[2J\x1b[31m",
        "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
        "\x1bP$q\x1b\\",
        "\x1b[6n",
        "\u{9b}31m",
        "\u{9d}0;title\u{9c}",
        "\u{202e}evil\u{202c}",
        "\u{2066}iso\u{2069}",
        "\x1b]2;unterminated",
    ];
    let mut text = format!("Title {}\n\n", payloads[1]);
    for (n, p) in payloads.iter().enumerate() {
        text.push_str(&format!(
            "Heading {n}{p}\n\nBefore{p} after, in paragraph {n}.[{}]\n\n",
            n + 1
        ));
    }
    text.push_str("Notes\n\n");
    for (n, p) in payloads.iter().enumerate() {
        text.push_str(&format!("[{}] Note {n} {p} text.\n", n + 1));
    }
    let doc = recto::ingest::parse_bytes("bad\x1b[31m.txt", text.as_bytes()).unwrap();
    let mut app = app_with(vec![doc.clone(), doc], 120, 40);
    let is_bad = |c: char| {
        (c.is_control() && c != '\n')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    let mut frames = 0;
    let steps = [
        ("", ""),
        ("] Enter", ""),
        ("Esc t", ""),
        ("Esc o", ""),
        ("Esc ?", ""),
        ("Esc /", "after"),
        ("Esc G", ""),
    ];
    for (keys, typed) in steps {
        if !keys.is_empty() {
            press(&mut app, keys);
        }
        type_text(&mut app, typed);
        let mut term = Terminal::new(TestBackend::new(app.ws.width, app.ws.height)).unwrap();
        term.draw(|f| view(&app, f)).unwrap();
        for cell in term.backend().buffer().content() {
            assert!(
                !cell.symbol().chars().any(is_bad),
                "after {keys:?}: {:?}",
                cell.symbol()
            );
        }
        frames += 1;
    }
    assert_eq!(frames, 7);
    press(&mut app, "Esc g");
    let screen = render(&app);
    assert!(screen.contains("Before after, in paragraph 0."), "{screen}");
}

/// In a short terminal the library scrolls to keep the selection in view; a click picks
/// the article drawn under the pointer, wherever the list is scrolled to.
#[test]
fn library_click_picks_the_article_under_the_pointer_when_scrolled() {
    let mut app = App::new(Keymap::defaults(), 100, 9);
    app.load_library();
    press(&mut app, "j j j j");
    let screen = render(&app);
    let last_title = app.ws.docs[app.ws.bundled[4].unwrap()].title().to_string();
    let fourth_title = app.ws.docs[app.ws.bundled[3].unwrap()].title().to_string();
    let row_of = |screen: &str, title: &str| {
        let probe: String = title.chars().take(20).collect();
        screen.lines().position(|l| l.contains(&probe))
    };
    assert!(row_of(&screen, &last_title).is_some(), "{screen}");
    let row = row_of(&screen, &fourth_title).expect("the article above is on screen");
    update(
        &mut app,
        Action::Click {
            column: 5,
            row: u16::try_from(row).unwrap(),
        },
    );
    assert_eq!(app.library.selected, 3);
}

#[test]
fn search_goes_on_from_where_you_are_both_ways_and_says_when_it_wraps() {
    let mut app = app_with(vec![sample()], 100, 30);
    press(&mut app, "/");
    type_text(&mut app, "cartels");
    press(&mut app, "Enter n n n");
    let far = app.focused().unwrap().search.as_ref().unwrap().current;
    assert_eq!(far, Some(3));
    // Back at the start, `n` finds the first match from here, not the fifth.
    press(&mut app, "g n");
    let here = app
        .focused()
        .unwrap()
        .search
        .as_ref()
        .unwrap()
        .current
        .unwrap();
    assert!(here < 3, "from the cursor: match {here}");
    // Backward with `?`, as in less: from the line above the screen; `n` goes on backward.
    press(&mut app, "G ?");
    assert!(render(&app).contains("?▏"), "the prompt says which way");
    type_text(&mut app, "cartels");
    press(&mut app, "Enter");
    let n = match_count(&app);
    let above = app
        .focused()
        .unwrap()
        .search
        .as_ref()
        .unwrap()
        .current
        .unwrap();
    assert!(above > here && above < n, "{above} of {n}");
    press(&mut app, "n");
    let before = app.focused().unwrap().search.as_ref().unwrap().current;
    assert_eq!(before, Some(above - 1), "n keeps the direction of ?");
    // Past the first match the search wraps to the end and says so.
    press(&mut app, "g");
    press(&mut app, "n");
    assert_eq!(
        app.message.as_deref(),
        Some("search hit TOP, continuing at BOTTOM")
    );
    press(&mut app, "N");
    assert_eq!(
        app.message.as_deref(),
        Some("search hit BOTTOM, continuing at TOP")
    );
}

#[test]
fn a_search_of_a_big_document_runs_in_the_background() {
    let (name, bytes) = recto::library::BUNDLED[2];
    let mut text = Vec::new();
    while text.len() < 3 << 20 {
        text.extend_from_slice(bytes);
        text.extend_from_slice(b"\n\n");
    }
    let doc = recto::ingest::parse_bytes(name, &text).unwrap();
    let mut app = app_with(vec![doc], 120, 40);
    press(&mut app, "/");
    type_text(&mut app, "cart");
    let job = app
        .search_job
        .take()
        .expect("the search goes to the background");
    assert_eq!(job.query, "cart");
    assert!(app.focused().unwrap().search.is_none(), "nothing shown yet");
    // An answer to an older request is dropped; the latest one shows.
    type_text(&mut app, "e");
    let newer = app.search_job.take().expect("a newer search");
    let found = |job: &recto::tui::search::SearchJob| recto::tui::app::SearchFound {
        generation: job.generation,
        key: job.key.clone(),
        query: job.query.clone(),
        matches: job.run(),
    };
    update(&mut app, Action::SearchFound(found(&job)));
    assert!(
        app.focused().unwrap().search.is_none(),
        "a stale answer is dropped"
    );
    update(&mut app, Action::SearchFound(found(&newer)));
    let n = match_count(&app);
    assert!(n > 10, "{n}");
    assert!(render(&app).contains(&format!("/{n}]")), "the count shows");
    press(&mut app, "Enter");
    assert!(
        app.search_job.is_none(),
        "Enter uses the answer, no search again"
    );
    assert_eq!(match_count(&app), n);
}

#[test]
fn a_section_of_the_article_beside_focuses_its_pane() {
    let mut app = app_with(vec![sample(), second()], 120, 30);
    press(&mut app, "t");
    type_text(&mut app, "backgr");
    press(&mut app, "Ctrl-a Enter");
    assert_eq!(app.ws.focus, 1, "the pane showing the article");
    assert_eq!(
        app.ws.docs[app.ws.panes[0].doc].title(),
        "Cartels and the State"
    );
    assert_eq!(app.ws.docs[app.ws.panes[1].doc].title(), "A Second Article");
}

#[test]
fn the_help_scrolls_to_its_ends_with_g_and_capital_g() {
    let mut app = app_with(vec![sample()], 80, 24);
    press(&mut app, "h G");
    assert!(app.message.is_none(), "{:?}", app.message);
    let Some(Overlay::Help { scroll }) = app.overlay else {
        panic!("help open")
    };
    assert!(scroll > 0);
    press(&mut app, "g");
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll: 0 })));
}

#[test]
fn files_beyond_what_fits_side_by_side_wait_in_the_background() {
    use recto::tui::app::LoadedDoc;
    let mut app = App::new(Keymap::defaults(), 160, 40);
    update(
        &mut app,
        Action::Resize {
            width: 160,
            height: 40,
        },
    );
    app.screen = Screen::Loading;
    for n in 0..5 {
        let (name, bytes) = recto::library::BUNDLED[n];
        let doc = recto::library::parse_bundled(name, bytes).unwrap();
        update(
            &mut app,
            Action::Loaded(LoadedDoc {
                path: name.into(),
                key: name.into(),
                doc: Box::new(doc),
            }),
        );
    }
    assert_eq!(
        app.ws.panes.len(),
        2,
        "160 columns hold two panes of 60 or more"
    );
    assert!(render(&app).contains("3 more open"), "{}", render(&app));
    let shown = app.focused().unwrap().doc;
    press(&mut app, "Ctrl-n");
    let next = app.focused().unwrap().doc;
    assert_ne!(next, shown, "Ctrl-n shows the next one");
    press(&mut app, "Ctrl-p");
    assert_eq!(app.focused().unwrap().doc, shown);
}

#[test]
fn a_note_from_f_opens_at_its_citation_and_lists_the_places_citing_it() {
    let mut app = app_with(vec![sample()], 100, 30);
    // Another reference selected first: the popup must not sit under it.
    press(&mut app, "] ]");
    let other = app.focused().unwrap().selected_ref;
    press(&mut app, "F");
    type_text(&mut app, "1.");
    press(&mut app, "Enter");
    let Some(Overlay::Popup(popup)) = &app.overlay else {
        panic!("popup open")
    };
    let number = popup.number;
    let p = app.focused().unwrap();
    let r = p.selected_ref.expect("the citation is selected");
    assert_ne!(Some(r), other);
    assert_eq!(app.ws.docs[p.doc].refs[r].note_ref.number, number);
    assert!(
        recto::tui::overlays::selected_ref_row(&app.ws).is_some(),
        "the citation is on screen, the popup beside it"
    );
    // From the popup, the places that cite the note.
    press(&mut app, "r");
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("a picker of the citations: {:?}", app.message)
    };
    assert!(!picker.items.is_empty());
    assert!(
        picker
            .items
            .iter()
            .all(|i| i.label.starts_with(&format!("[{number}]")))
    );
    press(&mut app, "Enter");
    assert!(app.overlay.is_none());
    assert_eq!(app.focused().unwrap().selected_ref, Some(r));
}

#[test]
fn counts_percent_marks_and_section_motions() {
    let mut app = app_with(vec![sample()], 100, 20);
    press(&mut app, "j j j j j");
    let five = app.focused().unwrap().top;
    press(&mut app, "g 5 j");
    assert_eq!(app.focused().unwrap().top, five, "5j is j five times");
    press(&mut app, "g Ctrl-f");
    let paged = app.focused().unwrap().top;
    press(&mut app, "g Space");
    assert_eq!(app.focused().unwrap().top, paged, "Ctrl-f pages like Space");
    // 50% goes halfway (by text), and is a jump.
    press(&mut app, "g 5 0 %");
    let dv = &app.ws.docs[0];
    let half = app.focused().unwrap().top;
    assert_eq!(half, dv.pos_at_percent(50));
    assert!(half > five);
    press(&mut app, "Ctrl-o");
    assert_eq!(app.focused().unwrap().top, Default::default());
    // A mark, then back to it from elsewhere; '' goes back again.
    press(&mut app, "5 0 % m a g");
    assert_eq!(app.message.as_deref(), None);
    press(&mut app, "' a");
    assert_eq!(app.focused().unwrap().top, half);
    press(&mut app, "' b");
    assert_eq!(app.message.as_deref(), Some("Mark b is not set"));
    // > and < go from section to section.
    press(&mut app, "g >");
    let first = top_block(&app);
    assert_eq!(app.ws.docs[0].doc.section_of_block(first), Some(0));
    press(&mut app, ">");
    let second = top_block(&app);
    assert!(second > first);
    press(&mut app, "<");
    assert_eq!(top_block(&app), first);
}

#[test]
fn the_search_prompt_edits_like_a_shell_and_remembers_searches() {
    let mut app = app_with(vec![sample()], 100, 30);
    press(&mut app, "/");
    type_text(&mut app, "the cartels");
    press(&mut app, "Ctrl-w");
    assert!(render(&app).contains("/the ▏"), "{}", render(&app));
    press(&mut app, "Left Left Left Left");
    type_text(&mut app, "X");
    assert!(render(&app).contains("/X▏the "), "{}", render(&app));
    press(&mut app, "Home Ctrl-u End Backspace Backspace");
    type_text(&mut app, "rivals");
    press(&mut app, "Enter");
    assert_eq!(
        app.search_history.last().map(String::as_str),
        Some("Xthrivals")
    );
    press(&mut app, "/");
    type_text(&mut app, "cartel");
    press(&mut app, "Enter");
    // Up brings back earlier searches, Down comes back to what was typed.
    press(&mut app, "/");
    type_text(&mut app, "dra");
    press(&mut app, "Up");
    assert!(render(&app).contains("/cartel▏"));
    press(&mut app, "Up");
    assert!(render(&app).contains("/Xthrivals▏"));
    press(&mut app, "Down Down");
    assert!(render(&app).contains("/dra▏"));
    press(&mut app, "Esc");
    // The history is saved with the state.
    assert_eq!(app.saved_state().searches, vec!["Xthrivals", "cartel"]);
}

#[test]
fn s_searches_every_open_document_into_a_picker() {
    let mut app = app_with(vec![sample(), second()], 120, 30);
    press(&mut app, "S");
    assert!(render(&app).contains("search all open documents: ▏"));
    type_text(&mut app, "background");
    press(&mut app, "Enter");
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("a picker of matches: {:?}", app.message)
    };
    assert!(
        picker
            .items
            .iter()
            .any(|i| i.detail.contains("A Second Article")),
        "{:?}",
        picker.items
    );
    press(&mut app, "Enter");
    // The pane showing that article goes to the match, with the search shown.
    assert_eq!(app.ws.focus, 1);
    let search = app
        .focused()
        .unwrap()
        .search
        .as_ref()
        .expect("search shown");
    assert_eq!(search.query, "background");
    assert!(search.current.is_some());
    press(&mut app, "S");
    type_text(&mut app, "zzzz");
    press(&mut app, "Enter");
    assert!(app.message.as_deref().unwrap_or("").contains("not found"));
}
