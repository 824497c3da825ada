//! `copydesk dedup`: near-duplicate documents and recurring paragraphs, with exact
//! figures checked against shingles computed here independently.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

mod support;
use support::{bin, fixture, folder, json, many_articles, records_of, run, stderr, stdout};

/// Jaccard similarity of the sets of `n`-word shingles, a word being a lowercased run
/// of letters and digits (as the README defines dedup's words).
fn shingle_jaccard(a: &str, b: &str, n: usize) -> f64 {
    let shingles = |text: &str| -> std::collections::HashSet<Vec<String>> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        words.windows(n).map(<[String]>::to_vec).collect()
    };
    let (a, b) = (shingles(a), shingles(b));
    a.intersection(&b).count() as f64 / a.union(&b).count() as f64
}

#[test]
fn dedup_finds_the_rewrite_with_exact_figures() {
    let story = fs::read_to_string(fixture("wire-story.txt")).unwrap();
    let rewrite = fs::read_to_string(fixture("wire-story-rewrite.txt")).unwrap();
    let other = fs::read_to_string(fixture("repetitive.txt")).unwrap();
    let dir = folder(&[("a.txt", &story), ("b.txt", &other), ("c.txt", &rewrite)]);
    let path = dir.path().to_str().unwrap();
    let output = run(
        &["dedup", path, "--threshold", "0.5", "--format", "jsonl"],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pairs = records_of(&output, "pair");
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert!(pairs[0]["a"].as_str().unwrap().ends_with("a.txt"));
    assert!(pairs[0]["b"].as_str().unwrap().ends_with("c.txt"));
    let jaccard = pairs[0]["jaccard"].as_f64().unwrap();
    assert!((0.5..0.9).contains(&jaccard), "{jaccard}");
    // Exact, not a MinHash estimate: the Jaccard of the two texts' 5-word shingles.
    let expected = shingle_jaccard(&story, &rewrite, 5);
    assert!((jaccard - expected).abs() < 1e-9, "{jaccard} vs {expected}");
    let header = &records_of(&output, "header")[0];
    assert_eq!(header["ngram"], 5);
    assert_eq!(records_of(&output, "summary")[0]["duplicates"], 1);

    let strict = run(&["dedup", path, "--format", "json"], None);
    let report = json(&strict);
    assert_eq!(
        report["pairs"].as_array().unwrap().len(),
        0,
        "not a near-copy at 0.8"
    );
    assert_eq!(report["summary"]["documents"], 3);
}

#[test]
fn dedup_lsh_agrees_with_exact_and_empty_texts_are_never_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    many_articles(dir.path(), 60);
    fs::write(dir.path().join("empty1.txt"), "").unwrap();
    fs::write(dir.path().join("empty2.txt"), " ...\n").unwrap();
    let path = dir.path().to_str().unwrap();
    let pairs = |extra: &[&str]| -> Vec<(String, String)> {
        let mut args = vec!["dedup", path, "--format", "jsonl", "--threshold", "0.6"];
        args.extend_from_slice(extra);
        let output = run(&args, None);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        records_of(&output, "pair")
            .iter()
            .map(|p| (p["a"].to_string(), p["b"].to_string()))
            .collect()
    };
    let exact = pairs(&["--exact"]);
    assert!(!exact.is_empty());
    assert_eq!(pairs(&[]), exact);
    assert!(exact
        .iter()
        .all(|(a, b)| !a.contains("empty") && !b.contains("empty")));
}

#[test]
fn dedup_containment_catches_a_piece_pasted_into_a_longer_article() {
    let story = fs::read_to_string(fixture("wire-story.txt")).unwrap();
    let other = fs::read_to_string(fixture("repetitive.txt")).unwrap();
    let piece: String = story
        .split("\n\n")
        .skip(1)
        .take(3)
        .collect::<Vec<_>>()
        .join("\n\n");
    let long = format!("{other}\n\n{piece}");
    let dir = folder(&[("long.txt", &long), ("piece.txt", &piece)]);
    let path = dir.path().to_str().unwrap();
    let plain = run(&["dedup", path, "--format", "jsonl"], None);
    assert!(records_of(&plain, "pair").is_empty());
    let output = run(
        &["dedup", path, "--containment", "0.9", "--format", "jsonl"],
        None,
    );
    let pairs = records_of(&output, "pair");
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0]["containment_b_in_a"].as_f64().unwrap(), 1.0);
    assert!(pairs[0]["jaccard"].as_f64().unwrap() < 0.8);
}

