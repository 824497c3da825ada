//! [`Words::Analysis`](super::Words::Analysis): Unicode words (UAX#29), lowercased,
//! typographic apostrophes folded.
//!
//! The scanning gives exactly the words `unicode_word_indices` gives, but most text is
//! ASCII and is read by a scanner of its own, far faster than the general rules: with
//! `unicode_word_indices` alone, summarizing the BBC development set runs 7.8% more
//! instructions.

use std::ops::ControlFlow;

use unicode_segmentation::UnicodeSegmentation;

/// Calls `f(offset, word)` for each Unicode word of `text` (UAX#29 segments holding a
/// letter or digit), exactly as `unicode_word_indices` gives them.
///
/// Most text is ASCII, which [`for_each_ascii_word`] reads far faster. A text with a
/// few non-ASCII characters (a `£`, a curly quote) is cut into pieces at ASCII
/// whitespace followed by an ASCII character: UAX#29 always breaks on both sides of
/// such whitespace and none of its rules looks across it, so each piece can be read
/// alone, and only the pieces holding non-ASCII characters need the full rules.
pub(crate) fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    let _ = try_for_each_word(text, |at, word| {
        f(at, word);
        ControlFlow::Continue(())
    });
}

/// [`for_each_word`] that stops at the first word for which `f` says
/// [`ControlFlow::Break`] (language detection stops once the opening has decided).
pub(crate) fn try_for_each_word<'t>(
    text: &'t str,
    mut f: impl FnMut(usize, &'t str) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let bytes = text.as_bytes();
    // All ASCII, as most English is: checked eight bytes at a time (a byte at a time,
    // in the loop below, summarizing the BBC development set runs 3.4% more
    // instructions).
    if text.is_ascii() {
        return for_each_ascii_word(text, 0, bytes.len(), &mut f);
    }
    let mut start = 0;
    while start < bytes.len() {
        let Some(found) = bytes[start..].iter().position(|b| !b.is_ascii()) else {
            return for_each_ascii_word(text, start, bytes.len(), &mut f);
        };
        let first = start + found;
        let piece = last_cut(bytes, start, first)..next_cut(bytes, first);
        for_each_ascii_word(text, start, piece.start, &mut f)?;
        for (offset, word) in text[piece.clone()].unicode_word_indices() {
            f(piece.start + offset, word)?;
        }
        start = piece.end;
    }
    ControlFlow::Continue(())
}

/// Whether the text may be cut before byte `at`: it follows ASCII whitespace and is
/// ASCII itself (so it is no combining mark or joiner that would cling to the space).
fn is_cut(bytes: &[u8], at: usize) -> bool {
    bytes[at - 1].is_ascii_whitespace() && bytes[at].is_ascii()
}

/// The last cut in `start..=before` (or `start`), where `start..before` is ASCII.
fn last_cut(bytes: &[u8], start: usize, before: usize) -> usize {
    (start + 1..before)
        .rev()
        .find(|&at| is_cut(bytes, at))
        .unwrap_or(start)
}

/// The first cut after `after`, or the end of the text.
fn next_cut(bytes: &[u8], after: usize) -> usize {
    (after + 1..bytes.len())
        .find(|&at| is_cut(bytes, at))
        .unwrap_or(bytes.len())
}

/// [`for_each_word`] over the ASCII text `text[from..to]`, with offsets into `text`:
/// the rules unicode-segmentation applies to it, in one pass that goes straight to
/// the words. Between words every byte is its own segment (or a run of spaces, or
/// CRLF), so a word starts at any letter, digit or `_` after a non-word byte and runs
/// over those and any infix (`3.5`, `1,000`, `don't`, `e.g`).
fn for_each_ascii_word<'t>(
    text: &'t str,
    from: usize,
    to: usize,
    f: &mut impl FnMut(usize, &'t str) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let bytes = &text.as_bytes()[..to];
    let mut next = next_byte(bytes, from, true);
    while let Some(start) = next {
        let end = word_end(bytes, start + 1);
        // A run of underscores alone is not a word.
        if bytes[start] != b'_' || bytes[start..end].iter().any(u8::is_ascii_alphanumeric) {
            f(start, &text[start..end])?;
        }
        // `bytes[end]` ends the word; most often the next one starts right after it.
        next = match bytes.get(end + 1) {
            Some(&b) if is_word_byte(b) => Some(end + 1),
            _ => next_byte(bytes, end, true),
        };
    }
    ControlFlow::Continue(())
}

