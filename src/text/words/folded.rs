//! [`Words::Folded`](super::Words::Folded): maximal runs of alphanumeric characters,
//! lowercased.

use crate::text::Span;

/// Calls `f(span, folded)` for each folded word of `text`: where it is, and its
/// lowercased bytes (UTF-8). A word is a maximal run of characters for which
/// [`char::is_alphanumeric`] holds; everything else separates words.
///
/// The word is built in one buffer reused for every word of the text. ASCII bytes,
/// most of any text, are classified and lowercased without decoding a character.
#[inline]
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(Span, &[u8])) {
    let bytes = text.as_bytes();
    let mut word: Vec<u8> = Vec::with_capacity(32);
    // Where the word being built starts: just after the last separator.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let at = i;
        let byte = bytes[i];
        if byte.is_ascii() {
            i += 1;
            if byte.is_ascii_alphanumeric() {
                word.push(byte.to_ascii_lowercase());
                continue;
            }
        } else {
            let c = text[i..].chars().next().expect("i is on a char boundary");
            i += c.len_utf8();
            if c.is_alphanumeric() {
                push_lowercase(c, &mut word);
                continue;
            }
        }
        end_word(&mut word, Span::new(start, at), &mut f);
        start = i;
    }
    end_word(&mut word, Span::new(start, bytes.len()), &mut f);
}

fn push_lowercase(c: char, word: &mut Vec<u8>) {
    let mut buffer = [0u8; 4];
    for lower in c.to_lowercase() {
        word.extend_from_slice(lower.encode_utf8(&mut buffer).as_bytes());
    }
}

#[inline]
fn end_word(word: &mut Vec<u8>, span: Span, f: &mut impl FnMut(Span, &[u8])) {
    if !word.is_empty() {
        f(span, word);
        word.clear();
    }
}
