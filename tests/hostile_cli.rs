//! Hostile files through the real binary: every subcommand, output to a pipe. Whatever
//! the file, recto exits 0 or 1 (never 101, a panic), writes no control sequence to
//! stdout or stderr, and when it fails says so in one line that names the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn recto(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(args)
        .env_remove("COLUMNS")
        .output()
        .expect("run recto")
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn assert_clean(label: &str, stream: &str, bytes: &[u8]) {
    // Raw bytes first: an 8-bit C1 byte or ESC must not appear even in invalid UTF-8.
    assert!(
        !bytes.contains(&0x1B),
        "{label}: ESC on {stream}: {:?}",
        String::from_utf8_lossy(bytes)
    );
    let text = String::from_utf8(bytes.to_vec())
        .unwrap_or_else(|_| panic!("{label}: {stream} is not UTF-8"));
    if let Some(c) = text.chars().find(|&c| is_unsafe(c)) {
        panic!("{label}: {c:?} on {stream}: {text:?}");
    }
}

/// Runs every subcommand on `path` and checks what a user's terminal would receive.
fn check_all_commands(label: &str, path: &Path) -> bool {
    let p = path.to_str().expect("temp paths are UTF-8");
    let mut ok = true;
    for args in [
        vec!["outline", p],
        vec!["outline", "--json", p],
        vec!["notes", p],
        vec!["notes", "--json", p],
        vec!["render", "--width", "80", p],
        vec!["render", "--width", "2", p],
        vec!["render", "--width", "1", "--chrome", p],
    ] {
        let what = format!("{label}: recto {}", args[..args.len() - 1].join(" "));
        let out = recto(&args);
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{what}: exit {code:?}, stderr {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_clean(&what, "stdout", &out.stdout);
        assert_clean(&what, "stderr", &out.stderr);
        if code == Some(1) {
            ok = false;
            let err = String::from_utf8_lossy(&out.stderr);
            let lines: Vec<&str> = err.lines().collect();
            assert_eq!(lines.len(), 1, "{what}: error is not one line: {err:?}");
            assert!(
                lines[0].contains(p),
                "{what}: error does not name the file: {err}"
            );
        }
    }
    ok
}

const ARTICLE: &str = "The Title of a Hostile Article\n\nBy Jane Doe\n\nA first paragraph about the U.S. and Mexico.1 It goes on for a while, long enough to wrap.\n\nA Section Heading\n\nAnother paragraph.2 With “quotes”, café, 日本語 and 😀.\n\nNotes\n\n1. The first note.\n2. The second note.\n";

fn corpus() -> Vec<(&'static str, Vec<u8>)> {
    let with = |payload: &str| {
        ARTICLE
            .replace("Hostile", &format!("Hos{payload}tile"))
            .replace("wrap.", &format!("wr{payload}ap."))
            .replace("first note", &format!("first{payload} note"))
            .into_bytes()
    };
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(ARTICLE.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be_no_bom: Vec<u8> = ARTICLE.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let mut invalid = ARTICLE.as_bytes().to_vec();
    invalid.insert(20, 0xFF);
    invalid.insert(70, 0x9B);
    vec![
        ("empty", Vec::new()),
        ("whitespace", b" \n\t\r\n  ".to_vec()),
        ("nul", b"text\0text".to_vec()),
        (
            "elf",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0".to_vec(),
        ),
        ("png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10".to_vec()),
        ("invalid utf-8 with raw 0x9b", invalid),
        (
            "windows-1252",
            b"Caf\xe9\r\n\r\n\x93Quoted\x94 text \x96 here.\r\n".to_vec(),
        ),
        ("utf-16le bom", utf16le),
        ("utf-16be no bom", utf16be_no_bom),
        (
            "cr ff overstrike",
            b"T\x08Title\rline\x0cpage\n\n_\x08u_\x08n text.\n".to_vec(),
        ),
        ("sgr", with("\x1b[31m")),
        ("osc 52", with("\x1b]52;c;cm0gLXJmIH4K\x07")),
        ("osc 8", with("\x1b]8;;https://evil/\x1b\\")),
        ("osc 0 title", with("\x1b]0;pwned\x07")),
        ("osc 2 title", with("\x1b]2;pwned\x1b\\")),
        ("unterminated osc", with("\x1b]0;no end")),
        ("dcs", with("\x1bP$q\"p\x1b\\")),
        ("device queries", with("\x1b[6n\x1b[c\x1b]11;?\x07")),
        ("8-bit c1", with("\u{9b}6n\u{9d}0;t\u{9c}\u{85}")),
        ("bidi", with("\u{202E}\u{2066}\u{200F}")),
        ("zero width and soft hyphen", with("\u{200B}\u{FEFF}\u{AD}")),
        ("combining marks", with(&"\u{301}".repeat(10_000))),
        ("note 4294967296", with(".4294967296 [4294967296] ")),
    ]
}

#[test]
fn hostile_files_through_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let mut refused = Vec::new();
    for (i, (label, bytes)) in corpus().into_iter().enumerate() {
        let path = dir.path().join(format!("{i:02}.txt"));
        std::fs::write(&path, &bytes).unwrap();
        if !check_all_commands(label, &path) {
            refused.push(label);
        }
    }
    // Only the binary files are refused; everything else is shown.
    assert_eq!(refused, ["nul", "elf", "png"]);
}

#[test]
fn missing_directory_and_fifo_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let mut paths: Vec<PathBuf> = vec![missing, dir.path().to_path_buf()];
    #[cfg(unix)]
    {
        let fifo = dir.path().join("fifo.txt");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        paths.push(fifo);
    }
    for path in paths {
        let label = path.display().to_string();
        assert!(!check_all_commands(&label, &path), "{label} was accepted");
    }
}

#[test]
fn payload_in_a_file_name_does_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\x1b]0;pwned\x07\u{202E}txt.exe";
    let path = dir.path().join(name);
    std::fs::write(&path, ARTICLE).unwrap();
    let p = path.to_str().unwrap();
    for args in [
        vec!["outline", p],
        vec!["outline", "--json", p],
        vec!["notes", p],
        vec!["render", p],
    ] {
        let out = recto(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_clean(name, "stdout", &out.stdout);
        assert_clean(name, "stderr", &out.stderr);
    }
    let missing = dir.path().join(format!("{name}.missing"));
    let out = recto(&["render", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_clean(name, "stderr", &out.stderr);
}
