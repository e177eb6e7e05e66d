//! Parsing scraped plain-text articles: the shape people get when they copy or scrape a
//! web page. Finds paragraphs, list items, the title block (title, subtitle, byline, date),
//! headings and their levels, the notes list, and page chrome (menus, contents lists,
//! footers, promos), then hands body text to `notes` for references.
//!
//! Every decision comes from general signals (line length, punctuation, position, what
//! follows a line, a contents list naming the sections, repetition), in the spirit of
//! jusText; none is tuned to one site. Chrome is marked, never dropped.
//! Input is already decoded and sanitised by `ingest`; nothing here touches bytes or files.

use crate::document::{Block, BlockKind, Document, Note, NoteRef, Section, Sentence};
use crate::notes::{self, EntryStart};
use std::collections::{HashMap, HashSet};

/// Parses sanitised text into a `Document` (path left empty).
pub fn parse(text: &str) -> Document {
    let mut paras = paragraphs(text);
    split_datelines(&mut paras);
    let mut roles = vec![Role::Body; paras.len()];
    let notes_list = find_notes_list(&paras);
    if let Some(list) = &notes_list {
        roles[list.heading] = Role::Heading;
        for (i, role) in roles
            .iter_mut()
            .enumerate()
            .take(list.end)
            .skip(list.heading + 1)
        {
            *role = if list.entry_of[i - list.heading - 1].is_some() {
                Role::NoteEntry
            } else {
                Role::Chrome
            };
        }
    }
    let body_end = notes_list.as_ref().map_or(paras.len(), |l| l.heading);
    let header = find_header(&paras, body_end);
    for (i, role) in header.roles.iter() {
        roles[*i] = *role;
    }
    let contents = find_contents_list(&paras, &mut roles, body_end);
    mark_boilerplate(&paras, &mut roles);
    mark_headings(&paras, &mut roles, body_end, header.first_body);
    mark_tail_chrome(&paras, &mut roles, notes_list.as_ref());
    mark_author_blurbs(&paras, &mut roles, &header);
    if roles.iter().all(|r| *r == Role::Chrome) {
        // Nothing but short lines ("Hi"): that is the text, not page furniture around it.
        roles.fill(Role::Body);
    }
    build(paras, roles, header, contents, notes_list)
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
}

impl Para {
    fn new(text: String, indent: usize, blank_before: bool) -> Self {
        Para {
            text,
            indent,
            blank_before,
            placeholder_after: false,
            listing: false,
        }
    }

    fn listing(text: String, blank_before: bool) -> Self {
        Para {
            listing: true,
            ..Para::new(text, 0, blank_before)
        }
    }
}

/// No real paragraph is this long. A longer one (a file that is one huge line, a book
/// without blank lines) is cut into pieces of about this size, so that the reader lays
/// out only the pieces it shows and never a whole file at once.
const MAX_PARAGRAPH_BYTES: usize = 64 * 1024;

/// `text` in pieces of at most about `max` bytes, cut after a sentence end where there is
/// one, else at a space, else at a character boundary; nothing is lost.
fn pieces(text: &str, max: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        while !rest.is_empty() {
            if rest.len() <= max {
                return Some(std::mem::take(&mut rest));
            }
            let mut limit = max;
            while !rest.is_char_boundary(limit) {
                limit -= 1;
            }
            if limit == 0 {
                // `max` is smaller than the first character: it goes whole.
                limit = rest.chars().next().map_or(rest.len(), char::len_utf8);
            }
            let window = &rest[..limit];
            let cut = window
                .rfind(". ")
                .map(|i| i + 2)
                .or_else(|| window.rfind(' ').map(|i| i + 1))
                .filter(|&i| i > max / 2)
                .unwrap_or(limit);
            let (piece, tail) = rest.split_at(cut);
            rest = tail.trim_start();
            let piece = piece.trim_end();
            if !piece.is_empty() {
                return Some(piece);
            }
        }
        None
    })
}

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

fn paragraphs(text: &str) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::new();
    // The current run of non-blank lines, as a byte range of `text`: a file of ten million
    // lines must not cost a pointer per line before it is even parsed.
    let mut group: Option<(usize, usize)> = None;
    let mut blank_before = false;
    let mut offset = 0;
    for raw in text.split_inclusive('\n').chain(std::iter::once("")) {
        let start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        if !line.trim().is_empty() {
            let end = start + line.len();
            group = Some((group.map_or(start, |g| g.0), end));
            continue;
        }
        if let Some((from, to)) = group.take() {
            push_group(&mut paras, &text[from..to], blank_before);
        }
        blank_before = true;
        // A whitespace-only line that is not plain spaces (a no-break space where the page
        // had an image) marks the paragraph before it as a figure caption.
        if !line.is_empty()
            && !line.chars().all(|c| c == ' ' || c == '\t')
            && let Some(p) = paras.last_mut()
        {
            p.placeholder_after = true;
        }
    }
    paras
}

/// A run of at least this many short lines with no blank line between them is a listing
/// (verse, a table, a log, data), not paragraphs: no menu or heading run is that long.
/// It is kept as blocks of lines, so that a file of millions of short lines costs a block
/// per 64 KB, not per line.
const LISTING_MIN_LINES: usize = 256;

/// A line that can be part of a listing: short, and not a list item or a note entry
/// (those keep their own blocks).
fn listing_line(line: &str) -> bool {
    let t = line.trim();
    t.len() <= 4 * 80
        && t.chars().count() <= 80
        && notes::strip_bullet(t).is_none()
        && numbered_item(t).is_none()
        && notes::entry_start(t, u32::MAX).is_none()
}

/// The runs of listing lines in `group` that are long enough, as ranges of line indices.
fn listing_runs(group: &str) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut count = 0;
    for (i, line) in group.lines().enumerate() {
        if listing_line(line) {
            if count == 0 {
                start = i;
            }
            count += 1;
            continue;
        }
        if count >= LISTING_MIN_LINES {
            runs.push(start..start + count);
        }
        count = 0;
    }
    if count >= LISTING_MIN_LINES {
        runs.push(start..start + count);
    }
    runs
}

