//! Redundancy: whether two sentences say the same thing, judged by the overlap of
//! their content terms (binary cosine: |A ∩ B| / √(|A|·|B|) over distinct stems).
//!
//! Neither TextRank nor its peers control this: a lede repeated at the end of an
//! article is as central as the original, so both copies rank high. Selection asks
//! this module before taking a sentence.

use super::graph::TermTable;

/// Default overlap at or above which a sentence repeats one already chosen.
pub const DEFAULT_REDUNDANCY: f64 = 0.6;

/// Overlap of the sentences' distinct terms, read from the document's term table
/// (the one the sentence graph is built from), where each sentence's terms are already
/// sorted and distinct.
pub struct Redundancy<'a> {
    table: &'a TermTable,
    threshold: f64,
}

impl<'a> Redundancy<'a> {
    /// `threshold` in (0, 1]; at 1 only sentences with identical term sets repeat.
    pub fn new(table: &'a TermTable, threshold: f64) -> Self {
        Redundancy { table, threshold }
    }

    /// Term overlap of sentences `i` and `j`, in [0, 1].
    pub fn overlap(&self, i: usize, j: usize) -> f64 {
        crate::sorted::binary_cosine(self.table.terms(i), self.table.terms(j))
    }

    /// Whether `candidate` repeats any of `chosen`.
    pub fn repeats(&self, candidate: usize, chosen: &[usize]) -> bool {
        chosen
            .iter()
            .any(|&c| self.overlap(candidate, c) >= self.threshold)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summarize::tests::sentences;

    #[test]
    fn overlap_is_binary_cosine_of_distinct_terms() {
        let s = sentences(&[&["a", "b", "b", "c"], &["a", "b", "c"], &["c", "d"], &[]]);
        let table = TermTable::new(&s);
        let r = Redundancy::new(&table, 0.6);
        assert!((r.overlap(0, 1) - 1.0).abs() < 1e-12);
        assert!((r.overlap(0, 2) - 1.0 / 6f64.sqrt()).abs() < 1e-12);
        assert_eq!(r.overlap(0, 3), 0.0);
        assert!(r.repeats(1, &[2, 0]));
        assert!(!r.repeats(2, &[0, 3]));
    }
}
