//! Segmentation: paragraphs (blank-line separated blocks) and sentences.
//!
//! A paragraph is split into lines, lines are grouped into units (headings, list items,
//! datelines, runs of wrapped text) and only runs of text go through the sentence
//! splitter. Single line breaks inside running text are not boundaries, since most
//! plain-text news is hard-wrapped.

mod abbrev;
mod lines;
mod sentences;
#[cfg(test)]
mod tests;

use super::{markdown, Span, TextFormat};
use lines::Line;
use serde::Serialize;

/// What kind of unit a sentence is; summaries prefer running text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    /// A sentence of running text.
    Text,
    /// A heading: a Markdown heading, or a short line standing alone as a title.
    Heading,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A dateline on its own line ("LONDON, Nov 26 (Reuters) -").
    Dateline,
    /// A byline on its own line ("By Jane Smith").
    Byline,
}

/// A blank-line separated block of the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// Where the paragraph is in the original text: from the start of its first line
    /// to the end of its last.
    pub span: Span,
}

/// One sentence (or heading, or list item): a trimmed span inside one paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Where the sentence is in the original text, trimmed.
    pub span: Span,
    /// Index of its paragraph in [`Segmentation::paragraphs`].
    pub paragraph: usize,
    /// Running text, heading, list item, dateline or byline.
    pub kind: SentenceKind,
}

/// The result of segmenting one document.
#[derive(Clone, Debug, Default)]
pub struct Segmentation {
    /// The paragraphs, in text order.
    pub paragraphs: Vec<Paragraph>,
    /// The sentences, in text order.
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
    // Markdown headings are recognised on the original, whose `#`s the mask removed.
    let original = masked.is_some().then_some(text);
    let mut paragraphs = Vec::new();
    let mut sentences = Vec::new();
    let mut units = Vec::new();
    for_each_paragraph(analysis, |lines| {
        let index = paragraphs.len();
        let first = lines[0].span;
        let last = lines[lines.len() - 1].span;
        paragraphs.push(Paragraph {
            span: Span::new(first.start, last.end),
        });
        units.clear();
        lines::units(analysis, original, lines, &mut units);
        for unit in &units {
            push_unit(analysis, unit, index, &mut sentences);
        }
    });
    Segmentation {
        paragraphs,
        sentences,
        masked,
    }
}

/// Adds one unit: running text is split into sentences, other kinds stay whole.
fn push_unit(text: &str, unit: &lines::Unit, paragraph: usize, out: &mut Vec<Sentence>) {
    let mut push = |span: Span, kind| {
        let span = trim_span(text, span);
        if !span.is_empty() {
            out.push(Sentence {
                span,
                paragraph,
                kind,
            });
        }
    };
    if unit.kind != SentenceKind::Text {
        push(unit.span, unit.kind);
        return;
    }
    let base = unit.span.start;
    sentences::split(unit.span.slice(text), |start, end| {
        push(Span::new(base + start, base + end), SentenceKind::Text)
    });
}

/// Calls `f` with the trimmed, non-blank lines of each paragraph; lines holding only
/// whitespace (`\r` included) separate paragraphs.
fn for_each_paragraph(text: &str, mut f: impl FnMut(&[Line])) {
    let mut lines: Vec<Line> = Vec::new();
    let mut start = 0;
    while start <= text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let span = trim_span(text, Span::new(start, end));
        if span.is_empty() {
            if !lines.is_empty() {
                f(&lines);
                lines.clear();
            }
        } else {
            lines.push(Line {
                span,
                indent: span.start - start,
            });
        }
        start = end + 1;
    }
    if !lines.is_empty() {
        f(&lines);
    }
}

/// Shrinks a span so it neither starts nor ends with whitespace.
pub fn trim_span(text: &str, span: Span) -> Span {
    let slice = span.slice(text);
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    Span::new(start, end.max(start))
}
