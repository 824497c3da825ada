//! Places of the extracted article in the page it came from.
//!
//! A piece of the article (a sentence, a repeated phrase) is located in the page when
//! it is there verbatim, inside one run of text between two tags: the same words in the
//! same order, white space of any kind and length between them (pages break lines where
//! extraction joined them). It is not located when the page writes it differently: with
//! markup inside it (`<a>`, `<em>`, a `<br>`), with character references (`&amp;`,
//! `&#8217;`), or across two elements (a piece that spans paragraphs). Text inside
//! `<script>`, `<style>`, `<template>`, `<title>`, comments and tags themselves (alt text,
//! `<meta content>`, JSON-LD copies of the article) never counts, so a place found is
//! one a reader sees.

use crate::text::{markup, Span};

/// Occurrences of a piece's first word tried before giving up: a piece starting with
/// a word found all over a huge page stays cheap to look for.
const MAX_TRIES: usize = 100_000;

/// A page prepared for finding pieces of its article.
pub struct SourceMap<'p> {
    page: &'p str,
    /// Byte ranges of the page's visible text, between tags, in order.
    runs: Vec<Span>,
}

impl<'p> SourceMap<'p> {
    /// Maps `page`, the HTML whose article was extracted; finds its visible text once.
    pub fn new(page: &'p str) -> Self {
        SourceMap {
            page,
            runs: markup::text_runs(page.as_bytes(), &markup::HIDDEN),
        }
    }

    /// Where `piece` is verbatim in the page's text (see the module's rules), the
    /// first such place; `None` when it is not.
    pub fn find(&self, piece: &str) -> Option<Span> {
        self.find_nth(piece, 0)
    }

    /// Where the place `span` of the extracted `article` is in the page: the same
    /// occurrence of its text, so that a repeat is sent to the repeat, not to the first
    /// time the words appear.
    pub fn locate(&self, article: &str, span: Span) -> Option<Span> {
        let piece = span.slice(article);
        if piece.is_empty() {
            return None;
        }
        let earlier =
            memchr::memmem::find_iter(&article.as_bytes()[..span.start], piece.as_bytes()).count();
        self.find_nth(piece, earlier)
    }

    /// The `n`-th (from 0) place where `piece` is verbatim in the page's text.
    pub fn find_nth(&self, piece: &str, mut n: usize) -> Option<Span> {
        let mut words = piece.split_whitespace();
        let first = words.next()?;
        let rest: Vec<&str> = words.collect();
        let finder = memchr::memmem::Finder::new(first.as_bytes());
        let mut tries = 0;
        for run in &self.runs {
            let text = &self.page.as_bytes()[run.start..run.end];
            for at in finder.find_iter(text) {
                tries += 1;
                if tries > MAX_TRIES {
                    return None;
                }
                let start = run.start + at;
                let end = self.follow(start + first.len(), run.end, &rest);
                if let Some(end) = end.filter(|&end| self.whole_words(start, end)) {
                    if n == 0 {
                        return Some(Span::new(start, end));
                    }
                    n -= 1;
                }
            }
        }
        None
    }

    /// The place does not cut a word of the page in two: "met." is not in "helmet.".
    fn whole_words(&self, start: usize, end: usize) -> bool {
        let joined = |a: Option<char>, b: Option<char>| {
            a.zip(b)
                .is_some_and(|(a, b)| a.is_alphanumeric() && b.is_alphanumeric())
        };
        let (before, inside, after) = (
            &self.page[..start],
            &self.page[start..end],
            &self.page[end..],
        );
        !joined(before.chars().next_back(), inside.chars().next())
            && !joined(inside.chars().next_back(), after.chars().next())
    }

    /// Matches `words` from `at`, each after white space, within the run ending at
    /// `limit`; gives the end of the last word.
    fn follow(&self, mut at: usize, limit: usize, words: &[&str]) -> Option<usize> {
        let bytes = self.page.as_bytes();
        for word in words {
            let spaces = self.page[at..limit]
                .char_indices()
                .find(|(_, c)| !c.is_whitespace())
                .map_or(limit - at, |(i, _)| i);
            if spaces == 0 {
                return None;
            }
            at += spaces;
            let end = at + word.len();
            if end > limit || &bytes[at..end] != word.as_bytes() {
                return None;
            }
            at = end;
        }
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'p>(page: &'p str, piece: &str) -> Option<&'p str> {
        SourceMap::new(page).find(piece).map(|s| s.slice(page))
    }

    #[test]
    fn a_sentence_is_found_across_line_breaks_of_the_page() {
        let page = "<p>The council met on\n      Tuesday night. It voted.</p>";
        assert_eq!(
            found(page, "The council met on Tuesday night."),
            Some("The council met on\n      Tuesday night.")
        );
    }

    #[test]
    fn markup_or_references_inside_a_piece_keep_it_unlocated() {
        let page = "<p>The <a href=x>council</a> met. Ben &amp; Jerry sold.</p>";
        assert_eq!(found(page, "The council met."), None);
        assert_eq!(found(page, "Ben & Jerry sold."), None);
        assert_eq!(found(page, "met."), Some("met."));
        assert_eq!(found("<p>A helmet. A met.</p>", "met."), Some("met."));
        let map = SourceMap::new("<p>A helmet. A met.</p>");
        assert_eq!(map.find("met.").unwrap().start, 15);
        assert_eq!(found("<p>Metro</p>", "Met"), None);
    }

    #[test]
    fn scripts_titles_comments_and_attributes_are_not_page_text() {
        let page = concat!(
            "<head><title>Port expands</title>",
            "<meta name=description content=\"Port expands its berths.\">",
            "<script type=application/ld+json>{\"articleBody\":\"Port expands its berths.\"}</script>",
            "<!-- Port expands its berths. --></head>",
            "<body><img alt=\"Port expands its berths.\"><p>Port expands its berths.</p>"
        );
        let span = SourceMap::new(page)
            .find("Port expands its berths.")
            .unwrap();
        assert!(
            page[..span.start].ends_with("<p>"),
            "{}",
            &page[..span.start]
        );
    }

    #[test]
    fn a_repeat_in_the_article_is_located_at_the_repeat_in_the_page() {
        let page = "<p>It rained. We left.</p>\n<p>It rained.</p>";
        let article = "It rained. We left.\n\nIt rained.";
        let map = SourceMap::new(page);
        let second = map.locate(article, Span::new(21, 31)).unwrap();
        assert_eq!(second.slice(page), "It rained.");
        assert!(second.start > 20);
        assert_eq!(map.locate(article, Span::new(0, 10)).unwrap().start, 3);
        assert_eq!(map.locate(article, Span::new(0, 0)), None);
    }

    #[test]
    fn a_piece_in_two_elements_is_not_one_place() {
        let page = "<p>First ends here.</p><p>Second starts.</p>";
        assert_eq!(found(page, "here. Second"), None);
    }

    #[test]
    fn broken_markup_never_panics() {
        for page in [
            "<",
            "<p",
            "<script>x",
            "<!--",
            "a < b and c > d",
            "<p title=\"x>y\">z",
        ] {
            let map = SourceMap::new(page);
            let _ = map.find("x");
            let _ = map.find("b and c");
        }
        assert_eq!(found("a < b and c > d", "b and c"), Some("b and c"));
        assert_eq!(found("<p title=\"x>y\">z", "y\">z"), None);
    }
}
