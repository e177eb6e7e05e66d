//! Endnotes: recognising the notes list, finding references in body text, removing note
//! texts that the page pasted right after a reference, and resolving references to notes.
//!
//! Works on plain strings handed over by `ingest::plain`; it does not decide where
//! paragraphs or sections are, and it knows nothing of layout or terminals.
//!
//! What counts as a reference (after KOReader's and Calibre's footnote heuristics):
//! `[12]`, `[^12]`, superscript digits, and digits glued to the end of a word or to
//! punctuation ("in 2024.1 While", "ranks.4"); lists and ranges ("[6, 7]", "[8–10]",
//! "¹,²", "³⁻⁵") stand for every number they name. Glued digits are only taken when the
//! notes list has that number, or, without a notes list, when they end a sentence and
//! continue the numbering; digits after a separator inside a number ("10:30", "3:16",
//! "12,13", "3.1") never are. So years, times, verses, amounts, decimals, "H2O", "MS-13"
//! and "Task 2A" stay text, as do bracketed years ("in [2019] UKSC 5") and exponents
//! ("2 m²", "E=mc²"). Nothing is rewritten inside a name, a version or code: digits glued
//! to a word with a capital inside it ("ARMv7", "IPv6") or to code ("vec_len2"), and
//! brackets glued to code ("array[2, 3, 5]", "vec![1, 2]"), stay text; with a notes list,
//! glued digits must name one of its notes and, glued to a word, be where the numbering
//! has got to (just past the last reference), so "python3" stays text.

use std::collections::HashMap;

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

fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

/// Note numbers are small; anything longer than four digits is a year, an amount, a code.
fn parse_number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    digits.parse().ok()
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
            Some('/' | '-' | ')' | ']') => true,
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
            i += 1;
            continue;
        }
        let (digits, _) = split_digits(&text[i..]);
        let before = &text[..i];
        let mut back = before.chars().rev();
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
            Some('.' | ',' | ';' | ':' | '!' | '?' | ')' | '”' | '’' | '"' | '\'') => back
                .next()
                .is_some_and(|c| c.is_alphabetic() || ")”’\"'".contains(c)),
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

/// A reference found in a paragraph: where it stands in the cleaned text and its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundRef {
    pub offset: usize,
    pub number: u32,
}

/// The texts of a document's notes list by number, and its largest number: what tells a
/// reference from a number that only looks like one.
#[derive(Debug, Clone, Default)]
pub struct NoteTexts<'a> {
    texts: HashMap<u32, &'a str>,
    max: u32,
}

impl<'a> NoteTexts<'a> {
    pub fn new(texts: HashMap<u32, &'a str>) -> Self {
        let max = texts.keys().copied().max().unwrap_or(0);
        NoteTexts { texts, max }
    }

    fn get(&self, n: u32) -> Option<&'a str> {
        self.texts.get(&n).copied()
    }

    fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// No combined reference ("[8–10]", "³⁻⁵") stands for more notes than this; a longer range
/// is not a reference.
const MAX_RANGE: u32 = 50;

