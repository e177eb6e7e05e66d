//! The parser on the bundled articles: what a reader of each seed must see.

use recto::document::{BlockKind, Document};
use recto::library::bundled_documents;

fn seed(prefix: &str) -> Document {
    bundled_documents()
        .into_iter()
        .find(|d| d.path.starts_with(prefix))
        .expect("seed exists")
}

fn sections(doc: &Document, level: u8) -> Vec<&str> {
    doc.sections
        .iter()
        .filter(|s| s.level == level)
        .map(|s| s.title.as_str())
        .collect()
}

/// All text that the default rendering shows (chrome hidden).
fn visible_text(doc: &Document) -> String {
    doc.blocks
        .iter()
        .filter(|b| !b.chrome)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_gwot_narco_title_block() {
    let d = seed("002");
    assert_eq!(d.meta.title, "No GWOT-Narco");
    assert_eq!(
        d.meta.subtitle.as_deref(),
        Some("The perils of making war on cartels")
    );
    assert_eq!(
        d.meta.byline.as_deref(),
        Some("By Daniel DePetris and Christopher McCallion")
    );
    assert_eq!(d.meta.date.as_deref(), Some("July 2, 2025"));
}

#[test]
fn no_gwot_narco_sections_follow_its_contents_list() {
    let d = seed("002");
    assert_eq!(
        sections(&d, 1),
        [
            "Key points",
            "Military force inside Mexico: A self-fulfilling prophecy",
            "Mexico’s failed war on drugs",
            "Military action against the cartels is a losing strategy",
            "Recommendations and alternatives",
            "An easy solution that’s no solution",
            "Endnotes",
        ]
    );
    assert_eq!(
        sections(&d, 2),
        [
            "COIN in Mexico",
            "Decapitation",
            "Bombing cartel infrastructure",
            "A ‘plan Colombia’ for Mexico",
            "Costs to the United States",
        ]
    );
    let losing = d
        .sections
        .iter()
        .position(|s| s.title.starts_with("Military action"))
        .unwrap();
    assert!(
        d.sections
            .iter()
            .filter(|s| s.level == 2)
            .all(|s| s.parent == Some(losing))
    );
    // Figure captions are not sections.
    assert!(
        !d.sections
            .iter()
            .any(|s| s.title.contains("as of May 2025"))
    );
}

#[test]
fn no_gwot_narco_all_ninety_references_resolve_in_order() {
    let d = seed("002");
    assert_eq!(d.notes.len(), 90);
    let numbers: Vec<u32> = d.references().map(|r| r.note_ref.number).collect();
    assert_eq!(numbers, (1..=90).collect::<Vec<_>>());
    for r in d.references() {
        let note = &d.notes[r.note_ref.note.expect("resolved")];
        assert_eq!(note.number, r.note_ref.number);
    }
    assert!(
        d.notes[0]
            .text
            .starts_with("“Provisional Drug Overdose Data,”")
    );
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn no_gwot_narco_body_has_no_pasted_note_texts() {
    let d = seed("002");
    let body: String = d
        .blocks
        .iter()
        .filter(|b| b.is_body())
        .map(|b| b.text.as_str())
        .collect();
    for note in &d.notes {
        let head: String = note.text.chars().take(40).collect();
        assert!(
            !body.contains(&head),
            "note {} pasted in body: {head}",
            note.number
        );
    }
    assert!(!body.contains("https://"));
    let first = d.references().next().unwrap();
    let block = &d.blocks[first.block];
    let sentence = d
        .sentence_at(first.block, first.note_ref.offset - 1)
        .unwrap();
    assert_eq!(
        d.sentence_text(sentence),
        "The U.S. Centers for Disease Control and Prevention reports that about 79,000 Americans died of a drug overdose in 2024."
    );
    assert!(block.text.contains("in 2024. While this figure represents"));
}

#[test]
fn no_gwot_narco_hides_menus_promos_and_footer() {
    let d = seed("002");
    let shown = visible_text(&d);
    for chrome in [
        "Policy Topics",
        "Select Page",
        "Download PDF",
        "Jump to Section",
        "Photo of Daniel DePetris",
        "More on Western Hemisphere",
        "How not to do multipolarity",
        "Receive expert foreign policy analysis",
        "Privacy Policy",
        "All Right Reserved",
    ] {
        assert!(!shown.contains(chrome), "{chrome} is shown");
        assert!(
            d.blocks.iter().any(|b| b.chrome && b.text.contains(chrome)),
            "{chrome} was dropped"
        );
    }
    assert!(shown.contains("Key points"));
}

#[test]
fn bold_pledge_has_seven_headings_two_nested() {
    let d = seed("001");
    assert_eq!(
        d.meta.title,
        "Trump’s War on Cartels: A Bold Pledge with Complex Realities"
    );
    assert_eq!(d.sections.len(), 7, "{:?}", d.sections);
    assert_eq!(
        sections(&d, 2),
        [
            "CIA and Drug Running Allegations",
            "Operation Fast and Furious"
        ]
    );
    let parent = d.sections[4].parent.map(|p| d.sections[p].title.as_str());
    assert_eq!(
        parent,
        Some("Historical Context: U.S. Involvement with Cartels and Controversial Operations")
    );
    let items = d
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::ListItem { .. }))
        .count();
    assert_eq!(items, 9);
}

