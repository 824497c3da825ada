//! CLI integration tests: the real binary on the project's fixtures. JSON output is
//! parsed, never compared as strings.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use serde_json::Value;
use unicode_segmentation::UnicodeSegmentation;

mod support;
use support::{
    archive_folder, bin, findings_of, fixture, folder, index_build, json, jsonl, run, stderr,
    stdout,
};

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
fn piped_stdin_and_dash_read_the_same_text() {
    let text = fs::read(fixture("wire-story.txt")).unwrap();
    let implicit = run(&["summarize"], Some(&text));
    let dash = run(&["summarize", "-"], Some(&text));
    assert_eq!(implicit.status.code(), Some(0));
    assert_eq!(implicit.stdout, dash.stdout);
    assert_eq!(stdout(&implicit).lines().count(), 3);
}

#[test]
fn folders_are_walked_in_sorted_order_with_headers() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b.txt", "a.txt", "sub/c.md", "skip.bin"] {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "The first sentence is here. The second one follows.").unwrap();
    }
    let output = run(
        &["summarize", "-n", "1", dir.path().to_str().unwrap()],
        None,
    );
    let text = stdout(&output);
    let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("==> ")).collect();
    let names: Vec<String> = headers
        .iter()
        .map(|h| Path::new(h.trim_start_matches("==> ").trim_end_matches(" <==")).to_path_buf())
        .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    assert_eq!(names, vec!["a.txt", "b.txt", "sub/c.md"]);

    let output = run(
        &[
            "summarize",
            "--format",
            "json",
            dir.path().to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        json(&output).as_array().unwrap().len(),
        3,
        "a folder gives an array"
    );
}

#[test]
fn jsonl_records_use_the_chosen_fields_and_bad_lines_are_skipped() {
    let input = "{\"key\":\"one\",\"body\":\"Alpha beta gamma. Delta epsilon.\"}\n\
                 {not json}\n\
                 {\"key\":\"two\",\"body\":\"Zeta eta theta.\"}\n";
    let output = run(
        &[
            "summarize",
            "--input-format",
            "jsonl",
            "--id-field",
            "key",
            "--text-field",
            "body",
            "--format",
            "jsonl",
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "a bad line makes the run fail"
    );
    assert!(stderr(&output).contains("<stdin>:2"), "{}", stderr(&output));
    let records = jsonl(&output);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["one", "two"]);
    assert_eq!(records[1]["summary"], "Zeta eta theta.");
}

