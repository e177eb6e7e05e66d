//! The notes list's side of `notes`: the heading of a notes list, how an entry starts,
//! entries a page ran on one line, and the numbers a text seems to cite (what tells
//! footnotes without a heading from any numbered lines). Pure string work; it decides
//! nothing about paragraphs.

use super::{
    bracket_ref, is_exponent_base, name_or_code_token, parse_number, plausible_year, split_digits,
    starts_sentence, superscript_digit, superscript_refs,
};

/// One entry of a notes list as found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawNote {
    pub number: u32,
    pub text: String,
}

/// Whether a line is the heading of a notes list.
pub fn is_notes_heading(line: &str) -> bool {
    let line = line.trim();
    // The longest name below, with room for spacing; longer lines are never one of them
    // (and a huge paragraph is not copied to find that out).
    if line.len() > 40 {
        return false;
    }
    let t = line
        .trim_end_matches(':')
        .trim()
        .to_lowercase()
        .replace(['-', ' '], "");
    matches!(
        t.as_str(),
        "endnotes"
            | "notes"
            | "footnotes"
            | "references"
            | "sources"
            | "citations"
            | "notesandreferences"
            | "referencesandnotes"
            | "notesandsources"
            | "sourcesandnotes"
            | "sourcenotes"
            | "bibliography"
            | "workscited"
            | "literaturecited"
    )
}

/// How a line of a notes list begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryStart {
    /// A number (or "• 12") alone on its line; the text follows on the next lines.
    NumberOnly(u32),
    /// A numbered entry with its text on the same line.
    Numbered(u32, String),
    /// An unnumbered entry ("^ text", "↑ text") numbered by its position.
    Caret(String),
}

/// Recognises the start of a notes-list entry. `expected` is the number the next entry
/// would have; it keeps "12 text" (a bare number and a space) from matching any line that
/// begins with a number.
pub fn entry_start(line: &str, expected: u32) -> Option<EntryStart> {
    let t = line.trim();
    let t = strip_bullet(t).unwrap_or(t);
    if let Some(rest) = t.strip_prefix('^').or_else(|| t.strip_prefix('↑')) {
        // "^ a b Text": the letters link back to each place the note is cited; Wikipedia
        // copies them as "^ Jump up to: a b Text".
        let mut rest = rest.trim_start();
        rest = rest
            .strip_prefix("Jump up to:")
            .map_or(rest, str::trim_start);
        while let Some(after) = rest
            .strip_prefix(|c: char| c.is_ascii_lowercase())
            .filter(|a| a.starts_with(' '))
        {
            rest = after.trim_start();
        }
        return Some(EntryStart::Caret(rest.to_string()));
    }
    if let Some(inner) = t.strip_prefix('[') {
        let inner = inner.strip_prefix('^').unwrap_or(inner);
        let (digits, rest) = split_digits(inner);
        if let (Some(n), Some(rest)) = (parse_number(digits), rest.strip_prefix(']')) {
            // Markdown footnotes: "[^1]: text".
            let rest = rest
                .strip_prefix(':')
                .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
                .unwrap_or(rest);
            return Some(entry(n, rest));
        }
        return None;
    }
    let (digits, rest) = split_digits(t);
    let n = parse_number(digits)?;
    if rest.is_empty() {
        return Some(EntryStart::NumberOnly(n));
    }
    if let Some(text) = rest.strip_prefix(['.', ')']) {
        if text.starts_with(char::is_whitespace) || text.is_empty() {
            return Some(entry(n, text));
        }
        return None;
    }
    if rest.starts_with(char::is_whitespace) && n == expected {
        return Some(entry(n, rest));
    }
    None
}

fn entry(n: u32, text: &str) -> EntryStart {
    let text = text.trim();
    if text.is_empty() {
        EntryStart::NumberOnly(n)
    } else {
        EntryStart::Numbered(n, text.to_string())
    }
}

/// The text after a list bullet ("•", "-", "*", "◦", "▪", "‣", "–"), if the line has one.
pub fn strip_bullet(line: &str) -> Option<&str> {
    let mut chars = line.chars();
    let first = chars.next()?;
    if !matches!(first, '•' | '-' | '*' | '◦' | '▪' | '‣' | '–' | '·') {
        return None;
    }
    let rest = chars.as_str();
    rest.starts_with(char::is_whitespace)
        .then(|| rest.trim_start())
}

