//! Evaluation of the linker on hand-made sets of linked passages across the seeds: the dev
//! set (`../shared/eval/claims-dev.json` beside the crate when it exists, else the copy in
//! `tests/data/claims-dev.json`), and the validation and test sets in `tests/data`.
//!
//! For every ordered pair of passages in a group, the partner document's sentences are
//! ranked by the linker's score: R@1 counts the partner ranked first, R@3 in the top 3.
//! Discrepancies: the share of pairs in groups marked discrepant that the linker flags, and
//! the share of pairs in the other groups that it flags wrongly. The suite fails if these
//! fall below the levels reached (the computation is deterministic). An ablation table
//! shows what each signal brings (`cargo test --test claims_eval -- --nocapture`).

use recto::Document;
use recto::claims::{LinkerConfig, Links, PairSignals, SentenceRef, Signals, discrepancies};
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
fn dev_set() -> EvalSet {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/eval/claims-dev.json");
    let text = std::fs::read_to_string(&shared)
        .unwrap_or_else(|_| include_str!("data/claims-dev.json").to_string());
    serde_json::from_str(&text).expect("eval set is valid JSON")
}

/// The three sets, with the floors each must meet. The dev set was tuned on; the
/// validation set (`tests/data/claims-validation.json`, made by a session from the seeds)
/// only chose between variants of the embedding and of the score mix; the test set
/// (`tests/data/claims-test.json`, made the same way) never chose anything: its figures
/// are printed, not tuned on. The last two are mostly paraphrases sharing few words, and
/// are harder.
fn eval_sets() -> Vec<(&'static str, EvalSet, Floors)> {
    let parse = |text: &str| serde_json::from_str(text).expect("eval set is valid JSON");
    vec![
        ("claims-dev", dev_set(), DEV_FLOORS),
        (
            "claims-validation",
            parse(include_str!("data/claims-validation.json")),
            VALIDATION_FLOORS,
        ),
        (
            "claims-test",
            parse(include_str!("data/claims-test.json")),
            TEST_FLOORS,
        ),
    ]
}

/// Levels a set must not fall below (rates), and the most agreeing pairs it may flag.
struct Floors {
    pairs: usize,
    r1: f64,
    r3: f64,
    flagged: f64,
    wrongly_flagged: f64,
}

#[test]
fn linker_meets_its_floors_on_every_eval_set() {
    let docs = recto::library::bundled_documents();
    let config = LinkerConfig::default();
    for (name, set, floors) in eval_sets() {
        let s = evaluate(&docs, &set, &config, name == "claims-dev");
        println!(
            "{name}: {} pairs, R@1 {:.3} ({}), R@3 {:.3} ({}), linked {:.3}; discrepant pairs \
             flagged {:.3} ({}/{}), agreeing pairs wrongly flagged {:.3} ({}/{})",
            s.pairs,
            s.r1(),
            s.r1,
            s.r3(),
            s.r3,
            s.linked(),
            s.flagged(),
            s.disc_flagged,
            s.disc_pairs,
            s.wrongly_flagged(),
            s.agree_flagged,
            s.agree_pairs
        );
        assert!(s.pairs >= floors.pairs, "{name} has {} pairs", s.pairs);
        assert!(
            s.r1() >= floors.r1,
            "{name}: R@1 {:.3} < {}",
            s.r1(),
            floors.r1
        );
        assert!(
            s.r3() >= floors.r3,
            "{name}: R@3 {:.3} < {}",
            s.r3(),
            floors.r3
        );
        if s.disc_pairs > 0 {
            assert!(
                s.flagged() >= floors.flagged,
                "{name}: flagged {:.3}",
                s.flagged()
            );
        }
        assert!(
            s.wrongly_flagged() <= floors.wrongly_flagged,
            "{name}: wrongly flagged {:.3}",
            s.wrongly_flagged()
        );
    }
}

// History on the dev set. Reached on 2026-11-22 with the parser and sentence splitter of
// that day, and again on 2026-12-01 after the discrepancy rule was reworked (money and
// percentages by the words they attach to, dates only when they date the same thing,
// one-to-one pairing): R@1 0.614 (27/44), R@3 0.750 (33/44), discrepant pairs flagged
// 4/4, agreeing pairs flagged 0/40. Term-weighting variants tried on that day (BM25-style
// length pivots, light stemming, prefix n-grams, wider context, hubness correction,
// pseudo-relevance feedback) moved R@1 by at most one pair either way and were not kept.
// Later on 2026-12-01, with the dense cosine of static MiniLM token vectors (PCA 128)
// mixed into the score: R@1 0.682 (30/44), R@3 0.841 (37/44).
//
// 2026-12-01, with the token vectors averaged over their uses in a corpus (256 dims), the
// dense cells adding candidates, weight 1.5 and link threshold 0.33:
//   dev          R@1 30/44 (0.682)  R@3 37/44 (0.841)  flagged 4/4  wrongly 0/40
//   validation   R@1 18/52 (0.346)  R@3 30/52 (0.577)  flagged 0/4  wrongly 0/48
//   test         R@1 18/44 (0.409)  R@3 28/44 (0.636)  (no discrepant group)  wrongly 0/44
// The shipped linker before them (vectors of tokens alone, 128 dims, weight 0.75) gave the
// same on dev, 11/52 and 29/52 on validation, 13/44 and 25/44 on test. The validation
// set's discrepant pairs are not flagged: "February 2025" / "January 20" (a date without
// a year) and "more than 200 in 2020" / "over 440 groups" (different years). The floors
// sit one pair below what is reached.
const DEV_FLOORS: Floors = Floors {
    pairs: 40,
    r1: 0.65,
    r3: 0.81,
    flagged: 0.74,
    wrongly_flagged: 0.03,
};
const VALIDATION_FLOORS: Floors = Floors {
    pairs: 50,
    r1: 0.32,
    r3: 0.55,
    flagged: 0.0,
    wrongly_flagged: 0.03,
};
const TEST_FLOORS: Floors = Floors {
    pairs: 40,
    r1: 0.38,
    r3: 0.61,
    flagged: 0.0,
    wrongly_flagged: 0.03,
};

