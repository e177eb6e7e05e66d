//! Reading files from disk: decoding as a user sees it, errors that name the file,
//! non-regular files refused without hanging, and metadata sidecars.

use recto::ingest::{self, IngestError};
use std::fs;
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write temp file");
    path
}

const ARTICLE: &str = "A Title Line\n\nFirst paragraph of the article. It has two sentences.\n";

#[test]
fn loads_a_plain_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", ARTICLE);
    let doc = ingest::load(&path).unwrap();
    assert_eq!(doc.path, path.display().to_string());
    assert!(
        doc.blocks
            .iter()
            .any(|b| b.text.contains("First paragraph"))
    );
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn missing_file_is_a_one_line_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.txt");
    let err = ingest::load(&path).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, IngestError::Io { .. }));
    assert!(msg.starts_with(&path.display().to_string()), "{msg}");
    assert!(!msg.contains('\n'));
}

#[test]
fn directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let msg = ingest::load(dir.path()).unwrap_err().to_string();
    assert_eq!(
        msg,
        format!(
            "{}: is a directory, not a regular file",
            dir.path().display()
        )
    );
}

#[test]
fn huge_and_sparse_files_are_refused_before_they_are_read() {
    // Sparse files: no disk is used, but a reader that trusted the size would ask for
    // terabytes of memory (and abort), or read a gigabyte of zeros before refusing it.
    let dir = tempfile::tempdir().unwrap();
    let sparse = |name: &str, len: u64| {
        let path = dir.path().join(name);
        std::fs::File::create(&path).unwrap().set_len(len).unwrap();
        path
    };
    let huge = sparse("huge.txt", 2 << 40);
    let msg = ingest::load(&huge).unwrap_err().to_string();
    assert!(
        msg.starts_with(&format!("{}: is too large to read", huge.display())),
        "{msg}"
    );
    let zeros = sparse("zeros.txt", 1 << 30);
    let msg = ingest::load(&zeros).unwrap_err().to_string();
    assert_eq!(
        msg,
        format!("{}: looks like a binary file, not text", zeros.display())
    );
}

#[cfg(unix)]
#[test]
fn fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo has no other preconditions.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    // No writer ever opens it: a blocking open would hang this test forever.
    let msg = ingest::load(&fifo).unwrap_err().to_string();
    assert_eq!(
        msg,
        format!(
            "{}: is a FIFO (named pipe), not a regular file",
            fifo.display()
        )
    );
}

#[test]
fn binary_file_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "img.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
    );
    assert_eq!(
        ingest::load(&path).unwrap_err().to_string(),
        format!("{}: looks like a binary file, not text", path.display())
    );
}

#[test]
fn windows_1252_file_reads_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "w.txt",
        b"Caf\xe9 Title\r\n\r\nThe \x93best\x94 caf\xe9 \x96 na\xefve.\r\n",
    );
    let doc = ingest::load(&path).unwrap();
    let all: String = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(all.contains("The “best” café – naïve."), "{all}");
    assert!(doc.warnings.iter().any(|w| w.contains("Windows-1252")));
}

#[test]
fn utf16_file_reads() {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(ARTICLE.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let doc = ingest::load(&write(dir.path(), "u.txt", bytes)).unwrap();
    assert!(
        doc.blocks
            .iter()
            .any(|b| b.text.contains("First paragraph"))
    );
}

#[test]
fn own_sidecar_sets_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", ARTICLE);
    write(
        dir.path(),
        "a.txt.toml",
        "title = \"Real Title\"\nauthor = \"Jane Doe\"\ndate = \"2024-05-01\"\nsource = \"Example\"\nurl = \"https://example.com/a\"\nsubtitle = \"Sub\"\n",
    );
    let doc = ingest::load(&path).unwrap();
    assert_eq!(doc.meta.title, "Real Title");
    assert_eq!(doc.meta.byline.as_deref(), Some("By Jane Doe"));
    assert_eq!(doc.meta.date.as_deref(), Some("2024-05-01"));
    assert_eq!(doc.meta.source.as_deref(), Some("Example"));
    assert_eq!(doc.meta.url.as_deref(), Some("https://example.com/a"));
    assert_eq!(doc.meta.subtitle.as_deref(), Some("Sub"));
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn catalog_sets_metadata_per_file_and_own_sidecar_wins() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "002_x.txt", ARTICLE);
    let b = write(dir.path(), "b.txt", ARTICLE);
    write(
        dir.path(),
        "catalog.toml",
        "[\"002_x.txt\"]\ntitle = \"From Catalog\"\nauthor = \"By Someone\"\n\n[\"b.txt\"]\ntitle = \"B Catalog\"\n",
    );
    write(dir.path(), "b.txt.toml", "title = \"B Own\"\n");
    let doc = ingest::load(&a).unwrap();
    assert_eq!(doc.meta.title, "From Catalog");
    assert_eq!(doc.meta.byline.as_deref(), Some("By Someone"));
    assert_eq!(ingest::load(&b).unwrap().meta.title, "B Own");
}

#[test]
fn invalid_sidecar_is_a_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", ARTICLE);
    write(
        dir.path(),
        "a.txt.toml",
        "title = [unclosed\n\x1b]0;pwn\x07",
    );
    write(dir.path(), "catalog.toml", "[\"a.txt\"]\ntitle = 5\n");
    let doc = ingest::load(&path).unwrap();
    assert_eq!(doc.warnings.len(), 2, "{:?}", doc.warnings);
    for w in &doc.warnings {
        assert!(w.starts_with("metadata ignored: "), "{w}");
        assert!(!w.contains(['\n', '\x1b', '\x07']), "{w:?}");
    }
}

#[test]
fn sidecar_values_are_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", ARTICLE);
    write(
        dir.path(),
        "a.txt.toml",
        "title = \"Evil\\u001b]52;c;SGVsbG8=\\u0007 \\u202eTitle\\nTwo\"\nauthor = \"\\u009b31mMallory\"\n",
    );
    let doc = ingest::load(&path).unwrap();
    assert_eq!(doc.meta.title, "Evil Title Two");
    assert_eq!(doc.meta.byline.as_deref(), Some("By Mallory"));
}

#[test]
fn preview_of_a_large_file_is_its_beginning_cut_at_a_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    let para = "A paragraph of plain prose that repeats to make a long article for the reader.\n\n";
    let mut text = String::from("A Long Article About Repetition\n\n");
    while text.len() < 200_000 {
        text.push_str(para);
    }
    std::fs::write(&path, &text).unwrap();
    let preview = recto::ingest::load_preview(&path, 10_000)
        .unwrap()
        .expect("file is larger");
    assert_eq!(preview.meta.title, "A Long Article About Repetition");
    let last = preview.blocks.last().unwrap();
    assert_eq!(last.text, para.trim());
    assert!(preview.sentences.len() < 200);
    // A file within the limit is loaded whole instead.
    assert!(
        recto::ingest::load_preview(&path, 1_000_000)
            .unwrap()
            .is_none()
    );
}
