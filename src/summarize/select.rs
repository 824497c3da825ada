//! Selection: turning per-sentence scores into the chosen sentences under a budget,
//! in the requested output order.
//!
//! Candidates come in tiers, and a lower tier is used only when the ones above are
//! exhausted: running-text sentences of ordinary length first; then fragments (under
//! [`MIN_WORDS`] words) and run-ons (over [`MAX_WORDS`]); headings, list items,
//! datelines and bylines only when the document has no running text at all. Within a
//! tier the best score wins, ties going to the earlier sentence. A sentence that
//! repeats one already chosen ([`Redundancy`]) is skipped.

use super::redundancy::Redundancy;
use super::{Budget, Order};
use crate::text::{AnalyzedSentence, SentenceKind};

/// Running text shorter than this is a fragment ("Thank you.", "Read more").
pub const MIN_WORDS: usize = 4;
/// Running text longer than this is a run-on (often a mis-split list or table).
pub const MAX_WORDS: usize = 80;

/// 0 for preferred sentences, 1 for fragments and run-ons, 2 for other units.
fn tier(sentence: &AnalyzedSentence) -> u8 {
    if sentence.kind != SentenceKind::Text {
        2
    } else if sentence.words < MIN_WORDS || sentence.words > MAX_WORDS {
        1
    } else {
        0
    }
}

/// Candidate sentences, best first: by tier, then descending score, then position.
/// Non-text units are candidates only in a document without running text.
pub fn ranking(sentences: &[AnalyzedSentence], scores: &[f64]) -> Vec<usize> {
    let has_text = sentences.iter().any(|s| s.kind == SentenceKind::Text);
    let mut order: Vec<usize> = (0..sentences.len())
        .filter(|&i| !has_text || sentences[i].kind == SentenceKind::Text)
        .collect();
    order.sort_by(|&a, &b| {
        tier(&sentences[a])
            .cmp(&tier(&sentences[b]))
            .then(scores[b].total_cmp(&scores[a]))
            .then(a.cmp(&b))
    });
    order
}

/// Chooses sentences within `budget`, skipping repeats when `redundancy` is given,
/// and returns them in `order`. Never empty when there is at least one sentence.
pub fn select(
    sentences: &[AnalyzedSentence],
    scores: &[f64],
    budget: Budget,
    order: Order,
    redundancy: Option<&Redundancy>,
) -> Vec<usize> {
    let ranked = ranking(sentences, scores);
    let repeats = |i: usize, chosen: &[usize]| redundancy.is_some_and(|r| r.repeats(i, chosen));
    let mut chosen = match budget {
        Budget::Sentences(k) => take_top(&ranked, k, repeats),
        Budget::Ratio(r) => take_top(&ranked, ratio_count(r, sentences.len()), repeats),
        Budget::Words(w) => fit_words(sentences, &ranked, w, repeats),
    };
    if order == Order::Document {
        chosen.sort_unstable();
    }
    chosen
}