/// Finds the references in `text`, removing the markers and any pasted copy of the note.
///
/// `notes` holds the note texts (empty when the document has no notes list); `last` is the
/// number of the previous reference in the document, updated as refs are found, so that
/// numbering without a notes list can be followed.
pub fn extract_refs(text: &str, notes: &NoteTexts, last: &mut u32) -> (String, Vec<FoundRef>) {
    let mut out = String::with_capacity(text.len());
    let mut refs = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if c == '['
            && let Some((numbers, len)) = bracket_ref(rest)
            && bracket_is_reference(&out, &rest[len_of_bracket(rest)..], &numbers, notes)
        {
            for n in numbers {
                push_ref(&mut out, &mut refs, n, last);
            }
            i += len;
            continue;
        }
        if superscript_digit(c).is_some() {
            let (numbers, len) = superscript_refs(rest);
            let glued = !out.is_empty() && !out.ends_with(char::is_whitespace);
            // "gluten.⁵ ¹²": a run set apart by a space only continues a reference.
            let after_ref = out.ends_with(char::is_whitespace)
                && refs
                    .last()
                    .is_some_and(|r: &FoundRef| r.offset == out.trim_end().len());
            if !numbers.is_empty() && (glued && !is_exponent_base(&out) || after_ref) {
                for n in numbers {
                    push_ref(&mut out, &mut refs, n, last);
                }
                i += len;
                continue;
            }
            // An exponent or a stray superscript: its whole run stays text.
            let run: usize = rest
                .chars()
                .take_while(|&c| superscript_digit(c).is_some())
                .map(char::len_utf8)
                .sum();
            out.push_str(&rest[..run]);
            i += run;
            continue;
        }
        if c.is_ascii_digit()
            && let Some((numbers, consumed)) = glued_ref(text, i, notes, *last)
        {
            for n in numbers {
                push_ref(&mut out, &mut refs, n, last);
            }
            i += consumed;
            continue;
        }
        // Copy a whole digit run at once, so that "2024" is never looked at as "024", and
        // plain text up to the next character that could start a reference.
        let len = if c.is_ascii_digit() {
            split_digits(rest).0.len()
        } else {
            // Byte scan: '[', a digit, or the lead byte of a superscript digit (U+00B2,
            // U+00B3, U+00B9 start with 0xC2; U+2070..U+2079 with 0xE2). Lead bytes are
            // always char boundaries.
            let skip = c.len_utf8();
            skip + rest.as_bytes()[skip..]
                .iter()
                .position(|&b| b == b'[' || b.is_ascii_digit() || b == 0xC2 || b == 0xE2)
                .unwrap_or(rest.len() - skip)
        };
        out.push_str(&rest[..len]);
        i += len;
    }
    (out, refs)
}

fn push_ref(out: &mut String, refs: &mut Vec<FoundRef>, number: u32, last: &mut u32) {
    // The marker goes right after the word, even when the source had a space before "[1]".
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    refs.push(FoundRef {
        offset: out.len(),
        number,
    });
    *last = number;
}

/// `[12]`, `[^12]`, `[6, 7]`, `[8–10]` at the start of `s`: (numbers, bytes consumed).
/// A range stands for every number in it.
fn bracket_ref(s: &str) -> Option<(Vec<u32>, usize)> {
    let inner = s.strip_prefix('[')?;
    if let Some(caret) = inner.strip_prefix('^') {
        let (digits, rest) = split_digits(caret);
        let n = parse_number(digits)?;
        return rest
            .starts_with(']')
            .then(|| (vec![n], 1 + 1 + digits.len() + 1));
    }
    // A reference list is short ("[12, 13, 15–18]"): only its first bytes are looked at,
    // so a paragraph full of '[' is not scanned to its end for each one.
    let close = inner.as_bytes().iter().take(41).position(|&b| b == b']')?;
    let mut numbers = Vec::new();
    for item in inner[..close].split(',') {
        let item = item.trim();
        let (a, rest) = split_digits(item);
        let a = parse_number(a)?;
        if rest.is_empty() {
            numbers.push(a);
            continue;
        }
        let b = rest.strip_prefix(['-', '–', '—'])?;
        let b = parse_number(b).filter(|&b| b > a && b - a < MAX_RANGE)?;
        numbers.extend(a..=b);
    }
    (numbers.len() as u32 <= MAX_RANGE && !numbers.contains(&0)).then_some((numbers, 1 + close + 1))
}

/// The bytes of the bracket at the start of `s` (up to its `]`), for what follows it.
fn len_of_bracket(s: &str) -> usize {
    s.find(']').map_or(s.len(), |i| i + 1)
}

