//! MinHash signatures from a seeded family of hash functions.
//!
//! Permutation i maps a shingle to `((a_i · x + b_i) mod 2^64) >> 32`, where `x` is the
//! shingle hash folded to 32 bits and `a_i`, `b_i` are 64-bit values drawn from
//! splitmix64 seeded with `--seed`. For 32-bit keys this multiply-add-shift family is
//! 2-independent (Dietzfelbinger 1996), like the `(a·x + b) mod (2^61 − 1)` family of
//! datasketch, but it needs no 128-bit product and its loop vectorises: signatures
//! cost a fraction of the Mersenne-prime version.

/// The seeded hash family: one `(a, b)` pair per permutation, with `a` kept as its
/// two 32-bit halves so the inner loop needs only 32×32-bit products, which vector
/// units have (see `signature_into`).
#[derive(Clone, Debug)]
pub struct Permutations {
    a_low: Vec<u32>,
    a_high: Vec<u32>,
    b: Vec<u64>,
}

impl Permutations {
    pub fn new(perms: usize, seed: u64) -> Self {
        let mut state = seed;
        let mut next = || splitmix64(&mut state);
        let (mut a_low, mut a_high, mut b) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..perms {
            let a = next() | 1;
            a_low.push(a as u32);
            a_high.push((a >> 32) as u32);
            b.push(next());
        }
        Permutations { a_low, a_high, b }
    }

    /// The signature of a shingle set: per permutation, the least value any shingle
    /// maps to (`u32::MAX` for an empty set).
    pub fn signature(&self, shingles: &[u64]) -> Vec<u32> {
        let mut signature = vec![u32::MAX; self.b.len()];
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU was just found to support AVX2.
            unsafe { signature_avx2(self, shingles, &mut signature) };
            return signature;
        }
        signature_into(self, shingles, &mut signature);
        signature
    }
}

/// The same loop compiled for AVX2, where it runs four permutations per instruction.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn signature_avx2(p: &Permutations, shingles: &[u64], signature: &mut [u32]) {
    signature_into(p, shingles, signature)
}

/// Lowers `signature` to each permutation's minimum over `shingles`.
///
/// `(a·x + b mod 2^64) >> 32` for a 32-bit `x` equals
/// `((a_low·x + b) >> 32) + a_high·x  (mod 2^32)`: two 32×32-bit products and no
/// 64×64-bit one, which lets the compiler vectorise the loop.
#[inline(always)]
fn signature_into(p: &Permutations, shingles: &[u64], signature: &mut [u32]) {
    for &shingle in shingles {
        let x = fold(shingle);
        let lanes = signature.iter_mut().zip(&p.a_low).zip(&p.a_high).zip(&p.b);
        for (((slot, &a_low), &a_high), &b) in lanes {
            let low = ((u64::from(a_low) * u64::from(x)).wrapping_add(b) >> 32) as u32;
            let value = low.wrapping_add(a_high.wrapping_mul(x));
            *slot = (*slot).min(value);
        }
    }
}

/// A 64-bit shingle hash folded to the 32-bit key the family is universal over.
#[inline]
fn fold(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
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
    fn split_products_equal_the_64_bit_formula() {
        let p = Permutations::new(32, 3);
        let shingles = set(0..40);
        let mut fast = vec![u32::MAX; 32];
        signature_into(&p, &shingles, &mut fast);
        assert_eq!(p.signature(&shingles), fast);
        for (i, slot) in fast.iter().enumerate() {
            let a = u64::from(p.a_low[i]) | (u64::from(p.a_high[i]) << 32);
            let want = shingles
                .iter()
                .map(|&h| (a.wrapping_mul(u64::from(fold(h))).wrapping_add(p.b[i]) >> 32) as u32)
                .min()
                .unwrap();
            assert_eq!(*slot, want);
        }
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

    // Golden values: signatures are persisted (index files, sketch shards), so the
    // stream and the family must never change without a SKETCH_VERSION bump.

    #[test]
    fn splitmix64_gives_its_published_stream() {
        // The reference stream from state 0 (Vigna's splitmix64.c).
        let mut state = 0;
        let stream: Vec<u64> = (0..3).map(|_| splitmix64(&mut state)).collect();
        assert_eq!(
            stream,
            [
                0xe220_a839_7b1d_cdaf,
                0x6e78_9e6a_a1b9_65f4,
                0x06c4_5d18_8009_454f
            ]
        );
        let mut state = crate::sketch::DEFAULT_SEED;
        assert_eq!(splitmix64(&mut state), 0x0139_a506_0656_e130);
        let mut state = u64::MAX;
        assert_eq!(splitmix64(&mut state), 0xe4d9_7177_1b65_2c20);
    }

    #[test]
    fn the_default_permutations_have_fixed_coefficients() {
        let p = Permutations::new(128, crate::sketch::DEFAULT_SEED);
        // a is odd: the first splitmix64 output with its low bit set.
        assert_eq!(p.a_low[..3], [0x0656_e131, 0x5d2d_5743, 0xad51_90bd]);
        assert_eq!(p.a_high[..3], [0x0139_a506, 0x426e_76cf, 0x2c5c_9059]);
        assert_eq!(
            p.b[..3],
            [
                0x0eec_91d8_5915_4b93,
                0xe107_29d8_680c_3108,
                0x9c3f_d9e7_b5e1_5c7e
            ]
        );
        assert_eq!((p.a_low.len(), p.a_high.len(), p.b.len()), (128, 128, 128));
    }

    #[test]
    fn shingle_hashes_fold_to_the_xor_of_their_halves() {
        assert_eq!(fold(0x0123_4567_89ab_cdef), 0x8888_8888);
        assert_eq!(fold(0xffff_ffff_0000_0000), 0xffff_ffff);
        assert_eq!(fold(0x0000_0000_1234_5678), 0x1234_5678);
    }
}
