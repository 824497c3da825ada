//! Incremental writes: adding documents (new, replaced or unchanged) and removing
//! them, a batch at a time, each batch one transaction.

use rusqlite::{params, Transaction, TransactionBehavior};
use rustc_hash::FxHashSet;

use super::error::{IndexError, Result};
use super::query::lookup;
use super::schema::{blob_u64, u32_blob, u64_blob};
use std::path::Path;

use super::{DocKey, Index, IndexedDoc};
use crate::sketch::Header;

/// Documents per transaction by default: a killed run loses at most this many (the
/// next run adds them again), and commits stay rare enough on a large archive. At
/// 60,000 articles of 600 words, 500 per batch took 5.4 s per 5,000 added, 5,000 per
/// batch 1.9 s.
pub const BATCH_SIZE: usize = 2000;

/// What an `add` did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AddStats {
    /// Documents that were new to the index.
    pub added: usize,
    /// Ids already present with another text: the old entry was replaced.
    pub replaced: usize,
    /// Ids already present with the same text: nothing was written.
    pub unchanged: usize,
}

impl std::ops::AddAssign for AddStats {
    fn add_assign(&mut self, other: AddStats) {
        self.added += other.added;
        self.replaced += other.replaced;
        self.unchanged += other.unchanged;
    }
}

enum Outcome {
    Added,
    Replaced,
    Unchanged,
}

impl Index {
    /// Stores documents sketched under `header` (which must be this index's),
    /// committing every [`Index::set_batch_size`] documents (default
    /// [`BATCH_SIZE`]). Documents are written as the iterator yields them, without
    /// buffering; the write lock is held while it computes the next one (readers are
    /// not blocked, other writers wait). On an error, the batches before it stay
    /// committed and the failing batch is rolled back whole.
    pub fn add(
        &mut self,
        header: &Header,
        docs: impl IntoIterator<Item = IndexedDoc>,
    ) -> Result<AddStats> {
        self.check_writable()?;
        self.check_header(header)?;
        let mut docs = docs.into_iter().peekable();
        let mut stats = AddStats::default();
        while docs.peek().is_some() {
            let batch = self.batch_size;
            stats += self.add_batch(docs.by_ref().take(batch))?;
        }
        Ok(stats)
    }

    /// Sets how many documents `add` writes per transaction: more is faster on a
    /// large archive (hash-keyed inserts dirty pages all over the postings, and each
    /// commit writes every dirty page once), fewer loses less work to a crash.
    pub fn set_batch_size(&mut self, documents: usize) {
        self.batch_size = documents.max(1);
    }

    fn add_batch(&mut self, docs: impl Iterator<Item = IndexedDoc>) -> Result<AddStats> {
        let Index {
            conn, path, header, ..
        } = self;
        let sqlite = |e| IndexError::from_sqlite(path, e);
        // Immediate: a deferred transaction that read first could fail at its first
        // write, without waiting, if another writer committed meanwhile.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        let mut stats = AddStats::default();
        let mut postings = Postings::default();
        for doc in docs {
            check_shape(header, path, &doc)?;
            match add_one(&tx, &doc, &mut postings).map_err(sqlite)? {
                Outcome::Added => stats.added += 1,
                Outcome::Replaced => stats.replaced += 1,
                Outcome::Unchanged => stats.unchanged += 1,
            }
        }
        postings.insert(&tx).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        Ok(stats)
    }

