//! Tokens: the analysis words of the word model
//! ([`Words::Analysis`](crate::text::words::Words::Analysis)), flagged as stopwords,
//! Snowball-stemmed and numbered as [`TermId`]s. Numbers are words too ("3.5",
//! "1.13bn") and are kept.
//!
//! Stemming is the costliest step of analysis and news repeats its words, so an
//! [`Analyzer`] remembers every word it has stemmed; [`with_analyzer`] keeps one per
//! thread and language so the memory carries across documents. Short ASCII words, most
//! of any English text, are remembered under an integer key: hashing and comparing it
//! takes a couple of instructions, with no lowercased copy of the word.
//!
//! The memory is only a cache. The ids a document's terms get are the document's own
//! ([`DocumentAnalyzer`]): numbered from 0 in order of first appearance, so they are
//! the same whatever the thread analysed before, and no result can depend on which
//! thread saw what.

use std::borrow::Cow;
use std::cell::RefCell;

use rust_stemmers::Stemmer;
use rustc_hash::FxHashMap;

use super::words::analysis::{ascii_key, for_each_word, normalize};
use super::{Language, Span};

/// A stem of one document: two words of a document have the same id exactly when
/// their stems are equal. Ids count up from 0 in order of first appearance in the
/// document, whatever was analysed before it; they mean nothing across documents.
pub type TermId = u32;

/// A stem in an [`Analyzer`]'s memory, numbered in the order the analyzer met it:
/// private, since it depends on everything the analyzer read before.
type StemId = u32;

/// One word of the text.
#[cfg(test)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    /// The lowercased, stemmed form used for comparisons, numbered within the document.
    pub term: TermId,
    pub stopword: bool,
}

/// What the analyzer knows of a lowercased word.
#[derive(Clone, Copy)]
struct Known {
    stem: StemId,
    stopword: bool,
}

/// Past this many remembered words the memory is dropped, so a stream of unique
/// tokens (ids, hashes, numbers) cannot grow it without bound.
const MAX_REMEMBERED_WORDS: usize = 1 << 20;

/// Room made up front in the memory. The tables round it up to 7/8 of the next power
/// of two, room for 14,336 words: about as many distinct short words (or stems) as
/// 700 news articles hold. No larger: a table is touched at random, so every page of
/// it is faulted in early, and that cost more than the rehash a longer run may need.
const INITIAL_WORDS: usize = 1 << 13;

fn with_capacity<K, V>(capacity: usize) -> FxHashMap<K, V> {
    FxHashMap::with_capacity_and_hasher(capacity, Default::default())
}

/// A tokenizer for one language that remembers the words it has stemmed.
///
/// The memory is split by key size so that the table most lookups touch stays small
/// enough for the cache: ASCII words of up to 8 bytes (nine in ten English words) are
/// keyed by a `u64`, up to 16 bytes by a `u128`, and only the rest by their text.
pub struct Analyzer {
    language: Language,
    stems: Stems,
    short_words: FxHashMap<u64, Known>,
    medium_words: FxHashMap<u128, Known>,
    /// Longer and non-ASCII words, keyed by their normalized form.
    long_words: FxHashMap<Box<str>, Known>,
    /// The current document's numbering of stems.
    local: LocalIds,
}

/// Stemming and stem interning: the work the memory saves.
struct Stems {
    stemmer: Stemmer,
    /// The id of every stem seen; ids count up from 0 in order of first sight.
    ids: FxHashMap<Box<str>, StemId>,
    /// The normalized word being learned (a reused buffer).
    lowered: String,
}

impl Analyzer {
    pub fn new(language: Language) -> Self {
        let mut analyzer = Analyzer {
            language,
            stems: Stems {
                stemmer: Stemmer::create(language.algorithm()),
                ids: with_capacity(INITIAL_WORDS),
                lowered: String::new(),
            },
            short_words: with_capacity(INITIAL_WORDS),
            medium_words: with_capacity(INITIAL_WORDS / 2),
            long_words: with_capacity(INITIAL_WORDS / 16),
            local: LocalIds::default(),
        };
        analyzer.learn_stopwords();
        analyzer
    }

