//! Stage "headings and levels": finds the page's contents list (and marks it as chrome),
//! marks section headings among the paragraphs still taken for body, and, once the
//! document is built, gives each section its level and parent from the contents list's
//! numbering or from an opening paragraph that announces its subsections.

use super::shapes::{
    body_like, hatnote, heading_like, is_caption, is_chrome_line, list_item, normalise,
    numbered_item, reads_as_sentence, word_count,
};
use super::{Para, Role};
use crate::document::{BlockKind, Document};
use crate::notes;
use std::collections::{HashMap, HashSet};

/// How many paragraphs from the top a contents list is looked for in; it keeps a file of
/// millions of short lines from costing more than a linear pass.
const CONTENTS_WINDOW: usize = 400;

/// The line that labels a contents list: "Contents", "Table of contents", "In this
/// article", "Jump to section", "On this page".
pub(super) fn is_contents_label(t: &str) -> bool {
    if t.len() > 40 {
        return false;
    }
    let n = normalise(t);
    let n = n.strip_suffix(" hide").unwrap_or(&n);
    matches!(
        n,
        "contents"
            | "table of contents"
            | "in this article"
            | "in this story"
            | "in this post"
            | "in this guide"
            | "on this page"
            | "jump to section"
            | "jump to"
            | "sections"
    )
}

/// An entry of a numbered outline ("1 History", "1.1 Roman bridges", "2.3. Costs"):
/// (level, text). The level is the number of parts of the number.
fn outline_entry(t: &str) -> Option<(u8, &str)> {
    let (number, text) = t.split_once(' ')?;
    let number = number.strip_suffix('.').unwrap_or(number);
    let parts: Vec<&str> = number.split('.').collect();
    let valid = !parts.is_empty()
        && parts.len() <= 6
        && parts
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
    let text = text.trim();
    (valid && !text.is_empty()).then(|| (u8::try_from(parts.len()).unwrap_or(1), text))
}

/// Finds the page's contents list (a list of short lines naming later headings, as
/// bullets, as "1." items, as plain lines under a label such as "Contents", or as a
/// numbered outline "1", "1.1", "2"), marks it and its label as chrome, and returns the
/// titles it names with their levels (from the outline's numbering, else 1).
pub(super) fn find_contents_list(
    paras: &[Para],
    roles: &mut [Role],
    body_end: usize,
) -> HashMap<String, u8> {
    // Where each heading-shaped line last occurs: a contents entry must name a later line.
    let mut last_seen: HashMap<String, usize> = HashMap::new();
    for (j, p) in paras.iter().enumerate() {
        if heading_like(p) {
            last_seen.insert(normalise(&p.text), j);
        }
    }
    let names_later = |j: usize, t: &str| last_seen.get(&normalise(t)).is_some_and(|&k| k > j);
    // A contents list sits near the top of the page.
    let search_end = body_end.min(CONTENTS_WINDOW);
    let mut i = 0;
    while i < search_end {
        let run_end = (i..body_end)
            .find(|&j| !(list_item(&paras[j]).is_some() && word_count(&paras[j].text) <= 14))
            .unwrap_or(body_end);
        if run_end - i >= 3 {
            let items: Vec<String> = (i..run_end)
                .filter_map(|j| list_item(&paras[j]).map(|(_, t)| normalise(t)))
                .collect();
            let named: HashMap<String, u8> = items
                .iter()
                .filter(|t| last_seen.get(*t).is_some_and(|&j| j >= run_end))
                .map(|t| (t.clone(), 1))
                .collect();
            if named.len() * 10 >= items.len() * 6 {
                for role in &mut roles[i..run_end] {
                    *role = Role::Chrome;
                }
                // Its label ("Jump to Section", "Contents") goes with it.
                if i > 0 && heading_like(&paras[i - 1]) && roles[i - 1] == Role::Body {
                    roles[i - 1] = Role::Chrome;
                }
                return named;
            }
        }
        if run_end == i
            && let Some((end, named)) = unbulleted_contents(paras, i, body_end, &names_later)
        {
            for role in &mut roles[i..end] {
                *role = Role::Chrome;
            }
            return named;
        }
        i = run_end.max(i + 1);
    }
    HashMap::new()
}

