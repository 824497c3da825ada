//! Redundant paragraphs: pairs of paragraphs that restate each other.
//!
//! A paragraph is the bag of content stems of its body sentences, weighted by TF-IDF
//! with the draft's own paragraphs as the collection. The collection matters: every
//! paragraph of a story about Niger says "Niger", so shared topic words weigh little
//! and only a restated argument (the same less common stems again) scores high.
//! Two paragraphs are redundant when the cosine of their vectors reaches the
//! threshold; each pair lists the sentence pairs across them that overlap most.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::within::{Draft, ParagraphRef, RepetitionOptions, SentenceRef};
use crate::text::TermId;

/// Two paragraphs that restate each other; `first` comes first in the draft.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RedundantParagraphs {
    pub first: ParagraphRef,
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
    pub first: SentenceRef,
    pub second: SentenceRef,
    /// Binary cosine of their distinct content stems.
    pub similarity: f64,
}

/// A unit-length sparse vector, sorted by (draft-local) term number.
type Vector = Vec<(u32, f64)>;

/// Paragraph pairs at or above the threshold, most similar first.
pub(crate) fn redundant_paragraphs(
    draft: &Draft,
    options: &RepetitionOptions,
) -> Vec<RedundantParagraphs> {
    let members = paragraph_members(draft);
    let vectors = tfidf_vectors(draft, &members);
    let mut found = Vec::new();
    for a in 0..vectors.len() {
        for b in a + 1..vectors.len() {
            let similarity = dot(&vectors[a], &vectors[b]);
            if similarity > 0.0 && similarity >= options.paragraph_threshold {
                found.push(RedundantParagraphs {
                    first: paragraph(draft, a),
                    second: paragraph(draft, b),
                    similarity,
                    overlapping_sentences: overlapping(draft, &members[a], &members[b], options),
                });
            }
        }
    }
    found.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then((x.first.index, x.second.index).cmp(&(y.first.index, y.second.index)))
    });
    found
}

fn paragraph(draft: &Draft, index: usize) -> ParagraphRef {
    ParagraphRef {
        index,
        span: draft.doc.paragraphs[index].span,
    }
}

/// The compared sentences of each paragraph, in order.
fn paragraph_members(draft: &Draft) -> Vec<Vec<usize>> {
    let mut members = vec![Vec::new(); draft.doc.paragraphs.len()];
    for (i, s) in draft.doc.sentences.iter().enumerate() {
        if draft.included[i] {
            members[s.paragraph].push(i);
        }
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
/// Terms are renumbered by first appearance in the draft: the analyzer's ids depend
/// on what its thread read before, and norms and dot products summed in their order
/// would differ in the last digits from one run to the next.
fn tfidf_vectors(draft: &Draft, members: &[Vec<usize>]) -> Vec<Vector> {
    let mut local: FxHashMap<TermId, u32> = FxHashMap::default();
    let counts: Vec<FxHashMap<u32, u32>> = members
        .iter()
        .map(|sentences| {
            let mut counts = FxHashMap::default();
            for &i in sentences {
                for &term in &draft.doc.sentences[i].terms {
                    let next = local.len() as u32;
                    let id = *local.entry(term).or_insert(next);
                    *counts.entry(id).or_insert(0) += 1;
                }
            }
            counts
        })
        .collect();
    let mut df: FxHashMap<u32, u32> = FxHashMap::default();
    for term in counts.iter().flat_map(|c| c.keys()) {
        *df.entry(*term).or_insert(0) += 1;
    }
    let n = counts.iter().filter(|c| !c.is_empty()).count() as f64;
    let idf = |term: &u32| ((1.0 + n) / df[term] as f64).ln();
    counts
        .iter()
        .map(|c| {
            let mut v: Vector = c
                .iter()
                .map(|(t, &tf)| (*t, (1.0 + (tf as f64).ln()) * idf(t)))
                .collect();
            v.sort_unstable_by_key(|e| e.0);
            normalize(&mut v);
            v
        })
        .collect()
}

fn normalize(v: &mut Vector) {
    let norm = v.iter().map(|e| e.1 * e.1).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|e| e.1 /= norm);
    }
}

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

/// The most overlapping sentence pairs across two paragraphs, matched greedily so a
/// sentence is listed once, with its best partner still free.
fn overlapping(
    draft: &Draft,
    first: &[usize],
    second: &[usize],
    options: &RepetitionOptions,
) -> Vec<SentenceOverlap> {
    let mut pairs: Vec<(f64, usize, usize)> = first
        .iter()
        .flat_map(|&i| second.iter().map(move |&j| (draft.overlap(i, j), i, j)))
        .filter(|p| p.0 > 0.0 && p.0 >= options.min_sentence_overlap)
        .collect();
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
