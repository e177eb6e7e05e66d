//! The article model: plain data produced by `ingest` and read by everything else.
//!
//! A `Document` owns its blocks (paragraphs, headings, list items, note entries, chrome),
//! the section tree, the resolved endnotes and the sentences of the body. It knows nothing
//! of terminals, widths or styling; layout, search and claims are computed from it.
//! All text in here has already been sanitised by `ingest`: no control characters.

use serde::Serialize;
use std::ops::Range;

/// One article, parsed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// The path as the user gave it (or the bundled file name).
    pub path: String,
    /// Its identity: a hash of the bytes it was parsed from (`ingest::content_id`), the
    /// same however it was opened (a path, a symlink, a pipe, the bundled copy). Empty
    /// for a document built by hand.
    pub id: String,
    pub meta: Meta,
    pub blocks: Vec<Block>,
    /// Sections in reading order; `parent` links build the tree.
    pub sections: Vec<Section>,
    /// The endnotes list, in the order it appears.
    pub notes: Vec<Note>,
    /// Sentences of the article body (not chrome, not headings, not the notes list).
    pub sentences: Vec<Sentence>,
    /// Things the user should know about this file (decoding, unresolved references, …).
    pub warnings: Vec<String>,
    /// The label the source gives a note, by index into `notes`, when it has one
    /// (`gauge-note` for Markdown's `[^gauge-note]`, `cite_note-Smith-3` for a web page's
    /// id). Notes are still shown by their `number`; the label is how the source names them.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub note_labels: std::collections::BTreeMap<usize, String>,
    /// In-document anchors (an HTML id, a Markdown heading's slug) and the block each
    /// names, so that a link to `#anchor` can jump there.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub anchors: std::collections::BTreeMap<String, usize>,
}

/// Facts about the article, from its text or from a TOML sidecar.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq)]
#[serde(default)]
pub struct Meta {
    pub title: String,
    pub subtitle: Option<String>,
    pub byline: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The site or publication the article comes from ("The Example Times").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// The language the source declares (`en`, `fr-CA`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A unit of text laid out on its own: a paragraph, a heading, a list item, ….
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    /// The text as the author wrote it: pasted note copies removed, references taken out
    /// (they live in `refs`, anchored at byte offsets into this text). A newline in it is
    /// a line break the layout keeps: only a listing (a long run of short lines: verse, a
    /// table, a log) has them; the parser joins the lines of a paragraph with spaces.
    pub text: String,
    pub refs: Vec<NoteRef>,
    /// Page chrome (menus, footers, promos): kept, but hidden unless asked for.
    pub chrome: bool,
    /// Inline styling and links over byte ranges of `text`, ordered by start. Ranges may
    /// nest (a link inside emphasis) but never cross; plain text has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
}

/// A run of a block's text that the source marks: `range` is a byte range of
/// `Block::text` on character boundaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub range: Range<usize>,
    pub style: Inline,
}

/// What a span of text is, as the source says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Emphasis,
    Strong,
    /// Inline code: shown verbatim, never a note reference.
    Code,
    Strikethrough,
    /// A link; `target` is the URL or in-document anchor (`#section-2`) as written.
    Link {
        target: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    Title,
    Subtitle,
    Byline,
    Date,
    /// A section heading; `section` indexes `Document::sections`.
    Heading {
        level: u8,
        section: usize,
    },
    Paragraph,
    /// `marker` is what the list shows: "•" or "3." and so on.
    ListItem {
        marker: String,
        depth: u8,
    },
    Quote,
    /// A listing kept verbatim: code, preformatted text, a table of aligned columns,
    /// box-drawing output. `text` holds its lines joined by '\n' exactly as written
    /// (indentation kept). It is never wrapped or re-indented, never holds references, and
    /// never yields sentences or headings.
    Code {
        /// The language when the source says it (a Markdown fence's info, a class).
        language: Option<String>,
    },
    /// A table of rows and cells: `text` holds the rows joined by '\n', and each row's
    /// cells joined by '\t' (a cell's own tabs and line breaks are spaces). The first
    /// `header_rows` rows are its head. Laid out in aligned columns, never as sentences.
    Table {
        header_rows: u8,
    },
    /// Figure captions, image credits: shown, but not sections and not sentences.
    Caption,
    /// One entry of the endnotes list; `note` indexes `Document::notes`.
    NoteEntry {
        note: usize,
    },
}

/// A reference to an endnote standing in a block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NoteRef {
    /// Byte offset into `Block::text` where the marker stands (just after the word).
    pub offset: usize,
    pub number: u32,
    /// Index into `Document::notes`, or `None` when no note has this number.
    pub note: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    /// 1 for top-level sections.
    pub level: u8,
    /// Index of the heading block.
    pub block: usize,
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub number: u32,
    pub text: String,
    /// Index of the `NoteEntry` block that shows it.
    pub block: usize,
}

