//! Markdown read the way a user expects: no markup left on screen, every footnote style
//! resolved (checked against the footnote examples of pulldown-cmark's own test suite),
//! code verbatim, tables, nested lists, task lists, front matter as metadata.

use recto::document::{BlockKind, Document, Inline};
use recto::ingest::{Format, detect_format, parse_bytes};

fn md(text: &str) -> Document {
    parse_bytes("doc.md", text.as_bytes()).expect("parses")
}

/// The note text each reference of the document resolves to, in reading order.
fn resolved(doc: &Document) -> Vec<(u32, String)> {
    doc.references()
        .map(|r| {
            let note = r.note_ref.note.map(|n| doc.notes[n].text.clone());
            (
                r.note_ref.number,
                note.unwrap_or_else(|| "<unresolved>".into()),
            )
        })
        .collect()
}

fn body_text(doc: &Document) -> String {
    doc.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

// pulldown-cmark tests/suite/footnotes.rs, footnotes_test_1: a defined note resolves, an
// undefined one stays as the author typed it.
#[test]
fn a_missing_footnote_stays_literal_text() {
    let doc = md("Lorem ipsum.[^a] [^missing]\n\n[^a]: Cool.\n");
    assert_eq!(resolved(&doc), vec![(1, "Cool.".to_string())]);
    assert_eq!(doc.blocks[0].text, "Lorem ipsum. [^missing]");
    assert_eq!(doc.blocks[0].refs[0].offset, "Lorem ipsum.".len());
}

// footnotes_test_2: a note defined inside a block quote, after a hard break.
#[test]
fn a_footnote_defined_in_a_quote_resolves() {
    let doc = md(
        "> This is the song that never ends.\\\n> Yes it goes on and on my friends.[^lambchops]\n>\n> [^lambchops]: <https://www.youtube.com/watch?v=0U2zJOryHKQ>\n",
    );
    assert_eq!(
        resolved(&doc),
        vec![(1, "https://www.youtube.com/watch?v=0U2zJOryHKQ".to_string())]
    );
    let quote = doc
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Quote)
        .unwrap();
    assert_eq!(
        quote.text,
        "This is the song that never ends.\nYes it goes on and on my friends."
    );
}

// footnotes_test_4: an indented list is part of the note.
#[test]
fn a_list_inside_a_note_is_part_of_it() {
    let doc = md(
        "Songs that simply loop are a popular way to annoy people. [^examples]\n\n[^examples]:\n    * [The song that never ends](https://www.youtube.com/watch?v=0U2zJOryHKQ)\n    * [I know a song that gets on everybody's nerves](https://www.youtube.com/watch?v=TehWI09qxls)\n    * [Ninety-nine bottles of beer on the wall](https://www.youtube.com/watch?v=qVjCag8XoHQ)\n",
    );
    let notes = resolved(&doc);
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0].1,
        "The song that never ends\nI know a song that gets on everybody's nerves\nNinety-nine bottles of beer on the wall"
    );
    // Not a list item of the body.
    assert!(
        !doc.blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::ListItem { .. }))
    );
}

// footnotes_test_3: a list that is not indented is not in the note (which is empty).
#[test]
fn an_unindented_list_after_a_note_label_is_body() {
    let doc = md(
        "Songs that simply loop are a popular way to annoy people. [^examples]\n\n[^examples]:\n * [The song that never ends](https://www.youtube.com/watch?v=0U2zJOryHKQ)\n",
    );
    assert_eq!(resolved(&doc), vec![(1, String::new())]);
    let item = doc
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::ListItem { .. }))
        .expect("the list is in the body");
    assert_eq!(item.text, "The song that never ends");
}

// footnotes_test_5: notes are numbered in the order they are referenced; code and quotes
// inside notes; a quote that is not indented is body text.
#[test]
fn notes_hold_code_and_quotes_numbered_by_first_reference() {
    let doc = md(
        "[^not-code] [^code] [^quote] [^not-quote] [^indented-quote]\n\n[^not-code]:         not code\n\n[^code]:\n        code\n\n[^quote]: > quote\n\n[^not-quote]:\n > external quote\n\n[^indented-quote]:\n    > indented quote\n",
    );
    let notes = resolved(&doc);
    let numbers: Vec<u32> = notes.iter().map(|n| n.0).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5]);
    assert_eq!(notes[0].1, "not code");
    assert_eq!(notes[1].1, "code");
    assert_eq!(notes[2].1, "quote");
    assert_eq!(notes[3].1, "");
    assert_eq!(notes[4].1, "indented quote");
    let labels: Vec<&str> = doc.note_labels.values().map(String::as_str).collect();
    assert_eq!(
        labels,
        vec!["not-code", "code", "quote", "not-quote", "indented-quote"]
    );
    assert!(
        doc.blocks
            .iter()
            .any(|b| b.kind == BlockKind::Quote && b.text == "external quote")
    );
}

const ARTICLE: &str = include_str!("fixtures/formats/notes.md");

