//! Near-duplicate documents and recurring paragraphs across a corpus.
//!
//! Documents are added one by one, their text not kept: only their band keys and
//! counts stay in memory, their words go to a temporary file (`spill`).
//! [`Corpus::find`] then takes candidate pairs from LSH bands (or every pair with
//! `exact`), verifies each against the exact Jaccard similarity of the two shingle
//! sets (made again from the words read back), and links the verified pairs into
//! clusters. Paragraphs, when asked for, go
//! the same way one level down (`paragraph_groups`).
//!
//! ```
//! use copydesk::dedup::{Corpus, DedupOptions};
//! use copydesk::sketch::{word_hashes, Header, Sketcher, DEFAULT_NGRAM, DEFAULT_PERMS, DEFAULT_SEED};
//!
//! let story = "The port authority approved a harbour expansion on Tuesday after a long \
//!              public hearing about dredging the channel and the cost to the city.";
//! let texts = [
//!     story.to_string(),
//!     "A bakery on the quay reopened after repairs to its roof and its ovens.".to_string(),
//!     format!("{story} Work starts in the spring."),
//! ];
//! let options = DedupOptions::default();
//! let header = Header::new(DEFAULT_NGRAM, DEFAULT_PERMS, DEFAULT_SEED, options.threshold, None);
//! let temp = std::env::temp_dir();
//! let mut corpus = Corpus::new(Sketcher::new(header), &temp, false).unwrap();
//! for text in &texts {
//!     let sketch = corpus.sketcher().sketch(text);
//!     corpus.push(&word_hashes(text), &sketch, Vec::new()).unwrap();
//! }
//! let found = corpus.find(&options).unwrap();
//! assert_eq!(found.pairs.len(), 1);
//! let pair = found.pairs[0];
//! assert_eq!((pair.a, pair.b), (0, 2));
//! assert!(pair.jaccard >= 0.8 && pair.a_in_b == 1.0);
//! assert_eq!(found.clusters[0].members, [0, 2]);
//! ```

pub(crate) mod candidates;
pub(crate) mod cluster;
pub(crate) mod paragraph_groups;
pub(crate) mod paragraphs;
pub(crate) mod spill;
pub(crate) mod verify;
mod vocabulary;

use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::sketch::{minhash, shingle, Permutations, Sketch, Sketcher};
pub use cluster::{Cluster, Keep};
pub use paragraph_groups::{ParagraphGroup, ParagraphLocation};
use paragraphs::Paragraphs;
pub use paragraphs::{
    ParagraphOptions, ParagraphPrint, DEFAULT_MIN_WORDS as DEFAULT_PARAGRAPH_MIN_WORDS,
    DEFAULT_THRESHOLD as DEFAULT_PARAGRAPH_THRESHOLD,
};
pub use spill::SpillError;
use spill::SpillStore;
use vocabulary::Vocabulary;

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
    /// Which member of each cluster represents it.
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
    /// The earlier document's index (the order documents were pushed in).
    pub a: usize,
    /// The later document's index.
    pub b: usize,
    /// Exact Jaccard similarity of the two shingle sets, in [0, 1].
    pub jaccard: f64,
    /// The MinHash estimate, for comparison with tools that report only that.
    pub estimate: f64,
    /// Share of `a`'s shingles found in `b` (containment of `a` in `b`), in [0, 1].
    pub a_in_b: f64,
    /// Share of `b`'s shingles found in `a`, in [0, 1].
    pub b_in_a: f64,
}

/// Everything found.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    /// Every verified pair, ordered by `(a, b)`.
    pub pairs: Vec<Pair>,
    /// The connected components of the pairs, two members or more each, ordered by
    /// their first member.
    pub clusters: Vec<Cluster>,
    /// Paragraphs found in two documents or more (empty unless the corpus was made
    /// [`Corpus::with_paragraphs`]).
    pub paragraph_groups: Vec<ParagraphGroup>,
}

