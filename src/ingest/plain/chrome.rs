//! Stage "chrome": marks page furniture that is not the title block, a contents list or a
//! heading: scattered boilerplate lines (share, advertisement, newsletter boxes), the end
//! matter after the article (after the notes list or a tail marker, footer menus), and
//! author blurbs. Chrome is only marked, never dropped: the blocks keep their text.
//! What a single line looks like is `shapes`; this module decides from position.

use super::shapes::{
    body_like, is_boilerplate_line, is_chrome_line, is_person_name, is_signup_call, tail_marker,
    word_count,
};
use super::{Para, Role};

pub(super) fn mark_boilerplate(paras: &[Para], roles: &mut [Role]) {
    let mut in_signup_box = false;
    for (p, role) in paras.iter().zip(roles.iter_mut()) {
        if *role != Role::Body {
            in_signup_box = false;
            continue;
        }
        if !p.code && is_boilerplate_line(&p.text) {
            *role = Role::Chrome;
            in_signup_box = is_signup_call(&p.text);
        } else if in_signup_box && !p.blank_before && word_count(&p.text) <= 20 {
            // The pitch printed right under "Subscribe to our newsletter" ("Get the best
            // of our coverage every week.") belongs to the same box.
            *role = Role::Chrome;
        } else {
            in_signup_box = false;
        }
    }
}

