//! Drawing: `view(&App, &mut Frame)` is the root that composes the screen: the library or
//! the panes, the overlay on top (picker, note popup, help), compare's label and the
//! status line. Each part is drawn from what it is given (the workspace, a picker, compare's
//! state), never from the whole app; nothing is changed (the layout cache it fills is a
//! memo). Colours live in `theme`.

use super::action::{Action, Mode};
use super::app::{App, Screen};
use super::compare::{self, Compare};
use super::hyperlinks;
use super::marks::{GutterMark, HighlightKind};
use super::overlays::Overlay;
use super::panes::{MIN_HEIGHT, MIN_WIDTH, Workspace, text_area};
use super::reader;
pub use super::text::truncate;
pub use super::theme::Theme;
use super::widgets;
use crate::layout::{DisplayLine, SpanRole};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

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
    let ws = &app.ws;
    if app.mode() == Mode::Library || (app.screen == Screen::Library && app.overlay.is_some()) {
        widgets::library::draw_library(ws, &app.library, &app.keymap, frame, main);
    } else if ws.panes.is_empty() {
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
        let rects = ws.pane_rects();
        for (i, r) in rects.iter().enumerate() {
            draw_pane(ws, &app.compare, frame, i, *r);
        }
    }
    match &app.overlay {
        Some(Overlay::Picker(p)) if p.kind == super::picker::Kind::Links => {
            super::compare_view::draw_links_picker(p, frame, main)
        }
        Some(Overlay::Picker(p)) => widgets::picker::draw_picker(p, frame, main),
        Some(Overlay::Popup(p)) => widgets::popup::draw_popup(ws, p, frame),
        Some(Overlay::Help { scroll }) => {
            widgets::help::draw_help(&app.help_lines(), &app.keymap_path, *scroll, frame, main)
        }
        Some(Overlay::Search(_)) | None => {}
    }
    super::compare_view::draw_label(ws, &app.compare, &app.keymap, frame);
    let prompt = match &app.overlay {
        Some(Overlay::Search(prompt)) => Some((
            prompt.query.as_str(),
            prompt.cursor,
            prompt.backward,
            prompt.all,
        )),
        _ => None,
    };
    let status_line = widgets::status::Status {
        prompt,
        pending: &app.pending,
        count: app.count,
        message: app.message.as_deref(),
        help_key: app.keymap.key_for(app.mode(), &Action::Help),
        reading: (app.mode() != Mode::Library).then_some(ws),
        tasks: app.tasks.labels(),
        more_open: (
            if app.mode() == Mode::Reader {
                ws.in_background()
            } else {
                0
            },
            app.keymap.key_for(Mode::Reader, &Action::NextDocument),
        ),
    };
    widgets::status::draw_status(&status_line, frame, status);
}

fn pane_title(ws: &Workspace, i: usize, width: u16) -> Line<'static> {
    let pane = &ws.panes[i];
    let dv = &ws.docs[pane.doc];
    let room = usize::from(width.saturating_sub(4));
    let title = dv.title();
    let Some(section) = ws.section_title(i) else {
        return Line::from(truncate(&format!(" {title} "), room));
    };
    // Where you are matters more than the title you already know: the title gives way
    // first, down to a third of the room.
    let section_part = format!(" › {section} ");
    let title_room = room.saturating_sub(section_part.width() + 1).max(room / 3);
    let text = format!(" {}{section_part}", truncate(title, title_room));
    Line::from(truncate(&text, room))
}

fn draw_pane(ws: &Workspace, cmp: &Compare, frame: &mut Frame, i: usize, rect: Rect) {
    if rect.width < 2 || rect.height < 2 {
        return;
    }
    let focused = i == ws.focus;
    let pane = &ws.panes[i];
    let dv = &ws.docs[pane.doc];
    let text_area = text_area(rect);
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
        .title(pane_title(ws, i, rect.width))
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
    // Link text to wrap in OSC 8 hyperlinks once the text is drawn: (row, x0, x1, target).
    let mut osc8_runs = Vec::new();
    for &(vis, line) in &rows {
        let lines = dv.lines(vis, w);
        let Some(display) = lines.get(line) else {
            out.push(Line::default());
            continue;
        };
        let block = dv.visible.get(vis).copied();
        let links = block.map_or_else(Vec::new, |b| hyperlinks::link_ranges(&dv.doc, b));
        let mut highlights = block.map_or_else(Vec::new, |b| block_highlights(ws, cmp, i, b));
        if !links.is_empty() {
            let under = links
                .iter()
                .map(|(r, _)| (r.clone(), HighlightKind::Link))
                .collect();
            highlights = compare::layer(under, highlights);
        }
        if hyperlinks::osc8_enabled() {
            let y = text_area.y + out.len() as u16;
            for (c0, c1, target) in hyperlinks::link_columns(display, &links) {
                let x0 = text_area.x.saturating_add(c0);
                let x1 = text_area.x.saturating_add(c1).min(text_area.right());
                osc8_runs.push((y, x0, x1, target.to_string()));
            }
        }
        let selected_index = match (selected, block) {
            (Some((b, idx)), Some(cur)) if b == cur => Some(idx),
            _ => None,
        };
        out.push(render_line(display, &highlights, selected_index));
        if let Some(mark) = gutter_mark(ws, cmp, i, vis, line, w) {
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
    for (y, x0, x1, target) in osc8_runs {
        hyperlinks::mark_osc8(frame.buffer_mut(), y, x0, x1, &target);
    }
}

/// Highlighted byte ranges of `block` in pane `i`, in order: compare's, with the search
/// matches on top.
pub fn block_highlights(
    ws: &Workspace,
    cmp: &Compare,
    i: usize,
    block: usize,
) -> Vec<(Range<usize>, HighlightKind)> {
    let compare = compare::state::highlights(ws, cmp, i, block);
    let found = reader::search_highlights(ws, i, block);
    if found.is_empty() && ws.panes.get(i).is_none_or(|p| p.search.is_none()) {
        return compare;
    }
    compare::layer(compare, found)
}

/// What the gutter shows beside line `line` of visible block `vis` in pane `i`: the
/// document view's mark, else compare's.
pub fn gutter_mark(
    ws: &Workspace,
    cmp: &Compare,
    i: usize,
    vis: usize,
    line: usize,
    width: u16,
) -> Option<GutterMark> {
    reader::gutter_mark(ws, i, vis, line, width)
        .or_else(|| compare::state::gutter_mark(ws, cmp, i, vis, line, width))
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
                            HighlightKind::Link => base.patch(Theme::URL),
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
