//! Hostile input: a corpus of bad files, generated here (nothing large is committed).
//!
//! For every input, `ingest::parse_bytes` either returns a document whose every text field
//! is safe for a terminal (no ESC, no C0 but newline, no C1, no bidi control) and whose
//! anchors are valid, or a one-line error naming the file. Each document is then laid out
//! at several widths, and every display line must be safe as well. Found fuzz crashes are
//! kept at the end as regression tests.

use recto::document::{BlockKind, Document};
use recto::ingest::{self, parse_bytes};
use recto::layout::layout_document;

const NAME: &str = "hostile.txt";

/// A small deterministic generator, so that "noise" is the same on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

const ARTICLE: &str = "The Title of a Hostile Article\n\nBy Jane Doe\n\nA first paragraph that says something about the U.S. and Mexico.1 It goes on for a while, long enough to wrap at eighty columns.\n\nA Section Heading\n\nAnother paragraph with a note.2 And “quotes” and café and 日本語 and 😀.\n\nNotes\n\n1. The first note.\n2. The second note.\n";

/// Escape-sequence payloads a file could carry to attack the terminal.
fn payloads() -> Vec<(&'static str, String)> {
    vec![
        ("sgr colour", "\x1b[31;1mRED\x1b[0m".into()),
        ("alt screen", "\x1b[?1049h\x1b[2J\x1b[H".into()),
        ("osc 52 clipboard", "\x1b]52;c;cm0gLXJmIH4K\x07".into()),
        ("osc 52 st", "\x1b]52;p;cm0gLXJmIH4K\x1b\\".into()),
        (
            "osc 8 hyperlink",
            "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\".into(),
        ),
        ("osc 0 title", "\x1b]0;pwned title\x07".into()),
        ("osc 2 title", "\x1b]2;pwned title\x1b\\".into()),
        ("unterminated osc", "\x1b]0;never ends and more text".into()),
        ("dcs", "\x1bP$q\"p\x1b\\".into()),
        ("decrqss", "\x1bP+q544e\x1b\\".into()),
        ("apc pm sos", "\x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\".into()),
        ("device status query", "\x1b[6n\x1b[5n".into()),
        ("device attributes", "\x1b[c\x1b[>c\x1b[=c".into()),
        ("colour query", "\x1b]11;?\x07\x1b]4;1;?\x07".into()),
        ("window ops", "\x1b[21t\x1b[14t\x1b[8;1;1t".into()),
        ("reset", "\x1bc\x1b7\x1b8\x1b(0".into()),
        ("8-bit csi", "\u{9b}31m\u{9b}6n".into()),
        ("8-bit osc", "\u{9d}0;title\u{9c}\u{9d}52;c;eA==\u{7}".into()),
        ("8-bit dcs", "\u{90}$q\"p\u{9c}".into()),
        ("c1 singles", "\u{84}\u{85}\u{8d}\u{8e}\u{8f}\u{9a}".into()),
        ("c0 all", (1u8..32).map(char::from).collect()),
        ("del", "\x7f\x7f".into()),
        ("lone esc", "\x1b".into()),
        (
            "bidi",
            "\u{202E}txt.exe\u{202C}\u{2066}\u{2067}\u{2068}\u{2069}\u{200E}\u{200F}\u{061C}\u{202A}\u{202B}\u{202D}"
                .into(),
        ),
        ("zero width", "\u{200B}\u{2060}\u{FEFF}".into()),
        ("soft hyphen", "\u{AD}".into()),
    ]
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// What must never reach the terminal.
fn assert_safe(what: &str, text: &str) {
    if let Some(bad) = text
        .chars()
        .find(|&c| (c.is_control() && c != '\n') || is_bidi_control(c))
    {
        panic!("{what}: unsafe character {bad:?} in {text:?}");
    }
}

/// Every text field of the document is safe, and every anchor points into its text.
fn assert_document_safe(label: &str, doc: &Document) {
    let m = &doc.meta;
    assert_safe(&format!("{label}: path"), &doc.path);
    assert_safe(&format!("{label}: title"), &m.title);
    for (field, value) in [
        ("subtitle", &m.subtitle),
        ("byline", &m.byline),
        ("date", &m.date),
        ("source", &m.source),
        ("url", &m.url),
    ] {
        if let Some(v) = value {
            assert_safe(&format!("{label}: {field}"), v);
        }
    }
    for (i, b) in doc.blocks.iter().enumerate() {
        assert_safe(&format!("{label}: block {i}"), &b.text);
        if let BlockKind::ListItem { marker, .. } = &b.kind {
            assert_safe(&format!("{label}: block {i} marker"), marker);
        }
        for r in &b.refs {
            assert!(
                b.text.is_char_boundary(r.offset),
                "{label}: ref offset {} not on a char boundary of block {i}",
                r.offset
            );
            if let Some(n) = r.note {
                assert!(n < doc.notes.len(), "{label}: ref to note index {n}");
            }
        }
    }
    for s in &doc.sections {
        assert_safe(&format!("{label}: section"), &s.title);
        assert!(s.block < doc.blocks.len(), "{label}: section block");
    }
    for n in &doc.notes {
        assert_safe(&format!("{label}: note"), &n.text);
    }
    for w in &doc.warnings {
        assert_safe(&format!("{label}: warning"), w);
        assert!(!w.contains('\n'), "{label}: warning spans lines: {w:?}");
    }
    for (i, s) in doc.sentences.iter().enumerate() {
        let text = doc.blocks.get(s.block).map(|b| b.text.as_str());
        assert!(
            text.and_then(|t| t.get(s.range.clone())).is_some(),
            "{label}: sentence {i} range {:?} invalid",
            s.range
        );
        assert!(!s.range.is_empty(), "{label}: empty sentence {i}");
        let _ = doc.sentence_rendered(i);
    }
}

/// Widths a document is laid out at: nothing, one and two columns, and a normal one.
const WIDTHS: &[u16] = &[0, 1, 2, 80];

/// Lays the document out (chrome shown, so every block is laid out); every line must be
/// safe.
fn assert_layout_safe(label: &str, doc: &Document, widths: &[u16]) {
    for &width in widths {
        for line in layout_document(doc, width, true) {
            assert_safe(&format!("{label}: layout at {width}"), &line.text());
        }
    }
}

/// Parses `bytes`; either a safe document or a one-line error naming the file.
fn check(label: &str, bytes: &[u8]) -> Option<Document> {
    check_at(label, bytes, WIDTHS)
}

/// `check`, laying out at only the given widths (for inputs that are big or many).
fn check_at(label: &str, bytes: &[u8], widths: &[u16]) -> Option<Document> {
    match parse_bytes(NAME, bytes) {
        Ok(doc) => {
            assert_document_safe(label, &doc);
            assert_layout_safe(label, &doc, widths);
            Some(doc)
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.starts_with(NAME),
                "{label}: error does not name the file: {msg}"
            );
            assert!(!msg.contains('\n'), "{label}: error spans lines: {msg:?}");
            assert_safe(label, &msg);
            None
        }
    }
}

fn visible_text(doc: &Document) -> String {
    doc.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn empty_and_whitespace_only() {
    for (label, bytes) in [
        ("empty", &b""[..]),
        ("spaces", b"    "),
        ("newlines", b"\n\n\n"),
        ("mixed whitespace", b" \t \r\n \x0c \r \n\t"),
        ("nbsp", "\u{a0}\u{2003}\u{3000}".as_bytes()),
        ("bom only", b"\xEF\xBB\xBF"),
        ("utf16 bom only", b"\xFF\xFE"),
    ] {
        let doc = check(label, bytes).expect("whitespace is text, not an error");
        assert!(
            visible_text(&doc).trim().is_empty(),
            "{label}: {:?}",
            visible_text(&doc)
        );
    }
}

#[test]
fn binary_files_are_refused_with_one_line() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0".to_vec();
    elf.extend(rng.bytes(4096));
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(rng.bytes(4096));
    let mut noise_without_nul = rng.bytes(8192);
    noise_without_nul.iter_mut().for_each(|b| *b = (*b).max(1));
    let mut text_with_nul = ARTICLE.as_bytes().to_vec();
    text_with_nul.insert(40, 0);
    for (label, bytes) in [
        ("nul", b"\0".to_vec()),
        ("elf", elf),
        ("png", png),
        ("noise without nul", noise_without_nul),
        ("text with a nul", text_with_nul),
        ("control soup", (1u8..32).cycle().take(500).collect()),
    ] {
        assert!(check(label, &bytes).is_none(), "{label} was accepted");
        assert_eq!(
            parse_bytes(NAME, &bytes).unwrap_err().to_string(),
            format!("{NAME}: looks like a binary file, not text")
        );
    }
}

#[test]
fn invalid_utf8_in_every_position() {
    let base = ARTICLE.as_bytes();
    for i in 0..=base.len() {
        for bad in [0xFFu8, 0x80, 0xC3] {
            let mut bytes = base.to_vec();
            bytes.insert(i, bad);
            let doc = check_at(&format!("0x{bad:02x} inserted at {i}"), &bytes, &[80])
                .expect("one bad byte is still text");
            assert!(!doc.warnings.is_empty(), "no warning for a bad byte at {i}");
        }
        // Overwriting instead cuts multi-byte characters in half.
        if i < base.len() {
            let mut bytes = base.to_vec();
            bytes[i] = 0xFE;
            check_at(&format!("0xfe over {i}"), &bytes, &[80]).expect("still text");
        }
    }
}

#[test]
fn windows_1252_and_latin1() {
    let cp1252 = b"Caf\xe9 Society\r\n\r\n\x93Smart quotes\x94 and \x91single\x92, an en \x96 and em \x97 dash, \x80 5, \x85 and \x99.\r\n";
    let doc = check("windows-1252", cp1252).unwrap();
    let text = visible_text(&doc);
    assert!(text.contains("“Smart quotes” and ‘single’, an en – and em — dash, € 5, … and ™."));
    let latin1: Vec<u8> = "Übermäßig Größe\n\nÀ la façon de São Paulo, naïve señor.\n"
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let doc = check("latin-1", &latin1).unwrap();
    assert!(visible_text(&doc).contains("À la façon de São Paulo, naïve señor."));
    // Undefined Windows-1252 bytes never become C1 controls.
    let doc = check(
        "cp1252 holes",
        b"Holes \x81 and \x8d and \x8f, \x90, \x9d in a caf\xe9 text.",
    )
    .unwrap();
    assert!(visible_text(&doc).contains("Holes \u{FFFD} and \u{FFFD} and"));
}

#[test]
fn utf16_with_and_without_bom() {
    for (label, le, bom) in [
        ("utf-16le bom", true, true),
        ("utf-16be bom", false, true),
        ("utf-16le", true, false),
        ("utf-16be", false, false),
    ] {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
        }
        for unit in ARTICLE.encode_utf16() {
            bytes.extend(if le {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        let doc = check(label, &bytes).expect("utf-16 is text");
        assert!(
            visible_text(&doc).contains("Another paragraph with a note"),
            "{label}"
        );
        // A broken surrogate and an odd trailing byte.
        bytes.extend(if le { [0x00, 0xD8] } else { [0xD8, 0x00] });
        bytes.push(b'x');
        check(&format!("{label} broken"), &bytes).expect("still text");
    }
    // UTF-16 carrying NULs after decoding is binary.
    let nuls: Vec<u8> = [0xFF, 0xFE, 0, 0, 0, 0, b'a', 0].to_vec();
    assert!(check("utf-16 with nul", &nuls).is_none());
}

#[test]
fn line_ends_form_feeds_and_overstrike() {
    let doc = check(
        "line ends",
        b"Title\r\n\r\nOne line.\rTwo line.\r\n\x0cThree after a page break.\n",
    )
    .unwrap();
    let text = visible_text(&doc);
    assert!(text.contains("One line.") && text.contains("Three after a page break."));
    let doc = check(
        "overstrike",
        b"N\x08NA\x08AM\x08ME\x08E\n\n_\x08u_\x08n_\x08d_\x08e_\x08r lined text.\n",
    )
    .unwrap();
    let text = visible_text(&doc);
    assert!(text.contains("NAME"), "{text}");
    assert!(text.contains("under lined text."), "{text}");
}

#[test]
fn escape_payloads_anywhere_leave_their_neighbours() {
    let spots = [
        "The Title of a Hostile",
        "By Jane",
        "A first paragraph",
        "the U.S.",
        "A Section",
        "note.2",
        "Notes",
        "The first note",
        "second note.",
    ];
    for (name, payload) in payloads() {
        for spot in spots {
            let at = ARTICLE.find(spot).expect("spot exists") + spot.len() / 2;
            let mut text = ARTICLE.to_string();
            text.insert_str(at, &payload);
            let label = format!("{name} in {spot:?}");
            let doc = check(&label, text.as_bytes()).expect("payloads are text");
            let shown = visible_text(&doc);
            // The neighbours of the payload still show: what precedes it on its line, and
            // the other lines (an unterminated string may take the rest of its own line).
            assert!(
                shown.contains(spot[..spot.len() / 2].trim()),
                "{label}: {shown}"
            );
            let line_start = ARTICLE[..at].rfind('\n').map_or(0, |p| p + 1);
            let line_end = ARTICLE[at..].find('\n').map_or(ARTICLE.len(), |p| at + p);
            let other_line = if ARTICLE[line_start..line_end].contains("wrap at eighty") {
                "Another paragraph with a note"
            } else {
                "wrap at eighty columns"
            };
            assert!(shown.contains(other_line), "{label}: {shown}");
        }
        // And as raw 8-bit bytes rather than encoded characters.
        let raw: Vec<u8> = payload
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect();
        let mut bytes = ARTICLE.as_bytes().to_vec();
        bytes.splice(10..10, raw);
        check(&format!("{name} raw bytes"), &bytes);
    }
}

#[test]
fn payload_content_becomes_invisible_or_plain_text() {
    let doc = check(
        "osc 52",
        b"Title\n\nBefore\x1b]52;c;cm0gLXJmIH4K\x07 after. Left \x1b]8;;https://evil/\x1b\\link\x1b]8;;\x1b\\ right.\n",
    )
    .unwrap();
    let text = visible_text(&doc);
    assert!(text.contains("Before after. Left link right."), "{text}");
    assert!(!text.contains("cm0gLXJmIH4K") && !text.contains("evil"));
    assert!(doc.warnings.iter().any(|w| w.contains("escape sequence")));
}

#[test]
fn unicode_oddities() {
    let zalgo = format!("Z{}algo\n\nText.\n", "\u{301}".repeat(10_000));
    let doc = check("10 000 combining marks", zalgo.as_bytes()).unwrap();
    assert!(
        visible_text(&doc).chars().count() < 100,
        "marks were not capped"
    );
    let wide = "日本語の文章です。中文句子。한국어 문장.\n\n😀👨‍👩‍👧🏳️‍🌈 emoji 🇺🇸 flags\n".repeat(50);
    let doc = check("cjk and emoji", wide.as_bytes()).unwrap();
    assert!(
        visible_text(&doc).contains("👨\u{200D}👩\u{200D}👧"),
        "ZWJ kept"
    );
    check(
        "bidi trojan source",
        "Title\n\nif access_level != \"user\u{202E} \u{2066}// Check if admin\u{2069} \u{2066}\" {\n"
            .as_bytes(),
    )
    .unwrap();
    check(
        "zero width and soft hyphens",
        "Ti\u{200B}tle\n\nin\u{AD}ter\u{AD}na\u{AD}tion\u{AD}al\u{FEFF} text\u{2060}.\n".as_bytes(),
    )
    .unwrap();
    check(
        "separators",
        "Title\u{2028}Sub\u{2029}\u{85}Body\u{feff}\n".as_bytes(),
    )
    .unwrap();
    check(
        "noncharacters and private use",
        "Title\n\n\u{FFFE}\u{FFFF}\u{E000}\u{10FFFF}\u{FFFD} text.\n".as_bytes(),
    )
    .unwrap();
}

#[test]
fn notes_lists_with_bad_numbering() {
    let body: String = (1..=12)
        .map(|i| {
            format!("Paragraph {i} makes a claim about the matter at hand.{i} It continues.\n\n")
        })
        .collect();
    let notes = "Notes\n\n1. First.\n1. First again.\n3. Third.\n2. Second, late.\n5. Fifth, four missing.\n1. Restarted one.\n2. Restarted two.\n0. Zero.\n4294967296. Too big.\n99999999999999999999. Way too big.\n";
    let text = format!("A Title\n\n{body}{notes}");
    let doc = check("messy notes", text.as_bytes()).unwrap();
    for n in &doc.notes {
        assert!(!n.text.is_empty());
    }
}

#[test]
fn reference_to_note_4294967296() {
    for reference in [
        "claim.4294967296 Next",
        "claim[4294967296] Next",
        "claim[^4294967296] Next",
        "claim⁴²⁹⁴⁹⁶⁷²⁹⁶ Next",
        "claim.18446744073709551616 Next",
        "claim[99999999999999999999999999] Next",
    ] {
        let text = format!(
            "A Title\n\nThis is a sentence making a {reference} sentence goes on.\n\nNotes\n\n1. The only note.\n"
        );
        let doc = check(reference, text.as_bytes()).unwrap();
        // Whatever became of the huge number, it resolves to no note: the only note is 1,
        // and nothing refers to it.
        assert!(
            doc.blocks
                .iter()
                .flat_map(|b| &b.refs)
                .all(|r| r.note.is_none() && r.number != 1),
            "{reference}: {:?}",
            doc.blocks.iter().flat_map(|b| &b.refs).collect::<Vec<_>>()
        );
    }
}

#[test]
fn ten_thousand_headings() {
    let mut text = String::from("A Title\n\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "Heading Number {i}\n\nA paragraph under heading {i} that is long enough to be body text.\n\n"
        ));
    }
    let doc = check_at("10 000 headings", text.as_bytes(), &[1, 80]).unwrap();
    assert_eq!(doc.sections.len(), 10_000);
    assert_eq!(doc.sections[9_999].title, "Heading Number 9999");
}

#[test]
fn long_lines_and_many_lines_small() {
    // The 100 MB and 10-million-line versions are in tests/hostile_big.rs.
    let line = "word ".repeat(10_000);
    check("50 kB line", line.as_bytes()).unwrap();
    let no_spaces = "x".repeat(50_000);
    check("50 kB unbreakable line", no_spaces.as_bytes()).unwrap();
    let many = "a\n".repeat(20_000);
    check("20 000 short lines", many.as_bytes()).unwrap();
    let blank = "\n".repeat(200_000);
    check("200 000 blank lines", blank.as_bytes()).unwrap();
}

#[test]
fn payloads_in_file_names_do_not_reach_errors_or_documents() {
    let dir = tempfile::tempdir().unwrap();
    for (name, payload) in payloads() {
        let clean: String = payload.chars().filter(|&c| c != '/' && c != '\0').collect();
        let path = dir.path().join(format!("a{clean}b.txt"));
        std::fs::write(&path, ARTICLE).unwrap();
        let doc = ingest::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_document_safe(name, &doc);
        let missing = dir.path().join(format!("missing{clean}.txt"));
        let msg = ingest::load(&missing).unwrap_err().to_string();
        assert_safe(name, &msg);
        assert!(!msg.contains('\n'));
    }
}

#[test]
fn payloads_in_sidecar_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, ARTICLE).unwrap();
    for (name, payload) in payloads() {
        let escaped: String = payload
            .chars()
            .map(|c| format!("\\u{:04X}", u32::from(c)))
            .collect();
        let toml = ["title", "author", "subtitle", "date", "source", "url"]
            .iter()
            .map(|k| format!("{k} = \"x{escaped}y\"\n"))
            .collect::<String>();
        std::fs::write(dir.path().join("a.txt.toml"), &toml).unwrap();
        let doc = ingest::load(&path).unwrap();
        assert_document_safe(name, &doc);
        assert!(
            doc.meta.title.starts_with('x'),
            "{name}: sidecar not applied"
        );
        // The same payload as raw bytes makes the sidecar invalid: a warning, safely worded.
        let mut raw = b"title = \"".to_vec();
        raw.extend(payload.as_bytes());
        raw.extend(b"\"\n");
        std::fs::write(dir.path().join("a.txt.toml"), &raw).unwrap();
        let doc = ingest::load(&path).unwrap();
        assert_document_safe(name, &doc);
    }
}

#[test]
fn bundled_seeds_are_safe() {
    for (name, bytes) in recto::library::BUNDLED {
        check(name, bytes).expect("seeds parse");
    }
}

// Regression inputs found by fuzzing (`fuzz/`, target `ingest`) go below.
