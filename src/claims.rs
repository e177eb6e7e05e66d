//! Linked claims: for every body sentence of the open documents, the sentences of the
//! other documents that state the same fact, event or argument, ranked and scored, with
//! the figures or dates on which a linked pair differs.
//!
//! This module owns the linker's public API (`Links`), the decision which candidates are
//! shown as links, and the discrepancy rule. Sentence features live in `features`, figures
//! in `quantities`, weighting and candidate search in `index`, CLI output in `report`.
//! It is pure: documents in, links out. It must not touch the terminal or the documents.
//!
//! The reader asks: `Links::of(doc, sentence)` (ranked candidates), `is_linked`,
//! `is_discrepant`, `best_linked_in(doc, sentence, other_doc)` and `pairs()` for a
//! picker. Discrepant figures carry byte ranges into their block's text on both sides, so
//! both can be highlighted.

pub mod cells;
pub mod embed;
pub mod features;
pub mod index;
pub mod lexical;
mod parallel;
pub mod quantities;
pub mod report;

use crate::document::Document;
pub use features::Signals;
pub use index::{Index, SentenceRef};
use quantities::{Quantity, QuantityKind, dates_agree, numbers_agree};
use std::ops::Range;

/// Distinct words two sentences must share to be linked.
const MIN_SHARED_WORDS: usize = 2;

/// How many candidates to keep and where the link threshold lies.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkerConfig {
    /// Candidates kept per sentence in each other document.
    pub per_doc: usize,
    /// Candidates kept per sentence over all documents (bounds memory with many documents).
    pub per_sentence: usize,
    /// Candidates scoring below this are not kept at all.
    pub min_score: f32,
    /// A candidate at or above this that is also the mutual best of its two documents is
    /// a link.
    pub link_threshold: f32,
    /// A candidate at or above this is a link even when it is not the mutual best.
    pub strong_threshold: f32,
    /// Dates are compared only on pairs this similar: a year alone says little about
    /// which event it dates, so weaker pairs would flag unrelated years.
    pub date_threshold: f32,
    pub signals: Signals,
}

