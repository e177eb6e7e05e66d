//! Discrepancies: the figures and dates on which two sentences differ, when both measure
//! the same thing.
//!
//! Only like is compared with like: the same kind of figure about the same counted noun or
//! measure, attached to overlapping words, with compatible qualifiers (the period, the
//! place, and whether the figure is stated or only supposed: "could kill 25,000 people" is
//! no count of the dead). A figure that agrees with any comparable figure on the other
//! side is settled; the rest are paired one to one. Figures carry byte ranges into their
//! block's text on both sides, ready to highlight.
//!
//! Pure: figures (from `quantities`, through the index) in, pairs out. Knows nothing of
//! how sentences are linked beyond the similarity score it is given.

use super::index::{Index, SentenceRef};
use super::quantities::{Period, Quantity, QuantityKind, dates_agree, numbers_agree};
use crate::document::Document;
use std::ops::Range;

/// How similar two sentences must be before their figures say anything about each other.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscrepancyRule {
    /// At or above this, counts of the same noun are compared even when the words around
    /// them differ.
    pub strong: f32,
    /// Dates are compared only on pairs this similar: a year alone says little about
    /// which event it dates, so weaker pairs would flag unrelated years.
    pub date: f32,
}

impl Default for DiscrepancyRule {
    fn default() -> Self {
        DiscrepancyRule {
            strong: 0.6,
            date: 0.5,
        }
    }
}

/// A figure as written, and where: `range` is a byte range into the text of the block
/// that holds the sentence (`Document::blocks[b].text`), ready to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub text: String,
    pub block: usize,
    pub range: Range<usize>,
}

/// Two figures of the same kind about the same thing that do not agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discrepancy {
    pub kind: QuantityKind,
    /// In the sentence that asked.
    pub left: Figure,
    /// In the linked sentence.
    pub right: Figure,
}

impl Discrepancy {
    /// An honest label: both figures can be true in their own scope.
    pub fn label(&self) -> &'static str {
        if self.kind.is_temporal() {
            "dates differ"
        } else {
            "figures differ"
        }
    }
}

/// Figures and dates on which sentence `a` (of `doc_a`) and sentence `b` (of `doc_b`)
/// differ, for two sentences whose similarity is `score` (see `differing`).
pub fn between(
    index: &Index,
    (doc_a, a): (&Document, SentenceRef),
    (doc_b, b): (&Document, SentenceRef),
    score: f32,
    rule: &DiscrepancyRule,
) -> Vec<Discrepancy> {
    let qa = index.quantities(a);
    let qb = index.quantities(b);
    let mut out = Vec::new();
    for (i, j) in differing(qa, qb, score, rule) {
        if let (Some(left), Some(right)) = (figure(doc_a, a, &qa[i]), figure(doc_b, b, &qb[j])) {
            out.push(Discrepancy {
                kind: qa[i].kind,
                left,
                right,
            });
        }
    }
    out
}