/// Whether the token that ends `before` (from the last whitespace) is code or a name, so
/// that a bracket or digits glued to it are part of it: an identifier with code
/// punctuation ("unnest(array", "vec!", "foo.bar", "x_1", "a=b"), or a word with a
/// capital inside it ("ARMv", "IPv", "iOS", "HTTP", "Win"), as names and versions are
/// written ("ARMv7", "IPv6", "MP3").
fn name_or_code_token(before: &str) -> bool {
    let start = before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let token = &before[start..];
    let code = token.contains(['(', '_', '=', '<', '>', '{', '}', '!', '\\', '`'])
        || token.contains("::")
        || token
            .split('.')
            .skip(1)
            .any(|part| part.starts_with(|c: char| c.is_ascii_lowercase()) && part.len() > 1);
    let letters: Vec<char> = token
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect();
    // `letters` is reversed: a capital anywhere but at the word's start is inside it.
    let inner_capital = letters.iter().rev().skip(1).any(|c| c.is_uppercase());
    code || inner_capital
}

/// A number that reads as a year rather than a note number.
fn plausible_year(n: u32) -> bool {
    (1000..=2100).contains(&n)
}

/// Whether bracketed numbers are a reference or text: "in [2019] UKSC 5" and "Smith
/// [2020] disagreed" cite years. A bracket set apart by a space whose number is beyond the
/// notes list (or, without one, a plausible year) is text. A bracket glued to code
/// ("array[2, 3, 5]", "vec![1, 2]") or followed by more of it ("x[1](y)", "a[2].b") is an
/// index or a literal. (A glued "[7]" the notes list lacks is still a reference: the
/// reader reports it as unresolved.)
fn bracket_is_reference(before: &str, after: &str, numbers: &[u32], notes: &NoteTexts) -> bool {
    let apart = before.is_empty() || before.ends_with(char::is_whitespace);
    // "[12]The" lost its space; "[2](x)", "[2]y", "[0].x" go on as code.
    let continues_code = after
        .starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit() || "(=_".contains(c))
        || after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_lowercase());
    if continues_code || !apart && name_or_code_token(before) {
        return false;
    }
    if !apart {
        return true;
    }
    if notes.is_empty() {
        !numbers.iter().any(|&n| plausible_year(n))
    } else {
        numbers.iter().all(|&n| n <= notes.max)
    }
}

fn superscript_digit(c: char) -> Option<u32> {
    Some(match c {
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴' => 4,
        '⁵' => 5,
        '⁶' => 6,
        '⁷' => 7,
        '⁸' => 8,
        '⁹' => 9,
        _ => return None,
    })
}

/// A run of superscript digits at the start of `s`: (its number if it can be a note
/// number, bytes).
fn superscript_run(s: &str) -> (Option<u32>, usize) {
    let mut n: u32 = 0;
    let mut len = 0;
    let mut count = 0;
    for c in s.chars() {
        let Some(d) = superscript_digit(c) else { break };
        n = n.saturating_mul(10).saturating_add(d);
        len += c.len_utf8();
        count += 1;
    }
    ((count <= 4 && n > 0).then_some(n), len)
}

/// Superscript references at the start of `s`, with lists and ranges ("¹,²", "³⁻⁵",
/// "¹²,¹⁵–¹⁷"): (numbers, bytes). A separator not followed by a usable number is left.
fn superscript_refs(s: &str) -> (Vec<u32>, usize) {
    let (first, mut len) = superscript_run(s);
    let Some(first) = first else {
        return (Vec::new(), len);
    };
    let mut numbers = vec![first];
    let mut prev = first;
    loop {
        let rest = &s[len..];
        let Some(sep) = rest.chars().next() else {
            break;
        };
        let range = matches!(sep, '⁻' | '-' | '–');
        if !range && sep != ',' {
            break;
        }
        let after_sep = &rest[sep.len_utf8()..];
        let skipped = if range {
            0
        } else {
            after_sep.len() - after_sep.trim_start_matches(' ').len()
        };
        let (next, run) = superscript_run(&after_sep[skipped..]);
        let Some(next) = next else { break };
        if range {
            if next <= prev || next - prev >= MAX_RANGE {
                break;
            }
            numbers.extend(prev + 1..=next);
        } else {
            numbers.push(next);
        }
        if numbers.len() as u32 > MAX_RANGE {
            break;
        }
        prev = next;
        len += sep.len_utf8() + skipped + run;
    }
    (numbers, len)
}

