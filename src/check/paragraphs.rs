//! Redundant paragraphs: pairs of paragraphs that restate each other.
//!
//! A paragraph is the bag of content stems of its body sentences, weighted by TF-IDF
//! with the draft's own paragraphs as the collection. The collection matters: every
//! paragraph of a story about Niger says "Niger", so shared topic words weigh little
//! and only a restated argument (the same less common stems again) scores high.
//! Two paragraphs are redundant when the cosine of their vectors reaches the
//! threshold; each pair lists the sentence pairs across them that overlap most.
//!
//! Copies of a paragraph (the same words) are paired with the first copy only; other
//! paragraphs are compared with the earlier ones that share a stem, found through an
//! inverted index rarest stem first (see `candidates`). A positive cosine needs a
//! shared stem, so below the [`RepetitionLimits`](super::RepetitionLimits) every
//! pair is found.

use std::cell::OnceCell;

use serde::Serialize;

use super::candidates::{fx_hash, keep_best, Copies, Rows, TermIndex};
use super::overlap::overlapping;
use super::within::{Draft, ParagraphRef, RepetitionOptions, SentenceRef};

/// Two paragraphs that restate each other; `first` comes first in the draft.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RedundantParagraphs {
    /// The earlier paragraph.
    pub first: ParagraphRef,
    /// The later paragraph.
    pub second: ParagraphRef,
    /// Cosine of their TF-IDF vectors, in (0, 1].
    pub similarity: f64,
    /// The sentence pairs across the two paragraphs that overlap most, most similar
    /// first; each sentence appears at most once.
    pub overlapping_sentences: Vec<SentenceOverlap>,
}

/// A sentence of one paragraph and the sentence of the other it overlaps most with.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SentenceOverlap {
    /// The sentence of the earlier paragraph.
    pub first: SentenceRef,
    /// The sentence of the later paragraph.
    pub second: SentenceRef,
    /// Binary cosine of their distinct content stems.
    pub similarity: f64,
}

/// A unit-length sparse vector, sorted by term number (see [`tfidf_vectors`]).
type Vector = [(u32, f64)];

/// Paragraph pairs at or above the threshold, most similar first.
pub(crate) fn redundant_paragraphs(
    draft: &Draft,
    options: &RepetitionOptions,
) -> Vec<RedundantParagraphs> {
    let members = paragraph_members(draft);
    let (vectors, df) = tfidf_vectors(draft, &members);
    let index = OnceCell::new();
    let pairs = similar_pairs(draft, &members, &vectors, &df, options);
    let mut found: Vec<RedundantParagraphs> = pairs
        .into_iter()
        .map(|(similarity, a, b)| RedundantParagraphs {
            first: paragraph(draft, a),
            second: paragraph(draft, b),
            similarity,
            overlapping_sentences: overlapping(draft, &index, &members[a], &members[b], options),
        })
        .collect();
    found.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then((x.first.index, x.second.index).cmp(&(y.first.index, y.second.index)))
    });
    found
}

/// Pairs (similarity, earlier, later) of paragraphs at or above the threshold, each
/// paragraph with at most `max_partners` earlier ones.
fn similar_pairs(
    draft: &Draft,
    members: &Rows<usize>,
    vectors: &Rows<(u32, f64)>,
    df: &[u32],
    options: &RepetitionOptions,
) -> Vec<(f64, usize, usize)> {
    let limits = options.limits;
    let redundant = |s: f64| s > 0.0 && s >= options.paragraph_threshold;
    let mut copies = Copies::new();
    let mut index = TermIndex::new(df.len(), vectors.len());
    let mut dense = Dense::new(df.len());
    let (mut candidates, mut found) = (Vec::new(), Vec::new());
    for (b, vector) in vectors.iter().enumerate() {
        if vector.is_empty() {
            continue;
        }
        dense.set(vector);
        let words = words(draft, &members[b]);
        let same = |a: usize| vectors[a] == *vector && self::words(draft, &members[a]) == words;
        if let Some(a) = copies.first_copy(fx_hash(&words), b, same) {
            let similarity = dense.dot(&vectors[a]);
            if redundant(similarity) {
                found.push((similarity, a, b));
            }
            continue;
        }
        // Rarest stems first: what restating paragraphs share beyond the topic.
        let mut terms: Vec<u32> = vector.iter().map(|e| e.0).collect();
        terms.sort_unstable_by_key(|&t| (df[t as usize], t));
        index.candidates(b, &terms, limits.max_candidates, &mut candidates);
        let mut similar: Vec<(f64, usize)> = candidates
            .iter()
            .map(|&a| (dense.dot(&vectors[a as usize]), a as usize))
            .filter(|&(similarity, _)| redundant(similarity))
            .collect();
        keep_best(&mut similar, limits.max_partners);
        found.extend(
            similar
                .into_iter()
                .map(|(similarity, a)| (similarity, a, b)),
        );
        index.add(b, &terms);
    }
    found
}