/// What each signal brings: the default set with one signal switched off at a time, and
/// the plain TF-IDF baseline. Printed for the dev and validation sets (not the test set),
/// and the full set must beat the baseline on the dev set.
#[test]
fn ablation() {
    let docs = recto::library::bundled_documents();
    let sets = eval_sets();
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
        tweak("embedding 0.75", |s| s.embedding = 0.75),
        tweak("embedding 1.0", |s| s.embedding = 1.0),
        tweak("embedding 2.0", |s| s.embedding = 2.0),
        tweak("name weight 1.5", |s| s.name_weight = 1.5),
        tweak("context 0.1", |s| s.context = 0.1),
        tweak("context 0.3", |s| s.context = 0.3),
    ];
    let mut dev = Vec::new();
    for (name, signals) in variants {
        let config = LinkerConfig {
            signals,
            ..LinkerConfig::default()
        };
        let mut line = format!("{name:32}");
        for (set_name, set, _) in sets.iter().filter(|(n, _, _)| *n != "claims-test") {
            let s = evaluate(&docs, set, &config, false);
            line += &format!(
                "  {}: R@1 {:.3} R@3 {:.3} linked {:.3}",
                set_name.trim_start_matches("claims-"),
                s.r1(),
                s.r3(),
                s.linked()
            );
            if *set_name == "claims-dev" {
                dev.push(s);
            }
        }
        println!("{line}");
    }
    assert!(dev[1].r1() > dev[0].r1() && dev[1].r3() >= dev[0].r3());
}

/// The grid the score weights were chosen on: every (embedding, alignment) weight pair,
/// R@1 and R@3 on the dev and validation sets (never the test set). Slow and only for
/// choosing: `cargo test --release --test claims_eval -- --ignored --nocapture`.
#[test]
#[ignore]
fn weight_grid() {
    let docs = recto::library::bundled_documents();
    let config = LinkerConfig::default();
    let links = Links::build(&docs, &config);
    let index = links.index();
    let sets = eval_sets();
    // per set: (signals of every sentence of the partner document, accepted partners)
    let mut prepared = Vec::new();
    for (name, set, _) in sets.iter().filter(|(n, _, _)| *n != "claims-test") {
        let mut queries = Vec::new();
        for group in &set.groups {
            let located: Vec<Located> = group
                .members
                .iter()
                .map(|m| locate(&docs, &m.doc, &m.quote))
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
                    let all: Vec<PairSignals> = (0..docs[b.doc].sentences.len())
                        .map(|t| {
                            index.signals_of(
                                query,
                                SentenceRef {
                                    doc: b.doc,
                                    sentence: t,
                                },
                            )
                        })
                        .collect();
                    queries.push((all, b.accepted.clone()));
                }
            }
        }
        prepared.push((*name, queries));
    }
    let weights = [0.0f32, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0];
    let grid = weights
        .iter()
        .flat_map(|&e| weights.iter().map(move |&a| (1.0f32, e, a)))
        .chain([
            (0.0, 1.0, 0.0),
            (0.0, 0.0, 1.0),
            (0.0, 1.0, 1.0),
            (0.0, 1.0, 2.0),
        ]);
    for (l, e, a) in grid {
        {
            let signals = Signals {
                embedding: e,
                alignment: a,
                ..Signals::default()
            };
            let mut line = format!("lexical {l:3.1} embedding {e:3.1} alignment {a:3.1}");
            for (name, queries) in &prepared {
                let (mut r1, mut r3) = (0, 0);
                for (all, accepted) in queries {
                    let mut ranked: Vec<(usize, f32)> = all
                        .iter()
                        .enumerate()
                        .map(|(t, p)| {
                            let p = PairSignals {
                                lexical: l * p.lexical,
                                ..*p
                            };
                            (t, signals.mix(&p))
                        })
                        .collect();
                    ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                    let hit = |k: usize| ranked.iter().take(k).any(|(t, _)| accepted.contains(t));
                    r1 += usize::from(hit(1));
                    r3 += usize::from(hit(3));
                }
                line += &format!(
                    "  {}: R@1 {r1:2}/{n} R@3 {r3:2}/{n}",
                    name.trim_start_matches("claims-"),
                    n = queries.len()
                );
            }
            println!("{line}");
        }
    }
}
