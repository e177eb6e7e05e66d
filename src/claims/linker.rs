//! The linker: which sentences of the other documents are candidates for each sentence,
//! how they rank, and which count as links, in two tiers: *same claim* (the two sentences
//! assert the same fact, event or argument) and *related* (same subject, another claim).
//!
//! Candidates: for a collection of article size every sentence is scored against every
//! sentence of the other documents (a few hundred thousand pairs at most), so that
//! paraphrases sharing no informative word are never lost before scoring; past that, the
//! index's term postings and dense cells propose them (`Index::candidates`). Sentences
//! that state no claim (code, furniture, a few words; see `eligible`) take no part.
//! Figures and dates are compared for every candidate kept (`discrepancy`).
//!
//! Owns `LinkerConfig`, `Tier`, `Link`, `Links` and `Linker` (the incremental form: the
//! visible sentences first, then the rest with progress and cancellation). Pure: documents
//! in, links out; never touches the terminal or the documents.

use super::discrepancy::{self, Discrepancy, DiscrepancyRule};
use super::eligible::eligible;
use super::features::Signals;
use super::index::{Index, SentenceRef};
use super::parallel::parallel_map_with;
use crate::document::Document;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Distinct words two sentences must share to be the same claim (names together count
/// once; see `Index::shared_words`).
const MIN_SHARED_WORDS: usize = 2;

/// How many candidates to keep and where the tiers' thresholds lie.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkerConfig {
    /// Candidates kept per sentence in each other document.
    pub per_doc: usize,
    /// Candidates kept per sentence over all documents (bounds memory with many documents).
    pub per_sentence: usize,
    /// Candidates scoring below this are not kept at all.
    pub min_score: f32,
    /// A candidate at or above this that is also the mutual best of its two documents is
    /// the same claim.
    pub same_claim_threshold: f32,
    /// A candidate at or above this is the same claim even when it is not the mutual best.
    pub strong_threshold: f32,
    /// A candidate at or above this that is not the same claim is related.
    pub related_threshold: f32,
    /// A collection with at most this many pairs of sentences in different documents is
    /// scored exhaustively; a larger one finds candidates through the index.
    pub exhaustive_pairs: usize,
    pub discrepancy: DiscrepancyRule,
    pub signals: Signals,
}

impl Default for LinkerConfig {
    fn default() -> Self {
        LinkerConfig {
            per_doc: 3,
            per_sentence: 16,
            min_score: 0.1,
            // Set on 2026-12-05 for the score with the word alignment (weights in
            // `features`), by the precision of the seeds' links at each level: see the
            // README's claims section and `tests/claims_eval.rs`.
            same_claim_threshold: 0.46,
            strong_threshold: 0.6,
            related_threshold: 0.4,
            exhaustive_pairs: 400_000,
            discrepancy: DiscrepancyRule::default(),
            signals: Signals::default(),
        }
    }
}

impl LinkerConfig {
    /// The rule figures are compared by.
    pub fn discrepancy_rule(&self) -> DiscrepancyRule {
        self.discrepancy.clone()
    }
}

/// How two linked sentences relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    /// The two sentences assert the same fact, event or argument.
    SameClaim,
    /// Same subject, a different claim.
    Related,
}

impl Tier {
    /// The label a reader sees.
    pub fn label(self) -> &'static str {
        match self {
            Tier::SameClaim => "same claim",
            Tier::Related => "related",
        }
    }
}

/// A candidate partner of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub target: SentenceRef,
    /// Similarity in [0, 1].
    pub score: f32,
    /// The link's tier, if the candidate is a link at all.
    pub tier: Option<Tier>,
    /// The tier is *same claim*: what the reader marks and `}`/`{` follow by default.
    pub linked: bool,
    /// Figures and dates on which the two sentences differ (for every candidate).
    pub discrepancies: Vec<Discrepancy>,
}

impl Link {
    fn set_tier(&mut self, tier: Option<Tier>) {
        self.tier = tier;
        self.linked = tier == Some(Tier::SameClaim);
    }
}

