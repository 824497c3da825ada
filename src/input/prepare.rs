//! The last step of reading, run on the worker threads: a web page becomes its article,
//! and every document gets the language it is analysed in.

use super::{Document, InputOptions, LanguageChoice};
use crate::html;
use crate::text::detect::detect;
use crate::text::Language;

/// Extracts a page's article (once) and settles the document's language. A page
/// without an article gives an empty text and a warning; nothing here fails.
pub fn prepare(mut doc: Document, options: &InputOptions) -> Document {
    extract_page(&mut doc, options.page_markdown);
    let declared = doc.page.as_ref().and_then(|p| p.meta.lang.as_deref());
    doc.language = choose_language(&doc.text, declared, options.language);
    doc
}

fn extract_page(doc: &mut Document, markdown: bool) {
    let Some(page) = doc.page.as_mut().filter(|p| !p.extracted) else {
        return;
    };
    let found = html::extract(&page.html, markdown);
    page.meta = found.meta;
    page.markdown = found.markdown;
    page.extracted = true;
    doc.text = found.text;
    if doc.text.trim().is_empty() {
        let reason = found.empty_reason.unwrap_or(html::EmptyReason::NoArticle);
        doc.warnings
            .push(format!("{}: {reason}; its text is empty", doc.id));
    }
}

/// The language to analyse `text` in. When detection is unsure, a page's declared
/// language (if copydesk stems it) comes before the fallback.
fn choose_language(text: &str, declared: Option<&str>, choice: LanguageChoice) -> Language {
    match choice {
        LanguageChoice::Fixed(language) => language,
        LanguageChoice::Auto { fallback } => {
            let fallback = declared.and_then(declared_language).unwrap_or(fallback);
            detect(text, fallback).language
        }
    }
}

/// The stemmed language a declared tag such as `en-US` or `pt_BR` names, if any.
fn declared_language(tag: &str) -> Option<Language> {
    let primary = tag.trim().split(['-', '_']).next()?;
    let primary = match primary.to_ascii_lowercase().as_str() {
        "nb" | "nn" => "no".to_string(),
        other => other.to_string(),
    };
    (primary.len() == 2).then(|| primary.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{charset, decode, Origin, Problem, WebPage};
    use proptest::prelude::*;

    const PAGE: &str = include_str!("../../fixtures/pages/halden-bay.html");

    /// A page read from `bytes` as a file would be, then prepared.
    fn prepared(bytes: &[u8]) -> Result<Document, Problem> {
        let options = InputOptions::default();
        let (decoded, _) = decode(bytes, charset::Kind::Html, "p.html", &options)?;
        let mut doc = Document::new(
            "p.html".into(),
            Origin::Stdin,
            String::new(),
            crate::text::TextFormat::Plain,
        );
        doc.page = Some(Box::new(WebPage {
            html: decoded.text,
            source_offsets: true,
            ..WebPage::default()
        }));
        Ok(prepare(doc, &options))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn random_bytes_read_as_a_page_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
            if let Ok(doc) = prepared(&bytes) {
                prop_assert!(doc.page.unwrap().extracted);
            }
        }

        #[test]
        fn a_page_cut_anywhere_never_panics(cut in 0..PAGE.len()) {
            let doc = prepared(&PAGE.as_bytes()[..cut]).unwrap();
            prop_assert!(doc.text.len() <= cut);
        }

        #[test]
        fn random_markup_never_panics(page in "(<[a-z/!]{0,3}[^<>\\x00]{0,12}>?|[^<\\x00]{0,20}|&[a-z#0-9]{0,6};?){0,60}") {
            prepared(page.as_bytes()).unwrap();
        }
    }

    #[test]
    fn declared_tags_name_languages_by_their_primary_subtag() {
        assert_eq!(declared_language("en-US"), Some(Language::English));
        assert_eq!(declared_language("pt_BR"), Some(Language::Portuguese));
        assert_eq!(declared_language("nb-NO"), Some(Language::Norwegian));
        assert_eq!(declared_language("ja"), None);
        assert_eq!(declared_language(""), None);
        assert_eq!(declared_language("english"), None);
    }

    #[test]
    fn a_forced_language_is_never_detected() {
        let choice = LanguageChoice::Fixed(Language::German);
        assert_eq!(
            choose_language("The cat sat on the mat.", None, choice),
            Language::German
        );
    }
}
