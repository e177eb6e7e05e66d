//! Finding text in a document: smart case (a query with no upper-case letter ignores case),
//! a regular expression when the query has one (`regex` crate; plain text when it does not
//! compile), results as byte ranges of block text, in reading order.
//!
//! Pure functions over `Document`; the reader decides what to highlight and where to go.

use crate::document::Document;
use std::ops::Range;

/// One match: a byte range of `Document::blocks[block].text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub block: usize,
    pub range: Range<usize>,
}

/// Whether `query` should match case-insensitively (it has no upper-case letter).
pub fn ignores_case(query: &str) -> bool {
    !query.chars().any(char::is_uppercase)
}

/// The most matches one search keeps: enough to step through, and a one-letter query on
/// a 100 MB file does not hold ten million of them (the count then reads "100000+").
pub const MAX_MATCHES: usize = 100_000;

/// A query made ready to match.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// The query has regular-expression syntax and compiles.
    Regex(regex::Regex),
    /// Plain text (`needle` lower-cased when `fold`).
    Literal { needle: String, fold: bool },
}

impl Pattern {
    /// Smart case either way; a query without regex syntax, or one that does not compile
    /// ("(" alone), is matched as plain text.
    pub fn new(query: &str) -> Pattern {
        let fold = ignores_case(query);
        const SYNTAX: &[char] = &[
            '\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$',
        ];
        if query.contains(SYNTAX) {
            let built = regex::RegexBuilder::new(query)
                .case_insensitive(fold)
                .size_limit(1 << 22)
                .build();
            if let Ok(re) = built {
                return Pattern::Regex(re);
            }
        }
        let needle = if fold {
            query.chars().flat_map(char::to_lowercase).collect()
        } else {
            query.to_string()
        };
        Pattern::Literal { needle, fold }
    }

    /// Byte ranges of the matches in `text` (never empty ones).
    pub fn find_in(&self, text: &str) -> Vec<Range<usize>> {
        match self {
            Pattern::Regex(re) => re
                .find_iter(text)
                .map(|m| m.range())
                .filter(|r| !r.is_empty())
                .collect(),
            Pattern::Literal { needle, fold } => find_in(text, needle, *fold),
        }
    }
}

/// A search to run off the input path (a big document): what to search, and for which
/// request (`generation`: a newer request makes the answer to an older one moot).
#[derive(Debug, Clone)]
pub struct SearchJob {
    pub generation: u64,
    /// The document's key, to find it again when the answer comes.
    pub key: String,
    pub doc: std::sync::Arc<Document>,
    pub visible: Vec<usize>,
    pub query: String,
}

impl SearchJob {
    pub fn run(&self) -> Vec<Match> {
        find_all(&self.doc, &self.visible, &self.query)
    }
}

/// The non-overlapping matches of `query` in the given blocks, in order; at most
/// `MAX_MATCHES` of them.
pub fn find_all(doc: &Document, blocks: &[usize], query: &str) -> Vec<Match> {
    if query.is_empty() {
        return Vec::new();
    }
    let pattern = Pattern::new(query);
    let mut out = Vec::new();
    for &block in blocks {
        let Some(b) = doc.blocks.get(block) else {
            continue;
        };
        for range in pattern.find_in(&b.text) {
            out.push(Match { block, range });
            if out.len() == MAX_MATCHES {
                return out;
            }
        }
    }
    out
}

/// Byte ranges of `needle` in `text`; with `fold`, `needle` is already lower case and
/// `text` is compared lower-cased, ranges still pointing into the original text.
fn find_in(text: &str, needle: &str, fold: bool) -> Vec<Range<usize>> {
    if !fold {
        return text
            .match_indices(needle)
            .map(|(i, m)| i..i + m.len())
            .collect();
    }
    // Lower-casing can change byte lengths, so keep, for each byte of the folded text,
    // the offset of the original character it came from.
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        for lc in c.to_lowercase() {
            let before = folded.len();
            folded.push(lc);
            origin.extend(std::iter::repeat_n(i, folded.len() - before));
        }
    }
    origin.push(text.len());
    let end_of = |folded_end: usize| -> usize {
        // The end is the start of the next original character (or the text end).
        origin.get(folded_end).copied().unwrap_or(text.len()).max(
            origin
                .get(folded_end.saturating_sub(1))
                .copied()
                .unwrap_or(0),
        )
    };
    folded
        .match_indices(needle)
        .map(|(i, m)| {
            let start = origin[i];
            let mut end = end_of(i + m.len());
            if end <= start {
                end = next_char_boundary(text, start);
            }
            start..end
        })
        .collect()
}

fn next_char_boundary(text: &str, from: usize) -> usize {
    text[from..]
        .chars()
        .next()
        .map_or(text.len(), |c| from + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, BlockKind};

    fn doc(texts: &[&str]) -> Document {
        let mut d = Document::default();
        for t in texts {
            d.blocks.push(Block::new(BlockKind::Paragraph, *t));
        }
        d
    }

    #[test]
    fn smart_case() {
        let d = doc(&["The cartel and the Cartel", "no match here"]);
        let all: Vec<_> = (0..2).collect();
        assert_eq!(find_all(&d, &all, "cartel").len(), 2);
        let exact = find_all(&d, &all, "Cartel");
        assert_eq!(
            exact,
            vec![Match {
                block: 0,
                range: 19..25
            }]
        );
    }

    #[test]
    fn ranges_point_into_original_text_after_folding() {
        // 'İ' lower-cases to two characters; the match after it must still be exact.
        let d = doc(&["İstanbul and Mérida, MÉRIDA"]);
        let m = find_all(&d, &[0], "mérida");
        assert_eq!(m.len(), 2);
        for x in &m {
            assert_eq!(d.blocks[0].text[x.range.clone()].to_lowercase(), "mérida");
        }
        let i = find_all(&d, &[0], "i̇stanbul");
        assert_eq!(i.len(), 1);
        assert_eq!(&d.blocks[0].text[i[0].range.clone()], "İstanbul");
    }

    #[test]
    fn matches_stop_at_the_limit() {
        let text = "a ".repeat(MAX_MATCHES);
        let d = doc(&[&text, "a a a"]);
        assert_eq!(find_all(&d, &[0, 1], "a").len(), MAX_MATCHES);
    }

    #[test]
    fn empty_query_finds_nothing() {
        let d = doc(&["abc"]);
        assert!(find_all(&d, &[0], "").is_empty());
    }

    #[test]
    fn regular_expressions_with_a_plain_text_fallback() {
        let d = doc(&["In 2006 and 2021, Sinaloa grew.", "A (bracket) stays text"]);
        let all: Vec<_> = (0..2).collect();
        let years = find_all(&d, &all, r"20\d\d");
        assert_eq!(years.len(), 2);
        assert_eq!(&d.blocks[0].text[years[1].range.clone()], "2021");
        // Smart case holds for patterns too.
        assert_eq!(find_all(&d, &all, "sin.loa").len(), 1);
        assert_eq!(find_all(&d, &all, "Sin.loa").len(), 1);
        assert_eq!(find_all(&d, &all, "SIN.LOA").len(), 0);
        // Not a valid pattern: matched as it is written.
        let open = find_all(&d, &all, "(bracket");
        assert_eq!(open.len(), 1);
        assert_eq!(&d.blocks[1].text[open[0].range.clone()], "(bracket");
        // A pattern that can match nothing at all finds nothing, not every position.
        assert!(find_all(&d, &all, "q*").is_empty());
    }
}
