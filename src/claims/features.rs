//! Sentence features for linking: the weighted terms a sentence is matched on.
//!
//! Words are folded ("Mérida" → "merida"), stop-words dropped and the rest stemmed
//! (Porter2 via rust-stemmers). On top of the words: names (words the collection writes
//! capitalised mid-sentence) weigh more, acronyms the articles define themselves
//! ("foreign terrorist organizations (FTOs)") or that spell a capitalised name's initials
//! ("U.S." ↔ "United States") meet their expansion, adjacent word pairs add a phrase
//! signal, and the kinds of figures present (a year, a count, money) add a weak one.
//!
//! Knows nothing of documents beyond the sentence texts it is handed; the weighting (IDF)
//! and the index live in `claims::index`.

use super::lexical::{fold_accents, fold_lower, is_stop_word};
use super::parallel::parallel_map;
use super::quantities::{self, Quantity};
use rust_stemmers::Stemmer;
use std::collections::{HashMap, HashSet};

/// Which signals feature extraction uses and how much each weighs. The defaults are what
/// the evaluation supports; the fields exist so that the evaluation can switch each one
/// off and measure what it brings.
#[derive(Debug, Clone, PartialEq)]
pub struct Signals {
    pub stem: bool,
    /// Weight of the unstemmed word as a term of its own beside its stem, so that the
    /// same word counts for more than a word with the same stem ("broadly" / "broad");
    /// 0 turns it off.
    pub surface_weight: f32,
    pub stop_words: bool,
    /// Multiplier for names (words the collection capitalises mid-sentence) and acronyms.
    pub name_weight: f32,
    pub acronyms: bool,
    /// Multiplier for adjacent word pairs; 0 turns them off.
    pub phrase_weight: f32,
    /// Multiplier for "has a figure of kind K" terms; 0 turns them off.
    pub quantity_kind_weight: f32,
    /// IDF weighting (off: every term weighs 1).
    pub idf: bool,
    /// Share of the neighbouring sentences' vectors mixed into the score; 0 turns it off.
    pub context: f32,
    /// Mutual-best (one-to-one) requirement for a weaker pair to count as linked.
    pub one_to_one: bool,
    /// In a run of names ("Claudia Sheinbaum"), the words before the last weigh this much
    /// relative to it: the surname identifies, the given name is often dropped.
    pub given_name_factor: f32,
    /// Weight of a short quoted phrase (“total elimination”) as one term; 0 turns it off.
    pub quote_weight: f32,
    /// Word forms the stemmer does not join: demonyms to their place ("Mexican" →
    /// Mexico, when the collection names the place) and a few irregular forms ("death",
    /// "dead" → die).
    pub word_forms: bool,
    /// Weight `w` of the dense cosine (static MiniLM token vectors, see `embed`) in the
    /// score `(lexical + w·max(dense, 0)) / (1 + w)`; 0 turns it off. Besides re-scoring
    /// the candidates the terms found, it adds a few of its own (`cells`).
    pub embedding: f32,
    /// Weight of the soft word alignment (`align`) in the score, beside `embedding`; 0
    /// turns it off.
    pub alignment: f32,
}

/// Default weights of the dense cosine and of the word alignment (see `Signals`), beside
/// the term cosine's 1. Chosen on 2026-12-05 over the grid of `weight_grid` in
/// `tests/claims_eval.rs` (0 to 6 each), on the dev and validation sets only. Without the
/// alignment (embedding 1.5) R@1/R@3 were 30/37 of 44 and 18/30 of 52; (1.5, 2) gives
/// 29/38 and 19/35, the best sum over both sets, with its neighbours (1.5, 3), (2, 3)
/// within a pair. The link thresholds are set for these (`LinkerConfig`).
pub const EMBEDDING_WEIGHT: f32 = 1.5;
pub const ALIGNMENT_WEIGHT: f32 = 2.0;

