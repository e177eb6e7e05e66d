//! Compare mode driven in-process: two seed articles in side-by-side panes, keys through
//! the real keymap into `update`, links built by the real linker (run synchronously with
//! `compare::settle`), frames drawn into a `TestBackend`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use recto::library::{BUNDLED, parse_bundled};
use recto::tui::app::{Action, App, Overlay, update};
use recto::tui::compare::{self, End};
use recto::tui::keymap::{Keymap, parse_sequence};
use recto::tui::view::view;

fn seeds(which: &[usize], width: u16, height: u16) -> App {
    let mut app = App::new(Keymap::defaults(), width, height);
    for &n in which {
        let (name, bytes) = BUNDLED[n];
        let doc = parse_bundled(name, bytes).expect("seed parses");
        let d = app.add_document(doc, format!("bundled:{name}"));
        app.open_in_new_pane(d);
    }
    app.ws.focus = 0;
    update(&mut app, Action::Resize { width, height });
    app.settle_links();
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

fn buffer(app: &App) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(app.ws.width, app.ws.height)).unwrap();
    term.draw(|f| view(app, f)).unwrap();
    term.backend().buffer().clone()
}

/// The rows of the screen as text.
fn rows(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// The first cell (row, column) of a pane's text whose background is `bg`, left half or
/// right half of the screen.
fn first_cell(buf: &Buffer, bg: Color, right_half: bool) -> Option<(u16, u16)> {
    let half = buf.area.width / 2;
    let xs = if right_half {
        half..buf.area.width
    } else {
        0..half
    };
    (0..buf.area.height).find_map(|y| xs.clone().find(|&x| buf[(x, y)].bg == bg).map(|x| (y, x)))
}

/// The text under cells with background `bg` in one half of the screen.
fn text_with_bg(buf: &Buffer, bg: Color, right_half: bool) -> String {
    let half = buf.area.width / 2;
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            if (x >= half) == right_half && buf[(x, y)].bg == bg {
                out.push_str(buf[(x, y)].symbol());
            }
        }
    }
    out
}

fn find_sentence(app: &App, doc: usize, starts: &str) -> usize {
    let d = &app.ws.docs[doc].doc;
    (0..d.sentences.len())
        .find(|&s| d.sentence_text(s).starts_with(starts))
        .unwrap_or_else(|| panic!("no sentence starting {starts:?}"))
}

/// Presses `}` until the focused pane selects `sentence` (at most `limit` times).
fn step_to(app: &mut App, sentence: usize, limit: usize) {
    for _ in 0..limit {
        if app.focused().and_then(|p| p.sentence) == Some(sentence) {
            return;
        }
        press(app, "}");
    }
    assert_eq!(
        app.focused().and_then(|p| p.sentence),
        Some(sentence),
        "}} never reached sentence {sentence}: {:?}",
        app.message
    );
}

fn label_row(app: &App) -> String {
    rows(&buffer(app))[usize::from(app.ws.height) - 2].clone()
}

#[test]
fn links_are_marked_in_the_gutter() {
    let app = seeds(&[0, 2], 160, 48);
    let buf = buffer(&app);
    // Every line of the left pane that shows part of a linked sentence carries the sign
    // left of the text (the warning sign when its figures differ); no other line does.
    let p = &app.ws.panes[0];
    let dv = &app.ws.docs[p.doc];
    let (w, h) = app.pane_text_size(0);
    let area = recto::tui::app::text_area(app.pane_rects()[0]);
    let mut marked = 0;
    for (row, (vis, line)) in dv.rows(p.top, w, h).into_iter().enumerate() {
        let lines = dv.lines(vis, w);
        let sentences: Vec<End> = lines[line]
            .spans
            .iter()
            .filter_map(|s| s.sentence)
            .map(|sentence| End { doc: 0, sentence })
            .collect();
        let expected = if sentences.iter().any(|&e| app.compare.is_discrepant(e)) {
            "≠"
        } else if sentences.iter().any(|&e| app.compare.is_linked(e)) {
            "│"
        } else {
            " "
        };
        let sign = buf[(area.x - 1, area.y + row as u16)].symbol();
        assert_eq!(sign, expected, "row {row}: {}", lines[line].text());
        marked += usize::from(expected != " ");
    }
    assert!(marked > 0, "the first screen of 000 has linked sentences");
    assert!(marked < usize::from(h), "and sentences that are not");
}

