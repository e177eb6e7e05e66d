//! Compare mode: linked claims in the reader. Owns the links of the loaded documents (the
//! linker's, built as a background task, merged with the user's own), the sentence
//! selection moves (`(` `)` any sentence, `{` `}` linked ones), the compare session (a
//! sentence in one pane, one of its partners in another, both level on screen like a diff
//! tool aligns two files), stepping through partners, manual linking and unlinking, and
//! the text of the label that says how two passages relate.
//!
//! It changes `App` only when `update` calls in (`handle`, `links_built`) and does no I/O
//! but saving the user's links through `links`. The linker itself (`crate::claims`) is
//! pure and runs in the task; the event loop in `tui.rs` runs the tasks. Drawing is in
//! `compare_view`.

use super::app::{Action, App, GutterMark, HighlightKind, Mode, update};
use super::links::{self, SentenceKey, UserLinks};
use super::reading::{DocView, Pos};
use crate::claims::{Discrepancy, LinkerConfig, Links, SentenceRef};
use crate::document::Document;
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// A sentence of a loaded document: `doc` indexes `App::docs`, `sentence`
/// `Document::sentences`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct End {
    pub doc: usize,
    pub sentence: usize,
}

/// A sentence linked to another one.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    pub target: End,
    /// The linker's score; `None` for a link only the user made.
    pub score: Option<f32>,
    /// The user made (or confirmed) this link.
    pub user: bool,
    /// `left` is in the sentence that asked, `right` in `target`.
    pub discrepancies: Vec<Discrepancy>,
}

/// The linker's result for `docs` (indices into `App::docs`, in the order given to it).
#[derive(Clone)]
pub struct Built {
    pub generation: u64,
    pub docs: Vec<usize>,
    pub links: Arc<Links>,
}

impl PartialEq for Built {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && self.docs == other.docs
    }
}

impl Eq for Built {}

impl std::fmt::Debug for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Built")
            .field("generation", &self.generation)
            .field("docs", &self.docs)
            .finish_non_exhaustive()
    }
}

/// Work for the event loop: link these documents off the input path.
#[derive(Debug)]
pub struct LinkTask {
    generation: u64,
    docs: Vec<usize>,
    documents: Vec<Document>,
}

impl LinkTask {
    /// Runs the linker; the result comes back to `update` as an action.
    pub fn run(self) -> Action {
        let links = Links::build(&self.documents, &LinkerConfig::default());
        Action::LinksBuilt(Built {
            generation: self.generation,
            docs: self.docs,
            links: Arc::new(links),
        })
    }
}

/// Two panes read side by side: `from` (in `from_pane`) and its partner number `current`
/// (in `to_pane`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    pub from_pane: usize,
    pub to_pane: usize,
    pub from: End,
    pub current: usize,
}

/// Compare mode's share of the reader's state.
#[derive(Debug, Default)]
pub struct Compare {
    /// How many documents were loaded when `sync` last looked.
    seen_docs: usize,
    /// The documents last sent to the linker, and that request's number.
    requested: Vec<usize>,
    generation: u64,
    built: Option<Built>,
    /// The user's own links and removals, and where they are saved (`None`: not saved,
    /// as in tests).
    pub user: UserLinks,
    pub store: Option<PathBuf>,
    /// Every linked sentence with its partners, best first (the user's first).
    partners: HashMap<End, Vec<Partner>>,
    tasks: Vec<LinkTask>,
    pub session: Option<Session>,
    /// A sentence marked to be linked by hand, and the pair waiting for Enter.
    pub mark: Option<End>,
    pub proposal: Option<(End, End)>,
}

impl Compare {
    /// Loads the user's links from `path` (a warning when the file is unreadable).
    pub fn load_user_links(&mut self, path: Option<PathBuf>) -> Option<String> {
        let path = path?;
        let (user, warning) = links::load(&path);
        self.user = user;
        self.store = Some(path);
        warning
    }

    /// A loaded document was replaced by a fuller version of itself (the rest of a large
    /// file arrived): links, and any comparison on them, are made again from scratch.
    pub fn documents_replaced(&mut self) {
        self.seen_docs = usize::MAX;
        self.requested.clear();
        self.built = None;
        self.partners.clear();
        self.session = None;
        self.mark = None;
        self.proposal = None;
    }

    /// The tasks `update` asked for since the last call.
    pub fn take_tasks(&mut self) -> Vec<LinkTask> {
        std::mem::take(&mut self.tasks)
    }

    /// Links are being computed for the documents now loaded.
    pub fn pending(&self) -> bool {
        self.requested.len() >= 2
            && self
                .built
                .as_ref()
                .is_none_or(|b| b.generation != self.generation)
    }

