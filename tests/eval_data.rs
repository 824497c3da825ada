//! Checks on the evaluation data beside the checkout (`../shared/eval`,
//! `../shared/fixtures`, `../shared/schemas`), which the repository does not ship.
//!
//! Without the data a check is reported as ignored, naming the file it needs; with
//! `COPYDESK_EVAL_DATA=required` (CI sets it) the check fails instead, so missing
//! data can never pass for a green run. libtest decides what is ignored when the tests
//! are compiled, which would go stale when the data appears or goes; this file has its
//! own harness (libtest-mimic) that decides at each run, with libtest's output, filters
//! and flags.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use serde_json::Value;
use unicode_segmentation::UnicodeSegmentation;

mod support;
use support::{
    archive_folder, findings_of, fixture, index_build, json, run, sentence_texts, stderr,
};

/// A check on the evaluation data, and the files under `../shared` it reads (handed
/// to it in that order).
struct DataCheck {
    name: &'static str,
    needs: &'static [&'static str],
    check: fn(&[PathBuf]),
}

const CHECKS: &[DataCheck] = &[
    DataCheck {
        name: "sentence_boundaries_reach_f1_098_on_bbc_gold",
        needs: &["eval/bbc-sentences-dev.jsonl"],
        check: sentence_boundaries_reach_f1_098_on_bbc_gold,
    },
    DataCheck {
        name: "default_summaries_beat_the_peers_on_both_dev_sets",
        needs: &["eval/bbc-summaries-dev.jsonl", "eval/cnndm-dev.jsonl"],
        check: default_summaries_beat_the_peers_on_both_dev_sets,
    },
    DataCheck {
        name: "briefing_article_summary_keeps_the_lede_once",
        needs: &["fixtures/niger-russia.txt"],
        check: briefing_article_summary_keeps_the_lede_once,
    },
    DataCheck {
        name: "check_finds_the_phrases_the_briefing_article_repeats",
        needs: &["fixtures/niger-russia.txt"],
        check: check_finds_the_phrases_the_briefing_article_repeats,
    },
    DataCheck {
        name: "check_traces_edited_and_pasted_drafts_to_their_bbc_article",
        needs: &["eval/bbc-summaries-dev.jsonl"],
        check: check_traces_edited_and_pasted_drafts_to_their_bbc_article,
    },
    DataCheck {
        name: "extraction_reaches_f1_097_on_the_dev_pages",
        needs: &["eval/html-dev/ground-truth.jsonl"],
        check: extraction_reaches_f1_097_on_the_dev_pages,
    },
    DataCheck {
        name: "check_sarif_report_is_valid_sarif_2_1_0",
        needs: &["schemas/sarif-schema-2.1.0.json"],
        check: check_sarif_report_is_valid_sarif_2_1_0,
    },
];

/// What a run does when data is absent, from `COPYDESK_EVAL_DATA`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Absent {
    /// Unset, empty or `optional`: the check is ignored.
    Ignore,
    /// `required`: the check fails.
    Fail,
}

const VARIABLE: &str = "COPYDESK_EVAL_DATA";

