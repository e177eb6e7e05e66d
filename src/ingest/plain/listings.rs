//! Stage "lines → paragraphs", listings: which lines of a run of non-blank lines are code,
//! preformatted output, an aligned table or box drawing, to be kept verbatim as one
//! listing (`BlockKind::Code`) instead of being joined, squashed or taken for headings.
//!
//! Decided per line from general signals, never from one site: prompts (`>>>`, `$ `),
//! statement shapes (a call, an assignment, a line ending in `{` or `;`, SQL keywords,
//! `#include`, `//`), box-drawing characters, aligned columns, symbol density and
//! indentation. One strong line makes a run of code-like lines around it a listing; a
//! run of weak ones is a listing only when it is its whole block. A line that reads as
//! prose, a list item or a note entry is never in a listing.
//! Knows nothing of roles or of the document; `lines` calls it.

use super::shapes::numbered_item;
use crate::notes;
use std::ops::Range;

/// What one line says about being part of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Code on its own evidence: a prompt, a statement, box drawing.
    Code,
    /// Code-like but weak: indented, dense in symbols, aligned columns, digits only.
    CodeLike,
    /// Says nothing either way: a short plain line.
    Neutral,
    /// Prose, a list item or a note entry: a listing never holds it.
    Break,
}

/// The runs of lines of `group` (line indices) that are listings.
pub(super) fn code_runs(group: &str) -> Vec<Range<usize>> {
    let mut lines = group.lines();
    let (Some(first), None) = (lines.next(), lines.clone().next()) else {
        return multi_line_runs(group);
    };
    // One line alone is a listing only on strong evidence (the common case, a paragraph,
    // costs a few prefix and suffix checks).
    let whole = std::iter::once(0..1);
    whole
        .filter(|_| strong_code(first) && !prose(first.trim()))
        .collect()
}

fn multi_line_runs(group: &str) -> Vec<Range<usize>> {
    let shapes: Vec<Shape> = group.lines().map(shape).collect();
    let weak_or_strong = shapes
        .iter()
        .filter(|s| matches!(s, Shape::Code | Shape::CodeLike))
        .count();
    let strong = shapes.iter().filter(|s| **s == Shape::Code).count();
    // A block set apart by blank lines, with no prose in it, mostly code-like: a listing
    // whole (program output, a table, a drawing), even without one strong line.
    if !shapes.contains(&Shape::Break)
        && weak_or_strong * 2 >= shapes.len()
        && (strong >= 1 || weak_or_strong >= 2)
    {
        return std::iter::once(0..shapes.len()).collect();
    }
    let mut runs = Vec::new();
    let mut i = 0;
    while i < shapes.len() {
        if shapes[i] == Shape::Break {
            i += 1;
            continue;
        }
        let start = i;
        while i < shapes.len() && shapes[i] != Shape::Break {
            i += 1;
        }
        let window = &shapes[start..i];
        if !window.contains(&Shape::Code) {
            continue;
        }
        // Plain short lines at the edges (a heading above, a label below) stay text.
        let lead = window.iter().take_while(|s| **s == Shape::Neutral).count();
        let trail = window
            .iter()
            .rev()
            .take_while(|s| **s == Shape::Neutral)
            .count();
        runs.push(start + lead..i - trail);
    }
    runs
}

fn shape(line: &str) -> Shape {
    let t = line.trim();
    if t.is_empty() {
        return Shape::Neutral;
    }
    if notes::strip_bullet(t).is_some()
        || numbered_item(t).is_some()
        || notes::entry_start(t, u32::MAX).is_some()
    {
        return Shape::Break;
    }
    let is_prose = prose(t);
    if strong_code(line) && !is_prose {
        return Shape::Code;
    }
    if is_prose {
        return Shape::Break;
    }
    if weak_code(line) {
        Shape::CodeLike
    } else {
        Shape::Neutral
    }
}

/// Characters that are frequent in code and rare in prose.
fn is_code_symbol(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '{'
            | '}'
            | '['
            | ']'
            | '<'
            | '>'
            | '='
            | ';'
            | '_'
            | '*'
            | '/'
            | '\\'
            | '|'
            | '&'
            | '$'
            | '#'
            | '@'
            | '+'
            | '^'
            | '~'
            | '%'
    )
}

/// How much of a line is looked at to judge its shape: a line's start says whether it is
/// code or prose, and a long paragraph must not cost a pass per question.
const LOOK_AT: usize = 512;

/// The first `LOOK_AT` bytes of `t` or so, cut at a character boundary.
fn head(t: &str) -> &str {
    &t[..t.floor_char_boundary(LOOK_AT)]
}

/// The share of non-space characters of `t` (its head) that are code symbols, counted in
/// one pass over bytes (the symbols are ASCII; a multi-byte character counts once).
fn symbol_density(t: &str) -> f64 {
    let mut symbols = 0usize;
    let mut chars = 0usize;
    for &b in head(t).as_bytes() {
        if b.is_ascii_whitespace() || b & 0xC0 == 0x80 {
            continue;
        }
        chars += 1;
        symbols += usize::from(b.is_ascii() && is_code_symbol(char::from(b)));
    }
    if chars == 0 {
        0.0
    } else {
        symbols as f64 / chars as f64
    }
}

