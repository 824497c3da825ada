//! Pairs of languages whose whatlang profiles are too alike to tell apart in short
//! texts, and the words that tell them apart.
//!
//! On single sentences whatlang alone gives Danish as Norwegian (or back) about one
//! time in eight, and Spanish as Portuguese (or back) one time in thirty; the
//! stopword vote cannot tell them apart either, their lists sharing most words. Once
//! one of a pair is found, the words of the text that only one of the two uses decide
//! between them (see [`super::tally::Tally::settle`]).

use crate::text::Language;

/// Every language that has a sibling.
pub(super) const PAIRED: [Language; 4] = [
    Language::Danish,
    Language::Norwegian,
    Language::Spanish,
    Language::Portuguese,
];

pub(super) fn sibling(language: Language) -> Option<Language> {
    match language {
        Language::Danish => Some(Language::Norwegian),
        Language::Norwegian => Some(Language::Danish),
        Language::Spanish => Some(Language::Portuguese),
        Language::Portuguese => Some(Language::Spanish),
        _ => None,
    }
}

/// The words `language` uses and its sibling does not (none for a language without
/// one).
pub(super) fn own_words(language: Language) -> Vec<&'static str> {
    match (language, sibling(language)) {
        (Language::Danish, _) => DANISH_ONLY.to_vec(),
        (Language::Norwegian, _) => NORWEGIAN_ONLY.to_vec(),
        // The NLTK lists of Spanish and Portuguese are full conjugations of the same
        // function words, so what one has and the other lacks is that language's own.
        (_, Some(other)) => {
            let theirs = other.stopwords();
            let ours = language.stopword_list().iter();
            ours.filter(|w| !theirs.contains(**w)).copied().collect()
        }
        (_, None) => Vec::new(),
    }
}

// The NLTK lists of Danish (94 words) and Norwegian (172, Nynorsk forms included) are
// too uneven for that: many words the Norwegian list has alone ("ved", "kun", "hvordan")
// are Danish too, and telling the two apart by them gave Danish texts to Norwegian (5
// sentences in 10 at worst). Instead, common words that the two spell differently
// (Danish "af", "efter", "nogle"; Bokmål "av", "etter", "noen"), sorted. Left out:
// words that are also English or technical ("os", "tar") and words that are another
// word in the other language (Norwegian "lave", low).
const DANISH_ONLY: &[&str] = &[
    "af", "anden", "andet", "blev", "blive", "bliver", "bruge", "bruger", "dig", "efter", "endnu",
    "gennem", "gør", "gøre", "havde", "hende", "hvad", "hvornår", "ind", "jer", "jeres", "mellem",
    "mig", "nogen", "noget", "nogle", "nu", "næste", "op", "sig", "sådan", "tage", "tager", "ud",
    "uden", "vores", "været",
];

const NORWEGIAN_ONLY: &[&str] = &[
    "annen", "annet", "av", "ble", "bli", "blir", "bruke", "bruker", "deg", "dere", "ennå",
    "etter", "gjennom", "gjør", "gjøre", "hadde", "henne", "hva", "inn", "lage", "meg", "mellom",
    "neste", "noe", "noen", "nå", "opp", "oss", "seg", "slik", "ut", "uten", "vår", "våre", "vært",
    "å",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_are_sorted_and_share_no_word() {
        for list in [DANISH_ONLY, NORWEGIAN_ONLY] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
        for word in DANISH_ONLY {
            assert!(!NORWEGIAN_ONLY.contains(word), "{word}");
        }
    }

    #[test]
    fn siblings_are_mutual() {
        for language in PAIRED {
            let other = sibling(language).expect("a paired language has a sibling");
            assert_eq!(sibling(other), Some(language));
        }
        assert_eq!(sibling(Language::Swedish), None);
    }

    #[test]
    fn own_words_are_the_language_s_and_not_its_sibling_s() {
        let spanish = own_words(Language::Spanish);
        let portuguese = own_words(Language::Portuguese);
        for (word, own) in [
            ("el", &spanish),
            ("ao", &portuguese),
            ("af", &own_words(Language::Danish)),
        ] {
            assert!(own.contains(&word), "{word}");
        }
        for word in ["que", "de", "se"] {
            assert!(
                !spanish.contains(&word) && !portuguese.contains(&word),
                "{word}"
            );
        }
        assert!(own_words(Language::English).is_empty());
    }
}
