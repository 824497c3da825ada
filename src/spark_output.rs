//! The output directory of the Spark dedup job (`spark/copydesk_dedup.py`), read back
//! into the [`Findings`] that `copydesk dedup` reports, so `dedup --from-spark OUT`
//! prints the records and id lists a one-machine run prints.
//!
//! The directory holds `_copydesk.json` (the sketch header, thresholds and document
//! counts), and three Parquet datasets written by Spark (one or more `*.parquet`
//! files each): `documents` (`doc`, `id`, `words`), `pairs` (`a`, `b` as document
//! numbers, `jaccard`, `containment_a_in_b`, `containment_b_in_a`) and `clusters`
//! (`doc`, `cluster`, `representative`). Document numbers are input positions, the
//! indices `copydesk dedup` uses.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::{Array, Float64Array, Int64Array, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde::Deserialize;

use crate::dedup::{Cluster, Findings, Pair};
use crate::sketch::Header;

/// The job's parameters and counts, beside the datasets.
pub const SUMMARY_FILE: &str = "_copydesk.json";

/// What `_copydesk.json` holds.
#[derive(Clone, Debug, Deserialize)]
pub struct JobSummary {
    /// The sketch header of the shards the job compared.
    pub sketch: Header,
    pub threshold: f64,
    pub containment: Option<f64>,
    /// Documents in input order, those without words included.
    pub documents: usize,
    /// Documents without words (never compared).
    pub empty: usize,
}

/// A Spark job's results, indexed like a one-machine run's.
#[derive(Clone, Debug)]
pub struct SparkOutput {
    pub summary: JobSummary,
    /// Document ids by document number.
    pub ids: Vec<String>,
    pub findings: Findings,
}

/// Why an output directory could not be read; each names the file.
#[derive(Debug)]
pub enum SparkOutputError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    Parquet {
        path: PathBuf,
        source: String,
    },
    /// A column is missing or has another type than the job writes.
    Column {
        path: PathBuf,
        column: &'static str,
    },
    /// A document number outside `0..documents`.
    Document {
        path: PathBuf,
        doc: i64,
        documents: usize,
    },
}

impl fmt::Display for SparkOutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SparkOutputError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            SparkOutputError::Json { path, source } => write!(f, "{}: {source}", path.display()),
            SparkOutputError::Parquet { path, source } => {
                write!(
                    f,
                    "{}: not a readable Parquet file: {source}",
                    path.display()
                )
            }
            SparkOutputError::Column { path, column } => write!(
                f,
                "{}: no column '{column}' of the type the Spark job writes",
                path.display()
            ),
            SparkOutputError::Document {
                path,
                doc,
                documents,
            } => write!(
                f,
                "{}: document {doc} is not among the job's {documents} documents",
                path.display()
            ),
        }
    }
}

impl std::error::Error for SparkOutputError {}

/// Reads the job's output directory `dir`.
pub fn read(dir: &Path) -> Result<SparkOutput, SparkOutputError> {
    let summary = read_summary(&dir.join(SUMMARY_FILE))?;
    let ids = read_ids(&dir.join("documents"), summary.documents)?;
    let pairs = read_pairs(&dir.join("pairs"), summary.documents)?;
    let clusters = read_clusters(&dir.join("clusters"), summary.documents)?;
    Ok(SparkOutput {
        summary,
        ids,
        findings: Findings {
            pairs,
            clusters,
            paragraph_groups: Vec::new(),
        },
    })
}

fn read_summary(path: &Path) -> Result<JobSummary, SparkOutputError> {
    let text = std::fs::read_to_string(path).map_err(|source| SparkOutputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|source| SparkOutputError::Json {
        path: path.to_path_buf(),
        source,
    })
}

/// Ids by document number. A document the job saw only as a count (one without
/// words, from shards written beforehand) is named by its number.
fn read_ids(dir: &Path, documents: usize) -> Result<Vec<String>, SparkOutputError> {
    let mut ids: Vec<Option<String>> = vec![None; documents];
    for_each_batch(dir, |path, batch| {
        let docs = docs_column(path, batch, "doc", documents)?;
        let names = column::<StringArray>(path, batch, "id")?;
        for (row, doc) in docs.into_iter().enumerate() {
            ids[doc] = Some(names.value(row).to_string());
        }
        Ok(())
    })?;
    Ok(ids
        .into_iter()
        .enumerate()
        .map(|(doc, id)| id.unwrap_or_else(|| format!("<document {doc}>")))
        .collect())
}

