//! Ranking: weighted PageRank over the sentence graph by power iteration, with a
//! document-order fallback when the graph has no edges.
//!
//! Scores always form a probability distribution: finite, non-negative, summing to 1.

use super::graph::Graph;

/// PageRank damping factor (probability of following an edge).
pub const DAMPING: f64 = 0.85;
/// Iteration stops once the L1 change between two iterations falls below this.
pub const TOLERANCE: f64 = 1e-6;
/// Hard cap on power iterations; well-conditioned sentence graphs need far fewer.
pub const MAX_ITERATIONS: usize = 200;

/// Ranks the nodes of `graph`.
///
/// Each node's out-weights are normalised by its weight sum. Isolated (dangling) nodes
/// have no out-edges; their mass is spread uniformly, like the teleport, so the total
/// stays 1. A graph with no edges at all carries no information, and news is
/// lead-heavy, so it falls back to [`position_scores`].
pub fn pagerank(graph: &Graph) -> Vec<f64> {
    let n = graph.len();
    let row_sums: Vec<f64> = (0..n).map(|i| graph.row(i).iter().sum()).collect();
    if row_sums.iter().all(|&s| s <= 0.0) {
        return position_scores(n);
    }
    let mut scores = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    // scores[i] / row_sums[i]: the mass node i sends along one unit of edge weight.
    let mut outflow = vec![0.0; n];
    for _ in 0..MAX_ITERATIONS {
        step(graph, &row_sums, &scores, &mut outflow, &mut next);
        let change: f64 = scores.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut scores, &mut next);
        if change < TOLERANCE {
            break;
        }
    }
    normalize(&mut scores);
    scores
}

/// One power-iteration step from `scores` into `next`.
fn step(graph: &Graph, row_sums: &[f64], scores: &[f64], outflow: &mut [f64], next: &mut [f64]) {
    let mut dangling = 0.0;
    for i in 0..scores.len() {
        if row_sums[i] > 0.0 {
            outflow[i] = scores[i] / row_sums[i];
        } else {
            outflow[i] = 0.0;
            dangling += scores[i];
        }
    }
    // Random jumps and the mass of isolated nodes land uniformly.
    let jump = (1.0 - DAMPING) + DAMPING * dangling;
    let uniform = 1.0 / scores.len() as f64;
    for (j, value) in next.iter_mut().enumerate() {
        // The graph is symmetric, so row j holds the weights of the edges into j.
        let inflow = dot(graph.row(j), outflow);
        *value = jump * uniform + DAMPING * inflow;
    }
}

/// The dot product of two equally long slices, summed in four interleaved lanes so
/// the additions do not wait on one another (and the compiler can vectorise them).
/// The lanes are combined in a fixed order, so the result is deterministic.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    const LANES: usize = 4;
    let mut lanes = [0.0; LANES];
    let (a_chunks, b_chunks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f64 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for lane in 0..LANES {
            lanes[lane] += x[lane] * y[lane];
        }
    }
    (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + tail
}

/// Scores that decrease with position: sentence i gets (n − i) / (n(n + 1)/2).
///
/// Used when similarity says nothing, so that selection picks the lead.
pub fn position_scores(n: usize) -> Vec<f64> {
    let total = (n * (n + 1)) as f64 / 2.0;
    (0..n).map(|i| (n - i) as f64 / total).collect()
}

/// Rescales to sum exactly 1 (up to rounding): after the iterations, which drift, and
/// after the lead prior reweights the scores.
pub(super) fn normalize(scores: &mut [f64]) {
    let sum: f64 = scores.iter().sum();
    if sum > 0.0 && sum.is_finite() {
        for s in scores.iter_mut() {
            *s /= sum;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(usize, usize, f64)]) -> Graph {
        Graph::from_fn(n, |i, j| {
            edges
                .iter()
                .find(|&&(a, b, _)| (a, b) == (i, j) || (a, b) == (j, i))
                .map_or(0.0, |e| e.2)
        })
    }

    fn assert_distribution(scores: &[f64]) {
        assert!(scores.iter().all(|s| s.is_finite() && *s >= 0.0));
        assert!((scores.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn symmetric_triangle_is_uniform() {
        let s = pagerank(&graph(3, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)]));
        assert_distribution(&s);
        for v in &s {
            assert!((v - 1.0 / 3.0).abs() < 1e-9);
        }
    }

    #[test]
    fn star_centre_is_highest() {
        let s = pagerank(&graph(4, &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]));
        assert_distribution(&s);
        // Stationary distribution: centre x = 0.15/4 + 0.85 * (1 - x), leaves share the rest.
        let centre = (0.15 / 4.0 + 0.85) / 1.85;
        assert!((s[0] - centre).abs() < 1e-6);
        for leaf in &s[1..] {
            assert!((leaf - (1.0 - centre) / 3.0).abs() < 1e-6);
        }
    }

    #[test]
    fn weights_matter() {
        // Path 0 - 1 - 2 with a heavier edge to 2: node 2 outranks node 0.
        let s = pagerank(&graph(3, &[(0, 1, 1.0), (1, 2, 3.0)]));
        assert_distribution(&s);
        assert!(s[1] > s[2] && s[2] > s[0]);
    }

    #[test]
    fn disconnected_graph_and_isolated_node() {
        // Two linked pairs and one isolated sentence.
        let s = pagerank(&graph(5, &[(0, 1, 1.0), (2, 3, 1.0)]));
        assert_distribution(&s);
        assert!((s[0] - s[1]).abs() < 1e-9 && (s[0] - s[2]).abs() < 1e-9);
        // The isolated node only gets teleport and dangling mass: less than the others.
        assert!(s[4] < s[0]);
    }

    #[test]
    fn no_edges_falls_back_to_document_order() {
        let s = pagerank(&graph(4, &[]));
        assert_distribution(&s);
        assert!(s.windows(2).all(|w| w[0] > w[1]));
        assert_eq!(s, position_scores(4));
    }

    #[test]
    fn empty_and_single() {
        assert!(pagerank(&graph(0, &[])).is_empty());
        assert_eq!(pagerank(&graph(1, &[])), vec![1.0]);
    }

    #[test]
    fn deterministic() {
        let g = graph(
            6,
            &[
                (0, 1, 0.3),
                (1, 2, 0.7),
                (2, 5, 0.1),
                (3, 4, 2.0),
                (0, 5, 0.9),
            ],
        );
        assert_eq!(pagerank(&g), pagerank(&g));
    }
}
