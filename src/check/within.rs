//! Repetition within one draft: the options, the result types, the entry points, and
//! the draft as the finders see it.
//!
//! Only body text is compared by default: a headline, dateline or byline echoing the
//! lede is how news is written, not a fault of the draft.

use serde::Serialize;

use super::candidates::Rows;
use super::paragraphs::{self, RedundantParagraphs};
use super::phrases::{self, RepeatedPhrase};
use super::sentences;
use crate::sketch::shingle::word_hashes;
use crate::text::{analyze, AnalyzeOptions, AnalyzedDocument, SentenceKind, Span};

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
/// Default number of earlier sentences (paragraphs) a sentence (paragraph) is reported
/// against. Twice the most seen in a normal article: a BBC list of award winners has
/// a sentence nearly repeating 16 others.
pub const DEFAULT_MAX_PARTNERS: usize = 32;
/// Default number of earlier sentences (paragraphs) a sentence (paragraph) is compared
/// with: every one in a draft of up to this many.
pub const DEFAULT_MAX_CANDIDATES: usize = 1024;

/// Bounds that keep the search for repetition about linear in the draft's size.
/// Ordinary drafts stay below them and get every pair there is; a huge or degenerate
/// draft (thousands of near-identical lines) gets, for each sentence and paragraph,
/// the most similar of the earlier ones that share its rarest terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RepetitionLimits {
    /// Most earlier sentences (paragraphs) one sentence (paragraph) is reported
    /// against, the most similar kept ([`DEFAULT_MAX_PARTNERS`]).
    pub max_partners: usize,
    /// Most earlier sentences (paragraphs) one sentence (paragraph) is compared with,
    /// found through its rarest terms ([`DEFAULT_MAX_CANDIDATES`]).
    pub max_candidates: usize,
}

impl Default for RepetitionLimits {
    fn default() -> Self {
        RepetitionLimits {
            max_partners: DEFAULT_MAX_PARTNERS,
            max_candidates: DEFAULT_MAX_CANDIDATES,
        }
    }
}

/// What counts as repetition.
#[derive(Clone, Copy, Debug)]
pub struct RepetitionOptions {
    /// How the draft is analysed: its format (Markdown markup is ignored) and its
    /// language (stems for sentences and paragraphs, stopwords for phrases).
    /// [`repetition`] assumes the document it is given was analysed with these.
    pub analysis: AnalyzeOptions,
    /// Binary cosine of distinct stems at or above which two sentences repeat
    /// ([`DEFAULT_SENTENCE_THRESHOLD`]); they must share a stem whatever the threshold.
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
    /// How far the search for similar sentences and paragraphs goes.
    pub limits: RepetitionLimits,
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
            limits: RepetitionLimits::default(),
        }
    }
}

/// Everything the draft repeats, each list ranked most repeated first.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Repetition {
    /// Pairs of sentences that say the same thing.
    pub sentences: Vec<RepeatedSentences>,
    /// Pairs of paragraphs that cover the same ground.
    pub paragraphs: Vec<RedundantParagraphs>,
    /// Phrases of [`RepetitionOptions::min_phrase_words`] or more words used more than once.
    pub phrases: Vec<RepeatedPhrase>,
    /// The draft repeats itself so much (a word said back to back thousands of times)
    /// that the phrase search stopped before the end: `phrases` is not all of them.
    pub phrases_cut_short: bool,
}

impl Repetition {
    /// Whether nothing at all is repeated.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty() && self.paragraphs.is_empty() && self.phrases.is_empty()
    }
}

/// A sentence of the draft: its index in [`AnalyzedDocument::sentences`], its
/// paragraph, and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SentenceRef {
    /// Index into [`AnalyzedDocument::sentences`].
    pub index: usize,
    /// Index of its paragraph in [`AnalyzedDocument::paragraphs`].
    pub paragraph: usize,
    /// Where the sentence is in the draft.
    pub span: Span,
}

/// A paragraph of the draft: its index in [`AnalyzedDocument::paragraphs`] and where
/// it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ParagraphRef {
    /// Index into [`AnalyzedDocument::paragraphs`].
    pub index: usize,
    /// Where the paragraph is in the draft.
    pub span: Span,
}

/// Two sentences that say the same thing; `first` comes first in the draft.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RepeatedSentences {
    /// The earlier sentence.
    pub first: SentenceRef,
    /// The later sentence.
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
    let draft = Draft::new(analyzed.analysis_text(text), analyzed, options);
    // Phrases first: their working memory (every word of the draft) is the largest,
    // and is best spent before the other lists exist.
    let (phrases, phrases_cut_short) = phrases::repeated_phrases(&draft, options);
    Repetition {
        sentences: sentences::repeated_sentences(&draft, options),
        paragraphs: paragraphs::redundant_paragraphs(&draft, options),
        phrases,
        phrases_cut_short,
    }
}

/// The draft as the finders see it.
pub(crate) struct Draft<'a> {
    /// The text words are read from: the original, or its Markdown mask (same offsets).
    pub text: &'a str,
    pub doc: &'a AnalyzedDocument,
    /// Whether each sentence is compared at all (body text unless headings are on).
    pub included: Vec<bool>,
    /// Distinct content stems of each sentence as ranks, sorted: rank 0 is the stem in
    /// fewest sentences (ties to the first seen), so each list starts with the
    /// sentence's rarest stems.
    pub terms: Rows<u32>,
    /// How many distinct stems the draft has (ranks are below this).
    pub stems: usize,
}

impl<'a> Draft<'a> {
    pub fn new(text: &'a str, doc: &'a AnalyzedDocument, options: &RepetitionOptions) -> Self {
        let included = doc
            .sentences
            .iter()
            .map(|s| {
                options.include_headings
                    || matches!(s.kind, SentenceKind::Text | SentenceKind::ListItem)
            })
            .collect();
        let (terms, stems) = ranked_terms(doc);
        Draft {
            text,
            doc,
            included,
            terms,
            stems,
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

    /// The hashes of sentence `i`'s folded words
    /// ([`Words::Folded`](crate::text::words::Words::Folded)), as shingles hash them:
    /// two sentences are identical when these are equal.
    pub fn words(&self, i: usize) -> Vec<u64> {
        word_hashes(self.doc.sentences[i].span.slice(self.text))
    }

    pub fn identical(&self, i: usize, j: usize) -> bool {
        self.words(i) == self.words(j)
    }
}

/// The distinct stems of each sentence as ranks by rarity (see [`Draft::terms`]), and
/// the number of distinct stems.
fn ranked_terms(doc: &AnalyzedDocument) -> (Rows<u32>, usize) {
    let mut df: Vec<u32> = Vec::new();
    let mut sets = Rows::new();
    for sentence in &doc.sentences {
        sentence.terms.iter().for_each(|&term| sets.push(term));
        sets.sort_dedup_open_row();
        sets.end_row();
        let set = &sets[sets.len() - 1];
        if let Some(&last) = set.last() {
            df.resize(df.len().max(last as usize + 1), 0);
        }
        set.iter().for_each(|&t| df[t as usize] += 1);
    }
    let mut order: Vec<u32> = (0..df.len() as u32).collect();
    order.sort_unstable_by_key(|&t| (df[t as usize], t));
    let mut rank = vec![0u32; order.len()];
    for (r, &t) in order.iter().enumerate() {
        rank[t as usize] = r as u32;
    }
    sets.map_sorted(|t| rank[t as usize]);
    (sets, df.len())
}