/// Whether a superscript right after `before` is an exponent: "10²", "2 m²", "km²",
/// "E=mc²", "x²", "m/s²". The token it is glued to starts with a digit and ends in a letter
/// or digit, is a formula, or is a unit or a one-letter variable.
fn is_exponent_base(before: &str) -> bool {
    const UNITS: [&str; 12] = [
        "m", "cm", "km", "mm", "ft", "mi", "yd", "in", "s", "mc", "sq", "px",
    ];
    let token_start = before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let token = &before[token_start..];
    let Some(last) = token.chars().next_back() else {
        return false;
    };
    if !last.is_alphanumeric() {
        return false;
    }
    let core = token.trim_start_matches(|c: char| !c.is_alphanumeric());
    if core.starts_with(|c: char| c.is_ascii_digit()) || token.contains(['=', '^', '+']) {
        return true;
    }
    let letters_start = token
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(token.len(), |(i, _)| i);
    let run = &token[letters_start..];
    let whole = run == core || core.contains('/');
    let unit_or_variable = UNITS.contains(&run) || run.chars().count() == 1 && last.is_lowercase();
    if !whole || !unit_or_variable {
        return false;
    }
    if run == "in" {
        // "in" is a word far more often than a unit: only "4 in²" is an exponent.
        return before[..token_start]
            .trim_end()
            .ends_with(|c: char| c.is_ascii_digit());
    }
    true
}

/// How far past the last reference a number glued to a word may jump and still be read
/// as the next reference: one, the next number. A word with digits glued to it is far
/// more often a name ("urllib2", "python3") than a reference that skips a note.
const MAX_JUMP: u32 = 1;

