//! Summary records: what `summarize` prints (and `check --summary` shows), as typed
//! `Serialize` structs, and their plain-text rendering.

use serde::Serialize;

use super::emit::Record;
use super::sanitize;
use crate::html::{PageMeta, SourceMap};
use crate::input::WebPage;
use crate::summarize::Summary;
use crate::text::{AnalyzedDocument, Language};

/// One summarised document (a JSON object, or one JSONL line).
#[derive(Clone, Debug, Serialize)]
pub struct SummaryRecord {
    /// The path, the JSONL id, or `-` for stdin.
    pub id: String,
    /// The file the document was read from, when it was a file or a JSONL file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The language the document was analysed in (ISO 639-1).
    pub lang: &'static str,
    /// What a web page says about itself (web pages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<PageMeta>,
    /// The article extracted from a web page, which the sentences' offsets index
    /// (web pages only; for text, the offsets index the input itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// How many sentences the document has.
    pub sentence_count: usize,
    /// The chosen sentences joined by single spaces.
    pub summary: String,
    /// The chosen sentences, in the order printed.
    pub sentences: Vec<SummarySentence>,
}

/// One chosen sentence, located in the original text.
#[derive(Clone, Debug, Serialize)]
pub struct SummarySentence {
    /// Position of the sentence in the document (0-based).
    pub index: usize,
    /// Byte offsets into the original text: `text == original[start..end]` (for a
    /// web page, into the extracted article).
    pub start: usize,
    /// Byte offset of the end (see `start`).
    pub end: usize,
    /// For a web page: where the sentence is verbatim in the page source, if it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_start: Option<usize>,
    /// For a web page: the end of the sentence in the page source (see `source_start`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_end: Option<usize>,
    /// The sentence's share of the document's centrality (all scores sum to 1).
    pub score: f64,
    /// The sentence, verbatim.
    pub text: String,
}

impl SummaryRecord {
    /// The record of `summary` over `doc`, the analysis of `text`.
    pub fn new(
        id: String,
        path: Option<String>,
        text: &str,
        doc: &AnalyzedDocument,
        summary: &Summary,
    ) -> Self {
        let sentences: Vec<SummarySentence> = summary
            .selected
            .iter()
            .map(|&index| {
                let span = doc.sentences[index].span;
                SummarySentence {
                    index,
                    start: span.start,
                    end: span.end,
                    source_start: None,
                    source_end: None,
                    score: summary.scores[index],
                    text: span.slice(text).to_string(),
                }
            })
            .collect();
        let joined: Vec<String> = sentences
            .iter()
            .map(|s| sanitize::one_line(&s.text))
            .collect();
        SummaryRecord {
            id,
            path,
            lang: Language::default().code(),
            meta: None,
            text: None,
            sentence_count: doc.sentences.len(),
            summary: joined.join(" "),
            sentences,
        }
    }

    /// Names the language the document was analysed in.
    pub fn in_language(mut self, language: Language) -> Self {
        self.lang = language.code();
        self
    }

    /// For a document read from a web page: its metadata, the extracted `article`,
    /// and where each sentence is in the page (when it is there verbatim).
    pub fn with_page(mut self, page: Option<&WebPage>, article: &str) -> Self {
        let Some(page) = page else {
            return self;
        };
        if page.source_offsets {
            let map = SourceMap::new(&page.html);
            for sentence in &mut self.sentences {
                let span = crate::text::Span::new(sentence.start, sentence.end);
                let found = map.locate(article, span);
                sentence.source_start = found.map(|s| s.start);
                sentence.source_end = found.map(|s| s.end);
            }
        }
        self.meta = Some(page.meta.clone());
        self.text = Some(article.to_string());
        self
    }
}

impl Record for SummaryRecord {
    /// One sentence per line (line breaks inside a sentence folded).
    fn to_text(&self, terminal: bool) -> String {
        let mut out = String::new();
        for sentence in &self.sentences {
            let line = sanitize::one_line(&sentence.text);
            if terminal {
                out.push_str(&sanitize::for_terminal(&line));
            } else {
                out.push_str(&line);
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::charset::Kind;
    use crate::input::decode;
    use crate::summarize::{summarize, Budget, SummarizeOptions};
    use crate::text::{analyze, AnalyzeOptions, TextFormat};
    use proptest::prelude::*;

    fn record(text: &str, format: TextFormat, budget: Budget) -> SummaryRecord {
        let options = AnalyzeOptions {
            format,
            ..AnalyzeOptions::default()
        };
        let doc = analyze(text, &options);
        let summary = summarize(
            &doc,
            &SummarizeOptions {
                budget,
                ..SummarizeOptions::default()
            },
        );
        let scores: f64 = summary.scores.iter().sum();
        assert!(summary.scores.iter().all(|s| s.is_finite() && *s >= 0.0));
        assert!(
            doc.sentences.is_empty() || (scores - 1.0).abs() < 1e-6,
            "sum {scores}"
        );
        assert_eq!(doc.sentences.is_empty(), summary.selected.is_empty());
        SummaryRecord::new("x".into(), None, text, &doc, &summary)
    }

    fn check_located(text: &str, record: &SummaryRecord) {
        for s in &record.sentences {
            assert_eq!(&text[s.start..s.end], s.text);
            assert!(!s.text.trim().is_empty());
        }
    }

    /// Sentence-like text: words, punctuation, abbreviations, quotes and line breaks.
    fn articleish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[A-Za-z]{1,9}",
            Just(". ".to_string()),
            Just("Dr. ".to_string()),
            Just("U.S. ".to_string()),
            Just("\"Stop!\" ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("- ".to_string()),
            Just("# ".to_string()),
            Just("**".to_string()),
            Just("[a](http://x.y/z) ".to_string()),
            Just("3.5% ".to_string()),
            Just("… ".to_string()),
            Just(" ".to_string()),
        ];
        prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn summaries_are_located_in_articleish_text(text in articleish(), n in 1usize..6) {
            for format in [TextFormat::Plain, TextFormat::Markdown] {
                let r = record(&text, format, Budget::Sentences(n));
                check_located(&text, &r);
            }
        }

        #[test]
        fn no_panic_on_arbitrary_unicode(text in "\\PC{0,300}", words in 1usize..50) {
            for format in [TextFormat::Plain, TextFormat::Markdown] {
                let r = record(&text, format, Budget::Words(words));
                check_located(&text, &r);
            }
        }

        #[test]
        fn no_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let options = crate::input::InputOptions::default();
            if let Ok((decoded, _)) = decode(&bytes, Kind::Text, "x", &options) {
                let text = decoded.text;
                for format in [TextFormat::Plain, TextFormat::Markdown] {
                    let r = record(&text, format, Budget::Ratio(0.5));
                    check_located(&text, &r);
                }
            }
        }
    }
}
