//! Stage "blocks": turns paragraphs and their roles into the `Document`: blocks of the
//! right kind, sections, notes from the notes list, note references found in body text
//! (by `crate::notes`) and resolved, the metadata, a fallback title; then the sentences.
//! Decides nothing about roles: every paragraph keeps the role the stages gave it.

use super::dates::strip_date_label;
use super::notes_list::{NotesList, resolve_refs};
use super::shapes::list_item;
use super::title::Header;
use super::{Para, Role};
use crate::document::{Block, BlockKind, Document, Note, NoteRef, Section, Sentence};
use crate::notes;
use std::collections::HashMap;

/// Assembles blocks, sections (all at level 1 until `headings::assign_levels`), notes,
/// references and the metadata.
pub(super) fn build(
    paras: Vec<Para>,
    roles: Vec<Role>,
    header: Header,
    notes_list: Option<NotesList>,
) -> Document {
    let mut doc = Document::default();
    let raw_notes = notes_list
        .as_ref()
        .map(|l| l.entries.as_slice())
        .unwrap_or_default();
    let mut note_map: HashMap<u32, &str> = HashMap::new();
    for n in raw_notes {
        if note_map.insert(n.number, n.text.as_str()).is_some() {
            doc.warnings.push(format!(
                "note {} appears more than once in the notes list",
                n.number
            ));
        }
    }
    let note_map = notes::NoteTexts::new(note_map);
    let mut last_ref = 0;
    let mut note_index: HashMap<u32, usize> = HashMap::new();
    // The first entry of the notes list not yet made a block.
    let mut next_entry = 0;
    let title = header.title.map(|t| paras[t].text.clone());
    // Paragraph texts move into blocks one by one, so the text is held about once at a time.
    for (i, (p, role)) in paras.into_iter().zip(roles).enumerate() {
        let kind = match role {
            Role::Title => BlockKind::Title,
            Role::Subtitle => BlockKind::Subtitle,
            Role::Byline => BlockKind::Byline,
            Role::Date => BlockKind::Date,
            Role::Caption => BlockKind::Caption,
            Role::Heading => BlockKind::Heading {
                level: 1,
                section: doc.sections.len(),
            },
            Role::NoteEntry => {
                let Some(list) = notes_list.as_ref() else {
                    continue;
                };
                let Some(last) = list.entry_at(i) else {
                    continue;
                };
                // A line holds its entry and any run on after it; a continuation line
                // holds the entry already emitted.
                while next_entry <= last {
                    let raw = &list.entries[next_entry];
                    let note = doc.notes.len();
                    note_index.entry(raw.number).or_insert(note);
                    doc.notes.push(Note {
                        number: raw.number,
                        text: raw.text.clone(),
                        block: doc.blocks.len(),
                    });
                    doc.blocks
                        .push(Block::new(BlockKind::NoteEntry { note }, raw.text.clone()));
                    next_entry += 1;
                }
                continue;
            }
            Role::Chrome | Role::Body if p.code => BlockKind::Code { language: None },
            Role::Chrome | Role::Body => match list_item(&p) {
                Some((marker, _)) => BlockKind::ListItem {
                    marker,
                    depth: u8::try_from(p.indent / 4).unwrap_or(u8::MAX).min(4),
                },
                None => BlockKind::Paragraph,
            },
        };
        if let BlockKind::Heading { .. } = kind {
            doc.sections.push(Section {
                title: p.text.clone(),
                level: 1,
                block: doc.blocks.len(),
                parent: None,
            });
        }
        let text = match (&kind, list_item(&p)) {
            (BlockKind::ListItem { .. }, Some((_, t))) => t.to_string(),
            _ => p.text,
        };
        let chrome = role == Role::Chrome;
        let takes_refs = !chrome
            && matches!(
                kind,
                BlockKind::Paragraph | BlockKind::ListItem { .. } | BlockKind::Caption
            );
        let mut block = Block::new(kind, String::new());
        block.chrome = chrome;
        if takes_refs {
            let (clean, found) = notes::extract_refs(&text, &note_map, &mut last_ref);
            block.text = clean;
            block.refs = found
                .into_iter()
                .map(|r| NoteRef {
                    offset: r.offset,
                    number: r.number,
                    note: None,
                })
                .collect();
        } else {
            block.text = text;
        }
        doc.blocks.push(block);
    }
    date_after_title(&mut doc.blocks);
    resolve_refs(&mut doc, &note_index);
    doc.meta.title = title.unwrap_or_else(|| fallback_title(&doc));
    for b in &doc.blocks {
        match b.kind {
            BlockKind::Subtitle if doc.meta.subtitle.is_none() => {
                doc.meta.subtitle = Some(b.text.clone())
            }
            BlockKind::Byline if doc.meta.byline.is_none() => {
                // "by Jane Doe" split from "Posted on … by Jane Doe" reads as "By Jane Doe".
                let byline = match b.text.strip_prefix("by ") {
                    Some(name) => format!("By {name}"),
                    None => b.text.clone(),
                };
                doc.meta.byline = Some(byline)
            }
            BlockKind::Date if doc.meta.date.is_none() => {
                doc.meta.date = Some(strip_date_label(&b.text, false).to_string())
            }
            _ => {}
        }
    }
    doc
}

