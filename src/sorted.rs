//! Operations on sorted lists of distinct values, the representation of every set
//! the crate compares (shingle sets, term sets).

/// Size of the intersection of two sorted, distinct lists, by one merge.
pub fn intersection_len<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// Binary cosine of two sorted, distinct lists: |A ∩ B| / √(|A|·|B|), in [0, 1];
/// 0 when either is empty, rather than the NaN of 0 / 0.
pub fn binary_cosine<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    intersection_len(a, b) as f64 / ((a.len() * b.len()) as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_common_values() {
        assert_eq!(intersection_len(&[1, 3, 5, 7], &[2, 3, 4, 7, 9]), 2);
        assert_eq!(intersection_len::<u32>(&[], &[1]), 0);
        assert_eq!(intersection_len(&["a", "b"], &["a", "b"]), 2);
    }

    #[test]
    fn binary_cosine_of_sets() {
        assert_eq!(binary_cosine(&[1, 2, 3], &[1, 2, 3]), 1.0);
        assert_eq!(binary_cosine(&[1, 2], &[3, 4]), 0.0);
        assert_eq!(binary_cosine(&[1, 2, 3], &[2, 3, 4, 5]), 2.0 / 12f64.sqrt());
        assert_eq!(binary_cosine::<u32>(&[], &[]), 0.0);
        assert_eq!(binary_cosine(&[], &[1]), 0.0);
    }
}
