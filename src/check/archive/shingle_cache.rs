//! The 3-word shingle sets of the archived paragraphs one draft is verified against,
//! each read and shingled once per draft.
//!
//! Why: a draft's paragraphs often share their candidates (a long archived paragraph
//! several of them quote, a story the draft follows closely), and reading and
//! shingling an archived paragraph costs its length. Rebuilding the set for every
//! draft paragraph made a 2,000-paragraph draft against one 200,000-word archived
//! paragraph take 11 s.

use std::collections::VecDeque;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use crate::dedup::paragraphs::DEFAULT_MIN_WORDS;
use crate::index::{trigram, DocKey, IndexedParagraph, Result};
use crate::text::Span;

/// Shingles kept at most (8 bytes each: 16 MB), per draft being checked. Past it the
/// oldest sets are dropped (and read again if asked for); a set larger than this is
/// not kept at all.
pub const MAX_CACHED_SHINGLES: usize = 1 << 21;

/// What verifying a candidate needs of an archived paragraph.
pub struct ArchivedParagraph {
    pub span: Span,
    pub words: usize,
    /// Its distinct 3-word shingles, sorted; empty for a paragraph too short to be
    /// verified (fewer than [`DEFAULT_MIN_WORDS`] words).
    pub shingles: Vec<u64>,
}

impl ArchivedParagraph {
    fn new(stored: IndexedParagraph) -> Self {
        let shingles = if stored.words < DEFAULT_MIN_WORDS {
            Vec::new()
        } else {
            trigram::shingles(&stored.hashes)
        };
        ArchivedParagraph {
            span: stored.span,
            words: stored.words,
            shingles,
        }
    }
}

type Place = (DocKey, usize);

/// Archived paragraphs by (document, paragraph), read through `read` on first use.
pub struct ShingleCache<R> {
    read: R,
    kept: FxHashMap<Place, Option<Rc<ArchivedParagraph>>>,
    /// Kept places, oldest first: the order they are dropped in.
    order: VecDeque<Place>,
    held: usize,
    budget: usize,
}

impl<R> ShingleCache<R>
where
    R: FnMut(DocKey, usize) -> Result<Option<IndexedParagraph>>,
{
    /// A cache holding at most `budget` shingles, reading paragraphs with `read`.
    pub fn new(read: R, budget: usize) -> Self {
        ShingleCache {
            read,
            kept: FxHashMap::default(),
            order: VecDeque::new(),
            held: 0,
            budget,
        }
    }

    /// The archived paragraph at `(doc, paragraph)`, `None` when the index has no
    /// such paragraph.
    pub fn get(&mut self, doc: DocKey, paragraph: usize) -> Result<Option<Rc<ArchivedParagraph>>> {
        let place = (doc, paragraph);
        if let Some(kept) = self.kept.get(&place) {
            return Ok(kept.clone());
        }
        let found = (self.read)(doc, paragraph)?.map(|p| Rc::new(ArchivedParagraph::new(p)));
        let size = found.as_ref().map_or(0, |p| p.shingles.len());
        if size <= self.budget {
            self.make_room(size);
            self.held += size;
            self.order.push_back(place);
            self.kept.insert(place, found.clone());
        }
        Ok(found)
    }

    /// Drops the oldest sets until `size` more shingles fit in the budget.
    fn make_room(&mut self, size: usize) {
        while self.held + size > self.budget {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some(Some(dropped)) = self.kept.remove(&oldest) {
                self.held -= dropped.shingles.len();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::shingle::word_hashes;
    use std::cell::Cell;

    /// Paragraphs of 10 words (8 shingles each), counting the reads.
    fn counted(
        reads: &Cell<usize>,
    ) -> impl FnMut(DocKey, usize) -> Result<Option<IndexedParagraph>> + '_ {
        move |_, paragraph| {
            reads.set(reads.get() + 1);
            let hashes = word_hashes(&format!("a b c d e f g h i {paragraph}"));
            let words = hashes.len();
            let span = Span::new(0, 1);
            Ok(Some(IndexedParagraph {
                span,
                words,
                fingerprint: None,
                hashes,
            }))
        }
    }

    #[test]
    fn the_oldest_sets_are_dropped_past_the_budget() {
        let reads = Cell::new(0);
        let mut cache = ShingleCache::new(counted(&reads), 16);
        for paragraph in [0, 1, 0, 1] {
            assert_eq!(
                cache
                    .get(DocKey(1), paragraph)
                    .unwrap()
                    .unwrap()
                    .shingles
                    .len(),
                8
            );
        }
        assert_eq!(reads.get(), 2, "two sets fit");
        cache.get(DocKey(1), 2).unwrap();
        cache.get(DocKey(1), 1).unwrap();
        assert_eq!(
            reads.get(),
            3,
            "the third drops the first, the second stays"
        );
        cache.get(DocKey(1), 0).unwrap();
        assert_eq!((reads.get(), cache.held), (4, 16));
    }

    #[test]
    fn a_set_larger_than_the_budget_is_read_each_time() {
        let reads = Cell::new(0);
        let mut cache = ShingleCache::new(counted(&reads), 7);
        cache.get(DocKey(1), 0).unwrap();
        cache.get(DocKey(1), 0).unwrap();
        assert_eq!((reads.get(), cache.held), (2, 0));
    }
}
