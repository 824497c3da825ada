//! Repeated sentences: pairs of body sentences whose distinct content stems overlap by
//! a binary cosine (|A ∩ B| / √(|A|·|B|)) at or above a threshold, the measure
//! summaries already use to skip redundant sentences. Identical sentences (the same
//! folded words, [`Words::Folded`](crate::text::words::Words::Folded): case and
//! punctuation ignored, as in comparisons with the archive) are flagged as such.
//!
//! Pairs are not found by comparing every sentence with every other (a draft of
//! 40,000 sentences would be 800 million comparisons) but through `candidates`:
//! copies of a sentence are grouped by hash and paired with the first copy only, and
//! the other sentences are compared with the earlier sentences that share a stem of
//! their *prefix*. With the stems of each sentence ordered rarest first, two sentences
//! at binary cosine t share at least ⌈t²·|A|⌉ stems, so they share one among the first
//! |A| - ⌈t²·|A|⌉ + 1 stems of each (prefix filtering, as in all-pairs similarity
//! joins): below the [`RepetitionLimits`](super::RepetitionLimits) no pair is missed.

use super::candidates::{fx_hash, keep_best, Copies, TermIndex};
use super::within::{Draft, RepeatedSentences, RepetitionOptions};

/// Sentence pairs at or above the threshold, most similar first, then in draft order.
pub(crate) fn repeated_sentences(
    draft: &Draft,
    options: &RepetitionOptions,
) -> Vec<RepeatedSentences> {
    let limits = options.limits;
    let threshold = options.sentence_threshold;
    let mut copies = Copies::new();
    let mut index = TermIndex::new(draft.stems, draft.terms.len());
    let mut marks = Marks::new(draft.stems);
    let mut candidates = Vec::new();
    let mut found = Vec::new();
    let eligible = (0..draft.terms.len()).filter(|&i| {
        draft.included[i] && draft.terms[i].len() >= options.min_sentence_terms.max(1)
    });
    for i in eligible {
        let terms = &draft.terms[i];
        let words = draft.words(i);
        let key = (terms, fx_hash(&words));
        if let Some(first) = copies.first_copy(key, i, |first| draft.words(first) == words) {
            found.push(repeat(draft, first, i, true));
            continue;
        }
        let prefix = &terms[..prefix_len(terms.len(), threshold)];
        index.candidates(i, prefix, limits.max_candidates, &mut candidates);
        marks.set(i, terms);
        let mut similar: Vec<(f64, usize)> = candidates
            .iter()
            .map(|&j| (marks.cosine(&draft.terms[j as usize]), j as usize))
            .filter(|&(similarity, _)| similarity > 0.0 && similarity >= threshold)
            .collect();
        keep_best(&mut similar, limits.max_partners);
        found.extend(
            similar
                .into_iter()
                .map(|(_, j)| repeat(draft, j, i, draft.identical(j, i))),
        );
        index.add(i, prefix);
    }
    found.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then((x.first.index, x.second.index).cmp(&(y.first.index, y.second.index)))
    });
    found
}

/// One sentence's stems marked over every rank, so that its overlap with another
/// sentence is one pass over the other's stems instead of a merge.
struct Marks {
    /// The sentence (plus one) that last marked each rank.
    marked: Vec<u32>,
    stamp: u32,
    len: usize,
}

impl Marks {
    fn new(ranks: usize) -> Self {
        Marks {
            marked: vec![0; ranks],
            stamp: 0,
            len: 0,
        }
    }

    fn set(&mut self, sentence: usize, terms: &[u32]) {
        self.stamp = sentence as u32 + 1;
        self.len = terms.len();
        terms
            .iter()
            .for_each(|&t| self.marked[t as usize] = self.stamp);
    }

    /// [`crate::sorted::binary_cosine`] of `other` and the marked stems, to the bit.
    fn cosine(&self, other: &[u32]) -> f64 {
        if self.len == 0 || other.is_empty() {
            return 0.0;
        }
        let shared = other
            .iter()
            .filter(|&&t| self.marked[t as usize] == self.stamp)
            .count();
        shared as f64 / ((other.len() * self.len) as f64).sqrt()
    }
}

