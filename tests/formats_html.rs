//! Web pages: the article without the site around it, its metadata, and its notes in
//! every style pages use (sup links, DPUB-ARIA roles, epub:type, O'Reilly's data-type,
//! Wikipedia's cite_note, definition lists), even when the notes list is outside the
//! article. Entities are decoded and then sanitised.

use recto::document::{BlockKind, Document, Inline};
use recto::ingest::{Format, detect_format, parse_bytes};

fn html(text: &str) -> Document {
    parse_bytes("page.html", text.as_bytes()).expect("parses")
}

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

fn all_text(doc: &Document) -> String {
    doc.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Enough prose around the notes for a readability extractor to call it an article.
fn page(head: &str, article: &str, after: &str) -> String {
    let filler = "This paragraph is here so that the page reads as an article, with enough \
                  words, commas, and sentences to be kept by the extractor. It says little. ";
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head>{head}</head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/about\">About us</a></nav>\
         <article><h1>Heading of the article</h1><p>{filler}{filler}</p>{article}<p>{filler}{filler}</p></article>\
         {after}<footer>Copyright 2024 Example</footer></body></html>"
    )
}

const FIXTURE: &str = include_str!("fixtures/formats/notes.html");

#[test]
fn an_article_page_keeps_its_text_metadata_and_notes() {
    let doc = html(FIXTURE);
    assert_eq!(doc.meta.title, "Test page about gauges");
    assert_eq!(doc.meta.language.as_deref(), Some("en"));
    assert_eq!(doc.meta.site.as_deref(), Some("Rail Weekly"));
    assert_eq!(
        resolved(&doc),
        vec![
            (1, "The standard since 1846.".to_string()),
            (2, "Broad gauges vary.".to_string()),
            (3, "Smith, J. (2001). Gauges.".to_string()),
        ]
    );
    let text = all_text(&doc);
    // The notes are shown once, as notes, not again as list items of the body.
    assert_eq!(text.matches("The standard since 1846.").count(), 1);
    assert!(!text.contains('↩'), "back-links are not note text");
    assert!(!text.contains("Home"), "the site's menu is not the article");
    assert!(!text.contains("Copyright 2024"));
    assert!(!text.contains('\u{1b}'));
    assert!(text.contains("Entities & escapes"));
    assert_eq!(doc.sections[0].title, "History of the gauges");
}

