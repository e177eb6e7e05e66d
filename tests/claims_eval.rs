//! Evaluation of the linker on the hand-made set of linked passages across the seeds
//! (`../shared/eval/claims-dev.json` beside the crate when it exists, else the copy in
//! `tests/data/claims-dev.json`).
//!
//! For every ordered pair of passages in a group, the partner document's sentences are
//! ranked by the linker's score: R@1 counts the partner ranked first, R@3 in the top 3.
//! Discrepancies: the share of pairs in groups marked discrepant that the linker flags, and
//! the share of pairs in the other groups that it flags wrongly. The suite fails if these
//! fall below the levels reached (the computation is deterministic). An ablation table
//! shows what each signal brings (`cargo test --test claims_eval -- --nocapture`).

use recto::Document;
use recto::claims::{LinkerConfig, Links, SentenceRef, Signals, discrepancies};
use serde::Deserialize;

#[derive(Deserialize)]
struct EvalSet {
    groups: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    id: String,
    discrepancy: bool,
    members: Vec<Member>,
}

#[derive(Deserialize)]
struct Member {
    doc: String,
    quote: String,
}

/// Where a quote stands: the sentence that overlaps it most (the query) and every
/// sentence that overlaps it substantially (accepted as the partner).
struct Located {
    doc: usize,
    main: usize,
    accepted: Vec<usize>,
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds `quote` in the body of `doc` and maps it to sentences. Panics, naming the quote,
/// when it cannot be found: a silent miss would make the figures meaningless.
fn locate(docs: &[Document], name: &str, quote: &str) -> Located {
    let d = docs
        .iter()
        .position(|doc| doc.path == name)
        .unwrap_or_else(|| panic!("no bundled document named {name}"));
    let doc = &docs[d];
    let quote = squash(quote);
    for (b, block) in doc.blocks.iter().enumerate() {
        if !block.is_body() {
            continue;
        }
        // Match on the text with whitespace runs squashed, then map back to bytes.
        let mut squashed = String::new();
        let mut back = Vec::new(); // squashed byte → original byte
        let mut last_space = false;
        for (i, c) in block.text.char_indices() {
            if c.is_whitespace() {
                if !last_space {
                    squashed.push(' ');
                    back.push(i);
                }
                last_space = true;
                continue;
            }
            last_space = false;
            for k in 0..c.len_utf8() {
                back.push(i + k);
            }
            squashed.push(c);
        }
        let Some(at) = squashed.find(&quote) else {
            continue;
        };
        let start = back[at];
        let end = back[at + quote.len() - 1] + 1;
        let overlaps: Vec<(usize, usize, usize)> = doc
            .sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| s.block == b)
            .map(|(id, s)| {
                let o = s
                    .range
                    .end
                    .min(end)
                    .saturating_sub(s.range.start.max(start));
                (id, o, s.range.len())
            })
            .filter(|&(_, o, _)| o > 0)
            .collect();
        let Some(&(main, _, _)) = overlaps.iter().max_by_key(|&&(_, o, _)| o) else {
            continue;
        };
        let accepted = overlaps
            .iter()
            .filter(|&&(_, o, len)| 2 * o >= len.min(end - start))
            .map(|&(id, _, _)| id)
            .chain(std::iter::once(main))
            .collect();
        return Located {
            doc: d,
            main,
            accepted,
        };
    }
    panic!("quote not found in the body sentences of {name}: {quote:?}");
}

#[derive(Debug, Default, Clone, Copy)]
struct Scores {
    pairs: usize,
    r1: usize,
    r3: usize,
    linked: usize,
    disc_pairs: usize,
    disc_flagged: usize,
    agree_pairs: usize,
    agree_flagged: usize,
}

impl Scores {
    fn rate(n: usize, d: usize) -> f64 {
        if d == 0 { 0.0 } else { n as f64 / d as f64 }
    }
    fn r1(&self) -> f64 {
        Self::rate(self.r1, self.pairs)
    }
    fn r3(&self) -> f64 {
        Self::rate(self.r3, self.pairs)
    }
    fn linked(&self) -> f64 {
        Self::rate(self.linked, self.pairs)
    }
    fn flagged(&self) -> f64 {
        Self::rate(self.disc_flagged, self.disc_pairs)
    }
    fn wrongly_flagged(&self) -> f64 {
        Self::rate(self.agree_flagged, self.agree_pairs)
    }
}