    pub fn partners(&self, e: End) -> &[Partner] {
        self.partners.get(&e).map_or(&[], Vec::as_slice)
    }

    pub fn all_partners(&self) -> impl Iterator<Item = (&End, &Vec<Partner>)> {
        self.partners.iter()
    }

    pub fn is_linked(&self, e: End) -> bool {
        !self.partners(e).is_empty()
    }

    pub fn is_discrepant(&self, e: End) -> bool {
        self.partners(e).iter().any(|p| !p.discrepancies.is_empty())
    }
}

/// Asks for links when the set of loaded documents changed (the event loop calls this
/// after every action and runs the task it leaves). A document whose text is the same as
/// one already loaded (a file that is also in the library) is left out: every sentence
/// would be linked to itself.
pub fn sync(app: &mut App) {
    if app.docs.len() == app.compare.seen_docs {
        return;
    }
    app.compare.seen_docs = app.docs.len();
    let mut fingerprints = Vec::new();
    let mut docs = Vec::new();
    for (d, dv) in app.docs.iter().enumerate() {
        if !crate::claims::linkable(&dv.doc) {
            app.message = Some(format!(
                "{} is too long to compare (linking reads articles of up to {} MB)",
                dv.title(),
                crate::claims::MAX_LINKED_BYTES >> 20
            ));
            continue;
        }
        let print = fingerprint(&dv.doc);
        if !fingerprints.contains(&print) {
            fingerprints.push(print);
            docs.push(d);
        }
    }
    if docs == app.compare.requested {
        return;
    }
    app.compare.requested = docs.clone();
    if docs.len() < 2 {
        return;
    }
    app.compare.generation += 1;
    let documents = docs.iter().map(|&d| app.docs[d].doc.clone()).collect();
    app.compare.tasks.push(LinkTask {
        generation: app.compare.generation,
        docs,
        documents,
    });
}

/// Identifies a document by its text.
fn fingerprint(doc: &Document) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for b in &doc.blocks {
        b.text.hash(&mut h);
    }
    h.finish()
}

/// `sync`, then runs the tasks here and now (tests; the event loop runs them off-thread).
pub fn settle(app: &mut App) {
    sync(app);
    for task in app.compare.take_tasks() {
        update(app, task.run());
    }
}

/// A linker result arrived: kept if it is for the documents loaded now.
pub fn links_built(app: &mut App, built: Built) {
    if built.generation != app.compare.generation {
        return;
    }
    app.compare.built = Some(built);
    recompute(app);
}

/// The key a sentence is saved under.
pub fn sentence_key(app: &App, e: End) -> Option<SentenceKey> {
    let dv = app.docs.get(e.doc)?;
    (e.sentence < dv.doc.sentences.len()).then(|| SentenceKey {
        path: dv.key.clone(),
        sentence: dv.doc.sentence_text(e.sentence).trim().to_string(),
    })
}

/// The sentence a key names in the loaded documents.
fn resolve(app: &App, key: &SentenceKey) -> Option<End> {
    let doc = app.docs.iter().position(|d| d.key == key.path)?;
    let d = &app.docs[doc].doc;
    let sentence = (0..d.sentences.len()).find(|&s| d.sentence_text(s).trim() == key.sentence)?;
    Some(End { doc, sentence })
}

/// The figures on which a link the user made differs, from `from`'s side; empty when
/// the linker has not indexed both documents.
fn user_link_discrepancies(app: &App, from: End, to: End) -> Vec<Discrepancy> {
    let Some(built) = &app.compare.built else {
        return Vec::new();
    };
    let linker_doc = |d: usize| built.docs.iter().position(|&x| x == d);
    let (Some(la), Some(lb), Some(da), Some(db)) = (
        linker_doc(from.doc),
        linker_doc(to.doc),
        app.docs.get(from.doc),
        app.docs.get(to.doc),
    ) else {
        return Vec::new();
    };
    built.links.discrepancies_for_user_link(
        &da.doc,
        &db.doc,
        SentenceRef {
            doc: la,
            sentence: from.sentence,
        },
        SentenceRef {
            doc: lb,
            sentence: to.sentence,
        },
        &LinkerConfig::default(),
    )
}

fn swapped(d: &Discrepancy) -> Discrepancy {
    Discrepancy {
        kind: d.kind,
        left: d.right.clone(),
        right: d.left.clone(),
    }
}

