//! Web pages, encodings and languages through the real binary: extraction, metadata,
//! places in the page, and bad pages.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::fs;

use serde_json::Value;

mod support;
use support::{fixture, folder, json, jsonl, run, stderr, stdout};

fn page(name: &str) -> String {
    fixture(&format!("pages/{name}")).display().to_string()
}

fn record_of(args: &[&str]) -> Value {
    let output = run(args, None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    json(&output)
}

#[test]
fn extract_gives_the_article_without_the_page_around_it() {
    let record = record_of(&["extract", "--format", "json", &page("halden-bay.html")]);
    let text = record["text"].as_str().unwrap();
    assert!(text.starts_with("HALDEN BAY, March 4"), "{text}");
    assert!(text.contains("Carrow Maritime Group, which operates"));
    for boilerplate in [
        "Privacy policy",
        "More from Business",
        "Sign up for our newsletter",
        "harbourwatcher",
        "--siteBgColor",
        "Share this story",
    ] {
        assert!(!text.contains(boilerplate), "{boilerplate} in {text}");
    }
    // Paragraphs as blank-line separated blocks, lines unwrapped.
    let story = fs::read_to_string(fixture("wire-story.txt")).unwrap();
    let paragraphs: Vec<&str> = story.trim().split("\n\n").skip(1).collect();
    let extracted: Vec<&str> = text.trim().split("\n\n").collect();
    assert_eq!(extracted, paragraphs);
}

#[test]
fn extract_records_carry_title_metadata_and_language() {
    let record = record_of(&["extract", "--format", "json", &page("halden-bay.html")]);
    let title = "Halden Bay port authority approves $1.2bn harbour expansion";
    assert!(record["title"].as_str().unwrap().starts_with(title));
    let meta = &record["meta"];
    assert!(meta["title"].as_str().unwrap().starts_with(title));
    assert_eq!(meta["author"], "Tomasz Reyes-Lindqvist");
    assert!(meta["date"].as_str().unwrap().starts_with("2025-03-04"));
    assert_eq!(meta["site_name"], "Copydesk Wire");
    assert_eq!(
        meta["url"],
        "https://wire.example.com/business/halden-bay-harbour-expansion"
    );
    assert_eq!(meta["lang"], "en-GB");
    assert_eq!(record["lang"], "en");
    assert_eq!(record["path"], page("halden-bay.html"));
}

#[test]
fn extract_gives_each_record_the_language_it_is_written_in() {
    let records = [
        (
            "fr",
            "Le conseil municipal a voté le budget. Les écoles ouvriront en septembre.",
        ),
        (
            "de",
            "Der Stadtrat hat den Haushalt beschlossen. Die Schulen öffnen im September.",
        ),
        (
            "da",
            "Hun havde ikke noget at gøre, så hun gik ud af huset efter mødet.",
        ),
        (
            "no",
            "Hun hadde ikke noe å gjøre, så hun gikk ut av huset etter møtet.",
        ),
        (
            "el",
            "Το δημοτικό συμβούλιο ενέκρινε τον νέο προϋπολογισμό.",
        ),
        // Three words are too few to tell: the default language.
        ("it", "Budget approved yesterday"),
    ];
    let input: String = records
        .iter()
        .enumerate()
        .map(|(i, (_, text))| format!("{}\n", serde_json::json!({"id": i, "text": text})))
        .collect();
    let output = run(
        &[
            "extract",
            "--input-format",
            "jsonl",
            "--format",
            "jsonl",
            "--default-lang",
            "italian",
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let got: Vec<Value> = jsonl(&output);
    assert_eq!(got.len(), records.len());
    for (record, (lang, text)) in got.iter().zip(records) {
        assert_eq!(record["lang"], lang, "{text}");
    }
}

#[test]
fn a_declared_legacy_charset_is_honoured_and_german_is_detected() {
    let output = run(
        &[
            "extract",
            "--format",
            "json",
            &page("nordstrand-hafen.html"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("windows-1252"),
        "{}",
        stderr(&output)
    );
    let record = json(&output);
    let text = record["text"].as_str().unwrap();
    assert!(text.contains("Betriebsratschef Jürgen Kühne"), "{text}");
    assert!(text.contains("„Wir haben lange auf diese Entscheidung gewartet“"));
    assert!(!text.contains('\u{fffd}'));
    assert_eq!(record["lang"], "de");
    assert_eq!(record["meta"]["lang"], "de");
}

#[test]
fn a_page_without_an_article_is_empty_with_a_warning_and_never_summarized() {
    let listing = page("business-listing.html");
    let output = run(&["summarize", "--format", "json", &listing], None);
    assert!(
        stderr(&output).contains("business-listing.html: no article found"),
        "{}",
        stderr(&output)
    );
    let record = json(&output);
    assert_eq!(record["text"], "");
    assert_eq!(record["sentences"].as_array().unwrap().len(), 0);
    let extracted = run(&["extract", &listing], None);
    assert_eq!(stdout(&extracted).trim(), "");
}

#[test]
fn summary_sentences_of_a_page_point_into_the_article_and_the_page() {
    let path = page("halden-bay.html");
    let raw = fs::read_to_string(&path).unwrap();
    let record = record_of(&["summarize", "--ratio", "1", "--format", "json", &path]);
    let article = record["text"].as_str().unwrap();
    assert_eq!(record["meta"]["site_name"], "Copydesk Wire");
    let (mut mapped, mut unmapped) = (0, 0);
    for sentence in record["sentences"].as_array().unwrap() {
        let text = sentence["text"].as_str().unwrap();
        let (start, end) = (
            sentence["start"].as_u64().unwrap() as usize,
            sentence["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&article[start..end], text);
        match (
            sentence["source_start"].as_u64(),
            sentence["source_end"].as_u64(),
        ) {
            (Some(s), Some(e)) => {
                mapped += 1;
                let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
                assert_eq!(words(&raw[s as usize..e as usize]), words(text));
            }
            _ => unmapped += 1,
        }
    }
    // Wrapped lines are found; the sentence with a link inside it and those with
    // `&amp;`-free but quote-encoded text may not be.
    assert!(mapped > 15, "{mapped} mapped, {unmapped} not");
    assert!(unmapped >= 1, "the sentence with a link inside cannot map");
}

#[test]
fn check_on_a_page_reports_lines_and_columns_of_the_page_file() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.html");
    let sentence = "The dredging contract will be awarded in the spring after an open tender.";
    let html = format!(
        "<!doctype html><html><head><title>Draft</title></head><body>\n<nav><a href=/>Home</a></nav>\n<article>\n<p>{sentence} The board met on Tuesday and approved the plan after a long hearing in the harbour hall.</p>\n<p>Officials said the vote was close.\n   {sentence}</p>\n<p>The port expects the first ships to use the new berths within three years of the start of work, officials said.</p>\n</article></body></html>\n"
    );
    fs::write(&draft, &html).unwrap();
    let output = run(
        &["check", "--format", "json", draft.to_str().unwrap()],
        None,
    );
    let report = json(&output);
    let record = &report["drafts"][0];
    assert!(record["text"].as_str().unwrap().contains(sentence));
    let repeated: Vec<&Value> = record["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "repeated_sentence")
        .collect();
    assert_eq!(repeated.len(), 1, "{record}");
    let finding = repeated[0];
    let (s, e) = (
        finding["source_start"].as_u64().unwrap() as usize,
        finding["source_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&html[s..e], sentence);
    let line = html[..s].matches('\n').count() + 1;
    assert_eq!(finding["line"].as_u64().unwrap() as usize, line);
    assert_eq!(line, 6);
    assert_eq!(finding["column"], 4);

    let text = run(&["check", draft.to_str().unwrap()], None);
    let expected = format!("{}:6:4: ", draft.display());
    assert!(stdout(&text).contains(&expected), "{}", stdout(&text));
}

#[test]
fn pages_in_jsonl_records_are_read_from_the_html_field() {
    let html = fs::read_to_string(fixture("pages/halden-bay.html")).unwrap();
    let records = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "p1", "html": html}),
        serde_json::json!({"id": "p2", "body": "no html here"})
    );
    let dir = folder(&[("crawl.jsonl", &records)]);
    let path = dir.path().join("crawl.jsonl");
    let output = run(
        &[
            "extract",
            "--format",
            "jsonl",
            "--html-field",
            "html",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "the record without html fails"
    );
    assert!(
        stderr(&output).contains(":2: no \"html\" field (see --html-field)"),
        "{}",
        stderr(&output)
    );
    let lines = jsonl(&output);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], "p1");
    assert!(lines[0]["text"].as_str().unwrap().starts_with("HALDEN BAY"));
}

#[test]
fn extracted_jsonl_feeds_the_other_commands() {
    let dir = folder(&[]);
    let pages = fixture("pages");
    let extracted = run(
        &["extract", "--format", "jsonl", pages.to_str().unwrap()],
        None,
    );
    let file = dir.path().join("articles.jsonl");
    fs::write(&file, &extracted.stdout).unwrap();
    let from_pages = record_of(&["summarize", "--format", "json", pages.to_str().unwrap()]);
    let from_records = record_of(&["summarize", "--format", "json", file.to_str().unwrap()]);
    let summaries = |v: &Value| -> Vec<Value> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["summary"].clone())
            .collect()
    };
    assert_eq!(summaries(&from_pages), summaries(&from_records));
    assert_eq!(from_records[1]["lang"], "en");
}

#[test]
fn folder_walks_take_web_pages_and_each_document_gets_its_language() {
    let report = record_of(&[
        "summarize",
        "--format",
        "json",
        fixture("pages").to_str().unwrap(),
    ]);
    let langs: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["lang"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["en", "en", "de"]);
    let forced = record_of(&[
        "summarize",
        "--lang",
        "fr",
        "--format",
        "json",
        fixture("pages").to_str().unwrap(),
    ]);
    assert!(forced.as_array().unwrap().iter().all(|r| r["lang"] == "fr"));
}

#[test]
fn hostile_pages_give_output_or_a_message_and_the_batch_goes_on() {
    let deep = format!(
        "<html><body>{}<p>Deep text here.</p></body></html>",
        "<div>".repeat(100_000)
    );
    let cut = {
        let full = fs::read_to_string(fixture("pages/halden-bay.html")).unwrap();
        full[..full.len() / 2].to_string()
    };
    let dir = folder(&[
        ("a-deep.html", &deep),
        ("b-cut.html", &cut),
        (
            "c-bad-charset.html",
            "<meta charset=\"no-such-charset\"><p>Plain words in a page.</p>",
        ),
        ("d-empty.html", ""),
        ("e-story.txt", "A real story. It has sentences."),
    ]);
    fs::write(
        dir.path().join("f-binary.html"),
        b"\x89PNG\r\n\x1a\n\0\0\0IHDR",
    )
    .unwrap();
    let output = run(
        &["extract", "--format", "jsonl", dir.path().to_str().unwrap()],
        None,
    );
    assert_eq!(output.status.code(), Some(2), "the binary file is an error");
    let ids: Vec<String> = jsonl(&output)
        .iter()
        .map(|r| {
            r["id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        ids,
        [
            "a-deep.html",
            "b-cut.html",
            "c-bad-charset.html",
            "d-empty.html",
            "e-story.txt"
        ]
    );
    assert!(
        stderr(&output).contains("f-binary.html: binary"),
        "{}",
        stderr(&output)
    );
    let cut_text = &jsonl(&output)[1]["text"];
    assert!(
        cut_text.as_str().unwrap().starts_with("HALDEN BAY"),
        "{cut_text}"
    );
}

#[test]
fn extract_refuses_a_page_nested_too_deep_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("deep.html");
    let html = format!("<html><body>{}<p>Text.</p>", "<ul><li>".repeat(100_000));
    fs::write(&page, html).unwrap();
    let output = run(
        &["extract", "--format", "jsonl", page.to_str().unwrap()],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let records = jsonl(&output);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["text"], "");
    assert!(
        stderr(&output).contains("nested too deep to parse safely"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_page_over_max_bytes_is_skipped_with_a_message() {
    let big = format!(
        "<html><body><p>{}</p></body></html>",
        "word ".repeat(400_000)
    );
    let dir = folder(&[
        ("big.html", &big),
        ("small.html", "<p>Small page text.</p>"),
    ]);
    let output = run(
        &[
            "extract",
            "--max-bytes",
            "1000000",
            "--format",
            "jsonl",
            dir.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("big.html: larger than 1000000 bytes"),
        "{}",
        stderr(&output)
    );
    assert_eq!(jsonl(&output).len(), 1);
}

#[test]
fn an_archive_of_pages_keeps_each_article_s_title_and_language() {
    let dir = folder(&[]);
    let db = dir.path().join("archive.cdx");
    let built = support::index_build(&fixture("pages"), &db);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let check = |draft: &str| -> Vec<Value> {
        let report = json(&run(
            &[
                "check",
                "--format",
                "json",
                "--index",
                db.to_str().unwrap(),
                draft,
            ],
            None,
        ));
        support::findings_of(&report)
            .into_iter()
            .filter(|f| !f["archive"].is_null())
            .collect()
    };
    let english = check(fixture("wire-story.txt").to_str().unwrap());
    let copy = english
        .iter()
        .find(|f| {
            f["archive"]["id"]
                .as_str()
                .unwrap()
                .ends_with("halden-bay.html")
        })
        .expect("the story is traced to its page");
    assert_eq!(copy["archive"]["lang"], "en");
    assert_eq!(
        copy["archive"]["title"],
        "Halden Bay port authority approves $1.2bn harbour expansion"
    );
    let german = check(&page("nordstrand-hafen.html"));
    assert!(
        german.iter().any(|f| f["archive"]["lang"] == "de"),
        "{german:?}"
    );
}
