//! What a single paragraph looks like, whatever its position: heading-shaped, running
//! prose, a list item, a menu entry, a byline, boilerplate, a footer or tail marker, a
//! caption. Every stage asks these questions; this module knows nothing of the stages,
//! of roles or of the document.

use super::Para;
use crate::notes;

/// "3. text" or "3) text": (marker, text).
pub(super) fn numbered_item(line: &str) -> Option<(&str, &str)> {
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
pub(super) fn list_item(para: &Para) -> Option<(String, &str)> {
    if para.code {
        return None;
    }
    if let Some(text) = notes::strip_bullet(&para.text) {
        return Some(("•".to_string(), text));
    }
    numbered_item(&para.text).map(|(m, t)| (m.to_string(), t))
}

/// Words in `s`, counted up to 64: every caller compares with a small bound, and counting
/// the words of a paragraph that may be megabytes long would cost a full pass each time.
pub(super) fn word_count(s: &str) -> usize {
    s.split_whitespace().take(64).count()
}

/// Short, unpunctuated at the end, starting with a capital or digit: the shape of a heading,
/// a title, a menu entry.
pub(super) fn heading_like(p: &Para) -> bool {
    let t = p.text.as_str();
    // Cheap tests first: most paragraphs are far too long to be headings.
    !p.code
        && t.len() <= 4 * 110
        && !without_trailing_refs(t).ends_with(['.', ',', ';', ':', '…', '—', '-'])
        && t.chars().count() <= 110
        && (1..=14).contains(&word_count(t))
        && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "‘'“\"¿¡".contains(c))
        && !t.contains("://")
        && list_item(p).is_none()
}

/// Running prose: long enough, or a full sentence.
/// A listing counts as running text: it is the article's, not the page's.
pub(super) fn body_like(p: &Para) -> bool {
    if p.code {
        return true;
    }
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
        // "According to the Foundation:41": a number glued after a colon that ends a word.
        let trimmed = match trimmed.trim_end_matches(|c: char| c.is_ascii_digit()) {
            head if head.len() < trimmed.len()
                && head
                    .strip_suffix(':')
                    .is_some_and(|h| h.ends_with(char::is_alphabetic)) =>
            {
                head
            }
            _ => trimmed,
        };
        if trimmed.len() == t.len() {
            return t;
        }
        t = trimmed;
    }
}

/// Whether `s` begins with `prefix`, ignoring ASCII case (the prefixes are English).
pub(super) fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

pub(super) fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lines that are navigation rather than text: menu entries, "Share", "Top".
pub(super) fn is_chrome_line(p: &Para) -> bool {
    let words = word_count(&p.text);
    !p.code
        && words <= 3
        && !p.text.ends_with(['.', '!', '?'])
        && (list_item(p).is_some() || words <= 2)
}

