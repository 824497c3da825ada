//! The word model: what copydesk counts as a word. Every module that splits text into
//! words for comparison goes through here, in one of two named variants.
//!
//! | text        | [`Words::Analysis`] | [`Words::Folded`] |
//! |-------------|---------------------|-------------------|
//! | `Don't`     | `don't`             | `don` `t`         |
//! | `3.5`       | `3.5`               | `3` `5`           |
//! | `1,000`     | `1,000`             | `1` `000`         |
//! | `Niger’s`   | `niger's`           | `niger` `s`       |
//! | `U.S.`      | `u.s`               | `u` `s`           |
//! | `state-run` | `state` `run`       | `state` `run`     |
//! | `ZÜRICH`    | `zürich`            | `zürich`          |
//! | `東京`      | `東` `京`           | `東京`            |
//!
//! **Analysis words** are the words a reader counts: Unicode words (UAX#29 segments
//! holding a letter or digit), lowercased, with typographic apostrophes folded to `'`.
//! A contraction, a decimal figure or an abbreviation is one word, as the stopword
//! lists and the stemmers expect ("don't" is a stopword; "3.5" must not become two
//! numbers). They are what the analyzer stems (summaries, `--words` budgets, the stems
//! that sentence and paragraph similarity compare), what language detection tallies,
//! and what repeated phrases are made of: a phrase's length is counted in these words
//! and a phrase never starts or ends inside "don't" or "3.5".
//!
//! **Folded words** drop every mark: a word is a maximal run of alphanumeric
//! characters, lowercased. Texts that differ only in punctuation and typography
//! ("Niger’s" and "Niger's", "3.5" and "3,5", "state-run" and "state run") get the
//! same words, which is what a test for copying should ignore. They are the words of
//! shingles (sketches, dedup, the archive index, comparison with the archive), and a
//! persisted format: the word hashes in sketch shards and index files are xxh3-64 of
//! these words, so a change here makes old sketches incomparable (see
//! `SKETCH_VERSION`). Identical sentences within a draft are decided on the same
//! folded words, so that "identical" means in a draft what it means against the
//! archive.
//!
//! Both variants find no word in punctuation, symbols or whitespace alone, and both
//! lowercase character by character (no final-sigma rule: a word's form does not
//! depend on its neighbours). They differ on purpose in what a word may hold: an
//! analysis word keeps the marks inside it (apostrophes, decimal points, `_`,
//! combining accents, joiners) and UAX#29 makes each ideograph a word of its own; a
//! folded word is letters and digits only, split at every other character (a
//! combining accent or a Devanagari virama included), and a run of ideographs or kana
//! is one word.
//!
//! **Not part of the model.** ROUGE (`eval::rouge`) keeps the tokenizer of the
//! `rouge-score` package (lowercase, runs of `[a-z0-9]`, so "Café" is `caf`): a score
//! can be compared with published figures only when it is computed as the reference
//! implementation computes it. Other code reads the *shape* of text rather than words
//! to compare: whitespace-separated pieces to find a passage again in a web page
//! (`html`), letters counted to tell links from prose, and the token before a full
//! stop that sentence splitting checks for an abbreviation (`text::segment`).

pub(crate) mod analysis;
pub(crate) mod folded;

use super::Span;

/// The two definitions of a word (see the [module documentation](self) for why there
/// are two and which code uses each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Words {
    /// Unicode words (UAX#29: segments holding a letter or digit), lowercased, with
    /// typographic apostrophes (`’`, `‘`) folded to `'`: the words a reader counts.
    /// Used by the analyzer, language detection and repeated phrases.
    ///
    /// ```
    /// use copydesk::text::words::Words;
    ///
    /// let words = |text| Words::Analysis.normal_forms(text);
    /// assert_eq!(words("Don't"), ["don't"]);
    /// assert_eq!(words("3.5% of 1,000"), ["3.5", "of", "1,000"]);
    /// assert_eq!(words("Niger’s army"), ["niger's", "army"]);
    /// assert_eq!(words("the U.S. state-run firm"), ["the", "u.s", "state", "run", "firm"]);
    /// ```
    Analysis,
    /// Maximal runs of alphanumeric characters, lowercased: words with every mark
    /// folded away, so that punctuation and typography do not tell texts apart.
    /// Used by shingles (sketches, dedup, the archive) and identical sentences.
    ///
    /// ```
    /// use copydesk::text::words::Words;
    ///
    /// let words = |text| Words::Folded.normal_forms(text);
    /// assert_eq!(words("Don't"), ["don", "t"]);
    /// assert_eq!(words("3.5% of 1,000"), ["3", "5", "of", "1", "000"]);
    /// assert_eq!(words("Niger’s army"), ["niger", "s", "army"]);
    /// assert_eq!(words("ZÜRICH, 2nd"), ["zürich", "2nd"]);
    /// ```
    Folded,
}

impl Words {
    /// Calls `f(span, normal)` for each word of `text`, in order: where the word is
    /// written, and its normal form (the form words are compared by).
    pub fn for_each(self, text: &str, mut f: impl FnMut(Span, &str)) {
        match self {
            Words::Analysis => {
                let mut normal = String::new();
                analysis::for_each_word(text, |at, word| {
                    analysis::normalize(word, &mut normal);
                    f(Span::new(at, at + word.len()), &normal);
                });
            }
            Words::Folded => folded::for_each_spanned_word(text, f),
        }
    }

    /// The normal forms of the words of `text`, in order.
    pub fn normal_forms(self, text: &str) -> Vec<String> {
        let mut words = Vec::new();
        self.for_each(text, |_, word| words.push(word.to_string()));
        words
    }
}

#[cfg(test)]
mod tests;