#[test]
fn tables_code_and_nested_lists_keep_their_shape() {
    let doc = html(FIXTURE);
    let table = doc
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Table { .. }))
        .expect("a table");
    assert_eq!(table.kind, BlockKind::Table { header_rows: 1 });
    assert_eq!(
        table.table_rows(),
        vec![
            vec!["Gauge", "Width"],
            vec!["Standard", "1435"],
            vec!["Iberian", "1668"]
        ]
    );
    let code = doc
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Code { .. }))
        .expect("a listing");
    assert_eq!(
        code.kind,
        BlockKind::Code {
            language: Some("rust".into())
        }
    );
    assert_eq!(code.text, "fn main() {\n    println!(\"hi\");\n}");
    let items: Vec<(u8, &str)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::ListItem { depth, .. } => Some((depth, b.text.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(items, vec![(0, "One"), (1, "Nested"), (0, "Two")]);
    let para = doc
        .blocks
        .iter()
        .find(|b| b.text.starts_with("Wikipedia style"))
        .unwrap();
    let styles: Vec<_> = para
        .spans
        .iter()
        .map(|s| (&para.text[s.range.clone()], s.style.clone()))
        .collect();
    assert_eq!(
        styles,
        vec![
            ("emphasis", Inline::Emphasis),
            (
                "link to somewhere",
                Inline::Link {
                    target: "https://example.org/x".into()
                }
            )
        ]
    );
}

#[test]
fn dpub_aria_note_references_resolve() {
    let doc = html(&page(
        "<title>Roles</title>",
        "<p>A claim that needs a source, made at some length here.<a href=\"#en1\" role=\"doc-noteref\">1</a></p>\
         <section role=\"doc-endnotes\"><ol><li id=\"en1\"><p>The source.</p><p>A second paragraph.</p> \
         <a href=\"#r1\" role=\"doc-backlink\">back</a></li></ol></section>",
        "",
    ));
    assert_eq!(
        resolved(&doc),
        vec![(1, "The source.\nA second paragraph.".to_string())]
    );
}

#[test]
fn epub_type_note_references_and_asides_resolve() {
    let doc = html(&page(
        "<title>Asides</title>",
        "<p>Said with a note in an aside, at some length here.<a epub:type=\"noteref\" href=\"#n1\">*</a></p>\
         <aside epub:type=\"footnote\" id=\"n1\"><p>The aside's note.</p></aside>",
        "",
    ));
    assert_eq!(resolved(&doc), vec![(1, "The aside's note.".to_string())]);
}

#[test]
fn oreilly_data_type_notes_resolve_without_their_marker() {
    let doc = html(&page(
        "<title>O'Reilly</title>",
        "<p>A sentence with an O'Reilly note, at some length.<a data-type=\"noteref\" id=\"fn3-marker\" href=\"#fn3\">3</a></p>",
        "<div data-type=\"footnotes\"><p data-type=\"footnote\" id=\"fn3\"><sup><a href=\"#fn3-marker\">3</a></sup> The O'Reilly note.</p></div>",
    ));
    assert_eq!(resolved(&doc), vec![(1, "The O'Reilly note.".to_string())]);
}

#[test]
fn wikipedia_citations_resolve_even_with_the_page_address_in_the_link() {
    let doc = html(&page(
        "<title>Wiki</title>",
        "<p>A cited claim on a wiki page, long enough to be kept.<sup id=\"cite_ref-Smith_3-0\" class=\"reference\">\
         <a href=\"https://en.wikipedia.org/wiki/Page#cite_note-Smith-3\">[3]</a></sup></p>",
        "<div class=\"reflist\"><ol class=\"references\"><li id=\"cite_note-Smith-3\"><span class=\"mw-cite-backlink\">\
         <b><a href=\"#cite_ref-Smith_3-0\">^</a></b></span> <span class=\"reference-text\">Smith, J. (2001).</span></li></ol></div>",
    ));
    assert_eq!(resolved(&doc), vec![(1, "Smith, J. (2001).".to_string())]);
    assert_eq!(doc.note_labels[&0], "cite_note-Smith-3");
}

#[test]
fn notes_in_a_definition_list_resolve_to_the_definition() {
    let doc = html(&page(
        "<title>Sphinx</title>",
        "<p>A claim with a Sphinx footnote, long enough to be kept.<a class=\"footnote-reference brackets\" href=\"#id11\" id=\"id1\">1</a></p>\
         <dl class=\"footnote brackets\"><dt class=\"label\" id=\"id11\"><span class=\"brackets\"><a class=\"fn-backref\" href=\"#id1\">1</a></span></dt>\
         <dd><p>The definition is the note.</p></dd></dl>",
        "",
    ));
    assert_eq!(
        resolved(&doc),
        vec![(1, "The definition is the note.".to_string())]
    );
    assert_eq!(
        all_text(&doc)
            .matches("The definition is the note.")
            .count(),
        1
    );
}

#[test]
fn heading_levels_nest_as_sections() {
    let doc = html(&page(
        "<title>Levels</title>",
        "<h2>Part one</h2><p>Text of part one, which is long enough to count as prose.</p>\
         <h3>Detail</h3><p>Text of the detail, which is long enough to count as prose.</p>\
         <h4>Finer</h4><p>Text of the finer point, which is long enough to count.</p>\
         <h2>Part two</h2><p>Text of part two, which is long enough to count as prose.</p>",
        "",
    ));
    let shape: Vec<(&str, u8)> = doc
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.level))
        .collect();
    assert_eq!(
        shape,
        vec![
            ("Part one", 1),
            ("Detail", 2),
            ("Finer", 3),
            ("Part two", 1)
        ]
    );
}

#[test]
fn escape_sequences_in_entities_never_reach_the_model() {
    let doc = html(&page(
        "<title>Esc&#27;]0;owned&#7;</title>",
        "<p>Red &#27;[31mtext&#27;[0m and a bell &#7; and C1 &#x9b;31m here.</p>",
        "",
    ));
    for b in &doc.blocks {
        assert!(
            !b.text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{:?}",
            b.text
        );
    }
    assert!(!doc.meta.title.chars().any(char::is_control));
}

#[test]
fn html_is_told_by_its_content_before_its_name() {
    assert_eq!(
        detect_format("x.txt", b"<!DOCTYPE html><html>"),
        Format::Html
    );
    assert_eq!(
        detect_format("x", b"\xEF\xBB\xBF  <html lang=en>"),
        Format::Html
    );
    assert_eq!(detect_format("page.htm", b"no tags at all"), Format::Html);
    assert_eq!(detect_format("x", b"<p>a fragment"), Format::Text);
}

#[test]
fn a_declared_charset_decodes_the_page() {
    let mut bytes = b"<html><head><meta charset=\"windows-1251\"><title>".to_vec();
    bytes.extend_from_slice(&[0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]); // "Привет"
    bytes.extend_from_slice(b"</title></head><body><p>text</p></body></html>");
    let doc = parse_bytes("page.html", &bytes).unwrap();
    assert_eq!(doc.meta.title, "Привет");
}

#[test]
fn a_page_nested_beyond_reason_is_refused_quickly() {
    let deep = format!(
        "<html><body>{}<p>deep</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let err = parse_bytes("deep.html", deep.as_bytes()).unwrap_err();
    assert!(
        err.to_string().contains("nests elements more than"),
        "{err}"
    );
}

#[test]
fn a_page_of_a_hundred_megabytes_is_refused_with_its_size() {
    let mut big = b"<!DOCTYPE html><html><body>".to_vec();
    big.resize(100 << 20, b'a');
    let err = parse_bytes("big.html", &big).unwrap_err();
    assert_eq!(
        err.to_string(),
        "big.html: is too large for a web page (100 MB; recto reads pages up to 48 MB)"
    );
}
