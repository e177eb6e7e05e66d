//! Dense sentence vectors from a static token embedding: the linker's one learned signal.
//!
//! This module owns the embedded model (`assets/minilm-static-256.bin` and
//! `assets/minilm-vocab.txt`: static WordPiece token vectors distilled from
//! sentence-transformers/all-MiniLM-L6-v2, Apache-2.0, see `assets/MINILM-LICENSE`: each
//! token's output vector averaged over its occurrences in 60,000 corpus sentences, PCA to
//! 256 dimensions, int8 with a per-dimension scale), its parsing (once, lazily), a
//! BERT-uncased tokenizer (basic tokenizer, then greedy longest-match WordPiece), and the
//! per-sentence vectors: the IDF-weighted mean of a sentence's token vectors, minus the
//! mean token vector of the collection, unit length. No model runs at run time: a token's
//! vector is a table row, so a sentence costs one multiply-add per token and dimension.
//!
//! Pure: texts in, vectors out. Knows nothing of documents, terms or scoring rules.

use super::lexical::fold_lower;
use super::parallel::parallel_map;
use std::collections::HashMap;
use std::sync::OnceLock;

static TABLE: &[u8] = include_bytes!("../../assets/minilm-static-256.bin");
static VOCAB: &str = include_str!("../../assets/minilm-vocab.txt");

/// How many distinct tokens the typical collection mean counts for when a collection's
/// own mean is estimated (the seeds hold about 4,000).
const TYPICAL_WEIGHT: f32 = 1000.0;

/// Longest word WordPiece splits; longer ones are unknown (as in BERT).
const MAX_WORD_CHARS: usize = 100;

/// The parsed model: vocabulary and token vectors (left in the embedded bytes).
struct Model {
    dim: usize,
    tokens: usize,
    /// Token vectors as int8, row-major (`rows[t * dim..][..dim]`), and the scale of
    /// each dimension.
    rows: &'static [u8],
    scales: Vec<f32>,
    /// The mean token vector of a typical collection (of 500 corpus sentences), which a
    /// collection too small to estimate its own leans on.
    typical_mean: Vec<f32>,
    /// Word-initial pieces and continuation pieces (stored without their "##").
    initial: HashMap<&'static str, u32>,
    continuation: HashMap<&'static str, u32>,
    longest: usize,
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::parse(TABLE, VOCAB).expect("the embedded model is well formed"))
}

impl Model {
    fn parse(table: &'static [u8], vocab: &'static str) -> Option<Model> {
        let u32_at = |at: usize| {
            table
                .get(at..at + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        };
        if table.get(..4)? != b"RMS2" {
            return None;
        }
        let (count, dim) = (u32_at(4)?, u32_at(8)?);
        let floats = |at: usize| -> Option<Vec<f32>> {
            Some(
                table
                    .get(at..at + 4 * dim)?
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect(),
            )
        };
        let scales = floats(12)?;
        let typical_mean = floats(12 + 4 * dim)?;
        let rows = table.get(12 + 8 * dim..12 + 8 * dim + count * dim)?;
        let mut initial = HashMap::with_capacity(count);
        let mut continuation = HashMap::new();
        let mut longest = 0;
        for (id, token) in vocab.lines().enumerate().take(count) {
            // special tokens ([CLS], [UNK], [unused0] …) never come out of the tokenizer
            if token.starts_with('[') && token.ends_with(']') && token.len() > 2 {
                continue;
            }
            match token.strip_prefix("##") {
                Some(rest) if !rest.is_empty() => {
                    longest = longest.max(rest.len());
                    continuation.insert(rest, id as u32);
                }
                _ => {
                    longest = longest.max(token.len());
                    initial.insert(token, id as u32);
                }
            }
        }
        Some(Model {
            dim,
            tokens: count,
            rows,
            scales,
            typical_mean,
            initial,
            continuation,
            longest,
        })
    }

    /// Adds `w` times the vector of token `t` to `acc`.
    fn add_row(&self, t: u32, w: f32, acc: &mut [f32]) {
        let row = &self.rows[t as usize * self.dim..][..self.dim];
        for ((a, &q), s) in acc.iter_mut().zip(row).zip(&self.scales) {
            *a += w * f32::from(q as i8) * s;
        }
    }

    /// Appends the WordPiece ids of `word` (already lower-cased and folded), or nothing when
    /// it cannot be split into vocabulary pieces (BERT's `[UNK]`, which carries nothing).
    fn wordpiece(&self, word: &str, out: &mut Vec<u32>) {
        if word.chars().count() > MAX_WORD_CHARS {
            return;
        }
        let mark = out.len();
        let mut start = 0;
        while start < word.len() {
            let map = if start == 0 {
                &self.initial
            } else {
                &self.continuation
            };
            let mut end = word.len().min(start + self.longest);
            let found = loop {
                while !word.is_char_boundary(end) {
                    end -= 1;
                }
                if end <= start {
                    break None;
                }
                if let Some(&id) = map.get(&word[start..end]) {
                    break Some(id);
                }
                end -= 1;
            };
            match found {
                Some(id) => {
                    out.push(id);
                    start = end;
                }
                None => {
                    out.truncate(mark);
                    return;
                }
            }
        }
    }

    /// The token ids of a text, as BERT-uncased tokenizes it (without [CLS] and [SEP]).
    fn tokenize(&self, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        basic_tokens(text, |word| self.wordpiece(word, &mut out));
        out
    }
}

/// BERT's punctuation: ASCII non-alphanumerics and, beyond ASCII, anything neither
/// alphanumeric nor whitespace (quotes, dashes, symbols).
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_punctuation()
    } else {
        !c.is_alphanumeric() && !c.is_whitespace()
    }
}

