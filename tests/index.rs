//! `copydesk index`: building, adding to, removing from and describing the archive
//! index, interrupted writes, readers during a write, and index files `check` and
//! `index` refuse.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::fs;
use std::path::Path;
use std::process::Stdio;

mod support;
use support::{
    archive_folder, archive_ids, bin, findings_of, fixture, index_build, json, run, stderr,
};

#[test]
fn index_add_is_incremental_remove_drops_a_document_and_build_never_overwrites() {
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