/// A contents list without bullets starting at paragraph `i`: a label followed by short
/// lines (plain or outline-numbered) that each name a later line, or, without a label, at
/// least three outline-numbered lines from "1" on that do. Returns one past its end
/// (label included) and the titles with their levels.
fn unbulleted_contents(
    paras: &[Para],
    i: usize,
    body_end: usize,
    names_later: &impl Fn(usize, &str) -> bool,
) -> Option<(usize, HashMap<String, u8>)> {
    let labelled = is_contents_label(&paras[i].text);
    let first = if labelled { i + 1 } else { i };
    if !labelled && !paras[i].text.starts_with("1 ") && !paras[i].text.starts_with("1. ") {
        return None;
    }
    let mut named = HashMap::new();
    let mut end = first;
    while end < body_end {
        let p = &paras[end];
        let t = p.text.as_str();
        if word_count(t) > 14 || p.text.len() > 200 {
            break;
        }
        // Wikipedia's contents start with a "(Top)" link.
        if labelled && end == first && t.eq_ignore_ascii_case("(top)") {
            end += 1;
            continue;
        }
        let entry = match outline_entry(t) {
            Some((level, text)) if names_later(end, text) => Some((level, text)),
            _ if labelled && heading_like(p) && names_later(end, t) => Some((1, t)),
            _ => None,
        };
        let Some((level, text)) = entry else {
            break;
        };
        named.insert(normalise(text), level);
        end += 1;
    }
    let enough = if labelled { 2 } else { 3 };
    (named.len() >= enough).then_some((end, named))
}

/// Marks section headings among the paragraphs still taken for body, and the chrome lines
/// between the title and the text.
pub(super) fn mark_headings(
    paras: &[Para],
    roles: &mut [Role],
    body_end: usize,
    first_body: usize,
) {
    let mut prev_heading = false;
    // The article's flow runs from its first to its last paragraph of prose; a short line
    // inside it is the author's (a list of ingredients, a line of data) unless something
    // stronger than its shortness says otherwise.
    let last_prose = (first_body..body_end)
        .rev()
        .find(|&j| roles[j] == Role::Body && body_like(&paras[j]) && !paras[j].code);
    for i in 0..body_end {
        if roles[i] != Role::Body {
            prev_heading = roles[i] == Role::Heading;
            continue;
        }
        let p = &paras[i];
        if !heading_like(p) {
            if list_item(p).is_none() && is_caption(p) {
                roles[i] = Role::Caption;
            }
            prev_heading = false;
            continue;
        }
        // What the heading introduces, past a figure's caption or a hatnote under it.
        let next = (i + 1..body_end).find(|&j| {
            let n = &paras[j];
            let pointer = hatnote(&n.text) && !body_like(n);
            roles[j] != Role::Chrome && !is_caption(n) && !pointer
        });
        let followed_by_text = next.is_some_and(|j| {
            let n = &paras[j];
            // A blurb under a name ("Smith is a professor at …") counts as text; another
            // short line does not ("Download PDF" above "Top").
            body_like(n)
                || list_item(n).is_some()
                || heading_like(n) && reads_as_sentence(&n.text)
                || i > first_body && introduces_lines(paras, j)
                || i > first_body
                    && (p.blank_before || body_like(&paras[i - 1]))
                    && opens_subsection(paras, roles, j, body_end)
        });
        let in_flow = i > first_body && last_prose.is_some_and(|l| i < l);
        let after_chrome = i > 0 && roles[i - 1] == Role::Chrome;
        if p.placeholder_after || is_caption(p) {
            roles[i] = Role::Caption;
        } else if is_contents_label(&p.text) {
            // "Contents", "Table of contents": the label of a list, never a section.
            roles[i] = Role::Chrome;
        } else if !p.text.chars().any(char::is_alphabetic) {
            // "42", "12": counters and page numbers, never headings; a line of data
            // ("2, 3, 5, 12") in the flow of the text is text.
            if !in_flow || counter(&p.text) {
                roles[i] = Role::Chrome;
            }
        } else if prev_heading && (reads_as_sentence(&p.text) || hatnote(&p.text)) {
            // A line right under a heading that reads as a sentence: a dek or an author
            // blurb ("Smith is a professor at …"), not a second heading.
        } else if followed_by_text && i + 1 < body_end {
            roles[i] = Role::Heading;
        } else if in_flow {
            // A short line in the middle of the text, introducing nothing: the author's.
        } else if i < first_body || after_chrome || is_chrome_line(p) {
            // A short line that introduces nothing: page furniture, like the line before it.
            roles[i] = Role::Chrome;
        }
        prev_heading = roles[i] == Role::Heading;
    }
    consistent_headings(paras, roles, first_body, body_end);
}

