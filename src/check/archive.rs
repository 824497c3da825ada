//! The second half of the check: does the draft copy, or nearly copy, something
//! already published? The archive is an [`Index`]: the one on disk (`--index`) or a
//! scratch index filled for the run (`--against`), queried the same way. The index
//! proposes candidates ([`indexed`](super::indexed)); each is verified on the exact
//! shingle sets before anything is reported.

use super::findings::{ArchiveMatch, Finding, Kind, Severity};
use super::indexed;
use crate::dedup::verify;
use crate::index::{DocKey, Index, IndexError, IndexedDoc, ParagraphMatch, Result};
use crate::text::Span;

/// Default Jaccard similarity from which the draft is a near-copy (an error).
pub const DEFAULT_NEAR_DUPLICATE: f64 = 0.8;
/// Default share of either text found in the other from which an overlap is reported
/// (a warning; an error from 0.8).
pub const DEFAULT_OVERLAP: f64 = 0.2;
/// Overlap from which a warning becomes an error: most of one text is in the other.
pub const SEVERE_OVERLAP: f64 = 0.8;
/// Archived copies of one paragraph listed at most.
pub const MAX_PARAGRAPH_MATCHES: usize = 5;

/// Reporting thresholds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArchiveOptions {
    pub near_duplicate: f64,
    pub overlap: f64,
}

impl Default for ArchiveOptions {
    fn default() -> Self {
        ArchiveOptions {
            near_duplicate: DEFAULT_NEAR_DUPLICATE,
            overlap: DEFAULT_OVERLAP,
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
        findings.extend(paragraph_findings(draft, index)?);
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
    for key in indexed::article_candidates(index, draft)? {
        let stored = index.shingles(key)?.ok_or_else(|| gone(index, key))?;
        let o = verify::overlap(&draft.sketch.shingles, &stored);
        if let Some(finding) = article_finding(whole, o, options) {
            let meta = index.doc_meta(key)?.ok_or_else(|| gone(index, key))?;
            findings.push(with_archive(finding, meta.id, meta.title, o));
        }
    }
    Ok(findings)
}

/// A candidate that vanished inside one snapshot: the file was changed under it.
fn gone(index: &Index, key: DocKey) -> IndexError {
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
    });
    finding
}

/// Draft paragraphs that are (after normalisation) paragraphs of archived articles.
fn paragraph_findings(draft: &IndexedDoc, index: &Index) -> Result<Vec<Finding>> {
    let fingerprints: Vec<u64> = draft
        .paragraphs
        .iter()
        .filter_map(|p| p.fingerprint)
        .collect();
    if fingerprints.is_empty() {
        return Ok(Vec::new());
    }
    let stored = index.paragraph_matches(&fingerprints)?;
    let mut findings = Vec::new();
    for (number, paragraph) in draft.paragraphs.iter().enumerate() {
        let Some(fingerprint) = paragraph.fingerprint else {
            continue;
        };
        let copies = stored.iter().filter(|s| s.fingerprint == fingerprint);
        for copy in copies.take(MAX_PARAGRAPH_MATCHES) {
            findings.push(paragraph_finding(number, paragraph.span, copy, index)?);
        }
    }
    Ok(findings)
}

fn paragraph_finding(
    number: usize,
    span: Span,
    copy: &ParagraphMatch,
    index: &Index,
) -> Result<Finding> {
    let meta = index
        .doc_meta(copy.doc)?
        .ok_or_else(|| gone(index, copy.doc))?;
    let message = format!(
        "paragraph {} is paragraph {} of {}",
        number + 1,
        copy.paragraph + 1,
        copy.id
    );
    let mut finding = Finding::new(Kind::ParagraphMatch, Severity::Warning, span, message);
    finding.archive = Some(ArchiveMatch {
        id: copy.id.clone(),
        title: meta.title,
        paragraph: Some(copy.paragraph),
        start: Some(copy.span.start),
        end: Some(copy.span.end),
        jaccard: None,
        draft_in_archive: None,
        archive_in_draft: None,
    });
    Ok(finding)
}

#[cfg(test)]
mod tests {
    use super::super::{check_against, CheckOptions, Kind};
    use super::*;
    use crate::sketch::Header;
    use crate::text::TextFormat;

    const STORY: &str = include_str!("../../fixtures/wire-story.txt");
    const REWRITE: &str = include_str!("../../fixtures/wire-story-rewrite.txt");
    const FARM: &str = include_str!("../../fixtures/repetitive.txt");
    const TRAPS: &str = include_str!("../../fixtures/abbreviations.txt");
    const DRAFT: &str = include_str!("../../fixtures/draft.md");

    fn archived() -> Vec<(&'static str, &'static str)> {
        vec![("port", STORY), ("farm", FARM), ("freight", TRAPS)]
    }

    fn header() -> Header {
        Header::new(5, 128, 1, 0.8, None)
    }

    fn fill(index: &mut Index) {
        let sketcher = index.sketcher();
        let docs: Vec<IndexedDoc> = archived()
            .into_iter()
            .map(|(id, text)| IndexedDoc::build(&sketcher, id, text, TextFormat::Plain))
            .collect();
        index.add(&header(), docs).unwrap();
    }

    /// Two farm paragraphs pasted into otherwise new text.
    fn pasted() -> String {
        let paragraphs: Vec<&str> = FARM.split("\n\n").collect();
        format!(
            "Schools reopen\n\nThe district's schools reopen on Monday after repairs to \
             three roofs damaged in the winter storms, officials said.\n\n{}\n\n{}\n\n\
             Parents were asked to check bus times on the district website.",
            paragraphs[2], paragraphs[5]
        )
    }

    fn kinds_and_ids(found: &[Finding]) -> Vec<(Kind, String)> {
        found
            .iter()
            .map(|f| (f.kind, f.archive.as_ref().unwrap().id.clone()))
            .collect()
    }

    fn check_all(archive: &Index) {
        let options = CheckOptions::default();
        let rewrite = check_against(REWRITE, TextFormat::Plain, archive, &options).unwrap();
        assert!(
            kinds_and_ids(&rewrite).contains(&(Kind::Overlap, "port".into())),
            "{rewrite:?}"
        );
        let pasted = pasted();
        let found = check_against(&pasted, TextFormat::Plain, archive, &options).unwrap();
        let matches: Vec<_> = found
            .iter()
            .filter(|f| f.kind == Kind::ParagraphMatch)
            .collect();
        assert_eq!(matches.len(), 2, "{found:?}");
        for m in matches {
            let a = m.archive.as_ref().unwrap();
            assert_eq!(a.id, "farm");
            let (start, end) = (a.start.unwrap(), a.end.unwrap());
            assert_eq!(&pasted[m.start..m.end], &FARM[start..end]);
        }
        let unrelated = check_against(DRAFT, TextFormat::Markdown, archive, &options).unwrap();
        assert!(unrelated.is_empty(), "{unrelated:?}");
        let copy = check_against(STORY, TextFormat::Plain, archive, &options).unwrap();
        assert_eq!(copy[0].kind, Kind::NearDuplicate);
        assert_eq!(copy[0].severity, Severity::Error);
    }

    #[test]
    fn a_scratch_index_finds_rewrites_pasted_paragraphs_and_copies() {
        let mut index = Index::scratch(&header(), "scratch").unwrap();
        fill(&mut index);
        check_all(&index);
    }

    #[test]
    fn the_index_on_disk_answers_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let mut index = Index::create(dir.path().join("archive.db"), &header()).unwrap();
        fill(&mut index);
        check_all(&index);
    }
}
