//! recto: a terminal reader for articles.
//!
//! The library is the pure core (ingest, document model, notes, layout, claims) plus the
//! terminal shell (`tui`). `main.rs` only parses the command line and dispatches.
//!
//! ```text
//! bytes ─► ingest ─► Document ─► layout(width) ─► lines ─► tui::view ─► terminal
//!                        └─► claims ─► Links ──────────────────┘
//! key ─► tui (event loop) ─► keymap ─► Action ─► tui::app::update ─► overlay | library |
//!        compare | reader (components) ─► Effects ─► app::apply; slow work as tasks
//!        reporting through one channel (tui::tasks)
//! ```
//!
//! `docs/architecture.md` follows a keypress and a file through the layers.

pub mod calendar;
pub mod claims;
pub mod cli;
pub mod document;
pub mod ingest;
pub mod layout;
pub mod library;
pub mod notes;
pub mod sentences;
pub mod store;
pub mod tui;
pub mod user_links;

pub use document::Document;
