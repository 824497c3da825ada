//! Extract records: the article of each input with its title, metadata and language,
//! as `extract` prints it (text, Markdown, JSON, JSONL).

use serde::Serialize;

use super::emit::Record;
use super::sanitize;
use crate::html::PageMeta;

/// One extracted document: what the other commands read back with `--input-format
/// jsonl` (its `id` and `text` fields).
#[derive(Serialize)]
pub struct ExtractRecord {
    /// The path, the JSONL id, or `-` for stdin.
    pub id: String,
    /// The file the document was read from, when it was a file or a JSONL file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The page's title, or a text's first line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What a web page says about itself (web pages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<PageMeta>,
    /// The language of the text (ISO 639-1), detected unless `--lang` forced one.
    pub lang: &'static str,
    /// The article as plain text.
    pub text: String,
    /// The article as Markdown (`--format markdown` only; not serialized).
    #[serde(skip)]
    pub markdown: Option<String>,
}

impl Record for ExtractRecord {
    /// The article, as Markdown under its title when Markdown was asked for.
    fn to_text(&self, terminal: bool) -> String {
        let body = match &self.markdown {
            Some(markdown) => markdown_page(self.title.as_deref(), markdown),
            None => self.text.clone(),
        };
        if terminal {
            sanitize::for_terminal(&body)
        } else {
            body
        }
    }
}

/// A Markdown document: the title as a heading, then the article.
fn markdown_page(title: Option<&str>, article: &str) -> String {
    match title {
        Some(title) if !article.trim_start().starts_with('#') => {
            format!("# {}\n\n{article}", sanitize::one_line(title))
        }
        _ => article.to_string(),
    }
}
