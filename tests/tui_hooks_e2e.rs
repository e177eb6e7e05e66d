//! The real `recto` binary in tmux for what comes from outside a file: a URL typed in the
//! documents picker (fetched from a server on 127.0.0.1 that this test runs, its progress
//! in the status line, Esc to stop it, an HTTP error as one line), standard input
//! (`cat f | recto`, `recto - < f`) with keys read from the terminal, and the page
//! furniture key on a corpus article. tmux must be installed (as for tests/tui_e2e.rs).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

struct Tmux {
    socket: String,
    dir: PathBuf,
}

impl Tmux {
    /// Runs `command` (a shell command line; `RECTO` stands for the binary) in a 120x40
    /// pane with its own XDG dirs; after it exits the pane says "recto exited N".
    fn start(tag: &str, command: &str) -> Tmux {
        let socket = format!("recto-hooks-{}-{tag}", std::process::id());
        let dir = std::env::temp_dir().join(&socket);
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["state", "config", "data"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let t = Tmux { socket, dir };
        let bin = env!("CARGO_BIN_EXE_recto");
        let script = format!(
            "export XDG_STATE_HOME='{}' XDG_CONFIG_HOME='{}' XDG_DATA_HOME='{}' BROWSER=true; {}; echo \"recto exited $?\"; exec sleep 600",
            t.dir.join("state").display(),
            t.dir.join("config").display(),
            t.dir.join("data").display(),
            command.replace("RECTO", &format!("'{bin}'")),
        );
        let out = t
            .cmd(&["new-session", "-d", "-x", "120", "-y", "40", "-s", "main"])
            .arg(script)
            .output()
            .expect("tmux must be installed to run the end-to-end tests");
        assert!(out.status.success(), "tmux new-session: {out:?}");
        t
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]).args(args);
        c
    }

    fn screen(&self) -> String {
        let out = self
            .cmd(&["capture-pane", "-p", "-t", "main"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < WAIT,
                "timed out waiting for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let out = self
            .cmd(&["send-keys", "-t", "main"])
            .args(keys)
            .output()
            .unwrap();
        assert!(out.status.success());
    }

    fn text(&self, text: &str) {
        let out = self
            .cmd(&["send-keys", "-t", "main", "-l", text])
            .output()
            .unwrap();
        assert!(out.status.success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const PAGE: &str = "<!DOCTYPE html><html><head><title>River Notes</title></head><body>\
    <nav><a href=\"/\">Home</a></nav><article><h1>River Notes</h1>\
    <p>Rivers carve their beds over thousands of years, and the bends they leave behind \
    tell of floods that nobody wrote down. This page was served from a local test server.</p>\
    <p>A second paragraph keeps the extractor convinced that this is the article.</p>\
    </article></body></html>";

/// A server on 127.0.0.1: `/page.html` is an article, `/slow` sends 16 KB every 100 ms
/// for a minute (no stated length), anything else is 404.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    format!("http://{addr}")
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    match path.as_str() {
        "/page.html" => {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
                PAGE.len()
            );
        }
        "/slow" => {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body><p>"
            );
            let chunk = "slow ".repeat(16 * 1024 / 5);
            for _ in 0..600 {
                if stream.write_all(chunk.as_bytes()).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        _ => {
            let body = "not here";
            let _ = write!(
                stream,
                "HTTP/1.1 404 Not Found\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    }
}

fn seed() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    names[0].display().to_string()
}

#[test]
fn a_url_typed_in_the_documents_picker_opens_in_the_pane() {
    let base = serve();
    let t = Tmux::start("url", &format!("RECTO '{}'", seed()));
    t.wait_for("? help");
    t.keys(&["o"]);
    t.wait_for("Documents");
    t.text(&format!("{base}/page.html"));
    t.keys(&["Enter"]);
    let screen = t.wait_for("Rivers carve their beds");
    assert!(screen.contains("River Notes"), "{screen}");
    // In the focused pane: still one pane, so one top border.
    assert_eq!(
        screen.matches('┏').count() + screen.matches('┌').count(),
        1,
        "{screen}"
    );
    t.keys(&["q"]);
    t.wait_for("recto exited 0");
}

#[test]
fn an_http_error_is_one_line_in_the_status_line() {
    let base = serve();
    let t = Tmux::start("404", &format!("RECTO '{}'", seed()));
    t.wait_for("? help");
    t.keys(&["o"]);
    t.wait_for("Documents");
    t.text(&format!("{base}/missing"));
    t.keys(&["Enter"]);
    let screen = t.wait_for("HTTP 404");
    let line = screen.lines().find(|l| l.contains("HTTP 404")).unwrap();
    assert!(line.contains("/missing"), "{line}");
    // The reader goes on.
    t.keys(&["j"]);
    t.keys(&["q"]);
    t.wait_for("recto exited 0");
}

#[test]
fn a_fetch_shows_its_progress_and_esc_stops_it() {
    let base = serve();
    let t = Tmux::start("slow", &format!("RECTO '{}'", seed()));
    t.wait_for("? help");
    t.keys(&["o"]);
    t.wait_for("Documents");
    t.text(&format!("{base}/slow"));
    t.keys(&["Enter"]);
    let screen = t.wait_for(" KB");
    let status = screen.lines().find(|l| l.contains(" KB")).unwrap();
    assert!(status.contains("fetching 127.0.0.1…"), "{status}");
    t.keys(&["Escape"]);
    let screen = t.wait_for("Stopped fetching");
    assert!(!screen.contains(" KB"), "{screen}");
    t.keys(&["q"]);
    t.wait_for("recto exited 0");
}

#[test]
fn a_url_on_the_command_line_fetches_then_shows_the_page() {
    let base = serve();
    let t = Tmux::start("cli-url", &format!("RECTO '{base}/page.html'"));
    t.wait_for("Rivers carve their beds");
    t.keys(&["q"]);
    t.wait_for("recto exited 0");
}

#[test]
fn standard_input_is_read_and_keys_come_from_the_terminal() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/corpus/python-tutorial-introduction/article.txt")
        .display()
        .to_string();
    for (tag, command) in [
        ("pipe", format!("cat '{file}' | RECTO")),
        ("dash", format!("RECTO - < '{file}'")),
    ] {
        let t = Tmux::start(tag, &command);
        let first = t.wait_for("? help");
        assert!(
            first.contains("An Informal Introduction to Python"),
            "{first}"
        );
        assert!(!first.contains("recto exited"), "{first}");
        // Keys work: the section picker opens, and q quits cleanly.
        t.keys(&["t"]);
        t.wait_for("Sections");
        t.keys(&["Escape"]);
        t.keys(&["G"]);
        t.wait_for("100%");
        t.keys(&["q"]);
        let end = t.wait_for("recto exited");
        assert!(end.contains("recto exited 0"), "{tag}: {end}");
    }
}

#[test]
fn page_furniture_folds_open_and_shut_on_a_corpus_article() {
    let article = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/corpus/python-tutorial-introduction/article.txt");
    let t = Tmux::start("fold", &format!("RECTO '{}'", article.display()));
    let folded = t.wait_for("lines of page furniture");
    assert!(!folded.contains("Table of Contents"), "{folded}");
    t.keys(&["z", "a"]);
    let shown = t.wait_for("Table of Contents");
    assert!(shown.contains("Page furniture shown"), "{shown}");
    t.keys(&["z", "a"]);
    t.wait_for("folded away");
    t.keys(&["q"]);
    t.wait_for("recto exited 0");
}
