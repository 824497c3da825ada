//! Tests of the repetition check on the project's fixtures, the briefing article
//! (when present), and hand-made drafts.

use super::*;
use crate::text::{AnalyzeOptions, Span, TextFormat};

fn fixture(relative: &str) -> Option<String> {
    let path = format!("{}/{relative}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).ok()
}

fn find(text: &str) -> Repetition {
    find_repetition(text, &RepetitionOptions::default())
}

fn phrase<'r>(r: &'r Repetition, text: &str) -> Option<&'r RepeatedPhrase> {
    r.phrases.iter().find(|p| p.text == text)
}

/// Lowercased words: what a phrase location must equal modulo case and punctuation.
fn folded(text: &str) -> Vec<String> {
    use unicode_segmentation::UnicodeSegmentation;
    text.unicode_words()
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .collect()
}

fn assert_locations_match(text: &str, r: &Repetition) {
    for p in &r.phrases {
        assert_eq!(p.count, p.locations.len());
        assert!(p.count >= 2, "{p:?}");
        for span in &p.locations {
            assert_eq!(folded(span.slice(text)), folded(&p.text), "{p:?}");
        }
    }
}

/// Each repeated phrase with how often it occurs, in report order.
fn phrase_counts(r: &Repetition) -> Vec<(&str, usize)> {
    r.phrases
        .iter()
        .map(|p| (p.text.as_str(), p.count))
        .collect()
}

fn pairs(r: &Repetition) -> Vec<(usize, usize)> {
    r.paragraphs
        .iter()
        .map(|p| (p.first.index, p.second.index))
        .collect()
}

#[test]
fn briefing_article_repeats_its_phrases_and_restates_paragraphs() {
    let Some(text) = fixture("../shared/fixtures/niger-russia.txt") else {
        eprintln!("skipped: ../shared/fixtures/niger-russia.txt is not here");
        return;
    };
    let r = find(&text);
    assert_locations_match(&text, &r);
    for wanted in [
        "collaboration with international partners like Russia",
        "Niger seeks to enhance its",
    ] {
        let p = phrase(&r, wanted).unwrap_or_else(|| panic!("{wanted}: {:?}", r.phrases));
        assert_eq!(p.count, 2);
    }
    assert_eq!(r.phrases.len(), 2, "{:?}", r.phrases);
    // The lede's "arrival ... efforts to bolster its military" comes back in
    // paragraphs 4 and 6, which also restate each other.
    let mut top: Vec<(usize, usize)> = pairs(&r).into_iter().take(3).collect();
    top.sort();
    assert_eq!(top, vec![(1, 4), (1, 6), (4, 6)], "{:#?}", r.paragraphs);
    assert!(r
        .paragraphs
        .iter()
        .all(|p| !p.overlapping_sentences.is_empty()));
    assert!(r.sentences.is_empty(), "no sentence is said twice");
}

#[test]
fn repetitive_fixture_phrases_are_found_with_every_location() {
    let text = fixture("fixtures/repetitive.txt").expect("fixtures/repetitive.txt");
    let r = find(&text);
    assert_locations_match(&text, &r);
    let found = phrase_counts(&r);
    assert_eq!(
        found,
        vec![
            ("according to a statement released by the council", 3),
            ("the council seeks to expand its", 3),
            // The first use is "would strengthen ...": only "to ..." repeats in 5 words.
            ("to strengthen regional food security", 2),
        ]
    );
    let options = RepetitionOptions {
        min_phrase_words: 4,
        ..Default::default()
    };
    let r4 = find_repetition(&text, &options);
    let p = phrase(&r4, "strengthen regional food security").expect("4-word phrase");
    assert_eq!(p.count, 3);
}

#[test]
fn repetitive_fixture_paragraphs_restating_the_lede_are_found() {
    let text = fixture("fixtures/repetitive.txt").expect("fixtures/repetitive.txt");
    let r = find(&text);
    assert_eq!(pairs(&r), vec![(1, 8), (1, 3)], "{:#?}", r.paragraphs);
    let best = &r.paragraphs[0].overlapping_sentences[0];
    assert!(best
        .first
        .span
        .slice(&text)
        .contains("strengthen regional food security"));
    assert!(best
        .second
        .span
        .slice(&text)
        .contains("strengthen regional food security"));
    assert!(r.paragraphs[0].similarity >= r.paragraphs[1].similarity);
}