/// CJK ideographs, which BERT treats as words of their own.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2CEAF
        | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// BERT's basic tokenizer (uncased): control characters dropped, lower-cased, accents
/// stripped, split on whitespace and around every punctuation character and ideograph.
/// Calls `emit` with each word in turn.
fn basic_tokens(text: &str, mut emit: impl FnMut(&str)) {
    let mut word = String::new();
    let flush = |word: &mut String, emit: &mut dyn FnMut(&str)| {
        if word.is_empty() {
        } else if word.is_ascii() {
            word.make_ascii_lowercase();
            emit(word);
        } else {
            let folded: String = fold_lower(word).chars().filter(|c| !is_mark(*c)).collect();
            emit(&folded);
        }
        word.clear();
    };
    let mut one = [0u8; 4];
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut emit);
        } else if c == '\u{FFFD}' || c.is_control() {
            continue;
        } else if is_punctuation(c) || is_cjk(c) {
            flush(&mut word, &mut emit);
            emit(c.encode_utf8(&mut one));
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut emit);
}

/// Combining marks (what accent stripping removes after decomposition).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// The words of a text as the model's tokenizer splits them (lower-cased, accents
/// stripped; every punctuation character a word of its own), in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    basic_tokens(text, |w| out.push(w.to_string()));
    out
}

/// The static vector of a word from [`words`]: the mean of its WordPiece vectors minus the
/// typical collection's mean token vector, unit length; `None` when the vocabulary cannot
/// spell it. Only the first `dim` dimensions are kept (the table's dimensions are principal
/// components, most informative first).
pub fn word_vector(word: &str, dim: usize) -> Option<Vec<f32>> {
    let m = model();
    let mut ids = Vec::new();
    m.wordpiece(word, &mut ids);
    if ids.is_empty() {
        return None;
    }
    let mut v = vec![0.0f32; m.dim];
    let share = 1.0 / ids.len() as f32;
    for &t in &ids {
        m.add_row(t, share, &mut v);
    }
    for (a, mu) in v.iter_mut().zip(&m.typical_mean) {
        *a -= mu;
    }
    v.truncate(dim.min(m.dim));
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm <= 1e-9 {
        return None;
    }
    v.iter_mut().for_each(|x| *x /= norm);
    Some(v)
}

/// The number of dimensions of the token table.
pub fn model_dim() -> usize {
    model().dim
}

/// Unit-length dense vectors of a collection of sentences (zero for a sentence with no
/// known token), kept as int8 with a scale per sentence: a quarter of the memory of
/// floats, and the cosine of a candidate pair, computed for every candidate, reads two
/// cache lines a side (the rounding moves a cosine by well under 0.01).
#[derive(Debug, Clone, Default)]
pub struct Dense {
    dim: usize,
    vectors: Vec<i8>,
    scales: Vec<f32>,
}