/// The sketched documents of one run, in input order.
///
/// Only what candidate search needs stays in memory: per document its band keys, word
/// and shingle counts and where its words are on disk (about 170 bytes at the default
/// 18 bands). The words themselves go to a temporary file (`spill`, compactly
/// numbered by `vocabulary`), and the shingle set and signature of a document are
/// made again from them when one of its candidate pairs is verified.
pub struct Corpus {
    sketcher: Sketcher,
    /// The sketcher's permutations, for signatures of documents read back.
    permutations: Permutations,
    words: Vec<u32>,
    shingle_counts: Vec<u32>,
    /// `bands` keys per document (zeros for a document without words, never used).
    band_keys: Vec<u64>,
    /// `(sampled shingle, document)`, kept when containment is asked for.
    samples: Option<Vec<(u64, u32)>>,
    vocabulary: Vocabulary,
    store: SpillStore,
    encoded: Vec<u8>,
    paragraphs: Paragraphs,
    /// How paragraphs are compared; none: paragraphs are not looked at.
    paragraph_options: Option<ParagraphOptions>,
}

/// One document read back: its shingle set, and its signature once a reported pair
/// needs it (most rejected candidates never do).
struct Loaded {
    shingles: Vec<u64>,
    signature: OnceLock<Vec<u32>>,
}

impl Loaded {
    fn signature(&self, permutations: &Permutations) -> &[u32] {
        self.signature
            .get_or_init(|| permutations.signature(&self.shingles))
    }
}

impl Corpus {
    /// An empty corpus sketching with `sketcher`, spilling to a temporary file in
    /// `temp_dir`; `containment` keeps the shingle samples containment candidates need.
    pub fn new(sketcher: Sketcher, temp_dir: &Path, containment: bool) -> Result<Self, SpillError> {
        Ok(Corpus {
            permutations: Permutations::new(sketcher.header.perms, sketcher.header.seed),
            sketcher,
            words: Vec::new(),
            shingle_counts: Vec::new(),
            band_keys: Vec::new(),
            samples: containment.then(Vec::new),
            vocabulary: Vocabulary::new(),
            store: SpillStore::create(temp_dir)?,
            encoded: Vec::new(),
            paragraphs: Paragraphs::default(),
            paragraph_options: None,
        })
    }

    /// The same corpus finding recurring paragraphs too, compared under `options`
    /// (the paragraphs pushed must have been made by `options.prints`).
    pub fn with_paragraphs(self, options: ParagraphOptions) -> Self {
        Corpus {
            paragraph_options: Some(options),
            ..self
        }
    }

    /// The sketcher documents must be sketched with before they are pushed.
    pub fn sketcher(&self) -> &Sketcher {
        &self.sketcher
    }

    /// How paragraphs are compared, if they are.
    pub fn paragraph_options(&self) -> Option<&ParagraphOptions> {
        self.paragraph_options.as_ref()
    }

    /// Adds the next document: its word hashes and the sketch the corpus's sketcher
    /// made of them. Returns its index.
    pub fn push(
        &mut self,
        words: &[u64],
        sketch: &Sketch,
        paragraphs: Vec<ParagraphPrint>,
    ) -> Result<usize, SpillError> {
        let index = self.len();
        self.encoded.clear();
        self.vocabulary.encode(words, &mut self.encoded);
        self.store.append(&self.encoded)?;
        self.words.push(saturate(sketch.words));
        self.shingle_counts.push(saturate(sketch.shingles.len()));
        let bands = self.sketcher.header.bands;
        match sketch.band_keys.len() {
            0 => self.band_keys.extend(std::iter::repeat_n(0, bands)),
            _ => self.band_keys.extend_from_slice(&sketch.band_keys),
        }
        if let Some(samples) = &mut self.samples {
            let sampled = sketch
                .shingles
                .iter()
                .take_while(|&&h| candidates::is_sampled(h));
            samples.extend(sampled.map(|&h| (h, index as u32)));
        }
        for print in paragraphs {
            self.paragraphs.push(ParagraphPrint {
                document: index,
                ..print
            });
        }
        Ok(index)
    }

    /// Documents pushed so far.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no document was pushed.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Bytes of temporary file written so far.
    pub fn spilled_bytes(&self) -> u64 {
        self.store.bytes()
    }

    /// Word counts in input order.
    pub fn words(&self) -> Vec<usize> {
        self.words.iter().map(|&w| w as usize).collect()
    }

    /// Documents without a single word: never compared.
    pub fn empty_documents(&self) -> usize {
        self.shingle_counts.iter().filter(|&&n| n == 0).count()
    }

