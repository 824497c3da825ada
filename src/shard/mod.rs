//! Sketch shards: the sketches of a run as Parquet files, for a distributed job
//! (`spark/`) that shuffles documents on their band keys, verifies candidates with
//! the stored shingles and links duplicates across machines.
//!
//! One row per document with at least one word (documents without words are counted
//! in the file's metadata and left out). The columns, in order:
//!
//! | column       | type               | what                                          |
//! |--------------|--------------------|-----------------------------------------------|
//! | `doc`        | int64              | input position (from 0, empty documents counted) + `--doc-offset` |
//! | `id`         | utf8               | the document id, as `dedup` reports it        |
//! | `n_shingles` | int32              | distinct 64-bit shingles                      |
//! | `words`      | int32              | normalised words (what `dedup --keep` compares) |
//! | `exact`      | int64              | [`crate::sketch::set_hash`] of the shingle set |
//! | `band_0`...  | int64              | the LSH band keys                             |
//! | `shingles`   | `list<int32>`      | [`short_shingles`]: sorted, distinct          |
//!
//! Unsigned 64-bit values are stored bit-cast to int64: Spark reads unsigned 64-bit
//! Parquet columns as decimals. The file's key-value metadata carries the sketch
//! header ([`HEADER_KEY`]), the crate version and the count of empty documents.

mod columns;
mod dir;
mod error;
mod writer;

use serde::{Deserialize, Serialize};

use crate::sketch::Header;
pub use dir::ShardDir;
pub use error::ShardError;
pub use writer::ShardWriter;

/// Where a shard's bytes go. One type for files and standard output: the Parquet
/// writer is large generic code, instantiated once instead of once per destination.
pub(crate) type Output = Box<dyn std::io::Write + Send>;

/// Metadata key: the sketch header as JSON ([`ShardHeader`]).
pub const HEADER_KEY: &str = "copydesk.sketch.header";
/// Metadata key: the version of copydesk that wrote the file.
pub const VERSION_KEY: &str = "copydesk.version";
/// Metadata key: documents of the file's input range that had no words.
pub const EMPTY_KEY: &str = "copydesk.sketch.empty_documents";
/// Input documents per shard unless told otherwise.
pub const DEFAULT_SHARD_DOCS: usize = 100_000;

/// The parameters of the sketches in a shard: the fields of `dedup`'s header record
/// that decide them (the sketch header, and the threshold that chose the bands).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardHeader {
    /// The sketch parameters.
    #[serde(flatten)]
    pub sketch: Header,
    /// The similarity threshold the bands were chosen for.
    pub threshold: f64,
}

/// A 64-bit shingle hash shortened to the 32 bits a shard stores: its upper half,
/// bit-cast to i32 (Spark has no unsigned integers). xxh3's upper and lower halves
/// are equally well mixed; the upper one differs from the 32-bit key MinHash uses
/// (the halves xor-ed), so a collision there is no collision here.
pub fn short_shingle(hash: u64) -> i32 {
    (hash >> 32) as u32 as i32
}

/// The shingle set as a shard stores it: [`short_shingle`]s, sorted as signed
/// integers (Spark's order) and deduplicated.
pub fn short_shingles(shingles: &[u64]) -> Vec<i32> {
    let mut short: Vec<i32> = shingles.iter().map(|&h| short_shingle(h)).collect();
    short.sort_unstable();
    short.dedup();
    short
}

/// A 64-bit value bit-cast to the int64 a shard stores.
pub(crate) fn as_i64(value: u64) -> i64 {
    value as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_shingles_are_the_upper_halves_sorted_as_signed() {
        assert_eq!(short_shingle(0x8000_0001_ffff_ffff), i32::MIN + 1);
        assert_eq!(short_shingle(0x0000_0002_0000_0000), 2);
        let set = [
            0x0000_0002_0000_0000,
            0x0000_0002_0000_0001,
            0xffff_ffff_0000_0000,
        ];
        assert_eq!(short_shingles(&set), [-1, 2]);
        assert_eq!(as_i64(u64::MAX), -1);
    }

    #[test]
    fn shard_headers_serialize_as_dedups_header_fields() {
        let header = ShardHeader {
            sketch: Header::new(5, 128, 1, 0.8, None),
            threshold: 0.8,
        };
        let json: serde_json::Value = serde_json::to_value(&header).unwrap();
        assert_eq!(json["bands"], 18);
        assert_eq!(json["threshold"], 0.8);
        assert_eq!(json["version"], crate::sketch::SKETCH_VERSION);
        let back: ShardHeader = serde_json::from_value(json).unwrap();
        assert_eq!(back, header);
    }
}
