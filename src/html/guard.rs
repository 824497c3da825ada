//! Whether what the extraction crate returned is an article at all.
//!
//! On a page without one (a listing, a login wall, an error page) the crate still
//! returns the page's most text-like part: a list of headlines, a form's labels, an
//! apology. Two generic rules turn those into "no article": too little text outside
//! links, and a text made mostly of the page's own link texts.

use rustc_hash::FxHashSet;
use trafilatura::dom::Document;

use super::blocks::Block;

/// Fewer letters and digits than this, outside blocks that are link texts, is no
/// article: about 40 English words. A 404 page or a login form's labels come to about
/// 100; the shortest of the 60 reference articles in the evaluation data has 94 words.
pub(super) const MIN_ARTICLE_CHARS: usize = 200;

/// The texts of a page's links, whitespace collapsed as in the blocks.
pub(super) struct LinkTexts(FxHashSet<String>);

impl LinkTexts {
    pub(super) fn of(doc: &Document) -> Self {
        let texts = doc
            .iter(doc.root(), &["a"])
            .into_iter()
            .map(|a| normalized(&doc.text_content(a)))
            .filter(|text| !text.is_empty())
            .collect();
        LinkTexts(texts)
    }

    /// Whether a block's text (whitespace already collapsed) is one of the links.
    fn contains(&self, block_text: &str) -> bool {
        self.0.contains(block_text)
    }
}

/// Whitespace collapsed and soft hyphens dropped, as in extracted text. (The crate
/// also puts its text in Unicode NFC; a link written decomposed is rare enough to
/// leave out of a rule that only weighs the text.)
fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|&c| c != '\u{ad}'));
    }
    out
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// False when the blocks hold too little text, or when blocks that merely repeat a
/// link of the page (navigation, lists of headlines) outweigh the rest.
pub(super) fn is_article(blocks: &[Block], links: &LinkTexts) -> bool {
    let (mut linked, mut own) = (0, 0);
    for block in blocks {
        let n = letters(&block.text);
        if links.contains(&block.text) {
            linked += n;
        } else {
            own += n;
        }
    }
    own >= MIN_ARTICLE_CHARS && linked <= own
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Block {
        Block {
            text: text.to_string(),
            heading: false,
        }
    }

    fn links(html: &str) -> LinkTexts {
        LinkTexts::of(&Document::parse(html))
    }

    const PARAGRAPH: &str = "The council approved the plan on Tuesday after a long debate \
        about costs, and work on the new line is expected to start in the spring.";

    #[test]
    fn a_few_paragraphs_of_prose_are_an_article() {
        let blocks = [block(PARAGRAPH), block(PARAGRAPH)];
        assert!(is_article(&blocks, &links("<a href=/>Home</a>")));
    }

    #[test]
    fn too_little_text_is_no_article() {
        let blocks = [block("Sorry, the page you are looking for does not exist.")];
        assert!(!is_article(&blocks, &links("")));
    }

    #[test]
    fn blocks_repeating_the_pages_links_are_no_article() {
        let headlines: Vec<String> = (0..12)
            .map(|i| format!("Headline number {i} about the city budget plan"))
            .collect();
        let html: String = headlines
            .iter()
            .map(|h| format!("<a href=/x>{h}</a>"))
            .collect();
        let blocks: Vec<Block> = headlines.iter().map(|h| block(h)).collect();
        assert!(!is_article(&blocks, &links(&html)));
        let mut with_story = blocks.clone();
        with_story.extend([block(PARAGRAPH), block(PARAGRAPH), block(PARAGRAPH)]);
        with_story.extend([block(PARAGRAPH), block(PARAGRAPH), block(PARAGRAPH)]);
        assert!(is_article(&with_story, &links(&html)));
    }

    #[test]
    fn link_texts_match_whatever_their_whitespace() {
        let l = links("<a href=/x>\n  Storm   hits\tthe co\u{ad}ast </a>");
        assert!(l.contains("Storm hits the coast"));
        assert!(!l.contains("Storm hits"));
    }
}
