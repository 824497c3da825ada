//! The lookups the check makes in an archive [`Index`] (on disk, or a scratch index
//! filled for one run with `--against`): candidate articles for a draft. Every lookup
//! goes through the index's capped postings, so its cost does not grow with
//! boilerplate shared by many archived articles.

use crate::dedup::candidates::MIN_SHARED_SAMPLES;
use crate::index::{DocKey, Index, IndexedDoc, Result};

/// Archived articles that may overlap the draft: sharing an LSH band (near-copies) or
/// at least [`MIN_SHARED_SAMPLES`] sampled shingles (containment), sorted.
pub fn article_candidates(index: &Index, draft: &IndexedDoc) -> Result<Vec<DocKey>> {
    let mut keys = index.candidates(&draft.sketch.band_keys)?;
    let shared = index.containment_candidates(&draft.sketch.shingles, MIN_SHARED_SAMPLES)?;
    keys.extend(shared.into_iter().map(|s| s.doc));
    keys.sort_unstable();
    keys.dedup();
    Ok(keys)
}
