//! The on-disk layout: tables, the format version, and the checks that tell an index
//! from any other file before anything is read from it or written to it.
//!
//! Hashes are u64 but SQLite integers are i64: they are stored bit for bit (`as i64`),
//! which keeps equality lookups exact; only sampled shingles (hash <= u64::MAX / 8)
//! are ever compared by range, and those are non-negative either way.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use super::error::{IndexError, Result};
use crate::sketch::Header;

/// Version of this layout. Bump it when a change would stop an older copydesk from
/// reading the file correctly; newer formats are refused, and so are older ones that
/// lack what this code needs and cannot be migrated (the index keeps no texts).
///
/// - 1: 5-word samples; paragraphs without their words.
/// - 2: each paragraph's word hashes, and sampled 3-word shingles instead of 5-word
///   ones, for edited paragraphs and reworded articles.
/// - 3: each document's language (`docs.lang`). A format-2 index is read as it is
///   (no languages) and gains the column when opened for writing.
pub const FORMAT_VERSION: u32 = 3;

/// The first format whose documents carry their language.
pub const FORMAT_WITH_LANGUAGES: u32 = 3;

/// The oldest format this code reads. Format 1 lacks the paragraphs' words, which
/// only the articles' texts can give back: such a file must be rebuilt.
pub const OLDEST_READABLE: u32 = 2;

/// SQLite `application_id` ("cpdk"): lets `file(1)` and this code recognise the file.
pub const APPLICATION_ID: i32 = 0x6370_646b;

/// The tables. `WITHOUT ROWID` tables keyed by what they are looked up by keep the
/// postings compact: the primary key is the index.
pub const SCHEMA: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- AUTOINCREMENT: a document key is never reused, so a key a reader got from one query
-- cannot name another document in the next one after a concurrent replace.
CREATE TABLE docs (
    doc          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    title        TEXT,
    lang         TEXT,            -- ISO 639-1 code of the language it was analysed in
    size         INTEGER NOT NULL,
    words        INTEGER NOT NULL,
    content_hash INTEGER NOT NULL,
    signature    BLOB NOT NULL,   -- u32 little-endian, one per permutation
    shingles     BLOB NOT NULL    -- sorted distinct u64 little-endian
);

CREATE TABLE bands (
    band INTEGER NOT NULL,
    key  INTEGER NOT NULL,
    doc  INTEGER NOT NULL,
    PRIMARY KEY (band, key, doc)
) WITHOUT ROWID;
CREATE INDEX bands_by_doc ON bands (doc);

-- Sampled 3-word shingles (hash <= u64::MAX / 4, see index::trigram) with the paragraph
-- holding them: containment, reworded-article and edited-paragraph candidates. Rows of
-- a document are found again from its paragraphs' words, so no index on doc is needed.
CREATE TABLE samples (
    hash      INTEGER NOT NULL,
    doc       INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    PRIMARY KEY (hash, doc, paragraph)
) WITHOUT ROWID;

CREATE TABLE paragraphs (
    doc       INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    words     INTEGER NOT NULL,
    hash      INTEGER,             -- normalised fingerprint; NULL below the minimum words
    word_hashes BLOB NOT NULL,     -- u64 little-endian, one per normalised word, in order
    PRIMARY KEY (doc, paragraph)
) WITHOUT ROWID;
CREATE INDEX paragraphs_by_hash ON paragraphs (hash) WHERE hash IS NOT NULL;
";

/// How long a writer waits for another by default.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Page cache of a writing connection, in KiB.
pub const WRITER_CACHE_KIB: i64 = 256 * 1024;

/// Settings of a connection to a validated index: WAL so readers go on while one
/// writer adds (the busy timeout is set on connecting, see `Index`).
pub fn configure(conn: &Connection, path: &Path, writable: bool) -> Result<()> {
    let sqlite = |e| IndexError::from_sqlite(path, e);
    if writable {
        switch_to_wal(conn).map_err(sqlite)?;
        // In WAL mode NORMAL still never corrupts; a power cut may lose the last batch.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sqlite)?;
        // Band and sample keys are hashes, so inserts land all over their B-trees: a
        // page cache far above the 2 MiB default keeps adds from slowing to disk speed
        // as the archive grows (negative: KiB).
        conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB.wrapping_neg())
            .map_err(sqlite)?;
    }
    Ok(())
}

/// Settings of a scratch index (see `Index::scratch`): nobody else reads it and it
/// dies with the process, so its rollback journal stays in memory and nothing is
/// synced; a page cache like a writer's keeps a folder of a few thousand articles in
/// memory.
pub fn configure_scratch(conn: &Connection, path: &Path) -> Result<()> {
    let sqlite = |e| IndexError::from_sqlite(path, e);
    conn.pragma_update_and_check(None, "journal_mode", "MEMORY", |r| r.get::<_, String>(0))
        .map_err(sqlite)?;
    conn.pragma_update(None, "synchronous", "OFF")
        .map_err(sqlite)?;
    conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB.wrapping_neg())
        .map_err(sqlite)
}

