//! Stage "title block": finds the title, subtitle, byline and date above the body, and
//! marks the menu lines above the title as chrome. Before that, splits header lines that
//! hold both a date and a byline. Decides from position (the byline, a breadcrumb, a site
//! tagline, a date line, a menu run above); what a line looks like is `shapes`/`dates`.

use super::dates::{is_date, is_dateline};
use super::headings::is_contents_label;
use super::shapes::{
    body_like, heading_like, is_boilerplate_line, is_byline, is_caption, is_chrome_line,
    is_person_name, is_tagline, list_item, normalise, word_count,
};
use super::{Para, Role};
use std::collections::HashSet;

/// How many paragraphs from the top the title block is looked for in (`headings` has the
/// same bound for a contents list);
/// it keeps a file of millions of short lines from costing more than a linear pass.
const HEADER_WINDOW: usize = 200;

/// The title block: the roles it gives paragraphs above the body, and where it found the
/// title and the body.
#[derive(Default)]
pub(super) struct Header {
    pub(super) roles: Vec<(usize, Role)>,
    pub(super) title: Option<usize>,
    /// The first paragraph of running prose.
    pub(super) first_body: usize,
}

impl Header {
    /// The paragraph of the byline, if the title block has one.
    pub(super) fn byline(&self) -> Option<usize> {
        self.roles
            .iter()
            .find(|(_, r)| *r == Role::Byline)
            .map(|&(i, _)| i)
    }
}

/// Finds the title block (title, subtitle, byline, date) and the chrome before the body.
pub(super) fn find_header(paras: &[Para], body_end: usize) -> Header {
    let first_body = (0..body_end.min(HEADER_WINDOW))
        .find(|&i| body_like(&paras[i]) && list_item(&paras[i]).is_none() && !slogan(paras, i))
        .unwrap_or(body_end.min(HEADER_WINDOW));
    let mut header = Header {
        first_body,
        ..Header::default()
    };
    let zone = 0..first_body;
    let byline = zone.clone().find(|&i| is_byline(&paras[i].text));
    // A breadcrumb ("Home / Section / Title") ends with the page's title.
    let crumb_title = zone.clone().find_map(|i| {
        let t = &paras[i].text;
        let last = t.rsplit(" / ").next().filter(|_| t.contains(" / "))?;
        let last = normalise(last);
        (i + 1..first_body).find(|&j| normalise(&paras[j].text) == last)
    });
    let title = crumb_title.or_else(|| {
        let b = byline?;
        let above: Vec<usize> = (0..b)
            .rev()
            .take(2)
            .filter(|&i| heading_like(&paras[i]) && !is_date(&paras[i].text))
            .collect();
        match above.as_slice() {
            // Two title-shaped lines above the byline: title and subtitle, unless the upper
            // one is the last entry of a menu ("News", "Opinion", then the title).
            [sub, title]
                if *title + 1 == *sub
                    && !is_date(&paras[*sub].text)
                    && !(*title > 0
                        && is_chrome_line(&paras[*title])
                        && is_chrome_line(&paras[*title - 1])) =>
            {
                Some(*title)
            }
            [title, ..] => Some(*title),
            [] => None,
        }
    });
    // A site's tagline ("From Wikipedia, the free encyclopedia") right under a title-shaped
    // line: that line is the title, whatever menu lines come before it.
    // (A one-word title counts here: "Mozilla", then "From Wikipedia, …".)
    let tagline = zone.clone().skip(1).find(|&i| {
        let above = &paras[i - 1];
        is_tagline(&paras[i].text) && heading_like(above) && !is_date(&above.text)
    });
    let title = title.or(tagline.map(|i| i - 1));
    let title = title.or_else(|| title_from_position(paras, first_body, body_end));
    header.title = title;
    if let Some(t) = title {
        header.roles.push((t, Role::Title));
        // The byline: a "By …" line, or a bare name right above the date ("Jane Writer",
        // then "Mar 14, 2024"), as blogs print it.
        let byline = byline.filter(|&b| b > t).or_else(|| {
            (t + 1..first_body.saturating_sub(1))
                .find(|&i| is_person_name(&paras[i].text) && is_date(&paras[i + 1].text))
        });
        let subtitle_end = byline
            .or(tagline.filter(|&g| g == t + 1))
            .unwrap_or((t + 2).min(first_body));
        if let Some(b) = byline {
            header.roles.push((b, Role::Byline));
        }
        if let Some(g) = tagline.filter(|&g| g == t + 1) {
            header.roles.push((g, Role::Chrome));
        }
        for (i, p) in paras.iter().enumerate().take(subtitle_end).skip(t + 1) {
            if title_shaped(p) && word_count(&p.text) >= 4 {
                header.roles.push((i, Role::Subtitle));
            }
        }
    }
    for i in zone {
        let taken = header.roles.iter().any(|(j, _)| *j == i);
        if !taken && is_date(&paras[i].text) {
            header.roles.push((i, Role::Date));
        } else if !taken && title.is_some_and(|t| i < t) {
            header.roles.push((i, Role::Chrome));
        } else if !taken && is_caption(&paras[i]) {
            header.roles.push((i, Role::Caption));
        }
    }
    header
}

