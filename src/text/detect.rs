//! Which of the stemmed languages a text is written in.
//!
//! Three looks, the cheapest first, at a bounded prefix of the text:
//!
//! 1. The script (whatlang's count of letters per script). Arabic, Greek, Cyrillic
//!    and Tamil are each written by one of the 18 languages of [`Language`], so the
//!    script decides; a script none of them uses gives no language.
//! 2. In Latin script, a vote of the stopwords of the opening (`tally`): most texts
//!    of a few sentences give one language a clear lead, for a few microseconds.
//! 3. When the vote is close, whatlang's scores of letters and character trigrams
//!    against its profiles of the 18 languages only (an allowlist), so a text is never
//!    given a language copydesk cannot stem.
//!
//! whatlang's profiles hardly tell Danish from Norwegian or Spanish from Portuguese in
//! short texts, so between the two of such a pair the words only one of them uses
//! decide (`siblings`).
//!
//! The fallback rule: a Latin-script text needs [`MIN_WORDS`] words and, when whatlang
//! decides, a lead of [`MIN_CONFIDENCE`] over the nearest other language (its pair's
//! sibling aside). Three words are too few to tell, say, Dutch from German, and a wrong
//! language costs more than the fallback.

mod siblings;
mod tally;

use std::sync::OnceLock;

use whatlang::{Detector, Lang, Script};

use super::Language;

/// The most bytes of a text that detection reads: room for the hundred words that vote
/// (`tally`) in any of the languages. Five sentences (about 700 bytes) already decide
/// the language; more text only costs time, as whatlang lowercases and counts the
/// trigrams of all it is given (about 50 µs per KB).
pub const PREFIX_BYTES: usize = 1024;

/// The opening looked at first: about two sentences. Most texts are told by a landslide
/// of its stopwords ([`tally::Tally::landslide`]); the rest get the whole prefix.
const FIRST_LOOK_BYTES: usize = 256;

/// Fewer words than this in Latin script, and the text keeps the fallback.
pub const MIN_WORDS: usize = 4;

/// whatlang's confidence (0 to 1: how far ahead of the runner-up the best language is,
/// for the number of trigrams the text has) below which the fallback is kept. On the
/// test set of `benches/language_accuracy.py`, 0.2 costs 0.6 points of right answers on
/// single sentences and cuts wrong answers on 4-word texts by two thirds; whatlang's own
/// "reliable", 0.9, would cost 5 points.
pub const MIN_CONFIDENCE: f64 = 0.2;

/// The language a text was found to be in, or the fallback when the text was too
/// short or the detection unreliable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Detection {
    /// The language found, or the fallback.
    pub language: Language,
    /// False when `language` is the fallback rather than what the text showed.
    pub detected: bool,
}

/// Detects the language of `text` among [`Language::all`], or gives `fallback`.
pub fn detect(text: &str, fallback: Language) -> Detection {
    match guess(prefix(text, PREFIX_BYTES)) {
        Some(language) => Detection {
            language,
            detected: true,
        },
        None => Detection {
            language: fallback,
            detected: false,
        },
    }
}

/// The language of `sample`, when the fallback rule lets it be told.
fn guess(sample: &str) -> Option<Language> {
    // Most texts open with a landslide of one language's stopwords: then the rest of
    // the sample is not read at all (not even to count its scripts).
    let opening = prefix(sample, FIRST_LOOK_BYTES);
    let looked = opening.len() < sample.len() && mostly_ascii(opening);
    if looked {
        if let Some(language) = tally::landslide(opening) {
            return Some(language);
        }
    }
    let opening = (!looked).then_some(opening);
    // Text with few bytes outside ASCII (most English, with a pound sign or curly
    // quotes) is Latin, or has no letters (which whatlang finds too): the other
    // scripts are all outside ASCII, so no need to count them.
    if mostly_ascii(sample) {
        return guess_latin(sample, opening);
    }
    match whatlang::detect_script(sample)? {
        Script::Latin => guess_latin(sample, opening),
        Script::Arabic => Some(Language::Arabic),
        Script::Cyrillic => Some(Language::Russian),
        Script::Greek => Some(Language::Greek),
        Script::Tamil => Some(Language::Tamil),
        _ => None,
    }
}

/// At least nine bytes of ten are ASCII.
fn mostly_ascii(sample: &str) -> bool {
    // A sum of high bits rather than a filtered count: the compiler turns it into
    // vector code, and it runs over every sample.
    let wide: usize = sample.bytes().map(|b| usize::from(b >> 7)).sum();
    wide * 10 <= sample.len()
}