/// The first `k` (at least one) of `ranked` that repeat nothing chosen before them.
fn take_top(ranked: &[usize], k: usize, repeats: impl Fn(usize, &[usize]) -> bool) -> Vec<usize> {
    let mut chosen = Vec::with_capacity(k.max(1));
    for &i in ranked {
        if chosen.len() >= k.max(1) {
            break;
        }
        if !repeats(i, &chosen) {
            chosen.push(i);
        }
    }
    chosen
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
/// repeats nothing chosen, skipping the others. If the top-ranked sentence alone is
/// over budget it is returned by itself: the most central sentence beats an empty or
/// off-centre summary.
fn fit_words(
    sentences: &[AnalyzedSentence],
    ranked: &[usize],
    budget: usize,
    repeats: impl Fn(usize, &[usize]) -> bool,
) -> Vec<usize> {
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
        if words <= remaining && !repeats(i, &chosen) {
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
        let top = select(&s, &SCORES, Budget::Sentences(2), Order::Score, None);
        assert_eq!(top, vec![1, 3]);
        let tied = [0.2, 0.3, 0.2, 0.3];
        let r = select(&s[..4], &tied, Budget::Sentences(3), Order::Score, None);
        assert_eq!(r, vec![1, 3, 0]);
    }

    #[test]
    fn order_options() {
        let s = with_words(&[1; 5]);
        let by_doc = select(&s, &SCORES, Budget::Sentences(3), Order::Document, None);
        assert_eq!(by_doc, vec![1, 2, 3]);
        let by_score = select(&s, &SCORES, Budget::Sentences(3), Order::Score, None);
        assert_eq!(by_score, vec![1, 3, 2]);
    }

    #[test]
    fn sentence_budget_is_capped_and_never_zero() {
        let s = with_words(&[1; 5]);
        assert_eq!(
            select(&s, &SCORES, Budget::Sentences(0), Order::Score, None),
            vec![1]
        );
        assert_eq!(
            select(&s, &SCORES, Budget::Sentences(9), Order::Score, None).len(),
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
        let r = select(&s, &SCORES, Budget::Ratio(0.5), Order::Document, None);
        assert_eq!(r, vec![1, 2, 3]); // 2.5 -> 3
    }

    #[test]
    fn word_budget_skips_what_does_not_fit() {
        // Ranking 1, 3, 2, 0, 4 with 10, 9, 4, 4, 5 words.
        let s = with_words(&[4, 10, 4, 9, 5]);
        let r = select(&s, &SCORES, Budget::Words(18), Order::Score, None);
        // 1 (10) fits, 3 (9) does not, 2 (4) fits, 0 (4) fits, 4 (5) does not.
        assert_eq!(r, vec![1, 2, 0]);
        let words: usize = r.iter().map(|&i| s[i].words).sum();
        assert!(words <= 18);
    }

    #[test]
    fn word_budget_first_alone_exceeds() {
        let s = with_words(&[2, 30, 3, 8, 5]);
        let r = select(&s, &SCORES, Budget::Words(12), Order::Document, None);
        assert_eq!(r, vec![1]);
        assert_eq!(
            select(&s, &SCORES, Budget::Words(0), Order::Score, None),
            vec![1]
        );
    }

    #[test]
    fn text_sentences_preferred() {
        let mut s = with_words(&[1; 5]);
        s[1].kind = SentenceKind::Heading;
        s[3].kind = SentenceKind::ListItem;
        let r = select(&s, &SCORES, Budget::Sentences(2), Order::Score, None);
        assert_eq!(r, vec![2, 0]);
        // Only headings and list items: they are all candidates.
        for x in &mut s {
            x.kind = SentenceKind::Heading;
        }
        let r = select(&s, &SCORES, Budget::Sentences(2), Order::Score, None);
        assert_eq!(r, vec![1, 3]);
    }

    #[test]
    fn fragments_and_run_ons_only_fill_in() {
        // Sentence 1 scores best but is a fragment, 3 is a run-on.
        let s = with_words(&[6, 2, 7, MAX_WORDS + 1, 5]);
        let r = select(&s, &SCORES, Budget::Sentences(3), Order::Score, None);
        assert_eq!(r, vec![2, 0, 4]);
        let r = select(&s, &SCORES, Budget::Sentences(4), Order::Score, None);
        assert_eq!(
            r,
            vec![2, 0, 4, 1],
            "exhausted preferred tier, then the rest"
        );
    }

    #[test]
    fn repeats_are_skipped_but_never_leave_the_summary_empty() {
        use crate::summarize::tests::sentences;
        let mut s = sentences(&[
            &["niger", "welcom", "instructor"],
            &["troop", "train"],
            &["niger", "welcom", "instructor"],
        ]);
        for x in &mut s {
            x.words = 6;
        }
        let scores = [0.4, 0.2, 0.4];
        let table = crate::summarize::graph::TermTable::new(&s);
        let redundancy = Redundancy::new(&table, 0.6);
        let r = select(
            &s,
            &scores,
            Budget::Sentences(2),
            Order::Document,
            Some(&redundancy),
        );
        assert_eq!(r, vec![0, 1], "the repeated lede appears once");
        let r = select(&s, &scores, Budget::Sentences(2), Order::Document, None);
        assert_eq!(r, vec![0, 2]);
        let r = select(
            &s[..1],
            &scores[..1],
            Budget::Words(1),
            Order::Document,
            Some(&redundancy),
        );
        assert_eq!(r, vec![0]);
    }

    #[test]
    fn tiers_change_exactly_at_the_fragment_and_run_on_limits() {
        let sentences = with_words(&[MIN_WORDS - 1, MIN_WORDS, MAX_WORDS, MAX_WORDS + 1]);
        let tiers: Vec<u8> = sentences.iter().map(tier).collect();
        assert_eq!(tiers, [1, 0, 0, 1]);
    }

    #[test]
    fn a_sentence_that_exactly_fills_the_word_budget_is_taken() {
        let sentences = with_words(&[5, 6, 4]);
        let scores = [0.5, 0.3, 0.2];
        let r = select(&sentences, &scores, Budget::Words(11), Order::Score, None);
        assert_eq!(r, vec![0, 1]);
    }

    #[test]
    fn the_walk_goes_on_after_a_top_sentence_that_exactly_fills_the_budget() {
        // Only a unit without words still fits after the top one fills the budget.
        let sentences = with_words(&[5, 0]);
        let scores = [0.9, 0.1];
        let r = select(&sentences, &scores, Budget::Words(5), Order::Score, None);
        assert_eq!(r, vec![0, 1]);
    }

    #[test]
    fn empty_input_gives_empty_selection() {
        assert!(select(&[], &[], Budget::Sentences(3), Order::Document, None).is_empty());
        assert!(select(&[], &[], Budget::Words(3), Order::Document, None).is_empty());
    }
}
