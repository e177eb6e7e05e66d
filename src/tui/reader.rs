//! The document view's actions: what the keys of the reading screen do to the focused pane
//! (scrolling, references, search matches, the pickers over a document, splits and focus)
//! and the marks the pane shows for them (search highlights, the gutter sign of the
//! selected reference, the current match, a note just landed on).
//!
//! Changes the workspace only; whatever belongs elsewhere (the jump list, an overlay, the
//! status line) goes back to the app as an `Effect`. Never imports the app.

use super::action::{Action, Mode};
use super::effect::{Effect, Effects};
use super::keymap::Keymap;
use super::marks::{GutterMark, HighlightKind};
use super::panes::split::Dir;
use super::panes::{SearchResults, Workspace, reveal_line, text_area};
use super::picker::{self, Picker, Target};
use super::reading::{DocView, Pos};
use super::search::Match;
use crate::layout::SpanRole;
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

/// Handles a reading-screen action on the focused pane.
pub fn handle(ws: &mut Workspace, keymap: &Keymap, action: Action, fx: &mut Effects) {
    let i = ws.focus;
    if ws.panes.get(i).is_none() {
        return;
    }
    if let Some(delta) = ws.scroll_amount(i, &action) {
        ws.scroll_pane(i, delta);
        return;
    }
    let (w, h) = ws.pane_text_size(i);
    match action {
        Action::Top | Action::Bottom => {
            let dv = &ws.docs[ws.panes[i].doc];
            let target = if action == Action::Top {
                Pos::default()
            } else {
                dv.last_top(w, h)
            };
            if target != ws.panes[i].top {
                if let Some(here) = ws.here() {
                    fx.push(Effect::RecordJump(here));
                }
                ws.panes[i].top = target;
            }
            // The cursor is at the start (the end) now, even when the view did not move:
            // `n` searches on from there.
            if let Some(search) = &mut ws.panes[i].search {
                search.shown_at = None;
            }
        }
        Action::NextSection | Action::PreviousSection => {
            let doc = ws.panes[i].doc;
            let dv = &ws.docs[doc];
            let here = ws.panes[i].top;
            let current = dv.block_of(here).unwrap_or(0);
            let starts: Vec<usize> = dv.doc.sections.iter().map(|s| s.block).collect();
            let target = if action == Action::NextSection {
                starts.iter().copied().find(|&b| b > current)
            } else {
                // The start of this section when past it, else the one before.
                let at = |b: usize| ws.block_location(doc, b).pos;
                starts
                    .iter()
                    .copied()
                    .rev()
                    .find(|&b| b <= current && at(b) < here)
            };
            match target {
                Some(block) => fx.push(Effect::Choose(Target::Block { doc, block })),
                None if starts.is_empty() => {
                    fx.push(Effect::Message("This document has no sections".into()))
                }
                None => fx.push(Effect::Message(if action == Action::NextSection {
                    "No more sections below".into()
                } else {
                    "No more sections above".into()
                })),
            }
        }
        Action::SectionPicker => {
            let items = section_items(ws, false);
            if items.is_empty() {
                fx.push(Effect::Message("This document has no sections".into()));
                return;
            }
            let mut picker = Picker::new(picker::Kind::Sections, items);
            // Start on the section being read.
            if let Some(current) = ws.focused_doc().and_then(|dv| {
                let b = dv.block_of(ws.panes[i].top)?;
                dv.doc.section_of_block(b)
            }) {
                picker.selected = current.min(picker.shown.len().saturating_sub(1));
            }
            fx.push(Effect::OpenPicker(picker));
        }
        Action::NotesPicker => {
            let doc = ws.panes[i].doc;
            let items: Vec<picker::Item> = ws.docs[doc]
                .doc
                .notes
                .iter()
                .enumerate()
                .map(|(n, note)| picker::Item {
                    label: format!("{}. {}", note.number, note.text),
                    indent: 0,
                    detail: String::new(),
                    target: Target::Note { doc, note: n },
                })
                .collect();
            if items.is_empty() {
                fx.push(Effect::Message("This document has no notes".into()));
                return;
            }
            fx.push(Effect::OpenPicker(Picker::new(picker::Kind::Notes, items)));
        }
        Action::NextReference => select_reference(ws, true, fx),
        Action::PreviousReference => select_reference(ws, false, fx),
        Action::OpenReference => {
            let pane = &ws.panes[i];
            let dv = &ws.docs[pane.doc];
            match pane.selected_ref.and_then(|r| dv.refs.get(r)) {
                Some(r) => fx.push(Effect::ShowNote {
                    doc: pane.doc,
                    number: r.note_ref.number,
                    note: r.note_ref.note,
                }),
                None => {
                    let key = keymap
                        .key_for(Mode::Reader, &Action::NextReference)
                        .unwrap_or_default();
                    fx.push(Effect::Message(format!(
                        "No reference selected: press {key} to select the next one"
                    )));
                }
            }
        }
        Action::JumpBack => fx.push(Effect::JumpBack),
        Action::JumpForward => fx.push(Effect::JumpForward),
        Action::Search | Action::SearchBackward | Action::SearchAll => {
            fx.push(Effect::OpenSearch {
                origin: ws.panes[i].top,
                backward: action == Action::SearchBackward,
                all: action == Action::SearchAll,
            })
        }
        Action::NextMatch => step_match(ws, keymap, true, fx),
        Action::PreviousMatch => step_match(ws, keymap, false, fx),
        Action::DocumentPicker => fx.push(Effect::OpenPicker(document_picker(ws))),
        Action::Library => fx.push(Effect::ShowLibrary),
        Action::NextDocument | Action::PreviousDocument => {
            let open = &ws.open_docs;
            let here = open.iter().position(|&d| d == ws.panes[i].doc);
            let n = open.len();
            let next = match here {
                _ if n < 2 => None,
                Some(k) if action == Action::NextDocument => Some(open[(k + 1) % n]),
                Some(k) => Some(open[(k + n - 1) % n]),
                None => open.first().copied(),
            };
            match next {
                Some(d) => fx.push(Effect::Choose(Target::OpenDoc(d))),
                None => fx.push(Effect::Message("No other document is open".into())),
            }
        }
        Action::SplitSideBySide => ws.split(Dir::SideBySide),
        Action::SplitStacked => ws.split(Dir::Stacked),
        Action::ClosePane => close_pane(ws, keymap, fx),
        Action::FocusNext => ws.focus_cycle(true),
        Action::FocusPrevious => ws.focus_cycle(false),
        Action::FocusLeft => focus_towards(ws, -1, 0, fx),
        Action::FocusRight => focus_towards(ws, 1, 0, fx),
        Action::FocusUp => focus_towards(ws, 0, -1, fx),
        Action::FocusDown => focus_towards(ws, 0, 1, fx),
        Action::ClearSelection => {
            let p = &mut ws.panes[i];
            p.selected_ref = None;
            p.landing = None;
            p.search = None;
        }
        Action::Help => fx.push(Effect::OpenHelp),
        Action::TextLinksPicker => fx.push(match super::hyperlinks::picker(ws) {
            Ok(picker) => Effect::OpenPicker(picker),
            Err(why) => Effect::Message(why),
        }),
        Action::ToggleChrome => fx.push(Effect::Message(match ws.toggle_chrome() {
            Some(true) => "Page furniture shown (dimmed)".into(),
            Some(false) => "Page furniture folded away".into(),
            None => "This document has no page furniture".into(),
        })),
        _ => {}
    }
}

