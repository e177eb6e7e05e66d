//! The parser on how numbers are read: which digits and brackets are note references and
//! which stay text (times, verses, decimals, years, exponents, ranges), and notes lists
//! without blank lines. Split from `parse_shapes.rs`, which keeps the page shapes.

use recto::document::{BlockKind, Document};
use recto::ingest::parse_bytes;

fn parse(text: &str) -> Document {
    parse_bytes("test.txt", text.as_bytes()).expect("text parses")
}

fn visible(doc: &Document) -> String {
    doc.blocks
        .iter()
        .filter(|b| !b.chrome)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fails naming the first of `chrome` that `shown` (the visible text) still holds.
fn assert_hidden(shown: &str, chrome: &[&str]) {
    for c in chrome {
        assert!(!shown.contains(c), "{c} shown");
    }
}

/// Fails naming the first of `kept` that `shown` (the visible text) lacks.
fn assert_shown(shown: &str, kept: &[&str]) {
    for k in kept {
        assert!(shown.contains(k), "{k}: {shown}");
    }
}

/// A document of body paragraphs and a notes list numbered 1 to `notes`.
fn with_notes(body: &str, notes: u32) -> Document {
    let mut text = format!("Numbers That Are Not Notes\n\nBy Test Writer\n\n{body}\n\nNotes\n\n");
    for n in 1..=notes {
        text.push_str(&format!(
            "{n}. Source number {n}, Journal of Things, 2020.\n"
        ));
    }
    parse(&text)
}

/// Every paragraph with its references drawn as "[n]", as `render` shows them.
fn rendered(doc: &Document) -> String {
    doc.blocks
        .iter()
        .filter(|b| !b.chrome && b.kind == BlockKind::Paragraph)
        .map(|b| {
            recto::document::render_with_refs(&b.text, b.refs.iter().map(|r| (r.offset, r.number)))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn numbers(doc: &Document) -> Vec<u32> {
    doc.references().map(|r| r.note_ref.number).collect()
}

#[test]
fn digits_after_a_colon_or_comma_inside_a_number_are_not_references() {
    let d = with_notes(
        "The meeting began at 10:30 a.m. and ended at 9:15 p.m., after a 3:1 vote in favour of the plan.1 The pastor quoted John 3:16 and Psalm 23:4 in his sermon, on pages 12,13 and 14, with a 2:1 ratio.2",
        40,
    );
    assert_eq!(numbers(&d), [1, 2]);
    assert_shown(
        &rendered(&d),
        &[
            "at 10:30 a.m.",
            "9:15 p.m.",
            "a 3:1 vote",
            "John 3:16",
            "Psalm 23:4",
            "pages 12,13 and 14",
            "a 2:1 ratio.[2]",
        ],
    );
}

#[test]
fn without_a_notes_list_numbers_glued_to_numbers_are_text() {
    let text = "The tide reached high water 01:01 on Monday and again at 13:02, on pages 12,13 of the almanac kept by the harbour master.\n";
    let d = parse(text);
    assert_eq!(numbers(&d), Vec::<u32>::new());
    assert!(
        d.warnings.iter().all(|w| !w.contains("resolve to no note")),
        "{:?}",
        d.warnings
    );
    assert!(
        rendered(&d).contains("high water 01:01 on Monday and again at 13:02, on pages 12,13 of")
    );
}

#[test]
fn digits_after_a_decimal_point_are_never_glued_references() {
    let d = with_notes(
        "Version 3.1 Beta shipped in 2024.5 The U.S. Army agreed. Inflation hit 3.5 Percent in 2023, said the bank.7 Output was 4.2 Million tonnes.",
        10,
    );
    assert_eq!(numbers(&d), [5, 7]);
    let shown = rendered(&d);
    assert!(
        shown.contains("Version 3.1 Beta shipped in 2024.[5] The"),
        "{shown}"
    );
    assert!(shown.contains("hit 3.5 Percent"), "{shown}");
    assert!(shown.contains("was 4.2 Million"), "{shown}");
}

#[test]
fn bracketed_years_stay_text_with_the_space_before_them() {
    let body = "The report cites the ruling in [2019] UKSC 5 as precedent for the case.[2] Smith [2020] disagreed, and [1] agreed.";
    let d = with_notes(body, 40);
    assert_eq!(numbers(&d), [2, 1]);
    let shown = rendered(&d);
    assert!(shown.contains("ruling in [2019] UKSC 5"), "{shown}");
    assert!(
        shown.contains("Smith [2020] disagreed, and[1] agreed."),
        "{shown}"
    );
    // Without a notes list a bracketed year is text too; a small number is still reported.
    let d = parse(&format!("{body}\n"));
    assert_eq!(numbers(&d), [2, 1]);
    assert!(rendered(&d).contains("Smith [2020] disagreed"));
}

#[test]
fn superscript_exponents_are_not_references() {
    let d = with_notes(
        "Bakers work on benches of about 2 m² each, and a kitchen of 30 km² or a bowl of 500 cm³ is rare.¹ Einstein's E=mc² has nothing to do with it, nor has x² or 10⁶ or 9.8 m/s².² Salt tightens the gluten.⁵ ¹² Done.",
        12,
    );
    assert_eq!(numbers(&d), [1, 2, 5, 12]);
    assert_shown(
        &rendered(&d),
        &[
            "2 m² each",
            "30 km²",
            "500 cm³",
            "E=mc² has",
            "x² or 10⁶",
            "m/s².[2]",
            "gluten.[5][12] Done.",
        ],
    );
}

#[test]
fn combined_references_list_and_range_every_number() {
    let d = with_notes(
        "Tested in mice.¹,² Then in rats.³⁻⁵ Then in dogs [6, 7]. Then in pigs [8–10]. Then in cows.[11-12] The end.",
        12,
    );
    assert_eq!(numbers(&d), (1..=12).collect::<Vec<_>>());
    let shown = rendered(&d);
    assert!(
        shown.contains("mice.[1][2] Then in rats.[3][4][5] Then in dogs[6][7]. Then in pigs[8][9][10]. Then in cows.[11][12] The end."),
        "{shown}"
    );
    let sentences: Vec<&str> = (0..d.sentences.len()).map(|i| d.sentence_text(i)).collect();
    assert!(sentences.contains(&"Tested in mice."), "{sentences:?}");
    // A range too long to be a reference, or written backwards, stays text.
    let d = with_notes(
        "Values [1–200] and [9–3] were seen in the long tables of the appendix.",
        12,
    );
    assert_eq!(numbers(&d), Vec::<u32>::new());
}

const NO_BLANK_NOTES: &str = "\
A Short History of the Lighthouse
By Peter Alvarsson
The first lighthouses were fires lit on hilltops, and the most famous of them stood at Pharos for centuries.1 Writers praised it.
The Romans built towers at Ostia, Dover and Boulogne, and the Dover tower still stands inside the castle.2
In 1822 Augustin Fresnel designed a lens that bent the light into a beam seen for twenty miles.3 Within fifty years every light used one.
Keepers trimmed the wicks every few hours through the night, and their logbooks record storms and wrecks.4
By the 1980s most lights were automatic, and the last keeper in Britain left the North Foreland light in 1998.5
Notes
1. Clayton and Price, The Seven Wonders of the Ancient World, 1988.
2. Wheeler, \"The Roman Lighthouses at Dover,\" Archaeological Journal,
vol. 86, 1929.
3. Levitt, A Short Bright Flash: Augustin Fresnel and the Birth of the Modern Lighthouse,
2013.
4. Trinity House archives, keepers' logs, 1840–1900, available at
https://example.org/logs.
5. BBC News, \"Last lighthouse keeper leaves,\" 26 November 1998.
About us
Contact
Retrieved from \"https://example.org/w/index.php?title=Lighthouse\"
Categories: Lighthouses | History
© 2024 Lighthouse Society
";

#[test]
fn a_notes_list_without_blank_lines_ends_at_the_footer() {
    let d = parse(NO_BLANK_NOTES);
    let notes: Vec<(u32, &str)> = d
        .notes
        .iter()
        .map(|n| (n.number, n.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (
                1,
                "Clayton and Price, The Seven Wonders of the Ancient World, 1988."
            ),
            (
                2,
                "Wheeler, \"The Roman Lighthouses at Dover,\" Archaeological Journal, vol. 86, 1929."
            ),
            (
                3,
                "Levitt, A Short Bright Flash: Augustin Fresnel and the Birth of the Modern Lighthouse, 2013."
            ),
            (
                4,
                "Trinity House archives, keepers' logs, 1840–1900, available at https://example.org/logs."
            ),
            (
                5,
                "BBC News, \"Last lighthouse keeper leaves,\" 26 November 1998."
            ),
        ]
    );
    assert_eq!(numbers(&d), [1, 2, 3, 4, 5]);
    assert!(d.references().all(|r| r.note_ref.note.is_some()));
    let shown = visible(&d);
    assert_hidden(
        &shown,
        &[
            "About us",
            "Contact",
            "Retrieved from",
            "Categories:",
            "© 2024",
        ],
    );
}

#[test]
fn a_year_wrapped_onto_its_own_paragraph_stays_in_its_note() {
    let text = "\
A Short History of the Lighthouse

In 1822 Augustin Fresnel designed a lens that bent the light into a beam seen for twenty miles.3 Within fifty years every light used one.

Keepers trimmed the wicks every few hours through the night, and their logbooks record storms and wrecks.4

Notes

3. Levitt, A Short Bright Flash: Augustin Fresnel and the Birth of the Modern Lighthouse,

2013.

4. Trinity House archives, keepers' logs, 1840–1900.
";
    let d = parse(text);
    let notes: Vec<(u32, &str)> = d
        .notes
        .iter()
        .map(|n| (n.number, n.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (
                3,
                "Levitt, A Short Bright Flash: Augustin Fresnel and the Birth of the Modern Lighthouse, 2013."
            ),
            (4, "Trinity House archives, keepers' logs, 1840–1900."),
        ]
    );
    assert!(d.references().all(|r| r.note_ref.note.is_some()));
}
