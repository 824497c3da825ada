//! Eval reports: ROUGE averages with what the match covered, as a table for people,
//! one JSON object, or JSON Lines (a `document` record per document, then an
//! `average` record).

use std::ops::ControlFlow;

use serde::Serialize;

use super::stdout::{Outcome, Stdout};
use super::Format;
use crate::eval::{Averages, Coverage, MeanRouge, Rouge};

/// One document's scores.
#[derive(Serialize)]
struct DocumentScore {
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
    /// Sentences in the system summary.
    sentences: usize,
    #[serde(flatten)]
    rouge: Rouge,
}

/// The totals of machine output: documents scored, what they cover, the averages.
#[derive(Serialize)]
struct Total<'a> {
    /// `"average"` in JSONL, where every line has a type; absent in JSON.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    documents: usize,
    coverage: &'a Coverage,
    #[serde(flatten)]
    rouge: Rouge,
}

/// Accumulates scores, prints per-document lines (JSONL) as they come and the
/// averages at the end.
pub struct EvalReport {
    format: Format,
    averages: Averages,
    stdout: Stdout,
}

impl EvalReport {
    /// A report in `format`, to standard output.
    pub fn new(format: Format) -> Self {
        EvalReport {
            format,
            averages: Averages::default(),
            stdout: Stdout::default(),
        }
    }

    /// Counts one document's scores (and prints its line in JSONL); `Break` once
    /// stdout is gone.
    pub fn add(&mut self, id: String, sentences: usize, rouge: Rouge) -> ControlFlow<()> {
        self.averages.add(&rouge);
        if self.format != Format::Jsonl {
            return ControlFlow::Continue(());
        }
        let line = DocumentScore {
            kind: "document",
            id,
            sentences,
            rouge,
        };
        self.stdout
            .print(&(serde_json::to_string(&line).expect("scores serialize") + "\n"))
    }

    /// Prints the averages over what `coverage` says was scored; returns how the
    /// output ended and how many documents were scored.
    pub fn finish(mut self, coverage: &Coverage) -> (Outcome, usize) {
        let mean = self.averages.mean();
        let mut total = Total {
            kind: None,
            documents: mean.documents,
            coverage,
            rouge: mean.rouge,
        };
        let text = match self.format {
            Format::Text => coverage_lines(coverage, mean.documents) + &table(&mean),
            Format::Json => serde_json::to_string_pretty(&total).expect("scores serialize") + "\n",
            Format::Jsonl => {
                total.kind = Some("average");
                serde_json::to_string(&total).expect("scores serialize") + "\n"
            }
        };
        let _ = self.stdout.print(&text);
        (self.stdout.finish(), mean.documents)
    }
}

/// The coverage for people: documents scored out of the references, then whatever
/// was left out or given twice.
fn coverage_lines(coverage: &Coverage, documents: usize) -> String {
    let mut out = format!(
        "documents  {documents} of {} references\n",
        coverage.references
    );
    let rows = [
        (
            "missing",
            coverage.missing,
            "references without a system summary",
        ),
        (
            "unmatched",
            coverage.unmatched,
            "system summaries without a reference",
        ),
        (
            "duplicates",
            coverage.duplicates,
            "records repeating an earlier id",
        ),
    ];
    for (name, count, what) in rows {
        if count > 0 {
            out.push_str(&format!("{name:<10} {count} ({what})\n"));
        }
    }
    out
}

/// The averages for people: F1, precision and recall, times 100.
fn table(mean: &MeanRouge) -> String {
    let mut out = String::from("measure       F1      P      R\n");
    let rows = [
        ("ROUGE-1", mean.rouge.rouge1),
        ("ROUGE-2", mean.rouge.rouge2),
        ("ROUGE-L", mean.rouge.rouge_l),
    ];
    for (name, score) in rows {
        out.push_str(&format!(
            "{name:<9} {:>6.2} {:>6.2} {:>6.2}\n",
            score.f1 * 100.0,
            score.precision * 100.0,
            score.recall * 100.0
        ));
    }
    out
}
