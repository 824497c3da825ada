//! The extracted article's blocks: its paragraphs, headings, list items and table rows
//! as plain text, read from the HTML the extraction crate returns (its plain text runs
//! every paragraph together).

use trafilatura::dom::{Document, NodeId};

/// One paragraph-level block of the article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Block {
    /// Whitespace collapsed; `<br>` kept as a line break.
    pub text: String,
    pub heading: bool,
    /// Letters and digits in the block, and how many of them are link text.
    pub letters: usize,
    pub link_letters: usize,
}

/// Elements that start and end a block of their own.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "caption"
            | "ul"
            | "ol"
            | "dl"
            | "figure"
            | "figcaption"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "nav"
            | "address"
            | "details"
            | "summary"
            | "hr"
            | "form"
            | "fieldset"
            | "center"
    )
}

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The blocks of an extracted article's HTML, in document order, empty ones left out.
pub(super) fn blocks(html: &str) -> Vec<Block> {
    let doc = Document::parse(html);
    let mut out = Blocks::default();
    // Iterative walk: `true` marks the way out of an element.
    let mut stack: Vec<(NodeId, bool)> = vec![(doc.root(), false)];
    let mut in_links = 0;
    while let Some((id, leaving)) = stack.pop() {
        if doc.is_text(id) {
            out.push_text(&doc.text_content(id), in_links > 0);
            continue;
        }
        let tag = doc.tag_name(id);
        if leaving {
            if is_block(tag) {
                out.flush(is_heading(tag));
            } else if tag == "a" {
                in_links -= 1;
            }
            continue;
        }
        if tag == "a" {
            in_links += 1;
        }
        match tag {
            "br" => out.current.push('\n'),
            "td" | "th" => out.current.push(' '),
            _ if is_block(tag) => out.flush(false),
            _ => {}
        }
        stack.push((id, true));
        stack.extend(
            doc.child_nodes(id)
                .into_iter()
                .rev()
                .map(|child| (child, false)),
        );
    }
    out.flush(false);
    out.blocks
}

#[derive(Default)]
struct Blocks {
    blocks: Vec<Block>,
    /// Text of the open block: source whitespace as spaces, `<br>` as `\n`.
    current: String,
    letters: usize,
    link_letters: usize,
}

impl Blocks {
    fn push_text(&mut self, text: &str, in_link: bool) {
        for c in text.chars() {
            if c.is_alphanumeric() {
                self.letters += 1;
                self.link_letters += usize::from(in_link);
            }
            self.current.push(if c.is_whitespace() { ' ' } else { c });
        }
    }

    fn flush(&mut self, heading: bool) {
        let mut text = String::new();
        for line in self.current.split('\n') {
            let mut words = line.split_whitespace().peekable();
            if words.peek().is_none() {
                continue;
            }
            if !text.is_empty() {
                text.push('\n');
            }
            for (i, word) in words.enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                text.push_str(word);
            }
        }
        self.current.clear();
        let (letters, link_letters) = (self.letters, self.link_letters);
        (self.letters, self.link_letters) = (0, 0);
        if !text.is_empty() {
            self.blocks.push(Block {
                text,
                heading,
                letters,
                link_letters,
            });
        }
    }
}

/// Removes the headline, which goes into the metadata and not the body: the first
/// heading among the opening blocks that reads as the page's title. Returns it.
pub(super) fn take_headline(blocks: &mut Vec<Block>, title: Option<&str>) -> Option<Block> {
    let title = title?;
    let at = blocks
        .iter()
        .take(3)
        .position(|b| b.heading && is_headline(&b.text, title))?;
    Some(blocks.remove(at))
}

/// A heading is the headline when it is the title, or the title less a site name set
/// off by a separator ("Headline - Site", "Site | Headline").
fn is_headline(heading: &str, title: &str) -> bool {
    let heading = normalized(heading);
    let title = normalized(title);
    if heading.is_empty() {
        return false;
    }
    let separated = |rest: &str| rest.trim().starts_with(is_separator);
    heading == title
        || title.strip_prefix(&heading).is_some_and(separated)
        || title
            .strip_suffix(&heading)
            .is_some_and(|rest| rest.trim().ends_with(is_separator))
}

fn is_separator(c: char) -> bool {
    matches!(c, '-' | '|' | '–' | '—' | ':' | '·' | '•' | '»' | '/')
}

fn normalized(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        blocks(html).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn paragraphs_headings_items_and_rows_are_blocks() {
        let html = "<h2>Part  one</h2><p>First\n  paragraph.</p><ul><li>one</li><li>two</li></ul>\
                    <table><tr><td>a</td><td>b</td></tr></table><blockquote>Quoted.</blockquote>";
        assert_eq!(
            texts(html),
            [
                "Part one",
                "First paragraph.",
                "one",
                "two",
                "a b",
                "Quoted."
            ]
        );
        assert!(blocks(html)[0].heading);
        assert!(!blocks(html)[1].heading);
    }

    #[test]
    fn inline_elements_stay_in_their_paragraph_and_br_breaks_a_line() {
        let html = "<p>A <em>very</em> <strong>bold</strong> claim,<br>on two lines.</p>\
                    <em>Loose text</em>";
        assert_eq!(
            texts(html),
            ["A very bold claim,\non two lines.", "Loose text"]
        );
    }

    #[test]
    fn link_text_is_counted_per_block() {
        let b = blocks("<p>Read <a href=/x>the full report</a> here.</p><ul><li><a href=/y>A headline</a> 2h</li></ul>");
        assert_eq!((b[0].letters, b[0].link_letters), (21, 13));
        assert_eq!((b[1].letters, b[1].link_letters), (11, 9));
    }

    #[test]
    fn empty_blocks_are_left_out() {
        assert_eq!(texts("<p> </p><p><br></p><div>\n</div><p>x</p>"), ["x"]);
    }

    #[test]
    fn the_headline_is_the_heading_that_reads_as_the_title() {
        let mut b = blocks("<p>Intro.</p><h1>Storm hits  the coast</h1><p>Body.</p>");
        let headline = take_headline(&mut b, Some("Storm hits the coast - Daily News"));
        assert_eq!(
            headline.map(|h| h.text).as_deref(),
            Some("Storm hits the coast")
        );
        assert_eq!(b.len(), 2);
        for title in ["Daily News | Storm hits the coast", "storm hits the coast"] {
            let mut b = blocks("<h1>Storm hits the coast</h1><p>Body.</p>");
            assert!(take_headline(&mut b, Some(title)).is_some(), "{title}");
        }
    }

    #[test]
    fn a_heading_that_is_not_the_title_stays() {
        let mut b = blocks("<h2>Background</h2><p>Body.</p>");
        assert!(take_headline(&mut b, Some("Storm hits the coast")).is_none());
        assert!(take_headline(&mut b, Some("Background check failures")).is_none());
        assert!(take_headline(&mut b, None).is_none());
        assert_eq!(b.len(), 2);
    }
}
