//! Compare mode's moves: selecting sentences (`(` `)` any, `{` `}` linked ones), the
//! compare session (a sentence in one pane, one of its partners in another, both level on
//! screen like a diff tool aligns two files), stepping through partners, scrolling both
//! sides together, and linking and unlinking by hand.
//!
//! Changes the workspace's panes and compare's state through a `Ctx`; messages and the
//! links picker go back to the app as effects.

use super::state::{
    Ctx, End, Session, fix_session, picker_items, recompute, save_user, sentence_key, sync_label,
    valid_session,
};
use crate::tui::action::{Action, Mode};
use crate::tui::effect::Effect;
use crate::tui::panes::Workspace;
use crate::tui::panes::split::Dir;
use crate::tui::picker::{Kind, Picker};
use crate::tui::reading::{DocView, Pos};

/// Compare mode's keys; `false` lets the reader handle the action as usual.
pub fn handle(c: &mut Ctx, action: &Action) -> bool {
    fix_session(c);
    if c.cmp.proposal.is_some() {
        match action {
            Action::OpenReference | Action::Confirm => {
                confirm_link(c);
                return true;
            }
            Action::ClearSelection | Action::Cancel => {
                c.cmp.proposal = None;
                c.cmp.mark = None;
                sync_label(c);
                c.fx.push(Effect::Message("Not linked".into()));
                return true;
            }
            _ => {}
        }
    }
    match action {
        Action::NextSentence => step(c, true, false),
        Action::PreviousSentence => step(c, false, false),
        Action::NextLinked => step(c, true, true),
        Action::PreviousLinked => step(c, false, true),
        Action::Compare => start(c),
        Action::LinksPicker => open_picker(c),
        Action::MarkSentence => mark(c),
        Action::RemoveLink => remove_link(c),
        Action::NextMatch | Action::PreviousMatch if c.cmp.session.is_some() => {
            step_partner(c, *action == Action::NextMatch)
        }
        Action::ScrollDown
        | Action::ScrollUp
        | Action::PageDown
        | Action::PageUp
        | Action::HalfPageDown
        | Action::HalfPageUp
            if valid_session(c.ws, c.cmp)
                .is_some_and(|s| s.from_pane == c.ws.focus || s.to_pane == c.ws.focus) =>
        {
            scroll_together(c, action.clone())
        }
        Action::ClearSelection => {
            if let Some(s) = c.cmp.session.take() {
                sync_label(c);
                // Leaving compare mode: the partner's highlight goes with it.
                if let Some(p) = c.ws.panes.get_mut(s.to_pane) {
                    p.sentence = None;
                }
                return true;
            }
            if c.cmp.mark.take().is_some() {
                sync_label(c);
                return true;
            }
            if let Some(p) = c.ws.panes.get_mut(c.ws.focus) {
                p.sentence = None;
            }
            return false;
        }
        _ => return false,
    }
    true
}

/// Scrolling one pane of a compare session scrolls the other by as many lines, the way
/// the two sides of a diff move together.
fn scroll_together(c: &mut Ctx, action: Action) {
    let Some(s) = c.cmp.session.take() else {
        return;
    };
    let i = c.ws.focus;
    let other = if s.from_pane == i {
        s.to_pane
    } else {
        s.from_pane
    };
    let before = c.ws.panes[i].top;
    // Scrolled as the reader scrolls, with the label (and so the row it takes) gone.
    sync_label(c);
    if let Some(delta) = c.ws.scroll_amount(i, &action) {
        c.ws.scroll_pane(i, delta);
    }
    c.cmp.session = Some(s);
    sync_label(c);
    let after = c.ws.panes[i].top;
    let (w, _) = c.ws.pane_text_size(i);
    let dv = &c.ws.docs[c.ws.panes[i].doc];
    let (low, high) = (before.min(after), before.max(after));
    // Lines between the two tops: a page at most, so the walk is short.
    let mut lines = 0isize;
    let mut p = low;
    while p < high && lines < 10_000 {
        p = dv.forward(p, 1, w);
        lines += 1;
    }
    let delta = if after >= before { lines } else { -lines };
    let (ow, oh) = c.ws.pane_text_size(other);
    if let Some(o) = c.ws.panes.get(other) {
        let top = c.ws.docs[o.doc].scrolled(o.top, delta, ow, oh);
        c.ws.panes[other].top = top;
    }
}

