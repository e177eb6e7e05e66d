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
    app.focus = 0;
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
    let mut term = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    term.draw(|f| view(app, f)).unwrap();
    term.backend().to_string()
}

fn top_block(app: &App) -> usize {
    let p = app.focused().unwrap();
    app.docs[p.doc].block_of(p.top).unwrap()
}

fn block_index(app: &App, text: &str) -> usize {
    let p = app.focused().unwrap();
    app.docs[p.doc]
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
    assert_eq!(app.docs[pane.doc].title(), "A Second Article");
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
    let note_block = app.docs[0].doc.notes[0].block;
    assert_eq!(top_block(&app), note_block);
    press(&mut app, "Ctrl-o");
    assert_eq!(app.focused().unwrap().top, before);
    // Esc closes a popup without moving.
    press(&mut app, "] Enter Esc");
    assert!(app.overlay.is_none());
    assert_eq!(app.focused().unwrap().selected_ref, Some(1));
    press(&mut app, "[");
    assert_eq!(app.focused().unwrap().selected_ref, Some(0));
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
    let dv = &app.docs[p.doc];
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
    let n = app
        .focused()
        .unwrap()
        .search
        .as_ref()
        .unwrap()
        .matches
        .len();
    assert!(n >= 21, "lower case matches 'Cartels' too: {n}");
    press(&mut app, "n");
    assert!(render(&app).contains(&format!("[2/{n}]")));
    press(&mut app, "N N");
    assert!(render(&app).contains(&format!("[{n}/{n}]")), "N wraps");

    press(&mut app, "/");
    type_text(&mut app, "Cartels");
    press(&mut app, "Enter");
    let exact = app
        .focused()
        .unwrap()
        .search
        .as_ref()
        .unwrap()
        .matches
        .len();
    assert!(exact < n, "upper case is exact: {exact} < {n}");

    // Esc while typing goes back to where the search started.
    press(&mut app, "g");
    press(&mut app, "/");
    type_text(&mut app, "rivals");
    press(&mut app, "Esc");
    assert_eq!(app.focused().unwrap().top, Default::default());
    assert!(app.focused().unwrap().search.is_none());
}

#[test]
fn panes_split_focus_and_close() {
    let mut app = app_with(vec![sample()], 120, 30);
    press(&mut app, "Ctrl-w v");
    assert_eq!(app.panes.len(), 2);
    assert_eq!(app.focus, 1);
    let rects = app.pane_rects();
    assert!(
        rects[0].x < rects[1].x && rects[0].y == rects[1].y,
        "{rects:?}"
    );
    press(&mut app, "Ctrl-w s");
    assert_eq!(app.panes.len(), 3);
    let rects = app.pane_rects();
    assert!(
        rects[1].y < rects[2].y && rects[1].x == rects[2].x,
        "{rects:?}"
    );
    press(&mut app, "Ctrl-w h");
    assert_eq!(app.focus, 0);
    press(&mut app, "Ctrl-w l");
    assert!(app.focus == 1 || app.focus == 2);
    press(&mut app, "Tab Tab Tab");
    let after_tabs = app.focus;
    press(&mut app, "Shift-Tab Tab");
    assert_eq!(app.focus, after_tabs);
    // Each pane keeps its own position.
    app.focus = 0;
    press(&mut app, "G");
    assert_ne!(app.panes[0].top, app.panes[1].top);
    press(&mut app, "x");
    assert_eq!(app.panes.len(), 2);
    press(&mut app, "Ctrl-w c");
    assert_eq!(app.panes.len(), 1);
    press(&mut app, "x");
    assert_eq!(app.panes.len(), 1, "the last pane stays");
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
    assert_eq!(app.focus, 1);
    update(
        &mut app,
        Action::Wheel {
            column: 10,
            row: 5,
            down: true,
        },
    );
    assert_eq!(app.focus, 1, "the wheel does not move focus");
    assert!(app.panes[0].top > Default::default());
    assert_eq!(app.panes[1].top, Default::default());
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
        match step % 5 {
            0 => press(&mut app, "j Space"),
            1 => {
                if app.overlay.is_none() {
                    press(&mut app, "/");
                    type_text(&mut app, "cart");
                }
            }
            2 => press(&mut app, "Esc ] Enter"),
            3 => press(&mut app, "j"),
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
    assert_eq!(fresh.panes.len(), 3);
    assert_eq!(fresh.focus, saved.focus);
    assert_eq!(fresh.layout, app.layout);
    for (a, b) in app.panes.iter().zip(&fresh.panes) {
        assert_eq!(app.docs[a.doc].key, fresh.docs[b.doc].key);
        assert_eq!(a.top, b.top);
    }
    // A document that can no longer be loaded is dropped, the rest restored.
    let mut partial = App::new(Keymap::defaults(), 120, 30);
    partial.restore(saved, |key| (key == "doc0").then(sample));
    assert_eq!(partial.panes.len(), 2);
    assert!(partial.layout.is_some());
}

#[test]
fn library_lists_bundled_articles_and_opens_one() {
    let mut app = App::new(Keymap::defaults(), 100, 30);
    app.load_library();
    assert_eq!(app.mode(), Mode::Library);
    let screen = render(&app);
    assert!(screen.contains("library"), "{screen}");
    assert!(screen.contains("words"), "{screen}");
    press(&mut app, "j Enter");
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(app.panes.len(), 1);
    assert_eq!(app.docs[app.panes[0].doc].key, app.docs[1].key);
    press(&mut app, "H");
    assert_eq!(app.mode(), Mode::Library);
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
    press(&mut app, "?");
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
    press(&mut app, "Esc ?");
    assert!(render(&app).contains("Ctrl-t"));
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
    press(&mut app, "?");
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
