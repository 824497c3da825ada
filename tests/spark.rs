//! The Spark dedup job (`spark/copydesk_dedup.py`) run as it will run: spark-submit in
//! local mode, copydesk shipped to the executors, then `dedup --from-spark`, whose
//! report must equal `copydesk dedup`'s on the same corpus (pair records without the
//! MinHash estimate, which the job does not compute).
//!
//! The corpus is generated here: near-duplicates around the threshold, small groups
//! of exact duplicates, 5,000 copies of one boilerplate text (a bucket far over the
//! cap), documents without words, records without an id and with a numeric one.
//!
//! spark-submit is taken from `COPYDESK_SPARK_SUBMIT`, else the virtualenv `.ci/run`
//! makes (`target/spark-venv`), else PATH. Without it the test reports itself ignored,
//! or fails when `COPYDESK_SPARK=required` (as `.ci/run` sets it).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");

fn main() {
    let args = Arguments::from_args();
    let tests = vec![
        Trial::ignorable_test(
            "spark_job_reports_the_pairs_and_clusters_dedup_reports",
            spark_job_test,
        ),
        Trial::test("from_spark_names_a_folder_without_job_output", || {
            missing_output_test()
        }),
    ];
    libtest_mimic::run(&args, tests).exit();
}

fn spark_job_test() -> Result<Completion, Failed> {
    let Some(submit) = find_spark_submit() else {
        match std::env::var("COPYDESK_SPARK").as_deref() {
            Ok("required") => {
                return Err("spark-submit not found and COPYDESK_SPARK=required".into())
            }
            Ok("optional") | Err(_) => {}
            // A typo must not switch the requirement off.
            Ok(other) => {
                return Err(format!("COPYDESK_SPARK={other:?}: use required or optional").into())
            }
        }
        return Ok(Completion::ignored_with(
            "spark-submit not found (run .ci/run or set COPYDESK_SPARK_SUBMIT)",
        ));
    };
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let corpus = dir.path().join("corpus.jsonl");
    std::fs::write(&corpus, generate_corpus()).map_err(|e| e.to_string())?;
    let out = dir.path().join("out");
    let log = run_job(&submit, &corpus, &out)?;
    let corpus = corpus.to_str().ok_or("temp path is not UTF-8")?;
    let dedup_log = copydesk_stderr(&["dedup", corpus, "--format", "jsonl"])?;
    let skipped = skipped_locations(&dedup_log, "copydesk");
    if skipped.len() < 2 || skipped != skipped_locations(&log, "copydesk_dedup") {
        return Err(
            format!("the job should report the records dedup skips ({skipped:?}):\n{log}").into(),
        );
    }
    let out = out.to_str().ok_or("temp path is not UTF-8")?;
    let one_machine = jsonl_without_estimates(&copydesk(&[
        "dedup", corpus, "--keep", "longest", "--format", "jsonl",
    ])?)?;
    let spark = jsonl_without_estimates(&copydesk(&[
        "dedup",
        "--from-spark",
        out,
        "--format",
        "jsonl",
    ])?)?;
    compare_lines(&one_machine, &spark)?;
    check_corpus_shape(&one_machine)?;
    for which in ["unique", "duplicates"] {
        let local = copydesk(&["dedup", corpus, "--keep", "longest", "--print", which])?;
        let remote = copydesk(&["dedup", "--from-spark", out, "--print", which])?;
        if local != remote {
            return Err(format!("--print {which} differs").into());
        }
    }
    let text = copydesk(&["dedup", corpus, "--keep", "longest"])?;
    if text != copydesk(&["dedup", "--from-spark", out])? {
        return Err("the text reports differ".into());
    }
    Ok(Completion::Completed)
}

fn missing_output_test() -> Result<(), Failed> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = Command::new(BIN)
        .args(["dedup", "--from-spark"])
        .arg(dir.path())
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() != Some(2) || !stderr.contains("_copydesk.json") {
        return Err(format!("expected exit 2 naming _copydesk.json: {out:?}").into());
    }
    Ok(())
}

