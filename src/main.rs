//! The `recto` binary: parse the command line and dispatch; nothing else.
//!
//! Temporary wiring from the `tui` branch so the reader can be tried and tested end to end;
//! the cli helper's main.rs (with the subcommands) replaces it.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    match recto::tui::run(paths) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("recto: {e:#}");
            ExitCode::FAILURE
        }
    }
}