/// A letter, digit or `_`: the bytes ASCII words are made of.
#[inline]
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The end of the ASCII word running at `i`: past its letters, digits, `_` and infixes.
// Always inlined: it runs once per word of every text, and a call costs as much as
// the scan of a short word.
#[inline(always)]
fn word_end(bytes: &[u8], mut i: usize) -> usize {
    loop {
        i = next_byte(bytes, i, false).unwrap_or(bytes.len());
        if i + 1 < bytes.len() && is_infix(bytes[i], bytes[i - 1], bytes[i + 1]) {
            // The byte after an infix is a letter or digit: the word goes on.
            i += 2;
        } else {
            return i;
        }
    }
}

/// Punctuation that joins the letters or digits on either side into one word.
#[inline]
fn is_infix(b: u8, prev: u8, next: u8) -> bool {
    match b {
        b'.' | b',' | b';' | b'\'' if prev.is_ascii_digit() && next.is_ascii_digit() => true,
        b'\'' | b'.' | b':' => prev.is_ascii_alphabetic() && next.is_ascii_alphabetic(),
        _ => false,
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The first byte at or after `from` of ASCII `bytes` that is (`word`) or is not a
/// word byte (a letter, digit or `_`). Eight bytes are classified at once (SWAR), as
/// this runs over nearly every byte of the input: a byte at a time, summarizing the
/// BBC development set runs 3.0% more instructions.
#[inline]
fn next_byte(bytes: &[u8], from: usize, word: bool) -> Option<usize> {
    let flip = if word { 0 } else { HIGH_BITS };
    let mut i = from;
    while let Some(eight) = bytes.get(i..i + 8) {
        let chunk = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let found = word_bytes(chunk) ^ flip;
        if found != 0 {
            return Some(i + found.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| is_word_byte(b) == word)
        .map(|k| i + k)
}

/// The high bit of each byte of `chunk` (eight ASCII bytes) set when that byte is a
/// letter, digit or `_`.
#[inline]
fn word_bytes(chunk: u64) -> u64 {
    let letter = bytes_in(chunk | (ONES * 0x20), b'a', b'z');
    let digit = bytes_in(chunk, b'0', b'9');
    let underscore = bytes_in(chunk, b'_', b'_');
    letter | digit | underscore
}

/// The high bit of each byte of `chunk` set when that byte lies in `lo..=hi`. Bytes
/// are below 0x80, so the additions never carry into the next byte.
#[inline]
fn bytes_in(chunk: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = chunk + ONES * (0x80 - u64::from(lo));
    let above_hi = chunk + ONES * (0x7f - u64::from(hi));
    at_least_lo & !above_hi & HIGH_BITS
}

/// The lowercased bytes of the ASCII word `text[at..at + len]` (at most 16 bytes),
/// zero-padded into one integer (little-endian, so a word of up to 8 bytes fits its
/// low half). Padding cannot collide with a real word: words never contain NUL.
///
/// Eight bytes are loaded, checked and lowercased at once: this runs for every word
/// the analyzer and language detection read, and a byte at a time, summarizing the
/// BBC development set runs 3.8% more instructions.
pub(crate) fn ascii_key(text: &[u8], at: usize, len: usize) -> Option<u128> {
    if len > 16 {
        return None;
    }
    let low = load_word(text, at, len.min(8));
    let high = if len > 8 {
        load_word(text, at + 8, len - 8)
    } else {
        0
    };
    if (low | high) & HIGH_BITS != 0 {
        return None;
    }
    Some(u128::from(ascii_lowercase(low)) | u128::from(ascii_lowercase(high)) << 64)
}

/// `text[at..at + len]` (`len` ≤ 8) as a little-endian integer, zero above `len`
/// bytes. Where eight bytes are there to read, one load and a mask do it; only the
/// last few bytes of a text are gathered one by one.
#[inline]
fn load_word(text: &[u8], at: usize, len: usize) -> u64 {
    match text.get(at..at + 8) {
        Some(eight) => {
            let all = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            if len == 8 {
                all
            } else {
                all & ((1u64 << (8 * len)) - 1)
            }
        }
        None => text[at..at + len]
            .iter()
            .rev()
            .fold(0, |word, &b| word << 8 | u64::from(b)),
    }
}

/// Lowercases the eight ASCII bytes packed in `word` at once (SWAR): a byte gets
/// 0x20 added exactly when it lies in `A..=Z`.
#[inline]
fn ascii_lowercase(word: u64) -> u64 {
    word | (bytes_in(word, b'A', b'Z') >> 2)
}

/// Lowercases into `out` and folds typographic apostrophes so "Niger’s" and "Niger's"
/// agree. ASCII words, the common case, take the cheap path: phrases normalize every
/// word of a draft, and with `char::to_lowercase` alone `check` runs about 5% more
/// instructions on the BBC development set.
pub(crate) fn normalize(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        out.push(if matches!(c, '\u{2019}' | '\u{2018}') {
            '\''
        } else {
            c
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_words(text: &str) -> Vec<(usize, &str)> {
        text.unicode_word_indices().collect()
    }

    fn our_words(text: &str) -> Vec<(usize, &str)> {
        let mut words = Vec::new();
        for_each_word(text, |offset, word| words.push((offset, word)));
        words
    }

    #[test]
    fn ascii_words_match_unicode_segmentation() {
        for text in [
            "Profits rose 3.5% to $1.13bn (£600m), e.g. U.S. firms' don't-care 1,000;2 a:b",
            "__ _a_ a__b 1'000 x'y 'quoted' end. 3.14. 1.2.3 a.b.c. 12:30 a;b 1;2",
            "\r\n\r\nline\r\nnext  spaced\ttab ...dots... -minus +plus #tag @at",
            "",
            " ",
            "a",
            "9",
            "_",
            "a.",
            ".a",
            "1.",
            "1.a",
            "a.1",
            "a'",
            "'a",
            "x:",
            ":",
        ] {
            assert_eq!(our_words(text), crate_words(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ascii_words_match_on_random_text(text in "[a-cA-C0-2_.,;:'\" \r\n\t$%()-]{0,40}") {
            proptest::prop_assert_eq!(our_words(&text), crate_words(&text));
        }

        #[test]
        fn words_match_on_mixed_text(text in "([a-cA-C0-2_.,;:'\" \r\n\t$()-]|é|’|“|£|\u{301}|\u{200d}|\u{a0}|\u{5d0}|\u{30a2}|\u{4e00}|🇫|🇷|👍|\u{fe0f}){0,40}") {
            proptest::prop_assert_eq!(our_words(&text), crate_words(&text));
        }

        #[test]
        fn ascii_words_match_on_any_ascii(text in "[\\x00-\\x7f]{0,70}") {
            proptest::prop_assert_eq!(our_words(&text), crate_words(&text));
        }
    }

    #[test]
    fn ascii_keys_are_the_lowercased_bytes() {
        let text = b"Hello, WORLD-wide [Zebra@] BeautifulWords!";
        for (at, len) in [(0, 5), (7, 5), (13, 4), (19, 5), (25, 1), (27, 14), (40, 1)] {
            let expected = text[at..at + len].iter().rev().fold(0u128, |key, b| {
                key << 8 | u128::from(b.to_ascii_lowercase())
            });
            assert_eq!(ascii_key(text, at, len), Some(expected), "{at} {len}");
        }
        assert_eq!(ascii_key("café".as_bytes(), 0, 5), None);
        for b in 0..0x80u8 {
            let bytes = [b, b'Q', b, b'q', b'@', b, b'[', b];
            let lowered = bytes.map(|c| c.to_ascii_lowercase());
            let word = u64::from_le_bytes(bytes);
            assert_eq!(ascii_lowercase(word), u64::from_le_bytes(lowered), "{b:#x}");
        }
        assert_eq!(ascii_key(&[b'a'; 20], 0, 17), None);
    }
}