impl Dense {
    /// Vectors for `texts`. Token weights are IDF over these sentences (the same formula
    /// as the term weights), and the mean vector of the distinct tokens present is
    /// subtracted (shrunk towards a typical collection's mean when there are few): static
    /// token vectors share a large common direction, and without the centring every pair
    /// of sentences looks alike.
    pub fn build(texts: &[&str]) -> Dense {
        let m = model();
        let tokens: Vec<Vec<u32>> = parallel_map(texts, |t| m.tokenize(t));
        // document frequency per token: `last` is the last sentence that counted it
        let vocab = m.tokens;
        let mut df = vec![0u32; vocab];
        let mut last = vec![u32::MAX; vocab];
        for (i, ts) in tokens.iter().enumerate() {
            for &t in ts {
                if last[t as usize] != i as u32 {
                    last[t as usize] = i as u32;
                    df[t as usize] += 1;
                }
            }
        }
        let dim = m.dim;
        let mut mean = vec![0.0f32; dim];
        let mut present = 0usize;
        for t in (0..vocab).filter(|&t| df[t] > 0) {
            present += 1;
            m.add_row(t as u32, 1.0, &mut mean);
        }
        // the collection's own mean, shrunk towards the typical one: a handful of
        // sentences would otherwise be centred on themselves, and look unlike each other
        let own = present as f32;
        for (a, t) in mean.iter_mut().zip(&m.typical_mean) {
            *a = (*a + TYPICAL_WEIGHT * t) / (own + TYPICAL_WEIGHT);
        }
        let n = texts.len().max(1) as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| ((n + 1.0) / (d as f32 + 0.5)).ln().max(0.01))
            .collect();
        let rows: Vec<(Vec<i8>, f32)> = parallel_map(&tokens, |ts| {
            let mut v = vec![0.0f32; dim];
            let mut total = 0.0;
            for &t in ts {
                let w = idf[t as usize];
                total += w;
                m.add_row(t, w, &mut v);
            }
            // minus the mean token vector, as weighted: Σ w·(x − μ) = Σ w·x − (Σ w)·μ
            for (a, mu) in v.iter_mut().zip(&mean) {
                *a -= total * mu;
            }
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            let top = v.iter().fold(0.0f32, |a, x| a.max(x.abs()));
            if norm <= 1e-9 || top <= 0.0 {
                return (vec![0; dim], 0.0);
            }
            let q = v.iter().map(|x| (x / top * 127.0).round() as i8).collect();
            (q, top / norm / 127.0)
        });
        let mut vectors = Vec::with_capacity(rows.len() * dim);
        let mut scales = Vec::with_capacity(rows.len());
        for (q, s) in rows {
            vectors.extend_from_slice(&q);
            scales.push(s);
        }
        Dense {
            dim,
            vectors,
            scales,
        }
    }

    pub fn len(&self) -> usize {
        self.scales.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cosine of sentences `a` and `b` (0 when either is out of range or has no tokens).
    pub fn cos(&self, a: usize, b: usize) -> f32 {
        let (Some(x), Some(y)) = (self.row(a), self.row(b)) else {
            return 0.0;
        };
        let dot: i32 = x
            .iter()
            .zip(y)
            .map(|(&p, &q)| i32::from(p) * i32::from(q))
            .sum();
        dot as f32 * self.scales[a] * self.scales[b]
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Whether sentence `i` has a vector (it has known tokens).
    pub fn is_nonzero(&self, i: usize) -> bool {
        self.scales.get(i).is_some_and(|&s| s > 0.0)
    }

    /// The unit vector of sentence `i` as floats (zero when it has none).
    pub fn unit(&self, i: usize) -> Vec<f32> {
        let scale = self.scales.get(i).copied().unwrap_or(0.0);
        match self.row(i) {
            Some(row) => row.iter().map(|&q| f32::from(q) * scale).collect(),
            None => vec![0.0; self.dim],
        }
    }

    fn row(&self, i: usize) -> Option<&[i8]> {
        self.vectors.get(i * self.dim..(i + 1) * self.dim)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&'static str> {
        let m = model();
        let names: Vec<&str> = VOCAB.lines().collect();
        m.tokenize(text)
            .into_iter()
            .map(|t| names[t as usize])
            .collect()
    }

    #[test]
    fn tokenizes_like_bert_uncased() {
        // the pieces the reference (Hugging Face) tokenizer of the model gives
        assert_eq!(
            pieces("The cartels' “narco-terrorism”, in Mérida!"),
            vec![
                "the",
                "cartel",
                "##s",
                "'",
                "“",
                "na",
                "##rco",
                "-",
                "terrorism",
                "”",
                ",",
                "in",
                "mer",
                "##ida",
                "!"
            ]
        );
        // a word with no vocabulary split is skipped, not guessed
        assert!(pieces("\u{1F600}").is_empty());
        assert!(pieces("").is_empty());
    }

    #[test]
    fn paraphrases_are_closer_than_unrelated_sentences() {
        let d = Dense::build(&[
            "Mexico's president rejected any US military strikes on cartels.",
            "The Mexican leader refused American military action against the drug gangs.",
            "Rainfall was heavy in the north of the country this spring.",
            "",
        ]);
        assert_eq!(d.len(), 4);
        assert!(
            d.cos(0, 1) > d.cos(0, 2) + 0.1,
            "{} {}",
            d.cos(0, 1),
            d.cos(0, 2)
        );
        assert!((d.cos(0, 0) - 1.0).abs() < 0.01, "{}", d.cos(0, 0));
        assert_eq!(d.cos(0, 3), 0.0);
        assert_eq!(d.cos(0, 9), 0.0);
    }
}
