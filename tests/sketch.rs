//! `copydesk sketch`: Parquet shards read back with the parquet crate and checked
//! against the library's sketches and `dedup`'s header.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::collections::HashMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use copydesk::shard::{short_shingles, EMPTY_KEY, HEADER_KEY, VERSION_KEY};
use copydesk::sketch::{set_hash, Header, Sketcher};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde_json::Value;

mod support;
use support::{fixture, folder, jsonl, run, stderr, stdout};

/// One row of a shard.
#[derive(Debug, PartialEq)]
struct Row {
    doc: i64,
    id: String,
    n_shingles: i32,
    words: i32,
    exact: i64,
    bands: Vec<i64>,
    shingles: Vec<i32>,
}

/// A shard read back: its rows, its key-value metadata and its `created_by`.
struct Shard {
    rows: Vec<Row>,
    metadata: HashMap<String, String>,
    created_by: String,
    columns: Vec<String>,
}

fn read_shard(path: &Path) -> Shard {
    let reader = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
    let file_metadata = reader.metadata().file_metadata().clone();
    let metadata = file_metadata
        .key_value_metadata()
        .into_iter()
        .flatten()
        .map(|kv| (kv.key.clone(), kv.value.clone().unwrap_or_default()))
        .collect();
    let columns = file_metadata
        .schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    let rows = reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| row_of(&row.unwrap()))
        .collect();
    Shard {
        rows,
        metadata,
        created_by: file_metadata.created_by().unwrap_or_default().to_string(),
        columns,
    }
}

/// A row read through the parquet crate's record API, column by column.
fn row_of(record: &parquet::record::Row) -> Row {
    let mut row = Row {
        doc: -1,
        id: String::new(),
        n_shingles: -1,
        words: -1,
        exact: 0,
        bands: Vec::new(),
        shingles: Vec::new(),
    };
    for (name, field) in record.get_column_iter() {
        match (name.as_str(), field) {
            ("doc", Field::Long(v)) => row.doc = *v,
            ("id", Field::Str(v)) => row.id = v.clone(),
            ("n_shingles", Field::Int(v)) => row.n_shingles = *v,
            ("words", Field::Int(v)) => row.words = *v,
            ("exact", Field::Long(v)) => row.exact = *v,
            (band, Field::Long(v)) if band.starts_with("band_") => row.bands.push(*v),
            ("shingles", Field::ListInternal(list)) => {
                for element in list.elements() {
                    match element {
                        Field::Int(v) => row.shingles.push(*v),
                        other => panic!("a shingle is not an int32: {other:?}"),
                    }
                }
            }
            (name, field) => panic!("unexpected column {name}: {field:?}"),
        }
    }
    row
}

/// The shards in `dir`, in name order.
fn shards_in(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
}

