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
use std::fs::File;
use std::path::{Path, PathBuf};

use parquet::data_type::{ByteArrayType, DataType, DoubleType, Int64Type};
use parquet::file::reader::{FileReader, RowGroupReader};
use parquet::file::serialized_reader::SerializedFileReader;
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
    /// Input records the job could not read and skipped (its log names them).
    #[serde(default)]
    pub malformed: usize,
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
#[derive(Debug, thiserror::Error)]
pub enum SparkOutputError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", .path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: not a readable Parquet file: {reason}", .path.display())]
    Parquet { path: PathBuf, reason: String },
    /// A column is missing or has another type than the job writes.
    #[error(
        "{}: no column '{column}' of the type the Spark job writes",
        .path.display()
    )]
    Column { path: PathBuf, column: &'static str },
    /// A document number outside `0..documents`.
    #[error(
        "{}: document {doc} is not among the job's {documents} documents",
        .path.display()
    )]
    Document {
        path: PathBuf,
        doc: i64,
        documents: usize,
    },
}

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
    for_each_row_group(dir, |path, group| {
        let docs = docs_column(path, group, "doc", documents)?;
        let names = column::<ByteArrayType>(path, group, "id")?;
        for (doc, name) in docs.into_iter().zip(names) {
            let name = name.as_utf8().map_err(|e| SparkOutputError::Parquet {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
            ids[doc] = Some(name.to_string());
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
    for_each_row_group(dir, |path, group| {
        let a = docs_column(path, group, "a", documents)?;
        let b = docs_column(path, group, "b", documents)?;
        let jaccard = column::<DoubleType>(path, group, "jaccard")?;
        let a_in_b = column::<DoubleType>(path, group, "containment_a_in_b")?;
        let b_in_a = column::<DoubleType>(path, group, "containment_b_in_a")?;
        for row in 0..a.len() {
            pairs.push(Pair {
                a: a[row],
                b: b[row],
                jaccard: jaccard[row],
                estimate: f64::NAN,
                a_in_b: a_in_b[row],
                b_in_a: b_in_a[row],
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
    for_each_row_group(dir, |path, group| {
        let docs = docs_column(path, group, "doc", documents)?;
        let labels = docs_column(path, group, "cluster", documents)?;
        let representatives = docs_column(path, group, "representative", documents)?;
        for row in 0..docs.len() {
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

/// Calls `visit` with every row group of the dataset's Parquet files, in file name
/// order (Spark's `_SUCCESS` and checksum files are skipped).
fn for_each_row_group(
    dir: &Path,
    mut visit: impl FnMut(&Path, &dyn RowGroupReader) -> Result<(), SparkOutputError>,
) -> Result<(), SparkOutputError> {
    for path in parquet_files(dir)? {
        let parquet = |reason: String| SparkOutputError::Parquet {
            path: path.clone(),
            reason,
        };
        let file = File::open(&path).map_err(|source| SparkOutputError::Io {
            path: path.clone(),
            source,
        })?;
        let reader = SerializedFileReader::new(file).map_err(|e| parquet(e.to_string()))?;
        for i in 0..reader.num_row_groups() {
            let group = reader
                .get_row_group(i)
                .map_err(|e| parquet(e.to_string()))?;
            visit(&path, group.as_ref())?;
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

/// The values of the top-level column `name` in one row group: it must have the
/// physical type `T`, and no value may be null (Spark writes every column nullable,
/// the job never leaves one empty).
fn column<T: DataType>(
    path: &Path,
    group: &dyn RowGroupReader,
    name: &'static str,
) -> Result<Vec<T::T>, SparkOutputError> {
    let missing = || SparkOutputError::Column {
        path: path.to_path_buf(),
        column: name,
    };
    let schema = group.metadata().schema_descr();
    let index = (0..schema.num_columns())
        .find(|&i| schema.column(i).path().string() == name)
        .filter(|&i| schema.column(i).physical_type() == T::get_physical_type())
        .ok_or_else(missing)?;
    let reader = group
        .get_column_reader(index)
        .map_err(|e| SparkOutputError::Parquet {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    let mut reader = T::get_column_reader(reader).ok_or_else(missing)?;
    let rows = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
    let (mut values, mut levels) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
    // One call reads across the chunk's pages; a null shows as a value short.
    let (records, _, _) = reader
        .read_records(rows, Some(&mut levels), None, &mut values)
        .map_err(|e| SparkOutputError::Parquet {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    if records != rows || values.len() != rows {
        return Err(missing());
    }
    Ok(values)
}

/// An int64 column of document numbers, each checked to be below `documents`.
fn docs_column(
    path: &Path,
    group: &dyn RowGroupReader,
    name: &'static str,
    documents: usize,
) -> Result<Vec<usize>, SparkOutputError> {
    let values = column::<Int64Type>(path, group, name)?;
    values
        .into_iter()
        .map(|doc| {
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
