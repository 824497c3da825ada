//! Repeated phrases: runs of original words (case and punctuation folded; no stems,
//! stopwords kept) that the draft uses more than once.
//!
//! Only *maximal* repeats are reported: a phrase that cannot be extended by a word to
//! the left or to the right without losing one of its occurrences. A 7-word sequence
//! said twice is one 7-word phrase, not three 5-grams; a 4-word phrase said three
//! times, twice with the same word before it, is both the 5-word phrase (twice) and
//! the 4-word one (three times). A phrase all of whose occurrences sit inside longer
//! reported phrases is dropped.
//!
//! Phrases stop at sentence ends: across a full stop the words no longer make a phrase
//! an editor would rewrite, and a repeated sentence is reported as one anyway.
//!
//! The repeats are found as a trie over the occurrences: positions that share their
//! first `min` words form a group, a group is split by the word that follows, and a
//! group whose occurrences do not all continue with the same word is right-maximal.
//! The work is proportional to the repeated material, which in prose is small.

use rustc_hash::FxHashMap;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::within::{Draft, RepetitionOptions};
use crate::text::tokenize::normalize;
use crate::text::Span;

/// A phrase used more than once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RepeatedPhrase {
    /// The phrase as written at its first location, whitespace collapsed to spaces.
    pub text: String,
    /// Its length in words.
    pub words: usize,
    /// How many times it is used (the number of locations).
    pub count: usize,
    /// Where it is, in order: from the start of its first word to the end of its last.
    pub locations: Vec<Span>,
}

/// The words of the compared sentences, interned by their folded form.
struct Words {
    ids: Vec<u32>,
    spans: Vec<Span>,
    /// One past the last word of the sentence holding each word: phrases stop there.
    limit: Vec<u32>,
    /// For each id: whether the word is a stopword or has no letter (a number).
    trivial: Vec<bool>,
}

/// One maximal repeat: the first word of each occurrence (ascending) and its length.
struct Repeat {
    starts: Vec<u32>,
    len: usize,
}

/// Phrases of `options.min_phrase_words` words or more used more than once, the most
/// repeated words ((count - 1) × length) first, then in draft order.
pub(crate) fn repeated_phrases(draft: &Draft, options: &RepetitionOptions) -> Vec<RepeatedPhrase> {
    let words = Words::new(draft, options);
    let mut repeats = maximal_repeats(&words, options.min_phrase_words.max(2));
    repeats.retain(|r| !words.all_trivial(r.starts[0] as usize, r.len));
    repeats.sort_by_key(|r| (std::cmp::Reverse(r.len), r.starts[0]));
    let mut covered: Vec<(usize, usize)> = Vec::new();
    let mut phrases = Vec::new();
    for repeat in repeats {
        let ranges: Vec<(usize, usize)> = repeat
            .starts
            .iter()
            .map(|&p| (p as usize, p as usize + repeat.len))
            .collect();
        let inside = |r: &(usize, usize)| covered.iter().any(|c| c.0 <= r.0 && r.1 <= c.1);
        if ranges.iter().all(inside) {
            continue;
        }
        covered.extend_from_slice(&ranges);
        phrases.push(words.phrase(draft.text, &repeat));
    }
    phrases.sort_by_key(|p| {
        let repeated = (p.count - 1) * p.words;
        (std::cmp::Reverse(repeated), p.locations[0].start)
    });
    phrases
}

