//! Word lists for the sentence splitter: abbreviations and common sentence starters.
//!
//! A full stop after an abbreviation is the main source of false sentence breaks, but
//! some abbreviations ("Inc.", "U.S.", "etc.") also end sentences. The class says how
//! much evidence the following word must give before a break is accepted.

/// How a full stop after a word should be read when a capitalised word follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordClass {
    /// An ordinary word: the full stop ends the sentence.
    Ordinary,
    /// Always followed by more of the sentence ("Dr.", "vs.", "e.g."): never a break.
    Never,
    /// May end a sentence ("Inc.", "U.S.", "a.m.", "Jan."): a break only before a
    /// common sentence starter; never before a number ("No. 5", "Jan. 12").
    Ambiguous,
    /// A single capital initial ("George W. Bush"): like `Ambiguous`, but "A" and "I"
    /// after it are read as part of a name.
    Initial,
    /// Trails off a list ("etc."): a break before any capitalised word.
    Final,
}

/// Titles and words that are followed by a name or a figure, never by a new sentence.
const NEVER: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Prof", "Gov", "Sen", "Rep", "Gen", "Lt",
    "Col", "Capt", "Cmdr", "Adm", "Maj", "Brig", "Sgt", "Cpl", "Pte", "Rev", "Hon", "Pres", "Supt",
    "Insp", "Det", "Fr", "Mt", "Ft", "Gov't", "vs", "Vs", "v", "cf", "viz", "approx", "ca", "incl",
    "esp", "eg", "ie", "nr", "Nos", "pp", "p", "Fig", "fig", "Vol", "Art", "Ch", "ch", "Sec",
    "sec", "Op", "Tel", "tel", "Ext", "ext", "Para", "para",
];

/// Abbreviations that can close a sentence as well as sit inside one.
const AMBIGUOUS: &[&str] = &[
    "Inc", "Ltd", "Corp", "Co", "Plc", "plc", "LLC", "LLP", "Bros", "Jr", "Sr", "Esq", "St", "Ave",
    "Rd", "Blvd", "Dept", "Univ", "Assn", "Govt", "al", "No", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur",
    "Thurs", "Fri", "Sat", "Sun", "est", "min", "mins", "hr", "hrs",
];

/// Dotted abbreviations (compared without their final stop) that never end a sentence.
const NEVER_DOTTED: &[&str] = &["e.g", "i.e", "E.g", "I.e", "c.f", "a.k.a"];

/// Words that usually open a sentence rather than continue a name or a title; used
/// after an ambiguous abbreviation ("in the U.S. The firm said ...").
const STARTERS: &[&str] = &[
    "A",
    "After",
    "Also",
    "Although",
    "An",
    "And",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Earlier",
    "Even",
    "Every",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "It",
    "It's",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "Moreover",
    "Most",
    "Mr",
    "Mrs",
    "Ms",
    "Much",
    "My",
    "No",
    "Not",
    "Now",
    "Of",
    "On",
    "One",
    "Only",
    "Or",
    "Other",
    "Others",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "Today",
    "Under",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Yet",
    "You",
    "Your",
];

/// The length of the longest word in [`NEVER`] and [`AMBIGUOUS`].
const LONGEST_LISTED: usize = 6;

/// Classifies the word written before a full stop (without the stop itself).
pub fn classify(word: &str) -> WordClass {
    if word.contains('.') {
        return classify_dotted(word);
    }
    if word == "etc" || word == "Etc" {
        return WordClass::Final;
    }
    // Most words before a stop are longer than any listed abbreviation.
    if word.len() <= LONGEST_LISTED {
        if matches_list(NEVER, word) {
            return WordClass::Never;
        }
        if matches_list(AMBIGUOUS, word) {
            return WordClass::Ambiguous;
        }
    }
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_uppercase() => WordClass::Initial,
        _ => WordClass::Ordinary,
    }
}

/// "U.S", "J.P", "a.m", "Ph.D": short letter groups joined by stops.
fn classify_dotted(word: &str) -> WordClass {
    if NEVER_DOTTED.contains(&word) {
        return WordClass::Never;
    }
    let acronym = word
        .split('.')
        .all(|part| (1..=2).contains(&part.len()) && part.chars().all(char::is_alphabetic));
    if acronym {
        WordClass::Ambiguous
    } else {
        WordClass::Ordinary
    }
}

/// Exact, case-sensitive match: "SEC." or "CO." in capitals are acronyms, not "Sec."
/// or "Co.", and lowercase "no." or "art." are ordinary words.
fn matches_list(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// Whether `word` (letters and apostrophes of the next word) typically starts a sentence.
pub fn is_starter(word: &str) -> bool {
    let word = word.trim_end_matches(['\'', '\u{2019}']);
    STARTERS.iter().any(|&s| {
        s == word
            || (s.len() > 1
                && s.eq_ignore_ascii_case(word)
                && !word.bytes().any(|b| b.is_ascii_lowercase()))
            || (s == "It's" && word == "It\u{2019}s")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_listed_word_is_longer_than_the_length_checked_first() {
        let longest = NEVER.iter().chain(AMBIGUOUS).map(|w| w.len()).max();
        assert_eq!(longest, Some(LONGEST_LISTED));
        assert_eq!(classify("Messrs"), WordClass::Never);
        assert_eq!(classify("Thurs"), WordClass::Ambiguous);
        assert_eq!(classify("Reuters"), WordClass::Ordinary);
    }
}
