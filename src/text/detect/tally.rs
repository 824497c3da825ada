//! The first look at a Latin-script text: its opening words, tallied.
//!
//! Each word of the opening that is on the stopword list of one of the Latin-script
//! languages is a vote for that language. Most texts of more than a sentence give one
//! language a clear lead this way, for a few microseconds; whatlang's trigram scoring
//! costs 10 to 30 times as much and is kept for the texts where the vote is close.
//! The same pass counts the words that only one language of a sibling pair uses
//! ([`siblings`]), which settle between the two.

use std::cmp::Reverse;
use std::ops::ControlFlow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::siblings::{self, PAIRED};
use crate::text::words::analysis::{ascii_key, normalize, try_for_each_word};
use crate::text::Language;

/// Words of the opening that are tallied: about 600 bytes of English.
const TALLIED_WORDS: usize = 100;

/// The languages of the ballot: those of [`Language::all`] written in Latin script.
const LATIN_LANGUAGES: usize = 14;

/// The fewest votes that can elect a language.
const MIN_VOTES: u32 = 3;

/// Votes the winner needs over the runner-up (its sibling aside: the lists of Danish
/// and Norwegian, or of Spanish and Portuguese, share too many words to tell them apart).
const MIN_LEAD: u32 = 3;

/// What the words of a text said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Tally {
    /// The words of the text (all of them, tallied or not).
    pub words: usize,
    /// Votes per language of the ballot.
    votes: [u32; LATIN_LANGUAGES],
    /// Own words per language of [`PAIRED`].
    own_words: [u32; PAIRED.len()],
}

/// Counts the words of `text` and tallies those of its opening.
pub(super) fn tally(text: &str) -> Tally {
    tally_until(text, |_| false)
}

/// The [`landslide`](Tally::landslide) of `opening`, read only as far as it takes:
/// the tally stops at the first word after which one language without a sibling has
/// its landslide. (A language with a sibling waits for the whole opening, as the
/// words only one of the pair uses may come later.)
pub(super) fn landslide(opening: &str) -> Option<Language> {
    // The vote count is checked first: far cheaper than the election, and a
    // landslide needs twice the minimum of votes.
    let decided = |tally: &Tally| {
        tally.votes.iter().any(|&v| v >= 2 * MIN_VOTES)
            && tally
                .landslide()
                .is_some_and(|language| siblings::sibling(language).is_none())
    };
    tally_until(opening, decided).landslide()
}

