//! Sketches of documents for near-duplicate search: shingle sets (kept for exact
//! verification), MinHash signatures and LSH band keys, all under one set of
//! parameters recorded in a [`Header`] so sketches from two runs are known to be
//! comparable, or refused.

#[cfg(test)]
mod golden;
pub(crate) mod lsh;
pub(crate) mod minhash;
pub(crate) mod shingle;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

pub(crate) use minhash::Permutations;
pub use shingle::{shingles, word_hashes};

/// Bumped whenever a change would make old sketches incomparable with new ones.
///
/// Sketches are persisted (index files, Parquet shards), so the golden tests in
/// `golden.rs` and `minhash.rs` pin word and shingle hashes, the permutation family,
/// signatures, band keys and [`set_hash`] to literal values: they fail on any change
/// to sketching. A deliberate change bumps this version and the golden values
/// together; an index then refuses to open under the new code (see
/// [`Header::unsupported`]) instead of mixing sketches of two versions.
pub const SKETCH_VERSION: u32 = 1;
/// How this code turns text into words, as a header names it.
const TOKENIZATION: &str = "unicode alphanumeric runs, lowercased";
/// How this code hashes words, shingles and permutations, as a header names it.
const HASH: &str = "xxh3-64 words and shingles; minhash (a*x+b mod 2^64)>>32, splitmix64(seed)";

/// Default shingle length in words.
pub const DEFAULT_NGRAM: usize = 5;
/// Default number of MinHash permutations.
pub const DEFAULT_PERMS: usize = 128;
/// Default seed of the permutation family.
pub const DEFAULT_SEED: u64 = 0x00c0_fdec_0de5_eed5;

/// Everything that decides what a sketch is. Two sketches are comparable exactly
/// when their headers are equal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The sketching code's version, [`SKETCH_VERSION`] for new headers.
    pub version: u32,
    /// How text becomes words.
    pub tokenization: String,
    /// Shingle length in words.
    pub ngram: usize,
    /// How words, shingles and permutations are hashed.
    pub hash: String,
    /// Seed of the MinHash permutation family.
    pub seed: u64,
    /// Number of MinHash permutations: the signature's length.
    pub perms: usize,
    /// Number of LSH bands; `bands * rows <= perms`.
    pub bands: usize,
    /// Signature rows per band.
    pub rows: usize,
}

impl Header {
    /// The header for these settings; `bands` defaults to the choice for `threshold`.
    pub fn new(
        ngram: usize,
        perms: usize,
        seed: u64,
        threshold: f64,
        bands: Option<usize>,
    ) -> Self {
        let (bands, rows) = match bands {
            Some(bands) => (bands.min(perms), lsh::rows_for(bands, perms)),
            None => lsh::bands_for(threshold, perms),
        };
        Header {
            version: SKETCH_VERSION,
            tokenization: TOKENIZATION.into(),
            ngram,
            hash: HASH.into(),
            seed,
            perms,
            bands,
            rows,
        }
    }

    /// Why this code cannot make sketches comparable with ones made under this header
    /// (a stored one): another sketch version, tokenization or hashing.
    pub fn unsupported(&self) -> Option<String> {
        let current = Header {
            version: SKETCH_VERSION,
            tokenization: TOKENIZATION.into(),
            hash: HASH.into(),
            ..self.clone()
        };
        self.incompatibility(&current)
    }

    /// Why sketches made under `other` cannot be compared with these, if they cannot.
    pub fn incompatibility(&self, other: &Header) -> Option<String> {
        let differences: Vec<String> = [
            (
                "version",
                self.version.to_string(),
                other.version.to_string(),
            ),
            (
                "tokenization",
                self.tokenization.clone(),
                other.tokenization.clone(),
            ),
            ("ngram", self.ngram.to_string(), other.ngram.to_string()),
            ("hash", self.hash.clone(), other.hash.clone()),
            ("seed", self.seed.to_string(), other.seed.to_string()),
            ("perms", self.perms.to_string(), other.perms.to_string()),
            ("bands", self.bands.to_string(), other.bands.to_string()),
            ("rows", self.rows.to_string(), other.rows.to_string()),
        ]
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(name, a, b)| format!("{name} {a} vs {b}"))
        .collect();
        (!differences.is_empty()).then(|| differences.join(", "))
    }
}

