//! Which units of a draft (sentences, paragraphs) are compared with which, so that
//! finding repetition costs about linear in the draft instead of every pair.
//!
//! - Identical units are grouped by a hash ([`Copies`]): each later copy is paired with
//!   the first copy only, and only first copies are searched further. A sentence said
//!   k times gives k - 1 pairs, not k(k - 1)/2.
//! - The other candidates come from an inverted index from terms to the earlier units
//!   holding them ([`TermIndex`]), read rarest term first, each unit reading at most
//!   a fixed number of distinct earlier units.
//! - Of the candidates that pass the exact measure, a unit keeps its most similar few
//!   ([`keep_best`]).
//!
//! Below the bounds nothing is lost: every pair that shares an indexed term is a
//! candidate, and every pair of similar units shares one.
//!
//! Lists per unit are kept flat ([`Rows`]): a draft of a million one-line paragraphs
//! would otherwise spend more on a million small vectors than on their contents.

use std::hash::{Hash, Hasher};
use std::ops::Index;

use rustc_hash::{FxHashMap, FxHasher};

/// The first copy of each kind of unit seen so far, by a key that equal units share.
pub(crate) struct Copies<K> {
    first: FxHashMap<K, usize>,
}

impl<K: Hash + Eq> Copies<K> {
    pub fn new() -> Self {
        Copies {
            first: FxHashMap::default(),
        }
    }

    /// The first unit seen with `key` for which `same` holds (the key is a hash, so
    /// `same` checks the units really are equal); otherwise `unit` becomes the first
    /// of its kind (when the key was free) and `None` is returned.
    pub fn first_copy(
        &mut self,
        key: K,
        unit: usize,
        same: impl FnOnce(usize) -> bool,
    ) -> Option<usize> {
        match self.first.get(&key) {
            Some(&first) => same(first).then_some(first),
            None => {
                self.first.insert(key, unit);
                None
            }
        }
    }
}

/// Postings from dense term numbers to the units holding them, in the order the units
/// were added.
pub(crate) struct TermIndex {
    postings: Vec<Vec<u32>>,
    /// For each unit, the last unit that met it as a candidate (plus one), so that a
    /// unit found under several terms is listed once without clearing a set.
    seen: Vec<u32>,
}

impl TermIndex {
    /// An index for term numbers below `terms` and unit numbers below `units`.
    pub fn new(terms: usize, units: usize) -> Self {
        TermIndex {
            postings: vec![Vec::new(); terms],
            seen: vec![0; units],
        }
    }

    /// Makes `unit` findable under `terms`.
    pub fn add(&mut self, unit: usize, terms: &[u32]) {
        for &term in terms {
            self.postings[term as usize].push(unit as u32);
        }
    }

    /// The distinct units added so far under any of `probe`, at most `limit` of them,
    /// into `out` (cleared first); `unit` is the unit asking, and no two calls may
    /// share one. Terms are read in the order given (rarest first is best: rare shared
    /// terms are what similar units have in common) and each term's units from the
    /// latest back, since a draft repeats itself most near the place. A term's units
    /// are distinct, so a call reads at most `limit` postings per term beyond the
    /// units it lists: its cost is bounded whatever the draft.
    pub fn candidates(&mut self, unit: usize, probe: &[u32], limit: usize, out: &mut Vec<u32>) {
        out.clear();
        let stamp = unit as u32 + 1;
        for &term in probe {
            for &other in self.postings[term as usize].iter().rev() {
                if out.len() >= limit {
                    return;
                }
                let seen = &mut self.seen[other as usize];
                if *seen != stamp {
                    *seen = stamp;
                    out.push(other);
                }
            }
        }
    }
}

/// A list of lists in one vector: row `i` is `items[starts[i]..starts[i + 1]]`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Rows<T> {
    items: Vec<T>,
    starts: Vec<usize>,
}

impl<T> Rows<T> {
    pub fn new() -> Self {
        Rows {
            items: Vec::new(),
            starts: vec![0],
        }
    }

