//! A fuzzy picker drawn over the panes: the query, the ranked items with matched
//! characters highlighted, the selection kept in view.
//! Draws only; reads `App`, changes nothing.

use crate::tui::overlays::picker_rect;
use crate::tui::picker::Picker;
use crate::tui::text::truncate;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn draw_picker(picker: &Picker, frame: &mut Frame, area: Rect) {
    let rect = picker_rect(area, picker.items.len());
    frame.render_widget(Clear, rect);
    let hint = if picker.kind == crate::tui::picker::Kind::Sections {
        " Enter: go · Esc: close · Ctrl-a: this/all documents "
    } else {
        " Enter: open · Esc: close "
    };
    let block = Block::bordered()
        .border_style(Theme::FOCUSED_BORDER)
        .title(format!(" {} ({}) ", picker.title(), picker.shown.len()))
        .title_bottom(Line::from(hint).alignment(Alignment::Right));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height == 0 {
        return;
    }
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", Theme::FOCUSED_BORDER),
        Span::raw(picker.query.clone()),
        Span::styled("▏", Theme::FOCUSED_BORDER),
    ])];
    let room = usize::from(inner.height.saturating_sub(1));
    let skip = (picker.selected + 1).saturating_sub(room);
    let width = usize::from(inner.width);
    for (row, (item_index, matched)) in picker.shown.iter().enumerate().skip(skip).take(room) {
        let Some(item) = picker.items.get(*item_index) else {
            continue;
        };
        let picked = row == picker.selected;
        let base = if picked { Theme::PICKED } else { Style::new() };
        let mut spans = vec![Span::styled(
            format!(
                "{}{}",
                if picked { "▶ " } else { "  " },
                "  ".repeat(usize::from(item.indent))
            ),
            base,
        )];
        let mut used = 2 + 2 * usize::from(item.indent);
        let label = truncate(&item.label, width.saturating_sub(used + 1));
        for (ci, c) in label.chars().enumerate() {
            let style = if matched.contains(&ci) {
                base.patch(Theme::MATCHED_CHAR)
            } else {
                base
            };
            spans.push(Span::styled(c.to_string(), style));
        }
        used += label.width();
        if !item.detail.is_empty() && used + 4 < width {
            let detail = truncate(&item.detail, width - used - 3);
            spans.push(Span::styled(format!("   {detail}"), base.patch(Theme::DIM)));
        }
        lines.push(Line::from(spans));
    }
    if picker.shown.is_empty() {
        lines.push(Line::styled("  (nothing matches)", Theme::DIM));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