fn close_pane(ws: &mut Workspace, keymap: &Keymap, fx: &mut Effects) {
    if ws.close_pane() {
        return;
    }
    let quit = keymap
        .key_for(Mode::Reader, &Action::Quit)
        .unwrap_or_default();
    fx.push(Effect::Message(format!(
        "This is the only pane ({quit} quits)"
    )));
}

fn focus_towards(ws: &mut Workspace, dx: i32, dy: i32, fx: &mut Effects) {
    if !ws.focus_towards(dx, dy) {
        fx.push(Effect::Message("No pane in that direction".into()));
    }
}

/// The sections of the focused pane's document, or of every open document when `wide`.
pub fn section_items(ws: &Workspace, wide: bool) -> Vec<picker::Item> {
    let Some(focused) = ws.focused() else {
        return Vec::new();
    };
    let mut docs = vec![focused.doc];
    if wide {
        for p in &ws.panes {
            if !docs.contains(&p.doc) {
                docs.push(p.doc);
            }
        }
    }
    let mut items = Vec::new();
    for d in docs {
        let dv = &ws.docs[d];
        for s in &dv.doc.sections {
            items.push(picker::Item {
                label: s.title.clone(),
                indent: s.level.saturating_sub(1),
                detail: if wide {
                    dv.title().to_string()
                } else {
                    String::new()
                },
                target: Target::Block {
                    doc: d,
                    block: s.block,
                },
            });
        }
    }
    items
}