/// The sentences whose text shows on pane `i`'s screen, first and last.
fn on_screen(ws: &Workspace, i: usize) -> Option<(usize, usize)> {
    let p = ws.panes.get(i)?;
    let dv = &ws.docs[p.doc];
    let (w, h) = ws.pane_text_size(i);
    let mut first = None;
    let mut last = None;
    for (vis, line) in dv.rows(p.top, w, h) {
        if let Some(l) = dv.lines(vis, w).get(line) {
            for s in l.spans.iter().filter_map(|s| s.sentence) {
                first = Some(first.map_or(s, |f: usize| f.min(s)));
                last = Some(last.map_or(s, |l: usize| l.max(s)));
            }
        }
    }
    Some((first?, last?))
}

fn shown(dv: &DocView, s: usize) -> bool {
    dv.doc
        .sentences
        .get(s)
        .is_some_and(|x| dv.visible.binary_search(&x.block).is_ok())
}

/// Where sentence `s` starts: (visible block, line) at `width`.
fn place(dv: &DocView, s: usize, width: u16) -> Option<Pos> {
    let x = dv.doc.sentences.get(s)?;
    let vis = dv.visible.binary_search(&x.block).ok()?;
    Some(Pos {
        vis,
        line: dv.line_of_offset(vis, x.range.start, width),
    })
}

/// `top` if it shows `target` with room for the rest of its sentence, else a top that
/// puts it a third of the way down.
fn reveal(dv: &DocView, target: Pos, top: Pos, w: u16, h: u16) -> Pos {
    let rows = dv.rows(top, w, h);
    let margin = usize::from(h / 6).min(3);
    let visible = rows
        .iter()
        .position(|&(v, l)| (v, l) == (target.vis, target.line));
    match visible {
        Some(row) if row + margin < rows.len() || rows.len() < usize::from(h) => top,
        _ => dv.backward(target, usize::from(h / 3), w),
    }
}

/// The screen row of `target` in pane `i` from `top`.
fn row_of(ws: &Workspace, i: usize, top: Pos, target: Pos) -> Option<usize> {
    let p = ws.panes.get(i)?;
    let (w, h) = ws.pane_text_size(i);
    ws.docs[p.doc]
        .rows(top, w, h)
        .iter()
        .position(|&(v, l)| (v, l) == (target.vis, target.line))
}

/// Selects sentence `s` in pane `i` and scrolls it into view.
fn select(c: &mut Ctx, i: usize, s: usize) {
    let (w, h) = c.ws.pane_text_size(i);
    let Some(p) = c.ws.panes.get(i) else { return };
    let dv = &c.ws.docs[p.doc];
    let Some(target) = place(dv, s, w) else {
        return;
    };
    let top = reveal(dv, target, p.top, w, h);
    let p = &mut c.ws.panes[i];
    p.sentence = Some(s);
    p.top = top;
}

/// Moves the focused pane's selection to the next (previous) sentence, or linked
/// sentence: from the selection when it is on screen, else from the screen's edge. In
/// compare mode only sentences linked into the other pane's document count, and the
/// other pane follows.
fn step(c: &mut Ctx, forward: bool, linked: bool) {
    let i = c.ws.focus;
    let Some(pane) = c.ws.panes.get(i) else {
        return;
    };
    let doc = pane.doc;
    if linked && c.cmp.has_no_links() {
        c.fx.push(Effect::Message(no_links_message(c)));
        return;
    }
    // In compare mode, the pane stepped in is the one the session reads from.
    let session = valid_session(c.ws, c.cmp).map(|mut s| {
        if s.to_pane == i {
            std::mem::swap(&mut s.from_pane, &mut s.to_pane);
        }
        s
    });
    let other_doc = session
        .filter(|s| s.from_pane == i)
        .map(|s| c.ws.panes[s.to_pane].doc);
    let dv = &c.ws.docs[doc];
    let count = dv.doc.sentences.len();
    let screen = on_screen(c.ws, i);
    let current = pane
        .sentence
        .filter(|&s| screen.is_some_and(|(a, b)| a <= s && s <= b));
    let wanted = |s: usize| {
        shown(dv, s)
            && (!linked
                || match other_doc {
                    Some(o) => c
                        .cmp
                        .partners(End { doc, sentence: s })
                        .iter()
                        .any(|p| p.target.doc == o),
                    None => c.cmp.is_linked(End { doc, sentence: s }),
                })
    };
    let next = match (current, forward) {
        (Some(s), true) => (s + 1..count).find(|&s| wanted(s)),
        (Some(s), false) => (0..s).rev().find(|&s| wanted(s)),
        (None, true) => (screen.map_or(0, |(a, _)| a)..count).find(|&s| wanted(s)),
        (None, false) => (0..=screen.map_or(0, |(_, b)| b).min(count.saturating_sub(1)))
            .rev()
            .find(|&s| wanted(s)),
    };
    let Some(next) = next else {
        let what = if linked {
            "linked sentences"
        } else {
            "sentences"
        };
        let where_ = if forward { "below" } else { "above" };
        c.fx.push(Effect::Message(format!("No more {what} {where_}")));
        return;
    };
    select(c, i, next);
    if let (Some(mut s), true) = (session, linked) {
        let from = End {
            doc,
            sentence: next,
        };
        let o = c.ws.panes[s.to_pane].doc;
        s.from = from;
        s.current = c
            .cmp
            .partners(from)
            .iter()
            .position(|p| p.target.doc == o)
            .unwrap_or(0);
        c.cmp.session = Some(s);
        sync_label(c);
        show_partner(c);
    }
}