impl Words {
    fn new(draft: &Draft, options: &RepetitionOptions) -> Self {
        let stopwords = options.analysis.language.stopwords();
        let mut words = Words {
            ids: Vec::new(),
            spans: Vec::new(),
            limit: Vec::new(),
            trivial: Vec::new(),
        };
        let mut interned: FxHashMap<String, u32> = FxHashMap::default();
        let mut folded = String::new();
        for (i, sentence) in draft.doc.sentences.iter().enumerate() {
            if !draft.included[i] {
                continue;
            }
            let base = sentence.span.start;
            for (offset, word) in sentence.span.slice(draft.text).unicode_word_indices() {
                normalize(word, &mut folded);
                let id = match interned.get(folded.as_str()) {
                    Some(&id) => id,
                    None => {
                        let letters = folded.chars().any(char::is_alphabetic);
                        words.trivial.push(!letters || stopwords.contains(&folded));
                        interned.insert(folded.clone(), words.trivial.len() as u32 - 1);
                        words.trivial.len() as u32 - 1
                    }
                };
                words.ids.push(id);
                let start = base + offset;
                words.spans.push(Span::new(start, start + word.len()));
            }
            let end = words.ids.len() as u32;
            words.limit.resize(words.ids.len(), end);
        }
        words
    }

    /// The word after the first `len` words at `start`, if the sentence goes on.
    fn next(&self, start: u32, len: usize) -> Option<u32> {
        let at = start as usize + len;
        (at < self.limit[start as usize] as usize).then(|| self.ids[at])
    }

    /// The word before `start`, if it is in the same sentence.
    fn previous(&self, start: u32) -> Option<u32> {
        let p = start as usize;
        (p > 0 && self.limit[p - 1] == self.limit[p]).then(|| self.ids[p - 1])
    }

    fn all_trivial(&self, start: usize, len: usize) -> bool {
        self.ids[start..start + len]
            .iter()
            .all(|&id| self.trivial[id as usize])
    }

    fn phrase(&self, text: &str, repeat: &Repeat) -> RepeatedPhrase {
        let locations: Vec<Span> = repeat
            .starts
            .iter()
            .map(|&p| {
                let p = p as usize;
                Span::new(self.spans[p].start, self.spans[p + repeat.len - 1].end)
            })
            .collect();
        RepeatedPhrase {
            text: locations[0]
                .slice(text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            words: repeat.len,
            count: locations.len(),
            locations,
        }
    }
}

/// Every maximal repeat of at least `min` words.
fn maximal_repeats(words: &Words, min: usize) -> Vec<Repeat> {
    let mut groups: FxHashMap<&[u32], Vec<u32>> = FxHashMap::default();
    for p in 0..words.ids.len() {
        if p + min <= words.limit[p] as usize {
            groups
                .entry(&words.ids[p..p + min])
                .or_default()
                .push(p as u32);
        }
    }
    let mut pending: Vec<Repeat> = groups
        .into_values()
        .filter(|starts| starts.len() > 1)
        .map(|starts| Repeat { starts, len: min })
        .collect();
    let mut found = Vec::new();
    // An explicit stack, not recursion: a long repeated sentence would nest deeply.
    while let Some(group) = pending.pop() {
        extend(words, group, &mut pending, &mut found);
    }
    found
}

/// Grows a group of equal phrases while all occurrences continue alike, records it if
/// it is also left-maximal, and queues the groups that continue differently.
fn extend(words: &Words, mut group: Repeat, pending: &mut Vec<Repeat>, found: &mut Vec<Repeat>) {
    loop {
        let first = words.next(group.starts[0], group.len);
        let alike = |&p: &u32| words.next(p, group.len) == first;
        if first.is_none() || !group.starts.iter().all(alike) {
            break;
        }
        group.len += 1;
    }
    let mut continued: Vec<(u32, u32)> = group
        .starts
        .iter()
        .filter_map(|&p| words.next(p, group.len).map(|w| (w, p)))
        .collect();
    continued.sort_unstable();
    for same in continued.chunk_by(|a, b| a.0 == b.0) {
        if same.len() > 1 {
            let starts = same.iter().map(|e| e.1).collect();
            pending.push(Repeat {
                starts,
                len: group.len + 1,
            });
        }
    }
    let before = words.previous(group.starts[0]);
    let left_maximal =
        before.is_none() || group.starts.iter().any(|&p| words.previous(p) != before);
    if left_maximal {
        found.push(group);
    }
}
