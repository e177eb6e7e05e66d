//! Unit tests of `layout`: wrapping, references, prefixes, listings and folds.

use super::*;
use crate::document::{Note, NoteRef};

fn doc_with(blocks: Vec<Block>) -> Document {
    let mut doc = Document {
        blocks,
        ..Document::default()
    };
    for (bi, b) in doc.blocks.iter().enumerate() {
        if b.is_body() {
            for range in crate::sentences::split(&b.text) {
                doc.sentences.push(Sentence { block: bi, range });
            }
        }
    }
    doc
}

fn para(text: &str) -> Block {
    Block::new(BlockKind::Paragraph, text)
}

fn with_refs(mut b: Block, refs: &[(usize, u32)]) -> Block {
    b.refs = refs
        .iter()
        .map(|&(offset, number)| NoteRef {
            offset,
            number,
            note: None,
        })
        .collect();
    b
}

fn texts(lines: &[DisplayLine]) -> Vec<String> {
    lines.iter().map(DisplayLine::text).collect()
}

#[test]
fn wraps_words_to_the_width_and_ends_with_a_blank_line() {
    let doc = doc_with(vec![para("one two three four five six")]);
    let lines = layout_block(&doc, 0, 10);
    assert_eq!(
        texts(&lines),
        ["one two", "three four", "five six", ""],
        "{lines:#?}"
    );
    assert_eq!(lines[0].block, Some(0));
    assert_eq!(lines[0].kind, LineKind::Paragraph);
    assert_eq!(lines.last().unwrap().kind, LineKind::Blank);
    assert_eq!(lines.last().unwrap().block, None);
}

#[test]
fn no_line_is_wider_than_the_width_at_any_width() {
    let text = "Fentanyl, a synthetic opioid 50–100× more potent, 東京都の人口は約千四百万人です。\
                Emoji 👩‍👩‍👧‍👦 and ❤️ and flags 🇲🇽 count two; a very-long-hyphenated-compound-word-here \
                and https://example.com/a/really/long/path?with=query&and=more stays whole.";
    let mut b = with_refs(para(text), &[(9, 1), (text.len(), 123_456)]);
    b.kind = BlockKind::ListItem {
        marker: "12.".into(),
        depth: 1,
    };
    let doc = doc_with(vec![b, para(text)]);
    for width in 0..=90u16 {
        for block in 0..2 {
            for line in layout_block(&doc, block, width) {
                let shown = line.text();
                assert!(
                    UnicodeWidthStr::width(shown.as_str()) <= usize::from(width.max(1)),
                    "width {width}: {shown:?} is {} wide",
                    UnicodeWidthStr::width(shown.as_str())
                );
                assert_eq!(line.width(), UnicodeWidthStr::width(shown.as_str()));
            }
        }
    }
}

#[test]
fn references_are_glued_to_the_word_before_them() {
    let text = "Deaths rose in 2024. While this figure fell, overdoses remain high.";
    let b = with_refs(para(text), &[(20, 1), (44, 12)]);
    let doc = doc_with(vec![b]);
    // At every width, "2024.[1]" and "fell,[12]" stay together on one line.
    for width in 9..60 {
        let lines = layout_block(&doc, 0, width);
        let all = texts(&lines);
        assert!(
            all.iter().any(|l| l.contains("2024.[1]")),
            "{width}: {all:?}"
        );
        assert!(
            all.iter().any(|l| l.contains("fell,[12]")),
            "{width}: {all:?}"
        );
        assert!(!all.iter().any(|l| l.starts_with('[')), "{width}: {all:?}");
    }
    let lines = layout_block(&doc, 0, 80);
    let refs: Vec<_> = lines[0]
        .spans
        .iter()
        .filter(|s| matches!(s.role, SpanRole::NoteRef { .. }))
        .collect();
    assert_eq!(refs.len(), 2);
    assert_eq!(
        refs[0].role,
        SpanRole::NoteRef {
            index: 0,
            number: 1
        }
    );
    assert_eq!(refs[0].text, "[1]");
    assert_eq!(refs[0].source, 20..20);
    assert_eq!(refs[0].sentence, Some(0), "the reference ends sentence 0");
    assert_eq!(refs[1].text, "[12]");
    assert_eq!(refs[1].sentence, Some(1));
}

#[test]
fn references_without_words_and_out_of_range_offsets_do_not_panic() {
    let b = with_refs(para(""), &[(0, 3), (99, 4)]);
    let c = with_refs(para("é word"), &[(1, 5), (500, 6), (0, 7)]);
    let doc = doc_with(vec![b, c]);
    assert_eq!(texts(&layout_block(&doc, 0, 20)), ["[3][4]", ""]);
    let shown = texts(&layout_block(&doc, 1, 20));
    assert_eq!(shown, ["[7]é[5] word[6]", ""]);
    assert!(layout_block(&doc, 7, 20).is_empty());
}