/// Runs `copydesk sketch ARGS --output OUT`; fails the test unless it succeeds.
fn sketch_into(args: &[&str], out: &Path) -> Vec<PathBuf> {
    let mut all = vec!["sketch"];
    all.extend_from_slice(args);
    all.extend(["--output", out.to_str().unwrap()]);
    let output = run(&all, None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    shards_in(out)
}

fn path_in(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_string()
}

const WIRE: &str = "Officials said on Thursday that the port would reopen next week after \
                    repairs to the main pier, which storms damaged in March.";

#[test]
fn rows_follow_input_order_from_the_offset_and_empty_documents_are_counted() {
    let inputs = folder(&[
        ("a.txt", WIRE),
        ("b.txt", " ... — "),
        ("c.txt", "A short note."),
    ]);
    let out = tempfile::tempdir().unwrap();
    let input = inputs.path().to_str().unwrap();
    let shards = sketch_into(&[input, "--doc-offset", "100"], &out.path().join("s"));
    assert_eq!(shards.len(), 1);
    let shard = read_shard(&shards[0]);
    let docs: Vec<(i64, &str)> = shard.rows.iter().map(|r| (r.doc, r.id.as_str())).collect();
    let (a, c) = (
        path_in(inputs.path(), "a.txt"),
        path_in(inputs.path(), "c.txt"),
    );
    assert_eq!(docs, [(100, a.as_str()), (102, c.as_str())]);
    assert_eq!(shard.metadata[EMPTY_KEY], "1");
    assert_eq!(shard.metadata[VERSION_KEY], env!("CARGO_PKG_VERSION"));
}

#[test]
fn columns_are_the_library_sketch_with_band_keys_bit_cast() {
    let inputs = folder(&[("a.txt", WIRE)]);
    let out = tempfile::tempdir().unwrap();
    let shards = sketch_into(&[inputs.path().to_str().unwrap()], &out.path().join("s"));
    let shard = read_shard(&shards[0]);
    let sketch = Sketcher::new(Header::new(
        5,
        128,
        copydesk::sketch::DEFAULT_SEED,
        0.8,
        None,
    ))
    .sketch(WIRE);
    let bands: Vec<String> = (0..18).map(|i| format!("band_{i}")).collect();
    let mut expected_columns = vec!["doc", "id", "n_shingles", "words", "exact"];
    expected_columns.extend(bands.iter().map(String::as_str));
    expected_columns.push("shingles");
    assert_eq!(shard.columns, expected_columns);
    let row = &shard.rows[0];
    let keys: Vec<i64> = sketch.band_keys.iter().map(|&k| k as i64).collect();
    assert_eq!(row.bands, keys);
    assert_eq!(row.n_shingles as usize, sketch.shingles.len());
    assert_eq!(row.words as usize, sketch.words);
    assert_eq!(row.exact, set_hash(&sketch.shingles) as i64);
    assert_eq!(row.shingles, short_shingles(&sketch.shingles));
    assert!(
        row.shingles.windows(2).all(|w| w[0] < w[1]),
        "sorted, distinct"
    );
    assert_eq!(
        row.shingles.len(),
        row.n_shingles as usize,
        "no 32-bit collision here"
    );
    assert!(row
        .shingles
        .contains(&((sketch.shingles[0] >> 32) as u32 as i32)));
}

#[test]
fn exact_hashes_are_equal_for_the_same_words_and_differ_otherwise() {
    let inputs = folder(&[
        ("a.txt", WIRE),
        ("b.txt", &WIRE.to_uppercase().replace(',', " ;")),
        ("c.txt", &WIRE.replace("March", "April")),
    ]);
    let out = tempfile::tempdir().unwrap();
    let shards = sketch_into(&[inputs.path().to_str().unwrap()], &out.path().join("s"));
    let rows = read_shard(&shards[0]).rows;
    assert_eq!(rows[0].exact, rows[1].exact);
    assert_eq!(rows[0].bands, rows[1].bands);
    assert_ne!(rows[0].exact, rows[2].exact);
}

/// The header record of `dedup --format jsonl` for `flags`, without the fields that
/// are about reporting rather than sketches.
fn dedup_header(input: &str, flags: &[&str]) -> Value {
    let mut args = vec!["dedup", input, "--format", "jsonl"];
    args.extend_from_slice(flags);
    let mut header = jsonl(&run(&args, None)).remove(0);
    assert_eq!(header["type"], "header");
    let fields = header.as_object_mut().unwrap();
    for reporting in ["type", "exact", "containment", "paragraphs"] {
        fields.remove(reporting);
    }
    header
}

#[test]
fn header_metadata_equals_the_sketch_fields_of_dedups_header() {
    let inputs = folder(&[("a.txt", WIRE)]);
    let input = inputs.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    for (n, flags) in [
        &[][..],
        &[
            "--ngram",
            "3",
            "--perms",
            "64",
            "--seed",
            "9",
            "--threshold",
            "0.7",
        ][..],
        &["--bands", "16", "--threshold", "0.9"][..],
    ]
    .into_iter()
    .enumerate()
    {
        let mut args = vec![input];
        args.extend_from_slice(flags);
        let shards = sketch_into(&args, &out.path().join(n.to_string()));
        let shard = read_shard(&shards[0]);
        let stored: Value = serde_json::from_str(&shard.metadata[HEADER_KEY]).unwrap();
        assert_eq!(stored, dedup_header(input, flags), "{flags:?}");
        let bands = stored["bands"].as_u64().unwrap() as usize;
        assert_eq!(shard.rows[0].bands.len(), bands);
    }
}

#[test]
fn ids_are_dedups_ids_in_dedups_order_for_jsonl_on_stdin() {
    let records: String = (0..5)
        .map(|i| format!("{{\"id\": \"r{i}\", \"text\": \"story {i}: {WIRE} {i}\"}}\n"))
        .collect();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("stdin.parquet");
    let output = run(
        &["sketch", "--input-format", "jsonl", "--output", "-", "-q"],
        Some(records.as_bytes()),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "quiet: no summary line");
    fs::write(&path, &output.stdout).unwrap();
    let ids: Vec<String> = read_shard(&path).rows.into_iter().map(|r| r.id).collect();
    let dedup = run(
        &[
            "dedup",
            "--input-format",
            "jsonl",
            "--print",
            "unique",
            "--threshold",
            "1",
        ],
        Some(records.as_bytes()),
    );
    let unique: Vec<String> = stdout(&dedup).lines().map(String::from).collect();
    assert_eq!(ids, unique);
    assert_eq!(ids, ["r0", "r1", "r2", "r3", "r4"]);
}

#[test]
fn stdout_gives_the_same_bytes_as_a_single_shard_in_a_folder() {
    let input = fixture("");
    let input = input.to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let shards = sketch_into(&[input, "--shard-docs", "1000000"], &out.path().join("s"));
    assert_eq!(shards.len(), 1);
    let piped = run(&["sketch", input, "--output", "-", "-q"], None);
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    assert!(piped.stdout == fs::read(&shards[0]).unwrap());
}

#[test]
fn shards_are_byte_identical_with_one_or_two_threads() {
    let input = fixture("");
    let input = input.to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let contents = |threads: &str| -> Vec<Vec<u8>> {
        let dir = out.path().join(threads);
        let shards = sketch_into(&[input, "--shard-docs", "20", "--threads", threads], &dir);
        shards.iter().map(|p| fs::read(p).unwrap()).collect()
    };
    let one = contents("1");
    assert!(one.len() > 2, "several shards");
    assert!(one == contents("2"));
    let created_by = read_shard(&shards_in(&out.path().join("1"))[0]).created_by;
    assert!(created_by.starts_with("parquet-rs version"), "{created_by}");
}

#[test]
fn each_shard_covers_consecutive_input_documents_with_its_own_empty_count() {
    let files: Vec<(String, String)> = (0..5)
        .map(|i| {
            let text = if i == 3 {
                "—".to_string()
            } else {
                format!("{WIRE} {i}")
            };
            (format!("{i}.txt"), text)
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let inputs = folder(&refs);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("s");
    let shards = sketch_into(
        &[inputs.path().to_str().unwrap(), "--shard-docs", "2"],
        &dir,
    );
    let names: Vec<_> = shards
        .iter()
        .map(|p| p.file_name().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "part-00000.parquet",
            "part-00001.parquet",
            "part-00002.parquet"
        ]
    );
    let read: Vec<Shard> = shards.iter().map(|p| read_shard(p)).collect();
    let docs: Vec<Vec<i64>> = read
        .iter()
        .map(|s| s.rows.iter().map(|r| r.doc).collect())
        .collect();
    assert_eq!(docs, [vec![0, 1], vec![2], vec![4]]);
    let empty: Vec<&str> = read
        .iter()
        .map(|s| s.metadata[EMPTY_KEY].as_str())
        .collect();
    assert_eq!(empty, ["0", "1", "0"]);
}

#[test]
fn a_folder_that_already_holds_shards_is_refused() {
    let inputs = folder(&[("a.txt", WIRE)]);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("s");
    let first = sketch_into(&[inputs.path().to_str().unwrap()], &dir);
    let before = fs::read(&first[0]).unwrap();
    let again = run(
        &[
            "sketch",
            inputs.path().to_str().unwrap(),
            "--output",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already holds shards"),
        "{}",
        stderr(&again)
    );
    assert_eq!(shards_in(&dir), first, "nothing added");
    assert_eq!(fs::read(&first[0]).unwrap(), before);
}

#[test]
fn an_unwritable_output_is_an_error_before_any_input_is_read() {
    let inputs = folder(&[("a.txt", WIRE)]);
    let blocker = inputs.path().join("a.txt");
    let output = run(
        &[
            "sketch",
            inputs.path().to_str().unwrap(),
            "--output",
            blocker.join("s").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot write shards to"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_missing_input_is_reported_and_the_others_are_sketched() {
    let inputs = folder(&[("a.txt", WIRE)]);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("s");
    let a = path_in(inputs.path(), "a.txt");
    let missing = path_in(inputs.path(), "missing.txt");
    let output = run(
        &["sketch", &missing, &a, "--output", dir.to_str().unwrap()],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("missing.txt"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("documents 1, sketched 1, empty 0, shards 1"));
    let rows = read_shard(&shards_in(&dir)[0]).rows;
    assert_eq!((rows[0].doc, rows[0].id.as_str()), (0, a.as_str()));
}