    /// Puts the language's stopwords in the memory, flagged, under every key a word
    /// may be looked up by: then a word the memory does not know is no stopword, and
    /// learning it needs no check against the list.
    fn learn_stopwords(&mut self) {
        for &word in self.language.stopword_list() {
            let known = self.stems.learn_lowered(word, true);
            if let Some(key) = ascii_key(word.as_bytes(), 0, word.len()) {
                match word.len() {
                    ..=8 => self.short_words.insert(key as u64, known),
                    _ => self.medium_words.insert(key, known),
                };
            }
            // The long-word memory is keyed by normalized text, which any form of
            // the word (curly apostrophe, non-ASCII letters) is looked up by.
            self.long_words.insert(word.into(), known);
        }
    }

    /// Starts the analysis of one document: its term ids count from 0 again.
    pub fn document(&mut self) -> DocumentAnalyzer<'_> {
        self.forget_if_full();
        self.local.restart();
        DocumentAnalyzer { analyzer: self }
    }

    /// Drops the memory once it is too large. Stem ids change afterwards, so this is
    /// only called between documents.
    fn forget_if_full(&mut self) {
        let remembered = self.short_words.len() + self.medium_words.len() + self.long_words.len();
        if remembered > MAX_REMEMBERED_WORDS {
            self.forget();
        }
    }

    /// Drops every remembered word but the stopwords.
    fn forget(&mut self) {
        self.short_words.clear();
        self.medium_words.clear();
        self.long_words.clear();
        self.stems.ids.clear();
        self.local.forget();
        self.learn_stopwords();
    }

    /// The stem a term id of the last document stands for (a search, for tests).
    #[cfg(test)]
    fn stem(&self, term: TermId) -> Option<&str> {
        let stem = *self.local.stems.get(term as usize)?;
        self.stems
            .ids
            .iter()
            .find(|&(_, &id)| id == stem)
            .map(|(text, _)| text.as_ref())
    }

    /// What is known of `word`, which starts at byte `at` of `text`.
    fn lookup(&mut self, text: &[u8], at: usize, word: &str) -> Known {
        let stems = &mut self.stems;
        match ascii_key(text, at, word.len()) {
            Some(key) if word.len() <= 8 => {
                remember(&mut self.short_words, key as u64, || stems.learn(word))
            }
            Some(key) => remember(&mut self.medium_words, key, || stems.learn(word)),
            None => {
                normalize(word, &mut stems.lowered);
                if let Some(known) = self.long_words.get(stems.lowered.as_str()) {
                    return *known;
                }
                let known = stems.learn_lowered_word();
                self.long_words.insert(stems.lowered.as_str().into(), known);
                known
            }
        }
    }
}

/// The remembered value of `key`, learned on first sight.
#[inline]
fn remember<K: std::hash::Hash + Eq>(
    words: &mut FxHashMap<K, Known>,
    key: K,
    learn: impl FnOnce() -> Known,
) -> Known {
    if let Some(known) = words.get(&key) {
        return *known;
    }
    let known = learn();
    words.insert(key, known);
    known
}

/// An [`Analyzer`] at work on one document: the term ids it gives count up from 0 in
/// order of first appearance among the words it is asked about, whatever the analyzer
/// read before.
pub struct DocumentAnalyzer<'a> {
    analyzer: &'a mut Analyzer,
}