/// Verified pairs sorted by `(a, b)`, as `copydesk dedup` lists them. The job has no
/// MinHash signatures, so no estimate: it is left at NaN and not printed.
fn read_pairs(dir: &Path, documents: usize) -> Result<Vec<Pair>, SparkOutputError> {
    let mut pairs = Vec::new();
    for_each_batch(dir, |path, batch| {
        let a = docs_column(path, batch, "a", documents)?;
        let b = docs_column(path, batch, "b", documents)?;
        let jaccard = column::<Float64Array>(path, batch, "jaccard")?;
        let a_in_b = column::<Float64Array>(path, batch, "containment_a_in_b")?;
        let b_in_a = column::<Float64Array>(path, batch, "containment_b_in_a")?;
        for row in 0..batch.num_rows() {
            pairs.push(Pair {
                a: a[row],
                b: b[row],
                jaccard: jaccard.value(row),
                estimate: f64::NAN,
                a_in_b: a_in_b.value(row),
                b_in_a: b_in_a.value(row),
            });
        }
        Ok(())
    })?;
    pairs.sort_by_key(|p| (p.a, p.b));
    Ok(pairs)
}

/// Clusters ordered by their first member, members in input order.
fn read_clusters(dir: &Path, documents: usize) -> Result<Vec<Cluster>, SparkOutputError> {
    let mut by_label: BTreeMap<usize, Cluster> = BTreeMap::new();
    for_each_batch(dir, |path, batch| {
        let docs = docs_column(path, batch, "doc", documents)?;
        let labels = docs_column(path, batch, "cluster", documents)?;
        let representatives = docs_column(path, batch, "representative", documents)?;
        for row in 0..batch.num_rows() {
            let cluster = by_label.entry(labels[row]).or_insert_with(|| Cluster {
                members: Vec::new(),
                representative: representatives[row],
            });
            cluster.members.push(docs[row]);
        }
        Ok(())
    })?;
    let mut clusters: Vec<Cluster> = by_label.into_values().collect();
    for cluster in &mut clusters {
        cluster.members.sort_unstable();
    }
    clusters.sort_by_key(|c| c.members[0]);
    Ok(clusters)
}

/// Calls `visit` with every record batch of the dataset's Parquet files, in file name
/// order (Spark's `_SUCCESS` and checksum files are skipped).
fn for_each_batch(
    dir: &Path,
    mut visit: impl FnMut(&Path, &RecordBatch) -> Result<(), SparkOutputError>,
) -> Result<(), SparkOutputError> {
    for path in parquet_files(dir)? {
        let parquet = |source: String| SparkOutputError::Parquet {
            path: path.clone(),
            source,
        };
        let file = File::open(&path).map_err(|source| SparkOutputError::Io {
            path: path.clone(),
            source,
        })?;
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .and_then(|builder| builder.build())
            .map_err(|e| parquet(e.to_string()))?;
        for batch in reader {
            visit(&path, &batch.map_err(|e| parquet(e.to_string()))?)?;
        }
    }
    Ok(())
}

fn parquet_files(dir: &Path) -> Result<Vec<PathBuf>, SparkOutputError> {
    let io = |source| SparkOutputError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".parquet") && !name.starts_with(['.', '_']) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn column<'a, T: Array + 'static>(
    path: &Path,
    batch: &'a RecordBatch,
    name: &'static str,
) -> Result<&'a T, SparkOutputError> {
    batch
        .column_by_name(name)
        .filter(|c| c.null_count() == 0)
        .and_then(|c| c.as_any().downcast_ref::<T>())
        .ok_or_else(|| SparkOutputError::Column {
            path: path.to_path_buf(),
            column: name,
        })
}

/// An int64 column of document numbers, each checked to be below `documents`.
fn docs_column(
    path: &Path,
    batch: &RecordBatch,
    name: &'static str,
    documents: usize,
) -> Result<Vec<usize>, SparkOutputError> {
    let values = column::<Int64Array>(path, batch, name)?;
    values
        .values()
        .iter()
        .map(|&doc| {
            usize::try_from(doc)
                .ok()
                .filter(|&d| d < documents)
                .ok_or_else(|| SparkOutputError::Document {
                    path: path.to_path_buf(),
                    doc,
                    documents,
                })
        })
        .collect()
}
