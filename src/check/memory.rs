//! An archive read for one run (`check --against PATH...`): every article sketched in
//! memory and compared by a scan. Fine for a folder; an index answers the same
//! questions without reading the archive again.

use super::archive::{Archive, StoredParagraph};
use crate::index::IndexedDoc;
use crate::sketch::Sketcher;

/// Sampled shingles two texts must share to be compared (the rule `dedup` uses too).
pub use crate::dedup::candidates::MIN_SHARED_SAMPLES;

/// Articles sketched under one sketcher, addressed by their position.
pub struct MemoryArchive {
    sketcher: Sketcher,
    docs: Vec<IndexedDoc>,
}

impl MemoryArchive {
    pub fn new(sketcher: Sketcher, docs: Vec<IndexedDoc>) -> Self {
        MemoryArchive { sketcher, docs }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    fn doc(&self, key: i64) -> Result<&IndexedDoc, String> {
        usize::try_from(key)
            .ok()
            .and_then(|i| self.docs.get(i))
            .ok_or_else(|| format!("no archived article {key}"))
    }
}

impl Archive for MemoryArchive {
    fn sketcher(&self) -> Sketcher {
        self.sketcher.clone()
    }

    fn candidates(&self, draft: &IndexedDoc) -> Result<Vec<i64>, String> {
        let keys = &draft.sketch.band_keys;
        let found = self.docs.iter().enumerate().filter(|(_, doc)| {
            let banded = keys.iter().zip(&doc.sketch.band_keys).any(|(a, b)| a == b);
            banded || shared_samples(&draft.samples, &doc.samples) >= MIN_SHARED_SAMPLES
        });
        Ok(found.map(|(i, _)| i as i64).collect())
    }

    fn shingles(&self, key: i64) -> Result<Vec<u64>, String> {
        Ok(self.doc(key)?.sketch.shingles.clone())
    }

    fn describe(&self, key: i64) -> Result<(String, Option<String>), String> {
        let doc = self.doc(key)?;
        Ok((doc.id.clone(), doc.title.clone()))
    }

    fn paragraphs(&self, fingerprints: &[u64]) -> Result<Vec<StoredParagraph>, String> {
        let mut found = Vec::new();
        for (key, doc) in self.docs.iter().enumerate() {
            for (index, paragraph) in doc.paragraphs.iter().enumerate() {
                match paragraph.fingerprint {
                    Some(f) if fingerprints.contains(&f) => found.push(StoredParagraph {
                        fingerprint: f,
                        key: key as i64,
                        id: doc.id.clone(),
                        paragraph: index,
                        span: paragraph.span,
                    }),
                    _ => {}
                }
            }
        }
        Ok(found)
    }
}

/// Distinct sampled shingle hashes two sorted sample lists share.
fn shared_samples(a: &[(u64, i64)], b: &[(u64, i64)]) -> usize {
    let mut left: Vec<u64> = a.iter().map(|s| s.0).collect();
    let mut right: Vec<u64> = b.iter().map(|s| s.0).collect();
    left.dedup();
    right.dedup();
    crate::dedup::verify::overlap(&left, &right).shared
}
