//! EPUB 2 and 3 books into the document builder.
//!
//! `rbook` reads the package: metadata (title, creators, language, publisher, date), the
//! spine in reading order, the contents (EPUB 3 navigation document or EPUB 2 NCX).
//! Each spine item is an XHTML chapter read by `ingest::html`'s walker (no Readability: a
//! book's chapters are all text): the title the contents give a chapter is a top-level
//! section, the chapter's own headings sit below it. Notes are collected from every
//! chapter first, so a reference into a separate notes file opens as a popup.
//! Cover, copyright and non-linear items are shown as chrome, never dropped.
//! Before anything is unpacked, the archive's directory is checked: an entry or a book
//! that would inflate past the caps (a zip bomb) is refused with a one-line error.

use super::IngestError;
use super::builder::{Builder, InlineText};
use super::html::{self, Walker};
use crate::document::{BlockKind, Document};
use rbook::Epub;
use std::collections::HashMap;
use std::io::Cursor;

/// The largest text entry (XHTML, package, contents) recto inflates.
const MAX_ENTRY_BYTES: u64 = 64 << 20;
/// The most text all entries together may inflate to.
const MAX_TEXT_BYTES: u64 = 256 << 20;
/// The most entries an archive may list.
const MAX_ENTRIES: usize = 100_000;

/// Parses an EPUB's bytes. `path` is only used in messages.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Document, IngestError> {
    let malformed = |reason: String| IngestError::Malformed {
        path: path.to_string(),
        reason,
    };
    check_archive(bytes).map_err(malformed)?;
    let epub = Epub::read(Cursor::new(bytes.to_vec())).map_err(|e| {
        malformed(format!(
            "not a readable EPUB ({})",
            one_line(&e.to_string())
        ))
    })?;

    let mut builder = Builder::new();
    let metadata = epub.metadata();
    let meta = builder.meta();
    if let Some(title) = metadata.title() {
        meta.title = one_line(title.value());
    }
    let creators: Vec<String> = metadata
        .creators()
        .map(|c| one_line(c.value()))
        .filter(|c| !c.is_empty())
        .collect();
    if !creators.is_empty() {
        meta.byline = Some(format!("By {}", creators.join(", ")));
    }
    meta.language = metadata.language().map(|l| one_line(l.value()));
    meta.site = metadata.publishers().next().map(|p| one_line(p.value()));
    meta.date = metadata
        .published_entry()
        .map(|d| one_line(d.value()))
        .filter(|d| !d.is_empty());

    // The contents: the first entry pointing at each file gives that chapter's title.
    let mut chapter_titles: HashMap<String, String> = HashMap::new();
    if let Some(contents) = epub.toc().contents() {
        for entry in contents.flatten() {
            let Some(href) = entry.href() else {
                continue;
            };
            let file = href.path().decode().into_owned();
            let label = one_line(entry.label());
            if !label.is_empty() {
                chapter_titles.entry(file).or_insert(label);
            }
        }
    }

    // Every chapter parsed first, so notes can be found across them.
    let mut chapters = Vec::new();
    for item in epub.spine().iter() {
        let Some(entry) = item.manifest_entry() else {
            continue;
        };
        let media = entry.media_type().to_ascii_lowercase();
        if !(media.contains("html") || media.contains("xml")) {
            continue;
        }
        let file = entry.href().path().decode().into_owned();
        let text = match entry.read_bytes() {
            Ok(bytes) => match html::decode(path, &bytes, None) {
                Ok(decoded) => decoded.text,
                Err(_) => {
                    builder.warn(format!("{file}: not text; left out"));
                    continue;
                }
            },
            Err(e) => {
                builder.warn(format!("{file}: unreadable ({})", one_line(&e.to_string())));
                continue;
            }
        };
        if let Err(reason) = html::check_bounds(&text) {
            builder.warn(format!("{file}: {reason}; left out"));
            continue;
        }
        let chrome = !item.is_linear()
            || is_front_matter(&file, entry.properties().has_property("cover-image"));
        chapters.push((file, dom_query::Document::from(text), chrome));
    }
    if chapters.is_empty() {
        return Err(malformed("the book has no readable chapters".to_string()));
    }
    let pages: Vec<(String, &dom_query::Document)> =
        chapters.iter().map(|(f, d, _)| (f.clone(), d)).collect();
    let notes = html::collect_notes(&pages);

    let title = builder.meta().title.clone();
    if !title.is_empty() {
        let mut t = InlineText::new();
        t.push_collapsed(&title);
        builder.title(t);
    }
    if let Some(byline) = builder.meta().byline.clone() {
        builder.meta_block(BlockKind::Byline, &byline);
    }
    for (file, page, chrome) in &chapters {
        let chrome = *chrome || body_says_front_matter(page);
        builder.set_chrome(chrome);
        builder.anchor(file);
        let chapter_title = chapter_titles.get(file).cloned();
        if let Some(label) = &chapter_title
            && !chrome
        {
            let mut heading = InlineText::new();
            heading.push_collapsed(label);
            builder.heading(1, heading);
        }
        let mut walker = Walker::new(&mut builder, &notes, file);
        if chapter_title.is_some() && !chrome {
            walker.level_shift = 1;
            walker.skip_heading = chapter_title;
        }
        let root = page.body().unwrap_or_else(|| page.root());
        walker.container(&root, 0);
        walker.flush();
    }
    builder.set_chrome(false);
    html::define_notes(&mut builder, notes);
    Ok(builder.finish())
}

/// A cover, title page or copyright page, by the file's name or the manifest's cover
/// property.
fn is_front_matter(file: &str, cover: bool) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file).to_ascii_lowercase();
    cover
        || [
            "cover",
            "copyright",
            "titlepage",
            "title-page",
            "imprint",
            "colophon",
        ]
        .iter()
        .any(|w| name.contains(w))
}

/// An EPUB 3 chapter that declares itself a cover or copyright page (`epub:type`).
fn body_says_front_matter(page: &dom_query::Document) -> bool {
    page.select("body, body > section, body > div")
        .iter()
        .take(3)
        .any(|n| {
            n.attr("epub:type").is_some_and(|t| {
                t.split_whitespace()
                    .any(|t| matches!(t, "cover" | "copyright-page" | "titlepage" | "frontmatter"))
            })
        })
}

/// Refuses an archive whose directory promises more than recto will inflate.
fn check_archive(bytes: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable EPUB ({})", one_line(&e.to_string())))?;
    if archive.len() > MAX_ENTRIES {
        return Err(format!(
            "the archive lists {} entries; too many",
            archive.len()
        ));
    }
    let mut text_total = 0u64;
    for i in 0..archive.len() {
        let Ok(file) = archive.by_index_raw(i) else {
            continue;
        };
        let size = file.size();
        let name = file.name().unwrap_or_default().to_ascii_lowercase();
        let is_text = [".xhtml", ".html", ".htm", ".xml", ".opf", ".ncx"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if !is_text {
            continue;
        }
        if size > MAX_ENTRY_BYTES {
            return Err(format!(
                "{name} would inflate to {} MB (a zip bomb?); recto reads entries up to {} MB",
                size >> 20,
                MAX_ENTRY_BYTES >> 20
            ));
        }
        text_total = text_total.saturating_add(size);
    }
    if text_total > MAX_TEXT_BYTES {
        return Err(format!(
            "its text would inflate to {} MB (a zip bomb?); recto reads books up to {} MB",
            text_total >> 20,
            MAX_TEXT_BYTES >> 20
        ));
    }
    Ok(())
}

fn one_line(s: &str) -> String {
    super::sanitize(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
