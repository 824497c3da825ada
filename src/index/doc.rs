//! A document ready to be stored: everything the index keeps about it, computed from
//! its id and text without touching the index (so it can be built in parallel).

use xxhash_rust::xxh3::xxh3_64;

use crate::dedup::candidates::is_sampled;
use crate::dedup::paragraphs::{self, DEFAULT_MIN_WORDS};
use crate::sketch::{shingle, Sketch, Sketcher};
use crate::text::{segment, Span, TextFormat};

/// Titles longer than this many characters are cut: a "first line" can be a whole
/// unwrapped paragraph.
pub const MAX_TITLE_CHARS: usize = 200;

/// Paragraph index stored for a sampled shingle that spans two paragraphs.
pub const NO_PARAGRAPH: i64 = -1;

/// The hash that tells a changed text from an unchanged one (xxh3-64 of its bytes).
pub fn content_hash(text: &str) -> u64 {
    xxh3_64(text.as_bytes())
}

/// One paragraph of a stored document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexedParagraph {
    pub span: Span,
    pub words: usize,
    /// Normalised fingerprint (see `dedup::paragraphs`), for paragraphs of at least
    /// `DEFAULT_MIN_WORDS` words.
    pub fingerprint: Option<u64>,
}

/// Everything the index stores about one document.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexedDoc {
    /// Path or JSONL id; unique in the index.
    pub id: String,
    /// First line or heading, trimmed.
    pub title: Option<String>,
    /// Size of the text in bytes.
    pub size: usize,
    /// xxh3-64 of the text: an unchanged document is not rewritten.
    pub content_hash: u64,
    pub sketch: Sketch,
    pub paragraphs: Vec<IndexedParagraph>,
    /// Sampled shingles with the index of the paragraph holding them, or
    /// `NO_PARAGRAPH`; sorted and distinct.
    pub samples: Vec<(u64, i64)>,
}

impl IndexedDoc {
    /// Sketches and fingerprints `text` under the sketcher's header.
    pub fn build(sketcher: &Sketcher, id: &str, text: &str, format: TextFormat) -> IndexedDoc {
        let sketch = sketcher.sketch(text);
        let spans: Vec<Span> = segment::segment(text, format)
            .paragraphs
            .iter()
            .map(|p| p.span)
            .collect();
        // Each paragraph's words are hashed once, for its fingerprint, its word count
        // and its shingles.
        let words: Vec<Vec<u64>> = spans
            .iter()
            .map(|span| shingle::word_hashes(span.slice(text)))
            .collect();
        let samples = samples(&words, &sketch.shingles, sketcher.header.ngram);
        IndexedDoc {
            id: id.to_string(),
            title: title(text),
            size: text.len(),
            content_hash: content_hash(text),
            paragraphs: indexed_paragraphs(&spans, &words),
            sketch,
            samples,
        }
    }
}

/// Every paragraph with its word count, fingerprinted when long enough; `words` holds
/// each paragraph's word hashes.
fn indexed_paragraphs(spans: &[Span], words: &[Vec<u64>]) -> Vec<IndexedParagraph> {
    spans
        .iter()
        .zip(words)
        .map(|(&span, words)| IndexedParagraph {
            span,
            words: words.len(),
            fingerprint: (words.len() >= DEFAULT_MIN_WORDS).then(|| paragraphs::fingerprint(words)),
        })
        .collect()
}

/// The document's sampled shingles, each with the paragraph it lies in (`words` holds
/// each paragraph's word hashes). Shingles are made per paragraph and kept only when
/// the whole-text set has them too (a paragraph shorter than n words has a shingle of
/// its own that the text does not); sampled shingles of the text found in no
/// paragraph span a paragraph break.
fn samples(words: &[Vec<u64>], shingles: &[u64], ngram: usize) -> Vec<(u64, i64)> {
    let mut out: Vec<(u64, i64)> = Vec::new();
    for (index, words) in words.iter().enumerate() {
        let found = shingle::shingles(words, ngram)
            .into_iter()
            .take_while(|&h| is_sampled(h))
            .filter(|h| shingles.binary_search(h).is_ok());
        out.extend(found.map(|h| (h, index as i64)));
    }
    out.sort_unstable();
    let across: Vec<(u64, i64)> = shingles
        .iter()
        .take_while(|&&h| is_sampled(h))
        .filter(|&&h| out.binary_search_by_key(&h, |&(s, _)| s).is_err())
        .map(|&h| (h, NO_PARAGRAPH))
        .collect();
    out.extend(across);
    out.sort_unstable();
    out.dedup();
    out
}

/// The first non-blank line, without Markdown heading marks, cut to
/// `MAX_TITLE_CHARS`.
pub fn title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = line.trim_start_matches('#').trim();
    if line.is_empty() {
        return None;
    }
    Some(line.chars().take(MAX_TITLE_CHARS).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::Header;

    #[test]
    fn titles_are_first_lines_or_headings() {
        assert_eq!(
            title("\n\n  # Port expands \nBody"),
            Some("Port expands".into())
        );
        assert_eq!(
            title("Plain first line\n\nmore"),
            Some("Plain first line".into())
        );
        assert_eq!(title("   \n \n"), None);
        assert_eq!(title(&"x".repeat(500)).unwrap().len(), MAX_TITLE_CHARS);
    }

    #[test]
    fn samples_belong_to_their_paragraphs_and_the_text() {
        let sketcher = Sketcher::new(Header::new(2, 64, 1, 0.8, None));
        let one: String = (0..60).map(|i| format!("alpha{i} ")).collect();
        let two: String = (0..60).map(|i| format!("beta{i} ")).collect();
        let text = format!("{one}\n\n{two}\n\nShort.");
        let doc = IndexedDoc::build(&sketcher, "a", &text, TextFormat::Plain);
        assert_eq!(doc.paragraphs.len(), 3);
        assert!(doc.paragraphs[0].fingerprint.is_some());
        assert_eq!(
            (doc.paragraphs[2].words, doc.paragraphs[2].fingerprint),
            (1, None)
        );
        let expected: Vec<u64> = doc
            .sketch
            .shingles
            .iter()
            .copied()
            .filter(|&h| is_sampled(h))
            .collect();
        let mut sampled: Vec<u64> = doc.samples.iter().map(|s| s.0).collect();
        sampled.dedup();
        assert_eq!(sampled, expected, "exactly the text's sampled shingles");
        assert!(doc.samples.iter().any(|s| s.1 == 0) && doc.samples.iter().any(|s| s.1 == 1));
    }
}
