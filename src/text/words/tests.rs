//! Each variant pinned at its edges: apostrophes, figures, other scripts, combining
//! marks, text without words.

use super::*;

fn analysis(text: &str) -> Vec<String> {
    Words::Analysis.normal_forms(text)
}

fn folded(text: &str) -> Vec<String> {
    Words::Folded.normal_forms(text)
}

/// The words as written: `(offset, text)` of each word's span.
fn written(words: Words, text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    words.for_each(text, |span, _| found.push((span.start, span.slice(text))));
    found
}

#[test]
fn analysis_words_keep_apostrophes_inside_a_word_and_fold_curly_ones() {
    assert_eq!(
        analysis("Don't don’t Niger’s ‘quoted’ rock 'n' roll dogs' 'tis"),
        ["don't", "don't", "niger's", "quoted", "rock", "n", "roll", "dogs", "tis"]
    );
}

#[test]
fn folded_words_split_at_every_apostrophe() {
    assert_eq!(
        folded("Don't don’t Niger’s ‘quoted’ dogs'"),
        ["don", "t", "don", "t", "niger", "s", "quoted", "dogs"]
    );
}

#[test]
fn analysis_words_keep_a_figure_with_its_separators_whole() {
    assert_eq!(
        analysis("3.5% 1,000.50 1'000 €3.5bn -4 1.2.3 12:30 U.S. e.g."),
        ["3.5", "1,000.50", "1'000", "3.5bn", "4", "1.2.3", "12", "30", "u.s", "e.g"]
    );
}

#[test]
fn folded_words_split_figures_at_their_separators() {
    assert_eq!(
        folded("3.5% 1,000 €3.5bn -4 12:30 U.S."),
        ["3", "5", "1", "000", "3", "5bn", "4", "12", "30", "u", "s"]
    );
}

#[test]
fn analysis_words_split_ideographs_and_keep_katakana_runs() {
    assert_eq!(
        analysis("東京タワー ひらがな"),
        ["東", "京", "タワー", "ひ", "ら", "が", "な"]
    );
}

#[test]
fn folded_words_keep_a_run_of_ideographs_and_kana_whole() {
    assert_eq!(folded("東京タワー ひらがな"), ["東京タワー", "ひらがな"]);
}

#[test]
fn both_variants_lowercase_other_scripts_char_by_char() {
    // No final-sigma rule: a word's form does not depend on where it ends.
    let text = "Привет, МИР! مرحبا ΟΔΟΣ İstanbul ZÜRICH";
    let expected = [
        "привет",
        "мир",
        "مرحبا",
        "οδοσ",
        "i\u{307}stanbul",
        "zürich",
    ];
    assert_eq!(analysis(text), expected);
    assert_eq!(folded(text), expected);
}

#[test]
fn analysis_words_keep_combining_marks_and_joiners() {
    assert_eq!(
        analysis("cafe\u{301} नमस्ते a\u{200d}b x_y"),
        ["cafe\u{301}", "नमस्ते", "a\u{200d}b", "x_y"]
    );
}

#[test]
fn folded_words_split_at_marks_that_are_not_letters() {
    // The combining acute, the virama, the joiner and `_` are neither letters nor
    // digits; a vowel sign (U+0947) is alphabetic and stays.
    assert_eq!(
        folded("cafe\u{301} नमस्ते a\u{200d}b x_y"),
        ["cafe", "नमस", "त\u{947}", "a", "b", "x", "y"]
    );
}

#[test]
fn text_without_letters_or_digits_has_no_words_in_either_variant() {
    for text in ["", " ", "  ... —– !? \n\t", "__ _", "👍 🇫🇷", "\u{301}"] {
        assert!(analysis(text).is_empty(), "{text:?}");
        assert!(folded(text).is_empty(), "{text:?}");
    }
}

#[test]
fn spans_point_at_each_word_as_written() {
    let text = "«Niger’s» 3.5bn, café!";
    assert_eq!(
        written(Words::Analysis, text),
        [(2, "Niger’s"), (14, "3.5bn"), (21, "café")]
    );
    assert_eq!(
        written(Words::Folded, text),
        [
            (2, "Niger"),
            (10, "s"),
            (14, "3"),
            (16, "5bn"),
            (21, "café")
        ]
    );
}

#[test]
fn shingles_hash_the_folded_words() {
    use xxhash_rust::xxh3::xxh3_64;
    let text = "The port, ZÜRICH’s 2nd! 東京 3.5";
    let hashed: Vec<u64> = folded(text).iter().map(|w| xxh3_64(w.as_bytes())).collect();
    assert_eq!(crate::sketch::shingle::word_hashes(text), hashed);
}

#[test]
fn the_analyzer_counts_analysis_words() {
    use crate::text::tokenize::Analyzer;
    use crate::text::{Language, Span};
    let text = "Don’t say 3.5bn, say «a lot»: 東京 U.S. state-run";
    let mut terms = Vec::new();
    let counted = Analyzer::new(Language::English).document().terms_into(
        text,
        Span::new(0, text.len()),
        &mut terms,
    );
    assert_eq!(counted, analysis(text).len());
}