/// Merges the linker's links (less those the user removed) with the user's own, both
/// ways round, best first.
pub fn recompute(app: &mut App) {
    let mut map: HashMap<End, Vec<Partner>> = HashMap::new();
    if let Some(built) = &app.compare.built {
        for (li, &d) in built.docs.iter().enumerate() {
            let count = app.docs.get(d).map_or(0, |dv| dv.doc.sentences.len());
            for s in 0..count {
                let from = End {
                    doc: d,
                    sentence: s,
                };
                for l in built.links.linked(li, s) {
                    let Some(&td) = built.docs.get(l.target.doc) else {
                        continue;
                    };
                    let to = End {
                        doc: td,
                        sentence: l.target.sentence,
                    };
                    map.entry(from).or_default().push(Partner {
                        target: to,
                        score: Some(l.score),
                        user: false,
                        discrepancies: l.discrepancies.clone(),
                    });
                }
            }
        }
    }
    // A link is a link both ways, whichever side the linker found it from.
    let forward: Vec<(End, Partner)> = map
        .iter()
        .flat_map(|(&from, ps)| ps.iter().map(move |p| (from, p.clone())))
        .collect();
    for (from, p) in forward {
        let back = map.entry(p.target).or_default();
        if !back.iter().any(|q| q.target == from) {
            back.push(Partner {
                target: from,
                score: p.score,
                user: false,
                discrepancies: p.discrepancies.iter().map(swapped).collect(),
            });
        }
    }
    if !app.compare.user.removed.is_empty() {
        for (&from, ps) in map.iter_mut() {
            let Some(fk) = sentence_key(app, from) else {
                continue;
            };
            ps.retain(|p| {
                sentence_key(app, p.target).is_none_or(|tk| !app.compare.user.is_removed(&fk, &tk))
            });
        }
    }
    for link in &app.compare.user.added {
        let (Some(x), Some(y)) = (resolve(app, &link.a), resolve(app, &link.b)) else {
            continue;
        };
        if x.doc == y.doc {
            continue;
        }
        for (from, to) in [(x, y), (y, x)] {
            let found = user_link_discrepancies(app, from, to);
            let ps = map.entry(from).or_default();
            match ps.iter_mut().find(|p| p.target == to) {
                Some(p) => p.user = true,
                None => ps.push(Partner {
                    target: to,
                    score: None,
                    user: true,
                    discrepancies: found,
                }),
            }
        }
    }
    map.retain(|_, ps| !ps.is_empty());
    for ps in map.values_mut() {
        ps.sort_by(|a, b| {
            b.user
                .cmp(&a.user)
                .then(b.score.unwrap_or(1.0).total_cmp(&a.score.unwrap_or(1.0)))
                .then(a.target.cmp(&b.target))
        });
    }
    app.compare.partners = map;
    fix_session(app);
}

/// How two linked sentences relate, in a few words: what differs, else "same claim";
/// then the score and whose link it is. `swap` puts the partner's figures first (when
/// its pane is on the left).
pub fn relation_text(p: &Partner, swap: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut by_label: Vec<(&str, Vec<String>)> = Vec::new();
    for d in &p.discrepancies {
        let (a, b) = if swap {
            (&d.right.text, &d.left.text)
        } else {
            (&d.left.text, &d.right.text)
        };
        let pair = format!("{} / {}", a.trim(), b.trim());
        match by_label.iter_mut().find(|(l, _)| *l == d.label()) {
            Some((_, pairs)) => {
                if !pairs.contains(&pair) {
                    pairs.push(pair)
                }
            }
            None => by_label.push((d.label(), vec![pair])),
        }
    }
    if by_label.is_empty() {
        parts.push("same claim".into());
    }
    for (label, pairs) in by_label {
        parts.push(format!("{label}: {}", pairs.join(", ")));
    }
    if let Some(score) = p.score {
        parts.push(format!("score {score:.2}"));
    }
    if p.user {
        parts.push("your link".into());
    }
    parts.join(" · ")
}

/// The one-line label of compare mode (or of a pending manual link).
pub fn label(app: &App) -> Option<String> {
    if let Some((a, b)) = app.compare.proposal {
        return Some(format!(
            "link “{}” ⇄ “{}”? Enter: link · Esc: cancel",
            snippet(app, a, 40),
            snippet(app, b, 40)
        ));
    }
    if let Some(m) = app.compare.mark {
        return Some(format!(
            "marked “{}”: select a sentence in another document and press m · Esc: cancel",
            snippet(app, m, 50)
        ));
    }
    let s = valid_session(app)?;
    let partners = app.compare.partners(s.from);
    let p = partners.get(s.current)?;
    let rects = app.pane_rects();
    let swap = match (rects.get(s.from_pane), rects.get(s.to_pane)) {
        (Some(f), Some(t)) => t.x < f.x || (t.x == f.x && t.y < f.y),
        _ => false,
    };
    let mut text = relation_text(p, swap);
    if partners.len() > 1 {
        text.push_str(&format!(" · link {}/{}", s.current + 1, partners.len()));
    }
    Some(text)
}

