//! Evaluation of summaries against human references: ROUGE scores, their averages,
//! the pairing of system summaries with references and what it covered, and the
//! protocol's rule for counting a reference's sentences.

pub(crate) mod pairing;
pub(crate) mod rouge;

use serde::Serialize;

pub use pairing::{pair, Coverage, CoverageError, Duplicate, Pairing, Side, Summary};
pub use rouge::{Rouge, Score, Scorer};

/// Sentences in a reference summary, counted as the evaluation protocol counts them:
/// a break wherever `.`, `!` or `?` is directly followed by an uppercase ASCII letter
/// or an opening double quote (`re.split(r'(?<=[.!?])(?=[A-Z"\u201c])', s.strip())`).
/// Reference summaries glued without spaces ("rose.The firm") are split correctly;
/// at least 1.
pub fn reference_sentence_count(reference: &str) -> usize {
    let chars: Vec<char> = reference.trim().chars().collect();
    let breaks = chars
        .windows(2)
        .filter(|pair| {
            matches!(pair[0], '.' | '!' | '?')
                && (pair[1].is_ascii_uppercase() || matches!(pair[1], '"' | '\u{201c}'))
        })
        .count();
    breaks + 1
}

/// Running sums of ROUGE scores, for averages over documents.
#[derive(Clone, Debug, Default)]
pub struct Averages {
    documents: usize,
    sum: [[f64; 3]; 3],
}

/// Mean scores over documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct MeanRouge {
    /// Documents averaged over.
    pub documents: usize,
    /// The mean of each measure's precision, recall and F1 (all 0 over no documents).
    #[serde(flatten)]
    pub rouge: Rouge,
}

impl Averages {
    /// Adds one document's scores.
    pub fn add(&mut self, rouge: &Rouge) {
        self.documents += 1;
        for (sum, score) in self.sum.iter_mut().zip(measures(rouge)) {
            sum[0] += score.precision;
            sum[1] += score.recall;
            sum[2] += score.f1;
        }
    }

    /// The means over the documents added so far.
    pub fn mean(&self) -> MeanRouge {
        let n = self.documents.max(1) as f64;
        let score = |s: [f64; 3]| Score {
            precision: s[0] / n,
            recall: s[1] / n,
            f1: s[2] / n,
        };
        MeanRouge {
            documents: self.documents,
            rouge: Rouge {
                rouge1: score(self.sum[0]),
                rouge2: score(self.sum[1]),
                rouge_l: score(self.sum[2]),
            },
        }
    }
}

fn measures(rouge: &Rouge) -> [Score; 3] {
    [rouge.rouge1, rouge.rouge2, rouge.rouge_l]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_sentences_follow_the_protocol() {
        assert_eq!(
            reference_sentence_count("Profits rose.The firm said so.\"Good,\" he said."),
            3
        );
        assert_eq!(
            reference_sentence_count("Spaced. Sentences are one piece."),
            1
        );
        assert_eq!(reference_sentence_count(""), 1);
        // Like the protocol, dotted capitals count as breaks too.
        assert_eq!(reference_sentence_count("U.S.A. grew.it"), 3);
    }

    #[test]
    fn averages_are_means_per_measure() {
        let mut averages = Averages::default();
        let mut a = Rouge::default();
        a.rouge1.f1 = 0.5;
        a.rouge_l.recall = 1.0;
        averages.add(&a);
        averages.add(&Rouge::default());
        let mean = averages.mean();
        assert_eq!(mean.documents, 2);
        assert_eq!(mean.rouge.rouge1.f1, 0.25);
        assert_eq!(mean.rouge.rouge_l.recall, 0.5);
        assert_eq!(mean.rouge.rouge2.f1, 0.0);
    }
}
