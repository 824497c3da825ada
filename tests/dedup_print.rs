//! `dedup --print unique|duplicates`, and `--print0` for file names that hold spaces
//! or newlines: what `xargs -0 rm` reads must name exactly the files to drop.

// Runs the binary, which needs the `cli` feature.
#![cfg(feature = "cli")]

use std::fs;
use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

mod support;
use support::{fixture, folder, run, stderr, stdout};

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

/// A column of a dataset the job writes.
enum Values {
    Ints(Vec<i64>),
    Floats(Vec<f64>),
    Strings(Vec<&'static str>),
}

/// Writes one Parquet file of `columns` as the dataset `name` of a job's output,
/// every column nullable (as Spark writes them) with no value null.
fn dataset(out: &Path, name: &str, columns: Vec<(&str, Values)>) {
    let folder = out.join(name);
    fs::create_dir_all(&folder).unwrap();
    let fields: String = columns
        .iter()
        .map(|(name, values)| match values {
            Values::Ints(_) => format!("optional int64 {name};"),
            Values::Floats(_) => format!("optional double {name};"),
            Values::Strings(_) => format!("optional binary {name} (STRING);"),
        })
        .collect();
    let schema =
        Arc::new(parse_message_type(&format!("message spark_schema {{ {fields} }}")).unwrap());
    let file = fs::File::create(folder.join("part-00000.parquet")).unwrap();
    let mut writer = SerializedFileWriter::new(file, schema, Default::default()).unwrap();
    let mut group = writer.next_row_group().unwrap();
    for (_, values) in &columns {
        let mut column = group.next_column().unwrap().unwrap();
        let written = match values {
            Values::Ints(v) => {
                let defined = vec![1; v.len()];
                column
                    .typed::<Int64Type>()
                    .write_batch(v, Some(&defined), None)
            }
            Values::Floats(v) => {
                let defined = vec![1; v.len()];
                column
                    .typed::<DoubleType>()
                    .write_batch(v, Some(&defined), None)
            }
            Values::Strings(v) => {
                let defined = vec![1; v.len()];
                let bytes: Vec<ByteArray> = v.iter().map(|s| ByteArray::from(*s)).collect();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&bytes, Some(&defined), None)
            }
        };
        written.unwrap();
        column.close().unwrap();
    }
    group.close().unwrap();
    writer.close().unwrap();
}

/// The output folder of a Spark job over three documents, the second a copy of the
/// first, as `spark/copydesk_dedup.py` writes it.
fn spark_output(out: &Path, ids: [&'static str; 3]) {
    let header = copydesk::sketch::Header::new(5, 128, copydesk::sketch::DEFAULT_SEED, 0.8, None);
    let summary = serde_json::json!({
        "sketch": header, "threshold": 0.8, "containment": null, "documents": 3, "empty": 0,
    });
    fs::write(out.join("_copydesk.json"), summary.to_string()).unwrap();
    use Values::{Floats, Ints, Strings};
    let documents = vec![
        ("doc", Ints(vec![0, 1, 2])),
        ("id", Strings(ids.to_vec())),
        ("words", Ints(vec![400, 400, 300])),
    ];
    dataset(out, "documents", documents);
    let pairs = vec![
        ("a", Ints(vec![0])),
        ("b", Ints(vec![1])),
        ("jaccard", Floats(vec![1.0])),
        ("containment_a_in_b", Floats(vec![1.0])),
        ("containment_b_in_a", Floats(vec![1.0])),
    ];
    dataset(out, "pairs", pairs);
    let clusters = vec![
        ("doc", Ints(vec![0, 1])),
        ("cluster", Ints(vec![0, 0])),
        ("representative", Ints(vec![0, 0])),
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