/// Decides whether the digit run at byte `i` of `text` is a glued note reference.
/// Returns the note numbers it stands for (one, or the next few run together: "67"
/// after note 5) and how many bytes the reference (and any pasted note copy after it)
/// covers.
fn glued_ref(text: &str, i: usize, notes: &NoteTexts, last: u32) -> Option<(Vec<u32>, usize)> {
    let before = &text[..i];
    let prev = before.chars().next_back()?;
    let (digits, after) = split_digits(&text[i..]);
    // Note numbers are not written with a leading zero ("01:01", ".05").
    if digits.starts_with('0') {
        return None;
    }
    let n = parse_number(digits)?;
    // The strongest evidence first: the note's own text pasted right after the number,
    // whatever punctuation the number is glued to ("1300,9Mein Smith 2005, p. 6.",
    // "“quoted”4Smith", "example.org/a)5Smith").
    if !prev.is_whitespace()
        && !prev.is_ascii_digit()
        && let Some(note) = notes.get(n)
        && let Some(pasted) = pasted_copy(after, note)
    {
        return Some((vec![n], digits.len() + pasted));
    }
    let before_prev = &before[..before.len() - prev.len_utf8()];
    let after_digit = before_prev.ends_with(|c: char| c.is_ascii_digit());
    // "10:30", "3:16", "12,13": digits after a separator inside a number are the number.
    if after_digit && matches!(prev, ',' | ':' | ';') {
        return None;
    }
    let after_digit_dot = prev == '.' && after_digit;
    // Punctuation must itself close a word: ".50 caliber" is a number, not note 50.
    let punct_closes_word = before_prev
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace());
    let sentence_end = matches!(prev, '.' | '!' | '?' | '”' | '’' | '"' | '\'' | ')');
    let glue_ok = match prev {
        '.' | ',' | ';' | ':' | '!' | '?' | '”' | '’' | '"' | '\'' | ')' | ']' => {
            punct_closes_word
        }
        c if c.is_lowercase() => {
            // The end of a real word ("ranks4"), not a code such as "x2" inside a token,
            // nor a name or a version ("ARMv7", "IPv6", "vec_len2").
            before
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .count()
                >= 3
                && !name_or_code_token(before)
        }
        _ => false,
    };
    if !glue_ok {
        return None;
    }
    let next = after.chars().next();
    if next.is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(note) = notes.get(n)
        && let Some(pasted) = pasted_copy(after, note)
    {
        return Some((vec![n], digits.len() + pasted));
    }
    // "browsers2. By": after a word, a period or comma that ends the sentence or clause
    // closes the reference (after digits it would be a decimal: "3.5").
    let punct_then_space = |c: char| {
        prev.is_alphabetic()
            && matches!(c, '.' | ',' | ';' | ':')
            && after[1..].chars().next().is_none_or(char::is_whitespace)
    };
    let clean_end = match next {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some(c) if punct_then_space(c) => true,
        Some(c) => !c.is_alphanumeric() && !matches!(c, '%' | '$' | '-' | '‑' | '.' | ',' | '/'),
    };
    if !clean_end {
        return None;
    }
    let following = after.trim_start();
    let new_sentence = following.is_empty()
        || following
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || matches!(c, '“' | '"'));
    if after_digit_dot {
        // "3.5 percent" and "Version 3.1 Beta" are decimals; "in 2024.1 While" is a
        // reference: after a year, and followed by a new sentence.
        let whole = before_prev.len()
            - before_prev
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .len();
        let year = before_prev[before_prev.len() - whole..]
            .parse::<u32>()
            .is_ok_and(|y| whole == 4 && plausible_year(y));
        let inside_number = before_prev[..before_prev.len() - whole].ends_with(['.', ',']);
        if !year || inside_number || !new_sentence {
            return None;
        }
    }
    if notes.is_empty() {
        // Without a notes list a number glued to text refers to nothing: only one that
        // ends a sentence and continues the numbering is taken.
        (sentence_end && new_sentence && n == last + 1).then(|| (vec![n], digits.len()))
    } else {
        // Glued to a letter, with nothing pasted to confirm it ("python3", "utf8"), a
        // number is read as a reference only where the numbering has got to: just past
        // the last reference.
        let rising = n > last && n <= last + MAX_JUMP;
        let after_letter = prev.is_alphabetic();
        if notes.get(n).is_some() && (!after_letter || rising) {
            return Some((vec![n], digits.len()));
        }
        run_together(digits, last, notes).map(|ns| (ns, digits.len()))
    }
}

/// Two or more references glued into one digit run ("Communicator.67" for notes 6 and 7):
/// `digits` spelled exactly by the numbers right after `last`, each in the notes list.
fn run_together(digits: &str, last: u32, notes: &NoteTexts) -> Option<Vec<u32>> {
    let mut numbers = Vec::new();
    let mut rest = digits;
    let mut next = last + 1;
    while !rest.is_empty() {
        let spelled = next.to_string();
        rest = rest.strip_prefix(spelled.as_str())?;
        notes.get(next)?;
        numbers.push(next);
        next += 1;
    }
    (numbers.len() >= 2).then_some(numbers)
}

