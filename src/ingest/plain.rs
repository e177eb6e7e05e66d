//! Parsing scraped plain-text articles: the shape people get when they copy or scrape a
//! web page. Finds paragraphs, list items, the title block (title, subtitle, byline, date),
//! headings and their levels, the notes list, and page chrome (menus, contents lists,
//! footers, promos), then hands body text to `notes` for references.
//!
//! Every decision comes from general signals (line length, punctuation, position, what
//! follows a line, a contents list naming the sections, repetition), in the spirit of
//! jusText; none is tuned to one site. Chrome is marked, never dropped.
//! Input is already decoded and sanitised by `ingest` (stage 0); nothing here touches
//! bytes or files.
//!
//! The parse runs in named stages, each a module of `plain/` with its own tests:
//!
//! ```text
//! text ──lines──► [Para] ──title::split_datelines──► [Para]
//!      ──notes_list::find──► NotesList ─┐
//!      ──title::find_header──► Header   ├─► [Role] per Para (Body until a stage says else)
//!      ──headings::find_contents_list──►│   contents titles and levels
//!      ──chrome::mark_* / headings::mark_headings──┘
//!      ──assemble::build──► Document ──headings::assign_levels──► levels and parents
//!      ──assemble::add_sentences──► sentences
//! ```
//!
//! `shapes` and `dates` hold what a single line looks like (heading-shaped, a date, a
//! byline, a menu entry); they know nothing of the stages. This module owns the two
//! intermediates every stage shares, `Para` and `Role`, and the order of the stages.

mod assemble;
mod chrome;
mod dates;
mod headings;
mod lines;
mod listings;
mod notes_list;
mod shapes;
mod title;

use crate::document::Document;

/// Parses sanitised text into a `Document` (path left empty).
pub fn parse(text: &str) -> Document {
    let mut paras = lines::paragraphs(text);
    title::split_datelines(&mut paras);
    let mut roles = vec![Role::Body; paras.len()];
    let notes_list = notes_list::find(&paras);
    if let Some(list) = &notes_list {
        list.mark(&mut roles);
    }
    let body_end = notes_list.as_ref().map_or(paras.len(), |l| l.body_end());
    let header = title::find_header(&paras, body_end);
    for (i, role) in header.roles.iter() {
        roles[*i] = *role;
    }
    let contents = headings::find_contents_list(&paras, &mut roles, body_end);
    chrome::mark_boilerplate(&paras, &mut roles);
    headings::mark_headings(&paras, &mut roles, body_end, header.first_body);
    chrome::mark_tail_chrome(
        &paras,
        &mut roles,
        notes_list.as_ref().and_then(|l| l.tail_start()),
    );
    chrome::mark_author_blurbs(&paras, &mut roles, header.byline());
    if roles.iter().all(|r| *r == Role::Chrome) {
        // Nothing but short lines ("Hi"): that is the text, not page furniture around it.
        roles.fill(Role::Body);
    }
    let mut doc = assemble::build(paras, roles, header, notes_list);
    headings::assign_levels(&mut doc, &contents);
    assemble::add_sentences(&mut doc);
    doc
}

/// A paragraph of the source: one line, or several lines joined where the text was broken.
#[derive(Debug, Clone)]
struct Para {
    text: String,
    /// Leading spaces of its first line (nesting of lists).
    indent: usize,
    /// A blank line came right before it.
    blank_before: bool,
    /// A whitespace-only line that is not empty (an image placeholder) follows it.
    placeholder_after: bool,
    /// Lines of a listing, joined by newlines (see `LISTING_MIN_LINES`).
    listing: bool,
    /// Code or preformatted text (see `listings`): its lines as written, joined by
    /// newlines; it becomes a `BlockKind::Code` and is never a heading, title or note.
    code: bool,
}

impl Para {
    fn new(text: String, indent: usize, blank_before: bool) -> Self {
        Para {
            text,
            indent,
            blank_before,
            placeholder_after: false,
            listing: false,
            code: false,
        }
    }

    fn code(text: String, blank_before: bool) -> Self {
        Para {
            code: true,
            ..Para::listing(text, blank_before)
        }
    }

    fn listing(text: String, blank_before: bool) -> Self {
        Para {
            listing: true,
            ..Para::new(text, 0, blank_before)
        }
    }
}

/// What a paragraph is to the page; every stage after `lines` refines these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Body,
    Title,
    Subtitle,
    Byline,
    Date,
    Heading,
    Caption,
    NoteEntry,
    Chrome,
}
