//! The status line: the search prompt, pending keys or a message on the left; match
//! count, section and position on the right.
//! Draws only; reads `App`, changes nothing.

use crate::tui::app::{Action, App, Mode, Overlay};
use crate::tui::view::{Theme, truncate};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    frame.render_widget(Block::new().style(Theme::STATUS), area);
    let mut left: Vec<Span> = Vec::new();
    if let Some(Overlay::Search(prompt)) = &app.overlay {
        left.push(Span::styled("/", Theme::STATUS_KEYS));
        left.push(Span::styled(prompt.query.clone(), Theme::STATUS));
        left.push(Span::styled("▏", Theme::STATUS_KEYS));
    } else if !app.pending.is_empty() {
        left.push(Span::styled(
            format!(
                " {} …",
                crate::tui::keymap::sequence_to_string(&app.pending)
            ),
            Theme::STATUS_KEYS,
        ));
    } else if let Some(msg) = &app.message {
        left.push(Span::styled(format!(" {msg}"), Theme::STATUS));
    } else {
        let help = app
            .keymap
            .key_for(app.mode(), &Action::Help)
            .map(|k| format!(" {k} help"))
            .unwrap_or_default();
        left.push(Span::styled(help, Theme::STATUS));
    }
    let mut right = String::new();
    if app.mode() != Mode::Library
        && let Some(pane) = app.focused()
    {
        let dv = &app.docs[pane.doc];
        if let Some(s) = &pane.search {
            let n = s.matches.len();
            let n = if n >= crate::tui::search::MAX_MATCHES {
                format!("{n}+")
            } else {
                n.to_string()
            };
            match s.current {
                Some(c) if !s.matches.is_empty() => right.push_str(&format!("[{}/{n}] ", c + 1)),
                _ => right.push_str(&format!("[0/{n}] ")),
            }
        }
        if let Some(section) = app.section_title(app.focus) {
            right.push_str(&truncate(section, 40));
            right.push_str(" · ");
        }
        let (w, h) = app.pane_text_size(app.focus);
        right.push_str(&dv.position_label(pane.top, w, h));
        right.push(' ');
    }
    let right_width = right.width().min(usize::from(area.width) / 2);
    let right = truncate(&right, right_width);
    let left_room = usize::from(area.width).saturating_sub(right.width() + 1);
    let mut used = 0;
    let mut fitted = Vec::new();
    for s in left {
        let t = truncate(&s.content, left_room.saturating_sub(used));
        used += t.width();
        fitted.push(Span::styled(t, s.style));
    }
    frame.render_widget(Paragraph::new(Line::from(fitted)), area);
    frame.render_widget(
        Paragraph::new(Line::styled(right, Theme::STATUS)).alignment(Alignment::Right),
        area,
    );
}
