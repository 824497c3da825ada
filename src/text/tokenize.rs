//! Tokens: Unicode words (UAX#29), lowercased, flagged as stopwords, Snowball-stemmed
//! and interned to [`TermId`]s. Numbers are words too ("3.5", "1.13bn") and are kept.
//!
//! Stemming is the costliest step of analysis and news repeats its words, so an
//! [`Analyzer`] remembers every word it has stemmed; [`with_analyzer`] keeps one per
//! thread and language so the memory carries across documents.

use std::cell::RefCell;
use std::collections::HashSet;

use rust_stemmers::Stemmer;
use rustc_hash::FxHashMap;
use unicode_segmentation::UnicodeSegmentation;

use super::{Language, Span};

/// A stem, interned: two words have the same id exactly when their stems are equal,
/// for words seen by the same [`Analyzer`]. Ids carry no order worth relying on.
pub type TermId = u32;

/// One word of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    /// The interned, lowercased, stemmed form used for comparisons.
    pub term: TermId,
    pub stopword: bool,
}

/// What the analyzer knows of a lowercased word.
#[derive(Clone, Copy)]
struct Known {
    term: TermId,
    stopword: bool,
}

/// Past this many remembered words the memory is dropped, so a stream of unique
/// tokens (ids, hashes, numbers) cannot grow it without bound.
const MAX_REMEMBERED_WORDS: usize = 1 << 20;

/// A tokenizer for one language that remembers the words it has stemmed.
pub struct Analyzer {
    language: Language,
    stemmer: Stemmer,
    stopwords: &'static HashSet<String>,
    words: FxHashMap<Box<str>, Known>,
    stem_ids: FxHashMap<Box<str>, TermId>,
    stems: Vec<Box<str>>,
    lowered: String,
}

impl Analyzer {
    pub fn new(language: Language) -> Self {
        Analyzer {
            language,
            stemmer: Stemmer::create(language.algorithm()),
            stopwords: language.stopwords(),
            words: FxHashMap::default(),
            stem_ids: FxHashMap::default(),
            stems: Vec::new(),
            lowered: String::new(),
        }
    }

    /// The words of `text[span]`, with spans into `text`.
    pub fn tokens(&mut self, text: &str, span: Span) -> Vec<Token> {
        span.slice(text)
            .unicode_word_indices()
            .map(|(offset, word)| {
                let known = self.lookup(word);
                Token {
                    span: Span::new(span.start + offset, span.start + offset + word.len()),
                    term: known.term,
                    stopword: known.stopword,
                }
            })
            .collect()
    }

    /// Drops the memory once it is too large. Ids change afterwards, so this is only
    /// called between documents.
    fn forget_if_full(&mut self) {
        if self.words.len() > MAX_REMEMBERED_WORDS {
            self.words.clear();
            self.stem_ids.clear();
            self.stems.clear();
        }
    }

    /// The stem a term id stands for.
    pub fn stem(&self, term: TermId) -> &str {
        &self.stems[term as usize]
    }

    fn lookup(&mut self, word: &str) -> Known {
        normalize(word, &mut self.lowered);
        if let Some(known) = self.words.get(self.lowered.as_str()) {
            return *known;
        }
        let stem = self.stemmer.stem(&self.lowered);
        let next = self.stems.len() as TermId;
        let term = *self.stem_ids.entry(stem.as_ref().into()).or_insert(next);
        if term == next {
            self.stems.push(stem.as_ref().into());
        }
        let known = Known {
            term,
            stopword: self.stopwords.contains(self.lowered.as_str()),
        };
        self.words.insert(self.lowered.as_str().into(), known);
        known
    }
}

/// Runs `f` (the analysis of one document) with this thread's analyzer for
/// `language`, made on first use.
pub fn with_analyzer<T>(language: Language, f: impl FnOnce(&mut Analyzer) -> T) -> T {
    thread_local! {
        static ANALYZERS: RefCell<Vec<Analyzer>> = const { RefCell::new(Vec::new()) };
    }
    ANALYZERS.with(|cell| {
        let mut analyzers = cell.borrow_mut();
        let index = match analyzers.iter().position(|a| a.language == language) {
            Some(index) => index,
            None => {
                analyzers.push(Analyzer::new(language));
                analyzers.len() - 1
            }
        };
        let analyzer = &mut analyzers[index];
        analyzer.forget_if_full();
        f(analyzer)
    })
}

/// Lowercases into `out` and folds typographic apostrophes so "Niger’s" and "Niger's"
/// agree. ASCII words, the common case, take the cheap path.
fn normalize(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        out.push(if matches!(c, '\u{2019}' | '\u{2018}') {
            '\''
        } else {
            c
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(language: Language, text: &str) -> Vec<(String, bool)> {
        let mut analyzer = Analyzer::new(language);
        let tokens = analyzer.tokens(text, Span::new(0, text.len()));
        tokens
            .into_iter()
            .map(|t| (analyzer.stem(t.term).to_string(), t.stopword))
            .collect()
    }

    #[test]
    fn words_are_lowercased_stemmed_and_flagged() {
        let got = stems(Language::English, "The Runners were running");
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
        let got: Vec<String> = stems(Language::English, "Profits rose 3.5% to $1.13bn.")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(got, vec!["profit", "rose", "3.5", "to", "1.13bn"]);
    }

    #[test]
    fn equal_stems_share_an_id_and_the_memory_does_not_change_results() {
        let mut analyzer = Analyzer::new(Language::English);
        let text = "Running runs RUN ran";
        let first = analyzer.tokens(text, Span::new(0, text.len()));
        let again = analyzer.tokens(text, Span::new(0, text.len()));
        assert_eq!(first, again);
        assert_eq!(first[0].term, first[2].term, "running and RUN stem to run");
        assert_ne!(first[0].term, first[3].term, "ran is not stemmed to run");
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Hello, Niger’s wörld";
        let mut analyzer = Analyzer::new(Language::English);
        let tokens = analyzer.tokens(text, Span::new(7, text.len()));
        let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
        assert_eq!(words, vec!["Niger’s", "wörld"]);
        assert_eq!(analyzer.stem(tokens[0].term), "niger");
    }

    #[test]
    fn other_languages_stem_with_their_own_rules() {
        let got = stems(Language::French, "les chanteuses chantaient");
        assert!(got[0].1);
        assert_eq!(got[2].0, "chant");
    }
}