/// A word of running text: letters (and inner hyphens or apostrophes), with at most
/// sentence punctuation around it.
fn plain_word(w: &str) -> bool {
    let core = w.trim_matches(|c: char| "\"'“”‘’(),.;:!?".contains(c));
    !core.is_empty()
        && core
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
}

/// Running prose: six words or more, most of them plain words, few code symbols. Judged
/// on the line's head.
fn prose(t: &str) -> bool {
    let mut words = 0usize;
    let mut plain = 0usize;
    let mut keywords = 0usize;
    let mut sql_first = false;
    for w in head(t).split_whitespace().take(64) {
        if words == 0 {
            sql_first = SQL_KEYWORDS.contains(&w);
        }
        words += 1;
        plain += usize::from(plain_word(w));
        keywords += usize::from(sql_first && SQL_KEYWORDS.contains(&w));
    }
    // "SELECT aa FROM edge JOIN nodes ON bb=x" reads as words but is a query.
    words >= 6
        && !(sql_first && keywords >= 2)
        && plain * 10 >= words * 7
        && symbol_density(t) < 0.1
}

const SQL_KEYWORDS: [&str; 22] = [
    "SELECT",
    "FROM",
    "WHERE",
    "WITH",
    "RECURSIVE",
    "UNION",
    "ALL",
    "INSERT",
    "INTO",
    "UPDATE",
    "DELETE",
    "CREATE",
    "TABLE",
    "INDEX",
    "VALUES",
    "ORDER",
    "GROUP",
    "BY",
    "JOIN",
    "LIMIT",
    "DROP",
    "ALTER",
];

/// Starts a statement of a programming language in its usual shape.
fn statement(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("");
    let rest = t[first.len()..].trim_start();
    let ident = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
    };
    let head_ident = |s: &str| {
        let name = s.split(['(', ':', '<', ' ']).next().unwrap_or("");
        ident(name)
    };
    match first {
        "def" | "fn" | "func" | "function" => head_ident(rest) && t.contains('('),
        "class" | "struct" | "enum" | "impl" | "interface" => {
            head_ident(rest) && t.ends_with([':', '{'])
        }
        "import" => {
            rest.split_whitespace().count() <= 4 && ident(rest.split(' ').next().unwrap_or(""))
        }
        "from" => {
            let mut w = rest.split_whitespace();
            w.next().is_some_and(ident) && w.next() == Some("import")
        }
        "let" | "const" | "var" => rest.contains(" = ") || rest.ends_with(';'),
        "#include" | "#define" | "#import" | "#ifdef" | "#endif" | "#pragma" => true,
        _ if SQL_KEYWORDS.contains(&first) => {
            // "SELECT x FROM cnt;", "WITH RECURSIVE", not a heading in capitals
            // ("WHERE WE STAND"): symbols, or keywords only.
            t.contains(['(', ')', ',', ';', '=', '*', '.'])
                || t.split_whitespace().all(|w| SQL_KEYWORDS.contains(&w))
        }
        _ => false,
    }
}

/// An assignment or a call standing alone: "x = 5", "a.sort()", "print(e.code)".
fn assignment_or_call(t: &str) -> bool {
    let lhs_end = t
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '\'' | '"')))
        .unwrap_or(t.len());
    if lhs_end == 0 {
        return false;
    }
    let rest = &t[lhs_end..];
    let assigns = [" = ", " += ", " -= ", " := ", "="]
        .iter()
        .any(|op| rest.starts_with(op) && !rest.starts_with("=="));
    let calls = rest.starts_with('(')
        && t.trim_end_matches([';', ',']).ends_with(')')
        && t[..lhs_end].chars().any(|c| c.is_alphabetic());
    assigns
        && !rest
            .trim_start_matches([' ', '+', '-', ':', '='])
            .is_empty()
        || calls
}

/// A shell command: a lowercase program name, then options ("emcc -O3 add.c -o add.wasm").
fn command_line(t: &str) -> bool {
    let mut words = t.split_whitespace();
    let Some(program) = words.next() else {
        return false;
    };
    program
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
        && words.take(12).any(|w| {
            w.strip_prefix("--")
                .or_else(|| w.strip_prefix('-'))
                .is_some_and(|o| o.starts_with(|c: char| c.is_ascii_alphabetic()))
        })
        && !t.ends_with(['.', '!', '?'])
}

/// Box-drawing characters (U+2500–U+257F) and block elements (U+2580–U+259F).
fn has_box_drawing(t: &str) -> bool {
    let b = t.as_bytes();
    b.windows(2)
        .any(|w| w[0] == 0xE2 && matches!(w[1], 0x94..=0x96))
}