/// Splits off the entries a flattened page ran on after an entry's text on the same
/// line ("…/web/20151013/2. https://…/3. https://doi.org/…"): the next number, then the
/// one after it, and so on, followed by ". " where it cannot belong to what precedes it:
/// right after `/`, `-`, `)`, `]` or a full stop that ends a word, or after a space when
/// a link follows. Returns the text before the first such entry and the entries split off.
pub fn split_run_on_entries(text: &str, next: u32) -> (&str, Vec<RawNote>) {
    let mut cuts: Vec<(usize, usize, u32)> = Vec::new(); // (entry start, text start, number)
    let mut from = 0;
    let mut number = next;
    while let Some((at, text_at)) = run_on_entry(text, from, number) {
        cuts.push((at, text_at, number));
        from = text_at;
        number = number.saturating_add(1);
    }
    let head_end = cuts.first().map_or(text.len(), |c| c.0);
    let entries = cuts
        .iter()
        .enumerate()
        .map(|(k, &(_, text_at, number))| {
            let end = cuts.get(k + 1).map_or(text.len(), |c| c.0);
            RawNote {
                number,
                text: text[text_at..end].trim().to_string(),
            }
        })
        .collect();
    (text[..head_end].trim_end(), entries)
}

/// The first place from byte `from` where entry `number` starts run on: (where its
/// number starts, where its text starts).
fn run_on_entry(text: &str, from: usize, number: u32) -> Option<(usize, usize)> {
    let label = format!("{number}.");
    let mut search = from;
    while let Some(found) = text[search..].find(&label) {
        let at = search + found;
        search = at + label.len();
        let after = &text[at + label.len()..];
        let rest = after.trim_start();
        if rest.len() == after.len() || rest.is_empty() {
            continue; // "2.5", or nothing after the label
        }
        let before = &text[..at];
        let link_follows = ["http://", "https://", "www.", "doi:"]
            .iter()
            .any(|p| rest.starts_with(p));
        let mut back = before.chars().rev();
        let boundary = match back.next() {
            Some('/' | ')' | ']') => true,
            // "…/article-2. https://", never "pp. 1-2. Oxford" (a page range).
            Some('-') => back.next().is_some_and(|c| !c.is_ascii_digit()),
            // "Press.2. Smith", never "p. 6.2. Smith" (a section number).
            Some('.') => back.next().is_some_and(|c| c.is_alphabetic()),
            Some(c) if c.is_whitespace() => link_follows,
            _ => false,
        };
        let entry_like =
            link_follows || rest.starts_with(|c: char| c.is_uppercase() || "“\"‘'".contains(c));
        if boundary && entry_like {
            return Some((at, text.len() - rest.len()));
        }
    }
    None
}

/// The numbers `text` appears to cite: in brackets ("[3]", "[3, 4]", `[^3]`), or glued
/// to the end of a word or its closing punctuation ("salt.3", "roads3", "1300,9Mein").
/// A cheap, permissive look used to tell a run of footnotes from any numbered lines.
pub fn cited_numbers(text: &str) -> Vec<u32> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            if bytes[i] == b'['
                && let Some((numbers, len)) = bracket_ref(&text[i..])
            {
                found.extend(numbers);
                i += len;
                continue;
            }
            // "salt.³", "roads¹²": superscripts glued to a word.
            if matches!(bytes[i], 0xC2 | 0xE2)
                && text.is_char_boundary(i)
                && text[i..]
                    .chars()
                    .next()
                    .and_then(superscript_digit)
                    .is_some()
            {
                let (numbers, len) = superscript_refs(&text[i..]);
                if text[..i].ends_with(|c: char| !c.is_whitespace())
                    && !is_exponent_base(&text[..i])
                {
                    found.extend(numbers);
                }
                i += len.max(1);
                continue;
            }
            i += 1;
            continue;
        }
        let (digits, after) = split_digits(&text[i..]);
        let before = &text[..i];
        let mut back = before.chars().rev();
        // A note's text pasted right after its number ("1860.3Railways", "1300,1Mein").
        let pasted = after.starts_with(char::is_alphabetic);
        let glued = match back.next() {
            Some(c) if c.is_alphabetic() => {
                before
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .count()
                    >= 3
                    && !name_or_code_token(before)
            }
            Some('.' | ',' | ';' | ':' | '!' | '?' | ')' | '”' | '’' | '"' | '\'') => {
                pasted
                    // "between 1250 and 1300,1 concluding": no thousands group.
                    || comma_after_digits(before) && digits.len() != 3 && after.starts_with(' ')
                    // "railways in 1860.6 Few tracks": after a year, before a sentence.
                    || year_then_dot(before) && starts_sentence(after)
                    || back
                        .next()
                        .is_some_and(|c| c.is_alphabetic() || ")”’\"'".contains(c))
            }
            _ => false,
        };
        if glued
            && !digits.starts_with('0')
            && let Some(n) = parse_number(digits).filter(|&n| n < 1000)
        {
            found.push(n);
        }
        i += digits.len();
    }
    found
}

/// Whether `before` ends with a year and a full stop ("in 1860.").
fn year_then_dot(before: &str) -> bool {
    let Some(b) = before.strip_suffix('.') else {
        return false;
    };
    let digits = b.len() - b.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    digits == 4
        && b[b.len() - 4..].parse().is_ok_and(plausible_year)
        && !b[..b.len() - 4].ends_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Whether `before` ends with a comma right after a digit ("1300,").
fn comma_after_digits(before: &str) -> bool {
    before
        .strip_suffix(',')
        .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()))
}
