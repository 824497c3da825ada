//! ROUGE-1, ROUGE-2 and ROUGE-L (Lin 2004) as the `rouge-score` package computes them:
//! lowercase, every run of characters outside `[a-z0-9]` is a separator, tokens longer
//! than three characters are stemmed (Snowball English here, Porter there: on the BBC
//! development set the two agree to 0.01 points), n-gram counts are clipped, ROUGE-L
//! is the longest common subsequence over the whole texts.
//!
//! The tokenizer is deliberately not the word model of [`crate::text::words`]: a ROUGE
//! score means something only beside other ROUGE scores, the published figures of the
//! peers and papers, which `rouge-score` computed. So its tokens stay `rouge-score`'s,
//! quirks included: "Café" is `caf`, "don't" is `don` and `t`, "3.5" is `3` and `5`,
//! and a text in another script has no tokens at all. Neither variant of the word
//! model gives those tokens, and a score computed on either would not be comparable.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

/// Precision, recall and F1 of one measure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    /// Share of the system summary's n-grams (for ROUGE-L, tokens) found in the
    /// reference, in [0, 1].
    pub precision: f64,
    /// Share of the reference's n-grams (for ROUGE-L, tokens) found in the system
    /// summary, in [0, 1].
    pub recall: f64,
    /// Harmonic mean of precision and recall; 0 when both are.
    pub f1: f64,
}

impl Score {
    fn new(hits: usize, predicted: usize, reference: usize) -> Score {
        let precision = hits as f64 / predicted.max(1) as f64;
        let recall = hits as f64 / reference.max(1) as f64;
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Score {
            precision,
            recall,
            f1,
        }
    }
}

/// The three measures for one system summary against one reference.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Rouge {
    /// Unigram overlap.
    pub rouge1: Score,
    /// Bigram overlap.
    pub rouge2: Score,
    /// Longest common subsequence of the two token sequences.
    #[serde(rename = "rougeL")]
    pub rouge_l: Score,
}

/// Scores summaries; holds the stemmer so it is built once.
pub struct Scorer {
    stemmer: Stemmer,
}

impl Default for Scorer {
    fn default() -> Self {
        Scorer {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

impl Scorer {
    /// Scores `system` against `reference`.
    pub fn score(&self, reference: &str, system: &str) -> Rouge {
        let reference = self.tokens(reference);
        let system = self.tokens(system);
        Rouge {
            rouge1: ngram_score(&reference, &system, 1),
            rouge2: ngram_score(&reference, &system, 2),
            rouge_l: lcs_score(&reference, &system),
        }
    }

    /// rouge-score's tokenizer, with its rule of stemming only tokens over 3 bytes (kept
    /// as it is, not the word model's: see the module documentation).
    pub fn tokens(&self, text: &str) -> Vec<String> {
        text.to_lowercase()
            .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
            .filter(|t| !t.is_empty())
            .map(|t| {
                if t.len() > 3 {
                    self.stemmer.stem(t).into_owned()
                } else {
                    t.to_string()
                }
            })
            .collect()
    }
}

fn ngram_score(reference: &[String], system: &[String], n: usize) -> Score {
    let reference_counts = ngram_counts(reference, n);
    let system_counts = ngram_counts(system, n);
    let hits: usize = reference_counts
        .iter()
        .map(|(gram, &count)| count.min(system_counts.get(gram).copied().unwrap_or(0)))
        .sum();
    let total = |counts: &HashMap<&[String], usize>| counts.values().sum::<usize>();
    Score::new(hits, total(&system_counts), total(&reference_counts))
}

fn ngram_counts(tokens: &[String], n: usize) -> HashMap<&[String], usize> {
    let mut counts = HashMap::new();
    for gram in tokens.windows(n) {
        *counts.entry(gram).or_insert(0) += 1;
    }
    counts
}

fn lcs_score(reference: &[String], system: &[String]) -> Score {
    if reference.is_empty() || system.is_empty() {
        return Score::default();
    }
    Score::new(lcs_length(reference, system), system.len(), reference.len())
}

/// Longest common subsequence length with one row of the table kept.
fn lcs_length(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_like_rouge_score() {
        let scorer = Scorer::default();
        assert_eq!(
            scorer.tokens("The U.S. firm's profits-rose 3.5%; Café running!"),
            vec!["the", "u", "s", "firm", "s", "profit", "rose", "3", "5", "caf", "run"]
        );
    }

    #[test]
    fn tokens_stay_rouge_scores_where_the_word_model_differs() {
        let scorer = Scorer::default();
        assert_eq!(
            scorer.tokens("Don't pay 3.5bn, Привет мир"),
            vec!["don", "t", "pay", "3", "5bn"]
        );
    }

    #[test]
    fn hand_computed_scores() {
        let scorer = Scorer::default();
        // reference: the cat sat on the mat (6); system: the cat lay on the mat (6)
        let r = scorer.score("the cat sat on the mat", "the cat lay on the mat");
        assert!((r.rouge1.f1 - 5.0 / 6.0).abs() < 1e-12);
        // bigrams: ref {the cat, cat sat, sat on, on the, the mat}; shared 3 of 5
        assert!((r.rouge2.precision - 3.0 / 5.0).abs() < 1e-12);
        // LCS: the cat on the mat = 5
        assert!((r.rouge_l.recall - 5.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn clipped_counts_and_empty_sides() {
        let scorer = Scorer::default();
        let r = scorer.score("the the", "the the the the");
        assert!((r.rouge1.precision - 0.5).abs() < 1e-12);
        assert!((r.rouge1.recall - 1.0).abs() < 1e-12);
        assert_eq!(scorer.score("", "words").rouge1.f1, 0.0);
        assert_eq!(scorer.score("words", "").rouge_l.f1, 0.0);
    }
}
