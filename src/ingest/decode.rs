//! Bytes to clean text: encoding detection (UTF-8, byte-order marks, UTF-16,
//! Windows-1252), refusing binary input, normalising line ends, form feeds and backspace
//! overstrike, and removing control characters and terminal escape sequences. This is the
//! one place document text is sanitised; it knows nothing of a document's structure.

use super::{IngestError, display_name};
use std::borrow::Cow;

/// Text ready for parsing, with what decoding had to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Share of suspicious characters (controls that text does not use, undecodable bytes)
/// above which a file counts as binary, in percent.
pub(super) const BINARY_THRESHOLD_PERCENT: usize = 30;

/// Decodes, normalises and sanitises `bytes`. `path` is only used in messages.
///
/// Never panics. Refuses binary input with `IngestError::Binary`.
pub fn decode(path: &str, bytes: &[u8]) -> Result<Decoded, IngestError> {
    decode_cow(path, Cow::Borrowed(bytes))
}

/// `decode`, reusing the buffer when it is given owned: a big valid UTF-8 file that needs
/// no cleaning is never copied.
pub(super) fn decode_cow(path: &str, bytes: Cow<'_, [u8]>) -> Result<Decoded, IngestError> {
    let binary = || IngestError::Binary {
        path: display_name(path),
    };
    let mut warnings = Vec::new();
    let (text, replaced) = match detect_encoding(&bytes) {
        Encoding::Utf8 { bom } => {
            let skip = if bom { 3 } else { 0 };
            let body = &bytes[skip..];
            if body.contains(&0) {
                return Err(binary());
            }
            if std::str::from_utf8(body).is_ok() {
                match bytes {
                    Cow::Owned(mut owned) => {
                        owned.drain(..skip);
                        match String::from_utf8(owned) {
                            Ok(text) => (Cow::Owned(text), 0),
                            Err(e) => decode_8bit_owned(e.as_bytes(), &mut warnings),
                        }
                    }
                    Cow::Borrowed(borrowed) => decode_8bit(&borrowed[skip..], &mut warnings),
                }
            } else {
                decode_8bit_owned(body, &mut warnings)
            }
        }
        Encoding::Utf16 { little_endian, bom } => {
            let body = if bom { &bytes[2..] } else { &bytes[..] };
            decode_utf16(body, little_endian, &mut warnings)
        }
    };
    if looks_binary(&text, replaced) {
        return Err(binary());
    }
    let normalized = normalize_controls(&text);
    let (sanitized, removed) = sanitize_counting(&normalized);
    if removed.sequences > 0 || removed.chars > 0 {
        warnings.push(format!(
            "removed {} terminal escape sequence(s) and {} control or invisible character(s)",
            removed.sequences, removed.chars
        ));
    }
    // One owned copy at most, whatever the path: big files must not be copied per step.
    let text = match sanitized {
        Cow::Owned(s) => s,
        Cow::Borrowed(_) => match normalized {
            Cow::Owned(s) => s,
            Cow::Borrowed(_) => text.into_owned(),
        },
    };
    Ok(Decoded { text, warnings })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Utf8 { bom: bool },
    Utf16 { little_endian: bool, bom: bool },
}

pub(super) fn detect_encoding(bytes: &[u8]) -> Encoding {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Encoding::Utf8 { bom: true };
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Encoding::Utf16 {
            little_endian: true,
            bom: true,
        };
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Encoding::Utf16 {
            little_endian: false,
            bom: true,
        };
    }
    // Without a mark, UTF-16 is only assumed when it is unmistakable: text that is mostly
    // ASCII has a NUL in (nearly) every other byte, always on the same side.
    // A few bytes prove nothing ("text\0" is not two CJK characters): at least four
    // characters' worth.
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.len() >= 8 {
        let pairs = sample.len() / 2;
        let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let zeros_odd = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count();
        let clearly = |zeros: usize, other: usize| zeros * 10 >= pairs * 4 && other * 20 <= pairs;
        if clearly(zeros_odd, zeros_even) {
            return Encoding::Utf16 {
                little_endian: true,
                bom: false,
            };
        }
        if clearly(zeros_even, zeros_odd) {
            return Encoding::Utf16 {
                little_endian: false,
                bom: false,
            };
        }
    }
    Encoding::Utf8 { bom: false }
}

/// `decode_8bit` for bytes that are not kept: the result never borrows them.
pub(super) fn decode_8bit_owned(
    bytes: &[u8],
    warnings: &mut Vec<String>,
) -> (Cow<'static, str>, usize) {
    let (text, replaced) = decode_8bit(bytes, warnings);
    (Cow::Owned(text.into_owned()), replaced)
}

