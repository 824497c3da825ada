//! What can go wrong writing shards, worded for the person who named the folder.

use std::fmt;
use std::io;
use std::path::PathBuf;

use parquet::errors::ParquetError;

#[derive(Debug)]
pub enum ShardError {
    /// The output folder could not be made or written to.
    Folder { path: PathBuf, source: io::Error },
    /// The folder already holds shards: runs are never mixed in one folder.
    ShardsExist { path: PathBuf, example: PathBuf },
    /// A shard could not be written (the path, or standard output when none).
    Write {
        path: Option<PathBuf>,
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

impl fmt::Display for ShardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShardError::Folder { path, source } => {
                write!(f, "cannot write shards to {}: {source}", path.display())
            }
            ShardError::ShardsExist { path, example } => write!(
                f,
                "{} already holds shards ({}); give an empty or new folder, so that \
                 the shards of two runs are never mixed",
                path.display(),
                example.display()
            ),
            ShardError::Write {
                path: Some(p),
                source,
            } => {
                write!(f, "cannot write shard {}: {source}", p.display())
            }
            ShardError::Write { path: None, source } => {
                write!(f, "cannot write Parquet to standard output: {source}")
            }
        }
    }
}

impl std::error::Error for ShardError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ShardError::Folder { source, .. } => Some(source),
            ShardError::Write { source, .. } => Some(source),
            ShardError::ShardsExist { .. } => None,
        }
    }
}
