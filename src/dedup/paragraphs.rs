//! Paragraphs that recur across documents (boilerplate, copied passages): each
//! paragraph of enough words is fingerprinted by its normalised words, and equal
//! fingerprints in two or more documents form a group.

use crate::sketch::shingle::word_hashes;
use crate::text::Span;
use xxhash_rust::xxh3::xxh3_64;

/// Default minimum paragraph length, in words, for a paragraph to be fingerprinted.
pub const DEFAULT_MIN_WORDS: usize = 8;

/// One fingerprinted paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParagraphPrint {
    pub hash: u64,
    pub document: usize,
    /// Index of the paragraph in its document (0-based).
    pub paragraph: usize,
    pub span: Span,
    pub words: usize,
}

/// Fingerprints of the paragraphs of one document with at least `min_words` words.
pub fn fingerprints(
    text: &str,
    spans: &[Span],
    document: usize,
    min_words: usize,
) -> Vec<ParagraphPrint> {
    spans
        .iter()
        .enumerate()
        .filter_map(|(paragraph, &span)| {
            let words = word_hashes(span.slice(text));
            if words.len() < min_words.max(1) {
                return None;
            }
            Some(ParagraphPrint {
                hash: fingerprint(&words),
                document,
                paragraph,
                span,
                words: words.len(),
            })
        })
        .collect()
}

/// The fingerprint of a paragraph's word hashes: xxh3-64 of them, little-endian.
/// Stored in the index, so it must not change.
pub fn fingerprint(words: &[u64]) -> u64 {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    xxh3_64(&bytes)
}

/// Groups of equal paragraphs found in at least two documents, each in input order,
/// groups ordered by their first location.
pub fn groups(mut prints: Vec<ParagraphPrint>) -> Vec<Vec<ParagraphPrint>> {
    prints.sort_unstable_by_key(|p| (p.hash, p.document, p.paragraph));
    let mut groups: Vec<Vec<ParagraphPrint>> = prints
        .chunk_by(|a, b| a.hash == b.hash)
        .filter(|run| run.iter().any(|p| p.document != run[0].document))
        .map(<[ParagraphPrint]>::to_vec)
        .collect();
    groups.sort_unstable_by_key(|g| (g[0].document, g[0].paragraph));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0;
        for part in text.split("\n\n") {
            out.push(Span::new(start, start + part.len()));
            start += part.len() + 2;
        }
        out
    }

    #[test]
    fn recurring_paragraphs_group_across_documents_only() {
        let boiler = "Copyright 2026 the Halden Courier, all rights reserved worldwide.";
        let a = format!("Port news today from the harbour board meeting room.\n\n{boiler}");
        let b = format!(
            "{boiler}\n\nShort one.\n\nA different long paragraph about fishing boats here."
        );
        let c = "Repeated within one document only, many words long here.\n\nRepeated within one document only, many words long here.";
        let mut prints = fingerprints(&a, &spans(&a), 0, 8);
        prints.extend(fingerprints(&b, &spans(&b), 1, 8));
        prints.extend(fingerprints(c, &spans(c), 2, 8));
        let groups = groups(prints);
        assert_eq!(groups.len(), 1);
        let locations: Vec<(usize, usize)> = groups[0]
            .iter()
            .map(|p| (p.document, p.paragraph))
            .collect();
        assert_eq!(locations, vec![(0, 1), (1, 0)]);
        assert_eq!(groups[0][1].span.slice(&b), boiler);
    }
}
