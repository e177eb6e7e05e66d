//! Links in the text: which byte ranges of a block are link text (styled by the view), the
//! picker that lists a document's links, what following one means (an in-document anchor,
//! another document recto reads, or the system's opener), and OSC 8 hyperlinks written
//! around a link's cells where the terminal is known to support them.
//!
//! Reads the workspace and the document model; changes nothing but what it returns (a
//! picker, a `Follow`) and, in `mark_osc8`, the frame's buffer it is given. Never imports the
//! app. Starting the system opener is the one side effect, in `open_external`, and it never
//! waits for the opener.

use super::panes::Workspace;
use super::picker::{self, Picker, Target};
use crate::document::{Document, Inline};
use crate::layout::{DisplayLine, SpanRole, text_width};
use ratatui::buffer::{Buffer, CellDiffOption};
use std::num::NonZeroU16;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The byte ranges of `block`'s text that are link text, in order.
pub fn link_ranges(doc: &Document, block: usize) -> Vec<(Range<usize>, &str)> {
    let Some(b) = doc.blocks.get(block) else {
        return Vec::new();
    };
    let mut out: Vec<(Range<usize>, &str)> = b
        .spans
        .iter()
        .filter_map(|s| match &s.style {
            Inline::Link { target } if s.range.start < s.range.end => {
                Some((s.range.clone(), target.as_str()))
            }
            _ => None,
        })
        .collect();
    out.sort_by_key(|(r, _)| (r.start, r.end));
    out
}

/// The columns (from the line's start) that show link text on `display`, with the link's
/// target: `(start, end, target)`, in order. Only text shown one for one with its source
/// counts (a `?` standing for a character too wide for the line is no link text).
pub fn link_columns<'a>(
    display: &DisplayLine,
    links: &[(Range<usize>, &'a str)],
) -> Vec<(u16, u16, &'a str)> {
    let mut out = Vec::new();
    if links.is_empty() {
        return out;
    }
    let mut x = 0usize;
    for span in &display.spans {
        let w = text_width(&span.text);
        let src = &span.source;
        let exact = span.role == SpanRole::Text && src.len() == span.text.len();
        if exact {
            for (range, target) in links {
                let s = range.start.max(src.start);
                let e = range.end.min(src.end);
                if s >= e {
                    continue;
                }
                let (s, e) = (s - src.start, e - src.start);
                let (Some(before), Some(upto)) = (span.text.get(..s), span.text.get(..e)) else {
                    continue;
                };
                let c0 = x + text_width(before);
                let c1 = x + text_width(upto);
                if let (Ok(c0), Ok(c1)) = (u16::try_from(c0), u16::try_from(c1)) {
                    out.push((c0, c1, *target));
                }
            }
        }
        x += w;
    }
    out
}

/// The focused pane's document's links as a picker (text, then target), or why not.
pub fn picker(ws: &Workspace) -> Result<Picker, String> {
    let Some(pane) = ws.focused() else {
        return Err("No document is open".into());
    };
    let doc = pane.doc;
    let items: Vec<picker::Item> = ws.docs[doc]
        .doc
        .links()
        .map(|l| picker::Item {
            label: if l.text.trim().is_empty() {
                l.target.to_string()
            } else {
                l.text.split_whitespace().collect::<Vec<_>>().join(" ")
            },
            indent: 0,
            detail: l.target.to_string(),
            target: Target::Follow {
                doc,
                target: l.target.to_string(),
            },
        })
        .collect();
    if items.is_empty() {
        return Err("This document has no links".into());
    }
    Ok(Picker::new(picker::Kind::TextLinks, items))
}

/// What following a link does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Follow {
    /// An anchor in the same document: go to `block` (on the jump list).
    Jump { doc: usize, block: usize },
    /// Another document recto reads (a local file, or a URL it fetches): open it in the
    /// focused pane.
    Open(String),
    /// Anything else: hand it to the system's opener.
    External(String),
    /// A link that leads nowhere recto can tell (an anchor that is not in the document).
    Nowhere(String),
}