fn evaluate(docs: &[Document], set: &EvalSet, config: &LinkerConfig, verbose: bool) -> Scores {
    let links = Links::build(docs, config);
    let index = links.index();
    let mut s = Scores::default();
    for group in &set.groups {
        let located: Vec<Located> = group
            .members
            .iter()
            .map(|m| locate(docs, &m.doc, &m.quote))
            .collect();
        for (i, a) in located.iter().enumerate() {
            for (j, b) in located.iter().enumerate() {
                if i == j || a.doc == b.doc {
                    continue;
                }
                let query = SentenceRef {
                    doc: a.doc,
                    sentence: a.main,
                };
                let ranked = index.rank_in(query, b.doc);
                s.pairs += 1;
                let hit = |k: usize| ranked.iter().take(k).any(|(t, _)| b.accepted.contains(t));
                if hit(1) {
                    s.r1 += 1;
                } else if verbose {
                    let rank = ranked.iter().position(|(t, _)| b.accepted.contains(t));
                    let best = SentenceRef {
                        doc: b.doc,
                        sentence: ranked[0].0,
                    };
                    let partner = SentenceRef {
                        doc: b.doc,
                        sentence: b.main,
                    };
                    println!(
                        "  miss {} {}→{}: partner at rank {:?}, best {:?} (score {:.3})\n      \
                         query {:?}\n      partner {:?} ({:.3}): {:?}\n      best: {:?}",
                        group.id,
                        i,
                        j,
                        rank.map(|r| r + 1),
                        docs[b.doc].sentence_text(ranked[0].0),
                        ranked[0].1,
                        docs[a.doc].sentence_text(a.main),
                        docs[b.doc].sentence_text(b.main),
                        index.score(query, partner),
                        index.explain(query, partner),
                        index.explain(query, best),
                    );
                }
                if hit(3) {
                    s.r3 += 1;
                }
                if links
                    .linked(a.doc, a.main)
                    .any(|l| l.target.doc == b.doc && b.accepted.contains(&l.target.sentence))
                {
                    s.linked += 1;
                }
                let target = SentenceRef {
                    doc: b.doc,
                    sentence: b.main,
                };
                let score = index.score(query, target);
                let found = discrepancies(index, docs, query, target, score, config);
                if verbose && (found.is_empty() == group.discrepancy) {
                    println!(
                        "  discrepancy {} {}→{} (score {score:.3}): {:?}",
                        group.id,
                        i,
                        j,
                        found
                            .iter()
                            .map(|d| format!("{} / {}", d.left.text, d.right.text))
                            .collect::<Vec<_>>()
                    );
                }
                if group.discrepancy {
                    s.disc_pairs += 1;
                    s.disc_flagged += usize::from(!found.is_empty());
                } else {
                    s.agree_pairs += 1;
                    s.agree_flagged += usize::from(!found.is_empty());
                }
            }
        }
    }
    s
}

/// The shared evaluation set when it is there (`../shared/eval/claims-dev.json` beside the
/// crate), so the test follows its updates; otherwise the copy in `tests/data`.
fn eval_set() -> EvalSet {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/eval/claims-dev.json");
    let text = std::fs::read_to_string(&shared)
        .unwrap_or_else(|_| include_str!("data/claims-dev.json").to_string());
    serde_json::from_str(&text).expect("eval set is valid JSON")
}

#[test]
fn linker_meets_its_floors_on_the_dev_set() {
    let docs = recto::library::bundled_documents();
    let set = eval_set();
    let config = LinkerConfig::default();
    let s = evaluate(&docs, &set, &config, true);
    println!(
        "claims-dev: {} pairs, R@1 {:.3}, R@3 {:.3}, linked {:.3}; discrepant pairs flagged \
         {:.3} ({}/{}), agreeing pairs wrongly flagged {:.3} ({}/{})",
        s.pairs,
        s.r1(),
        s.r3(),
        s.linked(),
        s.flagged(),
        s.disc_flagged,
        s.disc_pairs,
        s.wrongly_flagged(),
        s.agree_flagged,
        s.agree_pairs
    );
    assert!(s.pairs >= 40, "the dev set has {} pairs", s.pairs);
    assert!(s.r1() >= FLOOR_R1, "R@1 {:.3} < {FLOOR_R1}", s.r1());
    assert!(s.r3() >= FLOOR_R3, "R@3 {:.3} < {FLOOR_R3}", s.r3());
    assert!(s.flagged() >= FLOOR_FLAGGED, "flagged {:.3}", s.flagged());
    assert!(
        s.wrongly_flagged() <= CEILING_WRONGLY_FLAGGED,
        "wrongly flagged {:.3}",
        s.wrongly_flagged()
    );
}

