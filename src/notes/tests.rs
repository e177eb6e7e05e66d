//! Tests of reference finding and of the notes-list shapes.

use super::*;

fn refs(text: &str, notes: &[(u32, &str)]) -> (String, Vec<(usize, u32)>) {
    let map = NoteTexts::new(notes.iter().copied().collect());
    let mut last = 0;
    let (t, r) = extract_refs(text, &map, &mut last);
    (t, r.into_iter().map(|r| (r.offset, r.number)).collect())
}

#[test]
fn pasted_note_is_removed_and_reference_kept() {
    let note = "“Provisional Drug Overdose Data,” CDC, May 15, 2025, https://cdc.gov/x.htm.";
    let text = format!("died in 2024.1{note} While this figure fell.");
    let (t, r) = refs(&text, &[(1, note)]);
    assert_eq!(t, "died in 2024. While this figure fell.");
    assert_eq!(r, vec![(13, 1)]);
}

#[test]
fn pasted_copy_across_a_line_break_matches() {
    let note = "“Why,” Economist, September 14, 2023, https://e.com/a; more text.";
    let text = "supported it.54“Why,” Economist, September 14, 2023,\nhttps://e.com/a; more text. The logic";
    let (t, r) = refs(text, &[(54, note)]);
    assert_eq!(t, "supported it. The logic");
    assert_eq!(r, vec![(13, 54)]);
}

#[test]
fn shortened_pasted_copy_ends_with_its_sentence() {
    let note = "General John W. Nicholson Jr., “Department of Defense Press Briefing by General Nicholson,” 2017.";
    let text = "at elevated levels.”60General John W. Nicholson Jr., “Department of Defense Press Briefing…” Dr. David Mansfield agreed.";
    let (t, r) = refs(text, &[(60, note)]);
    assert_eq!(t, "at elevated levels.” Dr. David Mansfield agreed.");
    assert_eq!(r, vec![(22, 60)]);
}

#[test]
fn numbers_that_are_not_references_stay_text() {
    let notes = [(1, "a"), (2, "b"), (3, "c"), (5, "e"), (13, "m"), (35, "x")];
    for text in [
        "a $50 million bounty",
        "grew 3.5 percent",
        "seized 1.1 metric tons",
        "water is H2O today",
        "see Task 2A now",
        "the F-35 jets and MS-13 gang",
        "in 2024 and 2025",
        "July 2, 2025",
        "cut by 5% in 2023",
        "weapons like .50 caliber rifles",
    ] {
        let (t, r) = refs(text, &notes);
        assert_eq!(t, text);
        assert!(r.is_empty(), "{text}: {r:?}");
    }
}

#[test]
fn digits_inside_names_and_versions_are_never_references() {
    let notes: Vec<(u32, &str)> = (1..=20).map(|n| (n, "a note")).collect();
    for text in [
        "an ARMv7 or ARMv6 CPU",
        "over IPv6 and iOS 17",
        "Windows 10 and COVID-19 and the B-52",
        "the HTTP2 stack and MP3 files",
        "call vec_len2 here",
    ] {
        let (t, r) = refs(text, &notes);
        assert_eq!(t, text);
        assert!(r.is_empty(), "{text}: {r:?}");
    }
    let (t, r) = refs("It fell.1 Sites differ by browsers2. By default", &notes);
    assert_eq!(t, "It fell. Sites differ by browsers. By default");
    assert_eq!(r.len(), 2);
    // A real word with the next note number glued to it is still a reference; a
    // number far from where the numbering is, glued to a word, is not.
    let (t, r) = refs("the cartels1 grew", &notes);
    assert_eq!((t.as_str(), r), ("the cartels grew", vec![(11, 1)]));
    let (t, r) = refs("It fell.1 It rose.2 It fell.3 Then python3 ran.", &notes);
    assert_eq!(r.len(), 3, "{t}");
    assert!(t.ends_with("python3 ran."), "{t}");
    let (t, r) = refs("It fell.1 Then the utf8 text", &notes);
    assert_eq!(
        (t.as_str(), r),
        ("It fell. Then the utf8 text", vec![(8, 1)])
    );
}

#[test]
fn brackets_in_code_are_indices_and_literals_not_references() {
    let notes: Vec<(u32, &str)> = (1..=13).map(|n| (n, "a note")).collect();
    for text in [
        "select unnest(array[2, 3, 5]) as n",
        "let v = vec![1, 2, 3];",
        "read ys[3](0) and m[1].len",
        "the list.items[4] entry",
    ] {
        let (t, r) = refs(text, &notes);
        assert_eq!(t, text);
        assert!(r.is_empty(), "{text}: {r:?}");
    }
    // A word in brackets is no code: "(Required)[2]" cites note 2.
    let (t, r) = refs("binary target (Required)[2] done", &notes);
    assert_eq!((t.as_str(), r.len()), ("binary target (Required) done", 1));
    // References side by side, and one glued to the next sentence, still are.
    let (t, r) = refs("It grew.[1][2]The end[3].", &notes);
    assert_eq!(t, "It grew.The end.");
    assert_eq!(r, vec![(8, 1), (8, 2), (15, 3)]);
}

