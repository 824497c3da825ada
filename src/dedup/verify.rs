//! Exact verification: the true Jaccard similarity and containments of two shingle
//! sets (sorted, distinct hashes), so nothing is reported on an estimate alone.

/// How much two shingle sets share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Overlap {
    pub shared: usize,
    /// |A ∩ B| / |A ∪ B|.
    pub jaccard: f64,
    /// |A ∩ B| / |A|: how much of A is found in B.
    pub a_in_b: f64,
    /// |A ∩ B| / |B|.
    pub b_in_a: f64,
}

/// Overlap of two sorted, distinct hash sets; all zero when either is empty.
pub fn overlap(a: &[u64], b: &[u64]) -> Overlap {
    let shared = crate::sorted::intersection_len(a, b);
    let union = a.len() + b.len() - shared;
    let ratio = |n: usize| {
        if n == 0 {
            0.0
        } else {
            shared as f64 / n as f64
        }
    };
    Overlap {
        shared,
        jaccard: ratio(union),
        a_in_b: ratio(a.len()),
        b_in_a: ratio(b.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_and_containment_by_hand() {
        let a = [1, 2, 3, 4];
        let b = [3, 4, 5, 6, 7, 8, 9, 10];
        let o = overlap(&a, &b);
        assert_eq!(o.shared, 2);
        assert!((o.jaccard - 0.2).abs() < 1e-12);
        assert!((o.a_in_b - 0.5).abs() < 1e-12);
        assert!((o.b_in_a - 0.25).abs() < 1e-12);
        let contained = overlap(&[3, 4], &b);
        assert_eq!(contained.a_in_b, 1.0);
        assert_eq!(
            overlap(&[], &[]).jaccard,
            0.0,
            "empty sets are never duplicates"
        );
    }
}
