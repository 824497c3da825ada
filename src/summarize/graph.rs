//! The sentence graph: a symmetric, weighted similarity matrix over the sentences of
//! one document, under one of three similarity functions.
//!
//! Every sentence becomes a sorted run of `(term id, count)` entries in flat arrays
//! ([`TermTable`]). Pairs of
//! sentences are then scored through the terms they share: each term's entries are
//! listed together, and only terms in two or more sentences contribute. Most terms of
//! a news sentence occur in no other, so this touches far fewer entries than comparing
//! every pair of sentences would, and it needs no hashing and no merge branches.

use super::Similarity;
use crate::text::{AnalyzedSentence, TermId};

/// BM25 term-frequency saturation (Barrios et al. 2016 use 1.2).
pub const BM25_K1: f64 = 1.2;
/// BM25 length normalisation.
pub const BM25_B: f64 = 0.75;
/// Negative BM25 idf values are replaced by this fraction of the average idf.
pub const BM25_EPSILON: f64 = 0.25;

/// The terms of every sentence as sorted `(id, count)` runs in flat arrays.
#[derive(Clone, Debug, Default)]
pub struct TermTable {
    /// Sentence `s` owns entries `offsets[s]..offsets[s + 1]`.
    offsets: Vec<usize>,
    /// Term id of each entry, strictly increasing within a sentence.
    ids: Vec<u32>,
    /// Occurrences of the entry's term in its sentence.
    counts: Vec<u32>,
    /// Number of term occurrences per sentence (|S|).
    lengths: Vec<u32>,
    /// Number of sentences containing each term id.
    df: Vec<u32>,
}

impl TermTable {
    /// The table of `sentences`, with their terms numbered by first appearance among
    /// them: for a whole document that is the document's own numbering, and a block
    /// of a long document is numbered as if it were a document of its own. Float sums
    /// over terms then add in the same order however the sentences came.
    pub fn new(sentences: &[AnalyzedSentence]) -> Self {
        let total: usize = sentences.iter().map(|s| s.terms.len()).sum();
        let (mut local, vocabulary) = number_by_first_appearance(sentences, total);
        let mut table = TermTable {
            offsets: Vec::with_capacity(sentences.len() + 1),
            ids: Vec::with_capacity(total),
            counts: Vec::with_capacity(total),
            lengths: Vec::with_capacity(sentences.len()),
            df: vec![0; vocabulary],
        };
        table.offsets.push(0);
        let mut rest = local.as_mut_slice();
        for sentence in sentences {
            let (ids, after) = rest.split_at_mut(sentence.terms.len());
            table.push_sentence(ids);
            rest = after;
        }
        table
    }

    /// Appends one sentence given its (unsorted) local term ids.
    fn push_sentence(&mut self, ids: &mut [u32]) {
        ids.sort_unstable();
        for run in ids.chunk_by(|a, b| a == b) {
            self.ids.push(run[0]);
            self.counts.push(run.len() as u32);
            self.df[run[0] as usize] += 1;
        }
        self.lengths.push(ids.len() as u32);
        self.offsets.push(self.ids.len());
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    /// Number of distinct terms in the document.
    pub fn vocabulary(&self) -> usize {
        self.df.len()
    }

    /// The distinct terms of sentence `s` as document-local ids, in increasing order.
    pub fn terms(&self, s: usize) -> &[u32] {
        &self.ids[self.entries(s)]
    }

    /// The entry range of sentence `s`.
    fn entries(&self, s: usize) -> std::ops::Range<usize> {
        self.offsets[s]..self.offsets[s + 1]
    }

    /// For every pair of sentences `i < j`, sums `f(a, b)` over the entries `a` of
    /// sentence `i` and `b` of sentence `j` that hold the same term; the sum goes to
    /// `sums[i * n + j]` of an `n × n` matrix whose other cells stay 0.
    ///
    /// Terms are visited in id order, so every float sum is deterministic and adds its
    /// terms in the order a merge of the two sentences' sorted runs would.
    fn pair_sums(&self, mut f: impl FnMut(usize, usize) -> f64) -> Vec<f64> {
        let n = self.len();
        let mut sums = vec![0.0; n * n];
        let postings = Postings::new(self);
        for term in 0..self.vocabulary() {
            let entries = postings.of(term);
            for (k, &a) in entries.iter().enumerate() {
                let row = postings.owner[a as usize] as usize * n;
                for &b in &entries[k + 1..] {
                    let j = postings.owner[b as usize] as usize;
                    sums[row + j] += f(a as usize, b as usize);
                }
            }
        }
        sums
    }
}

/// The entries of a [`TermTable`] grouped by term, each group in sentence order, with
/// the sentence owning each entry. Terms held by a single sentence get no group.
struct Postings {
    /// Term `t`'s entries are `entries[starts[t]..starts[t + 1]]`.
    starts: Vec<u32>,
    entries: Vec<u32>,
    /// Per entry: the sentence it belongs to.
    owner: Vec<u32>,
}

impl Postings {
    fn new(table: &TermTable) -> Self {
        let mut owner = Vec::with_capacity(table.ids.len());
        for s in 0..table.len() {
            owner.extend(table.entries(s).map(|_| s as u32));
        }
        // A counting sort by term id; visiting entries in order keeps each group in
        // sentence order.
        let mut starts = Vec::with_capacity(table.vocabulary() + 1);
        let mut total = 0u32;
        starts.push(0);
        for &df in &table.df {
            total += if df > 1 { df } else { 0 };
            starts.push(total);
        }
        let mut next = starts.clone();
        let mut entries = vec![0; total as usize];
        for (e, &term) in table.ids.iter().enumerate() {
            let term = term as usize;
            if table.df[term] > 1 {
                entries[next[term] as usize] = e as u32;
                next[term] += 1;
            }
        }
        Postings {
            starts,
            entries,
            owner,
        }
    }

