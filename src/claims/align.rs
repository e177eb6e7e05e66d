//! Soft word alignment between two sentences (BERTScore-style, over static word vectors):
//! each content word of one sentence is matched with the most similar word of the other,
//! the matches weighted by IDF, both directions combined into an F-score.
//!
//! Paraphrases share few words but many near words ("questioned their legality" / "hard
//! to square with international law"); a bag-of-words cosine misses them and a mean
//! sentence vector blurs them with everything else in the sentence, while an alignment
//! looks at each word's best partner. Word vectors are the mean of the model's WordPiece
//! vectors (`embed::word_vector`), computed once per distinct word of the collection.
//!
//! Pure: sentence texts in, pair scores out. Knows nothing of documents or of how the
//! score is mixed with the other signals (`index` does that).

use super::embed;
use super::lexical::is_stop_word;
use super::parallel::parallel_map;
use std::collections::HashMap;

/// Dimensions of the word vectors used: the first principal components of the table. On
/// the dev and validation sets 128 ranks as well as all 256 (R@1 and R@3 within one pair
/// over the weight grid) at half the cost of every pair.
pub const ALIGN_DIM: usize = 128;

/// The words of every sentence of a collection, with their vectors and weights.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    dim: usize,
    /// Unit vectors of the collection's distinct words as int8 (times 127), row-major
    /// (zero rows for words the vocabulary cannot spell: they match only themselves).
    /// Integer dot products vectorise; the rounding moves a similarity by under 0.01.
    vectors: Vec<i8>,
    /// Per sentence: its distinct content words (ids into `vectors`) and their IDF.
    sentences: Vec<Vec<(u32, f32)>>,
}

impl Alignment {
    /// Words and weights for `texts`; IDF over these sentences.
    pub fn build(texts: &[&str]) -> Alignment {
        let dim = ALIGN_DIM.min(embed::model_dim());
        let words: Vec<Vec<String>> = parallel_map(texts, |t| content_words(t));
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut names: Vec<&str> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut per_sentence: Vec<Vec<u32>> = Vec::with_capacity(words.len());
        for ws in &words {
            let mut mine: Vec<u32> = ws
                .iter()
                .map(|w| {
                    *ids.entry(w.as_str()).or_insert_with(|| {
                        names.push(w.as_str());
                        df.push(0);
                        (names.len() - 1) as u32
                    })
                })
                .collect();
            mine.sort_unstable();
            mine.dedup();
            for &id in &mine {
                df[id as usize] += 1;
            }
            per_sentence.push(mine);
        }
        let rows: Vec<Vec<f32>> = parallel_map(&names, |w| {
            embed::word_vector(w, dim).unwrap_or_else(|| vec![0.0; dim])
        });
        let vectors: Vec<i8> = rows
            .into_iter()
            .flatten()
            .map(|x| (x * 127.0).round().clamp(-127.0, 127.0) as i8)
            .collect();
        let n = texts.len().max(1) as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| ((n + 1.0) / (d as f32 + 0.5)).ln().max(0.01))
            .collect();
        let sentences = per_sentence
            .into_iter()
            .map(|ws| ws.into_iter().map(|id| (id, idf[id as usize])).collect())
            .collect();
        Alignment {
            dim,
            vectors,
            sentences,
        }
    }

    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// The alignment F-score of sentences `a` and `b` in [0, 1]: 1 for the same content
    /// words, 0 when no word of either has a near word in the other (or either has none).
    pub fn score(&self, a: usize, b: usize) -> f32 {
        let (Some(wa), Some(wb)) = (self.sentences.get(a), self.sentences.get(b)) else {
            return 0.0;
        };
        if wa.is_empty() || wb.is_empty() {
            return 0.0;
        }
        // best similarity of each word of a in b, and of each word of b in a
        let mut best_b = [0.0f32; 64];
        let mut best_b_vec;
        let best_b: &mut [f32] = if wb.len() <= best_b.len() {
            &mut best_b[..wb.len()]
        } else {
            best_b_vec = vec![0.0f32; wb.len()];
            &mut best_b_vec
        };
        let (mut precision, mut weight_a) = (0.0f32, 0.0f32);
        for &(x, wx) in wa {
            let mut best = 0.0f32;
            for (k, &(y, _)) in wb.iter().enumerate() {
                let sim = self.similarity(x, y);
                best = best.max(sim);
                best_b[k] = best_b[k].max(sim);
            }
            precision += wx * best;
            weight_a += wx;
        }
        let (mut recall, mut weight_b) = (0.0f32, 0.0f32);
        for (k, &(_, wy)) in wb.iter().enumerate() {
            recall += wy * best_b[k];
            weight_b += wy;
        }
        let (p, r) = (precision / weight_a, recall / weight_b);
        if p + r <= 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Similarity of two words in [0, 1] (a negative cosine is no match); a word is its own
    /// best match even when the vocabulary cannot spell it. Tried on the dev and validation
    /// sets: flooring the cosine (at 0.25, 0.4, 0.55) ranked worse.
    fn similarity(&self, x: u32, y: u32) -> f32 {
        if x == y {
            return 1.0;
        }
        let vx = &self.vectors[x as usize * self.dim..][..self.dim];
        let vy = &self.vectors[y as usize * self.dim..][..self.dim];
        let dot: i32 = vx
            .iter()
            .zip(vy)
            .map(|(&p, &q)| i32::from(p) * i32::from(q))
            .sum();
        (dot as f32 / (127.0 * 127.0)).max(0.0)
    }
}

/// The distinct content words of a sentence: the tokenizer's words without punctuation and
/// function words. Keeping function words (weighted down by IDF, as BERTScore does) ranked
/// within two pairs of this on the dev and validation sets at three times the cost.
fn content_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = embed::words(text)
        .into_iter()
        .filter(|w| w.chars().any(char::is_alphanumeric) && !is_stop_word(w))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paraphrases_align_better_than_unrelated_sentences() {
        let a = Alignment::build(&[
            "Experts questioned the legality of the strikes on the boats.",
            "Lawyers said the attacks on the vessels were hard to square with international law.",
            "Rainfall was heavy in the north of the country this spring.",
            "",
            "The strikes on the boats were questioned by experts.",
        ]);
        assert_eq!(a.len(), 5);
        assert!(
            a.score(0, 1) > a.score(0, 2) + 0.05,
            "{} {}",
            a.score(0, 1),
            a.score(0, 2)
        );
        assert!(
            a.score(0, 4) > a.score(0, 1),
            "{} {}",
            a.score(0, 4),
            a.score(0, 1)
        );
        assert!((a.score(0, 0) - 1.0).abs() < 1e-4);
        // symmetric, and nothing for an empty sentence or an unknown id
        assert!((a.score(0, 1) - a.score(1, 0)).abs() < 1e-5);
        assert_eq!(a.score(0, 3), 0.0);
        assert_eq!(a.score(0, 99), 0.0);
    }

    #[test]
    fn words_the_vocabulary_cannot_spell_still_match_themselves() {
        let a = Alignment::build(&["\u{1F600} ꙮꙮ", "ꙮꙮ \u{1F600}"]);
        assert!(a.score(0, 1) > 0.99, "{}", a.score(0, 1));
    }
}
