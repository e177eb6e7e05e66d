//! The HTML reader measured on the corpus of real pages (tests/data/corpus: each page's
//! saved source, what a person checked it says, and what Mozilla's Readability keeps of
//! it). Issue 12's bar: every page opens; the title is right on at least 85% of them; at
//! least 95% of the paragraphs Readability keeps are shown; section headings F1 at least
//! 0.8; at least 90% of the citation notes resolve from a reference.
//!
//! `cargo test --test formats_corpus -- --nocapture` prints the figures per page.

use recto::document::Document;
use std::collections::HashSet;
use std::path::Path;

/// Lower-case words, reference marks and punctuation left out: how two texts are compared.
fn words(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    // "[12]" is a reference mark, not text.
    while let Some(i) = rest.find('[') {
        let (before, after) = rest.split_at(i);
        push_words(&mut out, before);
        let close = after.find(']').map_or(1, |c| c + 1);
        if !after[1..close.saturating_sub(1).max(1)]
            .chars()
            .all(|c| c.is_ascii_digit())
        {
            push_words(&mut out, &after[..close]);
        }
        rest = &after[close..];
    }
    push_words(&mut out, rest);
    out
}

fn push_words(out: &mut String, s: &str) {
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_lowercase());
    }
}

fn rendered(doc: &Document) -> String {
    let mut out = Vec::new();
    recto::cli::write_rendered(doc, 10_000, false, &mut out).unwrap();
    words(&String::from_utf8_lossy(&out))
}

fn section_titles(doc: &Document) -> HashSet<String> {
    doc.sections.iter().map(|s| words(&s.title)).collect()
}

/// The paragraphs of Readability's output worth comparing (a few words at least).
fn readability_paragraphs(html: &str) -> Vec<String> {
    let page = dom_query::Document::from(html);
    page.select("p")
        .nodes()
        .iter()
        .map(|p| words(&p.text()))
        .filter(|t| t.split(' ').count() >= 4)
        .collect()
}

#[derive(Default)]
struct Totals {
    pages: usize,
    opened: usize,
    titles: usize,
    sections_found: usize,
    sections_expected: usize,
    sections_given: usize,
    readability_shown: usize,
    readability_total: usize,
    body_shown: usize,
    body_total: usize,
    notes_resolved: usize,
    notes_total: usize,
}

#[test]
fn real_pages_read_well_enough() {
    let root = Path::new("tests/data/corpus");
    let Ok(dir) = std::fs::read_dir(root) else {
        panic!("the corpus is missing: tests/data/corpus");
    };
    let mut names: Vec<_> = dir
        .flatten()
        .filter(|e| e.path().join("source.html").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut t = Totals::default();
    for name in &names {
        let dir = root.join(name);
        let bytes = std::fs::read(dir.join("source.html")).unwrap();
        let expected: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
        t.pages += 1;
        let doc = match recto::ingest::parse_bytes("source.html", &bytes) {
            Ok(doc) => doc,
            Err(e) => {
                println!("{name:32} FAILED TO OPEN: {e}");
                continue;
            }
        };
        t.opened += 1;
        let mut titles = vec![expected["title"].as_str().unwrap_or_default().to_string()];
        if let Some(also) = expected["title_also"].as_array() {
            titles.extend(also.iter().filter_map(|v| v.as_str()).map(str::to_string));
        }
        let title_ok = titles.iter().any(|w| words(w) == words(&doc.meta.title));
        t.titles += usize::from(title_ok);

        let want: HashSet<String> = expected["sections"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["title"].as_str())
            .map(words)
            .collect();
        let got = section_titles(&doc);
        let found = want.intersection(&got).count();
        t.sections_found += found;
        t.sections_expected += want.len();
        t.sections_given += got.len();

        let text = rendered(&doc);
        let body: Vec<String> = expected["body"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| b["text"].as_str())
            .map(words)
            .filter(|b| !b.is_empty())
            .collect();
        let body_shown = body.iter().filter(|b| text.contains(b.as_str())).count();
        t.body_shown += body_shown;
        t.body_total += body.len();

        let mut readability = (0, 0);
        if let Ok(kept) = std::fs::read_to_string(dir.join("readability-expected.html")) {
            let paragraphs = readability_paragraphs(&kept);
            readability = (
                paragraphs
                    .iter()
                    .filter(|p| text.contains(p.as_str()))
                    .count(),
                paragraphs.len(),
            );
            t.readability_shown += readability.0;
            t.readability_total += readability.1;
        }

        let resolved_notes = words(
            &doc.references()
                .filter_map(|r| r.note_ref.note.map(|n| doc.notes[n].text.clone()))
                .collect::<Vec<_>>()
                .join(" "),
        );
        let notes: Vec<String> = expected["notes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n["text"].as_str())
            .map(|n| words(n).chars().take(60).collect())
            .collect();
        let notes_ok = notes
            .iter()
            .filter(|n| resolved_notes.contains(n.as_str()))
            .count();
        t.notes_resolved += notes_ok;
        t.notes_total += notes.len();
        println!(
            "{name:32} title {} sections {found}/{} (gave {}) body {body_shown}/{} readability {}/{} notes {notes_ok}/{}",
            if title_ok { "ok" } else { "NO" },
            want.len(),
            got.len(),
            body.len(),
            readability.0,
            readability.1,
            notes.len()
        );
    }
    let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let precision = ratio(t.sections_found, t.sections_given);
    let recall = ratio(t.sections_found, t.sections_expected);
    let f1 = 2.0 * precision * recall / (precision + recall).max(1e-9);
    let title = ratio(t.titles, t.pages);
    let kept = ratio(t.readability_shown, t.readability_total);
    let notes = ratio(t.notes_resolved, t.notes_total);
    println!(
        "\n{} pages, {} open; titles {:.0}%; sections P {precision:.2} R {recall:.2} F1 {f1:.2}; \
         Readability's paragraphs shown {}/{} = {:.1}%; checked body paragraphs shown {}/{} = {:.1}%; \
         notes resolved {}/{} = {:.1}%",
        t.pages,
        t.opened,
        100.0 * title,
        t.readability_shown,
        t.readability_total,
        100.0 * kept,
        t.body_shown,
        t.body_total,
        100.0 * ratio(t.body_shown, t.body_total),
        t.notes_resolved,
        t.notes_total,
        100.0 * notes
    );
    assert!(
        t.pages >= 30,
        "the corpus is too small to measure: {}",
        t.pages
    );
    assert_eq!(t.opened, t.pages, "every page opens");
    assert!(
        title >= 0.85,
        "titles right on {:.0}% of pages",
        100.0 * title
    );
    assert!(f1 >= 0.8, "section headings F1 {f1:.2}");
    assert!(
        kept >= 0.95,
        "Readability's paragraphs shown {:.1}%",
        100.0 * kept
    );
    assert!(notes >= 0.9, "notes resolved {:.1}%", 100.0 * notes);
}
