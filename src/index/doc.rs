//! A document ready to be stored: everything the index keeps about it, computed from
//! its id and text without touching the index (so it can be built in parallel).

use xxhash_rust::xxh3::xxh3_64;

use super::trigram;
use crate::dedup::paragraphs::{self, DEFAULT_MIN_WORDS};
use crate::sketch::{shingle, Sketch, Sketcher};
use crate::text::{segment, Span, TextFormat};

/// Titles longer than this many characters are cut: a "first line" can be a whole
/// unwrapped paragraph.
pub const MAX_TITLE_CHARS: usize = 200;

/// The hash that tells a changed text from an unchanged one (xxh3-64 of its bytes).
pub fn content_hash(text: &str) -> u64 {
    xxh3_64(text.as_bytes())
}

/// One paragraph of a stored document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedParagraph {
    /// Where the paragraph is in the document's text (byte offsets).
    pub span: Span,
    /// Words in the paragraph.
    pub words: usize,
    /// Normalised fingerprint (see `dedup::paragraphs`), for paragraphs of at least
    /// `DEFAULT_MIN_WORDS` words.
    pub fingerprint: Option<u64>,
    /// The hashes of its normalised words, in order: an edited copy is verified on the
    /// 3-word shingles made from them (`trigram`).
    pub hashes: Vec<u64>,
}

/// Everything the index stores about one document.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexedDoc {
    /// Path or JSONL id; unique in the index.
    pub id: String,
    /// First line or heading, trimmed (a web page's own title).
    pub title: Option<String>,
    /// ISO 639-1 code of the language the document was analysed in, when known.
    pub lang: Option<String>,
    /// Size of the text in bytes.
    pub size: usize,
    /// xxh3-64 of the text: an unchanged document is not rewritten.
    pub content_hash: u64,
    /// The document's sketch, under the index's header: shingles, signature, band keys.
    pub sketch: Sketch,
    /// The document's paragraphs, in order.
    pub paragraphs: Vec<IndexedParagraph>,
    /// Sampled 3-word shingles (`trigram::is_sampled`) with the index of the
    /// paragraph holding them; sorted and distinct.
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
        let paragraphs = indexed_paragraphs(text, &spans);
        IndexedDoc {
            id: id.to_string(),
            title: title(text),
            lang: None,
            size: text.len(),
            content_hash: content_hash(text),
            samples: samples(paragraphs.iter().map(|p| p.hashes.as_slice())),
            paragraphs,
            sketch,
        }
    }

    /// The document's 3-word shingle set: the union of its paragraphs'.
    pub fn trigrams(&self) -> Vec<u64> {
        trigram::text_shingles(self.paragraphs.iter().map(|p| p.hashes.as_slice()))
    }
}

/// Every paragraph with its words, fingerprinted when long enough. Each paragraph's
/// words are hashed once, for its fingerprint, its word count and its shingles.
fn indexed_paragraphs(text: &str, spans: &[Span]) -> Vec<IndexedParagraph> {
    spans
        .iter()
        .map(|&span| {
            let hashes = shingle::word_hashes(span.slice(text));
            IndexedParagraph {
                span,
                words: hashes.len(),
                fingerprint: (hashes.len() >= DEFAULT_MIN_WORDS)
                    .then(|| paragraphs::fingerprint(&hashes)),
                hashes,
            }
        })
        .collect()
}

/// The sampled 3-word shingles of each paragraph (given by its word hashes), with
/// the paragraph's index.
pub(super) fn samples<'a>(paragraphs: impl IntoIterator<Item = &'a [u64]>) -> Vec<(u64, i64)> {
    let mut out: Vec<(u64, i64)> = Vec::new();
    for (index, words) in paragraphs.into_iter().enumerate() {
        let set = trigram::shingles(words);
        out.extend(trigram::sampled(&set).iter().map(|&h| (h, index as i64)));
    }
    out.sort_unstable();
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
    fn samples_are_the_paragraphs_sampled_trigrams() {
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
        assert_eq!(doc.paragraphs[1].hashes, shingle::word_hashes(&two));
        let expected: Vec<u64> = trigram::sampled(&doc.trigrams()).to_vec();
        let mut sampled: Vec<u64> = doc.samples.iter().map(|s| s.0).collect();
        sampled.sort_unstable();
        sampled.dedup();
        assert_eq!(
            sampled, expected,
            "exactly the text's sampled 3-word shingles"
        );
        assert!(doc.samples.iter().any(|s| s.1 == 0) && doc.samples.iter().any(|s| s.1 == 1));
        // About one in four of the 58 shingles of each long paragraph.
        let first = doc.samples.iter().filter(|s| s.1 == 0).count();
        assert!((5..=30).contains(&first), "{first}");
    }
}
