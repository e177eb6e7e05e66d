//! The sentence index: weighted term vectors for every sentence of the open documents, an
//! inverted index over them, and scoring.
//!
//! Weights are TF-IDF with IDF computed over all sentences of all documents, and vectors
//! are unit length, so the term score is a cosine in [0, 1]; with `Signals::embedding` on,
//! the score mixes in the cosine of dense sentence vectors (`embed`), still in [0, 1].
//! Candidate generation walks the postings of a sentence's terms (skipping terms so common
//! they say nothing) and, with the dense vectors, looks into the nearest cells of an
//! inverted file over them (`cells`); then it scores the candidates exactly. Nothing
//! compares every sentence with every other.
//!
//! Works on sentence texts grouped by document; knows nothing of blocks or rendering.

use super::align::Alignment;
use super::cells::Cells;
use super::embed::Dense;
use super::features::{Lexicon, PairSignals, Signals, sentence_terms};
use super::lexical::stemmer;
use super::parallel::parallel_map;
use super::quantities::Quantity;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: term strings are short and not adversarial, and SipHash dominated indexing.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Sentence `sentence` of document `doc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SentenceRef {
    pub doc: usize,
    pub sentence: usize,
}

type Vector = Vec<(u32, f32)>;

#[derive(Debug)]
pub struct Index {
    signals: Signals,
    /// First global id of each document's sentences; one extra entry at the end.
    offsets: Vec<usize>,
    doc_of: Vec<u32>,
    vectors: Vec<Vector>,
    quantities: Vec<Vec<Quantity>>,
    /// Per term: (global sentence id, weight in that sentence's vector).
    postings: Vec<Vec<(u32, f32)>>,
    /// Term texts by id, to explain a score.
    term_names: Vec<String>,
    /// Per sentence, the ids of its own words (stems; no phrases, surface forms, figure
    /// kinds or context), sorted, each with whether it is a name.
    own_words: Vec<Vec<(u32, bool)>>,
    /// Dense sentence vectors by global id and the cells that find near ones, when
    /// `signals.embedding` is on.
    dense: Option<(Dense, Cells)>,
    /// Soft word alignment of sentence pairs, when `signals.alignment` is on.
    align: Option<Alignment>,
}

/// Terms found in more than this share of all sentences are not used to find candidates
/// (they still count in the exact score).
const COMMON_TERM_SHARE: f64 = 0.01;
/// Terms of a sentence used to find candidates, heaviest first.
const MAX_QUERY_TERMS: usize = 16;
/// Candidates per sentence scored exactly, the most promising first.
const MAX_EXACT: usize = 64;
/// Below this many sentences every term finds candidates.
const MIN_COMMON_DF: usize = 200;
/// Candidates per sentence found by the dense vectors alone (`Cells`), besides the terms'.
const DENSE_CANDIDATES: usize = 4;
/// Candidates per sentence and other document that are scored in full (with the word
/// alignment) when every pair is scored: the best by the cheap score.
pub const SHORTLIST_PER_DOC: usize = 12;
/// Candidates per sentence scored in full when the index finds them.
pub const SHORTLIST: usize = 24;

impl Index {
    /// Indexes the sentences of every document: `docs[d][s]` is the text of sentence `s`
    /// of document `d` and the paragraph it stands in (context mixes only sentences of the
    /// same paragraph).
    pub fn build(docs: &[Vec<(&str, usize)>], signals: &Signals) -> Index {
        let stemmer = stemmer();
        let all: Vec<&str> = docs.iter().flatten().map(|(t, _)| *t).collect();
        let lexicon = Lexicon::learn(&all, &stemmer);
        let paragraphs: Vec<usize> = docs.iter().flatten().map(|(_, p)| *p).collect();
        let mut offsets = Vec::with_capacity(docs.len() + 1);
        let mut doc_of = Vec::new();
        for (d, sentences) in docs.iter().enumerate() {
            offsets.push(doc_of.len());
            doc_of.extend(std::iter::repeat_n(d as u32, sentences.len()));
        }
        // Features are independent per sentence once the lexicon is known: in parallel.
        let features = parallel_map(&all, |text| {
            sentence_terms(text, &lexicon, signals, &stemmer)
        });
        let mut term_ids: FastMap<String, u32> = FastMap::default();
        let mut raw: Vec<Vec<(u32, f32)>> = Vec::with_capacity(all.len());
        let mut quantities = Vec::with_capacity(all.len());
        let mut df: Vec<u32> = Vec::new();
        let mut name_term: Vec<bool> = Vec::new();
        let mut ids: Vec<(u32, f32)> = Vec::new();
        for st in features {
            ids.clear();
            for (term, mult) in st.terms {
                let next = term_ids.len() as u32;
                let id = *term_ids.entry(term).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                    name_term.push(false);
                }
                // names (and given names) are the words weighted other than 1
                if (mult - 1.0).abs() > 1e-6 {
                    name_term[id as usize] = true;
                }
                ids.push((id, mult));
            }
            ids.sort_unstable_by_key(|e| e.0);
            // (id, count, largest multiplier) for each distinct term
            let mut v: Vec<(u32, f32)> = Vec::with_capacity(ids.len());
            let mut k = 0;
            while k < ids.len() {
                let id = ids[k].0;
                let mut n = 0u32;
                let mut mult = 0.0f32;
                while k < ids.len() && ids[k].0 == id {
                    n += 1;
                    mult = mult.max(ids[k].1);
                    k += 1;
                }
                df[id as usize] += 1;
                v.push((id, mult * (1.0 + (n as f32).ln())));
            }
            raw.push(v);
            quantities.push(st.quantities);
        }
        let mut term_names = vec![String::new(); term_ids.len()];
        for (name, id) in term_ids {
            term_names[id as usize] = name;
        }
        let is_word: Vec<bool> = term_names
            .iter()
            .map(|n| !n.starts_with(['=', '#', '"']) && !n.contains('_'))
            .collect();
        let own_words: Vec<Vec<(u32, bool)>> = raw
            .iter()
            .map(|v| {
                v.iter()
                    .filter(|e| is_word[e.0 as usize])
                    .map(|e| (e.0, name_term[e.0 as usize]))
                    .collect()
            })
            .collect();
        offsets.push(raw.len());
        let n = raw.len().max(1) as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| {
                if signals.idf {
                    ((n + 1.0) / (d as f32 + 0.5)).ln().max(0.01)
                } else {
                    1.0
                }
            })
            .collect();
        let mut vectors: Vec<Vector> = raw
            .into_iter()
            .map(|v| {
                v.into_iter()
                    .map(|(id, w)| (id, w * idf[id as usize]))
                    .collect()
            })
            .collect();
        if signals.context > 0.0 {
            vectors = with_context(&vectors, &offsets, &paragraphs, signals.context);
        }
        for v in &mut vectors {
            normalise(v);
        }
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); df.len()];
        for (g, v) in vectors.iter().enumerate() {
            for &(id, w) in v {
                postings[id as usize].push((g as u32, w));
            }
        }
        // one document has no pair to score
        let dense = (signals.embedding > 0.0 && docs.len() > 1).then(|| {
            let dense = Dense::build(&all);
            let cells = Cells::build(&dense);
            (dense, cells)
        });
        let align = (signals.alignment > 0.0 && docs.len() > 1).then(|| Alignment::build(&all));
        Index {
            align,
            dense,
            own_words,
            term_names,
            signals: signals.clone(),
            offsets,
            doc_of,
            vectors,
            quantities,
            postings,
        }
    }

    pub fn signals(&self) -> &Signals {
        &self.signals
    }

    pub fn doc_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn sentence_count(&self, doc: usize) -> usize {
        match (self.offsets.get(doc), self.offsets.get(doc + 1)) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        }
    }

    /// Sentences over all documents.
    pub fn global_count(&self) -> usize {
        self.vectors.len()
    }

    /// Pairs of sentences in different documents: what scoring every pair would cost.
    pub fn cross_pairs(&self) -> usize {
        let n = self.global_count();
        let same: usize = (0..self.doc_count())
            .map(|d| self.sentence_count(d).pow(2))
            .sum();
        (n * n - same) / 2
    }

    /// Every sentence of the other documents scored against `query`, the best of them
    /// rescored in full, those at least `min_score`, unordered: exhaustive candidates, for
    /// collections of article size. Every pair gets the cheap score (terms and dense
    /// vectors); the `SHORTLIST_PER_DOC` best in each document get the word alignment too.
    pub fn all_candidates(&self, query: SentenceRef, min_score: f32) -> Vec<(SentenceRef, f32)> {
        let Some(q) = self.global(query) else {
            return Vec::new();
        };
        let own = self.doc_of[q] as usize;
        let mut out = Vec::new();
        for d in (0..self.doc_count()).filter(|&d| d != own) {
            let mut cheap: Vec<(usize, f32)> = (self.offsets[d]..self.offsets[d + 1])
                .map(|g| (g, self.cheap_score(q, g)))
                .collect();
            if cheap.len() > SHORTLIST_PER_DOC {
                cheap.select_nth_unstable_by(SHORTLIST_PER_DOC, |a, b| b.1.total_cmp(&a.1));
                cheap.truncate(SHORTLIST_PER_DOC);
            }
            for (g, _) in cheap {
                let score = self.pair_score(q, g);
                if score >= min_score {
                    out.push((self.local(g), score));
                }
            }
        }
        out
    }

    /// The global id of a sentence: its position over all documents, in order.
    pub fn global(&self, r: SentenceRef) -> Option<usize> {
        (r.sentence < self.sentence_count(r.doc)).then(|| self.offsets[r.doc] + r.sentence)
    }

    fn local(&self, g: usize) -> SentenceRef {
        let doc = self.doc_of[g] as usize;
        SentenceRef {
            doc,
            sentence: g - self.offsets[doc],
        }
    }

    /// The figures found in a sentence.
    pub fn quantities(&self, r: SentenceRef) -> &[Quantity] {
        self.global(r).map_or(&[], |g| &self.quantities[g])
    }

    /// Similarity of two sentences, in [0, 1].
    pub fn score(&self, a: SentenceRef, b: SentenceRef) -> f32 {
        match (self.global(a), self.global(b)) {
            (Some(x), Some(y)) => self.pair_score(x, y),
            _ => 0.0,
        }
    }

    /// The score of two sentences by global id: see `Signals::mix`.
    fn pair_score(&self, x: usize, y: usize) -> f32 {
        self.signals.mix(&self.pair_signals(x, y))
    }

    /// The score without the word alignment (the costly signal), to choose which
    /// candidates are worth aligning.
    fn cheap_score(&self, x: usize, y: usize) -> f32 {
        let p = PairSignals {
            lexical: dot(&self.vectors[x], &self.vectors[y]),
            dense: self.dense.as_ref().map_or(0.0, |(d, _)| d.cos(x, y)),
            align: 0.0,
        };
        self.signals.mix(&p)
    }

    fn pair_signals(&self, x: usize, y: usize) -> PairSignals {
        PairSignals {
            lexical: dot(&self.vectors[x], &self.vectors[y]),
            dense: self.dense.as_ref().map_or(0.0, |(d, _)| d.cos(x, y)),
            align: self.align.as_ref().map_or(0.0, |a| a.score(x, y)),
        }
    }

    /// The signals behind the score of two sentences (all zero for an unknown one).
    pub fn signals_of(&self, a: SentenceRef, b: SentenceRef) -> PairSignals {
        match (self.global(a), self.global(b)) {
            (Some(x), Some(y)) => self.pair_signals(x, y),
            _ => PairSignals::default(),
        }
    }

    /// The shared terms behind a score, largest contribution first: why two sentences
    /// are linked.
    pub fn explain(&self, a: SentenceRef, b: SentenceRef) -> Vec<(&str, f32)> {
        let (Some(x), Some(y)) = (self.global(a), self.global(b)) else {
            return Vec::new();
        };
        let other: HashMap<u32, f32> = self.vectors[y].iter().copied().collect();
        let mut out: Vec<(&str, f32)> = self.vectors[x]
            .iter()
            .filter_map(|&(id, w)| {
                other
                    .get(&id)
                    .map(|&v| (self.term_names[id as usize].as_str(), w * v))
            })
            .collect();
        out.sort_by(|p, q| q.1.total_cmp(&p.1));
        out
    }

    /// How much word evidence two sentences share: the distinct words (stems) both have,
    /// where names together count once ("President Donald Trump" alone is one piece of
    /// evidence, not three), and phrases, quoted phrases, surface forms, figure kinds and
    /// context do not count. One piece is too little for a link, however short the
    /// sentences.
    pub fn shared_words(&self, a: SentenceRef, b: SentenceRef) -> usize {
        let (Some(x), Some(y)) = (self.global(a), self.global(b)) else {
            return 0;
        };
        let (va, vb) = (&self.own_words[x], &self.own_words[y]);
        let (mut i, mut j, mut words, mut names) = (0, 0, 0, 0);
        while i < va.len() && j < vb.len() {
            match va[i].0.cmp(&vb[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    if va[i].1 {
                        names += 1;
                    } else {
                        words += 1;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        words + names.min(1)
    }

    /// Every sentence of document `other`, scored against `query`, best first (ties by
    /// position). Exact: no candidate pruning. This is what the evaluation ranks with.
    pub fn rank_in(&self, query: SentenceRef, other: usize) -> Vec<(usize, f32)> {
        let Some(q) = self.global(query) else {
            return Vec::new();
        };
        let n = self.sentence_count(other);
        let base = self.offsets.get(other).copied().unwrap_or(0);
        let mut out: Vec<(usize, f32)> =
            (0..n).map(|t| (t, self.pair_score(q, base + t))).collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// Sentences of other documents that share an informative term with `query`, or are
    /// among the nearest to it in meaning, with their exact scores, at least `min_score`,
    /// unordered. `scratch` must be as long as
    /// the number of sentences and all zero; it is left all zero.
    ///
    /// Candidate generation walks the postings of the query's heaviest terms that are not
    /// too common, then scores the most promising candidates exactly. With few documents
    /// this finds every sentence that shares a term; with many it bounds the work per
    /// sentence (a weak partner sharing only common words may be missed, which is what a
    /// reader would not want shown anyway). The dense vectors add the `DENSE_CANDIDATES`
    /// nearest sentences the cells find: paraphrases that share no informative word.
    pub fn candidates(
        &self,
        query: SentenceRef,
        min_score: f32,
        scratch: &mut [f32],
        touched: &mut Vec<u32>,
    ) -> Vec<(SentenceRef, f32)> {
        let Some(q) = self.global(query) else {
            return Vec::new();
        };
        let total = self.vectors.len();
        let common = MIN_COMMON_DF.max((total as f64 * COMMON_TERM_SHARE) as usize);
        let own_doc = self.doc_of[q];
        let mut terms: Vec<(u32, f32)> = self.vectors[q]
            .iter()
            .copied()
            .filter(|&(id, _)| self.postings[id as usize].len() <= common)
            .collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1));
        terms.truncate(MAX_QUERY_TERMS);
        touched.clear();
        for (id, w) in terms {
            for &(g, wt) in &self.postings[id as usize] {
                if self.doc_of[g as usize] == own_doc {
                    continue;
                }
                let slot = &mut scratch[g as usize];
                if *slot == 0.0 {
                    touched.push(g);
                }
                *slot += w * wt;
            }
        }
        if touched.len() > MAX_EXACT {
            touched.select_nth_unstable_by(MAX_EXACT, |a, b| {
                scratch[*b as usize].total_cmp(&scratch[*a as usize])
            });
        }
        for &g in touched.iter() {
            scratch[g as usize] = 0.0;
        }
        touched.truncate(MAX_EXACT);
        // the sentences nearest in meaning, which may share no informative word
        if let Some((dense, cells)) = &self.dense {
            for (g, _) in cells.nearest(dense, q, DENSE_CANDIDATES, |g| self.doc_of[g] != own_doc) {
                if !touched.contains(&g) {
                    touched.push(g);
                }
            }
        }
        let mut cheap: Vec<(u32, f32)> = touched
            .iter()
            .map(|&g| (g, self.cheap_score(q, g as usize)))
            .collect();
        if cheap.len() > SHORTLIST {
            cheap.select_nth_unstable_by(SHORTLIST, |a, b| b.1.total_cmp(&a.1));
            cheap.truncate(SHORTLIST);
        }
        let mut out = Vec::new();
        for (g, _) in cheap {
            let exact = self.pair_score(q, g as usize);
            if exact >= min_score {
                out.push((self.local(g as usize), exact));
            }
        }
        out
    }
}

/// Each vector plus `share` of its neighbours in the same paragraph: a sentence that
/// continues the previous one ("They retaliated…") borrows its subject.
fn with_context(
    vectors: &[Vector],
    offsets: &[usize],
    paragraphs: &[usize],
    share: f32,
) -> Vec<Vector> {
    let mut out = Vec::with_capacity(vectors.len());
    for d in 0..offsets.len().saturating_sub(1) {
        let (a, b) = (offsets[d], offsets[d + 1]);
        for g in a..b {
            let mut acc: HashMap<u32, f32> = HashMap::new();
            let mut own = vectors[g].clone();
            normalise(&mut own);
            for (id, w) in own {
                *acc.entry(id).or_default() += w;
            }
            for n in [g.wrapping_sub(1), g + 1] {
                if n >= a && n < b && paragraphs.get(n) == paragraphs.get(g) {
                    let mut v = vectors[n].clone();
                    normalise(&mut v);
                    for (id, w) in v {
                        *acc.entry(id).or_default() += share * w;
                    }
                }
            }
            let mut v: Vector = acc.into_iter().collect();
            v.sort_unstable_by_key(|e| e.0);
            out.push(v);
        }
    }
    out
}

fn normalise(v: &mut [(u32, f32)]) {
    let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for e in v.iter_mut() {
            e.1 /= norm;
        }
    }
}

/// Dot product of two sparse vectors sorted by term id.
fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(docs: &[Vec<&str>]) -> Index {
        let docs: Vec<Vec<(&str, usize)>> = docs
            .iter()
            .map(|d| d.iter().enumerate().map(|(i, t)| (*t, i)).collect())
            .collect();
        Index::build(&docs, &Signals::default())
    }

    #[test]
    fn the_same_claim_in_other_words_ranks_first() {
        let a = vec![
            "In 2006, former President Felipe Calderón declared a war against drug trafficking in Mexico.",
            "The weather was fine all week.",
        ];
        let b = vec![
            "Tourism grew in the coastal towns.",
            "President Felipe Calderon (2006–2012) declared war on the cartels.",
            "Fishing is a popular pastime.",
        ];
        let idx = index(&[a, b]);
        let ranked = idx.rank_in(
            SentenceRef {
                doc: 0,
                sentence: 0,
            },
            1,
        );
        assert_eq!(ranked[0].0, 1);
        assert!(ranked[0].1 > 0.3, "{ranked:?}");
        // unrelated sentences score far below (the word alignment finds a little in any
        // pair, so not zero)
        assert!(ranked[2].1 < 0.1, "{ranked:?}");
    }

    #[test]
    fn candidates_come_only_from_other_documents_and_match_exact_scores() {
        let a = vec!["Cartels smuggle fentanyl.", "Cartels smuggle guns too."];
        let b = vec![
            "Fentanyl is smuggled by cartels.",
            "Nothing in common here.",
        ];
        let idx = index(&[a, b]);
        let mut scratch = vec![0.0; 4];
        let mut touched = Vec::new();
        let q = SentenceRef {
            doc: 0,
            sentence: 0,
        };
        let mut c = idx.candidates(q, 0.01, &mut scratch, &mut touched);
        c.sort_by(|x, y| y.1.total_cmp(&x.1));
        // the sentence sharing the terms first; the dense cells may add the other one
        assert_eq!(
            c[0].0,
            SentenceRef {
                doc: 1,
                sentence: 0
            }
        );
        assert!(c.iter().all(|(r, _)| r.doc == 1), "{c:?}");
        for &(r, score) in &c {
            assert!((score - idx.score(q, r)).abs() < 1e-6);
        }
        assert!(scratch.iter().all(|&x| x == 0.0));
        // without the dense vectors, only the sentence sharing a term is found
        let lexical = Signals {
            embedding: 0.0,
            ..Signals::default()
        };
        let idx = Index::build(
            &[
                vec![
                    ("Cartels smuggle fentanyl.", 0),
                    ("Cartels smuggle guns too.", 1),
                ],
                vec![
                    ("Fentanyl is smuggled by cartels.", 0),
                    ("Nothing in common here.", 1),
                ],
            ],
            &lexical,
        );
        let c = idx.candidates(q, 0.01, &mut scratch, &mut touched);
        assert_eq!(c.len(), 1, "{c:?}");
    }

    #[test]
    fn out_of_range_references_are_harmless() {
        let idx = index(&[vec!["One sentence."]]);
        let bad = SentenceRef {
            doc: 3,
            sentence: 9,
        };
        assert_eq!(idx.score(bad, bad), 0.0);
        assert!(idx.rank_in(bad, 0).is_empty());
        assert!(idx.quantities(bad).is_empty());
        assert_eq!(idx.sentence_count(7), 0);
    }
}
