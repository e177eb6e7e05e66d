//! The help overlay, generated from the keymap in use.
//! Draws only the lines it is given, changes nothing.

use crate::tui::overlays::overlay_rect;
use crate::tui::text::truncate;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn draw_help(
    help: &[(String, String)],
    keymap_path: &str,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let rect = overlay_rect(area);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(Theme::FOCUSED_BORDER)
        .title(" Keys ")
        .title_bottom(
            Line::from(format!(
                " j/k: scroll · Esc: close · keymap: {} ",
                keymap_path
            ))
            .alignment(Alignment::Right),
        );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let key_width = 28;
    let lines: Vec<Line> = help
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .map(|(keys, desc)| {
            if let Some(heading) = keys.strip_prefix("# ") {
                Line::styled(
                    format!(" {heading}"),
                    Style::new().add_modifier(Modifier::BOLD).fg(Color::Yellow),
                )
            } else if keys.is_empty() {
                Line::default()
            } else {
                let keys = truncate(keys, key_width);
                let pad = key_width.saturating_sub(keys.width());
                Line::from(vec![
                    Span::styled(format!("  {keys}{}", " ".repeat(pad)), Theme::MATCHED_CHAR),
                    Span::raw(format!(" {desc}")),
                ])
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
