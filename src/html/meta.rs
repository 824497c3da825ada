//! The page's metadata: what the extraction crate reads (title, byline, date, site
//! name, canonical URL) and the declared language, which this module reads itself
//! since the crate replaces it with the language it detects in the text.

use trafilatura::dom::Document;

use super::PageMeta;

/// `<html lang>` (or `xml:lang`), else a `content-language` meta, as written.
pub(super) fn declared_language(doc: &Document) -> Option<String> {
    let root = doc.root();
    let html = doc
        .children(root)
        .into_iter()
        .find(|&id| doc.tag_name(id) == "html");
    let on_html = html.and_then(|id| {
        ["lang", "xml:lang"]
            .into_iter()
            .find_map(|name| non_empty(doc.get_attribute(id, name)))
    });
    on_html.or_else(|| {
        doc.iter(root, &["meta"]).into_iter().find_map(|id| {
            let equiv = doc.get_attribute(id, "http-equiv")?;
            if equiv.trim().eq_ignore_ascii_case("content-language") {
                non_empty(doc.get_attribute(id, "content"))
            } else {
                None
            }
        })
    })
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The crate's metadata mapped into [`PageMeta`], with the declared language.
pub(super) fn page_meta(found: &trafilatura::Metadata, lang: Option<String>) -> PageMeta {
    let text = |s: &str| non_empty(Some(s.to_string()));
    PageMeta {
        title: text(&found.title),
        author: text(&found.author),
        // The crate keeps the day only; its Display is ISO 8601 (YYYY-MM-DD).
        date: found.date.map(|d| d.to_string()),
        site_name: text(&found.sitename),
        url: text(&found.url),
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(html: &str) -> Option<String> {
        declared_language(&Document::parse(html))
    }

    #[test]
    fn the_declared_language_is_read_as_written() {
        assert_eq!(
            lang(r#"<html lang="pt-BR"><p>x</p>"#).as_deref(),
            Some("pt-BR")
        );
        assert_eq!(
            lang(r#"<html xml:lang="de"><p>x</p>"#).as_deref(),
            Some("de")
        );
        let meta = r#"<html><head><meta http-equiv="Content-Language" content="fr"></head>"#;
        assert_eq!(lang(meta).as_deref(), Some("fr"));
        assert_eq!(lang(r#"<html lang=" "><p>Bonjour tout le monde</p>"#), None);
    }
}