#[test]
fn an_article_shows_no_markup_and_resolves_every_note() {
    let doc = md(ARTICLE);
    let text = body_text(&doc);
    for mark in ["**", "[^", "](", "`", "|---", "~~", "- [x]", "---\n"] {
        assert!(!text.contains(mark), "{mark:?} left in:\n{text}");
    }
    assert_eq!(doc.meta.title, "Gauges and Tracks");
    assert_eq!(doc.meta.byline.as_deref(), Some("By Jane Roe"));
    assert_eq!(doc.meta.date.as_deref(), Some("2024-03-01"));
    assert_eq!(doc.meta.language.as_deref(), Some("en"));
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let notes = resolved(&doc);
    assert_eq!(
        notes,
        vec![
            (1, "The standard since 1846.".to_string()),
            (2, "Named notes work too.".to_string()),
            (
                3,
                "First paragraph of a long note.\nSecond paragraph of the long note.".to_string()
            ),
        ]
    );
    // The leading `#` heading is the title, not a section; `##` is the first section.
    assert_eq!(doc.blocks[0].kind, BlockKind::Title);
    assert_eq!(doc.sections[0].title, "Numbers");
    assert_eq!(doc.sections[0].level, 1);
    assert_eq!(doc.anchor_block("numbers"), Some(doc.sections[0].block));
}

#[test]
fn code_is_kept_verbatim() {
    let doc = md(ARTICLE);
    let code = doc
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Code { .. }))
        .expect("a code block");
    assert_eq!(
        code.kind,
        BlockKind::Code {
            language: Some("rust".into())
        }
    );
    assert_eq!(code.text, "fn track_width() -> u32 {\n    1435 // mm\n}");
    assert!(code.refs.is_empty());
    assert!(!doc.sentences.iter().any(|s| doc.blocks[s.block] == *code));
}

#[test]
fn tables_keep_rows_and_cells() {
    let doc = md(ARTICLE);
    let table = doc
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Table { .. }))
        .expect("a table");
    assert_eq!(table.kind, BlockKind::Table { header_rows: 1 });
    assert_eq!(
        table.table_rows(),
        vec![
            vec!["Gauge", "Width (mm)", "Where"],
            vec!["Standard", "1435", "Most of the world"],
            vec!["Iberian", "1668", "Spain, Portugal"],
        ]
    );
}

#[test]
fn nested_lists_keep_their_depth_and_markers() {
    let doc = md(ARTICLE);
    let items: Vec<(String, u8, &str)> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::ListItem { marker, depth } => {
                Some((marker.clone(), *depth, b.text.as_str()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        items,
        vec![
            ("1.".into(), 0, "First item"),
            ("◦".into(), 1, "nested bullet with struck text"),
            ("▪".into(), 2, "deeper still"),
            ("2.".into(), 0, "Second item"),
            ("  ".into(), 0, "A second paragraph of the second item."),
            ("☑".into(), 0, "done task"),
            ("☐".into(), 0, "open task"),
        ]
    );
}

#[test]
fn inline_styles_and_links_are_spans() {
    let doc = md(ARTICLE);
    let para = doc
        .blocks
        .iter()
        .find(|b| b.text.starts_with("Standard gauge"))
        .unwrap();
    let styled: Vec<(&str, &Inline)> = para
        .spans
        .iter()
        .map(|s| (&para.text[s.range.clone()], &s.style))
        .collect();
    assert_eq!(
        styled,
        vec![
            ("1,435 mm", &Inline::Strong),
            ("broad", &Inline::Emphasis),
            (
                "the history",
                &Inline::Link {
                    target: "https://example.org/history".into()
                }
            ),
            ("track_width()", &Inline::Code),
        ]
    );
    let links: Vec<_> = doc.links().map(|l| (l.text, l.target)).collect();
    assert_eq!(links, vec![("the history", "https://example.org/history")]);
}

#[test]
fn raw_html_shows_its_words_not_its_tags() {
    let doc = md("Some <b>bold</b> text<br>next line <!-- a comment --> &amp; more.\n");
    assert_eq!(doc.blocks[0].text, "Some bold text\nnext line & more.");
}

#[test]
fn markdown_is_told_from_its_name_and_its_content() {
    assert_eq!(detect_format("notes.md", b"plain words"), Format::Markdown);
    let content =
        "# Title\n\nSome text with a [link](https://example.org).\n\n## Part\n\n```\ncode\n```\n";
    assert_eq!(detect_format("notes", content.as_bytes()), Format::Markdown);
    assert_eq!(
        detect_format("notes.txt", content.as_bytes()),
        Format::Text,
        "a .txt name is plain text"
    );
    for seed in std::fs::read_dir("seeds").unwrap() {
        let path = seed.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(detect_format("article", &bytes), Format::Text, "{path:?}");
        }
    }
}

#[test]
fn ten_thousand_nested_lists_stay_bounded() {
    let mut text = String::new();
    for depth in 0..10_000 {
        text.push_str(&"  ".repeat(depth));
        text.push_str("- item\n");
    }
    let doc = md(&text);
    assert!(!doc.blocks.is_empty());
    assert!(
        doc.blocks
            .iter()
            .all(|b| b.text.is_empty() || b.text.contains("item"))
    );
}
