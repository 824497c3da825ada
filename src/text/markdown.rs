//! Markdown input: what a reader reads, and the blocks it sits in.
//!
//! The text is parsed as CommonMark with GitHub's tables, footnotes, strikethrough and
//! task lists (pulldown-cmark, whose offset iterator gives every event's source range).
//! Two things come out of it:
//!
//! - a **mask**: a copy of the same byte length in which only the text a reader reads
//!   as prose is kept (paragraph, heading, list-item, table-cell and footnote text, link
//!   text, code spans without their backticks, the text a browser shows of an HTML
//!   block); everything else is blanked with ASCII spaces, line breaks kept. Syntax
//!   goes, and so do code blocks, tags, comments, the content of `<script>`, `<style>`
//!   and `<pre>` elements, link reference definitions, images, autolinks, footnote
//!   markers, task-list boxes and table delimiter rows. Whole characters are blanked,
//!   so the copy is valid UTF-8 and every span found in it is a span of the original.
//! - the **leaf blocks** holding that text, in order, with their source ranges:
//!   paragraphs, headings, the first paragraph of each list item, footnote paragraphs
//!   and table rows; in an HTML block, the text of each block-level element (`<p>`,
//!   `<div>`, `<li>`, `<h2>` a heading, …) is a block of its own. The segmenter never
//!   lets a unit run from one block into the next, which is what keeps a table's rows
//!   and a footnote definition apart from the prose around them.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::markup::{self, Piece};
use super::Span;

#[cfg(test)]
mod tests;

/// Elements of an HTML block whose content is not prose: what a browser hides, and
/// preformatted text, which is code as a fenced block is.
const HTML_HIDDEN: [&[u8]; 6] = [
    b"script",
    b"style",
    b"template",
    b"title",
    b"textarea",
    b"pre",
];

/// A parsed Markdown text.
#[derive(Clone, Debug, Default)]
pub struct Markdown {
    /// The mask: same byte length as the original, only prose text kept.
    pub masked: String,
    /// The leaf blocks holding text, in source order, not overlapping.
    pub blocks: Vec<Block>,
    /// The source ranges of tables, whose delimiter rows are blank in the mask but do
    /// not end the table's paragraph.
    pub tables: Vec<Span>,
}

/// A leaf block: a run of inline content between two block boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// From the start of its first inline to the end of its last (the original's).
    pub span: Span,
    pub kind: BlockKind,
}

/// What a leaf block is to a reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Running text: a paragraph (also in a block quote, or in a list item after its
    /// first paragraph).
    Paragraph,
    /// A paragraph of a footnote definition: running text, but never a title, a
    /// dateline or a byline, whatever its shape.
    Footnote,
    Heading,
    /// The first paragraph (or the text of a tight item) of a list item.
    ListItem,
    /// One row of a table, header included: its cells together.
    TableRow,
}

/// The mask of `text` alone (see the module docs).
#[cfg(test)]
pub fn mask(text: &str) -> String {
    parse(text).masked
}

/// Parses `text`: its mask, leaf blocks and tables.
pub fn parse(text: &str) -> Markdown {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut reader = Reader::new(text);
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        reader.event(event, range);
    }
    reader.finish()
}

