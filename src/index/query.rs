//! The lookups a check makes: candidates by LSH band, by sampled shingle (documents
//! and paragraphs), paragraphs by fingerprint, and the stored data needed to verify
//! and report a candidate.

use rusqlite::{params, Connection, OptionalExtension};
use rustc_hash::FxHashMap;

use super::doc::IndexedParagraph;
use super::error::{IndexError, Result};
use super::schema::{blob_u32, blob_u64};
use super::{trigram, write, DocKey, Index};
use crate::text::Span;

/// A sampled shingle found in more places (document paragraphs) than this is skipped
/// by the sample lookups: it is a stock phrase ("said in a", "one of the") or
/// boilerplate, not evidence of copying, and following it would read a large share of
/// the index.
pub const MAX_POSTINGS: usize = 1000;

/// What the report shows about a stored document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocMeta {
    /// The document's key in this index.
    pub key: DocKey,
    /// The document's id (path or JSONL id).
    pub id: String,
    /// Its title, when it has one.
    pub title: Option<String>,
    /// ISO 639-1 code of its language (unknown for documents of a format-2 index).
    pub lang: Option<String>,
    /// Size of its text in bytes.
    pub size: usize,
    /// Words in its text.
    pub words: usize,
}

/// A stored paragraph with the same fingerprint as one asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphMatch {
    /// The fingerprint both paragraphs have.
    pub fingerprint: u64,
    /// The stored document holding the paragraph.
    pub doc: DocKey,
    /// That document's id.
    pub id: String,
    /// Index of the paragraph in its document (0-based).
    pub paragraph: usize,
    /// Where the paragraph is in its document's text (byte offsets).
    pub span: Span,
    /// Words in the paragraph.
    pub words: usize,
}

/// A stored document sharing sampled shingles with a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SharedSamples {
    /// The stored document.
    pub doc: DocKey,
    /// Distinct sampled shingles it shares with the text.
    pub shared: usize,
}

/// A stored paragraph sharing sampled shingles with a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SharedParagraph {
    /// The stored document holding the paragraph.
    pub doc: DocKey,
    /// Index of the paragraph in its document (0-based).
    pub paragraph: usize,
    /// Distinct sampled shingles it shares with the text.
    pub shared: usize,
}

/// A stored paragraph sharing sampled shingles with a text, with what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphCandidate {
    /// The stored document holding the paragraph.
    pub doc: DocKey,
    /// Index of the paragraph in its document (0-based).
    pub paragraph: usize,
    /// Distinct sampled shingles it shares with the text.
    pub shared: usize,
    /// The stored paragraph: its place, words and word hashes.
    pub stored: IndexedParagraph,
}