/// Adds the paragraphs of one run of non-blank lines (`group`, without its final newline).
fn push_group(paras: &mut Vec<Para>, group: &str, blank_before: bool) {
    let Some(first) = group.lines().next() else {
        return;
    };
    let indent = first.len() - first.trim_start().len();
    if hard_wrapped(group) {
        let mut text = String::new();
        let mut first_piece = true;
        let mut prev_line = "";
        for line in group.lines() {
            if !text.is_empty() && !url_break_raw(prev_line, line, &text) {
                text.push(' ');
            }
            prev_line = line;
            push_squashed(&mut text, line.trim());
            if text.len() >= MAX_PARAGRAPH_BYTES {
                paras.push(Para::new(
                    std::mem::take(&mut text),
                    indent,
                    first_piece || blank_before,
                ));
                first_piece = false;
            }
        }
        if !text.is_empty() {
            paras.push(Para::new(text, indent, first_piece || blank_before));
        }
        return;
    }
    let runs = listing_runs(group);
    let mut next_run = runs.iter().peekable();
    let mut lines = group.lines().enumerate();
    let mut first_of_group = true;
    let mut prev_line = "";
    while let Some((i, line)) = lines.next() {
        let before = std::mem::replace(&mut prev_line, line);
        if let Some(run) = next_run.next_if(|r| r.start == i) {
            let rest = lines.by_ref().take(run.len() - 1).map(|(_, l)| l);
            push_listing(
                paras,
                std::iter::once(line).chain(rest),
                run.len(),
                blank_before && first_of_group,
            );
            first_of_group = false;
            continue;
        }
        let trimmed = without_edit_link(line.trim());
        if !first_of_group
            && let Some(prev) = paras.last_mut()
            && !prev.listing
            && prev.text.len() + trimmed.len() < MAX_PARAGRAPH_BYTES
        {
            let glued = url_break_raw(before, line, &prev.text);
            if glued || continues(&prev.text, trimmed) {
                if !glued {
                    prev.text.push(' ');
                }
                push_squashed(&mut prev.text, trimmed);
                continue;
            }
        }
        let indent = line.len() - line.trim_start().len();
        for (n, piece) in pieces(trimmed, MAX_PARAGRAPH_BYTES).enumerate() {
            // The pieces of one huge line stand apart like paragraphs.
            let apart = if n == 0 {
                blank_before && first_of_group
            } else {
                true
            };
            let mut text = String::with_capacity(piece.len());
            push_squashed(&mut text, piece);
            paras.push(Para::new(text, indent, apart));
        }
        first_of_group = false;
    }
}

/// Adds a listing of `count` lines as paragraphs whose lines are joined by newlines (the
/// layout keeps them as line breaks), cut into pieces of about `MAX_PARAGRAPH_BYTES`.
/// No piece has fewer than half of `LISTING_MIN_LINES` lines, so none is short enough to
/// pass for a heading, a title or a menu entry.
fn push_listing<'a>(
    paras: &mut Vec<Para>,
    lines: impl Iterator<Item = &'a str>,
    count: usize,
    blank_before: bool,
) {
    let mut text = String::new();
    let mut in_piece = 0;
    let mut first_piece = true;
    for (i, line) in lines.enumerate() {
        if in_piece > 0 {
            text.push('\n');
        }
        push_squashed(&mut text, line.trim());
        in_piece += 1;
        let left = count - i - 1;
        if text.len() >= MAX_PARAGRAPH_BYTES && left >= LISTING_MIN_LINES / 2 {
            paras.push(Para::listing(
                std::mem::take(&mut text),
                first_piece && blank_before,
            ));
            first_piece = false;
            in_piece = 0;
        }
    }
    if !text.is_empty() {
        paras.push(Para::listing(text, first_piece && blank_before));
    }
}

/// Appends `line` with each run of two or more whitespace characters made one space: how
/// a page spaced its words must not change what the parser decides (a heading is judged
/// by its length, for one). A single space-like character (a no-break space) is kept.
fn push_squashed(out: &mut String, line: &str) {
    // Most lines have no run at all (cheap byte scans say so): copied whole.
    if !line.contains("  ") && !has_non_ascii_space(line.as_bytes()) {
        out.push_str(line);
        return;
    }
    let mut copied = 0;
    let mut run_start = None;
    let mut run_len = 0;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if run_len == 0 {
                run_start = Some(i);
            }
            run_len += 1;
            continue;
        }
        if run_len >= 2
            && let Some(start) = run_start
        {
            out.push_str(&line[copied..start]);
            out.push(' ');
            copied = i;
        }
        run_len = 0;
    }
    // A run at the very end (lines come trimmed, but be safe) is dropped.
    let end = if run_len > 0 {
        run_start.unwrap_or(line.len())
    } else {
        line.len()
    };
    out.push_str(&line[copied..end]);
}

/// Whether UTF-8 `bytes` may hold a whitespace character other than the ASCII space (the
/// sanitiser has already turned tabs and line breaks into spaces and newlines): U+0085,
/// U+00A0, U+1680, U+2000–200A, U+2028/2029, U+202F, U+205F, U+3000.
fn has_non_ascii_space(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| {
        matches!(
            w,
            [0xC2, 0x85 | 0xA0] | [0xE1, 0x9A] | [0xE2, 0x80 | 0x81] | [0xE3, 0x80]
        )
    }) && bytes.windows(3).any(|w| {
        matches!(
            w,
            [0xC2, 0x85 | 0xA0, _]
                | [0xE1, 0x9A, 0x80]
                | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF]
                | [0xE2, 0x81, 0x9F]
                | [0xE3, 0x80, 0x80]
        )
    })
}

/// Wiki pages copy with an "[edit]" link glued to every heading ("Taxonomy[edit]").
fn without_edit_link(line: &str) -> &str {
    let n = line.len();
    match line.get(n.saturating_sub(6)..) {
        Some(tail) if n > 6 && tail.eq_ignore_ascii_case("[edit]") => line[..n - 6].trim_end(),
        _ => line,
    }
}

/// A block of lines broken at a fixed width (e-mail, Project Gutenberg, `fmt`): every line
/// but the last is nearly as long as the longest, and the longest is a screen line.
/// `group` is walked a few times rather than collected: it may have millions of lines.
fn hard_wrapped(group: &str) -> bool {
    let width = |l: &str| l.trim().chars().count();
    let mut count = 0;
    let mut max = 0;
    for line in group.lines() {
        // Cheap rejection: a line longer than any screen.
        if line.len() > 4 * 100 {
            return false;
        }
        count += 1;
        max = max.max(width(line));
    }
    count >= 2
        && (40..=100).contains(&max)
        && group
            .lines()
            .take(count - 1)
            .all(|l| width(l) * 10 >= max * 6)
        && !group.lines().any(|l| {
            let t = l.trim();
            notes::strip_bullet(t).is_some() || notes::entry_start(t, u32::MAX).is_some()
        })
}

/// Whether the raw line `next` continues a URL that the raw line `prev` (whose text so far
/// is `text`) was broken inside: neither side of the break has a space, and the break
/// cannot be between a URL and the next word (see `url_break`).
fn url_break_raw(prev: &str, next: &str, text: &str) -> bool {
    !prev.ends_with(char::is_whitespace)
        && !next.starts_with(char::is_whitespace)
        && url_break(text, next)
}