/// Without a byline, breadcrumb or tagline, the title from where it stands, strongest
/// evidence first: a title-shaped line right above the date line (possibly after a
/// bullet or with more after it: "• 24 July 2015", "Published … · Tagged …"); else one
/// that repeats an entry of the page's menus or contents (the page names itself there:
/// "• Sorting HOW TO" in the navigation, then "Sorting HOW TO" over the text); else the
/// first title-shaped line of the header with at most menu-like short lines above it.
/// Never a menu's label (a line with its entries right under it: "BBC navigation",
/// "Show navigation"), a contents label, or a name above a date (that is a byline).
fn title_from_position(paras: &[Para], first_body: usize, body_end: usize) -> Option<usize> {
    let candidate = |i: usize| {
        title_shaped(&paras[i])
            && !in_menu_run(paras, i)
            && !menu_label(paras, i)
            && !is_contents_label(&paras[i].text)
    };
    let first = (0..first_body)
        .find(|&i| candidate(i))
        .filter(|&t| {
            (0..t).all(|i| {
                let p = &paras[i];
                word_count(&p.text) <= 4 || list_item(p).is_some() || slogan(paras, i)
            })
        })
        .filter(|_| first_body < body_end);
    let dated = (1..first_body)
        .filter(|&i| is_dateline(&paras[i].text))
        .map(|i| i - 1)
        .find(|&c| candidate(c) && !is_person_name(&paras[c].text));
    let repeated = || {
        let mut seen: HashSet<String> = HashSet::new();
        (0..first_body).find(|&i| {
            let p = &paras[i];
            let key = normalise(list_item(p).map_or(p.text.as_str(), |(_, t)| t));
            let named_before = !seen.insert(key);
            named_before && list_item(p).is_none() && title_shaped(p) && !menu_label(paras, i)
        })
    };
    match (first, dated) {
        // A subtitle right under the first line, then the date: the first line is the title.
        (Some(f), Some(c)) if c == f + 1 => Some(f),
        (_, Some(c)) => Some(c),
        (f, None) => repeated().or(f),
    }
}

/// A site's slogan at the very top, over its menu ("Small. Fast. Reliable. Choose any
/// three.", then "• Home", "• About"): not the start of the text, nor a title.
fn slogan(paras: &[Para], i: usize) -> bool {
    i == 0 && word_count(&paras[0].text) <= 12 && menu_label(paras, 0)
}

/// Whether paragraph `i` labels the menu right under it: two or more list items follow
/// it with no blank line between ("BBC navigation", then "• News", "• Sport"). A date
/// in a bullet ("• 24 July 2015") is the title's dateline, not a menu entry.
fn menu_label(paras: &[Para], i: usize) -> bool {
    let items = paras[i + 1..]
        .iter()
        .take(2)
        .filter(|p| !p.blank_before || p.indent > paras[i].indent)
        .filter(|p| list_item(p).is_some() && !is_dateline(&p.text))
        .count();
    items == 2
}

/// Whether paragraph `i` belongs to a run of three or more very short lines: a menu
/// ("Main menu", "Search", "Log in"), not a title.
fn in_menu_run(paras: &[Para], i: usize) -> bool {
    // List items are menus of their own; a line next to them may still be the title.
    let short = |j: usize| {
        paras
            .get(j)
            .is_some_and(|p| word_count(&p.text) <= 3 && list_item(p).is_none())
    };
    if !short(i) {
        return false;
    }
    // A run does not cross a blank line: a short title set apart below a menu is a title.
    let before = if paras[i].blank_before {
        0
    } else {
        (0..i)
            .rev()
            .take_while(|&j| short(j) && (j == 0 || !paras[j + 1].blank_before))
            .count()
    };
    let after = (i + 1..paras.len())
        .take_while(|&j| short(j) && !paras[j].blank_before)
        .count();
    before + after >= 2
}

/// A line that can be a title: heading-shaped, a few words, not a date or page furniture.
fn title_shaped(p: &Para) -> bool {
    heading_like(p)
        && word_count(&p.text) >= 2
        && !is_date(&p.text)
        && !is_boilerplate_line(&p.text)
        && !is_byline(&p.text)
}

