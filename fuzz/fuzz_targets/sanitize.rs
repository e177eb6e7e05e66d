//! Arbitrary text through the sanitiser and the sentence splitter: sanitising is
//! idempotent and leaves nothing a terminal would obey; sentence ranges are ordered,
//! trimmed, on char boundaries and cover every non-space character.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = recto::ingest::sanitize(&text);
    assert_eq!(recto::ingest::sanitize(&once), once, "not idempotent");
    for c in once.chars() {
        let bidi = matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        );
        assert!(!(c.is_control() && c != '\n') && !bidi, "unsafe {c:?}");
    }
    let mut last = 0;
    for r in recto::sentences::split(&text) {
        assert!(r.start >= last && r.start < r.end);
        let piece = text.get(r.clone()).expect("char boundaries");
        assert_eq!(piece.trim(), piece);
        assert!(text[last..r.start].trim().is_empty());
        last = r.end;
    }
    assert!(text[last..].trim().is_empty());
});
