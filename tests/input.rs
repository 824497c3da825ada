//! Input handling every command shares, shown through `summarize`: stdin and `-`,
//! folder walks, JSONL records, encodings, and bad, binary or empty input.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::fs;
use std::path::Path;

mod support;
use support::{fixture, json, jsonl, run, stderr, stdout};

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
