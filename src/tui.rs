//! The interactive reader: terminal setup and teardown, and the event loop.

/// Placeholder until the reader lands on `main` (the TUI helper replaces this file).
pub fn run(_paths: Vec<std::path::PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("the reader is not built yet")
}