fn find_spark_submit() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("COPYDESK_SPARK_SUBMIT") {
        return Some(PathBuf::from(path));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/spark-venv/bin/spark-submit");
    if venv.is_file() {
        return Some(venv);
    }
    let on_path = Command::new("spark-submit").arg("--version").output();
    on_path
        .is_ok_and(|o| o.status.success())
        .then(|| PathBuf::from("spark-submit"))
}

/// Local mode on two cores, little memory, few shuffle partitions: a small corpus.
/// Runs the job on the corpus; gives its log. It must exit with the status that says
/// records were skipped.
fn run_job(submit: &Path, corpus: &Path, out: &Path) -> Result<String, Failed> {
    let job = Path::new(env!("CARGO_MANIFEST_DIR")).join("spark/copydesk_dedup.py");
    let mut command = Command::new(submit);
    // A virtualenv's spark-submit finds Spark through the python beside it.
    if let Some(bin) = submit.parent().filter(|b| b.join("python3").is_file()) {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![bin.to_path_buf()];
        dirs.extend(std::env::split_paths(&path));
        command
            .env(
                "PATH",
                std::env::join_paths(dirs).map_err(|e| e.to_string())?,
            )
            .env("PYSPARK_PYTHON", bin.join("python3"));
    }
    let output = command
        .args(["--master", "local[2]", "--driver-memory", "1g"])
        .args([
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.log.level=WARN",
        ])
        .args(["--conf", "spark.sql.shuffle.partitions=4"])
        .arg(job)
        .arg("--input")
        .arg(corpus)
        .arg("--output")
        .arg(out)
        .args(["--copydesk", BIN, "--keep", "longest", "--partitions", "3"])
        .output()
        .map_err(|e| format!("{}: {e}", submit.display()))?;
    // spark-submit passes the driver's stderr on to its stdout: the log is both.
    let log = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    if output.status.code() != Some(SKIPPED_RECORDS) {
        let lines: Vec<&str> = log.lines().filter(|l| !l.contains(" INFO ")).collect();
        let tail = lines[lines.len().saturating_sub(60)..].join("\n");
        return Err(format!(
            "spark-submit exited {}, not {SKIPPED_RECORDS}:\n{tail}",
            output.status
        )
        .into());
    }
    Ok(log)
}

/// The `FILE:LINE` of each record a run reports it skipped (`PREFIX: error: FILE:LINE:
/// why`), sorted.
fn skipped_locations(log: &str, prefix: &str) -> Vec<String> {
    let marker = format!("{prefix}: error: ");
    let mut found: Vec<String> = log
        .lines()
        .filter_map(|line| line.strip_prefix(&marker))
        .filter_map(|rest| {
            let mut parts = rest.splitn(3, ':');
            Some(format!("{}:{}", parts.next()?, parts.next()?))
        })
        .collect();
    found.sort();
    found
}

/// Runs copydesk on the test corpus: the records it cannot read are skipped and said
/// by the exit status, whether the run reads the corpus or the Spark job's output.
fn copydesk(args: &[&str]) -> Result<String, Failed> {
    let output: Output = Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.code() != Some(SKIPPED_RECORDS) {
        let err = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "copydesk {args:?} exited {:?}, not {SKIPPED_RECORDS}: {err}",
            output.status.code()
        )
        .into());
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string().into())
}

/// What copydesk says on stderr.
fn copydesk_stderr(args: &[&str]) -> Result<String, Failed> {
    let output = Command::new(BIN)
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&output.stderr).into_owned())
}

/// JSONL records, with the MinHash estimate taken out of pair records.
fn jsonl_without_estimates(text: &str) -> Result<Vec<Value>, Failed> {
    text.lines()
        .map(|line| {
            let mut record: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            if let Some(fields) = record.as_object_mut() {
                fields.remove("estimate");
            }
            Ok(record)
        })
        .collect()
}

fn compare_lines(want: &[Value], got: &[Value]) -> Result<(), Failed> {
    for (i, (w, g)) in want.iter().zip(got).enumerate() {
        if w != g {
            return Err(format!("record {i} differs:\n dedup: {w}\n spark: {g}").into());
        }
    }
    if want.len() != got.len() {
        return Err(format!(
            "{} records from dedup, {} from spark",
            want.len(),
            got.len()
        )
        .into());
    }
    Ok(())
}

