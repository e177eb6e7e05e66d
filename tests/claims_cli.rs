//! `recto links` run as a user would: the real binary, its exit code and its output.

use std::process::{Command, Output};

fn recto(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the recto binary runs")
}

fn json(args: &[&str]) -> Vec<serde_json::Value> {
    let out = recto(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn sentence_entry<'a>(
    report: &'a [serde_json::Value],
    path_part: &str,
    text: &str,
) -> &'a serde_json::Value {
    report
        .iter()
        .find(|e| {
            e["path"].as_str().is_some_and(|p| p.contains(path_part))
                && e["sentence"].as_str().is_some_and(|s| s.contains(text))
        })
        .unwrap_or_else(|| panic!("no entry for {text:?} in {path_part}"))
}

#[test]
fn json_links_the_bundled_articles_and_marks_differing_figures() {
    let report = json(&["links", "--json"]);
    assert!(
        report.len() > 20,
        "{} sentences with candidates",
        report.len()
    );
    // the stable shape
    for entry in &report {
        assert!(entry["path"].is_string() && entry["sentence"].is_string());
        for c in entry["candidates"].as_array().expect("candidates") {
            assert!(c["path"].is_string() && c["sentence"].is_string());
            let score = c["score"].as_f64().expect("score");
            assert!((0.0..=1.0001).contains(&score));
            assert!(c["linked"].is_boolean());
            assert!(c["discrepancies"].is_array());
            // the tier, and `linked` exactly when it is "same claim"
            let tier = c["tier"].as_str();
            assert!(matches!(tier, None | Some("same claim" | "related")), "{c}");
            assert_eq!(
                c["linked"].as_bool(),
                Some(tier == Some("same claim")),
                "{c}"
            );
        }
    }
    // two seeds date the Bicentennial Framework differently
    let entry = sentence_entry(&report, "002_", "Bicentennial Framework");
    let partner = entry["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"].as_str().unwrap().contains("004_"))
        .expect("a candidate in 004");
    assert!(partner["sentence"].as_str().unwrap().contains("In 2021"));
    assert_eq!(partner["linked"], true);
    let d = &partner["discrepancies"][0];
    assert_eq!(
        (d["left"].as_str(), d["right"].as_str(), d["kind"].as_str()),
        (Some("2022"), Some("2021"), Some("year"))
    );
    // the boat strikes: same event, different tallies
    let entry = sentence_entry(&report, "000_", "killing at least 80 people");
    let partner = &entry["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"].as_str().unwrap().contains("003_"))
        .expect("a candidate in 003");
    assert!(
        partner["sentence"]
            .as_str()
            .unwrap()
            .contains("at least 21 people")
    );
    assert_eq!(partner["discrepancies"][0]["left"], "80");
    assert_eq!(partner["discrepancies"][0]["right"], "21");
}

#[test]
fn linked_keeps_only_links_with_their_tiers() {
    let all = json(&["links", "--json"]);
    let linked = json(&["links", "--json", "--linked"]);
    let count = |report: &[serde_json::Value], tier: Option<&str>| {
        report
            .iter()
            .flat_map(|e| e["candidates"].as_array().unwrap().iter())
            .filter(|c| c["tier"].as_str() == tier)
            .count()
    };
    assert!(
        count(&all, None) > 0,
        "plain candidates are listed by default"
    );
    assert_eq!(count(&linked, None), 0, "--linked lists links only");
    for tier in ["same claim", "related"] {
        assert!(count(&linked, Some(tier)) > 0, "no {tier} link");
        assert_eq!(
            count(&linked, Some(tier)),
            count(&all, Some(tier)),
            "{tier}"
        );
    }
    assert!(linked.len() < all.len());
    for entry in &linked {
        assert!(!entry["candidates"].as_array().unwrap().is_empty());
    }
    // the text output names the tier
    let out = recto(&["links", "--linked"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(", same claim)") && text.contains(", related)"),
        "{text}"
    );
    assert!(!text.contains(", candidate)"), "{text}");
}

#[test]
fn candidates_are_best_first_and_top_limits_them_per_document() {
    let report = json(&["links", "--json", "--top", "1"]);
    for entry in &report {
        let candidates = entry["candidates"].as_array().unwrap();
        let mut paths: Vec<&str> = candidates
            .iter()
            .map(|c| c["path"].as_str().unwrap())
            .collect();
        let n = paths.len();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(
            paths.len(),
            n,
            "more than one candidate per document: {entry}"
        );
        let scores: Vec<f64> = candidates
            .iter()
            .map(|c| c["score"].as_f64().unwrap())
            .collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    }
}

#[test]
fn text_output_is_readable() {
    let out = recto(&[
        "links",
        "seeds/002_66f89187aacebddc.txt",
        "seeds/004_a5b23d6c4b7a4d0c.txt",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.contains("seeds/004_a5b23d6c4b7a4d0c.txt"));
    assert!(text.contains("dates differ: 2022 / 2021 (year)"), "{text}");
    assert!(text.contains("(0."), "scores are shown");
    assert!(!text.contains('\u{1b}'), "no control sequences");
    // only the two given documents appear
    assert!(!text.contains("000_f2cfccdc1b9fc92d"));
}

#[test]
fn a_missing_file_is_a_one_line_error_and_exit_code_1() {
    let out = recto(&[
        "links",
        "--json",
        "no/such/file.txt",
        "seeds/000_f2cfccdc1b9fc92d.txt",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no/such/file.txt"), "{err}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // one readable document: nothing to link it to
    assert_eq!(report, serde_json::json!([]));
}

#[test]
fn bad_top_is_a_usage_error() {
    let out = recto(&["links", "--top", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["links", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the recto binary runs");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // stdout is dropped here: the reader has gone away
    let out = child.wait_with_output().expect("recto ends");
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