/// Index pairs (into `a`, into `b`) of figures that differ, for two sentences whose
/// similarity is `score`.
///
/// Counts and measures are compared when they have the same kind and the same noun
/// ("eight cartels", "six Mexican cartels") and either share a neighbouring word
/// ("killing at least 80 people", "killing at least 21 people") or the sentences are
/// strongly similar: "79,000 Americans died" and "48.5 million Americans aged 12" are not
/// the same fact. Money and percentages rarely have a noun of their own ("$4.2 billion on
/// Thursday", "up 12%"): they are compared when the words they attach to overlap
/// ("revenue of $4.2 billion", "revenue reached $4.5 billion") and their nouns, where
/// both have one, are the same. A figure that agrees with a comparable figure on the
/// other side is not flagged; the others are paired one to one, the pairs that share
/// the most context first ("killed 87 … injured 900" against "killed 112 … injured 950"
/// pairs 87 with 112 and 900 with 950).
///
/// Dates are compared on pairs at least `date_threshold` similar that give one date each
/// (with several on a side there is no telling which events they date), and only when
/// the words the two dates attach to overlap: "died of a drug overdose in 2024" and "a
/// 2023 survey" date different things.
pub fn differing(
    a: &[Quantity],
    b: &[Quantity],
    score: f32,
    rule: &DiscrepancyRule,
) -> Vec<(usize, usize)> {
    let strong = score >= rule.strong;
    let shares = |x: &[String], y: &[String]| x.iter().filter(|w| y.contains(w)).count();
    let comparable = |x: &Quantity, y: &Quantity| {
        if x.kind != y.kind || x.kind.is_temporal() || !x.qualifiers.compatible(&y.qualifiers) {
            return false;
        }
        match x.kind {
            QuantityKind::Money | QuantityKind::Percent => {
                // a noun one side names must be the other's noun or near its figure
                let fits = |n: &Option<String>, other: &Quantity| {
                    n.as_ref()
                        .is_none_or(|n| other.about.as_ref() == Some(n) || other.scope.contains(n))
                };
                fits(&x.about, y) && fits(&y.about, x) && shares(&x.scope, &y.scope) > 0
            }
            _ => {
                x.about.is_some()
                    && x.about == y.about
                    && (strong || shares(&x.context, &y.context) > 0)
            }
        }
    };
    let affinity = |x: &Quantity, y: &Quantity| {
        3 * usize::from(x.lead.is_some() && x.lead == y.lead)
            + shares(&x.scope, &y.scope)
            + shares(&x.context, &y.context)
    };
    let pairs: Vec<(usize, usize)> = (0..a.len())
        .flat_map(|i| (0..b.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| comparable(&a[i], &b[j]))
        .collect();
    // a figure that agrees with a comparable one is settled, on either side
    let mut settled_a = vec![false; a.len()];
    let mut settled_b = vec![false; b.len()];
    for &(i, j) in &pairs {
        if numbers_agree(&a[i], &b[j]) {
            settled_a[i] = true;
            settled_b[j] = true;
        }
    }
    let mut open: Vec<(usize, usize, usize)> = pairs
        .into_iter()
        .filter(|&(i, j)| !settled_a[i] && !settled_b[j])
        .map(|(i, j)| (affinity(&a[i], &b[j]), i, j))
        .collect();
    open.sort_by(|p, q| q.0.cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    let mut out = Vec::new();
    for (_, i, j) in open {
        if !settled_a[i] && !settled_b[j] {
            settled_a[i] = true;
            settled_b[j] = true;
            out.push((i, j));
        }
    }
    out.sort_unstable();
    if score >= rule.date {
        // a year that qualifies a figure of the sentence ("In 2023, 110,000 people died")
        // is that figure's period, compared with the figure, not the date of an event
        let is_period = |q: &[Quantity], i: usize| {
            q.iter().any(|f| {
                f.qualifiers.periods.iter().any(|p| {
                    matches!(p, Period::Years(low, _) if (*low - q[i].low).abs() < 0.5
                        || q[i].date.and_then(|d| d.year).is_some_and(|y| (f64::from(y) - low).abs() < 0.5))
                })
            })
        };
        let single = |q: &[Quantity]| {
            let mut dates = (0..q.len()).filter(|&i| q[i].kind.is_temporal() && !is_period(q, i));
            let first = dates.next()?;
            dates
                .all(|k| dates_agree(&q[k], &q[first]) && dates_agree(&q[first], &q[k]))
                .then_some(first)
        };
        if let (Some(i), Some(j)) = (single(a), single(b))
            && shares(&a[i].scope, &b[j].scope) > 0
            && !dates_agree(&a[i], &b[j])
        {
            out.push((i, j));
        }
    }
    out
}

fn figure(doc: &Document, at: SentenceRef, q: &Quantity) -> Option<Figure> {
    let sentence = doc.sentences.get(at.sentence)?;
    let text = doc.blocks.get(sentence.block)?.text.as_str();
    let start = sentence.range.start + q.range.start;
    let end = sentence.range.start + q.range.end;
    Some(Figure {
        text: text.get(start..end)?.to_string(),
        block: sentence.block,
        range: start..end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::quantities;

    #[test]
    fn differing_dates_are_flagged_only_on_similar_pairs() {
        let rule = DiscrepancyRule::default();
        let a = quantities::extract("agreed to the framework in 2022");
        let b = quantities::extract("In 2021, the framework was adopted");
        assert_eq!(differing(&a, &b, 0.5, &rule), vec![(0, 0)]);
        assert!(differing(&a, &b, 0.1, &rule).is_empty());
        // several dates on one side: no telling which event each dates
        let c = quantities::extract("in 2020 it was drafted and in 2023 revised");
        assert!(differing(&a, &c, 0.5, &rule).is_empty());
    }

    #[test]
    fn figures_about_different_things_are_not_compared() {
        let rule = DiscrepancyRule::default();
        let a = quantities::extract("struck 22 vessels, killing at least 80 people");
        let b = quantities::extract("strikes on four boats, killing at least 21 people");
        let d = differing(&a, &b, 0.25, &rule);
        assert_eq!(d.len(), 1);
        assert_eq!(a[d[0].0].low, 80.0);
        assert_eq!(b[d[0].1].low, 21.0);
        // same noun, different facts
        let a = quantities::extract("about 79,000 Americans died of a drug overdose");
        let b = quantities::extract("48.5 million Americans aged 12 and older");
        assert!(differing(&a, &b, 0.25, &rule).is_empty());
    }

    /// The figures of `a` and `b` that `differing` pairs at `score`, as written.
    fn differing_texts(a: &str, b: &str, score: f32) -> Vec<(String, String)> {
        let (qa, qb) = (quantities::extract(a), quantities::extract(b));
        differing(&qa, &qb, score, &DiscrepancyRule::default())
            .into_iter()
            .map(|(i, j)| {
                (
                    a[qa[i].range.clone()].to_string(),
                    b[qb[j].range.clone()].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn money_and_percentages_about_the_same_subject_are_compared() {
        let a = "The company reported revenue of $4.2 billion on Thursday, up 12%.";
        let b = "The company said revenue reached $4.5 billion, an increase of 15%.";
        let found = differing_texts(a, b, 0.3);
        assert!(
            found.contains(&("$4.2 billion".into(), "$4.5 billion".into())),
            "{found:?}"
        );
        let a = "Sales of electric cars grew 31% last year.";
        let b = "Electric car sales jumped 28% last year.";
        assert_eq!(
            differing_texts(a, b, 0.3),
            vec![("31%".into(), "28%".into())]
        );
        // agreeing figures, and percentages of different things, are not flagged
        let c = "Electric car sales jumped 31 percent last year.";
        assert!(differing_texts(a, c, 0.3).is_empty());
        let a = "74 percent of the illegal guns in Mexico come from the United States.";
        let b = "Overdose deaths fell 27 percent in Mexico and the United States.";
        assert!(differing_texts(a, b, 0.3).is_empty());
    }

    #[test]
    fn dates_are_compared_only_when_they_date_the_same_thing() {
        let rule = DiscrepancyRule::default();
        let a = quantities::extract(
            "The U.S. Centers for Disease Control and Prevention reports that about 79,000 \
             Americans died of a drug overdose in 2024.",
        );
        let b = quantities::extract(
            "According to a national 2023 survey on drug use in the US by American Addiction \
             Centers, 48.5 million Americans aged 12 and older have battled a substance use \
             disorder.",
        );
        assert!(differing(&a, &b, 0.32, &rule).is_empty());
        let a = quantities::extract("Rescuers pulled 12 survivors from the rubble on March 5.");
        let b = quantities::extract("The March 3 earthquake left rescuers digging for days.");
        assert!(differing(&a, &b, 0.5, &rule).is_empty());
        // the same event dated differently is still flagged
        let a = quantities::extract("The March 3 earthquake destroyed the old town.");
        let b = quantities::extract("The earthquake on March 5 destroyed the old town.");
        assert_eq!(differing(&a, &b, 0.5, &rule), vec![(0, 0)]);
    }

    #[test]
    fn figures_are_paired_one_to_one_by_what_they_count() {
        let a = "The blast killed 87 people and injured 900 people in the capital.";
        let b = "The blast killed 112 people in the capital and injured 950 people.";
        assert_eq!(
            differing_texts(a, b, 0.5),
            vec![("87".into(), "112".into()), ("900".into(), "950".into())]
        );
        // one agreeing figure settles its partner; the other pair still differs
        let b = "The blast killed 112 people in the capital and injured 900 people.";
        assert_eq!(
            differing_texts(a, b, 0.5),
            vec![("87".into(), "112".into())]
        );
    }

    /// Look-alikes: the same unit or noun, but not the same measure. Each is a kind of
    /// scope the qualifiers catch; none is a rule for one passage.
    #[test]
    fn a_supposed_amount_is_not_compared_with_a_count() {
        let a = "Since 2006, almost 200,000 people have been killed across the country.";
        let b = "The drugs on one boat could kill 25,000 to 50,000 people.";
        assert!(differing_texts(a, b, 0.7).is_empty());
        let b = "The drugs seized were enough to kill 40,000 people.";
        assert!(differing_texts(a, b, 0.7).is_empty());
        // two supposed amounts of the same thing are compared
        let a = "The shipment could kill 30,000 people, officials said.";
        let b = "The shipment could kill 50,000 people, the navy said.";
        assert_eq!(
            differing_texts(a, b, 0.7),
            vec![("30,000".into(), "50,000".into())]
        );
    }

    #[test]
    fn figures_for_different_periods_are_not_compared() {
        let a = "In 2023, 110,000 people died of overdoses in the United States.";
        let b = "In 2024, 80,000 people died of overdoses in the United States.";
        assert!(differing_texts(a, b, 0.7).is_empty());
        let a = "Floods killed 40 people in the river valley on Monday.";
        let b = "Last year heavy floods killed 25 people in the north.";
        assert!(differing_texts(a, b, 0.7).is_empty());
        // a yearly rate is not a total
        let a = "Cartels earn $40 billion every year from the drug trade.";
        let b = "Cartels earned $12 billion from the drug trade in 2019.";
        assert!(differing_texts(a, b, 0.7).is_empty());
        // the same period, different figures: flagged
        let a = "In 2024, 80,000 people died of overdoses in the United States.";
        let b = "About 79,000 people died of overdoses in the United States in 2024.";
        assert!(
            differing_texts(a, b, 0.7).is_empty(),
            "80,000 is about 79,000"
        );
        let b = "In 2024, 107,000 people died of overdoses in the United States.";
        assert_eq!(
            differing_texts(a, b, 0.7),
            vec![("80,000".into(), "107,000".into())]
        );
    }

    #[test]
    fn figures_for_different_places_are_not_compared() {
        let a = "Overdoses killed 80,000 people in the United States last year.";
        let b = "Overdoses killed 3,000 people in Canada last year.";
        assert!(differing_texts(a, b, 0.7).is_empty());
        // a side that names no place is compared
        let b = "Overdoses killed 70,000 people last year.";
        assert_eq!(
            differing_texts(a, b, 0.7),
            vec![("80,000".into(), "70,000".into())]
        );
    }

    #[test]
    fn the_same_counted_noun_with_different_counts_is_flagged() {
        let a = "In February 2025, President Trump designated eight cartels as FTOs.";
        let b = "The State Department listed six Mexican cartels as FTOs in February 2025.";
        assert_eq!(
            differing_texts(a, b, 0.5),
            vec![("eight".into(), "six".into())]
        );
        // the same unit, different measures: a length is not a weight
        let a = "The tunnel ran 1.2 kilometres under the border.";
        let b = "Agents seized 1.5 tons of cocaine under the border.";
        assert!(differing_texts(a, b, 0.7).is_empty());
    }
}
