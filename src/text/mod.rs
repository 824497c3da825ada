//! Text analysis: a document becomes paragraphs, sentences and tokens.
//!
//! Every piece carries byte offsets into the *original* text, so anything reported
//! later (a summary sentence, a repeated paragraph) can be located and printed verbatim.
//! Markdown is analysed through a masked copy of the same byte length (markup replaced
//! by spaces), which keeps offsets identical between the two.
//!
//! ```
//! use copydesk::text::{analyze, detect, AnalyzeOptions, Language, SentenceKind, TextFormat};
//!
//! let draft = "# Harbour expands\n\nDr. Ames said the port will grow. It needs money.";
//! let language = detect(draft, Language::English).language;
//! let options = AnalyzeOptions { format: TextFormat::Markdown, language };
//! let doc = analyze(draft, &options);
//! assert_eq!(doc.paragraphs.len(), 2);
//! let kinds: Vec<SentenceKind> = doc.sentences.iter().map(|s| s.kind).collect();
//! assert_eq!(kinds, [SentenceKind::Heading, SentenceKind::Text, SentenceKind::Text]);
//! // Spans index the original text; "Dr." does not end a sentence.
//! assert_eq!(doc.sentences[1].span.slice(draft), "Dr. Ames said the port will grow.");
//! assert_eq!(doc.sentences[2].words, 3);
//! ```

pub(crate) mod detect;
pub(crate) mod lang;
pub(crate) mod location;
pub(crate) mod markdown;
pub(crate) mod markup;
pub(crate) mod segment;
pub(crate) mod tokenize;
pub mod words;

use serde::Serialize;

pub use detect::{detect, Detection};
pub use lang::{Language, UnknownLanguage};
pub use location::{LineColumn, Location, Locator};
pub use segment::{segment, Paragraph, Segmentation, Sentence, SentenceKind};
pub use tokenize::TermId;

/// A half-open byte range `[start, end)` into the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// Byte offset of the first byte, on a char boundary.
    pub start: usize,
    /// Byte offset just past the last byte, on a char boundary; `start <= end`.
    pub end: usize,
}

impl Span {
    /// The span `[start, end)`; `start` must not be past `end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers. Spans are always made on char boundaries.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// How the input text is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextFormat {
    /// Plain text: paragraphs are separated by blank lines.
    #[default]
    Plain,
    /// Markdown (CommonMark): markup is not part of any sentence, and headings and
    /// list items are units of their own.
    Markdown,
}

/// A sentence ready for ranking: where it is, what kind of unit it is, and its terms.
#[derive(Clone, Debug)]
pub struct AnalyzedSentence {
    /// Where the sentence is in the original text.
    pub span: Span,
    /// Index of the paragraph (blank-line separated block) holding the sentence.
    pub paragraph: usize,
    /// Running text, heading, list item, dateline or byline.
    pub kind: SentenceKind,
    /// Stemmed, lowercased content terms (stopwords removed), in text order, numbered
    /// within the document: equal ids mean equal stems, and ids count up from 0 in
    /// order of first appearance in the document, whatever thread analysed it.
    pub terms: Vec<TermId>,
    /// Number of words in the sentence, stopwords included (word budgets count these).
    pub words: usize,
}

/// A whole document after analysis.
#[derive(Clone, Debug, Default)]
pub struct AnalyzedDocument {
    /// The paragraphs, in text order.
    pub paragraphs: Vec<Paragraph>,
    /// The sentences, in text order; each lies inside its paragraph.
    pub sentences: Vec<AnalyzedSentence>,
    /// For Markdown, the masked copy of the text the words were read from (same byte
    /// length, everything but prose replaced by spaces); `None` for plain text.
    pub masked: Option<String>,
}

impl AnalyzedDocument {
    /// The text the words were read from: the Markdown mask, else `original` (the text
    /// this document was analysed from). Offsets are the same in both.
    pub fn analysis_text<'a>(&'a self, original: &'a str) -> &'a str {
        self.masked.as_deref().unwrap_or(original)
    }
}

