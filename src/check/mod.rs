//! The editorial pre-publication check of a draft.
//!
//! This half answers "does the draft repeat itself?", one module per kind of finding:
//! - [`within`] owns the options, the result types and the entry points, and finds
//!   repeated sentences (identical or near-identical term sets);
//! - [`paragraphs`] owns redundant paragraph pairs (TF-IDF cosine over the paragraphs'
//!   content stems) and the sentence pairs that make them overlap;
//! - [`phrases`] owns repeated phrases: maximal runs of 5+ original words (not stems,
//!   stopwords kept) used more than once.
//!
//! Everything is I/O free and reports byte spans into the original text, so a finding
//! can be located and printed verbatim.

pub mod paragraphs;
pub mod phrases;
pub mod within;

pub use paragraphs::{RedundantParagraphs, SentenceOverlap};
pub use phrases::RepeatedPhrase;
pub use within::{
    find_repetition, repetition, ParagraphRef, RepeatedSentences, Repetition, RepetitionOptions,
    SentenceRef, DEFAULT_MAX_OVERLAPPING_SENTENCES, DEFAULT_MIN_PHRASE_WORDS,
    DEFAULT_MIN_SENTENCE_OVERLAP, DEFAULT_MIN_SENTENCE_TERMS, DEFAULT_PARAGRAPH_THRESHOLD,
    DEFAULT_SENTENCE_THRESHOLD,
};

#[cfg(test)]
mod tests;