impl DocumentAnalyzer<'_> {
    /// The words of `text[span]`, with spans into `text`.
    #[cfg(test)]
    pub fn tokens(&mut self, text: &str, span: Span) -> Vec<Token> {
        let analyzer = &mut *self.analyzer;
        let mut tokens = Vec::new();
        for_each_word(span.slice(text), |offset, word| {
            let known = analyzer.lookup(text.as_bytes(), span.start + offset, word);
            tokens.push(Token {
                span: Span::new(span.start + offset, span.start + offset + word.len()),
                term: analyzer.local.id(known.stem),
                stopword: known.stopword,
            });
        });
        tokens
    }

    /// Appends the term ids of the non-stopword words of `text[span]` to `terms`;
    /// returns the number of words, stopwords included.
    pub fn terms_into(&mut self, text: &str, span: Span, terms: &mut Vec<TermId>) -> usize {
        let analyzer = &mut *self.analyzer;
        let start = terms.len();
        let mut words = 0;
        for_each_word(span.slice(text), |offset, word| {
            words += 1;
            let known = analyzer.lookup(text.as_bytes(), span.start + offset, word);
            // Kept without a branch: stopwords come and go unpredictably, and a
            // mispredicted branch here costs more than the lookup itself.
            let kept = terms.len() + usize::from(!known.stopword);
            terms.push(known.stem);
            terms.truncate(kept);
        });
        // Only the kept stems are numbered, so the ids are dense.
        for term in &mut terms[start..] {
            *term = analyzer.local.id(*term);
        }
        words
    }
}

/// The current document's numbering of stems: stem ids are small and dense, so an
/// array indexed by them holds each one's document id.
#[derive(Default)]
struct LocalIds {
    /// The document id of each stem id, or [`LocalIds::UNSEEN`].
    of_stem: Vec<TermId>,
    /// The document's stems in order of first appearance (the index is the id).
    stems: Vec<StemId>,
}

impl LocalIds {
    const UNSEEN: TermId = TermId::MAX;

    /// The document id of `stem`, the next one on first sight.
    #[inline]
    fn id(&mut self, stem: StemId) -> TermId {
        let slot = stem as usize;
        if slot >= self.of_stem.len() {
            self.of_stem.resize(slot + 1, Self::UNSEEN);
        }
        let id = &mut self.of_stem[slot];
        if *id == Self::UNSEEN {
            *id = self.stems.len() as TermId;
            self.stems.push(stem);
        }
        *id
    }

    /// Forgets the last document's ids, keeping the memory.
    fn restart(&mut self) {
        for stem in self.stems.drain(..) {
            self.of_stem[stem as usize] = Self::UNSEEN;
        }
    }

    /// Forgets everything, for when the stem ids themselves are dropped.
    fn forget(&mut self) {
        self.of_stem.clear();
        self.stems.clear();
    }
}

impl Stems {
    /// Normalizes and stems `word`, which the memory does not know: so it is no
    /// stopword (see [`Analyzer::learn_stopwords`]).
    fn learn(&mut self, word: &str) -> Known {
        normalize(word, &mut self.lowered);
        self.learn_lowered_word()
    }

    /// Stems the unknown normalized word in `self.lowered`.
    fn learn_lowered_word(&mut self) -> Known {
        let lowered = std::mem::take(&mut self.lowered);
        let known = self.learn_lowered(&lowered, false);
        self.lowered = lowered;
        known
    }

    /// Stems the normalized word `lowered` and interns its stem.
    fn learn_lowered(&mut self, lowered: &str, stopword: bool) -> Known {
        // Stemming rules act on letters: a plain number is its own stem.
        let stem = if is_ascii_number(lowered) {
            Cow::Borrowed(lowered)
        } else {
            self.stemmer.stem(lowered)
        };
        // Many words share a stem: look it up before allocating a key for it.
        let stem = match self.ids.get(stem.as_ref()) {
            Some(&id) => id,
            None => {
                let id = self.ids.len() as StemId;
                self.ids.insert(stem.as_ref().into(), id);
                id
            }
        };
        Known { stem, stopword }
    }
}

/// Whether `word` is made of ASCII digits only (`2004`, not `3.5`: some stemmers drop
/// the punctuation inside a number).
fn is_ascii_number(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
}