fn repeat(draft: &Draft, first: usize, second: usize, identical: bool) -> RepeatedSentences {
    RepeatedSentences {
        first: draft.sentence(first),
        second: draft.sentence(second),
        similarity: draft.overlap(first, second),
        identical,
    }
}

/// How many of a sentence's `n` stems, rarest first, must be indexed and probed so
/// that no pair at binary cosine `threshold` or more is missed: n - ⌈t²·n⌉ + 1, the
/// overlap needed being at least t²·n (the other sentence has at least t²·n stems,
/// and they share t·√(n·m) ≥ t²·n). Rounding errs towards a longer prefix: more
/// candidates, never a missed pair.
fn prefix_len(n: usize, threshold: f64) -> usize {
    let t = threshold.max(0.0);
    let needed = (t * t * n as f64 - 1e-9).ceil().max(1.0);
    if needed > n as f64 {
        return 0;
    }
    n + 1 - needed as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::candidates::random;
    use crate::check::RepetitionLimits;
    use crate::sorted::binary_cosine;
    use crate::text::analyze;

    /// (first, second, identical, similarity bits) of each pair.
    type Pairs = Vec<(usize, usize, bool, u64)>;

    fn found(text: &str, options: &RepetitionOptions) -> Pairs {
        let doc = analyze(text, &options.analysis);
        let draft = Draft::new(text, &doc, options);
        repeated_sentences(&draft, options)
            .iter()
            .map(|r| {
                let bits = r.similarity.to_bits();
                (r.first.index, r.second.index, r.identical, bits)
            })
            .collect()
    }

    /// Every pair of compared sentences, on the analyzer's own term sets; a later copy
    /// of a sentence is paired with its first copy alone.
    fn every_pair(text: &str, options: &RepetitionOptions) -> Pairs {
        let doc = analyze(text, &options.analysis);
        let draft = Draft::new(text, &doc, options);
        let sets: Vec<Vec<_>> = doc
            .sentences
            .iter()
            .map(|s| {
                let mut set = s.terms.clone();
                set.sort_unstable();
                set.dedup();
                set
            })
            .collect();
        let eligible: Vec<usize> = (0..sets.len())
            .filter(|&i| draft.included[i] && sets[i].len() >= options.min_sentence_terms)
            .collect();
        let copy_of = |j: usize| {
            eligible
                .iter()
                .copied()
                .take_while(|&i| i < j)
                .find(|&i| sets[i] == sets[j] && draft.identical(i, j))
        };
        let mut pairs = Vec::new();
        for (b, &j) in eligible.iter().enumerate() {
            if let Some(i) = copy_of(j) {
                pairs.push((1.0, i, j, true));
                continue;
            }
            for &i in eligible[..b].iter().filter(|&&i| copy_of(i).is_none()) {
                let similarity = binary_cosine(&sets[i], &sets[j]);
                if similarity > 0.0 && similarity >= options.sentence_threshold {
                    pairs.push((similarity, i, j, draft.identical(i, j)));
                }
            }
        }
        pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        let most = pairs
            .iter()
            .map(|p| p.2)
            .fold(vec![0; sets.len()], |mut n, j| {
                n[j] += 1;
                n
            });
        let limits = RepetitionLimits::default();
        assert!(most.iter().all(|&n| n < limits.max_partners));
        assert!(sets.len() < limits.max_candidates);
        pairs
            .into_iter()
            .map(|(s, i, j, identical)| (i, j, identical, s.to_bits()))
            .collect()
    }

    #[test]
    fn sentence_pairs_equal_every_pair_on_random_drafts() {
        let mut compared = 0;
        for threshold in [0.7, 0.5, 0.95] {
            let options = RepetitionOptions {
                sentence_threshold: threshold,
                ..Default::default()
            };
            for seed in 0..150 {
                let text = random::draft(seed);
                let expected = every_pair(&text, &options);
                compared += expected.len();
                assert_eq!(found(&text, &options), expected, "seed {seed}: {text}");
            }
        }
        assert!(compared > 1000, "the drafts repeat too little: {compared}");
    }

    #[test]
    fn a_sentence_said_k_times_gives_k_minus_one_pairs_against_the_first() {
        let said = "The harbour authority approved the dredging contract on Monday.";
        let mut text = String::from("Fishermen fear for the eastern pier. ");
        for k in 0..200 {
            text.push_str(said);
            text.push_str(if k % 3 == 0 { "\n\n" } else { " " });
        }
        let pairs = found(&text, &RepetitionOptions::default());
        assert_eq!(pairs.len(), 199);
        let expected: Pairs = (2..=200).map(|j| (1, j, true, 1f64.to_bits())).collect();
        assert_eq!(pairs, expected);
    }

    /// Pseudo-words that no other sentence of a test uses.
    fn filler(rng: &mut random::Rng, sentences: usize) -> String {
        let mut text = String::new();
        for _ in 0..sentences {
            let words: Vec<String> = (0..6).map(|_| format!("w{}x", rng.below(5000))).collect();
            text.push_str(&format!("Q{}. ", words.join(" ")));
        }
        text
    }

    #[test]
    fn a_sentence_with_one_word_changed_is_found_among_thousands() {
        let mut rng = random::Rng::new(7);
        let text = format!(
            "The harbour authority approved the new dredging contract for the eastern pier. {}\
             The harbour authority approved the new dredging contract for the western pier.",
            filler(&mut rng, 3000)
        );
        let pairs = found(&text, &RepetitionOptions::default());
        let last = 3001;
        let pair = pairs.iter().find(|p| p.0 == 0 && p.1 == last);
        let (_, _, identical, bits) = *pair.unwrap_or_else(|| panic!("{pairs:?}"));
        assert!(!identical);
        assert_eq!(f64::from_bits(bits), 7.0 / 8.0);
    }

    #[test]
    fn a_sentence_keeps_its_most_similar_partners_at_the_limit() {
        let text = "Council approves budget for roads schools. \
                    Council approves budget for roads bridges. \
                    Council approves budget for roads rivers. \
                    Council approves budget for roads schools bridges.";
        let mut options = RepetitionOptions::default();
        let all = found(text, &options);
        assert_eq!(all.iter().filter(|p| p.1 == 3).count(), 3, "{all:?}");
        options.limits.max_partners = 2;
        let kept: Vec<(usize, usize)> = found(text, &options)
            .iter()
            .filter(|p| p.1 == 3)
            .map(|p| (p.0, p.1))
            .collect();
        // Sentences 0 and 1 share 5 of the last one's 6 stems, sentence 2 only 4.
        assert_eq!(kept, [(0, 3), (1, 3)]);
    }

    #[test]
    fn sentences_that_all_repeat_each_other_are_reported_linearly() {
        // 400 random orders of the same six stems (a few twice): every pair at 1.0.
        let words = [
            "council", "approves", "budget", "roads", "schools", "bridges",
        ];
        let mut rng = random::Rng::new(11);
        let mut text = String::new();
        for _ in 0..400 {
            let mut order = words.to_vec();
            for k in (1..order.len()).rev() {
                order.swap(k, rng.below(k + 1));
            }
            text.push_str(&format!("Q {}. ", order.join(" ")));
        }
        let pairs = found(&text, &RepetitionOptions::default());
        let limit = RepetitionLimits::default().max_partners;
        let mut partners = vec![0; 400];
        pairs.iter().for_each(|p| partners[p.1] += 1);
        assert!(partners.iter().all(|&n| n <= limit));
        assert!(
            pairs.len() <= 400 * limit && pairs.len() > 300 * limit,
            "{}",
            pairs.len()
        );
    }

    #[test]
    fn prefixes_are_long_enough_for_the_threshold() {
        // n - ⌈t²·n⌉ + 1, never shorter, and nothing to look for when t > 1.
        assert_eq!(prefix_len(10, 0.7), 6);
        assert_eq!(prefix_len(100, 0.7), 52);
        assert_eq!(prefix_len(3, 0.7), 2);
        assert_eq!(prefix_len(1, 0.7), 1);
        assert_eq!(prefix_len(4, 0.0), 4);
        assert_eq!(prefix_len(4, 1.0), 1);
        assert_eq!(prefix_len(4, 1.5), 0);
    }
}