/// Whether a line ending in `prev` was broken inside a URL that `next` goes on with: the
/// last word of `prev` is a URL (http://, https://, www.) without the punctuation that
/// ends one, and the break falls after a URL separator ("…/", "…-") or `next` opens
/// with a piece of a path ("ary-final.pdf,", "Reports/2023").
fn url_break(prev: &str, next: &str) -> bool {
    let Some(last) = prev.rsplit(' ').next() else {
        return false;
    };
    let url = last.trim_start_matches(['(', '<', '[', '"', '“', '\'']);
    let is_url = ["http://", "https://", "www."]
        .iter()
        .any(|s| starts_with_ci(url, s));
    if !is_url || url.ends_with(['.', ',', ';', ':', ')', ']', '>', '"', '”', '’', '!', '?']) {
        return false;
    }
    let Some(first) = next.split_whitespace().next() else {
        return false;
    };
    let first = first.trim_end_matches([',', '.', ';', ':', ')', ']', '>', '"', '”']);
    let separators = ['/', '-', '_', '=', '?', '&', '#', '%', '~'];
    // "final.pdf", "example.org", but not "U.S." at the start of a sentence.
    let dotted = first.rsplit_once('.').is_some_and(|(head, ext)| {
        !head.is_empty()
            && (1..=5).contains(&ext.len())
            && ext
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    let opens_lower = first.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit());
    first.contains(separators) || dotted || url.ends_with(separators) && opens_lower
}

/// Whether `next` continues the paragraph `prev` rather than starting a new one: the line
/// was broken inside a sentence (inside a URL or a citation, or by hard wrapping).
fn continues(prev: &str, next: &str) -> bool {
    let ends_open = prev.ends_with([',', ';', '-', '–', '(', '/'])
        || prev.ends_with(|c: char| c.is_lowercase())
            && prev.len() > 60
            && !notes::entry_start(prev, 0).is_some_and(|e| matches!(e, EntryStart::NumberOnly(_)));
    let starts_inside = next.starts_with("http://")
        || next.starts_with("https://")
        || next.starts_with("www.")
        || next.starts_with(|c: char| c.is_lowercase());
    let is_item = notes::strip_bullet(next).is_some() || numbered_item(next).is_some();
    !is_item && (ends_open && starts_inside || prev.ends_with(',') && next.len() > 40)
}

/// "3. text" or "3) text": (marker, text).
fn numbered_item(line: &str) -> Option<(&str, &str)> {
    let digits = line.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &line[digits..];
    let text = rest.strip_prefix(['.', ')'])?;
    if !text.starts_with(' ') || text.trim().is_empty() {
        return None;
    }
    Some((&line[..digits + 1], text.trim_start()))
}

/// A list item: (marker to show, text).
fn list_item(para: &Para) -> Option<(String, &str)> {
    if let Some(text) = notes::strip_bullet(&para.text) {
        return Some(("•".to_string(), text));
    }
    numbered_item(&para.text).map(|(m, t)| (m.to_string(), t))
}

/// Words in `s`, counted up to 64: every caller compares with a small bound, and counting
/// the words of a paragraph that may be megabytes long would cost a full pass each time.
fn word_count(s: &str) -> usize {
    s.split_whitespace().take(64).count()
}

/// Short, unpunctuated at the end, starting with a capital or digit: the shape of a heading,
/// a title, a menu entry.
fn heading_like(p: &Para) -> bool {
    let t = p.text.as_str();
    // Cheap tests first: most paragraphs are far too long to be headings.
    t.len() <= 4 * 110
        && !without_trailing_refs(t).ends_with(['.', ',', ';', ':', '…', '—', '-'])
        && t.chars().count() <= 110
        && (1..=14).contains(&word_count(t))
        && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "‘'“\"¿¡".contains(c))
        && !t.contains("://")
        && list_item(p).is_none()
}

/// Running prose: long enough, or a full sentence.
fn body_like(p: &Para) -> bool {
    let words = p.text.split_whitespace().take(16).count();
    words >= 16
        || (words >= 4
            && without_trailing_refs(&p.text).ends_with(['.', '!', '?', '”', '"', ')', ':']))
}

/// `t` without the note references that end it ("… in 2024.[3]", "… in 2024.¹²"), so
/// that a sentence followed by a reference still reads as a sentence.
fn without_trailing_refs(t: &str) -> &str {
    let mut t = t;
    loop {
        let trimmed = t.trim_end_matches(|c: char| "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c));
        let bracketed = trimmed.strip_suffix(']').and_then(|inner| {
            let open = inner.rfind('[')?;
            let number = inner[open + 1..].trim_start_matches('^');
            (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
                .then(|| &inner[..open])
        });
        let trimmed = bracketed.unwrap_or(trimmed);
        if trimmed.len() == t.len() {
            return t;
        }
        t = trimmed;
    }
}

/// Whether `s` begins with `prefix`, ignoring ASCII case (the prefixes are English).
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

struct NotesList {
    heading: usize,
    /// One past the last paragraph of the list.
    end: usize,
    /// For each paragraph after the heading (up to `end`), the entry it belongs to.
    entry_of: Vec<Option<usize>>,
    entries: Vec<notes::RawNote>,
}

/// The last notes heading that is followed by numbered entries, and those entries.
fn find_notes_list(paras: &[Para]) -> Option<NotesList> {
    paras
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, p)| notes::is_notes_heading(&p.text))
        .find_map(|(h, _)| read_notes_list(paras, h))
}

fn read_notes_list(paras: &[Para], heading: usize) -> Option<NotesList> {
    let mut entries: Vec<notes::RawNote> = Vec::new();
    let mut entry_of = Vec::new();
    let mut awaiting_text = false;
    let mut entry_indent = 0;
    let mut end = heading + 1;
    for p in &paras[heading + 1..] {
        let expected = entries.last().map_or(1, |e| e.number.saturating_add(1));
        let raw_start = notes::entry_start(&p.text, expected);
        // A number far past the numbering, even set apart by a blank line, is the tail
        // of the entry before it.
        let out_of_sequence = raw_start
            .as_ref()
            .is_some_and(|s| breaks_numbering(s, entries.last()));
        let start = raw_start.filter(|_| !out_of_sequence);
        let continuation = match entries.last() {
            None => false,
            Some(_) if awaiting_text || out_of_sequence => true,
            Some(_) if p.blank_before => false,
            Some(_) if p.indent > entry_indent => true,
            Some(e) => start.is_none() && continues_entry(&e.text, p),
        };
        match start {
            Some(s)
                if !(awaiting_text
                    && matches!(s, EntryStart::Numbered(..) | EntryStart::Caret(_))) =>
            {
                let (number, text) = match s {
                    EntryStart::NumberOnly(n) => (n, String::new()),
                    EntryStart::Numbered(n, t) => (n, t),
                    EntryStart::Caret(t) => (expected, t),
                };
                awaiting_text = text.is_empty();
                entry_indent = p.indent;
                entries.push(notes::RawNote { number, text });
            }
            _ if continuation => {
                let e = entries.last_mut()?;
                if !e.text.is_empty() {
                    e.text.push(' ');
                }
                e.text.push_str(&p.text);
                awaiting_text = false;
            }
            // The page's footer ("About us", "© 2024 …", "Retrieved from …") ends the list.
            _ => break,
        }
        entry_of.push(Some(entries.len() - 1));
        end += 1;
    }
    (!entries.is_empty()).then_some(NotesList {
        heading,
        end,
        entry_of,
        entries,
    })
}

/// Whether an entry number cannot start a new entry after `last`: a year or a page number
/// that a line break left at the start of a line ("…, the Modern Lighthouse,", "2013.")
/// jumps far past the numbering.
fn breaks_numbering(start: &EntryStart, last: Option<&notes::RawNote>) -> bool {
    let n = match start {
        EntryStart::NumberOnly(n) | EntryStart::Numbered(n, _) => *n,
        EntryStart::Caret(_) => return false,
    };
    last.is_some_and(|l| n == 0 || n > l.number.saturating_add(20))
}

/// In a notes list without blank lines, whether line `p` continues the entry `prev`
/// rather than ending the list: it starts inside a sentence (lowercase, a URL), or the
/// entry is left open and `p` is not page furniture.
fn continues_entry(prev: &str, p: &Para) -> bool {
    let next = p.text.as_str();
    if tail_marker(next) && !next.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    let starts_inside = next.starts_with(|c: char| c.is_lowercase())
        || ["http://", "https://", "www.", "doi:"]
            .iter()
            .any(|s| starts_with_ci(next, s));
    let prev = prev.trim_end();
    if starts_inside || prev.ends_with([',', ';', ':', '-', '–', '—', '(', '/', '&']) {
        return true;
    }
    if is_chrome_line(p) || is_footer_line(next) {
        return false;
    }
    let closed = prev
        .trim_end_matches(['"', '”', '’', '\'', ')', ']'])
        .ends_with(['.', '!', '?', '…']);
    !closed
}