/// Headings the page's own style vouches for, though what follows them is not prose (a
/// synopsis, a list of options): when two or more headings are in capitals ("NAME",
/// "DESCRIPTION"), a short line in capitals standing in the text is one too; when
/// headings carry outline numbers ("3.1. Recursive queries"), a numbered line set apart
/// with a title after its number ("1. Overview") and prose under it is one too.
fn consistent_headings(paras: &[Para], roles: &mut [Role], first_body: usize, body_end: usize) {
    let capitals = |t: &str| {
        let mut letters = t.chars().filter(|c| c.is_alphabetic()).peekable();
        letters.peek().is_some() && letters.all(char::is_uppercase) && t.len() >= 3
    };
    let headings: Vec<&str> = (0..body_end)
        .filter(|&i| roles[i] == Role::Heading)
        .map(|i| paras[i].text.as_str())
        .collect();
    let in_capitals = headings.iter().filter(|t| capitals(t)).count() >= 2;
    let outlined = headings
        .iter()
        .any(|t| outline_entry(t).is_some_and(|(level, _)| level >= 2));
    for i in first_body + 1..body_end.saturating_sub(1) {
        if roles[i] != Role::Body || paras[i].code {
            continue;
        }
        let p = &paras[i];
        let next = &paras[i + 1];
        let capital_heading = in_capitals
            && capitals(&p.text)
            && heading_like(p)
            && word_count(&p.text) <= 4
            && roles[i + 1] != Role::Heading;
        let numbered_heading = outlined
            && p.indent == 0
            && list_item(&paras[i - 1]).is_none()
            && p.blank_before
            && next.blank_before
            && body_like(next)
            && numbered_item(&p.text).is_some_and(|(_, title)| {
                let shaped = Para::new(title.to_string(), 0, true);
                heading_like(&shaped) && word_count(title) <= 10
            });
        if capital_heading || numbered_heading {
            roles[i] = Role::Heading;
        }
    }
}

/// Whether paragraph `j` is a subheading with prose under it (past a hatnote): "Other
/// activities", then "Mozilla VR", then its text; the line above it, if it stands apart
/// (not the last of a block of short lines), opens a section.
fn opens_subsection(paras: &[Para], roles: &[Role], j: usize, body_end: usize) -> bool {
    let n = &paras[j];
    if !heading_like(n) {
        return false;
    }
    (j + 1..body_end)
        .find(|&k| roles[k] != Role::Chrome && !hatnote(&paras[k].text))
        .is_some_and(|k| body_like(&paras[k]) && !paras[k].code)
}

/// A page number or a counter: one short number alone ("42", "3/12").
fn counter(t: &str) -> bool {
    t.len() <= 7 && !t.contains(char::is_whitespace)
}

/// Whether paragraph `j` opens a block of two or more short lines set apart by blank
/// lines (a list without bullets: "500 g flour", "10 g salt"), as a heading's content.
fn introduces_lines(paras: &[Para], j: usize) -> bool {
    paras[j].blank_before
        && paras
            .get(j + 1)
            .is_some_and(|n| !n.blank_before && !body_like(n) && !n.code)
}

/// Section levels. A heading named by the page's own contents list has the level the list
/// gives it (1, or the depth of its outline number), and one it does not name, under one
/// it does, is one level deeper. Without a contents list, headings that the opening
/// paragraph of the section before announces ("Two examples are X and Y", then headings X
/// and Y) are its subsections. A level is never more than one deeper than its parent's.
pub(super) fn assign_levels(doc: &mut Document, contents: &HashMap<String, u8>) {
    let n = doc.sections.len();
    let mut level = vec![1u8; n];
    if !contents.is_empty() {
        let mut last_named: Option<u8> = None;
        for (i, s) in doc.sections.iter().enumerate() {
            let named = contents
                .get(&normalise(&s.title))
                .copied()
                .or_else(|| notes::is_notes_heading(&s.title).then_some(1));
            level[i] = match (named, last_named) {
                (Some(l), _) => l,
                (None, Some(l)) => l.saturating_add(1),
                (None, None) => 1,
            };
            if named.is_some() {
                last_named = named;
            }
        }
    } else {
        let mut i = 0;
        while i < n {
            let intro = first_paragraph_after(doc, doc.sections[i].block);
            let announced = (i + 1..n)
                .take_while(|&j| {
                    intro
                        .as_deref()
                        .is_some_and(|t| announces(t, &doc.sections[j].title))
                })
                .count();
            if announced >= 2 {
                for l in &mut level[i + 1..=i + announced] {
                    *l = 2;
                }
                i += announced;
            }
            i += 1;
        }
    }
    // Open sections by level: the parent of a section is the last one above its level.
    let mut open: Vec<usize> = Vec::new();
    for (i, s) in doc.sections.iter_mut().enumerate() {
        while open.last().is_some_and(|&j| level[j] >= level[i]) {
            open.pop();
        }
        let parent = open.last().copied();
        level[i] = parent.map_or(1, |j| level[i].min(level[j] + 1));
        s.level = level[i];
        s.parent = parent;
        open.push(i);
    }
    for b in &mut doc.blocks {
        if let BlockKind::Heading { level: l, section } = &mut b.kind {
            *l = level[*section];
        }
    }
}

