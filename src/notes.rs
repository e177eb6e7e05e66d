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
//! has got to (just past the last reference), so "python3" stays text. A number after
//! the dot of a file name ("libz.so.1") is the name's. Where the numbering vouches for
//! it, a reference glued to a number is split off where the number's own shape ends (a
//! thousands group "US$1,00023", a dated year "April 3, 201427", an amount "$50029",
//! "1300,1 concluding"), and references run together ("Communicator.67") are split.
//!
//! For the notes list: the shapes an entry starts with (`entry_start`), entries a page
//! ran on one line (`split_run_on_entries`), and the numbers a text seems to cite
//! (`cited_numbers`), which tell footnotes without a heading from any numbered lines.

use std::collections::HashMap;

mod list;

pub use list::{
    EntryStart, RawNote, cited_numbers, entry_start, is_notes_heading, split_run_on_entries,
    strip_bullet,
};

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
            && let Some((head, numbers)) = ref_glued_to_number(text, i, notes, *last)
        {
            out.push_str(&rest[..head]);
            for n in numbers {
                push_ref(&mut out, &mut refs, n, last);
            }
            i += split_digits(rest).0.len();
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
    // A word in brackets or quotes ("(Required)", "“Salt”") is a word; a bracket inside
    // a token ("unnest(array", "f(x)") is code.
    let token = before[start..].trim_start_matches(['(', '[', '“', '"', '‘', '\'']);
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

/// Whether the token that ends `before` is a file name or a path ("libz.so", "ld.so",
/// "/usr/lib/libfoo"): a dot or a slash inside it, letters on both sides of the dot.
fn dotted_name(before: &str) -> bool {
    let token = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or(before)
        .trim_start_matches(['(', '“', '"', '‘', '\'']);
    let inner = token.trim_end_matches('.');
    inner.contains('/')
        || inner.split('.').count() > 1
            && inner.split('.').all(|part| {
                part.chars().next().is_some_and(char::is_alphanumeric)
                    && part.chars().any(|c| c.is_ascii_lowercase())
            })
}

/// Whether `after` (what follows a number) starts a new sentence: nothing, or a space
/// and a capital or an opening quote.
fn starts_sentence(after: &str) -> bool {
    let following = after.trim_start();
    following.is_empty()
        || following.len() < after.len()
            && following.starts_with(|c: char| c.is_uppercase() || matches!(c, '“' | '"'))
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
    // A run too long for one note number may still be several run together ("30313233").
    let n = parse_number(digits).unwrap_or(u32::MAX);
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
    // But "between 1250 and 1300,1 concluding": after a year, a number that is no
    // thousands group and is the next note, closed by a space, is a reference.
    let after_year = || {
        let run = before_prev.len()
            - before_prev
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .len();
        run == 4
            && before_prev[before_prev.len() - 4..]
                .parse()
                .is_ok_and(plausible_year)
            && !before_prev[..before_prev.len() - 4]
                .ends_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
    };
    let next_after_year = prev == ','
        && digits.len() != 3
        && n == last + 1
        && notes.get(n).is_some()
        && after.starts_with(char::is_whitespace)
        && after_year();
    if next_after_year {
        return Some((vec![n], digits.len()));
    }
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
        // "libz.so.1", "/etc/ld.so.3": a number after the dot of a file name or a path is
        // part of the name.
        '.' if dotted_name(before_prev) && !starts_sentence(after) => false,
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
    // After a full stop a reference ends the sentence: what follows starts another
    // ("ranks.4 The"), or, where the numbering has got to, is a lowercase name after a
    // whole word ("package.11 dpkg-shlibdeps"); "v.2 of", "No.3 in", "Fig.4 shows" go on
    // with the same sentence.
    let word_before = before_prev
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .count();
    let goes_on = !(new_sentence
        || following.starts_with(['(', '['])
        || n == last + 1 && word_before >= 4 && after.starts_with(char::is_whitespace));
    if prev == '.' && !after_digit && goes_on {
        return None;
    }
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
        // "Communicator.67" after note 5 is notes 6 and 7, not a jump to note 67.
        if n != last + 1
            && let Some(ns) = run_together(digits, last, notes)
        {
            return Some((ns, digits.len()));
        }
        if notes.get(n).is_some() && (!after_letter || rising) {
            return Some((vec![n], digits.len()));
        }
        run_together(digits, last, notes).map(|ns| (ns, digits.len()))
    }
}

/// Two or more references glued into one digit run ("Communicator.67" for notes 6 and 7):
/// `digits` spelled exactly by the numbers right after `last`, each in the notes list.
fn run_together(digits: &str, last: u32, notes: &NoteTexts) -> Option<Vec<u32>> {
    spelled_from(digits, last, notes).filter(|ns| ns.len() >= 2)
}

/// `digits` spelled exactly by one or more numbers right after `last`, each a note.
fn spelled_from(digits: &str, last: u32, notes: &NoteTexts) -> Option<Vec<u32>> {
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
    (!numbers.is_empty()).then_some(numbers)
}

/// References glued to the end of a number, where the number's own shape says where it
/// ends: a thousands group ("US$1,00023" is $1,000 and note 23), a year after a month or
/// "in" ("April 3, 201427 and" is 2014 and note 27), an amount ("$50029 to" is $500 and
/// note 29). The digits after the number must spell the next notes (just past `last`)
/// and end there. Returns the length of the number and the notes.
fn ref_glued_to_number(
    text: &str,
    i: usize,
    notes: &NoteTexts,
    last: u32,
) -> Option<(usize, Vec<u32>)> {
    if notes.is_empty() {
        return None;
    }
    let before = &text[..i];
    let (digits, after) = split_digits(&text[i..]);
    if after.starts_with(|c: char| c.is_alphanumeric() || c == '%')
        || after.starts_with(['.', ',']) && after[1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let tail = |head: usize| {
        (head < digits.len())
            .then(|| spelled_from(&digits[head..], last, notes))
            .flatten()
            .map(|ns| (head, ns))
    };
    let mut back = before.chars().rev();
    let prev = back.next()?;
    if matches!(prev, ',' | '.') && back.next().is_some_and(|c| c.is_ascii_digit()) {
        return tail(3);
    }
    if matches!(prev, '$' | '€' | '£' | '¥') {
        return (1..digits.len().min(5)).find_map(tail);
    }
    let year = digits
        .get(..4)
        .and_then(|y| y.parse::<u32>().ok())
        .is_some_and(plausible_year);
    if year && prev.is_whitespace() {
        let words: Vec<&str> = before.split_whitespace().rev().take(2).collect();
        let month = |w: &str| {
            let w = w.trim_end_matches(',').to_lowercase();
            crate::calendar::MONTHS.contains(&w.as_str())
        };
        let dated = words.first().is_some_and(|w| month(w) || *w == "in")
            || words.first().is_some_and(|w| {
                w.ends_with(',') && w.trim_end_matches(',').bytes().all(|b| b.is_ascii_digit())
            }) && words.get(1).is_some_and(|w| month(w));
        if dated {
            return tail(4);
        }
    }
    None
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
mod tests;