/// Why there is nothing linked to go to: the same words for `c` and `}`.
fn no_links_message(c: &Ctx) -> String {
    if c.cmp.pending() {
        "Still linking the open documents…".into()
    } else if c.ws.docs.len() < 2 {
        let key = |a: Action| c.keymap.key_for(Mode::Reader, &a).unwrap_or_default();
        format!(
            "Open another document to see linked sentences ({}, or {} for the library)",
            key(Action::DocumentPicker),
            key(Action::Library)
        )
    } else {
        "No sentence here is linked to the other documents".into()
    }
}

/// `c`: compares the selected sentence (or the first linked one on screen) with its best
/// partner, preferring a document already open in another pane.
fn start(c: &mut Ctx) {
    let i = c.ws.focus;
    let Some(pane) = c.ws.panes.get(i) else {
        return;
    };
    let doc = pane.doc;
    let selected = pane
        .sentence
        .filter(|&s| c.cmp.is_linked(End { doc, sentence: s }));
    let sentence = selected.or_else(|| {
        let (a, b) = on_screen(c.ws, i)?;
        (a..=b).find(|&s| c.cmp.is_linked(End { doc, sentence: s }))
    });
    let Some(sentence) = sentence else {
        c.fx.push(Effect::Message(if c.cmp.has_no_links() {
            no_links_message(c)
        } else {
            let key = c
                .keymap
                .key_for(Mode::Reader, &Action::NextLinked)
                .unwrap_or_default();
            format!("No linked sentence here: press {key} to go to the next one")
        }));
        return;
    };
    select(c, i, sentence);
    let from = End { doc, sentence };
    let partners = c.cmp.partners(from);
    let in_other_pane = |d: usize| {
        c.ws.panes
            .iter()
            .enumerate()
            .any(|(k, p)| k != i && p.doc == d)
    };
    let current = partners
        .iter()
        .position(|p| in_other_pane(p.target.doc))
        .unwrap_or(0);
    let target_doc = partners[current].target.doc;
    if !start_session(c, i, from, current, target_doc) {
        c.fx.push(Effect::Message("No room for a second pane".into()));
    }
}

/// Compares sentence `from` of pane `i` with its partner number `current` (in document
/// `target_doc`), shown in another pane; `false` when no other pane can be had.
fn start_session(c: &mut Ctx, i: usize, from: End, current: usize, target_doc: usize) -> bool {
    let to_pane = other_pane(c, i, target_doc);
    if to_pane == i {
        return false;
    }
    c.cmp.session = Some(Session {
        from_pane: i,
        to_pane,
        from,
        current,
    });
    sync_label(c);
    show_partner(c);
    true
}

