//! What a date line looks like: "July 2, 2025", "2025-07-02", "Posted on 2 July 2025".
//! Used by the title block and the document's metadata; knows nothing of position.

use super::shapes::{starts_with_ci, undecorated};
use crate::calendar::{MONTHS, WEEKDAYS};

/// A line that is only a date: "July 2, 2025", "2 July 2025", "2025-07-02", "Updated Jul 2, 2025".
pub(super) fn is_date(t: &str) -> bool {
    if t.len() > 60 {
        return false;
    }
    let lower = strip_date_label(t, true).to_lowercase();
    let lower = lower.as_str();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    let has_year = words.iter().any(|w| {
        let y = w.split(['-', '/']).next().unwrap_or("");
        y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())
    });
    let month_or_numeric = words.iter().all(|w| {
        let bare = w.trim_end_matches('.');
        w.chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '/' || c == '.')
            || MONTHS
                .iter()
                .chain(WEEKDAYS.iter())
                .any(|m| m.starts_with(bare) && w.len() >= 3)
    });
    has_year && month_or_numeric
}

/// A line that gives the date a piece appeared, maybe with more after a separator, in a
/// list bullet or behind a decoration: "• 24 July 2015", "Published 21 November 2019 ·
/// Tagged with WebAssembly", "// Nov 11, 2020".
pub(super) fn is_dateline(t: &str) -> bool {
    let t = undecorated(t);
    t.len() <= 200
        && (is_date(t)
            || t.split(['·', '|', '•'])
                .next()
                .is_some_and(|first| is_date(first.trim())))
}

/// `t` without the label of a date line ("Posted on ", "Published: "), and with `updates`
/// also without "Updated"/"Last updated" (which the metadata keeps: it is not the date
/// the piece appeared).
pub(super) fn strip_date_label(t: &str, updates: bool) -> &str {
    const PUBLISHED: [&str; 4] = [
        "originally published",
        "first published",
        "published",
        "posted",
    ];
    const UPDATED: [&str; 3] = ["last updated", "last modified", "updated"];
    let labels = PUBLISHED.iter().chain(UPDATED.iter().filter(|_| updates));
    for label in labels {
        let Some(rest) = t.get(label.len()..).filter(|_| starts_with_ci(t, label)) else {
            continue;
        };
        if !rest.starts_with([' ', ':']) {
            continue;
        }
        let rest = rest.trim_start_matches(':').trim_start();
        let rest = match rest.get(..3) {
            Some(on) if on.eq_ignore_ascii_case("on ") => &rest[3..],
            _ => rest,
        };
        return rest.trim();
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_line_in_several_spellings() {
        for d in [
            "July 2, 2025",
            "2 July 2025",
            "2025-07-02",
            "Updated Jul 2, 2025",
            "Posted on March 3, 2024",
        ] {
            assert!(is_date(d), "{d}");
        }
        for d in ["2025 was a year", "July", "In July 2025 we left the town"] {
            assert!(!is_date(d), "{d}");
        }
        assert!(is_date("Tuesday 15 October 2019"));
        assert!(is_dateline("  • 24 July 2015"));
        assert!(is_dateline(
            "Published 21 November 2019 · Tagged with WebAssembly tooling"
        ));
        assert!(!is_dateline("From the section US & Canada"));
    }

    #[test]
    fn the_label_is_stripped_and_updated_only_on_request() {
        assert_eq!(
            strip_date_label("Published: 3 May 2024", false),
            "3 May 2024"
        );
        assert_eq!(
            strip_date_label("Posted on 3 May 2024", false),
            "3 May 2024"
        );
        assert_eq!(
            strip_date_label("Updated 3 May 2024", false),
            "Updated 3 May 2024"
        );
        assert_eq!(strip_date_label("Updated 3 May 2024", true), "3 May 2024");
    }
}
