//! Stage "lines → paragraphs": cuts sanitised text into paragraphs (`Para`): a run of
//! non-blank lines is one paragraph when hard-wrapped, else lines are joined only where
//! one continues the other (inside a sentence, a URL); long runs of short lines are kept
//! as listings; whitespace runs are squashed; a huge line is cut into pieces. Nothing is
//! dropped but whitespace and an "[edit]" link glued to a heading.

use super::shapes::{numbered_item, starts_with_ci};
use super::{Para, listings};
use crate::notes::{self, EntryStart};

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

pub(super) fn paragraphs(text: &str) -> Vec<Para> {
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
pub(super) const LISTING_MIN_LINES: usize = 256;

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

/// Adds the paragraphs of one run of non-blank lines (`group`, without its final newline):
/// its listings (see `listings`) as code paragraphs, the lines between them as text.
fn push_group(paras: &mut Vec<Para>, group: &str, blank_before: bool) {
    let runs = listings::code_runs(group);
    if runs.is_empty() {
        return push_text_group(paras, group, blank_before);
    }
    // Byte offset of each line of interest, found by walking the lines once.
    let offset = |line: &str| line.as_ptr() as usize - group.as_ptr() as usize;
    let mut first = true;
    let mut done = 0; // bytes of `group` already pushed
    let mut lines = group.lines().enumerate().peekable();
    for run in runs {
        let mut code_lines = Vec::new();
        let mut text_end = None;
        while let Some((i, line)) = lines.next_if(|(i, _)| *i < run.end) {
            if i < run.start {
                continue;
            }
            if i == run.start {
                text_end = Some(offset(line));
            }
            code_lines.push(line);
        }
        let Some(code_start) = text_end else {
            continue;
        };
        let before = group[done..code_start].trim_end_matches('\n');
        if !before.trim().is_empty() {
            push_text_group(paras, before, blank_before && first);
            first = false;
        }
        push_code(paras, &code_lines, blank_before && first);
        first = false;
        done = code_lines
            .last()
            .map_or(code_start, |l| offset(l) + l.len());
    }
    let after = group[done..].trim_start_matches('\n');
    if !after.trim().is_empty() {
        push_text_group(paras, after, blank_before && first);
    }
}

/// Adds a listing: its lines exactly as written (trailing spaces aside), joined by
/// newlines, cut into pieces of about `MAX_PARAGRAPH_BYTES` at line ends.
fn push_code(paras: &mut Vec<Para>, lines: &[&str], blank_before: bool) {
    let mut text = String::new();
    let mut first_piece = true;
    for line in lines {
        if !text.is_empty() {
            if text.len() >= MAX_PARAGRAPH_BYTES {
                paras.push(Para::code(
                    std::mem::take(&mut text),
                    first_piece && blank_before,
                ));
                first_piece = false;
            } else {
                text.push('\n');
            }
        }
        text.push_str(line.trim_end());
    }
    if !text.is_empty() {
        paras.push(Para::code(text, first_piece && blank_before));
    }
}

/// Adds the paragraphs of a run of non-blank lines that holds no listing.
fn push_text_group(paras: &mut Vec<Para>, group: &str, blank_before: bool) {
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
    // "2. https://…" under "…/20151013/": the next entry of a list, not the URL going on.
    if numbered_item(next).is_some() || notes::entry_start(next, u32::MAX).is_some() {
        return false;
    }
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
pub(super) fn continues(prev: &str, next: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::{paragraphs, pieces};

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

    fn texts(text: &str) -> Vec<String> {
        paragraphs(text).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn blank_lines_part_paragraphs_and_a_line_broken_inside_a_sentence_is_joined() {
        let text = "Title line\n\nThe first paragraph runs on and on for quite a while longer, and\nthen it goes on here.\nA new line that starts a sentence.\n";
        assert_eq!(
            texts(text),
            [
                "Title line",
                "The first paragraph runs on and on for quite a while longer, and then it goes on here.",
                "A new line that starts a sentence.",
            ]
        );
        let paras = paragraphs(text);
        assert!(paras[1].blank_before && !paras[2].blank_before);
    }

    #[test]
    fn hard_wrapped_lines_are_one_paragraph_and_runs_of_spaces_are_squashed() {
        let text = "This text was wrapped by fmt at a fixed width of about sixty\ncharacters, so every line but the last is nearly as long as\nthe   longest one.\n";
        assert_eq!(
            texts(text),
            [
                "This text was wrapped by fmt at a fixed width of about sixty characters, so every line but the last is nearly as long as the longest one."
            ]
        );
    }

    #[test]
    fn a_url_broken_across_lines_is_glued_back_without_a_space() {
        let text = "See https://example.org/reports/2023-\nannual-final.pdf, the report.\n";
        assert_eq!(
            texts(text),
            ["See https://example.org/reports/2023-annual-final.pdf, the report."]
        );
    }

    #[test]
    fn a_numbered_entry_under_a_url_ending_in_a_slash_starts_a_new_paragraph() {
        let text = "1. https://web.archive.org/web/20151013/\n2. https://example.org/b\n";
        assert_eq!(
            texts(text),
            [
                "1. https://web.archive.org/web/20151013/",
                "2. https://example.org/b"
            ]
        );
    }

    #[test]
    fn a_long_run_of_short_lines_is_a_listing_with_its_line_breaks() {
        let lines: Vec<String> = (0..300).map(|i| format!("row {i}")).collect();
        let paras = paragraphs(&lines.join("\n"));
        assert_eq!(paras.len(), 1);
        assert!(paras[0].listing);
        assert_eq!(paras[0].text.lines().count(), 300);
    }

    #[test]
    fn an_edit_link_glued_to_a_heading_is_dropped_and_the_indent_kept() {
        let paras = paragraphs("Taxonomy[edit]\n\n    - nested item\n");
        assert_eq!(paras[0].text, "Taxonomy");
        assert_eq!(paras[1].indent, 4);
    }
}
