//! The editorial pre-publication check of a draft: does it repeat itself, and does it
//! copy or nearly copy something already published?
//!
//! - `findings` owns what is reported: kinds, severities, locations;
//! - `archive` compares a draft with an archive `Index` (on disk, or a scratch
//!   index filled for the run), from the candidates `indexed` looks up.
//!
//! Repetition within the draft, one module per kind of finding:
//! - `within` owns the options, the result types and the entry points;
//! - `sentences` owns repeated sentences (identical or near-identical term sets);
//! - `paragraphs` owns redundant paragraph pairs (TF-IDF cosine over the paragraphs'
//!   content stems), and `overlap` the sentence pairs that make them overlap;
//! - `phrases` owns repeated phrases: maximal runs of 5+ original words (not stems,
//!   stopwords kept) used more than once;
//! - `candidates` owns which sentences and paragraphs are compared with which, so
//!   the search stays about linear in the draft.
//!
//! Everything is I/O free and reports byte spans into the original text, so a finding
//! can be located and printed verbatim.

#[cfg(feature = "index")]
pub(crate) mod archive;
mod candidates;
pub(crate) mod findings;
#[cfg(feature = "index")]
pub(crate) mod indexed;
mod overlap;
pub(crate) mod paragraphs;
pub(crate) mod phrases;
mod sentences;
pub(crate) mod within;

pub use paragraphs::{RedundantParagraphs, SentenceOverlap};
pub use phrases::RepeatedPhrase;
pub use within::{
    find_repetition, repetition, ParagraphRef, RepeatedSentences, Repetition, RepetitionLimits,
    RepetitionOptions, SentenceRef, DEFAULT_MAX_CANDIDATES, DEFAULT_MAX_OVERLAPPING_SENTENCES,
    DEFAULT_MAX_PARTNERS, DEFAULT_MIN_PHRASE_WORDS, DEFAULT_MIN_SENTENCE_OVERLAP,
    DEFAULT_MIN_SENTENCE_TERMS, DEFAULT_PARAGRAPH_THRESHOLD, DEFAULT_SENTENCE_THRESHOLD,
};

#[cfg(feature = "index")]
pub use archive::{
    ArchiveOptions, DEFAULT_NEAR_DUPLICATE, DEFAULT_OVERLAP, DEFAULT_PARAGRAPH_SIMILARITY,
    DEFAULT_REWORDED,
};
pub use findings::{ArchiveMatch, Finding, Kind, LeftOut, Related, Severity};

#[cfg(feature = "index")]
use crate::index::{Index, IndexError, IndexedDoc};
#[cfg(feature = "index")]
use crate::text::TextFormat;
use crate::text::{analyze, AnalyzedDocument};

/// Everything a check is told.
#[derive(Clone, Copy, Debug, Default)]
pub struct CheckOptions {
    /// What counts as repetition within the draft.
    pub repetition: RepetitionOptions,
    /// From what figures a draft is reported as copying an archived article.
    #[cfg(feature = "index")]
    pub archive: ArchiveOptions,
}

/// The findings of one draft within itself, most severe first, then by place.
///
/// ```
/// use copydesk::check::{check_within, CheckOptions, Kind};
///
/// let draft = "The council approved the new budget for the harbour on Monday night. \
///              Residents had asked for the money for years.\n\n\
///              The council approved the new budget for the harbour on Monday night.";
/// let findings = check_within(draft, &CheckOptions::default());
/// let repeated = findings.iter().find(|f| f.kind == Kind::RepeatedSentence).unwrap();
/// // Byte offsets into the draft: the second copy, with the first as related place.
/// assert_eq!(&draft[repeated.start..repeated.end], &draft[..68]);
/// assert_eq!(repeated.related[0].span.start, 0);
/// ```
pub fn check_within(text: &str, options: &CheckOptions) -> Vec<Finding> {
    let analyzed = analyze(text, &options.repetition.analysis);
    check_analyzed(text, &analyzed, options)
}

/// [`check_within`] for a draft already analysed with `options.repetition.analysis`,
/// so that a caller who also summarizes the draft analyses it only once.
pub fn check_analyzed(
    text: &str,
    analyzed: &AnalyzedDocument,
    options: &CheckOptions,
) -> Vec<Finding> {
    check_analyzed_capped(text, analyzed, options, usize::MAX).0
}

/// [`check_analyzed`] making at most `max` findings of each kind (the first in report
/// order) and counting the others.
pub fn check_analyzed_capped(
    text: &str,
    analyzed: &AnalyzedDocument,
    options: &CheckOptions,
    max: usize,
) -> (Vec<Finding>, LeftOut) {
    let repetition = repetition(text, analyzed, &options.repetition);
    let (mut found, left_out) = findings::from_repetition_capped(&repetition, max);
    sort(&mut found);
    (found, left_out)
}

/// The findings of one draft against an archive index, most severe first, then by
/// place.
#[cfg(feature = "index")]
pub fn check_against(
    text: &str,
    format: TextFormat,
    archive: &Index,
    options: &CheckOptions,
) -> Result<Vec<Finding>, IndexError> {
    let draft = IndexedDoc::build(&archive.sketcher(), "draft", text, format);
    let mut found = archive::compare(&draft, archive, &options.archive)?;
    sort(&mut found);
    Ok(found)
}

/// Most severe first, then by place in the draft.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.start.cmp(&b.start))
            .then(a.end.cmp(&b.end))
    });
}

#[cfg(test)]
mod tests;
