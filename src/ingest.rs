//! Bytes in, `Document` out.
//!
//! This module owns everything between a file on disk and the article model: reading
//! (refusing directories, FIFOs and other non-files), refusing binary files, decoding
//! (UTF-8, byte-order marks, UTF-16, Windows-1252), normalising line ends, form feeds and
//! backspace overstrike, removing control characters and terminal escape sequences, and
//! applying TOML metadata sidecars. Sanitising happens here, once, so that no later path
//! can write document text to the terminal raw.
//! It also decides which parser reads a file (`Format`: from `--format`, else the content,
//! else the name) and reads standard input (`-`) and URLs through `ingest::fetch`.
//! The structure of the text (title, sections, notes) is the business of the format
//! parsers (`plain`, `markdown`, `html`, `epub`, filling `builder`); this module must not
//! guess at it.

pub mod builder;
pub mod epub;
pub mod fetch;
pub mod html;
pub mod markdown;
pub mod plain;

use crate::document::{BlockKind, Document, Meta};
use std::borrow::Cow;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The I/O error is part of the message, so it is not also a `source()`: printing
    /// the error with its causes would say it twice.
    #[error("{path}: {reason}")]
    Io {
        path: String,
        reason: std::io::Error,
    },
    #[error("{path}: looks like a binary file, not text")]
    Binary { path: String },
    #[error("{path}: is too large to read ({} MB; recto reads files up to {} MB)", size >> 20, MAX_FILE_BYTES >> 20)]
    TooLarge { path: String, size: u64 },
    /// A directory, FIFO, socket or device: reading it could hang or makes no sense.
    #[error("{path}: is {what}, not a regular file")]
    NotAFile { path: String, what: &'static str },
    /// The file is of its format but broken or hostile (a damaged EPUB, a zip bomb).
    #[error("{path}: {reason}")]
    Malformed { path: String, reason: String },
    /// A URL could not be fetched: DNS, connection, TLS, an HTTP status, a timeout, a cap.
    #[error("{url}: {reason}")]
    Fetch { url: String, reason: String },
}

/// Which parser reads a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A plain-text article, as copied or scraped from a page (`ingest::plain`).
    Text,
    Markdown,
    Html,
    Epub,
}

impl Format {
    pub const NAMES: [&'static str; 4] = ["text", "markdown", "html", "epub"];

    /// The format a file name says (`.md`, `.html`, `.epub`, `.txt`), if any.
    pub fn from_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        let ext = ext.split(['?', '#']).next().unwrap_or_default();
        match ext {
            "md" | "markdown" | "mdown" | "mkd" | "mkdn" | "mdwn" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
            "epub" => Some(Format::Epub),
            "txt" | "text" => Some(Format::Text),
            _ => None,
        }
    }

    /// The format a MIME type says (`text/html; charset=utf-8`), if any.
    pub fn from_mime(mime: &str) -> Option<Format> {
        let essence = mime.split(';').next().unwrap_or_default().trim();
        match essence.to_ascii_lowercase().as_str() {
            "text/html" | "application/xhtml+xml" => Some(Format::Html),
            "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
            "application/epub+zip" => Some(Format::Epub),
            "text/plain" => Some(Format::Text),
            _ => None,
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "epub" => Ok(Format::Epub),
            _ => Err(format!("expected one of: {}", Format::NAMES.join(", "))),
        }
    }
}

/// The format the user forced with `--format`, for every document of this run.
static FORCED_FORMAT: std::sync::OnceLock<Format> = std::sync::OnceLock::new();

/// Makes every later load of this process read its input as `format` (`--format`). Set
/// once, by `main`, before anything is read; a second call is ignored.
pub fn force_format(format: Format) {
    let _ = FORCED_FORMAT.set(format);
}

/// Whether the bytes are a ZIP archive that says it is an EPUB (its first entry is the
/// `mimetype` file holding `application/epub+zip`), or any ZIP named `.epub`.
fn is_epub_bytes(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        && bytes[..bytes.len().min(200)]
            .windows(20)
            .any(|w| w == b"application/epub+zip")
}

