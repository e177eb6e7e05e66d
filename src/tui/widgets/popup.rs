//! The note popup: a note's number and text, wrapped, scrollable, URLs underlined,
//! placed so that the reference it belongs to stays in sight.
//! Draws only; reads what it is given, changes nothing.

use crate::tui::overlays::{NotePopup, popup_geometry};
use crate::tui::panes::Workspace;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

pub fn draw_popup(ws: &Workspace, popup: &NotePopup, frame: &mut Frame) {
    let (rect, text_rect, lines) = popup_geometry(ws, popup);
    frame.render_widget(Clear, rect);
    let title = match popup.note {
        Some(_) => format!(" Note {} ", popup.number),
        None => format!(" Note {} (not found) ", popup.number),
    };
    let total = lines.len();
    let hidden = total.saturating_sub(popup.scroll + usize::from(text_rect.height));
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(Theme::FOCUSED_BORDER)
        .title(title)
        .title_bottom(
            Line::from(" Enter: go to note list · Esc: close ").alignment(Alignment::Right),
        );
    if hidden > 0 {
        block = block.title_bottom(Line::styled(format!(" {hidden} more ↓ "), Theme::DIM));
    }
    frame.render_widget(block, rect);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(popup.scroll)
        .take(usize::from(text_rect.height))
        .map(|l| style_urls(&l))
        .collect();
    frame.render_widget(Paragraph::new(shown), text_rect);
}

/// Underlines the words of `line` that are URLs.
fn style_urls(line: &str) -> Line<'static> {
    let mut spans = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let word_end = rest.find(' ').map_or(rest.len(), |i| i + 1);
        let word = &rest[..word_end];
        let bare = word.trim_end();
        if bare.starts_with("http://") || bare.starts_with("https://") || bare.starts_with("www.") {
            spans.push(Span::styled(bare.to_string(), Theme::URL));
            spans.push(Span::raw(word[bare.len()..].to_string()));
        } else {
            spans.push(Span::raw(word.to_string()));
        }
        rest = &rest[word_end..];
    }
    Line::from(spans)
}