/// Lines that close a web page below the article: "Retrieved from …", "Categories: …".
fn is_footer_line(t: &str) -> bool {
    [
        "retrieved from",
        "categories:",
        "category:",
        "this page was last edited",
        "terms of use",
        "about us",
        "contact us",
    ]
    .iter()
    .any(|s| starts_with_ci(t, s))
}

/// How many paragraphs from the top the title block and a contents list are looked for in;
/// it keeps a file of millions of short lines from costing more than a linear pass.
const HEADER_WINDOW: usize = 200;
const CONTENTS_WINDOW: usize = 400;

#[derive(Default)]
struct Header {
    roles: Vec<(usize, Role)>,
    title: Option<usize>,
    /// The first paragraph of running prose.
    first_body: usize,
}

/// Finds the title block (title, subtitle, byline, date) and the chrome before the body.
fn find_header(paras: &[Para], body_end: usize) -> Header {
    let first_body = (0..body_end.min(HEADER_WINDOW))
        .find(|&i| body_like(&paras[i]) && list_item(&paras[i]).is_none())
        .unwrap_or(body_end.min(HEADER_WINDOW));
    let mut header = Header {
        first_body,
        ..Header::default()
    };
    let zone = 0..first_body;
    let byline = zone.clone().find(|&i| is_byline(&paras[i].text));
    // A breadcrumb ("Home / Section / Title") ends with the page's title.
    let crumb_title = zone.clone().find_map(|i| {
        let t = &paras[i].text;
        let last = t.rsplit(" / ").next().filter(|_| t.contains(" / "))?;
        let last = normalise(last);
        (i + 1..first_body).find(|&j| normalise(&paras[j].text) == last)
    });
    let title = crumb_title.or_else(|| {
        let b = byline?;
        let above: Vec<usize> = (0..b)
            .rev()
            .take(2)
            .filter(|&i| heading_like(&paras[i]) && !is_date(&paras[i].text))
            .collect();
        match above.as_slice() {
            // Two title-shaped lines above the byline: title and subtitle, unless the upper
            // one is the last entry of a menu ("News", "Opinion", then the title).
            [sub, title]
                if *title + 1 == *sub
                    && !is_date(&paras[*sub].text)
                    && !(*title > 0
                        && is_chrome_line(&paras[*title])
                        && is_chrome_line(&paras[*title - 1])) =>
            {
                Some(*title)
            }
            [title, ..] => Some(*title),
            [] => None,
        }
    });
    // A site's tagline ("From Wikipedia, the free encyclopedia") right under a title-shaped
    // line: that line is the title, whatever menu lines come before it.
    let tagline = zone
        .clone()
        .skip(1)
        .find(|&i| is_tagline(&paras[i].text) && title_shaped(&paras[i - 1]));
    let title = title.or(tagline.map(|i| i - 1));
    let title = title.or_else(|| {
        // Without a byline or breadcrumb: the first title-shaped line of the header, with at
        // most menu-like short lines above it.
        let first = (0..first_body)
            .find(|&i| title_shaped(&paras[i]) && !in_menu_run(paras, i))
            .filter(|&t| paras[..t].iter().all(|p| word_count(&p.text) <= 4))
            .filter(|_| first_body < body_end);
        // A title-shaped line right above the date line beats menu lines before it ("Main
        // menu", "Search", "Log in", each set apart, then the headline and its date); a
        // name above the date is a byline, not a title.
        let dated = zone
            .clone()
            .skip(1)
            .find(|&i| is_date(&paras[i].text))
            .map(|i| i - 1)
            .filter(|&c| {
                title_shaped(&paras[c]) && !in_menu_run(paras, c) && !is_person_name(&paras[c].text)
            });
        match (first, dated) {
            (Some(f), Some(c))
                if f + 2 <= c && paras[f..c].iter().all(|p| word_count(&p.text) <= 3) =>
            {
                Some(c)
            }
            (Some(f), _) => Some(f),
            (None, c) => c,
        }
    });
    header.title = title;
    if let Some(t) = title {
        header.roles.push((t, Role::Title));
        // The byline: a "By …" line, or a bare name right above the date ("Jane Writer",
        // then "Mar 14, 2024"), as blogs print it.
        let byline = byline.filter(|&b| b > t).or_else(|| {
            (t + 1..first_body.saturating_sub(1))
                .find(|&i| is_person_name(&paras[i].text) && is_date(&paras[i + 1].text))
        });
        let subtitle_end = byline
            .or(tagline.filter(|&g| g == t + 1))
            .unwrap_or((t + 2).min(first_body));
        if let Some(b) = byline {
            header.roles.push((b, Role::Byline));
        }
        if let Some(g) = tagline.filter(|&g| g == t + 1) {
            header.roles.push((g, Role::Chrome));
        }
        for (i, p) in paras.iter().enumerate().take(subtitle_end).skip(t + 1) {
            if title_shaped(p) && word_count(&p.text) >= 4 {
                header.roles.push((i, Role::Subtitle));
            }
        }
    }
    for i in zone {
        let taken = header.roles.iter().any(|(j, _)| *j == i);
        if !taken && is_date(&paras[i].text) {
            header.roles.push((i, Role::Date));
        } else if !taken && title.is_some_and(|t| i < t) {
            header.roles.push((i, Role::Chrome));
        } else if !taken && is_caption(&paras[i]) {
            header.roles.push((i, Role::Caption));
        }
    }
    header
}

/// Whether paragraph `i` belongs to a run of three or more very short lines: a menu
/// ("Main menu", "Search", "Log in"), not a title.
fn in_menu_run(paras: &[Para], i: usize) -> bool {
    let short = |j: usize| paras.get(j).is_some_and(|p| word_count(&p.text) <= 3);
    if !short(i) {
        return false;
    }
    // A run does not cross a blank line: a short title set apart below a menu is a title.
    let before = if paras[i].blank_before {
        0
    } else {
        (0..i)
            .rev()
            .take_while(|&j| short(j) && (j == 0 || !paras[j + 1].blank_before))
            .count()
    };
    let after = (i + 1..paras.len())
        .take_while(|&j| short(j) && !paras[j].blank_before)
        .count();
    before + after >= 2
}

/// A line that can be a title: heading-shaped, a few words, not a date or page furniture.
fn title_shaped(p: &Para) -> bool {
    heading_like(p)
        && word_count(&p.text) >= 2
        && !is_date(&p.text)
        && !is_boilerplate_line(&p.text)
        && !is_byline(&p.text)
}

/// A site's tagline under the page title: "From Wikipedia, the free encyclopedia",
/// "From Wikivoyage, the free travel guide", "From the Editors, the weekly digest".
fn is_tagline(t: &str) -> bool {
    t.len() <= 100
        && t.strip_prefix("From ")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_uppercase() || c == 't'))
        && t.contains(", the ")
        && word_count(t) <= 10
        && !t.ends_with(['.', '!', '?'])
}

