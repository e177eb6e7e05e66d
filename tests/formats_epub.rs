//! EPUB 2 and 3 books built here, in the test, with the `zip` crate: chapters from the
//! spine in order, their titles from the NCX or the navigation document as top-level
//! sections, notes in a separate file resolved, the cover and copyright pages kept as
//! chrome, and a zip bomb refused before it is inflated.

use recto::document::{BlockKind, Document};
use recto::ingest::{Format, detect_format, parse_bytes};
use std::io::Write;
use zip::write::SimpleFileOptions;

/// A zipped EPUB: `mimetype` first and stored, then the other files deflated.
fn zip_epub(files: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        zip.start_file(*name, deflated).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

const CONTAINER: &str = r#"<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

fn xhtml(title: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>{title}</title></head><body>{body}</body></html>"#
    )
}

fn epub2() -> Vec<u8> {
    let opf = r#"<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>The Book of Gauges</dc:title>
    <dc:creator>Ann Author</dc:creator>
    <dc:language>en</dc:language>
    <dc:publisher>Rail Press</dc:publisher>
    <dc:identifier id="id">urn:uuid:1234</dc:identifier>
    <meta name="cover" content="cover"/>
  </metadata>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>
    <item id="ch1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
    <item id="ch2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>
    <item id="notes" href="text/notes.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine toc="ncx">
    <itemref idref="cover" linear="no"/>
    <itemref idref="ch1"/>
    <itemref idref="ch2"/>
    <itemref idref="notes"/>
  </spine>
</package>"#;
    let ncx = r#"<?xml version="1.0"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head><meta name="dtb:uid" content="urn:uuid:1234"/></head>
  <docTitle><text>The Book of Gauges</text></docTitle>
  <navMap>
    <navPoint id="n1" playOrder="1"><navLabel><text>Chapter One: Origins</text></navLabel><content src="text/ch1.xhtml"/></navPoint>
    <navPoint id="n2" playOrder="2"><navLabel><text>Chapter Two: Spread</text></navLabel><content src="text/ch2.xhtml"/></navPoint>
    <navPoint id="n3" playOrder="3"><navLabel><text>Notes</text></navLabel><content src="text/notes.xhtml"/></navPoint>
  </navMap>
</ncx>"#;
    zip_epub(&[
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", opf),
        ("OEBPS/toc.ncx", ncx),
        (
            "OEBPS/cover.xhtml",
            &xhtml("Cover", "<p>The Book of Gauges, a cover.</p>"),
        ),
        (
            "OEBPS/text/ch1.xhtml",
            &xhtml(
                "One",
                r##"<h1>Chapter One: Origins</h1><p>Stephenson chose the gauge.<sup><a href="notes.xhtml#n1" id="r1">1</a></sup></p>
                <h2>The mines</h2><p>Wagons ran on wooden rails.</p>"##,
            ),
        ),
        (
            "OEBPS/text/ch2.xhtml",
            &xhtml(
                "Two",
                r##"<p>The gauge spread across the world.<sup><a href="notes.xhtml#n2" id="r2">2</a></sup></p>"##,
            ),
        ),
        (
            "OEBPS/text/notes.xhtml",
            &xhtml(
                "Notes",
                r##"<h1>Notes</h1><p id="n1"><a href="ch1.xhtml#r1">1</a>. From the colliery wagons.</p>
                <p id="n2"><a href="ch2.xhtml#r2">2</a>. Not everywhere.</p>"##,
            ),
        ),
    ])
}

fn epub3() -> Vec<u8> {
    let opf = r#"<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>Third Edition</dc:title>
    <dc:creator>Bea Writer</dc:creator>
    <dc:language>fr</dc:language>
    <dc:identifier id="id">urn:uuid:5678</dc:identifier>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="copy" href="copyright.xhtml" media-type="application/xhtml+xml"/>
    <item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine>
    <itemref idref="copy"/>
    <itemref idref="c1"/>
  </spine>
</package>"#;
    let nav = xhtml(
        "Contents",
        r#"<nav epub:type="toc"><ol><li><a href="c1.xhtml">Le premier chapitre</a></li></ol></nav>"#,
    );
    zip_epub(&[
        ("META-INF/container.xml", CONTAINER),
        ("OEBPS/content.opf", opf),
        ("OEBPS/nav.xhtml", &nav),
        (
            "OEBPS/copyright.xhtml",
            &xhtml(
                "Copyright",
                "<p>Copyright 2024 Bea Writer. All rights reserved.</p>",
            ),
        ),
        (
            "OEBPS/c1.xhtml",
            &xhtml(
                "c1",
                r##"<section><h1>Le premier chapitre</h1><p>Un texte avec une note.<a epub:type="noteref" href="#fn1">a</a></p>
                <aside epub:type="footnote" id="fn1"><p>La note.</p></aside></section>"##,
            ),
        ),
    ])
}