    /// Rows with room for `items` items in all, so that building a large one does
    /// not hold an old and a new buffer at once.
    pub fn with_capacity(items: usize) -> Self {
        Rows {
            items: Vec::with_capacity(items),
            starts: vec![0],
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// The number of items in all rows.
    pub fn total(&self) -> usize {
        self.items.len()
    }

    /// Ends the row being filled (by [`Rows::push`]) and starts the next one.
    pub fn end_row(&mut self) {
        self.starts.push(self.items.len());
    }

    /// Adds an item to the row being filled.
    pub fn push(&mut self, item: T) {
        self.items.push(item);
    }

    /// The row being filled: what [`Rows::push`] added since the last
    /// [`Rows::end_row`].
    pub fn open_row(&mut self) -> &mut [T] {
        let start = self.starts[self.starts.len() - 1];
        &mut self.items[start..]
    }

    /// Sorts the row being filled and drops its repeated items.
    pub fn sort_dedup_open_row(&mut self)
    where
        T: Ord + Copy,
    {
        self.open_row().sort_unstable();
        let start = self.starts[self.starts.len() - 1];
        let mut kept = start;
        for k in start..self.items.len() {
            if kept == start || self.items[k] != self.items[kept - 1] {
                self.items[kept] = self.items[k];
                kept += 1;
            }
        }
        self.items.truncate(kept);
    }

    /// Replaces every item by `f` of it, then sorts each row.
    pub fn map_sorted(&mut self, f: impl Fn(T) -> T)
    where
        T: Ord + Copy,
    {
        self.items.iter_mut().for_each(|item| *item = f(*item));
        for w in self.starts.windows(2) {
            self.items[w[0]..w[1]].sort_unstable();
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &[T]> + '_ {
        self.starts.windows(2).map(|w| &self.items[w[0]..w[1]])
    }
}

impl<T> Index<usize> for Rows<T> {
    type Output = [T];

    fn index(&self, row: usize) -> &[T] {
        &self.items[self.starts[row]..self.starts[row + 1]]
    }
}

/// A quick 64-bit hash, for [`Copies`] keys (which are checked on a match).
pub(crate) fn fx_hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = FxHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Keeps the `max` most similar of `(similarity, unit)`, ties to the earlier unit,
/// most similar first.
pub(crate) fn keep_best(found: &mut Vec<(f64, usize)>, max: usize) {
    found.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    found.truncate(max);
}

/// Seeded drafts for tests that compare the search with every pair.
#[cfg(test)]
pub(crate) mod random {
    /// xorshift64*: a seeded stream, so that a failing draft is rebuilt from its seed.
    pub struct Rng(u64);

    impl Rng {
        pub fn new(seed: u64) -> Self {
            Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
        }

        /// A number below `n` (> 0).
        pub fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        }
    }

    const WORDS: [&str; 16] = [
        "council", "budget", "roads", "schools", "flood", "river", "mayor", "plan", "water",
        "bridge", "vote", "tax", "the", "of", "and", "a",
    ];

    /// A small draft whose sentences and paragraphs often share words: sentences of
    /// random words from a short list, copies of earlier sentences, copies with one
    /// word changed, and copies of earlier paragraphs.
    pub fn draft(seed: u64) -> String {
        let mut rng = Rng::new(seed);
        let mut sentences: Vec<Vec<&str>> = Vec::new();
        let mut paragraphs: Vec<String> = Vec::new();
        for _ in 0..3 + rng.below(20) {
            if !paragraphs.is_empty() && rng.below(8) == 0 {
                paragraphs.push(paragraphs[rng.below(paragraphs.len())].clone());
                continue;
            }
            let mut paragraph = Vec::new();
            for _ in 0..1 + rng.below(3) {
                let words = sentence(&mut rng, &sentences);
                let mut text = words.join(" ");
                text[..1].make_ascii_uppercase();
                paragraph.push(text + ".");
                sentences.push(words);
            }
            paragraphs.push(paragraph.join(" "));
        }
        paragraphs.join("\n\n")
    }

    fn sentence(rng: &mut Rng, earlier: &[Vec<&'static str>]) -> Vec<&'static str> {
        let pick = |rng: &mut Rng| WORDS[rng.below(WORDS.len())];
        match rng.below(10) {
            0 | 1 if !earlier.is_empty() => earlier[rng.below(earlier.len())].clone(),
            2..=4 if !earlier.is_empty() => {
                let mut words = earlier[rng.below(earlier.len())].clone();
                let at = rng.below(words.len());
                words[at] = pick(rng);
                words
            }
            _ => (0..3 + rng.below(6)).map(|_| pick(rng)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_copies_point_at_the_first() {
        let mut copies = Copies::new();
        assert_eq!(copies.first_copy("a", 0, |_| true), None);
        assert_eq!(copies.first_copy("b", 1, |_| true), None);
        assert_eq!(copies.first_copy("a", 2, |_| true), Some(0));
        assert_eq!(copies.first_copy("a", 3, |first| first == 0), Some(0));
        // A hash collision: the key is taken, the unit is not a copy.
        assert_eq!(copies.first_copy("a", 4, |_| false), None);
        assert_eq!(copies.first_copy("b", 5, |_| true), Some(1));
    }

    #[test]
    fn candidates_are_distinct_latest_first_and_limited() {
        let mut index = TermIndex::new(3, 7);
        index.add(0, &[0, 1]);
        index.add(1, &[1]);
        index.add(2, &[0, 2]);
        let mut out = Vec::new();
        index.candidates(3, &[0, 1], 10, &mut out);
        assert_eq!(out, vec![2, 0, 1]);
        index.candidates(4, &[1, 0], 10, &mut out);
        assert_eq!(out, vec![1, 0, 2], "a new unit sees every unit again");
        index.candidates(5, &[0, 1], 2, &mut out);
        assert_eq!(out, vec![2, 0]);
        index.candidates(6, &[2], 10, &mut out);
        assert_eq!(out, vec![2]);
    }

    #[test]
    fn rows_keep_their_items_apart() {
        let mut rows = Rows::new();
        rows.push(3);
        rows.end_row();
        [2, 1, 3, 2].into_iter().for_each(|i| rows.push(i));
        rows.sort_dedup_open_row();
        rows.end_row();
        rows.end_row();
        rows.push(3);
        rows.push(3);
        rows.sort_dedup_open_row();
        rows.end_row();
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows.iter().collect::<Vec<_>>(),
            [&[3][..], &[1, 2, 3][..], &[][..], &[3][..]]
        );
        rows.map_sorted(|i| 10 - i);
        assert_eq!((&rows[0], &rows[1]), (&[7][..], &[7, 8, 9][..]));
    }

    #[test]
    fn best_partners_are_the_most_similar_then_the_earliest() {
        let mut found = vec![(0.8, 4), (0.9, 7), (0.8, 1), (0.75, 0)];
        keep_best(&mut found, 3);
        assert_eq!(found, vec![(0.9, 7), (0.8, 1), (0.8, 4)]);
    }
}