impl Index {
    /// Documents sharing at least one LSH band key with `band_keys` (a sketch's,
    /// made with [`Index::sketcher`]), sorted.
    pub fn candidates(&self, band_keys: &[u64]) -> Result<Vec<DocKey>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc FROM bands WHERE band = ?1 AND key = ?2")
            .map_err(|e| self.sqlite(e))?;
        let mut docs = Vec::new();
        for (band, &key) in band_keys.iter().enumerate() {
            let rows = stmt
                .query_map(params![band as i64, key as i64], |r| r.get(0))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<i64>>>())
                .map_err(|e| self.sqlite(e))?;
            docs.extend(rows.into_iter().map(DocKey));
        }
        docs.sort_unstable();
        docs.dedup();
        Ok(docs)
    }

    /// Documents sharing at least `min_shared` sampled shingles with `shingles` (a
    /// text's sorted 3-word shingle set, see `trigram`), most shared first. Finds a
    /// draft pasted into an article, an article pasted into a draft, and a reworded
    /// article, whatever their Jaccard similarity.
    pub fn containment_candidates(
        &self,
        shingles: &[u64],
        min_shared: usize,
    ) -> Result<Vec<SharedSamples>> {
        let mut counts: FxHashMap<DocKey, usize> = FxHashMap::default();
        for &hash in trigram::sampled(shingles) {
            let mut docs: Vec<DocKey> = self.postings(hash)?.into_iter().map(|p| p.0).collect();
            docs.dedup();
            for doc in docs {
                *counts.entry(doc).or_default() += 1;
            }
        }
        let mut found: Vec<SharedSamples> = counts
            .into_iter()
            .filter(|&(_, shared)| shared >= min_shared.max(1))
            .map(|(doc, shared)| SharedSamples { doc, shared })
            .collect();
        found.sort_unstable_by_key(|c| (std::cmp::Reverse(c.shared), c.doc));
        Ok(found)
    }

    /// The `limit` stored paragraphs sharing most sampled shingles (at least
    /// `min_shared`) with `shingles` (one draft paragraph's 3-word shingle set), ties
    /// by document and paragraph: the paragraphs an edited copy may come from, with
    /// their words for exact verification.
    pub fn paragraph_candidates(
        &self,
        shingles: &[u64],
        min_shared: usize,
        limit: usize,
    ) -> Result<Vec<ParagraphCandidate>> {
        let mut found = Vec::new();
        for place in self.paragraph_places(shingles, min_shared, limit)? {
            if let Some(stored) = self.paragraph(place.doc, place.paragraph)? {
                found.push(ParagraphCandidate {
                    doc: place.doc,
                    paragraph: place.paragraph,
                    shared: place.shared,
                    stored,
                });
            }
        }
        Ok(found)
    }

    /// The same paragraphs as [`Index::paragraph_candidates`], without reading their
    /// words: a caller verifying many draft paragraphs against the same archived one
    /// can read it once (see [`Index::paragraph`]).
    pub fn paragraph_places(
        &self,
        shingles: &[u64],
        min_shared: usize,
        limit: usize,
    ) -> Result<Vec<SharedParagraph>> {
        let mut counts: FxHashMap<(DocKey, i64), usize> = FxHashMap::default();
        for &hash in trigram::sampled(shingles) {
            for posting in self.postings(hash)? {
                *counts.entry(posting).or_default() += 1;
            }
        }
        let mut ranked: Vec<((DocKey, i64), usize)> = counts
            .into_iter()
            .filter(|&(_, shared)| shared >= min_shared.max(1))
            .collect();
        ranked.sort_unstable_by_key(|&(place, shared)| (std::cmp::Reverse(shared), place));
        ranked.truncate(limit);
        Ok(ranked
            .into_iter()
            .map(|((doc, paragraph), shared)| SharedParagraph {
                doc,
                paragraph: paragraph as usize,
                shared,
            })
            .collect())
    }

    /// `(doc, paragraph)` rows of one sampled shingle, sorted; none when the shingle
    /// is too common to mean anything (see [`MAX_POSTINGS`]).
    fn postings(&self, hash: u64) -> Result<Vec<(DocKey, i64)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc, paragraph FROM samples WHERE hash = ?1 ORDER BY doc, paragraph LIMIT ?2")
            .map_err(|e| self.sqlite(e))?;
        let rows = stmt
            .query_map(params![hash as i64, MAX_POSTINGS as i64 + 1], |r| {
                Ok((DocKey(r.get(0)?), r.get(1)?))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<(DocKey, i64)>>>())
            .map_err(|e| self.sqlite(e))?;
        Ok(if rows.len() > MAX_POSTINGS {
            Vec::new()
        } else {
            rows
        })
    }

    /// Stored paragraphs whose fingerprint is one of `fingerprints`, ordered by
    /// fingerprint, document and paragraph, at most `limit` per fingerprint (a
    /// footer can be in every article).
    pub fn paragraph_matches(
        &self,
        fingerprints: &[u64],
        limit: usize,
    ) -> Result<Vec<ParagraphMatch>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT p.doc, d.id, p.paragraph, p.start, p.end, p.words
                 FROM paragraphs p JOIN docs d ON d.doc = p.doc
                 WHERE p.hash = ?1 ORDER BY p.doc, p.paragraph LIMIT ?2",
            )
            .map_err(|e| self.sqlite(e))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut sorted = fingerprints.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut found = Vec::new();
        for fingerprint in sorted {
            let rows = stmt
                .query_map(params![fingerprint as i64, limit], |r| {
                    Ok(ParagraphMatch {
                        fingerprint,
                        doc: DocKey(r.get(0)?),
                        id: r.get(1)?,
                        paragraph: r.get::<_, i64>(2)? as usize,
                        span: Span::new(r.get::<_, i64>(3)? as usize, r.get::<_, i64>(4)? as usize),
                        words: r.get::<_, i64>(5)? as usize,
                    })
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(|e| self.sqlite(e))?;
            found.extend(rows);
        }
        Ok(found)
    }

    /// One stored paragraph, with its words, if the document and paragraph exist.
    pub fn paragraph(&self, doc: DocKey, paragraph: usize) -> Result<Option<IndexedParagraph>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT start, end, words, hash, word_hashes FROM paragraphs
                 WHERE doc = ?1 AND paragraph = ?2",
            )
            .and_then(|mut stmt| {
                stmt.query_row(params![doc.0, paragraph as i64], |r| {
                    let span =
                        Span::new(r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize);
                    let words = r.get::<_, i64>(2)? as usize;
                    let fingerprint = r.get::<_, Option<i64>>(3)?.map(|h| h as u64);
                    Ok((span, words, fingerprint, r.get::<_, Vec<u8>>(4)?))
                })
                .optional()
            })
            .map_err(|e| self.sqlite(e))?;
        let Some((span, words, fingerprint, blob)) = row else {
            return Ok(None);
        };
        let hashes = blob_u64(&blob).ok_or_else(|| self.damaged(doc, "paragraph"))?;
        Ok(Some(IndexedParagraph {
            span,
            words,
            fingerprint,
            hashes,
        }))
    }

    /// The stored document's 3-word shingle set (see `trigram`), rebuilt from its
    /// paragraphs' words, for exact verification.
    pub fn trigrams(&self, doc: DocKey) -> Result<Vec<u64>> {
        let paragraphs = write::paragraph_words(&self.conn, doc)
            .map_err(|e| self.sqlite(e))?
            .ok_or_else(|| self.damaged(doc, "paragraph"))?;
        Ok(trigram::text_shingles(paragraphs.iter().map(Vec::as_slice)))
    }

    /// The stored document's shingle set (sorted, distinct), for exact verification.
    pub fn shingles(&self, doc: DocKey) -> Result<Option<Vec<u64>>> {
        let Some(blob) = self.blob(doc, "shingles")? else {
            return Ok(None);
        };
        let set = blob_u64(&blob).ok_or_else(|| self.damaged(doc, "shingles"))?;
        Ok(Some(set))
    }

    /// The stored document's MinHash signature.
    pub fn signature(&self, doc: DocKey) -> Result<Option<Vec<u32>>> {
        let Some(blob) = self.blob(doc, "signature")? else {
            return Ok(None);
        };
        let signature = blob_u32(&blob).ok_or_else(|| self.damaged(doc, "signature"))?;
        Ok(Some(signature))
    }

    fn blob(&self, doc: DocKey, column: &str) -> Result<Option<Vec<u8>>> {
        // `column` is one of two literals above, never user input.
        let sql = format!("SELECT {column} FROM docs WHERE doc = ?1");
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut stmt| stmt.query_row([doc.0], |r| r.get(0)).optional())
            .map_err(|e| self.sqlite(e))
    }

    fn damaged(&self, doc: DocKey, what: &str) -> IndexError {
        IndexError::corrupt(
            &self.path,
            format!("document {} has a damaged {what}", doc.0),
        )
    }

    /// Id, title, language, size and words of a stored document.
    pub fn doc_meta(&self, doc: DocKey) -> Result<Option<DocMeta>> {
        let sql = if self.has_languages {
            "SELECT id, title, size, words, lang FROM docs WHERE doc = ?1"
        } else {
            "SELECT id, title, size, words, NULL FROM docs WHERE doc = ?1"
        };
        self.conn
            .prepare_cached(sql)
            .and_then(|mut stmt| {
                stmt.query_row([doc.0], |r| {
                    Ok(DocMeta {
                        key: doc,
                        id: r.get(0)?,
                        title: r.get(1)?,
                        size: r.get::<_, i64>(2)? as usize,
                        words: r.get::<_, i64>(3)? as usize,
                        lang: r.get(4)?,
                    })
                })
                .optional()
            })
            .map_err(|e| self.sqlite(e))
    }

    /// The key of the document stored under `id`.
    pub fn find(&self, id: &str) -> Result<Option<DocKey>> {
        lookup(&self.conn, id)
            .map(|found| found.map(|(key, _)| key))
            .map_err(|e| self.sqlite(e))
    }

    /// Runs `reads` on one consistent snapshot: a writer committing meanwhile is not
    /// seen, so keys from one lookup stay valid in the next.
    pub fn snapshot<T>(&self, reads: impl FnOnce(&Index) -> Result<T>) -> Result<T> {
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(|e| self.sqlite(e))?;
        let result = reads(self);
        let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
        self.conn.execute_batch(end).map_err(|e| self.sqlite(e))?;
        result
    }
}

/// The key and content hash stored for `id`. Takes a connection so a write
/// transaction (which derefs to one) can use it too.
pub(super) fn lookup(conn: &Connection, id: &str) -> rusqlite::Result<Option<(DocKey, u64)>> {
    conn.prepare_cached("SELECT doc, content_hash FROM docs WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((DocKey(r.get(0)?), r.get::<_, i64>(1)? as u64))
        })
        .optional()
}
