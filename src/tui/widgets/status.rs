//! The status line: the search prompt, pending keys or a message on the left, then what
//! runs in the background; match count, section and position on the right.
//! Draws only what it is given (`Status`), changes nothing.

use crate::tui::keys::{KeyChord, sequence_to_string};
use crate::tui::panes::Workspace;
use crate::tui::text::truncate;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

/// What the status line shows.
pub struct Status<'a> {
    /// The search prompt being typed, its cursor (a byte offset), and whether it
    /// searches backward.
    pub prompt: Option<(&'a str, usize, bool, bool)>,
    /// Keys typed so far of a longer binding, and a count typed before a key.
    pub pending: &'a [KeyChord],
    pub count: Option<usize>,
    pub message: Option<&'a str>,
    /// The key that shows the help.
    pub help_key: Option<String>,
    /// The workspace, on the reading screen: the focused pane's matches, section and
    /// position show on the right.
    pub reading: Option<&'a Workspace>,
    /// What runs in the background ("linking 2 documents").
    pub tasks: Vec<&'a str>,
    /// Opened documents no pane shows, and the key that goes through them.
    pub more_open: (usize, Option<String>),
}

pub fn draw_status(status: &Status, frame: &mut Frame, area: Rect) {
    frame.render_widget(Block::new().style(Theme::STATUS), area);
    let mut left: Vec<Span> = Vec::new();
    if let Some((query, cursor, backward, all)) = status.prompt {
        let cursor = cursor.min(query.len());
        let mark = match (all, backward) {
            (true, _) => "search all open documents: ",
            (false, true) => "?",
            (false, false) => "/",
        };
        left.push(Span::styled(mark, Theme::STATUS_KEYS));
        left.push(Span::styled(query[..cursor].to_string(), Theme::STATUS));
        left.push(Span::styled("▏", Theme::STATUS_KEYS));
        left.push(Span::styled(query[cursor..].to_string(), Theme::STATUS));
    } else if !status.pending.is_empty() || status.count.is_some() {
        let count = status.count.map(|n| format!(" {n}")).unwrap_or_default();
        left.push(Span::styled(
            format!("{count} {} …", sequence_to_string(status.pending)),
            Theme::STATUS_KEYS,
        ));
    } else if let Some(msg) = status.message {
        left.push(Span::styled(format!(" {msg}"), Theme::STATUS));
    } else {
        let help = status
            .help_key
            .as_ref()
            .map(|k| format!(" {k} help"))
            .unwrap_or_default();
        left.push(Span::styled(help, Theme::STATUS));
    }
    if let (n @ 1.., key) = &status.more_open {
        let key = key.as_ref().map(|k| format!(" ({k})")).unwrap_or_default();
        left.push(Span::styled(
            format!(" · {n} more open{key}"),
            Theme::STATUS,
        ));
    }
    if !status.tasks.is_empty() {
        // A label that says how far it has come ("fetching example.org… 340 KB") has its
        // ellipsis already.
        let more = if status.tasks.last().is_some_and(|t| t.contains('…')) {
            ""
        } else {
            "…"
        };
        left.push(Span::styled(
            format!(" · {}{more}", status.tasks.join(" · ")),
            Theme::STATUS,
        ));
    }
    let mut right = String::new();
    if let Some(ws) = status.reading
        && let Some(pane) = ws.focused()
    {
        let dv = &ws.docs[pane.doc];
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
        if let Some(section) = ws.section_title(ws.focus) {
            right.push_str(&truncate(section, 40));
            right.push_str(" · ");
        }
        let (w, h) = ws.pane_text_size(ws.focus);
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
