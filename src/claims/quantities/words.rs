//! The word tables figures are read with: lexing a sentence into words, numbers and
//! symbols, number words ("eight"), scales ("billion"), units of measure, months and the
//! words that bound a figure ("at least", "about").
//!
//! Pure functions over text; used by `scanner`, knows nothing of `Quantity`.

use crate::claims::lexical::is_stop_word;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LexKind {
    Word,
    Num,
    Sym(char),
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Lex {
    pub(super) kind: LexKind,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Splits into words (letters, or letters mixed with digits such as "H2O", "2A"), numbers
/// ("200,000", "4.5") and single symbols. Whitespace is dropped.
pub(super) fn lex(text: &str) -> Vec<Lex> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i;
            let mut has_letter = false;
            let mut has_digit = false;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_alphabetic() {
                    has_letter = true;
                    j += 1;
                } else if d.is_ascii_digit() || d.is_numeric() {
                    has_digit = true;
                    j += 1;
                } else if matches!(d, ',' | '.')
                    && j > i
                    && chars[j - 1].1.is_ascii_digit()
                    && chars.get(j + 1).is_some_and(|x| x.1.is_ascii_digit())
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let kind = if has_digit && !has_letter {
                LexKind::Num
            } else {
                LexKind::Word
            };
            out.push(Lex {
                kind,
                start,
                end: end_of(j),
            });
            i = j;
        } else {
            out.push(Lex {
                kind: LexKind::Sym(c),
                start,
                end: end_of(i + 1),
            });
            i += 1;
        }
    }
    out
}

pub(super) fn number_word(w: &str) -> Option<f64> {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = SMALL.iter().position(|s| *s == w) {
        return Some(i as f64);
    }
    TENS.iter()
        .position(|s| *s == w)
        .map(|i| (i as f64 + 2.0) * 10.0)
}

pub(super) fn scale_word(w: &str) -> Option<f64> {
    match w {
        "hundred" => Some(1e2),
        "thousand" => Some(1e3),
        "million" | "mn" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

pub(super) fn unit_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "ton" | "tons" | "tonne" | "tonnes" => "ton",
        "kilogram" | "kilograms" | "kg" | "kilo" | "kilos" => "kg",
        "gram" | "grams" => "g",
        "pound" | "pounds" | "lb" | "lbs" => "lb",
        "kilometer" | "kilometers" | "kilometre" | "kilometres" | "km" => "km",
        "mile" | "miles" => "mile",
        "meter" | "meters" | "metre" | "metres" => "m",
        "acre" | "acres" => "acre",
        "hectare" | "hectares" => "hectare",
        "liter" | "liters" | "litre" | "litres" => "l",
        "barrel" | "barrels" => "barrel",
        _ => return None,
    })
}

/// Words that qualify a figure rather than name what it measures.
pub(super) fn bound_word(w: &str) -> Option<()> {
    matches!(
        w,
        "about"
            | "almost"
            | "nearly"
            | "approximately"
            | "around"
            | "roughly"
            | "some"
            | "least"
            | "most"
            | "than"
            | "over"
            | "above"
            | "under"
            | "below"
            | "exceeding"
            | "fewer"
            | "less"
            | "just"
            | "only"
            | "by"
            | "to"
            | "from"
    )
    .then_some(())
}

/// Words that stand between a number and its noun without being the noun.
pub(super) fn is_function_word(w: &str) -> bool {
    is_stop_word(w)
}

pub(super) fn irregular_plural(w: &str) -> bool {
    matches!(
        w,
        "people" | "men" | "women" | "children" | "personnel" | "police" | "staff" | "troops"
    )
}