impl Default for Signals {
    fn default() -> Self {
        Signals {
            stem: true,
            surface_weight: 1.0,
            stop_words: true,
            name_weight: 2.0,
            acronyms: true,
            phrase_weight: 0.0,
            quantity_kind_weight: 0.3,
            idf: true,
            context: 0.2,
            one_to_one: true,
            given_name_factor: 0.3,
            quote_weight: 1.0,
            word_forms: true,
            embedding: EMBEDDING_WEIGHT,
            alignment: ALIGNMENT_WEIGHT,
        }
    }
}

/// The signals behind one pair's score: the term cosine, the dense sentence cosine (may be
/// negative) and the word alignment, each at most 1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PairSignals {
    pub lexical: f32,
    pub dense: f32,
    pub align: f32,
}

impl Signals {
    /// The score of a pair from its signals, in [0, 1]: the weighted mean
    /// `(lexical + e·max(dense, 0) + a·align) / (1 + e + a)`. The dense cosine only adds
    /// evidence: a bag of static token vectors is too crude to veto shared words, and in
    /// a small collection the centring makes unrelated pairs negative.
    pub fn mix(&self, p: &PairSignals) -> f32 {
        (p.lexical + self.embedding * p.dense.max(0.0) + self.alignment * p.align)
            / (1.0 + self.embedding + self.alignment)
    }

    /// Plain TF-IDF cosine over lower-cased words: the baseline.
    pub fn baseline() -> Self {
        Signals {
            stem: false,
            surface_weight: 0.0,
            stop_words: false,
            name_weight: 1.0,
            acronyms: false,
            phrase_weight: 0.0,
            quantity_kind_weight: 0.0,
            idf: true,
            context: 0.0,
            one_to_one: false,
            given_name_factor: 1.0,
            quote_weight: 0.0,
            word_forms: false,
            embedding: 0.0,
            alignment: 0.0,
        }
    }
}

/// A word of a sentence.
#[derive(Debug, Clone)]
pub struct Word {
    /// Byte range in the sentence text.
    pub start: usize,
    pub end: usize,
    /// Folded, lower-cased, dots removed ("U.S." → "us").
    pub folded: String,
    /// Starts with a capital letter.
    pub capitalised: bool,
    /// First word of the sentence (its capital says nothing).
    pub initial: bool,
    /// Set when the word is written as an acronym: "FTOs" → "FTO", "U.S." → "US".
    pub acronym: Option<String>,
    pub numeric: bool,
}

/// Splits a sentence into words. "U.S." is one word; "Trump’s" is "Trump"; hyphenated
/// compounds are separate words.
pub fn words(text: &str) -> Vec<Word> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut out: Vec<Word> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i;
        let mut dotted = false;
        while j < chars.len() {
            let d = chars[j].1;
            if d.is_alphanumeric() {
                j += 1;
            } else if d == '.'
                && chars.get(j + 1).is_some_and(|n| n.1.is_uppercase())
                && chars[j - 1].1.is_uppercase()
                && (j - 1 == i || !chars[j - 2].1.is_alphanumeric())
            {
                // initials: U.S., U.N.
                dotted = true;
                j += 1;
            } else if (d == ',' || d == '.')
                && chars[j - 1].1.is_ascii_digit()
                && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit())
            {
                j += 1;
            } else {
                break;
            }
        }
        let mut end = end_of(j);
        // the closing dot of "U.S."
        if dotted && chars.get(j).is_some_and(|n| n.1 == '.') {
            end = end_of(j + 1);
            j += 1;
        }
        let raw = &text[start..end];
        // Most words have no dots or separators: borrow them as they are.
        let compact: std::borrow::Cow<str> = if !raw.contains(['.', ',']) {
            raw.into()
        } else if raw.chars().any(|c| c.is_alphabetic()) {
            raw.chars().filter(|c| *c != '.').collect::<String>().into()
        } else {
            raw.chars()
                .filter(|c| *c != '.' && *c != ',')
                .collect::<String>()
                .into()
        };
        let folded = fold_lower(&compact);
        let numeric = compact.chars().all(|c| c.is_ascii_digit());
        let capitalised = compact.starts_with(|c: char| c.is_uppercase());
        // an acronym has at least two capitals
        let acronym = if compact
            .chars()
            .filter(|c| c.is_uppercase())
            .nth(1)
            .is_some()
        {
            acronym_key(&fold_accents(&compact))
        } else {
            None
        };
        out.push(Word {
            start,
            end,
            folded,
            capitalised,
            initial: out.is_empty(),
            acronym,
            numeric,
        });
        i = j;
    }
    out
}

