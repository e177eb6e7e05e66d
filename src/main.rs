//! The `recto` binary: parse the command line and dispatch; nothing else.
//!
//! Exit codes: 0 on success, 1 when a file could not be read or the reader failed, 2 for
//! a command-line mistake (from clap). A closed stdout (`recto render x | head`) ends the
//! program quietly.

use clap::{Parser, Subcommand};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A terminal reader for articles: split panes, fuzzy section jumps, endnote popups,
/// linked claims.
///
/// With no subcommand, opens the FILEs (or the bundled articles) in the reader.
#[derive(Debug, Parser)]
#[command(name = "recto", version, about, args_conflicts_with_subcommands = true)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,

    /// Read every document as this format (text, markdown, html, epub) instead of telling
    /// it from its content and name.
    #[arg(long, global = true, value_name = "FORMAT", value_parser = parse_format)]
    format: Option<recto::ingest::Format>,

    /// Articles to read: files (plain text, Markdown, HTML, EPUB), `-` for standard input,
    /// or http(s) URLs (default: standard input when it is a pipe or a file, else the
    /// bundled articles).
    files: Vec<PathBuf>,
}

fn parse_format(text: &str) -> Result<recto::ingest::Format, String> {
    text.parse()
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print each document's title and section tree.
    Outline {
        /// Print JSON: [{"path", "title", "sections": [{"level", "title", "children"}]}].
        #[arg(long)]
        json: bool,
        /// Articles to read: files, `-` for standard input, URLs (default: the bundled
        /// articles).
        files: Vec<PathBuf>,
    },
    /// Print every note reference in reading order with its sentence and its note.
    Notes {
        /// Print JSON: [{"path", "title", "references": [{"number", "sentence", "note"}],
        /// "unresolved": [numbers], "unreferenced": [numbers]}].
        #[arg(long)]
        json: bool,
        /// Articles to read: files, `-` for standard input, URLs (default: the bundled
        /// articles).
        files: Vec<PathBuf>,
    },
    /// Print the claims the documents share: for each sentence, its best candidates in the
    /// other documents, whether they are linked, and where their figures or dates differ.
    Links {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Candidates to show per sentence and other document.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
        top: u16,
        /// Only candidates that are links ("same claim" or "related").
        #[arg(long)]
        linked: bool,
        /// Articles to read: files, `-` for standard input, URLs (default: the bundled
        /// articles).
        files: Vec<PathBuf>,
    },
    /// Print a document laid out as the reader shows it, as plain text.
    Render {
        /// Columns to wrap to (default: the terminal's width, or 80 when not a terminal).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        width: Option<u16>,
        /// Also show page chrome (menus, footers, promos).
        #[arg(long)]
        chrome: bool,
        /// The article to render: a file, `-` for standard input, or a URL.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(format) = args.format {
        recto::ingest::force_format(format);
    }
    let Some(command) = args.command else {
        let mut files = args.files;
        if files.is_empty() && stdin_has_input() {
            files.push(PathBuf::from("-"));
        }
        // The reader reads standard input through its device, in the background, like a
        // named pipe; keys then come from the terminal (as with less).
        for file in &mut files {
            if file.as_os_str() == "-" {
                *file = PathBuf::from("/dev/stdin");
            }
        }
        return match recto::tui::run(files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(io::stderr(), "recto: {}", one_line(&e));
                ExitCode::FAILURE
            }
        };
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut err = io::stderr().lock();
    let result = match command {
        Command::Outline { json, files } => recto::cli::outline(&files, json, &mut out, &mut err),
        Command::Notes { json, files } => recto::cli::notes(&files, json, &mut out, &mut err),
        Command::Links {
            json,
            top,
            linked,
            files,
        } => {
            let options = recto::claims::report::LinksOptions {
                json,
                top: usize::from(top),
                linked_only: linked,
            };
            recto::claims::report::links(&files, &options, &mut out, &mut err)
        }
        Command::Render {
            width,
            chrome,
            file,
        } => {
            let width = width.unwrap_or_else(recto::cli::default_width);
            recto::cli::render(&file, width, chrome, &mut out, &mut err)
        }
    }
    .and_then(|all_read| out.flush().map(|()| all_read));
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        // Whoever read our output has stopped listening: nothing left to say.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "recto: cannot write the output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Whether standard input brings a document: a pipe or a file (`cat f | recto`,
/// `recto < f`), not a terminal and not a device such as /dev/null.
fn stdin_has_input() -> bool {
    use std::io::IsTerminal;
    use std::os::unix::fs::FileTypeExt;
    if io::stdin().is_terminal() {
        return false;
    }
    std::fs::metadata("/dev/stdin")
        .is_ok_and(|m| m.file_type().is_fifo() || m.file_type().is_file())
}

/// Whether `e`, or an error it wraps (a JSON writer's, say), is a closed pipe.
fn is_broken_pipe(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return true;
    }
    let mut inner: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|e| e as _);
    while let Some(err) = inner {
        if let Some(io_err) = err.downcast_ref::<io::Error>()
            && io_err.kind() == io::ErrorKind::BrokenPipe
        {
            return true;
        }
        if let Some(json_err) = err.downcast_ref::<serde_json::Error>()
            && json_err.io_error_kind() == Some(io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        inner = err.source();
    }
    false
}

/// The error and its causes on one line, each cause once: errors that already quote their
/// source (`path: No such file…`) are not followed by it again.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !line.contains(&cause) {
            line.push_str(": ");
            line.push_str(&cause);
        }
    }
    line.replace('\n', " ")
}