#[test]
fn compare_puts_the_calderon_pair_level_side_by_side() {
    let mut app = seeds(&[0, 2], 160, 48);
    let calderon = find_sentence(&app, 0, "In 2006, after a series of cartel terror attacks");
    let partner = find_sentence(&app, 1, "Confronted with heightened violence");
    step_to(&mut app, calderon, 30);
    press(&mut app, "c");
    let right = &app.ws.panes[1];
    assert_eq!((right.doc, right.sentence), (1, Some(partner)));
    let buf = buffer(&app);
    let left_start = first_cell(&buf, Color::Blue, false).expect("left sentence highlighted");
    let right_start = first_cell(&buf, Color::Blue, true).expect("partner highlighted");
    assert_eq!(
        left_start.0, right_start.0,
        "both sentences start on one row"
    );
    assert!(text_with_bg(&buf, Color::Blue, false).starts_with("In 2006, after a series"));
    assert!(text_with_bg(&buf, Color::Blue, true).starts_with("Confronted with heightened"));
    // Agreeing dates (2006 and 2006–2012) are not flagged.
    let label = label_row(&app);
    let score = app.compare.partners(End {
        doc: 0,
        sentence: calderon,
    })[0]
        .score
        .expect("the linker's link");
    assert!(
        label.contains(&format!("same claim · score {score:.2}")),
        "{label}"
    );
    assert!(first_cell(&buf, Color::Yellow, false).is_none());
    insta::assert_snapshot!("compare_calderon_000_002", render(&app));
    // Esc leaves compare mode: the label goes, the selection stays.
    press(&mut app, "Esc");
    assert!(app.compare.session.is_none());
    assert!(!render(&app).contains("same claim"));
    assert_eq!(app.focused().and_then(|p| p.sentence), Some(calderon));
}

#[test]
fn links_picker_opens_the_discrepant_pair_with_figures_marked() {
    let mut app = seeds(&[2, 4], 160, 48);
    press(&mut app, "L");
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("no picker: {:?}", app.message);
    };
    assert!(!picker.items.is_empty());
    assert!(
        picker
            .items
            .iter()
            .any(|i| i.detail.contains("dates differ: 2022 / 2021")),
        "{:#?}",
        picker.items
    );
    // The filter also reads the relation: "differ" ranks the discrepant links first.
    for c in "differ".chars() {
        update(&mut app, Action::Type(c));
    }
    let Some(Overlay::Picker(picker)) = &app.overlay else {
        panic!("no picker");
    };
    let best = picker.chosen().expect("something matches");
    assert!(best.detail.contains("dates differ"), "{best:?}");
    press(&mut app, "Ctrl-u");
    for c in "Bicentennial Framework".chars() {
        update(&mut app, Action::Type(c));
    }
    insta::assert_snapshot!("links_picker_002_004", render(&app));
    let chosen = match &app.overlay {
        Some(Overlay::Picker(p)) => p.chosen().cloned(),
        _ => None,
    };
    press(&mut app, "Enter");
    assert!(app.overlay.is_none());
    let s = app
        .compare
        .session
        .unwrap_or_else(|| panic!("compare mode: {chosen:?} {:?}", app.message));
    assert_eq!(app.ws.panes[s.from_pane].doc, 0);
    assert_eq!(app.ws.panes[s.to_pane].doc, 1);
    let buf = buffer(&app);
    assert_eq!(text_with_bg(&buf, Color::Yellow, false), "2022");
    assert_eq!(text_with_bg(&buf, Color::Yellow, true), "2021");
    let label = label_row(&app);
    assert!(label.contains("dates differ: 2022 / 2021"), "{label}");
    insta::assert_snapshot!("compare_dates_differ_002_004", render(&app));
}

