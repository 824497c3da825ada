//! Writes the stopword lists into the binary as static arrays.
//!
//! The `stop-words` crate keeps the NLTK lists of every language in one JSON document
//! and parses all of it on each call, which took about half a millisecond of every
//! run's start. Here that happens once, at build time, and only the lists of the
//! languages copydesk stems are kept, already trimmed, lowercased and deduplicated.

use std::fmt::Write as _;
use std::path::PathBuf;

/// ISO 639-1 codes of the languages with a Snowball stemmer and an NLTK list (Tamil,
/// the one without, has its own list in `src/text/lang.rs`).
const CODES: [&str; 17] = [
    "ar", "da", "nl", "en", "fi", "fr", "de", "el", "hu", "it", "no", "pt", "ro", "ru", "es", "sv",
    "tr",
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let mut out = String::from("/// (ISO 639-1 code, stopwords) from the NLTK lists.\n");
    out.push_str("pub(crate) const NLTK_STOPWORDS: &[(&str, &[&str])] = &[\n");
    for code in CODES {
        let mut words: Vec<String> = stop_words::get(code)
            .into_iter()
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        // Sorted and deduplicated: the lists and everything built from them keep one
        // order from build to build.
        words.sort();
        words.dedup();
        write!(out, "    ({code:?}, &[").expect("writing to a String");
        for word in &words {
            write!(out, "{word:?}, ").expect("writing to a String");
        }
        out.push_str("]),\n");
    }
    out.push_str("];\n");
    let path = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(path.join("stopwords.rs"), out).expect("writing the stopword lists");
}
