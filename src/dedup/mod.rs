//! Near-duplicate documents and recurring paragraphs across a corpus.
//!
//! Documents are added one by one as [`Sketch`]es (their text is not kept: memory
//! grows with the number of documents times the signature and shingle-set sizes).
//! [`Corpus::find`] then takes candidate pairs from LSH bands (or every pair with
//! `exact`), verifies each against the exact Jaccard similarity of the two shingle
//! sets, and links the verified pairs into clusters. Paragraphs, when asked for, go
//! the same way one level down ([`paragraph_groups`]).

pub mod candidates;
pub mod cluster;
pub mod paragraph_groups;
pub mod paragraphs;
pub mod verify;

use rayon::prelude::*;

use crate::sketch::{minhash, Sketch};
pub use cluster::{Cluster, Keep};
pub use paragraph_groups::{ParagraphGroup, ParagraphLocation};
pub use paragraphs::{ParagraphOptions, ParagraphPrint, Paragraphs};

/// A contained text must have at least this many shingles: "Reuters contributed to
/// this report" is inside thousands of articles without being a copy of any.
pub const MIN_CONTAINED_SHINGLES: usize = 20;

/// What to report.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DedupOptions {
    /// Report pairs whose exact Jaccard similarity is at least this.
    pub threshold: f64,
    /// Also report pairs where one text is contained in the other at least this much.
    pub containment: Option<f64>,
    /// Compare every pair instead of LSH candidates.
    pub exact: bool,
    pub keep: Keep,
}

impl Default for DedupOptions {
    fn default() -> Self {
        DedupOptions {
            threshold: 0.8,
            containment: None,
            exact: false,
            keep: Keep::First,
        }
    }
}

/// A verified pair of documents (indices in input order, `a < b`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub jaccard: f64,
    /// The MinHash estimate, for comparison with tools that report only that.
    pub estimate: f64,
    pub a_in_b: f64,
    pub b_in_a: f64,
}

/// Everything found.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    pub pairs: Vec<Pair>,
    pub clusters: Vec<Cluster>,
    pub paragraph_groups: Vec<ParagraphGroup>,
}

/// The sketched documents of one run, in input order.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    sketches: Vec<Sketch>,
    paragraphs: Paragraphs,
    /// How paragraphs are compared; none: paragraphs are not looked at.
    paragraph_options: Option<ParagraphOptions>,
}

impl Corpus {
    /// A corpus whose recurring paragraphs are found too, compared under `options`
    /// (the paragraphs pushed must have been made by `options.prints`).
    pub fn with_paragraphs(options: ParagraphOptions) -> Self {
        Corpus {
            paragraph_options: Some(options),
            ..Corpus::default()
        }
    }

    /// Adds the next document; returns its index.
    pub fn push(&mut self, sketch: Sketch, paragraphs: Vec<ParagraphPrint>) -> usize {
        let index = self.sketches.len();
        self.sketches.push(sketch);
        for print in paragraphs {
            self.paragraphs.push(ParagraphPrint {
                document: index,
                ..print
            });
        }
        index
    }

    pub fn len(&self) -> usize {
        self.sketches.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sketches.is_empty()
    }

    /// Word counts in input order.
    pub fn words(&self) -> Vec<usize> {
        self.sketches.iter().map(|s| s.words).collect()
    }

    /// Documents without a single word: never compared.
    pub fn empty_documents(&self) -> usize {
        self.sketches
            .iter()
            .filter(|s| s.shingles.is_empty())
            .count()
    }

    /// Finds the verified pairs, their clusters and the recurring paragraphs (with
    /// `exact`, every pair of distinct paragraphs is compared too).
    pub fn find(self, options: &DedupOptions, bands: usize) -> Findings {
        let pairs = if options.exact {
            self.all_pairs(options)
        } else {
            self.candidates(options, bands)
                .par_iter()
                .filter_map(|&(a, b)| self.verify(a as usize, b as usize, options))
                .collect()
        };
        let links: Vec<(usize, usize)> = pairs.iter().map(|p| (p.a, p.b)).collect();
        let clusters = cluster::clusters(self.len(), &links, &self.words(), options.keep);
        let paragraph_groups = match &self.paragraph_options {
            Some(p) => paragraph_groups::groups(&self.paragraphs, p, options.exact),
            None => Vec::new(),
        };
        Findings {
            pairs,
            clusters,
            paragraph_groups,
        }
    }