#[test]
fn conversation_article_sections_caption_and_end_matter() {
    let d = seed("003");
    assert_eq!(
        sections(&d, 1),
        ["Striking the cartels", "Addiction at home"]
    );
    assert_eq!(d.blocks[0].kind, BlockKind::Caption);
    let shown = visible_text(&d);
    assert!(!shown.contains("This article is republished"));
    assert!(!shown.contains("is a recipient of Nuffield Foundation"));
    assert!(!shown.contains("Read more:"));
    assert!(shown.contains("A war on drugs needs to be a war against addiction in the US."));
}

#[test]
fn contributors_article_has_one_section_per_contributor() {
    let d = seed("004");
    assert_eq!(
        sections(&d, 1),
        [
            "Heidi Jane Smith",
            "Robert Muggah",
            "Diego Marroquín Bitar",
            "Matteson Ellis"
        ]
    );
}

#[test]
fn sicario_has_no_sections_and_a_readable_title() {
    let d = seed("000");
    assert!(d.sections.is_empty());
    assert!(d.meta.title.starts_with("The 2015 film Sicario"));
    assert!(d.meta.title.chars().count() <= 61);
}

#[test]
fn every_seed_has_sentences_and_no_warnings() {
    for d in bundled_documents() {
        assert!(d.sentences.len() > 20, "{}", d.path);
        for id in 0..d.sentences.len() {
            assert!(!d.sentence_text(id).trim().is_empty());
        }
    }
}

#[test]
fn bundled_catalog_supplies_facts_stated_in_the_text() {
    assert_eq!(
        seed("002").meta.source.as_deref(),
        Some("Defense Priorities")
    );
    let d = seed("003");
    assert_eq!(
        d.meta.byline.as_deref(),
        Some("By Amalendu Misra, Lancaster University")
    );
    assert_eq!(d.meta.source.as_deref(), Some("The Conversation"));
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn every_bundled_article_parses() {
    assert_eq!(bundled_documents().len(), recto::library::BUNDLED.len());
}

#[test]
fn no_gwot_narco_reads_title_subtitle_byline_then_date() {
    let d = seed("002");
    let header: Vec<&BlockKind> = d
        .blocks
        .iter()
        .filter(|b| !b.chrome)
        .take(4)
        .map(|b| &b.kind)
        .collect();
    assert_eq!(
        header,
        [
            &BlockKind::Title,
            &BlockKind::Subtitle,
            &BlockKind::Byline,
            &BlockKind::Date
        ]
    );
}
