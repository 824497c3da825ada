//! Tokens: Unicode words (UAX#29), lowercased, flagged as stopwords, Snowball-stemmed
//! and numbered as [`TermId`]s. Numbers are words too ("3.5", "1.13bn") and are kept.
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
use std::ops::ControlFlow;

use rust_stemmers::Stemmer;
use rustc_hash::FxHashMap;
use unicode_segmentation::UnicodeSegmentation;

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

/// Calls `f(offset, word)` for each Unicode word of `text` (UAX#29 segments holding a
/// letter or digit), exactly as `unicode_word_indices` gives them.
///
/// Most text is ASCII, which [`for_each_ascii_word`] reads far faster. A text with a
/// few non-ASCII characters (a `£`, a curly quote) is cut into pieces at ASCII
/// whitespace followed by an ASCII character: UAX#29 always breaks on both sides of
/// such whitespace and none of its rules looks across it, so each piece can be read
/// alone, and only the pieces holding non-ASCII characters need the full rules.
pub(crate) fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    let _ = try_for_each_word(text, |at, word| {
        f(at, word);
        ControlFlow::Continue(())
    });
}

/// [`for_each_word`] that stops at the first word for which `f` says
/// [`ControlFlow::Break`] (language detection stops once the opening has decided).
pub(crate) fn try_for_each_word<'t>(
    text: &'t str,
    mut f: impl FnMut(usize, &'t str) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let bytes = text.as_bytes();
    // All ASCII, as most English is: checked eight bytes at a time.
    if text.is_ascii() {
        return for_each_ascii_word(text, 0, bytes.len(), &mut f);
    }
    let mut start = 0;
    while start < bytes.len() {
        let Some(found) = bytes[start..].iter().position(|b| !b.is_ascii()) else {
            return for_each_ascii_word(text, start, bytes.len(), &mut f);
        };
        let first = start + found;
        let piece = last_cut(bytes, start, first)..next_cut(bytes, first);
        for_each_ascii_word(text, start, piece.start, &mut f)?;
        for (offset, word) in text[piece.clone()].unicode_word_indices() {
            f(piece.start + offset, word)?;
        }
        start = piece.end;
    }
    ControlFlow::Continue(())
}

/// Whether the text may be cut before byte `at`: it follows ASCII whitespace and is
/// ASCII itself (so it is no combining mark or joiner that would cling to the space).
fn is_cut(bytes: &[u8], at: usize) -> bool {
    bytes[at - 1].is_ascii_whitespace() && bytes[at].is_ascii()
}

/// The last cut in `start..=before` (or `start`), where `start..before` is ASCII.
fn last_cut(bytes: &[u8], start: usize, before: usize) -> usize {
    (start + 1..before)
        .rev()
        .find(|&at| is_cut(bytes, at))
        .unwrap_or(start)
}

/// The first cut after `after`, or the end of the text.
fn next_cut(bytes: &[u8], after: usize) -> usize {
    (after + 1..bytes.len())
        .find(|&at| is_cut(bytes, at))
        .unwrap_or(bytes.len())
}

/// [`for_each_word`] over the ASCII text `text[from..to]`, with offsets into `text`:
/// the rules unicode-segmentation applies to it, in one pass that goes straight to
/// the words. Between words every byte is its own segment (or a run of spaces, or
/// CRLF), so a word starts at any letter, digit or `_` after a non-word byte and runs
/// over those and any infix (`3.5`, `1,000`, `don't`, `e.g`).
fn for_each_ascii_word<'t>(
    text: &'t str,
    from: usize,
    to: usize,
    f: &mut impl FnMut(usize, &'t str) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let bytes = &text.as_bytes()[..to];
    let mut next = next_byte(bytes, from, true);
    while let Some(start) = next {
        let end = word_end(bytes, start + 1);
        // A run of underscores alone is not a word.
        if bytes[start] != b'_' || bytes[start..end].iter().any(u8::is_ascii_alphanumeric) {
            f(start, &text[start..end])?;
        }
        // `bytes[end]` ends the word; most often the next one starts right after it.
        next = match bytes.get(end + 1) {
            Some(&b) if is_word_byte(b) => Some(end + 1),
            _ => next_byte(bytes, end, true),
        };
    }
    ControlFlow::Continue(())
}