/// Stage "sentences": the sentences of every body block, for linking and search.
pub(super) fn add_sentences(doc: &mut Document) {
    for (bi, b) in doc.blocks.iter().enumerate() {
        if b.is_body() {
            for range in crate::sentences::split(&b.text) {
                doc.sentences.push(Sentence { block: bi, range });
            }
        }
    }
}

/// Pages often print the date above the headline; the reader shows the title first and
/// the date with the byline. Only header blocks move: no heading or note entry lies
/// between them, so section and note indices stay right.
fn date_after_title(blocks: &mut [Block]) {
    let Some(title) = blocks.iter().position(|b| b.kind == BlockKind::Title) else {
        return;
    };
    let Some(date) = blocks[..title]
        .iter()
        .rposition(|b| b.kind == BlockKind::Date)
    else {
        return;
    };
    let last_header = blocks[title..]
        .iter()
        .take_while(|b| {
            matches!(
                b.kind,
                BlockKind::Title | BlockKind::Subtitle | BlockKind::Byline
            )
        })
        .count()
        + title
        - 1;
    blocks[date..=last_header].rotate_left(1);
}

/// A readable title for an article without a title line: its first sentence, shortened.
fn fallback_title(doc: &Document) -> String {
    let first = doc
        .blocks
        .iter()
        .find(|b| b.is_body())
        .map(|b| {
            let end = crate::sentences::split(&b.text)
                .first()
                .map_or(b.text.len(), |r| r.end);
            b.text[..end].to_string()
        })
        .unwrap_or_default();
    shorten(&first, 60)
}

fn shorten(s: &str, max_chars: usize) -> String {
    let s = s.trim().trim_end_matches(['.', '!', '?']);
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.chars().count() + w.chars().count() + 1 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.trim_end_matches([',', ';', ':', '—']).to_string() + "…"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::plain::{lines::paragraphs, notes_list, title::find_header};

    #[test]
    fn roles_become_blocks_with_references_resolved_and_the_metadata_filled() {
        let paras = paragraphs(
            "Salt Roads\n\nBy Ann Lee\n\nSalt moved on roads.1 Towns grew rich.\n\nNotes\n\n1. Smith, Salt, 1998.\n",
        );
        let list = notes_list::find(&paras);
        let header = find_header(&paras, 3);
        let mut roles = vec![Role::Body; paras.len()];
        list.as_ref().expect("notes").mark(&mut roles);
        for &(i, r) in &header.roles {
            roles[i] = r;
        }
        let mut doc = build(paras, roles, header, list);
        assert_eq!(doc.meta.title, "Salt Roads");
        assert_eq!(doc.meta.byline.as_deref(), Some("By Ann Lee"));
        let body = &doc.blocks[2];
        assert_eq!(body.text, "Salt moved on roads. Towns grew rich.");
        assert_eq!(body.refs[0].note, Some(0));
        assert_eq!(doc.notes[0].text, "Smith, Salt, 1998.");
        assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
        add_sentences(&mut doc);
        assert_eq!(doc.sentences.len(), 2);
    }

    #[test]
    fn without_a_title_line_the_first_sentence_shortened_is_the_title() {
        assert_eq!(shorten("A short one.", 60), "A short one");
        assert_eq!(shorten("one two three four", 10), "one two…");
    }
}
