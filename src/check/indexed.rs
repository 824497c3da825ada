//! The archive index on disk as an [`Archive`] for the check.

use super::archive::{Archive, StoredParagraph};
use super::memory::MIN_SHARED_SAMPLES;
use crate::index::{DocKey, Index, IndexError, IndexedDoc};
use crate::sketch::Sketcher;

impl Archive for Index {
    fn sketcher(&self) -> Sketcher {
        Index::sketcher(self)
    }

    fn candidates(&self, draft: &IndexedDoc) -> Result<Vec<i64>, String> {
        let mut keys: Vec<i64> = Index::candidates(self, &draft.sketch.band_keys)
            .map_err(message)?
            .into_iter()
            .map(|k| k.0)
            .collect();
        let shared = self
            .containment_candidates(&draft.sketch.shingles, MIN_SHARED_SAMPLES)
            .map_err(message)?;
        keys.extend(shared.into_iter().map(|s| s.doc.0));
        keys.sort_unstable();
        keys.dedup();
        Ok(keys)
    }

    fn shingles(&self, key: i64) -> Result<Vec<u64>, String> {
        Index::shingles(self, DocKey(key))
            .map_err(message)?
            .ok_or_else(|| format!("archived article {key} has gone"))
    }

    fn describe(&self, key: i64) -> Result<(String, Option<String>), String> {
        let meta = self
            .doc_meta(DocKey(key))
            .map_err(message)?
            .ok_or_else(|| format!("archived article {key} has gone"))?;
        Ok((meta.id, meta.title))
    }

    fn paragraphs(&self, fingerprints: &[u64]) -> Result<Vec<StoredParagraph>, String> {
        let found = self.paragraph_matches(fingerprints).map_err(message)?;
        Ok(found
            .into_iter()
            .map(|m| StoredParagraph {
                fingerprint: m.fingerprint,
                key: m.doc.0,
                id: m.id,
                paragraph: m.paragraph,
                span: m.span,
            })
            .collect())
    }
}

fn message(err: IndexError) -> String {
    err.to_string()
}
