//! Quantities and dates in a sentence: finding them, normalising them, comparing them.
//!
//! "eight" = 8, "$40 billion" = 4e10, "200,000", "16.7%", "1.1 metric tons", "February 2025",
//! "(2006–2012)". Each figure gets a kind (count, money, percent, measure, year, date) and,
//! for numbers, what it counts (the head noun after it: "eight cartels" → cartel), so that
//! only like is compared with like. Identifiers that look like numbers ("F-35", "MS-13",
//! "Executive Order 14157", "Task 2A", "H2O") are not quantities.
//!
//! Pure text in, figures out; byte ranges are into the text given. Knows nothing of
//! documents or of how sentences are linked.

use super::lexical::stemmer;
use scanner::Scanner;
use std::ops::Range;

mod scanner;
mod words;

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    Count,
    Money,
    Percent,
    /// A number with a unit of measure: tons, kilometres, …
    Measure,
    /// A year or a span of years: "2006", "2006–2012", "the 1980s".
    Year,
    /// A calendar date with at least a month: "February 2025", "October 3".
    Date,
}

impl QuantityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuantityKind::Count => "count",
            QuantityKind::Money => "money",
            QuantityKind::Percent => "percent",
            QuantityKind::Measure => "measure",
            QuantityKind::Year => "year",
            QuantityKind::Date => "date",
        }
    }

    /// Years and dates are compared with each other, and are "dates" to a reader.
    pub fn is_temporal(self) -> bool {
        matches!(self, QuantityKind::Year | QuantityKind::Date)
    }
}

/// How exact the figure claims to be ("at least 80", "about 79,000", "almost 200,000").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Exact,
    About,
    AtLeast,
    AtMost,
}

/// A calendar date; fields the text does not give are `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarDate {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// One figure found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub kind: QuantityKind,
    /// Byte range of the figure in the text it was found in.
    pub range: Range<usize>,
    /// Smallest and largest value it states (equal unless it is a range or a vague amount).
    pub low: f64,
    pub high: f64,
    pub bound: Bound,
    /// Set for `Date`.
    pub date: Option<CalendarDate>,
    /// What is counted or measured, folded and stemmed ("cartel", "peopl"); for measures
    /// the unit comes first ("ton").
    pub about: Option<String>,
    /// Stems of the nearest content word before the figure and after its noun ("killing
    /// at least 80 people" → kill): two figures about the same noun describe the same fact
    /// only if they share some of this.
    pub context: Vec<String>,
    /// Stem of the nearest content word before the figure ("killed 87 people" → kill): the
    /// verb or noun it is most directly about, used to pair figures one to one.
    pub lead: Option<String>,
    /// Stems of the words the figure attaches to, the event or subject it dates or
    /// measures. A date written as a modifier ("a 2023 survey", "the March 3 earthquake")
    /// attaches to its noun; a date that opens the sentence ("In 2021, …") to the whole
    /// sentence; any other figure to the content words near it (up to three before and
    /// after, not past another figure or the end of a clause).
    pub scope: Vec<String>,
    /// What the clause around a count, measure, sum or share says about its scope.
    pub qualifiers: Qualifiers,
}

/// The scope of a figure as its clause states it: two figures measure the same thing only
/// if these are compatible (see `Qualifiers::compatible`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Qualifiers {
    /// A modal stands before the figure ("could kill 25,000 to 50,000 people", "enough to
    /// kill"): a supposed amount, not a count of what happened.
    pub supposed: bool,
    /// The periods the clause names: years ("in 2024", "since 2006" open-ended), weekdays,
    /// "last year", a yearly rate ("every year", "annually").
    pub periods: Vec<Period>,
    /// Places the clause puts the figure in ("in Mexico", "across the United States"),
    /// folded.
    pub places: Vec<String>,
}

/// A period a clause names.
#[derive(Debug, Clone, PartialEq)]
pub enum Period {
    /// From one year to another (equal for one year; infinite end for "since").
    Years(f64, f64),
    /// "monday", "last year", "yearly": compared by name.
    Named(String),
}

impl Qualifiers {
    /// Whether two figures so qualified can measure the same thing: both stated or both
    /// supposed; periods that overlap where both name one; places in common where both
    /// name one. A side that names no period or place is compatible with any: articles
    /// leave the obvious unsaid.
    pub fn compatible(&self, other: &Qualifiers) -> bool {
        let periods = self.periods.is_empty()
            || other.periods.is_empty()
            || self.periods.iter().any(|p| {
                other.periods.iter().any(|q| match (p, q) {
                    (Period::Years(a, b), Period::Years(c, d)) => a <= d && c <= b,
                    (Period::Named(x), Period::Named(y)) => x == y,
                    _ => false,
                })
            });
        let places = self.places.is_empty()
            || other.places.is_empty()
            || self.places.iter().any(|p| other.places.contains(p));
        self.supposed == other.supposed && periods && places
    }
}

