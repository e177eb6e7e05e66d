//! Web pages (a saved article, any HTML document) into the document builder.
//!
//! Three steps. First the notes: note references are found on the FULL page (`<sup><a
//! href="#fn1">`, `role="doc-noteref"`, `epub:type="noteref"`, `data-type="noteref"`,
//! Wikipedia's `cite_ref`/`cite_note`) and the elements they point at are read as notes,
//! back-links removed, because Readability often drops the notes list. Then the article:
//! `dom_smoothie` (a port of Mozilla's Readability) takes the main content and the
//! metadata (title, byline, site, date, language); when it finds none, the whole body is
//! read. Last, the article's tree is walked into blocks: headings, paragraphs, nested
//! lists, quotes, listings (`<pre>`), tables, captions, with emphasis, code and links as
//! spans, and references to the notes found first. Text is decoded by html5ever (entities)
//! and sanitised by the builder, so `&#27;` never reaches the terminal.
//! Also used for EPUB chapters (XHTML), where the notes may live in another file: the
//! caller gives the notes it already knows. Nothing here reads files or the network.

use super::builder::{Builder, InlineText, Lists};
use crate::document::{BlockKind, Document, Inline};
use dom_query::NodeRef;
use std::collections::{HashMap, HashSet};

mod page_bytes;

pub use page_bytes::{MAX_HTML_BYTES, MAX_NESTING, check_bounds, decode, decode_entities};

/// Deepest element nesting that is walked as structure; deeper content is read as the
/// text of the element at this depth (a hostile page nests divs by the hundred thousand).
const MAX_DEPTH: usize = 256;

/// The most elements a page may have for Readability to run on it; a larger page is read
/// whole, without extraction (time stays bounded).
const MAX_READABILITY_ELEMENTS: usize = 200_000;

/// Notes known before the walk: by the id of their element (`fn1`, `cite_note-Smith-3`).
#[derive(Debug, Default, Clone)]
pub struct NoteSet {
    /// The note's paragraphs, by label.
    pub notes: HashMap<String, Vec<InlineText>>,
    /// Ids of the references themselves (`fnref1`, `cite_ref-Smith_3-0`): links to them in
    /// a note are back-links.
    pub ref_ids: HashSet<String>,
}