/// The language of a Latin-script `sample`; its `opening`, if given, is looked at
/// first (on its own, it may give a landslide).
fn guess_latin(sample: &str, opening: Option<&str>) -> Option<Language> {
    let opening = opening.filter(|opening| opening.len() < sample.len());
    if let Some(language) = opening.and_then(tally::landslide) {
        return Some(language);
    }
    let tally = tally::tally(sample);
    if tally.words < MIN_WORDS {
        return None;
    }
    tally.elected().or_else(|| trigram_guess(sample, &tally))
}

/// whatlang's choice among the Latin-script languages, if it is sure enough.
fn trigram_guess(sample: &str, tally: &tally::Tally) -> Option<Language> {
    let info = detector(None).detect(sample)?;
    let found = from_whatlang(info.lang())?;
    let Some(sibling) = siblings::sibling(found) else {
        return (info.confidence() >= MIN_CONFIDENCE).then_some(found);
    };
    // whatlang's confidence is its lead over the runner-up, often the sibling itself;
    // what matters is the pair's lead over the rest, which only a second look without
    // the sibling gives (and only when the first is not sure already: without the
    // runner-up, the lead can only grow).
    let confident = info.confidence() >= MIN_CONFIDENCE
        || detector(Some(sibling))
            .detect(sample)
            .is_some_and(|rest| rest.confidence() >= MIN_CONFIDENCE);
    // A tie in own words leaves whatlang's choice.
    confident.then(|| tally.settle(found, sibling).unwrap_or(found))
}

/// At most `max_bytes` of `text`, cut on a char boundary and, when the cut falls inside
/// a word, before that word: half a word would add trigrams of no language.
fn prefix(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    if text[end..].starts_with(char::is_whitespace) {
        return head;
    }
    head.rfind(char::is_whitespace)
        .map_or(head, |at| &head[..at])
}

/// A detector for the languages copydesk stems, less `without` if given; each is made
/// once per process.
fn detector(without: Option<Language>) -> &'static Detector {
    static DETECTORS: OnceLock<Vec<(Option<Language>, Detector)>> = OnceLock::new();
    let detectors = DETECTORS.get_or_init(|| {
        let excluded = std::iter::once(None).chain(siblings::PAIRED.iter().copied().map(Some));
        excluded
            .map(|without| {
                let allowed = WHATLANG.iter().filter(|row| Some(row.0) != without);
                let detector = Detector::with_allowlist(allowed.map(|row| row.1).collect());
                (without, detector)
            })
            .collect()
    });
    let index = detectors.iter().position(|d| d.0 == without).unwrap_or(0);
    &detectors[index].1
}

/// whatlang's name of each language (whatlang 0.18 has one Norwegian: Bokmål).
const WHATLANG: [(Language, Lang); 18] = [
    (Language::Arabic, Lang::Ara),
    (Language::Danish, Lang::Dan),
    (Language::Dutch, Lang::Nld),
    (Language::English, Lang::Eng),
    (Language::Finnish, Lang::Fin),
    (Language::French, Lang::Fra),
    (Language::German, Lang::Deu),
    (Language::Greek, Lang::Ell),
    (Language::Hungarian, Lang::Hun),
    (Language::Italian, Lang::Ita),
    (Language::Norwegian, Lang::Nob),
    (Language::Portuguese, Lang::Por),
    (Language::Romanian, Lang::Ron),
    (Language::Russian, Lang::Rus),
    (Language::Spanish, Lang::Spa),
    (Language::Swedish, Lang::Swe),
    (Language::Tamil, Lang::Tam),
    (Language::Turkish, Lang::Tur),
];

