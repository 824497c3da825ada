//! Whole-article findings: the draft is a near-copy of an archived article, overlaps
//! it (much of one text is in the other), or rewords it.
//!
//! Near-copies and overlaps are measured on the index's shingles (5 words by
//! default). A rewording keeps the facts and some short phrases of its source while
//! almost no 5-word run survives, so it is measured on 3-word shingles: the share of
//! the draft's 3-word shingles found in the archived article (its containment; a
//! short draft drawn from a long article is wholly "in" it, which Jaccard would hide).
//! One finding per archived article: the strongest that applies.

use super::{gone, ArchiveMatch, ArchiveOptions, Finding, Kind, Severity};
use crate::check::indexed;
use crate::dedup::verify::{self, Overlap};
use crate::index::{trigram, DocKey, Index, IndexedDoc, Result};
use crate::text::Span;

/// Default Jaccard similarity from which the draft is a near-copy (an error).
pub const DEFAULT_NEAR_DUPLICATE: f64 = 0.8;
/// Default share of either text found in the other from which an overlap is reported
/// (a warning; an error from 0.8).
pub const DEFAULT_OVERLAP: f64 = 0.2;
/// Overlap from which a warning becomes an error: most of one text is in the other.
pub const SEVERE_OVERLAP: f64 = 0.8;

/// Default share of the draft's 3-word shingles found in an archived article from
/// which the draft is reported as rewording it (a note).
///
/// Tuned on the dev split of the graded reuse set in `fixtures/reuse` (never on its
/// held-out split): the midpoint between the highest independent answer and the
/// lowest heavy revision of the dev split, as copydesk measures them.
pub const DEFAULT_REWORDED: f64 = 0.075;
/// Rewording from which the note becomes a warning: on the dev split, light revisions
/// keep 0.53 or more of their 3-word shingles, heavy ones at most 0.17.
pub const STRONG_REWORDING: f64 = 0.3;
/// Distinct 3-word shingles a rewording must share with its source: a short draft
/// sharing a name and a stock phrase with an article does not reword it.
pub const MIN_REWORDED_SHARED: usize = 10;

/// Findings of the draft against the archived articles that may overlap it.
pub fn findings(
    draft: &IndexedDoc,
    index: &Index,
    options: &ArchiveOptions,
) -> Result<Vec<Finding>> {
    // The draft's size is its text's length in bytes: the span of the whole draft.
    let whole = Span::new(0, draft.size);
    let trigrams = draft.trigrams();
    let mut findings = Vec::new();
    for key in indexed::article_candidates(index, draft, &trigrams)? {
        let stored = index.shingles(key)?.ok_or_else(|| gone(index, key))?;
        let o = verify::overlap(&draft.sketch.shingles, &stored);
        let found = match copied(o, options) {
            Some((kind, severity)) => Some((kind, severity, o, index.header().ngram)),
            None => reworded(&trigrams, &index.trigrams(key)?, options)
                .map(|(severity, o)| (Kind::Reworded, severity, o, trigram::N)),
        };
        if let Some((kind, severity, o, ngram)) = found {
            findings.push(finding(whole, kind, severity, o, ngram, index, key)?);
        }
    }
    Ok(findings)
}

/// A near-copy or an overlap, with its severity, if one reaches its threshold (the
/// draft is `a`, the archived article `b`).
fn copied(o: Overlap, options: &ArchiveOptions) -> Option<(Kind, Severity)> {
    if o.shared == 0 {
        return None;
    }
    if o.jaccard >= options.near_duplicate {
        return Some((Kind::NearDuplicate, Severity::Error));
    }
    let most = o.a_in_b.max(o.b_in_a);
    if most < options.overlap {
        return None;
    }
    let severity = if most >= SEVERE_OVERLAP {
        Severity::Error
    } else {
        Severity::Warning
    };
    Some((Kind::Overlap, severity))
}