#[test]
fn references_run_together_are_split_where_the_numbering_spells_them() {
    let notes: Vec<(u32, &str)> = (1..=20).map(|n| (n, "a note")).collect();
    let (t, r) = refs("It fell.5 Then Communicator.67 And more.", &notes);
    assert_eq!(t, "It fell. Then Communicator. And more.");
    assert_eq!(r.iter().map(|r| r.1).collect::<Vec<_>>(), [5, 6, 7]);
    // Not the numbers after the last reference: not split, not a reference.
    let (_, r) = refs("It fell.5 Then Communicator.89 And more.", &notes);
    assert_eq!(r.len(), 1);
}

#[test]
fn a_pasted_note_is_recognised_after_any_punctuation() {
    let note = "Mein Smith 2005, p. 6.";
    let (t, r) = refs(
        "between 1250 and 1300,9Mein Smith 2005, p. 6. concluding that",
        &[(9, note)],
    );
    assert_eq!(t, "between 1250 and 1300, concluding that");
    assert_eq!(r, vec![(22, 9)]);
    let note = "Jones, The Long Road (Oxford, 1999), ch. 2.";
    for text in [
        "as “the road”4Jones, The Long Road (Oxford, 1999), ch. 2. Then",
        "see example.org/roads)4Jones, The Long Road (Oxford, 1999), ch. 2. Then",
    ] {
        let (t, r) = refs(text, &[(4, note)]);
        assert!(t.ends_with(" Then") && !t.contains("Oxford"), "{t}");
        assert_eq!(r.len(), 1, "{text}");
    }
    // Without the pasted copy a number after "1300," is part of the number.
    let (t, r) = refs("between 1250 and 1300,9 more", &[(9, note)]);
    assert_eq!((t.as_str(), r.len()), ("between 1250 and 1300,9 more", 0));
}

#[test]
fn odd_text_never_panics() {
    let notes: Vec<(u32, &str)> = (1..=30).map(|n| (n, "a note")).collect();
    let map = NoteTexts::new(notes.iter().copied().collect());
    for text in [
        "²",
        "é²",
        "x¹²³⁴⁵⁶",
        "€1,0002",
        "$",
        "$9",
        "1,",
        ",1",
        "1.",
        ".1",
        "1300,",
        "in 2014",
        "April 3, 2014",
        "April 3, 20141",
        "[",
        "[1",
        "日本2.",
        "ü.3Ü",
        "1999999999999999999999",
        "a.b.c.4",
        "/2. ",
        "x/2. https://",
        "2. 2. 2.",
    ] {
        let mut last = 0;
        let _ = extract_refs(text, &map, &mut last);
        let _ = cited_numbers(text);
        let _ = split_run_on_entries(text, 2);
    }
}

#[test]
fn the_next_note_after_a_year_and_a_comma_is_a_reference() {
    let notes: Vec<(u32, &str)> = (1..=9).map(|n| (n, "a note")).collect();
    let (t, r) = refs("between 1250 and 1300,1 concluding it", &notes);
    assert_eq!(
        (t.as_str(), r),
        ("between 1250 and 1300, concluding it", vec![(22, 1)])
    );
    // Not the next note, a thousands group, a decimal, or no year: the number's own.
    for text in [
        "between 1250 and 1300,2 concluding",
        "it cost 1,300,1 francs",
        "some 3,1 percent",
        "rows 12345,1 and",
    ] {
        let (t, r) = refs(text, &notes);
        assert_eq!((t.as_str(), r.len()), (text, 0));
    }
}

#[test]
fn numbers_after_the_dot_of_a_file_name_are_the_name() {
    let notes: Vec<(u32, &str)> = (1..=20).map(|n| (n, "a note")).collect();
    for text in [
        "libz.so.1 zlib1g #MINVER#",
        "For example, libz.so.1 contains the symbols.",
        "a link from /usr/lib/libgdbm.so.3 to libgdbm.so.3.0.0.",
    ] {
        let (t, r) = refs(text, &notes);
        assert_eq!(t, text);
        assert!(r.is_empty(), "{text}: {r:?}");
    }
    // After a full stop a reference ends its sentence.
    let (t, r) = refs("It fell.1 See v.2 of the spec.", &notes);
    assert_eq!((t.as_str(), r.len()), ("It fell. See v.2 of the spec.", 1));
    let (t, r) = refs("It registered mozilla.org.1 The project.2", &notes);
    assert_eq!(
        (t.as_str(), r.len()),
        ("It registered mozilla.org. The project.", 2)
    );
    let (t, r) = refs("It grew in Europe.1 The end.2", &notes);
    assert_eq!((t.as_str(), r.len()), ("It grew in Europe. The end.", 2));
}

