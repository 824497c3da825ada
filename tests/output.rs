//! Output every command shares: exit status 2 for bad flag values, `--output-dir`,
//! output independent of the thread count, closed pipes, write errors, and no
//! colour off a terminal.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use serde_json::Value;

mod support;
use support::{bin, fixture, many_articles, run, stderr, stdout, write_jsonl};

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

/// Runs copydesk with `args`, reads the first line of its output and closes the pipe;
/// returns that line and how the run ended.
fn first_line_then_hang_up(args: &[&str]) -> (String, std::process::Output) {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    (first, child.wait_with_output().unwrap())
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let dir = tempfile::tempdir().unwrap();
    many_articles(dir.path(), 1500);
    let (first, output) = first_line_then_hang_up(&["summarize", dir.path().to_str().unwrap()]);
    assert!(first.starts_with("==> "));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

/// Each way a command streams its output (per-document records, check's report,
/// eval's scores) stops at the first write into a closed pipe, quietly, as the
/// reader asked for no more. Each output is far larger than a pipe's buffer, so the
/// write does fail.
#[test]
fn every_streaming_command_ends_quietly_when_its_reader_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    fs::create_dir(&articles).unwrap();
    many_articles(&articles, 1500);
    let text = "Storms hit the coast on Monday. Fishing boats stayed in port.";
    let records: Vec<Value> = (0..3000)
        .map(|i| serde_json::json!({"id": i, "text": text, "summary": "Storms hit."}))
        .collect();
    let data = write_jsonl(dir.path(), "data.jsonl", &records);
    let (articles, data) = (articles.to_str().unwrap(), data.to_str().unwrap());
    let runs: [&[&str]; 3] = [
        &["extract", articles],
        &["check", "--format", "jsonl", "--fail-on", "error", articles],
        &["eval", "--format", "jsonl", "-n", "1", data],
    ];
    for args in runs {
        let (first, output) = first_line_then_hang_up(args);
        assert!(!first.is_empty(), "{args:?} printed nothing");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stderr.is_empty(), "{args:?}: {}", stderr(&output));
    }
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
