//! Languages: the crate's own `Language`, wrapping the Snowball stemmers and a stopword
//! list for each of them.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use rust_stemmers::Algorithm;

/// Every language rust-stemmers has a Snowball stemmer for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    /// Arabic, ISO 639-1 `ar`.
    Arabic,
    /// Danish, ISO 639-1 `da`.
    Danish,
    /// Dutch, ISO 639-1 `nl`.
    Dutch,
    /// English, ISO 639-1 `en`: the default.
    #[default]
    English,
    /// Finnish, ISO 639-1 `fi`.
    Finnish,
    /// French, ISO 639-1 `fr`.
    French,
    /// German, ISO 639-1 `de`.
    German,
    /// Greek, ISO 639-1 `el`.
    Greek,
    /// Hungarian, ISO 639-1 `hu`.
    Hungarian,
    /// Italian, ISO 639-1 `it`.
    Italian,
    /// Norwegian, ISO 639-1 `no`.
    Norwegian,
    /// Portuguese, ISO 639-1 `pt`.
    Portuguese,
    /// Romanian, ISO 639-1 `ro`.
    Romanian,
    /// Russian, ISO 639-1 `ru`.
    Russian,
    /// Spanish, ISO 639-1 `es`.
    Spanish,
    /// Swedish, ISO 639-1 `sv`.
    Swedish,
    /// Tamil, ISO 639-1 `ta`.
    Tamil,
    /// Turkish, ISO 639-1 `tr`.
    Turkish,
}

/// (language, name, ISO 639-1 code, stemmer)
const TABLE: [(Language, &str, &str, Algorithm); 18] = [
    (Language::Arabic, "arabic", "ar", Algorithm::Arabic),
    (Language::Danish, "danish", "da", Algorithm::Danish),
    (Language::Dutch, "dutch", "nl", Algorithm::Dutch),
    (Language::English, "english", "en", Algorithm::English),
    (Language::Finnish, "finnish", "fi", Algorithm::Finnish),
    (Language::French, "french", "fr", Algorithm::French),
    (Language::German, "german", "de", Algorithm::German),
    (Language::Greek, "greek", "el", Algorithm::Greek),
    (Language::Hungarian, "hungarian", "hu", Algorithm::Hungarian),
    (Language::Italian, "italian", "it", Algorithm::Italian),
    (Language::Norwegian, "norwegian", "no", Algorithm::Norwegian),
    (
        Language::Portuguese,
        "portuguese",
        "pt",
        Algorithm::Portuguese,
    ),
    (Language::Romanian, "romanian", "ro", Algorithm::Romanian),
    (Language::Russian, "russian", "ru", Algorithm::Russian),
    (Language::Spanish, "spanish", "es", Algorithm::Spanish),
    (Language::Swedish, "swedish", "sv", Algorithm::Swedish),
    (Language::Tamil, "tamil", "ta", Algorithm::Tamil),
    (Language::Turkish, "turkish", "tr", Algorithm::Turkish),
];

/// NLTK has no Tamil list; these are the commonest Tamil function words.
const TAMIL_STOPWORDS: &[&str] = &[
    "அது",
    "இது",
    "அந்த",
    "இந்த",
    "ஒரு",
    "மற்றும்",
    "என்று",
    "என",
    "உள்ள",
    "உள்ளது",
    "இருந்து",
    "இருக்கும்",
    "அவர்",
    "அவர்கள்",
    "நான்",
    "நாம்",
    "நீ",
    "அல்லது",
    "ஆனால்",
    "என்ன",
    "எந்த",
    "போது",
    "பின்",
    "மேலும்",
    "வேண்டும்",
    "கொண்டு",
    "தான்",
    "மட்டும்",
    "உடன்",
    "வரை",
    "என்பது",
    "ஆகும்",
];

impl Language {
    /// Every language, in alphabetical order of their English names.
    pub fn all() -> impl Iterator<Item = Language> {
        TABLE.iter().map(|row| row.0)
    }

    fn row(self) -> &'static (Language, &'static str, &'static str, Algorithm) {
        TABLE
            .iter()
            .find(|row| row.0 == self)
            .expect("every Language has a row in TABLE")
    }

    /// The lowercase English name, e.g. `english`; [`FromStr`] accepts it.
    pub fn name(self) -> &'static str {
        self.row().1
    }

    /// The ISO 639-1 code, e.g. `en`; [`FromStr`] accepts it too.
    pub fn code(self) -> &'static str {
        self.row().2
    }

    pub(crate) fn algorithm(self) -> Algorithm {
        self.row().3
    }

    /// The stopwords, lowercased and without repeats.
    pub fn stopword_list(self) -> &'static [&'static str] {
        if self == Language::Tamil {
            return TAMIL_STOPWORDS;
        }
        NLTK_STOPWORDS
            .iter()
            .find(|(code, _)| *code == self.code())
            .map_or(&[], |(_, words)| words)
    }

    /// The stopwords as a set, built on first use, once per language per process.
    /// It uses the fast hasher: callers look words up in it one by one.
    pub fn stopwords(self) -> &'static FxHashSet<String> {
        static LISTS: [OnceLock<FxHashSet<String>>; TABLE.len()] =
            [const { OnceLock::new() }; TABLE.len()];
        let index = TABLE.iter().position(|row| row.0 == self).unwrap_or(0);
        LISTS[index].get_or_init(|| self.stopword_list().iter().map(|w| w.to_string()).collect())
    }
}

include!(concat!(env!("OUT_DIR"), "/stopwords.rs"));

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A `--language` that names no supported language; the message lists them all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown language '{given}'; expected one of: {}", names())]
pub struct UnknownLanguage {
    /// The name or code as it was given.
    pub given: String,
}

/// The names of the supported languages, comma-separated.
fn names() -> String {
    let names: Vec<&str> = TABLE.iter().map(|row| row.1).collect();
    names.join(", ")
}

impl FromStr for Language {
    type Err = UnknownLanguage;

    /// Accepts a name ("english") or an ISO 639-1 code ("en"), in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_lowercase();
        TABLE
            .iter()
            .find(|row| row.1 == wanted || row.2 == wanted)
            .map(|row| row.0)
            .ok_or_else(|| UnknownLanguage {
                given: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_stopwords_and_round_trips() {
        for language in Language::all() {
            assert!(
                language.stopwords().len() >= 20,
                "{language} has too few stopwords"
            );
            let list = language.stopword_list();
            assert_eq!(
                list.len(),
                language.stopwords().len(),
                "{language}: repeats"
            );
            for word in list {
                assert!(!word.is_empty() && *word == word.trim().to_lowercase());
            }
            assert_eq!(language.name().parse::<Language>(), Ok(language));
            assert_eq!(language.code().parse::<Language>(), Ok(language));
        }
    }

    #[test]
    fn english_stopwords_are_the_usual_ones() {
        let stop = Language::English.stopwords();
        for w in ["the", "and", "of", "is"] {
            assert!(stop.contains(w), "{w}");
        }
        assert!(!stop.contains("niger"));
    }

    #[test]
    fn unknown_language_is_a_clear_error() {
        let err = "klingon".parse::<Language>().unwrap_err();
        assert!(err
            .to_string()
            .starts_with("unknown language 'klingon'; expected one of: "));
        assert!(err.to_string().contains("english"), "{err}");
    }
}
