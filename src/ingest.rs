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
mod decode;
pub mod epub;
pub mod fetch;
pub mod html;
pub mod markdown;
pub mod plain;

use crate::document::{BlockKind, Document, Meta};
use std::borrow::Cow;
use std::path::Path;

use decode::*;
pub use decode::{Decoded, decode, sanitize};

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