fn first_paragraph_after(doc: &Document, block: usize) -> Option<String> {
    doc.blocks[block + 1..]
        .iter()
        .find(|b| !b.chrome)
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.text.to_lowercase())
}

/// Whether `intro` mentions most content words of `heading`.
fn announces(intro: &str, heading: &str) -> bool {
    const STOP: [&str; 12] = [
        "the", "and", "for", "with", "from", "into", "its", "their", "our", "a", "of", "in",
    ];
    let words: Vec<String> = heading
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() >= 3 && !STOP.contains(&w.as_str()))
        .collect();
    let intro_words: HashSet<&str> = intro.split(|c: char| !c.is_alphanumeric()).collect();
    let found = words
        .iter()
        .filter(|w| {
            intro_words
                .iter()
                .any(|iw| iw.starts_with(w.trim_end_matches('s')))
        })
        .count();
    words.len() >= 2 && found * 4 >= words.len() * 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::plain::lines::paragraphs;

    #[test]
    fn an_outline_number_gives_the_level() {
        assert_eq!(
            outline_entry("1.2 Roman bridges"),
            Some((2, "Roman bridges"))
        );
        assert_eq!(outline_entry("3. Costs"), Some((1, "Costs")));
        assert_eq!(outline_entry("1999 was dry"), None);
        assert!(is_contents_label("Table of contents"));
        assert!(is_contents_label("Contents hide"));
    }

    const PAGE: &str = "Contents\n1 History\n1.1 Roman bridges\n2 Costs\n\nBridges have been built for a very long time, in stone and in wood, by many peoples.\n\nHistory\n\nThe first bridges were fallen trees laid across streams by people who needed to cross.\n\nRoman bridges\n\nThe Romans built arches of stone that still stand today in many parts of Europe.\n\nCosts\n\nA bridge costs a great deal of money, and towns paid for them with tolls for centuries.\n";

    #[test]
    fn a_contents_list_is_chrome_and_names_its_headings_with_levels() {
        let paras = paragraphs(PAGE);
        let mut roles = vec![Role::Body; paras.len()];
        let named = find_contents_list(&paras, &mut roles, paras.len());
        assert_eq!(roles[..4], [Role::Chrome; 4]);
        assert_eq!(named.get("roman bridges"), Some(&2));
        assert_eq!(named.get("costs"), Some(&1));
        mark_headings(&paras, &mut roles, paras.len(), 4);
        let headings: Vec<&str> = (0..paras.len())
            .filter(|&i| roles[i] == Role::Heading)
            .map(|i| paras[i].text.as_str())
            .collect();
        assert_eq!(headings, ["History", "Roman bridges", "Costs"]);
    }

    #[test]
    fn a_short_line_that_introduces_nothing_is_not_a_heading() {
        let paras = paragraphs(
            "Bridges carry roads over rivers, and they have done so for thousands of years now.\n\nDownload PDF\n\nTop\n",
        );
        let mut roles = vec![Role::Body; paras.len()];
        mark_headings(&paras, &mut roles, paras.len(), 0);
        assert_eq!(roles, [Role::Body, Role::Chrome, Role::Chrome]);
    }

    #[test]
    fn the_pages_style_vouches_for_headings_over_a_synopsis_or_a_list() {
        let text = "NAME\n\ngit-worktree - Manage multiple working trees, one of the many git commands.\n\nSYNOPSIS\n\ngit worktree add <path>\n\nDESCRIPTION\n\nManage multiple working trees attached to the same repository, as it says above.\n";
        let paras = paragraphs(text);
        let mut roles = vec![Role::Body; paras.len()];
        mark_headings(&paras, &mut roles, paras.len(), 1);
        let headings: Vec<&str> = (0..paras.len())
            .filter(|&i| roles[i] == Role::Heading)
            .map(|i| paras[i].text.as_str())
            .collect();
        assert_eq!(headings, ["NAME", "SYNOPSIS", "DESCRIPTION"]);
    }

    #[test]
    fn a_short_line_in_the_flow_of_the_text_stays_text() {
        let text = "Suppose a table holds the numbers below, and we want the one that stands out.\n\n2, 3, 5, 2, 3, 12, 5, 3, 4\n\nWhich number stands out from the others? The twelve, by a long way.\n\n42\n";
        let paras = paragraphs(text);
        let mut roles = vec![Role::Body; paras.len()];
        mark_headings(&paras, &mut roles, paras.len(), 0);
        assert_eq!(roles, [Role::Body, Role::Body, Role::Body, Role::Chrome]);
    }

    #[test]
    fn an_intro_announcing_two_headings_makes_them_subsections() {
        assert!(announces(
            "two examples are stone arches and timber trusses.",
            "Timber trusses"
        ));
        assert!(!announces("nothing to see here.", "Timber trusses"));
    }
}