/// Parses a web page into a `Document` (path left empty). `url` is where it came from,
/// when fetched (Readability resolves links against it).
pub fn parse(text: &str, url: Option<&str>) -> Document {
    let page = dom_query::Document::from(text);
    // Everything wanted from the whole page is taken before Readability, which changes
    // the page as it works: it is given this tree rather than parsing the text again.
    let notes = collect_notes(&[(String::new(), &page)]);
    let h1s = page_h1s(&page);
    let config = dom_smoothie::Config {
        keep_classes: true,
        max_elements_to_parse: MAX_READABILITY_ELEMENTS,
        ..Default::default()
    };
    let url = url.filter(|u| super::fetch::is_url(u));
    let article = dom_smoothie::Readability::with_document(page, url, Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let mut builder = Builder::new();
    let content;
    let root = match &article {
        Some(article) => {
            let meta = builder.meta();
            meta.title = headline(&h1s, &one_line(&article.title));
            meta.byline = article
                .byline
                .as_deref()
                .map(one_line)
                .filter(|s| !s.is_empty());
            meta.site = article
                .site_name
                .as_deref()
                .map(one_line)
                .filter(|s| !s.is_empty());
            meta.date = article
                .published_time
                .as_deref()
                .map(one_line)
                .filter(|s| !s.is_empty());
            meta.language = article
                .lang
                .as_deref()
                .map(one_line)
                .filter(|s| !s.is_empty());
            meta.url = url.map(str::to_string);
            content = dom_query::Document::from(article.content.to_string());
            content.root()
        }
        None => {
            // No article found: the whole page is read, from a fresh tree.
            content = dom_query::Document::from(text);
            let title = content
                .select("title")
                .nodes()
                .first()
                .map(|t| one_line(&t.text()))
                .unwrap_or_default();
            builder.meta().title = headline(&h1s, &title);
            builder.meta().language = content
                .select("html")
                .nodes()
                .first()
                .and_then(|h| h.attr("lang"))
                .map(|l| one_line(&l));
            content.body().unwrap_or_else(|| content.root())
        }
    };
    header_blocks(&mut builder);
    let mut walker = Walker::new(&mut builder, &notes, "");
    walker.container(&root, 0);
    walker.flush();
    define_notes(&mut builder, notes);
    builder.finish()
}

/// The texts of the page's `<h1>` headings (permalinks left out), for the headline.
fn page_h1s(page: &dom_query::Document) -> Vec<String> {
    page.select("body h1")
        .nodes()
        .iter()
        .map(heading_text)
        .filter(|t| !t.is_empty() && t.chars().count() <= 300)
        .collect()
}

/// The article's headline: Readability's title often keeps the site's name ("Sorting HOW
/// TO — Python 3.11 documentation"), so a `<h1>` of the page that the title contains,
/// or the page's only `<h1>`, is preferred to it.
fn headline(h1s: &[String], title: &str) -> String {
    let wanted = words(title);
    if let Some(h) = h1s
        .iter()
        .find(|h| words(h).len() >= 3 && wanted.contains(&words(h)))
    {
        return h.clone();
    }
    match h1s {
        [only] if only.split_whitespace().count() >= 2 => only.clone(),
        _ => title.to_string(),
    }
}

/// A heading's text without its permalink (`¶`) or edit link.
fn heading_text(h: &NodeRef<'_>) -> String {
    let mut text = String::new();
    for n in h.descendants_it() {
        if n.is_text() && !n.ancestors_it(Some(8)).any(|a| is_furniture(&a)) {
            text.push_str(&n.text());
        }
    }
    one_line(&text)
}

/// Lower-case words only, for comparing titles.
fn words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Permalinks and edit links beside headings (Sphinx's `¶`, Wikipedia's `[edit]`): page
/// furniture that would otherwise end up in every section title.
fn is_furniture(node: &NodeRef<'_>) -> bool {
    node.attr("class").is_some_and(|c| {
        c.split_whitespace().any(|c| {
            matches!(
                c,
                "headerlink" | "mw-editsection" | "mw-jump-link" | "anchorjs-link"
            )
        })
    })
}

/// Hands the notes to the builder, in a stable order (the builder numbers them by first
/// reference anyway).
pub fn define_notes(builder: &mut Builder, notes: NoteSet) {
    let mut notes: Vec<_> = notes.notes.into_iter().collect();
    notes.sort_by(|a, b| a.0.cmp(&b.0));
    for (label, paragraphs) in notes {
        builder.define_note(&label, paragraphs);
    }
}

/// The title, byline and date as the first blocks, as a page shows them.
fn header_blocks(builder: &mut Builder) {
    let meta = builder.meta().clone();
    if !meta.title.is_empty() {
        let mut title = InlineText::new();
        title.push_collapsed(&meta.title);
        builder.title(title);
    }
    if let Some(byline) = &meta.byline {
        builder.meta_block(BlockKind::Byline, byline);
    }
    if let Some(date) = &meta.date {
        builder.meta_block(BlockKind::Date, date);
    }
}

fn one_line(s: &str) -> String {
    super::sanitize(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads every note the pages' references point at. `pages` are (path, page): one page
/// with an empty path for a web page, where notes are known by their element id; an
/// EPUB's chapters by their path in the book, where notes are known as `path#id` and a
/// reference may point into another chapter.
pub fn collect_notes(pages: &[(String, &dom_query::Document)]) -> NoteSet {
    let mut set = NoteSet::default();
    let mut targets: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (path, page) in pages {
        for a in page.select("a[href]").nodes() {
            let Some(target) = note_target(a, path) else {
                continue;
            };
            for id in [a.attr("id"), a.parent().and_then(|p| p.attr("id"))]
                .into_iter()
                .flatten()
            {
                set.ref_ids.insert(note_key(path, "", &id));
            }
            if seen.insert(target.clone()) {
                targets.push(target);
            }
        }
    }
    // A link from a note back to its reference looks like a reference too: its target is
    // a reference, not a note.
    targets.retain(|t| !set.ref_ids.contains(t));
    // Each page's elements by id, once: looking each note up by scanning would be
    // quadratic on a page with thousands of notes.
    let by_id: Vec<HashMap<String, NodeRef<'_>>> =
        pages.iter().map(|(_, page)| elements_by_id(page)).collect();
    // What a note's own walker needs to know (which links are back-links), made once.
    let reading = NoteSet {
        notes: HashMap::new(),
        ref_ids: std::mem::take(&mut set.ref_ids),
    };
    for target in targets {
        let (path, id) = match target.rsplit_once('#') {
            Some((path, id)) => (path, id),
            None => ("", target.as_str()),
        };
        let Some(page) = pages.iter().position(|(p, _)| p == path) else {
            continue;
        };
        let Some(node) = by_id[page].get(id) else {
            continue;
        };
        let node = note_body(node);
        let paragraphs = note_paragraphs(&node, &reading, path);
        if paragraphs.iter().any(|p| !p.is_empty()) {
            set.notes.insert(target.clone(), paragraphs);
        }
    }
    set.ref_ids = reading.ref_ids;
    set
}

/// Every element of `page` by its id, and anchors by their name (the first one wins).
fn elements_by_id(page: &dom_query::Document) -> HashMap<String, NodeRef<'_>> {
    let mut map = HashMap::new();
    for node in page.select("[id]").nodes() {
        if let Some(id) = node.attr("id") {
            map.entry(id.to_string()).or_insert(*node);
        }
    }
    for node in page.select("a[name]").nodes() {
        if let Some(name) = node.attr("name") {
            map.entry(name.to_string()).or_insert(*node);
        }
    }
    map
}

/// How a note is known: its id on a web page (`base` empty), `path#id` in a book, where
/// `href`'s file part is relative to the chapter `base`.
pub fn note_key(base: &str, file: &str, id: &str) -> String {
    if base.is_empty() {
        return id.to_string();
    }
    let path = if file.is_empty() {
        base.to_string()
    } else {
        resolve_path(base, file)
    };
    format!("{path}#{id}")
}

/// `href` (relative, percent-encoded as written) resolved against the file `base`.
pub fn resolve_path(base: &str, href: &str) -> String {
    let href = percent_decode(href);
    let mut parts: Vec<&str> = if href.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').collect()
    };
    parts.pop(); // the base's file name
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if base.starts_with('/') && !joined.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The id an `<a>` points at when it reads as a note reference: a same-page link marked
/// as a note reference, or a short mark (`1`, `[12]`, `a`, `*`) in superscript.
fn note_target(a: &NodeRef<'_>, base: &str) -> Option<String> {
    let href = a.attr("href")?;
    let (file, id) = href.split_once('#')?;
    if id.is_empty() {
        return None;
    }
    let marked = has_token(a, "role", "doc-noteref")
        || has_token(a, "epub:type", "noteref")
        || has_token(a, "data-type", "noteref")
        || a.attr("class")
            .is_some_and(|c| c.contains("footnote") || c.contains("noteref"));
    let in_sup = a.ancestors_it(Some(2)).any(|p| {
        p.node_name()
            .is_some_and(|n| n.as_ref() == "sup" || n.as_ref() == "span" && is_reference_span(&p))
    }) || a
        .first_element_child()
        .is_some_and(|c| c.node_name().is_some_and(|n| n.as_ref() == "sup"));
    let wiki = id.starts_with("cite_note");
    let text = a.text();
    let short = short_mark(&text);
    // A web page may write its own address before the `#` (Wikipedia does); in a book a
    // link with a scheme leaves the book.
    let leaves = !base.is_empty() && file.contains("://");
    if (marked || wiki || in_sup) && short && !leaves {
        Some(note_key(base, file, id))
    } else {
        None
    }
}

/// Wikipedia wraps references in `<sup class="reference">`; some sites use a span.
fn is_reference_span(node: &NodeRef<'_>) -> bool {
    node.attr("class").is_some_and(|c| {
        c.split_whitespace()
            .any(|c| c == "reference" || c == "footnote")
    })
}

/// A reference mark: a few characters, digits or letters or symbols, in brackets or not.
fn short_mark(text: &str) -> bool {
    let t = text.trim().trim_matches(['[', ']', '(', ')']).trim();
    !t.is_empty() && t.chars().count() <= 8 && !t.contains(' ')
}

fn has_token(node: &NodeRef<'_>, attr: &str, token: &str) -> bool {
    node.attr(attr)
        .is_some_and(|v| v.split_whitespace().any(|t| t == token))
}

/// The element that holds a note's text: the element with the id itself, or its parent
/// when the id is on an empty anchor (`<p><a id="fn1"></a>1. The note…</p>`).
fn note_body<'a>(node: &NodeRef<'a>) -> NodeRef<'a> {
    // A definition list of notes: the term is the label, the definition the note.
    if node.node_name().is_some_and(|n| n.as_ref() == "dt")
        && let Some(dd) = node.next_element_sibling()
        && dd.node_name().is_some_and(|n| n.as_ref() == "dd")
    {
        return dd;
    }
    if node.text().trim().is_empty()
        && let Some(parent) = node.parent()
    {
        return parent;
    }
    *node
}