#[test]
fn paragraph_similarities_do_not_depend_on_what_the_thread_analysed_before() {
    // Stems are remembered per thread across documents; the draft's figures must be
    // the same to the bit whether its thread analysed other drafts first or not.
    fn similarities(before: &[&str]) -> Vec<(usize, usize, u64)> {
        let text = fixture("fixtures/repetitive.txt").expect("fixtures/repetitive.txt");
        let options = RepetitionOptions::default();
        for other in before {
            crate::text::analyze(other, &options.analysis);
        }
        let doc = crate::text::analyze(&text, &options.analysis);
        let r = repetition(&text, &doc, &options);
        r.paragraphs
            .iter()
            .map(|p| (p.first.index, p.second.index, p.similarity.to_bits()))
            .collect()
    }
    let others = [
        "Paragraphs restate the harbour story.",
        "Food security, regional.",
    ];
    let alone = std::thread::spawn(|| similarities(&[]))
        .join()
        .expect("thread");
    assert!(!alone.is_empty());
    let after = std::thread::spawn(move || similarities(&others))
        .join()
        .expect("thread");
    assert_eq!(alone, after);
}

#[test]
fn a_normal_wire_story_repeats_nothing() {
    for name in ["fixtures/wire-story.txt", "fixtures/wire-story-rewrite.txt"] {
        let text = fixture(name).expect(name);
        let r = find(&text);
        assert!(r.is_empty(), "{name}: {r:#?}");
    }
    let plain = "The council met on Monday. It approved a budget for roads and schools. \
                 Residents asked about bus routes.\n\nThe mayor said work begins in June.";
    assert!(find(plain).is_empty());
}

#[test]
fn identical_and_near_identical_sentences() {
    let text = "Floods closed the main coastal road on Tuesday. Officials expect delays.\n\n\
                Floods closed the main coastal road, on TUESDAY! \
                Floods closed the main coastal road on Wednesday morning.";
    let r = find(text);
    let found: Vec<(usize, usize, bool)> = r
        .sentences
        .iter()
        .map(|s| (s.first.index, s.second.index, s.identical))
        .collect();
    assert_eq!(found[0], (0, 2, true));
    assert_eq!(r.sentences[0].similarity, 1.0);
    // Sentence 2 is a copy of sentence 0: what nearly repeats one is reported once,
    // against the first copy.
    assert_eq!(&found[1..], &[(0, 3, false)]);
    assert_eq!(r.sentences[0].second.paragraph, 1);
    assert_eq!(
        r.sentences[0].second.span.slice(text),
        "Floods closed the main coastal road, on TUESDAY!"
    );
}

#[test]
fn short_sentences_and_headlines_are_not_compared() {
    let text = "Port expansion approved\n\nThe port expansion was approved. He said.\n\nHe said.";
    let r = find(text);
    assert!(r.sentences.is_empty(), "{r:#?}");
    let with_headings = RepetitionOptions {
        include_headings: true,
        min_sentence_terms: 1,
        ..Default::default()
    };
    let r = find_repetition(text, &with_headings);
    assert!(r
        .sentences
        .iter()
        .any(|s| s.first.index == 0 && s.second.index == 1));
}

#[test]
fn an_extended_repeat_is_one_maximal_phrase() {
    let text = "Voters in Eastmoor rejected the harbour plan on Sunday night. \
                Later, voters in Eastmoor rejected the harbour plan on Sunday again.";
    let r = find(text);
    assert_eq!(r.phrases.len(), 1, "{:?}", r.phrases);
    let p = &r.phrases[0];
    assert_eq!(
        p.text,
        "Voters in Eastmoor rejected the harbour plan on Sunday"
    );
    assert_eq!((p.words, p.count), (9, 2));
    assert_eq!(
        p.locations[1].slice(text),
        "voters in Eastmoor rejected the harbour plan on Sunday"
    );
    assert_locations_match(text, &r);
}

#[test]
fn nested_repeats_keep_the_occurrences_the_longer_phrase_misses() {
    // "green harbour trust fund" is said three times, twice after "the".
    let text = "We back the green harbour trust fund today. \
                They doubt the green harbour trust fund now. \
                A green harbour trust fund was mooted.";
    let options = RepetitionOptions {
        min_phrase_words: 4,
        ..Default::default()
    };
    let r = find_repetition(text, &options);
    let found = phrase_counts(&r);
    assert_eq!(
        found,
        vec![
            ("green harbour trust fund", 3),
            ("the green harbour trust fund", 2)
        ]
    );
    // Contained everywhere in a longer repeat: not reported on its own.
    assert!(phrase(&r, "harbour trust fund").is_none());
}

#[test]
fn phrases_stop_at_sentence_ends_and_skip_stopwords_and_numbers() {
    let text = "It was all of the 12 of 2024. It was all of the 12 of 2024. \
                Rain fell on the old city walls. Then rain fell on the old city walls.";
    let r = find(text);
    let texts: Vec<&str> = r.phrases.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        vec!["Rain fell on the old city walls"],
        "{:?}",
        r.phrases
    );
    assert_eq!(r.phrases[0].locations.len(), 2);
}

