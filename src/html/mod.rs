//! Web pages: the article a page holds, and what the page says about itself.
//!
//! Main-content extraction is a maintained crate's job; this module owns the boundary:
//! a decoded page in, the article's plain text (paragraphs separated by blank lines)
//! and the page's metadata out. A page with no article gives an empty text.

mod source_map;

use serde::Serialize;

pub use source_map::SourceMap;

/// What a page declares about itself; every field is optional and kept as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PageMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date as the page gives it (ISO 8601 when the page has one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
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
    /// The article body as plain text, paragraphs separated by blank lines; empty when
    /// the page holds no article (a listing, a login wall, an error page).
    pub text: String,
    /// The same article as Markdown, when asked for.
    pub markdown: Option<String>,
    pub meta: PageMeta,
}

/// Extracts the article and metadata of a decoded page.
pub fn extract(_html: &str, _want_markdown: bool) -> Page {
    Page::default()
}