    fn of(&self, term: usize) -> &[u32] {
        &self.entries[self.starts[term] as usize..self.starts[term + 1] as usize]
    }
}

/// The terms of `sentences` (`total` of them), one after another, renumbered from 0 by
/// first appearance; and how many distinct terms there are.
fn number_by_first_appearance(sentences: &[AnalyzedSentence], total: usize) -> (Vec<u32>, usize) {
    let mut terms: Vec<TermId> = Vec::with_capacity(total);
    for sentence in sentences {
        terms.extend_from_slice(&sentence.terms);
    }
    // A whole document's ids already count up by first appearance and need no
    // renumbering. Renumbering them anyway costs 0.7% more instructions in summarize
    // on the BBC dev set, but 2.5% (median) to 6.5% (best) more time in alternating
    // runs with `--threads 1`.
    let mut next = 0;
    let in_order = terms.iter().all(|&term| {
        next += u32::from(term == next);
        term < next
    });
    if in_order {
        return (terms, next as usize);
    }
    const UNSEEN: u32 = u32::MAX;
    let bound = terms.iter().max().map_or(0, |&m| m as usize + 1);
    let mut number = vec![UNSEEN; bound];
    next = 0;
    for term in &mut terms {
        let slot = &mut number[*term as usize];
        if *slot == UNSEEN {
            *slot = next;
            next += 1;
        }
        *term = *slot;
    }
    (terms, next as usize)
}

/// A symmetric similarity matrix with a zero diagonal, stored dense and row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    n: usize,
    weights: Vec<f64>,
}

impl Graph {
    /// Fills the upper triangle with `weight(i, j)` and mirrors it.
    #[cfg(test)]
    pub fn from_fn(n: usize, mut weight: impl FnMut(usize, usize) -> f64) -> Self {
        let mut weights = vec![0.0; n * n];
        for i in 0..n {
            for j in i + 1..n {
                let w = weight(i, j);
                debug_assert!(w.is_finite() && w >= 0.0, "bad weight {w}");
                weights[i * n + j] = w;
                weights[j * n + i] = w;
            }
        }
        Graph { n, weights }
    }

    /// Turns pair sums (the upper triangle of `sums`, see [`TermTable::pair_sums`])
    /// into weights: `weight(i, j, sum)` for every `i < j`, mirrored below the diagonal.
    fn from_pair_sums(
        n: usize,
        mut sums: Vec<f64>,
        mut weight: impl FnMut(usize, usize, f64) -> f64,
    ) -> Self {
        for i in 0..n {
            for j in i + 1..n {
                let w = weight(i, j, sums[i * n + j]);
                debug_assert!(w.is_finite() && w >= 0.0, "bad weight {w}");
                sums[i * n + j] = w;
                sums[j * n + i] = w;
            }
        }
        Graph { n, weights: sums }
    }

