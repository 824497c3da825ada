//! `copydesk eval`: ROUGE scores of copydesk, the lead baseline or another system's
//! summaries, and the coverage counts that make a partial run fail.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::Value;

mod support;
use support::{json, jsonl, records_of, run, stderr, stdout, write_jsonl};

#[test]
fn eval_scores_copydesk_and_the_lead_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Storms hit the coast on Monday. Fishing boats stayed in port. \
                The mayor praised the rescue crews. Schools will reopen on Friday.";
    let data = write_jsonl(
        dir.path(),
        "data.jsonl",
        &[
            serde_json::json!({"id": "a", "text": text, "summary": "Storms hit the coast on Monday."}),
        ],
    );
    let output = run(
        &[
            "eval",
            data.to_str().unwrap(),
            "--algorithm",
            "lead",
            "-n",
            "1",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let scores = json(&output);
    assert_eq!(scores["documents"], 1);
    assert_eq!(scores["coverage"]["references"], 1);
    assert_eq!(scores["coverage"]["missing"], 0);
    for measure in ["rouge1", "rouge2", "rougeL"] {
        assert_eq!(scores[measure]["f1"].as_f64().unwrap(), 1.0, "{measure}");
    }
    let output = run(
        &[
            "eval",
            data.to_str().unwrap(),
            "--sentences-from-reference",
            "--format",
            "jsonl",
        ],
        None,
    );
    let lines = jsonl(&output);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["type"], "document");
    assert_eq!(lines[0]["sentences"], 1);
    assert_eq!(lines[1]["type"], "average");
}

#[test]
fn eval_scores_another_systems_summaries_matched_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let references = write_jsonl(
        dir.path(),
        "ref.jsonl",
        &[
            serde_json::json!({"id": "a", "summary": "the cat sat on the mat"}),
            serde_json::json!({"id": "b", "summary": "dogs bark"}),
        ],
    );
    let system = write_jsonl(
        dir.path(),
        "sys.jsonl",
        &[
            serde_json::json!({"id": "b", "summary": "dogs bark"}),
            serde_json::json!({"id": "a", "summary": "the cat lay on the mat"}),
            serde_json::json!({"id": "zzz", "summary": "nothing to match"}),
        ],
    );
    let output = run(
        &[
            "eval",
            "--system",
            system.to_str().unwrap(),
            "--reference",
            references.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2), "an unmatched id is an error");
    assert!(stderr(&output).contains("zzz"));
    let scores = json(&output);
    assert_eq!(scores["documents"], 2);
    assert_eq!(scores["coverage"]["unmatched"], 1);
    assert_eq!(
        scores["coverage"]["unmatched_ids"],
        serde_json::json!(["zzz"])
    );
    assert_eq!(scores["coverage"]["missing"], 0);
    let r1 = scores["rouge1"]["f1"].as_f64().unwrap();
    assert!((r1 - (1.0 + 5.0 / 6.0) / 2.0).abs() < 1e-9, "{r1}");
}

/// Runs `eval --system` on `system` against `references` (JSON records), with `extra`
/// arguments; the files are `sys.jsonl` and `ref.jsonl` in `dir`.
fn eval_system(dir: &Path, system: &[Value], references: &[Value], extra: &[&str]) -> Output {
    let system = write_jsonl(dir, "sys.jsonl", system);
    let references = write_jsonl(dir, "ref.jsonl", references);
    let mut args = vec![
        "eval",
        "--system",
        system.to_str().unwrap(),
        "--reference",
        references.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args, None)
}

/// The first number after each label of the text report's lines (`documents  1 of 2`).
fn text_counts(output: &Output) -> std::collections::HashMap<String, u64> {
    stdout(output)
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let label = words.next()?;
            let count = words.next()?.parse().ok()?;
            Some((label.to_string(), count))
        })
        .collect()
}

fn two_references() -> Vec<Value> {
    vec![
        serde_json::json!({"id": "a", "summary": "the cat sat on the mat"}),
        serde_json::json!({"id": "b", "summary": "dogs bark at night"}),
    ]
}

