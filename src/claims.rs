//! Linked claims: for every body sentence of the open documents, the sentences of the
//! other documents that state the same fact, event or argument, ranked and scored, with
//! the figures or dates on which a linked pair differs.
//!
//! This module is the claims core's front: it names the parts and re-exports the API the
//! reader and the CLI use. Candidates, ranking and the two tiers of links live in
//! `linker`; sentence features in `features`, word alignment in `align`, dense vectors in
//! `embed` and `cells`, weighting and candidate search in `index`, which sentences may link
//! in `eligible`, figures in `quantities`, their comparison in `discrepancy`, lexical
//! helpers in `lexical`, CLI output in `report`. Pure: documents in, links out; nothing
//! here touches the terminal or the documents.
//!
//! The reader asks: `Links::of(doc, sentence)` (ranked candidates, each with its `tier`),
//! `is_linked` / `linked` / `best_linked_in` (*same claim* links, what marks and `}`/`{`
//! follow), `in_tiers` and `pairs_in(&[Tier::SameClaim, Tier::Related])` for a picker that
//! shows both tiers, `is_discrepant`. `Linker` links step by step: the visible sentences
//! first (`links_of`), then all (`finish`, with progress and cancellation). Discrepant
//! figures carry byte ranges into their block's text on both sides, so both can be
//! highlighted.

pub mod align;
pub mod cells;
pub mod discrepancy;
pub mod eligible;
pub mod embed;
pub mod features;
pub mod index;
pub mod lexical;
pub mod linker;
mod parallel;
pub mod quantities;
pub mod report;

use crate::document::Document;
pub use discrepancy::{Discrepancy, DiscrepancyRule, Figure};
pub use features::{PairSignals, Signals};
pub use index::{Index, SentenceRef};
pub use linker::{Link, Linker, LinkerConfig, Links, Tier};

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
        (Some(da), Some(db)) => {
            discrepancy::between(index, (da, a), (db, b), score, &config.discrepancy_rule())
        }
        _ => Vec::new(),
    }
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
    fn figures_are_compared_on_every_candidate_like_with_like() {
        let docs = vec![
            doc(
                "a.txt",
                "Title A\nFloods killed 40 people in the river valley on Monday, officials \
                 said.",
            ),
            doc(
                "b.txt",
                "Title B\nFloods killed 45 people in the river valley on Monday, officials \
                 said. Last year heavy floods in the north killed 25 people and ruined \
                 farms across the region.",
            ),
        ];
        let links = Links::build(&docs, &LinkerConfig::default());
        let candidates = links.of(0, 0);
        let same = candidates
            .iter()
            .find(|l| l.target.sentence == 0)
            .expect("the same report is a candidate");
        let weak = candidates
            .iter()
            .find(|l| l.target.sentence == 1)
            .expect("the other flood is a candidate");
        assert!(same.linked && !weak.linked, "{candidates:?}");
        let texts = |l: &Link| {
            l.discrepancies
                .iter()
                .map(|d| (d.left.text.clone(), d.right.text.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(same), vec![("40".to_string(), "45".to_string())]);
        // last year's flood in the north is another count, not a disagreement
        assert!(weak.discrepancies.is_empty(), "{weak:?}");
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
