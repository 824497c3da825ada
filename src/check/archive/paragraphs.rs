//! Draft paragraphs copied from archived ones: exactly (the same normalised words, by
//! fingerprint) or with light edits (words changed, added or dropped, sentences
//! reordered), found from the index's sampled 3-word shingles and verified on the
//! paragraphs' full 3-word shingle sets.
//!
//! The similarity of two paragraphs is the share of the shorter one's 3-word shingles
//! found in the other (|A ∩ B| / min(|A|, |B|), the larger of the two containments).
//! Sets ignore order, so reordered sentences lose only the shingles across sentence
//! boundaries; three words keep most shingles through changed words; and the shorter
//! side is what counts, so a paragraph copied with a sentence dropped or added still
//! scores as a copy, where Jaccard would count the difference against it. Exact
//! copies score 1.

use super::shingle_cache::{ShingleCache, MAX_CACHED_SHINGLES};
use super::{gone, ArchiveMatch, Finding, Kind, Severity};
use crate::dedup::candidates::MIN_SHARED_SAMPLES;
use crate::dedup::paragraphs::DEFAULT_MIN_WORDS;
use crate::dedup::verify::{self, Overlap};
use crate::index::{trigram, DocKey, Index, IndexedDoc, IndexedParagraph, Result};
use crate::text::Span;

/// Archived copies of one paragraph listed at most.
pub const MAX_PARAGRAPH_MATCHES: usize = 5;

/// Archived paragraphs verified at most per draft paragraph: those sharing most
/// sampled shingles with it.
pub const MAX_PARAGRAPH_CANDIDATES: usize = 20;

/// Default similarity from which a paragraph is an edited copy: at least half of the
/// shorter paragraph's 3-word shingles are in the other.
pub const DEFAULT_PARAGRAPH_SIMILARITY: f64 = 0.5;

/// Distinct 3-word shingles an edited copy must share with its source (about a
/// dozen words): two one-sentence paragraphs sharing a stock phrase ("left interest
/// rates on hold at") are not a copy. On BBC articles checked against other BBC
/// articles, the edited matches below it were such stock sentences.
pub const MIN_SHARED_TRIGRAMS: usize = 10;

/// One archived paragraph a draft paragraph copies.
struct Copy {
    doc: DocKey,
    paragraph: usize,
    span: Span,
    overlap: Overlap,
    exact: bool,
}

impl Copy {
    /// The larger containment: the share of the shorter paragraph in the other.
    fn similarity(&self) -> f64 {
        self.overlap.a_in_b.max(self.overlap.b_in_a)
    }
}

/// Paragraph-match findings for every paragraph of `draft` long enough to be
/// fingerprinted.
pub fn findings(draft: &IndexedDoc, index: &Index, threshold: f64) -> Result<Vec<Finding>> {
    let read = |doc, paragraph| index.paragraph(doc, paragraph);
    let mut archived = ShingleCache::new(read, MAX_CACHED_SHINGLES);
    findings_with(draft, index, threshold, &mut archived)
}

/// [`findings`], reading archived paragraphs through `archived`, which lives for this
/// draft only.
fn findings_with<R>(
    draft: &IndexedDoc,
    index: &Index,
    threshold: f64,
    archived: &mut ShingleCache<R>,
) -> Result<Vec<Finding>>
where
    R: FnMut(DocKey, usize) -> Result<Option<IndexedParagraph>>,
{
    let mut findings = Vec::new();
    for (number, paragraph) in draft.paragraphs.iter().enumerate() {
        if paragraph.words < DEFAULT_MIN_WORDS {
            continue;
        }
        for copy in copies(paragraph, index, threshold, archived)? {
            findings.push(finding(number, paragraph.span, &copy, index)?);
        }
    }
    Ok(findings)
}

/// The archived paragraphs `paragraph` copies, exact ones first, then most similar
/// first, at most [`MAX_PARAGRAPH_MATCHES`].
fn copies<R>(
    paragraph: &IndexedParagraph,
    index: &Index,
    threshold: f64,
    archived: &mut ShingleCache<R>,
) -> Result<Vec<Copy>>
where
    R: FnMut(DocKey, usize) -> Result<Option<IndexedParagraph>>,
{
    let mut found = exact_copies(paragraph, index)?;
    let mine = trigram::shingles(&paragraph.hashes);
    let candidates = index.paragraph_places(&mine, MIN_SHARED_SAMPLES, MAX_PARAGRAPH_CANDIDATES)?;
    for candidate in candidates {
        let known = |c: &Copy| (c.doc, c.paragraph) == (candidate.doc, candidate.paragraph);
        if found.iter().any(known) {
            continue;
        }
        let Some(stored) = archived.get(candidate.doc, candidate.paragraph)? else {
            continue;
        };
        if stored.words < DEFAULT_MIN_WORDS {
            continue;
        }
        let copy = Copy {
            doc: candidate.doc,
            paragraph: candidate.paragraph,
            span: stored.span,
            overlap: verify::overlap(&mine, &stored.shingles),
            exact: false,
        };
        if copy.overlap.shared >= MIN_SHARED_TRIGRAMS && copy.similarity() >= threshold {
            found.push(copy);
        }
    }
    found.sort_by(|a, b| {
        b.exact
            .cmp(&a.exact)
            .then(b.similarity().total_cmp(&a.similarity()))
            .then((a.doc, a.paragraph).cmp(&(b.doc, b.paragraph)))
    });
    found.truncate(MAX_PARAGRAPH_MATCHES);
    Ok(found)
}

