//! Paragraphs that recur across documents, verbatim or nearly (boilerplate, wire copy
//! reused with a figure or a name changed).
//!
//! Each paragraph of enough words gets a fingerprint of its normalised words and a
//! set of word-pair shingles. Paragraphs with equal fingerprints collapse into one
//! distinct paragraph as they arrive (their similarity is 1, nothing to compare), so
//! a boilerplate line found in 10,000 documents is kept, sketched and compared once.
//! [`super::paragraph_groups`] links the distinct paragraphs into groups.

use rustc_hash::FxHashMap;

use crate::sketch::shingle::{shingles, word_hashes};
use crate::sketch::{Header, Sketcher};
use crate::text::Span;
use xxhash_rust::xxh3::xxh3_64;

/// Default minimum paragraph length, in words, for a paragraph to be compared.
pub const DEFAULT_MIN_WORDS: usize = 8;

/// Default `--paragraph-threshold`: the exact Jaccard similarity two paragraphs'
/// shingle sets need to be linked.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// Shingle length for paragraphs, in words (lowered to `--ngram` when that is
/// smaller). Articles use 5-word shingles, but a paragraph is short: one changed word
/// removes up to n of its shingles and adds n new ones, so a paragraph of w words
/// with one word changed has Jaccard (w - 2n + 1) / (w + 1). At 0.8 that takes 50
/// words with n = 5, 29 with n = 3 and 19 with n = 2. On the BBC development
/// articles (5,629 paragraphs of 8 words or more, 30% under 29 words) one changed
/// middle word keeps 91% of paragraphs at 0.8 with word pairs, 70% with 3-word
/// shingles and 62% with 5. Word pairs still keep word order: stock words and stock
/// pairs ("of the", "said on") are a few of a paragraph's pairs, and all 11 distinct
/// pairs of BBC paragraphs at 0.8 with word pairs are real near-copies (a word
/// changed, a team line-up with one player swapped), where single words (bags of
/// words) would link texts that share a vocabulary. `benches/paragraph_dedup.py`
/// repeats the measurement.
pub const PARAGRAPH_NGRAM: usize = 2;

/// How paragraphs are compared: what is shingled, how it is sketched, and the bar.
#[derive(Clone, Debug)]
pub struct ParagraphOptions {
    /// Link two paragraphs whose exact Jaccard similarity is at least this.
    pub threshold: f64,
    /// Shorter paragraphs are ignored.
    pub min_words: usize,
    /// Under the paragraph header: shingle length, and bands for `threshold`.
    pub sketcher: Sketcher,
}

impl ParagraphOptions {
    /// Paragraph settings beside the documents' sketch `header`: the same seed and
    /// permutations, the paragraph shingle length, bands chosen for `threshold`.
    pub fn new(threshold: f64, min_words: usize, header: &Header) -> Self {
        let ngram = header.ngram.clamp(1, PARAGRAPH_NGRAM);
        let header = Header::new(ngram, header.perms, header.seed, threshold, None);
        ParagraphOptions {
            threshold,
            min_words: min_words.max(1),
            sketcher: Sketcher::new(header),
        }
    }

    /// The paragraph header (shingle length, bands and rows).
    pub fn header(&self) -> &Header {
        &self.sketcher.header
    }

    /// The paragraphs of one document (at `spans`) with at least `min_words` words,
    /// fingerprinted and shingled; `document` is left at 0 for the corpus to set.
    pub fn prints(&self, text: &str, spans: &[Span]) -> Vec<ParagraphPrint> {
        spans
            .iter()
            .enumerate()
            .filter_map(|(paragraph, &span)| {
                let words = word_hashes(span.slice(text));
                (words.len() >= self.min_words).then(|| ParagraphPrint {
                    hash: fingerprint(&words),
                    document: 0,
                    paragraph,
                    span,
                    words: words.len(),
                    shingles: shingles(&words, self.header().ngram),
                })
            })
            .collect()
    }
}

/// One fingerprinted paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphPrint {
    /// Fingerprint of the paragraph's normalised words: equal for paragraphs with the
    /// same words, whatever their case and punctuation.
    pub hash: u64,
    /// Index of the document; [`Corpus::push`](crate::dedup::Corpus::push) sets it,
    /// whatever it was.
    pub document: usize,
    /// Index of the paragraph in its document (0-based).
    pub paragraph: usize,
    /// Where the paragraph is in its document's text (byte offsets).
    pub span: Span,
    /// Words in the paragraph.
    pub words: usize,
    /// Distinct shingle hashes, sorted.
    pub shingles: Vec<u64>,
}

