//! Faithful text (issue 11): what the reader shows is what the author wrote. Each test is
//! one general rule, written on a small article of its own shape (the examples:
//! a recipe, an SQL tutorial, a fetch() tutorial, "ARMv7", "array[2, 3, 5]", a pasted
//! note after a comma), run through the real parser and, where it matters, `render`.

use recto::cli::write_rendered;
use recto::document::{BlockKind, Document};
use recto::ingest::parse_bytes;

fn parse(text: &str) -> Document {
    parse_bytes("test.txt", text.as_bytes()).expect("text parses")
}

fn rendered(doc: &Document, show_chrome: bool) -> String {
    let mut out = Vec::new();
    write_rendered(doc, 100, show_chrome, &mut out).expect("render");
    String::from_utf8(out).expect("UTF-8")
}

fn code_blocks(doc: &Document) -> Vec<&str> {
    doc.blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Code { .. }))
        .map(|b| b.text.as_str())
        .collect()
}

fn titles(doc: &Document) -> Vec<&str> {
    doc.sections.iter().map(|s| s.title.as_str()).collect()
}

const SQL: &str = "\
Finding the odd one out with SQL

By Ann Lee

Suppose a table holds the numbers below, and we want the one that stands out from the rest of them.

2, 3, 5, 2, 3, 12, 5, 3, 4

Which number stands out? A query that counts each value answers it:

SELECT n, count(*) AS times
FROM unnest(array[2, 3, 5, 2, 3, 12, 5, 3, 4]) AS n
GROUP BY n
ORDER BY times;

The value seen once is the outlier, and the query finds it without any loop.[1]

Notes

[1] Postgres documentation, array functions.
";

#[test]
fn a_query_is_one_listing_kept_exactly_and_the_data_line_is_shown() {
    let doc = parse(SQL);
    assert_eq!(
        code_blocks(&doc),
        [
            "SELECT n, count(*) AS times\nFROM unnest(array[2, 3, 5, 2, 3, 12, 5, 3, 4]) AS n\nGROUP BY n\nORDER BY times;"
        ]
    );
    let shown = rendered(&doc, false);
    assert!(shown.contains("\n2, 3, 5, 2, 3, 12, 5, 3, 4\n"), "{shown}");
    assert!(shown.contains("FROM unnest(array[2, 3, 5, 2, 3, 12, 5, 3, 4]) AS n\n"));
    // Nothing in the listing is a reference, a heading or a sentence.
    let numbers: Vec<u32> = doc.references().map(|r| r.note_ref.number).collect();
    assert_eq!(numbers, [1]);
    assert_eq!(titles(&doc), ["Notes"]);
    let code = doc
        .blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Code { .. }))
        .expect("a listing");
    assert!(doc.sentences.iter().all(|s| s.block != code));
}

const FETCH: &str = "\
Using fetch() in the browser

By Sam Ortiz

The fetch() function returns a promise that resolves to the response of a request, so we can wait for it.

async function load(url) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`HTTP ${response.status}`);
  }
  return response.json();
}

Each step waits for the one before it, and an error in any of them ends up in the caller.
";

#[test]
fn a_code_sample_keeps_its_indentation_and_is_shown_unwrapped() {
    let doc = parse(FETCH);
    let code = code_blocks(&doc);
    assert_eq!(code.len(), 1, "{code:?}");
    assert!(
        code[0]
            .contains("\n  const response = await fetch(url);\n  if (!response.ok) {\n    throw")
    );
    let mut out = Vec::new();
    write_rendered(&doc, 30, false, &mut out).expect("render");
    let shown = String::from_utf8(out).expect("UTF-8");
    assert!(
        shown.contains("\n    throw new Error(`HTTP ${r›\n"),
        "{shown}"
    );
    assert!(shown.lines().all(|l| l.chars().count() <= 30), "{shown}");
    assert!(shown.contains("\n}\n"));
}

const RECIPE: &str = "\
Home
Recipes
About

A Plain White Loaf

By Jo Baker

This is the bread I bake every week: four ingredients, a little patience and a hot oven.

Ingredients

500 g flour
10 g salt
7 g dried yeast
350 ml warm water

Method

Mix everything into a rough dough, knead it for ten minutes, and leave it to rise for an hour.
";

#[test]
fn a_list_of_short_lines_in_the_article_is_shown_not_taken_for_furniture() {
    let doc = parse(RECIPE);
    assert_eq!(doc.meta.title, "A Plain White Loaf");
    let shown = rendered(&doc, false);
    for line in [
        "500 g flour",
        "10 g salt",
        "7 g dried yeast",
        "350 ml warm water",
    ] {
        assert!(shown.contains(line), "{line} hidden:\n{shown}");
    }
    assert_eq!(titles(&doc), ["Ingredients", "Method"]);
    // The menu above the title is folded, and says so.
    assert!(
        shown.starts_with("⋯ 3 lines of page furniture\n"),
        "{shown}"
    );
    assert!(rendered(&doc, true).starts_with("Home\n"));
}

#[test]
fn digits_in_names_and_versions_are_text_even_with_a_notes_list() {
    let text = "\
Phones and Firefox

Firefox Mobile runs on Android 2.2 devices with an ARMv7 or ARMv6 CPU.1 It also ran on iOS 17 and Windows 10, and survived COVID-19 lockdowns as the B-52 of browsers.

Notes

1. Mozilla release notes.
2. Another note.
3. A third note.
4. A fourth note.
5. A fifth note.
6. A sixth note.
7. A seventh note.
";
    let doc = parse(text);
    let body = &doc.blocks.iter().find(|b| b.is_body()).expect("body").text;
    assert!(body.contains("an ARMv7 or ARMv6 CPU"), "{body}");
    for name in ["iOS 17", "Windows 10", "COVID-19", "B-52", "Android 2.2"] {
        assert!(body.contains(name), "{name}: {body}");
    }
    let numbers: Vec<u32> = doc.references().map(|r| r.note_ref.number).collect();
    assert_eq!(numbers, [1], "{body}");
}

#[test]
fn brackets_in_inline_code_are_not_references() {
    let text = "\
Arrays in three languages

In SQL write unnest(array[2, 3, 5]) and in Rust write vec![1, 2, 3] to build the same list.[1]

Notes

[1] See each language's manual.
";
    let doc = parse(text);
    let body = &doc.blocks.iter().find(|b| b.is_body()).expect("body").text;
    assert!(body.contains("unnest(array[2, 3, 5])"), "{body}");
    assert!(body.contains("vec![1, 2, 3]"), "{body}");
    let numbers: Vec<u32> = doc.references().map(|r| r.note_ref.number).collect();
    assert_eq!(numbers, [1]);
}

#[test]
fn a_bom_is_never_text_and_never_the_title() {
    let doc = parse(
        "\u{feff}The Salt Roads\n\nBy Ann Lee\n\nSalt moved over the mountains for centuries, and towns along the roads grew rich.\n",
    );
    assert_eq!(doc.meta.title, "The Salt Roads");
    assert!(doc.blocks.iter().all(|b| !b.text.contains('\u{feff}')));
}

#[test]
fn code_lines_and_mid_sentence_breaks_are_not_headings() {
    let text = "\
Counting with SQL

By Ann Lee

The query below counts rows, and each line of it does one part of the work as you will see.

SELECT count(*)
FROM orders
WHERE total > 100;

The result is one number, and it is the number of orders worth more than a hundred.
";
    let doc = parse(text);
    assert!(titles(&doc).is_empty(), "{:?}", titles(&doc));
    assert_eq!(code_blocks(&doc).len(), 1);
}
