//! Groups of recurring paragraphs: distinct paragraphs linked by verified pairs.
//!
//! Equal paragraphs are already one distinct paragraph ([`super::paragraphs`]).
//! Candidate pairs of distinct paragraphs come from shared LSH bands (or every pair,
//! with `exact`); a bucket larger than [`candidates::MAX_BUCKET_PAIRS`] links its
//! members to its first one only, so thousands of variants of one paragraph cost a
//! linear number of comparisons. Every candidate is verified by the exact Jaccard
//! similarity of the two shingle sets, and verified pairs are linked with union-find,
//! as document clusters are.
//!
//! Linking is transitive on purpose: a wire paragraph updated twice (A, then B with
//! one figure changed, then C with another) is one recurring paragraph, even when A
//! and C are no longer similar enough by themselves. So that nobody reads a chain as
//! a copy, each location carries its own exact similarity to the group's first
//! paragraph (first in input order), which is below the threshold for a paragraph
//! that joined through another.

use rayon::prelude::*;

use super::candidates;
use super::cluster::UnionFind;
use super::paragraphs::{Occurrence, ParagraphOptions, Paragraphs};
use super::verify;
use crate::text::Span;

/// One occurrence of a recurring paragraph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParagraphLocation {
    /// Index of the document (the order documents were pushed in).
    pub document: usize,
    /// Index of the paragraph in its document (0-based).
    pub paragraph: usize,
    /// Where the paragraph is in its document's text (byte offsets).
    pub span: Span,
    /// Words in the paragraph.
    pub words: usize,
    /// Exact Jaccard similarity of its shingle set to the group's first paragraph's
    /// (1 for the first paragraph and for every paragraph with the same words).
    pub similarity: f64,
}

/// Paragraphs linked by verified pairs, found in at least two documents; locations
/// in input order.
#[derive(Clone, Debug, PartialEq)]
pub struct ParagraphGroup {
    /// Every occurrence, two or more, in input order.
    pub locations: Vec<ParagraphLocation>,
}

/// The groups of `paragraphs`, ordered by their first location.
pub fn groups(
    paragraphs: &Paragraphs,
    options: &ParagraphOptions,
    exact: bool,
) -> Vec<ParagraphGroup> {
    let sets = paragraphs.distinct();
    let links = if exact {
        all_pairs(sets, options.threshold)
    } else {
        verified(sets, &candidate_pairs(sets, options), options.threshold)
    };
    let mut components = UnionFind::new(sets.len());
    for &(a, b) in &links {
        components.union(a as usize, b as usize);
    }
    let mut members: Vec<(usize, usize)> = paragraphs
        .occurrences()
        .iter()
        .enumerate()
        .map(|(i, o)| (components.find(o.distinct as usize), i))
        .collect();
    // A component's root is its smallest distinct paragraph, numbered by first
    // occurrence, so sorting by root orders groups by their first location, and
    // occurrences stay in input order within a group.
    members.sort_unstable();
    members
        .chunk_by(|x, y| x.0 == y.0)
        .map(|run| run.iter().map(|&(_, i)| &paragraphs.occurrences()[i]))
        .filter_map(|run| group(run.collect(), sets))
        .collect()
}

/// Candidate pairs `(a, b)`, `a < b`, of distinct paragraphs sharing a band.
fn candidate_pairs(sets: &[Vec<u64>], options: &ParagraphOptions) -> Vec<(u32, u32)> {
    let keys: Vec<Vec<u64>> = sets
        .par_iter()
        .map(|set| options.sketcher.band_keys(set))
        .collect();
    let keys: Vec<&[u64]> = keys.iter().map(Vec::as_slice).collect();
    candidates::from_bands(&keys, options.header().bands)
}

/// The candidates whose exact Jaccard similarity reaches the threshold, in order.
fn verified(sets: &[Vec<u64>], pairs: &[(u32, u32)], threshold: f64) -> Vec<(u32, u32)> {
    pairs
        .par_iter()
        .copied()
        .filter(|&(a, b)| similar(&sets[a as usize], &sets[b as usize], threshold))
        .collect()
}

/// Every similar pair of distinct paragraphs (small corpora); sizes alone rule most
/// pairs out: the Jaccard similarity is at most the smaller size over the larger.
fn all_pairs(sets: &[Vec<u64>], threshold: f64) -> Vec<(u32, u32)> {
    (0..sets.len())
        .into_par_iter()
        .flat_map_iter(|a| {
            (a + 1..sets.len())
                .filter(move |&b| {
                    let (x, y) = (sets[a].len() as f64, sets[b].len() as f64);
                    x.min(y) >= threshold * x.max(y) && similar(&sets[a], &sets[b], threshold)
                })
                .map(move |b| (a as u32, b as u32))
        })
        .collect()
}

fn similar(a: &[u64], b: &[u64], threshold: f64) -> bool {
    let overlap = verify::overlap(a, b);
    overlap.shared > 0 && overlap.jaccard >= threshold
}

/// The group of a component's occurrences (in input order), if they span at least
/// two documents, each with its exact similarity to the first.
fn group(occurrences: Vec<&Occurrence>, sets: &[Vec<u64>]) -> Option<ParagraphGroup> {
    let first = occurrences[0];
    if occurrences.iter().all(|o| o.document == first.document) {
        return None;
    }
    let first_set = &sets[first.distinct as usize];
    let locations = occurrences
        .iter()
        .map(|o| ParagraphLocation {
            document: o.document,
            paragraph: o.paragraph,
            span: o.span,
            words: o.words,
            similarity: if o.distinct == first.distinct {
                1.0
            } else {
                verify::overlap(&sets[o.distinct as usize], first_set).jaccard
            },
        })
        .collect();
    Some(ParagraphGroup { locations })
}

#[cfg(test)]
mod tests;