/// The pane to show partners of pane `i` in: one already showing `doc`, else the pane
/// of the current session, else any other pane, else a new pane beside it.
fn other_pane(c: &mut Ctx, i: usize, doc: usize) -> usize {
    if let Some(k) = (0..c.ws.panes.len()).find(|&k| k != i && c.ws.panes[k].doc == doc) {
        return k;
    }
    if let Some(s) = c.cmp.session.filter(|s| s.from_pane == i) {
        return s.to_pane;
    }
    if let Some(k) = (0..c.ws.panes.len()).find(|&k| k != i) {
        return k;
    }
    let before = c.ws.panes.len();
    c.ws.focus = i;
    fix_session(c);
    c.ws.split(Dir::SideBySide);
    c.ws.focus = i;
    // When no split could be made, `i` itself comes back and the caller gives up.
    if c.ws.panes.len() > before {
        c.ws.panes.len() - 1
    } else {
        i
    }
}

/// Shows the session's current partner in its pane, level with the sentence it is
/// linked to.
fn show_partner(c: &mut Ctx) {
    let Some(s) = c.cmp.session else { return };
    let Some(partner) = c.cmp.partners(s.from).get(s.current).cloned() else {
        return;
    };
    let Some(to) = c.ws.panes.get_mut(s.to_pane) else {
        return;
    };
    if to.doc != partner.target.doc {
        to.doc = partner.target.doc;
        to.selected_ref = None;
        to.search = None;
        to.landing = None;
    }
    to.sentence = Some(partner.target.sentence);
    align(
        c,
        s.from_pane,
        s.from.sentence,
        s.to_pane,
        partner.target.sentence,
    );
}

/// After a resize: the compared pair level again, and on screen.
pub fn realign(c: &mut Ctx) {
    if valid_session(c.ws, c.cmp).is_some() {
        show_partner(c);
    }
}

/// Scrolls pane `b` so that its sentence `sb` starts on the screen row where sentence `sa`
/// starts in pane `a` (moving `a` too when `b`'s document cannot scroll that far).
fn align(c: &mut Ctx, a: usize, sa: usize, b: usize, sb: usize) {
    let (wa, ha) = c.ws.pane_text_size(a);
    let (wb, _) = c.ws.pane_text_size(b);
    let (Some(pa), Some(pb)) = (c.ws.panes.get(a), c.ws.panes.get(b)) else {
        return;
    };
    let (da, db) = (&c.ws.docs[pa.doc], &c.ws.docs[pb.doc]);
    let (Some(ta), Some(tb)) = (place(da, sa, wa), place(db, sb, wb)) else {
        return;
    };
    let top_a = reveal(da, ta, pa.top, wa, ha);
    let row_a = row_of(c.ws, a, top_a, ta).unwrap_or(0);
    let top_b = db.backward(tb, row_a, wb);
    c.ws.panes[b].top = top_b;
    c.ws.panes[a].top = top_a;
    // Near the start of its document the partner cannot come down to that row: bring
    // the other side up instead, so that the two still stand level.
    let row_b = row_of(c.ws, b, top_b, tb).unwrap_or(row_a);
    if row_b < row_a {
        c.ws.panes[a].top = c.ws.docs[c.ws.panes[a].doc].backward(ta, row_b, wa);
    }
}

/// `n`/`N` in compare mode: the next (previous) partner of the sentence.
fn step_partner(c: &mut Ctx, forward: bool) {
    let Some(mut s) = valid_session(c.ws, c.cmp) else {
        return;
    };
    let n = c.cmp.partners(s.from).len();
    if n < 2 {
        c.fx.push(Effect::Message("This sentence has no other link".into()));
        return;
    }
    s.current = if forward {
        (s.current + 1) % n
    } else {
        (s.current + n - 1) % n
    };
    c.cmp.session = Some(s);
    sync_label(c);
    show_partner(c);
}

fn open_picker(c: &mut Ctx) {
    let items = picker_items(c.ws, c.cmp);
    if items.is_empty() {
        c.fx.push(Effect::Message(if c.cmp.pending() {
            "Still linking the open documents…".into()
        } else {
            "No links between the open documents".into()
        }));
        return;
    }
    c.fx.push(Effect::OpenPicker(Picker::new(Kind::Links, items)));
}

