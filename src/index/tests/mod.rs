//! Tests of the archive index, by theme; shared helpers here.

mod files;
mod queries;
mod store;

use std::path::PathBuf;

use super::*;
use crate::sketch::{Header, Sketcher};
use crate::text::TextFormat;

pub(super) fn header() -> Header {
    Header::new(5, 128, 42, 0.8, None)
}

/// Deterministic pseudo-English: words from syllables picked by a small LCG,
/// sentences of 12 words, paragraphs of 60.
pub(super) fn article(seed: u64, words: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mer", "tan", "si", "ve", "rud", "po", "an", "el", "quo", "ri", "bas", "nu",
        "ot", "gil",
    ];
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let mut text = format!("Headline number {seed}\n\n");
    for i in 0..words {
        let syllables = 1 + next() % 3;
        let word: String = (0..syllables).map(|_| SYLLABLES[next() % 16]).collect();
        text.push_str(&word);
        text.push_str(match i % 60 {
            59 => ".\n\n",
            _ if i % 12 == 11 => ". ",
            _ => " ",
        });
    }
    text
}

pub(super) fn build(sketcher: &Sketcher, id: &str, text: &str) -> IndexedDoc {
    IndexedDoc::build(sketcher, id, text, TextFormat::Plain)
}

pub(super) fn new_index(dir: &tempfile::TempDir) -> (Index, PathBuf) {
    let path = dir.path().join("archive.cdx");
    (Index::create(&path, &header()).unwrap(), path)
}

/// Rows of the posting tables that point at no document: must always be 0.
pub(super) fn orphans(index: &Index) -> i64 {
    index
        .conn
        .query_row(
            "SELECT (SELECT count(*) FROM bands WHERE doc NOT IN (SELECT doc FROM docs))
                  + (SELECT count(*) FROM samples WHERE doc NOT IN (SELECT doc FROM docs))
                  + (SELECT count(*) FROM paragraphs WHERE doc NOT IN (SELECT doc FROM docs))",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

pub(super) fn rows(index: &Index, table: &str) -> i64 {
    let sql = format!("SELECT count(*) FROM {table}");
    index.conn.query_row(&sql, [], |r| r.get(0)).unwrap()
}
