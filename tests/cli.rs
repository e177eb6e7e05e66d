//! The real `recto` binary, run on the seeds and on files written here: help and version,
//! outline and notes (text and JSON), render, and what happens with bad files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use unicode_width::UnicodeWidthStr;

const SEED_002: &str = "seeds/002_66f89187aacebddc.txt";

fn recto(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("the recto binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("stdout is JSON")
}

/// A scratch directory for this test, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A small article in another shape than the seeds: bracketed references, a notes list.
const SMALL_ARTICLE: &str = "\
Water Rights in the Delta

By Ana Ruiz

Farmers drew 40 percent more water in 2023 than in 2019.[1] The state has not responded.

Who Decides

The board meets twice a year.[2] Its rulings are rarely appealed.[7]

Notes

[1] State Water Board, Annual Report 2023.
[2] Board minutes, March 2024.
[3] An uncited note.
";

fn write_article(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write article");
    path.display().to_string()
}

#[test]
fn help_and_version() {
    let help = recto(&["--help"]);
    assert!(help.status.success());
    let text = stdout(&help);
    for word in ["outline", "notes", "render", "Usage"] {
        assert!(text.contains(word), "--help lacks {word}: {text}");
    }
    let render_help = recto(&["render", "--help"]);
    assert!(stdout(&render_help).contains("--width"));
    assert!(stdout(&render_help).contains("--chrome"));

    let version = recto(&["--version"]);
    assert!(version.status.success());
    assert_eq!(
        stdout(&version).trim(),
        format!("recto {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn command_line_mistakes_exit_2_not_101() {
    for args in [
        &["render"][..],
        &["render", "--width", "0", SEED_002],
        &["render", "--width", "wide", SEED_002],
        &["outline", "--bogus"],
    ] {
        let o = recto(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty());
    }
}

#[test]
fn outline_text_shows_titles_and_indented_sections() {
    let o = recto(&["outline", SEED_002]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let first = text.lines().next().expect("a first line");
    assert!(first.starts_with("No GWOT-Narco"), "{text}");
    assert!(first.contains(SEED_002));
    assert!(text.contains("\n  Key points\n"), "{text}");
    // Level-2 sections are indented under their parent.
    let parent = text
        .find("\n  Military action against the cartels is a losing strategy\n")
        .expect("parent section");
    let child = text.find("\n    COIN in Mexico\n").expect("child section");
    assert!(parent < child);
}

#[test]
fn outline_json_has_the_documented_shape() {
    let o = recto(&["outline", "--json", SEED_002]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let docs = v.as_array().expect("an array");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["path"], SEED_002);
    assert_eq!(docs[0]["title"], "No GWOT-Narco");
    let sections = docs[0]["sections"].as_array().expect("sections");
    let top: Vec<&str> = sections
        .iter()
        .map(|s| s["title"].as_str().expect("title"))
        .collect();
    assert_eq!(top.first(), Some(&"Key points"), "{top:?}");
    assert_eq!(top.last(), Some(&"Endnotes"), "{top:?}");
    assert!(sections.iter().all(|s| s["level"] == 1));
    let strategy = sections
        .iter()
        .find(|s| s["title"] == "Military action against the cartels is a losing strategy")
        .expect("the strategy section");
    let children: Vec<&str> = strategy["children"]
        .as_array()
        .expect("children")
        .iter()
        .map(|c| c["title"].as_str().expect("title"))
        .collect();
    assert!(children.contains(&"COIN in Mexico"), "{children:?}");
    assert!(
        strategy["children"]
            .as_array()
            .expect("children")
            .iter()
            .all(|c| c["level"] == 2 && c["children"].is_array())
    );
}

#[test]
fn outline_without_files_lists_the_bundled_articles() {
    let o = recto(&["outline", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let paths: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths.len(), recto::library::BUNDLED.len());
    assert!(paths.contains(&"002_66f89187aacebddc.txt"), "{paths:?}");
}

#[test]
fn notes_json_resolves_every_reference_of_002() {
    let o = recto(&["notes", "--json", SEED_002]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let doc = &v[0];
    assert_eq!(doc["path"], SEED_002);
    let refs = doc["references"].as_array().expect("references");
    assert_eq!(refs.len(), 90);
    let numbers: Vec<u64> = refs
        .iter()
        .map(|r| r["number"].as_u64().expect("number"))
        .collect();
    assert_eq!(numbers, (1..=90).collect::<Vec<_>>());
    for r in refs {
        let n = r["number"].as_u64().expect("number");
        let sentence = r["sentence"].as_str().expect("sentence");
        assert!(sentence.contains(&format!("[{n}]")), "{sentence}");
        assert!(
            r["note"].as_str().is_some_and(|t| !t.is_empty()),
            "note {n} resolves"
        );
    }
    assert_eq!(
        refs[0]["note"]
            .as_str()
            .map(|t| t.contains("Provisional Drug Overdose Data")),
        Some(true)
    );
    assert_eq!(doc["unresolved"], serde_json::json!([]));
    assert_eq!(doc["unreferenced"], serde_json::json!([]));
}

#[test]
fn notes_report_unresolved_and_unreferenced_with_a_warning() {
    let dir = scratch("notes");
    let path = write_article(&dir, "water.txt", SMALL_ARTICLE);
    let o = recto(&["notes", "--json", &path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let refs = v[0]["references"].as_array().expect("references");
    let numbers: Vec<u64> = refs.iter().filter_map(|r| r["number"].as_u64()).collect();
    assert_eq!(numbers, [1, 2, 7]);
    assert_eq!(
        refs[0]["sentence"],
        "Farmers drew 40 percent more water in 2023 than in 2019.[1]"
    );
    assert_eq!(refs[0]["note"], "State Water Board, Annual Report 2023.");
    assert!(refs[2]["note"].is_null());
    assert_eq!(v[0]["unresolved"], serde_json::json!([7]));
    assert_eq!(v[0]["unreferenced"], serde_json::json!([3]));
    let warnings = stderr(&o);
    assert!(
        warnings.contains(&path) && warnings.contains('7'),
        "{warnings}"
    );
    assert!(warnings.contains('3'), "{warnings}");

    // The text form says the same to a person.
    let o = recto(&["notes", &path]);
    let text = stdout(&o);
    assert!(text.contains("[1] Farmers drew 40 percent more water in 2023 than in 2019.[1]"));
    assert!(text.contains("    note: State Water Board, Annual Report 2023."));
    assert!(text.contains("unresolved references: 7"), "{text}");
    assert!(text.contains("notes never referenced: 3"), "{text}");
}

#[test]
fn render_wraps_to_the_width_without_escape_codes() {
    for width in ["20", "47", "80"] {
        let o = recto(&["render", "--width", width, SEED_002]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = stdout(&o);
        let limit: usize = width.parse().expect("number");
        for line in text.lines() {
            assert!(
                UnicodeWidthStr::width(line) <= limit,
                "width {width}: {line:?}"
            );
        }
        assert!(!o.stdout.contains(&0x1b), "no ESC in the output");
        assert!(text.starts_with("No GWOT-Narco") || text.contains("\nNo GWOT-Narco\n"));
        assert!(text.contains("[90]"), "references are shown as [n]");
        // The notes list comes at the end, after the body.
        let body_ref = text.find("2024.[1]").expect("first reference in the body");
        let endnotes = text.rfind("\nEndnotes\n").expect("the notes list");
        assert!(body_ref < endnotes);
        assert!(text[endnotes..].contains("\n[1] “Provisional"), "{text}");
    }
}

#[test]
fn render_hides_chrome_unless_asked() {
    let plain = stdout(&recto(&["render", "--width", "80", SEED_002]));
    let with_chrome = stdout(&recto(&["render", "--width", "80", "--chrome", SEED_002]));
    assert!(!plain.lines().any(|l| l == "Select Page"), "{plain}");
    assert!(with_chrome.lines().any(|l| l == "Select Page"));
    assert!(with_chrome.len() > plain.len());
}

#[test]
fn render_defaults_to_80_columns_when_not_a_terminal() {
    let o = recto(&["render", SEED_002]);
    let text = stdout(&o);
    assert!(text.lines().all(|l| UnicodeWidthStr::width(l) <= 80));
    assert!(text.lines().any(|l| UnicodeWidthStr::width(l) > 70));
}

#[test]
fn render_of_hostile_text_prints_no_control_characters() {
    let dir = scratch("hostile");
    let path = write_article(
        &dir,
        "hostile.txt",
        "Title \u{1b}[31mRed\u{1b}[0m\n\nA paragraph with \u{7} a bell, \u{9b}2J and \u{202e}bidi.\n",
    );
    let o = recto(&["render", "--width", "30", &path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert!(text.contains("paragraph"));
}

#[test]
fn a_missing_file_is_named_and_the_others_still_processed() {
    let missing = "no/such/article.txt";
    for sub in ["outline", "notes"] {
        let o = recto(&[sub, missing, SEED_002]);
        assert_eq!(o.status.code(), Some(1), "{sub}");
        let err = stderr(&o);
        let error_lines: Vec<&str> = err.lines().filter(|l| l.contains(missing)).collect();
        assert_eq!(error_lines.len(), 1, "{err}");
        assert!(
            stdout(&o).contains("No GWOT-Narco"),
            "{sub}: the seed is still shown"
        );
    }
    let o = recto(&["render", missing]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(missing));
    assert!(o.stdout.is_empty());
}

#[test]
fn binary_and_directory_inputs_are_refused_in_one_line() {
    let dir = scratch("binary");
    let path = dir.join("image.bin");
    std::fs::write(&path, [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0]).expect("write");
    let path = path.display().to_string();
    let dir_arg = dir.display().to_string();
    let o = recto(&["outline", &path, &dir_arg, SEED_002]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(
        err.lines().filter(|l| l.contains(&path)).count(),
        1,
        "{err}"
    );
    assert!(err.lines().any(|l| l.contains(&dir_arg)), "{err}");
    assert!(stdout(&o).contains("No GWOT-Narco"));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Far more output than a pipe buffers, so the writer must meet the closed pipe.
    let dir = scratch("pipe");
    let paragraph = "A sentence of a long article that goes on. ".repeat(20);
    let path = write_article(&dir, "long.txt", &format!("{paragraph}\n\n").repeat(2_000));
    let mut child = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["render", "--width", "40", &path])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read one line, then hang up, as `| head -1` does.
    {
        use std::io::BufRead;
        let out = child.stdout.take().expect("stdout");
        let mut line = String::new();
        std::io::BufReader::new(out)
            .read_line(&mut line)
            .expect("first line");
        assert!(!line.is_empty());
    }
    let o = child.wait_with_output().expect("wait");
    assert_ne!(o.status.code(), Some(101), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn links_pairs_sentences_across_documents() {
    let o = recto(&[
        "links",
        "--json",
        "--top",
        "1",
        "seeds/001_3f732d8f3809c190.txt",
        "seeds/003_65fe45beb2573283.txt",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let sentences = v.as_array().expect("an array");
    assert!(!sentences.is_empty());
    for s in sentences {
        let from = s["path"].as_str().expect("path");
        for c in s["candidates"].as_array().expect("candidates") {
            assert_ne!(
                c["path"].as_str(),
                Some(from),
                "links go to other documents"
            );
            assert!(c["score"].is_number() && c["linked"].is_boolean());
            assert!(c["discrepancies"].is_array());
        }
    }
    let o = recto(&[
        "links",
        "no/such/file.txt",
        "seeds/001_3f732d8f3809c190.txt",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/file.txt"));
}

#[test]
fn a_closed_pipe_after_json_ends_quietly() {
    // The links report of the bundled articles is far larger than a pipe buffer.
    let mut child = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["links", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Read;
        let mut out = child.stdout.take().expect("stdout");
        let mut first = [0u8; 1];
        out.read_exact(&mut first).expect("first byte");
        assert_eq!(&first, b"[");
    }
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn the_reader_names_a_missing_file_once() {
    let o = recto(&["no/such/article.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.matches("no/such/article.txt").count(), 1, "{err}");
    assert_eq!(err.matches("(os error 2)").count(), 1, "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn a_one_word_file_renders_its_word_once_and_is_titled_by_it() {
    let dir = scratch("one-word");
    let file = dir.join("hi.txt");
    std::fs::write(&file, "Hi\n").unwrap();
    let path = file.to_str().unwrap();
    let o = recto(&["render", path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "Hi\n");
    let outline = json(&recto(&["outline", "--json", path]));
    assert_eq!(outline[0]["title"], "Hi");
}