/// Every loaded document, then the bundled articles not parsed yet.
pub fn document_picker(ws: &Workspace) -> Picker {
    let mut items = Vec::new();
    for (d, dv) in ws.docs.iter().enumerate() {
        items.push(picker::Item {
            label: dv.title().to_string(),
            indent: 0,
            detail: dv.doc.path.clone(),
            target: Target::OpenDoc(d),
        });
    }
    for (n, (name, bytes)) in crate::library::BUNDLED.iter().enumerate() {
        if ws.bundled[n].is_some() {
            continue;
        }
        // Unparsed bundled articles are listed by their first line, which is cheap.
        let first = String::from_utf8_lossy(bytes)
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(crate::ingest::sanitize)
            .unwrap_or_else(|| name.to_string());
        items.push(picker::Item {
            label: first,
            indent: 0,
            detail: format!("bundled {name}"),
            target: Target::Bundled(n),
        });
    }
    Picker::new(picker::Kind::Documents, items)
}

/// Selects the next (or previous) reference from the selection if it is on screen, else
/// from the screen's edge, and scrolls so that it is visible.
fn select_reference(ws: &mut Workspace, forward: bool, fx: &mut Effects) {
    let i = ws.focus;
    let (w, h) = ws.pane_text_size(i);
    let pane = &ws.panes[i];
    let dv = &ws.docs[pane.doc];
    if dv.refs.is_empty() {
        fx.push(Effect::Message(
            "This document has no note references".into(),
        ));
        return;
    }
    let rows = dv.rows(pane.top, w, h);
    let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
        return;
    };
    let place = |r: usize| -> (usize, usize) {
        let loc = &dv.refs[r];
        let vis = dv.vis_of_block(loc.block);
        (vis, dv.line_of_ref(vis, loc.index, w))
    };
    let on_screen = |r: usize| {
        let p = place(r);
        first <= p && p <= last
    };
    let current = pane
        .selected_ref
        .filter(|&r| r < dv.refs.len() && on_screen(r));
    let next = match current {
        Some(r) if forward => (r + 1 < dv.refs.len()).then_some(r + 1),
        Some(r) => r.checked_sub(1),
        None if forward => {
            let start = dv
                .refs
                .partition_point(|r| dv.vis_of_block(r.block) < first.0);
            (start..dv.refs.len()).find(|&r| place(r) >= first)
        }
        None => {
            let end = dv
                .refs
                .partition_point(|r| dv.vis_of_block(r.block) <= last.0);
            (0..end).rev().find(|&r| place(r) <= last)
        }
    };
    let Some(next) = next else {
        fx.push(Effect::Message(if forward {
            "No more references below".into()
        } else {
            "No more references above".into()
        }));
        return;
    };
    let (vis, line) = place(next);
    let top = reveal_line(dv, Pos { vis, line }, pane.top, w, h);
    let pane = &mut ws.panes[i];
    pane.selected_ref = Some(next);
    pane.top = top;
}

/// Re-runs the search for `query` as the prompt changes and shows the first match after
/// `origin` (before it, searching backward).
pub fn incremental_search(ws: &mut Workspace, query: String, origin: Pos, backward: bool) {
    let Some(pane) = ws.panes.get(ws.focus) else {
        return;
    };
    let matches = ws.docs[pane.doc].find(&query);
    show_matches(ws, query, matches, origin, backward);
}

/// Whether a search of the focused pane's document goes to the background: above this
/// much text, searching takes longer than a frame.
pub const BACKGROUND_SEARCH_BYTES: u64 = 1 << 20;

/// The focused pane shows `matches` of `query`, the first one after `origin` (before
/// it, `backward`) revealed.
pub fn show_matches(
    ws: &mut Workspace,
    query: String,
    matches: Vec<Match>,
    origin: Pos,
    backward: bool,
) {
    let i = ws.focus;
    let Some(pane) = ws.panes.get(i) else {
        return;
    };
    let dv = &ws.docs[pane.doc];
    let (w, _) = ws.pane_text_size(i);
    let current = match next_from(dv, &matches, origin, w, backward) {
        Some(k) => Some(k),
        None if matches.is_empty() => None,
        // Nothing that way: the search wraps, as it does with `n`.
        None if backward => Some(matches.len() - 1),
        None => Some(0),
    };
    let top = match current.and_then(|c| matches.get(c)) {
        Some(m) => ws.reveal(i, m.block, Some(m.range.start), origin),
        None => origin,
    };
    let pane = &mut ws.panes[i];
    pane.top = top;
    pane.search = (!query.is_empty()).then_some(SearchResults {
        query,
        matches,
        current,
        backward,
        shown_at: Some(top),
    });
}

