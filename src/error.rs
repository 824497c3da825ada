//! The one error type of the crate: each layer's error, as a variant. The command
//! line maps it to an exit status (see `cli::ExitStatus`); its message is the layer's,
//! word for word.

#[cfg(feature = "cli")]
use crate::cli::CliError;
use crate::dedup::spill::SpillError;
use crate::eval::pairing::CoverageError;
#[cfg(feature = "index")]
use crate::index::IndexError;
#[cfg(feature = "cli")]
use crate::input::charset::UnknownLabel;
#[cfg(feature = "cli")]
use crate::input::{GlobError, Problem};
#[cfg(feature = "cli")]
use crate::output::OutputError;
use crate::shard::ShardError;
#[cfg(feature = "cli")]
use crate::spark_output::SparkOutputError;
use crate::text::UnknownLanguage;

/// Any error of copydesk, by the layer it comes from; its message is the layer's.
///
/// The variants marked hidden belong to the command line's own layers (reading
/// inputs, writing outputs, reading the Spark job's output), whose modules are private:
/// they exist only with the `cli` feature and are not part of the library's API.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input that could not be read.
    #[cfg(feature = "cli")]
    #[doc(hidden)]
    #[error(transparent)]
    Input(#[from] Problem),
    /// A `--glob` pattern that does not parse.
    #[cfg(feature = "cli")]
    #[doc(hidden)]
    #[error(transparent)]
    Glob(#[from] GlobError),
    /// An `--encoding` label that names no known encoding.
    #[cfg(feature = "cli")]
    #[doc(hidden)]
    #[error(transparent)]
    Encoding(#[from] UnknownLabel),
    /// A language name or code that copydesk does not know.
    #[error(transparent)]
    Language(#[from] UnknownLanguage),
    /// An output file or folder that could not be written.
    #[cfg(feature = "cli")]
    #[doc(hidden)]
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The archive index could not be created, opened, read or written.
    #[cfg(feature = "index")]
    #[error(transparent)]
    Index(#[from] IndexError),
    /// Sketch shards that could not be written or read.
    #[error(transparent)]
    Shard(#[from] ShardError),
    /// The Spark job's output could not be read.
    #[cfg(feature = "cli")]
    #[doc(hidden)]
    #[error(transparent)]
    SparkOutput(#[from] SparkOutputError),
    /// Dedup's spill files (the shingle sets kept on disk) failed.
    #[error(transparent)]
    Spill(#[from] SpillError),
    /// ROUGE had nothing to score.
    #[error(transparent)]
    Coverage(#[from] CoverageError),
    /// The cases only the command line knows (no input, an existing index...).
    #[cfg(feature = "cli")]
    #[doc(hidden)]
    #[error(transparent)]
    Cli(CliError),
}

#[cfg(feature = "cli")]
impl From<CliError> for Error {
    /// A layer's error wrapped by the command line becomes that layer's variant.
    fn from(err: CliError) -> Error {
        match err {
            CliError::Output(e) => Error::Output(e),
            CliError::Index(e) => Error::Index(e),
            CliError::Shard(e) => Error::Shard(e),
            CliError::SparkOutput(e) => Error::SparkOutput(e),
            CliError::Spill(e) => Error::Spill(e),
            other => Error::Cli(other),
        }
    }
}

#[cfg(all(test, feature = "cli"))]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::cli::ExitStatus;

    /// Converts `layer` into [`Error`] and gives both messages.
    fn messages<E: Into<Error> + std::fmt::Display>(layer: E) -> (String, Error) {
        let message = layer.to_string();
        (message, layer.into())
    }

    #[test]
    fn every_layer_error_converts_and_keeps_its_message() {
        let path = || PathBuf::from("archive.idx");
        let cases = [
            messages(Problem {
                location: "a.txt".into(),
                message: "no such file or directory".into(),
            }),
            messages(GlobError::Empty),
            messages(UnknownLabel("bogus".into())),
            messages(UnknownLanguage {
                given: "klingon".into(),
            }),
            messages(OutputError::EmptyName),
            messages(IndexError::NotFound { path: path() }),
            messages(ShardError::ShardsExist {
                path: path(),
                example: path().join("part-0.parquet"),
            }),
            messages(SparkOutputError::Column {
                path: path(),
                column: "doc",
            }),
            messages(SpillError::Corrupt {
                dir: path(),
                document: 0,
            }),
            messages(CoverageError::NothingScored),
            messages(CliError::NoInput),
        ];
        for (message, error) in &cases {
            assert!(!message.is_empty());
            assert_eq!(&error.to_string(), message, "{error:?}");
            assert_eq!(ExitStatus::from(error), ExitStatus::Error, "{error:?}");
        }
        assert!(matches!(
            cases[5].1,
            Error::Index(IndexError::NotFound { .. })
        ));
        assert!(matches!(cases[10].1, Error::Cli(CliError::NoInput)));
    }

    #[test]
    fn a_layer_error_wrapped_by_the_cli_becomes_that_layers_variant() {
        let wrapped = CliError::from(IndexError::Busy {
            path: PathBuf::from("archive.idx"),
        });
        let message = wrapped.to_string();
        let error = Error::from(wrapped);
        assert!(
            matches!(error, Error::Index(IndexError::Busy { .. })),
            "{error:?}"
        );
        assert_eq!(error.to_string(), message);
        assert_eq!(
            message,
            "archive.idx: another process is writing to the index; try again later"
        );
    }
}