/// A rewording, with its severity and the 3-word figures, if enough of the draft's
/// 3-word shingles (`mine`) are in the archived article's (`theirs`).
fn reworded(mine: &[u64], theirs: &[u64], options: &ArchiveOptions) -> Option<(Severity, Overlap)> {
    let o = verify::overlap(mine, theirs);
    if o.shared < MIN_REWORDED_SHARED || o.a_in_b < options.reworded {
        return None;
    }
    let severity = if o.a_in_b >= STRONG_REWORDING {
        Severity::Warning
    } else {
        Severity::Info
    };
    Some((severity, o))
}

fn finding(
    whole: Span,
    kind: Kind,
    severity: Severity,
    o: Overlap,
    ngram: usize,
    index: &Index,
    key: DocKey,
) -> Result<Finding> {
    let meta = index.doc_meta(key)?.ok_or_else(|| gone(index, key))?;
    let id = &meta.id;
    let message = match kind {
        Kind::NearDuplicate => format!("the draft is a near-copy of {id} (Jaccard {:.2})", o.jaccard),
        Kind::Reworded => format!(
            "the draft may reword {id}: {:.0}% of its 3-word phrases are in it",
            o.a_in_b * 100.0
        ),
        _ => format!(
            "{:.0}% of the draft's text is in {id}, and {:.0}% of {id} is in the draft (Jaccard {:.2})",
            o.a_in_b * 100.0,
            o.b_in_a * 100.0,
            o.jaccard
        ),
    };
    let mut finding = Finding::new(kind, severity, whole, message);
    finding.similarity = Some(match kind {
        Kind::Reworded => o.a_in_b,
        _ => o.jaccard,
    });
    finding.archive = Some(ArchiveMatch {
        id: meta.id,
        title: meta.title,
        lang: meta.lang,
        paragraph: None,
        start: None,
        end: None,
        jaccard: Some(o.jaccard),
        draft_in_archive: Some(o.a_in_b),
        archive_in_draft: Some(o.b_in_a),
        ngram: Some(ngram),
        shared: Some(o.shared),
    });
    Ok(finding)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ArchiveOptions {
        ArchiveOptions::default()
    }

    #[test]
    fn rewording_is_measured_on_the_drafts_share_with_a_floor_of_shared_shingles() {
        let draft: Vec<u64> = (0..200).collect();
        // 8% of the draft, inside a much longer article: a note.
        let article: Vec<u64> = (184..2000).collect();
        let (severity, o) = reworded(&draft, &article, &options()).unwrap();
        assert_eq!((severity, o.shared, o.a_in_b), (Severity::Info, 16, 0.08));
        // 40%: a warning.
        let article: Vec<u64> = (120..2000).collect();
        assert_eq!(
            reworded(&draft, &article, &options()).unwrap().0,
            Severity::Warning
        );
        // Below the threshold (7%), or too few shingles in common at a high share.
        let article: Vec<u64> = (186..2000).collect();
        assert!(reworded(&draft, &article, &options()).is_none());
        let short: Vec<u64> = (0..12).collect();
        let article: Vec<u64> = (3..2000).collect();
        assert!(reworded(&short, &article, &options()).is_none(), "9 shared");
    }

    #[test]
    fn a_copy_is_a_near_duplicate_or_an_overlap_before_a_rewording() {
        let o = |shared, jaccard, a_in_b, b_in_a| Overlap {
            shared,
            jaccard,
            a_in_b,
            b_in_a,
        };
        let options = options();
        assert_eq!(
            copied(o(90, 0.85, 0.9, 0.95), &options),
            Some((Kind::NearDuplicate, Severity::Error))
        );
        assert_eq!(
            copied(o(30, 0.1, 0.3, 0.12), &options),
            Some((Kind::Overlap, Severity::Warning))
        );
        assert_eq!(
            copied(o(30, 0.1, 0.9, 0.1), &options),
            Some((Kind::Overlap, Severity::Error))
        );
        assert_eq!(copied(o(3, 0.01, 0.05, 0.01), &options), None);
        assert_eq!(copied(o(0, 0.0, 0.0, 0.0), &options), None);
    }
}
