//! Web pages: the article a page holds, and what the page says about itself.
//!
//! Main-content extraction is a maintained crate's job (`trafilatura`, a Rust port of
//! go-trafilatura, pinned in Cargo.toml); this module owns the boundary: a decoded page
//! in, the article's plain text (paragraphs separated by blank lines) and the page's
//! metadata out. A page with no article gives an empty text, and says why.
//!
//! Hostile pages are bounded before the crate sees them: markup nested deeper than
//! [`MAX_NESTING`] is refused unparsed (`nesting`), and a panic inside the crate is
//! caught and gives an empty page.

mod blocks;
mod guard;
mod meta;
mod nesting;
mod source_map;
#[cfg(test)]
mod tests;

use std::fmt;
use std::panic::{self, AssertUnwindSafe};

use serde::Serialize;
use trafilatura::dom::Document;
use trafilatura::{ExtractResult, HtmlDateMode, Options};

use blocks::Block;

pub use source_map::SourceMap;

/// Pages whose markup nests elements deeper than this are refused (see `nesting`).
/// The 60 evaluation pages nest at most 30 deep. Near this depth (which the parser's
/// tree may exceed up to about twice) extraction takes about 50 ms and fits a 2 MiB
/// thread stack, as rayon's workers have; the crate itself reads no deeper than 500.
pub const MAX_NESTING: usize = 1024;

/// What a page declares about itself; every field is optional and kept as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PageMeta {
    /// The headline, as the page's metadata or markup gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The author, from the byline or the page's metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date as the page gives it (ISO 8601 when the page has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The publication's name, from the page's metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The canonical URL (`<link rel="canonical">` or `og:url`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The declared language (`<html lang>` or a `content-language` meta), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The article found in a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// The article body as plain text, paragraphs separated by blank lines, without the
    /// headline (that is `meta.title`); empty when the page holds no article (a
    /// listing, a login wall, an error page).
    pub text: String,
    /// The same article as Markdown (headings, lists, emphasis, links), when asked for
    /// and there is an article.
    pub markdown: Option<String>,
    /// What the page says about itself: title, byline, date, site, URL, language.
    pub meta: PageMeta,
    /// Why `text` is empty, when it is.
    pub empty_reason: Option<EmptyReason>,
}

/// Why a page gave no text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmptyReason {
    /// Nothing on the page reads as an article: no text, too little of it, or mostly
    /// the page's own links (a listing, a login wall, an error page).
    NoArticle,
    /// Elements nested deeper than [`MAX_NESTING`]: refused before parsing, since the
    /// parser's cost grows with the square of the depth.
    TooDeep,
    /// The extraction crate panicked on the page (caught; nothing else is lost).
    ExtractorPanicked,
}

impl fmt::Display for EmptyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmptyReason::NoArticle => f.write_str(
                "no article found in the page (a listing, a login wall or an error page?)",
            ),
            EmptyReason::TooDeep => write!(
                f,
                "elements nested too deep to parse safely (over {MAX_NESTING} levels)"
            ),
            EmptyReason::ExtractorPanicked => {
                f.write_str("the article extractor failed on the page")
            }
        }
    }
}

impl Page {
    fn empty(reason: EmptyReason, meta: PageMeta) -> Page {
        Page {
            meta,
            empty_reason: Some(reason),
            ..Page::default()
        }
    }
}

/// Extracts the article and metadata of a decoded page. Never panics; hostile markup
/// gives an empty page with its [`EmptyReason`]. With `want_markdown`, the article
/// comes as Markdown too.
///
/// ```
/// let page = "<html lang=\"en\"><head><title>Harbour expands</title></head><body>
///     <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>
///     <article><h1>Harbour expands</h1>
///     <p>The port authority approved a harbour expansion on Tuesday after a long
///     public hearing about dredging the channel and the cost to the city.</p>
///     <p>Work on the new berths starts in the spring and should take three years,
///     officials said, with the first ships docking there in 2029.</p></article>
///     <footer>Copyright 2026</footer></body></html>";
/// let found = copydesk::html::extract(page, false);
/// assert!(found.text.contains("approved a harbour expansion"));
/// assert!(!found.text.contains("Copyright"));
/// assert_eq!(found.meta.lang.as_deref(), Some("en"));
/// assert!(found.empty_reason.is_none());
/// ```
pub fn extract(html: &str, want_markdown: bool) -> Page {
    if nesting::max_depth(html, MAX_NESTING) > MAX_NESTING {
        return Page::empty(EmptyReason::TooDeep, PageMeta::default());
    }
    panic::catch_unwind(AssertUnwindSafe(|| extract_bounded(html, want_markdown)))
        .unwrap_or_else(|_| Page::empty(EmptyReason::ExtractorPanicked, PageMeta::default()))
}

/// The crate's settings: its defaults (balanced precision and recall, no readability
/// or jusText fallback), comments left out, links kept in the article's HTML (the
/// guard weighs link text; same F1, and Markdown gets the links), and dates only where
/// the page states one (URL, meta, JSON-LD, date and time elements): its extensive
/// search falls back to guesses such as January 1st of a copyright year. The
/// fallbacks scored F1 0.979 instead of 0.973 on the evaluation pages at about half
/// the speed, and recurse without bound on deep pages.
fn options() -> Options {
    let mut options = Options::default()
        .with_exclude_comments(true)
        .with_links(true);
    options.html_date_mode = HtmlDateMode::Fast;
    options
}

fn extract_bounded(html: &str, want_markdown: bool) -> Page {
    let doc = Document::parse(html);
    let lang = meta::declared_language(&doc);
    let found = match trafilatura::extract_document(doc, &options()) {
        Ok(found) => found,
        Err(_) => {
            let meta = PageMeta {
                lang,
                ..PageMeta::default()
            };
            return Page::empty(EmptyReason::NoArticle, meta);
        }
    };
    let meta = meta::page_meta(&found.metadata, lang);
    let mut blocks = blocks::blocks(&found.content_html);
    let headline = blocks::take_headline(&mut blocks, meta.title.as_deref());
    if !guard::is_article(&blocks) {
        return Page::empty(EmptyReason::NoArticle, meta);
    }
    let text = join(&blocks);
    let markdown = want_markdown.then(|| markdown(&found, headline.as_ref()));
    Page {
        text,
        markdown,
        meta,
        empty_reason: None,
    }
}

fn join(blocks: &[Block]) -> String {
    let mut text = String::new();
    for block in blocks {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&block.text);
    }
    text
}

/// The crate's Markdown of the article, less the headline's heading line.
fn markdown(found: &ExtractResult, headline: Option<&Block>) -> String {
    let markdown = found.content_markdown();
    let Some(headline) = headline else {
        return markdown;
    };
    let is_headline = |line: &str| {
        let text = line.trim_start_matches('#');
        text.len() < line.len() && text.split_whitespace().eq(headline.text.split_whitespace())
    };
    let mut lines = markdown.lines().peekable();
    let mut kept = String::with_capacity(markdown.len());
    let mut dropped = false;
    while let Some(line) = lines.next() {
        if !dropped && is_headline(line) {
            dropped = true;
            // The blank line after the heading goes with it.
            if lines.peek().is_some_and(|next| next.trim().is_empty()) {
                lines.next();
            }
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}