/// Evidence enough on its own: a prompt, a statement, a comment opener, box drawing,
/// a line that opens or closes a block.
fn strong_code(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    let prompt = t == ">>>"
        || t.starts_with(">>> ")
        || t.strip_prefix("$ ")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_lowercase() || "./~".contains(c)));
    let comment = t.starts_with("/*") || t.starts_with("#!");
    let closes = t.len() <= 4 && t.chars().all(|c| matches!(c, '}' | ')' | ']' | ';' | ','));
    let opens = t.ends_with('{') && symbol_density(t) >= 0.05;
    let ends_statement =
        t.ends_with(';') && (t.contains('(') || t.contains('=') || symbol_density(t) >= 0.08);
    prompt
        || comment
        || closes
        || opens
        || ends_statement
        || statement(t)
        || assignment_or_call(t)
        || command_line(t)
        || (t.len() <= 4 * 200 && has_box_drawing(t))
}

/// Code-like, weak alone: a continuation prompt, a comment, an indented line, a line
/// dense in symbols, aligned columns, or digits and punctuation only.
fn weak_code(line: &str) -> bool {
    let t = head(line.trim());
    let indent = line.len() - line.trim_start().len();
    let continuation = t == "..." || t.starts_with("... ") || t.starts_with("...");
    let comment = t.starts_with("# ") || t.starts_with("-- ") || t.starts_with("//");
    let markup = t.starts_with('<') && t.ends_with('>');
    let dense = symbol_density(t) >= 0.2;
    let no_letters = !t.chars().any(char::is_alphabetic);
    let columns = t.matches("  ").count() >= 2 || t.contains('\t');
    let operators = ["()", "->", "=>", "::", "==", "!=", "&&", "||"]
        .iter()
        .any(|op| t.contains(op));
    let indented = indent >= 2 && (symbol_density(t) >= 0.05 || t.split_whitespace().count() <= 6);
    continuation || comment || markup || dense || no_letters || columns || operators || indented
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // one run of lines is what they expect
mod tests {
    use super::*;

    #[test]
    fn prompts_statements_and_box_drawing_are_code_on_their_own() {
        for line in [
            ">>> sorted([5, 2, 3, 1, 4])",
            "$ git worktree list --porcelain",
            "#include <stdio.h>",
            "int add(int x, int y) {",
            "}",
            "SELECT x FROM cnt;",
            "WITH RECURSIVE",
            "import urllib.request",
            "from operator import itemgetter, attrgetter",
            "a.sort()",
            "timeout = 10",
            "emcc -O3 add.c -o add.wasm",
            "┌──────┬──────┐",
            "4 │ f",
        ] {
            assert_eq!(code_runs(line), [0..1], "{line}");
        }
    }

    #[test]
    fn prose_and_headings_are_never_code_on_their_own() {
        for line in [
            "A simple ascending sort is very easy: just call the sorted() function.",
            "Sorting Basics",
            "WHERE WE STAND",
            "The price (in 2024) was $5; it rose.",
            "Windows 10 and iOS 17 are supported.",
            "Share this",
            "42",
            "By Maria Gonzalez",
            "Select your country",
            "// By Arun Sai Krishnan • Nov 11, 2020",
            "Import duties rose by a third over the decade, as the records show.",
        ] {
            assert!(code_runs(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn in_a_run_of_lines_code_is_cut_out_of_the_prose_around_it() {
        let group = "Sorting Basics\nA simple ascending sort is very easy: just call the sorted() function. It returns a new list:\n>>> sorted([5, 2, 3, 1, 4])\n[1, 2, 3, 4, 5]\nKey Functions\nBoth list.sort() and sorted() have a key parameter to specify a function to call.";
        assert_eq!(code_runs(group), [2..4]);
    }

    #[test]
    fn a_block_of_only_code_like_lines_is_a_listing_whole() {
        let output = "Alice\n...Bob\n...Cindy\n......Dave\n......Emma";
        assert_eq!(code_runs(output), [0..5]);
        let table = "Name    Size    Date\nfoo     12 KB   2024-01-02\nbar     3 KB    2024-02-03";
        assert_eq!(code_runs(table), [0..3]);
        let sql = "WITH RECURSIVE\n  cnt(x) AS (\n     SELECT 1\n     UNION ALL\n     SELECT x+1 FROM cnt\n  )\nSELECT x FROM cnt;";
        assert_eq!(code_runs(sql), [0..7]);
    }

    #[test]
    fn menus_lists_and_note_entries_are_not_listings() {
        assert!(code_runs("Home\nNews\nOpinion\nSport").is_empty());
        assert!(code_runs("• Sorting Basics\n• Key Functions\n• Odds and Ends").is_empty());
        assert!(code_runs("1. Smith, Salt (1998), p. 12.\n2. Jones, Trade [2004].").is_empty());
        assert!(
            code_runs("[1] Smith, A History of Salt, 1998, p. 12.\n[2] Jones, Alpine Trade, 2004.")
                .is_empty()
        );
        let recipe = "Ingredients\n500 g flour\n10 g salt\n350 ml water";
        assert!(code_runs(recipe).is_empty());
    }
}