/// A note's paragraphs, its back-links left out.
fn note_paragraphs(node: &NodeRef<'_>, reading: &NoteSet, base: &str) -> Vec<InlineText> {
    let mut builder = Builder::new();
    let mut walker = Walker::new(&mut builder, reading, base);
    walker.in_note = true;
    walker.container(node, 0);
    walker.flush();
    // A note whose number is written in its text ("1. The note") keeps it: it is the
    // author's text, and the reader shows the note's own number beside it anyway.
    std::mem::take(&mut walker.note_paragraphs)
}

/// Walks an article's tree into the builder.
pub struct Walker<'b> {
    builder: &'b mut Builder,
    notes: &'b NoteSet,
    /// The chapter's path in a book (empty for a web page): note keys are relative to it.
    base: &'b str,
    /// Added to every heading's level (a book's chapter headings sit below its contents'
    /// titles).
    pub level_shift: u8,
    /// A heading with this text, met first, is not shown again (the chapter title that the
    /// contents already gave).
    pub skip_heading: Option<String>,
    /// The paragraph being filled and the kind of block it will be.
    inline: Option<(BlockKind, InlineText)>,
    lists: Lists,
    quotes: usize,
    /// Reading a note's own element: paragraphs go to `note_paragraphs`.
    in_note: bool,
    note_paragraphs: Vec<InlineText>,
    /// The article's title was met as its first heading (so it is not a section too).
    seen_title: bool,
    /// A note's `<dt>` label was skipped: its `<dd>` is the note, shown with the notes.
    skip_definition: bool,
    /// A note's paragraph began with a back-link (its number): the punctuation that
    /// followed it ("1. The note") goes too.
    after_backlink: bool,
}

