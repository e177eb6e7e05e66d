//! Parsing scraped plain-text articles: paragraphs, title, byline, sections, lists, chrome.

use crate::document::{Block, BlockKind, Document, Sentence};

/// Parses sanitised text into a `Document` (path left empty).
pub fn parse(text: &str) -> Document {
    let mut doc = Document::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let kind = if doc.blocks.is_empty() {
            doc.meta.title = line.to_string();
            BlockKind::Title
        } else {
            BlockKind::Paragraph
        };
        doc.blocks.push(Block::new(kind, line));
    }
    for (bi, b) in doc.blocks.iter().enumerate() {
        if b.is_body() {
            for range in crate::sentences::split(&b.text) {
                doc.sentences.push(Sentence { block: bi, range });
            }
        }
    }
    doc
}
