//! Layout properties on the bundled articles and on generated text: no display line wider
//! than the width, no text lost or duplicated, references shown once each as `[n]`, and
//! spans that point at the bytes they show.

use recto::document::{Block, BlockKind, Document, NoteRef, Sentence};
use recto::layout::{DisplayLine, SpanRole, layout_block, layout_document, visible_blocks};
use unicode_width::UnicodeWidthStr;

/// The words of `text` (split at whitespace other than no-break spaces), in order.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Checks every property of the lines of one block at one width.
fn check_block(doc: &Document, block: usize, width: u16) {
    let b = &doc.blocks[block];
    let lines = layout_block(doc, block, width);
    let limit = usize::from(width.max(1));
    let mut refs_seen = Vec::new();
    for line in &lines {
        let text = line.text();
        assert!(
            UnicodeWidthStr::width(text.as_str()) <= limit,
            "{}: block {block} at width {width}: {text:?}",
            doc.path
        );
        assert!(!text.contains('\u{1b}'));
        for span in &line.spans {
            match span.role {
                SpanRole::Text => {
                    let source = &b.text[span.source.clone()];
                    if span.text != "?" {
                        assert_eq!(span.text, source, "width {width}");
                    }
                    if let Some(id) = span.sentence {
                        let s = &doc.sentences[id];
                        assert_eq!(s.block, block);
                        assert!(
                            s.range.start <= span.source.start && span.source.end <= s.range.end
                        );
                    }
                }
                SpanRole::NoteRef { index, number } => {
                    assert_eq!(b.refs[index].number, number);
                    refs_seen.push((index, span.text.clone()));
                }
                SpanRole::Decoration => {}
            }
        }
    }
    // Pieces of a broken word are glued back together before comparing.
    let joined: String = lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .filter(|s| s.role == SpanRole::Text)
        .map(|s| &b.text[s.source.clone()])
        .collect::<Vec<_>>()
        .join("");
    let expected: String = words(&b.text).concat();
    let got: String = words(&joined).concat();
    assert_eq!(got, expected, "{}: block {block} width {width}", doc.path);

    // Each reference is shown once, as `[n]`, possibly split over lines at tiny widths.
    let mut per_ref = vec![String::new(); b.refs.len()];
    for (index, text) in refs_seen {
        per_ref[index].push_str(&text);
    }
    for (r, shown) in b.refs.iter().zip(&per_ref) {
        assert_eq!(shown, &format!("[{}]", r.number), "width {width}");
    }
}

#[test]
fn bundled_articles_lay_out_within_every_width() {
    for doc in recto::library::bundled_documents() {
        for width in [0u16, 1, 2, 3, 5, 8, 13, 20, 33, 40, 59, 80, 117, 200] {
            for block in visible_blocks(&doc, true) {
                check_block(&doc, block, width);
            }
        }
    }
}

#[test]
fn whole_document_layout_is_the_blocks_in_order() {
    for doc in recto::library::bundled_documents() {
        let all = layout_document(&doc, 72, false);
        let by_block: Vec<DisplayLine> = visible_blocks(&doc, false)
            .flat_map(|b| layout_block(&doc, b, 72))
            .collect();
        assert_eq!(all, by_block);
        assert!(
            all.iter()
                .filter_map(|l| l.block)
                .all(|b| !doc.blocks[b].chrome)
        );
    }
}

/// A small deterministic generator (no test dependency needed for this).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn generated_text_with_references_keeps_every_property() {
    let pieces = [
        "word",
        "a",
        "sentence.",
        "U.S.",
        "東京都",
        "😀",
        "👩‍👩‍👧",
        "e\u{301}t\u{e9}",
        " ",
        " ",
        "  ",
        "\t",
        "\n",
        "\u{a0}",
        "https://example.com/very/long/path/segment",
        "—",
        "1.5",
        "x",
        "Ünïcödé",
        "ｆｕｌｌ",
        "!",
        "?",
    ];
    let mut rng = Lcg(7);
    for case in 0..60 {
        let mut text = String::new();
        for _ in 0..(rng.next() % 40) {
            text.push_str(rng.pick(&pieces));
        }
        // References at char boundaries, a few past the end to test clamping.
        let mut refs = Vec::new();
        for _ in 0..(rng.next() % 5) {
            let mut offset = (rng.next() as usize) % (text.len() + 3);
            while offset < text.len() && !text.is_char_boundary(offset) {
                offset += 1;
            }
            refs.push(offset);
        }
        refs.sort_unstable();
        let mut block = Block::new(
            if case % 3 == 0 {
                BlockKind::ListItem {
                    marker: "•".into(),
                    depth: (case % 4) as u8,
                }
            } else {
                BlockKind::Paragraph
            },
            text.clone(),
        );
        block.refs = refs
            .iter()
            .enumerate()
            .map(|(i, &offset)| NoteRef {
                offset,
                number: (i as u32 + 1) * 7,
                note: None,
            })
            .collect();
        let sentences = recto::sentences::split(&text)
            .into_iter()
            .map(|range| Sentence { block: 0, range })
            .collect();
        let doc = Document {
            path: format!("generated case {case}"),
            blocks: vec![block],
            sentences,
            ..Document::default()
        };
        for width in 0..=30 {
            check_block(&doc, 0, width);
        }
    }
}