/// The tally of `text`, stopped after the first word that votes and after which
/// `decided` holds.
fn tally_until(text: &str, mut decided: impl FnMut(&Tally) -> bool) -> Tally {
    let ballot = ballot();
    let mut tally = Tally {
        words: 0,
        votes: [0; LATIN_LANGUAGES],
        own_words: [0; PAIRED.len()],
    };
    let mut word = String::new();
    let _ = try_for_each_word(text, |at, raw| {
        tally.words += 1;
        if tally.words > TALLIED_WORDS {
            return ControlFlow::Continue(());
        }
        let Some(marks) = ballot.marks_of(text, at, raw, &mut word) else {
            return ControlFlow::Continue(());
        };
        add_bits(&mut tally.votes, marks.stopword_of);
        add_bits(&mut tally.own_words, marks.own_word_of);
        if marks.stopword_of != 0 && decided(&tally) {
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    tally
}

/// Adds one to `counts[i]` for each bit `i` set in `bits`.
fn add_bits(counts: &mut [u32], mut bits: u32) {
    while bits != 0 {
        counts[bits.trailing_zeros() as usize] += 1;
        bits &= bits - 1;
    }
}

impl Tally {
    /// The language the stopwords elect, if the vote is clear (and, for a language with
    /// a sibling, if the words only one of the two uses settle between them).
    pub(super) fn elected(&self) -> Option<Language> {
        self.elected_by(MIN_VOTES, MIN_LEAD)
    }

    /// [`elected`](Self::elected) with twice the votes and twice the lead: a vote of
    /// a text's first sentences alone that a longer opening would not overturn.
    pub(super) fn landslide(&self) -> Option<Language> {
        self.elected_by(2 * MIN_VOTES, 2 * MIN_LEAD)
    }

    fn elected_by(&self, min_votes: u32, min_lead: u32) -> Option<Language> {
        let languages = &ballot().languages;
        let votes = &self.votes;
        let winner = (0..languages.len()).max_by_key(|&i| (votes[i], Reverse(i)))?;
        let elected = languages[winner];
        let sibling = siblings::sibling(elected);
        let runner_up = (0..languages.len())
            .filter(|&i| i != winner && Some(languages[i]) != sibling)
            .map(|i| votes[i])
            .max()
            .unwrap_or(0);
        if votes[winner] < min_votes || votes[winner] - runner_up < min_lead {
            return None;
        }
        match sibling {
            Some(sibling) => self.settle(elected, sibling),
            None => Some(elected),
        }
    }

    /// Of the siblings `a` and `b`, the one more of whose own words the opening has;
    /// none on a tie (as when it has none of either).
    pub(super) fn settle(&self, a: Language, b: Language) -> Option<Language> {
        let own = |language| {
            let index = PAIRED.iter().position(|&l| l == language);
            index.map_or(0, |i| self.own_words[i])
        };
        match own(a).cmp(&own(b)) {
            std::cmp::Ordering::Greater => Some(a),
            std::cmp::Ordering::Less => Some(b),
            std::cmp::Ordering::Equal => None,
        }
    }
}

/// The Latin-script languages, and what each word on their lists marks.
struct Ballot {
    languages: Vec<Language>,
    marks: FxHashMap<&'static str, Marks>,
    /// The same marks for the short ASCII words, keyed as the analyzer keys them
    /// ([`ascii_key`]): most words of most texts are found without being copied and
    /// lowercased first, which halves the cost of a vote.
    ascii_marks: FxHashMap<u128, Marks>,
}

impl Ballot {
    /// What the word `raw`, at byte `at` of `text`, marks (`scratch` holds its
    /// normalized form when it is not a short ASCII word).
    fn marks_of(&self, text: &str, at: usize, raw: &str, scratch: &mut String) -> Option<Marks> {
        match ascii_key(text.as_bytes(), at, raw.len()) {
            Some(key) => self.ascii_marks.get(&key).copied(),
            None => {
                normalize(raw, scratch);
                self.marks.get(scratch.as_str()).copied()
            }
        }
    }
}

/// Bit `i` of `stopword_of` is set when the word is a stopword of `languages[i]`; bit
/// `i` of `own_word_of` when it is an own word of `PAIRED[i]`.
#[derive(Clone, Copy, Default)]
struct Marks {
    stopword_of: u32,
    own_word_of: u32,
}

/// Made once per process.
fn ballot() -> &'static Ballot {
    static BALLOT: OnceLock<Ballot> = OnceLock::new();
    BALLOT.get_or_init(|| {
        let languages: Vec<Language> = Language::all().filter(|l| is_latin(*l)).collect();
        assert_eq!(
            languages.len(),
            LATIN_LANGUAGES,
            "the ballot's size is fixed"
        );
        // Sized up front: the ballot is made on every run's first document, and
        // growing the tables as they fill doubled its cost.
        let listed = languages.iter().map(|l| l.stopword_list().len()).sum();
        let mut marks: FxHashMap<&'static str, Marks> =
            FxHashMap::with_capacity_and_hasher(listed, Default::default());
        for (i, language) in languages.iter().enumerate() {
            for word in language.stopword_list() {
                marks.entry(*word).or_default().stopword_of |= 1 << i;
            }
        }
        for (i, language) in PAIRED.iter().enumerate() {
            for word in siblings::own_words(*language) {
                marks.entry(word).or_default().own_word_of |= 1 << i;
            }
        }
        let mut ascii_marks = FxHashMap::with_capacity_and_hasher(marks.len(), Default::default());
        ascii_marks.extend(marks.iter().filter_map(|(word, marks)| {
            Some((ascii_key(word.as_bytes(), 0, word.len())?, *marks))
        }));
        Ballot {
            languages,
            marks,
            ascii_marks,
        }
    })
}

fn is_latin(language: Language) -> bool {
    !matches!(
        language,
        Language::Arabic | Language::Greek | Language::Russian | Language::Tamil
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elected(text: &str) -> Option<Language> {
        tally(text).elected()
    }

    #[test]
    fn an_opening_s_landslide_is_read_only_as_far_as_it_takes() {
        // English stopwords well ahead, then French ones that cut the lead.
        let text = "They said that the house of the family would be sold by their \
                    bank, et il les aimait et il les avait, ils et les, il et les \
                    avec elle et nous et vous, elle et lui avec nous et vous.";
        assert_eq!(landslide(text), Some(Language::English));
        assert_eq!(tally(text).landslide(), Some(Language::French));
    }

    #[test]
    fn a_sibling_s_landslide_waits_for_the_whole_opening() {
        // Stopwords Danish and Norwegian share make the pair's landslide early; then
        // one word only Danish spells so ("nu"), then two only Norwegian does.
        let text = "Han sa at det var en som der og at han ikke visste om det \
                    med dem nu og etter det hadde vært av den grunn.";
        assert_eq!(landslide(text), Some(Language::Norwegian));
    }

    #[test]
    fn a_text_full_of_one_language_s_stopwords_elects_it() {
        let text = "It was the best of times and it was the worst of times, but we were there.";
        assert_eq!(elected(text), Some(Language::English));
        let text = "Il était une fois un roi qui avait trois filles et il les aimait.";
        assert_eq!(elected(text), Some(Language::French));
    }

    #[test]
    fn a_landslide_needs_twice_the_votes_and_twice_the_lead() {
        let clear = "It was the best of times and it was the worst of times, but we were there.";
        assert_eq!(tally(clear).landslide(), Some(Language::English));
        let narrow = "It was the best of times and the worst.";
        assert_eq!(tally(narrow).elected(), Some(Language::English));
        assert_eq!(tally(narrow).landslide(), None);
    }

    #[test]
    fn too_few_stopwords_elect_nobody() {
        assert_eq!(
            elected("Quarterly revenue growth exceeded analyst forecasts"),
            None
        );
        assert_eq!(elected("the budget"), None);
    }

    #[test]
    fn a_close_vote_between_unrelated_languages_elects_nobody() {
        // Three English stopwords and three German ones.
        assert_eq!(elected("the and of der die das Haushalt budget"), None);
    }

    #[test]
    fn every_word_is_counted_but_only_the_opening_votes() {
        let opening = "Quarterly revenue ".repeat(TALLIED_WORDS / 2);
        let text = format!("{opening} it was the best of times and it was the worst of times");
        let tally = tally(&text);
        assert_eq!(tally.words, TALLIED_WORDS + 13);
        assert_eq!(tally.elected(), None);
    }

    #[test]
    fn a_sibling_pair_is_settled_by_the_words_only_one_of_them_uses() {
        let danish = "Hun havde ikke noget at gøre, så hun gik ud af huset efter mødet.";
        let norwegian = "Hun hadde ikke noe å gjøre, så hun gikk ut av huset etter møtet.";
        assert_eq!(elected(danish), Some(Language::Danish));
        assert_eq!(elected(norwegian), Some(Language::Norwegian));
        // A clear lead for the pair, but no word that only one of the two uses.
        let neither = "Hun er ikke her, og han er ikke der, men de er hjemme.";
        assert_eq!(elected(neither), None);
        let (es, pt) = (Language::Spanish, Language::Portuguese);
        assert_eq!(
            tally("Ele disse que não foi com eles.").settle(es, pt),
            Some(pt)
        );
        assert_eq!(
            tally("Él dijo que no fue con ellos.").settle(pt, es),
            Some(es)
        );
        assert_eq!(tally("The cat sat on the mat.").settle(es, pt), None);
    }
}