    /// Number of nodes (sentences).
    pub fn len(&self) -> usize {
        self.n
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    #[cfg(test)]
    pub fn weight(&self, i: usize, j: usize) -> f64 {
        self.weights[i * self.n + j]
    }

    /// Edge weights from node `i`; by symmetry also the weights into `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.weights[i * self.n..(i + 1) * self.n]
    }

    /// Whether any pair of sentences has a positive similarity.
    #[cfg(test)]
    pub fn has_edges(&self) -> bool {
        self.weights.iter().any(|&w| w > 0.0)
    }
}

/// Builds the sentence graph of `sentences` under `similarity`.
pub fn build(sentences: &[AnalyzedSentence], similarity: Similarity) -> Graph {
    let table = TermTable::new(sentences);
    build_from_table(&table, similarity)
}

/// Builds the sentence graph from an already built term table.
pub fn build_from_table(table: &TermTable, similarity: Similarity) -> Graph {
    match similarity {
        Similarity::TextRank => textrank_graph(table),
        Similarity::Bm25 => bm25_graph(table),
        Similarity::Cosine => cosine_graph(table),
    }
}

/// Mihalcea & Tarau 2004: |Si ∩ Sj| / (ln|Si| + ln|Sj|).
///
/// The overlap counts shared occurrences as a multiset (`min` of the two counts per
/// term), which keeps the measure symmetric and equals the set overlap when no term
/// repeats. Two one-term sentences give ln 1 + ln 1 = 0, so the denominator is floored
/// at ln 2 (its value for lengths 1 and 2): the pair still counts as similar, and a
/// longer sentence never scores above a shorter one with the same overlap.
fn textrank_graph(table: &TermTable) -> Graph {
    let log_len: Vec<f64> = table.lengths.iter().map(|&l| f64::from(l).ln()).collect();
    let overlaps = table.pair_sums(|a, b| f64::from(table.counts[a].min(table.counts[b])));
    Graph::from_pair_sums(table.len(), overlaps, |i, j, overlap| {
        if overlap == 0.0 {
            return 0.0;
        }
        overlap / (log_len[i] + log_len[j]).max(std::f64::consts::LN_2)
    })
}

/// TF-IDF cosine similarity.
///
/// Uses the smoothed idf `ln((1 + N) / (1 + df)) + 1` (scikit-learn's default): always
/// at least 1, so a term shared by every sentence still links them and no weight is
/// ever negative.
fn cosine_graph(table: &TermTable) -> Graph {
    let n = table.len() as f64;
    // idf depends on df alone, which ranges over 1..=N: one logarithm per df value
    // instead of one per term. It pays: a logarithm per term costs 3.0% more
    // instructions on the BBC dev summaries (the same figures to the bit).
    let idf_of_df: Vec<f64> = (0..=table.len())
        .map(|df| ((1.0 + n) / (1.0 + df as f64)).ln() + 1.0)
        .collect();
    let tfidf: Vec<f64> = (0..table.ids.len())
        .map(|e| {
            let df = table.df[table.ids[e] as usize];
            f64::from(table.counts[e]) * idf_of_df[df as usize]
        })
        .collect();
    let norms: Vec<f64> = (0..table.len())
        .map(|s| {
            table
                .entries(s)
                .map(|e| tfidf[e] * tfidf[e])
                .sum::<f64>()
                .sqrt()
        })
        .collect();
    let dots = table.pair_sums(|a, b| tfidf[a] * tfidf[b]);
    Graph::from_pair_sums(table.len(), dots, |i, j, dot| {
        if norms[i] == 0.0 || norms[j] == 0.0 {
            return 0.0;
        }
        // Rounding can push an identical pair a hair above 1.
        (dot / (norms[i] * norms[j])).min(1.0)
    })
}

