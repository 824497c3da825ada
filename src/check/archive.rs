//! The second half of the check: does the draft copy, or nearly copy, something
//! already published? The archive is an [`Index`]: the one on disk (`--index`) or a
//! scratch index filled for the run (`--against`), queried the same way. The index
//! proposes candidates ([`indexed`](super::indexed)); each is verified on the exact
//! shingle sets before anything is reported.

mod paragraphs;

use super::findings::{ArchiveMatch, Finding, Kind, Severity};
use super::indexed;
use crate::dedup::verify;
use crate::index::{DocKey, Index, IndexError, IndexedDoc, Result};
use crate::text::Span;

/// Default Jaccard similarity from which the draft is a near-copy (an error).
pub const DEFAULT_NEAR_DUPLICATE: f64 = 0.8;
/// Default share of either text found in the other from which an overlap is reported
/// (a warning; an error from 0.8).
pub const DEFAULT_OVERLAP: f64 = 0.2;
/// Overlap from which a warning becomes an error: most of one text is in the other.
pub const SEVERE_OVERLAP: f64 = 0.8;
pub use paragraphs::{
    DEFAULT_PARAGRAPH_SIMILARITY, MAX_PARAGRAPH_CANDIDATES, MAX_PARAGRAPH_MATCHES,
    MIN_SHARED_TRIGRAMS,
};

/// Reporting thresholds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArchiveOptions {
    pub near_duplicate: f64,
    pub overlap: f64,
    /// Similarity (3-word shingles) from which a draft paragraph is an edited copy of
    /// an archived one.
    pub paragraph: f64,
}

impl Default for ArchiveOptions {
    fn default() -> Self {
        ArchiveOptions {
            near_duplicate: DEFAULT_NEAR_DUPLICATE,
            overlap: DEFAULT_OVERLAP,
            paragraph: DEFAULT_PARAGRAPH_SIMILARITY,
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
        let mut findings = article_findings(draft, index, options)?;
        findings.extend(paragraphs::findings(draft, index, options.paragraph)?);
        Ok(findings)
    })
}

fn article_findings(
    draft: &IndexedDoc,
    index: &Index,
    options: &ArchiveOptions,
) -> Result<Vec<Finding>> {
    // The draft's size is its text's length in bytes: the span of the whole draft.
    let whole = Span::new(0, draft.size);
    let mut findings = Vec::new();
    let trigrams = draft.trigrams();
    for key in indexed::article_candidates(index, draft, &trigrams)? {
        let stored = index.shingles(key)?.ok_or_else(|| gone(index, key))?;
        let o = verify::overlap(&draft.sketch.shingles, &stored);
        if let Some(finding) = article_finding(whole, o, options) {
            let meta = index.doc_meta(key)?.ok_or_else(|| gone(index, key))?;
            let ngram = index.header().ngram;
            findings.push(with_archive(finding, meta.id, meta.title, o, ngram));
        }
    }
    Ok(findings)
}

/// A candidate that vanished inside one snapshot: the file was changed under it.
pub(super) fn gone(index: &Index, key: DocKey) -> IndexError {
    IndexError::corrupt(index.path(), format!("archived article {} has gone", key.0))
}

/// A near-duplicate or overlap finding for one verified candidate (the draft is `a`,
/// the archived article `b`), if it reaches a threshold.
fn article_finding(whole: Span, o: verify::Overlap, options: &ArchiveOptions) -> Option<Finding> {
    if o.shared > 0 && o.jaccard >= options.near_duplicate {
        return Some(Finding::new(
            Kind::NearDuplicate,
            Severity::Error,
            whole,
            String::new(),
        ));
    }
    let most = o.a_in_b.max(o.b_in_a);
    if o.shared == 0 || most < options.overlap {
        return None;
    }
    let severity = if most >= SEVERE_OVERLAP {
        Severity::Error
    } else {
        Severity::Warning
    };
    Some(Finding::new(Kind::Overlap, severity, whole, String::new()))
}

fn with_archive(
    mut finding: Finding,
    id: String,
    title: Option<String>,
    o: verify::Overlap,
    ngram: usize,
) -> Finding {
    finding.message = match finding.kind {
        Kind::NearDuplicate => format!("the draft is a near-copy of {id} (Jaccard {:.2})", o.jaccard),
        _ => format!(
            "{:.0}% of the draft's text is in {id}, and {:.0}% of {id} is in the draft (Jaccard {:.2})",
            o.a_in_b * 100.0,
            o.b_in_a * 100.0,
            o.jaccard
        ),
    };
    finding.similarity = Some(o.jaccard);
    finding.archive = Some(ArchiveMatch {
        id,
        title,
        paragraph: None,
        start: None,
        end: None,
        jaccard: Some(o.jaccard),
        draft_in_archive: Some(o.a_in_b),
        archive_in_draft: Some(o.b_in_a),
        ngram: Some(ngram),
        shared: Some(o.shared),
    });
    finding
}

#[cfg(test)]
mod tests;
