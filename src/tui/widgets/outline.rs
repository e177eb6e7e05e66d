//! The outline sidebar: the focused document's sections as a tree, the one being read
//! highlighted (it follows the scrolling). Draws only what it is given, changes nothing.

use crate::tui::panes::Workspace;
use crate::tui::text::truncate;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

/// The section shown on row `row` of the outline (0 is the first row inside the border),
/// as drawn for `ws` (drawing and clicks agree on it).
pub fn section_at(ws: &Workspace, row: u16) -> Option<usize> {
    let area = ws.outline_area();
    let n = ws.focused().map(|p| ws.docs[p.doc].doc.sections.len())?;
    let k = first_row(ws, area.height.saturating_sub(2)) + usize::from(row);
    (k < n).then_some(k)
}

/// The first section shown: the list scrolls so that the current one stays in sight.
fn first_row(ws: &Workspace, rows: u16) -> usize {
    let current = ws.current_section().unwrap_or(0);
    (current + 1).saturating_sub(usize::from(rows.max(1)))
}

pub fn draw_outline(ws: &Workspace, frame: &mut Frame) {
    let area = ws.outline_area();
    if area.width == 0 || area.height < 3 {
        return;
    }
    let block = Block::bordered()
        .border_style(Theme::BORDER)
        .title(" Outline ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(pane) = ws.focused() else { return };
    let doc = &ws.docs[pane.doc].doc;
    let current = ws.current_section();
    let room = usize::from(inner.width);
    let lines: Vec<Line> = doc
        .sections
        .iter()
        .enumerate()
        .skip(first_row(ws, inner.height))
        .take(usize::from(inner.height))
        .map(|(k, s)| {
            let indent = "  ".repeat(usize::from(s.level.saturating_sub(1)));
            let text = truncate(&format!("{indent}{}", s.title), room);
            let style = if Some(k) == current {
                Theme::PICKED
            } else if s.level <= 1 {
                Theme::line(crate::layout::LineKind::Heading(1))
            } else {
                Theme::DIM
            };
            Line::styled(text, style)
        })
        .collect();
    if lines.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(" no sections", Theme::DIM)),
            inner,
        );
        return;
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