fn snippet(app: &App, e: End, width: usize) -> String {
    app.docs
        .get(e.doc)
        .filter(|dv| e.sentence < dv.doc.sentences.len())
        .map_or(String::new(), |dv| {
            super::view::truncate(dv.doc.sentence_text(e.sentence).trim(), width)
        })
}

/// Rows the label takes below the panes.
pub fn label_rows(app: &App) -> u16 {
    let active = app.compare.proposal.is_some()
        || app.compare.mark.is_some()
        || valid_session(app).is_some();
    u16::from(active && app.height > 6)
}

/// The session, if its panes still show its documents.
pub fn valid_session(app: &App) -> Option<Session> {
    let s = app.compare.session?;
    let from = app.panes.get(s.from_pane)?;
    let to = app.panes.get(s.to_pane)?;
    let partner = app.compare.partners(s.from).get(s.current)?;
    (s.from_pane != s.to_pane && from.doc == s.from.doc && to.doc == partner.target.doc)
        .then_some(s)
}

fn fix_session(app: &mut App) {
    if app.compare.session.is_some() && valid_session(app).is_none() {
        app.compare.session = None;
    }
}

/// Compare mode's keys; `false` lets the reader handle the action as usual.
pub fn handle(app: &mut App, action: &Action) -> bool {
    fix_session(app);
    if app.compare.proposal.is_some() {
        match action {
            Action::OpenReference | Action::Confirm => {
                confirm_link(app);
                return true;
            }
            Action::ClearSelection | Action::Cancel => {
                app.compare.proposal = None;
                app.compare.mark = None;
                app.message = Some("Not linked".into());
                return true;
            }
            _ => {}
        }
    }
    match action {
        Action::NextSentence => step(app, true, false),
        Action::PreviousSentence => step(app, false, false),
        Action::NextLinked => step(app, true, true),
        Action::PreviousLinked => step(app, false, true),
        Action::Compare => start(app),
        Action::LinksPicker => open_picker(app),
        Action::MarkSentence => mark(app),
        Action::RemoveLink => remove_link(app),
        Action::NextMatch | Action::PreviousMatch if app.compare.session.is_some() => {
            step_partner(app, *action == Action::NextMatch)
        }
        Action::ScrollDown
        | Action::ScrollUp
        | Action::PageDown
        | Action::PageUp
        | Action::HalfPageDown
        | Action::HalfPageUp
            if valid_session(app)
                .is_some_and(|s| s.from_pane == app.focus || s.to_pane == app.focus) =>
        {
            scroll_together(app, action.clone())
        }
        Action::ClearSelection => {
            if let Some(s) = app.compare.session.take() {
                // Leaving compare mode: the partner's highlight goes with it.
                if let Some(p) = app.panes.get_mut(s.to_pane) {
                    p.sentence = None;
                }
                return true;
            }
            if app.compare.mark.take().is_some() {
                return true;
            }
            if let Some(p) = app.panes.get_mut(app.focus) {
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
fn scroll_together(app: &mut App, action: Action) {
    let Some(s) = app.compare.session.take() else {
        return;
    };
    let i = app.focus;
    let other = if s.from_pane == i {
        s.to_pane
    } else {
        s.from_pane
    };
    let before = app.panes[i].top;
    update(app, action);
    app.compare.session = Some(s);
    let after = app.panes[i].top;
    let (w, _) = app.pane_text_size(i);
    let dv = &app.docs[app.panes[i].doc];
    let (low, high) = (before.min(after), before.max(after));
    // Lines between the two tops: a page at most, so the walk is short.
    let mut lines = 0isize;
    let mut p = low;
    while p < high && lines < 10_000 {
        p = dv.forward(p, 1, w);
        lines += 1;
    }
    let delta = if after >= before { lines } else { -lines };
    let (ow, oh) = app.pane_text_size(other);
    if let Some(o) = app.panes.get(other) {
        let top = app.docs[o.doc].scrolled(o.top, delta, ow, oh);
        app.panes[other].top = top;
    }
}

/// The sentences whose text shows on pane `i`'s screen, first and last.
fn on_screen(app: &App, i: usize) -> Option<(usize, usize)> {
    let p = app.panes.get(i)?;
    let dv = &app.docs[p.doc];
    let (w, h) = app.pane_text_size(i);
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
fn row_of(app: &App, i: usize, top: Pos, target: Pos) -> Option<usize> {
    let p = app.panes.get(i)?;
    let (w, h) = app.pane_text_size(i);
    app.docs[p.doc]
        .rows(top, w, h)
        .iter()
        .position(|&(v, l)| (v, l) == (target.vis, target.line))
}

/// Selects sentence `s` in pane `i` and scrolls it into view.
fn select(app: &mut App, i: usize, s: usize) {
    let (w, h) = app.pane_text_size(i);
    let Some(p) = app.panes.get(i) else { return };
    let dv = &app.docs[p.doc];
    let Some(target) = place(dv, s, w) else {
        return;
    };
    let top = reveal(dv, target, p.top, w, h);
    let p = &mut app.panes[i];
    p.sentence = Some(s);
    p.top = top;
}

/// Moves the focused pane's selection to the next (previous) sentence, or linked
/// sentence: from the selection when it is on screen, else from the screen's edge. In
/// compare mode only sentences linked into the other pane's document count, and the
/// other pane follows.
fn step(app: &mut App, forward: bool, linked: bool) {
    let i = app.focus;
    let Some(pane) = app.panes.get(i) else { return };
    let doc = pane.doc;
    if linked && app.compare.partners.is_empty() {
        app.message = Some(if app.compare.pending() {
            "Still linking the open documents…".into()
        } else if app.docs.len() < 2 {
            "Open another document to see linked sentences (o, or H for the library)".into()
        } else {
            "No sentence here is linked to the other documents".into()
        });
        return;
    }
    // In compare mode, the pane stepped in is the one the session reads from.
    let session = valid_session(app).map(|mut s| {
        if s.to_pane == i {
            std::mem::swap(&mut s.from_pane, &mut s.to_pane);
        }
        s
    });
    let other_doc = session
        .filter(|s| s.from_pane == i)
        .map(|s| app.panes[s.to_pane].doc);
    let dv = &app.docs[doc];
    let count = dv.doc.sentences.len();
    let screen = on_screen(app, i);
    let current = pane
        .sentence
        .filter(|&s| screen.is_some_and(|(a, b)| a <= s && s <= b));
    let wanted = |s: usize| {
        shown(dv, s)
            && (!linked
                || match other_doc {
                    Some(o) => app
                        .compare
                        .partners(End { doc, sentence: s })
                        .iter()
                        .any(|p| p.target.doc == o),
                    None => app.compare.is_linked(End { doc, sentence: s }),
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
        app.message = Some(format!("No more {what} {where_}"));
        return;
    };
    select(app, i, next);
    if let (Some(mut s), true) = (session, linked) {
        let from = End {
            doc,
            sentence: next,
        };
        let o = app.panes[s.to_pane].doc;
        s.from = from;
        s.current = app
            .compare
            .partners(from)
            .iter()
            .position(|p| p.target.doc == o)
            .unwrap_or(0);
        app.compare.session = Some(s);
        show_partner(app);
    }
}

/// `c`: compares the selected sentence (or the first linked one on screen) with its best
/// partner, preferring a document already open in another pane.
fn start(app: &mut App) {
    let i = app.focus;
    let Some(pane) = app.panes.get(i) else { return };
    let doc = pane.doc;
    let selected = pane
        .sentence
        .filter(|&s| app.compare.is_linked(End { doc, sentence: s }));
    let sentence = selected.or_else(|| {
        let (a, b) = on_screen(app, i)?;
        (a..=b).find(|&s| app.compare.is_linked(End { doc, sentence: s }))
    });
    let Some(sentence) = sentence else {
        app.message = Some(if app.compare.pending() {
            "Still linking the open documents…".into()
        } else {
            let key = app
                .keymap
                .key_for(Mode::Reader, &Action::NextLinked)
                .unwrap_or_default();
            format!("No linked sentence here: press {key} to go to the next one")
        });
        return;
    };
    select(app, i, sentence);
    let from = End { doc, sentence };
    let partners = app.compare.partners(from);
    let in_other_pane = |d: usize| {
        app.panes
            .iter()
            .enumerate()
            .any(|(k, p)| k != i && p.doc == d)
    };
    let current = partners
        .iter()
        .position(|p| in_other_pane(p.target.doc))
        .unwrap_or(0);
    let target_doc = partners[current].target.doc;
    if !start_session(app, i, from, current, target_doc) {
        app.message = Some("No room for a second pane".into());
    }
}

/// Compares sentence `from` of pane `i` with its partner number `current` (in document
/// `target_doc`), shown in another pane; `false` when no other pane can be had.
fn start_session(app: &mut App, i: usize, from: End, current: usize, target_doc: usize) -> bool {
    let to_pane = other_pane(app, i, target_doc);
    if to_pane == i {
        return false;
    }
    app.compare.session = Some(Session {
        from_pane: i,
        to_pane,
        from,
        current,
    });
    show_partner(app);
    true
}

/// The pane to show partners of pane `i` in: one already showing `doc`, else the pane
/// of the current session, else any other pane, else a new pane beside it.
fn other_pane(app: &mut App, i: usize, doc: usize) -> usize {
    if let Some(k) = (0..app.panes.len()).find(|&k| k != i && app.panes[k].doc == doc) {
        return k;
    }
    if let Some(s) = app.compare.session.filter(|s| s.from_pane == i) {
        return s.to_pane;
    }
    if let Some(k) = (0..app.panes.len()).find(|&k| k != i) {
        return k;
    }
    let before = app.panes.len();
    app.focus = i;
    update(app, Action::SplitSideBySide);
    app.focus = i;
    // When no split could be made, `i` itself comes back and the caller gives up.
    if app.panes.len() > before {
        app.panes.len() - 1
    } else {
        i
    }
}

/// Shows the session's current partner in its pane, level with the sentence it is
/// linked to.
fn show_partner(app: &mut App) {
    let Some(s) = app.compare.session else { return };
    let Some(partner) = app.compare.partners(s.from).get(s.current).cloned() else {
        return;
    };
    let Some(to) = app.panes.get_mut(s.to_pane) else {
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
        app,
        s.from_pane,
        s.from.sentence,
        s.to_pane,
        partner.target.sentence,
    );
}

/// After a resize: the compared pair level again, and on screen.
pub fn realign(app: &mut App) {
    if valid_session(app).is_some() {
        show_partner(app);
    }
}

/// Scrolls pane `b` so that its sentence `sb` starts on the screen row where sentence `sa`
/// starts in pane `a` (moving `a` too when `b`'s document cannot scroll that far).
fn align(app: &mut App, a: usize, sa: usize, b: usize, sb: usize) {
    let (wa, ha) = app.pane_text_size(a);
    let (wb, _) = app.pane_text_size(b);
    let (Some(pa), Some(pb)) = (app.panes.get(a), app.panes.get(b)) else {
        return;
    };
    let (da, db) = (&app.docs[pa.doc], &app.docs[pb.doc]);
    let (Some(ta), Some(tb)) = (place(da, sa, wa), place(db, sb, wb)) else {
        return;
    };
    let top_a = reveal(da, ta, pa.top, wa, ha);
    let row_a = row_of(app, a, top_a, ta).unwrap_or(0);
    let top_b = db.backward(tb, row_a, wb);
    app.panes[b].top = top_b;
    app.panes[a].top = top_a;
    // Near the start of its document the partner cannot come down to that row: bring
    // the other side up instead, so that the two still stand level.
    let row_b = row_of(app, b, top_b, tb).unwrap_or(row_a);
    if row_b < row_a {
        app.panes[a].top = app.docs[app.panes[a].doc].backward(ta, row_b, wa);
    }
}

/// `n`/`N` in compare mode: the next (previous) partner of the sentence.
fn step_partner(app: &mut App, forward: bool) {
    let Some(mut s) = valid_session(app) else {
        return;
    };
    let n = app.compare.partners(s.from).len();
    if n < 2 {
        app.message = Some("This sentence has no other link".into());
        return;
    }
    s.current = if forward {
        (s.current + 1) % n
    } else {
        (s.current + n - 1) % n
    };
    app.compare.session = Some(s);
    show_partner(app);
}

fn open_picker(app: &mut App) {
    let items = links::picker_items(app);
    if items.is_empty() {
        app.message = Some(if app.compare.pending() {
            "Still linking the open documents…".into()
        } else {
            "No links between the open documents".into()
        });
        return;
    }
    app.overlay = Some(super::app::Overlay::Picker(super::picker::Picker::new(
        super::picker::Kind::Links,
        items,
    )));
}

/// The picker's choice: `from` in a pane (the focused one unless another shows its
/// document), its partner `to` beside it, in compare mode.
pub fn open_pair(app: &mut App, from: End, to: End) {
    if from.doc >= app.docs.len() || app.panes.is_empty() {
        return;
    }
    let i = match (0..app.panes.len()).find(|&k| app.panes[k].doc == from.doc) {
        Some(k) => k,
        None => {
            let i = app.focus.min(app.panes.len() - 1);
            let p = &mut app.panes[i];
            p.doc = from.doc;
            p.selected_ref = None;
            p.search = None;
            p.landing = None;
            p.top = Pos::default();
            i
        }
    };
    app.focus = i;
    select(app, i, from.sentence);
    let current = app
        .compare
        .partners(from)
        .iter()
        .position(|p| p.target == to)
        .unwrap_or(0);
    if app.compare.partners(from).is_empty() {
        return;
    }
    let target_doc = app.compare.partners(from)[current].target.doc;
    app.compare.session = None;
    start_session(app, i, from, current, target_doc);
}

/// The selected sentence of the focused pane, or else the first one on screen (which
/// becomes selected).
fn selected_or_first(app: &mut App) -> Option<End> {
    let i = app.focus;
    let p = app.panes.get(i)?;
    let doc = p.doc;
    let screen = on_screen(app, i);
    let s = match p.sentence {
        Some(s) if screen.is_some_and(|(a, b)| a <= s && s <= b) => s,
        _ => {
            let (a, _) = screen?;
            select(app, i, a);
            a
        }
    };
    Some(End { doc, sentence: s })
}

/// `m`: marks a sentence; the second mark, in another document, proposes the link.
fn mark(app: &mut App) {
    let Some(e) = selected_or_first(app) else {
        app.message = Some("No sentence here to mark".into());
        return;
    };
    match app.compare.mark {
        Some(m) if m == e => {
            app.compare.mark = None;
            app.message = Some("Mark cleared".into());
        }
        Some(m) if m.doc != e.doc => {
            app.compare.proposal = Some((m, e));
        }
        _ => app.compare.mark = Some(e),
    }
}

fn confirm_link(app: &mut App) {
    let Some((a, b)) = app.compare.proposal.take() else {
        return;
    };
    app.compare.mark = None;
    let (Some(ka), Some(kb)) = (sentence_key(app, a), sentence_key(app, b)) else {
        return;
    };
    app.compare.user.add(ka, kb);
    recompute(app);
    // Show the new pair side by side, from the pane the second mark was made in.
    let (from, to) = if app.focused().is_some_and(|p| p.doc == b.doc) {
        (b, a)
    } else {
        (a, b)
    };
    open_pair(app, from, to);
    app.message = Some(save_user(app, "Linked (your link)"));
}

/// `X` in compare mode: removes the link shown, whoever made it.
fn remove_link(app: &mut App) {
    let Some(s) = valid_session(app) else {
        let key = app
            .keymap
            .key_for(Mode::Reader, &Action::Compare)
            .unwrap_or_default();
        app.message = Some(format!(
            "Compare first ({key} on a linked sentence): the link shown is the one removed"
        ));
        return;
    };
    let Some(p) = app.compare.partners(s.from).get(s.current).cloned() else {
        return;
    };
    let (Some(ka), Some(kb)) = (sentence_key(app, s.from), sentence_key(app, p.target)) else {
        return;
    };
    app.compare.user.remove(ka, kb);
    recompute(app);
    let left = app.compare.partners(s.from).len();
    if left == 0 {
        app.compare.session = None;
        if let Some(p) = app.panes.get_mut(s.to_pane) {
            p.sentence = None;
        }
    } else {
        app.compare.session = Some(Session {
            current: s.current.min(left - 1),
            ..s
        });
        if valid_session(app).is_none() {
            let to_doc = app.compare.partners(s.from)[s.current.min(left - 1)]
                .target
                .doc;
            let to_pane = other_pane(app, s.from_pane, to_doc);
            if let Some(x) = &mut app.compare.session {
                x.to_pane = to_pane;
            }
        }
        show_partner(app);
    }
    app.message = Some(save_user(app, "Link removed"));
}

/// Saves the user's links; the message to show.
fn save_user(app: &App, done: &str) -> String {
    let Some(path) = &app.compare.store else {
        return done.to_string();
    };
    match links::save(path, &app.compare.user) {
        Ok(()) => done.to_string(),
        Err(e) => format!("{done}, but could not save to {}: {e}", path.display()),
    }
}

/// Byte ranges of `block` that compare mode highlights in pane `i`: the selected and the
/// partner sentence, the marked ones, and on top the figures that differ.
pub fn highlights(app: &App, i: usize, block: usize) -> Vec<(Range<usize>, HighlightKind)> {
    let Some(pane) = app.panes.get(i) else {
        return Vec::new();
    };
    let doc = &app.docs[pane.doc].doc;
    let range_in_block = |s: usize| {
        doc.sentences
            .get(s)
            .filter(|x| x.block == block)
            .map(|x| x.range.clone())
    };
    let mut base = Vec::new();
    let mut top = Vec::new();
    if let Some(r) = pane.sentence.and_then(range_in_block) {
        base.push((r, HighlightKind::Sentence));
    }
    let marks = [
        app.compare.mark,
        app.compare.proposal.map(|p| p.0),
        app.compare.proposal.map(|p| p.1),
    ];
    for m in marks.into_iter().flatten() {
        if m.doc == pane.doc
            && let Some(r) = range_in_block(m.sentence)
        {
            base.retain(|(b, _)| *b != r);
            base.push((r, HighlightKind::Marked));
        }
    }
    if let Some(s) = valid_session(app)
        && let Some(p) = app.compare.partners(s.from).get(s.current)
    {
        for d in &p.discrepancies {
            let figure = if i == s.from_pane {
                Some(&d.left)
            } else if i == s.to_pane {
                Some(&d.right)
            } else {
                None
            };
            if let Some(f) = figure.filter(|f| f.block == block) {
                top.push((f.range.clone(), HighlightKind::Figure));
            }
        }
    }
    top.sort_by_key(|(r, _)| r.start);
    top.dedup();
    layer(base, top)
}

/// `base` ranges with the parts under `top` ranges cut out, plus `top`, by start:
/// non-overlapping when the two lists are each non-overlapping.
pub fn layer(
    base: Vec<(Range<usize>, HighlightKind)>,
    top: Vec<(Range<usize>, HighlightKind)>,
) -> Vec<(Range<usize>, HighlightKind)> {
    let mut out = Vec::new();
    for (r, kind) in base {
        let mut pieces = vec![r];
        for (t, _) in &top {
            pieces = pieces
                .into_iter()
                .flat_map(|p| {
                    if t.end <= p.start || t.start >= p.end {
                        vec![p]
                    } else {
                        [p.start..t.start.max(p.start), t.end.min(p.end)..p.end]
                            .into_iter()
                            .filter(|x| x.start < x.end)
                            .collect()
                    }
                })
                .collect();
        }
        out.extend(pieces.into_iter().map(|p| (p, kind)));
    }
    out.extend(top);
    out.sort_by_key(|(r, _)| (r.start, r.end));
    out
}

/// The gutter mark of a line whose sentences are linked: discrepant ones stand out.
pub fn gutter_mark(app: &App, i: usize, vis: usize, line: usize, width: u16) -> Option<GutterMark> {
    if app.compare.partners.is_empty() {
        return None;
    }
    let p = app.panes.get(i)?;
    let dv = &app.docs[p.doc];
    let lines = dv.lines(vis, width);
    let mut mark = None;
    for s in lines.get(line)?.spans.iter().filter_map(|s| s.sentence) {
        let e = End {
            doc: p.doc,
            sentence: s,
        };
        if app.compare.is_discrepant(e) {
            return Some(GutterMark::Discrepant);
        }
        if app.compare.is_linked(e) {
            mark = Some(GutterMark::Linked);
        }
    }
    mark
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::Figure;
    use crate::claims::quantities::QuantityKind;

    fn figure(text: &str) -> Figure {
        Figure {
            text: text.into(),
            block: 0,
            range: 0..text.len(),
        }
    }

    #[test]
    fn relation_text_says_what_differs_or_how_they_relate() {
        let mut p = Partner {
            target: End {
                doc: 1,
                sentence: 0,
            },
            score: Some(0.734),
            user: false,
            discrepancies: Vec::new(),
        };
        assert_eq!(relation_text(&p, false), "same claim · score 0.73");
        p.discrepancies.push(Discrepancy {
            kind: QuantityKind::Count,
            left: figure("eight"),
            right: figure("six"),
        });
        assert_eq!(
            relation_text(&p, false),
            "figures differ: eight / six · score 0.73"
        );
        assert_eq!(
            relation_text(&p, true),
            "figures differ: six / eight · score 0.73"
        );
        p.score = None;
        p.user = true;
        p.discrepancies.clear();
        assert_eq!(relation_text(&p, false), "same claim · your link");
    }

    #[test]
    fn layering_cuts_the_sentence_around_figures() {
        use HighlightKind::*;
        let out = layer(
            vec![(0..20, Sentence)],
            vec![(5..8, Figure), (12..14, Figure)],
        );
        assert_eq!(
            out,
            vec![
                (0..5, Sentence),
                (5..8, Figure),
                (8..12, Sentence),
                (12..14, Figure),
                (14..20, Sentence)
            ]
        );
        let edge = layer(vec![(3..9, Sentence)], vec![(0..4, SearchMatch)]);
        assert_eq!(edge, vec![(0..4, SearchMatch), (4..9, Sentence)]);
    }
}
