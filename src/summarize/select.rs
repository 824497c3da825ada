//! Selection: turning per-sentence scores into the chosen sentences under a budget,
//! in the requested output order.

use super::{Budget, Order};
use crate::text::{AnalyzedSentence, SentenceKind};

/// Candidate sentences, best first: by descending score, ties by earlier position.
///
/// Summaries prefer running text: when the document has at least one
/// [`SentenceKind::Text`] sentence, headings and list items are not candidates.
pub fn ranking(sentences: &[AnalyzedSentence], scores: &[f64]) -> Vec<usize> {
    let has_text = sentences.iter().any(|s| s.kind == SentenceKind::Text);
    let mut order: Vec<usize> = (0..sentences.len())
        .filter(|&i| !has_text || sentences[i].kind == SentenceKind::Text)
        .collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order
}

/// Chooses sentences within `budget` and returns them in `order`.
///
/// Never empty when there is at least one sentence.
pub fn select(
    sentences: &[AnalyzedSentence],
    scores: &[f64],
    budget: Budget,
    order: Order,
) -> Vec<usize> {
    let ranked = ranking(sentences, scores);
    let mut chosen = match budget {
        Budget::Sentences(k) => take_top(ranked, k),
        Budget::Ratio(r) => take_top(ranked, ratio_count(r, sentences.len())),
        Budget::Words(w) => fit_words(sentences, &ranked, w),
    };
    if order == Order::Document {
        chosen.sort_unstable();
    }
    chosen
}

/// The first `k` (at least one) of `ranked`.
fn take_top(mut ranked: Vec<usize>, k: usize) -> Vec<usize> {
    ranked.truncate(k.max(1));
    ranked
}

/// Sentences for a ratio of `n`: round(r · n), at least 1 (also for NaN or r ≤ 0).
pub fn ratio_count(r: f64, n: usize) -> usize {
    let k = (r * n as f64).round();
    if k.is_nan() || k < 1.0 {
        1
    } else {
        k.min(n as f64) as usize
    }
}

/// Walks down `ranked`, taking each sentence that still fits in the word budget and
/// skipping those that do not. If the top-ranked sentence alone is over budget it is
/// returned by itself: the most central sentence beats an empty or off-centre summary.
fn fit_words(sentences: &[AnalyzedSentence], ranked: &[usize], budget: usize) -> Vec<usize> {
    let Some(&top) = ranked.first() else {
        return Vec::new();
    };
    if sentences[top].words > budget {
        return vec![top];
    }
    let mut remaining = budget;
    let mut chosen = Vec::new();
    for &i in ranked {
        let words = sentences[i].words;
        if words <= remaining {
            remaining -= words;
            chosen.push(i);
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summarize::tests::sentence;

    fn with_words(words: &[usize]) -> Vec<AnalyzedSentence> {
        words
            .iter()
            .map(|&w| {
                let mut s = sentence(&[]);
                s.words = w;
                s
            })
            .collect()
    }

    const SCORES: [f64; 5] = [0.1, 0.4, 0.2, 0.25, 0.05];

    #[test]
    fn top_k_by_score_ties_by_position() {
        let s = with_words(&[1; 5]);
        let top = select(&s, &SCORES, Budget::Sentences(2), Order::Score);
        assert_eq!(top, vec![1, 3]);
        let tied = [0.2, 0.3, 0.2, 0.3];
        let r = select(&s[..4], &tied, Budget::Sentences(3), Order::Score);
        assert_eq!(r, vec![1, 3, 0]);
    }

    #[test]
    fn order_options() {
        let s = with_words(&[1; 5]);
        let by_doc = select(&s, &SCORES, Budget::Sentences(3), Order::Document);
        assert_eq!(by_doc, vec![1, 2, 3]);
        let by_score = select(&s, &SCORES, Budget::Sentences(3), Order::Score);
        assert_eq!(by_score, vec![1, 3, 2]);
    }

    #[test]
    fn sentence_budget_is_capped_and_never_zero() {
        let s = with_words(&[1; 5]);
        assert_eq!(
            select(&s, &SCORES, Budget::Sentences(0), Order::Score),
            vec![1]
        );
        assert_eq!(
            select(&s, &SCORES, Budget::Sentences(9), Order::Score).len(),
            5
        );
    }

    #[test]
    fn ratio_rounding() {
        assert_eq!(ratio_count(0.3, 5), 2); // 1.5 rounds away from zero
        assert_eq!(ratio_count(0.25, 5), 1); // 1.25
        assert_eq!(ratio_count(0.05, 5), 1); // 0.25 -> at least one
        assert_eq!(ratio_count(0.0, 5), 1);
        assert_eq!(ratio_count(f64::NAN, 5), 1);
        assert_eq!(ratio_count(2.0, 5), 5);
        let s = with_words(&[1; 5]);
        let r = select(&s, &SCORES, Budget::Ratio(0.5), Order::Document);
        assert_eq!(r, vec![1, 2, 3]); // 2.5 -> 3
    }

    #[test]
    fn word_budget_skips_what_does_not_fit() {
        // Ranking 1, 3, 2, 0, 4 with 10, 8, 3, 2, 5 words.
        let s = with_words(&[2, 10, 3, 8, 5]);
        let r = select(&s, &SCORES, Budget::Words(15), Order::Score);
        // 1 (10) fits, 3 (8) does not, 2 (3) fits, 0 (2) fits, 4 (5) does not.
        assert_eq!(r, vec![1, 2, 0]);
        let words: usize = r.iter().map(|&i| s[i].words).sum();
        assert!(words <= 15);
    }

    #[test]
    fn word_budget_first_alone_exceeds() {
        let s = with_words(&[2, 30, 3, 8, 5]);
        let r = select(&s, &SCORES, Budget::Words(12), Order::Document);
        assert_eq!(r, vec![1]);
        assert_eq!(select(&s, &SCORES, Budget::Words(0), Order::Score), vec![1]);
    }

    #[test]
    fn text_sentences_preferred() {
        let mut s = with_words(&[1; 5]);
        s[1].kind = SentenceKind::Heading;
        s[3].kind = SentenceKind::ListItem;
        let r = select(&s, &SCORES, Budget::Sentences(2), Order::Score);
        assert_eq!(r, vec![2, 0]);
        // Only headings and list items: they are all candidates.
        for x in &mut s {
            x.kind = SentenceKind::Heading;
        }
        let r = select(&s, &SCORES, Budget::Sentences(2), Order::Score);
        assert_eq!(r, vec![1, 3]);
    }

    #[test]
    fn empty_input_gives_empty_selection() {
        assert!(select(&[], &[], Budget::Sentences(3), Order::Document).is_empty());
        assert!(select(&[], &[], Budget::Words(3), Order::Document).is_empty());
    }
}
