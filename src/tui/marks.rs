//! How a pane marks text: byte ranges highlighted for a reason (`HighlightKind`) and the
//! one-column gutter sign beside a line (`GutterMark`).
//!
//! Plain data shared by the components that compute marks (the document view, compare)
//! and the views that draw them.

/// What the gutter left of a display line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GutterMark {
    /// The line holds the current search match or the selected reference.
    Current,
    /// The line holds a sentence linked to another document.
    Linked,
    /// ... one whose figures or dates differ from its partner's.
    Discrepant,
}

/// Why a byte range of a block is highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HighlightKind {
    SearchMatch,
    CurrentMatch,
    /// The selected sentence, or its partner in compare mode.
    Sentence,
    /// A sentence marked to be linked by hand.
    Marked,
    /// A figure or date that differs from the partner's.
    Figure,
    /// Link text (under every other mark).
    Link,
}
