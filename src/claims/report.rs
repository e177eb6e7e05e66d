//! `recto links`: the linker's result as JSON (stable shape) or readable text.
//!
//! Owns the report shape and its two renderings; the command-line wiring in `main` only
//! calls `links`. Reads documents through `ingest` and links them through
//! `Links`; never touches the terminal beyond writing lines to stdout.

use super::{LinkerConfig, Links};
use crate::document::Document;
use serde::Serialize;
use std::io::{self, Write};
use std::path::PathBuf;

/// One sentence that has at least one candidate.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SentenceReport {
    pub path: String,
    /// The sentence as rendered (references as `[n]`).
    pub sentence: String,
    pub candidates: Vec<CandidateReport>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CandidateReport {
    pub path: String,
    pub sentence: String,
    /// Rounded to three decimals.
    pub score: f64,
    pub linked: bool,
    /// The user linked these by hand in the reader (shown only when true).
    #[serde(skip_serializing_if = "is_false")]
    pub user: bool,
    pub discrepancies: Vec<DiscrepancyReport>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DiscrepancyReport {
    pub left: String,
    pub right: String,
    pub kind: &'static str,
    pub label: &'static str,
}

/// For every sentence with a candidate, its `top` best candidates in each other document,
/// best first.
pub fn links_report(docs: &[Document], top: usize) -> Vec<SentenceReport> {
    let config = LinkerConfig {
        per_doc: top,
        per_sentence: top.saturating_mul(docs.len()).max(1),
        ..LinkerConfig::default()
    };
    let links = Links::build(docs, &config);
    let mut out = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for s in 0..doc.sentences.len() {
            let candidates: Vec<CandidateReport> = links
                .of(d, s)
                .iter()
                .filter_map(|l| {
                    let other = docs.get(l.target.doc)?;
                    (l.target.sentence < other.sentences.len()).then(|| CandidateReport {
                        path: other.path.clone(),
                        sentence: other.sentence_rendered(l.target.sentence),
                        score: (f64::from(l.score) * 1000.0).round() / 1000.0,
                        linked: l.linked,
                        user: false,
                        discrepancies: l
                            .discrepancies
                            .iter()
                            .map(|x| DiscrepancyReport {
                                left: x.left.text.clone(),
                                right: x.right.text.clone(),
                                kind: x.kind.as_str(),
                                label: x.label(),
                            })
                            .collect(),
                    })
                })
                .collect();
            if !candidates.is_empty() {
                out.push(SentenceReport {
                    path: doc.path.clone(),
                    sentence: doc.sentence_rendered(s),
                    candidates,
                });
            }
        }
    }
    out
}

/// The readable rendering: each sentence, then its candidates indented under it.
pub fn render_text(report: &[SentenceReport]) -> String {
    let mut out = String::new();
    for r in report {
        out.push_str(&format!("{}\n  {}\n", r.path, r.sentence));
        for c in &r.candidates {
            let mark = if c.user {
                "your link"
            } else if c.linked {
                "linked"
            } else {
                "candidate"
            };
            out.push_str(&format!(
                "    -> {} ({:.2}, {})\n       {}\n",
                c.path, c.score, mark, c.sentence
            ));
            for d in &c.discrepancies {
                out.push_str(&format!(
                    "       {}: {} / {} ({})\n",
                    d.label, d.left, d.right, d.kind
                ));
            }
        }
        out.push('\n');
    }
    out
}

/// `recto links [--json] [--top K] FILE...`: loads the files (no files: the bundled
/// articles), links them and writes the report to `out`. A file that cannot be read is
/// reported on `err` in one line and left out. Returns whether every file was read; an
/// `Err` is a failed write to `out`. Same contract as the other subcommands in `cli`.
pub fn links(
    paths: &[PathBuf],
    json: bool,
    top: usize,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    let mut all_read = true;
    let docs = if paths.is_empty() {
        crate::library::bundled_documents()
    } else {
        let mut docs = Vec::with_capacity(paths.len());
        for path in paths {
            match crate::ingest::load(path) {
                Ok(doc) if !super::linkable(&doc) => {
                    let _ = writeln!(
                        err,
                        "recto: {}: warning: too long to link (at most {} MB of sentences); left out",
                        doc.path,
                        super::MAX_LINKED_BYTES >> 20
                    );
                }
                Ok(doc) => docs.push(doc),
                Err(e) => {
                    all_read = false;
                    // a closed stderr is no reason to stop
                    let _ = writeln!(err, "recto: {e}");
                }
            }
        }
        docs
    };
    let mut report = links_report(&docs, top.max(1));
    // The links the user made or removed in the reader count here too.
    if let Some(path) = crate::user_links::links_path() {
        let (user, warning) = crate::user_links::load(&path);
        if let Some(w) = warning {
            let _ = writeln!(err, "recto: {w}");
        }
        apply_user_links(&mut report, &docs, &user);
    }
    if json {
        // Serialise first: a closed pipe must reach the caller as an io error of its own
        // kind (serde_json would wrap it), so that `recto links --json | head` stays quiet.
        let mut text = serde_json::to_string_pretty(&report).map_err(io::Error::other)?;
        text.push('\n');
        out.write_all(text.as_bytes())?;
    } else {
        out.write_all(render_text(&report).as_bytes())?;
    }
    Ok(all_read)
}

