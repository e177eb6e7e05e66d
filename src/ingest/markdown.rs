//! Markdown (CommonMark with GitHub's extensions) into the document builder.
//!
//! `pulldown-cmark` does the parsing: footnotes (numbered, named, of several paragraphs),
//! tables, strikethrough, task lists, YAML or TOML front matter. This module walks its
//! events in order and fills `ingest::builder`: a leading `#` heading is the title,
//! other headings are sections (their slug is an anchor for `#links`), lists keep their
//! nesting, fenced and indented code stays verbatim, front matter becomes metadata.
//! Raw HTML inside Markdown shows its text, never its tags. Input is already decoded and
//! sanitised by `ingest`; this module does not touch files or terminals.

use super::builder::{Builder, InlineText, Lists};
use crate::document::{BlockKind, Document, Inline};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Parses Markdown text into a `Document` (path left empty).
pub fn parse(text: &str) -> Document {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut walker = Walker::default();
    for event in Parser::new_ext(text, options) {
        walker.event(event);
    }
    walker.finish()
}

/// Whether text with no telling name reads as Markdown: at least two kinds of Markdown's
/// own marks (ATX headings, fences, footnote definitions, inline links, emphasis with `**`,
/// front matter), and some of them more than once. A scraped article with one `#` line is
/// not enough.
pub fn looks_like_markdown(head: &str) -> bool {
    let mut kinds = 0;
    let mut hits = 0;
    let mut count = |n: usize| {
        if n > 0 {
            kinds += 1;
            hits += n;
        }
    };
    let lines = || head.lines().take(2000);
    count(
        lines()
            .filter(|l| {
                let hashes = l.bytes().take_while(|&b| b == b'#').count();
                (1..=6).contains(&hashes) && l[hashes..].starts_with(' ')
            })
            .count(),
    );
    count(
        lines()
            .filter(|l| l.trim_start().starts_with("```"))
            .count(),
    );
    count(
        lines()
            .filter(|l| l.starts_with("[^") && l.contains("]:"))
            .count(),
    );
    count(head.matches("](").count());
    count(head.matches("**").count() / 2);
    let front_matter = head.starts_with("---\n") && head[4..].contains("\n---");
    front_matter || (kinds >= 2 && hits >= 3)
}

/// A footnote definition being read.
#[derive(Debug)]
struct FootnoteState {
    label: String,
    paragraphs: Vec<InlineText>,
}

/// The block being filled from inline events, and what kind of block it will be.
#[derive(Debug)]
enum Target {
    Heading(u8, Option<String>),
    Title,
    Block(BlockKind),
    Cell,
}

#[derive(Debug, Default)]
struct Walker {
    builder: Builder,
    inline: Option<(Target, InlineText)>,
    lists: Lists,
    quotes: usize,
    footnote: Option<FootnoteState>,
    code: Option<(Option<String>, String)>,
    /// Rows of the table being read, and how many are its head.
    table: Option<(Vec<Vec<InlineText>>, usize)>,
    in_metadata: bool,
    metadata: String,
    /// Nothing but front matter came so far: a `#` heading here is the title.
    at_start: bool,
    started: bool,
    /// Inside an HTML comment spread over several inline HTML events.
    in_comment: bool,
}