#[test]
fn n_and_shift_n_step_through_the_other_links_of_the_sentence() {
    let mut app = seeds(&[0, 2], 160, 48);
    let cartels = find_sentence(&app, 0, "Drug-trafficking groups like the Sinaloa Cartel");
    step_to(&mut app, cartels, 30);
    press(&mut app, "c");
    let count = app
        .compare
        .partners(End {
            doc: 0,
            sentence: cartels,
        })
        .len();
    assert!(count >= 2, "{count}");
    let first = app.ws.panes[1].sentence;
    assert!(label_row(&app).contains(&format!("link 1/{count}")));
    press(&mut app, "n");
    let second = app.ws.panes[1].sentence;
    assert_ne!(first, second);
    assert!(label_row(&app).contains(&format!("link 2/{count}")));
    let buf = buffer(&app);
    assert_eq!(
        first_cell(&buf, Color::Blue, false).map(|c| c.0),
        first_cell(&buf, Color::Blue, true).map(|c| c.0),
        "the new partner is level too"
    );
    press(&mut app, "N");
    assert_eq!(app.ws.panes[1].sentence, first);
    press(&mut app, "N");
    assert!(label_row(&app).contains(&format!("link {count}/{count}")));
}

#[test]
fn braces_move_through_linked_sentences_and_the_other_pane_follows() {
    let mut app = seeds(&[0, 2], 160, 48);
    press(&mut app, "}");
    press(&mut app, "c");
    let mut seen = vec![app.focused().and_then(|p| p.sentence).unwrap()];
    for _ in 0..10 {
        press(&mut app, "}");
        let s = app
            .compare
            .session
            .unwrap_or_else(|| panic!("still comparing: {:?}", app.message));
        let from = app.focused().and_then(|p| p.sentence).unwrap();
        if Some(&from) == seen.last() {
            assert_eq!(
                app.message.as_deref(),
                Some("No more linked sentences below")
            );
            break;
        }
        assert_eq!(s.from.sentence, from);
        let partner = app.compare.partners(s.from)[s.current].target;
        assert_eq!(partner.doc, app.ws.panes[s.to_pane].doc);
        assert_eq!(app.ws.panes[s.to_pane].sentence, Some(partner.sentence));
        let buf = buffer(&app);
        assert_eq!(
            first_cell(&buf, Color::Blue, false).map(|c| c.0),
            first_cell(&buf, Color::Blue, true).map(|c| c.0),
            "sentence {from} and its partner stand level"
        );
        seen.push(from);
    }
    assert!(seen.len() >= 4, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    press(&mut app, "{");
    assert_eq!(
        app.focused().and_then(|p| p.sentence),
        Some(seen[seen.len() - 2])
    );
}

#[test]
fn compare_from_a_single_pane_opens_a_split() {
    let mut app = seeds(&[0, 2], 160, 48);
    press(&mut app, "Tab x");
    assert_eq!(app.ws.panes.len(), 1);
    assert_eq!(app.ws.panes[0].doc, 0);
    press(&mut app, "} c");
    assert_eq!(app.ws.panes.len(), 2, "{:?}", app.message);
    assert_eq!(app.ws.focus, 0, "focus stays on the sentence's pane");
    assert_eq!(app.ws.panes[1].doc, 1);
    assert!(app.ws.panes[1].sentence.is_some());
}

#[test]
fn manual_link_then_removal_survive_a_rebuild_and_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("recto").join("links.json");
    let mut app = seeds(&[0, 2], 160, 48);
    app.compare.load_user_links(Some(store.clone()));
    // Mark the first sentence of 000 and the first of 002: not linked by the linker.
    press(&mut app, ") M Tab ) M");
    let a = End {
        doc: 0,
        sentence: app.ws.panes[0].sentence.unwrap(),
    };
    let b = End {
        doc: 1,
        sentence: app.ws.panes[1].sentence.unwrap(),
    };
    assert!(!app.compare.partners(a).iter().any(|p| p.target == b));
    assert!(
        label_row(&app).contains("Enter: link"),
        "{}",
        label_row(&app)
    );
    press(&mut app, "Enter");
    assert_eq!(app.message.as_deref(), Some("Linked (your link)"));
    let mine = &app.compare.partners(a)[0];
    assert_eq!((mine.target, mine.user, mine.score), (b, true, None));
    // The new pair shows side by side, labelled as the user's own.
    let s = app.compare.session.expect("compare mode on the new link");
    assert_eq!(s.from, b);
    assert!(
        label_row(&app).contains("same claim · your link"),
        "{}",
        label_row(&app)
    );
    press(&mut app, "Esc");
    assert!(store.exists());
    // Remove a linker link (the Calderón pair) in compare mode.
    let calderon = find_sentence(&app, 0, "In 2006, after a series of cartel terror attacks");
    press(&mut app, "Tab");
    step_to(&mut app, calderon, 30);
    press(&mut app, "c");
    let partner = app.compare.partners(End {
        doc: 0,
        sentence: calderon,
    })[0]
        .target;
    press(&mut app, "X");
    assert_eq!(app.message.as_deref(), Some("Link removed"));
    assert!(
        !app.compare
            .partners(End {
                doc: 0,
                sentence: calderon
            })
            .iter()
            .any(|p| p.target == partner)
    );
    // Another document opens: the linker runs again and does not bring it back.
    let (name, bytes) = BUNDLED[4];
    let d = app.add_document(
        parse_bundled(name, bytes).unwrap(),
        format!("bundled:{name}"),
    );
    assert_eq!(d, 2);
    app.settle_links();
    assert!(
        !app.compare
            .partners(End {
                doc: 0,
                sentence: calderon
            })
            .iter()
            .any(|p| p.target == partner)
    );
    assert!(
        app.compare
            .partners(a)
            .iter()
            .any(|p| p.target == b && p.user)
    );
    // A restart: a new reader reads the same file.
    let mut again = seeds(&[0, 2], 160, 48);
    again.compare.load_user_links(Some(store.clone()));
    recto::tui::app::with_compare(&mut again, compare::recompute);
    assert!(
        again
            .compare
            .partners(a)
            .iter()
            .any(|p| p.target == b && p.user)
    );
    assert!(
        !again
            .compare
            .partners(End {
                doc: 0,
                sentence: calderon
            })
            .iter()
            .any(|p| p.target == partner)
    );
    // The picker shows the user's own link as such.
    press(&mut again, "L");
    let Some(Overlay::Picker(picker)) = &again.overlay else {
        panic!("no picker");
    };
    assert!(picker.items.iter().any(|i| i.detail.contains("your link")));
}