/// Lines that close a web page below the article: "Retrieved from …", "Categories: …".
pub(super) fn is_footer_line(t: &str) -> bool {
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

/// Phrases that open the end matter of a web page: republication notices, "Read more",
/// author promos, related articles, newsletter boxes, footers.
pub(super) fn tail_marker(t: &str) -> bool {
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

/// Lines that pages scatter through an article: advertising slots, share buttons,
/// "Read more: …" teasers, audio players. Whole short lines only, so prose that happens to
/// start with these words stays text.
pub(super) fn is_boilerplate_line(t: &str) -> bool {
    const LINES: [&str; 23] = [
        "download pdf",
        "download",
        "copy link",
        "copy",
        "copied!",
        "link copied",
        "read later",
        "view comments",
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

/// "Subscribe to our newsletter", "Sign up": the line that heads a newsletter box.
pub(super) fn is_signup_call(t: &str) -> bool {
    ["subscribe", "sign up"]
        .iter()
        .any(|s| starts_with_ci(t, s))
        || t.to_lowercase().contains("newsletter")
}

/// Photo captions and credits: "… Rawpixel.com / Shutterstock", "Photo: …", "Image credit …".
/// A short line that numbers a figure: "Figure 3", "Fig. 1", "… [Fig 1]".
fn figure_label(t: &str) -> bool {
    // Cheap first: most paragraphs are far too long to be a label.
    t.len() <= 4 * 80
        && word_count(t) <= 14
        && t.split_whitespace()
            .zip(t.split_whitespace().skip(1))
            .any(|(w, n)| {
                let w = w.trim_start_matches(['[', '(']).to_lowercase();
                matches!(w.as_str(), "fig" | "fig." | "figure")
                    && n.trim_end_matches([']', ')', ':', '.'])
                        .parse::<u32>()
                        .is_ok()
            })
}

/// A note under a heading that points elsewhere: "Main article: Firefox", "See also:
/// Mozilla Foundation", "Further information: …" (a label of one or two words, a colon).
pub(super) fn hatnote(t: &str) -> bool {
    t.len() <= 4 * 110
        && t.split_once(": ").is_some_and(|(label, rest)| {
            !rest.is_empty()
                && (1..=2).contains(&label.split_whitespace().count())
                && label.starts_with(|c: char| c.is_uppercase())
                && word_count(t) <= 14
        })
}

pub(super) fn is_caption(p: &Para) -> bool {
    let t = p.text.as_str();
    if p.code {
        return false;
    }
    if figure_label(t) {
        return true;
    }
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

pub(super) fn reads_as_sentence(t: &str) -> bool {
    t.split_whitespace().any(|w| {
        matches!(
            w,
            "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "leads" | "serves"
        )
    })
}

/// Two to four capitalised words and nothing else: how a page prints its author's name.
pub(super) fn is_person_name(t: &str) -> bool {
    let words = word_count(t);
    (2..=4).contains(&words)
        && t.split_whitespace().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                && w.chars().all(|c| c.is_alphabetic() || ".-'’".contains(c))
        })
}

/// `t` without a list bullet or the decoration a page puts before a header line ("//",
/// "|", "•", "—").
pub(super) fn undecorated(t: &str) -> &str {
    t.trim_start_matches(|c: char| "/|·•—–-*>▸►".contains(c) || c.is_whitespace())
}

pub(super) fn is_byline(t: &str) -> bool {
    // "// By Jane Doe": some pages set a decoration before it.
    let t = undecorated(t);
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

/// A site's tagline under the page title: "From Wikipedia, the free encyclopedia",
/// "From Wikivoyage, the free travel guide", "From the Editors, the weekly digest".
pub(super) fn is_tagline(t: &str) -> bool {
    t.len() <= 100
        && t.strip_prefix("From ")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_uppercase() || c == 't'))
        && t.contains(", the ")
        && word_count(t) <= 10
        && !t.ends_with(['.', '!', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Para {
        Para::new(text.to_string(), 0, true)
    }

    #[test]
    fn a_heading_is_short_capitalised_and_unpunctuated_at_the_end() {
        assert!(heading_like(&para("Trade routes")));
        assert!(heading_like(&para("2 Methods")));
        assert!(!heading_like(&para("This is a sentence.")));
        assert!(!heading_like(&para("lowercase start")));
        assert!(!heading_like(&para("- a list item")));
        assert!(!heading_like(&para("See https://example.org")));
    }

    #[test]
    fn prose_is_long_or_a_full_sentence_even_with_a_reference_at_its_end() {
        assert!(body_like(&para("Salt was worth its weight in gold.[3]")));
        assert!(!body_like(&para("Trade routes")));
        assert_eq!(without_trailing_refs("in 2024.[3][4]"), "in 2024.");
        assert_eq!(without_trailing_refs("in 2024.¹²"), "in 2024.");
    }

    #[test]
    fn list_items_bulleted_and_numbered() {
        assert_eq!(numbered_item("3. Three"), Some(("3.", "Three")));
        assert_eq!(numbered_item("3) Three"), Some(("3)", "Three")));
        assert_eq!(numbered_item("2024. A year"), None);
        assert_eq!(list_item(&para("• Dot")), Some(("•".to_string(), "Dot")));
    }

    #[test]
    fn bylines_names_and_page_furniture() {
        assert!(is_byline("By Maria Gonzalez"));
        assert!(!is_byline("By the river we sat."));
        assert!(is_person_name("Jane Q. Writer"));
        assert!(!is_person_name("The price of salt"));
        assert!(is_boilerplate_line("Share this"));
        assert!(!is_boilerplate_line(
            "Share prices fell sharply in the morning trade."
        ));
        assert!(tail_marker("© 2024 Example Media"));
        assert!(is_footer_line("Retrieved from https://example.org"));
        assert!(is_tagline("From Wikipedia, the free encyclopedia"));
        assert!(is_caption(&para("Photo: Jane Doe")));
    }

    #[test]
    fn normalise_keeps_letters_and_digits_lowercased_with_single_spaces() {
        assert_eq!(normalise("  The  Salt, Trade! 2 "), "the salt trade 2");
    }
}
