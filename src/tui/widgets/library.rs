//! The library start screen: the articles opened (most recent first) and the bundled ones,
//! with source, length and how far read.
//! Draws only what it is given, changes nothing.

use crate::tui::action::{Action, Mode};
use crate::tui::keymap::Keymap;
use crate::tui::library::{Library, library_scroll, rows};
use crate::tui::panes::Workspace;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw_library(
    ws: &Workspace,
    library: &Library,
    keymap: &Keymap,
    frame: &mut Frame,
    area: Rect,
) {
    let mut lines = vec![
        Line::styled(
            " recto: the library",
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::default(),
    ];
    for (n, row) in rows(ws).into_iter().enumerate() {
        let selected = n == library.selected;
        let marker = if selected { "▌" } else { " " };
        let base = if selected {
            Theme::PICKED
        } else {
            Style::new()
        };
        let read_label = |read: u8| {
            if read == 0 {
                "unread".to_string()
            } else {
                format!("read {read}%")
            }
        };
        let (title, detail) = match row.doc.and_then(|d| Some((d, ws.docs.get(d)?))) {
            Some((d, dv)) => {
                let meta = &dv.doc.meta;
                let by: Vec<&str> = [meta.source.as_deref(), meta.byline.as_deref()]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.trim().is_empty())
                    .collect();
                let by = if by.is_empty() {
                    dv.doc.path.clone()
                } else {
                    by.join(" · ")
                };
                let words: usize = dv
                    .text_blocks()
                    .iter()
                    .map(|&b| dv.doc.blocks[b].text.split_whitespace().count())
                    .sum();
                (
                    dv.title().to_string(),
                    // Progress first: a narrow screen cuts the end of the line.
                    format!("{} · {words} words · {by}", read_label(ws.read_percent(d))),
                )
            }
            None => {
                let read = row
                    .id
                    .as_ref()
                    .and_then(|id| ws.positions.get(id))
                    .map_or(0, |p| p.percent);
                let source = crate::ingest::display_name(&row.source);
                (row.title, format!("{} · {source}", read_label(read)))
            }
        };
        lines.push(Line::from(vec![
            Span::styled(marker, Theme::FOCUSED_BORDER),
            Span::styled(format!(" {title}"), base.add_modifier(Modifier::BOLD)),
        ]));
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(format!(" {detail}"), Theme::DIM),
        ]));
        lines.push(Line::default());
    }
    // Hints from the keymap, so that they stay true when the user rebinds keys.
    let mut wanted = vec![
        (Action::Confirm, "read"),
        (Action::SelectNext, "next"),
        (Action::DocumentPicker, "find"),
        (Action::RemoveFromLibrary, "remove"),
    ];
    if !ws.panes.is_empty() {
        wanted.push((Action::Cancel, "back to your panes"));
    }
    wanted.extend([(Action::Help, "help"), (Action::Quit, "quit")]);
    let hints: Vec<String> = wanted
        .into_iter()
        .filter_map(|(a, what)| {
            keymap
                .key_for(Mode::Library, &a)
                .map(|k| format!("{k}: {what}"))
        })
        .collect();
    lines.push(Line::styled(format!(" {}", hints.join(" · ")), Theme::DIM));
    // Keep the selection on screen.
    let skip = library_scroll(library.selected, area.height);
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(lines), area);
}