/// UTF-8, or Windows-1252 when the invalid bytes say so. Returns the text and how many
/// characters had to be replaced with U+FFFD.
pub(super) fn decode_8bit<'a>(
    bytes: &'a [u8],
    warnings: &mut Vec<String>,
) -> (Cow<'a, str>, usize) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(text), 0);
    }
    let mut invalid_bytes = 0usize;
    let mut valid_multibyte = 0usize;
    for chunk in bytes.utf8_chunks() {
        invalid_bytes += chunk.invalid().len();
        valid_multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
    }
    let high_bytes = bytes.iter().filter(|&&b| b >= 0x80).count();
    // Windows-1252 when it is clearly that: the non-ASCII bytes almost never form UTF-8
    // sequences, and the text is otherwise ASCII-ish (not a blob of high bytes).
    let is_cp1252 = valid_multibyte * 4 < invalid_bytes && high_bytes * 10 <= bytes.len() * 3;
    if is_cp1252 {
        warnings.push("not valid UTF-8; decoded as Windows-1252".to_string());
        let text: String = bytes.iter().map(|&b| windows_1252(b)).collect();
        let replaced = bytes
            .iter()
            .filter(|&&b| windows_1252(b) == char::REPLACEMENT_CHARACTER)
            .count();
        (Cow::Owned(text), replaced)
    } else {
        let mut text = String::with_capacity(bytes.len());
        let mut replaced = 0;
        for chunk in bytes.utf8_chunks() {
            text.push_str(chunk.valid());
            if !chunk.invalid().is_empty() {
                text.push(char::REPLACEMENT_CHARACTER);
                replaced += chunk.invalid().len();
            }
        }
        warnings.push(format!(
            "not valid UTF-8; {invalid_bytes} invalid byte(s) shown as \u{FFFD}"
        ));
        (Cow::Owned(text), replaced)
    }
}

/// Windows-1252: 0x80–0x9F are typographic characters, the rest is Latin-1.
pub(super) fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
        '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{FFFD}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

pub(super) fn decode_utf16(
    bytes: &[u8],
    little_endian: bool,
    warnings: &mut Vec<String>,
) -> (Cow<'static, str>, usize) {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut replaced = 0;
    let text: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                replaced += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if replaced > 0 {
        warnings.push(format!(
            "invalid UTF-16: {replaced} unpaired surrogate(s) shown as \u{FFFD}"
        ));
    }
    if bytes.len() % 2 == 1 {
        warnings.push("UTF-16 text with an odd number of bytes; last byte ignored".into());
    }
    (Cow::Owned(text), replaced)
}

/// NUL anywhere, or a large share of characters that text does not contain.
pub(super) fn looks_binary(text: &str, replaced: usize) -> bool {
    // Tab, newline, CR, form feed, backspace (overstrike), ESC (escape sequences are
    // sanitised, not a sign of binary) and BEL (ends OSC) are text-ish.
    const TEXTISH: u32 =
        1 << b'\t' | 1 << b'\n' | 1 << b'\r' | 1 << 0x0C | 1 << 0x08 | 1 << 0x1B | 1 << 0x07;
    if text.as_bytes().contains(&0) {
        return true;
    }
    let suspicious = replaced
        + text
            .bytes()
            .filter(|&b| (b < 0x20 && TEXTISH & (1 << b) == 0) || b == 0x7F)
            .count();
    if suspicious == 0 {
        return false;
    }
    let chars = text.chars().count().max(1);
    suspicious * 100 > chars * BINARY_THRESHOLD_PERCENT
}