    /// Finds the verified pairs, their clusters and the recurring paragraphs (with
    /// `exact`, every pair of distinct paragraphs is compared too).
    pub fn find(mut self, options: &DedupOptions) -> Result<Findings, SpillError> {
        self.store.finish()?;
        let pairs = if options.exact {
            self.all_pairs(options)?
        } else {
            let candidates = self.candidates();
            self.verify_all(&candidates, options)?
        };
        let links: Vec<(usize, usize)> = pairs.iter().map(|p| (p.a, p.b)).collect();
        let clusters = cluster::clusters(self.len(), &links, &self.words(), options.keep);
        let paragraph_groups = match &self.paragraph_options {
            Some(p) => paragraph_groups::groups(&self.paragraphs, p, options.exact),
            None => Vec::new(),
        };
        Ok(Findings {
            pairs,
            clusters,
            paragraph_groups,
        })
    }

    fn band_keys_of(&self, doc: usize) -> &[u64] {
        let bands = self.sketcher.header.bands;
        match self.shingle_counts[doc] {
            0 => &[],
            _ => &self.band_keys[doc * bands..(doc + 1) * bands],
        }
    }

    fn candidates(&mut self) -> Vec<(u32, u32)> {
        let keys: Vec<&[u64]> = (0..self.len()).map(|d| self.band_keys_of(d)).collect();
        let mut pairs = candidates::from_bands(&keys, self.sketcher.header.bands);
        if let Some(samples) = self.samples.take() {
            pairs.extend(candidates::from_sample_entries(
                samples,
                candidates::MIN_SHARED_SAMPLES,
            ));
            pairs.par_sort_unstable();
            pairs.dedup();
        }
        pairs
    }

    /// Verifies sorted candidate pairs, in parallel over their first documents (each
    /// read back once per run of pairs), keeping the candidates' order.
    fn verify_all(
        &self,
        candidates: &[(u32, u32)],
        options: &DedupOptions,
    ) -> Result<Vec<Pair>, SpillError> {
        let runs: Vec<Vec<Pair>> = candidates
            .par_chunk_by(|x, y| x.0 == y.0)
            .map(|run| self.verify_run(run, options))
            .collect::<Result<_, _>>()?;
        Ok(runs.into_iter().flatten().collect())
    }

    fn verify_run(
        &self,
        run: &[(u32, u32)],
        options: &DedupOptions,
    ) -> Result<Vec<Pair>, SpillError> {
        let a = run[0].0 as usize;
        let mut loaded_a = None;
        let mut found = Vec::new();
        for &(_, b) in run {
            let b = b as usize;
            if !self.may_reach(a, b, options) {
                continue;
            }
            if loaded_a.is_none() {
                loaded_a = Some(self.load(a)?);
            }
            let sa = loaded_a.as_ref().expect("loaded just above");
            let sb = self.load(b)?;
            found.extend(verify_pair((a, sa), (b, &sb), options, &self.permutations));
        }
        Ok(found)
    }

    /// False when the sizes alone rule the pair out, so neither is read back: Jaccard
    /// is at most the smaller set's size over the larger's (computed the way
    /// verification computes it, so no pair at the threshold is lost to rounding).
    fn may_reach(&self, a: usize, b: usize, options: &DedupOptions) -> bool {
        if options.containment.is_some() {
            return true;
        }
        let (na, nb) = (self.shingle_counts[a], self.shingle_counts[b]);
        let bound = f64::from(na.min(nb)) / f64::from(na.max(nb).max(1));
        bound >= options.threshold
    }

    /// Document `doc`'s shingle set, made again from its spilled words.
    fn load(&self, doc: usize) -> Result<Loaded, SpillError> {
        let corrupt = || SpillError::Corrupt {
            dir: self.store.dir().to_path_buf(),
            document: doc,
        };
        let record = self.store.read(doc)?;
        let words = self.vocabulary.decode(&record).map_err(|_| corrupt())?;
        let shingles = shingle::shingles(&words, self.sketcher.header.ngram);
        if shingles.len() != self.shingle_counts[doc] as usize {
            return Err(corrupt());
        }
        Ok(Loaded {
            shingles,
            signature: OnceLock::new(),
        })
    }