/// Two to four capitalised words and nothing else: how a page prints its author's name.
fn is_person_name(t: &str) -> bool {
    let words = word_count(t);
    (2..=4).contains(&words)
        && t.split_whitespace().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                && w.chars().all(|c| c.is_alphabetic() || ".-'’".contains(c))
        })
}

fn is_byline(t: &str) -> bool {
    let words = word_count(t);
    let rest = t
        .strip_prefix("By ")
        .or_else(|| t.strip_prefix("by "))
        .or_else(|| t.strip_prefix("BY "))
        .or_else(|| t.strip_prefix("Written by "));
    rest.is_some_and(|r| r.starts_with(|c: char| c.is_uppercase()))
        && words <= 14
        && !t.ends_with('.')
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A line that is only a date: "July 2, 2025", "2 July 2025", "2025-07-02", "Updated Jul 2, 2025".
fn is_date(t: &str) -> bool {
    if t.len() > 60 {
        return false;
    }
    let lower = strip_date_label(t, true).to_lowercase();
    let lower = lower.as_str();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    let has_year = words.iter().any(|w| {
        let y = w.split(['-', '/']).next().unwrap_or("");
        y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())
    });
    let month_or_numeric = words.iter().all(|w| {
        w.chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '/' || c == '.')
            || MONTHS
                .iter()
                .any(|m| m.starts_with(w.trim_end_matches('.')) && w.len() >= 3)
    });
    has_year && month_or_numeric
}

/// `t` without the label of a date line ("Posted on ", "Published: "), and with `updates`
/// also without "Updated"/"Last updated" (which the metadata keeps: it is not the date
/// the piece appeared).
fn strip_date_label(t: &str, updates: bool) -> &str {
    const PUBLISHED: [&str; 4] = [
        "originally published",
        "first published",
        "published",
        "posted",
    ];
    const UPDATED: [&str; 3] = ["last updated", "last modified", "updated"];
    let labels = PUBLISHED.iter().chain(UPDATED.iter().filter(|_| updates));
    for label in labels {
        let Some(rest) = t.get(label.len()..).filter(|_| starts_with_ci(t, label)) else {
            continue;
        };
        if !rest.starts_with([' ', ':']) {
            continue;
        }
        let rest = rest.trim_start_matches(':').trim_start();
        let rest = match rest.get(..3) {
            Some(on) if on.eq_ignore_ascii_case("on ") => &rest[3..],
            _ => rest,
        };
        return rest.trim();
    }
    t
}

/// A header line that holds both a date and a byline: "Posted on March 3, 2025 by Jane
/// Doe", "By Jane Doe on March 3, 2025", "By Jane Doe | March 3, 2025". Returns the byte
/// offset where the second part starts.
fn dateline_split(t: &str) -> Option<usize> {
    if t.len() > 120 {
        return None;
    }
    // Date first: "… DATE by NAME".
    if let Some(i) = t.rfind(" by ").or_else(|| t.rfind(" By ")) {
        let (date, by) = (&t[..i], &t[i + 1..]);
        if is_date(date) && is_person_name(&by[3..]) {
            return Some(i + 1);
        }
    }
    // Byline first: "By NAME on DATE", "By NAME, DATE", "By NAME | DATE".
    if !is_byline(t) {
        return None;
    }
    // The earliest split wins: "By A, March 3, 2025" is not "By A, March 3" and "2025".
    [" on ", ", ", " | ", " · ", " • ", " - ", " – ", " — "]
        .iter()
        .flat_map(|sep| t.match_indices(sep).map(|(i, _)| (i, i + sep.len())))
        .filter(|&(i, j)| is_date(&t[j..]) && is_byline(&t[..i]))
        .min()
        .map(|(_, j)| j)
}

/// Splits header lines that hold a date and a byline into two paragraphs, so each gets
/// its role; the text is kept whole, only the separator between the parts is dropped.
fn split_datelines(paras: &mut Vec<Para>) {
    let mut i = 0;
    while i < paras.len().min(HEADER_WINDOW) {
        if let Some(at) = dateline_split(&paras[i].text) {
            let text = std::mem::take(&mut paras[i].text);
            let (first, second) = text.split_at(at);
            let first = first
                .trim_end()
                .trim_end_matches([',', '|', '·', '•', '-', '–', '—'])
                .trim_end();
            let first = first.strip_suffix(" on").unwrap_or(first);
            paras[i].text = first.to_string();
            let indent = paras[i].indent;
            paras.insert(i + 1, Para::new(second.trim().to_string(), indent, false));
            i += 1;
        }
        i += 1;
    }
}

/// Photo captions and credits: "… Rawpixel.com / Shutterstock", "Photo: …", "Image credit …".
fn is_caption(p: &Para) -> bool {
    let t = p.text.as_str();
    if [
        "photo:",
        "photo by",
        "image:",
        "image credit",
        "credit:",
        "figure ",
        "source:",
    ]
    .iter()
    .any(|s| starts_with_ci(t, s))
    {
        return true;
    }
    // A sentence followed by a credit: a short tail without closing punctuation that names
    // an agency or uses the "Photographer / Agency" form.
    if t.ends_with(['.', '!', '?', '”']) {
        return false;
    }
    let tail = t.rsplit(". ").next().unwrap_or(t);
    let agencies = [
        "shutterstock",
        "getty images",
        "ap photo",
        "reuters",
        "afp",
        "alamy",
        "epa",
    ];
    tail.len() < t.len()
        && word_count(tail) <= 6
        && !tail.ends_with(['.', '!', '?', '”'])
        && (tail.contains(" / ") || agencies.iter().any(|a| tail.to_lowercase().contains(a)))
}

/// Lines that are navigation rather than text: menu entries, "Share", "Top".
fn is_chrome_line(p: &Para) -> bool {
    let words = word_count(&p.text);
    words <= 3 && !p.text.ends_with(['.', '!', '?']) && (list_item(p).is_some() || words <= 2)
}

/// The line that labels a contents list: "Contents", "Table of contents", "In this
/// article", "Jump to section", "On this page".
fn is_contents_label(t: &str) -> bool {
    if t.len() > 40 {
        return false;
    }
    let n = normalise(t);
    let n = n.strip_suffix(" hide").unwrap_or(&n);
    matches!(
        n,
        "contents"
            | "table of contents"
            | "in this article"
            | "in this story"
            | "in this post"
            | "in this guide"
            | "on this page"
            | "jump to section"
            | "jump to"
            | "sections"
    )
}

/// An entry of a numbered outline ("1 History", "1.1 Roman bridges", "2.3. Costs"):
/// (level, text). The level is the number of parts of the number.
fn outline_entry(t: &str) -> Option<(u8, &str)> {
    let (number, text) = t.split_once(' ')?;
    let number = number.strip_suffix('.').unwrap_or(number);
    let parts: Vec<&str> = number.split('.').collect();
    let valid = !parts.is_empty()
        && parts.len() <= 6
        && parts
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
    let text = text.trim();
    (valid && !text.is_empty()).then(|| (u8::try_from(parts.len()).unwrap_or(1), text))
}