/// Extensions of the local files recto reads itself.
const READABLE: &[&str] = &[
    "txt", "text", "md", "markdown", "mdown", "html", "htm", "xhtml", "epub",
];

/// Where link `target` of document `doc` leads.
pub fn resolve(ws: &Workspace, doc: usize, target: &str) -> Follow {
    let Some(dv) = ws.docs.get(doc) else {
        return Follow::Nowhere(target.to_string());
    };
    let target = target.trim();
    let (base, fragment) = match target.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (target, None),
    };
    let same_page = base.is_empty()
        || dv
            .doc
            .meta
            .url
            .as_deref()
            .is_some_and(|u| strip_fragment(u) == base);
    if same_page && let Some(anchor) = fragment {
        return match dv.doc.anchor_block(anchor) {
            Some(block) => Follow::Jump { doc, block },
            None => Follow::Nowhere(format!("#{anchor} is not in this document")),
        };
    }
    if crate::ingest::fetch::is_url(base) {
        return Follow::Open(base.to_string());
    }
    let scheme = base
        .split_once(':')
        .filter(|(s, _)| s.len() > 1 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '+'));
    if let Some((scheme, rest)) = scheme {
        if scheme.eq_ignore_ascii_case("file") {
            return local(Path::new(rest.trim_start_matches("//")), target);
        }
        return Follow::External(target.to_string());
    }
    // A relative link: against the page's URL for a fetched page, else the file's folder.
    if let Some(page) = dv
        .doc
        .meta
        .url
        .as_deref()
        .filter(|u| crate::ingest::fetch::is_url(u))
        .filter(|_| crate::ingest::fetch::is_url(&dv.source) || dv.source.is_empty())
    {
        return Follow::Open(join_url(page, base));
    }
    let dir = Path::new(&dv.source)
        .parent()
        .map_or_else(PathBuf::new, Path::to_path_buf);
    let path = if Path::new(base).is_absolute() {
        PathBuf::from(base)
    } else {
        dir.join(base)
    };
    local(&path, target)
}

fn local(path: &Path, target: &str) -> Follow {
    let readable = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| READABLE.iter().any(|r| r.eq_ignore_ascii_case(e)));
    if readable && path.is_file() {
        Follow::Open(path.display().to_string())
    } else if path.exists() {
        Follow::External(path.display().to_string())
    } else {
        Follow::Nowhere(format!("{target}: no such file"))
    }
}

fn strip_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(u, _)| u)
}

/// `relative` against the page URL `page` ("/a" from the host, "b" beside the page).
pub fn join_url(page: &str, relative: &str) -> String {
    let page = strip_fragment(page);
    let page = page.split_once('?').map_or(page, |(u, _)| u);
    let after_scheme = page.find("://").map_or(0, |i| i + 3);
    let host_end = page[after_scheme..]
        .find('/')
        .map_or(page.len(), |i| after_scheme + i);
    if let Some(rest) = relative.strip_prefix("//") {
        let scheme = &page[..after_scheme.saturating_sub(3)];
        return format!("{scheme}://{rest}");
    }
    if relative.starts_with('/') {
        return format!("{}{relative}", &page[..host_end]);
    }
    let dir_end = page[host_end..]
        .rfind('/')
        .map_or(page.len(), |i| host_end + i);
    format!("{}/{relative}", &page[..dir_end])
}

