//! An archive read for one run (`check --against PATH...`): every article sketched in
//! memory and compared by a scan. Fine for a folder; an index answers the same
//! questions without reading the archive again.

use super::archive::{Archive, StoredParagraph};
use crate::index::{is_sampled, IndexedDoc};
use crate::sketch::Sketcher;
use crate::sorted::intersection_len;

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
        let sampled = sampled_shingles(&draft.sketch.shingles);
        let found = self.docs.iter().enumerate().filter(|(_, doc)| {
            let banded = keys.iter().zip(&doc.sketch.band_keys).any(|(a, b)| a == b);
            banded
                || intersection_len(sampled, sampled_shingles(&doc.sketch.shingles))
                    >= MIN_SHARED_SAMPLES
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

/// The sampled shingles of a sorted, distinct shingle set, the distinct hashes of
/// `IndexedDoc::samples`: a prefix, since sampling keeps the lowest hashes, so no
/// list is built.
fn sampled_shingles(shingles: &[u64]) -> &[u64] {
    &shingles[..shingles.partition_point(|&h| is_sampled(h))]
}