/// Every quantity and date in `text`, in order.
pub fn extract(text: &str) -> Vec<Quantity> {
    let scanner = Scanner {
        text,
        lex: words::lex(text),
        stemmer: stemmer(),
    };
    scanner.scan()
}

/// Do two temporal figures (years or dates) agree? A year inside a span agrees with the
/// span; a date agrees with another when every field both give is equal.
pub fn dates_agree(a: &Quantity, b: &Quantity) -> bool {
    let year_span = |q: &Quantity| -> Option<(f64, f64)> {
        match (q.kind, q.date) {
            (QuantityKind::Year, _) => Some((q.low, q.high)),
            (_, Some(CalendarDate { year: Some(y), .. })) => Some((y as f64, y as f64)),
            _ => None,
        }
    };
    if let (Some((al, ah)), Some((bl, bh))) = (year_span(a), year_span(b))
        && (ah < bl || bh < al)
    {
        return false;
    }
    if let (Some(x), Some(y)) = (a.date, b.date) {
        let same = |p: Option<u8>, q: Option<u8>| match (p, q) {
            (Some(p), Some(q)) => p == q,
            _ => true,
        };
        return same(x.month, y.month) && (x.month.is_none() || same(x.day, y.day));
    }
    true
}

/// Do two numeric figures of the same kind agree? Ranges and "about" agree with what
/// falls inside them; "at least 80" and "at least 21" state different figures.
pub fn numbers_agree(a: &Quantity, b: &Quantity) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0);
    let interval = |q: &Quantity| -> (f64, f64) {
        match q.bound {
            Bound::Exact => (q.low, q.high),
            Bound::About => (q.low * 0.9, q.high * 1.1),
            Bound::AtLeast => (q.low, f64::INFINITY),
            Bound::AtMost => (0.0, q.high),
        }
    };
    if a.bound == b.bound && matches!(a.bound, Bound::AtLeast | Bound::AtMost) {
        return close(a.low, b.low) && close(a.high, b.high);
    }
    let (al, ah) = interval(a);
    let (bl, bh) = interval(b);
    let overlaps = |lo: f64, hi: f64| hi >= lo || close(hi, lo);
    overlaps(bl, ah) && overlaps(al, bh)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Vec<(QuantityKind, f64, f64, String)> {
        extract(text)
            .into_iter()
            .map(|q| (q.kind, q.low, q.high, text[q.range].to_string()))
            .collect()
    }

    fn one(text: &str) -> Quantity {
        let q = extract(text);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
        q.into_iter().next().unwrap()
    }

    #[test]
    fn number_words_and_heads() {
        let q = one("President Trump designated eight cartels as FTOs.");
        assert_eq!((q.kind, q.low), (QuantityKind::Count, 8.0));
        assert_eq!(q.about.as_deref(), Some("cartel"));
        let q = one("The State Department listed six Mexican cartels as FTOs.");
        assert_eq!((q.low, q.about.as_deref()), (6.0, Some("cartel")));
        let q = one("it struck twenty-five boats");
        assert_eq!((q.low, q.about.as_deref()), (25.0, Some("boat")));
    }

    #[test]
    fn digits_with_separators_decimals_and_scales() {
        let q = one("Since then, almost 200,000 people have been killed.");
        assert_eq!((q.low, q.bound), (200_000.0, Bound::About));
        assert_eq!(q.about.as_deref(), Some("peopl"));
        let q = one("mass conscripting 4.5 million people");
        assert_eq!(q.low, 4_500_000.0);
        let q = one("struck 22 alleged drug-smuggling vessels, killing");
        assert_eq!((q.low, q.about.as_deref()), (22.0, Some("vessel")));
    }

    #[test]
    fn money_percent_and_measures() {
        let q = one("bringing in $40 billion annually");
        assert_eq!((q.kind, q.low), (QuantityKind::Money, 4e10));
        let q = one("offering US$10,000 to kill them");
        assert_eq!((q.kind, q.low), (QuantityKind::Money, 10_000.0));
        assert_eq!(
            &"offering US$10,000 to kill them"[q.range.clone()],
            "US$10,000"
        );
        let q = one("This corresponds to 16.7% of the total population.");
        assert_eq!((q.kind, q.low), (QuantityKind::Percent, 16.7));
        assert_eq!(q.about.as_deref(), Some("popul"));
        let q = one("74 percent of the illegal guns in Mexico");
        assert_eq!((q.kind, q.low), (QuantityKind::Percent, 74.0));
        assert_eq!(q.about.as_deref(), Some("gun"));
        let q = one("a record bust of 1.1 metric tons in a raid");
        assert_eq!((q.kind, q.low), (QuantityKind::Measure, 1.1));
        assert!(q.about.as_deref().unwrap().starts_with("ton"));
        let q = one("between $1 million to $3 million a day");
        assert_eq!((q.low, q.high), (1e6, 3e6));
        // a decimal without a unit measures the noun before it
        let q = one("a magnitude 7.1 earthquake struck the coast");
        assert_eq!((q.kind, q.low), (QuantityKind::Measure, 7.1));
        assert_eq!(q.about.as_deref(), Some("magnitud"));
        let q = one("the quake measured 6.9 on the scale");
        assert_eq!(q.kind, QuantityKind::Count);
        let q = &extract("48.5 million Americans aged 12")[0];
        assert_eq!((q.kind, q.low), (QuantityKind::Count, 48.5e6));
    }

    #[test]
    fn years_dates_and_ranges() {
        let f = figures("In February 2025, President Trump acted.");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, QuantityKind::Date);
        assert_eq!(f[0].3, "February 2025");
        let q = one("President Felipe Calderón (2006–2012) declared war");
        assert_eq!(
            (q.kind, q.low, q.high),
            (QuantityKind::Year, 2006.0, 2012.0)
        );
        let q = one("On August 8, 2025, reports surfaced");
        assert_eq!(
            q.date,
            Some(CalendarDate {
                year: Some(2025),
                month: Some(8),
                day: Some(8)
            })
        );
        let q = one("during the 1980s.");
        assert_eq!(
            (q.kind, q.low, q.high),
            (QuantityKind::Year, 1980.0, 1989.0)
        );
        let q = one("from 2009 to 2011, further");
        assert_eq!((q.low, q.high), (2009.0, 2011.0));
        let q = one("enough drugs to kill 25,000 to 50,000 people");
        assert_eq!(
            (q.kind, q.low, q.high),
            (QuantityKind::Count, 25_000.0, 50_000.0)
        );
        // "may" and "march" as ordinary words are not months
        assert!(extract("this may be part of a march to war").is_empty());
    }

    #[test]
    fn look_alikes_are_not_quantities() {
        for text in [
            "10 F-35 fighter jets",
            "La Mara Salvatrucha (MS-13)",
            "Task 2A of the plan",
            "H2O is water",
            "President Trump’s Executive Order 14157, issued",
            "the 2026 USMCA review",
            "COVID-19 spread",
            "Vol. 4 of the report",
            "SEAL Team 6",
        ] {
            let found = figures(text);
            let bad: Vec<_> = found
                .iter()
                .filter(|(k, v, _, _)| {
                    let expected = (*k == QuantityKind::Year && *v == 2026.0)
                        || (*k == QuantityKind::Count && *v == 10.0);
                    !expected
                })
                .collect();
            assert!(bad.is_empty(), "{text}: {found:?}");
        }
        // the jets are still counted, the model number is not
        let q = one("10 F-35 fighter jets");
        assert_eq!((q.low, q.about.as_deref()), (10.0, Some("jet")));
        // "one" alone is not a figure
        assert!(extract("one of Trump’s defense secretaries").is_empty());
    }

    #[test]
    fn vague_amounts_are_ranges() {
        let q = one("Drugs cause tens of thousands of overdose deaths every year.");
        assert_eq!((q.low, q.high), (1e4, 99_999.0));
        assert_eq!(q.about.as_deref(), Some("death"));
    }

    #[test]
    fn agreement_rules() {
        let year = one("in 2006");
        let span = one("Calderón (2006–2012)");
        assert!(dates_agree(&year, &span));
        assert!(!dates_agree(&one("in 2021"), &one("in 2022")));
        assert!(dates_agree(&one("in 2025"), &one("In February 2025")));
        assert!(!dates_agree(
            &one("in March 2025"),
            &one("In February 2025")
        ));
        assert!(!numbers_agree(&one("eight cartels"), &one("six cartels")));
        assert!(numbers_agree(
            &one("200,000 people"),
            &one("almost 200,000 people")
        ));
        assert!(!numbers_agree(
            &one("killing at least 80 people"),
            &one("killing at least 21 people")
        ));
        assert!(numbers_agree(
            &one("tens of thousands of deaths"),
            &one("79,000 deaths")
        ));
        assert!(numbers_agree(
            &one("25,000 to 50,000 people"),
            &one("30,000 people")
        ));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "$",
            "–",
            "1,",
            "1.",
            "$1 to",
            "twenty-",
            "August",
            "31 December",
            "99999999999999999999999 people",
            "é1é",
            "1–",
            "2006–1",
        ] {
            let _ = extract(text);
        }
    }
}