/// A letter, digit or `_`: the bytes ASCII words are made of.
#[inline]
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The end of the ASCII word running at `i`: past its letters, digits, `_` and infixes.
// Always inlined: it runs once per word of every text, and a call costs as much as
// the scan of a short word.
#[inline(always)]
fn word_end(bytes: &[u8], mut i: usize) -> usize {
    loop {
        i = next_byte(bytes, i, false).unwrap_or(bytes.len());
        if i + 1 < bytes.len() && is_infix(bytes[i], bytes[i - 1], bytes[i + 1]) {
            // The byte after an infix is a letter or digit: the word goes on.
            i += 2;
        } else {
            return i;
        }
    }
}

/// Punctuation that joins the letters or digits on either side into one word.
#[inline]
fn is_infix(b: u8, prev: u8, next: u8) -> bool {
    match b {
        b'.' | b',' | b';' | b'\'' if prev.is_ascii_digit() && next.is_ascii_digit() => true,
        b'\'' | b'.' | b':' => prev.is_ascii_alphabetic() && next.is_ascii_alphabetic(),
        _ => false,
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The first byte at or after `from` of ASCII `bytes` that is (`word`) or is not a
/// word byte (a letter, digit or `_`). Eight bytes are classified at once (SWAR), as
/// this runs over nearly every byte of the input.
#[inline]
fn next_byte(bytes: &[u8], from: usize, word: bool) -> Option<usize> {
    let flip = if word { 0 } else { HIGH_BITS };
    let mut i = from;
    while let Some(eight) = bytes.get(i..i + 8) {
        let chunk = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let found = word_bytes(chunk) ^ flip;
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| is_word_byte(b) == word)
        .map(|k| i + k)
}

/// The high bit of each byte of `chunk` (eight ASCII bytes) set when that byte is a
/// letter, digit or `_`.
#[inline]
fn word_bytes(chunk: u64) -> u64 {
    let letter = bytes_in(chunk | (ONES * 0x20), b'a', b'z');
    let digit = bytes_in(chunk, b'0', b'9');
    let underscore = bytes_in(chunk, b'_', b'_');
    letter | digit | underscore
}

/// The high bit of each byte of `chunk` set when that byte lies in `lo..=hi`. Bytes
/// are below 0x80, so the additions never carry into the next byte.
#[inline]
fn bytes_in(chunk: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = chunk + ONES * (0x80 - u64::from(lo));
    let above_hi = chunk + ONES * (0x7f - u64::from(hi));
    at_least_lo & !above_hi & HIGH_BITS
}

/// The lowercased bytes of the ASCII word `text[at..at + len]` (at most 16 bytes),
/// zero-padded into one integer (little-endian, so a word of up to 8 bytes fits its
/// low half). Padding cannot collide with a real word: words never contain NUL.
pub(crate) fn ascii_key(text: &[u8], at: usize, len: usize) -> Option<u128> {
    if len > 16 {
        return None;
    }
    let low = load_word(text, at, len.min(8));
    let high = if len > 8 {
        load_word(text, at + 8, len - 8)
    } else {
        0
    };
    if (low | high) & HIGH_BITS != 0 {
        return None;
    }
    Some(u128::from(ascii_lowercase(low)) | u128::from(ascii_lowercase(high)) << 64)
}

/// `text[at..at + len]` (`len` ≤ 8) as a little-endian integer, zero above `len`
/// bytes. Where eight bytes are there to read, one load and a mask do it; only the
/// last few bytes of a text are gathered one by one.
#[inline]
fn load_word(text: &[u8], at: usize, len: usize) -> u64 {
    match text.get(at..at + 8) {
        Some(eight) => {
            let all = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            if len == 8 {
                all
            } else {
                all & ((1u64 << (8 * len)) - 1)
            }
        }
        None => text[at..at + len]
            .iter()
            .rev()
            .fold(0, |word, &b| word << 8 | u64::from(b)),
    }
}

/// Lowercases the eight ASCII bytes packed in `word` at once (SWAR): a byte gets
/// 0x20 added exactly when it lies in `A..=Z`.
#[inline]
fn ascii_lowercase(word: u64) -> u64 {
    word | (bytes_in(word, b'A', b'Z') >> 2)
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

/// Lowercases into `out` and folds typographic apostrophes so "Niger’s" and "Niger's"
/// agree. ASCII words, the common case, take the cheap path.
pub(crate) fn normalize(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
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

    fn crate_words(text: &str) -> Vec<(usize, &str)> {
        text.unicode_word_indices().collect()
    }

    fn our_words(text: &str) -> Vec<(usize, &str)> {
        let mut words = Vec::new();
        for_each_word(text, |offset, word| words.push((offset, word)));
        words
    }

    #[test]
    fn ascii_words_match_unicode_segmentation() {
        for text in [
            "Profits rose 3.5% to $1.13bn (£600m), e.g. U.S. firms' don't-care 1,000;2 a:b",
            "__ _a_ a__b 1'000 x'y 'quoted' end. 3.14. 1.2.3 a.b.c. 12:30 a;b 1;2",
            "\r\n\r\nline\r\nnext  spaced\ttab ...dots... -minus +plus #tag @at",
            "",
            " ",
            "a",
            "9",
            "_",
            "a.",
            ".a",
            "1.",
            "1.a",
            "a.1",
            "a'",
            "'a",
            "x:",
            ":",
        ] {
            assert_eq!(our_words(text), crate_words(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_words_match_on_random_text(text in "[a-cA-C0-2_.,;:'\" \r\n\t$%()-]{0,40}") {
            proptest::prop_assert_eq!(our_words(&text), crate_words(&text));
        }

        #[test]
        fn words_match_on_mixed_text(text in "([a-cA-C0-2_.,;:'\" \r\n\t$()-]|é|’|“|£|\u{301}|\u{200d}|\u{a0}|\u{5d0}|\u{30a2}|\u{4e00}|🇫|🇷|👍|\u{fe0f}){0,40}") {
            proptest::prop_assert_eq!(our_words(&text), crate_words(&text));
        }

        #[test]
        fn ascii_words_match_on_any_ascii(text in "[\\x00-\\x7f]{0,70}") {
            proptest::prop_assert_eq!(our_words(&text), crate_words(&text));
        }
    }

    #[test]
    fn ascii_keys_are_the_lowercased_bytes() {
        let text = b"Hello, WORLD-wide [Zebra@] BeautifulWords!";
        for (at, len) in [(0, 5), (7, 5), (13, 4), (19, 5), (25, 1), (27, 14), (40, 1)] {
            let expected = text[at..at + len].iter().rev().fold(0u128, |key, b| {
                key << 8 | u128::from(b.to_ascii_lowercase())
            });
            assert_eq!(ascii_key(text, at, len), Some(expected), "{at} {len}");
        }
        assert_eq!(ascii_key("café".as_bytes(), 0, 5), None);
        for b in 0..0x80u8 {
            let bytes = [b, b'Q', b, b'q', b'@', b, b'[', b];
            let lowered = bytes.map(|c| c.to_ascii_lowercase());
            let word = u64::from_le_bytes(bytes);
            assert_eq!(ascii_lowercase(word), u64::from_le_bytes(lowered), "{b:#x}");
        }
        assert_eq!(ascii_key(&[b'a'; 20], 0, 17), None);
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
