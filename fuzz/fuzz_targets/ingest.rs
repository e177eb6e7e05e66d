//! Arbitrary bytes and an arbitrary width through the whole pure pipeline: decoding,
//! sanitising, parsing (notes included) and layout. Nothing may panic, and nothing that
//! reaches a display line or a document field may be a control character.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn assert_safe(text: &str) {
    for c in text.chars() {
        let bidi = matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        );
        assert!(
            !(c.is_control() && c != '\n') && !bidi,
            "unsafe {c:?} in {text:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    // The first two bytes choose the width, the rest is the file.
    let (width, bytes) = match data {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]) % 300, rest),
        _ => (80, data),
    };
    let Ok(doc) = recto::ingest::parse_bytes("fuzz.txt", bytes) else {
        return;
    };
    assert_safe(&doc.meta.title);
    for b in &doc.blocks {
        assert_safe(&b.text);
    }
    for n in &doc.notes {
        assert_safe(&n.text);
    }
    for s in &doc.sections {
        assert_safe(&s.title);
    }
    for i in 0..doc.sentences.len() {
        let _ = doc.sentence_rendered(i);
    }
    for chrome in [false, true] {
        for line in recto::layout::layout_document(&doc, width, chrome) {
            assert_safe(&line.text());
        }
    }
});
