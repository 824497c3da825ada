//! Repetition within one draft: the options, the result types, the entry points, and
//! repeated sentences.
//!
//! Two sentences repeat each other when their distinct content stems overlap by a
//! binary cosine (|A ∩ B| / √(|A|·|B|)) at or above a threshold, the measure summaries
//! already use to skip redundant sentences. Identical sentences (same words after
//! folding case and punctuation) are flagged as such.
//!
//! Only body text is compared by default: a headline, dateline or byline echoing the
//! lede is how news is written, not a fault of the draft.

use serde::Serialize;

use super::paragraphs::{self, RedundantParagraphs};
use super::phrases::{self, RepeatedPhrase};
use crate::sketch::shingle::word_hashes;
use crate::text::{
    analyze, markdown, AnalyzeOptions, AnalyzedDocument, SentenceKind, Span, TermId, TextFormat,
};

/// Default binary cosine at or above which two sentences repeat each other.
pub const DEFAULT_SENTENCE_THRESHOLD: f64 = 0.7;
/// Default minimum number of distinct content stems for a sentence to be compared:
/// "He said." twice is not worth an editor's time.
pub const DEFAULT_MIN_SENTENCE_TERMS: usize = 3;
/// Default TF-IDF cosine at or above which two paragraphs are redundant. Paragraphs
/// of one story share its topic, so the cosine of restating paragraphs is modest:
/// 0.14 for the restatements of a padded wire story, 0.12 at most for the
/// paragraphs of a normal one; about one normal BBC article in seven has a pair
/// here, mostly a lede restated by the body.
pub const DEFAULT_PARAGRAPH_THRESHOLD: f64 = 0.13;
/// Default binary cosine for a sentence pair to be shown inside a paragraph pair.
pub const DEFAULT_MIN_SENTENCE_OVERLAP: f64 = 0.2;
/// Default number of sentence pairs shown per redundant paragraph pair.
pub const DEFAULT_MAX_OVERLAPPING_SENTENCES: usize = 3;
/// Default minimum length of a repeated phrase, in words.
pub const DEFAULT_MIN_PHRASE_WORDS: usize = 5;

/// What counts as repetition.
#[derive(Clone, Copy, Debug)]
pub struct RepetitionOptions {
    /// How the draft is analysed: its format (Markdown markup is ignored) and its
    /// language (stems for sentences and paragraphs, stopwords for phrases).
    /// [`repetition`] assumes the document it is given was analysed with these.
    pub analysis: AnalyzeOptions,
    /// Binary cosine of distinct stems at or above which two sentences repeat
    /// ([`DEFAULT_SENTENCE_THRESHOLD`]).
    pub sentence_threshold: f64,
    /// Sentences with fewer distinct content stems are not compared
    /// ([`DEFAULT_MIN_SENTENCE_TERMS`]).
    pub min_sentence_terms: usize,
    /// TF-IDF cosine at or above which two paragraphs are redundant
    /// ([`DEFAULT_PARAGRAPH_THRESHOLD`]).
    pub paragraph_threshold: f64,
    /// Least binary cosine of a sentence pair listed under a paragraph pair
    /// ([`DEFAULT_MIN_SENTENCE_OVERLAP`]).
    pub min_sentence_overlap: f64,
    /// Most sentence pairs listed under a paragraph pair
    /// ([`DEFAULT_MAX_OVERLAPPING_SENTENCES`]).
    pub max_overlapping_sentences: usize,
    /// Shortest repeated phrase reported, in words; at least 2
    /// ([`DEFAULT_MIN_PHRASE_WORDS`]).
    pub min_phrase_words: usize,
    /// Compare headings, datelines and bylines too (default `false`).
    pub include_headings: bool,
}

impl Default for RepetitionOptions {
    fn default() -> Self {
        RepetitionOptions {
            analysis: AnalyzeOptions::default(),
            sentence_threshold: DEFAULT_SENTENCE_THRESHOLD,
            min_sentence_terms: DEFAULT_MIN_SENTENCE_TERMS,
            paragraph_threshold: DEFAULT_PARAGRAPH_THRESHOLD,
            min_sentence_overlap: DEFAULT_MIN_SENTENCE_OVERLAP,
            max_overlapping_sentences: DEFAULT_MAX_OVERLAPPING_SENTENCES,
            min_phrase_words: DEFAULT_MIN_PHRASE_WORDS,
            include_headings: false,
        }
    }
}

/// Everything the draft repeats, each list ranked most repeated first.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Repetition {
    pub sentences: Vec<RepeatedSentences>,
    pub paragraphs: Vec<RedundantParagraphs>,
    pub phrases: Vec<RepeatedPhrase>,
}

