//! The second half of the check: does the draft copy, nearly copy or reword something
//! already published? The archive is an [`Index`]: the one on disk (`--index`) or a
//! scratch index filled for the run (`--against`), queried the same way. The index
//! proposes candidates ([`super::indexed`]); each is verified on the exact shingle
//! sets before anything is reported: whole articles in `articles`, paragraphs in
//! `paragraphs`.

mod articles;
mod paragraphs;
mod shingle_cache;

use super::findings::{ArchiveMatch, Finding, Kind, Severity};
use crate::index::{DocKey, Index, IndexError, IndexedDoc, Result};

pub use articles::{DEFAULT_NEAR_DUPLICATE, DEFAULT_OVERLAP, DEFAULT_REWORDED};
pub use paragraphs::DEFAULT_PARAGRAPH_SIMILARITY;

/// Reporting thresholds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArchiveOptions {
    /// Jaccard similarity of the two texts' shingle sets from which the draft is a
    /// near-copy of an archived article, an error ([`DEFAULT_NEAR_DUPLICATE`]).
    pub near_duplicate: f64,
    /// Share of either text's shingles found in the other from which an overlap is
    /// reported, a warning below 0.8 and an error from it ([`DEFAULT_OVERLAP`]).
    pub overlap: f64,
    /// Similarity (3-word shingles) from which a draft paragraph is an edited copy of
    /// an archived one ([`DEFAULT_PARAGRAPH_SIMILARITY`]).
    pub paragraph: f64,
    /// Share of the draft's 3-word shingles in an archived article from which the
    /// draft rewords it ([`DEFAULT_REWORDED`]).
    pub reworded: f64,
}

impl Default for ArchiveOptions {
    fn default() -> Self {
        ArchiveOptions {
            near_duplicate: DEFAULT_NEAR_DUPLICATE,
            overlap: DEFAULT_OVERLAP,
            paragraph: DEFAULT_PARAGRAPH_SIMILARITY,
            reworded: DEFAULT_REWORDED,
        }
    }
}

/// Findings of `draft` (sketched with the index's sketcher) against `index`, read
/// on one snapshot so that a writer committing meanwhile changes nothing under it.
pub fn compare(
    draft: &IndexedDoc,
    index: &Index,
    options: &ArchiveOptions,
) -> Result<Vec<Finding>> {
    index.snapshot(|index| {
        let mut findings = articles::findings(draft, index, options)?;
        findings.extend(paragraphs::findings(draft, index, options.paragraph)?);
        Ok(findings)
    })
}

/// A candidate that vanished inside one snapshot: the file was changed under it.
pub(super) fn gone(index: &Index, key: DocKey) -> IndexError {
    IndexError::corrupt(index.path(), format!("archived article {} has gone", key.0))
}

#[cfg(test)]
mod tests;