impl Walker {
    fn event(&mut self, event: Event<'_>) {
        if !self.started {
            self.started = true;
            self.at_start = true;
        }
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (language, text) = self.code.take().unwrap_or_default();
                    if let Some(note) = &mut self.footnote {
                        // A note is paragraphs: its listing is one, line breaks kept.
                        let mut paragraph = InlineText::new();
                        paragraph.open(Inline::Code);
                        paragraph.push(text.trim_end_matches('\n'));
                        paragraph.close();
                        note.paragraphs.push(paragraph);
                    } else {
                        self.builder.code(language.as_deref(), &text);
                    }
                }
                _ => {}
            }
            return;
        }
        if self.in_metadata {
            match event {
                Event::Text(t) => self.metadata.push_str(&t),
                Event::End(TagEnd::MetadataBlock(_)) => {
                    self.in_metadata = false;
                    self.apply_front_matter();
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text().push_collapsed(&t),
            Event::Code(t) => {
                let text = self.text();
                text.open(Inline::Code);
                text.push(&t);
                text.close();
            }
            Event::InlineMath(t) => {
                let text = self.text();
                text.open(Inline::Code);
                text.push(&t);
                text.close();
            }
            Event::DisplayMath(t) => {
                self.flush();
                self.builder.code(Some("math"), &t);
            }
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html),
            Event::FootnoteReference(label) => self.text().note_ref(&label),
            Event::SoftBreak => self.text().push(" "),
            Event::HardBreak => self.text().line_break(),
            Event::Rule => self.flush(),
            Event::TaskListMarker(done) => {
                self.lists.set_marker(if done { "☑" } else { "☐" });
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let leading = std::mem::replace(&mut self.at_start, false);
        match tag {
            Tag::Paragraph => self.begin_block(),
            Tag::Heading { level, id, .. } => {
                self.flush();
                let level = heading_level(level);
                let target = if leading && level == 1 && !self.builder.has_title_block() {
                    Target::Title
                } else {
                    Target::Heading(level, id.map(|i| i.to_string()))
                };
                self.inline = Some((target, InlineText::new()));
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quotes += 1;
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split([' ', ',', '{'])
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((language, String::new()));
            }
            Tag::HtmlBlock => self.flush(),
            Tag::List(start) => {
                self.flush();
                self.lists.open(start);
            }
            Tag::Item => {
                self.flush();
                self.lists.item();
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.footnote = Some(FootnoteState {
                    label: label.to_string(),
                    paragraphs: Vec::new(),
                });
            }
            Tag::Table(_) => {
                self.flush();
                self.table = Some((Vec::new(), 0));
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some((rows, _)) = &mut self.table {
                    rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.inline = Some((Target::Cell, InlineText::new())),
            Tag::Emphasis => self.text().open(Inline::Emphasis),
            Tag::Strong => self.text().open(Inline::Strong),
            Tag::Strikethrough => self.text().open(Inline::Strikethrough),
            // A destination may hold any character (`<…>`, entities): made safe like text.
            Tag::Link { dest_url, .. } => self.text().open(Inline::Link {
                target: super::sanitize(&dest_url),
            }),
            // The alternative text is what the author wrote for the picture.
            Tag::Image { .. } => {}
            Tag::MetadataBlock(_) => {
                self.in_metadata = true;
                self.at_start = leading;
            }
            Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item => self.flush(),
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.close();
            }
            TagEnd::FootnoteDefinition => {
                self.flush();
                if let Some(note) = self.footnote.take() {
                    self.builder.define_note(&note.label, note.paragraphs);
                }
            }
            TagEnd::TableCell => {
                if let Some((Target::Cell, cell)) = self.inline.take()
                    && let Some(row) = self.table.as_mut().and_then(|t| t.0.last_mut())
                {
                    row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some((rows, head)) = &mut self.table {
                    *head = rows.len();
                }
            }
            TagEnd::Table => {
                if let Some((rows, head)) = self.table.take() {
                    self.builder.table(rows, head);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                self.text().close()
            }
            _ => {}
        }
    }

    /// The inline text being filled, starting a block when text comes outside any (a
    /// tight list item's text, raw HTML's words).
    fn text(&mut self) -> &mut InlineText {
        if self.inline.is_none() {
            self.begin_block();
        }
        &mut self
            .inline
            .get_or_insert_with(|| (Target::Cell, InlineText::new()))
            .1
    }

    fn begin_block(&mut self) {
        self.flush();
        let kind = if let Some(item) = self.lists.block_kind() {
            item
        } else if self.quotes > 0 {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        };
        self.inline = Some((Target::Block(kind), InlineText::new()));
    }

    /// Hands the block being filled to the builder (or to the footnote being read).
    fn flush(&mut self) {
        let Some((target, text)) = self.inline.take() else {
            return;
        };
        if let Some(note) = &mut self.footnote {
            note.paragraphs.push(text);
            return;
        }
        match target {
            Target::Title => self.builder.title(text),
            Target::Heading(level, id) => {
                let anchor = id.unwrap_or_else(|| slug(text.as_str()));
                self.builder.anchor(&anchor);
                self.builder.heading(level, text);
            }
            Target::Block(kind) => self.builder.block(kind, text),
            Target::Cell => {
                // A cell left open (a malformed table): keep its words as a paragraph.
                self.builder.block(BlockKind::Paragraph, text)
            }
        }
    }

    /// Raw HTML: comments vanish, `<br>` breaks the line, other tags are dropped and the
    /// words between them stay.
    fn html(&mut self, html: &str) {
        let mut rest = html;
        while !rest.is_empty() {
            if self.in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        self.in_comment = false;
                        rest = &rest[end + 3..];
                    }
                    None => return,
                }
            } else if let Some(after) = rest.strip_prefix("<!--") {
                self.in_comment = true;
                rest = after;
            } else if rest.starts_with('<') {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let tag = rest[..end].to_ascii_lowercase();
                if tag.starts_with("<br") {
                    self.text().line_break();
                }
                rest = &rest[end..];
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let words = &rest[..end];
                if !words.trim().is_empty() {
                    let decoded = super::html::decode_entities(words);
                    self.text().push_collapsed(&decoded);
                }
                rest = &rest[end..];
            }
        }
    }

    /// Front matter's `title`, `author`, `date`, `lang`, `site` (YAML `key: value` or TOML
    /// `key = "value"` lines) become metadata.
    fn apply_front_matter(&mut self) {
        let text = std::mem::take(&mut self.metadata);
        for line in text.lines() {
            let Some((key, value)) = line.split_once(':').or_else(|| line.split_once('=')) else {
                continue;
            };
            let value = value.trim().trim_matches(['"', '\'']).trim();
            if value.is_empty() || line.starts_with([' ', '\t', '-']) {
                continue;
            }
            let value = super::sanitize(value);
            let meta = self.builder.meta();
            match key.trim().to_ascii_lowercase().as_str() {
                "title" => meta.title = value,
                "subtitle" => meta.subtitle = Some(value),
                "author" | "authors" => meta.byline = Some(format!("By {value}")),
                "byline" => meta.byline = Some(value),
                "date" | "published" => meta.date = Some(value),
                "lang" | "language" => meta.language = Some(value),
                "site" | "site_name" | "publisher" => meta.site = Some(value),
                "url" | "source" => meta.url = Some(value),
                _ => {}
            }
        }
    }

    fn finish(mut self) -> Document {
        self.flush();
        if let Some((language, text)) = self.code.take() {
            self.builder.code(language.as_deref(), &text);
        }
        let byline = self.builder.meta().byline.clone();
        let date = self.builder.meta().date.clone();
        let mut doc = self.builder.finish();
        // Front matter's byline and date show under the title, as a page shows them.
        let after_title = doc
            .blocks
            .iter()
            .position(|b| b.kind == BlockKind::Title)
            .map(|t| t + 1);
        if let Some(at) = after_title {
            let mut extra = Vec::new();
            if let Some(b) = byline {
                extra.push(crate::document::Block::new(BlockKind::Byline, b));
            }
            if let Some(d) = date {
                extra.push(crate::document::Block::new(BlockKind::Date, d));
            }
            insert_blocks(&mut doc, at, extra);
        }
        doc
    }
}

/// Inserts header blocks at `at`, moving every index that points at or past it.
fn insert_blocks(doc: &mut Document, at: usize, blocks: Vec<crate::document::Block>) {
    let n = blocks.len();
    if n == 0 {
        return;
    }
    doc.blocks.splice(at..at, blocks);
    for s in &mut doc.sections {
        if s.block >= at {
            s.block += n;
        }
    }
    for note in &mut doc.notes {
        if note.block >= at {
            note.block += n;
        }
    }
    for b in doc.anchors.values_mut() {
        if *b >= at {
            *b += n;
        }
    }
    for s in &mut doc.sentences {
        if s.block >= at {
            s.block += n;
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// GitHub's anchor for a heading: lower case, spaces to hyphens, punctuation dropped.
pub fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c == ' ' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}