impl Default for LinkerConfig {
    fn default() -> Self {
        LinkerConfig {
            per_doc: 3,
            per_sentence: 16,
            // The dense cosine lifts every score, so the thresholds sit above those of the
            // term cosine alone (0.08, 0.24, 0.35, 0.3). The link threshold was set on
            // 2026-12-01 with the contextual token vectors: at 0.33 the seeds got 50 links
            // (45 before), of which a strict reader judged 23 the same claim (20 of 45
            // before); at 0.30 they get 71, of which only 25 (judged pair by pair by a
            // helper session told to be strict; "related" pairs count as wrong).
            min_score: 0.1,
            link_threshold: 0.33,
            strong_threshold: 0.44,
            date_threshold: 0.38,
            signals: Signals::default(),
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

/// A candidate partner of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub target: SentenceRef,
    /// Cosine similarity in [0, 1].
    pub score: f32,
    /// Passes the threshold the reader shows as a link.
    pub linked: bool,
    pub discrepancies: Vec<Discrepancy>,
}

/// The linker's result for a set of documents.
#[derive(Debug)]
pub struct Links {
    index: Index,
    /// `by_sentence[doc][sentence]`: candidates, best first.
    by_sentence: Vec<Vec<Vec<Link>>>,
}

impl Links {
    /// Links the body sentences of `docs` (document ids are positions in `docs`).
    pub fn build(docs: &[Document], config: &LinkerConfig) -> Links {
        let texts: Vec<Vec<(&str, usize)>> = docs
            .iter()
            .map(|d| {
                (0..d.sentences.len())
                    .map(|s| (d.sentence_text(s), d.sentences[s].block))
                    .collect()
            })
            .collect();
        let index = Index::build(&texts, &config.signals);
        let mut by_sentence = candidate_lists(&index, config);
        decide_links(&index, &mut by_sentence, config);
        // Figures are compared on links only: a weak candidate that is not shown as a
        // link is no claim about the same fact, so its figures say nothing.
        for (d, doc_links) in by_sentence.iter_mut().enumerate() {
            for (s, links) in doc_links.iter_mut().enumerate() {
                let me = SentenceRef {
                    doc: d,
                    sentence: s,
                };
                for link in links.iter_mut().filter(|l| l.linked) {
                    link.discrepancies =
                        discrepancies(&index, docs, me, link.target, link.score, config);
                }
            }
        }
        Links { index, by_sentence }
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Where the figures of two sentences the reader linked by hand differ (`doc_a` and
    /// `doc_b` are the documents of `a` and `b`, in the numbering of `build`). A link the
    /// reader made asserts the same fact, so the pair is compared as a strong one.
    pub fn discrepancies_for_user_link(
        &self,
        doc_a: &Document,
        doc_b: &Document,
        a: SentenceRef,
        b: SentenceRef,
        config: &LinkerConfig,
    ) -> Vec<Discrepancy> {
        let score = self.index.score(a, b).max(config.strong_threshold);
        discrepancies_between(&self.index, (doc_a, a), (doc_b, b), score, config)
    }

    /// Candidates for a sentence, best first (empty for an unknown sentence).
    pub fn of(&self, doc: usize, sentence: usize) -> &[Link] {
        self.by_sentence
            .get(doc)
            .and_then(|d| d.get(sentence))
            .map_or(&[], Vec::as_slice)
    }

    /// The candidates that pass the link threshold, best first.
    pub fn linked(&self, doc: usize, sentence: usize) -> impl Iterator<Item = &Link> {
        self.of(doc, sentence).iter().filter(|l| l.linked)
    }

    pub fn is_linked(&self, doc: usize, sentence: usize) -> bool {
        self.linked(doc, sentence).next().is_some()
    }

    /// Has at least one link whose figures or dates differ.
    pub fn is_discrepant(&self, doc: usize, sentence: usize) -> bool {
        self.linked(doc, sentence)
            .any(|l| !l.discrepancies.is_empty())
    }

    /// The best link of a sentence into one other document.
    pub fn best_linked_in(&self, doc: usize, sentence: usize, other: usize) -> Option<&Link> {
        self.linked(doc, sentence).find(|l| l.target.doc == other)
    }

    /// Every link once (from the document with the lower id), best first.
    pub fn pairs(&self) -> Vec<(SentenceRef, &Link)> {
        let mut out = Vec::new();
        for (d, doc_links) in self.by_sentence.iter().enumerate() {
            for (s, links) in doc_links.iter().enumerate() {
                for l in links.iter().filter(|l| l.linked && l.target.doc > d) {
                    out.push((
                        SentenceRef {
                            doc: d,
                            sentence: s,
                        },
                        l,
                    ));
                }
            }
        }
        out.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
        out
    }
}

/// For every sentence, its best candidates (per document, then overall), best first.
///
/// Candidates are made symmetric before they are cut: the score is, but candidate
/// generation is not (a sentence's few heaviest terms and nearest cells may miss a partner
/// that finds it), and a pair must be on both lists to be found the mutual best.
fn candidate_lists(index: &Index, config: &LinkerConfig) -> Vec<Vec<Vec<Link>>> {
    let queries: Vec<SentenceRef> = (0..index.doc_count())
        .flat_map(|d| {
            (0..index.sentence_count(d)).map(move |s| SentenceRef {
                doc: d,
                sentence: s,
            })
        })
        .collect();
    let total = queries.len();
    let mut found: Vec<Vec<(SentenceRef, f32)>> = parallel::parallel_map_with(
        &queries,
        || (vec![0.0f32; total], Vec::new()),
        |(scratch, touched), &q| {
            let found = index.candidates(q, config.min_score, scratch, touched);
            best_per_doc(found, config.per_doc)
        },
    );
    // queries are in the index's global order, so a sentence's global id is its position
    let mut reverse: Vec<(usize, SentenceRef, f32)> = Vec::new();
    for (q, list) in queries.iter().zip(&found) {
        for &(t, score) in list {
            if let Some(g) = index.global(t) {
                reverse.push((g, *q, score));
            }
        }
    }
    for (g, q, score) in reverse {
        if !found[g].iter().any(|&(t, _)| t == q) {
            found[g].push((q, score));
        }
    }
    let mut out: Vec<Vec<Vec<Link>>> = (0..index.doc_count())
        .map(|d| Vec::with_capacity(index.sentence_count(d)))
        .collect();
    for (q, list) in queries.iter().zip(found) {
        out[q.doc].push(best_candidates(list, config));
    }
    out
}

/// The `per_doc` best candidates in each document, then the `per_sentence` best of those.
fn best_candidates(found: Vec<(SentenceRef, f32)>, config: &LinkerConfig) -> Vec<Link> {
    let mut kept: Vec<Link> = best_per_doc(found, config.per_doc)
        .into_iter()
        .map(|(target, score)| Link {
            target,
            score,
            linked: false,
            discrepancies: Vec::new(),
        })
        .collect();
    kept.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.target.cmp(&b.target)));
    kept.truncate(config.per_sentence);
    kept
}

/// The `per_doc` best of `found` in each document, grouped by document.
fn best_per_doc(mut found: Vec<(SentenceRef, f32)>, per_doc: usize) -> Vec<(SentenceRef, f32)> {
    found.sort_by(|a, b| {
        a.0.doc
            .cmp(&b.0.doc)
            .then(b.1.total_cmp(&a.1))
            .then(a.0.sentence.cmp(&b.0.sentence))
    });
    let mut kept = Vec::new();
    let mut run_doc = usize::MAX;
    let mut run = 0;
    for (target, score) in found {
        if target.doc != run_doc {
            run_doc = target.doc;
            run = 0;
        }
        if run < per_doc {
            kept.push((target, score));
            run += 1;
        }
    }
    kept
}

/// A candidate is a link when it is strong, or good enough and the mutual best: the
/// sentence's best in that document, which in turn has the sentence as its best there.
/// Either way the two must share at least two words.
fn decide_links(index: &Index, by_sentence: &mut [Vec<Vec<Link>>], config: &LinkerConfig) {
    let best_in = |lists: &[Vec<Vec<Link>>], from: SentenceRef, doc: usize| {
        lists
            .get(from.doc)
            .and_then(|d| d.get(from.sentence))
            .and_then(|l| l.iter().find(|l| l.target.doc == doc))
            .map(|l| l.target)
    };
    let mut decisions = Vec::new();
    for (d, doc_links) in by_sentence.iter().enumerate() {
        for (s, links) in doc_links.iter().enumerate() {
            let me = SentenceRef {
                doc: d,
                sentence: s,
            };
            for (k, link) in links.iter().enumerate() {
                let passes = if link.score >= config.strong_threshold {
                    true
                } else if link.score >= config.link_threshold {
                    !config.signals.one_to_one
                        || (best_in(by_sentence, me, link.target.doc) == Some(link.target)
                            && best_in(by_sentence, link.target, d) == Some(me))
                } else {
                    false
                };
                let linked = passes && index.shared_words(me, link.target) >= MIN_SHARED_WORDS;
                decisions.push((d, s, k, linked));
            }
        }
    }
    for (d, s, k, linked) in decisions {
        by_sentence[d][s][k].linked = linked;
    }
}

/// Figures and dates on which sentence `a` and sentence `b` differ: only figures of the
/// same kind about the same thing are compared, a figure that agrees with any figure of
/// its kind on the other side is not flagged, and dates only on pairs similar enough.
pub fn discrepancies(
    index: &Index,
    docs: &[Document],
    a: SentenceRef,
    b: SentenceRef,
    score: f32,
    config: &LinkerConfig,
) -> Vec<Discrepancy> {
    match (docs.get(a.doc), docs.get(b.doc)) {
        (Some(da), Some(db)) => discrepancies_between(index, (da, a), (db, b), score, config),
        _ => Vec::new(),
    }
}

fn discrepancies_between(
    index: &Index,
    (doc_a, a): (&Document, SentenceRef),
    (doc_b, b): (&Document, SentenceRef),
    score: f32,
    config: &LinkerConfig,
) -> Vec<Discrepancy> {
    let qa = index.quantities(a);
    let qb = index.quantities(b);
    let mut out = Vec::new();
    for (i, j) in differing(qa, qb, score, config) {
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
    config: &LinkerConfig,
) -> Vec<(usize, usize)> {
    let strong = score >= config.strong_threshold;
    let shares = |x: &[String], y: &[String]| x.iter().filter(|w| y.contains(w)).count();
    let comparable = |x: &Quantity, y: &Quantity| {
        if x.kind != y.kind || x.kind.is_temporal() {
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
    if score >= config.date_threshold {
        let single = |q: &[Quantity]| {
            let mut dates = (0..q.len()).filter(|&i| q[i].kind.is_temporal());
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

/// The most sentence text a document may have to take part in linking. An article is
/// tens of kilobytes; the index costs many times its input, and a 100 MB file opened next
/// to an article must not take all memory with it.
pub const MAX_LINKED_BYTES: usize = 4 << 20;

/// Whether `doc` is small enough to link (see `MAX_LINKED_BYTES`).
pub fn linkable(doc: &Document) -> bool {
    let mut total = 0;
    doc.sentences.iter().all(|s| {
        total += s.range.len();
        total <= MAX_LINKED_BYTES
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_bytes;

    fn doc(name: &str, text: &str) -> Document {
        parse_bytes(name, text.as_bytes()).expect("text parses")
    }

    fn pair() -> Vec<Document> {
        vec![
            doc(
                "a.txt",
                "Title A\nCartels are foreign terrorist organizations (FTOs) now. In February \
                 2025, President Trump designated eight cartels as FTOs. The weather was \
                 mild.\n\
                 Calderón declared war on the cartels in 2006.",
            ),
            doc(
                "b.txt",
                "Title B\nFishing boats left the harbour at dawn. The State Department \
                 listed six Mexican cartels as FTOs in February 2025.\nPresident Felipe \
                 Calderon (2006–2012) declared war on the cartels.",
            ),
        ]
    }

    #[test]
    fn same_fact_in_other_words_is_linked_with_differing_figures_marked() {
        let docs = pair();
        let links = Links::build(&docs, &LinkerConfig::default());
        let best = links.of(0, 1).first().expect("a candidate");
        assert_eq!(
            best.target,
            SentenceRef {
                doc: 1,
                sentence: 1
            }
        );
        assert!(best.linked, "{best:?}");
        assert!(links.is_discrepant(0, 1));
        let d = &best.discrepancies[0];
        assert_eq!(
            (d.left.text.as_str(), d.right.text.as_str()),
            ("eight", "six")
        );
        assert_eq!(d.label(), "figures differ");
        // the ranges point at the figures in the block texts
        assert_eq!(
            &docs[0].blocks[d.left.block].text[d.left.range.clone()],
            "eight"
        );
        assert_eq!(
            &docs[1].blocks[d.right.block].text[d.right.range.clone()],
            "six"
        );
        // the link is seen from the other side too
        assert!(links.is_linked(1, 1));
        assert_eq!(
            links.best_linked_in(1, 1, 0).map(|l| l.target.sentence),
            Some(1)
        );
    }

    #[test]
    fn a_year_inside_a_span_is_not_a_discrepancy() {
        let docs = pair();
        let links = Links::build(&docs, &LinkerConfig::default());
        let calderon = links.of(0, 3).first().expect("a candidate");
        assert_eq!(
            calderon.target,
            SentenceRef {
                doc: 1,
                sentence: 2
            }
        );
        assert!(calderon.linked);
        assert!(calderon.discrepancies.is_empty(), "{calderon:?}");
        assert!(!links.is_discrepant(0, 3));
    }

    #[test]
    fn unrelated_sentences_are_not_linked() {
        let docs = pair();
        let links = Links::build(&docs, &LinkerConfig::default());
        assert!(!links.is_linked(0, 2), "{:?}", links.of(0, 2));
        assert!(links.of(9, 9).is_empty());
        assert_eq!(links.pairs().len(), 2);
    }

    #[test]
    fn empty_and_sentence_less_documents_are_harmless() {
        let links = Links::build(&[], &LinkerConfig::default());
        assert!(links.pairs().is_empty());
        let docs = vec![doc("e.txt", ""), doc("t.txt", "Only a title")];
        let links = Links::build(&docs, &LinkerConfig::default());
        assert!(links.pairs().is_empty());
        assert!(links.of(0, 0).is_empty());
    }

    #[test]
    fn differing_dates_are_flagged_only_on_similar_pairs() {
        let config = LinkerConfig::default();
        let a = quantities::extract("agreed to the framework in 2022");
        let b = quantities::extract("In 2021, the framework was adopted");
        assert_eq!(differing(&a, &b, 0.5, &config), vec![(0, 0)]);
        assert!(differing(&a, &b, 0.1, &config).is_empty());
        // several dates on one side: no telling which event each dates
        let c = quantities::extract("in 2020 it was drafted and in 2023 revised");
        assert!(differing(&a, &c, 0.5, &config).is_empty());
    }

    #[test]
    fn figures_about_different_things_are_not_compared() {
        let config = LinkerConfig::default();
        let a = quantities::extract("struck 22 vessels, killing at least 80 people");
        let b = quantities::extract("strikes on four boats, killing at least 21 people");
        let d = differing(&a, &b, 0.25, &config);
        assert_eq!(d.len(), 1);
        assert_eq!(a[d[0].0].low, 80.0);
        assert_eq!(b[d[0].1].low, 21.0);
        // same noun, different facts
        let a = quantities::extract("about 79,000 Americans died of a drug overdose");
        let b = quantities::extract("48.5 million Americans aged 12 and older");
        assert!(differing(&a, &b, 0.25, &config).is_empty());
    }

    /// The figures of `a` and `b` that `differing` pairs at `score`, as written.
    fn differing_texts(a: &str, b: &str, score: f32) -> Vec<(String, String)> {
        let (qa, qb) = (quantities::extract(a), quantities::extract(b));
        differing(&qa, &qb, score, &LinkerConfig::default())
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
        let config = LinkerConfig::default();
        let a = quantities::extract(
            "The U.S. Centers for Disease Control and Prevention reports that about 79,000 \
             Americans died of a drug overdose in 2024.",
        );
        let b = quantities::extract(
            "According to a national 2023 survey on drug use in the US by American Addiction \
             Centers, 48.5 million Americans aged 12 and older have battled a substance use \
             disorder.",
        );
        assert!(differing(&a, &b, 0.32, &config).is_empty());
        let a = quantities::extract("Rescuers pulled 12 survivors from the rubble on March 5.");
        let b = quantities::extract("The March 3 earthquake left rescuers digging for days.");
        assert!(differing(&a, &b, 0.5, &config).is_empty());
        // the same event dated differently is still flagged
        let a = quantities::extract("The March 3 earthquake destroyed the old town.");
        let b = quantities::extract("The earthquake on March 5 destroyed the old town.");
        assert_eq!(differing(&a, &b, 0.5, &config), vec![(0, 0)]);
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

    #[test]
    fn figures_are_compared_on_links_only() {
        let docs = vec![
            doc(
                "a.txt",
                "Title A\nFloods killed 40 people in the river valley on Monday, officials \
                 said.",
            ),
            doc(
                "b.txt",
                "Title B\nFloods killed 40 people in the river valley on Monday, officials \
                 said. Last year heavy floods in the north killed 25 people and ruined \
                 farms across the region.",
            ),
        ];
        let config = LinkerConfig::default();
        let links = Links::build(&docs, &config);
        let weak = links
            .of(0, 0)
            .iter()
            .find(|l| l.target.sentence == 1)
            .expect("the weaker sentence is a candidate");
        assert!(!weak.linked, "{weak:?}");
        // compared on their own the figures differ, but an unlinked candidate shows none
        let a = SentenceRef {
            doc: 0,
            sentence: 0,
        };
        assert!(!discrepancies(links.index(), &docs, a, weak.target, 0.5, &config).is_empty());
        assert!(weak.discrepancies.is_empty(), "{weak:?}");
        for l in links.of(0, 0).iter().chain(links.of(1, 1)) {
            assert!(l.linked || l.discrepancies.is_empty(), "{l:?}");
        }
    }

    #[test]
    fn links_made_by_hand_get_their_discrepancies() {
        let docs = vec![
            doc(
                "a.txt",
                "Title A\nThe storm killed 40 people in the valley.",
            ),
            doc("b.txt", "Title B\nSome 25 people died when the river rose."),
        ];
        let config = LinkerConfig::default();
        let links = Links::build(&docs, &config);
        let (a, b) = (
            SentenceRef {
                doc: 0,
                sentence: 0,
            },
            SentenceRef {
                doc: 1,
                sentence: 0,
            },
        );
        assert!(!links.is_linked(0, 0));
        let found = links.discrepancies_for_user_link(&docs[0], &docs[1], a, b, &config);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].left.text.as_str(), found[0].right.text.as_str()),
            ("40", "25")
        );
    }
}