/// Archived paragraphs with the same normalised words.
fn exact_copies(paragraph: &IndexedParagraph, index: &Index) -> Result<Vec<Copy>> {
    let Some(fingerprint) = paragraph.fingerprint else {
        return Ok(Vec::new());
    };
    let same = index.paragraph_matches(&[fingerprint], MAX_PARAGRAPH_MATCHES)?;
    let shingles = trigram::shingles(&paragraph.hashes).len();
    Ok(same
        .into_iter()
        .map(|m| Copy {
            doc: m.doc,
            paragraph: m.paragraph,
            span: m.span,
            overlap: Overlap {
                shared: shingles,
                jaccard: 1.0,
                a_in_b: 1.0,
                b_in_a: 1.0,
            },
            exact: true,
        })
        .collect())
}

fn finding(number: usize, span: Span, copy: &Copy, index: &Index) -> Result<Finding> {
    let meta = index
        .doc_meta(copy.doc)?
        .ok_or_else(|| gone(index, copy.doc))?;
    let similarity = copy.similarity();
    let (mine, theirs) = (number + 1, copy.paragraph + 1);
    let id = &meta.id;
    let o = copy.overlap;
    let message = if copy.exact {
        format!("paragraph {mine} is paragraph {theirs} of {id}")
    } else if o.a_in_b == 1.0 {
        format!("paragraph {mine} is within paragraph {theirs} of {id}")
    } else if o.b_in_a == 1.0 {
        format!("paragraph {mine} contains paragraph {theirs} of {id}")
    } else {
        format!(
            "paragraph {mine} is an edited copy of paragraph {theirs} of {id} (similarity {similarity:.2})"
        )
    };
    let mut finding = Finding::new(Kind::ParagraphMatch, Severity::Warning, span, message);
    finding.similarity = Some(similarity);
    finding.archive = Some(ArchiveMatch {
        id: meta.id,
        title: meta.title,
        lang: meta.lang,
        paragraph: Some(copy.paragraph),
        start: Some(copy.span.start),
        end: Some(copy.span.end),
        jaccard: Some(copy.overlap.jaccard),
        draft_in_archive: Some(copy.overlap.a_in_b),
        archive_in_draft: Some(copy.overlap.b_in_a),
        ngram: Some(trigram::N),
        shared: Some(copy.overlap.shared),
    });
    Ok(finding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::Header;
    use crate::text::TextFormat;
    use std::cell::Cell;

    /// One archived paragraph of 600 distinct words; a draft of 10 paragraphs, each
    /// quoting 40 words of it.
    fn quoted_ten_times() -> (Index, IndexedDoc) {
        let header = Header::new(5, 128, 1, 0.8, None);
        let mut index = Index::scratch(&header, "scratch").unwrap();
        let sketcher = index.sketcher();
        let words: Vec<String> = (0..600).map(|i| format!("word{i}")).collect();
        let long = IndexedDoc::build(&sketcher, "long", &words.join(" "), TextFormat::Plain);
        index.add(&header, [long]).unwrap();
        let quotes: Vec<String> = (0..10)
            .map(|i| words[i * 50..i * 50 + 40].join(" "))
            .collect();
        let draft = IndexedDoc::build(&sketcher, "draft", &quotes.join("\n\n"), TextFormat::Plain);
        (index, draft)
    }

    #[test]
    fn an_archived_paragraph_quoted_by_many_draft_paragraphs_is_read_once() {
        let (index, draft) = quoted_ten_times();
        let reads = Cell::new(0);
        let read = |doc, paragraph| {
            reads.set(reads.get() + 1);
            index.paragraph(doc, paragraph)
        };
        let mut archived = ShingleCache::new(read, MAX_CACHED_SHINGLES);
        let found = findings_with(&draft, &index, 0.5, &mut archived).unwrap();
        assert_eq!(found.len(), 10, "{found:?}");
        assert!(found
            .iter()
            .all(|f| f.message.contains("is within paragraph 1")));
        assert_eq!(reads.get(), 1);
        assert_eq!(found, findings(&draft, &index, 0.5).unwrap());
    }
}