/// The corpus must exercise what it is for: the boilerplate cluster, empty documents,
/// exact and near (not exact) duplicates.
fn check_corpus_shape(records: &[Value]) -> Result<(), Failed> {
    let summary = records.last().ok_or("no records")?;
    let largest = records
        .iter()
        .filter(|r| r["type"] == "cluster")
        .map(|r| r["members"].as_array().map_or(0, Vec::len))
        .max()
        .unwrap_or(0);
    let near = records
        .iter()
        .filter(|r| r["type"] == "pair" && r["jaccard"].as_f64().is_some_and(|j| j < 1.0))
        .count();
    if summary["empty"] != EMPTY || largest < BOILERPLATE || near < 20 {
        return Err(
            format!("corpus lacks a case: {summary}, largest {largest}, near {near}").into(),
        );
    }
    Ok(())
}

const ARTICLES: usize = 400;
const BOILERPLATE: usize = 5_000;
const EMPTY: usize = 12;
/// The exit status of a run that skipped records it could not read.
const SKIPPED_RECORDS: i32 = 2;

/// A deterministic corpus (a fixed linear congruential generator).
fn generate_corpus() -> String {
    let mut rng = Lcg(0x5eed);
    let articles: Vec<Vec<String>> = (0..ARTICLES)
        .map(|_| {
            (0..60 + rng.below(200))
                .map(|_| format!("w{}", rng.below(3000)))
                .collect()
        })
        .collect();
    let boilerplate = "Sign up for our newsletter to get the day's top stories, \
                       exclusive offers and breaking news delivered to your inbox.";
    let mut out = String::new();
    let mut boiler_left = BOILERPLATE;
    for (i, words) in articles.iter().enumerate() {
        record(&mut out, Some(&format!("a{i}")), &words.join(" "));
        // Near-copies with 1 to 8 words replaced: around the 0.8 threshold.
        if i % 3 == 0 {
            let mut copy = words.clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(copy.len());
                copy[at] = format!("x{}", rng.below(3000));
            }
            let id = (i % 2 == 0).then(|| format!("near{i}"));
            record(&mut out, id.as_deref(), &copy.join(" "));
        }
        // Exact copies (one in capitals with other punctuation: the same shingles).
        if i % 17 == 0 {
            record(&mut out, Some(&format!("copy{i}")), &words.join(" "));
            record(&mut out, None, &words.join(", ").to_uppercase());
        }
        // Records copydesk reports and skips: cut-off JSON, and no text field.
        if i % 41 == 5 {
            let _ = writeln!(out, "{{\"id\": \"cut{i}\", \"text\": \"{}", words[0]);
        }
        if i % 59 == 7 {
            let _ = writeln!(out, "{{\"id\": \"textless{i}\"}}");
        }
        if i % 33 == 0 {
            let _ = writeln!(
                out,
                "{{\"id\": {}, \"text\": \"{}\"}}",
                900_000 + i,
                words.join(" ")
            );
        }
        if i % (ARTICLES / EMPTY) == 0 && i / (ARTICLES / EMPTY) < EMPTY {
            record(
                &mut out,
                Some(&format!("empty{i}")),
                if i % 2 == 0 { "" } else { " -- ... " },
            );
            out.push('\n'); // a blank line is no record
        }
        for _ in 0..BOILERPLATE / ARTICLES {
            record(
                &mut out,
                Some(&format!("boiler{}", BOILERPLATE - boiler_left)),
                boilerplate,
            );
            boiler_left -= 1;
        }
    }
    for _ in 0..boiler_left {
        record(
            &mut out,
            Some(&format!("boiler{}", BOILERPLATE - boiler_left)),
            boilerplate,
        );
    }
    out
}

fn record(out: &mut String, id: Option<&str>, text: &str) {
    let text = serde_json::to_string(text).expect("a string serializes");
    match id {
        Some(id) => {
            let _ = writeln!(out, "{{\"id\": \"{id}\", \"text\": {text}}}");
        }
        None => {
            let _ = writeln!(out, "{{\"text\": {text}}}");
        }
    }
}

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}
