//! Dedup reports for people: clusters a reader can scan, recurring paragraphs and a
//! one-line total; and the bare id lists of `dedup --print` for scripts.

use super::Report;
use crate::dedup::Findings;
use crate::output::sanitize;

impl Report {
    /// Clusters a reader can scan, then recurring paragraphs, then a one-line total.
    pub fn to_text(&self, findings: &Findings, terminal: bool) -> String {
        let clean = |s: &str| {
            if terminal {
                sanitize::for_terminal(s)
            } else {
                s.to_string()
            }
        };
        let mut out = String::new();
        for (cluster, record) in findings.clusters.iter().zip(&self.clusters) {
            out.push_str(&format!(
                "cluster {} ({} documents)\n",
                record.id,
                record.members.len()
            ));
            for (&member, id) in cluster.members.iter().zip(&record.members) {
                let line = member_line(findings, cluster.representative, member);
                out.push_str(&format!("  {} {}\n", clean(id), line));
            }
            out.push('\n');
        }
        for group in self.paragraph_groups.iter().flatten() {
            out.push_str(&format!(
                "repeated paragraph {} ({} times, {} words)\n",
                group.id, group.size, group.words
            ));
            for l in &group.locations {
                let doc = clean(&l.document);
                out.push_str(&format!(
                    "  {doc} paragraph {} (bytes {}..{}){}\n",
                    l.paragraph + 1,
                    l.start,
                    l.end,
                    similarity_note(l.similarity)
                ));
            }
            out.push('\n');
        }
        out.push_str(&self.total_line());
        out
    }

    fn total_line(&self) -> String {
        let s = &self.summary;
        let mut line = format!(
            "{} documents, {} near-duplicate pair(s), {} cluster(s), {} duplicate(s)",
            s.documents, s.pairs, s.clusters, s.duplicates
        );
        if let Some(groups) = s.paragraph_groups {
            line.push_str(&format!(", {groups} repeated paragraph(s)"));
        }
        let h = &self.header;
        line.push_str(&format!(
            " (Jaccard >= {}, {}-word shingles, {} bands x {} rows",
            h.threshold, h.sketch.ngram, h.sketch.bands, h.sketch.rows
        ));
        if let Some(p) = &h.paragraphs {
            line.push_str(&format!(
                "; paragraphs: Jaccard >= {}, {}-word shingles",
                p.threshold, p.ngram
            ));
        }
        line.push_str(")\n");
        line
    }
}

/// Which ids `dedup --print` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdList {
    /// The documents to keep: unique ones, and one representative per cluster.
    Unique,
    /// The documents to drop: every cluster member but its representative.
    Duplicates,
}

/// The ids to keep, or to drop, in input order, each ended by `end` (a newline, or NUL
/// with --print0).
pub fn id_list(which: IdList, findings: &Findings, ids: &[String], end: char) -> String {
    let mut dropped = vec![false; ids.len()];
    for cluster in &findings.clusters {
        for &m in cluster
            .members
            .iter()
            .filter(|&&m| m != cluster.representative)
        {
            dropped[m] = true;
        }
    }
    let wanted = which == IdList::Duplicates;
    ids.iter()
        .zip(&dropped)
        .filter(|(_, &d)| d == wanted)
        .map(|(id, _)| format!("{id}{end}"))
        .collect()
}

/// How a member relates to its cluster's representative.
fn member_line(findings: &Findings, representative: usize, member: usize) -> String {
    if member == representative {
        return "(kept)".into();
    }
    let (a, b) = (representative.min(member), representative.max(member));
    // Pairs are sorted by (a, b).
    let found = findings.pairs.binary_search_by(|p| (p.a, p.b).cmp(&(a, b)));
    match found.ok().map(|i| &findings.pairs[i]) {
        Some(p) => {
            let (inside, holds) = if member == p.a {
                (p.a_in_b, p.b_in_a)
            } else {
                (p.b_in_a, p.a_in_b)
            };
            format!(
                "jaccard {:.3}, {:.0}% of it in the kept one, {:.0}% of the kept one in it",
                p.jaccard,
                inside * 100.0,
                holds * 100.0
            )
        }
        None => "linked through other members".into(),
    }
}

/// ", similarity 0.912" for a near copy; nothing for the same words.
fn similarity_note(similarity: f64) -> String {
    if similarity < 1.0 {
        format!(", similarity {similarity:.3}")
    } else {
        String::new()
    }
}
