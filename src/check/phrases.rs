//! Repeated phrases: runs of words ([`Words::Analysis`](crate::text::words::Words::Analysis), so a phrase never starts or
//! ends inside "don't" or "3.5"; no stems, stopwords kept) that the draft uses more
//! than once.
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

use std::ops::ControlFlow;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::within::{Draft, RepetitionOptions};
use crate::text::words::analysis;
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

/// The words of the compared sentences, interned by their normal form.
struct Words {
    ids: Vec<u32>,
    /// Where each word starts and ends, in bytes from the start of its sentence: half
    /// the memory of absolute spans, which a 64 MiB draft of 11 million words feels.
    offsets: Vec<(u32, u32)>,
    /// The first word of each compared sentence, and where the sentence starts.
    sentences: Vec<(u32, usize)>,
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
/// The second value is `true` when the search was cut short (see [`maximal_repeats`]).
pub(crate) fn repeated_phrases(
    draft: &Draft,
    options: &RepetitionOptions,
) -> (Vec<RepeatedPhrase>, bool) {
    let words = Words::new(draft, options);
    let (mut repeats, cut_short) = maximal_repeats(&words, options.min_phrase_words.max(2));
    repeats.retain(|r| !words.all_trivial(r.starts[0] as usize, r.len));
    repeats.sort_by_key(|r| (std::cmp::Reverse(r.len), r.starts[0]));
    let mut covered = Covered::new(words.ids.len());
    let mut phrases = Vec::new();
    for repeat in repeats {
        let ranges = || repeat.starts.iter().map(|&p| (p, p + repeat.len as u32));
        if ranges().all(|(start, end)| covered.contains(start, end)) {
            continue;
        }
        ranges().for_each(|(start, end)| covered.insert(start, end));
        phrases.push(words.phrase(draft.text, &repeat));
    }
    phrases.sort_by_key(|p| {
        let repeated = (p.count - 1) * p.words;
        (std::cmp::Reverse(repeated), p.locations[0].start)
    });
    (phrases, cut_short)
}

impl Words {
    fn new(draft: &Draft, options: &RepetitionOptions) -> Self {
        let stopwords = options.analysis.language.stopwords();
        let mut words = Words {
            ids: Vec::new(),
            offsets: Vec::new(),
            sentences: Vec::new(),
            limit: Vec::new(),
            trivial: Vec::new(),
        };
        let mut interned: FxHashMap<String, u32> = FxHashMap::default();
        // One buffer for every word's normal form (the work of
        // [`Words::for_each`](crate::text::words::Words::for_each), without its buffer
        // per sentence).
        let mut normal = String::new();
        for (i, sentence) in draft.doc.sentences.iter().enumerate() {
            // A "sentence" of 4 GiB is no prose; its offsets would not fit.
            if !draft.included[i] || u32::try_from(sentence.span.len()).is_err() {
                continue;
            }
            let first = words.ids.len() as u32;
            words.sentences.push((first, sentence.span.start));
            analysis::for_each_word(sentence.span.slice(draft.text), |offset, word| {
                analysis::normalize(word, &mut normal);
                let id = match interned.get(normal.as_str()) {
                    Some(&id) => id,
                    None => {
                        let letters = normal.chars().any(char::is_alphabetic);
                        words.trivial.push(!letters || stopwords.contains(&normal));
                        interned.insert(normal.clone(), words.trivial.len() as u32 - 1);
                        words.trivial.len() as u32 - 1
                    }
                };
                words.ids.push(id);
                words
                    .offsets
                    .push((offset as u32, (offset + word.len()) as u32));
            });
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

    /// Where the `len` words from word `p` are in the text.
    fn span(&self, p: usize, len: usize) -> Span {
        let sentence = self.sentences.partition_point(|s| s.0 as usize <= p) - 1;
        let base = self.sentences[sentence].1;
        let (start, end) = (self.offsets[p].0, self.offsets[p + len - 1].1);
        Span::new(base + start as usize, base + end as usize)
    }

    fn phrase(&self, text: &str, repeat: &Repeat) -> RepeatedPhrase {
        let locations: Vec<Span> = repeat
            .starts
            .iter()
            .map(|&p| self.span(p as usize, repeat.len))
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

/// The word ranges of the phrases reported so far, asked whether one of them holds a
/// given range: a Fenwick tree of the furthest end of the ranges starting at or before
/// each word, so that a phrase said a million times is not checked against a million
/// others for each of its places.
struct Covered {
    /// 1-based; `furthest[i]` covers the starts `i - (i & -i) + 1 ..= i`.
    furthest: Vec<u32>,
}

impl Covered {
    fn new(words: usize) -> Self {
        Covered {
            furthest: vec![0; words + 1],
        }
    }

    fn insert(&mut self, start: u32, end: u32) {
        let mut i = start as usize + 1;
        while i < self.furthest.len() {
            self.furthest[i] = self.furthest[i].max(end);
            i += i & i.wrapping_neg();
        }
    }

    /// Whether a range already inserted starts at or before `start` and ends at or
    /// after `end`.
    fn contains(&self, start: u32, end: u32) -> bool {
        let mut i = start as usize + 1;
        let mut furthest = 0;
        while i > 0 {
            furthest = furthest.max(self.furthest[i]);
            i -= i & i.wrapping_neg();
        }
        furthest >= end
    }
}

/// Work allowed on the phrases that start with one group of equal words, per place of
/// the group, counted in phrase places looked at. Prose uses a tiny share of it; a
/// word or phrase repeated back to back thousands of times in one sentence ("buffalo
/// buffalo ...") has a maximal repeat at every length, each at nearly every place,
/// which is quadratic in the run.
const WORK_PER_START: usize = 8;
/// Work allowed on one group whatever its size: a repeated sentence of a few thousand
/// words still comes out whole.
const GROUP_WORK: usize = 10_000;
/// Work allowed per word of the draft on all groups together, so that many degenerate
/// groups cannot add up to quadratic work either.
const WORK_PER_WORD: usize = 16;
/// Work allowed on the whole draft whatever its length.
const MIN_WORK: usize = 100_000;

/// Every maximal repeat of at least `min` words. A group of equal words whose phrases
/// would cost more than its share of work gives those found by then, and the search
/// stops once the draft's share is spent: the same phrases each run, and a degenerate
/// run of words cannot hide the phrases of the rest of the draft. The second value
/// says whether that happened.
fn maximal_repeats(words: &Words, min: usize) -> (Vec<Repeat>, bool) {
    let mut groups: FxHashMap<&[u32], Vec<u32>> = FxHashMap::default();
    for p in 0..words.ids.len() {
        if p + min <= words.limit[p] as usize {
            groups
                .entry(&words.ids[p..p + min])
                .or_default()
                .push(p as u32);
        }
    }
    let mut roots: Vec<Vec<u32>> = groups
        .into_values()
        .filter(|starts| starts.len() > 1)
        .collect();
    roots.sort_unstable_by_key(|starts| starts[0]);
    let mut found = Vec::new();
    let mut cut_short = false;
    let mut left = words.ids.len().saturating_mul(WORK_PER_WORD).max(MIN_WORK);
    for starts in roots {
        let allowed = starts.len().saturating_mul(WORK_PER_START) + GROUP_WORK;
        let mut budget = allowed.min(left);
        // An explicit stack, not recursion: a long repeated sentence would nest deeply.
        let mut pending = vec![Repeat { starts, len: min }];
        while let Some(group) = pending.pop() {
            if extend(words, group, &mut pending, &mut found, &mut budget).is_break() {
                cut_short = true;
                break;
            }
        }
        left -= allowed.min(left) - budget;
        if left == 0 {
            break;
        }
    }
    (found, cut_short)
}

/// Grows a group of equal phrases while all occurrences continue alike, records it if
/// it is also left-maximal, and queues the groups that continue differently. Each look
/// at the group's places is paid from `budget`; `Break` once it has run out.
fn extend(
    words: &Words,
    mut group: Repeat,
    pending: &mut Vec<Repeat>,
    found: &mut Vec<Repeat>,
    budget: &mut usize,
) -> ControlFlow<()> {
    loop {
        match budget.checked_sub(group.starts.len()) {
            Some(left) if left > 0 => *budget = left,
            _ => return ControlFlow::Break(()),
        }
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
    ControlFlow::Continue(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::candidates::random::Rng;

    #[test]
    fn a_word_repeated_back_to_back_costs_work_in_proportion_to_the_draft() {
        let words = 3000;
        let text = "buffalo ".repeat(words) + "roam.";
        let options = RepetitionOptions::default();
        let doc = crate::text::analyze(&text, &options.analysis);
        let draft = Draft::new(&text, &doc, &options);
        let (repeats, cut_short) = maximal_repeats(&Words::new(&draft, &options), 2);
        assert!(cut_short, "the search says it stopped early");
        // Every length from 2 to 2,999 is a maximal repeat at nearly every place:
        // about 4.5 million places unless the work is bounded.
        let places: usize = repeats.iter().map(|r| r.starts.len()).sum();
        assert!(places <= GROUP_WORK + WORK_PER_START * words, "{places}");
        assert!(!repeats.is_empty());
        assert!(!repeated_phrases(&draft, &options).0.is_empty());
        let farm = include_str!("../../fixtures/repetitive.txt");
        let doc = crate::text::analyze(farm, &options.analysis);
        let prose = Draft::new(farm, &doc, &options);
        assert!(!maximal_repeats(&Words::new(&prose, &options), 5).1);
    }

    #[test]
    fn covered_ranges_answer_as_a_scan_of_them_would() {
        let mut rng = Rng::new(3);
        let mut covered = Covered::new(200);
        let mut scanned: Vec<(u32, u32)> = Vec::new();
        for _ in 0..2000 {
            let start = rng.below(195) as u32;
            let end = start + 1 + rng.below(5) as u32;
            let inside = scanned.iter().any(|c| c.0 <= start && end <= c.1);
            assert_eq!(covered.contains(start, end), inside, "{start}..{end}");
            if rng.below(4) == 0 {
                covered.insert(start, end);
                scanned.push((start, end));
            }
        }
        assert!(scanned.len() > 300);
    }
}
