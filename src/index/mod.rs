//! The persistent archive index: published articles sketched once and stored in one
//! SQLite file, so `check` can compare a draft against a whole archive without
//! re-reading it.
//!
//! The module owns the file layout (`schema`), what is stored per document
//! ([`IndexedDoc`], built from id and text by [`IndexedDoc::build`]), incremental
//! writes ([`Index::add`], [`Index::remove`]) and the lookups a check needs:
//!
//! - [`Index::candidates`]: documents sharing an LSH band with a draft (near-copies);
//! - [`Index::containment_candidates`]: documents sharing sampled 3-word shingles (a
//!   draft pasted into an article, an article pasted into a draft, a reworded article:
//!   Jaccard is low there);
//! - [`Index::paragraph_matches`]: paragraphs with the same normalised fingerprint;
//! - [`Index::paragraph_candidates`]: paragraphs sharing sampled 3-word shingles with a
//!   draft paragraph (a paragraph pasted with edits);
//! - [`Index::shingles`], [`Index::trigrams`], [`Index::doc_meta`],
//!   [`Index::paragraph`]: what exact verification and the report need.
//!
//! Sample lookups skip a shingle found in more than [`MAX_POSTINGS`] paragraphs, so
//! boilerplate costs nothing. [`Index::scratch`] makes a temporary index for one run.
//!
//! The tables (see `schema::SCHEMA`): `meta` (format version, JSON parameter
//! header), `docs` (id, title, size, words, content hash, signature and shingle
//! BLOBs), `bands` (band, key, doc), `samples` (sampled 3-word shingle, doc,
//! paragraph) and `paragraphs` (doc, paragraph, start, end, words, fingerprint, word
//! hashes).
//!
//! Every candidate is meant to be verified exactly on the stored shingles
//! (`dedup::verify::overlap`); the index never reports similarity itself.
//!
//! Concurrency: the file is in WAL mode, so any number of readers (other processes
//! included) query while one writer adds; a second writer waits up to the busy timeout.
//! Each batch of [`BATCH_SIZE`] documents (adjustable) is one transaction, so a process killed
//! mid-add leaves only whole documents.
//!
//! ```
//! use copydesk::index::{Index, IndexedDoc, Mode};
//! use copydesk::sketch::{Header, Sketcher};
//! use copydesk::text::TextFormat;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("archive.cdx");
//! let header = Header::new(5, 128, 42, 0.8, None);
//! let mut index = Index::create(&path, &header).unwrap();
//! let sketcher = index.sketcher();
//! let text = "Harbour expands\n\nThe port authority approved a harbour expansion on \
//!             Tuesday after a long public hearing about dredging the channel.";
//! let doc = IndexedDoc::build(&sketcher, "2026/harbour.md", text, TextFormat::Markdown);
//! let stats = index.add(&header, [doc]).unwrap();
//! assert_eq!(stats.added, 1);
//!
//! let reader = Index::open(&path, Mode::ReadOnly).unwrap();
//! let draft = sketcher.sketch(text);
//! let found = reader.candidates(&draft.band_keys).unwrap();
//! assert_eq!(reader.doc_meta(found[0]).unwrap().unwrap().id, "2026/harbour.md");
//! ```

mod doc;
mod error;
mod query;
pub(crate) mod schema;
#[cfg(test)]
mod tests;
pub(crate) mod trigram;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::sketch::{Header, Sketcher};
pub use doc::{content_hash, title, IndexedDoc, IndexedParagraph, MAX_TITLE_CHARS};
pub use error::{IndexError, Result};
pub use query::{
    DocMeta, ParagraphCandidate, ParagraphMatch, SharedParagraph, SharedSamples, MAX_POSTINGS,
};
pub use write::{AddStats, BATCH_SIZE};

/// A document's key inside one index (its row id). Keys are never reused, but a
/// replaced document gets a new one; the stable name of a document is its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey(pub i64);

/// How to open an existing index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Queries only; any number of readers, other processes included.
    ReadOnly,
    /// Queries and writes; a second writer waits for the first (the busy timeout).
    ReadWrite,
}

/// Figures about an index.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexInfo {
    /// The index file.
    pub path: PathBuf,
    /// The file format's version; an older readable format is migrated when the file is
    /// opened for writing.
    pub format: u32,
    /// The sketch parameters every document in the index was sketched with.
    pub header: Header,
    /// Documents stored.
    pub documents: u64,
    /// Paragraphs stored, over all documents.
    pub paragraphs: u64,
    /// Words stored, over all documents.
    pub words: u64,
    /// Bytes of the main file plus its write-ahead log.
    pub file_bytes: u64,
}

/// An open archive index.
pub struct Index {
    conn: Connection,
    path: PathBuf,
    header: Header,
    writable: bool,
    batch_size: usize,
    /// The documents carry their language (format 3 on).
    has_languages: bool,
}

