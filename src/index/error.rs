//! What can go wrong with an archive index, worded for the person who named the file.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// An index error; every variant names the file it is about.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// `open` was given a path where there is no file.
    #[error("{}: no such index file", .path.display())]
    NotFound {
        /// The index file.
        path: PathBuf,
    },
    /// The file exists but is not a copydesk index (a text file, an empty file,
    /// another program's database).
    #[error("{}: not a copydesk index ({reason})", .path.display())]
    NotAnIndex {
        /// The index file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The file was an index but is damaged.
    #[error("{}: the index is damaged ({reason})", .path.display())]
    Corrupt {
        /// The index file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Written by a newer copydesk, with a layout this one does not know.
    #[error(
        "{}: index format {found} was written by a newer copydesk \
         (this one reads format {supported} and older)",
        .path.display()
    )]
    NewerFormat {
        /// The index file.
        path: PathBuf,
        /// The format the file was written in.
        found: u32,
        /// The newest format this copydesk reads.
        supported: u32,
    },
    /// Written by an older copydesk, in a layout that lacks what this one needs and
    /// cannot be migrated without the articles' texts: the index must be rebuilt.
    #[error(
        "{}: index format {found} was written by an older copydesk and lacks \
         the paragraphs' words that format {supported} keeps; rebuild it from \
         the articles with `copydesk index build`",
        .path.display()
    )]
    OlderFormat {
        /// The index file.
        path: PathBuf,
        /// The format the file was written in.
        found: u32,
        /// The format this copydesk needs.
        supported: u32,
    },
    /// The sketch parameters differ from the ones the index was built with; the
    /// string names each differing field ("ngram 5 vs 3, seed 1 vs 2").
    #[error(
        "{}: the index was built with other sketch parameters \
         (index vs requested: {differences})",
        .path.display()
    )]
    HeaderMismatch {
        /// The index file.
        path: PathBuf,
        /// Each differing field, the index's value first.
        differences: String,
    },
    /// The index holds sketches of another sketch version (or tokenization, or
    /// hashing) than this copydesk makes: its documents cannot be compared with new
    /// ones. The string names each difference, the index's value first.
    #[error(
        "{}: the index holds sketches that this copydesk does not make (index \
         vs this copydesk: {differences}); rebuild it from the articles with \
         `copydesk index build`",
        .path.display()
    )]
    SketchVersion {
        /// The index file.
        path: PathBuf,
        /// Each differing field, the index's value first.
        differences: String,
    },
    /// A write on an index opened read-only (or on a read-only file).
    #[error("{}: the index is open read-only", .path.display())]
    ReadOnly {
        /// The index file.
        path: PathBuf,
    },
    /// Another process held the write lock for longer than the busy timeout.
    #[error(
        "{}: another process is writing to the index; try again later",
        .path.display()
    )]
    Busy {
        /// The index file.
        path: PathBuf,
    },
    /// Any other SQLite or file-system failure.
    #[error("{}: {source}", .path.display())]
    Storage {
        /// The index file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
}

impl IndexError {
    /// Classifies a SQLite error raised while working on `path`.
    pub(crate) fn from_sqlite(path: &Path, error: rusqlite::Error) -> IndexError {
        let path = path.to_path_buf();
        match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => IndexError::NotAnIndex {
                path,
                reason: "not an SQLite database".into(),
            },
            Some(ErrorCode::DatabaseCorrupt) => IndexError::Corrupt {
                path,
                reason: error.to_string(),
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => IndexError::Busy { path },
            Some(ErrorCode::ReadOnly) => IndexError::ReadOnly { path },
            _ => IndexError::Storage {
                path,
                source: error,
            },
        }
    }

    pub(crate) fn corrupt(path: &Path, reason: impl Into<String>) -> IndexError {
        IndexError::Corrupt {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }

    pub(crate) fn not_an_index(path: &Path, reason: impl Into<String>) -> IndexError {
        IndexError::NotAnIndex {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }
}

/// Results of index operations.
pub type Result<T> = std::result::Result<T, IndexError>;