/// The state of one pass over the parser's events.
struct Reader<'t> {
    text: &'t str,
    out: Vec<u8>,
    blocks: Vec<Block>,
    tables: Vec<Span>,
    /// The leaf block being read, if its first inline has been seen.
    open: Option<Block>,
    heading: bool,
    row: bool,
    /// A list item has started and its first leaf block is still to come.
    item: bool,
    /// How many footnote definitions are open.
    footnote: usize,
    /// Inside a code block: nothing in it is prose.
    code_block: bool,
    /// Inside images and autolinks: their text (alt text, a bare URL) is not prose.
    hidden: usize,
    /// Inside an HTML block: the source ranges of its lines so far.
    html: Option<Vec<Range<usize>>>,
    /// For each open link, whether it is hidden (an autolink).
    links: Vec<bool>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        let out = text
            .bytes()
            .map(|b| if b == b'\n' { b'\n' } else { b' ' })
            .collect();
        Reader {
            text,
            out,
            blocks: Vec::new(),
            tables: Vec::new(),
            open: None,
            heading: false,
            row: false,
            item: false,
            footnote: 0,
            code_block: false,
            hidden: 0,
            html: None,
            links: Vec::new(),
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.code_block && !matches!(event, Event::End(TagEnd::CodeBlock)) {
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(_) => self.text(range),
            Event::Code(_) => self.code(range),
            Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::TaskListMarker(_) => self.inline(range),
            Event::Html(_) => match &mut self.html {
                Some(lines) => lines.push(range),
                None => self.close(),
            },
            Event::Rule => self.close(),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::TableCell => self.inline(range),
            Tag::Link { link_type, .. } => {
                let hidden = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.hidden += usize::from(hidden);
                self.links.push(hidden);
                self.inline(range);
            }
            Tag::Image { .. } => {
                self.hidden += 1;
                self.inline(range);
            }
            tag => {
                self.close();
                match tag {
                    Tag::Heading { .. } => self.heading = true,
                    Tag::TableHead | Tag::TableRow => self.row = true,
                    Tag::Item => self.item = true,
                    Tag::FootnoteDefinition(_) => self.footnote += 1,
                    Tag::CodeBlock(_) => self.code_block = true,
                    Tag::HtmlBlock => self.html = Some(Vec::new()),
                    Tag::Table(_) => self.tables.push(Span::new(range.start, range.end)),
                    _ => {}
                }
            }
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::TableCell => self.inline(range),
            TagEnd::Link => {
                let hidden = self.links.pop().unwrap_or(false);
                self.hidden = self.hidden.saturating_sub(usize::from(hidden));
                self.inline(range);
            }
            TagEnd::Image => {
                self.hidden = self.hidden.saturating_sub(1);
                self.inline(range);
            }
            tag => {
                self.close();
                match tag {
                    TagEnd::Heading(_) => self.heading = false,
                    TagEnd::TableHead | TagEnd::TableRow => self.row = false,
                    TagEnd::Item => self.item = false,
                    TagEnd::FootnoteDefinition => self.footnote = self.footnote.saturating_sub(1),
                    TagEnd::CodeBlock => self.code_block = false,
                    TagEnd::HtmlBlock => {
                        let lines = self.html.take().unwrap_or_default();
                        self.html_block(&lines);
                        self.close();
                    }
                    _ => {}
                }
            }
        }
    }

    /// An HTML block, given the source ranges of its lines: the text a browser shows
    /// is kept; each block-level element's text is a leaf block, a heading's a heading.
    fn html_block(&mut self, lines: &[Range<usize>]) {
        let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
            return;
        };
        let base = first.start;
        // The block's own bytes; what lies between its lines (the markers of a quote
        // or list around it) is blanked, so a tag may still run over several lines.
        let mut html = vec![b' '; last.end - base];
        for line in lines {
            html[line.start - base..line.end - base]
                .copy_from_slice(&self.text.as_bytes()[line.clone()]);
        }
        let mut in_heading = false;
        markup::scan(&html, &HTML_HIDDEN, |piece| match piece {
            Piece::Tag { name, closing } => {
                if markup::breaks_block(name) {
                    self.close();
                }
                if markup::is_heading(name) {
                    in_heading = !closing;
                }
            }
            Piece::Text(span) => {
                let words = &html[span.start..span.end];
                let lead = words.len() - words.trim_ascii_start().len();
                let trail = words.len() - words.trim_ascii_end().len();
                if lead == words.len() {
                    return;
                }
                let range = base + span.start + lead..base + span.end - trail;
                // From the block's bytes, not the original: no quote marker comes along.
                self.out[range.clone()].copy_from_slice(&words[lead..words.len() - trail]);
                self.heading = in_heading;
                self.inline(range);
                self.heading = false;
            }
        });
    }

    /// Text: kept in the mask unless hidden.
    fn text(&mut self, range: Range<usize>) {
        if self.hidden == 0 {
            self.keep(range.clone());
        }
        self.inline(range);
    }

    /// A code span: its code kept, its backtick runs blanked.
    fn code(&mut self, range: Range<usize>) {
        if self.hidden == 0 {
            let slice = &self.text[range.clone()];
            let start = range.start + (slice.len() - slice.trim_start_matches('`').len());
            let end = range.end - (slice.len() - slice.trim_end_matches('`').len());
            self.keep(start..end.max(start));
        }
        self.inline(range);
    }

    fn keep(&mut self, range: Range<usize>) {
        self.out[range.clone()].copy_from_slice(&self.text.as_bytes()[range]);
    }

    /// Inline content at `range`: opens the leaf block, or extends the open one.
    fn inline(&mut self, range: Range<usize>) {
        match &mut self.open {
            Some(block) => block.span.end = block.span.end.max(range.end),
            None => {
                let kind = if self.heading {
                    BlockKind::Heading
                } else if self.row {
                    BlockKind::TableRow
                } else if self.item {
                    BlockKind::ListItem
                } else if self.footnote > 0 {
                    BlockKind::Footnote
                } else {
                    BlockKind::Paragraph
                };
                self.item = false;
                self.open = Some(Block {
                    span: Span::new(range.start, range.end),
                    kind,
                });
            }
        }
    }

    /// A block boundary: the open leaf block, if any, is complete.
    fn close(&mut self) {
        self.blocks.extend(self.open.take());
    }

    fn finish(mut self) -> Markdown {
        self.close();
        blank_footnote_markers(&mut self.out);
        let masked = String::from_utf8(self.out).expect("masking blanks whole characters only");
        Markdown {
            masked,
            blocks: self.blocks,
            tables: self.tables,
        }
    }
}

/// Blanks `[^label]` markers left in the kept text. The parser makes a footnote
/// reference only when its definition exists; a draft often cites a note it has not
/// written yet, and a reader still sees a marker, not words (`hearing.[^1] Officials`
/// is two sentences either way).
fn blank_footnote_markers(out: &mut [u8]) {
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&out[from..], b"[^").map(|i| from + i) {
        let label = out[i + 2..]
            .iter()
            .take_while(|&&b| !matches!(b, b']' | b'[') && !b.is_ascii_whitespace())
            .count();
        let close = i + 2 + label;
        if label > 0 && out.get(close) == Some(&b']') {
            out[i..=close].fill(b' ');
        }
        from = close.max(i + 2);
    }
}