impl Index {
    /// Creates an index at `path`, or opens the one there if it was built with the
    /// same `header`; a different header is refused, naming the differing fields.
    pub fn create(path: impl AsRef<Path>, header: &Header) -> Result<Index> {
        let path = path.as_ref();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let mut conn = connect(path, flags)?;
        // A zero-length file is a valid empty SQLite database; only claim a file that
        // SQLite reads as blank, never a text file that happens to exist.
        if schema::is_blank(&conn, path)? && !has_content(path) {
            schema::initialise(&mut conn, path, header)?;
        }
        let index = Index::finish(conn, path, true)?;
        index.check_header(header)?;
        Ok(index)
    }

    /// Opens an existing index.
    pub fn open(path: impl AsRef<Path>, mode: Mode) -> Result<Index> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(IndexError::NotFound {
                path: path.to_path_buf(),
            });
        }
        let flags = match mode {
            Mode::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
            Mode::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
        };
        let conn = connect(path, flags)?;
        Index::finish(conn, path, mode == Mode::ReadWrite)
    }

    /// An index for one run (`check --against`): a private temporary database that
    /// SQLite keeps in memory up to its page cache, spills to a temporary file beyond
    /// it, and deletes on close. It has the layout, the writes and the lookups of an
    /// index on disk, so both give the same findings by construction. `label` names it
    /// in error messages.
    pub fn scratch(header: &Header, label: &str) -> Result<Index> {
        let path = Path::new(label);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // An empty file name is SQLite's private temporary database.
        let mut conn =
            Connection::open_with_flags("", flags).map_err(|e| IndexError::from_sqlite(path, e))?;
        schema::initialise(&mut conn, path, header)?;
        schema::configure_scratch(&conn, path)?;
        let (header, _) = schema::validate(&conn, path)?;
        Ok(Index {
            conn,
            path: path.to_path_buf(),
            header,
            writable: true,
            batch_size: BATCH_SIZE,
            has_languages: true,
        })
    }

    /// Validates the file before configuring it: WAL mode must not be switched on
    /// in a file that turns out not to be an index.
    fn finish(mut conn: Connection, path: &Path, writable: bool) -> Result<Index> {
        let (header, mut format) = schema::validate(&conn, path)?;
        schema::configure(&conn, path, writable)?;
        if writable {
            schema::migrate(&mut conn, path, format)?;
            format = schema::FORMAT_VERSION;
        }
        Ok(Index {
            conn,
            path: path.to_path_buf(),
            header,
            writable,
            batch_size: BATCH_SIZE,
            has_languages: format >= schema::FORMAT_WITH_LANGUAGES,
        })
    }

    /// The sketch parameters every stored document was made with.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// A sketcher for this index's parameters: build documents and drafts with it.
    pub fn sketcher(&self) -> Sketcher {
        Sketcher::new(self.header.clone())
    }

    /// The index file this was opened from (a temporary file for a scratch index).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refuses sketches made under another header.
    pub fn check_header(&self, header: &Header) -> Result<()> {
        match self.header.incompatibility(header) {
            None => Ok(()),
            Some(differences) => Err(IndexError::HeaderMismatch {
                path: self.path.clone(),
                differences,
            }),
        }
    }

    /// Counts and sizes.
    pub fn info(&self) -> Result<IndexInfo> {
        let (documents, words): (i64, i64) = self
            .conn
            .query_row(
                "SELECT count(*), coalesce(sum(words), 0) FROM docs",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.sqlite(e))?;
        let paragraphs: i64 = self
            .conn
            .query_row("SELECT count(*) FROM paragraphs", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))?;
        Ok(IndexInfo {
            path: self.path.clone(),
            format: schema::FORMAT_VERSION,
            header: self.header.clone(),
            documents: documents as u64,
            paragraphs: paragraphs as u64,
            words: words as u64,
            file_bytes: file_bytes(&self.path),
        })
    }

    /// Folds the write-ahead log into the main file (it is otherwise done every ~1000
    /// pages); useful before measuring or copying the file.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(|e| self.sqlite(e))
    }

    /// How long a writer waits for another one to finish before giving up with
    /// [`IndexError::Busy`] (default 10 seconds).
    pub fn set_busy_timeout(&self, timeout: std::time::Duration) -> Result<()> {
        self.conn.busy_timeout(timeout).map_err(|e| self.sqlite(e))
    }

    fn sqlite(&self, error: rusqlite::Error) -> IndexError {
        IndexError::from_sqlite(&self.path, error)
    }
}

fn connect(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let sqlite = |e| IndexError::from_sqlite(path, e);
    let conn = Connection::open_with_flags(path, flags).map_err(sqlite)?;
    // Set before the first read: a second writer waits for the first instead of
    // failing at once, even while the file is being laid out.
    conn.busy_timeout(schema::BUSY_TIMEOUT).map_err(sqlite)?;
    Ok(conn)
}

/// True for a file with bytes in it (an existing database has at least one page).
fn has_content(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

fn file_bytes(path: &Path) -> u64 {
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    size(path) + size(Path::new(&wal))
}