/// The picker's choice: `from` in a pane (the focused one unless another shows its
/// document), its partner `to` beside it, in compare mode.
pub fn open_pair(c: &mut Ctx, from: End, to: End) {
    if from.doc >= c.ws.docs.len() || c.ws.panes.is_empty() {
        return;
    }
    let i = match (0..c.ws.panes.len()).find(|&k| c.ws.panes[k].doc == from.doc) {
        Some(k) => k,
        None => {
            let i = c.ws.focus.min(c.ws.panes.len() - 1);
            let p = &mut c.ws.panes[i];
            p.doc = from.doc;
            p.selected_ref = None;
            p.search = None;
            p.landing = None;
            p.top = Pos::default();
            i
        }
    };
    c.ws.focus = i;
    select(c, i, from.sentence);
    let current = c
        .cmp
        .partners(from)
        .iter()
        .position(|p| p.target == to)
        .unwrap_or(0);
    if c.cmp.partners(from).is_empty() {
        return;
    }
    let target_doc = c.cmp.partners(from)[current].target.doc;
    c.cmp.session = None;
    sync_label(c);
    start_session(c, i, from, current, target_doc);
}

/// The selected sentence of the focused pane, or else the first one on screen (which
/// becomes selected).
fn selected_or_first(c: &mut Ctx) -> Option<End> {
    let i = c.ws.focus;
    let p = c.ws.panes.get(i)?;
    let doc = p.doc;
    let screen = on_screen(c.ws, i);
    let s = match p.sentence {
        Some(s) if screen.is_some_and(|(a, b)| a <= s && s <= b) => s,
        _ => {
            let (a, _) = screen?;
            select(c, i, a);
            a
        }
    };
    Some(End { doc, sentence: s })
}

/// `m`: marks a sentence; the second mark, in another document, proposes the link.
fn mark(c: &mut Ctx) {
    let Some(e) = selected_or_first(c) else {
        c.fx.push(Effect::Message("No sentence here to mark".into()));
        return;
    };
    match c.cmp.mark {
        Some(m) if m == e => {
            c.cmp.mark = None;
            c.fx.push(Effect::Message("Mark cleared".into()));
        }
        Some(m) if m.doc != e.doc => {
            c.cmp.proposal = Some((m, e));
        }
        _ => c.cmp.mark = Some(e),
    }
    sync_label(c);
}

fn confirm_link(c: &mut Ctx) {
    let Some((a, b)) = c.cmp.proposal.take() else {
        return;
    };
    c.cmp.mark = None;
    sync_label(c);
    let (Some(ka), Some(kb)) = (sentence_key(c.ws, a), sentence_key(c.ws, b)) else {
        return;
    };
    c.cmp.user.add(ka, kb);
    recompute(c);
    // Show the new pair side by side, from the pane the second mark was made in.
    let (from, to) = if c.ws.focused().is_some_and(|p| p.doc == b.doc) {
        (b, a)
    } else {
        (a, b)
    };
    open_pair(c, from, to);
    c.fx.push(Effect::Message(save_user(c.cmp, "Linked (your link)")));
}

/// `X` in compare mode: removes the link shown, whoever made it.
fn remove_link(c: &mut Ctx) {
    let Some(s) = valid_session(c.ws, c.cmp) else {
        let key = c
            .keymap
            .key_for(Mode::Reader, &Action::Compare)
            .unwrap_or_default();
        c.fx.push(Effect::Message(format!(
            "Compare first ({key} on a linked sentence): the link shown is the one removed"
        )));
        return;
    };
    let Some(p) = c.cmp.partners(s.from).get(s.current).cloned() else {
        return;
    };
    let (Some(ka), Some(kb)) = (sentence_key(c.ws, s.from), sentence_key(c.ws, p.target)) else {
        return;
    };
    c.cmp.user.remove(ka, kb);
    recompute(c);
    let left = c.cmp.partners(s.from).len();
    if left == 0 {
        c.cmp.session = None;
        sync_label(c);
        if let Some(p) = c.ws.panes.get_mut(s.to_pane) {
            p.sentence = None;
        }
    } else {
        c.cmp.session = Some(Session {
            current: s.current.min(left - 1),
            ..s
        });
        sync_label(c);
        if valid_session(c.ws, c.cmp).is_none() {
            let to_doc = c.cmp.partners(s.from)[s.current.min(left - 1)].target.doc;
            let to_pane = other_pane(c, s.from_pane, to_doc);
            if let Some(x) = &mut c.cmp.session {
                x.to_pane = to_pane;
            }
        }
        show_partner(c);
    }
    c.fx.push(Effect::Message(save_user(c.cmp, "Link removed")));
}