/// The format of a document: the one forced, else what the content shows (an EPUB's
/// ZIP signature, an HTML document's first tag, Markdown's marks), else what the name
/// says, else plain text.
pub fn detect_format(name: &str, bytes: &[u8]) -> Format {
    if let Some(&forced) = FORCED_FORMAT.get() {
        return forced;
    }
    if is_epub_bytes(bytes) {
        return Format::Epub;
    }
    let by_name = Format::from_name(name);
    if bytes.starts_with(b"PK\x03\x04") && by_name == Some(Format::Epub) {
        return Format::Epub;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let head_text = String::from_utf8_lossy(head);
    if looks_like_html(&head_text) {
        return Format::Html;
    }
    match by_name {
        Some(format) => format,
        None if markdown::looks_like_markdown(&head_text) => Format::Markdown,
        None => Format::Text,
    }
}

/// An HTML document starts (after a byte-order mark, white space and comments) with a
/// doctype or an `<html>`, `<head>` or `<body>` tag.
fn looks_like_html(head: &str) -> bool {
    let mut rest = head.trim_start_matches('\u{FEFF}').trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<!--") {
            match after.find("-->") {
                Some(end) => rest = after[end + 3..].trim_start(),
                None => return false,
            }
        } else if rest.starts_with("<?xml") {
            match rest.find("?>") {
                Some(end) => rest = rest[end + 2..].trim_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    let start: String = rest
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|tag| start.starts_with(tag))
}

/// Text ready for parsing, with what decoding had to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Share of suspicious characters (controls that text does not use, undecodable bytes)
/// above which a file counts as binary, in percent.
const BINARY_THRESHOLD_PERCENT: usize = 30;

/// Decodes, normalises and sanitises `bytes`. `path` is only used in messages.
///
/// Never panics. Refuses binary input with `IngestError::Binary`.
pub fn decode(path: &str, bytes: &[u8]) -> Result<Decoded, IngestError> {
    decode_cow(path, Cow::Borrowed(bytes))
}

/// `decode`, reusing the buffer when it is given owned: a big valid UTF-8 file that needs
/// no cleaning is never copied.
fn decode_cow(path: &str, bytes: Cow<'_, [u8]>) -> Result<Decoded, IngestError> {
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
enum Encoding {
    Utf8 { bom: bool },
    Utf16 { little_endian: bool, bom: bool },
}

fn detect_encoding(bytes: &[u8]) -> Encoding {
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
fn decode_8bit_owned(bytes: &[u8], warnings: &mut Vec<String>) -> (Cow<'static, str>, usize) {
    let (text, replaced) = decode_8bit(bytes, warnings);
    (Cow::Owned(text.into_owned()), replaced)
}

/// UTF-8, or Windows-1252 when the invalid bytes say so. Returns the text and how many
/// characters had to be replaced with U+FFFD.
fn decode_8bit<'a>(bytes: &'a [u8], warnings: &mut Vec<String>) -> (Cow<'a, str>, usize) {
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
fn windows_1252(byte: u8) -> char {
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

fn decode_utf16(
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
fn looks_binary(text: &str, replaced: usize) -> bool {
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
fn normalize_controls(text: &str) -> Cow<'_, str> {
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
struct Removed {
    sequences: usize,
    chars: usize,
}

/// Runs of zero-width marks after one base character longer than this are cut: a
/// "zalgo" letter with thousands of combining marks is an attack on the terminal, not
/// text anyone reads.
const MAX_ZERO_WIDTH_RUN: usize = 16;

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

fn sanitize_counting(text: &str) -> (Cow<'_, str>, Removed) {
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
fn first_needing_attention(text: &str) -> Option<usize> {
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
fn needs_attention(c: char) -> bool {
    c.is_control() && c != '\n'
        || is_removed_char(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
        || is_zero_width(c)
}

/// Characters dropped on their own (not part of a sequence).
fn is_removed_char(c: char) -> bool {
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
fn is_zero_width(c: char) -> bool {
    !c.is_ascii() && unicode_width::UnicodeWidthChar::width(c) == Some(0)
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After an ESC: consumes the rest of the sequence it starts.
fn skip_escape(chars: &mut Chars) {
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
fn skip_csi_body(chars: &mut Chars) {
    while chars.next_if(|c| matches!(c, ' '..='?')).is_some() {}
    chars.next_if(|c| matches!(c, '@'..='~'));
}

/// The body of OSC, DCS, SOS, PM or APC: everything up to BEL or a string terminator
/// (ESC \ or U+009C). An ESC ends the string and is left to start its own (usually
/// `ESC \`, which is then removed as a two-character escape). An unterminated string
/// ends at the end of the line, so one broken sequence cannot swallow a whole document.
fn skip_string_body(chars: &mut Chars) {
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

/// A path as shown to the user, in errors and as `Document::path`: file names are
/// untrusted too (a name can hold an escape sequence), so it is sanitised and kept on one
/// line. The caller keeps the real path if it needs to open the file again.
pub fn display_name(path: &str) -> String {
    let safe = sanitize(path);
    if safe.contains('\n') {
        safe.replace('\n', " ")
    } else {
        safe
    }
}

/// `path` as it may be shown: `display_name` of its lossy text.
pub fn display_path(path: &Path) -> String {
    display_name(&path.display().to_string())
}

/// Parses an article from bytes.
pub fn parse_bytes(path: &str, bytes: &[u8]) -> Result<Document, IngestError> {
    parse_cow(path, Cow::Borrowed(bytes))
}

/// A document's identity: a hash of its bytes (and of its URL when it was fetched), as 16
/// hex digits. FNV-1a, written out here, so that it stays the same across Rust versions
/// (it names documents in the files recto saves).
pub fn content_id(bytes: &[u8], url: Option<&str>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    if let Some(url) = url {
        eat(url.as_bytes());
        eat(b"\n");
    }
    eat(bytes);
    format!("{h:016x}")
}

fn parse_cow(path: &str, bytes: Cow<'_, [u8]>) -> Result<Document, IngestError> {
    let format = detect_format(path, &bytes);
    parse_format(path, bytes, format, None)
}

/// Parses `bytes` as `format`. `charset` is what the transport said the text's encoding
/// is (an HTTP Content-Type), for HTML.
pub fn parse_format(
    path: &str,
    bytes: Cow<'_, [u8]>,
    format: Format,
    charset: Option<&str>,
) -> Result<Document, IngestError> {
    let shown = display_name(path);
    let id = content_id(&bytes, url_of(path));
    let mut doc = match format {
        Format::Epub => epub::parse(&shown, &bytes)?,
        Format::Html => {
            let decoded = html::decode(&shown, &bytes, charset)?;
            html::check_bounds(&decoded.text).map_err(|reason| IngestError::Malformed {
                path: shown.clone(),
                reason,
            })?;
            let mut doc = html::parse(&decoded.text, url_of(path));
            doc.warnings.splice(0..0, decoded.warnings);
            doc
        }
        Format::Markdown | Format::Text => {
            let decoded = decode_cow(path, bytes)?;
            let mut doc = if format == Format::Markdown {
                markdown::parse(&decoded.text)
            } else {
                plain::parse(&decoded.text)
            };
            doc.warnings.splice(0..0, decoded.warnings);
            doc
        }
    };
    doc.id = id;
    doc.path = shown;
    Ok(doc)
}

/// `path` when it is an http(s) URL (links in a fetched page are relative to it).
fn url_of(path: &str) -> Option<&str> {
    fetch::is_url(path).then_some(path)
}

/// Reads and parses the file at `path`, applying metadata sidecars when there are any.
///
/// Only regular files are read: a directory, FIFO, socket or device gives a one-line
/// error instead of a hang. Every error names the file.
pub fn load(path: &Path) -> Result<Document, IngestError> {
    if let Some(text) = path.to_str() {
        if text == "-" {
            return fetch::read_stdin();
        }
        if fetch::is_url(text) {
            return fetch::fetch(text, |_| {});
        }
    }
    let shown = display_path(path);
    let bytes = read_regular_file(path, &shown)?;
    // Handing the buffer over lets decoding reuse it instead of copying.
    let mut doc = parse_cow(&shown, Cow::Owned(bytes))?;
    apply_sidecars(path, &mut doc);
    Ok(doc)
}

/// The beginning of a large file, parsed, for the reader to show while the whole file is
/// read: the first `limit` bytes, cut at the last blank line (or line end) so that no
/// paragraph is split. `None` when the file is no longer than `limit` (load it whole).
/// Notes at the end of the file are not in the preview, so its references may not resolve.
pub fn load_preview(path: &Path, limit: u64) -> Result<Option<Document>, IngestError> {
    let shown = display_path(path);
    if path.to_str().is_some_and(|p| p == "-" || fetch::is_url(p)) {
        return Ok(None);
    }
    let (mut bytes, truncated) = read_regular_prefix(path, &shown, limit)?;
    // Only plain text can be cut at a blank line and still read right: an EPUB, a page
    // or Markdown with its notes at the end is read whole.
    if !truncated || detect_format(&shown, &bytes) != Format::Text {
        return Ok(None);
    }
    bytes.truncate(paragraph_cut(&bytes));
    let mut doc = parse_bytes(&shown, &bytes)?;
    apply_sidecars(path, &mut doc);
    Ok(Some(doc))
}

/// The most of a pipe the reader keeps: a pipe may never end.
pub const MAX_PIPE_BYTES: usize = 256 << 20;

/// Reads a named pipe (FIFO) and parses what came through it. Blocks until a writer opens
/// it and while it writes, so only a background thread may call it (the reader's loader
/// does; the subcommands refuse pipes instead, so that they never hang). Once `preview_at`
/// bytes have come and more are coming, `preview` gets the beginning, cut at a paragraph.
/// A pipe that goes on past `MAX_PIPE_BYTES` is read that far, with a warning.
pub fn load_pipe(
    path: &Path,
    preview_at: usize,
    mut preview: impl FnMut(Document),
) -> Result<Document, IngestError> {
    use std::io::Read;
    let shown = display_path(path);
    let io = |reason| IngestError::Io {
        path: shown.clone(),
        reason,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    let mut chunk = vec![0; 64 * 1024];
    let mut previewed = false;
    let mut cut_short = false;
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io(e)),
        };
        let room = MAX_PIPE_BYTES - bytes.len();
        bytes.extend_from_slice(&chunk[..n.min(room)]);
        if n >= room {
            cut_short = true;
            break;
        }
        if !previewed && bytes.len() >= preview_at {
            previewed = true;
            // Only plain text has a beginning that reads right on its own.
            if detect_format(&shown, &bytes) == Format::Text {
                refuse_binary(&shown, &bytes)?;
                if let Ok(doc) = parse_bytes(&shown, &bytes[..paragraph_cut(&bytes)]) {
                    preview(doc);
                }
            }
        }
    }
    let mut doc = parse_cow(&shown, Cow::Owned(bytes))?;
    if cut_short {
        doc.warnings.push(format!(
            "the pipe went on past {} MB: only that much was read",
            MAX_PIPE_BYTES >> 20
        ));
    }
    Ok(doc)
}

/// Where the beginning of a text read so far ends without splitting a paragraph: after
/// its last blank line, else after its last line end, else at its end.
fn paragraph_cut(bytes: &[u8]) -> usize {
    find_last(bytes, b"\n\n")
        .or_else(|| find_last(bytes, b"\n"))
        .map_or(bytes.len(), |i| i + 1)
}

/// The binary-file error when the first bytes read of a file already say it is binary.
fn refuse_binary(shown: &str, first: &[u8]) -> Result<(), IngestError> {
    match decode(shown, first) {
        Err(e @ IngestError::Binary { .. }) => Err(e),
        _ => Ok(()),
    }
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn read_regular_file(path: &Path, shown: &str) -> Result<Vec<u8>, IngestError> {
    read_regular_prefix(path, shown, u64::MAX).map(|(bytes, _)| bytes)
}

/// At most `limit` bytes of a regular file, and whether the file is longer than that.
fn read_regular_prefix(
    path: &Path,
    shown: &str,
    limit: u64,
) -> Result<(Vec<u8>, bool), IngestError> {
    use std::io::Read;
    let io = |reason| IngestError::Io {
        path: shown.to_string(),
        reason,
    };
    let not_a_file = |file_type: std::fs::FileType| IngestError::NotAFile {
        path: shown.to_string(),
        what: describe_file_type(file_type),
    };
    // Look first, so that opening a FIFO (which blocks until a writer comes) never happens.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(not_a_file(meta.file_type()));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // In case the path was swapped for a FIFO since we looked: do not block on open.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(not_a_file(meta.file_type()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            path: shown.to_string(),
            size: meta.len(),
        });
    }
    let wanted = meta.len().min(limit);
    let mut file = file.take(limit);
    // The first bytes decide whether it is text at all: a sparse or binary file of
    // gigabytes is refused before it is read.
    let mut bytes = Vec::new();
    (&mut file)
        .take(BINARY_SNIFF_BYTES)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if !is_epub_bytes(&bytes) {
        refuse_binary(shown, &bytes)?;
    }
    bytes
        .try_reserve_exact(
            usize::try_from(wanted)
                .unwrap_or(usize::MAX)
                .saturating_sub(bytes.len()),
        )
        .map_err(|_| io(std::io::Error::from(std::io::ErrorKind::OutOfMemory)))?;
    file.read_to_end(&mut bytes).map_err(io)?;
    Ok((bytes, meta.len() > limit))
}

/// The largest file recto reads: its model costs about twice the file, and the machine
/// it runs on is not a server. A longer file is refused by name, not read until memory
/// runs out.
const MAX_FILE_BYTES: u64 = 4 << 30;

/// How much of a file is looked at before reading the rest.
const BINARY_SNIFF_BYTES: u64 = 64 * 1024;

fn describe_file_type(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Metadata a sidecar may set. `author` becomes the byline.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct SidecarMeta {
    title: Option<String>,
    subtitle: Option<String>,
    author: Option<String>,
    byline: Option<String>,
    date: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

/// Sidecars, weakest first: the directory's `catalog.toml` (a table per file name), then
/// `NAME.toml` beside the file. A sidecar that cannot be read or parsed is a warning on
/// the document, never an error.
fn apply_sidecars(path: &Path, doc: &mut Document) {
    let Some(file_name) = path.file_name() else {
        return;
    };
    let catalog = path.with_file_name("catalog.toml");
    if let Some(text) = read_sidecar(&catalog, doc) {
        apply_catalog(doc, &catalog, &text, &file_name.to_string_lossy());
    }
    let mut own = file_name.to_os_string();
    own.push(".toml");
    let own = path.with_file_name(own);
    if let Some(text) = read_sidecar(&own, doc) {
        match toml::from_str::<SidecarMeta>(&text) {
            Ok(meta) => apply_meta(doc, meta),
            Err(e) => sidecar_warning(doc, &own, &e.to_string()),
        }
    }
}

/// Applies the entry for `file_name` from the text of a `catalog.toml` (a table per file
/// name). Also used for the bundled articles, whose catalog is compiled in.
pub fn apply_catalog(doc: &mut Document, catalog: &Path, text: &str, file_name: &str) {
    match toml::from_str::<toml::Table>(text) {
        Ok(table) => {
            if let Some(entry) = table.get(file_name) {
                match entry.clone().try_into::<SidecarMeta>() {
                    Ok(meta) => apply_meta(doc, meta),
                    Err(e) => sidecar_warning(doc, catalog, &e.to_string()),
                }
            }
        }
        Err(e) => sidecar_warning(doc, catalog, &e.to_string()),
    }
}

/// The sidecar's text, `None` when there is none; a sidecar that exists but cannot be
/// read (a directory, a FIFO, not UTF-8) is a warning.
fn read_sidecar(path: &Path, doc: &mut Document) -> Option<String> {
    let shown = display_path(path);
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            sidecar_warning(doc, path, &e.to_string());
            None
        }
        Ok(_) => match read_regular_file(path, &shown) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Some(text),
                Err(_) => {
                    sidecar_warning(doc, path, "not valid UTF-8");
                    None
                }
            },
            Err(e) => {
                // The error already names the file.
                doc.warnings
                    .push(format!("metadata ignored: {}", one_line(&e.to_string())));
                None
            }
        },
    }
}

fn sidecar_warning(doc: &mut Document, path: &Path, reason: &str) {
    doc.warnings.push(format!(
        "metadata ignored: {}: {}",
        sanitize_field(&path.display().to_string()),
        one_line(reason)
    ));
}

/// Error texts (toml's especially) span lines; a warning is one line of safe text.
fn one_line(text: &str) -> String {
    sanitize_field(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A metadata value as shown: sanitised, on one line, trimmed.
fn sanitize_field(value: &str) -> String {
    sanitize(value)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fields the sidecar sets win over what was found in the text. The title block, when
/// the parser made one, shows the new title.
fn apply_meta(doc: &mut Document, from: SidecarMeta) {
    let field = |v: Option<String>| v.map(|v| sanitize_field(&v)).filter(|v| !v.is_empty());
    let meta: &mut Meta = &mut doc.meta;
    if let Some(title) = field(from.title) {
        meta.title = title.clone();
        if let Some(block) = doc.blocks.iter_mut().find(|b| b.kind == BlockKind::Title) {
            block.text = title;
            block.refs.clear();
        }
    }
    let meta: &mut Meta = &mut doc.meta;
    let author = field(from.author).map(|a| {
        if a.starts_with("By ") || a.starts_with("by ") {
            a
        } else {
            format!("By {a}")
        }
    });
    if let Some(byline) = field(from.byline).or(author) {
        meta.byline = Some(byline);
    }
    if let Some(v) = field(from.subtitle) {
        meta.subtitle = Some(v);
    }
    if let Some(v) = field(from.date) {
        meta.date = Some(v);
    }
    if let Some(v) = field(from.source) {
        meta.source = Some(v);
    }
    if let Some(v) = field(from.url) {
        meta.url = Some(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> String {
        decode("t.txt", bytes).expect("decodes").text
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(text("héllo\n".as_bytes()), "héllo\n");
        assert_eq!(text(b"\xEF\xBB\xBFhello"), "hello");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Añ€😀".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Añ€😀".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text(&le), "Añ€😀");
        assert_eq!(text(&be), "Añ€😀");
    }

    #[test]
    fn utf16_without_bom_when_clear() {
        let s = "Plain English text, as UTF-16.\n";
        let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(text(&le), s);
        assert_eq!(text(&be), s);
    }

    #[test]
    fn windows_1252_when_clear() {
        let d = decode("t.txt", b"caf\xe9 \x93quoted\x94 \x80 5 na\xefve").unwrap();
        assert_eq!(d.text, "café “quoted” € 5 naïve");
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains("Windows-1252"));
    }

    #[test]
    fn stray_byte_in_utf8_is_lossy() {
        let d2 = decode(
            "t.txt",
            b"\xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9 \xff",
        )
        .unwrap();
        assert_eq!(d2.text, "é é é é é \u{FFFD}");
        assert!(d2.warnings[0].contains("invalid byte"));
    }

    #[test]
    fn line_ends_form_feed_overstrike() {
        assert_eq!(text(b"a\r\nb\rc\x0cd"), "a\nb\nc\nd");
        assert_eq!(text(b"_\x08x_\x08y B\x08Bo\x08old"), "xy Bold");
        assert_eq!(text(b"\x08start\n\x08x"), "start\nx");
        assert_eq!(text(b"_\x08B\x08B"), "B");
    }

    #[test]
    fn binary_is_refused() {
        for bytes in [
            &b"abc\0def"[..],
            b"text\0",
            b"\x7fELF\x02\x01\x01\0\0\0",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            b"\x01\x02\x03\x04\x05\x06abc",
        ] {
            let err = decode("x.bin", bytes).unwrap_err();
            assert_eq!(err.to_string(), "x.bin: looks like a binary file, not text");
        }
    }

    #[test]
    fn empty_is_fine() {
        assert_eq!(text(b""), "");
    }

    #[test]
    fn sanitize_removes_sequences_with_their_bodies() {
        let cases = [
            ("a\x1b[31mred\x1b[0m b", "ared b"),
            ("a\x1b[?1049h b", "a b"),
            ("x\x1b]0;title\x07y", "xy"),
            ("x\x1b]2;title\x1b\\y", "xy"),
            ("x\x1b]52;c;SGVsbG8=\x07y", "xy"),
            ("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", "link"),
            ("x\x1bPq#0;2;0;0;0\x1b\\y", "xy"),
            ("x\x1b_apc\x1b\\y \x1b^pm\x07z \x1bXsos\x1b\\w", "xy z w"),
            ("x\x1b]0;unterminated\nnext", "x\nnext"),
            ("x\x1b7y\x1b8z\x1bc", "xyz"),
            ("x\x1b(By", "xy"),
            ("x\u{9b}31my", "xy"),
            ("x\u{9d}0;t\u{9c}y", "xy"),
            ("x\u{90}dcs\u{9c}y", "xy"),
            ("x\u{85}\u{80}y", "xy"),
            ("a\x1b[6nb\x1b[cc\x1b]11;?\x07d", "abcd"),
            ("a\u{0}b\u{7}c\u{7f}d\re", "abcde"),
            ("a\tb", "a b"),
            (
                "\u{202E}evil\u{202C} \u{2066}iso\u{2069}\u{200F}",
                "evil iso",
            ),
            (
                "zero\u{200B}width\u{FEFF} soft\u{AD}hyphen",
                "zerowidth softhyphen",
            ),
            (
                "family 👨\u{200D}👩\u{200D}👧",
                "family 👨\u{200D}👩\u{200D}👧",
            ),
            ("line\u{2028}sep", "line\nsep"),
            ("esc at end \x1b", "esc at end "),
            ("esc then é\x1bé", "esc then éé"),
        ];
        for (input, want) in cases {
            assert_eq!(sanitize(input), want, "input {input:?}");
        }
    }

    #[test]
    fn sanitize_caps_combining_marks() {
        let zalgo = format!("a{}b", "\u{301}".repeat(10_000));
        let out = sanitize(&zalgo);
        assert_eq!(out, format!("a{}b", "\u{301}".repeat(MAX_ZERO_WIDTH_RUN)));
        assert_eq!(sanitize("é\u{301}"), "é\u{301}");
    }

    #[test]
    fn sanitize_is_idempotent_on_tricky_joins() {
        for s in [
            "\x1b\x1b[31m",
            "a\u{301}\x1b\u{301}",
            "\u{9b}\x1b]x",
            "[\x1b31m",
            "\x1b\u{7}[31m",
        ] {
            let once = sanitize(s);
            assert_eq!(sanitize(&once), once, "input {s:?}");
        }
    }

    #[test]
    fn decode_warns_about_removed_sequences() {
        let d = decode("t", b"a\x1b[31mb").unwrap();
        assert_eq!(d.text, "ab");
        assert!(d.warnings.iter().any(|w| w.contains("escape sequence")));
    }
}
