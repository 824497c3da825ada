//! `dedup --print unique|duplicates`, and `--print0` for file names that hold spaces
//! or newlines: what `xargs -0 rm` reads must name exactly the files to drop.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use parquet::arrow::ArrowWriter;

mod support;
use support::{fixture, run, stderr};

/// The NUL-ended names of `--print0` output; fails if the last one is not ended.
fn nul_ended(stdout: &[u8]) -> Vec<String> {
    let text = String::from_utf8(stdout.to_vec()).expect("UTF-8 names");
    let body = text
        .strip_suffix('\0')
        .unwrap_or_else(|| panic!("{text:?}"));
    body.split('\0').map(str::to_string).collect()
}

#[cfg(unix)]
#[test]
fn print0_ends_names_holding_spaces_and_newlines_with_nul() {
    let story = fs::read_to_string(fixture("wire-story.txt")).unwrap();
    let other = fs::read_to_string(fixture("repetitive.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let names = ["a story.txt", "b\ncopy.txt", "c.txt"];
    for (name, text) in names.iter().zip([&story, &story, &other]) {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let path = dir.path().to_str().unwrap();
    let full = |name: &str| dir.path().join(name).to_str().unwrap().to_string();

    let dropped = run(&["dedup", path, "--print", "duplicates", "--print0"], None);
    assert_eq!(dropped.status.code(), Some(0), "{}", stderr(&dropped));
    assert_eq!(nul_ended(&dropped.stdout), vec![full("b\ncopy.txt")]);

    let kept = run(&["dedup", path, "--print", "unique", "--print0"], None);
    assert_eq!(
        nul_ended(&kept.stdout),
        vec![full("a story.txt"), full("c.txt")]
    );
    for name in nul_ended(&kept.stdout) {
        assert!(Path::new(&name).is_file(), "{name:?} names a real file");
    }
}

#[test]
fn print0_without_print_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(&["dedup", dir.path().to_str().unwrap(), "--print0"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--print <WHICH>"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
}

/// Writes one Parquet file of `columns` as the dataset `name` of a job's output.
fn dataset(out: &Path, name: &str, columns: Vec<(&str, ArrayRef)>) {
    let folder = out.join(name);
    fs::create_dir_all(&folder).unwrap();
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let file = fs::File::create(folder.join("part-00000.parquet")).unwrap();
    let mut writer = ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

/// The output folder of a Spark job over three documents, the second a copy of the
/// first, as `spark/copydesk_dedup.py` writes it.
fn spark_output(out: &Path, ids: [&str; 3]) {
    let header = copydesk::sketch::Header::new(5, 128, copydesk::sketch::DEFAULT_SEED, 0.8, None);
    let summary = serde_json::json!({
        "sketch": header, "threshold": 0.8, "containment": null, "documents": 3, "empty": 0,
    });
    fs::write(out.join("_copydesk.json"), summary.to_string()).unwrap();
    let ints = |v: Vec<i64>| Arc::new(Int64Array::from(v)) as ArrayRef;
    let floats = |v: Vec<f64>| Arc::new(Float64Array::from(v)) as ArrayRef;
    let documents = vec![
        ("doc", ints(vec![0, 1, 2])),
        ("id", Arc::new(StringArray::from(ids.to_vec())) as ArrayRef),
        ("words", ints(vec![400, 400, 300])),
    ];
    dataset(out, "documents", documents);
    let pairs = vec![
        ("a", ints(vec![0])),
        ("b", ints(vec![1])),
        ("jaccard", floats(vec![1.0])),
        ("containment_a_in_b", floats(vec![1.0])),
        ("containment_b_in_a", floats(vec![1.0])),
    ];
    dataset(out, "pairs", pairs);
    let clusters = vec![
        ("doc", ints(vec![0, 1])),
        ("cluster", ints(vec![0, 0])),
        ("representative", ints(vec![0, 0])),
    ];
    dataset(out, "clusters", clusters);
}

#[test]
fn print0_lists_the_results_of_a_spark_job_too() {
    let out = tempfile::tempdir().unwrap();
    spark_output(out.path(), ["one story.txt", "two\nlines.txt", "three.txt"]);
    let dir = out.path().to_str().unwrap();
    let dropped = run(
        &[
            "dedup",
            "--from-spark",
            dir,
            "--print",
            "duplicates",
            "--print0",
        ],
        None,
    );
    assert_eq!(dropped.status.code(), Some(0), "{}", stderr(&dropped));
    assert_eq!(nul_ended(&dropped.stdout), vec!["two\nlines.txt"]);
    let kept = run(
        &[
            "dedup",
            "--from-spark",
            dir,
            "--print",
            "unique",
            "--print0",
        ],
        None,
    );
    assert_eq!(nul_ended(&kept.stdout), vec!["one story.txt", "three.txt"]);
    let lines = run(&["dedup", "--from-spark", dir, "--print", "unique"], None);
    assert_eq!(lines.stdout, b"one story.txt\nthree.txt\n");
}