/// Hands `target` to the system opener without waiting for it: `$BROWSER` when set, else
/// `xdg-open` (or `open` on macOS). Its output goes nowhere (it would draw over the
/// reader); it is reaped on a thread of its own.
pub fn open_external(target: &str) -> Result<String, String> {
    if target.chars().any(char::is_control) {
        return Err("the link holds control characters; not opened".into());
    }
    let opener = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
        .unwrap_or_else(|| {
            if cfg!(target_os = "macos") {
                "open".into()
            } else {
                "xdg-open".into()
            }
        });
    // $BROWSER may be a list ("firefox:chromium"); the first is used. It may hold
    // arguments, and "%s" stands for the link where it appears.
    let first = opener.split(':').next().unwrap_or_default().to_string();
    let mut words: Vec<String> = first.split_whitespace().map(str::to_string).collect();
    if words.is_empty() {
        return Err("no opener: set $BROWSER".into());
    }
    if words.iter().any(|w| w.contains("%s")) {
        for w in &mut words {
            *w = w.replace("%s", target);
        }
    } else {
        words.push(target.to_string());
    }
    let program = words.remove(0);
    let child = std::process::Command::new(&program)
        .args(&words)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start {program}: {e}"))?;
    std::thread::spawn(move || {
        let mut child = child;
        let _ = child.wait();
    });
    Ok(program)
}

/// Whether to write OSC 8 hyperlinks (set once at start-up from the terminal, see
/// `terminal_supports_osc8`).
static OSC8: AtomicBool = AtomicBool::new(false);

pub fn set_osc8(on: bool) {
    OSC8.store(on, Ordering::Relaxed);
}

pub fn osc8_enabled() -> bool {
    OSC8.load(Ordering::Relaxed)
}

/// Whether the terminal is one known to understand OSC 8 (others may print the sequence
/// as text): `RECTO_HYPERLINKS=0|1` decides when set; else kitty, WezTerm, iTerm2,
/// Ghostty, foot, VS Code, Windows Terminal, VTE ≥ 0.50 (GNOME Terminal and friends), and
/// tmux ≥ 3.4 (earlier versions drop the sequence but some mangle it).
pub fn terminal_supports_osc8(env: impl Fn(&str) -> Option<String>) -> bool {
    if let Some(v) = env("RECTO_HYPERLINKS") {
        return v.trim() == "1";
    }
    let program = env("TERM_PROGRAM").unwrap_or_default();
    if program == "tmux" {
        let version = env("TERM_PROGRAM_VERSION").unwrap_or_default();
        return version_at_least(&version, (3, 4));
    }
    if env("TMUX").is_some() || env("STY").is_some() {
        // Inside a multiplexer that did not say which version it is: unsure, so no.
        return false;
    }
    let term = env("TERM").unwrap_or_default();
    ["iTerm.app", "WezTerm", "vscode", "ghostty"].contains(&program.as_str())
        || env("KITTY_WINDOW_ID").is_some()
        || env("WT_SESSION").is_some()
        || term.starts_with("xterm-kitty")
        || term.starts_with("foot")
        || term == "xterm-ghostty"
        || env("VTE_VERSION")
            .and_then(|v| v.trim().parse::<u32>().ok())
            .is_some_and(|v| v >= 5000)
}

fn version_at_least(version: &str, want: (u32, u32)) -> bool {
    let mut parts = version
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    (major, minor) >= want
}

/// A target that may be written inside an OSC 8 sequence: an absolute URL of printable
/// ASCII (no ESC, no BEL, nothing that could end the sequence early).
fn osc8_target(target: &str) -> bool {
    let scheme_ok = ["http://", "https://", "mailto:", "ftp://", "file://"]
        .iter()
        .any(|s| {
            target
                .get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s))
        });
    scheme_ok && target.len() < 2048 && target.bytes().all(|b| (0x21..0x7f).contains(&b))
}

