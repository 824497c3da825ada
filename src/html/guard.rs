//! Whether what the extraction crate returned is an article at all.
//!
//! On a page without one (a listing, a login wall, an error page) the crate still
//! returns the page's most text-like part: a list of headlines, a form's labels, an
//! apology. Two generic rules turn those into "no article": too little text outside
//! links, and mostly link text.

use super::blocks::Block;

/// Fewer letters and digits than this outside links is no article: about 40 English
/// words. A 404 page or a login form's labels come to about 100; the shortest of the
/// 60 reference articles in the evaluation data has 94 words.
pub(super) const MIN_ARTICLE_LETTERS: usize = 200;

/// Above this share of link text the blocks are navigation or a list of headlines.
/// Among the 60 evaluation articles the highest is 0.60 (a deals page whose headings
/// are links), then 0.15; section fronts and menus come out above 0.9.
pub(super) const MAX_LINK_DENSITY: f64 = 0.75;

/// False when the blocks hold too little text outside links, or mostly link text.
pub(super) fn is_article(blocks: &[Block]) -> bool {
    let letters: usize = blocks.iter().map(|b| b.letters).sum();
    let linked: usize = blocks.iter().map(|b| b.link_letters).sum();
    letters - linked >= MIN_ARTICLE_LETTERS && linked as f64 <= MAX_LINK_DENSITY * letters as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(letters: usize, link_letters: usize) -> Block {
        Block {
            letters,
            link_letters,
            ..Block::default()
        }
    }

    #[test]
    fn a_few_paragraphs_of_prose_are_an_article() {
        assert!(is_article(&[block(150, 0), block(160, 12)]));
    }

    #[test]
    fn too_little_text_outside_links_is_no_article() {
        assert!(!is_article(&[block(95, 0)]));
        assert!(!is_article(&[block(150, 100), block(120, 0)]));
    }

    #[test]
    fn link_text_outweighing_the_rest_is_no_article() {
        let headlines: Vec<Block> = (0..12).map(|_| block(45, 40)).collect();
        assert!(!is_article(&headlines));
        // Linked headings over short reviews: 60% link text is still an article.
        let mut deals = headlines.clone();
        deals.extend((0..4).map(|_| block(70, 0)));
        assert!(is_article(&deals));
    }
}