#[test]
fn an_unreadable_path_is_reported_and_the_rest_still_come_out() {
    let good = fixture("wire-story.txt");
    let output = run(
        &[
            "summarize",
            "-n",
            "1",
            "/no/such/file.txt",
            good.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/no/such/file.txt"));
    assert!(stdout(&output).contains("Halden Bay"));
}

#[test]
fn a_latin1_file_is_read_in_its_encoding_with_a_note_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.txt");
    fs::write(
        &path,
        b"Caf\xe9 owners met on Monday. They agreed on prices \xe0 la carte.",
    )
    .unwrap();
    for strict in [false, true] {
        let mut args = vec!["summarize", "--ratio", "1", path.to_str().unwrap()];
        if strict {
            args.push("--strict");
        }
        let output = run(&args, None);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(
            stdout(&output).contains("Café owners"),
            "{}",
            stdout(&output)
        );
        assert!(stdout(&output).contains("à la carte"));
        let note = stderr(&output);
        assert!(
            note.contains("latin1.txt") && note.contains("windows-1252"),
            "{note}"
        );
    }
    let forced = run(
        &[
            "summarize",
            "--encoding",
            "iso-8859-5",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        stdout(&forced).contains("Cafщ owners"),
        "{}",
        stdout(&forced)
    );
    let unknown = run(&["summarize", "--encoding", "latin-99", "-"], Some(b"x"));
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("unknown encoding 'latin-99'"));
}

#[test]
fn broken_utf8_is_replaced_with_a_warning_or_refused_when_strict() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.txt");
    let mut bytes = "Zürich owners met on Monday. They agreed on prices."
        .as_bytes()
        .to_vec();
    bytes.splice(1..1, [0xff]);
    fs::write(&path, &bytes).unwrap();
    let output = run(&["summarize", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("broken.txt: invalid UTF-8 at byte 1"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("Z\u{fffd}ürich owners"));

    let strict = run(&["summarize", "--strict", path.to_str().unwrap()], None);
    assert_eq!(strict.status.code(), Some(2));
    assert!(stderr(&strict).contains("invalid UTF-8"));
}

#[test]
fn binary_files_are_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("image.txt");
    fs::write(&binary, b"GIF89a\0\0\x01binary").unwrap();
    let text = dir.path().join("story.txt");
    fs::write(&text, "A real story. It has sentences.").unwrap();
    let output = run(&["summarize", dir.path().to_str().unwrap()], None);
    assert!(stderr(&output).contains("binary"), "{}", stderr(&output));
    assert!(stdout(&output).contains("A real story."));
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn empty_input_gives_an_empty_summary_and_success() {
    let output = run(&["summarize"], Some(b""));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let output = run(&["summarize", "--format", "json"], Some(b"  \n\n "));
    let record = json(&output);
    assert_eq!(record["summary"], "");
    assert_eq!(record["sentences"].as_array().unwrap().len(), 0);
}

#[test]
fn invalid_flag_values_get_a_clear_message_and_status_2() {
    for args in [
        vec!["summarize", "-n", "0"],
        vec!["summarize", "--ratio", "1.5"],
        vec!["summarize", "--ratio", "NaN"],
        vec!["summarize", "--words=-3"],
        vec!["summarize", "--lang", "klingon"],
        vec!["summarize", "--similarity", "magic"],
        vec!["summarize", "--glob", "[abc"],
    ] {
        let output = run(&args, Some(b"Text."));
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("invalid value"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn other_languages_are_summarized() {
    let text = "Le conseil municipal a voté le budget. Le budget prévoit des écoles. \
                Les écoles ouvriront en septembre. Le maire a salué le vote du budget.";
    let output = run(
        &["summarize", "--lang", "fr", "-n", "2"],
        Some(text.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output).lines().count(), 2);
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
fn output_dir_mirrors_inputs_and_never_overwrites_them() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    fs::create_dir_all(src.join("world")).unwrap();
    fs::copy(fixture("wire-story.txt"), src.join("world/port.txt")).unwrap();
    fs::copy(fixture("repetitive.txt"), src.join("farm.txt")).unwrap();
    let out = dir.path().join("out");
    let output = run(
        &[
            "summarize",
            src.to_str().unwrap(),
            "--output-dir",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let summary = fs::read_to_string(out.join("world/port.txt")).unwrap();
    assert_eq!(summary.lines().count(), 3);
    assert!(out.join("farm.txt").is_file());
    let leftovers: Vec<_> = fs::read_dir(&out).unwrap().filter_map(Result::ok).collect();
    assert_eq!(leftovers.len(), 2, "no temporary files are left behind");

    // Writing into the input folder would overwrite the inputs: refused.
    let before = fs::read(src.join("farm.txt")).unwrap();
    let output = run(
        &[
            "summarize",
            src.to_str().unwrap(),
            "--output-dir",
            src.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("refusing"), "{}", stderr(&output));
    assert_eq!(fs::read(src.join("farm.txt")).unwrap(), before);
}

#[test]
fn output_dir_refuses_record_ids_that_leave_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = "{\"id\":\"../escape\",\"text\":\"Bad id here.\"}\n\
                 {\"id\":\"desk/ok\",\"text\":\"Good id here.\"}\n";
    let output = run(
        &[
            "summarize",
            "--input-format",
            "jsonl",
            "--format",
            "jsonl",
            "--output-dir",
            out.to_str().unwrap(),
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(!dir.path().join("escape.json").exists());
    let written: Value =
        serde_json::from_str(&fs::read_to_string(out.join("desk/ok.json")).unwrap()).unwrap();
    assert_eq!(written["summary"], "Good id here.");
}

/// A folder of generated articles large enough to span several batches.
fn many_articles(dir: &Path, count: usize) {
    let base = fs::read_to_string(fixture("wire-story.txt")).unwrap();
    let paragraphs: Vec<&str> = base.split("\n\n").collect();
    for i in 0..count {
        let mut text = String::new();
        for j in 0..paragraphs.len() {
            text.push_str(paragraphs[(i * 7 + j * 3) % paragraphs.len()]);
            text.push_str("\n\n");
        }
        fs::write(dir.join(format!("{i:04}.txt")), text).unwrap();
    }
}

#[test]
fn output_is_byte_identical_with_one_or_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    many_articles(dir.path(), 600);
    let outputs: Vec<Vec<u8>> = ["1", "2"]
        .iter()
        .map(|threads| {
            let out = bin()
                .args([
                    "summarize",
                    "--format",
                    "jsonl",
                    dir.path().to_str().unwrap(),
                ])
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0));
            out.stdout
        })
        .collect();
    assert_eq!(outputs[0].len(), outputs[1].len());
    assert!(outputs[0] == outputs[1], "thread count changed the output");
    assert_eq!(String::from_utf8_lossy(&outputs[0]).lines().count(), 600);
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let dir = tempfile::tempdir().unwrap();
    many_articles(dir.path(), 1500);
    let mut child = bin()
        .args(["summarize", dir.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("==> "));
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
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
        let texts: Vec<&str> = record["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap())
            .collect();
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

fn write_jsonl(dir: &Path, name: &str, records: &[Value]) -> PathBuf {
    let path = dir.join(name);
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

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

/// A write error other than a closed pipe (here a full disk) fails the run, even
/// when it happens in the middle of the output rather than at the final flush.
#[cfg(target_os = "linux")]
#[test]
fn eval_fails_when_its_output_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Storms hit the coast on Monday. Fishing boats stayed in port.";
    // Enough per-document lines to overflow the output buffer before the end.
    let records: Vec<Value> = (0..2000)
        .map(|i| serde_json::json!({"id": i, "text": text, "summary": "Storms hit."}))
        .collect();
    let data = write_jsonl(dir.path(), "data.jsonl", &records);
    let full = fs::File::create("/dev/full").expect("/dev/full exists on Linux");
    let output = bin()
        .args([
            "eval",
            data.to_str().unwrap(),
            "--format",
            "jsonl",
            "-n",
            "1",
        ])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot write"),
        "{}",
        stderr(&output)
    );
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

fn records_of(output: &Output, kind: &str) -> Vec<Value> {
    jsonl(output)
        .into_iter()
        .filter(|r| r["type"] == kind)
        .collect()
}

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
fn dedup_prints_ids_to_keep_or_drop_and_can_fail_the_run() {
    let story = fs::read_to_string(fixture("wire-story.txt")).unwrap();
    let other = fs::read_to_string(fixture("repetitive.txt")).unwrap();
    // A near-copy a little longer than the story, so the keep rules disagree.
    let copy = story.replace("Tuesday", "Wednesday") + "\n\nMore details are expected later.\n";
    let dir = folder(&[
        ("1.txt", &story),
        ("2.txt", &other),
        ("3.txt", &copy),
        ("4.txt", ""),
    ]);
    let path = dir.path().to_str().unwrap();
    let names = |output: &Output| -> Vec<String> {
        stdout(output)
            .lines()
            .map(|l| {
                Path::new(l)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    };
    let unique = run(&["dedup", path, "--print", "unique"], None);
    assert_eq!(names(&unique), vec!["1.txt", "2.txt", "4.txt"]);
    let dropped = run(
        &["dedup", path, "--print", "duplicates", "--keep", "longest"],
        None,
    );
    assert_eq!(dropped.status.code(), Some(0));
    assert_eq!(names(&dropped).len(), 1);
    assert_eq!(names(&dropped), vec!["1.txt"], "the longer copy is kept");
    let first = run(&["dedup", path, "--print", "duplicates"], None);
    assert_eq!(names(&first), vec!["3.txt"], "by default the first is kept");
    let failing = run(&["dedup", path, "--fail-on-duplicates", "-q"], None);
    assert_eq!(failing.status.code(), Some(1));
    let clean = folder(&[("1.txt", &story), ("2.txt", &other)]);
    let passing = run(
        &[
            "dedup",
            clean.path().to_str().unwrap(),
            "--fail-on-duplicates",
        ],
        None,
    );
    assert_eq!(passing.status.code(), Some(0));
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

fn archive_ids(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        .filter_map(|f| f["archive"]["id"].as_str())
        .map(|id| {
            Path::new(id)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn check_finds_copies_against_a_folder_and_an_index_alike() {
    let archive = archive_folder();
    let db = archive.path().join("archive.db");
    let build = index_build(archive.path(), &db);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let rewrite = fixture("wire-story-rewrite.txt");
    let unrelated = fixture("draft.md");
    for source in [
        ["--against", archive.path().to_str().unwrap()],
        ["--index", db.to_str().unwrap()],
    ] {
        let mut args = vec!["check", rewrite.to_str().unwrap(), "--format", "json"];
        args.extend_from_slice(&source);
        let output = run(&args, None);
        assert_eq!(
            output.status.code(),
            Some(1),
            "a warning fails the check: {}",
            stderr(&output)
        );
        let found = findings_of(&json(&output));
        assert!(
            archive_ids(&found).contains(&"port.txt".to_string()),
            "{found:?}"
        );
        for finding in &found {
            assert!(finding["kind"].is_string() && finding["severity"].is_string());
            assert!(finding["start"].as_u64().unwrap() <= finding["end"].as_u64().unwrap());
        }

        let mut args = vec!["check", unrelated.to_str().unwrap(), "--format", "json"];
        args.extend_from_slice(&source);
        let output = run(&args, None);
        let found = findings_of(&json(&output));
        assert!(archive_ids(&found).is_empty(), "unrelated draft: {found:?}");
    }
}

/// Deterministic pseudo-English of `words` words: syllables picked by a small LCG,
/// sentences of 12 words.
fn made_up_text(seed: u64, words: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mer", "tan", "si", "ve", "rud", "po", "an", "el", "quo", "ri", "bas", "nu",
        "ot", "gil",
    ];
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let mut text = String::new();
    for i in 0..words {
        let syllables = 1 + next() % 3;
        let word: String = (0..syllables).map(|_| SYLLABLES[next() % 16]).collect();
        text.push_str(&word);
        text.push_str(if i % 12 == 11 { ". " } else { " " });
    }
    text.trim_end().to_string()
}

/// Archive findings of a JSON report: kind, draft span and archived id, paragraph and
/// span, sorted, so that two reports can be compared whatever their order.
fn archive_findings(report: &Value) -> Vec<Value> {
    let mut found: Vec<Value> = findings_of(report)
        .into_iter()
        .filter(|f| !f["archive"].is_null())
        .collect();
    found.sort_by_key(|f| f.to_string());
    found
}

#[test]
fn boilerplate_shared_by_thousands_of_articles_gives_few_findings_from_a_folder_or_an_index() {
    const ARTICLES: u64 = 3_000;
    // A third of each archived article, so that without the postings cap every
    // article would overlap the draft.
    let boilerplate = "Subscribe to the Morning Ledger for the day's news in your inbox, \
                       and follow the newsroom on every platform where stories are shared. \
                       Readers who spot an error can write to the corrections desk, which \
                       answers every letter within two working days of receiving it.";
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    fs::create_dir(&archive).unwrap();
    for i in 0..ARTICLES {
        let text = format!(
            "Story {i}\n\n{}\n\n{}\n\n{boilerplate}\n",
            made_up_text(i, 40),
            made_up_text(i + 100_000, 40)
        );
        fs::write(archive.join(format!("{i:05}.txt")), text).unwrap();
    }
    // The draft: new text, the boilerplate, and a paragraph pasted from one article.
    let pasted = made_up_text(1234 + 100_000, 40);
    let draft = format!(
        "{}\n\n{pasted}\n\n{boilerplate}\n",
        made_up_text(999_999, 80)
    );
    let draft_path = dir.path().join("draft.txt");
    fs::write(&draft_path, &draft).unwrap();
    let db = dir.path().join("archive.db");
    let build = index_build(&archive, &db);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let reports: Vec<Vec<Value>> = [
        ["--against", archive.to_str().unwrap()],
        ["--index", db.to_str().unwrap()],
    ]
    .iter()
    .map(|source| {
        let mut args = vec![
            "check",
            draft_path.to_str().unwrap(),
            "--format",
            "json",
            "-q",
        ];
        args.extend_from_slice(source);
        let output = run(&args, None);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        archive_findings(&json(&output))
    })
    .collect();
    assert_eq!(
        reports[0], reports[1],
        "a folder and an index give the same findings"
    );
    let found = &reports[0];
    assert!(found.len() <= 8, "{} findings: {found:?}", found.len());
    assert!(
        archive_ids(found).contains(&"01234.txt".to_string()),
        "the pasted paragraph is traced: {found:?}"
    );
}

#[test]
fn an_edited_paragraph_is_traced_to_its_archived_paragraph_from_a_folder_or_an_index() {
    let archive = archive_folder();
    let db = archive.path().join("archive.db");
    let (folder, db) = (archive.path().to_str().unwrap(), db.to_str().unwrap());
    let build = run(&["index", "build", folder, "--index", db, "-q"], None);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let farm = fs::read_to_string(fixture("repetitive.txt")).unwrap();
    let source = farm.split("\n\n").nth(3).unwrap();
    // The source's two sentences swapped, words changed, added and dropped.
    let draft = "The district's schools reopen on Monday after repairs to three roofs \
                 damaged in the winter storms, officials said.\n\nAccording to a \
                 statement released by the council, much of that loss happens because \
                 farmers have no dry, secure place to store their grain once it has been \
                 harvested. The programme is meant to strengthen regional food security \
                 by cutting post-harvest losses, which the council puts at 18% of the \
                 maize crop each year.\n";
    let reports: Vec<Vec<Value>> = [["--against", folder], ["--index", db]]
        .iter()
        .map(|source| {
            let mut args = vec!["check", "--format", "json"];
            args.extend_from_slice(source);
            archive_findings(&json(&run(&args, Some(draft.as_bytes()))))
        })
        .collect();
    assert_eq!(reports[0], reports[1], "one code path");
    let matches: Vec<&Value> = reports[0]
        .iter()
        .filter(|f| f["kind"] == "paragraph_match")
        .collect();
    assert_eq!(matches.len(), 1, "{:?}", reports[0]);
    let m = matches[0];
    let at = |v: &Value| v.as_u64().unwrap() as usize;
    assert!(draft[at(&m["start"])..at(&m["end"])].starts_with("According to"));
    let similarity = m["similarity"].as_f64().unwrap();
    assert!((0.5..1.0).contains(&similarity), "{m}");
    let a = &m["archive"];
    assert!(a["id"].as_str().unwrap().ends_with("farm.txt"), "{m}");
    assert_eq!(a["paragraph"], 3);
    assert_eq!(&farm[at(&a["start"])..at(&a["end"])], source);
    assert_eq!(a["ngram"], 3);
}

#[test]
fn an_index_of_an_older_format_is_refused_with_a_rebuild_hint() {
    let archive = archive_folder();
    let db = archive.path().join("old.db");
    let db = db.to_str().unwrap();
    index_build(archive.path(), Path::new(db));
    rusqlite::Connection::open(db)
        .unwrap()
        .execute("UPDATE meta SET value = '1' WHERE key = 'format'", [])
        .unwrap();
    let draft = fixture("wire-story.txt");
    for args in [
        vec!["check", draft.to_str().unwrap(), "--index", db],
        vec!["index", "add", draft.to_str().unwrap(), "--index", db],
        vec!["index", "info", "--index", db],
    ] {
        let output = run(&args, None);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains("old.db")
                && message.contains("older copydesk")
                && message.contains("copydesk index build"),
            "{message}"
        );
    }
}

#[test]
fn check_reports_repetition_within_a_draft_and_honours_fail_on() {
    let path = fixture("repetitive.txt");
    let output = run(&["check", path.to_str().unwrap(), "--format", "json"], None);
    let report = json(&output);
    let found = findings_of(&report);
    let phrases: Vec<&str> = found
        .iter()
        .filter(|f| f["kind"] == "repeated_phrase")
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert!(
        phrases.contains(&"the council seeks to expand its"),
        "{phrases:?}"
    );
    assert_eq!(report["totals"]["drafts"], 1);
    let text = fs::read_to_string(&path).unwrap();
    for finding in &found {
        let (start, end) = (
            finding["start"].as_u64().unwrap(),
            finding["end"].as_u64().unwrap(),
        );
        assert!(text.get(start as usize..end as usize).is_some());
    }
    let strict = run(
        &["check", path.to_str().unwrap(), "--fail-on", "info", "-q"],
        None,
    );
    assert_eq!(strict.status.code(), Some(1));
    let lenient = run(
        &["check", path.to_str().unwrap(), "--fail-on", "error"],
        None,
    );
    assert_eq!(lenient.status.code(), Some(0));
    assert!(stdout(&lenient).contains("repeated_phrase"));
}

#[test]
fn check_prints_no_colour_off_a_terminal() {
    let draft = "The escape \u{1b}[31mred\u{1b}[0m text is here in the draft today. \
                 The escape \u{1b}[31mred\u{1b}[0m text is here in the draft today.";
    // Without NO_COLOR, so that only the missing terminal turns colour off.
    let mut child = bin()
        .env_remove("NO_COLOR")
        .args(["check", "--fail-on", "error"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(draft.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        !stdout(&output).contains("\u{1b}[1m"),
        "no colour off a terminal"
    );
    assert!(stdout(&output).contains("repeated_sentence"));
}

#[test]
fn check_refuses_an_index_built_with_other_parameters_and_bad_index_files() {
    let archive = archive_folder();
    let db = archive.path().join("a.db");
    let db = db.to_str().unwrap();
    index_build(archive.path(), Path::new(db));
    let draft = fixture("wire-story.txt");
    let output = run(
        &[
            "check",
            draft.to_str().unwrap(),
            "--index",
            db,
            "--ngram",
            "3",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("ngram 3"), "{}", stderr(&output));
    for bytes in [
        &b"just some text\n"[..],
        &[0u8, 1, 2, 3, 255, 254][..],
        &b""[..],
    ] {
        let bad = archive.path().join("bad.db");
        fs::write(&bad, bytes).unwrap();
        let output = run(
            &[
                "check",
                draft.to_str().unwrap(),
                "--index",
                bad.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("bad.db"), "{}", stderr(&output));
    }
}

#[test]
fn check_takes_paths_after_against_as_drafts_and_refuses_an_empty_stdin() {
    let archive = archive_folder();
    let copy = fixture("wire-story.txt");
    // The pre-commit hook pattern: the archive first, the draft after it.
    let output = run(
        &[
            "check",
            "--against",
            archive.path().to_str().unwrap(),
            copy.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["totals"]["drafts"], 1);
    assert_eq!(report["drafts"][0]["id"], copy.to_str().unwrap());
    assert!(archive_ids(&findings_of(&report)).contains(&"port.txt".to_string()));
    // No draft at all: an error, never a pass.
    let against = ["check", "--against", archive.path().to_str().unwrap()];
    for stdin in [&b""[..], &b"  \n\n"[..]] {
        let output = run(&against, Some(stdin));
        assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
        assert!(stderr(&output).contains("no draft"), "{}", stderr(&output));
        assert!(!stdout(&output).contains("passed"), "{}", stdout(&output));
    }
    let empty = tempfile::tempdir().unwrap();
    let output = run(&["check", empty.path().to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    // An empty draft file is no draft either; the drafts beside it are still checked.
    let blank = empty.path().join("blank.txt");
    fs::write(&blank, " \n\n").unwrap();
    let output = run(
        &[
            "check",
            blank.to_str().unwrap(),
            copy.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stderr(&output).contains("blank.txt"), "{}", stderr(&output));
    assert_eq!(json(&output)["totals"]["drafts"], 1);
}

#[test]
fn check_against_is_repeatable_one_path_each() {
    let read = |name| fs::read_to_string(fixture(name)).unwrap();
    let first = folder(&[("port.txt", &read("wire-story.txt"))]);
    let second = folder(&[("farm.txt", &read("repetitive.txt"))]);
    let draft = folder(&[(
        "draft.txt",
        &format!("{}\n\n{}", read("wire-story.txt"), read("repetitive.txt")),
    )]);
    let output = run(
        &[
            "check",
            "--against",
            first.path().to_str().unwrap(),
            "--against",
            second.path().to_str().unwrap(),
            draft.path().join("draft.txt").to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["totals"]["drafts"], 1, "{}", stderr(&output));
    let ids = archive_ids(&findings_of(&report));
    assert!(ids.contains(&"port.txt".to_string()), "{ids:?}");
    assert!(ids.contains(&"farm.txt".to_string()), "{ids:?}");
}

#[test]
fn check_offsets_and_lines_point_into_the_original_bytes_after_a_byte_order_mark() {
    let story = fs::read_to_string(fixture("repetitive.txt")).unwrap();
    let raw = format!("\u{feff}{story}");
    let dir = folder(&[("bom.txt", &raw)]);
    let path = dir.path().join("bom.txt");
    let output = run(&["check", path.to_str().unwrap(), "--format", "json"], None);
    let found = findings_of(&json(&output));
    let phrases: Vec<&Value> = found
        .iter()
        .filter(|f| f["kind"] == "repeated_phrase")
        .collect();
    assert!(!phrases.is_empty());
    let raw = raw.as_bytes();
    for phrase in phrases {
        let (start, end) = (
            phrase["start"].as_u64().unwrap(),
            phrase["end"].as_u64().unwrap(),
        );
        let quoted = String::from_utf8_lossy(&raw[start as usize..end as usize]);
        assert_eq!(
            quoted.split_whitespace().collect::<Vec<_>>().join(" "),
            phrase["text"]
        );
        // Lines and columns agree with the offsets: count them in the raw text.
        let before = String::from_utf8_lossy(&raw[..start as usize]).into_owned();
        let line = before.matches('\n').count() + 1;
        // Editors do not show the mark: it is no column of line 1.
        let last_line = before.rsplit('\n').next().unwrap();
        let column = last_line.trim_start_matches('\u{feff}').chars().count() + 1;
        assert_eq!(phrase["line"], line);
        assert_eq!(phrase["column"], column);
    }
    // A finding on the first line: its column counts from the first character.
    let said = "The council approved the budget on Tuesday night.";
    let dir = folder(&[("one.txt", &format!("\u{feff}Rain fell. {said} {said}\n"))]);
    let output = run(
        &[
            "check",
            dir.path().join("one.txt").to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    let found = findings_of(&json(&output));
    let sentence = found
        .iter()
        .find(|f| f["kind"] == "repeated_sentence")
        .expect("found");
    assert_eq!(
        (sentence["line"].as_u64(), sentence["column"].as_u64()),
        (Some(1), Some(62))
    );
    assert_eq!(sentence["related"][0]["column"], 12);
}

/// `PATH:LINE:COL: rest` lines of a text report, as an editor's error format reads them.
fn located_lines(text: &str) -> Vec<(String, usize, usize, String)> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, ':');
            let path = parts.next()?.to_string();
            let line_no = parts.next()?.parse().ok()?;
            let column = parts.next()?.parse().ok()?;
            Some((path, line_no, column, parts.next()?.trim().to_string()))
        })
        .collect()
}

#[test]
fn check_text_report_locates_findings_and_related_places_by_line_and_column() {
    let path = fixture("repetitive.txt");
    let text = fs::read_to_string(&path).unwrap();
    let output = run(&["check", path.to_str().unwrap()], None);
    let printed = stdout(&output);
    let located = located_lines(&printed);
    let findings: Vec<_> = located
        .iter()
        .filter(|l| l.3.starts_with("info[") || l.3.starts_with("warning["))
        .collect();
    let notes: Vec<_> = located
        .iter()
        .filter(|l| l.3.starts_with("note:"))
        .collect();
    assert!(!findings.is_empty() && !notes.is_empty(), "{printed}");
    let phrase = "the council seeks to expand its";
    let lines: Vec<&str> = text.lines().collect();
    let places: Vec<_> = located
        .iter()
        .skip_while(|l| !l.3.contains(phrase))
        .take(3)
        .collect();
    assert_eq!(places.len(), 3, "{printed}");
    for (path_printed, line, column, _) in places {
        assert_eq!(path_printed, path.to_str().unwrap());
        let from: String = lines[line - 1].chars().skip(column - 1).collect();
        assert!(
            from.to_lowercase().starts_with(phrase),
            "{line}:{column}: {from}"
        );
    }
}

#[test]
fn check_html_report_is_one_page_with_highlights_and_escaped_text() {
    let draft = "The <script>alert(1)</script> council approved the budget on Tuesday night. \
                 Rain fell.\n\nThe <script>alert(1)</script> council approved the budget on Tuesday night.";
    let output = run(&["check", "--format", "html"], Some(draft.as_bytes()));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let page = stdout(&output);
    assert!(page.starts_with("<!doctype html>") && page.trim_end().ends_with("</html>"));
    assert_eq!(page.matches("<html").count(), 1);
    assert!(page.contains("<mark class=\"hl"), "no highlight");
    assert!(!page.contains("<script>"), "draft text ran as markup");
    assert!(page.contains("&lt;script&gt;"));
}

#[test]
fn check_a_degenerate_run_of_words_hides_no_phrase_of_the_rest() {
    let farm = fs::read_to_string(fixture("repetitive.txt")).unwrap();
    let phrases = |text: &str| -> Vec<String> {
        let output = run(&["check", "--format", "json"], Some(text.as_bytes()));
        findings_of(&json(&output))
            .iter()
            .filter(|f| f["kind"] == "repeated_phrase")
            .map(|f| {
                format!(
                    "{} x{}",
                    f["text"].as_str().unwrap(),
                    f["related"].as_array().map_or(0, Vec::len) + 1
                )
            })
            .collect()
    };
    let clean = phrases(&farm);
    assert!(clean.len() >= 3, "{clean:?}");
    // One word said 20,000 times back to back, right after the headline: its phrases
    // are searched first and could use up all the work the draft is allowed.
    let (headline, body) = farm.split_once("\n\n").unwrap();
    let herd = "buffalo ".repeat(20_000);
    let with_run = phrases(&format!(
        "{headline}\n\nThe herd moved on. {herd}roam.\n\n{body}"
    ));
    for phrase in &clean {
        assert!(with_run.contains(phrase), "{phrase} lost: {with_run:?}");
    }
    // It says the search stopped early; prose says nothing.
    let said = |text: &str| stderr(&run(&["check"], Some(text.as_bytes())));
    let cut_short = "not all its repeated phrases were searched";
    assert!(said(&format!("Herd.\n\nThe herd moved on. {herd}roam.")).contains(cut_short));
    assert!(!said(&farm).contains(cut_short));
}

#[test]
fn check_caps_findings_per_kind_and_keeps_exact_counts() {
    let sentences: String = (0..30)
        .map(|i| format!("Sentence number {i} repeats the council budget vote. "))
        .collect();
    let draft = format!("{sentences}\n\n{sentences}");
    let output = run(
        &["check", "--max-findings", "4", "--format", "json"],
        Some(draft.as_bytes()),
    );
    let report = json(&output);
    let draft_report = &report["drafts"][0];
    let listed = draft_report["findings"].as_array().unwrap();
    let sentences_listed = listed
        .iter()
        .filter(|f| f["kind"] == "repeated_sentence")
        .count();
    assert_eq!(sentences_listed, 4);
    let omitted = draft_report["omitted"]["repeated_sentence"]
        .as_u64()
        .unwrap() as usize;
    assert!(omitted >= 26, "{omitted}");
    let counts = &draft_report["counts"];
    let total: u64 = ["errors", "warnings", "info"]
        .iter()
        .map(|k| counts[k].as_u64().unwrap())
        .sum();
    let omitted_all: u64 = draft_report["omitted"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(total as usize, listed.len() + omitted_all as usize);
    let text = run(&["check", "--max-findings", "4"], Some(draft.as_bytes()));
    assert!(
        stdout(&text).contains(&format!("and {omitted} more repeated_sentence findings")),
        "{}",
        stdout(&text)
    );
}

#[test]
fn index_add_is_incremental_and_remove_and_info_work() {
    let archive = archive_folder();
    let db = archive.path().join("a.db");
    let (path, db) = (archive.path().to_str().unwrap(), db.to_str().unwrap());
    let first = run(&["index", "add", path, "--index", db], None);
    assert!(stderr(&first).contains("3 added"), "{}", stderr(&first));
    let again = run(&["index", "add", path, "--index", db], None);
    assert!(
        stderr(&again).contains("0 added, 0 replaced, 3 unchanged"),
        "{}",
        stderr(&again)
    );
    fs::write(
        archive.path().join("farm.txt"),
        "A changed farm story, rewritten.",
    )
    .unwrap();
    let changed = run(&["index", "add", path, "--index", db], None);
    assert!(
        stderr(&changed).contains("1 replaced"),
        "{}",
        stderr(&changed)
    );
    let info = json(&run(
        &["index", "info", "--index", db, "--format", "json"],
        None,
    ));
    assert_eq!(info["documents"], 3);
    assert_eq!(info["header"]["ngram"], 5);
    let port = archive.path().join("port.txt");
    let removed = run(
        &["index", "remove", port.to_str().unwrap(), "--index", db],
        None,
    );
    assert_eq!(removed.status.code(), Some(0), "{}", stderr(&removed));
    let info = json(&run(
        &["index", "info", "--index", db, "--format", "json"],
        None,
    ));
    assert_eq!(info["documents"], 2);
    let rebuild = run(&["index", "build", path, "--index", db], None);
    assert_eq!(
        rebuild.status.code(),
        Some(2),
        "build never overwrites an index"
    );
}

#[test]
fn an_index_add_killed_midway_leaves_whole_documents() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("many.jsonl");
    let story = fs::read_to_string(fixture("wire-story.txt")).unwrap();
    let words: Vec<&str> = story.split_whitespace().collect();
    let mut lines = String::new();
    for i in 0..1_500 {
        let text: Vec<&str> = (0..words.len())
            .map(|j| words[(i * 7 + j * 13) % words.len()])
            .collect();
        lines.push_str(
            &serde_json::json!({"id": format!("d{i}"), "text": text.join(" ")}).to_string(),
        );
        lines.push('\n');
    }
    fs::write(&records, lines).unwrap();
    let db = dir.path().join("a.db");
    let mut child = bin()
        .args([
            "index",
            "add",
            records.to_str().unwrap(),
            "--index",
            db.to_str().unwrap(),
        ])
        .args(["--batch-size", "25"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill once some batches are committed (the log grows), while more are written.
    let wal = dir.path().join("a.db-wal");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while wal.metadata().map_or(0, |m| m.len()) < 1_000_000 && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let index = copydesk::index::Index::open(&db, copydesk::index::Mode::ReadWrite).unwrap();
    let info = index.info().unwrap();
    assert!(
        info.documents > 0 && info.documents < 1_500,
        "killed midway: {}",
        info.documents
    );
    let sketcher = index.sketcher();
    for id in index.ids().unwrap() {
        let key = index.find(&id).unwrap().unwrap();
        let shingles = index.shingles(key).unwrap().unwrap();
        assert!(!shingles.is_empty(), "{id} is whole");
        let band_keys = sketcher.from_shingles(0, shingles).band_keys;
        assert!(
            index.candidates(&band_keys).unwrap().contains(&key),
            "{id} has its bands"
        );
    }
    drop(index);
    let again = run(
        &[
            "index",
            "add",
            records.to_str().unwrap(),
            "--index",
            db.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stderr(&again).contains(&format!("{} unchanged", info.documents)),
        "{}",
        stderr(&again)
    );
}

/// One answer of the graded reuse set, as its index describes it.
struct Answer {
    file: String,
    level: String,
    source: Option<String>,
    split: String,
}

fn reuse_answers(root: &Path) -> Vec<Answer> {
    let file_name = |v: &Value| {
        v.as_str().map(|p| {
            Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
    };
    fs::read_to_string(root.join("index.jsonl"))
        .unwrap()
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            Answer {
                file: file_name(&v["answer"]).unwrap(),
                level: v["level"].as_str().unwrap().to_string(),
                source: file_name(&v["source"]),
                split: v["split"].as_str().unwrap().to_string(),
            }
        })
        .collect()
}

/// Per split and level: (answers, traced to their source, with any archive finding).
type Rates = std::collections::BTreeMap<(String, String), (usize, usize, usize)>;

fn reuse_rates(root: &Path) -> Rates {
    let output = run(
        &[
            "check",
            root.join("answers").to_str().unwrap(),
            "--against",
            root.join("sources").to_str().unwrap(),
            "--format",
            "json",
            "-q",
        ],
        None,
    );
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    let report = json(&output);
    let answers = reuse_answers(root);
    let mut rates = Rates::new();
    for draft in report["drafts"].as_array().unwrap() {
        let file = Path::new(draft["id"].as_str().unwrap())
            .file_name()
            .unwrap();
        let answer = answers
            .iter()
            .find(|a| file == a.file.as_str())
            .expect("every answer is in the index");
        let found = archive_ids(draft["findings"].as_array().unwrap());
        let traced = answer.source.as_ref().is_some_and(|s| found.contains(s));
        let entry = rates
            .entry((answer.split.clone(), answer.level.clone()))
            .or_default();
        *entry = (
            entry.0 + 1,
            entry.1 + usize::from(traced),
            entry.2 + usize::from(!found.is_empty()),
        );
    }
    rates
}

#[test]
fn graded_reuse_is_traced_to_its_source_and_independent_answers_are_left_alone() {
    let root = fixture("reuse");
    let rates = reuse_rates(&root);
    for ((split, level), (n, traced, any)) in &rates {
        eprintln!(
            "{split:8} {level:12} {n:2} answers: {traced:2} traced, {any:2} with archive findings"
        );
    }
    let rate = |split: &str, level: &str, traced: bool| {
        let (n, t, a) = rates[&(split.to_string(), level.to_string())];
        (if traced { t } else { a }) as f64 / n as f64
    };
    // The floor: what the dev split gives with the thresholds tuned on it.
    for level in ["near", "light", "heavy"] {
        assert_eq!(rate("dev", level, true), 1.0, "dev {level}: {rates:?}");
    }
    assert_eq!(rate("dev", "independent", false), 0.0, "{rates:?}");
    // The held-out split against the targets set for the public corpus (17/19 near,
    // 18/19 light, 13/19 heavy, at most 1 in 38 independent answers flagged).
    assert!(rate("heldout", "near", true) >= 17.0 / 19.0, "{rates:?}");
    assert!(rate("heldout", "light", true) >= 18.0 / 19.0, "{rates:?}");
    assert!(rate("heldout", "heavy", true) >= 13.0 / 19.0, "{rates:?}");
    assert!(
        rate("heldout", "independent", false) <= 1.0 / 38.0,
        "{rates:?}"
    );
}

#[test]
fn checks_read_the_index_while_another_process_adds_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let archive = archive_folder();
    let db = dir.path().join("a.db");
    let db_path = db.to_str().unwrap();
    index_build(archive.path(), Path::new(db_path));
    let records = dir.path().join("more.jsonl");
    let story = fs::read_to_string(fixture("repetitive.txt")).unwrap();
    let words: Vec<&str> = story.split_whitespace().collect();
    let lines: Vec<String> = (0..800)
        .map(|i| {
            let text: Vec<&str> = (0..words.len())
                .map(|j| words[(i * 5 + j * 11) % words.len()])
                .collect();
            serde_json::json!({"id": format!("m{i}"), "text": text.join(" ")}).to_string()
        })
        .collect();
    fs::write(&records, lines.join("\n")).unwrap();
    let mut writer = bin()
        .args([
            "index",
            "add",
            records.to_str().unwrap(),
            "--index",
            db_path,
            "--batch-size",
            "20",
        ])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let draft = fixture("wire-story-rewrite.txt");
    let mut checks = 0;
    while writer.try_wait().unwrap().is_none() || checks < 3 {
        let output = run(
            &[
                "check",
                draft.to_str().unwrap(),
                "--index",
                db_path,
                "--format",
                "json",
            ],
            None,
        );
        assert_eq!(
            output.status.code(),
            Some(1),
            "a reader during a write: {}",
            stderr(&output)
        );
        assert!(archive_ids(&findings_of(&json(&output))).contains(&"port.txt".to_string()));
        checks += 1;
    }
    assert!(writer.wait().unwrap().success());
    let info = json(&run(
        &["index", "info", "--index", db_path, "--format", "json"],
        None,
    ));
    assert_eq!(info["documents"], 803);
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