/// CRLF and lone CR become newlines, form feed a newline, and backspace overstrike
/// ("_\bx", "x\bx", as `man` writes bold and underline) resolves to the final character.
pub(super) fn normalize_controls(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(|b| matches!(b, b'\r' | 0x0C | 0x08)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{0C}' => out.push('\n'),
            '\u{08}' => {
                // Overstrike: the next character replaces the previous one on the line.
                // A backspace with nothing to strike over is dropped.
                let has_next = chars.peek().is_some_and(|&n| n != '\n' && n != '\u{08}');
                if has_next && out.chars().next_back().is_some_and(|p| p != '\n') {
                    out.pop();
                }
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// What `sanitize` removed, for the warning.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Removed {
    sequences: usize,
    chars: usize,
}

/// Runs of zero-width marks after one base character longer than this are cut: a
/// "zalgo" letter with thousands of combining marks is an attack on the terminal, not
/// text anyone reads.
pub(super) const MAX_ZERO_WIDTH_RUN: usize = 16;

/// Makes text safe to put on a terminal: removes escape sequences (7-bit and 8-bit
/// CSI, OSC, DCS, SOS, PM, APC and two-character escapes, each with its whole body),
/// C0 controls except newline, C1 controls, DEL, bidi embeddings/overrides/isolates/marks,
/// zero-width spaces, the byte-order mark, soft hyphens and other invisible format
/// characters that would only confuse the reader. A tab becomes one space: the layout
/// measures widths per character and a raw tab would make the terminal jump to a tab stop
/// the layout does not know of. U+2028/U+2029 become newlines. ZWJ and ZWNJ are kept
/// (emoji sequences, Persian and Indic scripts need them).
///
/// Idempotent: `sanitize(&sanitize(x)) == sanitize(x)`.
pub fn sanitize(text: &str) -> String {
    sanitize_counting(text).0.into_owned()
}

pub(super) fn sanitize_counting(text: &str) -> (Cow<'_, str>, Removed) {
    let mut removed = Removed::default();
    let Some(first) = first_needing_attention(text) else {
        return (Cow::Borrowed(text), removed);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut chars = text[first..].chars().peekable();
    let mut zero_width_run = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\u{1B}' => {
                removed.sequences += 1;
                skip_escape(&mut chars);
            }
            '\u{9B}' => {
                removed.sequences += 1;
                skip_csi_body(&mut chars);
            }
            '\u{9D}' | '\u{90}' | '\u{98}' | '\u{9E}' | '\u{9F}' => {
                removed.sequences += 1;
                skip_string_body(&mut chars);
            }
            '\n' => {
                zero_width_run = 0;
                out.push('\n');
            }
            '\t' => {
                zero_width_run = 0;
                out.push(' ');
            }
            '\u{2028}' | '\u{2029}' => {
                zero_width_run = 0;
                out.push('\n');
            }
            c if is_removed_char(c) => removed.chars += 1,
            c => {
                if is_zero_width(c) {
                    zero_width_run += 1;
                    if zero_width_run > MAX_ZERO_WIDTH_RUN {
                        removed.chars += 1;
                        continue;
                    }
                } else {
                    zero_width_run = 0;
                }
                out.push(c);
            }
        }
    }
    (Cow::Owned(out), removed)
}

/// Byte offset of the first character `sanitize` would change. Scans bytes, so that the
/// common case (plain text) runs at memory speed; only non-ASCII characters are decoded.
pub(super) fn first_needing_attention(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    loop {
        let at = from
            + bytes[from..]
                .iter()
                .position(|&b| (b < 0x20 && b != b'\n') || b >= 0x7F)?;
        if bytes[at] < 0x80 {
            return Some(at);
        }
        let c = text[at..].chars().next()?;
        if needs_attention(c) {
            return Some(at);
        }
        from = at + c.len_utf8();
    }
}

/// Characters that make the slow path necessary.
pub(super) fn needs_attention(c: char) -> bool {
    c.is_control() && c != '\n'
        || is_removed_char(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
        || is_zero_width(c)
}

/// Characters dropped on their own (not part of a sequence).
pub(super) fn is_removed_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            // Bidi embeddings and overrides, isolates, marks (the "Trojan Source" set).
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
            // Zero-width space, word joiner and invisible operators, byte-order mark.
            | '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
            // Deprecated format controls (U+206A–U+206F), interlinear annotation.
            | '\u{206A}'..='\u{206F}' | '\u{FFF9}'..='\u{FFFB}'
            // Soft hyphen: invisible unless a line breaks there, which we never do.
            | '\u{00AD}'
        )
}

/// Marks drawn on the previous character (combining marks, variation selectors, ZWJ).
pub(super) fn is_zero_width(c: char) -> bool {
    !c.is_ascii() && unicode_width::UnicodeWidthChar::width(c) == Some(0)
}

pub(super) type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After an ESC: consumes the rest of the sequence it starts.
pub(super) fn skip_escape(chars: &mut Chars) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi_body(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string_body(chars);
        }
        // nF escapes (ESC, intermediates, one final): charset designation and the like.
        Some(' '..='/') => {
            while chars.next_if(|c| matches!(c, ' '..='/')).is_some() {}
            chars.next_if(|c| matches!(c, '0'..='~'));
        }
        // Two-character escapes: ESC 7, ESC c, ESC \ and so on.
        Some('0'..='~') => {
            chars.next();
        }
        // ESC before anything else is dropped alone; the next character is text.
        _ => {}
    }
}

/// The body of a CSI sequence: parameters and intermediates up to one final byte. A
/// character that cannot be part of a CSI ends it without being consumed.
pub(super) fn skip_csi_body(chars: &mut Chars) {
    while chars.next_if(|c| matches!(c, ' '..='?')).is_some() {}
    chars.next_if(|c| matches!(c, '@'..='~'));
}

/// The body of OSC, DCS, SOS, PM or APC: everything up to BEL or a string terminator
/// (ESC \ or U+009C). An ESC ends the string and is left to start its own (usually
/// `ESC \`, which is then removed as a two-character escape). An unterminated string
/// ends at the end of the line, so one broken sequence cannot swallow a whole document.
pub(super) fn skip_string_body(chars: &mut Chars) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{07}' | '\u{9C}' => {
                chars.next();
                return;
            }
            '\u{1B}' | '\n' => return,
            _ => {
                chars.next();
            }
        }
    }
}
