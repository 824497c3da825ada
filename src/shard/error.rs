//! What can go wrong writing shards, worded for the person who named the folder.

use std::io;
use std::path::PathBuf;

use parquet::errors::ParquetError;

/// A failure writing sketch shards, naming the folder or file it is about.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// The output folder could not be made or written to.
    #[error("cannot write shards to {}: {source}", .path.display())]
    Folder {
        /// The output folder.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The folder already holds shards: runs are never mixed in one folder.
    #[error(
        "{} already holds shards ({}); give an empty or new folder, so that \
         the shards of two runs are never mixed",
        .path.display(),
        .example.display()
    )]
    ShardsExist {
        /// The output folder.
        path: PathBuf,
        /// One of the shards already there.
        example: PathBuf,
    },
    /// A shard could not be written (the path, or standard output when none).
    #[error("cannot write {}: {source}", write_target(.path))]
    Write {
        /// The shard file; none for standard output.
        path: Option<PathBuf>,
        /// What the Parquet writer said (an I/O error inside it for a full disk or a
        /// closed pipe).
        source: ParquetError,
    },
}

impl ShardError {
    /// The write failed because the reader of standard output went away.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            ShardError::Write {
                source: ParquetError::External(e),
                ..
            } => e
                .downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe),
            _ => false,
        }
    }
}

/// What a failed write was writing: a shard file, or standard output.
fn write_target(path: &Option<PathBuf>) -> String {
    match path {
        Some(p) => format!("shard {}", p.display()),
        None => "Parquet to standard output".to_string(),
    }
}