    /// Removes the documents with these ids; returns how many were there.
    pub fn remove<I, S>(&mut self, ids: I) -> Result<usize>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.check_writable()?;
        let path = self.path.clone();
        let sqlite = |e| IndexError::from_sqlite(&path, e);
        let tx = self.write_transaction().map_err(sqlite)?;
        let mut removed = 0;
        for id in ids {
            if let Some((key, _)) = lookup(&tx, id.as_ref()).map_err(sqlite)? {
                delete_doc(&tx, key).map_err(sqlite)?;
                removed += 1;
            }
        }
        tx.commit().map_err(sqlite)?;
        Ok(removed)
    }

    /// Takes the write lock up front (see `add_batch`).
    fn write_transaction(&mut self) -> rusqlite::Result<Transaction<'_>> {
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
    }

    /// The content hash stored for `id`: a caller re-indexing a folder can skip
    /// sketching files whose [`content_hash`](super::content_hash) has not changed.
    pub fn stored_hash(&self, id: &str) -> Result<Option<u64>> {
        lookup(&self.conn, id)
            .map(|found| found.map(|(_, hash)| hash))
            .map_err(|e| self.sqlite(e))
    }

    /// Every stored id, sorted (to find documents whose file is gone).
    pub fn ids(&self) -> Result<Vec<String>> {
        self.conn
            .prepare_cached("SELECT id FROM docs ORDER BY id")
            .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
            .map_err(|e| self.sqlite(e))
    }

    fn check_writable(&self) -> Result<()> {
        if self.writable {
            Ok(())
        } else {
            Err(IndexError::ReadOnly {
                path: self.path.clone(),
            })
        }
    }
}

/// A document whose signature does not fit the header was not made by its sketcher:
/// refuse it rather than store unfindable band keys.
fn check_shape(header: &Header, path: &Path, doc: &IndexedDoc) -> Result<()> {
    let sketch = &doc.sketch;
    let bands_ok = sketch.band_keys.is_empty() || sketch.band_keys.len() == header.bands;
    if sketch.signature.len() == header.perms && bands_ok {
        return Ok(());
    }
    Err(IndexError::HeaderMismatch {
        path: path.to_path_buf(),
        differences: format!(
            "document {:?} has {} permutations and {} bands, the index {} and {}",
            doc.id,
            sketch.signature.len(),
            sketch.band_keys.len(),
            header.perms,
            header.bands
        ),
    })
}

fn add_one(
    tx: &Transaction,
    doc: &IndexedDoc,
    postings: &mut Postings,
) -> rusqlite::Result<Outcome> {
    let outcome = match lookup(tx, &doc.id)? {
        Some((_, hash)) if hash == doc.content_hash => return Ok(Outcome::Unchanged),
        Some((key, _)) => {
            delete_doc(tx, key)?;
            // Added earlier in this batch: its postings are not in the tables yet.
            postings.forget(key);
            Outcome::Replaced
        }
        None => Outcome::Added,
    };
    let key = insert_doc(tx, doc)?;
    insert_paragraphs(tx, key, doc)?;
    postings.add(key, doc);
    Ok(outcome)
}

/// The band and sample rows of a batch, inserted together in key order at its end:
/// their keys are hashes, and inserting them sorted walks each B-tree once instead of
/// jumping between its pages (adds to a scratch index took half the time).
#[derive(Default)]
struct Postings {
    bands: Vec<(i64, i64, i64)>,
    samples: Vec<(i64, i64, i64)>,
    /// The documents added in this batch: only their rows are here to forget.
    added: FxHashSet<i64>,
}

impl Postings {
    fn add(&mut self, key: DocKey, doc: &IndexedDoc) {
        self.added.insert(key.0);
        let bands = doc.sketch.band_keys.iter().enumerate();
        self.bands
            .extend(bands.map(|(band, &k)| (band as i64, k as i64, key.0)));
        let samples = doc.samples.iter();
        self.samples
            .extend(samples.map(|&(hash, paragraph)| (hash as i64, key.0, paragraph)));
    }

    /// Drops the rows of a document added earlier in this batch. Replacing a
    /// document stored by an earlier batch (the usual case) costs nothing here, where
    /// scanning the batch for it made a batch of replacements quadratic.
    fn forget(&mut self, key: DocKey) {
        if !self.added.remove(&key.0) {
            return;
        }
        self.bands.retain(|row| row.2 != key.0);
        self.samples.retain(|row| row.1 != key.0);
    }