// Reached on 2026-11-22 with the parser and sentence splitter of that day, and again on
// 2026-12-01 after the discrepancy rule was reworked (money and percentages by the words
// they attach to, dates only when they date the same thing, one-to-one pairing): R@1
// 0.614 (27/44), R@3 0.750 (33/44), discrepant pairs flagged 4/4, agreeing pairs flagged
// 0/40. The floors sit one pair below (26/44, 32/44, 3/4, at most 1/40). Term-weighting
// variants tried on that day (BM25-style length pivots, light stemming, prefix n-grams,
// wider context, hubness correction, pseudo-relevance feedback) moved R@1 by at most one
// pair either way and were not kept.
//
// 2026-12-01, with the dense cosine of static MiniLM token vectors mixed into the score
// (`Signals::embedding` 0.75, `claims::embed`): R@1 0.682 (30/44), R@3 0.841 (37/44),
// flagged 4/4, wrongly flagged 0/40; the "- embedding" ablation row gives the lexical
// score alone (27/44, 33/44). The floors sit one pair below (29/44, 36/44).
const FLOOR_R1: f64 = 0.65;
const FLOOR_R3: f64 = 0.81;
const FLOOR_FLAGGED: f64 = 0.74;
const CEILING_WRONGLY_FLAGGED: f64 = 0.03;

/// What each signal brings: the default set with one signal switched off at a time, and
/// the plain TF-IDF baseline. Printed, and the full set must beat the baseline.
#[test]
fn ablation() {
    let docs = recto::library::bundled_documents();
    let set = eval_set();
    let full = Signals::default();
    let tweak = |name: &'static str, change: fn(&mut Signals)| {
        let mut s = full.clone();
        change(&mut s);
        (name, s)
    };
    let variants: Vec<(&str, Signals)> = vec![
        ("baseline: plain TF-IDF cosine", Signals::baseline()),
        ("full", full.clone()),
        tweak("- stemming", |s| s.stem = false),
        tweak("- surface forms", |s| s.surface_weight = 0.0),
        tweak("- stop-words", |s| s.stop_words = false),
        tweak("- name weight", |s| s.name_weight = 1.0),
        tweak("- given-name factor", |s| s.given_name_factor = 1.0),
        tweak("- acronyms", |s| s.acronyms = false),
        tweak("+ phrases 0.5", |s| s.phrase_weight = 0.5),
        tweak("- quoted phrases", |s| s.quote_weight = 0.0),
        tweak("- word forms", |s| s.word_forms = false),
        tweak("- quantity kinds", |s| s.quantity_kind_weight = 0.0),
        tweak("- idf", |s| s.idf = false),
        tweak("- context", |s| s.context = 0.0),
        tweak("- one-to-one", |s| s.one_to_one = false),
        tweak("- embedding (lexical only)", |s| s.embedding = 0.0),
        tweak("embedding 0.5", |s| s.embedding = 0.5),
        tweak("embedding 1.0", |s| s.embedding = 1.0),
        tweak("name weight 1.5", |s| s.name_weight = 1.5),
        tweak("context 0.1", |s| s.context = 0.1),
        tweak("context 0.3", |s| s.context = 0.3),
    ];
    let mut results = Vec::new();
    for (name, signals) in variants {
        let config = LinkerConfig {
            signals,
            ..LinkerConfig::default()
        };
        let s = evaluate(&docs, &set, &config, false);
        println!(
            "{name:32} R@1 {:.3}  R@3 {:.3}  linked {:.3}",
            s.r1(),
            s.r3(),
            s.linked()
        );
        results.push(s);
    }
    assert!(results[1].r1() > results[0].r1() && results[1].r3() >= results[0].r3());
}