fn book(bytes: &[u8]) -> Document {
    parse_bytes("book.epub", bytes).expect("parses")
}

#[test]
fn an_epub2_book_shows_its_chapters_as_sections() {
    let doc = book(&epub2());
    assert_eq!(doc.meta.title, "The Book of Gauges");
    assert_eq!(doc.meta.byline.as_deref(), Some("By Ann Author"));
    assert_eq!(doc.meta.language.as_deref(), Some("en"));
    assert_eq!(doc.meta.site.as_deref(), Some("Rail Press"));
    let shape: Vec<(&str, u8)> = doc
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.level))
        .collect();
    assert_eq!(
        shape,
        vec![
            ("Chapter One: Origins", 1),
            ("The mines", 2),
            ("Chapter Two: Spread", 1),
            ("Notes", 1),
        ]
    );
    // Reading order is the spine's.
    let text: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    let pos = |s: &str| text.iter().position(|t| t.contains(s)).unwrap();
    assert!(pos("Stephenson") < pos("wooden rails"));
    assert!(pos("wooden rails") < pos("spread across"));
}

#[test]
fn notes_in_another_spine_file_resolve() {
    let doc = book(&epub2());
    let notes: Vec<(u32, String)> = doc
        .references()
        .map(|r| {
            (
                r.note_ref.number,
                doc.notes[r.note_ref.note.expect("resolved")].text.clone(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        vec![
            (1, "From the colliery wagons.".to_string()),
            (2, "Not everywhere.".to_string())
        ]
    );
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn the_cover_is_chrome_not_lost() {
    let doc = book(&epub2());
    let cover = doc
        .blocks
        .iter()
        .find(|b| b.text.contains("a cover"))
        .expect("kept");
    assert!(cover.chrome);
    assert!(
        doc.blocks
            .iter()
            .filter(|b| b.text.contains("Stephenson"))
            .all(|b| !b.chrome)
    );
}

#[test]
fn an_epub3_book_reads_its_navigation_document() {
    let doc = book(&epub3());
    assert_eq!(doc.meta.title, "Third Edition");
    assert_eq!(doc.meta.language.as_deref(), Some("fr"));
    let titles: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, vec!["Le premier chapitre"]);
    let copyright = doc
        .blocks
        .iter()
        .find(|b| b.text.starts_with("Copyright 2024"))
        .expect("kept");
    assert!(copyright.chrome);
    let r = doc.references().next().expect("a reference");
    assert_eq!(doc.notes[r.note_ref.note.unwrap()].text, "La note.");
    assert_eq!(
        doc.blocks.iter().filter(|b| b.text == "La note.").count(),
        1
    );
}

#[test]
fn an_epub_is_told_by_its_content() {
    assert_eq!(detect_format("book", &epub2()), Format::Epub);
    assert_eq!(detect_format("book.txt", &epub3()), Format::Epub);
}

#[test]
fn a_zip_bomb_is_refused_before_it_inflates() {
    // A chapter of 200 MB of one letter deflates to a few hundred KB.
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("META-INF/container.xml", deflated).unwrap();
    zip.write_all(CONTAINER.as_bytes()).unwrap();
    zip.start_file("OEBPS/bomb.xhtml", deflated).unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..200 {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
    let bytes = out.into_inner();
    assert!(bytes.len() < 4 << 20, "{} bytes", bytes.len());
    let err = parse_bytes("bomb.epub", &bytes).unwrap_err().to_string();
    assert!(err.starts_with("bomb.epub: "), "{err}");
    assert!(err.contains("zip bomb"), "{err}");
}

#[test]
fn a_broken_epub_is_a_one_line_error() {
    let mut bytes = epub2();
    bytes.truncate(bytes.len() / 2);
    let err = parse_bytes("broken.epub", &bytes).unwrap_err().to_string();
    assert!(err.starts_with("broken.epub: "), "{err}");
    assert!(!err.contains('\n'));
}

#[test]
fn only_chrome_is_shown_when_it_is_all_a_block_says() {
    // Every block of a chapter that is not front matter is body.
    let doc = book(&epub2());
    assert!(
        doc.blocks
            .iter()
            .any(|b| b.kind == BlockKind::Paragraph && !b.chrome)
    );
}