#[test]
fn eval_that_scores_nothing_fails() {
    let dir = tempfile::tempdir().unwrap();
    let output = eval_system(dir.path(), &[], &[], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("nothing was scored"),
        "{}",
        stderr(&output)
    );
    let empty = dir.path().join("empty.jsonl");
    fs::write(&empty, "").unwrap();
    let output = run(&["eval", empty.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
}

#[test]
fn eval_fails_when_a_reference_has_no_system_summary() {
    let dir = tempfile::tempdir().unwrap();
    let system = [serde_json::json!({"id": "a", "summary": "the cat sat on the mat"})];
    let output = eval_system(
        dir.path(),
        &system,
        &two_references(),
        &["--format", "json"],
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "one of two scored is an error"
    );
    let message = stderr(&output);
    assert!(message.contains("ref.jsonl"), "{message}");
    assert!(message.contains("\"b\""), "{message}");
    assert!(message.contains("--allow-missing"), "{message}");
    let scores = json(&output);
    assert_eq!(scores["documents"], 1);
    let coverage = &scores["coverage"];
    assert_eq!(coverage["references"], 2);
    assert_eq!(coverage["systems"], 1);
    assert_eq!(coverage["missing"], 1);
    assert_eq!(coverage["missing_ids"], serde_json::json!(["b"]));

    let output = eval_system(dir.path(), &system, &two_references(), &[]);
    assert_eq!(output.status.code(), Some(2));
    let counts = text_counts(&output);
    assert_eq!(counts["documents"], 1, "{}", stdout(&output));
    assert_eq!(counts["missing"], 1, "{}", stdout(&output));
    assert!(stdout(&output).contains("1 of 2 references"));

    let output = eval_system(
        dir.path(),
        &system,
        &two_references(),
        &["--format", "jsonl"],
    );
    assert_eq!(output.status.code(), Some(2));
    let average = records_of(&output, "average");
    assert_eq!(average.len(), 1);
    assert_eq!(
        average[0]["coverage"]["missing_ids"],
        serde_json::json!(["b"])
    );
}

#[test]
fn eval_allow_missing_scores_the_matched_documents_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let system = [serde_json::json!({"id": "a", "summary": "the cat sat on the mat"})];
    let args = ["--allow-missing", "--format", "jsonl"];
    let output = eval_system(dir.path(), &system, &two_references(), &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let documents = records_of(&output, "document");
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["id"], "a");
    let average = &records_of(&output, "average")[0];
    assert_eq!(average["documents"], 1);
    assert_eq!(average["coverage"]["missing"], 1);
    assert_eq!(average["coverage"]["missing_ids"], serde_json::json!(["b"]));
    assert_eq!(average["rouge1"]["f1"].as_f64().unwrap(), 1.0);

    let output = eval_system(dir.path(), &system, &two_references(), &["--allow-missing"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(text_counts(&output)["missing"], 1, "{}", stdout(&output));

    // Nothing matched at all is still an error: there is no score to give.
    let output = eval_system(dir.path(), &[], &two_references(), &["--allow-missing"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("nothing was scored"),
        "{}",
        stderr(&output)
    );

    // The flag belongs to --system: DATA records carry their own reference.
    let output = run(&["eval", "data.jsonl", "--allow-missing"], None);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn eval_refuses_an_id_given_twice_in_the_system_file() {
    let dir = tempfile::tempdir().unwrap();
    let system = [
        serde_json::json!({"id": "a", "summary": "the cat sat on the mat"}),
        serde_json::json!({"id": "b", "summary": "dogs bark at night"}),
        serde_json::json!({"id": "a", "summary": "something else entirely"}),
    ];
    let output = eval_system(
        dir.path(),
        &system,
        &two_references(),
        &["--format", "json"],
    );
    assert_eq!(output.status.code(), Some(2), "a repeated id is an error");
    let message = stderr(&output);
    assert!(message.contains("sys.jsonl:3:"), "{message}");
    assert!(
        message.contains("\"a\"") && message.contains("line 1"),
        "{message}"
    );
    let scores = json(&output);
    assert_eq!(scores["documents"], 2, "the id is scored once");
    assert_eq!(
        scores["rouge1"]["f1"].as_f64().unwrap(),
        1.0,
        "the first is scored"
    );
    let coverage = &scores["coverage"];
    assert_eq!(coverage["duplicates"], 1);
    assert_eq!(coverage["systems"], 2);
    assert_eq!(
        coverage["duplicate_records"],
        serde_json::json!([{"file": "system", "id": "a", "first_line": 1, "line": 3}])
    );
    let output = eval_system(dir.path(), &system, &two_references(), &["--allow-missing"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "--allow-missing excuses no repeat"
    );
    assert_eq!(text_counts(&output)["duplicates"], 1, "{}", stdout(&output));
}

#[test]
fn eval_refuses_an_id_given_twice_in_the_reference_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut references = two_references();
    references.push(serde_json::json!({"id": "b", "summary": "a different reference"}));
    let system = [
        serde_json::json!({"id": "a", "summary": "the cat sat on the mat"}),
        serde_json::json!({"id": "b", "summary": "dogs bark at night"}),
    ];
    let output = eval_system(dir.path(), &system, &references, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(2), "a repeated id is an error");
    assert!(
        stderr(&output).contains("ref.jsonl:3:"),
        "{}",
        stderr(&output)
    );
    let scores = json(&output);
    assert_eq!(scores["documents"], 2);
    assert_eq!(scores["coverage"]["references"], 2);
    assert_eq!(
        scores["coverage"]["duplicate_records"][0]["file"],
        "reference"
    );
    assert_eq!(
        scores["rouge1"]["f1"].as_f64().unwrap(),
        1.0,
        "the first is used"
    );
}