/// "FTOs" → "FTO", "CJNG" → "CJNG", "TdA" → "TDA", "U.S." (as "US") → "US"; ordinary
/// words → None.
fn acronym_key(word: &str) -> Option<String> {
    let letters: Vec<char> = word.chars().collect();
    if !letters.iter().all(|c| c.is_ascii_alphabetic()) || letters.len() < 2 || letters.len() > 8 {
        return None;
    }
    let stem: &[char] = if letters.len() > 2
        && *letters.last()? == 's'
        && letters[..letters.len() - 1]
            .iter()
            .all(|c| c.is_ascii_uppercase())
    {
        &letters[..letters.len() - 1]
    } else {
        &letters
    };
    let upper = stem.iter().filter(|c| c.is_ascii_uppercase()).count();
    let ok = upper == stem.len()
        || (upper >= 2
            && stem.len() <= 4
            && stem[0].is_ascii_uppercase()
            && upper + 1 == stem.len());
    (ok && stem.len() >= 2).then(|| stem.iter().map(|c| c.to_ascii_uppercase()).collect())
}

/// What the whole collection teaches about words: which are names, which acronyms exist
/// and what the articles say they stand for.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Folded words written capitalised mid-sentence more often than not.
    names: HashSet<String>,
    /// Acronym → the stems of its expansion, from definitions in the texts.
    expansions: HashMap<String, Vec<String>>,
    /// Every acronym written anywhere in the collection.
    acronyms: HashSet<String>,
    /// Demonym → the place it is of, both as the collection writes them ("mexican" →
    /// "mexico", "venezuelans" → "venezuela").
    demonyms: HashMap<String, String>,
}

impl Lexicon {
    /// Learns from every sentence of the collection (all documents together).
    pub fn learn(sentences: &[&str], stemmer: &Stemmer) -> Lexicon {
        enum Seen {
            Acronym(String, Option<Vec<String>>),
            CapitalMid(String),
            Lower(String),
        }
        let seen = parallel_map(sentences, |text| {
            let ws = words(text);
            let mut out = Vec::with_capacity(ws.len());
            for (k, w) in ws.iter().enumerate() {
                if let Some(a) = &w.acronym {
                    out.push(Seen::Acronym(
                        a.clone(),
                        definition(text, &ws, k, a, stemmer),
                    ));
                } else if w.capitalised && !w.initial {
                    out.push(Seen::CapitalMid(w.folded.clone()));
                } else if !w.capitalised && !w.numeric {
                    out.push(Seen::Lower(w.folded.clone()));
                }
            }
            out
        });
        let mut capital_mid: HashMap<String, u32> = HashMap::new();
        let mut lower: HashMap<String, u32> = HashMap::new();
        let mut lex = Lexicon::default();
        for item in seen.into_iter().flatten() {
            match item {
                Seen::Acronym(a, exp) => {
                    if let Some(exp) = exp {
                        lex.expansions.entry(a.clone()).or_insert(exp);
                    }
                    lex.acronyms.insert(a);
                }
                Seen::CapitalMid(w) => *capital_mid.entry(w).or_default() += 1,
                Seen::Lower(w) => *lower.entry(w).or_default() += 1,
            }
        }
        lex.names = capital_mid
            .into_iter()
            .filter(|(w, n)| !is_stop_word(w) && *n > lower.get(w).copied().unwrap_or(0))
            .map(|(w, _)| w)
            .collect();
        lex.demonyms = demonyms(&lex.names);
        lex
    }

