//! Drawing: `view(&App, &mut Frame)` paints the library or the panes, the overlay on top
//! (picker, note popup, help) and the status line. It reads the state and changes nothing
//! (the layout cache it fills is a memo). Colours live in `Theme`.

use super::app::{self, App, HighlightKind, MIN_HEIGHT, MIN_WIDTH, Mode, Overlay, Screen};
use super::widgets;
use crate::layout::{DisplayLine, LineKind, SpanRole};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

/// The colours and text attributes of the reader.
pub struct Theme;

impl Theme {
    pub(crate) fn line(kind: LineKind) -> Style {
        let s = Style::default();
        match kind {
            LineKind::Title => s.add_modifier(Modifier::BOLD).fg(Color::LightCyan),
            LineKind::Subtitle => s.add_modifier(Modifier::ITALIC),
            LineKind::Meta => s.fg(Color::Gray).add_modifier(Modifier::DIM),
            LineKind::Heading(1) => s.add_modifier(Modifier::BOLD).fg(Color::Yellow),
            LineKind::Heading(_) => s.add_modifier(Modifier::BOLD).fg(Color::LightYellow),
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

/// Draws the whole screen.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Too small: {}x{} (recto needs {MIN_WIDTH}x{MIN_HEIGHT})",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let main = Rect::new(area.x, area.y, area.width, area.height - 1);
    let status = Rect::new(area.x, area.y + area.height - 1, area.width, 1);
    if app.mode() == Mode::Library || (app.screen == Screen::Library && app.overlay.is_some()) {
        widgets::library::draw_library(app, frame, main);
    } else if app.panes.is_empty() {
        let lines: Vec<Line> = app
            .loading
            .iter()
            .map(|p| {
                let p = crate::ingest::display_name(p);
                Line::styled(format!(" Reading {p}…"), Theme::DIM)
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), main);
    } else {
        let rects = app.pane_rects();
        for (i, r) in rects.iter().enumerate() {
            draw_pane(app, frame, i, *r);
        }
    }
    match &app.overlay {
        Some(Overlay::Picker(p)) if p.kind == super::picker::Kind::Links => {
            super::compare_view::draw_links_picker(p, frame, main)
        }
        Some(Overlay::Picker(p)) => widgets::picker::draw_picker(p, frame, main),
        Some(Overlay::Popup(p)) => widgets::popup::draw_popup(app, p, frame),
        Some(Overlay::Help { scroll }) => widgets::help::draw_help(app, *scroll, frame, main),
        Some(Overlay::Search(_)) | None => {}
    }
    super::compare_view::draw_label(app, frame);
    widgets::status::draw_status(app, frame, status);
}

fn pane_title(app: &App, i: usize, width: u16) -> Line<'static> {
    let pane = &app.panes[i];
    let dv = &app.docs[pane.doc];
    let room = usize::from(width.saturating_sub(4));
    let title = dv.title();
    let Some(section) = app.section_title(i) else {
        return Line::from(truncate(&format!(" {title} "), room));
    };
    // Where you are matters more than the title you already know: the title gives way
    // first, down to a third of the room.
    let section_part = format!(" › {section} ");
    let title_room = room.saturating_sub(section_part.width() + 1).max(room / 3);
    let text = format!(" {}{section_part}", truncate(title, title_room));
    Line::from(truncate(&text, room))
}

fn draw_pane(app: &App, frame: &mut Frame, i: usize, rect: Rect) {
    if rect.width < 2 || rect.height < 2 {
        return;
    }
    let focused = i == app.focus;
    let pane = &app.panes[i];
    let dv = &app.docs[pane.doc];
    let text_area = app::text_area(rect);
    let (w, h) = (text_area.width.max(1), text_area.height.max(1));
    let position = dv.position_label(pane.top, w, h);
    let border = if focused {
        Theme::FOCUSED_BORDER
    } else {
        Theme::BORDER
    };
    let block = Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(border)
        .title(pane_title(app, i, rect.width))
        .title_bottom(Line::from(format!(" {position} ")).alignment(Alignment::Right));
    frame.render_widget(block, rect);
    if text_area.width == 0 || text_area.height == 0 {
        return;
    }
    let selected = pane
        .selected_ref
        .and_then(|r| dv.refs.get(r))
        .map(|r| (r.block, r.index));
    let rows = dv.rows(pane.top, w, h);
    let mut out = Vec::with_capacity(rows.len());
    for &(vis, line) in &rows {
        let lines = dv.lines(vis, w);
        let Some(display) = lines.get(line) else {
            out.push(Line::default());
            continue;
        };
        let block = dv.visible.get(vis).copied();
        let highlights = block.map_or_else(Vec::new, |b| app.block_highlights(i, b));
        let selected_index = match (selected, block) {
            (Some((b, idx)), Some(cur)) if b == cur => Some(idx),
            _ => None,
        };
        out.push(render_line(display, &highlights, selected_index));
        if let Some(mark) = app.gutter_mark(i, vis, line, w) {
            let y = text_area.y + (out.len() - 1) as u16;
            let (sign, style) =
                super::compare_view::gutter_sign(mark).unwrap_or(("▸", Theme::GUTTER));
            if text_area.x > rect.x + 1 {
                frame
                    .buffer_mut()
                    .set_string(text_area.x - 1, y, sign, style);
            }
        }
    }
    frame.render_widget(Paragraph::new(out), text_area);
}

/// One display line as styled spans, with highlights cut into the text spans.
fn render_line(
    display: &DisplayLine,
    highlights: &[(Range<usize>, HighlightKind)],
    selected_ref: Option<usize>,
) -> Line<'static> {
    let base = Theme::line(display.kind);
    let mut spans = Vec::new();
    for span in &display.spans {
        match span.role {
            SpanRole::Decoration => spans.push(Span::styled(span.text.clone(), Theme::DECORATION)),
            SpanRole::NoteRef { index, .. } => {
                let style = if selected_ref == Some(index) {
                    Theme::SELECTED_REFERENCE
                } else {
                    Theme::REFERENCE
                };
                spans.push(Span::styled(span.text.clone(), style));
            }
            SpanRole::Text => {
                let src = &span.source;
                // Cut only when the span shows its source bytes one for one.
                let exact = src.len() == span.text.len() && !src.is_empty();
                let mut pos = 0;
                if exact {
                    for (range, kind) in highlights {
                        let start = range.start.max(src.start).saturating_sub(src.start);
                        let end = range.end.min(src.end).saturating_sub(src.start);
                        if start >= end
                            || start < pos
                            || !span.text.is_char_boundary(start)
                            || !span.text.is_char_boundary(end)
                        {
                            continue;
                        }
                        if start > pos {
                            spans.push(Span::styled(span.text[pos..start].to_string(), base));
                        }
                        let style = match kind {
                            HighlightKind::SearchMatch => Theme::MATCH,
                            HighlightKind::CurrentMatch => Theme::CURRENT_MATCH,
                            other => super::compare_view::highlight_style(*other).unwrap_or(base),
                        };
                        spans.push(Span::styled(span.text[start..end].to_string(), style));
                        pos = end;
                    }
                }
                if pos < span.text.len() {
                    spans.push(Span::styled(span.text[pos..].to_string(), base));
                }
            }
        }
    }
    Line::from(spans)
}

/// `text` cut to at most `width` columns, with "…" when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}