/// Where match `m` shows: (visible block, line) at `width`.
fn match_place(dv: &DocView, m: &Match, width: u16) -> (usize, usize) {
    let vis = dv.vis_of_block(m.block);
    (vis, dv.line_of_offset(vis, m.range.start, width))
}

/// The first match on or after the line `from` (the last one before it, `backward`), as
/// vim and less search from where you are.
fn next_from(dv: &DocView, matches: &[Match], from: Pos, w: u16, backward: bool) -> Option<usize> {
    let here = (from.vis, from.line);
    let from_block = dv.block_of(from).unwrap_or(0);
    if backward {
        let end = matches.partition_point(|m| m.block <= from_block);
        (0..end)
            .rev()
            .find(|&k| match_place(dv, &matches[k], w) < here)
    } else {
        let start = matches.partition_point(|m| m.block < from_block);
        (start..matches.len()).find(|&k| match_place(dv, &matches[k], w) >= here)
    }
}

/// "Pattern not found" when the focused pane's search found nothing.
pub fn report_search(ws: &Workspace, fx: &mut Effects) {
    let Some(s) = ws.focused().and_then(|p| p.search.as_ref()) else {
        return;
    };
    if s.matches.is_empty() {
        fx.push(Effect::Message(format!("Pattern not found: {}", s.query)));
    }
}

/// `n` (`again`) and `N`: the next match in the search's direction (the other way for
/// `N`) from the current match while the pane has not moved since it was shown, else from
/// the top of the screen; past the last one the search wraps and says so.
fn step_match(ws: &mut Workspace, keymap: &Keymap, again: bool, fx: &mut Effects) {
    let i = ws.focus;
    // As in vim, Esc hides the matches but `n` finds the last pattern again, in whichever
    // pane it is pressed.
    if let Some(pane) = ws.panes.get(i)
        && pane.search.is_none()
        && let Some((query, backward)) = ws.last_search.clone()
    {
        let dv = &ws.docs[pane.doc];
        let matches = dv.find(&query);
        ws.panes[i].search = Some(SearchResults {
            query,
            matches,
            current: None,
            backward,
            shown_at: None,
        });
    }
    let Some(pane) = ws.panes.get(i) else {
        return;
    };
    let Some(search) = &pane.search else {
        let key = keymap
            .key_for(Mode::Reader, &Action::Search)
            .unwrap_or_default();
        fx.push(Effect::Message(format!(
            "No search yet: press {key} to search"
        )));
        return;
    };
    if search.matches.is_empty() {
        fx.push(Effect::Message(format!(
            "Pattern not found: {}",
            search.query
        )));
        return;
    }
    let forward = again != search.backward;
    let n = search.matches.len();
    let dv = &ws.docs[pane.doc];
    let (w, _) = ws.pane_text_size(i);
    let stayed = search.shown_at == Some(pane.top);
    let found = match search.current.filter(|&c| c < n && stayed) {
        Some(c) if forward => (c + 1 < n).then_some(c + 1),
        Some(c) => c.checked_sub(1),
        None => next_from(dv, &search.matches, pane.top, w, !forward),
    };
    let next = found.unwrap_or(if forward { 0 } else { n - 1 });
    let m = search.matches[next].clone();
    if let Some(here) = ws.here() {
        fx.push(Effect::RecordJump(here));
    }
    let top = ws.reveal(i, m.block, Some(m.range.start), ws.panes[i].top);
    let pane = &mut ws.panes[i];
    pane.top = top;
    if let Some(s) = &mut pane.search {
        s.current = Some(next);
        s.shown_at = Some(top);
    }
    if found.is_none() {
        fx.push(Effect::Message(if forward {
            "search hit BOTTOM, continuing at TOP".into()
        } else {
            "search hit TOP, continuing at BOTTOM".into()
        }));
    }
}

