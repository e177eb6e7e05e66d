//! Documents that do not come from a file: standard input and URLs.
//!
//! `read_stdin` reads everything standard input gives (up to a cap) and parses it like a
//! file's bytes. `fetch` gets an http(s) URL with `ureq` (rustls with its built-in roots,
//! no system OpenSSL): redirects followed, a connect and read timeout, a size cap, the
//! charset from the Content-Type (or the page's own `<meta charset>`), the parser chosen by
//! the content type, then the content, then the name. Every failure is one line that names
//! the URL ("https://…: HTTP 404 Not Found"). Progress is reported through a callback so
//! the caller (the reader's status line, or nothing) decides how to show it.
//! recto never touches the network except through `fetch`, called only for a URL the user
//! gave. Nothing here parses documents itself.

use super::{Format, IngestError, detect_format, display_name, parse_format};
use crate::document::Document;
use std::borrow::Cow;
use std::io::Read;
use std::time::Duration;
use ureq::ResponseExt;

/// Whether `text` is an http(s) URL recto fetches.
pub fn is_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !text.contains(char::is_whitespace)
}

/// The name standard input is shown by.
pub const STDIN_NAME: &str = "stdin";

/// Reads all of standard input (up to `ingest::MAX_PIPE_BYTES`) and parses it.
pub fn read_stdin() -> Result<Document, IngestError> {
    read_from(STDIN_NAME, std::io::stdin().lock(), super::MAX_PIPE_BYTES)
}

/// Reads `reader` to its end, or to `cap` bytes with a warning, and parses what came.
pub fn read_from(name: &str, reader: impl Read, cap: usize) -> Result<Document, IngestError> {
    let io = |reason| IngestError::Io {
        path: name.to_string(),
        reason,
    };
    let mut bytes = Vec::new();
    let cap_u64 = u64::try_from(cap).unwrap_or(u64::MAX);
    reader
        .take(cap_u64.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    let cut_short = bytes.len() > cap;
    bytes.truncate(cap);
    let format = detect_format(name, &bytes);
    let mut doc = parse_format(name, Cow::Owned(bytes), format, None)?;
    if cut_short {
        doc.warnings.push(format!(
            "the input went on past {} MB: only that much was read",
            cap >> 20
        ));
    }
    Ok(doc)
}

/// Limits of one fetch.
#[derive(Debug, Clone, Copy)]
pub struct FetchLimits {
    /// To connect, and between two reads of the response.
    pub timeout: Duration,
    /// For the whole exchange, body included (a body that trickles forever).
    pub total: Duration,
    /// The largest body read; a longer one is an error, not a truncated page.
    pub max_bytes: u64,
}

impl Default for FetchLimits {
    fn default() -> Self {
        FetchLimits {
            timeout: Duration::from_secs(30),
            total: Duration::from_secs(300),
            max_bytes: 32 << 20,
        }
    }
}

/// How far a download has come, for a status line: "fetching example.org… 340 KB".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The host being fetched from.
    pub host: String,
    pub received: u64,
    /// The size the server announced, if it did.
    pub total: Option<u64>,
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "fetching {}… {} KB", self.host, self.received >> 10)?;
        if let Some(total) = self.total {
            write!(f, " of {} KB", total >> 10)?;
        }
        Ok(())
    }
}

/// Fetches `url` with the default limits and parses it. `progress` is called as the body
/// comes in (at most every 64 KB).
pub fn fetch(url: &str, progress: impl FnMut(&Progress)) -> Result<Document, IngestError> {
    fetch_with(url, FetchLimits::default(), progress)
}

/// `fetch` with explicit limits.
pub fn fetch_with(
    url: &str,
    limits: FetchLimits,
    mut progress: impl FnMut(&Progress),
) -> Result<Document, IngestError> {
    fetch_until(url, limits, |p| {
        progress(p);
        true
    })
}

/// `fetch_with` that stops as soon as `progress` answers `false` (the reader's fetch was
/// cancelled): the error then says "cancelled".
pub fn fetch_until(
    url: &str,
    limits: FetchLimits,
    mut progress: impl FnMut(&Progress) -> bool,
) -> Result<Document, IngestError> {
    let shown = display_name(url);
    let fail = |reason: String| IngestError::Fetch {
        url: shown.clone(),
        reason,
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(limits.timeout))
        .timeout_resolve(Some(limits.timeout))
        .timeout_per_read(Some(limits.timeout))
        .timeout_recv_response(Some(limits.timeout))
        .timeout_global(Some(limits.total))
        .max_redirects(10)
        .http_status_as_error(false)
        .user_agent(concat!("recto/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .header(
            "Accept",
            "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,application/epub+zip;q=0.8,*/*;q=0.5",
        )
        .call()
        .map_err(|e| fail(describe(&e)))?;
    let status = response.status();
    if !status.is_success() {
        let reason = status.canonical_reason().unwrap_or("");
        return Err(fail(
            format!("HTTP {} {reason}", status.as_u16())
                .trim_end()
                .to_string(),
        ));
    }
    // Where the redirects ended: relative links and the document's identity follow it.
    let final_url = response.get_uri().to_string();
    let host = response
        .get_uri()
        .host()
        .map(str::to_string)
        .unwrap_or_default();
    let mime = response.body().mime_type().map(str::to_string);
    let charset = response.body().charset().map(str::to_string);
    let announced = response.body().content_length();
    if let Some(len) = announced
        && len > limits.max_bytes
    {
        return Err(fail(too_large(limits.max_bytes)));
    }
    let mut reader = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes.saturating_add(1))
        .reader();
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut state = Progress {
        host,
        received: 0,
        total: announced,
    };
    if !progress(&state) {
        return Err(fail("cancelled".into()));
    }
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(fail(describe_io(&e, limits.max_bytes))),
        };
        bytes.extend_from_slice(&chunk[..n]);
        if bytes.len() as u64 > limits.max_bytes {
            return Err(fail(too_large(limits.max_bytes)));
        }
        state.received = bytes.len() as u64;
        if !progress(&state) {
            return Err(fail("cancelled".into()));
        }
    }
    let format = mime
        .as_deref()
        .and_then(Format::from_mime)
        .filter(|f| *f != Format::Text)
        .unwrap_or_else(|| detect_format(&final_url, &bytes));
    let mut doc = parse_format(&final_url, Cow::Owned(bytes), format, charset.as_deref())?;
    doc.path = shown;
    if doc.meta.url.is_none() {
        doc.meta.url = Some(display_name(&final_url));
    }
    Ok(doc)
}

fn too_large(max: u64) -> String {
    format!(
        "larger than {} MB; recto reads pages up to that size",
        max >> 20
    )
}

/// One line for a ureq error, without its internal wording where a plainer one exists.
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::ConnectionFailed => "could not connect".to_string(),
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::TooManyRedirects => "too many redirects".to_string(),
        ureq::Error::BadUri(u) => format!("not a valid URL ({u})"),
        ureq::Error::Io(io) => describe_io(io, 0),
        other => other.to_string(),
    }
    .replace('\n', " ")
}

fn describe_io(e: &std::io::Error, max: u64) -> String {
    if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>()) {
        if let ureq::Error::BodyExceedsLimit(_) = inner {
            return too_large(max);
        }
        return describe(inner);
    }
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => "timed out".to_string(),
        _ => e.to_string().replace('\n', " "),
    }
}