fn absent_policy() -> Result<Absent, String> {
    match std::env::var(VARIABLE) {
        Err(std::env::VarError::NotPresent) => Ok(Absent::Ignore),
        Ok(value) if value.is_empty() || value == "optional" => Ok(Absent::Ignore),
        Ok(value) if value == "required" => Ok(Absent::Fail),
        Ok(value) => Err(format!(
            "{VARIABLE}={value:?}: expected `required` or `optional`"
        )),
        Err(err) => Err(format!("{VARIABLE}: {err}")),
    }
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let policy = absent_policy();
    let trials = CHECKS
        .iter()
        .map(|check| trial(check, policy.clone()))
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

/// The data folder beside the checkout.
fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// Runs `check` when its files are there; otherwise ignores it or fails, as `policy`
/// says. A bad `policy` fails every check, so a typo cannot turn CI's requirement off.
fn trial(check: &'static DataCheck, policy: Result<Absent, String>) -> Trial {
    Trial::ignorable_test(check.name, move || {
        let policy = policy.map_err(Failed::from)?;
        let paths: Vec<PathBuf> = check.needs.iter().map(|p| shared_dir().join(p)).collect();
        if let Some(missing) = check.needs.iter().zip(&paths).find(|(_, p)| !p.is_file()) {
            let reason = format!("needs ../shared/{} beside the checkout", missing.0);
            return match policy {
                Absent::Ignore => Ok(Completion::ignored_with(reason)),
                Absent::Fail => Err(format!("{reason} ({VARIABLE}=required)").into()),
            };
        }
        (check.check)(&paths);
        Ok(Completion::Completed)
    })
}

/// `copydesk extract` on the 60 dev pages, scored by `benches/extraction_f1.py` (the
/// benchmark's 4-gram shingle F1): at least 0.97, where Python trafilatura's published
/// output scores 0.975 and Readability.js 0.953.
fn extraction_reaches_f1_097_on_the_dev_pages(paths: &[PathBuf]) {
    let data = paths[0].parent().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/extraction_f1.py");
    let command = format!("{} extract --format jsonl", env!("CARGO_BIN_EXE_copydesk"));
    let output = std::process::Command::new("python3")
        .arg(&script)
        .args(["--command", &command, "--bootstrap", "100", "--data"])
        .arg(data)
        .output()
        .expect("python3 runs the scorer");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let field = |name: &str| -> f64 {
        let after = report
            .split(&format!("{name} "))
            .nth(1)
            .expect("scorer prints it");
        after.split_whitespace().next().unwrap().parse().unwrap()
    };
    assert!(report.contains("missing=0"), "{report}");
    assert!(field("F1") >= 0.97, "{report}");
}

/// Byte offsets where gold sentences end, found in order in the text.
fn gold_boundaries(text: &str, sentences: &[Value]) -> Vec<usize> {
    let mut position = 0;
    let total = text.trim_end().len();
    let mut ends = Vec::new();
    for sentence in sentences {
        let sentence = sentence.as_str().unwrap().trim();
        let start = position + text[position..].find(sentence).expect("gold is verbatim");
        position = start + sentence.len();
        if position < total {
            ends.push(position);
        }
    }
    ends
}

fn sentence_boundaries_reach_f1_098_on_bbc_gold(data: &[PathBuf]) {
    let path = &data[0];
    let (mut hits, mut predicted, mut gold) = (0, 0, 0);
    for line in fs::read_to_string(path).unwrap().lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        let text = record["text"].as_str().unwrap();
        let want = gold_boundaries(text, record["sentences"].as_array().unwrap());
        let total = text.trim_end().len();
        let got: Vec<usize> = copydesk::text::segment(text, copydesk::text::TextFormat::Plain)
            .sentences
            .iter()
            .map(|s| s.span.end)
            .filter(|&end| end < total)
            .collect();
        hits += got.iter().filter(|end| want.contains(end)).count();
        predicted += got.len();
        gold += want.len();
    }
    let precision = hits as f64 / predicted as f64;
    let recall = hits as f64 / gold as f64;
    let f1 = 2.0 * precision * recall / (precision + recall);
    assert!(f1 >= 0.98, "P {precision:.4} R {recall:.4} F1 {f1:.4}");
}

fn eval_f1(data: &Path, extra: &[&str]) -> (f64, f64) {
    let mut args = vec!["eval", data.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let output = run(&args, None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let scores = json(&output);
    let f1 = |m: &str| scores[m]["f1"].as_f64().unwrap() * 100.0;
    (f1("rouge1"), f1("rouge2"))
}

fn default_summaries_beat_the_peers_on_both_dev_sets(data: &[PathBuf]) {
    let (bbc, cnndm) = (&data[0], &data[1]);
    let (r1, r2) = eval_f1(bbc, &["--sentences-from-reference"]);
    assert!(r1 >= 81.0 && r2 > 73.46, "BBC R1 {r1:.2} R2 {r2:.2}");
    let (r1, r2) = eval_f1(cnndm, &["-n", "3"]);
    assert!(r1 >= 29.5 && r2 >= 11.1, "CNN/DM R1 {r1:.2} R2 {r2:.2}");
}

fn briefing_article_summary_keeps_the_lede_once(data: &[PathBuf]) {
    let path = &data[0];
    let output = run(
        &["summarize", path.to_str().unwrap(), "--format", "json"],
        None,
    );
    let record = json(&output);
    let texts = sentence_texts(&record);
    assert_eq!(texts.len(), 3);
    assert!(
        texts[0].starts_with("Niger welcomed a contingent"),
        "{texts:?}"
    );
    // No two chosen sentences restate each other: few content words in common.
    let words = |s: &str| -> std::collections::HashSet<String> {
        s.unicode_words()
            .filter(|w| w.len() > 3)
            .map(str::to_lowercase)
            .collect()
    };
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            let (a, b) = (words(a), words(b));
            let shared = a.intersection(&b).count() as f64;
            assert!(
                shared / (a.len().min(b.len()) as f64) < 0.5,
                "{a:?} / {b:?}"
            );
        }
    }
}