/// Search matches in `block` of pane `i`, in order, the current one marked.
pub fn search_highlights(
    ws: &Workspace,
    i: usize,
    block: usize,
) -> Vec<(Range<usize>, HighlightKind)> {
    let Some(search) = ws.panes.get(i).and_then(|p| p.search.as_ref()) else {
        return Vec::new();
    };
    let first = search.matches.partition_point(|m| m.block < block);
    search.matches[first..]
        .iter()
        .take_while(|m| m.block == block)
        .enumerate()
        .map(|(k, m)| {
            let kind = if search.current == Some(first + k) {
                HighlightKind::CurrentMatch
            } else {
                HighlightKind::SearchMatch
            };
            (m.range.clone(), kind)
        })
        .collect()
}

/// The gutter sign of the document view beside line `line` of visible block `vis` in pane
/// `i`: the selected reference, a note just landed on, the current search match.
pub fn gutter_mark(
    ws: &Workspace,
    i: usize,
    vis: usize,
    line: usize,
    width: u16,
) -> Option<GutterMark> {
    let p = ws.panes.get(i)?;
    let dv = &ws.docs[p.doc];
    if let Some(r) = p.selected_ref.and_then(|r| dv.refs.get(r))
        && dv.vis_of_block(r.block) == vis
        && dv.line_of_ref(vis, r.index, width) == line
    {
        return Some(GutterMark::Current);
    }
    if let Some(block) = p.landing
        && dv.vis_of_block(block) == vis
        && dv.first_text_line(vis, width) == line
    {
        return Some(GutterMark::Current);
    }
    let search = p.search.as_ref()?;
    let m = search.matches.get(search.current?)?;
    (dv.vis_of_block(m.block) == vis && dv.line_of_offset(vis, m.range.start, width) == line)
        .then_some(GutterMark::Current)
}

/// A click at (`column`, `row`) in pane `i`: a note reference under it is selected and its
/// note shown.
pub fn click(ws: &mut Workspace, i: usize, column: u16, row: u16, fx: &mut Effects) {
    let area = text_area(ws.pane_rects()[i]);
    if !area.contains(ratatui::layout::Position::new(column, row)) {
        return;
    }
    let pane = &ws.panes[i];
    let dv = &ws.docs[pane.doc];
    let rows = dv.rows(pane.top, area.width.max(1), area.height.max(1));
    let Some(&(vis, line)) = rows.get(usize::from(row - area.y)) else {
        return;
    };
    let lines = dv.lines(vis, area.width.max(1));
    let Some(display) = lines.get(line) else {
        return;
    };
    // A fold line opens where it is clicked.
    if display.kind == crate::layout::LineKind::Fold {
        if ws.toggle_chrome().is_some() {
            fx.push(Effect::Message("Page furniture shown (dimmed)".into()));
        }
        return;
    }
    let links = dv
        .block_of(Pos { vis, line })
        .map(|b| {
            super::hyperlinks::link_columns(display, &super::hyperlinks::link_ranges(&dv.doc, b))
        })
        .unwrap_or_default()
        .into_iter()
        .map(|(c0, c1, target)| (c0, c1, target.to_string()))
        .collect::<Vec<_>>();
    if let Some((_, _, target)) = links.into_iter().find(|(c0, c1, _)| {
        let (x0, x1) = (area.x.saturating_add(*c0), area.x.saturating_add(*c1));
        x0 <= column && column < x1
    }) {
        fx.push(Effect::Choose(super::picker::Target::Follow {
            doc: pane.doc,
            target,
        }));
        return;
    }
    let mut x = area.x;
    let mut hit = None;
    for span in &display.spans {
        let w = u16::try_from(span.text.width()).unwrap_or(u16::MAX);
        if column >= x && column < x.saturating_add(w) {
            hit = Some(span.role);
            break;
        }
        x = x.saturating_add(w);
    }
    let Some(SpanRole::NoteRef { index, .. }) = hit else {
        return;
    };
    let Some(block) = dv.block_of(Pos { vis, line }) else {
        return;
    };
    if let Some(r) = dv
        .refs
        .iter()
        .position(|r| r.block == block && r.index == index)
    {
        let loc = dv.refs[r];
        let doc = pane.doc;
        ws.panes[i].selected_ref = Some(r);
        fx.push(Effect::ShowNote {
            doc,
            number: loc.note_ref.number,
            note: loc.note_ref.note,
        });
    }
}