/// Okapi BM25 with each sentence as a query against each other sentence as a document
/// (Barrios et al. 2016, gensim's `summarization.bm25`).
///
/// BM25(q, d) = Σ_{t ∈ q} idf(t) · f(t, d)·(k1 + 1) / (f(t, d) + k1·(1 − b + b·|d|/avgdl)),
/// where a query term repeated in `q` counts each time, as in gensim. BM25 is
/// asymmetric; the edge weight is the mean of both directions, which keeps the graph
/// undirected (PageRank then needs only rows). See [`bm25_idf`] for the idf.
fn bm25_graph(table: &TermTable) -> Graph {
    let idf = bm25_idf(table);
    let total: u64 = table.lengths.iter().map(|&l| u64::from(l)).sum();
    let avgdl = total as f64 / table.len().max(1) as f64;
    // Per entry: the document-side factor f·(k1+1)/(f + k1·(1 − b + b·|d|/avgdl)).
    let mut doc_part = vec![0.0; table.ids.len()];
    for s in 0..table.len() {
        // avgdl is 0 only when no sentence has a term, and then no entry reads this.
        let len_ratio = f64::from(table.lengths[s]) / avgdl;
        let norm = BM25_K1 * (1.0 - BM25_B + BM25_B * len_ratio);
        for e in table.entries(s) {
            let f = f64::from(table.counts[e]);
            doc_part[e] = f * (BM25_K1 + 1.0) / (f + norm);
        }
    }
    let both_ways = table.pair_sums(|a, b| {
        let i_to_j = f64::from(table.counts[a]) * doc_part[b];
        let j_to_i = f64::from(table.counts[b]) * doc_part[a];
        idf[table.ids[a] as usize] * (i_to_j + j_to_i)
    });
    Graph::from_pair_sums(table.len(), both_ways, |_, _, both| both / 2.0)
}

