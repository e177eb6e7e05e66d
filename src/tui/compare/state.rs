//! Compare mode's state: the links of the loaded documents (the linker's, built as a
//! background task, merged with the user's own), the compare session, the manual mark,
//! and what they show (highlights, gutter signs, the label under the panes, the rows of
//! the links picker).
//!
//! Reads the workspace and changes only `Compare` (and, for the label, the rows the
//! workspace leaves under the panes). The moves are in `session`.

use crate::claims::{Discrepancy, LinkerConfig, SentenceRef};
use crate::document::Document;
use crate::tui::effect::{Effect, Effects};
use crate::tui::keymap::Keymap;
use crate::tui::linking::{Built, LinkTask};
use crate::tui::marks::{GutterMark, HighlightKind};
use crate::tui::panes::Workspace;
use crate::tui::picker::{Item, Target};
use crate::user_links::{self as links, SentenceKey, UserLinks};
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

/// Between the two sentences of a links picker label.
pub const LABEL_SEPARATOR: &str = " ⇄ ";
/// Before the relation ("dates differ: …", the score) at the end of the label, so that
/// the filter finds "differ" too.
pub const DETAIL_SEPARATOR: &str = " ‖ ";

/// What compare's moves work on: the workspace, compare's own state, the keymap (to name
/// keys in messages) and the effects for the app.
pub struct Ctx<'a> {
    pub ws: &'a mut Workspace,
    pub cmp: &'a mut Compare,
    pub keymap: &'a Keymap,
    pub fx: &'a mut Effects,
}

/// The rows under the panes follow the label: shown while a session, a mark or a
/// proposal is on (the panes' geometry depends on it).
pub fn sync_label(c: &mut Ctx) {
    c.ws.label_rows = label_rows(c.ws, c.cmp);
}

