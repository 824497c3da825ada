//! What can stop a command: the library layers' errors, and the few cases only the
//! command line knows. Only the top level (`cli::main`) turns one into a message.

use std::io;
use std::path::PathBuf;

use crate::dedup::spill::SpillError;
use crate::index::IndexError;
use crate::input::charset::UnknownLabel;
use crate::output::OutputError;
use crate::shard::ShardError;
use crate::spark_output::SparkOutputError;
use crate::text::UnknownLanguage;

/// An error that stops a command before it is done; it exits with status 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Shard(#[from] ShardError),
    #[error(transparent)]
    SparkOutput(#[from] SparkOutputError),
    #[error(transparent)]
    Spill(#[from] SpillError),
    /// `-` given twice among the paths.
    #[error("'-' (stdin) can be given only once")]
    StdinTwice,
    /// No path, and nothing piped.
    #[error("no input: give a file or folder, or pipe text into copydesk")]
    NoInput,
    /// Sketch parameters given that differ from the index's; `conflict` names them.
    #[error("{}: {conflict}", .path.display())]
    IndexConflict { path: PathBuf, conflict: String },
    /// `index build` never replaces an index.
    #[error(
        "{} exists; use `copydesk index add` to update it, or remove it first",
        .path.display()
    )]
    IndexExists { path: PathBuf },
    /// The built index could not be renamed to its final name.
    #[error("cannot move the index into place: {0}")]
    MoveIndex(#[source] io::Error),
    /// Some `--against` inputs could not be read: the archive would be incomplete.
    #[error("{failures} archive input(s) could not be read")]
    UnreadableArchive { failures: usize },
    #[error("refusing to write Parquet to a terminal: pipe it, or give --output DIR")]
    ParquetToTerminal,
}

/// A flag's value that clap's parsers refuse; clap prints it after the flag's name.
#[derive(Debug, thiserror::Error)]
pub enum ValueError {
    #[error(transparent)]
    Language(#[from] UnknownLanguage),
    #[error(transparent)]
    Encoding(#[from] UnknownLabel),
    #[error("'{0}' is not a number")]
    NotANumber(String),
    #[error("must be a fraction in (0, 1], got {0}")]
    NotAFraction(String),
    #[error("must be a number from 0 to 1000, got {0}")]
    Bias(String),
    #[error("must be a whole number from 1 to 1000000, got {0}")]
    BatchSize(String),
}
