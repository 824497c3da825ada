//! Three-word shingles: what edited paragraphs and reworded articles are compared on.
//!
//! Why three words and not the sketch's five: every changed word breaks the n
//! shingles that hold it, so a lightly edited paragraph keeps far more of its 3-word
//! shingles than of its 5-word ones, and a heavy rewrite keeps short phrases (names,
//! terms, turns of phrase) while almost no 5-word run survives. Shingles are made per
//! paragraph and never span a paragraph break, so moving paragraphs changes nothing,
//! and reordering the sentences of a paragraph changes only the two shingles at each
//! sentence boundary.
//!
//! A sample of them (the lowest 1/[`SAMPLE_RATE`] of the hash space) is stored in the
//! index with the paragraph holding each, for candidate lookups; the full sets are
//! rebuilt from each paragraph's stored word hashes for exact verification.

use crate::sketch::shingle;

/// Words per shingle.
pub const N: usize = 3;

/// One 3-word shingle in this many is sampled. Higher than the 5-word sample's rate
/// (1 in 8) because a heavily reworded text shares few of its 3-word shingles with its
/// source (a tenth to a sixth for the heavy revisions of the dev split in
/// `fixtures/reuse`): at 1 in 4 a 230-word rewrite still shares five or so sampled
/// ones, where 2 make it a candidate.
pub const SAMPLE_RATE: u64 = 4;

/// True for the sampled shingles: the lowest 1/[`SAMPLE_RATE`] of the hash space, so a
/// sorted set holds its sample as a prefix.
pub fn is_sampled(hash: u64) -> bool {
    hash <= u64::MAX / SAMPLE_RATE
}

/// The distinct 3-word shingles of one paragraph's word hashes, sorted.
pub fn shingles(words: &[u64]) -> Vec<u64> {
    shingle::shingles(words, N)
}

/// The distinct 3-word shingles of a text given as its paragraphs' word hashes: the
/// union of the paragraphs' sets, sorted.
pub fn text_shingles<'a>(paragraphs: impl IntoIterator<Item = &'a [u64]>) -> Vec<u64> {
    let mut set: Vec<u64> = paragraphs.into_iter().flat_map(shingles).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// The sampled prefix of a sorted shingle set.
pub fn sampled(set: &[u64]) -> &[u64] {
    &set[..set.partition_point(|&h| is_sampled(h))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::shingle::word_hashes;

    #[test]
    fn reordered_sentences_keep_all_but_the_boundary_shingles() {
        let one = "The council met on Monday night. It voted to close the old library.";
        let two = "It voted to close the old library. The council met on Monday night.";
        let (a, b) = (shingles(&word_hashes(one)), shingles(&word_hashes(two)));
        let shared = crate::sorted::intersection_len(&a, &b);
        // 13 words, 11 shingles each; only the 2 across the boundary differ.
        assert_eq!((a.len(), shared), (11, 9));
    }

    #[test]
    fn a_text_is_the_union_of_its_paragraphs() {
        let p: Vec<Vec<u64>> = ["a b c d", "c d e", "a b c"]
            .iter()
            .map(|t| word_hashes(t))
            .collect();
        let set = text_shingles(p.iter().map(Vec::as_slice));
        // a b c, b c d, c d e: "d c d" across a break is not a shingle.
        assert_eq!(set.len(), 3);
        assert!(sampled(&set).iter().all(|&h| is_sampled(h)));
    }
}