/// Analysis settings.
#[derive(Clone, Copy, Debug, Default)]
pub struct AnalyzeOptions {
    /// How the text is written.
    pub format: TextFormat,
    /// The language whose stemmer and stopwords make the terms.
    pub language: Language,
}

/// Runs the whole pipeline: segmentation, then tokenization of each sentence.
pub fn analyze(text: &str, options: &AnalyzeOptions) -> AnalyzedDocument {
    let segmentation = segment::segment(text, options.format);
    let analysis_text = segmentation.analysis_text(text);
    let sentences = tokenize::with_analyzer(options.language, |analyzer| {
        // Terms are gathered in one reused buffer and copied out at their final size,
        // one allocation per sentence instead of a growing vector's several.
        let mut scratch = Vec::new();
        segmentation
            .sentences
            .iter()
            .map(|s| analyze_sentence(analyzer, analysis_text, s, &mut scratch))
            .collect()
    });
    AnalyzedDocument {
        paragraphs: segmentation.paragraphs,
        sentences,
        masked: segmentation.masked,
    }
}

fn analyze_sentence(
    analyzer: &mut tokenize::DocumentAnalyzer<'_>,
    text: &str,
    sentence: &Sentence,
    scratch: &mut Vec<TermId>,
) -> AnalyzedSentence {
    scratch.clear();
    let words = analyzer.terms_into(text, sentence.span, scratch);
    AnalyzedSentence {
        span: sentence.span,
        paragraph: sentence.paragraph,
        kind: sentence.kind,
        terms: scratch.as_slice().into(),
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term_ids(doc: &AnalyzedDocument) -> Vec<Vec<TermId>> {
        doc.sentences.iter().map(|s| s.terms.clone()).collect()
    }

    #[test]
    fn a_documents_term_ids_do_not_depend_on_what_its_thread_analysed_before() {
        let options = AnalyzeOptions::default();
        let draft = "Port fees rose again. The port authority said the fees pay for \
                     dredging.\n\nDredging starts in May, the authority said.";
        let before = [
            "Authority figures said dredging the river costs more than fees bring in.",
            "Fees, fees and more fees. Rising ports, rising seas.",
        ];
        // On a fresh thread, with nothing analysed before.
        let alone = std::thread::spawn(move || term_ids(&analyze(draft, &options)))
            .join()
            .expect("analysis thread");
        let flat: Vec<TermId> = alone.concat();
        let distinct = flat.iter().max().map_or(0, |&m| m as usize + 1);
        assert!(distinct > 5 && flat[0] == 0, "{alone:?}");
        // Ids count up by first appearance: each new id is the next one.
        let mut next = 0;
        for &id in &flat {
            assert!(id <= next, "{alone:?}");
            next = next.max(id + 1);
        }
        for other in before {
            analyze(other, &options);
            assert_eq!(
                term_ids(&analyze(draft, &options)),
                alone,
                "after {other:?}"
            );
        }
    }

    #[test]
    fn a_markdown_document_keeps_the_mask_its_words_were_read_from() {
        let text = "# Port **fees** rose\n\nSee [the report](https://example.org/report).\n";
        let markdown = AnalyzeOptions {
            format: TextFormat::Markdown,
            ..AnalyzeOptions::default()
        };
        let doc = analyze(text, &markdown);
        let masked = doc.analysis_text(text);
        assert_eq!(masked.len(), text.len());
        assert!(
            !masked.contains("**") && !masked.contains("example.org"),
            "{masked:?}"
        );
        assert!(
            masked.contains("fees") && masked.contains("the report"),
            "{masked:?}"
        );
        let plain = analyze(text, &AnalyzeOptions::default());
        assert!(plain.masked.is_none());
        assert_eq!(plain.analysis_text(text), text);
    }
}
