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

/// Articles on other subjects than the seeds: the READMEs of crates in the local cargo
/// registry (prose with code blocks), found at run time.
fn unrelated_articles() -> Vec<recto::Document> {
    let home = std::env::var("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|_| std::env::var("HOME").map(|h| std::path::Path::new(&h).join(".cargo")))
        .expect("a cargo home");
    let mut found = Vec::new();
    let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else {
        return found;
    };
    for registry in registries.flatten() {
        let Ok(crates) = std::fs::read_dir(registry.path()) else {
            continue;
        };
        let mut names: Vec<_> = crates.flatten().map(|c| c.path()).collect();
        names.sort();
        for dir in names {
            let name = dir.file_name().unwrap().to_string_lossy().to_string();
            let wanted = ["tokio-", "ratatui-", "clap-", "proptest-", "insta-"];
            if !wanted.iter().any(|w| name.starts_with(w)) {
                continue;
            }
            if let Ok(bytes) = std::fs::read(dir.join("README.md"))
                && let Ok(doc) = recto::ingest::parse_bytes(&format!("{name}/README.md"), &bytes)
                && !found
                    .iter()
                    .any(|d: &recto::Document| d.path.starts_with(&name[..4]))
            {
                found.push(doc);
            }
        }
    }
    found
}

/// xorshift64*: a fixed shuffle, no dependency.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        let j = (seed.wrapping_mul(0x2545_F491_4F6C_DD1D) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// Writes the blind samples: every *same claim* link of the seeds, 20 *related* ones, and
/// every link (either tier) between the seeds and unrelated articles, and between those
/// articles, shuffled together; sentence pairs only. The key maps each pair's id to where
/// it came from.
#[test]
#[ignore]
fn write_blind_sample() {
    let Ok(dir) = std::env::var("RECTO_JUDGE_DIR") else {
        eprintln!("set RECTO_JUDGE_DIR to write the sample");
        return;
    };
    let config = LinkerConfig::default();
    let seeds = recto::library::bundled_documents();
    let links = Links::build(&seeds, &config);
    let mut items: Vec<(String, String, String)> = Vec::new(); // (origin, a, b)
    let mut related = Vec::new();
    for (a, l) in links.pairs_in(&[Tier::SameClaim, Tier::Related]) {
        let pair = (
            seeds[a.doc].sentence_text(a.sentence).to_string(),
            seeds[l.target.doc]
                .sentence_text(l.target.sentence)
                .to_string(),
        );
        match l.tier {
            Some(Tier::SameClaim) => items.push(("seeds: same claim".into(), pair.0, pair.1)),
            _ => related.push(("seeds: related".into(), pair.0, pair.1)),
        }
    }
    shuffle(&mut related, 7);
    items.extend(related.into_iter().take(20));
    let mut mixed = seeds.clone();
    let others = unrelated_articles();
    let first_other = mixed.len();
    mixed.extend(others);
    let links = Links::build(&mixed, &config);
    let mut unrelated = 0;
    for (a, l) in links.pairs_in(&[Tier::SameClaim, Tier::Related]) {
        if l.target.doc >= first_other || a.doc >= first_other {
            unrelated += 1;
            items.push((
                format!(
                    "unrelated articles: {}",
                    l.tier.map_or("none", |t| t.label())
                ),
                mixed[a.doc].sentence_text(a.sentence).to_string(),
                mixed[l.target.doc]
                    .sentence_text(l.target.sentence)
                    .to_string(),
            ));
        }
    }
    println!(
        "{} unrelated articles, {unrelated} links touching them",
        mixed.len() - first_other
    );
    shuffle(&mut items, 42);
    let sample: Vec<serde_json::Value> = items
        .iter()
        .enumerate()
        .map(|(id, (_, a, b))| serde_json::json!({"id": id, "a": a, "b": b}))
        .collect();
    let key: Vec<serde_json::Value> = items
        .iter()
        .enumerate()
        .map(|(id, (origin, _, _))| serde_json::json!({"id": id, "origin": origin}))
        .collect();
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    let instructions = "For each pair, judge blind: 'same claim' (the two sentences assert \
                        the same fact, event or argument), 'related' (same subject, a \
                        different claim) or 'unrelated'.";
    std::fs::write(
        dir.join("sample-claims.json"),
        serde_json::to_string_pretty(&serde_json::json!({
            "instructions": instructions,
            "pairs": sample
        }))
        .unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("key-claims.json"),
        serde_json::to_string_pretty(&key).unwrap(),
    )
    .unwrap();
    println!("{} pairs written to {}", items.len(), dir.display());
}