/// The fingerprint of a paragraph's word hashes: xxh3-64 of them, little-endian.
/// Stored in the index, so it must not change.
pub fn fingerprint(words: &[u64]) -> u64 {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    xxh3_64(&bytes)
}

/// Where a paragraph occurs, and which distinct paragraph it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub document: usize,
    pub paragraph: usize,
    pub span: Span,
    pub words: usize,
    /// Index of its distinct paragraph, numbered by first occurrence.
    pub distinct: u32,
}

/// The paragraphs of a corpus in input order, equal ones collapsed: memory grows
/// with the occurrences plus the shingles of the distinct paragraphs only.
#[derive(Clone, Debug, Default)]
pub struct Paragraphs {
    occurrences: Vec<Occurrence>,
    /// Shingle sets of the distinct paragraphs.
    shingles: Vec<Vec<u64>>,
    by_fingerprint: FxHashMap<u64, u32>,
}

impl Paragraphs {
    /// Adds the next paragraph (documents in input order, paragraphs in order).
    /// Equal fingerprints mean equal normalised words (xxh3-64: a collision is
    /// vanishingly unlikely), so equal shingle sets: only the first set is kept.
    pub fn push(&mut self, print: ParagraphPrint) {
        let next = self.shingles.len() as u32;
        let distinct = *self.by_fingerprint.entry(print.hash).or_insert(next);
        if distinct == next {
            self.shingles.push(print.shingles);
        }
        self.occurrences.push(Occurrence {
            document: print.document,
            paragraph: print.paragraph,
            span: print.span,
            words: print.words,
            distinct,
        });
    }

    /// Every occurrence, in input order.
    pub fn occurrences(&self) -> &[Occurrence] {
        &self.occurrences
    }

    /// Shingle sets of the distinct paragraphs, in order of first occurrence.
    pub fn distinct(&self) -> &[Vec<u64>] {
        &self.shingles
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sketch::DEFAULT_SEED;

    /// The blank-line separated paragraphs of `text`.
    pub(crate) fn spans(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0;
        for part in text.split("\n\n") {
            out.push(Span::new(start, start + part.len()));
            start += part.len() + 2;
        }
        out
    }

    fn options() -> ParagraphOptions {
        ParagraphOptions::new(0.8, 8, &Header::new(5, 64, DEFAULT_SEED, 0.8, None))
    }

    #[test]
    fn short_paragraphs_are_skipped_and_the_rest_shingled_in_word_pairs() {
        let text = "Short one.\n\nA longer paragraph about fishing boats in the harbour.";
        let prints = options().prints(text, &spans(text));
        assert_eq!(prints.len(), 1);
        assert_eq!(prints[0].paragraph, 1);
        assert_eq!(prints[0].words, 9);
        assert_eq!(prints[0].shingles.len(), 8, "9 words make 8 word pairs");
        assert_eq!(options().header().ngram, PARAGRAPH_NGRAM);
        let words = ParagraphOptions::new(0.8, 8, &Header::new(1, 64, 1, 0.8, None));
        assert_eq!(words.header().ngram, 1, "never longer than --ngram");
    }

    #[test]
    fn equal_paragraphs_collapse_into_one_distinct_paragraph() {
        let boiler = "Copyright 2026 the Halden Courier, all rights reserved worldwide.";
        let a = format!("Port news today from the harbour board meeting room.\n\n{boiler}");
        let b = format!(
            "{}\n\nOther news from the farm council meeting today.",
            boiler.to_uppercase()
        );
        let mut paragraphs = Paragraphs::default();
        for (document, text) in [&a, &b].into_iter().enumerate() {
            for print in options().prints(text, &spans(text)) {
                paragraphs.push(ParagraphPrint { document, ..print });
            }
        }
        assert_eq!(paragraphs.occurrences().len(), 4);
        assert_eq!(paragraphs.distinct().len(), 3);
        let distinct: Vec<u32> = paragraphs
            .occurrences()
            .iter()
            .map(|o| o.distinct)
            .collect();
        assert_eq!(distinct, vec![0, 1, 1, 2]);
    }
}
