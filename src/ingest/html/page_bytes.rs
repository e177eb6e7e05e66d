//! A page's bytes before parsing: the bounds a page must keep to be parsed in bounded time
//! and memory (size, nesting depth), its character set, and HTML entities met outside a
//! page. Nothing here builds a tree or reads the article.

use super::super::{Decoded, IngestError};
use std::borrow::Cow;

/// The largest page recto parses: its tree takes about ten times its size in memory.
pub const MAX_HTML_BYTES: usize = 48 << 20;

/// The deepest nesting of elements recto parses. html5ever's tree building is quadratic in
/// the depth (every tag looks through the open elements), so a page nested a hundred
/// thousand deep would take hours; real pages stay far below this.
pub const MAX_NESTING: usize = 1024;

/// Refuses a page that is too large or too deeply nested to parse in bounded time and
/// memory, with the reason.
pub fn check_bounds(text: &str) -> Result<(), String> {
    if text.len() > MAX_HTML_BYTES {
        return Err(format!(
            "is too large for a web page ({} MB; recto reads pages up to {} MB)",
            text.len() >> 20,
            MAX_HTML_BYTES >> 20
        ));
    }
    let depth = nesting_depth(text);
    if depth > MAX_NESTING {
        return Err(format!(
            "nests elements more than {MAX_NESTING} deep; recto cannot lay out such a page"
        ));
    }
    Ok(())
}

/// How deep the elements that are normally closed (`div`, `span`, `b`, …) nest, from the
/// tags alone: a linear scan, no parsing. Elements often left open (`p`, `li`) and void
/// elements (`br`) do not count.
pub(super) fn nesting_depth(text: &str) -> usize {
    const COUNTED: [&[u8]; 16] = [
        b"div",
        b"span",
        b"b",
        b"i",
        b"em",
        b"strong",
        b"a",
        b"font",
        b"section",
        b"table",
        b"blockquote",
        b"ul",
        b"ol",
        b"article",
        b"sup",
        b"small",
    ];
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut i = 0;
    while let Some(offset) = memchr_lt(&bytes[i..]) {
        i += offset + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = bytes[start..start + name_len].to_ascii_lowercase();
        if name.is_empty() || !COUNTED.contains(&name.as_slice()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

pub(super) fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// Decodes a page's bytes: the transport's charset, else a byte-order mark, else the
/// page's own `<meta charset>`, else UTF-8 (with the usual Windows-1252 fallback); then
/// sanitised like any text.
pub fn decode(path: &str, bytes: &[u8], charset: Option<&str>) -> Result<Decoded, IngestError> {
    let has_bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF]);
    let label = charset
        .map(str::to_string)
        .or_else(|| (!has_bom).then(|| meta_charset(bytes)).flatten());
    let encoding = label
        .as_deref()
        .and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes()));
    match encoding {
        Some(enc) if !has_bom && enc != encoding_rs::UTF_8 && enc != encoding_rs::UTF_16LE => {
            let (text, _, had_errors) = enc.decode(bytes);
            let mut decoded =
                super::super::decode_cow(path, Cow::Owned(text.into_owned().into_bytes()))?;
            if had_errors {
                decoded.warnings.push(format!(
                    "some bytes are not valid {}; shown as \u{FFFD}",
                    enc.name()
                ));
            }
            Ok(decoded)
        }
        _ => super::super::decode_cow(path, Cow::Borrowed(bytes)),
    }
}

/// The charset a page declares in its first kilobytes: `<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=…">`.
pub(super) fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(i) = rest.find("<meta") {
        rest = &rest[i + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(j) = tag.find("charset=") {
            let value = tag[j + 8..].trim_start_matches(['"', '\'', ' ']);
            let end = value
                .find(|c: char| !(c.is_ascii_alphanumeric() || "-_:.".contains(c)))
                .unwrap_or(value.len());
            if end > 0 {
                return Some(value[..end].to_string());
            }
        }
    }
    None
}

/// Decodes the HTML character references of a bit of raw HTML met outside a page (raw
/// HTML inside Markdown): named ones common in prose, decimal and hexadecimal ones.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let doc = dom_query::Document::fragment(format!("<p>{}</p>", text.replace('<', "&lt;")));
    doc.root().text().to_string()
}