/// The people named in a byline: "By Laura Chen and Omar Haddad" gives both names.
fn byline_names(byline: &str) -> Vec<&str> {
    let rest = byline
        .split_once(' ')
        .filter(|(by, _)| by.eq_ignore_ascii_case("by"))
        .map_or(byline, |(_, r)| r);
    rest.split([',', '&', '|'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|name| is_person_name(name))
        .collect()
}

/// Marks author blurbs in the second half of the page as chrome: a short paragraph that opens
/// with a name from the byline and says who the person is ("Maria Santos is a science
/// reporter based in Geneva.").
pub(super) fn mark_author_blurbs(paras: &[Para], roles: &mut [Role], byline: Option<usize>) {
    let Some(b) = byline else {
        return;
    };
    let names = byline_names(&paras[b].text);
    let n = paras.len();
    for i in (n / 2).max(b + 1)..n {
        let t = paras[i].text.as_str();
        let blurb = roles[i] == Role::Body
            && word_count(t) <= 60
            && names.iter().any(|name| {
                t.strip_prefix(name).is_some_and(|rest| {
                    [
                        " is ",
                        " was ",
                        " writes ",
                        " covers ",
                        " reports ",
                        " has ",
                    ]
                    .iter()
                    .any(|v| rest.starts_with(v))
                })
            });
        if blurb {
            roles[i] = Role::Chrome;
        }
    }
}

/// A tail marker in `range` ("Share this story", "More on this story", "Related") after
/// which the page holds little prose: less than a quarter of the prose before it. The
/// end matter of a page with long sidebars and teasers can start well before its last
/// three tenths; measured in bytes of running text, in the spirit of jusText.
fn marker_after_the_prose(
    paras: &[Para],
    roles: &[Role],
    range: std::ops::Range<usize>,
) -> Option<usize> {
    let prose = |p: &Para, r: &Role| {
        if *r == Role::Body && body_like(p) && !p.code {
            p.text.len()
        } else {
            0
        }
    };
    let total: usize = paras.iter().zip(roles).map(|(p, r)| prose(p, r)).sum();
    let mut before: usize = paras[..range.start]
        .iter()
        .zip(roles)
        .map(|(p, r)| prose(p, r))
        .sum();
    for i in range {
        if tail_marker(&paras[i].text) && (total - before) * 4 < before {
            return Some(i);
        }
        before += prose(&paras[i], &roles[i]);
    }
    None
}

/// Marks the page's end matter as chrome: what follows the notes list, or what follows a
/// tail marker in the last part of the page. `notes_end` is one past the notes list.
pub(super) fn mark_tail_chrome(paras: &[Para], roles: &mut [Role], notes_end: Option<usize>) {
    let n = paras.len();
    let start = match notes_end {
        Some(end) => Some(end),
        None => {
            let from = n - n * 3 / 10;
            marker_after_the_prose(paras, roles, 0..from)
                .or_else(|| (from..n).find(|&i| tail_marker(&paras[i].text)))
        }
    };
    if let Some(start) = start {
        for role in &mut roles[start..] {
            *role = Role::Chrome;
        }
    }
    // A trailing run of short lines after the last prose (footer menus).
    if let Some(last_body) = (0..n)
        .rev()
        .find(|&i| roles[i] == Role::Body && body_like(&paras[i]))
    {
        for i in last_body + 1..n {
            if roles[i] == Role::Body && is_chrome_line(&paras[i]) {
                roles[i] = Role::Chrome;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::plain::lines::paragraphs;

    #[test]
    fn boilerplate_lines_and_the_pitch_under_a_signup_call_are_chrome() {
        let paras = paragraphs(
            "Salt was traded across the whole of Europe in the middle ages, by land and sea.\n\nAdvertisement\n\nSubscribe to our newsletter\nGet the best of our coverage, from science and the arts to the markets and sports, in your inbox weekly.\n\nShare prices of salt merchants rose and fell with the seasons, as the records show.\n",
        );
        let mut roles = vec![Role::Body; paras.len()];
        mark_boilerplate(&paras, &mut roles);
        assert_eq!(
            roles,
            [
                Role::Body,
                Role::Chrome,
                Role::Chrome,
                Role::Chrome,
                Role::Body
            ]
        );
    }

    #[test]
    fn the_end_matter_after_a_tail_marker_and_a_footer_menu_are_chrome() {
        let paras = paragraphs(
            "Salt was traded across the whole of Europe in the middle ages, by land and sea.\n\nThe towns on its roads grew rich on the tolls they charged the merchants passing.\n\nAbout\nPrivacy\n",
        );
        let mut roles = vec![Role::Body; paras.len()];
        mark_tail_chrome(&paras, &mut roles, None);
        assert_eq!(roles, [Role::Body, Role::Body, Role::Chrome, Role::Chrome]);
        let mut roles = vec![Role::Body; paras.len()];
        mark_tail_chrome(&paras, &mut roles, Some(1));
        assert_eq!(roles[1..], [Role::Chrome; 3]);
    }

    #[test]
    fn the_end_matter_starts_at_a_marker_after_which_little_prose_is_left() {
        let prose = "Salt was traded across the whole of Europe in the middle ages, by land and by sea, for centuries on end.";
        let mut text = String::new();
        for _ in 0..6 {
            text.push_str(prose);
            text.push_str("\n\n");
        }
        text.push_str("Share this story\n\nTop Stories\n\nA teaser of one sentence for another story here.\n\n");
        for i in 0..20 {
            text.push_str(&format!("Menu entry {i}\n\n"));
        }
        let paras = paragraphs(&text);
        let mut roles = vec![Role::Body; paras.len()];
        mark_tail_chrome(&paras, &mut roles, None);
        assert_eq!(roles[..6], [Role::Body; 6]);
        assert!(roles[6..].iter().all(|r| *r == Role::Chrome));
        // The same marker with most of the prose still to come is left alone.
        let text = format!(
            "{prose}\n\nShare this story\n\n{}",
            format!("{prose}\n\n").repeat(6)
        );
        let paras = paragraphs(&text);
        let mut roles = vec![Role::Body; paras.len()];
        mark_tail_chrome(&paras, &mut roles, None);
        assert_eq!(roles[2..], [Role::Body; 6]);
    }

    #[test]
    fn a_blurb_opening_with_the_bylines_name_in_the_second_half_is_chrome() {
        let paras = paragraphs(
            "By Maria Santos\n\nSalt was traded across the whole of Europe in the middle ages, by land and sea.\n\nMaria Santos is a science reporter based in Geneva.\n",
        );
        let mut roles = vec![Role::Body; paras.len()];
        mark_author_blurbs(&paras, &mut roles, Some(0));
        assert_eq!(roles[2], Role::Chrome);
        assert_eq!(
            byline_names("By Laura Chen and Omar Haddad"),
            ["Laura Chen", "Omar Haddad"]
        );
    }
}
