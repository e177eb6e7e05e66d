//! Drawing for compare mode: the styles of selected, partner and marked sentences and of
//! differing figures, the gutter signs of linked sentences, and the one-line label below
//! the panes. Draws from what it is given (the workspace, compare's state, a picker), changes
//! nothing; `view` calls in.

use super::action::{Action, Mode};
use super::compare::{self, Compare};
use super::keymap::Keymap;
use super::marks::{GutterMark, HighlightKind};
use super::overlays::overlay_rect;
use super::panes::Workspace;
use super::picker::Picker;
use super::text::truncate;
use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

const SENTENCE: Style = Style::new().fg(Color::White).bg(Color::Blue);
const MARKED: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Magenta)
    .add_modifier(Modifier::BOLD);
/// The warning colour: figures or dates that differ.
const FIGURE: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Yellow)
    .add_modifier(Modifier::BOLD);
const LINKED: Style = Style::new().fg(Color::Cyan);
const DISCREPANT: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
const LABEL: Style = Style::new().fg(Color::White).bg(Color::Black);
const LABEL_WARNING: Style = Style::new()
    .fg(Color::Yellow)
    .bg(Color::Black)
    .add_modifier(Modifier::BOLD);
const LABEL_KEYS: Style = Style::new().fg(Color::Gray).bg(Color::Black);

/// The style of a compare-mode highlight (`None` for the reader's own kinds).
pub fn highlight_style(kind: HighlightKind) -> Option<Style> {
    match kind {
        HighlightKind::Sentence => Some(SENTENCE),
        HighlightKind::Marked => Some(MARKED),
        HighlightKind::Figure => Some(FIGURE),
        HighlightKind::SearchMatch | HighlightKind::CurrentMatch | HighlightKind::Link => None,
    }
}

/// The gutter sign of a linked line (`None` for the reader's own marks).
pub fn gutter_sign(mark: GutterMark) -> Option<(&'static str, Style)> {
    match mark {
        GutterMark::Linked => Some(("│", LINKED)),
        GutterMark::Discrepant => Some(("≠", DISCREPANT)),
        GutterMark::Current => None,
    }
}

/// Draws the label row below the panes when compare mode (or a manual link) has one.
pub fn draw_label(ws: &Workspace, cmp: &Compare, keymap: &Keymap, frame: &mut Frame) {
    let rows = compare::label_rows(ws, cmp);
    if rows == 0 {
        return;
    }
    let panes = ws.panes_area();
    let area = Rect::new(panes.x, panes.bottom(), panes.width, rows);
    if area.bottom() > frame.area().bottom() {
        return;
    }
    let Some(text) = compare::label(ws, cmp) else {
        return;
    };
    let warning = text.contains(" differ");
    let keys = if cmp.proposal.is_some() || cmp.mark.is_some() {
        String::new()
    } else {
        let key = |a| keymap.key_for(Mode::Reader, &a).unwrap_or_default();
        // "other links" only when there are others to step to.
        let others =
            compare::valid_session(ws, cmp).is_some_and(|s| cmp.partners(s.from).len() > 1);
        let others = if others {
            format!(
                "{}/{} other links · ",
                key(Action::NextMatch),
                key(Action::PreviousMatch)
            )
        } else {
            String::new()
        };
        format!(
            "   {others}{}/{} next linked · {} unlink · Esc leave",
            key(Action::NextLinked),
            key(Action::PreviousLinked),
            key(Action::RemoveLink),
        )
    };
    let width = usize::from(area.width);
    let sign = if warning { " ≠ " } else { " ⇄ " };
    let text = truncate(&text, width.saturating_sub(4));
    let used = 3 + unicode_width::UnicodeWidthStr::width(text.as_str());
    let keys = truncate(&keys, width.saturating_sub(used));
    let style = if warning { LABEL_WARNING } else { LABEL };
    let line = Line::from(vec![
        Span::styled(sign, style),
        Span::styled(text, style),
        Span::styled(keys, LABEL_KEYS),
    ]);
    frame.render_widget(Paragraph::new(line).style(LABEL), area);
}