impl Repetition {
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty() && self.paragraphs.is_empty() && self.phrases.is_empty()
    }
}

/// A sentence of the draft: its index in [`AnalyzedDocument::sentences`], its
/// paragraph, and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SentenceRef {
    pub index: usize,
    pub paragraph: usize,
    pub span: Span,
}

/// A paragraph of the draft: its index in [`AnalyzedDocument::paragraphs`] and where
/// it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ParagraphRef {
    pub index: usize,
    pub span: Span,
}

/// Two sentences that say the same thing; `first` comes first in the draft.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RepeatedSentences {
    pub first: SentenceRef,
    pub second: SentenceRef,
    /// Binary cosine of their distinct content stems, in (0, 1].
    pub similarity: f64,
    /// The same words in the same order, ignoring case and punctuation.
    pub identical: bool,
}

/// Analyses `text` with `options.analysis`, then runs [`repetition`].
pub fn find_repetition(text: &str, options: &RepetitionOptions) -> Repetition {
    let analyzed = analyze(text, &options.analysis);
    repetition(text, &analyzed, options)
}

/// Everything `text` repeats. `analyzed` must be `text` analysed with
/// `options.analysis`.
pub fn repetition(
    text: &str,
    analyzed: &AnalyzedDocument,
    options: &RepetitionOptions,
) -> Repetition {
    let masked = (options.analysis.format == TextFormat::Markdown).then(|| markdown::mask(text));
    let draft = Draft::new(masked.as_deref().unwrap_or(text), analyzed, options);
    Repetition {
        sentences: repeated_sentences(&draft, options),
        paragraphs: paragraphs::redundant_paragraphs(&draft, options),
        phrases: phrases::repeated_phrases(&draft, options),
    }
}

/// The draft as the finders see it.
pub(crate) struct Draft<'a> {
    /// The text words are read from: the original, or its Markdown mask (same offsets).
    pub text: &'a str,
    pub doc: &'a AnalyzedDocument,
    /// Whether each sentence is compared at all (body text unless headings are on).
    pub included: Vec<bool>,
    /// Distinct content stems of each sentence, sorted.
    pub terms: Vec<Vec<TermId>>,
}

impl<'a> Draft<'a> {
    fn new(text: &'a str, doc: &'a AnalyzedDocument, options: &RepetitionOptions) -> Self {
        let included = doc
            .sentences
            .iter()
            .map(|s| {
                options.include_headings
                    || matches!(s.kind, SentenceKind::Text | SentenceKind::ListItem)
            })
            .collect();
        let terms = doc
            .sentences
            .iter()
            .map(|s| {
                let mut t = s.terms.clone();
                t.sort_unstable();
                t.dedup();
                t
            })
            .collect();
        Draft {
            text,
            doc,
            included,
            terms,
        }
    }

    pub fn sentence(&self, index: usize) -> SentenceRef {
        let s = &self.doc.sentences[index];
        SentenceRef {
            index,
            paragraph: s.paragraph,
            span: s.span,
        }
    }

    /// Binary cosine of the distinct stems of sentences `i` and `j`, in [0, 1].
    pub fn overlap(&self, i: usize, j: usize) -> f64 {
        crate::sorted::binary_cosine(&self.terms[i], &self.terms[j])
    }

    fn identical(&self, i: usize, j: usize) -> bool {
        let words = |k: usize| word_hashes(self.doc.sentences[k].span.slice(self.text));
        words(i) == words(j)
    }
}

/// Sentence pairs at or above the threshold, most similar first, then in draft order.
fn repeated_sentences(draft: &Draft, options: &RepetitionOptions) -> Vec<RepeatedSentences> {
    let eligible: Vec<usize> = (0..draft.terms.len())
        .filter(|&i| draft.included[i] && draft.terms[i].len() >= options.min_sentence_terms.max(1))
        .collect();
    let mut found = Vec::new();
    // All pairs: a few hundred sentences make tens of thousands of short merges,
    // far cheaper than building an index.
    for (a, &i) in eligible.iter().enumerate() {
        for &j in &eligible[a + 1..] {
            let similarity = draft.overlap(i, j);
            if similarity >= options.sentence_threshold {
                found.push(RepeatedSentences {
                    first: draft.sentence(i),
                    second: draft.sentence(j),
                    similarity,
                    identical: draft.identical(i, j),
                });
            }
        }
    }
    found.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then((x.first.index, x.second.index).cmp(&(y.first.index, y.second.index)))
    });
    found
}
