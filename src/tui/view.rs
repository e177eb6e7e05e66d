//! Drawing: `view(&App, &mut Frame)` paints the library or the panes, the overlay on top
//! (picker, note popup, help) and the status line. It reads the state and changes nothing
//! (the layout cache it fills is a memo). Colours live in `Theme`.

use super::app::{
    self, App, GutterMark, HighlightKind, MIN_HEIGHT, MIN_WIDTH, Mode, NotePopup, Overlay, Screen,
};
use super::picker::Picker;
use crate::layout::{DisplayLine, LineKind, SpanRole};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

/// The colours and text attributes of the reader.
pub struct Theme;

impl Theme {
    fn line(kind: LineKind) -> Style {
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
            LineKind::ListItem | LineKind::Paragraph | LineKind::Blank => s,
        }
    }
    const DECORATION: Style = Style::new().fg(Color::DarkGray);
    const REFERENCE: Style = Style::new().fg(Color::Cyan);
    const SELECTED_REFERENCE: Style = Style::new()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::BOLD);
    const MATCH: Style = Style::new().fg(Color::Black).bg(Color::Yellow);
    const CURRENT_MATCH: Style = Style::new()
        .fg(Color::Black)
        .bg(Color::LightRed)
        .add_modifier(Modifier::BOLD);
    const FOCUSED_BORDER: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    const BORDER: Style = Style::new().fg(Color::DarkGray);
    const STATUS: Style = Style::new().fg(Color::White).bg(Color::DarkGray);
    const STATUS_KEYS: Style = Style::new()
        .fg(Color::Yellow)
        .bg(Color::DarkGray)
        .add_modifier(Modifier::BOLD);
    const PICKED: Style = Style::new().bg(Color::Blue).fg(Color::White);
    const MATCHED_CHAR: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
    const DIM: Style = Style::new().fg(Color::Gray).add_modifier(Modifier::DIM);
    const URL: Style = Style::new()
        .fg(Color::LightBlue)
        .add_modifier(Modifier::UNDERLINED);
    const GUTTER: Style = Style::new()
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
        draw_library(app, frame, main);
    } else {
        let rects = app.pane_rects();
        for (i, r) in rects.iter().enumerate() {
            draw_pane(app, frame, i, *r);
        }
    }
    match &app.overlay {
        Some(Overlay::Picker(p)) => draw_picker(p, frame, main),
        Some(Overlay::Popup(p)) => draw_popup(app, p, frame),
        Some(Overlay::Help { scroll }) => draw_help(app, *scroll, frame, main),
        Some(Overlay::Search(_)) | None => {}
    }
    draw_status(app, frame, status);
}

fn draw_library(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        Line::styled(
            " recto: the library",
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::default(),
    ];
    for (n, slot) in app.bundled.iter().enumerate() {
        let selected = n == app.library_selected;
        let marker = if selected { "▌" } else { " " };
        let base = if selected {
            Theme::PICKED
        } else {
            Style::new()
        };
        let (title, detail) = match slot.and_then(|d| app.docs.get(d)) {
            Some(dv) => {
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
                    .visible
                    .iter()
                    .map(|&b| dv.doc.blocks[b].text.split_whitespace().count())
                    .sum();
                let read = app.positions.get(&dv.key).map_or(0, |p| p.percent);
                let read = if read == 0 {
                    "unread".to_string()
                } else {
                    format!("read {read}%")
                };
                (
                    dv.title().to_string(),
                    format!("{by} · {words} words · {read}"),
                )
            }
            None => (
                crate::library::BUNDLED
                    .get(n)
                    .map_or("?", |(name, _)| name)
                    .to_string(),
                String::new(),
            ),
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
    // Keep the selection on screen.
    let height = usize::from(area.height);
    let sel_row = 2 + app.library_selected * 3;
    let skip = (sel_row + 3).saturating_sub(height);
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn pane_title(app: &App, i: usize, width: u16) -> Line<'static> {
    let pane = &app.panes[i];
    let dv = &app.docs[pane.doc];
    let mut text = format!(" {} ", dv.title());
    if let Some(section) = app.section_title(i) {
        text.push_str(&format!("› {section} "));
    }
    Line::from(truncate(&text, usize::from(width.saturating_sub(4))))
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
    let percent = dv.percent(pane.top, w, h);
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
        .title_bottom(Line::from(format!(" {percent}% ")).alignment(Alignment::Right));
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
        if let Some(GutterMark::Current) = app.gutter_mark(i, vis, line, w) {
            let y = text_area.y + (out.len() - 1) as u16;
            if text_area.x > rect.x + 1 {
                frame
                    .buffer_mut()
                    .set_string(text_area.x - 1, y, "▸", Theme::GUTTER);
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

fn draw_picker(picker: &Picker, frame: &mut Frame, area: Rect) {
    let rect = app::overlay_rect(area);
    frame.render_widget(Clear, rect);
    let hint = if picker.kind == super::picker::Kind::Sections {
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

fn draw_popup(app: &App, popup: &NotePopup, frame: &mut Frame) {
    let (rect, text_rect, lines) = app.popup_geometry(popup);
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

fn draw_help(app: &App, scroll: usize, frame: &mut Frame, area: Rect) {
    let rect = app::overlay_rect(area);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(Theme::FOCUSED_BORDER)
        .title(" Keys ")
        .title_bottom(
            Line::from(" j/k: scroll · Esc: close · keymap: ~/.config/recto/keymap.toml ")
                .alignment(Alignment::Right),
        );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let key_width = 28;
    let lines: Vec<Line> = app
        .help_lines()
        .into_iter()
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
                let keys = truncate(&keys, key_width);
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

fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    frame.render_widget(Block::new().style(Theme::STATUS), area);
    let mut left: Vec<Span> = Vec::new();
    if let Some(Overlay::Search(prompt)) = &app.overlay {
        left.push(Span::styled("/", Theme::STATUS_KEYS));
        left.push(Span::styled(prompt.query.clone(), Theme::STATUS));
        left.push(Span::styled("▏", Theme::STATUS_KEYS));
    } else if !app.pending.is_empty() {
        left.push(Span::styled(
            format!(" {} …", super::keymap::sequence_to_string(&app.pending)),
            Theme::STATUS_KEYS,
        ));
    } else if let Some(msg) = &app.message {
        left.push(Span::styled(format!(" {msg}"), Theme::STATUS));
    } else {
        let help = app
            .keymap
            .key_for(app.mode(), &super::app::Action::Help)
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
            match s.current {
                Some(c) if n > 0 => right.push_str(&format!("[{}/{n}] ", c + 1)),
                _ => right.push_str(&format!("[0/{n}] ")),
            }
        }
        if let Some(section) = app.section_title(app.focus) {
            right.push_str(&truncate(section, 40));
            right.push_str(" · ");
        }
        let (w, h) = app.pane_text_size(app.focus);
        right.push_str(&format!("{}% ", dv.percent(pane.top, w, h)));
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