#[test]
fn new_keys_are_in_the_help() {
    let app = seeds(&[0, 2], 160, 48);
    let help: Vec<String> = app
        .help_lines()
        .into_iter()
        .map(|(k, d)| format!("{k} {d}"))
        .collect();
    for wanted in [
        "} select the next linked sentence",
        "c compare",
        "L list every link",
        "m mark a sentence",
        "X compare mode: remove the link",
        "compare: next link",
    ] {
        assert!(
            help.iter().any(|l| l.contains(wanted)),
            "{wanted}: {help:#?}"
        );
    }
}

#[test]
fn without_links_the_keys_say_why() {
    let mut app = seeds(&[0], 100, 30);
    press(&mut app, "}");
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .contains("Open another document")
    );
    press(&mut app, "c");
    assert!(app.compare.session.is_none());
    press(&mut app, "L");
    assert!(app.overlay.is_none());
}

#[test]
fn a_document_loaded_twice_is_not_linked_to_itself() {
    // The same article twice (as a file and from the library): one document, shown in two
    // panes, no sentence linked to itself, and linked to the other article.
    let app = seeds(&[0, 0, 2], 160, 48);
    assert_eq!(app.ws.panes.len(), 3);
    assert_eq!(app.ws.docs.len(), 2, "the same text is one document");
    assert_eq!(app.ws.panes[0].doc, app.ws.panes[1].doc);
    let copies: Vec<_> = app
        .compare
        .all_partners()
        .filter(|(e, ps)| ps.iter().any(|p| p.target.doc == e.doc))
        .collect();
    assert!(copies.is_empty(), "{copies:?}");
    assert!(
        app.compare
            .all_partners()
            .any(|(e, ps)| e.doc == 0 && ps.iter().any(|p| p.target.doc == 1))
    );
}