/// Runs `f` (the analysis of one document) with this thread's analyzer for
/// `language`, made on first use; the document's term ids count from 0.
pub fn with_analyzer<T>(language: Language, f: impl FnOnce(&mut DocumentAnalyzer<'_>) -> T) -> T {
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
        f(&mut analyzers[index].document())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(language: Language, text: &str) -> Vec<(String, bool)> {
        let mut analyzer = Analyzer::new(language);
        let tokens = analyzer.document().tokens(text, Span::new(0, text.len()));
        tokens
            .into_iter()
            .map(|t| (analyzer.stem(t.term).unwrap().to_string(), t.stopword))
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
        let first = analyzer.document().tokens(text, Span::new(0, text.len()));
        let again = analyzer.document().tokens(text, Span::new(0, text.len()));
        assert_eq!(first, again);
        assert_eq!(first[0].term, first[2].term, "running and RUN stem to run");
        assert_ne!(first[0].term, first[3].term, "ran is not stemmed to run");
    }

    #[test]
    fn a_documents_ids_count_from_zero_by_first_appearance_whatever_came_before() {
        let text = "Harbour fees rose; the harbour board said fees rise again.";
        let terms = |analyzer: &mut Analyzer| {
            let mut terms = Vec::new();
            analyzer
                .document()
                .terms_into(text, Span::new(0, text.len()), &mut terms);
            terms
        };
        let mut fresh = Analyzer::new(Language::English);
        let first = terms(&mut fresh);
        // harbour, fee, rose, harbour, board, said, fee, rise ("the", "again" are
        // stopwords).
        assert_eq!(first, vec![0, 1, 2, 0, 3, 4, 1, 5]);
        let mut used = Analyzer::new(Language::English);
        let other = "Boards said again and again that rising seas rose.";
        used.document().tokens(other, Span::new(0, other.len()));
        assert_eq!(terms(&mut used), first, "after another document");
        used.forget();
        assert_eq!(terms(&mut used), first, "after the memory was dropped");
    }

    #[test]
    fn stopwords_are_known_in_every_form_and_after_the_memory_is_dropped() {
        // Short, medium-length and apostrophe forms: each reaches the memory by a
        // different key.
        let text = "THEMSELVES Don’t shouldn't Yourselves dont selves";
        let flags = |analyzer: &mut Analyzer| -> Vec<bool> {
            let tokens = analyzer.document().tokens(text, Span::new(0, text.len()));
            tokens.iter().map(|t| t.stopword).collect()
        };
        let expected = [true, true, true, true, false, false];
        let mut analyzer = Analyzer::new(Language::English);
        assert_eq!(flags(&mut analyzer), expected);
        analyzer.forget();
        let list = Language::English.stopword_list();
        let ascii = list
            .iter()
            .filter(|w| w.is_ascii() && w.len() <= 16)
            .count();
        assert_eq!(
            analyzer.long_words.len(),
            list.len(),
            "only stopwords are left"
        );
        assert_eq!(
            analyzer.short_words.len() + analyzer.medium_words.len(),
            ascii
        );
        assert_eq!(flags(&mut analyzer), expected);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Hello, Niger’s wörld";
        let mut analyzer = Analyzer::new(Language::English);
        let tokens = analyzer.document().tokens(text, Span::new(7, text.len()));
        let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
        assert_eq!(words, vec!["Niger’s", "wörld"]);
        assert_eq!(analyzer.stem(tokens[0].term), Some("niger"));
    }

    #[test]
    fn no_stemmer_changes_an_ascii_number() {
        for language in Language::all() {
            let stemmer = Stemmer::create(language.algorithm());
            for number in ["2004", "0", "1234567890"] {
                assert!(is_ascii_number(number));
                assert_eq!(stemmer.stem(number), number, "{language:?}");
            }
        }
        assert!(!is_ascii_number("1990s"));
        assert!(!is_ascii_number("3.5"));
        assert!(!is_ascii_number("١٢"));
    }

    #[test]
    fn other_languages_stem_with_their_own_rules() {
        let got = stems(Language::French, "les chanteuses chantaient");
        assert!(got[0].1);
        assert_eq!(got[2].0, "chant");
    }
}
