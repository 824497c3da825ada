//! Places in a text as people and tools name them: 1-based line and column, the
//! column counted in characters (Unicode scalar values), as compilers print them and
//! SARIF's `unicodeCodePoints` column kind reads them.
//!
//! A line ends at `\n` (a `\r` before it belongs to the line). An end position is
//! exclusive: `end_line:end_column` is the place just after the last character, as
//! in SARIF regions and editor ranges.

use serde::Serialize;

use super::Span;

/// Bytes per checkpoint of the character count: locating an offset then counts at
/// most this many bytes, whatever the length of its line (a 64 MiB draft can be one
/// line).
const BLOCK: usize = 4096;

/// A 1-based line and character column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineColumn {
    /// Line number, from 1.
    pub line: usize,
    /// Column, from 1, counted in characters.
    pub column: usize,
}

/// A span with the line and column of both ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset of the end (exclusive).
    pub end: usize,
    /// Line of the start, from 1.
    pub line: usize,
    /// Column of the start, from 1, in characters.
    pub column: usize,
    /// Line of the end, from 1.
    pub end_line: usize,
    /// Column just after the last character, from 1, in characters.
    pub end_column: usize,
}

/// Answers "which line and column is byte offset x?" for one text, in time bounded
/// by `BLOCK` plus a binary search.
pub struct Locator<'t> {
    text: &'t str,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
    /// Characters before the start of each block.
    chars_before_block: Vec<usize>,
    /// Bytes at the start of the text that are no characters of its first line (a
    /// byte-order mark blanked when the text was read).
    skip: usize,
}

impl<'t> Locator<'t> {
    /// Indexes the line starts and character counts of `text`, once.
    pub fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
            .collect();
        let mut chars_before_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0;
        for block in bytes.chunks(BLOCK) {
            chars_before_block.push(count);
            count += char_starts(block);
        }
        chars_before_block.push(count);
        Locator {
            text,
            line_starts,
            chars_before_block,
            skip: 0,
        }
    }

    /// Columns of the first line counted after its first `bytes` bytes: the three
    /// spaces that stand for a byte-order mark, which editors do not show.
    pub fn skipping(mut self, bytes: usize) -> Self {
        self.skip = bytes.min(self.text.len());
        self
    }

    /// The line and column of byte `offset` (clamped to the text's length).
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = match line {
            1 => self.skip.min(offset),
            _ => self.line_starts[line - 1],
        };
        LineColumn {
            line,
            column: self.chars_before(offset) - self.chars_before(start) + 1,
        }
    }

    /// `span` with the line and column of both ends.
    pub fn locate(&self, span: Span) -> Location {
        let start = self.line_column(span.start);
        let end = self.line_column(span.end);
        Location {
            start: span.start,
            end: span.end,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }

    /// Characters that start before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let from = block * BLOCK;
        self.chars_before_block[block] + char_starts(&self.text.as_bytes()[from..offset])
    }
}

/// Bytes that start a character (every byte but UTF-8 continuation bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line and column found by walking the text character by character.
    fn walked(text: &str, offset: usize) -> LineColumn {
        let (mut line, mut column) = (1, 1);
        for (i, c) in text.char_indices() {
            if i >= offset {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        LineColumn { line, column }
    }

    #[test]
    fn lines_and_columns_count_characters_from_one() {
        let text = "Première ligne\r\nZweite Zeile — mit Strich\n\nvierte";
        let locator = Locator::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(
                locator.line_column(offset),
                walked(text, offset),
                "{offset}"
            );
        }
        let start = text.find("Strich").unwrap();
        let location = locator.locate(Span::new(start, start + "Strich".len()));
        assert_eq!((location.line, location.column), (2, 20));
        assert_eq!((location.end_line, location.end_column), (2, 26));
    }

    #[test]
    fn offsets_far_into_one_long_line_are_located_across_blocks() {
        let text = "é".repeat(3 * BLOCK) + "\nend";
        let locator = Locator::new(&text);
        for offset in [0, BLOCK, BLOCK + 2, 2 * BLOCK, 6 * BLOCK, text.len()] {
            assert_eq!(
                locator.line_column(offset),
                walked(&text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn an_empty_text_has_one_line() {
        let locator = Locator::new("");
        assert_eq!(locator.line_column(0), LineColumn { line: 1, column: 1 });
    }
}