/// A sentence of a loaded document: `doc` indexes `Workspace::docs`, `sentence`
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

    /// No sentence of the loaded documents is linked (yet).
    pub fn has_no_links(&self) -> bool {
        self.partners.is_empty()
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
pub fn sync(c: &mut Ctx) {
    if c.ws.docs.len() == c.cmp.seen_docs {
        return;
    }
    c.cmp.seen_docs = c.ws.docs.len();
    let mut fingerprints = Vec::new();
    let mut docs = Vec::new();
    for (d, dv) in c.ws.docs.iter().enumerate() {
        if !crate::claims::linkable(&dv.doc) {
            c.fx.push(Effect::Message(format!(
                "{} is too long to compare (linking reads articles of up to {} MB)",
                dv.title(),
                crate::claims::MAX_LINKED_BYTES >> 20
            )));
            continue;
        }
        let print = fingerprint(&dv.doc);
        if !fingerprints.contains(&print) {
            fingerprints.push(print);
            docs.push(d);
        }
    }
    if docs == c.cmp.requested {
        return;
    }
    c.cmp.requested = docs.clone();
    if docs.len() < 2 {
        return;
    }
    c.cmp.generation += 1;
    let documents = docs.iter().map(|&d| c.ws.docs[d].doc.clone()).collect();
    c.cmp.tasks.push(LinkTask {
        generation: c.cmp.generation,
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

/// A linker result arrived: kept if it is for the documents loaded now.
pub fn links_built(c: &mut Ctx, built: Built) {
    if built.generation != c.cmp.generation {
        return;
    }
    c.cmp.built = Some(built);
    recompute(c);
}

/// The key a sentence is saved under.
pub fn sentence_key(ws: &Workspace, e: End) -> Option<SentenceKey> {
    let dv = ws.docs.get(e.doc)?;
    (e.sentence < dv.doc.sentences.len()).then(|| SentenceKey {
        path: dv.key.clone(),
        sentence: dv.doc.sentence_text(e.sentence).trim().to_string(),
    })
}

/// The sentence a key names in the loaded documents.
fn resolve(ws: &Workspace, key: &SentenceKey) -> Option<End> {
    let doc = ws.docs.iter().position(|d| d.key == key.path)?;
    let d = &ws.docs[doc].doc;
    let sentence = (0..d.sentences.len()).find(|&s| d.sentence_text(s).trim() == key.sentence)?;
    Some(End { doc, sentence })
}

/// The figures on which a link the user made differs, from `from`'s side; empty when
/// the linker has not indexed both documents.
fn user_link_discrepancies(ws: &Workspace, cmp: &Compare, from: End, to: End) -> Vec<Discrepancy> {
    let Some(built) = &cmp.built else {
        return Vec::new();
    };
    let linker_doc = |d: usize| built.docs.iter().position(|&x| x == d);
    let (Some(la), Some(lb), Some(da), Some(db)) = (
        linker_doc(from.doc),
        linker_doc(to.doc),
        ws.docs.get(from.doc),
        ws.docs.get(to.doc),
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
pub fn recompute(c: &mut Ctx) {
    let mut map: HashMap<End, Vec<Partner>> = HashMap::new();
    if let Some(built) = &c.cmp.built {
        for (li, &d) in built.docs.iter().enumerate() {
            let count = c.ws.docs.get(d).map_or(0, |dv| dv.doc.sentences.len());
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
    if !c.cmp.user.removed.is_empty() {
        for (&from, ps) in map.iter_mut() {
            let Some(fk) = sentence_key(c.ws, from) else {
                continue;
            };
            ps.retain(|p| {
                sentence_key(c.ws, p.target).is_none_or(|tk| !c.cmp.user.is_removed(&fk, &tk))
            });
        }
    }
    for link in &c.cmp.user.added {
        let (Some(x), Some(y)) = (resolve(c.ws, &link.a), resolve(c.ws, &link.b)) else {
            continue;
        };
        if x.doc == y.doc {
            continue;
        }
        for (from, to) in [(x, y), (y, x)] {
            let found = user_link_discrepancies(c.ws, c.cmp, from, to);
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
    c.cmp.partners = map;
    fix_session(c);
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
pub fn label(ws: &Workspace, cmp: &Compare) -> Option<String> {
    if let Some((a, b)) = cmp.proposal {
        return Some(format!(
            "link “{}” ⇄ “{}”? Enter: link · Esc: cancel",
            snippet(ws, a, 40),
            snippet(ws, b, 40)
        ));
    }
    if let Some(m) = cmp.mark {
        return Some(format!(
            "marked “{}”: select a sentence in another document and press m · Esc: cancel",
            snippet(ws, m, 50)
        ));
    }
    let s = valid_session(ws, cmp)?;
    let partners = cmp.partners(s.from);
    let p = partners.get(s.current)?;
    let rects = ws.pane_rects();
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

fn snippet(ws: &Workspace, e: End, width: usize) -> String {
    ws.docs
        .get(e.doc)
        .filter(|dv| e.sentence < dv.doc.sentences.len())
        .map_or(String::new(), |dv| {
            crate::tui::text::truncate(dv.doc.sentence_text(e.sentence).trim(), width)
        })
}

/// Rows the label takes below the panes.
pub fn label_rows(ws: &Workspace, cmp: &Compare) -> u16 {
    let active = cmp.proposal.is_some() || cmp.mark.is_some() || valid_session(ws, cmp).is_some();
    u16::from(active && ws.height > 6)
}

/// The session, if its panes still show its documents.
pub fn valid_session(ws: &Workspace, cmp: &Compare) -> Option<Session> {
    let s = cmp.session?;
    let from = ws.panes.get(s.from_pane)?;
    let to = ws.panes.get(s.to_pane)?;
    let partner = cmp.partners(s.from).get(s.current)?;
    (s.from_pane != s.to_pane && from.doc == s.from.doc && to.doc == partner.target.doc)
        .then_some(s)
}

pub fn fix_session(c: &mut Ctx) {
    if c.cmp.session.is_some() && valid_session(c.ws, c.cmp).is_none() {
        c.cmp.session = None;
    }
    sync_label(c);
}

/// Saves the user's links (merged with what another process saved meanwhile); the
/// message to show.
pub fn save_user(cmp: &mut Compare, done: &str) -> String {
    let Some(path) = cmp.store.clone() else {
        return done.to_string();
    };
    match links::save_merged(&path, &mut cmp.user) {
        Ok(()) => done.to_string(),
        Err(e) => format!("{done}, but could not save to {}: {e}", path.display()),
    }
}

/// Byte ranges of `block` that compare mode highlights in pane `i`: the selected and the
/// partner sentence, the marked ones, and on top the figures that differ.
pub fn highlights(
    ws: &Workspace,
    cmp: &Compare,
    i: usize,
    block: usize,
) -> Vec<(Range<usize>, HighlightKind)> {
    let Some(pane) = ws.panes.get(i) else {
        return Vec::new();
    };
    let doc = &ws.docs[pane.doc].doc;
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
        cmp.mark,
        cmp.proposal.map(|p| p.0),
        cmp.proposal.map(|p| p.1),
    ];
    for m in marks.into_iter().flatten() {
        if m.doc == pane.doc
            && let Some(r) = range_in_block(m.sentence)
        {
            base.retain(|(b, _)| *b != r);
            base.push((r, HighlightKind::Marked));
        }
    }
    if let Some(s) = valid_session(ws, cmp)
        && let Some(p) = cmp.partners(s.from).get(s.current)
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
pub fn gutter_mark(
    ws: &Workspace,
    cmp: &Compare,
    i: usize,
    vis: usize,
    line: usize,
    width: u16,
) -> Option<GutterMark> {
    if cmp.partners.is_empty() {
        return None;
    }
    let p = ws.panes.get(i)?;
    let dv = &ws.docs[p.doc];
    let lines = dv.lines(vis, width);
    let mut mark = None;
    for s in lines.get(line)?.spans.iter().filter_map(|s| s.sentence) {
        let e = End {
            doc: p.doc,
            sentence: s,
        };
        if cmp.is_discrepant(e) {
            return Some(GutterMark::Discrepant);
        }
        if cmp.is_linked(e) {
            mark = Some(GutterMark::Linked);
        }
    }
    mark
}

/// The rows of the links picker: every link between the documents in the panes (all
/// loaded documents when the panes show only one), once, in the reading order of the
/// first document, each with both sentences and, dimmed, score, discrepancy and owner.
/// The label is both whole sentences and the relation (all of it is what the fuzzy
/// filter matches), joined by `LABEL_SEPARATOR` and `DETAIL_SEPARATOR`; `compare_view`
/// draws them on two lines.
pub fn picker_items(ws: &Workspace, cmp: &Compare) -> Vec<Item> {
    let mut shown: Vec<usize> = ws.panes.iter().map(|p| p.doc).collect();
    shown.sort_unstable();
    shown.dedup();
    if shown.len() < 2 {
        shown = (0..ws.docs.len()).collect();
    }
    let many = shown.len() > 2;
    // Each link once, seen from the focused pane's document when it is one of the two.
    let focused = ws.focused().map(|p| p.doc);
    let first = |e: End, t: End| match focused {
        Some(f) if e.doc == f || t.doc == f => e.doc == f && (t.doc != f || e < t),
        _ => e < t,
    };
    let mut rows: Vec<(End, &Partner)> = Vec::new();
    for (&from, partners) in cmp.all_partners() {
        if !shown.contains(&from.doc) {
            continue;
        }
        for p in partners {
            if first(from, p.target) && shown.contains(&p.target.doc) {
                rows.push((from, p));
            }
        }
    }
    let rank = |e: End| (Some(e.doc) != focused, e);
    rows.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(a.1.target.cmp(&b.1.target)));
    rows.into_iter()
        .map(|(from, p)| {
            let mut detail = relation_text(p, false);
            if many {
                let title = |d: usize| {
                    ws.docs.get(d).map_or(String::new(), |dv| {
                        crate::tui::text::truncate(dv.title(), 16)
                    })
                };
                detail.push_str(&format!(" · {} ⇄ {}", title(from.doc), title(p.target.doc)));
            }
            let text = |e: End| {
                ws.docs
                    .get(e.doc)
                    .and_then(|dv| {
                        (e.sentence < dv.doc.sentences.len())
                            .then(|| dv.doc.sentence_text(e.sentence).trim().to_string())
                    })
                    .unwrap_or_default()
            };
            Item {
                label: format!(
                    "{}{}{}{}{detail}",
                    text(from),
                    LABEL_SEPARATOR,
                    text(p.target),
                    DETAIL_SEPARATOR,
                ),
                indent: 0,
                detail,
                target: Target::Link {
                    from: (from.doc, from.sentence),
                    to: (p.target.doc, p.target.sentence),
                },
            }
        })
        .collect()
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
