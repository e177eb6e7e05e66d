//! recto: a terminal reader for articles.
//!
//! The library is the pure core (ingest, document model, notes, layout, claims) plus the
//! terminal shell (`tui`). `main.rs` only parses the command line and dispatches.

pub mod claims;
pub mod cli;
pub mod document;
pub mod ingest;
pub mod layout;
pub mod library;
pub mod notes;
pub mod sentences;
pub mod tui;

pub use document::Document;
