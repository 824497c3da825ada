//! The sentence pairs listed under a pair of redundant paragraphs: the pairs across
//! the two that overlap most, matched greedily so that a sentence is listed once.
//!
//! Paragraphs of a few dozen sentences compare every pair. Longer ones (a text without
//! blank lines) would make millions of comparisons for a list of three, so each
//! sentence of the shorter paragraph is compared with the few sentences of the longer
//! one that share its rarest stems, found through a [`SentenceIndex`] of the draft.

use std::cell::OnceCell;

use super::paragraphs::SentenceOverlap;
use super::within::{Draft, RepetitionOptions};

/// Most sentence pairs of two paragraphs compared one by one when listing their
/// overlapping sentences. Longer paragraphs (a text without blank lines) would make
/// millions of comparisons for a list of three: their sentences are matched through
/// a [`SentenceIndex`] instead.
const MAX_SENTENCE_PAIRS: usize = 1 << 12;
/// Most sentences of the other paragraph a sentence is compared with through the
/// index, found by its rarest stems.
const MAX_SENTENCE_CANDIDATES: usize = 32;

/// The most overlapping sentence pairs across two paragraphs, matched greedily so a
/// sentence is listed once, with its best partner still free.
pub(crate) fn overlapping(
    draft: &Draft,
    index: &OnceCell<SentenceIndex>,
    first: &[usize],
    second: &[usize],
    options: &RepetitionOptions,
) -> Vec<SentenceOverlap> {
    let pairs = if first.len() * second.len() <= MAX_SENTENCE_PAIRS {
        every_pair(draft, first, second)
    } else {
        let index = index.get_or_init(|| SentenceIndex::new(draft));
        indexed_pairs(draft, index, first, second)
    };
    choose(draft, pairs, options)
}

/// Each sentence pair across the two paragraphs with its overlap.
fn every_pair(draft: &Draft, first: &[usize], second: &[usize]) -> Vec<(f64, usize, usize)> {
    first
        .iter()
        .flat_map(|&i| second.iter().map(move |&j| (draft.overlap(i, j), i, j)))
        .collect()
}

/// The most overlapping of `pairs`, each sentence once.
fn choose(
    draft: &Draft,
    mut pairs: Vec<(f64, usize, usize)>,
    options: &RepetitionOptions,
) -> Vec<SentenceOverlap> {
    pairs.retain(|p| p.0 > 0.0 && p.0 >= options.min_sentence_overlap);
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut used_first, mut used_second) = (Vec::new(), Vec::new());
    let mut chosen = Vec::new();
    for (similarity, i, j) in pairs {
        if chosen.len() >= options.max_overlapping_sentences {
            break;
        }
        if used_first.contains(&i) || used_second.contains(&j) {
            continue;
        }
        used_first.push(i);
        used_second.push(j);
        chosen.push(SentenceOverlap {
            first: draft.sentence(i),
            second: draft.sentence(j),
            similarity,
        });
    }
    chosen
}

/// The sentence pairs across two long paragraphs worth comparing: each sentence of
/// the shorter one with the sentences of the longer one that share its rarest stems.
fn indexed_pairs(
    draft: &Draft,
    index: &SentenceIndex,
    first: &[usize],
    second: &[usize],
) -> Vec<(f64, usize, usize)> {
    let flipped = first.len() > second.len();
    let (probes, other) = if flipped {
        (second, first)
    } else {
        (first, second)
    };
    let (Some(&lo), Some(&hi)) = (other.first(), other.last()) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    let mut found = Vec::new();
    for &i in probes {
        index.within(&draft.terms[i], lo, hi, &mut found);
        for &j in &found {
            let (a, b) = if flipped { (j, i) } else { (i, j) };
            pairs.push((draft.overlap(a, b), a, b));
        }
    }
    pairs
}

/// The compared sentences of the draft by stem (rank), in draft order.
pub(crate) struct SentenceIndex {
    postings: Vec<Vec<usize>>,
}

impl SentenceIndex {
    fn new(draft: &Draft) -> Self {
        let mut postings = vec![Vec::new(); draft.stems];
        for (i, terms) in draft.terms.iter().enumerate() {
            if draft.included[i] {
                terms.iter().for_each(|&t| postings[t as usize].push(i));
            }
        }
        SentenceIndex { postings }
    }

    /// Up to [`MAX_SENTENCE_CANDIDATES`] distinct sentences numbered `lo..=hi` that
    /// hold one of `terms`, read in order (rarest first), into `out`.
    fn within(&self, terms: &[u32], lo: usize, hi: usize, out: &mut Vec<usize>) {
        out.clear();
        for &term in terms {
            let list = &self.postings[term as usize];
            let from = list.partition_point(|&s| s < lo);
            for &s in list[from..].iter().take_while(|&&s| s <= hi) {
                if out.len() >= MAX_SENTENCE_CANDIDATES {
                    return;
                }
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    /// Two paragraphs of 300 sentences each, words never shared but in three planted
    /// pairs of near-identical sentences.
    fn long_paragraphs() -> String {
        let mut next = 0;
        let mut fresh = |n: usize| {
            let words: Vec<String> = (next..next + n).map(|k| format!("w{k}x")).collect();
            next += n;
            format!("Q{}.", words.join(" "))
        };
        let planted = [
            ("Harbour dredging contract approved for eastern pier.", 40),
            ("Fishermen protest quota cuts outside council offices.", 170),
            ("Storm damage closes coastal railway for three weeks.", 260),
        ];
        let mut first: Vec<String> = (0..300).map(|_| fresh(5)).collect();
        let mut second: Vec<String> = (0..300).map(|_| fresh(5)).collect();
        for (k, (sentence, at)) in planted.iter().enumerate() {
            first[*at] = sentence.to_string();
            second[(at + 97 * (k + 1)) % 300] = sentence.replace('.', " today.");
        }
        format!("{}\n\n{}", first.join(" "), second.join(" "))
    }

    #[test]
    fn long_paragraphs_list_the_overlaps_that_every_pair_would() {
        let text = long_paragraphs();
        let options = RepetitionOptions::default();
        let doc = analyze(&text, &options.analysis);
        let draft = Draft::new(&text, &doc, &options);
        let members: Vec<Vec<usize>> = (0..2)
            .map(|p| {
                (0..doc.sentences.len())
                    .filter(|&i| doc.sentences[i].paragraph == p)
                    .collect()
            })
            .collect();
        assert!(members[0].len() * members[1].len() > MAX_SENTENCE_PAIRS);
        let index = OnceCell::new();
        let listed = overlapping(&draft, &index, &members[0], &members[1], &options);
        assert!(
            index.get().is_some(),
            "the long pair went through the index"
        );
        let every = choose(
            &draft,
            every_pair(&draft, &members[0], &members[1]),
            &options,
        );
        assert_eq!(listed, every);
        assert_eq!(listed.len(), 3);
        assert!(listed.iter().all(|o| o.similarity > 0.9));
    }
}
