//! Clusters: connected components of the verified pairs (union-find), each with a
//! representative chosen by a documented rule.

/// Which member of a cluster represents it (the one to keep).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Keep {
    /// The first in input order.
    #[default]
    First,
    /// The one with the most words (ties: first in input order).
    Longest,
    /// The one with the fewest words (ties: first in input order).
    Shortest,
}

/// Union-find with path halving; the smaller index becomes the root, so components
/// do not depend on the order pairs arrive in. A parent is never larger than its
/// child, so a component's root is its smallest member.
pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[high] = low;
        }
    }
}

/// A group of documents linked by verified pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// Member indices in input order.
    pub members: Vec<usize>,
    /// The member that represents the cluster (the one to keep), chosen by
    /// [`DedupOptions::keep`](crate::dedup::DedupOptions::keep).
    pub representative: usize,
}

/// Components of size two or more, ordered by their first member.
pub fn clusters(n: usize, pairs: &[(usize, usize)], words: &[usize], keep: Keep) -> Vec<Cluster> {
    let mut sets = UnionFind::new(n);
    for &(a, b) in pairs {
        sets.union(a, b);
    }
    // Visiting documents in order fills each component sorted and without repeats;
    // indexing by root (the smallest member) orders components by first member.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for x in 0..n {
        members[sets.find(x)].push(x);
    }
    members
        .into_iter()
        .filter(|m| m.len() > 1)
        .map(|m| {
            let representative = choose(&m, words, keep);
            Cluster {
                members: m,
                representative,
            }
        })
        .collect()
}

/// `members` is a cluster's, so never empty.
fn choose(members: &[usize], words: &[usize], keep: Keep) -> usize {
    let found = match keep {
        Keep::First => members.first(),
        // max_by_key keeps the last maximum; iterate in reverse to keep the first.
        Keep::Longest => members.iter().rev().max_by_key(|&&m| words[m]),
        Keep::Shortest => members.iter().min_by_key(|&&m| words[m]),
    };
    *found.expect("a cluster has members")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_and_representatives() {
        let words = [10, 50, 30, 5, 50, 7];
        let pairs = [(4, 1), (1, 2), (3, 5)];
        let first = clusters(6, &pairs, &words, Keep::First);
        assert_eq!(first.len(), 2);
        assert_eq!(first[0].members, vec![1, 2, 4]);
        assert_eq!(first[0].representative, 1);
        assert_eq!(first[1].members, vec![3, 5]);
        let longest = clusters(6, &pairs, &words, Keep::Longest);
        assert_eq!(
            longest[0].representative, 1,
            "tie between 1 and 4: first wins"
        );
        let shortest = clusters(6, &pairs, &words, Keep::Shortest);
        assert_eq!(shortest[0].representative, 2);
        assert_eq!(shortest[1].representative, 3);
    }
}
