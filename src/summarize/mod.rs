//! Extractive summaries: TextRank over the sentences of one analysed document.
//!
//! The pipeline has three stages, one module each:
//! - `graph` owns sentence similarity: term tables and the symmetric weighted
//!   similarity matrix (TextRank overlap, BM25, TF-IDF cosine);
//! - `rank` owns centrality: weighted PageRank, with a document-order fallback;
//! - `select` owns the budget: which sentences are chosen and in what order.
//!
//! This module holds the options and result types and wires the stages together.

pub(crate) mod graph;
pub(crate) mod position;
pub(crate) mod rank;
pub(crate) mod redundancy;
pub(crate) mod select;

use std::cell::LazyCell;

use crate::text::{AnalyzedDocument, AnalyzedSentence};

pub use position::DEFAULT_POSITION_BIAS;
pub use redundancy::DEFAULT_REDUNDANCY;

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

/// How sentences are scored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Algorithm {
    /// Centrality in the sentence graph.
    #[default]
    TextRank,
    /// Position alone: the first sentences (the lead baseline of news summarization).
    Lead,
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
    /// As they come in the document.
    #[default]
    Document,
    /// Highest score first.
    Score,
}

/// Summarization settings.
#[derive(Clone, Copy, Debug)]
pub struct SummarizeOptions {
    /// How sentences are scored.
    pub algorithm: Algorithm,
    /// How sentences are compared (TextRank only).
    pub similarity: Similarity,
    /// How long the summary may be.
    pub budget: Budget,
    /// The order of the chosen sentences.
    pub order: Order,
    /// Strength of the lead prior, 0 or more (0 turns it off): early sentences of the
    /// running text weigh more, the less so the more of the article the summary
    /// covers ([`DEFAULT_POSITION_BIAS`]).
    pub position_bias: f64,
    /// Term overlap at which a sentence repeats a chosen one and is passed over; 1
    /// keeps only exact repeats out, above 1 turns the check off
    /// ([`DEFAULT_REDUNDANCY`]).
    pub redundancy: f64,
}