/// BM25 idf over sentences as documents: ln(N − df + 0.5) − ln(df + 0.5).
///
/// Terms in more than half of the sentences get a negative idf; as in gensim they are
/// given `BM25_EPSILON` × the average idf instead. In tiny documents (two sentences)
/// that average itself is not positive; the floor is then 0 so no edge goes negative.
pub fn bm25_idf(table: &TermTable) -> Vec<f64> {
    let n = table.len() as f64;
    let mut idf: Vec<f64> = table
        .df
        .iter()
        .map(|&df| {
            let df = f64::from(df);
            (n - df + 0.5).ln() - (df + 0.5).ln()
        })
        .collect();
    if idf.is_empty() {
        return idf;
    }
    let average = idf.iter().sum::<f64>() / idf.len() as f64;
    let floor = (BM25_EPSILON * average).max(0.0);
    for value in idf.iter_mut().filter(|v| **v < 0.0) {
        *value = floor;
    }
    idf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summarize::tests::sentences;

    const EPS: f64 = 1e-12;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < EPS
    }

    #[test]
    fn interning_counts_and_df() {
        let s = sentences(&[&["b", "a", "b"], &[], &["a", "c"]]);
        let t = TermTable::new(&s);
        assert_eq!(t.len(), 3);
        assert_eq!(t.vocabulary(), 3);
        // b=0, a=1, c=2 by first appearance; runs sorted by id.
        assert_eq!(&t.ids[t.entries(0)], &[0, 1]);
        assert_eq!(&t.counts[t.entries(0)], &[2, 1]);
        assert!(t.entries(1).is_empty());
        assert_eq!(&t.ids[t.entries(2)], &[1, 2]);
        assert_eq!(t.lengths, vec![3, 0, 2]);
        assert_eq!(t.df, vec![1, 2, 1]);
    }

    #[test]
    fn a_block_of_a_document_is_numbered_as_a_document_of_its_own() {
        let mut block = sentences(&[&["a", "b"], &["b", "c"]]);
        block[0].terms = vec![5, 2, 5];
        block[1].terms = vec![2, 7];
        let t = TermTable::new(&block);
        assert_eq!(t.vocabulary(), 3);
        // 5 -> 0, 2 -> 1, 7 -> 2: the table a document of these words would have.
        block[0].terms = vec![0, 1, 0];
        block[1].terms = vec![1, 2];
        let own = TermTable::new(&block);
        assert_eq!((&t.ids, &t.counts, &t.df), (&own.ids, &own.counts, &own.df));
        assert_eq!(t.ids, vec![0, 1, 1, 2]);
    }

    #[test]
    fn textrank_exact_values() {
        let s = sentences(&[&["a", "b", "c"], &["a", "b", "d", "e"], &["f"], &["f"], &[]]);
        let g = build(&s, Similarity::TextRank);
        assert!(close(g.weight(0, 1), 2.0 / (3f64.ln() + 4f64.ln())));
        assert!(close(g.weight(1, 0), g.weight(0, 1)));
        assert_eq!(g.weight(0, 2), 0.0);
        // ln1 + ln1 = 0: floored at ln 2.
        assert!(close(g.weight(2, 3), 1.0 / 2f64.ln()));
        assert_eq!(g.weight(4, 0), 0.0);
        assert_eq!(g.weight(0, 0), 0.0);
    }

    #[test]
    fn textrank_counts_repeats_as_multiset() {
        let s = sentences(&[&["a", "a", "b"], &["a", "a", "a", "c"]]);
        let g = build(&s, Similarity::TextRank);
        assert!(close(g.weight(0, 1), 2.0 / (3f64.ln() + 4f64.ln())));
    }

    #[test]
    fn cosine_exact_values() {
        let s = sentences(&[&["a", "b"], &["a", "c"], &["d"]]);
        let g = build(&s, Similarity::Cosine);
        // N = 3: idf(a) = ln(4/3) + 1 (df 2); idf(b) = idf(c) = ln 2 + 1 (df 1).
        let ia = (4.0f64 / 3.0).ln() + 1.0;
        let ib = 2f64.ln() + 1.0;
        let expected = ia * ia / (ia * ia + ib * ib);
        assert!(close(g.weight(0, 1), expected));
        assert_eq!(g.weight(0, 2), 0.0);
    }

    #[test]
    fn cosine_identical_sentences_is_one() {
        let s = sentences(&[&["a", "b", "b"], &["b", "a", "b"], &["c"]]);
        let g = build(&s, Similarity::Cosine);
        assert!(close(g.weight(0, 1), 1.0));
    }

    #[test]
    fn bm25_exact_values() {
        // N = 4, avgdl = (2 + 3 + 1 + 1) / 4 = 1.75.
        let s = sentences(&[&["a", "b"], &["a", "c", "c"], &["d"], &["e"]]);
        let t = TermTable::new(&s);
        let idf = bm25_idf(&t);
        // Every df is below N/2 except none, so no floor: a has df 2 -> ln(2.5/2.5) = 0.
        let i1 = (3.5f64).ln() - (1.5f64).ln();
        assert!(close(idf[0], 0.0));
        assert!(close(idf[1], i1));
        // Shared term a has idf 0, so sentences 0 and 1 are not linked.
        let g = build(&s, Similarity::Bm25);
        assert_eq!(g.weight(0, 1), 0.0);

        // N = 5 with "a" in two sentences: idf(a) = ln(3.5 / 2.5).
        let s = sentences(&[&["a", "b"], &["a", "a", "c"], &["d"], &["e"], &["f"]]);
        let g = build(&s, Similarity::Bm25);
        let ia = 3.5f64.ln() - 2.5f64.ln();
        let avgdl = 8.0 / 5.0;
        let part = |f: f64, len: f64| {
            f * (BM25_K1 + 1.0) / (f + BM25_K1 * (1.0 - BM25_B + BM25_B * len / avgdl))
        };
        // 0 -> 1: query term a once, f(a, S1) = 2; 1 -> 0: a twice, f(a, S0) = 1.
        let expected = ia * (part(2.0, 3.0) + 2.0 * part(1.0, 2.0)) / 2.0;
        assert!(close(g.weight(0, 1), expected));
        assert!(close(g.weight(1, 0), expected));
    }

    #[test]
    fn bm25_negative_idf_gets_epsilon_floor() {
        // N = 5: x in all five (idf ln(0.5/5.5) < 0), y1..y5 once each (ln(4.5/1.5)).
        let s = sentences(&[
            &["x", "y1"],
            &["x", "y2"],
            &["x", "y3"],
            &["x", "y4"],
            &["x", "y5"],
        ]);
        let t = TermTable::new(&s);
        let idf = bm25_idf(&t);
        let pos = 4.5f64.ln() - 1.5f64.ln();
        let neg = 0.5f64.ln() - 5.5f64.ln();
        let average = (neg + 5.0 * pos) / 6.0;
        assert!(average > 0.0);
        assert!(close(idf[0], BM25_EPSILON * average));
        assert!(close(idf[1], pos));
        assert!(idf.iter().all(|v| *v >= 0.0));
    }

    #[test]
    fn bm25_two_sentences_never_negative() {
        let s = sentences(&[&["x", "y"], &["x", "y"]]);
        let g = build(&s, Similarity::Bm25);
        assert_eq!(g.weight(0, 1), 0.0);
    }

    #[test]
    fn empty_and_single_documents() {
        for sim in [Similarity::TextRank, Similarity::Bm25, Similarity::Cosine] {
            assert!(build(&[], sim).is_empty());
            let g = build(&sentences(&[&["a"]]), sim);
            assert_eq!(g.len(), 1);
            assert!(!g.has_edges());
            let g = build(&sentences(&[&[], &[]]), sim);
            assert!(!g.has_edges());
        }
    }
}