/// One document's sketch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sketch {
    /// Number of normalised words.
    pub words: usize,
    /// Distinct shingle hashes, sorted.
    pub shingles: Vec<u64>,
    /// The MinHash signature, `perms` values (all `u32::MAX` for a text without
    /// shingles).
    pub signature: Vec<u32>,
    /// The LSH band keys, `bands` of them; empty for a text without shingles, which is
    /// never a candidate.
    pub band_keys: Vec<u64>,
}

/// A hash of a whole shingle set (sorted, distinct, as [`Sketch::shingles`]):
/// xxh3-64 of the hashes' little-endian bytes. Equal sets have equal hashes, and
/// different sets collide with probability 2^-64: the key that groups exact copies
/// (of the normalised words) without comparing their sets.
pub fn set_hash(shingles: &[u64]) -> u64 {
    let bytes: Vec<u8> = shingles.iter().flat_map(|h| h.to_le_bytes()).collect();
    xxh3_64(&bytes)
}

/// Makes sketches under one header.
#[derive(Clone, Debug)]
pub struct Sketcher {
    /// The parameters every sketch is made under.
    pub header: Header,
    permutations: Permutations,
}

impl Sketcher {
    /// A sketcher for `header`; builds its permutation family once.
    pub fn new(header: Header) -> Self {
        let permutations = Permutations::new(header.perms, header.seed);
        Sketcher {
            header,
            permutations,
        }
    }

    /// The sketch of `text`: its words ([`word_hashes`]), shingles, signature and
    /// band keys.
    pub fn sketch(&self, text: &str) -> Sketch {
        let words = shingle::word_hashes(text);
        let shingles = shingle::shingles(&words, self.header.ngram);
        self.from_shingles(words.len(), shingles)
    }

    /// A sketch of an already shingled text.
    pub fn from_shingles(&self, words: usize, shingles: Vec<u64>) -> Sketch {
        let signature = self.permutations.signature(&shingles);
        let band_keys = self.band_keys_of(&shingles, &signature);
        Sketch {
            words,
            shingles,
            signature,
            band_keys,
        }
    }

    /// The LSH band keys of a shingle set, for callers that need no signature.
    pub fn band_keys(&self, shingles: &[u64]) -> Vec<u64> {
        self.band_keys_of(shingles, &self.permutations.signature(shingles))
    }

    /// No keys for an empty set: a text without words is never a candidate.
    fn band_keys_of(&self, shingles: &[u64], signature: &[u32]) -> Vec<u64> {
        if shingles.is_empty() {
            Vec::new()
        } else {
            lsh::band_keys(signature, self.header.bands, self.header.rows)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_their_differences() {
        let a = Header::new(5, 128, 1, 0.8, None);
        assert_eq!((a.bands, a.rows), (18, 7));
        assert_eq!(a.incompatibility(&a.clone()), None);
        let b = Header::new(3, 128, 2, 0.8, Some(16));
        let why = a.incompatibility(&b).unwrap();
        assert!(why.contains("ngram 5 vs 3") && why.contains("seed") && why.contains("bands"));
        assert_eq!((b.bands, b.rows), (16, 8));
    }

    #[test]
    fn only_headers_of_this_sketch_version_and_hashing_are_supported() {
        let current = Header::new(3, 64, 9, 0.5, Some(8));
        assert_eq!(current.unsupported(), None);
        let older = Header {
            version: SKETCH_VERSION - 1,
            tokenization: "whitespace".into(),
            hash: "fnv".into(),
            ..current.clone()
        };
        let why = older.unsupported().unwrap();
        assert!(why.contains(&format!(
            "version {} vs {SKETCH_VERSION}",
            SKETCH_VERSION - 1
        )));
        assert!(why.contains("hash fnv vs xxh3-64"), "{why}");
        assert!(why.contains("tokenization whitespace vs unicode"), "{why}");
        assert!(
            !why.contains("ngram"),
            "parameters are not this code's to decide"
        );
    }

    #[test]
    fn empty_texts_have_no_band_keys() {
        let sketcher = Sketcher::new(Header::new(5, 64, 1, 0.8, None));
        let empty = sketcher.sketch(" ... ");
        assert!(empty.shingles.is_empty() && empty.band_keys.is_empty());
        let short = sketcher.sketch("Just three words");
        assert_eq!(short.shingles.len(), 1);
        assert_eq!(short.band_keys.len(), sketcher.header.bands);
    }
}
