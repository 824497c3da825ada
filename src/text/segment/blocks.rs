//! Markdown: the lines of a paragraph grouped by the parser's leaf blocks.
//!
//! A unit never runs from one block into the next. Headings, list items and table rows
//! are one unit each, whatever their wrapping; a footnote's paragraph is one run of
//! running text; any other paragraph block goes through the line rules, which still
//! find datelines, bylines and title-like lines in it.

use super::lines::{self, Line, Unit};
use super::SentenceKind;
use crate::text::markdown::{Block, BlockKind};
use crate::text::Span;

/// Groups `lines` (of the mask `text`) into units, in order; `blocks` are the parser's
/// leaf blocks, sorted.
pub fn units(text: &str, blocks: &[Block], lines: &[Line], out: &mut Vec<Unit>) {
    let mut rest = lines;
    while let Some(first) = rest.first() {
        let block = block_at(blocks, first.span.start);
        let n = rest
            .iter()
            .take_while(|line| block_at(blocks, line.span.start) == block)
            .count();
        let (group, after) = rest.split_at(n);
        let span = Span::new(group[0].span.start, group[n - 1].span.end);
        match block.map(|b| b.kind) {
            Some(BlockKind::Heading) => out.push(Unit::new(span, SentenceKind::Heading)),
            Some(BlockKind::ListItem) => out.push(Unit::new(span, SentenceKind::ListItem)),
            Some(BlockKind::TableRow) => out.push(Unit::new(span, SentenceKind::TableRow)),
            Some(BlockKind::Footnote) => out.push(Unit::new(span, SentenceKind::Text)),
            // Kept text is always inside a block; `None` is only a safe fallback.
            Some(BlockKind::Paragraph) | None => lines::units(text, group, out),
        }
        rest = after;
    }
}

/// The block holding `offset`, if any.
fn block_at(blocks: &[Block], offset: usize) -> Option<&Block> {
    let i = blocks.partition_point(|b| b.span.end <= offset);
    blocks.get(i).filter(|b| b.span.start <= offset)
}