    /// Every pair of documents that have words, verified as it is generated (the
    /// pairs are never all held at once). Sizes alone rule most pairs out: the
    /// Jaccard similarity of two sets is at most the smaller size over the larger.
    /// Meant for small corpora, so every set is read back into memory first.
    fn all_pairs(&self, options: &DedupOptions) -> Result<Vec<Pair>, SpillError> {
        let present: Vec<usize> = (0..self.len())
            .filter(|&i| self.shingle_counts[i] > 0)
            .collect();
        let loaded: Vec<Loaded> = present
            .par_iter()
            .map(|&i| self.load(i))
            .collect::<Result<_, _>>()?;
        let (present, loaded) = (&present, &loaded);
        let size = |k: usize| loaded[k].shingles.len() as f64;
        Ok((0..present.len())
            .into_par_iter()
            .flat_map_iter(|k| {
                (k + 1..present.len())
                    .filter(move |&l| {
                        options.containment.is_some()
                            || size(k).min(size(l)) >= options.threshold * size(k).max(size(l))
                    })
                    .filter_map(move |l| {
                        verify_pair(
                            (present[k], &loaded[k]),
                            (present[l], &loaded[l]),
                            options,
                            &self.permutations,
                        )
                    })
            })
            .collect())
    }
}

/// Counts kept in 32 bits: a document (at most a few hundred MB) has fewer words.
fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The pair's exact figures, if they reach a reporting threshold.
fn verify_pair(
    (a, sa): (usize, &Loaded),
    (b, sb): (usize, &Loaded),
    options: &DedupOptions,
    permutations: &Permutations,
) -> Option<Pair> {
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
        estimate: minhash::estimate(sa.signature(permutations), sb.signature(permutations)),
        a_in_b: overlap.a_in_b,
        b_in_a: overlap.b_in_a,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::{Header, Sketcher};

    fn corpus(texts: &[&str], containment: bool) -> Corpus {
        let sketcher = Sketcher::new(Header::new(3, 128, 7, 0.8, None));
        let mut corpus = Corpus::new(sketcher.clone(), &std::env::temp_dir(), containment).unwrap();
        for text in texts {
            let words = shingle::word_hashes(text);
            corpus
                .push(&words, &sketcher.sketch(text), Vec::new())
                .unwrap();
        }
        corpus
    }

    const BASE: &str = "the port authority approved a harbour expansion on tuesday after a \
        long public hearing in which residents and shipping firms argued about dredging \
        the main channel and the jobs the project would bring to the region";

    #[test]
    fn near_copies_are_found_verified_and_clustered() {
        let edited = BASE.replace("tuesday", "monday");
        let other = "a completely different story about a football match in the rain";
        let texts = [BASE, other, &edited, "", ""];
        let exact = corpus(&texts, false)
            .find(&DedupOptions {
                exact: true,
                ..Default::default()
            })
            .unwrap();
        let lsh = corpus(&texts, false)
            .find(&DedupOptions::default())
            .unwrap();
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
        let jaccard_only = corpus(&[&long, BASE], false)
            .find(&DedupOptions::default())
            .unwrap();
        assert!(jaccard_only.pairs.is_empty());
        let options = DedupOptions {
            containment: Some(0.9),
            ..Default::default()
        };
        let found = corpus(&[&long, BASE], true).find(&options).unwrap();
        assert_eq!(found.pairs.len(), 1);
        assert_eq!(found.pairs[0].b_in_a, 1.0);
        assert!(found.pairs[0].jaccard < 0.8);
    }

    #[test]
    fn figures_from_spilled_words_equal_those_of_the_sketches() {
        let texts: Vec<String> = (0..300)
            .map(|i| match i % 3 {
                0 => format!("{BASE} number {i}"),
                1 => format!("story {i} {BASE_TAIL}"),
                _ => format!("{i} {BASE} {BASE_TAIL} {i}"),
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let corpus = corpus(&refs, true);
        assert!(corpus.spilled_bytes() > 0);
        let sketcher = corpus.sketcher().clone();
        let options = DedupOptions {
            containment: Some(0.5),
            ..Default::default()
        };
        let found = corpus.find(&options).unwrap();
        assert!(found.pairs.len() > 1_000);
        for pair in found.pairs.iter().step_by(97) {
            let (sa, sb) = (sketcher.sketch(refs[pair.a]), sketcher.sketch(refs[pair.b]));
            let overlap = verify::overlap(&sa.shingles, &sb.shingles);
            assert_eq!(pair.jaccard, overlap.jaccard);
            assert_eq!(
                pair.estimate,
                minhash::estimate(&sa.signature, &sb.signature)
            );
        }
    }

    const BASE_TAIL: &str = "officials said construction of the new container terminal would \
        start next spring once the environmental permits arrive and the financing is signed \
        by the three banks that have backed the port for years while the unions asked for \
        guarantees on pay and safety and the mayor promised a new rail link to the docks \
        before the end of the decade together with housing for the workers and a school";
}
