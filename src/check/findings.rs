//! Findings: what a check reports, each with a kind, a severity and a location (byte
//! offsets into the draft), ready to print for people or to serialise for machines.

use serde::Serialize;

use super::{RedundantParagraphs, RepeatedPhrase, RepeatedSentences, Repetition};
use crate::text::Span;

/// How much a finding matters; `--fail-on` compares against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, never a reason to hold the draft back.
    Info,
    /// Should be looked at before publication.
    Warning,
    /// Should be fixed before publication (a near-copy, a pasted paragraph).
    Error,
}

impl Severity {
    /// The lowercase name reports use: `info`, `warning` or `error`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Two sentences of the draft say the same thing.
    RepeatedSentence,
    /// Two paragraphs of the draft cover the same ground.
    RedundantParagraphs,
    /// A phrase of five or more words used more than once.
    RepeatedPhrase,
    /// The draft is a near-copy of an archived article.
    NearDuplicate,
    /// Much of the draft comes from an archived article, or contains much of one.
    Overlap,
    /// A paragraph of the draft is a paragraph of an archived article.
    ParagraphMatch,
    /// The draft may reword an archived article: much of its 3-word phrasing is there,
    /// though few longer runs are.
    Reworded,
}

/// The archived article (and paragraph) a finding points at, with the figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArchiveMatch {
    /// The archived article's id, as it was added to the index.
    pub id: String,
    /// The archived article's title, when the index has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The archived article's language (ISO 639-1), when the index knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// For paragraph matches: the archived paragraph and its byte offsets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// Byte offset in the archived article where the matching paragraph starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// Byte offset in the archived article where the matching paragraph ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// Exact Jaccard similarity of the two texts' shingle sets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jaccard: Option<f64>,
    /// Share of the draft's shingles found in the archived text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft_in_archive: Option<f64>,
    /// Share of the archived text's shingles found in the draft.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive_in_draft: Option<f64>,
    /// Words per shingle the figures above are computed on: the index's n-gram for
    /// whole articles, 3 for paragraphs and reworded articles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ngram: Option<usize>,
    /// Distinct shingles the two texts share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<usize>,
}

/// Another place in the draft that a finding involves, with what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Where the place is in the draft (byte offsets).
    #[serde(flatten)]
    pub span: Span,
    /// What the place is, e.g. "first said here".
    pub note: &'static str,
}

/// One finding about a draft.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// What was found.
    pub kind: Kind,
    /// How much it matters.
    pub severity: Severity,
    /// One sentence for people, saying what was found and with what.
    pub message: String,
    /// Where in the draft (byte offsets).
    pub start: usize,
    /// End of the finding's place in the draft (byte offset, exclusive).
    pub end: usize,
    /// The repeated phrase, for phrase findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// How similar the two things are, in (0, 1], for findings that compare two: cosine
    /// for sentences and paragraphs, Jaccard or containment for archive matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// Other places in the draft involved (the earlier sentence, the other paragraph,
    /// further occurrences), each once and never the finding's own place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// The archived article the finding is about, for findings against an archive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive: Option<ArchiveMatch>,
}

impl Finding {
    pub(crate) fn new(kind: Kind, severity: Severity, span: Span, message: String) -> Self {
        Finding {
            kind,
            severity,
            message,
            start: span.start,
            end: span.end,
            text: None,
            similarity: None,
            related: Vec::new(),
            archive: None,
        }
    }

    /// Adds a related place, unless it is already listed or is the finding's own.
    pub(crate) fn relate(&mut self, span: Span, note: &'static str) {
        let own = span.start == self.start && span.end == self.end;
        if !own && !self.related.iter().any(|r| r.span == span) {
            self.related.push(Related { span, note });
        }
    }
}

/// Findings found but not made into [`Finding`]s, counted by kind and severity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Findings left out, as `(kind, severity, count)`, one entry per kind and severity.
    pub counts: Vec<(Kind, Severity, usize)>,
    /// Repeated phrases were not all searched for (see `Repetition::phrases_cut_short`).
    pub phrases_cut_short: bool,
}

