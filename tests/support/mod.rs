//! What every CLI test binary needs: the real binary, run with piped input, and its
//! output parsed.

// Each test binary includes this module and uses part of it.
#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    cmd.env_remove("RAYON_NUM_THREADS").env("NO_COLOR", "1");
    cmd
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let input = stdin.unwrap_or_default().to_vec();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// Runs `copydesk index build SOURCE --index DB -q`.
pub fn index_build(source: &Path, db: &Path) -> Output {
    let (source, db) = (source.to_str().unwrap(), db.to_str().unwrap());
    run(&["index", "build", source, "--index", db, "-q"], None)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

pub fn jsonl(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

/// The texts of a summary record's sentences, in the order printed.
pub fn sentence_texts(record: &Value) -> Vec<&str> {
    record["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect()
}

/// Every finding of a `check --format json` report, drafts in order.
pub fn findings_of(report: &Value) -> Vec<Value> {
    report["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["findings"].as_array().unwrap().clone())
        .collect()
}

/// Writes `files` (name, text) into a new temporary folder.
pub fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// An archive folder of three fixture articles.
pub fn archive_folder() -> tempfile::TempDir {
    let read = |name| fs::read_to_string(fixture(name)).unwrap();
    folder(&[
        ("port.txt", &read("wire-story.txt")),
        ("farm.txt", &read("repetitive.txt")),
        ("freight.txt", &read("abbreviations.txt")),
    ])
}

/// Writes `records` as JSON lines into `dir/name` and gives its path.
pub fn write_jsonl(dir: &Path, name: &str, records: &[Value]) -> PathBuf {
    let path = dir.join(name);
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// The JSONL records of `output` whose `type` is `kind`.
pub fn records_of(output: &Output, kind: &str) -> Vec<Value> {
    jsonl(output)
        .into_iter()
        .filter(|r| r["type"] == kind)
        .collect()
}

/// File names of the archived documents that `check` findings point to.
pub fn archive_ids(findings: &[Value]) -> Vec<String> {
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

/// A folder of generated articles large enough to span several batches: `count`
/// files whose paragraphs are the wire story's, each in its own order.
pub fn many_articles(dir: &Path, count: usize) {
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
