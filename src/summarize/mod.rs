//! Extractive summaries: TextRank over the sentences of one analysed document.
//!
//! PLACEHOLDER: uniform scores and lead selection until graph/rank/select land.

use crate::text::AnalyzedDocument;

/// How two sentences are compared when building the graph.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Similarity {
    /// Mihalcea & Tarau 2004: shared terms / (ln|Si| + ln|Sj|).
    TextRank,
    /// Okapi BM25 of one sentence as a query against another (Barrios et al. 2016).
    Bm25,
    /// Cosine of TF-IDF vectors.
    #[default]
    Cosine,
}

/// How long the summary may be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Budget {
    /// At most this many sentences.
    Sentences(usize),
    /// This fraction of the document's sentences (rounded, at least one).
    Ratio(f64),
    /// At most this many words, filled by rank.
    Words(usize),
}

impl Default for Budget {
    fn default() -> Self {
        Budget::Sentences(3)
    }
}

/// The order in which chosen sentences are given back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    #[default]
    Document,
    Score,
}

/// Summarization settings.
#[derive(Clone, Copy, Debug, Default)]
pub struct SummarizeOptions {
    pub similarity: Similarity,
    pub budget: Budget,
    pub order: Order,
}

/// A summary: every sentence's score and the chosen sentences in output order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// One finite score per sentence of the document; they sum to 1 (empty when there
    /// are no sentences).
    pub scores: Vec<f64>,
    /// Indices into the document's sentences, in output order.
    pub selected: Vec<usize>,
}

/// Summarizes one analysed document.
pub fn summarize(doc: &AnalyzedDocument, options: &SummarizeOptions) -> Summary {
    let n = doc.sentences.len();
    if n == 0 {
        return Summary::default();
    }
    let scores = vec![1.0 / n as f64; n];
    let k = match options.budget {
        Budget::Sentences(k) => k,
        Budget::Ratio(r) => ((n as f64 * r).round() as usize).max(1),
        Budget::Words(_) => 1,
    };
    Summary {
        scores,
        selected: (0..k.min(n)).collect(),
    }
}
