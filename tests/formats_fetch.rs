//! Standard input and URLs. Every URL test runs its own HTTP server on 127.0.0.1: a page,
//! a redirect, a 404, a server that never answers, a body that never ends, a page in
//! another charset. Nothing here touches the network beyond this machine.

use recto::ingest::fetch::{FetchLimits, Progress, fetch_with, read_from};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What the test server does with a request for a path.
fn respond(path: &str, stream: &mut TcpStream) {
    let page = "<!DOCTYPE html><html lang=\"en\"><head><title>Served page</title></head><body><article>\
                <h1>Served page</h1><p>This page came over HTTP from a server the test started, \
                and it has enough words in it to be read as an article by the extractor.</p>\
                <p>It has a second paragraph too, with more words, commas, and sentences in it.</p>\
                </article></body></html>";
    let ok = |stream: &mut TcpStream, mime: &str, body: &[u8]| {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    match path {
        "/page" => ok(stream, "text/html; charset=utf-8", page.as_bytes()),
        "/notes.md" => ok(
            stream,
            "text/markdown",
            b"# Served notes\n\nText with a note.[^n]\n\n[^n]: The note.\n",
        ),
        "/latin1" => {
            let mut body = b"<html><head><title>Caf".to_vec();
            body.push(0xE9); // é in ISO-8859-1
            body.extend_from_slice(b"</title></head><body><p>x</p></body></html>");
            ok(stream, "text/html; charset=iso-8859-1", &body)
        }
        "/moved" => {
            let _ = stream.write_all(
                b"HTTP/1.1 301 Moved Permanently\r\nLocation: /page\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
        "/silent" => std::thread::sleep(Duration::from_secs(20)),
        "/endless" => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body><p>",
            );
            let chunk = vec![b'a'; 64 * 1024];
            while stream.write_all(&chunk).is_ok() {}
        }
        _ => {
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot here\n",
            );
        }
    }
}

/// Starts a server on a free port of 127.0.0.1; returns its base URL.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                // The rest of the request head.
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                        break;
                    }
                }
                respond(&path, &mut stream);
            });
        }
    });
    base
}

fn quick() -> FetchLimits {
    FetchLimits {
        timeout: Duration::from_millis(800),
        total: Duration::from_secs(10),
        max_bytes: 1 << 20,
    }
}

#[test]
fn a_page_is_fetched_parsed_and_reports_progress() {
    let base = serve();
    let mut seen: Vec<Progress> = Vec::new();
    let doc = fetch_with(&format!("{base}/page"), quick(), |p| seen.push(p.clone())).unwrap();
    assert_eq!(doc.meta.title, "Served page");
    assert_eq!(doc.path, format!("{base}/page"));
    assert!(
        doc.blocks
            .iter()
            .any(|b| b.text.starts_with("This page came"))
    );
    let last = seen.last().expect("progress reported");
    assert_eq!(last.host, "127.0.0.1");
    assert!(last.received > 300);
    assert!(last.to_string().starts_with("fetching 127.0.0.1… "));
}

#[test]
fn a_redirect_is_followed() {
    let base = serve();
    let doc = fetch_with(&format!("{base}/moved"), quick(), |_| {}).unwrap();
    assert_eq!(doc.meta.title, "Served page");
    assert_eq!(
        doc.meta.url.as_deref(),
        Some(format!("{base}/page").as_str())
    );
}

#[test]
fn the_content_type_picks_the_parser_and_the_charset() {
    let base = serve();
    let md = fetch_with(&format!("{base}/notes.md"), quick(), |_| {}).unwrap();
    assert_eq!(md.meta.title, "Served notes");
    assert_eq!(md.notes[0].text, "The note.");
    let latin = fetch_with(&format!("{base}/latin1"), quick(), |_| {}).unwrap();
    assert_eq!(latin.meta.title, "Café");
}

#[test]
fn a_404_is_a_one_line_error() {
    let base = serve();
    let err = fetch_with(&format!("{base}/missing"), quick(), |_| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{base}/missing: HTTP 404 Not Found")
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    let base = serve();
    let start = Instant::now();
    let err = fetch_with(&format!("{base}/silent"), quick(), |_| {}).unwrap_err();
    assert_eq!(err.to_string(), format!("{base}/silent: timed out"));
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_body_that_never_ends_stops_at_the_cap() {
    let base = serve();
    let err = fetch_with(&format!("{base}/endless"), quick(), |_| {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{base}/endless: larger than 1 MB; recto reads pages up to that size")
    );
}

#[test]
fn nothing_listening_is_a_one_line_error() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = fetch_with(&format!("http://127.0.0.1:{port}/"), quick(), |_| {}).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("http://127.0.0.1:{port}/: ")),
        "{text}"
    );
    assert!(!text.contains('\n'));
}

#[test]
fn a_reader_is_parsed_by_its_content_and_capped() {
    let doc = read_from(
        "stdin",
        &b"# Piped\n\nSome *text* with a [link](https://x.org).\n\n## Part\n"[..],
        1 << 20,
    )
    .unwrap();
    assert_eq!(doc.meta.title, "Piped");
    assert_eq!(doc.path, "stdin");
    let long = vec![b'a'; 2000];
    let doc = read_from("stdin", &long[..], 1000).unwrap();
    assert!(doc.warnings.iter().any(|w| w.contains("went on past")));
}

fn recto() -> Command {
    Command::new(env!("CARGO_BIN_EXE_recto"))
}

#[test]
fn subcommands_read_standard_input_as_dash() {
    let mut child = recto()
        .args(["outline", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"<!DOCTYPE html><html><head><title>From a pipe</title></head><body><h2>Part one</h2><p>Words.</p></body></html>")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("From a pipe  [stdin]"), "{stdout}");
    assert!(stdout.contains("Part one"), "{stdout}");
}

#[test]
fn format_forces_the_parser() {
    let mut child = recto()
        .args(["render", "--format", "text", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"# Not a heading\n\nSome **bold** words.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("**bold**"),
        "plain text shows what was typed: {stdout}"
    );
    let bad = recto()
        .args(["--format", "pdf", "outline"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("text, markdown, html, epub"));
}

#[test]
fn a_url_that_fails_exits_1_with_one_line() {
    let base = serve();
    let out = recto()
        .args(["outline", &format!("{base}/missing")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("recto: {base}/missing: HTTP 404 Not Found\n")
    );
    let mut buf = String::new();
    let _ = out.stdout.as_slice().read_to_string(&mut buf);
    assert!(buf.is_empty());
}
