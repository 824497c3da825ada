//! MinHash signatures from a seeded family of hash functions.
//!
//! Permutation i maps a shingle to `((a_i · x + b_i) mod 2^64) >> 32`, where `x` is the
//! shingle hash folded to 32 bits and `a_i`, `b_i` are 64-bit values drawn from
//! splitmix64 seeded with `--seed`. For 32-bit keys this multiply-add-shift family is
//! 2-independent (Dietzfelbinger 1996), like the `(a·x + b) mod (2^61 − 1)` family of
//! datasketch, but it needs no 128-bit product and its loop vectorises: signatures
//! cost a fraction of the Mersenne-prime version.

/// The seeded hash family: one `(a, b)` pair per permutation.
#[derive(Clone, Debug)]
pub struct Permutations {
    a: Vec<u64>,
    b: Vec<u64>,
}

impl Permutations {
    pub fn new(perms: usize, seed: u64) -> Self {
        let mut state = seed;
        let mut next = || splitmix64(&mut state);
        let mut a = Vec::with_capacity(perms);
        let mut b = Vec::with_capacity(perms);
        for _ in 0..perms {
            a.push(next() | 1);
            b.push(next());
        }
        Permutations { a, b }
    }

    pub fn len(&self) -> usize {
        self.a.len()
    }

    pub fn is_empty(&self) -> bool {
        self.a.is_empty()
    }

    /// The signature of a shingle set: per permutation, the least value any shingle
    /// maps to (`u32::MAX` for an empty set).
    pub fn signature(&self, shingles: &[u64]) -> Vec<u32> {
        let mut signature = vec![u32::MAX; self.a.len()];
        for &shingle in shingles {
            let x = fold(shingle);
            for ((slot, &a), &b) in signature.iter_mut().zip(&self.a).zip(&self.b) {
                let value = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                *slot = (*slot).min(value);
            }
        }
        signature
    }
}

/// A 64-bit shingle hash folded to the 32-bit key the family is universal over.
#[inline]
fn fold(hash: u64) -> u64 {
    (hash ^ (hash >> 32)) & 0xffff_ffff
}

/// Steele, Lea and Flood's splitmix64: a fixed, documented stream from a seed.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The share of equal slots: MinHash's estimate of the Jaccard similarity.
pub fn estimate(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    let equal = a.iter().zip(b).filter(|(x, y)| x == y).count();
    equal as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(range: std::ops::Range<u64>) -> Vec<u64> {
        range
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect()
    }

    #[test]
    fn seeded_and_deterministic() {
        let p = Permutations::new(64, 7);
        assert_eq!(
            p.signature(&set(0..50)),
            Permutations::new(64, 7).signature(&set(0..50))
        );
        assert_ne!(
            p.signature(&set(0..50)),
            Permutations::new(64, 8).signature(&set(0..50))
        );
        assert!(p.signature(&[]).iter().all(|&v| v == u32::MAX));
    }

    #[test]
    fn estimates_track_jaccard() {
        let p = Permutations::new(256, 1);
        // |A ∩ B| = 600, |A ∪ B| = 1000: J = 0.6.
        let a = p.signature(&set(0..800));
        let b = p.signature(&set(200..1000));
        let estimate = estimate(&a, &b);
        assert!((estimate - 0.6).abs() < 0.1, "{estimate}");
        assert_eq!(super::estimate(&a, &a), 1.0);
    }
}
