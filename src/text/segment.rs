//! Segmentation: paragraphs (blank-line separated blocks) and sentences.
//!
//! PLACEHOLDER: a plain UAX#29 split; the abbreviation-aware splitter replaces it.

use super::{markdown, Span, TextFormat};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// What kind of unit a sentence is; summaries prefer running text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    Text,
    Heading,
    ListItem,
}

/// A blank-line separated block of the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub span: Span,
}

/// One sentence (or heading, or list item): a trimmed span inside one paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
    pub kind: SentenceKind,
}

/// The result of segmenting one document.
#[derive(Clone, Debug, Default)]
pub struct Segmentation {
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    /// For Markdown, the masked copy the spans were found in (same byte length as the
    /// original, markup replaced by spaces); `None` for plain text.
    pub masked: Option<String>,
}

impl Segmentation {
    /// The text to tokenize: the masked copy for Markdown, else the original.
    pub fn analysis_text<'a>(&'a self, original: &'a str) -> &'a str {
        self.masked.as_deref().unwrap_or(original)
    }
}

/// Segments `text` into paragraphs and sentences.
pub fn segment(text: &str, format: TextFormat) -> Segmentation {
    let masked = match format {
        TextFormat::Plain => None,
        TextFormat::Markdown => Some(markdown::mask(text)),
    };
    let analysis = masked.as_deref().unwrap_or(text);
    let mut paragraphs = Vec::new();
    let mut sentences = Vec::new();
    let mut offset = 0;
    for block in analysis.split("\n\n") {
        let span = trim_span(analysis, Span::new(offset, offset + block.len()));
        offset += block.len() + 2;
        if span.is_empty() {
            continue;
        }
        let index = paragraphs.len();
        paragraphs.push(Paragraph { span });
        for (start, sentence) in span.slice(analysis).split_sentence_bound_indices() {
            let s = trim_span(
                analysis,
                Span::new(span.start + start, span.start + start + sentence.len()),
            );
            if !s.is_empty() {
                sentences.push(Sentence {
                    span: s,
                    paragraph: index,
                    kind: SentenceKind::Text,
                });
            }
        }
    }
    Segmentation {
        paragraphs,
        sentences,
        masked,
    }
}

/// Shrinks a span so it neither starts nor ends with whitespace.
pub fn trim_span(text: &str, span: Span) -> Span {
    let slice = span.slice(text);
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    Span::new(start, end.max(start))
}