impl<'b> Walker<'b> {
    pub fn new(builder: &'b mut Builder, notes: &'b NoteSet, base: &'b str) -> Self {
        Walker {
            builder,
            notes,
            base,
            level_shift: 0,
            skip_heading: None,
            inline: None,
            lists: Lists::default(),
            quotes: 0,
            in_note: false,
            note_paragraphs: Vec::new(),
            seen_title: false,
            skip_definition: false,
            after_backlink: false,
        }
    }

    /// Children of a block container: block children become blocks, runs of inline
    /// children become paragraphs.
    pub fn container(&mut self, node: &NodeRef<'_>, depth: usize) {
        for child in node.children_it(false) {
            self.node(&child, depth + 1);
        }
    }

    fn node(&mut self, node: &NodeRef<'_>, depth: usize) {
        if node.is_text() {
            let text = node.text();
            if !text.trim().is_empty() || self.inline.is_some() {
                self.text().push_collapsed(&text);
            }
            return;
        }
        if !node.is_element() {
            return;
        }
        let Some(name) = node.node_name() else {
            return;
        };
        let name = name.to_ascii_lowercase();
        if SKIPPED.contains(&name.as_str()) || is_hidden(node) || is_furniture(node) {
            return;
        }
        if !self.in_note
            && let Some(id) = node.attr("id")
            && self.notes.notes.contains_key(&note_key(self.base, "", &id))
        {
            // The note is shown in the notes list, where the page had it.
            self.flush();
            self.builder.place_notes_here();
            self.skip_definition = name == "dt";
            return;
        }
        if std::mem::take(&mut self.skip_definition) && name == "dd" {
            return; // the text of the note whose label was just skipped
        }
        if depth > MAX_DEPTH {
            self.text().push_collapsed(&node.text());
            return;
        }
        if let Some(id) = node.attr("id") {
            self.builder.anchor(&note_key(self.base, "", &id));
        }
        match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(node, &name, depth),
            "p" | "dt" | "dd" | "address" => {
                self.flush();
                self.container(node, depth);
                self.flush();
            }
            "figcaption" | "caption" => {
                self.flush();
                self.inline = Some((BlockKind::Caption, InlineText::new()));
                self.container(node, depth);
                self.flush();
            }
            "pre" | "listing" | "xmp" | "plaintext" => {
                self.flush();
                if self.in_note {
                    self.text().push_collapsed(&node.text());
                    self.flush();
                } else {
                    self.builder
                        .code(code_language(node).as_deref(), &node.text());
                }
            }
            "ul" | "ol" | "menu" => {
                self.flush();
                let start = node
                    .attr("start")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1);
                self.lists.open((name == "ol").then_some(start));
                self.container(node, depth);
                self.flush();
                self.lists.close();
            }
            "li" => {
                self.flush();
                self.lists.item();
                self.container(node, depth);
                self.flush();
            }
            "blockquote" => {
                self.flush();
                self.quotes += 1;
                self.container(node, depth);
                self.flush();
                self.quotes -= 1;
            }
            "table" => self.table(node, depth),
            "br" => self.text().line_break(),
            "hr" => self.flush(),
            _ if BLOCKS.contains(&name.as_str()) => {
                self.flush();
                self.container(node, depth);
                self.flush();
            }
            _ => self.inline_element(node, &name, depth),
        }
    }

    fn heading(&mut self, node: &NodeRef<'_>, name: &str, depth: usize) {
        self.flush();
        let level: u8 = name[1..].parse().unwrap_or(1);
        if self.in_note {
            self.container(node, depth);
            self.flush();
            return;
        }
        self.inline = Some((BlockKind::Paragraph, InlineText::new()));
        self.container(node, depth);
        let heading = self.inline.take().map(|(_, t)| t).unwrap_or_default();
        let shown = one_line(heading.as_str());
        if let Some(skip) = self.skip_heading.take()
            && shown.eq_ignore_ascii_case(&skip)
        {
            return;
        }
        let title = self.builder.meta().title.clone();
        if shown.eq_ignore_ascii_case(&title) && !self.seen_title {
            // The page's title again, at the top of the article: shown once.
            self.seen_title = true;
            return;
        }
        self.builder
            .heading(level.saturating_add(self.level_shift), heading);
    }

    fn inline_element(&mut self, node: &NodeRef<'_>, name: &str, depth: usize) {
        let style = match name {
            "em" | "i" | "cite" | "dfn" | "var" => Some(Inline::Emphasis),
            "strong" | "b" => Some(Inline::Strong),
            "code" | "kbd" | "samp" | "tt" => Some(Inline::Code),
            "s" | "del" | "strike" => Some(Inline::Strikethrough),
            "a" => {
                if let Some(label) = self.reference(node) {
                    self.text().note_ref(&label);
                    return;
                }
                if self.in_note && self.is_backlink(node) {
                    self.after_backlink = self.inline.as_ref().is_none_or(|(_, t)| t.is_empty());
                    return;
                }
                node.attr("href")
                    .filter(|h| !h.trim().is_empty() && !h.starts_with("javascript:"))
                    .map(|h| Inline::Link {
                        target: super::sanitize(h.trim()),
                    })
            }
            "sup" if !self.in_note && self.only_references(node) => {
                for a in named(node, &["a"]) {
                    if let Some(label) = self.reference(&a) {
                        self.text().note_ref(&label);
                    }
                }
                return;
            }
            "span" | "sup" if self.in_note && self.is_backlink(node) => {
                self.after_backlink = self.inline.as_ref().is_none_or(|(_, t)| t.is_empty());
                return;
            }
            _ => None,
        };
        let styled = style.is_some();
        if let Some(style) = style {
            self.text().open(style);
        }
        self.container(node, depth);
        if styled {
            self.text().close();
        }
    }

    /// The label of the note `a` refers to, when it is a reference to a known note.
    fn reference(&self, a: &NodeRef<'_>) -> Option<String> {
        if self.in_note {
            return None;
        }
        let href = a.attr("href")?;
        let (file, id) = href.split_once('#')?;
        let key = note_key(self.base, file, id);
        (self.notes.notes.contains_key(&key) && short_mark(&a.text())).then_some(key)
    }

    /// A `<sup>` that holds nothing but references (`<sup>[<a>1</a>]</sup>`).
    fn only_references(&self, sup: &NodeRef<'_>) -> bool {
        let links: Vec<_> = named(sup, &["a"]).collect();
        let refs = links.iter().filter(|a| self.reference(a).is_some()).count();
        refs > 0 && refs == links.len()
    }

    /// A link from a note back to its reference (`↩`, `^`, Wikipedia's backlink span).
    fn is_backlink(&self, node: &NodeRef<'_>) -> bool {
        let class = node.attr("class").unwrap_or_default();
        if class.contains("backlink") || has_token(node, "role", "doc-backlink") {
            return true;
        }
        let Some(href) = node.attr("href") else {
            return false;
        };
        let (file, id) = href.split_once('#').unwrap_or(("", ""));
        let text = node.text();
        self.notes.ref_ids.contains(&note_key(self.base, file, id))
            || matches!(text.trim(), "↩" | "↩\u{FE0E}" | "^" | "↑" | "⮐")
    }

    fn table(&mut self, node: &NodeRef<'_>, depth: usize) {
        self.flush();
        let rows: Vec<NodeRef<'_>> = named(node, &["tr"])
            .filter(|tr| {
                // Rows of this table, not of a table nested in it.
                tr.ancestors_it(None)
                    .find(|a| a.node_name().is_some_and(|n| n.as_ref() == "table"))
                    .is_some_and(|t| t.id == node.id)
            })
            .collect();
        let layout_table = rows.len() <= 1
            || rows.iter().all(|r| r.element_children().len() <= 1)
            || named(
                node,
                &[
                    "table",
                    "p",
                    "ul",
                    "ol",
                    "pre",
                    "blockquote",
                    "h1",
                    "h2",
                    "h3",
                    "h4",
                ],
            )
            .next()
            .is_some();
        if layout_table || self.in_note {
            // A table used for layout: its cells are read as blocks.
            self.container(node, depth);
            self.flush();
            return;
        }
        let mut cells = Vec::new();
        let mut header_rows = 0;
        for (i, tr) in rows.iter().enumerate() {
            let mut row = Vec::new();
            let mut all_th = true;
            for cell in tr.element_children() {
                let name = cell.node_name().unwrap_or_default();
                if name.as_ref() != "td" && name.as_ref() != "th" {
                    continue;
                }
                all_th &= name.as_ref() == "th";
                self.inline = Some((BlockKind::Paragraph, InlineText::new()));
                self.container(&cell, depth + 1);
                let content = self.inline.take().map(|(_, t)| t).unwrap_or_default();
                row.push(content);
            }
            let in_head = tr
                .parent()
                .and_then(|p| p.node_name())
                .is_some_and(|n| n.as_ref() == "thead");
            if (in_head || all_th) && i == header_rows {
                header_rows += 1;
            }
            cells.push(row);
        }
        self.builder.table(cells, header_rows);
    }

    /// The inline text being filled, starting a paragraph (or list item, quote) when
    /// none is open.
    fn text(&mut self) -> &mut InlineText {
        if self.inline.is_none() {
            let kind = if let Some(item) = self.lists.block_kind() {
                item
            } else if self.quotes > 0 {
                BlockKind::Quote
            } else {
                BlockKind::Paragraph
            };
            self.inline = Some((kind, InlineText::new()));
        }
        &mut self
            .inline
            .get_or_insert_with(|| (BlockKind::Paragraph, InlineText::new()))
            .1
    }

    pub fn flush(&mut self) {
        let Some((kind, text)) = self.inline.take() else {
            return;
        };
        if text.is_empty() {
            // An empty list item keeps its marker for the next text of the item.
            if let BlockKind::ListItem { marker, .. } = &kind
                && !marker.trim().is_empty()
            {
                self.lists.unmark();
            }
            return;
        }
        if self.in_note {
            let mut text = text;
            if std::mem::take(&mut self.after_backlink) {
                text.strip_leading(&[' ', '.', ')', ':', ']', '\u{A0}']);
            }
            self.note_paragraphs.push(text);
        } else {
            self.builder.block(kind, text);
        }
    }
}