fn from_whatlang(lang: Lang) -> Option<Language> {
    WHATLANG.iter().find(|row| row.1 == lang).map(|row| row.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detected(text: &str) -> Option<Language> {
        let detection = detect(text, Language::English);
        detection.detected.then_some(detection.language)
    }

    /// One short paragraph per language, written for these tests.
    const PARAGRAPHS: [(Language, &str); 18] = [
        (Language::Arabic, "ذهب الأطفال إلى المدرسة في الصباح الباكر. كان الجو باردا جدا."),
        (Language::Danish, "Vi tog af sted efter frokost, og det regnede hele vejen hjem. Hvad skulle vi gøre?"),
        (Language::Dutch, "De trein naar Amsterdam vertrekt elke ochtend om acht uur. Het is altijd erg druk."),
        (Language::English, "The council approved the new budget on Tuesday after a long debate about schools."),
        (Language::Finnish, "Kaupunginvaltuusto hyväksyi uuden talousarvion tiistaina pitkän keskustelun jälkeen."),
        (Language::French, "Le conseil municipal a adopté le nouveau budget mardi après un long débat sur les écoles."),
        (Language::German, "Der Stadtrat hat am Dienstag nach einer langen Debatte über die Schulen den neuen Haushalt beschlossen."),
        (Language::Greek, "Το δημοτικό συμβούλιο ενέκρινε τον νέο προϋπολογισμό την Τρίτη μετά από μακρά συζήτηση."),
        (Language::Hungarian, "A városi tanács kedden hosszú vita után elfogadta az új költségvetést az iskolákról."),
        (Language::Italian, "Il consiglio comunale ha approvato il nuovo bilancio martedì dopo un lungo dibattito sulle scuole."),
        (Language::Norwegian, "Vi dro av gårde etter lunsj, og det regnet hele veien hjem. Hva skulle vi gjøre nå?"),
        (Language::Portuguese, "A câmara municipal aprovou o novo orçamento na terça-feira depois de um longo debate sobre as escolas."),
        (Language::Romanian, "Consiliul local a aprobat marți noul buget după o dezbatere lungă despre școli."),
        (Language::Russian, "Городской совет во вторник утвердил новый бюджет после долгих споров о школах."),
        (Language::Spanish, "El ayuntamiento aprobó el nuevo presupuesto el martes después de un largo debate sobre las escuelas."),
        (Language::Swedish, "Kommunfullmäktige antog den nya budgeten i tisdags efter en lång debatt om skolorna."),
        (Language::Tamil, "நகர சபை செவ்வாய்க்கிழமை புதிய வரவு செலவுத் திட்டத்தை அங்கீகரித்தது."),
        (Language::Turkish, "Belediye meclisi salı günü okullar hakkındaki uzun bir tartışmanın ardından yeni bütçeyi onayladı."),
    ];

    #[test]
    fn each_language_is_detected_from_a_sentence_or_two() {
        for (language, text) in PARAGRAPHS {
            assert_eq!(detected(text), Some(language), "{text}");
        }
    }

    #[test]
    fn three_latin_words_keep_the_fallback() {
        for text in ["Der neue Haushalt", "Het is druk", "approved the budget"] {
            let detection = detect(text, Language::Swedish);
            assert_eq!(
                detection,
                Detection {
                    language: Language::Swedish,
                    detected: false
                },
                "{text}"
            );
        }
    }

    #[test]
    fn a_script_of_one_language_decides_even_for_two_words() {
        assert_eq!(detected("Το συμβούλιο"), Some(Language::Greek));
        assert_eq!(detected("புதிய திட்டம்"), Some(Language::Tamil));
        assert_eq!(detected("Городской совет"), Some(Language::Russian));
    }

    #[test]
    fn a_script_none_of_the_languages_uses_keeps_the_fallback() {
        assert_eq!(
            detected("今日は雨が降っています。明日は晴れるでしょう。"),
            None
        );
        assert_eq!(detected("הילדים הלכו לבית הספר בבוקר המוקדם מאוד"), None);
    }

    #[test]
    fn empty_or_wordless_text_keeps_the_fallback() {
        for text in ["", "   \n", "12 34 56 78 90", "!!! ??? ... ---"] {
            assert_eq!(detected(text), None, "{text:?}");
        }
    }

    #[test]
    fn danish_and_norwegian_sentences_are_told_apart() {
        let danish = "Hvis du vil bruge programmet, skal du først hente det ned og installere det.";
        let norwegian =
            "Hvis du vil bruke programmet, må du først laste det ned og installere det.";
        assert_eq!(detected(danish), Some(Language::Danish));
        assert_eq!(detected(norwegian), Some(Language::Norwegian));
    }

    #[test]
    fn spanish_and_portuguese_sentences_are_told_apart() {
        let spanish = "Los usuarios pueden cambiar la configuración desde el menú principal.";
        let portuguese = "Os usuários podem alterar a configuração a partir do menu principal.";
        assert_eq!(detected(spanish), Some(Language::Spanish));
        assert_eq!(detected(portuguese), Some(Language::Portuguese));
    }

    #[test]
    fn a_long_text_is_decided_by_its_opening() {
        let english = PARAGRAPHS[3]
            .1
            .repeat(PREFIX_BYTES / PARAGRAPHS[3].1.len() + 1);
        let text = format!("{english} {}", PARAGRAPHS[5].1.repeat(1000));
        assert_eq!(detected(&text), Some(Language::English));
    }

    #[test]
    fn the_prefix_ends_on_a_char_boundary_before_a_cut_word() {
        let text = "ααα ββββ γγγγγ";
        for max in 0..=text.len() {
            let head = prefix(text, max);
            assert!(
                text.starts_with(head) && head.len() <= max,
                "{max}: {head:?}"
            );
            if max > "ααα".len() {
                assert!(["ααα", "ααα ββββ", text].contains(&head), "{max}: {head:?}");
            }
        }
    }

    #[test]
    fn every_language_has_a_whatlang_name_and_back() {
        for language in Language::all() {
            let row = WHATLANG.iter().find(|row| row.0 == language);
            let lang = row.map(|row| row.1);
            assert_eq!(lang.and_then(from_whatlang), Some(language), "{language}");
        }
    }
}