/// The linker's result for a set of documents.
#[derive(Debug)]
pub struct Links {
    index: Index,
    /// `by_sentence[doc][sentence]`: candidates, best first.
    by_sentence: Vec<Vec<Vec<Link>>>,
}

/// Linking in steps, for a reader that shows results as they come: `new` does the work
/// every sentence shares (features, index, vectors), `links_of` answers for one sentence
/// at once (the visible ones first), `finish` does all of them, reporting progress and
/// stopping when asked.
pub struct Linker<'a> {
    docs: &'a [Document],
    config: LinkerConfig,
    index: Index,
    /// Per global sentence id: may it link at all (`eligible`).
    eligible: Vec<bool>,
    exhaustive: bool,
}

impl<'a> Linker<'a> {
    /// Indexes the body sentences of `docs` (document ids are positions in `docs`).
    pub fn new(docs: &'a [Document], config: &LinkerConfig) -> Linker<'a> {
        let texts: Vec<Vec<(&str, usize)>> = docs
            .iter()
            .map(|d| {
                (0..d.sentences.len())
                    .map(|s| (d.sentence_text(s), d.sentences[s].block))
                    .collect()
            })
            .collect();
        let index = Index::build(&texts, &config.signals);
        let plain: Vec<Vec<&str>> = texts
            .iter()
            .map(|d| d.iter().map(|(t, _)| *t).collect())
            .collect();
        let eligible = eligible(&plain).into_iter().flatten().collect();
        let exhaustive = index.cross_pairs() <= config.exhaustive_pairs;
        Linker {
            docs,
            config: config.clone(),
            index,
            eligible,
            exhaustive,
        }
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Every sentence, in the index's global order.
    fn all_sentences(&self) -> Vec<SentenceRef> {
        (0..self.index.doc_count())
            .flat_map(|d| {
                (0..self.index.sentence_count(d)).map(move |s| SentenceRef {
                    doc: d,
                    sentence: s,
                })
            })
            .collect()
    }

    fn may_link(&self, r: SentenceRef) -> bool {
        self.index
            .global(r)
            .is_some_and(|g| self.eligible.get(g).copied().unwrap_or(false))
    }

    /// The `per_doc` best candidates of `q` in each other document, scored, unordered
    /// across documents. `scratch` is the index's scratch buffer (see `Index::candidates`).
    fn raw_candidates(
        &self,
        q: SentenceRef,
        scratch: &mut (Vec<f32>, Vec<u32>),
    ) -> Vec<(SentenceRef, f32)> {
        if !self.may_link(q) {
            return Vec::new();
        }
        let found = if self.exhaustive {
            self.index.all_candidates(q, self.config.min_score)
        } else {
            self.index
                .candidates(q, self.config.min_score, &mut scratch.0, &mut scratch.1)
        };
        let found = found
            .into_iter()
            .filter(|&(t, _)| self.may_link(t))
            .collect();
        best_per_doc(found, self.config.per_doc)
    }

    fn scratch(&self) -> (Vec<f32>, Vec<u32>) {
        let total = self.index.global_count();
        (
            if self.exhaustive {
                Vec::new()
            } else {
                vec![0.0; total]
            },
            Vec::new(),
        )
    }

    /// The candidates of one sentence, best first, with their tiers and discrepancies, as
    /// `finish` would give them (the mutual-best test looks at the partners' own
    /// candidates). For the sentences on screen while the rest are linked.
    pub fn links_of(&self, q: SentenceRef) -> Vec<Link> {
        let mut scratch = self.scratch();
        let mine = self.raw_candidates(q, &mut scratch);
        let mut lists = vec![(q, mine.clone())];
        for &(t, _) in &mine {
            let theirs = self.raw_candidates(t, &mut scratch);
            // make the partner's list symmetric with ours, as `finish` does
            let mut theirs = theirs;
            if !theirs.iter().any(|&(x, _)| x == q)
                && let Some(&(_, score)) = mine.iter().find(|&&(x, _)| x == t)
            {
                theirs.push((q, score));
            }
            lists.push((t, theirs));
        }
        let kept: Vec<(SentenceRef, Vec<Link>)> = lists
            .into_iter()
            .map(|(r, found)| (r, best_candidates(found, &self.config)))
            .collect();
        let best_in = |from: SentenceRef, doc: usize| {
            kept.iter()
                .find(|(r, _)| *r == from)
                .and_then(|(_, l)| l.iter().find(|l| l.target.doc == doc))
                .map(|l| l.target)
        };
        let mut out = kept[0].1.clone();
        for link in &mut out {
            let mutual = best_in(q, link.target.doc) == Some(link.target)
                && best_in(link.target, q.doc) == Some(q);
            link.set_tier(self.tier(q, link, mutual));
            link.discrepancies = self.discrepancies(q, link);
        }
        out
    }

    /// Links every sentence. `progress(done, total)` is called as sentences are done
    /// (from worker threads); when `cancel` is set the work stops and `None` is returned.
    pub fn finish(
        self,
        progress: &(dyn Fn(usize, usize) + Sync),
        cancel: &AtomicBool,
    ) -> Option<Links> {
        let queries = self.all_sentences();
        let total = queries.len();
        let done = AtomicUsize::new(0);
        let mut found: Vec<Vec<(SentenceRef, f32)>> = parallel_map_with(
            &queries,
            || self.scratch(),
            |scratch, &q| {
                if cancel.load(Ordering::Relaxed) {
                    return Vec::new();
                }
                let list = self.raw_candidates(q, scratch);
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if n.is_multiple_of(256) || n == total {
                    progress(n, total);
                }
                list
            },
        );
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        // Candidate lists are made symmetric before they are cut: the score is, but
        // candidate generation through the index is not, and a pair must be on both lists
        // to be found the mutual best.
        let mut reverse: Vec<(usize, SentenceRef, f32)> = Vec::new();
        for (q, list) in queries.iter().zip(&found) {
            for &(t, score) in list {
                if let Some(g) = self.index.global(t) {
                    reverse.push((g, *q, score));
                }
            }
        }
        for (g, q, score) in reverse {
            if !found[g].iter().any(|&(t, _)| t == q) {
                found[g].push((q, score));
            }
        }
        let mut by_sentence: Vec<Vec<Vec<Link>>> = (0..self.index.doc_count())
            .map(|d| Vec::with_capacity(self.index.sentence_count(d)))
            .collect();
        for (q, list) in queries.iter().zip(found) {
            by_sentence[q.doc].push(best_candidates(list, &self.config));
        }
        self.decide(&mut by_sentence);
        let all: Vec<(SentenceRef, usize)> = queries
            .iter()
            .flat_map(|&q| (0..by_sentence[q.doc][q.sentence].len()).map(move |k| (q, k)))
            .collect();
        let found = parallel_map_with(
            &all,
            || (),
            |(), &(q, k)| self.discrepancies(q, &by_sentence[q.doc][q.sentence][k]),
        );
        for ((q, k), d) in all.into_iter().zip(found) {
            by_sentence[q.doc][q.sentence][k].discrepancies = d;
        }
        Some(Links {
            index: self.index,
            by_sentence,
        })
    }

    /// The tier of a candidate of `q`, given whether the two are each other's best in
    /// their documents.
    fn tier(&self, q: SentenceRef, link: &Link, mutual: bool) -> Option<Tier> {
        let c = &self.config;
        let same = (link.score >= c.strong_threshold
            || (link.score >= c.same_claim_threshold && (mutual || !c.signals.one_to_one)))
            && self.index.shared_words(q, link.target) >= MIN_SHARED_WORDS;
        if same {
            Some(Tier::SameClaim)
        } else if link.score >= c.related_threshold {
            Some(Tier::Related)
        } else {
            None
        }
    }

    fn decide(&self, by_sentence: &mut [Vec<Vec<Link>>]) {
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
                    let mutual = best_in(by_sentence, me, link.target.doc) == Some(link.target)
                        && best_in(by_sentence, link.target, d) == Some(me);
                    decisions.push((d, s, k, self.tier(me, link, mutual)));
                }
            }
        }
        for (d, s, k, tier) in decisions {
            by_sentence[d][s][k].set_tier(tier);
        }
    }

    fn discrepancies(&self, q: SentenceRef, link: &Link) -> Vec<Discrepancy> {
        match (self.docs.get(q.doc), self.docs.get(link.target.doc)) {
            (Some(da), Some(db)) => discrepancy::between(
                &self.index,
                (da, q),
                (db, link.target),
                link.score,
                &self.config.discrepancy,
            ),
            _ => Vec::new(),
        }
    }
}

