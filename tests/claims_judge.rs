//! Samples of the linker's output for judging by people who do not see the scores.
//!
//! `cargo test --release --test claims_judge -- --ignored --nocapture` prints every link
//! between the bundled articles with its tier and score (for choosing thresholds by the
//! precision read off it), and writes `/work/judge/sample-*.json` (sentence pairs only,
//! shuffled, no scores or tiers) and `/work/judge/key-*.json` (which tier each pair came
//! from) when `RECTO_JUDGE_DIR` names the directory to write to.

use recto::claims::{LinkerConfig, Links, Tier};

#[test]
#[ignore]
fn print_links() {
    let docs = recto::library::bundled_documents();
    let config = LinkerConfig::default();
    let links = Links::build(&docs, &config);
    for (a, l) in links.pairs_in(&[Tier::SameClaim, Tier::Related]) {
        let p = links.index().signals_of(a, l.target);
        println!(
            "{:.3} {:?} lex {:.2} dense {:.2} align {:.2} shared {}\n   {}: {}\n   {}: {}",
            l.score,
            l.tier,
            p.lexical,
            p.dense,
            p.align,
            links.index().shared_words(a, l.target),
            a.doc,
            docs[a.doc].sentence_text(a.sentence),
            l.target.doc,
            docs[l.target.doc].sentence_text(l.target.sentence),
        );
    }
}