/// If `after` starts with a copy of `note` (as pages do when they paste the note's text
/// right after its number), the number of bytes that copy covers.
///
/// Whitespace may differ (the copy can span a line break). A copy that is a shortened
/// form of the note is accepted when a good part of it matches, and then ends where the
/// citation's sentence ends.
fn pasted_copy(after: &str, note: &str) -> Option<usize> {
    // Most of a pasted copy is byte for byte the note: compare bytes first, then go on
    // character by character (whitespace may differ) from the last character they share.
    let same = after
        .bytes()
        .zip(note.bytes())
        .take_while(|(x, y)| x == y)
        .count();
    let same = (0..=same)
        .rev()
        .find(|&k| after.is_char_boundary(k) && note.is_char_boundary(k))
        .unwrap_or(0);
    let shared = &after[..same];
    let mut matched_chars = shared.chars().filter(|c| !c.is_whitespace()).count();
    let mut end = shared.trim_end().len();
    let mut a = after[same..]
        .char_indices()
        .map(|(i, c)| (same + i, c))
        .peekable();
    let mut b = note[same..].chars().peekable();
    loop {
        let Some(&nc) = b.peek() else {
            return (matched_chars > 0).then_some(end);
        };
        let &(ai, ac) = a.peek()?;
        if nc.is_whitespace() || ac.is_whitespace() {
            // Any run of whitespace matches any run (or none) on the other side.
            while b.peek().is_some_and(|c| c.is_whitespace()) {
                b.next();
            }
            while a.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                a.next();
            }
            continue;
        }
        if nc == ac {
            matched_chars += 1;
            end = ai + ac.len_utf8();
            a.next();
            b.next();
            continue;
        }
        // The copy differs from the note from here on.
        let note_len = note.chars().count();
        if matched_chars >= 24.min(note_len) && matched_chars * 3 >= note_len.min(60) {
            return citation_end(after, end);
        }
        return None;
    }
}