#[test]
fn dedup_reports_recurring_paragraphs_with_locations() {
    let boiler = "The Copydesk Wire is an independent newsroom; our reporting is free to \
                  republish with credit under the licence on our site.";
    let a = format!("Harbour approved today after a long hearing.\n\n{boiler}\n");
    let b = format!("Farm council meets in the spring to plan new grain stores.\n\n{boiler}\n");
    let dir = folder(&[("a.txt", &a), ("b.txt", &b)]);
    let output = run(
        &[
            "dedup",
            dir.path().to_str().unwrap(),
            "--paragraphs",
            "--format",
            "json",
        ],
        None,
    );
    let report = json(&output);
    let groups = report["paragraph_groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["size"], 2);
    for location in groups[0]["locations"].as_array().unwrap() {
        let text = fs::read_to_string(location["document"].as_str().unwrap()).unwrap();
        let (start, end) = (
            location["start"].as_u64().unwrap(),
            location["end"].as_u64().unwrap(),
        );
        assert_eq!(&text[start as usize..end as usize], boiler);
        assert_eq!(location["paragraph"], 1);
        assert_eq!(location["similarity"], 1.0, "the same words");
    }
}

const FERRY: &str = "Emergency crews said 42 people were taken to hospital after the \
    ferry struck the harbour wall in heavy fog early on Sunday morning, and the coast guard \
    closed the port until further notice.";

/// Three stories carrying the ferry paragraph: verbatim, with a figure changed, and
/// with the figure and a name changed (too far from the first to be linked to it
/// directly); a fourth shares only stock words with it.
fn ferry_stories() -> tempfile::TempDir {
    let figure = FERRY.replace("42", "57");
    let name = figure.replace("Emergency crews", "Mayor Ingrid Solberg");
    folder(&[
        (
            "a.txt",
            &format!("Storm on the coast overnight.\n\n{FERRY}\n"),
        ),
        (
            "b.txt",
            &format!("{figure}\n\nThe ministry will report on it next week.\n"),
        ),
        ("c.txt", &format!("Fog again.\n\n{name}\n")),
        (
            "d.txt",
            "The coach said on Sunday that the team was one of the best in the league \
             and that the club would be taken to the final by the end of the season.\n",
        ),
    ])
}

#[test]
fn dedup_groups_near_copies_of_a_paragraph_with_exact_similarities_to_the_first() {
    let dir = ferry_stories();
    let path = dir.path().to_str().unwrap();
    let output = run(&["dedup", path, "--paragraphs", "--format", "jsonl"], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let groups = records_of(&output, "paragraph_group");
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0]["size"], 3);
    let locations = groups[0]["locations"].as_array().unwrap();
    let texts: Vec<String> = locations
        .iter()
        .map(|l| {
            let text = fs::read_to_string(l["document"].as_str().unwrap()).unwrap();
            let (start, end) = (l["start"].as_u64().unwrap(), l["end"].as_u64().unwrap());
            text[start as usize..end as usize].to_string()
        })
        .collect();
    assert_eq!(texts[0], FERRY);
    let documents: Vec<&str> = locations
        .iter()
        .map(|l| l["document"].as_str().unwrap())
        .collect();
    assert!(documents[0].ends_with("a.txt") && documents[2].ends_with("c.txt"));
    assert_eq!(
        locations
            .iter()
            .map(|l| l["paragraph"].clone())
            .collect::<Vec<_>>(),
        vec![1, 0, 1]
    );
    // Exact figures: the Jaccard of word-pair shingles, computed here independently.
    let similarities: Vec<f64> = locations
        .iter()
        .map(|l| l["similarity"].as_f64().unwrap())
        .collect();
    assert_eq!(similarities[0], 1.0);
    for (similarity, text) in similarities.iter().zip(&texts).skip(1) {
        let expected = shingle_jaccard(FERRY, text, 2);
        assert!(
            (similarity - expected).abs() < 1e-12,
            "{similarity} vs {expected}"
        );
    }
    // The figure change is a near copy of the first; the name change on top of it is
    // a near copy of the second only, linked through it, and says so by its figure.
    assert!((0.8..1.0).contains(&similarities[1]), "{similarities:?}");
    assert!(similarities[2] < 0.8, "{similarities:?}");
    assert!(shingle_jaccard(&texts[1], &texts[2], 2) >= 0.8);
    let header = &records_of(&output, "header")[0];
    assert_eq!(header["paragraphs"]["threshold"], 0.8);
    assert_eq!(header["paragraphs"]["ngram"], 2);
    assert_eq!(header["ngram"], 5, "documents keep their own shingles");
    assert_eq!(records_of(&output, "summary")[0]["paragraph_groups"], 1);
}