/// A header line that holds both a date and a byline: "Posted on March 3, 2025 by Jane
/// Doe", "By Jane Doe on March 3, 2025", "By Jane Doe | March 3, 2025". Returns the byte
/// offset where the second part starts.
fn dateline_split(t: &str) -> Option<usize> {
    if t.len() > 120 {
        return None;
    }
    // Date first: "… DATE by NAME".
    if let Some(i) = t.rfind(" by ").or_else(|| t.rfind(" By ")) {
        let (date, by) = (&t[..i], &t[i + 1..]);
        if is_date(date) && is_person_name(&by[3..]) {
            return Some(i + 1);
        }
    }
    // Byline first: "By NAME on DATE", "By NAME, DATE", "By NAME | DATE".
    if !is_byline(t) {
        return None;
    }
    // The earliest split wins: "By A, March 3, 2025" is not "By A, March 3" and "2025".
    [" on ", ", ", " | ", " · ", " • ", " - ", " – ", " — "]
        .iter()
        .flat_map(|sep| t.match_indices(sep).map(|(i, _)| (i, i + sep.len())))
        .filter(|&(i, j)| is_date(&t[j..]) && is_byline(&t[..i]))
        .min()
        .map(|(_, j)| j)
}

/// Splits header lines that hold a date and a byline into two paragraphs, so each gets
/// its role; the text is kept whole, only the separator between the parts is dropped.
pub(super) fn split_datelines(paras: &mut Vec<Para>) {
    let mut i = 0;
    while i < paras.len().min(HEADER_WINDOW) {
        if let Some(at) = dateline_split(&paras[i].text) {
            let text = std::mem::take(&mut paras[i].text);
            let (first, second) = text.split_at(at);
            let first = first
                .trim_end()
                .trim_end_matches([',', '|', '·', '•', '-', '–', '—'])
                .trim_end();
            let first = first.strip_suffix(" on").unwrap_or(first);
            paras[i].text = first.to_string();
            let indent = paras[i].indent;
            paras.insert(i + 1, Para::new(second.trim().to_string(), indent, false));
            i += 1;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::plain::lines::paragraphs;

    fn roles_of(text: &str) -> (Vec<Para>, Header) {
        let mut paras = paragraphs(text);
        split_datelines(&mut paras);
        let header = find_header(&paras, paras.len());
        (paras, header)
    }

    fn role(header: &Header, i: usize) -> Option<Role> {
        header.roles.iter().find(|(j, _)| *j == i).map(|&(_, r)| r)
    }

    const PAGE: &str = "Home\nNews\nOpinion\n\nThe Price of Salt\n\nBy Maria Gonzalez\n\nMarch 3, 2024\n\nSalt was the currency of the medieval economy in many towns, and its price followed the seasons.\n";

    #[test]
    fn the_title_sits_above_the_byline_and_the_menu_above_it_is_chrome() {
        let (paras, header) = roles_of(PAGE);
        assert_eq!(
            header.title.map(|t| paras[t].text.as_str()),
            Some("The Price of Salt")
        );
        assert_eq!(role(&header, 0), Some(Role::Chrome));
        assert_eq!(role(&header, 2), Some(Role::Chrome));
        assert_eq!(header.byline(), Some(4));
        assert_eq!(role(&header, 5), Some(Role::Date));
        assert_eq!(header.first_body, 6);
    }

    #[test]
    fn a_menus_label_and_a_sites_slogan_are_not_titles_a_dated_line_is() {
        let text = "Small. Fast. Reliable. Choose any three.\n  • Home\n  • About\nBBC navigation\n  • News\n  • Sport\nUS & Canada is sponsored by\nis sponsored by\nUS & Canada is sponsored by\nSalt prices rise again this week\n  • 24 July 2015\n  • From the section US & Canada\nSalt prices rose again this week, the third rise this year, as the mines struggle.\n";
        let (paras, header) = roles_of(text);
        let title = header.title.map(|t| paras[t].text.as_str());
        assert_eq!(title, Some("Salt prices rise again this week"));
        assert!(slogan(&paras, 0));
        assert!(menu_label(&paras, 3));
        assert!(!menu_label(&paras, 9), "a dated bullet is no menu");
    }

    #[test]
    fn a_line_that_repeats_a_menu_entry_is_the_title() {
        let text = "Table of Contents\n  • Sorting HOW TO\n  • Key Functions\nPrevious topic\nSocket Programming HOWTO\nNavigation\n  • index\n  • Sorting HOW TO\nSorting HOW TO\nAuthor:\nAndrew Dalke\nPython lists have a built-in list.sort() method that modifies the list in-place, and more.\n";
        let (paras, header) = roles_of(text);
        assert_eq!(
            header.title.map(|t| paras[t].text.as_str()),
            Some("Sorting HOW TO")
        );
    }

    #[test]
    fn a_dateline_with_a_byline_is_split_in_two_and_keeps_its_words() {
        let mut paras = paragraphs("Posted on March 3, 2025 by Jane Doe\n");
        split_datelines(&mut paras);
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["Posted on March 3, 2025", "by Jane Doe"]);
    }

    #[test]
    fn a_short_title_set_apart_below_a_menu_run_is_the_title() {
        let paras = paragraphs(
            "Main menu\nSearch\nLog in\n\nSalt Roads\n\nSalt was carried over the mountains for centuries, and towns grew along its roads.\n",
        );
        assert!(in_menu_run(&paras, 1));
        assert!(!in_menu_run(&paras, 3));
        let header = find_header(&paras, paras.len());
        assert_eq!(header.title, Some(3));
    }
}
