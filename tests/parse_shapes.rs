//! The parser on article shapes other than the seeds: bracketed notes, no blank lines,
//! no notes list, hard-wrapped text, a contents list, chrome at both ends, look-alikes.
//! How numbers are read as references is `parse_numbers.rs`.

use recto::document::{BlockKind, Document};
use recto::ingest::parse_bytes;

fn parse(text: &str) -> Document {
    parse_bytes("test.txt", text.as_bytes()).expect("text parses")
}

fn visible(doc: &Document) -> String {
    doc.blocks
        .iter()
        .filter(|b| !b.chrome)
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fails naming the first of `chrome` that `shown` (the visible text) still holds.
fn assert_hidden(shown: &str, chrome: &[&str]) {
    for c in chrome {
        assert!(!shown.contains(c), "{c} shown");
    }
}

fn titles(doc: &Document) -> Vec<(u8, &str)> {
    doc.sections
        .iter()
        .map(|s| (s.level, s.title.as_str()))
        .collect()
}

const BRACKETED: &str = "\
Home
News
Opinion

The Price of Salt in Medieval Towns

By Maria Gonzalez

March 3, 2024

Salt was the currency of the medieval economy in many towns, and its price followed the seasons closely.[1] Merchants stored it for months before selling.

Trade routes

Caravans crossed the Alps with salt from the coastal pans, paying tolls at every bridge along the way.[2] Some towns grew rich on those tolls alone [3].

Notes

[1] Smith, A History of Salt, 1998, p. 12.
[2] Jones, Alpine Trade, 2004.
[3] Brown, Tolls and Towns, 2011.

Share this article
© 2024 Example Media. All rights reserved.
";

#[test]
fn bracketed_notes_title_byline_and_chrome_at_both_ends() {
    let d = parse(BRACKETED);
    assert_eq!(d.meta.title, "The Price of Salt in Medieval Towns");
    assert_eq!(d.meta.byline.as_deref(), Some("By Maria Gonzalez"));
    assert_eq!(d.meta.date.as_deref(), Some("March 3, 2024"));
    assert_eq!(titles(&d), [(1, "Trade routes"), (1, "Notes")]);
    let numbers: Vec<u32> = d.references().map(|r| r.note_ref.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert!(d.references().all(|r| r.note_ref.note.is_some()));
    assert_eq!(d.notes[1].text, "Jones, Alpine Trade, 2004.");
    let shown = visible(&d);
    assert_hidden(
        &shown,
        &[
            "Home",
            "Opinion",
            "Share this article",
            "All rights reserved",
        ],
    );
    assert!(shown.contains("Some towns grew rich on those tolls alone."));
}

#[test]
fn no_blank_lines_headings_and_numbered_notes() {
    let text = "\
Rivers of the North: A Short Survey
The northern rivers carry more water in spring than in any other season, as the snow melts in the hills.3 They freeze in winter.
Fishing
Fishing on the rivers is old, and many families still depend on it for a good part of their income every year.4
Endnotes
3. Lund, Snow and Rivers, 2001.
4. Berg, Northern Fisheries, 2015.
";
    let d = parse(text);
    assert_eq!(d.meta.title, "Rivers of the North: A Short Survey");
    assert_eq!(titles(&d), [(1, "Fishing"), (1, "Endnotes")]);
    let refs: Vec<(u32, bool)> = d
        .references()
        .map(|r| (r.note_ref.number, r.note_ref.note.is_some()))
        .collect();
    assert_eq!(refs, [(3, true), (4, true)]);
    assert!(visible(&d).contains("as the snow melts in the hills. They freeze in winter."));
}

#[test]
fn without_notes_list_references_are_reported_unresolved() {
    let text = "A short article without any notes list but with a marker at the end of this sentence.1 And then it simply ends here without more.\n";
    let d = parse(text);
    let refs: Vec<_> = d
        .references()
        .map(|r| (r.note_ref.number, r.note_ref.note))
        .collect();
    assert_eq!(refs, [(1, None)]);
    assert!(
        d.warnings.iter().any(|w| w.contains("resolve to no note")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn unreferenced_notes_are_reported() {
    let text = "Title of a Thing\n\nA paragraph that cites nothing at all but is long enough to count as prose for sure.\n\nNotes\n\n1. An orphan note.\n";
    let d = parse(text);
    assert_eq!(d.notes.len(), 1);
    assert!(
        d.warnings.iter().any(|w| w.contains("never referenced: 1")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn hard_wrapped_paragraphs_are_rejoined() {
    let text = "\
Migration of Birds Across the Sea

Every autumn millions of small birds leave the northern forests and fly
south across the sea, a journey that takes many of them several nights
without rest.

Scientists have followed them with tiny radio tags for two decades now,
and the maps they drew changed what we knew.
";
    let d = parse(text);
    let paras: Vec<&str> = d
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(paras.len(), 2, "{paras:?}");
    assert!(paras[0].contains("fly south across the sea"));
    assert_eq!(d.sentences.len(), 2);
}

#[test]
fn contents_list_sets_levels() {
    let text = "\
An Atlas of Old Maps

By Sam Lee

Contents
  • Origins
  • Printing
  • Legacy

Origins

The first maps were drawn on clay, and they showed fields and rivers rather than whole countries or seas.

Clay tablets

Some tablets survive in museums, and they are small enough to hold in one hand while reading them.

Printing

Printing made maps cheap, and within a century merchants in every port could buy a chart of the coast.

Legacy

Old maps still shape the names we use for places, long after the borders they showed have moved.
";
    let d = parse(text);
    assert_eq!(
        titles(&d),
        [
            (1, "Origins"),
            (2, "Clay tablets"),
            (1, "Printing"),
            (1, "Legacy")
        ]
    );
    assert!(!visible(&d).contains("Contents"));
}

#[test]
fn look_alike_numbers_stay_text() {
    let text = "\
Water and Numbers in Modern Chemistry Labs

Water is H2O, and Task 2A asks for 3.5 liters, a $50 million budget and 1.1 metric tons in 2024. The F-35 and MS-13 are names.

Notes

1. A note.
2. Another note.
3. A third note.
";
    let d = parse(text);
    assert_eq!(d.references().count(), 0);
    assert!(visible(&d).contains("Water is H2O, and Task 2A asks for 3.5 liters, a $50 million budget and 1.1 metric tons in 2024."));
}

#[test]
fn caret_notes_and_superscripts() {
    let text = "\
Bridges of the Rhine in the Nineteenth Century

The first iron bridge opened in 1859 and carried trains across the river for fifty years.¹ A second followed soon after.²

References

^ Müller, Eisenbrücken, 1990.
^ Weber, Der Rhein, 2003.
";
    let d = parse(text);
    let refs: Vec<(u32, Option<usize>)> = d
        .references()
        .map(|r| (r.note_ref.number, r.note_ref.note))
        .collect();
    assert_eq!(refs, [(1, Some(0)), (2, Some(1))]);
    assert_eq!(d.notes[1].text, "Weber, Der Rhein, 2003.");
}

#[test]
fn empty_and_whitespace_inputs_give_empty_documents() {
    for text in ["", "   \n\n\t\n", "\n"] {
        let d = parse(text);
        assert!(d.sentences.is_empty());
        assert!(d.sections.is_empty());
    }
}

#[test]
fn news_page_with_ads_share_buttons_and_photo_credits() {
    let text = "\
Skip to content
World
Business
Harbour Workers Strike Over New Shift Rules

Dock workers walked out on Monday, halting traffic at the country's largest port for the first time in a decade.
Advertisement
The union said the new rules would add two night shifts a week without extra pay, and talks broke down on Sunday.
A crane stands idle at the north terminal. Photograph: Jane Doe / Reuters
What happens next
Negotiators for both sides are expected to meet again on Thursday, the labour ministry said in a statement.
Share
Read more: Port traffic hits a record high
";
    let d = parse(text);
    assert_eq!(d.meta.title, "Harbour Workers Strike Over New Shift Rules");
    assert_eq!(titles(&d), [(1, "What happens next")]);
    let shown = visible(&d);
    assert_hidden(
        &shown,
        &["Advertisement", "Skip to content", "Share", "Read more"],
    );
    assert!(
        d.blocks
            .iter()
            .any(|b| b.kind == BlockKind::Caption && b.text.contains("Jane Doe / Reuters"))
    );
    assert_eq!(d.sentences.len(), 3);
}

#[test]
fn blog_post_with_name_date_counters_and_bare_number_footnotes() {
    let text = r#"The Quiet Collapse of Local News

Why small-town papers are disappearing, and what replaces them

Jane Writer
Mar 14, 2024
42
12
Share

When the Daily Courier printed its last edition in 2019, the town lost more than a newspaper.1 It lost the only reporter who regularly attended city council meetings, and within two years, local property taxes had risen by 14 percent.

Researchers have found similar patterns across hundreds of counties. A 2018 study by Gao, Lee and Murphy showed that municipal borrowing costs rise after a local paper closes.2

The numbers

Between 2005 and 2023, the United States lost about 2,900 newspapers. Most of them were weeklies serving towns of fewer than 50,000 people.3

What comes next

Nonprofit newsrooms have filled some of the gap, but they cluster in cities. In rural areas, Facebook groups have become the de facto source of local information, with mixed results.

Subscribe to The Local Beat
Thousands of paid subscribers

Footnotes
1
The Courier was founded in 1887.

2
Gao, Lee and Murphy, "Financing Dies in Darkness?", Journal of Financial Economics, 2020.

3
Medill State of Local News Report, 2023.

Discussion about this post
Comments
Restacks
"#;
    let d = parse(text);
    assert_eq!(d.meta.title, "The Quiet Collapse of Local News");
    assert_eq!(
        d.meta.subtitle.as_deref(),
        Some("Why small-town papers are disappearing, and what replaces them")
    );
    assert_eq!(d.meta.byline.as_deref(), Some("Jane Writer"));
    assert_eq!(d.meta.date.as_deref(), Some("Mar 14, 2024"));
    assert_eq!(
        titles(&d),
        [(1, "The numbers"), (1, "What comes next"), (1, "Footnotes")]
    );
    let refs: Vec<(u32, bool)> = d
        .references()
        .map(|r| (r.note_ref.number, r.note_ref.note.is_some()))
        .collect();
    assert_eq!(refs, [(1, true), (2, true), (3, true)]);
    let shown = visible(&d);
    assert_hidden(
        &shown,
        &[
            "42",
            "Share",
            "Subscribe to",
            "paid subscribers",
            "Discussion",
            "Restacks",
        ],
    );
}

#[test]
fn wiki_page_with_menus_edit_links_and_caret_references() {
    let text = r#"Jump to content
Main menu
Search
Create account
Log in

Common kingfisher
From Wikipedia, the free encyclopedia
(Redirected from Alcedo atthis)

The common kingfisher (Alcedo atthis), also known as the Eurasian kingfisher and river kingfisher, is a small kingfisher with seven subspecies recognized within its wide distribution across Eurasia and North Africa.[2] It is resident in much of its range, but migrates from areas where rivers freeze in winter.

This sparrow-sized bird has the typical short-tailed, large-headed kingfisher profile.[3][4]

Taxonomy[edit]
The common kingfisher was described by Carl Linnaeus in 1758 in the tenth edition of his Systema Naturae.[5]

Description[edit]
The common kingfisher is 16 cm (6.3 in) long with a wingspan of 25 cm (9.8 in) and weighs 34–46 g (1.2–1.6 oz).[6]

References[edit]
^ BirdLife International (2016). "Alcedo atthis". IUCN Red List.
^ Fry, C. Hilary; Fry, Kathie (1999). Kingfishers, Bee-eaters and Rollers.
^ a b Woodall, P. F. (2001). "Family Alcedinidae".
^ Snow, D. W. (1998). The Birds of the Western Palearctic.
^ Linnaeus, C. (1758). Systema Naturae.
^ "Common Kingfisher". RSPB.

Retrieved from "https://en.wikipedia.org/w/index.php?title=Common_kingfisher"
Categories: IUCN Red List least concern species
This page was last edited on 1 November 2024.
Privacy policy
About Wikipedia
"#;
    let d = parse(text);
    assert_eq!(d.meta.title, "Common kingfisher");
    assert_eq!(
        titles(&d),
        [(1, "Taxonomy"), (1, "Description"), (1, "References")]
    );
    assert_eq!(d.notes.len(), 6);
    assert_eq!(
        d.notes[2].text,
        "Woodall, P. F. (2001). \"Family Alcedinidae\"."
    );
    let refs: Vec<(u32, Option<usize>)> = d
        .references()
        .map(|r| (r.note_ref.number, r.note_ref.note))
        .collect();
    assert_eq!(
        refs,
        [
            (2, Some(1)),
            (3, Some(2)),
            (4, Some(3)),
            (5, Some(4)),
            (6, Some(5))
        ]
    );
    let shown = visible(&d);
    assert_hidden(
        &shown,
        &[
            "Main menu",
            "Log in",
            "Retrieved from",
            "Categories:",
            "Privacy policy",
        ],
    );
}

/// A file that is one enormous line (no real paragraph is 64 KB long) becomes paragraphs
/// of bounded size, so the reader never has to lay out the whole file at once; every word
/// is kept, in order.
#[test]
fn a_huge_line_is_cut_into_bounded_paragraphs_without_losing_a_word() {
    let sentence = "The cartel moved its money through shell companies in three states. ";
    let text = sentence.repeat(10_000); // about 680 KB on one line
    let doc = parse_bytes("huge.txt", text.as_bytes()).unwrap();
    let body: Vec<&recto::document::Block> = doc.blocks.iter().filter(|b| b.is_body()).collect();
    assert!(body.len() >= 10, "{} blocks", body.len());
    assert!(body.iter().all(|b| b.text.len() <= 64 * 1024));
    assert!(
        body.iter().all(|b| b.text.ends_with("states.")),
        "cut at sentence ends"
    );
    let words: Vec<&str> = body
        .iter()
        .flat_map(|b| b.text.split_whitespace())
        .collect();
    let expected: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(words, expected);
}

/// A short paragraph that ends in a note reference ("… in 2024.[3]") is a sentence, not a
/// heading or page furniture, however short.
#[test]
fn a_short_sentence_ending_in_a_reference_is_text() {
    let text = "Short Notes on Cartels\n\nBackground\n\nThe ban came in 2019.[1]\n\n\
                Prices rose at once.²\n\nNotes\n\n[1] A report.\n[2] Another report.\n";
    let doc = parse_bytes("short.txt", text.as_bytes()).unwrap();
    let kind_of = |start: &str| {
        let b = doc
            .blocks
            .iter()
            .find(|b| b.text.starts_with(start))
            .unwrap();
        (b.kind.clone(), b.chrome)
    };
    assert_eq!(kind_of("The ban came"), (BlockKind::Paragraph, false));
    assert_eq!(kind_of("Prices rose"), (BlockKind::Paragraph, false));
    let refs: Vec<u32> = doc.references().map(|r| r.note_ref.number).collect();
    assert_eq!(refs, [1, 2]);
}

#[test]
fn a_long_run_of_short_lines_is_a_listing_shown_line_for_line() {
    let mut text = String::from(
        "Tide Tables for the Harbour\n\nThe harbour office publishes the times of high water for the whole year, one line a day.\n",
    );
    for day in 1..=400 {
        text.push_str(&format!(
            "Day {day} high water at {} h {}\n",
            day % 24,
            day % 60
        ));
    }
    text.push_str("Boats should leave the harbour at least an hour before high water, the harbour office says.\n");
    let doc = parse(&text);
    // No heading, title or menu was made of the listing's lines: it is body text.
    assert_eq!(doc.title(), "Tide Tables for the Harbour");
    assert!(doc.sections.is_empty(), "{:?}", titles(&doc));
    let listing: Vec<_> = doc
        .blocks
        .iter()
        .filter(|b| b.text.contains('\n'))
        .collect();
    assert!(!listing.is_empty() && listing.iter().all(|b| !b.chrome && b.is_body()));
    let lines: Vec<&str> = listing.iter().flat_map(|b| b.text.lines()).collect();
    assert_eq!(lines.len(), 400);
    assert_eq!(lines[0], "Day 1 high water at 1 h 1");
    assert_eq!(lines[399], "Day 400 high water at 16 h 40");
    // The paragraphs around it are untouched.
    assert!(visible(&doc).contains("one line a day."));
    assert!(visible(&doc).ends_with("the harbour office says."));
    // Laid out, each line of the listing is a display line of its own.
    let rendered: Vec<String> = recto::layout::layout_document(&doc, 60, false)
        .iter()
        .map(|l| l.text())
        .collect();
    let at = rendered
        .iter()
        .position(|l| l == "Day 1 high water at 1 h 1")
        .expect("first line");
    assert_eq!(rendered[at + 1], "Day 2 high water at 2 h 2");
}

#[test]
fn a_few_short_lines_stay_paragraphs() {
    // Menus and heading runs are far shorter than a listing: they keep their own blocks.
    let text = "Home\nNews\nSport\nWeather\n\nA Title For The Page\n\nThe first paragraph of the article is long enough to read as prose here.\n";
    let doc = parse(text);
    assert!(doc.blocks.iter().all(|b| !b.text.contains('\n')));
    assert_eq!(doc.title(), "A Title For The Page");
}

#[test]
fn download_links_newsletter_pitches_and_author_blurbs_are_chrome() {
    let text = "\
Select Page
News
Climate

Glaciers Are Retreating Faster Than Expected

By Maria Santos and Tom Berg

Updated 14 February 2025

Download PDF
Share

The world's glaciers lost about 273 billion tonnes of ice a year between 2000 and 2023, according to a study published in Nature on Wednesday.

Where the ice goes

Melting glaciers added about 18 millimetres to global sea levels over the period, more than half of it from Alaska and the Arctic.

Subscribe to our newsletter
Get the best of our science coverage every week.

The study's authors say even if warming stops, many small glaciers in the Alps will disappear by 2100.

Maria Santos is a science reporter based in Geneva. She covers climate and the environment.

Tom Berg writes about polar research for the paper.

This article was originally published by Example News.

You may also like
The last ice of Kilimanjaro
Inside the race to save Swiss glaciers
Newsletter
Sign up for our weekly climate briefing
© 2025 Example News Ltd
";
    let d = parse(text);
    assert_eq!(titles(&d), [(1, "Where the ice goes")]);
    let shown = visible(&d);
    assert_hidden(
        &shown,
        &[
            "Download PDF",
            "Get the best of our science coverage",
            "Maria Santos is a science reporter",
            "Tom Berg writes",
        ],
    );
    assert!(shown.contains("many small glaciers in the Alps will disappear by 2100."));
}

#[test]
fn a_one_word_document_is_shown_and_titled() {
    for text in ["Hi\n", "Hello world\n"] {
        let d = parse(text);
        assert_eq!(d.meta.title, text.trim());
        assert_eq!(visible(&d), text.trim());
    }
}

/// A contents list of plain lines (no bullets, no blank lines) under a "Contents" label:
/// the headings it names are top-level, the ones it leaves out under them are level 2,
/// and the list itself is chrome.
#[test]
fn a_plain_contents_list_without_bullets_sets_levels() {
    let text = "\
Main menu
Search
A Short History of the Kite
By Lena Marsh
Contents
Beginnings
Kites at war
Kites today
Beginnings
The first kites were flown in China more than two thousand years ago, made of silk and bamboo.
Paper kites
Paper made kites cheap, and by the ninth century children flew them at every spring festival.
Kites at war
Armies used kites to signal between camps and to measure the distance to a city wall before a siege.
Kites today
Kite festivals now draw crowds of thousands, and the largest kites need a team of people to launch.
";
    let d = parse(text);
    assert_eq!(d.meta.title, "A Short History of the Kite");
    assert_eq!(
        titles(&d),
        [
            (1, "Beginnings"),
            (2, "Paper kites"),
            (1, "Kites at war"),
            (1, "Kites today")
        ]
    );
    assert!(!visible(&d).contains("Contents"));
    assert_eq!(visible(&d).matches("Kites at war").count(), 1);
}

/// A Wikipedia contents list, numbered "1", "1.1", "2": the numbering gives the levels,
/// and the list is chrome.
#[test]
fn a_numbered_wiki_contents_list_gives_levels_from_its_numbering() {
    let text = "\
Old Harbours
The harbours of the ancient world were built with great skill, and some of them are still in use.
Contents
1 History
1.1 Greek harbours
1.2 Roman harbours
2 Construction
History[edit]
Harbours are as old as seafaring, and the first were natural bays sheltered from the wind.
Greek harbours[edit]
Greek builders cut docks into the rock and closed them with chains at night against raiders.
Roman harbours[edit]
Roman engineers poured concrete under water, so they could build a harbour on an open coast.
Breakwaters
Long breakwaters of stone protected the basins from storms and from silt carried by the current.
Construction[edit]
Building a harbour took years of work by divers, masons and carpenters, paid for by the state.
";
    let d = parse(text);
    assert_eq!(
        titles(&d),
        [
            (1, "History"),
            (2, "Greek harbours"),
            (2, "Roman harbours"),
            (3, "Breakwaters"),
            (1, "Construction")
        ]
    );
    let shown = visible(&d);
    assert!(!shown.contains("1.1 Greek"), "{shown}");
    assert!(!shown.contains("Contents"), "{shown}");
    let roman = d.sections.iter().position(|s| s.title == "Roman harbours");
    assert_eq!(d.sections[4].parent, None);
    assert_eq!(d.sections[3].parent, roman);
}

/// A wiki page copied with its menus, with or without blank lines: the line right above
/// the site's tagline ("From Wikipedia, the free encyclopedia") is the title, the menu
/// lines above it and the tagline are chrome, and the tagline is no section.
#[test]
fn the_line_above_a_site_tagline_is_the_title_not_the_menu() {
    let lines = [
        "Jump to content",
        "Main menu",
        "Search",
        "Create account",
        "Log in",
        "Tidal mill",
        "From Wikipedia, the free encyclopedia",
        "A tidal mill is a water mill driven by the rise and fall of the tide, storing water in a pond at high tide.[1]",
        "History[edit]",
        "Tide mills were built along the Atlantic coasts of Europe from the early Middle Ages onward.[2]",
        "References[edit]",
        "^ Minchinton, Walter (1979). Early tide mills. Oxford.",
        "^ Wailes, Rex (1938). Tide mills in England. London.",
    ];
    for sep in ["\n", "\n\n"] {
        let d = parse(&lines.join(sep));
        assert_eq!(d.meta.title, "Tidal mill", "separator {sep:?}");
        assert_eq!(titles(&d), [(1, "History"), (1, "References")]);
        let shown = visible(&d);
        for chrome in ["Main menu", "Log in", "Create account", "From Wikipedia"] {
            assert!(!shown.contains(chrome), "{chrome} shown with {sep:?}");
        }
    }
}

/// Menu lines set apart by blank lines, then a headline with its date and no byline: the
/// headline right above the date is the title, not the first menu line.
#[test]
fn the_line_above_the_date_beats_menu_lines_before_it() {
    let text = "\
Main menu

Search

Log in

Winter on the Salt Marsh

12 January 2025

The marsh freezes only in the coldest winters, and then the geese move inland to the fields and the flooded meadows.

Birds of the ice

Waders gather at the edge of the ice, where the tide still turns over the mud twice a day.
";
    let d = parse(text);
    assert_eq!(d.meta.title, "Winter on the Salt Marsh");
    assert_eq!(d.meta.date.as_deref(), Some("12 January 2025"));
    assert_eq!(titles(&d), [(1, "Birds of the ice")]);
    assert!(!visible(&d).contains("Main menu"));
}

/// A URL broken across lines is rejoined without a space, whether the break fell inside a
/// word ("…-summ" / "ary-final.pdf") or after a slash with a capital next ("…gov/" /
/// "Water/…"); a line that ends with a whole URL followed by prose keeps its space.
#[test]
fn urls_broken_across_lines_are_rejoined_without_a_space() {
    let text = "\
Water Reports and Their Links

The agency published its findings in a long report, available at https://www.example.org/reports/2024/annual-water-quality-summ
ary-final.pdf, which the author reviewed in full for this article.

The ministry's page, https://www.example.gov/
Water/Reports/2023, lists every plant in the country with its output and its cost.

The data are published by the national office at https://www.example.net/data
and are updated every month with the figures reported by every water plant.
";
    let d = parse(text);
    let shown = visible(&d);
    assert!(
        shown.contains(
            "https://www.example.org/reports/2024/annual-water-quality-summary-final.pdf, which"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("page, https://www.example.gov/Water/Reports/2023, lists every"),
        "{shown}"
    );
    assert!(
        shown.contains("https://www.example.net/data and are updated"),
        "{shown}"
    );
}

/// Without blank lines, a paragraph that ends with a URL and the next one that starts
/// with a word stay two paragraphs, and a new sentence is not glued onto a URL.
#[test]
fn a_line_ending_in_a_whole_url_is_not_glued_to_the_next_line() {
    let text = "\
Notes on Harbour Records
The port authority keeps its records online at https://www.example.org/
The records go back to 1850 and list every ship that entered the harbour in that time.
Older logs are kept by the city archive at https://archive.example.net/logs
U.S. ships are listed separately in the federal register of the same years.
";
    let d = parse(text);
    let shown = visible(&d);
    assert!(!shown.contains("org/The"), "{shown}");
    assert!(!shown.contains("logsU.S."), "{shown}");
}

/// Other names of the notes list, each followed by numbered entries.
#[test]
fn bibliography_works_cited_and_other_notes_headings_open_the_notes_list() {
    for heading in [
        "Bibliography",
        "Works cited",
        "Works Cited",
        "Sources",
        "Citations",
        "Notes and sources",
        "Notes and references",
    ] {
        let text = format!(
            "\
Bells of the River Towns

The bells of the river towns were cast in the same foundry for two centuries.[1] Their sound carried for miles over the water.[2]

{heading}

1. Hart, The Foundry at Wells, 1990.
2. Moss, Sound over Water, 2001.
"
        );
        let d = parse(&text);
        assert_eq!(d.notes.len(), 2, "{heading}");
        assert_eq!(
            d.notes[1].text, "Moss, Sound over Water, 2001.",
            "{heading}"
        );
        assert!(
            d.references().all(|r| r.note_ref.note.is_some()),
            "{heading}"
        );
        assert_eq!(titles(&d), [(1, heading)]);
    }
}

/// A blog's "Posted on DATE by NAME" line gives both the date and the byline; "Published
/// …" and "Updated …" lines are date lines, with the date alone in the metadata.
#[test]
fn posted_on_date_by_name_gives_date_and_byline() {
    let post = "\
Skip to content
Menu
Home
About

Why I Stopped Counting Calories

Posted on March 3, 2025 by Jane Doe

For ten years I weighed every meal and logged it in an app, and this post explains why I stopped.

What changed

I read about a trial in which adults followed one of two diets for a year, and neither group counted.
";
    let d = parse(post);
    assert_eq!(d.meta.title, "Why I Stopped Counting Calories");
    assert_eq!(d.meta.date.as_deref(), Some("March 3, 2025"));
    assert!(
        matches!(d.meta.byline.as_deref(), Some("Jane Doe" | "By Jane Doe")),
        "{:?}",
        d.meta.byline
    );
    assert_eq!(titles(&d), [(1, "What changed")]);
    assert!(!visible(&d).contains("Posted on March 3, 2025 by"));

    for (line, date) in [
        ("Published March 3, 2025", "March 3, 2025"),
        ("Published on 4 February 2024", "4 February 2024"),
        ("Posted: 2025-03-03", "2025-03-03"),
        ("Updated March 5, 2025", "Updated March 5, 2025"),
    ] {
        let text = format!(
            "\
The Quiet Life of Lighthouse Keepers

By Peter Alvarsson

{line}

Keepers trimmed the wicks every few hours through the night, and their logbooks record every storm.
"
        );
        let d = parse(&text);
        assert_eq!(d.meta.date.as_deref(), Some(date), "{line}");
        assert_eq!(
            d.meta.byline.as_deref(),
            Some("By Peter Alvarsson"),
            "{line}"
        );
    }
    for line in [
        "By Peter Alvarsson on March 3, 2025",
        "By Peter Alvarsson | March 3, 2025",
    ] {
        let text = format!(
            "\
The Quiet Life of Lighthouse Keepers

{line}

Keepers trimmed the wicks every few hours through the night, and their logbooks record every storm.
"
        );
        let d = parse(&text);
        assert_eq!(
            d.meta.title, "The Quiet Life of Lighthouse Keepers",
            "{line}"
        );
        assert_eq!(d.meta.date.as_deref(), Some("March 3, 2025"), "{line}");
        assert_eq!(
            d.meta.byline.as_deref(),
            Some("By Peter Alvarsson"),
            "{line}"
        );
    }
}

/// Markdown footnotes: `[^1]: text` entries give the text without the colon, and the
/// `[^1]` references in the body resolve to them.
#[test]
fn markdown_footnote_entries_lose_their_colon() {
    let text = "\
Notes on Markdown Footnotes

Markdown lets writers add footnotes with a caret inside brackets.[^1] Many static site generators support the syntax today.[^2]

Footnotes

[^1]: John Gruber, Markdown syntax documentation, 2004.
[^2]: Hugo and Jekyll documentation, 2023.
[3]: A third note in the bracketed shape.
";
    let d = parse(text);
    let notes: Vec<&str> = d.notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(
        notes,
        [
            "John Gruber, Markdown syntax documentation, 2004.",
            "Hugo and Jekyll documentation, 2023.",
            "A third note in the bracketed shape."
        ]
    );
    assert!(d.references().all(|r| r.note_ref.note.is_some()));
}

/// Without a byline, a headline and its dek above the date: the headline is the title,
/// not the dek right above the date.
#[test]
fn a_dek_above_the_date_does_not_take_the_title() {
    let text = "\
The Salt Marsh

Geese and Waders in the Coldest Winters

12 January 2025

The marsh freezes only in the coldest winters, and then the geese move inland to the fields and the flooded meadows.
";
    let d = parse(text);
    assert_eq!(d.meta.title, "The Salt Marsh");
    assert_eq!(
        d.meta.subtitle.as_deref(),
        Some("Geese and Waders in the Coldest Winters")
    );
}
