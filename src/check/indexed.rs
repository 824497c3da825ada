//! The lookups the check makes in an archive [`Index`] (on disk, or a scratch index
//! filled for one run with `--against`): candidate articles for a draft. Lookups by
//! sampled shingle go through the index's capped postings, so their cost does not grow
//! with boilerplate shared by many archived articles; articles sharing an LSH band
//! (near-copies of the draft) are all verified.

use crate::dedup::candidates::MIN_SHARED_SAMPLES;
use crate::index::{DocKey, Index, IndexedDoc, Result};

/// Articles sharing sampled shingles with the draft that are verified at most: those
/// sharing most. Articles sharing an LSH band are always verified.
pub const MAX_ARTICLE_CANDIDATES: usize = 100;

/// Archived articles that may overlap the draft, sorted: those sharing an LSH band
/// (near-copies), and the [`MAX_ARTICLE_CANDIDATES`] sharing most sampled 3-word
/// shingles, at least [`MIN_SHARED_SAMPLES`] (containment, rewording). `trigrams` is
/// the draft's 3-word shingle set.
pub fn article_candidates(
    index: &Index,
    draft: &IndexedDoc,
    trigrams: &[u64],
) -> Result<Vec<DocKey>> {
    let mut keys = index.candidates(&draft.sketch.band_keys)?;
    let shared = index.containment_candidates(trigrams, MIN_SHARED_SAMPLES)?;
    keys.extend(
        shared
            .into_iter()
            .take(MAX_ARTICLE_CANDIDATES)
            .map(|s| s.doc),
    );
    keys.sort_unstable();
    keys.dedup();
    Ok(keys)
}