    fn candidates(&self, options: &DedupOptions, bands: usize) -> Vec<(u32, u32)> {
        let keys: Vec<&[u64]> = self
            .sketches
            .iter()
            .map(|s| s.band_keys.as_slice())
            .collect();
        let mut pairs = candidates::from_bands(&keys, bands);
        if options.containment.is_some() {
            let sets: Vec<&[u64]> = self
                .sketches
                .iter()
                .map(|s| s.shingles.as_slice())
                .collect();
            pairs.extend(candidates::from_samples(
                &sets,
                candidates::MIN_SHARED_SAMPLES,
            ));
            pairs.par_sort_unstable();
            pairs.dedup();
        }
        pairs
    }

    /// Every pair of documents that have words, verified as it is generated (the
    /// pairs are never all held at once). Sizes alone rule most pairs out: the
    /// Jaccard similarity of two sets is at most the smaller size over the larger.
    fn all_pairs(&self, options: &DedupOptions) -> Vec<Pair> {
        let present: Vec<usize> = (0..self.len())
            .filter(|&i| !self.sketches[i].shingles.is_empty())
            .collect();
        let size = |i: usize| self.sketches[i].shingles.len() as f64;
        present
            .par_iter()
            .enumerate()
            .flat_map_iter(|(k, &a)| {
                present[k + 1..]
                    .iter()
                    .filter(move |&&b| {
                        options.containment.is_some()
                            || size(a).min(size(b)) >= options.threshold * size(a).max(size(b))
                    })
                    .filter_map(move |&b| self.verify(a, b, options))
            })
            .collect()
    }

    /// The pair's exact figures, if they reach a reporting threshold.
    fn verify(&self, a: usize, b: usize, options: &DedupOptions) -> Option<Pair> {
        let (sa, sb) = (&self.sketches[a], &self.sketches[b]);
        let overlap = verify::overlap(&sa.shingles, &sb.shingles);
        let similar = overlap.shared > 0 && overlap.jaccard >= options.threshold;
        let contained = options.containment.is_some_and(|t| {
            (overlap.a_in_b >= t && sa.shingles.len() >= MIN_CONTAINED_SHINGLES)
                || (overlap.b_in_a >= t && sb.shingles.len() >= MIN_CONTAINED_SHINGLES)
        });
        (similar || contained).then(|| Pair {
            a,
            b,
            jaccard: overlap.jaccard,
            estimate: minhash::estimate(&sa.signature, &sb.signature),
            a_in_b: overlap.a_in_b,
            b_in_a: overlap.b_in_a,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::{Header, Sketcher};

    fn corpus(texts: &[&str]) -> (Corpus, usize) {
        let sketcher = Sketcher::new(Header::new(3, 128, 7, 0.8, None));
        let mut corpus = Corpus::default();
        for text in texts {
            corpus.push(sketcher.sketch(text), Vec::new());
        }
        (corpus, sketcher.header.bands)
    }

    const BASE: &str = "the port authority approved a harbour expansion on tuesday after a \
        long public hearing in which residents and shipping firms argued about dredging \
        the main channel and the jobs the project would bring to the region";

    #[test]
    fn near_copies_are_found_verified_and_clustered() {
        let edited = BASE.replace("tuesday", "monday");
        let other = "a completely different story about a football match in the rain";
        let (corpus, bands) = corpus(&[BASE, other, &edited, "", ""]);
        let exact = corpus.clone().find(
            &DedupOptions {
                exact: true,
                ..Default::default()
            },
            bands,
        );
        let lsh = corpus.find(&DedupOptions::default(), bands);
        assert_eq!(lsh.pairs, exact.pairs);
        assert_eq!(lsh.pairs.len(), 1);
        let pair = lsh.pairs[0];
        assert_eq!((pair.a, pair.b), (0, 2));
        assert!(pair.jaccard >= 0.8 && pair.jaccard < 1.0);
        assert_eq!(
            lsh.clusters.len(),
            1,
            "the two empty documents are not duplicates"
        );
        assert_eq!(lsh.clusters[0].members, vec![0, 2]);
    }

    #[test]
    fn containment_finds_a_piece_copied_into_a_longer_text() {
        let long = format!("{BASE} {BASE_TAIL}");
        let (corpus, bands) = corpus(&[&long, BASE]);
        let jaccard_only = corpus.clone().find(&DedupOptions::default(), bands);
        assert!(jaccard_only.pairs.is_empty());
        let options = DedupOptions {
            containment: Some(0.9),
            ..Default::default()
        };
        let found = corpus.find(&options, bands);
        assert_eq!(found.pairs.len(), 1);
        assert_eq!(found.pairs[0].b_in_a, 1.0);
        assert!(found.pairs[0].jaccard < 0.8);
    }

    const BASE_TAIL: &str = "officials said construction of the new container terminal would \
        start next spring once the environmental permits arrive and the financing is signed \
        by the three banks that have backed the port for years while the unions asked for \
        guarantees on pay and safety and the mayor promised a new rail link to the docks \
        before the end of the decade together with housing for the workers and a school";
}
