//! Sentence splitting for body text.
//!
//! Pure text in, byte ranges out; knows nothing of blocks, notes or terminals. A sentence
//! ends at `.`, `!`, `?` or an ellipsis (with any closing quotes or brackets, which belong
//! to it) followed by whitespace or the end. It does not end after a title-like
//! abbreviation ("Dr.", "Gen.", "e.g."), after an initial ("Donald J. Trump"), or before a
//! word that starts in lower case; after abbreviations that can also close a sentence
//! ("U.S.", "Inc.", "etc.") it ends only when the next word is one that typically opens a
//! sentence ("The", "But", "In", …). Decimals ("3.5") and URLs never split because the
//! point is not followed by a space.

use std::ops::Range;

/// Byte ranges of the sentences of `text`: trimmed, in order, never empty, on char
/// boundaries, together covering every non-whitespace character.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    // Only '.', '!', '?' and '…' (whose UTF-8 starts with 0xE2) can end a sentence, so the
    // scan jumps from one such byte to the next; both kinds of byte begin a char.
    while let Some(found) = text.as_bytes()[pos..]
        .iter()
        .position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xE2))
    {
        let i = pos + found;
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let mut end = i + c.len_utf8();
        pos = end;
        if !is_terminator(c) {
            continue;
        }
        for n in text[end..].chars() {
            if is_terminator(n) || is_closing(n) {
                end += n.len_utf8();
            } else {
                break;
            }
        }
        pos = end;
        let at_space = text[end..].chars().next().is_none_or(char::is_whitespace);
        if !at_space {
            continue;
        }
        if ends_sentence(text, start, i, end) {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | ')' | ']' | '»' | '›' | '}')
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '"' | '\'' | '(' | '[' | '«' | '‹' | '{' | '¿' | '¡'
    )
}

/// Whether the terminator run `text[term..end]` closes the sentence begun at `start`.
fn ends_sentence(text: &str, start: usize, term: usize, end: usize) -> bool {
    let next_word = text[end..]
        .trim_start()
        .trim_start_matches(is_opening)
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let Some(next_first) = next_word.chars().next() else {
        return true; // the end of the text
    };
    if next_first.is_lowercase() {
        return false;
    }
    // Only a single full stop can be an abbreviation's; "?!", "..." and "…" are not.
    let run = &text[term..end];
    if !run.starts_with('.') || run.trim_end_matches(is_closing) != "." {
        return true;
    }
    let word_start = text[start..term]
        .rfind(char::is_whitespace)
        .map_or(start, |p| {
            start + p + text[start + p..].chars().next().map_or(1, char::len_utf8)
        });
    let token = text[word_start..term].trim_start_matches(is_opening);
    match classify(token, next_word) {
        Abbreviation::Not => true,
        Abbreviation::Never => false,
        Abbreviation::MaybeFinal => opens_sentence(next_word),
    }
}

enum Abbreviation {
    /// An ordinary word: the full stop ends the sentence.
    Not,
    /// Always followed by more of the same sentence: "Dr.", "e.g.", "Feb. 3".
    Never,
    /// May end a sentence as well: "U.S.", "Inc.", "J.", "etc.".
    MaybeFinal,
}

/// Title-like abbreviations that stand before what they qualify.
const PREFIX_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "cpt",
    "sgt", "adm", "maj", "cmdr", "rev", "hon", "pres", "supt", "vs", "v", "e.g", "i.e", "cf",
    "approx", "fig", "figs", "vol", "pp", "ch", "sec", "art", "ft", "mt", "messrs",
];

/// Abbreviations that also end sentences often enough to need the next word's opinion.
const FINAL_ABBREVIATIONS: &[&str] = &[
    "u.s", "u.k", "u.n", "u.s.a", "e.u", "etc", "inc", "co", "corp", "ltd", "llc", "jr", "sr",
    "al", "st", "ave", "bros", "dept", "est", "govt", "a.m", "p.m", "ph.d", "d.c",
];

