//! Tokens: Unicode words (UAX#29), lowercased, flagged as stopwords, Snowball-stemmed.
//! Numbers are words too ("3.5", "1.13bn") and are kept.

use std::collections::HashSet;

use rust_stemmers::Stemmer;
use unicode_segmentation::UnicodeSegmentation;

use super::{Language, Span};

/// One word of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    /// The lowercased, stemmed form used for comparisons.
    pub stem: String,
    pub stopword: bool,
}

/// A reusable tokenizer for one language.
pub struct Analyzer {
    stemmer: Stemmer,
    stopwords: &'static HashSet<String>,
}

impl Analyzer {
    pub fn new(language: Language) -> Self {
        Analyzer {
            stemmer: Stemmer::create(language.algorithm()),
            stopwords: language.stopwords(),
        }
    }

    /// The words of `text[span]`, with spans into `text`.
    pub fn tokens(&self, text: &str, span: Span) -> Vec<Token> {
        span.slice(text)
            .unicode_word_indices()
            .map(|(offset, word)| {
                let lower = normalize(word);
                let stopword = self.stopwords.contains(&lower);
                let stem = self.stemmer.stem(&lower).into_owned();
                Token {
                    span: Span::new(span.start + offset, span.start + offset + word.len()),
                    stem,
                    stopword,
                }
            })
            .collect()
    }
}

/// Lowercases and folds typographic apostrophes so "Niger’s" and "Niger's" agree.
fn normalize(word: &str) -> String {
    word.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<(String, bool)> {
        Analyzer::new(Language::English)
            .tokens(text, Span::new(0, text.len()))
            .into_iter()
            .map(|t| (t.stem, t.stopword))
            .collect()
    }

    #[test]
    fn words_are_lowercased_stemmed_and_flagged() {
        let got = stems("The Runners were running");
        assert_eq!(
            got,
            vec![
                ("the".into(), true),
                ("runner".into(), false),
                ("were".into(), true),
                ("run".into(), false),
            ]
        );
    }

    #[test]
    fn numbers_are_kept_and_punctuation_dropped() {
        let got: Vec<String> = stems("Profits rose 3.5% to $1.13bn.")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(got, vec!["profit", "rose", "3.5", "to", "1.13bn"]);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Hello, Niger’s wörld";
        let tokens = Analyzer::new(Language::English).tokens(text, Span::new(7, text.len()));
        let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
        assert_eq!(words, vec!["Niger’s", "wörld"]);
        assert_eq!(tokens[0].stem, "niger");
    }

    #[test]
    fn other_languages_stem_with_their_own_rules() {
        let text = "les chanteuses chantaient";
        let tokens = Analyzer::new(Language::French).tokens(text, Span::new(0, text.len()));
        assert!(tokens[0].stopword);
        assert_eq!(tokens[2].stem, "chant");
    }
}
