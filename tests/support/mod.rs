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