    /// The canonical form of a folded word before stemming.
    fn canonical<'a>(&'a self, folded: &'a str) -> &'a str {
        if let Some(place) = self.demonyms.get(folded) {
            return place;
        }
        match folded {
            "death" | "deaths" | "dead" | "dying" | "died" | "dies" => "die",
            _ => folded,
        }
    }

    pub fn is_name(&self, folded: &str) -> bool {
        self.names.contains(folded)
    }
}

/// Demonyms among `names` whose place is also among them: "mexican" → "mexico",
/// "colombian" → "colombia", "americans" → "america".
fn demonyms(names: &HashSet<String>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for w in names {
        let base = w
            .strip_suffix('s')
            .filter(|b| b.ends_with("an"))
            .unwrap_or(w);
        let Some(stem) = base.strip_suffix("an") else {
            continue;
        };
        if stem.len() < 3 {
            continue;
        }
        // venezuel-an → venezuela, mexic-an → mexico, colombi-an → colombia
        for place in [format!("{stem}a"), format!("{stem}o"), stem.to_string()] {
            if names.contains(&place) {
                out.insert(w.clone(), place);
                break;
            }
        }
    }
    out
}

/// If the acronym at word `k` is written as "(ACR)" right after the words it abbreviates,
/// the stems of those words. Initials may come in another order ("Jalisco New Generation
/// Cartel (CJNG)") and small words may or may not count ("Tren de Aragua (TdA)").
fn definition(
    text: &str,
    ws: &[Word],
    k: usize,
    acronym: &str,
    stemmer: &Stemmer,
) -> Option<Vec<String>> {
    let w = &ws[k];
    let before = text[..w.start].trim_end();
    let after = text[w.end..].trim_start();
    if !before.ends_with('(') || !after.starts_with(')') || k == 0 {
        return None;
    }
    let mut want: Vec<char> = acronym.chars().collect();
    want.sort_unstable();
    let n = want.len();
    let initials = |range: &[Word], content_only: bool| -> Vec<char> {
        let mut v: Vec<char> = range
            .iter()
            .filter(|w| !content_only || !is_stop_word(&w.folded))
            .filter_map(|w| w.folded.chars().next())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        v.sort_unstable();
        v
    };
    for len in n..=(n + 3).min(k) {
        let window = &ws[k - len..k];
        if window
            .iter()
            .any(|w| w.acronym.is_some() && w.folded.len() > 1)
        {
            continue;
        }
        if initials(window, true) == want || initials(window, false) == want {
            let stems: Vec<String> = window
                .iter()
                .filter(|w| !is_stop_word(&w.folded))
                .map(|w| stemmer.stem(&w.folded).into_owned())
                .collect();
            return (!stems.is_empty()).then_some(stems);
        }
    }
    None
}

/// The raw terms of one sentence with their multipliers, before IDF weighting.
#[derive(Debug, Clone, Default)]
pub struct SentenceTerms {
    pub terms: Vec<(String, f32)>,
    pub quantities: Vec<Quantity>,
}