/// Elements whose content is never article text.
const SKIPPED: [&str; 14] = [
    "script", "style", "noscript", "template", "head", "title", "svg", "button", "input", "select",
    "textarea", "iframe", "object", "canvas",
];

/// Elements that are blocks of their own (their content is not part of the paragraph
/// around them).
const BLOCKS: [&str; 21] = [
    "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure", "details",
    "summary", "dl", "form", "fieldset", "center", "body", "html", "hgroup", "picture", "video",
    "audio",
];

/// The descendants of `node` that are elements named one of `names` (lower case).
fn named<'a>(node: &NodeRef<'a>, names: &'a [&'a str]) -> impl Iterator<Item = NodeRef<'a>> {
    node.descendants_it().filter(move |n| {
        n.node_name()
            .is_some_and(|name| names.contains(&name.to_ascii_lowercase().as_str()))
    })
}

fn is_hidden(node: &NodeRef<'_>) -> bool {
    node.has_attr("hidden")
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.as_ref() == "true")
        || node
            .attr("style")
            .is_some_and(|s| s.replace(' ', "").contains("display:none"))
}

/// The language of a listing from its class (`language-rust`, `lang-py`) or its code
/// child's.
fn code_language(node: &NodeRef<'_>) -> Option<String> {
    let from = |n: &NodeRef<'_>| {
        n.attr("class").and_then(|c| {
            c.split_whitespace().find_map(|c| {
                c.strip_prefix("language-")
                    .or_else(|| c.strip_prefix("lang-"))
                    .map(str::to_string)
            })
        })
    };
    from(node).or_else(|| node.first_element_child().and_then(|c| from(&c)))
}

#[cfg(test)]
mod tests {
    use super::page_bytes::{meta_charset, nesting_depth};
    use super::*;

    #[test]
    fn nesting_is_measured_from_tags() {
        assert_eq!(
            nesting_depth("<div><p>a<div>b</div></div><span>c</span>"),
            2
        );
        assert_eq!(nesting_depth("<p>one<p>two<br><li>three"), 0);
        let deep = "<div>".repeat(5000);
        assert!(check_bounds(&deep).is_err());
    }

    #[test]
    fn meta_charset_is_read() {
        assert_eq!(
            meta_charset(b"<html><head><meta charset=\"ISO-8859-1\">").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(
            meta_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
            )
            .as_deref(),
            Some("windows-1251")
        );
    }

    #[test]
    fn entities_decode() {
        assert_eq!(decode_entities("a &amp; b &#233; &lt;"), "a & b é <");
    }
}