/// Months (and "No.") are abbreviations when a number follows: "Feb. 3", "No. 5".
const NUMBERED_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "nos", "p",
];

fn classify(token: &str, next_word: &str) -> Abbreviation {
    let lower = token.to_lowercase();
    let next_is_number = next_word.chars().next().is_some_and(|c| c.is_ascii_digit());
    if NUMBERED_ABBREVIATIONS.contains(&lower.as_str()) {
        return if next_is_number {
            Abbreviation::Never
        } else {
            Abbreviation::Not
        };
    }
    if PREFIX_ABBREVIATIONS.contains(&lower.as_str()) {
        return Abbreviation::Never;
    }
    if FINAL_ABBREVIATIONS.contains(&lower.as_str()) {
        return Abbreviation::MaybeFinal;
    }
    let mut letters = token.chars();
    // An initial: one capital letter ("J.").
    if let (Some(c), None) = (letters.next(), letters.next())
        && c.is_uppercase()
    {
        return Abbreviation::MaybeFinal;
    }
    // Dotted letters ("N.A.T.O", "a.k.a"): letters, each followed by a point.
    let dotted = token.contains('.')
        && token
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic));
    if dotted {
        return Abbreviation::MaybeFinal;
    }
    Abbreviation::Not
}

/// Words that usually open a sentence; after "U.S." or "Inc." they signal its end,
/// while a proper noun ("U.S. Army") does not.
fn opens_sentence(word: &str) -> bool {
    const OPENERS: &[&str] = &[
        "a",
        "after",
        "all",
        "also",
        "although",
        "an",
        "and",
        "another",
        "as",
        "at",
        "because",
        "before",
        "both",
        "but",
        "by",
        "despite",
        "during",
        "each",
        "even",
        "every",
        "few",
        "for",
        "from",
        "he",
        "her",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "instead",
        "it",
        "its",
        "many",
        "meanwhile",
        "more",
        "most",
        "much",
        "my",
        "neither",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "on",
        "one",
        "only",
        "or",
        "other",
        "our",
        "over",
        "she",
        "since",
        "so",
        "some",
        "still",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "thus",
        "to",
        "today",
        "under",
        "unlike",
        "until",
        "we",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "why",
        "with",
        "yet",
        "you",
    ];
    let word: String = word
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    OPENERS.contains(&word.as_str())
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn basic_terminators() {
        assert_eq!(
            sentences("One. Two! Three? Four"),
            ["One.", "Two!", "Three?", "Four"]
        );
        assert_eq!(sentences("Really?! Yes."), ["Really?!", "Yes."]);
    }

    #[test]
    fn closing_quotes_and_brackets_belong_to_the_sentence() {
        assert_eq!(
            sentences("He said “stop.” Then left. (It was late.) Fine."),
            ["He said “stop.”", "Then left.", "(It was late.)", "Fine."]
        );
        assert_eq!(
            sentences("‘Go.’ \"Now.\" She went."),
            ["‘Go.’", "\"Now.\"", "She went."]
        );
    }

    #[test]
    fn title_abbreviations_do_not_end() {
        for text in [
            "Dr. Smith arrived. Then he left.",
            "Mr. Jones and Mrs. Jones met Ms. Lee. Then he left.",
            "Gen. Milley spoke to Sen. Warren and Rep. Ocasio. Then he left.",
            "Gov. Abbott sued. Then he left.",
        ] {
            let got = sentences(text);
            assert_eq!(got.len(), 2, "{got:?}");
            assert_eq!(got[1], "Then he left.");
        }
    }

    #[test]
    fn country_abbreviations_before_a_name_do_not_end() {
        assert_eq!(
            sentences("The U.S. Army and the U.K. Foreign Office met U.N. envoys. It rained."),
            [
                "The U.S. Army and the U.K. Foreign Office met U.N. envoys.",
                "It rained."
            ]
        );
    }

    #[test]
    fn abbreviation_at_the_end_of_a_sentence_ends_it() {
        assert_eq!(
            sentences("Drugs flow into the U.S. The cartels profit."),
            ["Drugs flow into the U.S.", "The cartels profit."]
        );
        assert_eq!(
            sentences("He sold Acme Inc. But it failed."),
            ["He sold Acme Inc.", "But it failed."]
        );
    }

    #[test]
    fn lowercase_next_word_never_ends() {
        assert_eq!(
            sentences("Guns, drugs, etc. are seized. vs. what? Ok."),
            ["Guns, drugs, etc. are seized. vs. what?", "Ok."]
        );
        assert_eq!(
            sentences("“Why?” he asked. Nobody knew."),
            ["“Why?” he asked.", "Nobody knew."]
        );
    }

    #[test]
    fn latin_abbreviations() {
        assert_eq!(
            sentences("Some cartels, e.g. Sinaloa, i.e. CJNG. Smith et al. The end."),
            [
                "Some cartels, e.g. Sinaloa, i.e. CJNG.",
                "Smith et al.",
                "The end."
            ]
        );
    }

    #[test]
    fn other_listed_abbreviations() {
        for text in [
            "It was signed Feb. 3 in Washington. Then he left.",
            "See No. 5 in the list. Then he left.",
            "Acme Corp. Chairman Lee and Foo Co. Director Kim spoke. Then he left.",
            "Bar Ltd. Shares and Sam Jr. Smith and Sam Sr. Smith. Then he left.",
            "Main St. Station opened. Then he left.",
            "Crowds in Jan. 2024 and Dec. 2023 grew. Then he left.",
        ] {
            let got = sentences(text);
            assert_eq!(got.len(), 2, "{text}: {got:?}");
        }
    }

    #[test]
    fn initials_do_not_end() {
        assert_eq!(
            sentences("Donald J. Trump met John F. Kennedy Jr. Smith. Then left."),
            [
                "Donald J. Trump met John F. Kennedy Jr. Smith.",
                "Then left."
            ]
        );
        assert_eq!(
            sentences("It needs vitamin C. The rest is fine."),
            ["It needs vitamin C.", "The rest is fine."]
        );
    }

    #[test]
    fn decimals_do_not_end() {
        assert_eq!(
            sentences("It grew 3.5 percent to 1.1 metric tons. Next."),
            ["It grew 3.5 percent to 1.1 metric tons.", "Next."]
        );
    }

    #[test]
    fn ellipsis() {
        assert_eq!(
            sentences("Wait... what happened… then nothing. And … Then it ended… Done."),
            [
                "Wait... what happened… then nothing.",
                "And …",
                "Then it ended…",
                "Done."
            ]
        );
    }

    #[test]
    fn urls_are_not_split() {
        assert_eq!(
            sentences("See https://example.com/a.b?c=1!x&y=2. Then www.x.org/A.B is down."),
            [
                "See https://example.com/a.b?c=1!x&y=2.",
                "Then www.x.org/A.B is down."
            ]
        );
    }

    #[test]
    fn no_is_a_word_too() {
        assert_eq!(
            sentences("He said no. The end."),
            ["He said no.", "The end."]
        );
    }

    #[test]
    fn ranges_are_trimmed_and_cover_the_text() {
        let text = "  Alpha beta.   Gamma?  \n Delta  ";
        let ranges = split(text);
        assert_eq!(sentences(text), ["Alpha beta.", "Gamma?", "Delta"]);
        let covered: String = ranges.iter().map(|r| &text[r.clone()]).collect();
        let wanted: String = text.split_whitespace().collect();
        assert_eq!(covered.replace(' ', ""), wanted);
    }

    #[test]
    fn empty_and_blank_give_nothing() {
        assert!(split("").is_empty());
        assert!(split(" \n\t ").is_empty());
        assert_eq!(sentences("."), ["."]);
        assert_eq!(sentences("Café. Über! ☃? ☃"), ["Café.", "Über!", "☃?", "☃"]);
    }
}