/// Finds the page's contents list (a list of short lines naming later headings, as
/// bullets, as "1." items, as plain lines under a label such as "Contents", or as a
/// numbered outline "1", "1.1", "2"), marks it and its label as chrome, and returns the
/// titles it names with their levels (from the outline's numbering, else 1).
fn find_contents_list(paras: &[Para], roles: &mut [Role], body_end: usize) -> HashMap<String, u8> {
    // Where each heading-shaped line last occurs: a contents entry must name a later line.
    let mut last_seen: HashMap<String, usize> = HashMap::new();
    for (j, p) in paras.iter().enumerate() {
        if heading_like(p) {
            last_seen.insert(normalise(&p.text), j);
        }
    }
    let names_later = |j: usize, t: &str| last_seen.get(&normalise(t)).is_some_and(|&k| k > j);
    // A contents list sits near the top of the page.
    let search_end = body_end.min(CONTENTS_WINDOW);
    let mut i = 0;
    while i < search_end {
        let run_end = (i..body_end)
            .find(|&j| !(list_item(&paras[j]).is_some() && word_count(&paras[j].text) <= 14))
            .unwrap_or(body_end);
        if run_end - i >= 3 {
            let items: Vec<String> = (i..run_end)
                .filter_map(|j| list_item(&paras[j]).map(|(_, t)| normalise(t)))
                .collect();
            let named: HashMap<String, u8> = items
                .iter()
                .filter(|t| last_seen.get(*t).is_some_and(|&j| j >= run_end))
                .map(|t| (t.clone(), 1))
                .collect();
            if named.len() * 10 >= items.len() * 6 {
                for role in &mut roles[i..run_end] {
                    *role = Role::Chrome;
                }
                // Its label ("Jump to Section", "Contents") goes with it.
                if i > 0 && heading_like(&paras[i - 1]) && roles[i - 1] == Role::Body {
                    roles[i - 1] = Role::Chrome;
                }
                return named;
            }
        }
        if run_end == i
            && let Some((end, named)) = unbulleted_contents(paras, i, body_end, &names_later)
        {
            for role in &mut roles[i..end] {
                *role = Role::Chrome;
            }
            return named;
        }
        i = run_end.max(i + 1);
    }
    HashMap::new()
}

/// A contents list without bullets starting at paragraph `i`: a label followed by short
/// lines (plain or outline-numbered) that each name a later line, or, without a label, at
/// least three outline-numbered lines from "1" on that do. Returns one past its end
/// (label included) and the titles with their levels.
fn unbulleted_contents(
    paras: &[Para],
    i: usize,
    body_end: usize,
    names_later: &impl Fn(usize, &str) -> bool,
) -> Option<(usize, HashMap<String, u8>)> {
    let labelled = is_contents_label(&paras[i].text);
    let first = if labelled { i + 1 } else { i };
    if !labelled && !paras[i].text.starts_with("1 ") && !paras[i].text.starts_with("1. ") {
        return None;
    }
    let mut named = HashMap::new();
    let mut end = first;
    while end < body_end {
        let p = &paras[end];
        let t = p.text.as_str();
        if word_count(t) > 14 || p.text.len() > 200 {
            break;
        }
        // Wikipedia's contents start with a "(Top)" link.
        if labelled && end == first && t.eq_ignore_ascii_case("(top)") {
            end += 1;
            continue;
        }
        let entry = match outline_entry(t) {
            Some((level, text)) if names_later(end, text) => Some((level, text)),
            _ if labelled && heading_like(p) && names_later(end, t) => Some((1, t)),
            _ => None,
        };
        let Some((level, text)) = entry else {
            break;
        };
        named.insert(normalise(text), level);
        end += 1;
    }
    let enough = if labelled { 2 } else { 3 };
    (named.len() >= enough).then_some((end, named))
}

/// Marks section headings among the paragraphs still taken for body, and the chrome lines
/// between the title and the text.
fn mark_headings(paras: &[Para], roles: &mut [Role], body_end: usize, first_body: usize) {
    let mut prev_heading = false;
    for i in 0..body_end {
        if roles[i] != Role::Body {
            prev_heading = roles[i] == Role::Heading;
            continue;
        }
        let p = &paras[i];
        if !heading_like(p) {
            if list_item(p).is_none() && is_caption(p) {
                roles[i] = Role::Caption;
            }
            prev_heading = false;
            continue;
        }
        let next = (i + 1..body_end).find(|&j| roles[j] != Role::Chrome);
        let followed_by_text = next.is_some_and(|j| {
            let n = &paras[j];
            // A blurb under a name ("Smith is a professor at …") counts as text; another
            // short line does not ("Download PDF" above "Top").
            body_like(n) || list_item(n).is_some() || heading_like(n) && reads_as_sentence(&n.text)
        });
        let after_chrome = i > 0 && roles[i - 1] == Role::Chrome;
        if p.placeholder_after || is_caption(p) {
            roles[i] = Role::Caption;
        } else if !p.text.chars().any(char::is_alphabetic) {
            // "42", "12": counters and page numbers, never headings.
            roles[i] = Role::Chrome;
        } else if prev_heading && reads_as_sentence(&p.text) {
            // A line right under a heading that reads as a sentence: a dek or an author
            // blurb ("Smith is a professor at …"), not a second heading.
        } else if followed_by_text && i + 1 < body_end {
            roles[i] = Role::Heading;
        } else if i < first_body || after_chrome || is_chrome_line(p) {
            // A short line that introduces nothing: page furniture, like the line before it.
            roles[i] = Role::Chrome;
        }
        prev_heading = roles[i] == Role::Heading;
    }
}

fn reads_as_sentence(t: &str) -> bool {
    t.split_whitespace().any(|w| {
        matches!(
            w,
            "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "leads" | "serves"
        )
    })
}

/// Lines that pages scatter through an article: advertising slots, share buttons,
/// "Read more: …" teasers, audio players. Whole short lines only, so prose that happens to
/// start with these words stays text.
fn is_boilerplate_line(t: &str) -> bool {
    const LINES: [&str; 18] = [
        "download pdf",
        "download",
        "copy link",
        "save",
        "advertisement",
        "skip advertisement",
        "sponsored",
        "continue reading",
        "story continues below",
        "share",
        "share this",
        "share full article",
        "listen to this article",
        "print",
        "email",
        "subscribe",
        "sign up",
        "top",
    ];
    const TEASERS: [&str; 5] = [
        "read more:",
        "read more ›",
        "also read:",
        "related:",
        "see also:",
    ];
    const CALLS: [&str; 7] = [
        "subscribe to",
        "sign up",
        "skip to",
        "jump to",
        "follow us",
        "share on",
        "share this",
    ];
    let bare = t.trim_end_matches(['.', ':', '›', '»']).trim();
    let teaser = TEASERS.iter().any(|p| starts_with_ci(t, p));
    let call = CALLS.iter().any(|p| starts_with_ci(t, p));
    let line = LINES.iter().any(|l| bare.eq_ignore_ascii_case(l));
    // Words are counted only for the few paragraphs that start like boilerplate.
    if !(teaser || call || line) {
        return false;
    }
    let words = word_count(t);
    teaser && words <= 30 || call && words <= 6 || line && words <= 4
}

