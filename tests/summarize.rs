//! `copydesk summarize`: how many sentences, which ones, in which order, each quoted
//! verbatim and located in the original text.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::fs;

use serde_json::Value;
use unicode_segmentation::UnicodeSegmentation;

mod support;
use support::{fixture, json, run, sentence_texts, stderr, stdout};

/// Every reported sentence must be the original text at its byte offsets.
fn assert_located(record: &Value, original: &str) {
    for sentence in record["sentences"].as_array().unwrap() {
        let start = sentence["start"].as_u64().unwrap() as usize;
        let end = sentence["end"].as_u64().unwrap() as usize;
        assert_eq!(&original[start..end], sentence["text"].as_str().unwrap());
    }
}

#[test]
fn summarizes_a_fixture_into_three_verbatim_lines() {
    let path = fixture("wire-story.txt");
    let original = fs::read_to_string(&path).unwrap();
    let output = run(&["summarize", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for line in lines {
        assert!(original.contains(line), "not verbatim: {line}");
    }
    assert!(output.stderr.is_empty(), "no progress bar off a terminal");
}

#[test]
fn json_output_locates_every_sentence_and_orders_by_document() {
    let path = fixture("abbreviations.txt");
    let original = fs::read_to_string(&path).unwrap();
    let output = run(
        &[
            "summarize",
            "--format",
            "json",
            "-n",
            "4",
            path.to_str().unwrap(),
        ],
        None,
    );
    let record = json(&output);
    assert!(record.is_object(), "one input gives one object");
    assert_eq!(record["id"], path.to_str().unwrap());
    let sentences = record["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 4);
    let indices: Vec<u64> = sentences
        .iter()
        .map(|s| s["index"].as_u64().unwrap())
        .collect();
    assert!(indices.windows(2).all(|w| w[0] < w[1]), "{indices:?}");
    assert!(record["sentence_count"].as_u64().unwrap() > 4);
    assert_located(&record, &original);
}

#[test]
fn score_order_sorts_by_descending_score() {
    let path = fixture("wire-story.txt");
    let output = run(
        &[
            "summarize",
            "--format",
            "json",
            "--order",
            "score",
            "-n",
            "5",
            path.to_str().unwrap(),
        ],
        None,
    );
    let record = json(&output);
    let scores: Vec<f64> = record["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["score"].as_f64().unwrap())
        .collect();
    assert_eq!(scores.len(), 5);
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn word_budget_is_never_exceeded() {
    let path = fixture("wire-story.txt");
    let output = run(
        &[
            "summarize",
            "--format",
            "json",
            "--words",
            "60",
            path.to_str().unwrap(),
        ],
        None,
    );
    let record = json(&output);
    let words: usize = record["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().unicode_words().count())
        .sum();
    assert!(words > 0 && words <= 60, "{words} words");
}

#[test]
fn a_lede_repeated_at_the_end_is_chosen_once() {
    let story = fs::read_to_string(fixture("wire-story.txt")).unwrap();
    let lede = story.split("\n\n").nth(1).unwrap().trim();
    let text = format!("{story}\n\n{lede}\n");
    for n in ["3", "6"] {
        let output = run(
            &["summarize", "--format", "json", "-n", n],
            Some(text.as_bytes()),
        );
        let record = json(&output);
        let texts = sentence_texts(&record);
        let mut unique = texts.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            texts.len(),
            "a sentence appears twice: {texts:?}"
        );
        assert_located(&record, &text);
    }
}

#[test]
fn a_french_text_is_summarized_with_lang_fr() {
    let text = "Le conseil municipal a voté le budget. Le budget prévoit des écoles. \
                Les écoles ouvriront en septembre. Le maire a salué le vote du budget.";
    let output = run(
        &["summarize", "--lang", "fr", "-n", "2"],
        Some(text.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output).lines().count(), 2);
}

/// A Markdown draft with a table, footnotes, a reference link, HTML blocks (a figure,
/// a script) and a comment, as an editor might write one.
const MARKDOWN_DRAFT: &str = "# Harbour plan approved

The council approved the harbour plan at Tuesday's hearing.[^1] Officials said work would start in May.

| Item | Cost |
|------|------|
| Berths | $400m |
| Dredging | $120m |

The budget was set last year. See the [council's report][report] for details.

<!-- editor: check the figures
before we publish -->

<figure>
  <img src=\"berths.jpg\" alt=\"The berths seen from the quay.\">
  <figcaption>The new berths double the port's capacity.</figcaption>
</figure>

<script>track(\"Reader counted.\")</script>

[^1]: The hearing lasted four hours.

[report]: https://example.org/report
";

#[test]
fn summarize_reads_markdown_tables_footnotes_and_html_as_a_reader_does() {
    let dir = support::folder(&[("harbour.md", MARKDOWN_DRAFT)]);
    let path = dir.path().join("harbour.md");
    let output = run(
        &[
            "summarize",
            "--ratio",
            "1",
            "--format",
            "json",
            path.to_str().unwrap(),
        ],
        None,
    );
    let record = json(&output);
    assert_located(&record, MARKDOWN_DRAFT);
    let texts = sentence_texts(&record);
    assert_eq!(
        texts,
        [
            "The council approved the harbour plan at Tuesday's hearing.",
            "Officials said work would start in May.",
            "The budget was set last year.",
            "See the [council's report][report] for details.",
            "The new berths double the port's capacity.",
            "The hearing lasted four hours.",
        ]
    );
}

#[test]
fn summarize_picks_a_markdown_table_row_only_when_there_is_no_prose() {
    let table = "| Port | Berths |\n|---|---|\n| Kellmouth | 12 |\n";
    let output = run(
        &["summarize", "--input-format", "markdown", "--ratio", "1"],
        Some(table.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines, ["Port | Berths", "Kellmouth | 12"]);
}