impl LeftOut {
    fn add(&mut self, kind: Kind, severity: Severity) {
        match self
            .counts
            .iter_mut()
            .find(|(k, s, _)| *k == kind && *s == severity)
        {
            Some((_, _, count)) => *count += 1,
            None => self.counts.push((kind, severity, 1)),
        }
    }
}

/// The first `max` findings of each kind in report order (most severe first, then by
/// place), and the rest counted: a degenerate draft can repeat itself millions of
/// times, and only the findings shown need a message and a list of places.
pub fn from_repetition_capped(repetition: &Repetition, max: usize) -> (Vec<Finding>, LeftOut) {
    let mut findings = Vec::new();
    let mut left_out = LeftOut {
        phrases_cut_short: repetition.phrases_cut_short,
        ..LeftOut::default()
    };
    let mut take =
        |kind: Kind, order: Vec<(Severity, Span, usize)>, build: &dyn Fn(usize) -> Finding| {
            for (rank, (severity, _, i)) in order.into_iter().enumerate() {
                if rank < max {
                    findings.push(build(i));
                } else {
                    left_out.add(kind, severity);
                }
            }
        };
    let sentences = &repetition.sentences;
    let order = report_order(
        sentences
            .iter()
            .map(|r| (sentence_severity(r), r.second.span)),
    );
    take(Kind::RepeatedSentence, order, &|i| {
        sentence_finding(&sentences[i])
    });
    let paragraphs = &repetition.paragraphs;
    let order = report_order(paragraphs.iter().map(|r| (Severity::Info, r.second.span)));
    take(Kind::RedundantParagraphs, order, &|i| {
        paragraph_finding(&paragraphs[i])
    });
    let phrases = &repetition.phrases;
    let order = report_order(phrases.iter().map(|r| (Severity::Info, r.locations[0])));
    take(Kind::RepeatedPhrase, order, &|i| {
        phrase_finding(&phrases[i])
    });
    (findings, left_out)
}

/// Positions of the items, with their severity and place, in the order `check::sort`
/// gives their findings.
fn report_order(items: impl Iterator<Item = (Severity, Span)>) -> Vec<(Severity, Span, usize)> {
    let mut order: Vec<(Severity, Span, usize)> = items
        .enumerate()
        .map(|(i, (s, span))| (s, span, i))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    order
}

fn sentence_severity(r: &RepeatedSentences) -> Severity {
    if r.identical {
        Severity::Warning
    } else {
        Severity::Info
    }
}

fn sentence_finding(r: &RepeatedSentences) -> Finding {
    let severity = sentence_severity(r);
    let how = if r.identical {
        "repeats"
    } else {
        "nearly repeats"
    };
    let message = format!(
        "sentence {} {how} sentence {} ({:.0}% of its terms)",
        r.second.index + 1,
        r.first.index + 1,
        r.similarity * 100.0
    );
    let mut finding = Finding::new(Kind::RepeatedSentence, severity, r.second.span, message);
    finding.similarity = Some(r.similarity);
    finding.relate(r.first.span, "first said here");
    finding
}

fn paragraph_finding(r: &RedundantParagraphs) -> Finding {
    let message = format!(
        "paragraph {} covers the same ground as paragraph {} (similarity {:.2}, {} overlapping sentence pairs)",
        r.second.index + 1,
        r.first.index + 1,
        r.similarity,
        r.overlapping_sentences.len()
    );
    let mut finding = Finding::new(
        Kind::RedundantParagraphs,
        Severity::Info,
        r.second.span,
        message,
    );
    finding.similarity = Some(r.similarity);
    finding.relate(r.first.span, "the paragraph it restates");
    for pair in &r.overlapping_sentences {
        finding.relate(pair.first.span, "a sentence it restates");
        finding.relate(pair.second.span, "restated here");
    }
    finding
}

fn phrase_finding(r: &RepeatedPhrase) -> Finding {
    let message = format!("\"{}\" is used {} times", r.text, r.count);
    let mut finding = Finding::new(
        Kind::RepeatedPhrase,
        Severity::Info,
        r.locations[0],
        message,
    );
    finding.text = Some(r.text.clone());
    // The locations are distinct and in order: no need to look for repeats (a phrase
    // of a pathological draft can have a million).
    finding.related = r.locations[1..]
        .iter()
        .map(|&span| Related {
            span,
            note: "also used here",
        })
        .collect();
    finding
}
