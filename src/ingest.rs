//! Bytes in, `Document` out.
//!
//! This module owns everything between a file on disk and the article model: reading,
//! refusing binary files, decoding (UTF-8, BOMs, UTF-16, Windows-1252), normalising line
//! ends, and removing control characters and terminal escape sequences. Sanitising happens
//! here, once, so that no later path can write document text to the terminal raw.
//! The structure of the text (title, sections, notes) is the business of `ingest::plain`.

pub mod plain;

use crate::document::{Document, Meta};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: looks like a binary file, not text")]
    Binary { path: String },
}

/// Text ready for parsing, with what decoding had to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Decodes and sanitises `bytes`. `path` is only used in messages.
pub fn decode(path: &str, bytes: &[u8]) -> Result<Decoded, IngestError> {
    if bytes.contains(&0) {
        return Err(IngestError::Binary { path: path.into() });
    }
    let text = String::from_utf8_lossy(bytes);
    Ok(Decoded {
        text: sanitize(&text.replace("\r\n", "\n").replace('\r', "\n")),
        warnings: Vec::new(),
    })
}

/// Removes control characters and escape sequences, keeping tab and newline.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect()
}

/// Parses an article from bytes.
pub fn parse_bytes(path: &str, bytes: &[u8]) -> Result<Document, IngestError> {
    let decoded = decode(path, bytes)?;
    let mut doc = plain::parse(&decoded.text);
    doc.path = path.to_string();
    doc.warnings.splice(0..0, decoded.warnings);
    Ok(doc)
}

/// Reads and parses the file at `path`, applying a metadata sidecar when there is one.
pub fn load(path: &Path) -> Result<Document, IngestError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| IngestError::Io {
        path: shown.clone(),
        source,
    })?;
    let mut doc = parse_bytes(&shown, &bytes)?;
    if let Some(meta) = sidecar(path) {
        apply_meta(&mut doc.meta, meta);
    }
    Ok(doc)
}

/// Metadata from `NAME.toml` beside the file, if present and valid.
fn sidecar(path: &Path) -> Option<Meta> {
    let mut name = path.file_name()?.to_os_string();
    name.push(".toml");
    let text = std::fs::read_to_string(path.with_file_name(name)).ok()?;
    toml::from_str(&text).ok()
}

/// Fields the sidecar sets win over what was found in the text.
fn apply_meta(meta: &mut Meta, from: Meta) {
    if !from.title.is_empty() {
        meta.title = from.title;
    }
    meta.subtitle = from.subtitle.or(meta.subtitle.take());
    meta.byline = from.byline.or(meta.byline.take());
    meta.date = from.date.or(meta.date.take());
    meta.source = from.source.or(meta.source.take());
    meta.url = from.url.or(meta.url.take());
}