impl Links {
    /// Links the body sentences of `docs` (document ids are positions in `docs`).
    pub fn build(docs: &[Document], config: &LinkerConfig) -> Links {
        Linker::new(docs, config)
            .finish(&|_, _| {}, &AtomicBool::new(false))
            .expect("never cancelled")
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
        let score = self.index.score(a, b).max(config.discrepancy.strong);
        discrepancy::between(
            &self.index,
            (doc_a, a),
            (doc_b, b),
            score,
            &config.discrepancy,
        )
    }

    /// Candidates for a sentence, best first (empty for an unknown sentence).
    pub fn of(&self, doc: usize, sentence: usize) -> &[Link] {
        self.by_sentence
            .get(doc)
            .and_then(|d| d.get(sentence))
            .map_or(&[], Vec::as_slice)
    }

    /// The *same claim* links of a sentence, best first.
    pub fn linked(&self, doc: usize, sentence: usize) -> impl Iterator<Item = &Link> {
        self.of(doc, sentence).iter().filter(|l| l.linked)
    }

    /// The links of a sentence in the given tiers, best first.
    pub fn in_tiers<'s>(
        &'s self,
        doc: usize,
        sentence: usize,
        tiers: &'s [Tier],
    ) -> impl Iterator<Item = &'s Link> {
        self.of(doc, sentence)
            .iter()
            .filter(move |l| l.tier.is_some_and(|t| tiers.contains(&t)))
    }

    pub fn is_linked(&self, doc: usize, sentence: usize) -> bool {
        self.linked(doc, sentence).next().is_some()
    }

    /// Has at least one *same claim* link whose figures or dates differ.
    pub fn is_discrepant(&self, doc: usize, sentence: usize) -> bool {
        self.linked(doc, sentence)
            .any(|l| !l.discrepancies.is_empty())
    }

    /// The best *same claim* link of a sentence into one other document.
    pub fn best_linked_in(&self, doc: usize, sentence: usize, other: usize) -> Option<&Link> {
        self.linked(doc, sentence).find(|l| l.target.doc == other)
    }

    /// Every *same claim* link once (from the document with the lower id), best first.
    pub fn pairs(&self) -> Vec<(SentenceRef, &Link)> {
        self.pairs_in(&[Tier::SameClaim])
    }

    /// Every link in the given tiers once (from the document with the lower id), best
    /// first: for a picker that shows both tiers and filters.
    pub fn pairs_in(&self, tiers: &[Tier]) -> Vec<(SentenceRef, &Link)> {
        let mut out = Vec::new();
        for (d, doc_links) in self.by_sentence.iter().enumerate() {
            for (s, links) in doc_links.iter().enumerate() {
                for l in links
                    .iter()
                    .filter(|l| l.target.doc > d && l.tier.is_some_and(|t| tiers.contains(&t)))
                {
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

/// The `per_doc` best candidates in each document, then the `per_sentence` best of those.
fn best_candidates(found: Vec<(SentenceRef, f32)>, config: &LinkerConfig) -> Vec<Link> {
    let mut kept: Vec<Link> = best_per_doc(found, config.per_doc)
        .into_iter()
        .map(|(target, score)| Link {
            target,
            score,
            tier: None,
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