#[test]
fn references_glued_to_a_number_are_split_where_the_number_ends() {
    let notes: Vec<(u32, &str)> = (1..=40).map(|n| (n, "a note")).collect();
    let (t, r) = refs(
        "It rose.22 He donated US$1,00023 in 2008. He left on April 3, 201424 and Yagan gave $50025 to him.26272829 Then",
        &notes,
    );
    assert_eq!(
        t,
        "It rose. He donated US$1,000 in 2008. He left on April 3, 2014 and Yagan gave $500 to him. Then"
    );
    assert_eq!(
        r.iter().map(|r| r.1).collect::<Vec<_>>(),
        [22, 23, 24, 25, 26, 27, 28, 29]
    );
    // Not the next numbers, or not a number's end: the digits stay as written.
    for text in [
        "It rose.22 He donated US$1,00031 in 2008.",
        "It rose.22 It cost $50023.5 then, in 2008, 201423 units.",
        "It rose.22 Call 1,000,23 or 1,00023a now.",
    ] {
        let (t, r) = refs(text, &notes);
        assert_eq!(
            (t.as_str(), r.len()),
            (text.replacen(".22", ".", 1).as_str(), 1)
        );
    }
}

#[test]
fn glued_reference_after_a_year_and_a_period() {
    let (t, r) = refs("died in 2024.1 While", &[(1, "n")]);
    assert_eq!(t, "died in 2024. While");
    assert_eq!(r, vec![(13, 1)]);
}

#[test]
fn bracket_caret_and_superscript_references() {
    let (t, r) = refs("One [1] two[^2] three³ end", &[]);
    assert_eq!(t, "One two three end");
    assert_eq!(r, vec![(3, 1), (7, 2), (13, 3)]);
}

#[test]
fn without_a_notes_list_glued_numbers_must_follow_the_numbering() {
    let (_, r) = refs("It fell.1 Then it rose.7 And more.2 Done.", &[]);
    assert_eq!(r.iter().map(|r| r.1).collect::<Vec<_>>(), vec![1, 2]);
}

#[test]
fn a_bracket_list_is_short_and_many_brackets_are_cheap() {
    let (_, r) = refs(
        "see [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] here",
        &[(1, "a")],
    );
    assert!(r.is_empty());
    let text = "[".repeat(60_000);
    let (t, r) = refs(&text, &[(1, "a")]);
    assert_eq!(t, text);
    assert!(r.is_empty());
}

#[test]
fn huge_numbers_are_not_references() {
    let (t, r) = refs("see [4294967296] and note.4294967296 here", &[]);
    assert_eq!(t, "see [4294967296] and note.4294967296 here");
    assert!(r.is_empty());
}

#[test]
fn entry_shapes() {
    assert_eq!(entry_start("  • 12", 1), Some(EntryStart::NumberOnly(12)));
    assert_eq!(
        entry_start("12. Text", 1),
        Some(EntryStart::Numbered(12, "Text".into()))
    );
    assert_eq!(
        entry_start("[3] Text", 1),
        Some(EntryStart::Numbered(3, "Text".into()))
    );
    assert_eq!(
        entry_start("4 Text", 4),
        Some(EntryStart::Numbered(4, "Text".into()))
    );
    assert_eq!(entry_start("2025 was a year", 4), None);
    assert_eq!(
        entry_start("^ a b Woodall 2001", 1),
        Some(EntryStart::Caret("Woodall 2001".into()))
    );
    assert_eq!(
        entry_start("^ Smith 2020", 1),
        Some(EntryStart::Caret("Smith 2020".into()))
    );
    assert_eq!(entry_start("3.5 percent", 3), None);
    assert_eq!(
        entry_start("^ Jump up to: a b Galliazzo 1995", 2),
        Some(EntryStart::Caret("Galliazzo 1995".into()))
    );
}

#[test]
fn notes_headings() {
    for h in ["Endnotes", "Notes", "FOOTNOTES", "References:", "End Notes"] {
        assert!(is_notes_heading(h), "{h}");
    }
    assert!(!is_notes_heading("Notes on a war"));
}
