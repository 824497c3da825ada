//! Word sequences written compactly: each distinct word hash gets a number in order
//! of first appearance, and a text is stored as the LEB128 varints of its words'
//! numbers. Frequent words come first in any corpus, so most take one or two bytes
//! instead of eight: about 2.1 bytes a word on the synthetic corpus, which is what makes
//! ten million 600-word documents fit in 13 GB of disk (their shingle sets, at eight bytes
//! per shingle, would take 48 GB).
//!
//! The numbering is a pure function of the input order (words are numbered where
//! documents are collected, in input order), but nothing depends on it: decoding gives
//! back exactly the word hashes, from which shingles are made again.

use rustc_hash::FxHashMap;

/// Past this many distinct words, new words are written out in full (a marker and
/// eight bytes) instead of numbered: the table stays under about 400 MB even on text
/// made of unique tokens.
pub const MAX_NUMBERED: usize = 1 << 24;

/// The code of a word written in full.
const LITERAL: u64 = 0;

/// Word hashes and their numbers.
#[derive(Debug, Default)]
pub struct Vocabulary {
    numbers: FxHashMap<u64, u32>,
    words: Vec<u64>,
    limit: usize,
}

/// A record that does not decode (truncated or damaged).
#[derive(Debug, PartialEq)]
pub struct Undecodable;

impl Vocabulary {
    pub fn new() -> Self {
        Vocabulary::with_limit(MAX_NUMBERED)
    }

    /// A vocabulary numbering at most `limit` words.
    pub fn with_limit(limit: usize) -> Self {
        Vocabulary {
            limit,
            ..Vocabulary::default()
        }
    }

    /// Distinct words numbered so far.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Appends the encoding of `words` to `out`, numbering new words.
    pub fn encode(&mut self, words: &[u64], out: &mut Vec<u8>) {
        for &word in words {
            match self.number(word) {
                Some(n) => push_varint(u64::from(n) + 1, out),
                None => {
                    push_varint(LITERAL, out);
                    out.extend_from_slice(&word.to_le_bytes());
                }
            }
        }
    }

    fn number(&mut self, word: u64) -> Option<u32> {
        if let Some(&n) = self.numbers.get(&word) {
            return Some(n);
        }
        if self.words.len() >= self.limit {
            return None;
        }
        let n = self.words.len() as u32;
        self.numbers.insert(word, n);
        self.words.push(word);
        Some(n)
    }

    /// The word hashes `bytes` encode.
    pub fn decode(&self, mut bytes: &[u8]) -> Result<Vec<u64>, Undecodable> {
        let mut words = Vec::with_capacity(bytes.len());
        while !bytes.is_empty() {
            let code = take_varint(&mut bytes)?;
            let word = if code == LITERAL {
                let (head, rest) = bytes.split_first_chunk::<8>().ok_or(Undecodable)?;
                bytes = rest;
                u64::from_le_bytes(*head)
            } else {
                let n = usize::try_from(code - 1).map_err(|_| Undecodable)?;
                *self.words.get(n).ok_or(Undecodable)?
            };
            words.push(word);
        }
        Ok(words)
    }
}

fn push_varint(mut value: u64, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn take_varint(bytes: &mut &[u8]) -> Result<u64, Undecodable> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first().ok_or(Undecodable)?;
        *bytes = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok(value);
        }
    }
    Err(Undecodable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_decode_to_the_hashes_encoded() {
        let mut vocabulary = Vocabulary::new();
        let first = [u64::MAX, 3, 3, 1 << 40, 0];
        let second: Vec<u64> = (0..1_000u64).map(|i| i.wrapping_mul(0x9e37_79b9)).collect();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        vocabulary.encode(&first, &mut a);
        vocabulary.encode(&second, &mut b);
        assert_eq!(vocabulary.decode(&a).unwrap(), first);
        assert_eq!(vocabulary.decode(&b).unwrap(), second);
        assert_eq!(a.len(), 5, "one byte per word among the first 127 words");
        assert!(vocabulary.decode(&[]).unwrap().is_empty());
    }

    #[test]
    fn words_past_the_limit_are_written_in_full() {
        let mut vocabulary = Vocabulary::with_limit(2);
        let words = [10, 20, 30, 10, 40];
        let mut bytes = Vec::new();
        vocabulary.encode(&words, &mut bytes);
        assert_eq!(vocabulary.len(), 2);
        assert_eq!(bytes.len(), 3 + 2 * 9);
        assert_eq!(vocabulary.decode(&bytes).unwrap(), words);
    }

    #[test]
    fn damaged_records_are_refused() {
        let mut vocabulary = Vocabulary::new();
        let mut bytes = Vec::new();
        vocabulary.encode(&[7, 8], &mut bytes);
        assert_eq!(vocabulary.decode(&[0x80]), Err(Undecodable));
        assert_eq!(vocabulary.decode(&[LITERAL as u8, 1, 2]), Err(Undecodable));
        assert_eq!(vocabulary.decode(&[9]), Err(Undecodable), "no word 8");
    }
}