fn check_finds_the_phrases_the_briefing_article_repeats(data: &[PathBuf]) {
    let path = &data[0];
    let output = run(&["check", path.to_str().unwrap(), "--format", "json"], None);
    let found = findings_of(&json(&output));
    let phrases: Vec<&str> = found
        .iter()
        .filter(|f| f["kind"] == "repeated_phrase")
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert!(phrases.contains(&"collaboration with international partners like Russia"));
    assert!(phrases.contains(&"Niger seeks to enhance its"));
    assert!(found.iter().any(|f| f["kind"] == "redundant_paragraphs"));
}

fn check_traces_edited_and_pasted_drafts_to_their_bbc_article(data: &[PathBuf]) {
    let data = &data[0];
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bbc.db");
    let build = index_build(data, &db);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let records: Vec<Value> = fs::read_to_string(data)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let new_text = fs::read_to_string(fixture("draft.md")).unwrap();
    let mut state: u64 = 7;
    for record in records.iter().step_by(271) {
        let id = record["id"].as_str().unwrap();
        let text = record["text"].as_str().unwrap();
        // Edit 15% of the words (a fixed pseudo-random choice of them).
        let edited: Vec<String> = text
            .split(' ')
            .map(|word| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if (state >> 33) % 100 < 15 {
                    "changed".to_string()
                } else {
                    word.to_string()
                }
            })
            .collect();
        let paragraphs: Vec<&str> = text
            .split("\n\n")
            .filter(|p| p.split(' ').count() >= 8)
            .collect();
        let pasted = format!(
            "{new_text}\n\n{}\n\n{}\n",
            paragraphs[0],
            paragraphs[paragraphs.len() - 1]
        );
        for draft in [edited.join(" "), pasted] {
            let output = run(
                &["check", "--index", db.to_str().unwrap(), "--format", "json"],
                Some(draft.as_bytes()),
            );
            let found = findings_of(&json(&output));
            let ids: Vec<&str> = found
                .iter()
                .filter_map(|f| f["archive"]["id"].as_str())
                .collect();
            assert!(ids.contains(&id), "{id} not named: {found:?}");
        }
    }
    let output = run(
        &["check", "--index", db.to_str().unwrap(), "--format", "json"],
        Some(new_text.as_bytes()),
    );
    let found = findings_of(&json(&output));
    assert!(
        found.iter().all(|f| f["archive"].is_null()),
        "unrelated draft: {found:?}"
    );
}

fn check_sarif_report_is_valid_sarif_2_1_0(data: &[PathBuf]) {
    let schema: Value = serde_json::from_str(&fs::read_to_string(&data[0]).unwrap()).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("the schema compiles");
    let archive = archive_folder();
    let drafts = [fixture("repetitive.txt"), fixture("wire-story-rewrite.txt")];
    let output = run(
        &[
            "check",
            drafts[0].to_str().unwrap(),
            drafts[1].to_str().unwrap(),
            "--against",
            archive.path().to_str().unwrap(),
            "--format",
            "sarif",
        ],
        None,
    );
    let log = json(&output);
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "severe".into();
    assert!(validator.iter_errors(&broken).next().is_some());
    let results = log["runs"][0]["results"].as_array().unwrap();
    let rules: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"repeated_phrase") && rules.contains(&"overlap"),
        "{rules:?}"
    );
    let uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("fixtures/repetitive.txt"), "{uri}");
}