#[test]
fn in_compare_mode_the_panes_scroll_together() {
    let mut app = seeds(&[0, 2], 160, 48);
    let calderon = find_sentence(&app, 0, "In 2006, after a series of cartel terror attacks");
    step_to(&mut app, calderon, 30);
    press(&mut app, "c");
    let level = |app: &App| {
        let buf = buffer(app);
        (
            first_cell(&buf, Color::Blue, false).map(|c| c.0),
            first_cell(&buf, Color::Blue, true).map(|c| c.0),
        )
    };
    let (left, right) = level(&app);
    assert_eq!(left, right);
    press(&mut app, "j j j");
    let (l2, r2) = level(&app);
    assert_eq!(l2, left.map(|r| r - 3), "the left pane moved three lines");
    assert_eq!(r2, l2, "and the right pane with it");
    press(&mut app, "Tab k");
    let (l3, r3) = level(&app);
    assert_eq!((l3, r3), (l2.map(|r| r + 1), r2.map(|r| r + 1)));
    // Out of compare mode the panes scroll on their own again.
    let right = app.ws.focus;
    let right_top = app.ws.panes[right].top;
    press(&mut app, "Esc Tab j");
    assert!(app.compare.session.is_none());
    assert_eq!(app.ws.panes[right].top, right_top, "the right pane stays");
    let (l4, r4) = level(&app);
    assert_eq!(l4, l3.map(|r| r - 1), "the left pane moved alone");
    assert_eq!(r4, None, "the partner's highlight left with compare mode");
}

#[test]
fn a_link_made_by_hand_shows_where_its_figures_differ() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Keymap::defaults(), 160, 48);
    for (name, text) in [
        (
            "storm-a.txt",
            "Storm report\n\nThe storm killed 40 people in the valley.\n\nMarkets were calm.",
        ),
        (
            "storm-b.txt",
            "River news\n\nSome 25 people died when the river rose.\n\nSchools reopened.",
        ),
    ] {
        let doc = recto::ingest::parse_bytes(name, text.as_bytes()).expect("text parses");
        let d = app.add_document(doc, name.to_string());
        app.open_in_new_pane(d);
    }
    app.ws.focus = 0;
    update(
        &mut app,
        Action::Resize {
            width: 160,
            height: 48,
        },
    );
    app.settle_links();
    app.compare
        .load_user_links(Some(dir.path().join("recto").join("links.json")));
    press(&mut app, ") M Tab ) M");
    let a = End {
        doc: 0,
        sentence: app.ws.panes[0].sentence.unwrap(),
    };
    assert!(
        app.compare.partners(a).is_empty(),
        "the linker links nothing here"
    );
    press(&mut app, "Enter");
    assert_eq!(app.message.as_deref(), Some("Linked (your link)"));
    let mine = &app.compare.partners(a)[0];
    assert!(mine.user);
    let found: Vec<(&str, &str)> = mine
        .discrepancies
        .iter()
        .map(|d| (d.left.text.as_str(), d.right.text.as_str()))
        .collect();
    assert_eq!(found, vec![("40", "25")]);
    assert!(
        label_row(&app).contains("figures differ"),
        "{}",
        label_row(&app)
    );
}

#[test]
fn c_and_curly_brace_say_the_same_when_nothing_can_be_linked() {
    let mut app = seeds(&[0], 100, 30);
    press(&mut app, "}");
    let brace = app.message.clone();
    press(&mut app, "c");
    assert_eq!(app.message, brace);
}

#[test]
fn a_pair_from_the_links_picker_is_a_jump_and_leaving_it_ends_the_label() {
    let mut app = seeds(&[2, 4], 160, 48);
    press(&mut app, "Space Space Space");
    let before = app.focused().unwrap().top;
    let doc = app.focused().unwrap().doc;
    press(&mut app, "L");
    assert!(matches!(app.overlay, Some(Overlay::Picker(_))));
    press(&mut app, "Enter");
    assert!(app.compare.session.is_some(), "compare mode");
    assert!(render(&app).contains("Esc leave"));
    let focus = app.ws.focus;
    press(&mut app, "Ctrl-o");
    assert_eq!(app.ws.focus, focus);
    let back = app.focused().unwrap();
    assert_eq!((back.doc, back.top), (doc, before), "Ctrl-o comes back");
    assert!(app.compare.session.is_none(), "the pair is left");
    assert!(!render(&app).contains("Esc leave"), "and its label goes");
}
