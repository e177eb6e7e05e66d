//! The non-interactive subcommands (`outline`, `notes`, `render`, `links`): they read the
//! core directly and print text or JSON.
