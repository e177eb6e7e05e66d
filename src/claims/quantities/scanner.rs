//! The scanner: walks the lexemes of one sentence and reads off each figure, its kind,
//! value, bound, the noun it counts and the words it attaches to.
//!
//! Builds `Quantity` values for `quantities::extract`; the word tables live in `words`.

use super::words::*;
use super::{Bound, CalendarDate, Period, Qualifiers, Quantity, QuantityKind};
use crate::calendar::{MONTHS, WEEKDAYS};
use crate::claims::lexical::fold_lower;
use std::ops::Range;

pub(super) struct Scanner<'a> {
    pub(super) text: &'a str,
    pub(super) lex: Vec<Lex>,
    pub(super) stemmer: rust_stemmers::Stemmer,
}

impl<'a> Scanner<'a> {
    /// The text of lexeme `i` ("" past the end).
    fn s(&self, i: usize) -> &'a str {
        self.lex
            .get(i)
            .and_then(|l| self.text.get(l.start..l.end))
            .unwrap_or("")
    }

    fn lower(&self, i: usize) -> String {
        fold_lower(self.s(i))
    }

    fn is_word(&self, i: usize) -> bool {
        self.lex.get(i).is_some_and(|l| l.kind == LexKind::Word)
    }

    fn is_num(&self, i: usize) -> bool {
        self.lex.get(i).is_some_and(|l| l.kind == LexKind::Num)
    }

    fn is_sym(&self, i: usize, c: char) -> bool {
        self.lex.get(i).is_some_and(|l| l.kind == LexKind::Sym(c))
    }

    /// Lexemes `i` and `i + 1` touch (no space between them).
    fn touching(&self, i: usize) -> bool {
        match (self.lex.get(i), self.lex.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    fn word_eq(&self, i: usize, w: &str) -> bool {
        self.is_word(i) && self.s(i).eq_ignore_ascii_case(w)
    }

    fn month_at(&self, i: usize) -> Option<u8> {
        if !self.is_word(i) {
            return None;
        }
        let s = self.s(i);
        // Month names are capitalised; "may" and "march" are also ordinary words.
        if !s.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        let lower = s.to_ascii_lowercase();
        MONTHS.iter().position(|m| *m == lower).map(|p| p as u8 + 1)
    }

    fn num_value(&self, i: usize) -> Option<f64> {
        self.s(i).replace(',', "").parse::<f64>().ok()
    }

    /// Plain integer without separators or decimals, e.g. a year or a day.
    fn plain_int(&self, i: usize) -> Option<i64> {
        let s = self.s(i);
        if self.is_num(i) && s.bytes().all(|b| b.is_ascii_digit()) && s.len() <= 9 {
            s.parse().ok()
        } else {
            None
        }
    }

    /// A number that is part of a name or code rather than an amount: "F-35", "MS-13",
    /// "COVID-19", "Executive Order 14157", "Vol. 4", "no. 8".
    fn is_identifier_number(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        // Joined to a word by a hyphen or slash: F-35, MS-13.
        if (self.is_sym(i - 1, '-') || self.is_sym(i - 1, '/'))
            && self.touching(i - 1)
            && i >= 2
            && self.touching(i - 2)
            && self.is_word(i - 2)
        {
            return true;
        }
        // Immediately after a capitalised label word: "Order 14157", "Team 6", "Article 5".
        let mut p = i - 1;
        if self.is_sym(p, '.') && p > 0 {
            // "No. 8", "Vol. 4"
            p -= 1;
            if self.is_word(p) && matches!(self.lower(p).as_str(), "no" | "vol" | "art" | "sec") {
                return true;
            }
            return false;
        }
        if self.is_word(p) {
            let w = self.s(p);
            let lower = fold_lower(w);
            if matches!(
                lower.as_str(),
                "no" | "number" | "section" | "article" | "chapter"
            ) {
                return true;
            }
            let capitalised = w.starts_with(|c: char| c.is_uppercase());
            if capitalised
                && self.month_at(p).is_none()
                && !is_function_word(&lower)
                && number_word(&lower).is_none()
                && !self.starts_sentence(p)
            {
                return true;
            }
        }
        false
    }

    fn starts_sentence(&self, i: usize) -> bool {
        i == 0
            || matches!(
                self.lex[i - 1].kind,
                LexKind::Sym('.' | '!' | '?' | ':' | '“' | '"')
            )
    }

    /// Words before `i` that qualify a number.
    fn bound_before(&self, i: usize) -> Bound {
        let w1 = if i >= 1 && self.is_word(i - 1) {
            self.lower(i - 1)
        } else {
            String::new()
        };
        let w2 = if i >= 2 && self.is_word(i - 2) {
            self.lower(i - 2)
        } else {
            String::new()
        };
        match (w2.as_str(), w1.as_str()) {
            ("at", "least") | ("more", "than") | ("no", "fewer") => Bound::AtLeast,
            ("at", "most") | ("fewer", "than") | ("less", "than") | ("up", "to") => Bound::AtMost,
            (_, "over" | "above" | "exceeding") => Bound::AtLeast,
            (_, "under" | "below") => Bound::AtMost,
            (
                _,
                "about" | "almost" | "nearly" | "approximately" | "around" | "roughly" | "some",
            ) => Bound::About,
            _ => Bound::Exact,
        }
    }

    /// The noun a figure is about, starting at lexeme `i`: the first plural noun or the
    /// last word of the short noun phrase that follows ("22 alleged drug-smuggling
    /// vessels" → vessel). Skips "of the" after percentages and vague amounts.
    fn head_after(&self, mut i: usize, skip_of: bool) -> Option<String> {
        if skip_of && self.word_eq(i, "of") {
            i += 1;
            while self.is_word(i)
                && matches!(
                    self.lower(i).as_str(),
                    "the" | "a" | "an" | "all" | "its" | "their" | "his" | "her" | "our" | "those"
                )
            {
                i += 1;
            }
        }
        let mut taken: Option<String> = None;
        let mut count = 0;
        let mut in_compound = false;
        while count < 4 {
            // a hyphen inside a compound ("drug-smuggling", "F-35") keeps the phrase going
            if self.is_sym(i, '-') && self.touching(i) && i > 0 && self.touching(i - 1) {
                in_compound = true;
                i += 1;
                continue;
            }
            if in_compound && self.is_num(i) {
                i += 1;
                continue;
            }
            if !self.is_word(i) {
                break;
            }
            let compound_part = in_compound;
            in_compound = false;
            let w = self.lower(i);
            if is_function_word(&w) {
                break;
            }
            let plural = irregular_plural(&w)
                || (w.len() > 3
                    && w.ends_with('s')
                    && !w.ends_with("ss")
                    && !w.ends_with("us")
                    && !w.ends_with("is"));
            if count > 0
                && !compound_part
                && (w.ends_with("ing") || w.ends_with("ed") || w.ends_with("ly"))
            {
                break;
            }
            if count == 0 && w.ends_with("ly") {
                // "annually", "alone": an adverb, not a noun
                break;
            }
            taken = Some(w);
            count += 1;
            i += 1;
            if plural {
                break;
            }
        }
        taken.map(|w| self.stemmer.stem(&w).into_owned())
    }

    /// A number starting at lexeme `i`, digits or words, with its scale: (value, next).
    fn number_at(&self, i: usize) -> Option<(f64, usize)> {
        let (mut value, mut next) = if self.is_num(i) {
            (self.num_value(i)?, i + 1)
        } else if self.is_word(i) {
            let w = self.lower(i);
            let first = number_word(&w)?;
            let mut next = i + 1;
            let mut value = first;
            // "twenty-five"
            if first >= 20.0
                && self.is_sym(next, '-')
                && self.touching(i)
                && self.touching(next)
                && let Some(unit) = self.lower_word(next + 1).and_then(|u| number_word(&u))
                && unit < 10.0
            {
                value += unit;
                next += 2;
            }
            // "one" alone is too often not a figure ("one of the cartels")
            if w == "one" && self.lower_word(next).and_then(|s| scale_word(&s)).is_none() {
                return None;
            }
            (value, next)
        } else {
            return None;
        };
        while let Some(scale) = self.lower_word(next).and_then(|s| scale_word(&s)) {
            value *= scale;
            next += 1;
        }
        Some((value, next))
    }

    fn lower_word(&self, i: usize) -> Option<String> {
        self.is_word(i).then(|| self.lower(i))
    }

    /// A date starting with a month name at `i`: "February 2025", "August 8, 2025",
    /// "October 3". A month alone is not a date.
    fn date_from_month(&self, i: usize) -> Option<(CalendarDate, usize)> {
        let month = self.month_at(i)?;
        let mut next = i + 1;
        let mut day = None;
        if let Some(d) = self.plain_int(next)
            && (1..=31).contains(&d)
            && self.s(next).len() <= 2
        {
            day = Some(d as u8);
            next += 1;
            if self.is_sym(next, ',') {
                next += 1;
            }
        }
        let mut year = None;
        if let Some(y) = self.plain_int(next)
            && self.s(next).len() == 4
        {
            year = Some(y as i32);
            next += 1;
        }
        if day.is_none() && year.is_none() {
            return None;
        }
        if year.is_none() && next > i + 1 && self.is_sym(next - 1, ',') {
            next -= 1;
        }
        Some((
            CalendarDate {
                year,
                month: Some(month),
                day,
            },
            next,
        ))
    }

    pub(super) fn scan(&self) -> Vec<Quantity> {
        let mut out: Vec<(Quantity, usize)> = Vec::new();
        let mut i = 0;
        while i < self.lex.len() {
            match self.scan_at(i) {
                Some((mut q, next)) => {
                    q.context = self.context_of(&q, next);
                    out.push((q, next));
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
        let spans: Vec<(usize, usize)> = out
            .iter()
            .map(|(q, next)| (self.first_lexeme(q), *next))
            .collect();
        let mut found: Vec<Quantity> = out
            .into_iter()
            .enumerate()
            .map(|(k, (mut q, _))| {
                q.lead = self.lead_of(&spans, k);
                q.scope = self.scope_of(&q, &spans, k);
                q
            })
            .collect();
        let qualifiers: Vec<Qualifiers> = (0..found.len())
            .map(|k| self.qualifiers_of(&found, &spans, k))
            .collect();
        for (q, qualifiers) in found.iter_mut().zip(qualifiers) {
            q.qualifiers = qualifiers;
        }
        found
    }

    /// See `Quantity::qualifiers`: what the clause around figure `k` says about its
    /// scope.
    fn qualifiers_of(&self, all: &[Quantity], spans: &[(usize, usize)], k: usize) -> Qualifiers {
        const MODALS: [&str; 8] = [
            "could",
            "would",
            "might",
            "may",
            "can",
            "should",
            "enough",
            "potentially",
        ];
        const PLACE_MARKERS: [&str; 7] = [
            "in",
            "across",
            "throughout",
            "within",
            "inside",
            "from",
            "into",
        ];
        const RELATIVE: [&str; 4] = ["last", "this", "next", "past"];
        const UNITS: [&str; 4] = ["year", "month", "week", "decade"];
        let (from, next) = spans[k];
        let mut lo = from;
        while lo > 0 && !self.clause_end(lo - 1) {
            lo -= 1;
        }
        let mut hi = next;
        while hi < self.lex.len() && !self.clause_end(hi) {
            hi += 1;
        }
        let mut out = Qualifiers {
            supposed: (from.saturating_sub(5).max(lo)..from).any(|i| {
                self.lower_word(i)
                    .is_some_and(|w| MODALS.contains(&w.as_str()))
            }),
            ..Qualifiers::default()
        };
        if all[k].kind.is_temporal() {
            return out;
        }
        for (j, q) in all.iter().enumerate() {
            let (a, _) = spans[j];
            if j == k || !q.kind.is_temporal() || a < lo || a >= hi {
                continue;
            }
            let since = a > 0 && self.word_eq(a - 1, "since");
            let (low, high) = match (q.kind, q.date) {
                (QuantityKind::Year, _) => (q.low, q.high),
                (_, Some(CalendarDate { year: Some(y), .. })) => (f64::from(y), f64::from(y)),
                _ => continue,
            };
            out.periods
                .push(Period::Years(low, if since { f64::INFINITY } else { high }));
        }
        for i in lo..hi {
            let Some(w) = self.lower_word(i) else {
                continue;
            };
            if WEEKDAYS.contains(&w.as_str()) {
                out.periods.push(Period::Named(w.clone()));
            }
            if RELATIVE.contains(&w.as_str())
                && let Some(unit) = self.lower_word(i + 1)
                && UNITS.contains(&unit.trim_end_matches('s'))
            {
                out.periods
                    .push(Period::Named(format!("{w} {}", unit.trim_end_matches('s'))));
            }
            let rate = matches!(w.as_str(), "annually" | "yearly")
                || (matches!(w.as_str(), "every" | "each" | "per" | "a")
                    && self.word_eq(i + 1, "year"));
            if rate {
                out.periods.push(Period::Named("yearly".into()));
            }
            // a capitalised word after a place preposition ("in Mexico", "across the
            // United States")
            let capitalised = self.s(i).chars().next().is_some_and(char::is_uppercase);
            if capitalised && i > lo && !Self::in_figure(spans, i) {
                let mut p = i - 1;
                if self.word_eq(p, "the") && p > lo {
                    p -= 1;
                }
                if self
                    .lower_word(p)
                    .is_some_and(|m| PLACE_MARKERS.contains(&m.as_str()))
                    && self.month_at(i).is_none()
                {
                    out.places.push(w);
                }
            }
        }
        out
    }

    /// The noun right before a figure ("magnitude 7.1", "a rate of 6.5"), if it is one:
    /// a content word that is not a verb form.
    fn measured_before(&self, first: usize) -> Option<String> {
        let mut k = first.checked_sub(1)?;
        if self.word_eq(k, "of") {
            k = k.checked_sub(1)?;
        }
        let w = self.lower_word(k)?;
        let verb_like = w.ends_with("ed") || w.ends_with("ing") || w.ends_with("ly");
        (!verb_like && bound_word(&w).is_none())
            .then(|| self.content_stem(k))
            .flatten()
    }

    fn first_lexeme(&self, q: &Quantity) -> usize {
        self.lex.partition_point(|l| l.end <= q.range.start)
    }

    /// Lexeme `i` is inside one of the figures.
    fn in_figure(spans: &[(usize, usize)], i: usize) -> bool {
        spans.iter().any(|&(a, b)| (a..b).contains(&i))
    }

    /// Ends a clause for the purpose of attaching figures.
    fn clause_end(&self, i: usize) -> bool {
        matches!(
            self.lex.get(i).map(|l| l.kind),
            Some(LexKind::Sym('.' | ';' | ':' | '!' | '?' | '(' | ')'))
        )
    }

    /// A content word that is not part of a figure ("billion", month names).
    fn attach_stem(&self, i: usize) -> Option<String> {
        let w = self.lower_word(i)?;
        if scale_word(&w).is_some() {
            return None;
        }
        self.content_stem(i)
    }

    /// See `Quantity::lead`.
    fn lead_of(&self, spans: &[(usize, usize)], k: usize) -> Option<String> {
        let (from, _) = spans[k];
        (from.saturating_sub(4)..from)
            .rev()
            .take_while(|&i| !Self::in_figure(spans, i) && !self.clause_end(i))
            .find_map(|i| self.attach_stem(i))
    }

    /// See `Quantity::scope`.
    fn scope_of(&self, q: &Quantity, spans: &[(usize, usize)], k: usize) -> Vec<String> {
        const PREPOSITIONS: [&str; 14] = [
            "in", "on", "at", "by", "since", "until", "till", "during", "from", "to", "of",
            "between", "after", "before",
        ];
        let (from, next) = spans[k];
        let mut out = Vec::new();
        if q.kind.is_temporal() {
            let opens = (0..from).all(|i| self.attach_stem(i).is_none());
            if opens {
                // "In 2021, the framework was adopted": the date scopes the sentence
                for i in next..self.lex.len() {
                    if !Self::in_figure(spans, i)
                        && let Some(stem) = self.attach_stem(i)
                    {
                        out.push(stem);
                    }
                }
                return out;
            }
            let after_preposition = from > 0
                && self
                    .lower_word(from - 1)
                    .is_some_and(|w| PREPOSITIONS.contains(&w.as_str()));
            if !after_preposition && let Some(stem) = self.attach_stem(next) {
                // "a 2023 survey", "the March 3 earthquake": a modifier of its noun
                out.push(stem);
                if let Some(more) = self.attach_stem(next + 1) {
                    out.push(more);
                }
                return out;
            }
        }
        let mut before = 0;
        for i in (0..from).rev() {
            if before == 3 || Self::in_figure(spans, i) || self.clause_end(i) {
                break;
            }
            if let Some(stem) = self.attach_stem(i) {
                out.push(stem);
                before += 1;
            }
        }
        let mut after = 0;
        for i in next..self.lex.len() {
            if after == 3 || Self::in_figure(spans, i) || self.clause_end(i) {
                break;
            }
            if let Some(stem) = self.attach_stem(i) {
                out.push(stem);
                after += 1;
            }
        }
        out
    }

    fn content_stem(&self, i: usize) -> Option<String> {
        let w = self.lower_word(i)?;
        (!is_function_word(&w) && w.chars().count() > 1 && number_word(&w).is_none())
            .then(|| self.stemmer.stem(&w).into_owned())
    }

    /// See `Quantity::context`.
    fn context_of(&self, q: &Quantity, next: usize) -> Vec<String> {
        const QUALIFIERS: [&str; 9] = [
            "least",
            "most",
            "than",
            "almost",
            "nearly",
            "approximately",
            "roughly",
            "over",
            "under",
        ];
        let mut out = Vec::new();
        let first = self.lex.partition_point(|l| l.end <= q.range.start);
        for i in (first.saturating_sub(4)..first).rev() {
            if self
                .lower_word(i)
                .is_some_and(|w| QUALIFIERS.contains(&w.as_str()))
            {
                continue;
            }
            if let Some(stem) = self.content_stem(i) {
                out.push(stem);
                break;
            }
        }
        let mut j = next;
        if let Some(about) = &q.about {
            let head = about.rsplit(' ').next().unwrap_or(about);
            if let Some(k) = (next..(next + 8).min(self.lex.len()))
                .find(|&k| self.content_stem(k).as_deref() == Some(head))
            {
                j = k + 1;
            }
        }
        for k in j..(j + 3).min(self.lex.len()) {
            if self.is_sym(k, '.') || self.is_sym(k, ';') {
                break;
            }
            if let Some(stem) = self.content_stem(k) {
                out.push(stem);
                break;
            }
        }
        out
    }

    fn range_of(&self, from: usize, to: usize) -> Range<usize> {
        self.lex[from].start..self.lex[to.max(from + 1) - 1].end
    }

    /// Can a figure start at lexeme `i`? A cheap test that skips ordinary words.
    fn may_start_figure(&self, i: usize) -> bool {
        match self.lex[i].kind {
            LexKind::Num => true,
            LexKind::Sym(c) => matches!(c, '$' | '£' | '€' | '¥'),
            LexKind::Word => {
                let s = self.s(i);
                if s.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
                    return true;
                }
                let lower = s.to_ascii_lowercase();
                number_word(&lower).is_some()
                    || matches!(
                        lower.as_str(),
                        "dozens" | "tens" | "hundreds" | "thousands" | "millions" | "billions"
                    )
            }
        }
    }

    fn scan_at(&self, i: usize) -> Option<(Quantity, usize)> {
        if !self.may_start_figure(i) {
            return None;
        }
        // "$40": the number after the sign starts the figure
        if let LexKind::Sym(_) = self.lex[i].kind {
            return None;
        }
        // Dates written month first.
        if let Some((date, next)) = self.date_from_month(i) {
            return Some((self.date_quantity(date, i, next), next));
        }
        // "3 October 2025"
        if let Some(d) = self.plain_int(i)
            && (1..=31).contains(&d)
            && let Some((mut date, next)) = self.date_from_month(i + 1).or_else(|| {
                self.month_at(i + 1).map(|m| {
                    (
                        CalendarDate {
                            year: None,
                            month: Some(m),
                            day: None,
                        },
                        i + 2,
                    )
                })
            })
            && date.day.is_none()
        {
            date.day = Some(d as u8);
            return Some((self.date_quantity(date, i, next), next));
        }
        // Vague amounts: "tens of thousands", "hundreds of", "dozens of", "thousands of".
        if let Some(found) = self.vague_at(i) {
            return Some(found);
        }
        // A decade: "the 1980s".
        if self.is_word(i) {
            let s = self.s(i);
            if s.len() == 5
                && s.ends_with('s')
                && s[..4].bytes().all(|b| b.is_ascii_digit())
                && s.as_bytes()[3] == b'0'
                && let Ok(y) = s[..4].parse::<i32>()
            {
                return Some((
                    self.figure(
                        QuantityKind::Year,
                        i..i + 1,
                        (y as f64, y as f64 + 9.0, Bound::Exact),
                        None,
                    ),
                    i + 1,
                ));
            }
        }
        if self.is_num(i) && self.is_identifier_number(i) {
            return None;
        }
        // A number must not be glued to letters on its left ("H2O" is one word already).
        let mut money = false;
        let mut first = i;
        if i >= 1 && self.touching(i - 1) {
            match self.lex[i - 1].kind {
                LexKind::Sym('$' | '£' | '€' | '¥') => {
                    money = true;
                    first = i - 1;
                    if i >= 2 && self.touching(i - 2) && self.word_eq(i - 2, "US") {
                        first = i - 2;
                    }
                }
                LexKind::Word | LexKind::Num => return None,
                _ => {}
            }
        }
        let (low, mut next) = self.number_at(i)?;
        let mut high = low;
        // Ranges: "2006–2012", "25,000 to 50,000", "350–370".
        let dash = self.is_sym(next, '–') || self.is_sym(next, '—') || self.is_sym(next, '-');
        if (dash || self.word_eq(next, "to"))
            && let Some((mut other, after)) = self.number_at(next + 1)
        {
            if !dash || self.is_num(next + 1) {
                // "2006–12"
                let l = self.s(i).len();
                let r = self.s(next + 1).len();
                if dash && self.is_num(i) && r < l && other < low && l == 4 {
                    let base = (low / 10f64.powi(r as i32)).floor() * 10f64.powi(r as i32);
                    other += base;
                }
                // "$1 million to $3 million": the scale of the right side applies.
                if other >= low {
                    high = other;
                    next = after;
                }
            }
        } else if (dash || self.word_eq(next, "to"))
            && (self.is_sym(next + 1, '$') || self.is_sym(next + 1, '£'))
            && let Some((other, after)) = self.number_at(next + 2)
            && other >= low
        {
            high = other;
            next = after;
        }
        let bound = self.bound_before(first);
        let is_plain_int = self.plain_int(i).is_some();
        // Money written after: "40 billion dollars".
        if !money
            && let Some(w) = self.lower_word(next)
            // "pounds" after a number is a weight more often than money
            && matches!(w.as_str(), "dollars" | "dollar" | "euros" | "pesos")
        {
            money = true;
            next += 1;
        }
        if money {
            let about = self.head_after(next, false);
            return Some((
                self.figure(QuantityKind::Money, first..next, (low, high, bound), about),
                next,
            ));
        }
        if self.is_sym(next, '%')
            || self.word_eq(next, "percent")
            || (self.word_eq(next, "per") && self.word_eq(next + 1, "cent"))
        {
            next += if self.word_eq(next, "per") { 2 } else { 1 };
            let about = self.head_after(next, true);
            return Some((
                self.figure(
                    QuantityKind::Percent,
                    first..next,
                    (low, high, bound),
                    about,
                ),
                next,
            ));
        }
        // Units, possibly after "metric"/"square".
        let mut u = next;
        if self
            .lower_word(u)
            .is_some_and(|w| matches!(w.as_str(), "metric" | "square" | "cubic"))
        {
            u += 1;
        }
        if let Some(unit) = self.lower_word(u).and_then(|w| unit_word(&w)) {
            let after = u + 1;
            let thing = self.head_after(after, true);
            let about = Some(match thing {
                Some(t) => format!("{unit} {t}"),
                None => unit.to_string(),
            });
            return Some((
                self.figure(
                    QuantityKind::Measure,
                    first..after,
                    (low, high, bound),
                    about,
                ),
                after,
            ));
        }
        // Years: a bare four-digit integer in a plausible range, not glued to a scale word.
        let year_like = |v: f64| (1000.0..=2100.0).contains(&v) && v.fract() == 0.0;
        if is_plain_int
            && self.s(i).len() == 4
            && year_like(low)
            && year_like(high)
            && self.number_at(i).is_some_and(|(_, n)| n == i + 1)
        {
            return Some((
                self.figure(QuantityKind::Year, first..next, (low, high, bound), None),
                next,
            ));
        }
        // A decimal with no unit and no scale word measures what the noun before it names:
        // "a magnitude 7.1 earthquake", "a score of 6.5", not a count of anything.
        if self.is_num(i)
            && next == i + 1
            && self.s(i).contains('.')
            && let Some(measured) = self.measured_before(first)
        {
            return Some((
                self.figure(
                    QuantityKind::Measure,
                    first..next,
                    (low, high, bound),
                    Some(measured),
                ),
                next,
            ));
        }
        // Ordinal-looking words are handled by the lexer ("21st" is a word); a plain count.
        let about = self.head_after(next, false);
        Some((
            self.figure(QuantityKind::Count, first..next, (low, high, bound), about),
            next,
        ))
    }

    fn vague_at(&self, i: usize) -> Option<(Quantity, usize)> {
        let w = self.lower_word(i)?;
        let (low, high, mut next): (f64, f64, usize) = match w.as_str() {
            "dozens" => (24.0, 99.0, i + 1),
            "tens" if self.word_eq(i + 1, "of") && self.word_eq(i + 2, "thousands") => {
                (1e4, 99_999.0, i + 3)
            }
            "tens" if self.word_eq(i + 1, "of") && self.word_eq(i + 2, "millions") => {
                (1e7, 99_999_999.0, i + 3)
            }
            "hundreds" if self.word_eq(i + 1, "of") && self.word_eq(i + 2, "thousands") => {
                (1e5, 999_999.0, i + 3)
            }
            "hundreds" => (100.0, 999.0, i + 1),
            "thousands" => (1e3, 9_999.0, i + 1),
            "millions" => (1e6, 999_999_999.0, i + 1),
            "billions" => (1e9, 999_999_999_999.0, i + 1),
            _ => return None,
        };
        if !self.word_eq(next, "of") {
            return None;
        }
        // "billions of dollars"
        let money = self
            .lower_word(next + 1)
            .is_some_and(|w| matches!(w.as_str(), "dollars" | "euros" | "pesos"));
        let about = if money {
            None
        } else {
            self.head_after(next, true)
        };
        // the figure itself ends before "of", unless it is money ("billions of dollars")
        if money {
            next += 2;
        }
        Some((
            self.figure(
                if money {
                    QuantityKind::Money
                } else {
                    QuantityKind::Count
                },
                i..next,
                (low, high, Bound::About),
                about,
            ),
            next,
        ))
    }

    /// A figure found at lexemes `lexemes`, before the later passes fill in what surrounds
    /// it (context, lead, scope, qualifiers).
    fn figure(
        &self,
        kind: QuantityKind,
        lexemes: std::ops::Range<usize>,
        (low, high, bound): (f64, f64, Bound),
        about: Option<String>,
    ) -> Quantity {
        Quantity {
            kind,
            range: self.range_of(lexemes.start, lexemes.end),
            low,
            high,
            bound,
            date: None,
            about,
            context: Vec::new(),
            lead: None,
            scope: Vec::new(),
            qualifiers: Qualifiers::default(),
        }
    }

    fn date_quantity(&self, date: CalendarDate, from: usize, next: usize) -> Quantity {
        let y = date.year.map_or(f64::NAN, f64::from);
        Quantity {
            date: Some(date),
            ..self.figure(QuantityKind::Date, from..next, (y, y, Bound::Exact), None)
        }
    }
}