#[test]
fn list_items_hang_under_their_marker_and_nest() {
    let item = |marker: &str, depth, text: &str| {
        Block::new(
            BlockKind::ListItem {
                marker: marker.into(),
                depth,
            },
            text,
        )
    };
    let doc = doc_with(vec![
        item("•", 0, "alpha beta gamma delta"),
        item("3.", 1, "alpha beta gamma delta"),
    ]);
    assert_eq!(
        texts(&layout_block(&doc, 0, 14)),
        ["• alpha beta", "  gamma delta", ""]
    );
    assert_eq!(
        texts(&layout_block(&doc, 1, 16)),
        ["  3. alpha beta", "     gamma delta", ""]
    );
    let first = &layout_block(&doc, 1, 16)[0];
    assert_eq!(first.spans[0].role, SpanRole::Decoration);
    assert_eq!(first.spans[0].text, "  3. ");
    assert_eq!(first.kind, LineKind::ListItem);
}

#[test]
fn quotes_notes_and_headings_have_their_shapes() {
    let mut doc = doc_with(vec![
        Block::new(BlockKind::Quote, "to be or not to be"),
        Block::new(
            BlockKind::Heading {
                level: 2,
                section: 0,
            },
            "Costs",
        ),
        Block::new(
            BlockKind::NoteEntry { note: 0 },
            "Centers for Disease Control",
        ),
    ]);
    doc.notes.push(Note {
        number: 12,
        text: "Centers for Disease Control".into(),
        block: 2,
    });
    assert_eq!(
        texts(&layout_block(&doc, 0, 12)),
        ["│ to be or", "│ not to be", ""]
    );
    let heading = layout_block(&doc, 1, 40);
    assert_eq!(texts(&heading), ["", "Costs", ""]);
    assert_eq!(heading[1].kind, LineKind::Heading(2));
    assert_eq!(
        texts(&layout_block(&doc, 2, 19)),
        ["[12] Centers for", "     Disease", "     Control", ""]
    );
}

#[test]
fn wide_characters_take_two_columns() {
    let doc = doc_with(vec![para("東京 大阪 京都 名古屋")]);
    let lines = layout_block(&doc, 0, 9);
    assert_eq!(texts(&lines), ["東京 大阪", "京都", "名古屋", ""]);
    // A word of wide characters longer than the line breaks between characters.
    let doc = doc_with(vec![para("東京都の人口")]);
    assert_eq!(
        texts(&layout_block(&doc, 0, 5)),
        ["東京", "都の", "人口", ""]
    );
    // At width 1 a wide character cannot fit and is shown as `?`.
    let lines = layout_block(&doc, 0, 1);
    assert!(lines.iter().all(|l| l.width() <= 1));
    assert_eq!(lines.len(), 7);
}

#[test]
fn a_word_longer_than_the_line_is_broken() {
    let doc = doc_with(vec![para("see https://example.com/abcdefghij now")]);
    let lines = layout_block(&doc, 0, 10);
    assert_eq!(
        texts(&lines),
        ["see", "https://ex", "ample.com/", "abcdefghij", "now", ""]
    );
    // The pieces still point at the bytes they show.
    let b = &doc.blocks[0];
    for line in &lines {
        for span in &line.spans {
            assert_eq!(span.text, b.text[span.source.clone()]);
        }
    }
}

#[test]
fn spans_merge_by_sentence_and_carry_source_ranges() {
    let text = "First one here. Second one, too. Third.";
    let b = with_refs(para(text), &[(15, 4)]);
    let doc = doc_with(vec![b]);
    assert_eq!(doc.sentences.len(), 3);
    let lines = layout_block(&doc, 0, 80);
    let spans = &lines[0].spans;
    let summary: Vec<_> = spans
        .iter()
        .map(|s| (s.text.as_str(), s.sentence))
        .collect();
    assert_eq!(
        summary,
        [
            ("First one here.", Some(0)),
            ("[4]", Some(0)),
            (" ", None),
            ("Second one, too.", Some(1)),
            (" ", None),
            ("Third.", Some(2)),
        ]
    );
    for span in spans.iter().filter(|s| s.role == SpanRole::Text) {
        assert_eq!(span.text, text[span.source.clone()]);
        if let Some(id) = span.sentence {
            let s = &doc.sentences[id].range;
            assert!(s.start <= span.source.start && span.source.end <= s.end);
        }
    }
    // Wrapped, a sentence continues on the next line with the same id.
    let lines = layout_block(&doc, 0, 12);
    assert_eq!(
        texts(&lines)[..4],
        ["First one", "here.[4]", "Second one,", "too. Third."]
    );
    assert_eq!(lines[2].spans[0].sentence, Some(1));
    assert_eq!(lines[3].spans[0].text, "too.");
    assert_eq!(lines[3].spans[0].sentence, Some(1));
    assert_eq!(lines[3].spans[0].source, 28..32);
}

