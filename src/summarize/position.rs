//! The lead prior: news puts its story in the first sentences.
//!
//! Position-blind TextRank loses to the first three sentences on news (CNN/DailyMail),
//! yet a long extract of an article is better chosen by centrality alone (BBC
//! extracts). So centrality is multiplied by `1 + s · exp(−p / LEAD_DECAY)`, where `p`
//! is the sentence's position among the running-text sentences, and the strength `s`
//! fades linearly to nothing as the summary covers more of the article:
//! `s = strength · max(0, 1 − coverage / LEAD_FADE)`. A three-sentence summary of a
//! thirty-sentence story leans on its lede; a summary of 40% of the article does not.

use crate::text::{AnalyzedSentence, SentenceKind};

/// Default strength of the lead prior (`--position-bias`).
pub const DEFAULT_POSITION_BIAS: f64 = 5.0;
/// How fast the prior decays with position, in sentences.
pub const LEAD_DECAY: f64 = 2.0;
/// Summary coverage (chosen / candidate sentences) at which the prior has faded away.
pub const LEAD_FADE: f64 = 0.3;

/// One weight per sentence (1 for none, more for early running text).
pub fn lead_weights(sentences: &[AnalyzedSentence], coverage: f64, strength: f64) -> Vec<f64> {
    let faded = strength * (1.0 - coverage / LEAD_FADE).max(0.0);
    let mut position = 0.0;
    sentences
        .iter()
        .map(|s| {
            if s.kind != SentenceKind::Text {
                return 1.0;
            }
            let weight = 1.0 + faded * (-position / LEAD_DECAY).exp();
            position += 1.0;
            weight
        })
        .collect()
}

/// Multiplies `scores` by the lead weights and renormalises them to sum to 1.
pub fn apply_lead_prior(
    scores: &mut [f64],
    sentences: &[AnalyzedSentence],
    coverage: f64,
    strength: f64,
) {
    if strength <= 0.0 || coverage >= LEAD_FADE {
        return;
    }
    for (score, weight) in scores
        .iter_mut()
        .zip(lead_weights(sentences, coverage, strength))
    {
        *score *= weight;
    }
    super::rank::normalize(scores);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summarize::tests::sentences;

    #[test]
    fn early_text_sentences_weigh_more_and_headings_do_not_count() {
        let mut s = sentences(&[&["t"], &["a"], &["b"], &["c"]]);
        s[0].kind = SentenceKind::Heading;
        let w = lead_weights(&s, 0.0, 5.0);
        assert_eq!(w[0], 1.0);
        assert!((w[1] - 6.0).abs() < 1e-12, "first body sentence: 1 + 5");
        assert!(w[1] > w[2] && w[2] > w[3] && w[3] > 1.0);
    }

    #[test]
    fn the_prior_fades_with_coverage() {
        let s = sentences(&[&["a"], &["b"]]);
        let short = lead_weights(&s, 0.1, 5.0)[0];
        let longer = lead_weights(&s, 0.2, 5.0)[0];
        assert!(short > longer && longer > 1.0);
        assert_eq!(lead_weights(&s, LEAD_FADE, 5.0), vec![1.0, 1.0]);
        let mut scores = vec![0.5, 0.5];
        apply_lead_prior(&mut scores, &s, 0.4, 5.0);
        assert_eq!(scores, vec![0.5, 0.5]);
        apply_lead_prior(&mut scores, &s, 0.0, 5.0);
        assert!(scores[0] > scores[1]);
        assert!((scores.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn weights_decay_by_e_every_two_positions() {
        let s = sentences(&[&["a"], &["b"], &["c"]]);
        let w = lead_weights(&s, 0.0, 5.0);
        let expected = [
            6.0,
            1.0 + 5.0 * (-0.5f64).exp(),
            1.0 + 5.0 * (-1.0f64).exp(),
        ];
        for (got, want) in w.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{w:?}");
        }
    }

    #[test]
    fn scores_are_multiplied_by_the_weights_then_normalised() {
        let s = sentences(&[&["a"], &["b"]]);
        let mut scores = vec![0.25, 0.75];
        apply_lead_prior(&mut scores, &s, 0.0, 5.0);
        let w = lead_weights(&s, 0.0, 5.0);
        let total = 0.25 * w[0] + 0.75 * w[1];
        assert!(
            (scores[0] - 0.25 * w[0] / total).abs() < 1e-12,
            "{scores:?}"
        );
        assert!(
            (scores[1] - 0.75 * w[1] / total).abs() < 1e-12,
            "{scores:?}"
        );
    }

    #[test]
    fn without_a_prior_the_scores_are_left_untouched() {
        let s = sentences(&[&["a"], &["b"]]);
        let mut scores = vec![1.0, 3.0];
        apply_lead_prior(&mut scores, &s, 0.0, 0.0);
        assert_eq!(scores, vec![1.0, 3.0], "no strength: not even renormalised");
        apply_lead_prior(&mut scores, &s, LEAD_FADE, 5.0);
        assert_eq!(scores, vec![1.0, 3.0], "faded away: not even renormalised");
    }
}
