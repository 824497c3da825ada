//! Dedup reports: typed records for JSON and JSONL; the text people scan and the id
//! lists of `dedup --print` are in `text.rs`.

mod text;

pub use text::{id_list, IdList};

use serde::Serialize;

use super::Format;
use crate::dedup::{Findings, Pair, ParagraphGroup, ParagraphOptions};
use crate::html::PageMeta;
use crate::sketch::Header;

/// The run's parameters (the sketch header plus the reporting thresholds).
#[derive(Clone, Debug, Serialize)]
pub struct HeaderRecord {
    /// The sketch parameters the documents were compared with.
    #[serde(flatten)]
    pub sketch: Header,
    /// The Jaccard similarity from which a pair is reported.
    pub threshold: f64,
    /// The containment from which a pair is reported too (`--containment`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub containment: Option<f64>,
    /// Whether every pair was compared (`--exact`) rather than LSH candidates.
    pub exact: bool,
    /// How paragraphs were compared, with `--paragraphs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<ParagraphHeaderRecord>,
}

/// The paragraph comparison's parameters (seed, permutations, hashing and
/// tokenization are the documents').
#[derive(Clone, Debug, Serialize)]
pub struct ParagraphHeaderRecord {
    /// The Jaccard similarity from which two paragraphs are linked.
    pub threshold: f64,
    /// Paragraphs shorter than this many words are ignored.
    pub min_words: usize,
    /// Shingle length in words.
    pub ngram: usize,
    /// LSH bands.
    pub bands: usize,
    /// Rows per band.
    pub rows: usize,
}

impl ParagraphHeaderRecord {
    /// The parameters of `options`.
    pub fn new(options: &ParagraphOptions) -> Self {
        let header = options.header();
        ParagraphHeaderRecord {
            threshold: options.threshold,
            min_words: options.min_words,
            ngram: header.ngram,
            bands: header.bands,
            rows: header.rows,
        }
    }
}

/// A near-duplicate pair, verified exactly.
#[derive(Clone, Debug, Serialize)]
pub struct PairRecord {
    /// The earlier document's id.
    pub a: String,
    /// The later document's id.
    pub b: String,
    /// Exact Jaccard similarity of the two shingle sets.
    pub jaccard: f64,
    /// The MinHash estimate of it; none when read back from the Spark job, whose
    /// shards carry band keys but no signatures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<f64>,
    /// Share of `a`'s shingles found in `b`.
    pub containment_a_in_b: f64,
    /// Share of `b`'s shingles found in `a`.
    pub containment_b_in_a: f64,
}

/// A cluster of near-duplicates.
#[derive(Clone, Debug, Serialize)]
pub struct ClusterRecord {
    /// The cluster's number (1-based).
    pub id: usize,
    /// The member kept (see `--keep`).
    pub representative: String,
    /// In input order, the representative included.
    pub members: Vec<String>,
}

/// Where a recurring paragraph occurs.
#[derive(Clone, Debug, Serialize)]
pub struct Location {
    /// The document's id.
    pub document: String,
    /// The paragraph's position in the document (0-based).
    pub paragraph: usize,
    /// Byte offset of the paragraph's start in the document.
    pub start: usize,
    /// Byte offset of the paragraph's end in the document.
    pub end: usize,
    /// Words in the paragraph.
    pub words: usize,
    /// Exact Jaccard similarity of the paragraph's shingles to the group's first
    /// location's; 1 for the same words.
    pub similarity: f64,
}

/// A paragraph recurring across documents.
#[derive(Clone, Debug, Serialize)]
pub struct ParagraphGroupRecord {
    /// The group's number (1-based).
    pub id: usize,
    /// Number of occurrences.
    pub size: usize,
    /// Words of the first location.
    pub words: usize,
    /// Where it occurs, in input order.
    pub locations: Vec<Location>,
}

/// The run's totals.
#[derive(Clone, Debug, Serialize)]
pub struct SummaryRecord {
    /// Documents read.
    pub documents: usize,
    /// Near-duplicate pairs.
    pub pairs: usize,
    /// Clusters.
    pub clusters: usize,
    /// Documents that are not their cluster's representative.
    pub duplicates: usize,
    /// Groups of recurring paragraphs, with `--paragraphs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph_groups: Option<usize>,
    /// Documents without words, never compared.
    pub empty: usize,
}

/// A web page among the inputs of a `--paragraphs` run: the extracted article that
/// its paragraph locations index, given once.
#[derive(Clone, Debug, Serialize)]
pub struct PageRecord {
    /// The page's id.
    pub id: String,
    /// The article's language (ISO 639-1).
    pub lang: &'static str,
    /// What the page says about itself.
    pub meta: PageMeta,
    /// The extracted article.
    pub text: String,
}

