//! Golden values of whole sketches. Sketches are a persisted format (index files,
//! Parquet shards read by other programs), so the word hash, the shingle hash, the
//! permutation family, the band keys and the set hash are pinned to literal values
//! computed once from the code. A failure here means old sketches would no longer be
//! comparable with new ones: either the change is a mistake, or it is deliberate and
//! `SKETCH_VERSION` is bumped with these values (see the note there).

use xxhash_rust::xxh3::xxh3_64;

use super::*;

const PARAGRAPH: &str = "Officials in Halden said on Thursday that the harbour would reopen \
    to freight next week, after divers finished repairs to the main pier. Storms in March \
    tore away part of the pier and two cranes; since then ships have unloaded at \
    Fredrikstad, forty minutes up the coast. “We lost about a third of our traffic,” the \
    harbour master, Ingrid Solberg, told reporters.";

/// A checksum of a whole signature: xxh3-64 of its little-endian bytes.
fn checksum(signature: &[u32]) -> u64 {
    let bytes: Vec<u8> = signature.iter().flat_map(|v| v.to_le_bytes()).collect();
    xxh3_64(&bytes)
}

#[test]
fn word_hashes_of_a_short_text_are_fixed() {
    // Case, punctuation and a non-ASCII letter: "the port zürich s 2nd".
    let words = shingle::word_hashes("The port, ZÜRICH’s 2nd!");
    assert_eq!(
        words,
        [
            0xcb12_8363_1cf3_3d7d,
            0x32c2_e690_8963_9b98,
            0x03c1_24ef_b9a9_b5b7,
            0xd6b9_d4d1_4ff6_be13,
            0x733a_7168_e35b_29c6,
        ]
    );
    assert_eq!(
        words[0],
        xxh3_64(b"the"),
        "a word hash is xxh3-64 of the word"
    );
    assert_eq!(words[2], xxh3_64("zürich".as_bytes()));
}

#[test]
fn shingle_hashes_of_a_short_text_are_fixed() {
    let words = shingle::word_hashes("The port, ZÜRICH’s 2nd!");
    assert_eq!(
        shingle::shingles(&words, 2),
        [
            0x0334_156a_d076_fe8a,
            0x0dca_6293_b038_8f28,
            0x92df_8f03_13d5_bb25,
            0xf229_b18d_f8a9_bb25,
        ]
    );
    // Fewer words than n: one shingle of all of them.
    assert_eq!(shingle::shingles(&words, 9), [0x7c90_e7c8_2840_1af4]);
    let first: Vec<u8> = words[..2].iter().flat_map(|w| w.to_le_bytes()).collect();
    assert!(shingle::shingles(&words, 2).contains(&xxh3_64(&first)));
}

#[test]
fn a_paragraph_at_default_parameters_has_a_fixed_sketch() {
    let header = Header::new(DEFAULT_NGRAM, DEFAULT_PERMS, DEFAULT_SEED, 0.8, None);
    assert_eq!((header.bands, header.rows), (18, 7));
    let sketch = Sketcher::new(header).sketch(PARAGRAPH);
    assert_eq!((sketch.words, sketch.shingles.len()), (62, 58));
    assert_eq!(
        sketch.shingles[..3],
        [
            0x02e8_98dd_d7f9_b301,
            0x0353_5726_23f6_3841,
            0x0828_bddd_e14c_4bd1
        ]
    );
    assert_eq!(sketch.signature.len(), 128);
    assert_eq!(
        sketch.signature[..8],
        [15555708, 4823503, 112349811, 39941870, 151350023, 33621306, 230996353, 17181155]
    );
    assert_eq!(checksum(&sketch.signature), 0x9287_3051_8001_f114);
    assert_eq!(
        sketch.band_keys,
        [
            0x22dc_8ad7_261f_e392,
            0x5b7d_18e4_325b_9515,
            0xe368_0cf0_3bdf_9d4b,
            0xaddb_09b1_7135_e4db,
            0x34d1_286b_d051_0f1f,
            0xdd8a_957d_f0c7_10dd,
            0x5c0f_c711_711b_41d1,
            0x38af_6d77_0ed9_3af4,
            0x8000_4569_e97a_818e,
            0xf752_8f95_d4c4_2086,
            0x538a_24c9_b4dc_6b51,
            0x7ec1_dd00_cd22_7280,
            0x27c8_9310_a923_8384,
            0xd169_4918_1ee4_d152,
            0x51ca_9476_1f36_0591,
            0xd848_126f_8ba1_0561,
            0xa77a_ef59_c20c_d2c5,
            0x2bfc_fde5_f96b_9a6c,
        ]
    );
    assert_eq!(set_hash(&sketch.shingles), 0x83ee_872b_21bf_dc06);
}

#[test]
fn a_paragraph_at_other_parameters_has_a_fixed_sketch() {
    let header = Header::new(3, 64, 42, 0.8, Some(16));
    assert_eq!((header.bands, header.rows), (16, 4));
    let sketcher = Sketcher::new(header);
    let sketch = sketcher.sketch(PARAGRAPH);
    assert_eq!((sketch.words, sketch.shingles.len()), (62, 60));
    assert_eq!(
        sketch.shingles[..3],
        [
            0x0063_622a_7fb7_8a1d,
            0x0a1a_b1f6_75c5_6c00,
            0x0acf_04bb_ef3e_b63e
        ]
    );
    assert_eq!(sketch.signature.len(), 64);
    assert_eq!(
        sketch.signature[..8],
        [124047739, 38608417, 35083199, 140205226, 52783054, 285912070, 172616231, 115481000]
    );
    assert_eq!(checksum(&sketch.signature), 0xafa0_4d48_8eb2_10fb);
    assert_eq!(
        sketch.band_keys,
        [
            0x61cf_99d5_96a7_1be3,
            0x0402_2c26_e58c_36b0,
            0x397b_2214_a62a_abab,
            0xf1db_b3cb_b7dc_f2db,
            0x1837_2238_6ce0_9934,
            0x4a3c_0776_2de7_32b1,
            0x4571_d82c_0d0e_5daa,
            0xd0d5_2637_787f_6127,
            0x55f1_7c50_2ac6_f24a,
            0xc634_afc0_7226_acf0,
            0xd742_6817_1482_9ecb,
            0x74c9_ad15_0d93_4f6b,
            0xc5a1_e158_8da7_f090,
            0xaf29_742d_2bbb_5293,
            0xbe9f_e63c_53d6_6a97,
            0xcb11_ce78_0cf3_0505,
        ]
    );
    assert_eq!(sketcher.band_keys(&sketch.shingles), sketch.band_keys);
    assert_eq!(set_hash(&sketch.shingles), 0x8793_7adc_0f17_9dc6);
}

#[test]
fn the_header_names_this_sketch_version_and_hashing() {
    let header = Header::new(DEFAULT_NGRAM, DEFAULT_PERMS, DEFAULT_SEED, 0.8, None);
    assert_eq!(header.version, 1);
    assert_eq!(header.seed, 0x00c0_fdec_0de5_eed5);
    assert_eq!(header.tokenization, "unicode alphanumeric runs, lowercased");
    assert_eq!(
        header.hash,
        "xxh3-64 words and shingles; minhash (a*x+b mod 2^64)>>32, splitmix64(seed)"
    );
}