fn mark_boilerplate(paras: &[Para], roles: &mut [Role]) {
    let mut in_signup_box = false;
    for (p, role) in paras.iter().zip(roles.iter_mut()) {
        if *role != Role::Body {
            in_signup_box = false;
            continue;
        }
        if is_boilerplate_line(&p.text) {
            *role = Role::Chrome;
            in_signup_box = is_signup_call(&p.text);
        } else if in_signup_box && !p.blank_before && word_count(&p.text) <= 20 {
            // The pitch printed right under "Subscribe to our newsletter" ("Get the best
            // of our coverage every week.") belongs to the same box.
            *role = Role::Chrome;
        } else {
            in_signup_box = false;
        }
    }
}

/// "Subscribe to our newsletter", "Sign up": the line that heads a newsletter box.
fn is_signup_call(t: &str) -> bool {
    ["subscribe", "sign up"]
        .iter()
        .any(|s| starts_with_ci(t, s))
        || t.to_lowercase().contains("newsletter")
}

/// The people named in a byline: "By Laura Chen and Omar Haddad" gives both names.
fn byline_names(byline: &str) -> Vec<&str> {
    let rest = byline
        .split_once(' ')
        .filter(|(by, _)| by.eq_ignore_ascii_case("by"))
        .map_or(byline, |(_, r)| r);
    rest.split([',', '&', '|'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|name| is_person_name(name))
        .collect()
}

/// Marks author blurbs in the second half of the page as chrome: a short paragraph that opens
/// with a name from the byline and says who the person is ("Maria Santos is a science
/// reporter based in Geneva.").
fn mark_author_blurbs(paras: &[Para], roles: &mut [Role], header: &Header) {
    let Some(&(b, _)) = header.roles.iter().find(|(_, r)| *r == Role::Byline) else {
        return;
    };
    let names = byline_names(&paras[b].text);
    let n = paras.len();
    for i in (n / 2).max(b + 1)..n {
        let t = paras[i].text.as_str();
        let blurb = roles[i] == Role::Body
            && word_count(t) <= 60
            && names.iter().any(|name| {
                t.strip_prefix(name).is_some_and(|rest| {
                    [
                        " is ",
                        " was ",
                        " writes ",
                        " covers ",
                        " reports ",
                        " has ",
                    ]
                    .iter()
                    .any(|v| rest.starts_with(v))
                })
            });
        if blurb {
            roles[i] = Role::Chrome;
        }
    }
}

/// Phrases that open the end matter of a web page: republication notices, "Read more",
/// author promos, related articles, newsletter boxes, footers.
fn tail_marker(t: &str) -> bool {
    let short = word_count(t) <= 6;
    let prefixes = [
        "this article is republished",
        "this article was originally published",
        "this article first appeared",
        "republished with permission",
        "©",
        "copyright",
    ];
    let short_lines = [
        "read more",
        "related",
        "more on",
        "more from",
        "recommended",
        "you may also like",
        "about the author",
        "authors",
        "share",
        "share this",
        "sign up",
        "subscribe",
        "newsletter",
        "follow us",
        "tags",
        "comments",
        "privacy policy",
        "all rights reserved",
    ];
    prefixes.iter().any(|p| starts_with_ci(t, p))
        || short && short_lines.iter().any(|s| starts_with_ci(t, s))
}

/// Marks the page's end matter as chrome: what follows the notes list, or what follows a
/// tail marker in the last part of the page.
fn mark_tail_chrome(paras: &[Para], roles: &mut [Role], notes_list: Option<&NotesList>) {
    let n = paras.len();
    let start = match notes_list {
        Some(list) => Some(list.end),
        None => {
            let from = n - n * 3 / 10;
            (from..n).find(|&i| tail_marker(&paras[i].text))
        }
    };
    if let Some(start) = start {
        for role in &mut roles[start..] {
            *role = Role::Chrome;
        }
    }
    // A trailing run of short lines after the last prose (footer menus).
    if let Some(last_body) = (0..n)
        .rev()
        .find(|&i| roles[i] == Role::Body && body_like(&paras[i]))
    {
        for i in last_body + 1..n {
            if roles[i] == Role::Body && is_chrome_line(&paras[i]) {
                roles[i] = Role::Chrome;
            }
        }
    }
}

/// Assembles blocks, sections, notes, references and sentences.
fn build(
    paras: Vec<Para>,
    roles: Vec<Role>,
    header: Header,
    contents: HashMap<String, u8>,
    notes_list: Option<NotesList>,
) -> Document {
    let mut doc = Document::default();
    let raw_notes = notes_list
        .as_ref()
        .map(|l| l.entries.as_slice())
        .unwrap_or_default();
    let mut note_map: HashMap<u32, &str> = HashMap::new();
    for n in raw_notes {
        if note_map.insert(n.number, n.text.as_str()).is_some() {
            doc.warnings.push(format!(
                "note {} appears more than once in the notes list",
                n.number
            ));
        }
    }
    let note_map = notes::NoteTexts::new(note_map);
    let mut last_ref = 0;
    let mut note_index: HashMap<u32, usize> = HashMap::new();
    let mut emitted_entries = HashSet::new();
    let title = header.title.map(|t| paras[t].text.clone());
    // Paragraph texts move into blocks one by one, so the text is held about once at a time.
    for (i, (p, role)) in paras.into_iter().zip(roles).enumerate() {
        let kind = match role {
            Role::Title => BlockKind::Title,
            Role::Subtitle => BlockKind::Subtitle,
            Role::Byline => BlockKind::Byline,
            Role::Date => BlockKind::Date,
            Role::Caption => BlockKind::Caption,
            Role::Heading => BlockKind::Heading {
                level: 1,
                section: doc.sections.len(),
            },
            Role::NoteEntry => {
                let Some(list) = notes_list.as_ref() else {
                    continue;
                };
                let Some(e) = list.entry_of[i - list.heading - 1] else {
                    continue;
                };
                if !emitted_entries.insert(e) {
                    continue; // a continuation line, already joined into its entry
                }
                let raw = &list.entries[e];
                let note = doc.notes.len();
                note_index.entry(raw.number).or_insert(note);
                doc.notes.push(Note {
                    number: raw.number,
                    text: raw.text.clone(),
                    block: doc.blocks.len(),
                });
                doc.blocks
                    .push(Block::new(BlockKind::NoteEntry { note }, raw.text.clone()));
                continue;
            }
            Role::Chrome | Role::Body => match list_item(&p) {
                Some((marker, _)) => BlockKind::ListItem {
                    marker,
                    depth: u8::try_from(p.indent / 4).unwrap_or(u8::MAX).min(4),
                },
                None => BlockKind::Paragraph,
            },
        };
        if let BlockKind::Heading { .. } = kind {
            doc.sections.push(Section {
                title: p.text.clone(),
                level: 1,
                block: doc.blocks.len(),
                parent: None,
            });
        }
        let text = match (&kind, list_item(&p)) {
            (BlockKind::ListItem { .. }, Some((_, t))) => t.to_string(),
            _ => p.text,
        };
        let chrome = role == Role::Chrome;
        let takes_refs = !chrome
            && matches!(
                kind,
                BlockKind::Paragraph | BlockKind::ListItem { .. } | BlockKind::Caption
            );
        let mut block = Block::new(kind, String::new());
        block.chrome = chrome;
        if takes_refs {
            let (clean, found) = notes::extract_refs(&text, &note_map, &mut last_ref);
            block.text = clean;
            block.refs = found
                .into_iter()
                .map(|r| NoteRef {
                    offset: r.offset,
                    number: r.number,
                    note: None,
                })
                .collect();
        } else {
            block.text = text;
        }
        doc.blocks.push(block);
    }
    date_after_title(&mut doc.blocks);
    resolve_refs(&mut doc, &note_index);
    assign_levels(&mut doc, &contents);
    doc.meta.title = title.unwrap_or_else(|| fallback_title(&doc));
    for b in &doc.blocks {
        match b.kind {
            BlockKind::Subtitle if doc.meta.subtitle.is_none() => {
                doc.meta.subtitle = Some(b.text.clone())
            }
            BlockKind::Byline if doc.meta.byline.is_none() => {
                // "by Jane Doe" split from "Posted on … by Jane Doe" reads as "By Jane Doe".
                let byline = match b.text.strip_prefix("by ") {
                    Some(name) => format!("By {name}"),
                    None => b.text.clone(),
                };
                doc.meta.byline = Some(byline)
            }
            BlockKind::Date if doc.meta.date.is_none() => {
                doc.meta.date = Some(strip_date_label(&b.text, false).to_string())
            }
            _ => {}
        }
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

/// Pages often print the date above the headline; the reader shows the title first and
/// the date with the byline. Only header blocks move: no heading or note entry lies
/// between them, so section and note indices stay right.
fn date_after_title(blocks: &mut [Block]) {
    let Some(title) = blocks.iter().position(|b| b.kind == BlockKind::Title) else {
        return;
    };
    let Some(date) = blocks[..title]
        .iter()
        .rposition(|b| b.kind == BlockKind::Date)
    else {
        return;
    };
    let last_header = blocks[title..]
        .iter()
        .take_while(|b| {
            matches!(
                b.kind,
                BlockKind::Title | BlockKind::Subtitle | BlockKind::Byline
            )
        })
        .count()
        + title
        - 1;
    blocks[date..=last_header].rotate_left(1);
}

fn resolve_refs(doc: &mut Document, note_index: &HashMap<u32, usize>) {
    let mut referenced = HashSet::new();
    let mut unresolved = Vec::new();
    for b in &mut doc.blocks {
        for r in &mut b.refs {
            r.note = note_index.get(&r.number).copied();
            match r.note {
                Some(n) => {
                    referenced.insert(n);
                }
                None => unresolved.push(r.number),
            }
        }
    }
    if !unresolved.is_empty() {
        doc.warnings.push(format!(
            "{} reference(s) resolve to no note: {}",
            unresolved.len(),
            join_numbers(&unresolved)
        ));
    }
    let unreferenced: Vec<u32> = doc
        .notes
        .iter()
        .enumerate()
        .filter(|(i, _)| !referenced.contains(i))
        .map(|(_, n)| n.number)
        .collect();
    if !unreferenced.is_empty() {
        doc.warnings.push(format!(
            "{} note(s) never referenced: {}",
            unreferenced.len(),
            join_numbers(&unreferenced)
        ));
    }
}

fn join_numbers(ns: &[u32]) -> String {
    ns.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

/// Section levels. A heading named by the page's own contents list has the level the list
/// gives it (1, or the depth of its outline number), and one it does not name, under one
/// it does, is one level deeper. Without a contents list, headings that the opening
/// paragraph of the section before announces ("Two examples are X and Y", then headings X
/// and Y) are its subsections. A level is never more than one deeper than its parent's.
fn assign_levels(doc: &mut Document, contents: &HashMap<String, u8>) {
    let n = doc.sections.len();
    let mut level = vec![1u8; n];
    if !contents.is_empty() {
        let mut last_named: Option<u8> = None;
        for (i, s) in doc.sections.iter().enumerate() {
            let named = contents
                .get(&normalise(&s.title))
                .copied()
                .or_else(|| notes::is_notes_heading(&s.title).then_some(1));
            level[i] = match (named, last_named) {
                (Some(l), _) => l,
                (None, Some(l)) => l.saturating_add(1),
                (None, None) => 1,
            };
            if named.is_some() {
                last_named = named;
            }
        }
    } else {
        let mut i = 0;
        while i < n {
            let intro = first_paragraph_after(doc, doc.sections[i].block);
            let announced = (i + 1..n)
                .take_while(|&j| {
                    intro
                        .as_deref()
                        .is_some_and(|t| announces(t, &doc.sections[j].title))
                })
                .count();
            if announced >= 2 {
                for l in &mut level[i + 1..=i + announced] {
                    *l = 2;
                }
                i += announced;
            }
            i += 1;
        }
    }
    // Open sections by level: the parent of a section is the last one above its level.
    let mut open: Vec<usize> = Vec::new();
    for (i, s) in doc.sections.iter_mut().enumerate() {
        while open.last().is_some_and(|&j| level[j] >= level[i]) {
            open.pop();
        }
        let parent = open.last().copied();
        level[i] = parent.map_or(1, |j| level[i].min(level[j] + 1));
        s.level = level[i];
        s.parent = parent;
        open.push(i);
    }
    for b in &mut doc.blocks {
        if let BlockKind::Heading { level: l, section } = &mut b.kind {
            *l = level[*section];
        }
    }
}

fn first_paragraph_after(doc: &Document, block: usize) -> Option<String> {
    doc.blocks[block + 1..]
        .iter()
        .find(|b| !b.chrome)
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.text.to_lowercase())
}

/// Whether `intro` mentions most content words of `heading`.
fn announces(intro: &str, heading: &str) -> bool {
    const STOP: [&str; 12] = [
        "the", "and", "for", "with", "from", "into", "its", "their", "our", "a", "of", "in",
    ];
    let words: Vec<String> = heading
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() >= 3 && !STOP.contains(&w.as_str()))
        .collect();
    let intro_words: HashSet<&str> = intro.split(|c: char| !c.is_alphanumeric()).collect();
    let found = words
        .iter()
        .filter(|w| {
            intro_words
                .iter()
                .any(|iw| iw.starts_with(w.trim_end_matches('s')))
        })
        .count();
    words.len() >= 2 && found * 4 >= words.len() * 3
}

/// A readable title for an article without a title line: its first sentence, shortened.
fn fallback_title(doc: &Document) -> String {
    let first = doc
        .blocks
        .iter()
        .find(|b| b.is_body())
        .map(|b| {
            let end = crate::sentences::split(&b.text)
                .first()
                .map_or(b.text.len(), |r| r.end);
            b.text[..end].to_string()
        })
        .unwrap_or_default();
    shorten(&first, 60)
}

fn shorten(s: &str, max_chars: usize) -> String {
    let s = s.trim().trim_end_matches(['.', '!', '?']);
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.chars().count() + w.chars().count() + 1 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.trim_end_matches([',', ';', ':', '—']).to_string() + "…"
}

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn pieces_cut_at_sentence_ends_then_spaces_then_characters_and_lose_nothing() {
        let text = "One two. Three four five six. Seven";
        let got: Vec<&str> = pieces(text, 16).collect();
        assert_eq!(got, ["One two.", "Three four five", "six. Seven"]);
        let unbroken = "ééééé";
        let got: Vec<&str> = pieces(unbroken, 3).collect();
        assert_eq!(got, ["é", "é", "é", "é", "é"]);
        assert_eq!(pieces("日本", 1).collect::<Vec<_>>(), ["日", "本"]);
        assert_eq!(pieces("short", 100).collect::<Vec<_>>(), ["short"]);
        assert_eq!(pieces("", 100).count(), 0);
    }
}
