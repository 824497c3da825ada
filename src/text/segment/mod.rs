//! Segmentation: paragraphs (blank-line separated blocks) and sentences.
//!
//! A paragraph is split into lines, lines are grouped into units (headings, list items,
//! datelines, runs of wrapped text) and only runs of text go through the sentence
//! splitter. Single line breaks inside running text are not boundaries, since most
//! plain-text news is hard-wrapped.
//!
//! Markdown is segmented in its mask (see [`markdown`]), and the parser's blocks come
//! first: its headings, list items and table rows are units as they stand, and only
//! its paragraphs are grouped by the line rules (`blocks.rs`).

mod abbrev;
mod blocks;
mod lines;
#[cfg(test)]
mod markdown_tests;
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
    /// A row of a Markdown table (its cells, header row included): never joined with
    /// the next row or the prose around it, and not running text.
    TableRow,
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
    /// Running text, heading, list item, dateline, byline or table row.
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
    /// original, everything but prose replaced by spaces: syntax, code and HTML
    /// blocks, reference definitions, footnote markers); `None` for plain text.
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
    match format {
        TextFormat::Plain => {
            let mut found = Found::default();
            for_each_paragraph(text, &[], |lines| {
                found.paragraph(text, lines, |units| lines::units(text, lines, units));
            });
            found.into_segmentation(None)
        }
        TextFormat::Markdown => segment_markdown(text),
    }
}

/// Markdown: paragraphs and lines are found in the mask, and units never cross the
/// boundary of a block the parser found (a table row, a heading, a list item, a
/// footnote definition's paragraph).
fn segment_markdown(text: &str) -> Segmentation {
    let markdown = markdown::parse(text);
    let masked = markdown.masked.as_str();
    let mut found = Found::default();
    for_each_paragraph(masked, &markdown.tables, |lines| {
        found.paragraph(masked, lines, |units| {
            blocks::units(masked, &markdown.blocks, lines, units);
        });
    });
    found.into_segmentation(Some(markdown.masked))
}

/// Paragraphs and sentences found so far.
#[derive(Default)]
struct Found {
    paragraphs: Vec<Paragraph>,
    sentences: Vec<Sentence>,
    units: Vec<lines::Unit>,
}

impl Found {
    /// Adds the paragraph made of `lines` of `text`, and the sentences of the units
    /// `units_of` groups them into.
    fn paragraph(
        &mut self,
        text: &str,
        lines: &[Line],
        units_of: impl FnOnce(&mut Vec<lines::Unit>),
    ) {
        let index = self.paragraphs.len();
        let first = lines[0].span;
        let last = lines[lines.len() - 1].span;
        self.paragraphs.push(Paragraph {
            span: Span::new(first.start, last.end),
        });
        self.units.clear();
        units_of(&mut self.units);
        for unit in &self.units {
            push_unit(text, unit, index, &mut self.sentences);
        }
    }

    fn into_segmentation(self, masked: Option<String>) -> Segmentation {
        Segmentation {
            paragraphs: self.paragraphs,
            sentences: self.sentences,
            masked,
        }
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
/// whitespace (`\r` included) separate paragraphs, unless they start inside one of
/// `held` (sorted, not overlapping: the tables of a Markdown text, whose delimiter
/// rows are blank in the mask).
fn for_each_paragraph(text: &str, held: &[Span], mut f: impl FnMut(&[Line])) {
    let mut lines: Vec<Line> = Vec::new();
    let mut start = 0;
    while start <= text.len() {
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let span = trim_span(text, Span::new(start, end));
        if span.is_empty() && !inside(held, start) {
            if !lines.is_empty() {
                f(&lines);
                lines.clear();
            }
        } else if !span.is_empty() {
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

/// Whether `offset` lies inside one of `spans` (sorted, not overlapping).
fn inside(spans: &[Span], offset: usize) -> bool {
    let i = spans.partition_point(|s| s.end <= offset);
    spans.get(i).is_some_and(|s| s.start <= offset)
}

/// Shrinks a span so it neither starts nor ends with whitespace.
pub fn trim_span(text: &str, span: Span) -> Span {
    let slice = span.slice(text);
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.end - (slice.len() - slice.trim_end().len());
    Span::new(start, end.max(start))
}