/// One paragraph's vector spread over every term number, so that its dot product
/// with another vector is one pass over the other's terms instead of a merge.
struct Dense {
    weights: Vec<f64>,
    terms: Vec<u32>,
}

impl Dense {
    fn new(terms: usize) -> Self {
        Dense {
            weights: vec![0.0; terms],
            terms: Vec::new(),
        }
    }

    fn set(&mut self, vector: &Vector) {
        for &t in &self.terms {
            self.weights[t as usize] = 0.0;
        }
        self.terms.clear();
        for &(t, w) in vector {
            self.weights[t as usize] = w;
            self.terms.push(t);
        }
    }

    /// The dot product with `other`, equal to the last bit to [`dot`] of `other` and
    /// the vector set: the same products, added in the same (term) order, and the
    /// terms the vector lacks add +0.0, which changes no sum of non-negative terms.
    fn dot(&self, other: &Vector) -> f64 {
        let sum: f64 = other
            .iter()
            .map(|&(t, w)| w * self.weights[t as usize])
            .fold(0.0, |sum, product| sum + product);
        sum.min(1.0)
    }
}

/// The hashes of the words of a paragraph's compared sentences.
fn words(draft: &Draft, sentences: &[usize]) -> Vec<u64> {
    sentences.iter().flat_map(|&i| draft.words(i)).collect()
}

fn paragraph(draft: &Draft, index: usize) -> ParagraphRef {
    ParagraphRef {
        index,
        span: draft.doc.paragraphs[index].span,
    }
}

/// The compared sentences of each paragraph, in order.
fn paragraph_members(draft: &Draft) -> Rows<usize> {
    let mut members = Rows::new();
    let mut sentences = draft.doc.sentences.iter().enumerate().peekable();
    for p in 0..draft.doc.paragraphs.len() {
        while let Some((i, _)) = sentences.next_if(|(_, s)| s.paragraph == p) {
            if draft.included[i] {
                members.push(i);
            }
        }
        members.end_row();
    }
    members
}

/// TF-IDF vectors of the paragraphs: sublinear term frequency (a stem said three
/// times in one paragraph is not three times the restatement) and idf
/// ln((1 + N) / df) over the N paragraphs that have any terms. Unlike the usual
/// "+ 1" smoothing, a stem found in every paragraph weighs almost nothing: on the
/// BBC development articles this halves the share of normal articles flagged at the
/// level where the briefing article's restatements are found, while two paragraphs
/// of a two-paragraph draft still compare (ln 1.5 > 0).
///
/// Terms are numbered by first appearance among the compared sentences (headings
/// left out), the order in which norms and dot products are summed: the figures
/// have always been computed so, and the last digits of a sum depend on its order.
/// Also returns the number of paragraphs holding each term (by its number).
fn tfidf_vectors(draft: &Draft, members: &Rows<usize>) -> (Rows<(u32, f64)>, Vec<u32>) {
    const UNSEEN: u32 = u32::MAX;
    let mut number = vec![UNSEEN; draft.stems];
    let mut numbered = 0;
    let mut terms = Rows::new();
    for sentences in members.iter() {
        for &i in sentences {
            for &term in &draft.doc.sentences[i].terms {
                let slot = &mut number[term as usize];
                if *slot == UNSEEN {
                    *slot = numbered;
                    numbered += 1;
                }
                terms.push(*slot);
            }
        }
        terms.open_row().sort_unstable();
        terms.end_row();
    }
    // Term frequencies, sorted by term.
    let mut counts = Rows::with_capacity(terms.total());
    for row in terms.iter() {
        for same in row.chunk_by(|a, b| a == b) {
            counts.push((same[0], same.len() as u32));
        }
        counts.end_row();
    }
    drop(terms);
    let mut df = vec![0u32; numbered as usize];
    for row in counts.iter() {
        row.iter().for_each(|&(t, _)| df[t as usize] += 1);
    }
    let n = counts.iter().filter(|row| !row.is_empty()).count() as f64;
    let idf = |term: u32| ((1.0 + n) / df[term as usize] as f64).ln();
    let mut vectors = Rows::with_capacity(counts.total());
    for row in counts.iter() {
        for &(t, tf) in row {
            vectors.push((t, (1.0 + (tf as f64).ln()) * idf(t)));
        }
        normalize(vectors.open_row());
        vectors.end_row();
    }
    (vectors, df)
}