impl Default for SummarizeOptions {
    fn default() -> Self {
        SummarizeOptions {
            algorithm: Algorithm::default(),
            similarity: Similarity::default(),
            budget: Budget::default(),
            order: Order::default(),
            position_bias: position::DEFAULT_POSITION_BIAS,
            redundancy: redundancy::DEFAULT_REDUNDANCY,
        }
    }
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

/// Summarizes one analysed document: scores every sentence and chooses as many as
/// the budget allows, never none when the document has a sentence.
///
/// ```
/// use copydesk::summarize::{summarize, Budget, Order, SummarizeOptions};
/// use copydesk::text::{analyze, AnalyzeOptions};
///
/// let article = "The port authority approved a harbour expansion on Tuesday. \
///                The expansion adds four berths for container ships. \
///                Dredging the channel for the berths starts in the spring. \
///                A bakery on the quay reopened after repairs.";
/// let doc = analyze(article, &AnalyzeOptions::default());
/// let options = SummarizeOptions {
///     budget: Budget::Sentences(2),
///     order: Order::Document,
///     ..SummarizeOptions::default()
/// };
/// let summary = summarize(&doc, &options);
/// assert_eq!(summary.scores.len(), 4);
/// assert_eq!(summary.selected.len(), 2);
/// // In document order, and the sentence about the bakery is not central.
/// assert!(summary.selected[0] < summary.selected[1]);
/// assert!(!summary.selected.contains(&3));
/// ```
pub fn summarize(doc: &AnalyzedDocument, options: &SummarizeOptions) -> Summary {
    let sentences = &doc.sentences;
    // One term table serves both the graph and the redundancy check; it is made only
    // if one of them needs it.
    let table = LazyCell::new(|| graph::TermTable::new(sentences));
    let scores = match options.algorithm {
        Algorithm::TextRank => {
            let mut scores = score_table(&table, sentences, options.similarity);
            let coverage = coverage(sentences, options.budget);
            position::apply_lead_prior(&mut scores, sentences, coverage, options.position_bias);
            scores
        }
        Algorithm::Lead => rank::position_scores(sentences.len()),
    };
    let redundancy = (options.redundancy <= 1.0)
        .then(|| redundancy::Redundancy::new(&table, options.redundancy));
    let selected = select::select(
        sentences,
        &scores,
        options.budget,
        options.order,
        redundancy.as_ref(),
    );
    Summary { scores, selected }
}

/// The share of the running text a summary of `budget` takes (by sentences, or by
/// words for a word budget).
fn coverage(sentences: &[AnalyzedSentence], budget: Budget) -> f64 {
    let text = sentences
        .iter()
        .filter(|s| s.kind == crate::text::SentenceKind::Text);
    let (count, words) = text.fold((0usize, 0usize), |(c, w), s| (c + 1, w + s.words));
    let share = match budget {
        Budget::Sentences(k) => k as f64 / count.max(1) as f64,
        Budget::Ratio(r) => r,
        Budget::Words(w) => w as f64 / words.max(1) as f64,
    };
    share.clamp(0.0, 1.0)
}

/// The largest run of sentences ranked as one graph. The graph is dense (n² weights),
/// so a book-length input is ranked in consecutive blocks of this size instead: time
/// grows linearly past it and memory stays bounded (32 MB per block).
pub const MAX_GRAPH_SENTENCES: usize = 2000;

/// Scores every sentence (TextRank centrality): finite, non-negative, summing to 1.
/// Documents longer than [`MAX_GRAPH_SENTENCES`] are ranked block by block, each
/// block's scores weighted by its share of the sentences.
pub fn score(sentences: &[AnalyzedSentence], similarity: Similarity) -> Vec<f64> {
    let table = LazyCell::new(|| graph::TermTable::new(sentences));
    score_table(&table, sentences, similarity)
}

/// [`score`], given the term table of `sentences` (made when first used: the blocks of
/// a long document have tables of their own).
fn score_table(
    table: &LazyCell<graph::TermTable, impl FnOnce() -> graph::TermTable>,
    sentences: &[AnalyzedSentence],
    similarity: Similarity,
) -> Vec<f64> {
    if sentences.len() <= MAX_GRAPH_SENTENCES {
        return rank::pagerank(&graph::build_from_table(table, similarity));
    }
    let total = sentences.len() as f64;
    sentences
        .chunks(MAX_GRAPH_SENTENCES)
        .flat_map(|block| {
            let share = block.len() as f64 / total;
            rank::pagerank(&graph::build(block, similarity))
                .into_iter()
                .map(move |score| score * share)
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::text::{SentenceKind, Span};
    use proptest::prelude::*;

    /// Interns test terms: the same string always gets the same id.
    fn term_id(term: &str) -> crate::text::TermId {
        use std::sync::Mutex;
        static TERMS: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let mut terms = TERMS.lock().unwrap();
        match terms.iter().position(|t| t == term) {
            Some(index) => index as crate::text::TermId,
            None => {
                terms.push(term.to_string());
                (terms.len() - 1) as crate::text::TermId
            }
        }
    }

    /// A Text sentence with the given terms, one word per term and a dummy span.
    pub(crate) fn sentence(terms: &[&str]) -> AnalyzedSentence {
        AnalyzedSentence {
            span: Span::new(0, 0),
            paragraph: 0,
            kind: SentenceKind::Text,
            terms: terms.iter().map(|t| term_id(t)).collect(),
            words: terms.len(),
        }
    }

    pub(crate) fn sentences(terms: &[&[&str]]) -> Vec<AnalyzedSentence> {
        terms.iter().map(|t| sentence(t)).collect()
    }

    fn doc(terms: &[&[&str]]) -> AnalyzedDocument {
        AnalyzedDocument {
            sentences: sentences(terms),
            ..AnalyzedDocument::default()
        }
    }

    const ALL: [Similarity; 3] = [Similarity::TextRank, Similarity::Bm25, Similarity::Cosine];

    #[test]
    fn long_documents_are_ranked_in_blocks_and_still_sum_to_one() {
        let words = ["port", "ship", "crane", "dock", "tide", "quay", "berth"];
        let many: Vec<AnalyzedSentence> = (0..MAX_GRAPH_SENTENCES * 2 + 7)
            .map(|i| sentence(&[words[i % 7], words[(i / 7) % 7], words[(i * 3) % 7]]))
            .collect();
        let scores = score(&many, Similarity::Cosine);
        assert_eq!(scores.len(), many.len());
        assert!(scores.iter().all(|s| s.is_finite() && *s >= 0.0));
        assert!((scores.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        // Each block holds its share of the whole, as ranking it alone gives.
        let first_block: f64 = scores[..MAX_GRAPH_SENTENCES].iter().sum();
        let share = MAX_GRAPH_SENTENCES as f64 / many.len() as f64;
        assert!(
            (first_block - share).abs() < 1e-12,
            "{first_block} vs {share}"
        );
    }

    #[test]
    fn empty_document() {
        for similarity in ALL {
            let options = SummarizeOptions {
                similarity,
                ..SummarizeOptions::default()
            };
            assert_eq!(summarize(&doc(&[]), &options), Summary::default());
        }
    }

    #[test]
    fn one_sentence_document() {
        for similarity in ALL {
            let options = SummarizeOptions {
                similarity,
                budget: Budget::Words(0),
                ..SummarizeOptions::default()
            };
            let summary = summarize(&doc(&[&["only", "one"]]), &options);
            assert_eq!(summary.scores, vec![1.0]);
            assert_eq!(summary.selected, vec![0]);
        }
    }

    #[test]
    fn unrelated_sentences_give_the_lead() {
        let d = doc(&[&["a"], &["b"], &["c"], &["d"], &[]]);
        for similarity in ALL {
            let options = SummarizeOptions {
                similarity,
                ..SummarizeOptions::default()
            };
            assert_eq!(summarize(&d, &options).selected, vec![0, 1, 2]);
        }
    }

    #[test]
    fn central_sentence_wins() {
        let d = doc(&[
            &["weather", "rain"],
            &["army", "niger", "train", "russia"],
            &["army", "niger"],
            &["train", "russia", "instructor"],
            &["niger", "army", "train"],
            &["football", "score"],
        ]);
        for similarity in ALL {
            let options = SummarizeOptions {
                similarity,
                budget: Budget::Sentences(1),
                ..SummarizeOptions::default()
            };
            assert_eq!(summarize(&d, &options).selected, vec![1], "{similarity:?}");
        }
    }

    #[test]
    fn deterministic() {
        let d = doc(&[
            &["a", "b", "c"],
            &["b", "c", "d"],
            &["d", "e"],
            &["a", "e", "f"],
        ]);
        for similarity in ALL {
            let options = SummarizeOptions {
                similarity,
                ..SummarizeOptions::default()
            };
            let first = summarize(&d, &options);
            for _ in 0..5 {
                assert_eq!(summarize(&d.clone(), &options), first);
            }
        }
    }

    #[test]
    fn coverage_is_the_budget_share_of_the_running_text_only() {
        // Four text sentences of 10 words, and a heading that is not running text.
        let mut d = sentences(&[&["a"], &["b"], &["c"], &["d"], &["e"]]);
        for s in &mut d {
            s.words = 10;
        }
        d[2].kind = SentenceKind::Heading;
        assert_eq!(coverage(&d, Budget::Sentences(1)), 0.25);
        assert_eq!(coverage(&d, Budget::Words(20)), 0.5);
        assert_eq!(coverage(&d, Budget::Ratio(0.3)), 0.3);
        assert_eq!(
            coverage(&d, Budget::Sentences(9)),
            1.0,
            "clamped to the whole"
        );
        assert_eq!(coverage(&[], Budget::Sentences(1)), 1.0);
    }

    #[test]
    fn a_repeated_sentence_is_skipped_unless_the_check_is_off() {
        // Sentences 0 and 1 say the same; both are the most central.
        let d = doc(&[
            &["a", "b", "c"],
            &["a", "b", "c"],
            &["a", "b", "d"],
            &["c", "e"],
        ]);
        let options = |redundancy| SummarizeOptions {
            budget: Budget::Sentences(2),
            redundancy,
            ..SummarizeOptions::default()
        };
        let checked = summarize(&d, &options(redundancy::DEFAULT_REDUNDANCY)).selected;
        assert!(
            !(checked.contains(&0) && checked.contains(&1)),
            "{checked:?}"
        );
        assert_eq!(summarize(&d, &options(1.5)).selected, vec![0, 1]);
    }

    fn arb_doc() -> impl Strategy<Value = AnalyzedDocument> {
        let term = prop::sample::select(vec!["a", "b", "c", "d", "e", "f", "g", "h"]);
        let sentence = (prop::collection::vec(term, 0..8), 0usize..40, 0u8..4).prop_map(
            |(terms, extra, kind)| {
                let mut s = sentence(&terms);
                s.words += extra;
                s.kind = match kind {
                    0 => SentenceKind::Heading,
                    1 => SentenceKind::ListItem,
                    _ => SentenceKind::Text,
                };
                s
            },
        );
        prop::collection::vec(sentence, 0..40).prop_map(|sentences| AnalyzedDocument {
            sentences,
            ..AnalyzedDocument::default()
        })
    }

    fn arb_options() -> impl Strategy<Value = SummarizeOptions> {
        let similarity = prop::sample::select(ALL.to_vec());
        let budget = prop_oneof![
            (0usize..10).prop_map(Budget::Sentences),
            (0.0f64..1.5).prop_map(Budget::Ratio),
            (0usize..120).prop_map(Budget::Words),
        ];
        let order = prop::sample::select(vec![Order::Document, Order::Score]);
        let algorithm = prop::sample::select(vec![Algorithm::TextRank, Algorithm::Lead]);
        let bias = prop::sample::select(vec![0.0, 5.0, 50.0]);
        let redundancy = prop::sample::select(vec![0.3, 0.6, 1.0, f64::INFINITY]);
        let knobs = (bias, redundancy);
        (algorithm, similarity, budget, order, knobs).prop_map(
            |(algorithm, similarity, budget, order, (position_bias, redundancy))| {
                SummarizeOptions {
                    algorithm,
                    similarity,
                    budget,
                    order,
                    position_bias,
                    redundancy,
                }
            },
        )
    }

    proptest! {
        #[test]
        fn summary_invariants(d in arb_doc(), options in arb_options()) {
            let summary = summarize(&d, &options);
            let n = d.sentences.len();
            prop_assert_eq!(summary.scores.len(), n);
            prop_assert!(summary.scores.iter().all(|s| s.is_finite() && *s >= 0.0));
            if n > 0 {
                let sum: f64 = summary.scores.iter().sum();
                prop_assert!((sum - 1.0).abs() < 1e-9, "sum {}", sum);
            }
            prop_assert_eq!(summary.selected.is_empty(), n == 0);
            let mut seen = vec![false; n];
            for &i in &summary.selected {
                prop_assert!(i < n && !seen[i]);
                seen[i] = true;
            }
            if options.order == Order::Document {
                prop_assert!(summary.selected.windows(2).all(|w| w[0] < w[1]));
            }
            if let Budget::Words(w) = options.budget {
                let words: usize = summary.selected.iter().map(|&i| d.sentences[i].words).sum();
                let top = select::ranking(&d.sentences, &summary.scores).first().copied();
                // Over budget only when the top-ranked candidate alone is.
                prop_assert!(words <= w || summary.selected == top.into_iter().collect::<Vec<_>>());
            }
        }

        #[test]
        fn graphs_are_symmetric_and_non_negative(d in arb_doc()) {
            for similarity in ALL {
                let g = graph::build(&d.sentences, similarity);
                for i in 0..g.len() {
                    prop_assert_eq!(g.weight(i, i), 0.0);
                    for j in 0..g.len() {
                        let w = g.weight(i, j);
                        prop_assert!(w.is_finite() && w >= 0.0);
                        prop_assert_eq!(w, g.weight(j, i));
                    }
                }
            }
        }
    }
}
