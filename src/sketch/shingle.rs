//! Shingles: normalised word n-grams, hashed to 64 bits.
//!
//! Words are the word model's folded words ([`Words::Folded`](crate::text::words::Words::Folded)): case, punctuation and
//! whitespace are folded away, so "Niger’s  army," and "niger s army" give the same
//! words. Each word is hashed with xxh3-64; a shingle's hash is xxh3-64 of
//! its n word hashes (little-endian). A text with fewer than n words (but at least
//! one) has a single shingle made of all its words, so a short text matches only a
//! text with exactly the same words; a text without words has no shingles at all and
//! is never a duplicate of anything.

use xxhash_rust::xxh3::xxh3_64;

use crate::text::words::folded;

/// The hashes of the folded words of `text` ([`Words::Folded`](crate::text::words::Words::Folded)), in order.
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut hashes = Vec::with_capacity(text.len() / 6);
    folded::for_each_word(text, |word| hashes.push(xxh3_64(word)));
    hashes
}

/// The distinct shingle hashes of a word-hash sequence, sorted (a set, ready for
/// exact Jaccard by merging).
pub fn shingles(words: &[u64], n: usize) -> Vec<u64> {
    let n = n.max(1);
    if words.is_empty() {
        return Vec::new();
    }
    let window = n.min(words.len());
    let mut bytes = Vec::with_capacity(window * 8);
    let mut set: Vec<u64> = words
        .windows(window)
        .map(|gram| {
            bytes.clear();
            for word in gram {
                bytes.extend_from_slice(&word.to_le_bytes());
            }
            xxh3_64(&bytes)
        })
        .collect();
    set.sort_unstable();
    set.dedup();
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_punctuation_and_spacing_are_folded() {
        assert_eq!(
            word_hashes("Niger’s  ARMY,\n trains!"),
            word_hashes("niger s army trains")
        );
        assert_eq!(word_hashes("  ... "), Vec::<u64>::new());
        assert_eq!(word_hashes("Zürich").len(), 1);
    }

    #[test]
    fn shingles_are_distinct_sorted_word_ngrams() {
        let words = word_hashes("a b c a b c");
        let set = shingles(&words, 3);
        // a b c / b c a / c a b / a b c again
        assert_eq!(set.len(), 3);
        assert!(set.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            shingles(&word_hashes("x y z w"), 5).len(),
            1,
            "short text: one shingle"
        );
        assert!(shingles(&[], 5).is_empty());
        assert_ne!(
            shingles(&word_hashes("a b"), 5),
            shingles(&word_hashes("a c"), 5)
        );
    }
}