/// Puts the file in WAL mode (a setting kept in the file, so once per index). The
/// switch needs the file to itself, and SQLite refuses it without calling the busy
/// handler when that could deadlock (two `create`s of one new file): retry then.
fn switch_to_wal(conn: &Connection) -> rusqlite::Result<()> {
    let started = std::time::Instant::now();
    loop {
        let mode: rusqlite::Result<String> =
            conn.pragma_query_value(None, "journal_mode", |r| r.get(0));
        let result = match mode {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(_) => {
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            }
            Err(e) => Err(e),
        };
        match result {
            Ok(_) => return Ok(()),
            Err(e) if is_busy(&e) && started.elapsed() < BUSY_TIMEOUT => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => return Err(e),
        }
    }
}

fn is_busy(error: &rusqlite::Error) -> bool {
    error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
}

/// Lays out a new, empty index, unless another process laid it out first (two
/// `create`s of one new file race; the second finds the tables and leaves them).
pub fn initialise(conn: &mut Connection, path: &Path, header: &Header) -> Result<()> {
    let sqlite = |e| IndexError::from_sqlite(path, e);
    let json = serde_json::to_string(header).expect("a header always serialises");
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(sqlite)?;
    if !is_blank(&tx, path)? {
        return Ok(());
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(sqlite)?;
    tx.execute_batch(SCHEMA).map_err(sqlite)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('format', ?1), ('header', ?2)",
        (FORMAT_VERSION.to_string(), json),
    )
    .map_err(sqlite)?;
    tx.commit().map_err(sqlite)
}

/// True when the database has no tables at all (a new or empty file).
pub fn is_blank(conn: &Connection, path: &Path) -> Result<bool> {
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|e| IndexError::from_sqlite(path, e))?;
    Ok(tables == 0)
}

/// Checks that the database is a copydesk index this code can read, and returns its
/// header and format version.
pub fn validate(conn: &Connection, path: &Path) -> Result<(Header, u32)> {
    let sqlite = |e| IndexError::from_sqlite(path, e);
    let id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sqlite)?;
    if id != APPLICATION_ID {
        let reason = if is_blank(conn, path)? {
            "an empty file or empty database".to_string()
        } else {
            "an SQLite database of another program".to_string()
        };
        return Err(IndexError::not_an_index(path, reason));
    }
    let format = check_format(&meta(conn, path, "format")?, path)?;
    let json = meta(conn, path, "header")?;
    let header: Header = serde_json::from_str(&json)
        .map_err(|e| IndexError::corrupt(path, format!("unreadable parameter header: {e}")))?;
    if let Some(differences) = header.unsupported() {
        return Err(IndexError::SketchVersion {
            path: path.to_path_buf(),
            differences,
        });
    }
    Ok((header, format))
}

/// Brings an index of an older readable format up to this one, in one transaction:
/// format 2 gains the documents' language column (empty for those already stored).
pub fn migrate(conn: &mut Connection, path: &Path, format: u32) -> Result<()> {
    if format >= FORMAT_VERSION {
        return Ok(());
    }
    let sqlite = |e| IndexError::from_sqlite(path, e);
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(sqlite)?;
    let current: String = tx
        .query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| {
            r.get(0)
        })
        .map_err(sqlite)?;
    // Another writer may have migrated it since it was validated.
    if current == FORMAT_VERSION.to_string() {
        return Ok(());
    }
    tx.execute_batch("ALTER TABLE docs ADD COLUMN lang TEXT")
        .map_err(sqlite)?;
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'format'",
        [FORMAT_VERSION.to_string()],
    )
    .map_err(sqlite)?;
    tx.commit().map_err(sqlite)
}

fn check_format(value: &str, path: &Path) -> Result<u32> {
    let found: u32 = value
        .parse()
        .map_err(|_| IndexError::corrupt(path, format!("format version {value:?}")))?;
    if found > FORMAT_VERSION {
        return Err(IndexError::NewerFormat {
            path: path.to_path_buf(),
            found,
            supported: FORMAT_VERSION,
        });
    }
    if found < OLDEST_READABLE {
        return Err(IndexError::OlderFormat {
            path: path.to_path_buf(),
            found,
            supported: FORMAT_VERSION,
        });
    }
    Ok(found)
}

fn meta(conn: &Connection, path: &Path, key: &str) -> Result<String> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
        .map_err(|e| IndexError::from_sqlite(path, e))?
        .ok_or_else(|| IndexError::corrupt(path, format!("no {key} in the meta table")))
}

/// Sorted u64s as a little-endian BLOB.
pub fn u64_blob(values: &[u64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// u32s as a little-endian BLOB.
pub fn u32_blob(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The u64s of a BLOB, or `None` when its length is not a whole number of them.
pub fn blob_u64(bytes: &[u8]) -> Option<Vec<u64>> {
    let chunks = bytes.chunks_exact(8);
    if !chunks.remainder().is_empty() {
        return None;
    }
    Some(
        chunks
            .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
            .collect(),
    )
}

/// The u32s of a BLOB, or `None` when its length is not a whole number of them.
pub fn blob_u32(bytes: &[u8]) -> Option<Vec<u32>> {
    let chunks = bytes.chunks_exact(4);
    if !chunks.remainder().is_empty() {
        return None;
    }
    Some(
        chunks
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect(),
    )
}