/// Turns one sentence into terms.
pub fn sentence_terms(
    text: &str,
    lexicon: &Lexicon,
    signals: &Signals,
    stemmer: &Stemmer,
) -> SentenceTerms {
    let ws = words(text);
    let mut terms: Vec<(String, f32)> = Vec::with_capacity(ws.len() * 2);
    // Content words, in order, for phrases and expansions: (stem, is name).
    let mut content: Vec<(String, usize)> = Vec::with_capacity(ws.len());
    for (k, w) in ws.iter().enumerate() {
        if let Some(a) = w.acronym.as_ref().filter(|_| signals.acronyms) {
            let term = a.to_ascii_lowercase();
            terms.push((term.clone(), signals.name_weight));
            content.push((term, k));
            if let Some(exp) = lexicon.expansions.get(a) {
                for s in exp {
                    terms.push((s.clone(), 1.0));
                }
            }
            continue;
        }
        if w.folded.chars().count() < 2 && !w.numeric {
            continue;
        }
        if signals.stop_words && is_stop_word(&w.folded) {
            continue;
        }
        let form = if signals.word_forms {
            lexicon.canonical(&w.folded)
        } else {
            &w.folded
        };
        let stem = if signals.stem && !w.numeric {
            stemmer.stem(form).into_owned()
        } else {
            form.to_string()
        };
        let name = lexicon.is_name(&w.folded) && w.capitalised;
        let given_name =
            name && ws.get(k + 1).is_some_and(|n| {
                n.capitalised && n.acronym.is_none() && lexicon.is_name(&n.folded)
            }) && text
                .get(w.end..ws[k + 1].start)
                .is_some_and(|gap| gap.trim().is_empty());
        let weight = match (name, given_name) {
            (true, true) => signals.name_weight * signals.given_name_factor,
            (true, false) => signals.name_weight,
            _ => 1.0,
        };
        if signals.stem && signals.surface_weight > 0.0 && !w.numeric {
            terms.push((format!("={form}"), weight * signals.surface_weight));
        }
        terms.push((stem.clone(), weight));
        content.push((stem, k));
    }
    if signals.acronyms {
        // A written-out expansion meets its acronym.
        for (acronym, exp) in &lexicon.expansions {
            if contains_run(&content, exp) {
                terms.push((acronym.to_ascii_lowercase(), signals.name_weight));
            }
        }
        // Capitalised names whose initials spell an acronym of the collection.
        for run in capitalised_runs(&ws) {
            let initials: String = run
                .iter()
                .filter_map(|w| w.folded.chars().next())
                .map(|c| c.to_ascii_uppercase())
                .collect();
            if initials.len() >= 2
                && lexicon.acronyms.contains(&initials)
                && !run.iter().any(|w| w.acronym.is_some())
            {
                terms.push((initials.to_ascii_lowercase(), signals.name_weight));
            }
        }
    }
    if signals.phrase_weight > 0.0 {
        for pair in content.windows(2) {
            // only words that stand next to each other (stop-words between break a phrase)
            if pair[1].1 == pair[0].1 + 1 {
                terms.push((
                    format!("{}_{}", pair[0].0, pair[1].0),
                    signals.phrase_weight,
                ));
            }
        }
    }
    if signals.quote_weight > 0.0 {
        for phrase in quoted_phrases(text, &ws, &content) {
            terms.push((phrase, signals.quote_weight));
        }
    }
    let quantities = quantities::extract(text);
    if signals.quantity_kind_weight > 0.0 {
        let mut kinds: Vec<_> = quantities
            .iter()
            .map(|q| {
                if q.kind.is_temporal() {
                    "date"
                } else {
                    q.kind.as_str()
                }
            })
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        for k in kinds {
            terms.push((format!("#{k}"), signals.quantity_kind_weight));
        }
    }
    SentenceTerms { terms, quantities }
}

