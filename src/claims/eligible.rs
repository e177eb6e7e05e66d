//! Which sentences may take part in a link: a claim is prose that says something. Code
//! (`console.log(data.entries);`), page furniture repeated through a document ("Share this
//! article"), and sentences too short to state a fact ("Read more.") never link, whatever
//! their score: two snippets of code or two bylines look alike without saying the same
//! thing.
//!
//! Pure text rules; knows nothing of scores or documents beyond the sentence texts it is
//! handed.

use super::lexical::{fold_lower, is_stop_word};
use std::collections::HashMap;

/// Fewest words that are not function words a sentence needs to state a claim.
pub const MIN_CONTENT_WORDS: usize = 3;

/// Whether each sentence of each document may link (`texts[d][s]`). A sentence that is
/// code, too short, or written twice or more in its own document (furniture repeated
/// between sections) may not.
pub fn eligible(texts: &[Vec<&str>]) -> Vec<Vec<bool>> {
    texts
        .iter()
        .map(|doc| {
            let mut seen: HashMap<String, usize> = HashMap::new();
            let keys: Vec<String> = doc.iter().map(|t| squashed(t)).collect();
            for k in &keys {
                *seen.entry(k.clone()).or_default() += 1;
            }
            doc.iter()
                .zip(&keys)
                .map(|(t, k)| seen[k] < 2 && is_prose_claim(t))
                .collect()
        })
        .collect()
}

/// Prose with at least `MIN_CONTENT_WORDS` content words, and not code.
pub fn is_prose_claim(text: &str) -> bool {
    content_words(text) >= MIN_CONTENT_WORDS && !looks_like_code(text)
}

/// Words of letters (at least two) that are not function words.
fn content_words(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .filter(|w| !is_stop_word(&fold_lower(w)))
        .count()
}

/// Source code rather than prose: marks no sentence of prose has (a call `f(`, a member
/// access `a.b` between letters, `=>`, `==`, `::`, `{`, `}`, a statement-ending `;`, an
/// identifier with `_` or an inner capital, a command line's `--option` or ` | `), two or
/// more of them, or a text made more of
/// symbols than a sentence is.
pub fn looks_like_code(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut marks = 0;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let letter_before = prev.is_some_and(|p| p.is_alphanumeric() || p == '_');
        match c {
            '{' | '}' => marks += 1,
            '(' if letter_before && next.is_some_and(|n| n == ')' || n.is_alphanumeric()) => {
                // "f(x)" or "log()" — but "(FTOs)" after a space is prose
                marks += 1;
            }
            '.' if letter_before
                && prev.is_some_and(char::is_lowercase)
                && next.is_some_and(char::is_lowercase) =>
            {
                marks += 1;
            }
            ';' if next.is_none_or(char::is_whitespace) && prev == Some(')') => marks += 1,
            '=' if matches!(next, Some('=' | '>')) => marks += 1,
            ':' if next == Some(':') && letter_before => marks += 1,
            // a command line's options and pipes: "--release", "a | b"
            '-' if prev == Some('-') && next.is_some_and(char::is_alphabetic) => marks += 1,
            '|' if prev == Some(' ') && next == Some(' ') => marks += 1,
            _ => {}
        }
    }
    for word in text.split(|c: char| !c.is_alphanumeric() && c != '_') {
        let inner_capital = word
            .char_indices()
            .skip(1)
            .any(|(k, c)| c.is_uppercase() && word[..k].chars().all(char::is_lowercase));
        let snake = word.contains('_') && word.trim_matches('_').contains('_');
        if snake || (inner_capital && word.len() > 3) {
            marks += 1;
        }
    }
    let visible = chars.iter().filter(|c| !c.is_whitespace()).count().max(1);
    let symbols = chars
        .iter()
        .filter(|c| !c.is_alphanumeric() && !c.is_whitespace() && !is_prose_punctuation(**c))
        .count();
    marks >= 2 || symbols * 5 > visible
}

/// Punctuation ordinary sentences are made of.
fn is_prose_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '\''
            | '"'
            | '’'
            | '‘'
            | '“'
            | '”'
            | '-'
            | '–'
            | '—'
            | '('
            | ')'
            | '%'
            | '$'
            | '€'
            | '£'
            | '/'
            | '['
            | ']'
            | '…'
    )
}

/// The text with whitespace runs squashed and case folded, to find repeats.
fn squashed(text: &str) -> String {
    fold_lower(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_not_a_claim() {
        for code in [
            "console.log(data.entries);",
            "{ .. console.log(..)",
            "const total = items.reduce((a, b) => a + b, 0);",
            "if (x == null) { return; }",
            "std::fs::read_to_string(path)?",
            "let parsedResponse = await fetchData(user_id);",
            "$ cargo run --release -- --top 3 | grep -v '^#'",
        ] {
            assert!(!is_prose_claim(code), "{code}");
        }
    }

    #[test]
    fn prose_with_names_acronyms_and_figures_is_a_claim() {
        for prose in [
            "In February 2025, President Trump designated eight cartels as FTOs.",
            "The U.S. State Department listed six Mexican cartels (including the CJNG) as \
             foreign terrorist organizations.",
            "Node.js and JavaScript developers reacted to the change with alarm.",
            "About 79,000 Americans died of a drug overdose in 2024, down 27% from 2023.",
            "McDonald's and iPhone sales rose; analysts said demand was strong.",
        ] {
            assert!(is_prose_claim(prose), "{prose}");
        }
    }

    #[test]
    fn very_short_sentences_are_not_claims() {
        for short in [
            "Read more.",
            "Share this article",
            "It was.",
            "Yes, he did.",
        ] {
            assert!(!is_prose_claim(short), "{short}");
        }
        assert!(is_prose_claim("Mexico rejected the strikes outright."));
    }

    #[test]
    fn furniture_repeated_in_a_document_does_not_link() {
        let doc = vec![
            "Subscribe to our weekly newsletter for more analysis.",
            "The navy struck a boat in the Caribbean on Tuesday.",
            "Subscribe  to our weekly newsletter for more analysis.",
        ];
        let other = vec!["Subscribe to our weekly newsletter for more analysis."];
        assert_eq!(
            eligible(&[doc, other]),
            vec![vec![false, true, false], vec![true]]
        );
        assert!(eligible(&[]).is_empty());
    }
}
