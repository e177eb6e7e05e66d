//! The colours and text attributes of the reader, in one place: the styles views draw
//! with (made for a dark background), and the themes the config file chooses, applied to
//! the finished frame (`apply`): light recolours each role for a light background,
//! terminal (and `NO_COLOR`) keeps only bold, italic, underline and reverse video.

use super::config::ThemeName;
use crate::layout::LineKind;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

/// The colours and text attributes of the reader.
pub struct Theme;

impl Theme {
    pub(crate) fn line(kind: LineKind) -> Style {
        let s = Style::default();
        match kind {
            LineKind::Title => s.add_modifier(Modifier::BOLD).fg(Color::LightCyan),
            LineKind::Subtitle => s.add_modifier(Modifier::ITALIC),
            LineKind::Meta => s.fg(Color::Gray).add_modifier(Modifier::DIM),
            // A section stands out more than its subsections, and they more than theirs.
            LineKind::Heading(1) => s
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
                .fg(Color::Yellow),
            LineKind::Heading(2) => s.add_modifier(Modifier::BOLD).fg(Color::LightYellow),
            LineKind::Heading(_) => s.add_modifier(Modifier::BOLD | Modifier::ITALIC),
            LineKind::Quote => s.add_modifier(Modifier::ITALIC).fg(Color::Gray),
            LineKind::Caption => s.add_modifier(Modifier::ITALIC | Modifier::DIM),
            LineKind::NoteEntry => s.fg(Color::Gray),
            LineKind::Chrome => s.fg(Color::DarkGray),
            LineKind::Code => s.fg(Color::LightGreen),
            LineKind::Fold => s.fg(Color::DarkGray).add_modifier(Modifier::DIM),
            LineKind::ListItem | LineKind::Paragraph | LineKind::Blank => s,
        }
    }
    pub(crate) const DECORATION: Style = Style::new().fg(Color::DarkGray);
    pub(crate) const REFERENCE: Style = Style::new().fg(Color::Cyan);
    pub(crate) const SELECTED_REFERENCE: Style = Style::new()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::BOLD);
    pub(crate) const MATCH: Style = Style::new().fg(Color::Black).bg(Color::Yellow);
    pub(crate) const CURRENT_MATCH: Style = Style::new()
        .fg(Color::Black)
        .bg(Color::LightRed)
        .add_modifier(Modifier::BOLD);
    pub(crate) const FOCUSED_BORDER: Style =
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    pub(crate) const BORDER: Style = Style::new().fg(Color::DarkGray);
    pub(crate) const STATUS: Style = Style::new().fg(Color::White).bg(Color::DarkGray);
    pub(crate) const STATUS_KEYS: Style = Style::new()
        .fg(Color::Yellow)
        .bg(Color::DarkGray)
        .add_modifier(Modifier::BOLD);
    pub(crate) const PICKED: Style = Style::new().bg(Color::Blue).fg(Color::White);
    pub(crate) const MATCHED_CHAR: Style =
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
    pub(crate) const DIM: Style = Style::new().fg(Color::Gray).add_modifier(Modifier::DIM);
    pub(crate) const URL: Style = Style::new()
        .fg(Color::LightBlue)
        .add_modifier(Modifier::UNDERLINED);
    pub(crate) const GUTTER: Style = Style::new()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD);
}

/// Recolours a drawn frame for `theme` (the views draw the dark one).
pub fn apply(theme: ThemeName, buf: &mut Buffer) {
    if theme == ThemeName::Dark {
        return;
    }
    for cell in buf.content.iter_mut() {
        match theme {
            ThemeName::Dark => {}
            ThemeName::Terminal => {
                // What a colour marked (a selection, a match, the status bar) stays
                // marked, in reverse video.
                if cell.bg != Color::Reset {
                    cell.modifier.insert(Modifier::REVERSED);
                }
                cell.fg = Color::Reset;
                cell.bg = Color::Reset;
            }
            ThemeName::Light => {
                cell.bg = match cell.bg {
                    Color::Black => Color::White,
                    Color::DarkGray => Color::Gray,
                    other => other,
                };
                let light_bg = matches!(
                    cell.bg,
                    Color::Reset | Color::White | Color::Gray | Color::Yellow | Color::Cyan
                );
                cell.fg = match cell.fg {
                    Color::White if light_bg => Color::Black,
                    Color::Gray if light_bg => Color::DarkGray,
                    Color::DarkGray if light_bg => Color::Gray,
                    Color::Yellow | Color::LightYellow if cell.bg == Color::Reset => Color::Magenta,
                    Color::LightCyan | Color::Cyan if cell.bg == Color::Reset => Color::Blue,
                    Color::LightBlue if cell.bg == Color::Reset => Color::Blue,
                    Color::LightRed if cell.bg == Color::Reset => Color::Red,
                    other => other,
                };
            }
        }
    }
}
