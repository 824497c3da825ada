//! Candidate pairs: documents sharing an LSH band (near-duplicates by Jaccard), or
//! sharing sampled shingles (for containment, which banding on Jaccard cannot see:
//! a 300-word piece copied whole into a 1,500-word article has Jaccard 0.2).
//!
//! Buckets are built by sorting `(key, document)` entries, band by band, so memory
//! stays at one entry per document per band.

use rayon::prelude::*;

/// In a bucket larger than this, members are paired with the bucket's first member
/// only: a thousand copies of one text would otherwise make half a million pairs.
pub const MAX_BUCKET_PAIRS: usize = 256;

/// Shingles whose hash falls in the lowest 1/SAMPLE_RATE of the hash space are the
/// sample used for containment candidates: if A is inside B, A's sampled shingles are
/// B's too.
pub const SAMPLE_RATE: u64 = 8;

/// Sampled shingles two texts must share to be compared: one shared shingle is too
/// often a coincidence. The index and an in-memory archive apply the same rule.
pub const MIN_SHARED_SAMPLES: usize = 2;

/// True for the shingles kept as the containment sample: the lowest 1/SAMPLE_RATE of
/// the hash space. Sorted shingle sets hold their sample as a prefix.
pub fn is_sampled(hash: u64) -> bool {
    hash <= u64::MAX / SAMPLE_RATE
}

/// Distinct candidate pairs `(a, b)` with `a < b`, sorted, from equal band keys.
pub fn from_bands(band_keys: &[&[u64]], bands: usize) -> Vec<(u32, u32)> {
    let mut pairs: Vec<(u32, u32)> = (0..bands)
        .into_par_iter()
        .flat_map_iter(|band| {
            let entries: Vec<(u64, u32)> = band_keys
                .iter()
                .enumerate()
                .filter_map(|(doc, keys)| keys.get(band).map(|&k| (k, doc as u32)))
                .collect();
            bucket_pairs(entries)
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// Pairs of documents sharing at least `min_shared` sampled shingles. Each set must
/// be sorted and distinct, as `Sketch::shingles` is.
#[cfg(test)]
pub fn from_samples(shingles: &[&[u64]], min_shared: usize) -> Vec<(u32, u32)> {
    let entries: Vec<(u64, u32)> = shingles
        .iter()
        .enumerate()
        .flat_map(|(doc, set)| {
            set.iter()
                .take_while(|&&h| is_sampled(h))
                .map(move |&h| (h, doc as u32))
        })
        .collect();
    from_sample_entries(entries, min_shared)
}

/// [`from_samples`] from the `(sampled shingle, document)` entries of every document,
/// gathered by the caller as documents arrive (so the sets need not stay in memory).
pub fn from_sample_entries(entries: Vec<(u64, u32)>, min_shared: usize) -> Vec<(u32, u32)> {
    let mut pairs = bucket_pairs(entries);
    pairs.par_sort_unstable();
    let counted: Vec<(u32, u32)> = pairs
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() >= min_shared.max(1))
        .map(|run| run[0])
        .collect();
    // One pair per run of equal pairs, taken from a sorted list: already distinct.
    debug_assert!(counted.windows(2).all(|w| w[0] < w[1]));
    counted
}

/// Pairs within each run of equal keys, each `(a, b)` with `a < b`.
fn bucket_pairs(mut entries: Vec<(u64, u32)>) -> Vec<(u32, u32)> {
    entries.sort_unstable();
    let mut pairs = Vec::new();
    for run in entries.chunk_by(|a, b| a.0 == b.0) {
        if run.len() > MAX_BUCKET_PAIRS {
            pairs.extend(run[1..].iter().map(|&(_, doc)| (run[0].1, doc)));
            continue;
        }
        for (i, &(_, a)) in run.iter().enumerate() {
            pairs.extend(run[i + 1..].iter().map(|&(_, b)| (a, b)));
        }
    }
    // Entries are sorted by (key, document), so documents rise within a run, and a
    // document has at most one entry per key (one key per band; shingle sets are
    // distinct): every pair is already ordered and never a document with itself.
    debug_assert!(pairs.iter().all(|&(a, b)| a < b));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_bands_make_pairs() {
        let keys: Vec<Vec<u64>> = vec![vec![1, 2], vec![9, 2], vec![1, 7], vec![], vec![5, 6]];
        let refs: Vec<&[u64]> = keys.iter().map(Vec::as_slice).collect();
        assert_eq!(from_bands(&refs, 2), vec![(0, 1), (0, 2)]);
    }

    #[test]
    fn sampled_shingles_find_a_contained_text() {
        // Small hashes: well inside the sampled range.
        let small: Vec<u64> = (10..20).collect();
        let large: Vec<u64> = (0..40).collect();
        let other: Vec<u64> = (100..140).collect();
        let sets: Vec<&[u64]> = vec![&large, &other, &small];
        assert_eq!(from_samples(&sets, 2), vec![(0, 2)]);
    }

    #[test]
    fn huge_buckets_pair_with_their_first_member_only() {
        let keys: Vec<Vec<u64>> = (0..MAX_BUCKET_PAIRS + 10).map(|_| vec![42]).collect();
        let refs: Vec<&[u64]> = keys.iter().map(Vec::as_slice).collect();
        let pairs = from_bands(&refs, 1);
        assert_eq!(pairs.len(), MAX_BUCKET_PAIRS + 9);
        assert!(pairs.iter().all(|&(a, _)| a == 0));
    }
}