    fn insert(mut self, tx: &Transaction) -> rusqlite::Result<()> {
        self.bands.sort_unstable();
        self.samples.sort_unstable();
        let mut bands =
            tx.prepare_cached("INSERT INTO bands (band, key, doc) VALUES (?1, ?2, ?3)")?;
        for (band, k, doc) in self.bands {
            bands.execute(params![band, k, doc])?;
        }
        let mut samples =
            tx.prepare_cached("INSERT INTO samples (hash, doc, paragraph) VALUES (?1, ?2, ?3)")?;
        for (hash, doc, paragraph) in self.samples {
            samples.execute(params![hash, doc, paragraph])?;
        }
        Ok(())
    }
}

fn insert_doc(tx: &Transaction, doc: &IndexedDoc) -> rusqlite::Result<DocKey> {
    tx.prepare_cached(
        "INSERT INTO docs (id, title, size, words, content_hash, signature, shingles, lang)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        doc.id,
        doc.title,
        doc.size as i64,
        doc.sketch.words as i64,
        doc.content_hash as i64,
        u32_blob(&doc.sketch.signature),
        u64_blob(&doc.sketch.shingles),
        doc.lang,
    ])?;
    Ok(DocKey(tx.last_insert_rowid()))
}

fn insert_paragraphs(tx: &Transaction, key: DocKey, doc: &IndexedDoc) -> rusqlite::Result<()> {
    let mut paragraphs = tx.prepare_cached(
        "INSERT INTO paragraphs (doc, paragraph, start, end, words, hash, word_hashes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (index, p) in doc.paragraphs.iter().enumerate() {
        paragraphs.execute(params![
            key.0,
            index as i64,
            p.span.start as i64,
            p.span.end as i64,
            p.words as i64,
            p.fingerprint.map(|h| h as i64),
            u64_blob(&p.hashes),
        ])?;
    }
    Ok(())
}

/// Deletes a document and every row pointing at it. Its sample rows are found from
/// its paragraphs' stored words, which give back exactly the samples inserted.
fn delete_doc(tx: &Transaction, key: DocKey) -> rusqlite::Result<()> {
    let Some(paragraphs) = paragraph_words(tx, key)? else {
        // A damaged blob: find the rows the slow way rather than leave them behind.
        tx.execute("DELETE FROM samples WHERE doc = ?1", [key.0])?;
        return delete_rest(tx, key);
    };
    let mut samples =
        tx.prepare_cached("DELETE FROM samples WHERE hash = ?1 AND doc = ?2 AND paragraph = ?3")?;
    for (hash, paragraph) in super::doc::samples(paragraphs.iter().map(Vec::as_slice)) {
        samples.execute(params![hash as i64, key.0, paragraph])?;
    }
    delete_rest(tx, key)
}

/// The stored word hashes of a document's paragraphs, in order, or `None` when a
/// blob is damaged. Takes a connection so that reads and writes can share it.
pub(super) fn paragraph_words(
    conn: &rusqlite::Connection,
    key: DocKey,
) -> rusqlite::Result<Option<Vec<Vec<u64>>>> {
    let mut stmt = conn
        .prepare_cached("SELECT word_hashes FROM paragraphs WHERE doc = ?1 ORDER BY paragraph")?;
    let blobs = stmt
        .query_map([key.0], |r| r.get::<_, Vec<u8>>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(blobs.iter().map(|blob| blob_u64(blob)).collect())
}

fn delete_rest(tx: &Transaction, key: DocKey) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM bands WHERE doc = ?1")?
        .execute([key.0])?;
    tx.prepare_cached("DELETE FROM paragraphs WHERE doc = ?1")?
        .execute([key.0])?;
    tx.prepare_cached("DELETE FROM docs WHERE doc = ?1")?
        .execute([key.0])?;
    Ok(())
}