/// The end of the citation that starts at the beginning of `s` and has been matched up to
/// byte `from`: after the next sentence-ending punctuation (with closing quotes) that is
/// followed by whitespace and a capital letter, within a reasonable distance.
fn citation_end(s: &str, from: usize) -> Option<usize> {
    let window_end = s.len().min(from + 400);
    let window = &s[from..s.floor_char_boundary(window_end)];
    let mut iter = window.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if matches!(c, '.' | '…' | '?' | '!') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, q)) = iter.peek() {
                if matches!(q, '”' | '’' | '"' | '\'' | ')' | '.' | '…') {
                    end = j + q.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            let rest = &window[end..];
            let trimmed = rest.trim_start();
            if trimmed.len() < rest.len()
                && trimmed
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '“')
            {
                return Some(from + end);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str, notes: &[(u32, &str)]) -> (String, Vec<(usize, u32)>) {
        let map = NoteTexts::new(notes.iter().copied().collect());
        let mut last = 0;
        let (t, r) = extract_refs(text, &map, &mut last);
        (t, r.into_iter().map(|r| (r.offset, r.number)).collect())
    }

    #[test]
    fn pasted_note_is_removed_and_reference_kept() {
        let note = "“Provisional Drug Overdose Data,” CDC, May 15, 2025, https://cdc.gov/x.htm.";
        let text = format!("died in 2024.1{note} While this figure fell.");
        let (t, r) = refs(&text, &[(1, note)]);
        assert_eq!(t, "died in 2024. While this figure fell.");
        assert_eq!(r, vec![(13, 1)]);
    }

    #[test]
    fn pasted_copy_across_a_line_break_matches() {
        let note = "“Why,” Economist, September 14, 2023, https://e.com/a; more text.";
        let text = "supported it.54“Why,” Economist, September 14, 2023,\nhttps://e.com/a; more text. The logic";
        let (t, r) = refs(text, &[(54, note)]);
        assert_eq!(t, "supported it. The logic");
        assert_eq!(r, vec![(13, 54)]);
    }

    #[test]
    fn shortened_pasted_copy_ends_with_its_sentence() {
        let note = "General John W. Nicholson Jr., “Department of Defense Press Briefing by General Nicholson,” 2017.";
        let text = "at elevated levels.”60General John W. Nicholson Jr., “Department of Defense Press Briefing…” Dr. David Mansfield agreed.";
        let (t, r) = refs(text, &[(60, note)]);
        assert_eq!(t, "at elevated levels.” Dr. David Mansfield agreed.");
        assert_eq!(r, vec![(22, 60)]);
    }

    #[test]
    fn numbers_that_are_not_references_stay_text() {
        let notes = [(1, "a"), (2, "b"), (3, "c"), (5, "e"), (13, "m"), (35, "x")];
        for text in [
            "a $50 million bounty",
            "grew 3.5 percent",
            "seized 1.1 metric tons",
            "water is H2O today",
            "see Task 2A now",
            "the F-35 jets and MS-13 gang",
            "in 2024 and 2025",
            "July 2, 2025",
            "cut by 5% in 2023",
            "weapons like .50 caliber rifles",
        ] {
            let (t, r) = refs(text, &notes);
            assert_eq!(t, text);
            assert!(r.is_empty(), "{text}: {r:?}");
        }
    }

    #[test]
    fn digits_inside_names_and_versions_are_never_references() {
        let notes: Vec<(u32, &str)> = (1..=20).map(|n| (n, "a note")).collect();
        for text in [
            "an ARMv7 or ARMv6 CPU",
            "over IPv6 and iOS 17",
            "Windows 10 and COVID-19 and the B-52",
            "the HTTP2 stack and MP3 files",
            "call vec_len2 here",
        ] {
            let (t, r) = refs(text, &notes);
            assert_eq!(t, text);
            assert!(r.is_empty(), "{text}: {r:?}");
        }
        let (t, r) = refs("It fell.1 Sites differ by browsers2. By default", &notes);
        assert_eq!(t, "It fell. Sites differ by browsers. By default");
        assert_eq!(r.len(), 2);
        // A real word with the next note number glued to it is still a reference; a
        // number far from where the numbering is, glued to a word, is not.
        let (t, r) = refs("the cartels1 grew", &notes);
        assert_eq!((t.as_str(), r), ("the cartels grew", vec![(11, 1)]));
        let (t, r) = refs("It fell.1 It rose.2 It fell.3 Then python3 ran.", &notes);
        assert_eq!(r.len(), 3, "{t}");
        assert!(t.ends_with("python3 ran."), "{t}");
        let (t, r) = refs("It fell.1 Then the utf8 text", &notes);
        assert_eq!(
            (t.as_str(), r),
            ("It fell. Then the utf8 text", vec![(8, 1)])
        );
    }

    #[test]
    fn brackets_in_code_are_indices_and_literals_not_references() {
        let notes: Vec<(u32, &str)> = (1..=13).map(|n| (n, "a note")).collect();
        for text in [
            "select unnest(array[2, 3, 5]) as n",
            "let v = vec![1, 2, 3];",
            "read ys[3](0) and m[1].len",
            "the list.items[4] entry",
        ] {
            let (t, r) = refs(text, &notes);
            assert_eq!(t, text);
            assert!(r.is_empty(), "{text}: {r:?}");
        }
        // References side by side, and one glued to the next sentence, still are.
        let (t, r) = refs("It grew.[1][2]The end[3].", &notes);
        assert_eq!(t, "It grew.The end.");
        assert_eq!(r, vec![(8, 1), (8, 2), (15, 3)]);
    }

    #[test]
    fn references_run_together_are_split_where_the_numbering_spells_them() {
        let notes: Vec<(u32, &str)> = (1..=20).map(|n| (n, "a note")).collect();
        let (t, r) = refs("It fell.5 Then Communicator.67 And more.", &notes);
        assert_eq!(t, "It fell. Then Communicator. And more.");
        assert_eq!(r.iter().map(|r| r.1).collect::<Vec<_>>(), [5, 6, 7]);
        // Not the numbers after the last reference: not split, not a reference.
        let (_, r) = refs("It fell.5 Then Communicator.89 And more.", &notes);
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn a_pasted_note_is_recognised_after_any_punctuation() {
        let note = "Mein Smith 2005, p. 6.";
        let (t, r) = refs(
            "between 1250 and 1300,9Mein Smith 2005, p. 6. concluding that",
            &[(9, note)],
        );
        assert_eq!(t, "between 1250 and 1300, concluding that");
        assert_eq!(r, vec![(22, 9)]);
        let note = "Jones, The Long Road (Oxford, 1999), ch. 2.";
        for text in [
            "as “the road”4Jones, The Long Road (Oxford, 1999), ch. 2. Then",
            "see example.org/roads)4Jones, The Long Road (Oxford, 1999), ch. 2. Then",
        ] {
            let (t, r) = refs(text, &[(4, note)]);
            assert!(t.ends_with(" Then") && !t.contains("Oxford"), "{t}");
            assert_eq!(r.len(), 1, "{text}");
        }
        // Without the pasted copy a number after "1300," is part of the number.
        let (t, r) = refs("between 1250 and 1300,9 more", &[(9, note)]);
        assert_eq!((t.as_str(), r.len()), ("between 1250 and 1300,9 more", 0));
    }

    #[test]
    fn glued_reference_after_a_year_and_a_period() {
        let (t, r) = refs("died in 2024.1 While", &[(1, "n")]);
        assert_eq!(t, "died in 2024. While");
        assert_eq!(r, vec![(13, 1)]);
    }

    #[test]
    fn bracket_caret_and_superscript_references() {
        let (t, r) = refs("One [1] two[^2] three³ end", &[]);
        assert_eq!(t, "One two three end");
        assert_eq!(r, vec![(3, 1), (7, 2), (13, 3)]);
    }

    #[test]
    fn without_a_notes_list_glued_numbers_must_follow_the_numbering() {
        let (_, r) = refs("It fell.1 Then it rose.7 And more.2 Done.", &[]);
        assert_eq!(r.iter().map(|r| r.1).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn a_bracket_list_is_short_and_many_brackets_are_cheap() {
        let (_, r) = refs(
            "see [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] here",
            &[(1, "a")],
        );
        assert!(r.is_empty());
        let text = "[".repeat(60_000);
        let (t, r) = refs(&text, &[(1, "a")]);
        assert_eq!(t, text);
        assert!(r.is_empty());
    }

    #[test]
    fn huge_numbers_are_not_references() {
        let (t, r) = refs("see [4294967296] and note.4294967296 here", &[]);
        assert_eq!(t, "see [4294967296] and note.4294967296 here");
        assert!(r.is_empty());
    }

    #[test]
    fn entry_shapes() {
        assert_eq!(entry_start("  • 12", 1), Some(EntryStart::NumberOnly(12)));
        assert_eq!(
            entry_start("12. Text", 1),
            Some(EntryStart::Numbered(12, "Text".into()))
        );
        assert_eq!(
            entry_start("[3] Text", 1),
            Some(EntryStart::Numbered(3, "Text".into()))
        );
        assert_eq!(
            entry_start("4 Text", 4),
            Some(EntryStart::Numbered(4, "Text".into()))
        );
        assert_eq!(entry_start("2025 was a year", 4), None);
        assert_eq!(
            entry_start("^ a b Woodall 2001", 1),
            Some(EntryStart::Caret("Woodall 2001".into()))
        );
        assert_eq!(
            entry_start("^ Smith 2020", 1),
            Some(EntryStart::Caret("Smith 2020".into()))
        );
        assert_eq!(entry_start("3.5 percent", 3), None);
        assert_eq!(
            entry_start("^ Jump up to: a b Galliazzo 1995", 2),
            Some(EntryStart::Caret("Galliazzo 1995".into()))
        );
    }

    #[test]
    fn notes_headings() {
        for h in ["Endnotes", "Notes", "FOOTNOTES", "References:", "End Notes"] {
            assert!(is_notes_heading(h), "{h}");
        }
        assert!(!is_notes_heading("Notes on a war"));
    }
}