/// The whole report, as one JSON document.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The run's parameters.
    pub header: HeaderRecord,
    /// Near-duplicate pairs, sorted by their documents' positions.
    pub pairs: Vec<PairRecord>,
    /// Clusters of near-duplicates, numbered from 1.
    pub clusters: Vec<ClusterRecord>,
    /// Recurring paragraphs, with `--paragraphs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph_groups: Option<Vec<ParagraphGroupRecord>>,
    /// With `--paragraphs`, the web pages among the inputs (see [`PageRecord`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PageRecord>,
    /// The totals.
    pub summary: SummaryRecord,
}

/// One JSONL line.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Line<'a> {
    Header(&'a HeaderRecord),
    Pair(&'a PairRecord),
    Cluster(&'a ClusterRecord),
    ParagraphGroup(&'a ParagraphGroupRecord),
    Page(&'a PageRecord),
    Summary(&'a SummaryRecord),
}

impl Report {
    /// The report of `findings` over the documents `ids` (`empty` of them without words).
    pub fn new(
        header: HeaderRecord,
        findings: &Findings,
        ids: &[String],
        empty: usize,
        with_paragraphs: bool,
    ) -> Self {
        let pairs: Vec<PairRecord> = findings.pairs.iter().map(|p| pair_record(p, ids)).collect();
        let clusters: Vec<ClusterRecord> = findings
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| ClusterRecord {
                id: i + 1,
                representative: ids[c.representative].clone(),
                members: c.members.iter().map(|&m| ids[m].clone()).collect(),
            })
            .collect();
        let groups: Vec<ParagraphGroupRecord> = findings
            .paragraph_groups
            .iter()
            .enumerate()
            .map(|(i, g)| group_record(i + 1, g, ids))
            .collect();
        let summary = SummaryRecord {
            documents: ids.len(),
            pairs: pairs.len(),
            clusters: clusters.len(),
            duplicates: findings.clusters.iter().map(|c| c.members.len() - 1).sum(),
            paragraph_groups: with_paragraphs.then_some(groups.len()),
            empty,
        };
        Report {
            header,
            pairs,
            clusters,
            paragraph_groups: with_paragraphs.then_some(groups),
            pages: Vec::new(),
            summary,
        }
    }

    /// Drops the MinHash estimates (for results that have none).
    pub fn without_estimates(mut self) -> Self {
        for pair in &mut self.pairs {
            pair.estimate = None;
        }
        self
    }

    /// The report in `format`; `terminal` neutralises ids in text for a terminal.
    pub fn render(&self, findings: &Findings, format: Format, terminal: bool) -> String {
        match format {
            Format::Text => self.to_text(findings, terminal),
            Format::Json => self.to_json(),
            Format::Jsonl => self.to_jsonl(),
        }
    }

    /// One pretty-printed JSON document.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("reports serialize") + "\n"
    }

    /// JSON Lines: a `header` record, then `pair`, `cluster`, `paragraph_group` and
    /// `page` records, and a final `summary` record; every line has a `type`.
    pub fn to_jsonl(&self) -> String {
        let mut lines = vec![Line::Header(&self.header)];
        lines.extend(self.pairs.iter().map(Line::Pair));
        lines.extend(self.clusters.iter().map(Line::Cluster));
        for group in self.paragraph_groups.iter().flatten() {
            lines.push(Line::ParagraphGroup(group));
        }
        lines.extend(self.pages.iter().map(Line::Page));
        lines.push(Line::Summary(&self.summary));
        lines
            .iter()
            .map(|l| serde_json::to_string(l).expect("reports serialize") + "\n")
            .collect()
    }
}

fn pair_record(p: &Pair, ids: &[String]) -> PairRecord {
    PairRecord {
        a: ids[p.a].clone(),
        b: ids[p.b].clone(),
        jaccard: p.jaccard,
        estimate: Some(p.estimate),
        containment_a_in_b: p.a_in_b,
        containment_b_in_a: p.b_in_a,
    }
}

fn group_record(id: usize, group: &ParagraphGroup, ids: &[String]) -> ParagraphGroupRecord {
    ParagraphGroupRecord {
        id,
        size: group.locations.len(),
        words: group.locations[0].words,
        locations: group
            .locations
            .iter()
            .map(|l| Location {
                document: ids[l.document].clone(),
                paragraph: l.paragraph,
                start: l.span.start,
                end: l.span.end,
                words: l.words,
                similarity: l.similarity,
            })
            .collect(),
    }
}