const PICKED: Style = Style::new().bg(Color::Blue).fg(Color::White);
const MATCHED: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
const DIM: Style = Style::new().fg(Color::Gray).add_modifier(Modifier::DIM);
const BORDER: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);

/// The links picker: each link on two lines, its first sentence, then `⇄` its partner
/// and, dimmed, how they relate; the characters the query matched stand out.
pub fn draw_links_picker(picker: &Picker, frame: &mut Frame, area: Rect) {
    let rect = overlay_rect(area);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(BORDER)
        .title(format!(" {} ({}) ", picker.title(), picker.shown.len()))
        .title_bottom(
            Line::from(" type to filter · Enter: compare · Esc: close ")
                .alignment(Alignment::Right),
        );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height == 0 {
        return;
    }
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", BORDER),
        Span::raw(picker.query.clone()),
        Span::styled("▏", BORDER),
    ])];
    let width = usize::from(inner.width);
    let room = usize::from(inner.height.saturating_sub(1)) / 2;
    let skip = (picker.selected + 1).saturating_sub(room.max(1));
    for (row, (item_index, matched)) in picker.shown.iter().enumerate().skip(skip).take(room) {
        let Some(item) = picker.items.get(*item_index) else {
            continue;
        };
        let picked = row == picker.selected;
        let base = if picked { PICKED } else { Style::new() };
        let sentences = item
            .label
            .rsplit_once(compare::state::DETAIL_SEPARATOR)
            .map_or(item.label.as_str(), |(s, _)| s);
        let (first, second) = sentences
            .split_once(compare::state::LABEL_SEPARATOR)
            .unwrap_or((sentences, ""));
        let second_start = first.chars().count() + compare::state::LABEL_SEPARATOR.chars().count();
        let detail = truncate(&item.detail, width / 2);
        let detail_style = if item.detail.contains(" differ") {
            base.patch(DISCREPANT)
        } else {
            base.patch(DIM)
        };
        let mut one = vec![Span::styled(if picked { "▶ " } else { "  " }, base)];
        one.extend(matched_spans(
            first,
            0,
            matched,
            width.saturating_sub(3),
            base,
        ));
        let mut two = vec![Span::styled("  ⇄ ", base.patch(LINKED))];
        let room_two = width.saturating_sub(4 + detail.width() + 3);
        let shown = matched_spans(second, second_start, matched, room_two, base);
        let used: usize = 4 + shown.iter().map(|s| s.content.width()).sum::<usize>();
        two.extend(shown);
        two.push(Span::styled(
            " ".repeat(width.saturating_sub(used + detail.width()).max(1)),
            base,
        ));
        two.push(Span::styled(detail, detail_style));
        lines.push(Line::from(one).style(base));
        lines.push(Line::from(two).style(base));
    }
    if picker.shown.is_empty() {
        lines.push(Line::styled("  (nothing matches)", DIM));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `text` cut to `width` columns as spans, with the query's matched characters (char
/// indices into the whole label, `text` starting at `offset`) picked out.
fn matched_spans(
    text: &str,
    offset: usize,
    matched: &[usize],
    width: usize,
    base: Style,
) -> Vec<Span<'static>> {
    let cut = truncate(text, width);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in cut.chars().enumerate() {
        let m = matched.binary_search(&(offset + i)).is_ok();
        if m != run_matched && !run.is_empty() {
            let style = if run_matched {
                base.patch(MATCHED)
            } else {
                base
            };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_matched = m;
        run.push(c);
    }
    if !run.is_empty() {
        let style = if run_matched {
            base.patch(MATCHED)
        } else {
            base
        };
        spans.push(Span::styled(run, style));
    }
    spans
}