/// Wraps the cells `x0..x1` of row `y` in an OSC 8 hyperlink to `target`: the sequence
/// goes into the first cell's symbol (told to count as the whole run's width) and the
/// other cells are skipped. Nothing is done for an unsafe target, or a run holding a
/// wide character (its width could not be told apart from the sequence's).
pub fn mark_osc8(buf: &mut Buffer, y: u16, x0: u16, x1: u16, target: &str) {
    if x1 <= x0 || !osc8_target(target) {
        return;
    }
    let mut text = String::new();
    for x in x0..x1 {
        let Some(cell) = buf.cell((x, y)) else {
            return;
        };
        let symbol = cell.symbol();
        if unicode_width::UnicodeWidthStr::width(symbol) != 1
            || symbol.chars().any(char::is_control)
        {
            return;
        }
        text.push_str(symbol);
    }
    let Some(width) = NonZeroU16::new(x1 - x0) else {
        return;
    };
    let linked = format!("\x1b]8;;{target}\x1b\\{text}\x1b]8;;\x1b\\");
    if let Some(cell) = buf.cell_mut((x0, y)) {
        cell.set_symbol(&linked);
        cell.set_diff_option(CellDiffOption::ForcedWidth(width));
    }
    for x in x0 + 1..x1 {
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_diff_option(CellDiffOption::Skip);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn osc8_only_where_the_terminal_is_known_to_take_it() {
        assert!(!terminal_supports_osc8(env_of(&[(
            "TERM",
            "xterm-256color"
        )])));
        assert!(terminal_supports_osc8(env_of(&[("TERM", "xterm-kitty")])));
        assert!(terminal_supports_osc8(env_of(&[("VTE_VERSION", "7600")])));
        assert!(terminal_supports_osc8(env_of(&[
            ("TERM_PROGRAM", "tmux"),
            ("TERM_PROGRAM_VERSION", "3.4"),
        ])));
        assert!(!terminal_supports_osc8(env_of(&[
            ("TERM_PROGRAM", "tmux"),
            ("TERM_PROGRAM_VERSION", "3.3a"),
        ])));
        assert!(!terminal_supports_osc8(env_of(&[
            ("TMUX", "/tmp/x"),
            ("KITTY_WINDOW_ID", "1"),
        ])));
        assert!(!terminal_supports_osc8(env_of(&[
            ("RECTO_HYPERLINKS", "0"),
            ("KITTY_WINDOW_ID", "1"),
        ])));
        assert!(terminal_supports_osc8(env_of(&[("RECTO_HYPERLINKS", "1")])));
    }

    #[test]
    fn only_plain_absolute_urls_go_into_a_sequence() {
        assert!(osc8_target("https://example.org/a?b=c"));
        assert!(!osc8_target("https://example.org/\x1b]8;;x"));
        assert!(!osc8_target("https://example.org/a b"));
        assert!(!osc8_target("#section"));
        assert!(!osc8_target("javascript:alert(1)"));
    }

    #[test]
    fn relative_links_join_the_page_url() {
        let page = "https://example.org/docs/guide/intro.html?x=1#top";
        assert_eq!(
            join_url(page, "next.html"),
            "https://example.org/docs/guide/next.html"
        );
        assert_eq!(join_url(page, "/about"), "https://example.org/about");
        assert_eq!(
            join_url(page, "//cdn.example.net/a"),
            "https://cdn.example.net/a"
        );
        assert_eq!(
            join_url("https://example.org", "a"),
            "https://example.org/a"
        );
    }

    #[test]
    fn a_link_run_becomes_one_cell_with_the_sequence_and_skipped_cells() {
        use ratatui::layout::Rect;
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "see docs.", ratatui::style::Style::default());
        mark_osc8(&mut buf, 0, 4, 8, "https://example.org/");
        assert_eq!(
            buf[(4, 0)].symbol(),
            "\x1b]8;;https://example.org/\x1b\\docs\x1b]8;;\x1b\\"
        );
        assert_eq!(buf[(5, 0)].diff_option, CellDiffOption::Skip);
        assert_eq!(buf[(8, 0)].symbol(), ".");
        // An unsafe target changes nothing.
        let before = buf.clone();
        mark_osc8(&mut buf, 0, 0, 3, "https://x/\x07");
        assert_eq!(buf, before);
    }
}