#[test]
fn chrome_shows_only_on_request() {
    let mut menu = para("Select Page");
    menu.chrome = true;
    let doc = doc_with(vec![menu, para("Body.")]);
    assert_eq!(texts(&layout_document(&doc, 40, false)), ["Body.", ""]);
    let all = layout_document(&doc, 40, true);
    assert_eq!(texts(&all), ["Select Page", "", "Body.", ""]);
    assert_eq!(all[0].kind, LineKind::Chrome);
}

#[test]
fn unusual_whitespace_becomes_a_decoration_space() {
    let doc = doc_with(vec![para("a  b\tc\u{a0}d")]);
    let lines = layout_block(&doc, 0, 40);
    assert_eq!(lines[0].text(), "a b c\u{a0}d");
    for span in lines[0].spans.iter().filter(|s| s.role == SpanRole::Text) {
        assert_eq!(span.text, doc.blocks[0].text[span.source.clone()]);
    }
}

fn code(text: &str) -> Block {
    Block::new(BlockKind::Code { language: None }, text)
}

#[test]
fn a_listing_keeps_its_lines_and_indentation_and_is_clipped_not_wrapped() {
    let text = "def f(x):\n    return x + 1\n\n# a comment long enough to pass the edge";
    let doc = doc_with(vec![code(text)]);
    let lines = layout_block(&doc, 0, 20);
    assert_eq!(
        texts(&lines),
        [
            "def f(x):",
            "    return x + 1",
            "",
            "# a comment long en›",
            ""
        ]
    );
    assert!(lines[..4].iter().all(|l| l.kind == LineKind::Code));
    assert!(lines.iter().all(|l| l.width() <= 20));
    for line in &lines {
        for span in line.spans.iter().filter(|s| s.role == SpanRole::Text) {
            assert_eq!(span.text, text[span.source.clone()]);
            assert_eq!(span.sentence, None);
        }
    }
    let clipped = &lines[3].spans;
    assert_eq!(clipped.last().map(|s| s.role), Some(SpanRole::Decoration));
}

#[test]
fn a_listing_of_wide_characters_is_clipped_between_characters_at_any_width() {
    let doc = doc_with(vec![code("│ 日本語のテキスト │")]);
    for width in 1..=24 {
        let lines = layout_block(&doc, 0, width);
        assert!(
            lines.iter().all(|l| l.width() <= usize::from(width)),
            "{width}"
        );
    }
    assert_eq!(layout_block(&doc, 0, 6)[0].text(), "│ 日›");
}

#[test]
fn hidden_chrome_leaves_one_fold_line_per_run_saying_how_many_lines() {
    let mut menu = para("Home");
    menu.chrome = true;
    let mut more = code("About\nContact");
    more.chrome = true;
    let mut footer = para("© 2024");
    footer.chrome = true;
    let doc = doc_with(vec![menu, more, para("Body."), footer]);
    let items: Vec<Shown> = shown(&doc, false).collect();
    assert_eq!(
        items,
        [Shown::Fold(0..2), Shown::Block(2), Shown::Fold(3..4)]
    );
    let lines: Vec<DisplayLine> = items
        .iter()
        .flat_map(|i| layout_shown(&doc, i, 40))
        .collect();
    assert_eq!(
        texts(&lines),
        [
            "⋯ 3 lines of page furniture",
            "",
            "Body.",
            "",
            "⋯ 1 line of page furniture",
            ""
        ]
    );
    assert_eq!(lines[0].kind, LineKind::Fold);
    assert_eq!(lines[0].block, Some(0));
    assert_eq!(layout_fold(&doc, 0..2, 5)[0].text(), "⋯ 3 l");
    let all: Vec<Shown> = shown(&doc, true).collect();
    assert_eq!(all.len(), 4);
    assert!(all.iter().all(|i| matches!(i, Shown::Block(_))));
}

#[test]
fn a_listing_is_not_body_text() {
    let doc = doc_with(vec![code("SELECT 1;")]);
    assert!(doc.sentences.is_empty());
    assert!(!doc.blocks[0].is_body());
}