/// `recto links`'s report with the user's decisions applied: pairs the user removed are
/// left out, pairs the user linked (between the documents reported on) are in, marked as
/// the user's.
pub fn apply_user_links(
    report: &mut Vec<SentenceReport>,
    docs: &[Document],
    user: &crate::user_links::UserLinks,
) {
    if user.added.is_empty() && user.removed.is_empty() {
        return;
    }
    // A reported sentence is found again by its document and rendered text.
    let find = |path: &str, rendered: &str| -> Option<(usize, usize)> {
        docs.iter().enumerate().find_map(|(d, doc)| {
            (doc.path == path)
                .then(|| (0..doc.sentences.len()).find(|&s| doc.sentence_rendered(s) == rendered))
                .flatten()
                .map(|s| (d, s))
        })
    };
    let key = |(d, s): (usize, usize)| crate::user_links::sentence_key(&docs[d], s);
    for r in report.iter_mut() {
        let Some(from) = find(&r.path, &r.sentence) else {
            continue;
        };
        r.candidates.retain(|c| {
            find(&c.path, &c.sentence).is_none_or(|to| !user.is_removed(&key(from), &key(to)))
        });
    }
    report.retain(|r| !r.candidates.is_empty());
    let resolve = |k: &crate::user_links::SentenceKey| -> Option<(usize, usize)> {
        let d = docs.iter().position(|doc| doc.id == k.path)?;
        let s = (0..docs[d].sentences.len())
            .find(|&s| docs[d].sentence_text(s).trim() == k.sentence)?;
        Some((d, s))
    };
    for link in &user.added {
        let (Some(a), Some(b)) = (resolve(&link.a), resolve(&link.b)) else {
            continue;
        };
        for (from, to) in [(a, b), (b, a)] {
            let (path, sentence) = (
                docs[from.0].path.clone(),
                docs[from.0].sentence_rendered(from.1),
            );
            let candidate = CandidateReport {
                path: docs[to.0].path.clone(),
                sentence: docs[to.0].sentence_rendered(to.1),
                score: 1.0,
                linked: true,
                user: true,
                discrepancies: Vec::new(),
            };
            let row = match report
                .iter()
                .position(|r| r.path == path && r.sentence == sentence)
            {
                Some(k) => &mut report[k],
                None => {
                    report.push(SentenceReport {
                        path,
                        sentence,
                        candidates: Vec::new(),
                    });
                    report.last_mut().expect("just pushed")
                }
            };
            match row
                .candidates
                .iter_mut()
                .find(|c| c.path == candidate.path && c.sentence == candidate.sentence)
            {
                Some(c) => {
                    c.user = true;
                    c.linked = true;
                }
                None => row.candidates.insert(0, candidate),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_bytes;

    #[test]
    fn report_lists_candidates_per_document_with_discrepancies() {
        let docs = vec![
            parse_bytes(
                "a.txt",
                "A\nPresident Trump designated eight Mexican cartels as terrorist organizations. \
                 The weather was mild in spring. Fishing boats left the harbour."
                    .as_bytes(),
            )
            .unwrap(),
            parse_bytes(
                "b.txt",
                "B\nPresident Trump listed six Mexican cartels as terrorist organizations. \
                 Farmers sold apples at the market. A new bridge opened downtown."
                    .as_bytes(),
            )
            .unwrap(),
        ];
        let report = links_report(&docs, 3);
        assert!(report.len() >= 2, "{report:?}");
        assert_eq!(report[0].path, "a.txt");
        let c = &report[0].candidates[0];
        assert_eq!(c.path, "b.txt");
        assert!(c.linked, "{report:?}");
        assert_eq!(c.discrepancies[0].left, "eight");
        assert_eq!(c.discrepancies[0].right, "six");
        assert_eq!(c.discrepancies[0].kind, "count");
        let text = render_text(&report);
        assert!(
            text.contains("figures differ: eight / six (count)"),
            "{text}"
        );
    }

    #[test]
    fn unreadable_files_are_reported_and_the_rest_linked() {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let missing = PathBuf::from("/nonexistent/recto-claims-test.txt");
        let all_read = links(&[missing], true, 3, &mut out, &mut err).unwrap();
        assert!(!all_read);
        assert_eq!(String::from_utf8(out).unwrap().trim(), "[]");
        let err = String::from_utf8(err).unwrap();
        assert!(
            err.starts_with("recto: ") && err.contains("recto-claims-test.txt"),
            "{err}"
        );
    }
}