/// A sentence of the body: a byte range of one block's text. Its id is its index in
/// `Document::sentences`, stable for a given input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub block: usize,
    pub range: Range<usize>,
}

/// A link of the document: its text, where it stands and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkLocation<'a> {
    pub block: usize,
    pub range: Range<usize>,
    pub text: &'a str,
    pub target: &'a str,
}

/// A reference in reading order, with where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefLocation {
    pub block: usize,
    pub index: usize,
    pub note_ref: NoteRef,
}

impl Document {
    pub fn title(&self) -> &str {
        &self.meta.title
    }

    pub fn sentence_text(&self, id: usize) -> &str {
        let s = &self.sentences[id];
        &self.blocks[s.block].text[s.range.clone()]
    }

    /// The sentence text with its references written as `[n]`, as the reader shows it.
    pub fn sentence_rendered(&self, id: usize) -> String {
        let s = &self.sentences[id];
        let block = &self.blocks[s.block];
        render_with_refs(
            &block.text[s.range.clone()],
            block
                .refs
                .iter()
                .filter(|r| r.offset > s.range.start && r.offset <= s.range.end)
                .map(|r| (r.offset - s.range.start, r.number)),
        )
    }

    /// The sentence that contains byte `offset` of `block`, if any.
    pub fn sentence_at(&self, block: usize, offset: usize) -> Option<usize> {
        let first = self.sentences.partition_point(|s| s.block < block);
        self.sentences[first..]
            .iter()
            .take_while(|s| s.block == block)
            .position(|s| s.range.start <= offset && offset <= s.range.end)
            .map(|i| first + i)
    }

    /// Every reference of the document in reading order (chrome excluded).
    pub fn references(&self) -> impl Iterator<Item = RefLocation> + '_ {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| !b.chrome)
            .flat_map(|(bi, b)| {
                b.refs.iter().enumerate().map(move |(i, r)| RefLocation {
                    block: bi,
                    index: i,
                    note_ref: *r,
                })
            })
    }

    /// Every link of the document in reading order (chrome included: a menu's links are
    /// links too), for a picker of links.
    pub fn links(&self) -> impl Iterator<Item = LinkLocation<'_>> + '_ {
        self.blocks.iter().enumerate().flat_map(|(bi, b)| {
            b.spans.iter().filter_map(move |s| match &s.style {
                Inline::Link { target } => Some(LinkLocation {
                    block: bi,
                    range: s.range.clone(),
                    text: &b.text[s.range.clone()],
                    target,
                }),
                _ => None,
            })
        })
    }

    /// The block whose source anchor (an HTML id, a Markdown heading's slug) is `anchor`,
    /// for following an in-document link `#anchor`.
    pub fn anchor_block(&self, anchor: &str) -> Option<usize> {
        self.anchors.get(anchor).copied()
    }

    /// The section a block belongs to (the last heading at or before it).
    pub fn section_of_block(&self, block: usize) -> Option<usize> {
        let i = self.sections.partition_point(|s| s.block <= block);
        i.checked_sub(1)
    }

    /// Indices of the children of `parent` (`None` for top-level sections).
    pub fn section_children(&self, parent: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        self.sections
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.parent == parent)
            .map(|(i, _)| i)
    }
}

/// Writes `text` with `[n]` inserted at each (offset, number); offsets ascend.
pub fn render_with_refs(text: &str, refs: impl IntoIterator<Item = (usize, u32)>) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = 0;
    for (offset, number) in refs {
        let offset = offset.min(text.len());
        out.push_str(&text[last..offset]);
        out.push_str(&format!("[{number}]"));
        last = offset;
    }
    out.push_str(&text[last..]);
    out
}

impl Block {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        Block {
            kind,
            text: text.into(),
            refs: Vec::new(),
            chrome: false,
            spans: Vec::new(),
        }
    }

    /// Body text that sentences, search and claims work on.
    pub fn is_body(&self) -> bool {
        !self.chrome
            && matches!(
                self.kind,
                BlockKind::Paragraph | BlockKind::ListItem { .. } | BlockKind::Quote
            )
    }

    /// The cells of a `Table` block, row by row (an empty list for other kinds).
    pub fn table_rows(&self) -> Vec<Vec<&str>> {
        if !matches!(self.kind, BlockKind::Table { .. }) {
            return Vec::new();
        }
        self.text
            .split('\n')
            .map(|row| row.split('\t').collect())
            .collect()
    }

    /// The link target of the innermost link covering byte `offset`, if any.
    pub fn link_at(&self, offset: usize) -> Option<&str> {
        self.spans
            .iter()
            .rev()
            .filter(|s| s.range.start <= offset && offset < s.range.end)
            .find_map(|s| match &s.style {
                Inline::Link { target } => Some(target.as_str()),
                _ => None,
            })
    }
}