/// Short quoted phrases (“total elimination”, "invasion") as single terms: articles that
/// quote the same words are likely quoting the same statement.
fn quoted_phrases(text: &str, ws: &[Word], content: &[(String, usize)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c, open) {
            ('“', _) => open = Some(i),
            ('"', None) => open = Some(i),
            ('”' | '"', Some(start)) => {
                let stems: Vec<&str> = content
                    .iter()
                    .filter(|(_, k)| ws[*k].start > start && ws[*k].end <= i)
                    .map(|(s, _)| s.as_str())
                    .collect();
                if (1..=6).contains(&stems.len()) {
                    out.push(format!("\"{}", stems.join("_")));
                }
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// Does `seq` (content stems in order) contain `run` as consecutive words?
fn contains_run(seq: &[(String, usize)], run: &[String]) -> bool {
    !run.is_empty()
        && seq.len() >= run.len()
        && seq
            .windows(run.len())
            .any(|w| w.iter().zip(run).all(|((a, _), b)| a == b))
}

/// Maximal runs of capitalised, non-initial-stop words ("United States", "Drug
/// Enforcement Administration").
fn capitalised_runs(ws: &[Word]) -> Vec<&[Word]> {
    let mut out = Vec::new();
    let mut start = None;
    for (k, w) in ws.iter().enumerate() {
        let good = w.capitalised && w.acronym.is_none() && !is_stop_word(&w.folded);
        match (good, start) {
            (true, None) => start = Some(k),
            (false, Some(s)) => {
                if k - s >= 2 {
                    out.push(&ws[s..k]);
                }
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start
        && ws.len() - s >= 2
    {
        out.push(&ws[s..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::lexical::stemmer;

    fn folded(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.folded).collect()
    }

    #[test]
    fn words_fold_accents_and_keep_initials_together() {
        assert_eq!(
            folded("Plan Mérida, the U.S. and Trump’s plan"),
            ["plan", "merida", "the", "us", "and", "trump", "s", "plan"]
        );
        assert_eq!(
            folded("drug-smuggling 200,000"),
            ["drug", "smuggling", "200000"]
        );
        let ws = words("the U.S. said");
        assert_eq!(ws[1].acronym.as_deref(), Some("US"));
        assert_eq!(&"the U.S. said"[ws[1].start..ws[1].end], "U.S.");
    }

    #[test]
    fn acronym_keys() {
        assert_eq!(acronym_key("FTOs").as_deref(), Some("FTO"));
        assert_eq!(acronym_key("CJNG").as_deref(), Some("CJNG"));
        assert_eq!(acronym_key("TdA").as_deref(), Some("TDA"));
        assert_eq!(acronym_key("Trump"), None);
        assert_eq!(acronym_key("I"), None);
        assert_eq!(acronym_key("MS13"), None);
    }

    #[test]
    fn definitions_are_learned_and_expansions_meet_acronyms() {
        let st = stemmer();
        let defining = "the American president designates a number of Mexican criminal \
                        cartels as foreign terrorist organizations (FTOs) and more.";
        let other = "Jalisco New Generation Cartel (CJNG) and Tren de Aragua (TdA).";
        let lex = Lexicon::learn(&[defining, other], &st);
        assert_eq!(
            lex.expansions.get("FTO").map(Vec::as_slice),
            Some(&["foreign".to_string(), "terrorist".into(), "organ".into()][..])
        );
        assert!(lex.expansions.contains_key("CJNG"));
        assert!(lex.expansions.contains_key("TDA"));
        let signals = Signals::default();
        let short = sentence_terms(
            "Trump designated eight cartels as FTOs.",
            &lex,
            &signals,
            &st,
        );
        assert!(short.terms.iter().any(|(t, _)| t == "terrorist"));
        let long = sentence_terms(
            "They were listed as foreign terrorist organizations last year.",
            &lex,
            &signals,
            &st,
        );
        assert!(long.terms.iter().any(|(t, _)| t == "fto"));
    }

    #[test]
    fn names_are_words_the_collection_capitalises() {
        let st = stemmer();
        let lex = Lexicon::learn(
            &[
                "He met Sheinbaum in Mexico.",
                "Then Sheinbaum spoke.",
                "Drugs are a plan.",
            ],
            &st,
        );
        assert!(lex.is_name("sheinbaum"));
        assert!(!lex.is_name("drugs"));
    }

    #[test]
    fn capitalised_names_meet_acronyms_by_initials() {
        let st = stemmer();
        let lex = Lexicon::learn(&["The DEA said so."], &st);
        let t = sentence_terms(
            "The Drug Enforcement Administration said so.",
            &lex,
            &Signals::default(),
            &st,
        );
        assert!(t.terms.iter().any(|(t, _)| t == "dea"));
    }
}