#[test]
fn dedup_paragraph_threshold_decides_which_near_copies_are_grouped() {
    let dir = ferry_stories();
    let path = dir.path().to_str().unwrap();
    let strict = run(
        &[
            "dedup",
            path,
            "--paragraphs",
            "--paragraph-threshold",
            "0.95",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(strict.status.code(), Some(0), "{}", stderr(&strict));
    let report = json(&strict);
    assert_eq!(report["paragraph_groups"].as_array().unwrap().len(), 0);
    assert_eq!(report["header"]["paragraphs"]["threshold"], 0.95);
    for bad in ["0", "1.5", "often"] {
        let refused = run(
            &["dedup", path, "--paragraphs", "--paragraph-threshold", bad],
            None,
        );
        assert_eq!(refused.status.code(), Some(2), "{bad}");
        assert!(stderr(&refused).contains("--paragraph-threshold"), "{bad}");
    }
}

#[test]
fn dedup_text_shows_the_similarity_of_near_copies_only() {
    let dir = ferry_stories();
    let output = run(
        &["dedup", dir.path().to_str().unwrap(), "--paragraphs"],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].contains("a.txt") && !lines[0].contains("similarity"),
        "{text}"
    );
    assert!(
        lines[1].contains("b.txt") && lines[1].contains(", similarity 0."),
        "{text}"
    );
    assert!(text.contains("1 repeated paragraph(s)"), "{text}");
}

#[test]
fn dedup_paragraph_groups_are_the_same_with_one_or_four_threads() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let variant = FERRY.replace("42", &(i % 23).to_string());
        let text = format!("Story {i} opens with its own line of words here.\n\n{variant}\n");
        fs::write(dir.path().join(format!("{i:03}.txt")), text).unwrap();
    }
    let outputs: Vec<Vec<u8>> = ["1", "4"]
        .iter()
        .map(|threads| {
            let out = bin()
                .args(["dedup", "--paragraphs", "--format", "jsonl"])
                .arg(dir.path())
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0));
            out.stdout
        })
        .collect();
    assert!(outputs[0] == outputs[1], "thread count changed the output");
    let groups: Vec<Value> = String::from_utf8_lossy(&outputs[0])
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["type"] == "paragraph_group")
        .collect();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["size"], 300);
}

#[test]
fn dedup_verifies_pairs_from_words_spilled_to_the_temp_dir() {
    let dir = tempfile::tempdir().unwrap();
    many_articles(dir.path(), 40);
    let path = dir.path().to_str().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let dedup = |threads: &str, temp_dir: &Path| -> Output {
        bin()
            .args(["dedup", path, "--format", "jsonl", "--threshold", "0.3"])
            .args(["--containment", "0.5", "--threads", threads, "--temp-dir"])
            .arg(temp_dir)
            .output()
            .unwrap()
    };
    let output = dedup("1", temp.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let pairs = records_of(&output, "pair");
    assert!(pairs.len() > 10, "{}", pairs.len());
    // The figures equal those computed from the texts in memory.
    for pair in &pairs {
        let text = |key: &str| fs::read_to_string(pair[key].as_str().unwrap()).unwrap();
        let expected = shingle_jaccard(&text("a"), &text("b"), 5);
        let jaccard = pair["jaccard"].as_f64().unwrap();
        assert!((jaccard - expected).abs() < 1e-9, "{jaccard} vs {expected}");
    }
    assert_eq!(
        fs::read_dir(temp.path()).unwrap().count(),
        0,
        "the temporary file has no name and is gone"
    );
    let other_temp = tempfile::tempdir().unwrap();
    assert!(
        dedup("4", other_temp.path()).stdout == output.stdout,
        "another temp dir or thread count changed the output"
    );
}

#[test]
fn dedup_refuses_a_temp_dir_that_does_not_exist() {
    let dir = folder(&[("a.txt", "a few words in a file")]);
    let path = dir.path().to_str().unwrap();
    let missing = "/nonexistent/copydesk-temp";
    let named = run(&["dedup", path, "--temp-dir", missing], None);
    assert_eq!(named.status.code(), Some(2));
    assert!(stdout(&named).is_empty());
    let message = stderr(&named);
    assert!(
        message.contains("cannot create a temporary file in /nonexistent/copydesk-temp"),
        "{message}"
    );
    let by_default = bin()
        .args(["dedup", path])
        .env("TMPDIR", missing)
        .output()
        .unwrap();
    assert_eq!(by_default.status.code(), Some(2), "TMPDIR is the default");
    assert!(stderr(&by_default).contains(missing));
}
