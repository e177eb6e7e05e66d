//! OSC 8 hyperlinks as the terminal receives them (its own test binary: the switch is
//! process-wide). A link's cells on a row are sent as one cell holding the sequence around
//! the link text, told to count as the run's width; the cells after it keep their columns.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::CellDiffOption;
use recto::tui::app::{Action, App, update};
use recto::tui::hyperlinks;
use recto::tui::keymap::Keymap;
use recto::tui::view::view;

#[test]
fn web_links_are_wrapped_in_osc8_and_anchors_are_not() {
    let md = "# Links\n\nRead [the guide](https://example.org/guide) first, then [below](#end).\n\n## End\n\nDone.\n";
    let doc = recto::ingest::parse_bytes("links.md", md.as_bytes()).unwrap();
    let mut app = App::new(Keymap::defaults(), 80, 12);
    let id = app.add_document(doc, "links.md".into());
    app.open_in_new_pane(id);
    update(
        &mut app,
        Action::Resize {
            width: 80,
            height: 12,
        },
    );
    let draw = |app: &App| {
        let mut term = Terminal::new(TestBackend::new(80, 12)).unwrap();
        term.draw(|f| view(app, f)).unwrap();
        term.backend().buffer().clone()
    };
    let plain = draw(&app);
    hyperlinks::set_osc8(true);
    let linked = draw(&app);
    hyperlinks::set_osc8(false);

    let open = "\x1b]8;;https://example.org/guide\x1b\\the guide\x1b]8;;\x1b\\";
    let mut found = None;
    for y in 0..12u16 {
        for x in 0..80u16 {
            if linked[(x, y)].symbol() == open {
                found = Some((x, y));
            }
        }
    }
    let (x, y) = found.expect("the link's cells hold the OSC 8 sequence");
    assert_eq!(plain[(x, y)].symbol(), "t");
    assert_eq!(
        linked[(x, y)].diff_option,
        CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(9).unwrap())
    );
    // The terminal is sent nothing for the link's other columns (the sequence's cell
    // covers them)...
    for dx in 1..9 {
        assert_eq!(linked[(x + dx, y)].symbol(), " ");
    }
    // ...and everything after the link is where it was.
    for cx in x + 9..80 {
        assert_eq!(linked[(cx, y)].symbol(), plain[(cx, y)].symbol());
    }
    // An in-document anchor is no web link: no sequence anywhere else.
    let sequences = (0..12u16)
        .flat_map(|y| (0..80u16).map(move |x| (x, y)))
        .filter(|&p| linked[p].symbol().contains('\x1b'))
        .count();
    assert_eq!(sequences, 1);
}