fn normalize(v: &mut Vector) {
    let norm = v.iter().map(|e| e.1 * e.1).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|e| e.1 /= norm);
    }
}

#[cfg(test)]
fn dot(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    // Rounding can push the cosine of identical vectors a hair above 1.
    sum.min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::candidates::random;
    use crate::check::RepetitionLimits;
    use crate::text::analyze;

    /// (earlier, later, similarity bits) of each pair, most similar first.
    type Pairs = Vec<(usize, usize, u64)>;

    fn sorted(mut pairs: Vec<(f64, usize, usize)>) -> Pairs {
        pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        pairs
            .into_iter()
            .map(|(s, a, b)| (a, b, s.to_bits()))
            .collect()
    }

    fn found(text: &str, options: &RepetitionOptions) -> Pairs {
        let doc = analyze(text, &options.analysis);
        let draft = Draft::new(text, &doc, options);
        let members = paragraph_members(&draft);
        let (vectors, df) = tfidf_vectors(&draft, &members);
        sorted(similar_pairs(&draft, &members, &vectors, &df, options))
    }

    /// Every pair of paragraphs by the merging dot product; a later copy of a paragraph
    /// is paired with its first copy alone.
    fn every_pair(text: &str, options: &RepetitionOptions) -> Pairs {
        let doc = analyze(text, &options.analysis);
        let draft = Draft::new(text, &doc, options);
        let members = paragraph_members(&draft);
        let (vectors, _) = tfidf_vectors(&draft, &members);
        let n = vectors.len();
        let copy_of = |b: usize| {
            (0..b).find(|&a| {
                !vectors[a].is_empty()
                    && vectors[a] == vectors[b]
                    && words(&draft, &members[a]) == words(&draft, &members[b])
            })
        };
        let redundant = |s: f64| s > 0.0 && s >= options.paragraph_threshold;
        let mut pairs = Vec::new();
        for b in 0..n {
            if let Some(a) = copy_of(b) {
                pairs.push((dot(&vectors[a], &vectors[b]), a, b));
                continue;
            }
            for a in (0..b).filter(|&a| copy_of(a).is_none()) {
                pairs.push((dot(&vectors[a], &vectors[b]), a, b));
            }
        }
        pairs.retain(|p| redundant(p.0));
        let limits = RepetitionLimits::default();
        assert!(n < limits.max_candidates);
        assert!((0..n).all(|b| pairs.iter().filter(|p| p.2 == b).count() < limits.max_partners));
        sorted(pairs)
    }

    #[test]
    fn paragraph_pairs_equal_every_pair_on_random_drafts() {
        let mut compared = 0;
        for threshold in [0.13, 0.5, 0.0] {
            let options = RepetitionOptions {
                paragraph_threshold: threshold,
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
    fn a_paragraph_said_k_times_gives_k_minus_one_pairs_against_the_first() {
        let said = "The harbour authority approved the dredging contract. Work starts in May.";
        let mut text = String::from("Fishermen fear for the eastern pier.");
        for _ in 0..100 {
            text.push_str("\n\n");
            text.push_str(said);
        }
        let pairs = found(&text, &RepetitionOptions::default());
        let one = dot(&[(0, 1.0)], &[(0, 1.0)]).to_bits();
        assert_eq!(pairs, (2..=100).map(|b| (1, b, one)).collect::<Pairs>());
    }

    #[test]
    fn spread_dot_products_equal_merged_ones_to_the_bit() {
        let options = RepetitionOptions::default();
        for seed in 0..40 {
            let text = random::draft(seed);
            let doc = analyze(&text, &options.analysis);
            let draft = Draft::new(&text, &doc, &options);
            let (vectors, df) = tfidf_vectors(&draft, &paragraph_members(&draft));
            let mut dense = Dense::new(df.len());
            for b in vectors.iter() {
                dense.set(b);
                for a in vectors.iter() {
                    assert_eq!(dense.dot(a).to_bits(), dot(a, b).to_bits(), "seed {seed}");
                }
            }
        }
    }
}