#[test]
fn markdown_markup_does_not_break_phrases_and_offsets_stay_original() {
    let text = "# Title\n\nThe **council seeks to expand** its network. \
                Again the council seeks to expand its reach.";
    let options = RepetitionOptions {
        analysis: AnalyzeOptions {
            format: TextFormat::Markdown,
            ..Default::default()
        },
        ..Default::default()
    };
    let r = find_repetition(text, &options);
    let p = phrase(&r, "The council seeks to expand its").unwrap_or_else(|| panic!("{r:?}"));
    let first = p.locations[0];
    assert_eq!(first.slice(text), "The **council seeks to expand** its");
    assert_eq!(
        p.locations[1],
        Span::new(
            text.rfind("the council").unwrap(),
            text.rfind(" reach").unwrap()
        )
    );
}

#[test]
fn empty_and_tiny_drafts() {
    for text in [
        "",
        " \n\n ",
        "One.",
        "A single sentence with several words in it.",
        "word word word word word word",
    ] {
        let r = find(text);
        assert!(
            r.sentences.is_empty() && r.paragraphs.is_empty(),
            "{text:?}"
        );
    }
}

#[test]
fn results_serialize_to_json() {
    let text = "Rain fell on the old city walls. Then rain fell on the old city walls.";
    let json = serde_json::to_value(find(text)).unwrap();
    assert_eq!(json["phrases"][0]["count"], 2);
    assert_eq!(json["phrases"][0]["locations"][0]["start"], 0);
    assert!(json["sentences"].is_array() && json["paragraphs"].is_array());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
            let r = find(&text);
            assert_locations_match(&text, &r);
        }

        #[test]
        fn repetitive_word_soup_reports_consistent_phrases(
            words in proptest::collection::vec(
                prop::sample::select(vec!["harbour", "Plan", "the", "vote", "12", "of", ".", ",", "\n\n"]),
                0..120,
            )
        ) {
            let text = words.join(" ");
            let r = find(&text);
            assert_locations_match(&text, &r);
            for p in &r.phrases {
                prop_assert!(p.words >= DEFAULT_MIN_PHRASE_WORDS);
                prop_assert!(p.locations.windows(2).all(|w| w[0].start < w[1].start));
            }
            for s in &r.sentences {
                prop_assert!(s.first.index < s.second.index);
                prop_assert!(s.similarity >= DEFAULT_SENTENCE_THRESHOLD && s.similarity <= 1.0 + 1e-9);
            }
        }
    }
}

#[test]
fn capped_findings_are_the_first_of_each_kind_and_the_rest_are_counted() {
    let mut draft = String::new();
    for i in 0..12 {
        // Identical repeats (warnings), near repeats (notes) and repeated phrases.
        draft.push_str(&format!(
            "The harbour board approved the dredging budget on Tuesday. \
             The harbour board approved a dredging budget for berth {i} on Tuesday.\n\n"
        ));
    }
    let options = CheckOptions::default();
    let analyzed = crate::text::analyze(&draft, &options.repetition.analysis);
    let all = check_analyzed(&draft, &analyzed, &options);
    for max in [0, 1, 3, 1000] {
        let (capped, left_out) = check_analyzed_capped(&draft, &analyzed, &options, max);
        let mut expected = Vec::new();
        let mut seen: Vec<(Kind, usize)> = Vec::new();
        let mut dropped: Vec<(Kind, Severity, usize)> = Vec::new();
        for f in &all {
            let n = match seen.iter_mut().find(|(k, _)| *k == f.kind) {
                Some((_, n)) => n,
                None => {
                    seen.push((f.kind, 0));
                    &mut seen.last_mut().unwrap().1
                }
            };
            *n += 1;
            if *n <= max {
                expected.push(f.clone());
            } else {
                match dropped
                    .iter_mut()
                    .find(|(k, s, _)| *k == f.kind && *s == f.severity)
                {
                    Some((_, _, c)) => *c += 1,
                    None => dropped.push((f.kind, f.severity, 1)),
                }
            }
        }
        assert_eq!(capped, expected, "max {max}");
        let mut got = left_out.counts.clone();
        got.sort_by_key(|&(k, s, _)| (k as u8, s));
        dropped.sort_by_key(|&(k, s, _)| (k as u8, s));
        assert_eq!(got, dropped, "max {max}");
    }
    assert!(all.iter().any(|f| f.severity == Severity::Warning));
    assert!(
        all.iter()
            .filter(|f| f.kind == Kind::RepeatedSentence)
            .count()
            > 3
    );
}
