//! `copydesk eval`: ROUGE of copydesk's summaries against reference summaries in
//! JSONL records, or of any system's summaries (`--system`) against references
//! (`--reference`), matched by id, with what the match covered.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use super::args::{FormatArg, LanguageArgs, SummaryArgs};
use super::batch::DocumentStream;
use super::error::CliError;
use super::printer::{Closed, Printer};
use super::summarize::{prepare_workers, summarize_document};
use super::{error, ExitStatus, Global};
use crate::eval::{
    pair, reference_sentence_count, Averages, Coverage, CoverageError, MeanRouge, Rouge, Scorer,
    Side, Summary,
};
use crate::input::{Document, InputFormat, InputOptions, Origin};
use crate::report::Format;
use crate::summarize::{Budget, SummarizeOptions};

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// JSONL files of records with a text and a reference summary.
    #[arg(value_name = "DATA", required_unless_present_all = ["system", "reference"])]
    data: Vec<PathBuf>,

    /// Score these summaries (JSONL: id and summary) instead of copydesk's own.
    #[arg(
        long,
        value_name = "SYS.jsonl",
        requires = "reference",
        conflicts_with = "data"
    )]
    system: Option<PathBuf>,

    /// References for --system (JSONL: id and summary), matched by id.
    #[arg(long, value_name = "REF.jsonl", requires = "system")]
    reference: Option<PathBuf>,

    /// With --system: score the references that have a system summary instead of
    /// failing when some have none (the coverage still counts them).
    #[arg(long, requires = "system")]
    allow_missing: bool,

    /// JSONL field holding each record's id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    id_field: String,

    /// JSONL field holding the article text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    text_field: String,

    /// JSONL field holding the reference summary.
    #[arg(long, default_value = "summary", value_name = "FIELD")]
    reference_field: String,

    /// JSONL field of --system records holding their summary.
    #[arg(long, default_value = "summary", value_name = "FIELD")]
    system_field: String,

    /// Give each document as many sentences as its reference has (the BBC protocol:
    /// a break wherever . ! ? is directly followed by a capital or an opening quote).
    #[arg(long, conflicts_with_all = ["sentences", "ratio", "words"])]
    sentences_from_reference: bool,

    #[command(flatten)]
    language: LanguageArgs,

    #[command(flatten)]
    summary: SummaryArgs,

    /// Output: coverage and averages as a table (text) or an object (json); jsonl
    /// adds one line per document before them.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
}

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

/// How a run went: unreadable records and coverage errors, and what was covered.
struct Outcome {
    failures: usize,
    coverage: Coverage,
}

/// Runs `copydesk eval`.
pub fn run(args: EvalArgs, global: &Global) -> Result<ExitStatus, CliError> {
    let mut report = Report::new(args.format.into());
    let outcome = match (&args.system, &args.reference) {
        (Some(system), Some(reference)) => {
            score_system(&args, system, reference, global, &mut report)
        }
        _ => score_copydesk(&args, global, &mut report),
    };
    Ok(report.finish(outcome?))
}

fn records_options(args: &EvalArgs, text_field: &str, extra: &[&str]) -> InputOptions {
    InputOptions {
        format: InputFormat::Jsonl,
        id_field: args.id_field.clone(),
        text_field: text_field.to_string(),
        extra_fields: extra.iter().map(|f| f.to_string()).collect(),
        language: args.language.choice(),
        ..InputOptions::default()
    }
}

/// Summarizes each record's text and scores it against the record's reference.
fn score_copydesk(
    args: &EvalArgs,
    global: &Global,
    report: &mut Report,
) -> Result<Outcome, CliError> {
    let options = records_options(args, &args.text_field, &[&args.reference_field]);
    let stream = DocumentStream::with_options(&args.data, options, global)?;
    let summarize_options = args.summary.options();
    let from_reference = args.sentences_from_reference;
    let language = args.language.likely();
    let scorer = Scorer::default();
    let work = |doc: &Document| {
        let reference = &doc.fields[0];
        let mut options = summarize_options;
        if from_reference {
            options.budget = Budget::Sentences(reference_sentence_count(reference));
        }
        let (system, sentences) = system_summary(doc, &options);
        (scorer.score(reference, &system), sentences)
    };
    let prepare = || prepare_workers(language);
    let mut scored = 0;
    let failures = stream.run_prepared(prepare, &work, &mut |done| {
        let (rouge, sentences) = done.result;
        scored += 1;
        report.add(done.id, sentences, rouge)
    });
    // Each record carries its own reference: every readable record is scored.
    Ok(Outcome {
        failures,
        coverage: Coverage::complete(scored),
    })
}

/// copydesk's summary of one document: its sentences joined by line breaks.
fn system_summary(doc: &Document, options: &SummarizeOptions) -> (String, usize) {
    let (analysed, summary) = summarize_document(doc, options);
    let texts: Vec<&str> = summary
        .selected
        .iter()
        .map(|&i| analysed.sentences[i].span.slice(&doc.text))
        .collect();
    (texts.join("\n"), texts.len())
}

/// Scores the summaries of `system` against those of `reference`, matched by id, and
/// reports each coverage error (missing references are excused by --allow-missing).
fn score_system(
    args: &EvalArgs,
    system: &Path,
    reference: &Path,
    global: &Global,
    report: &mut Report,
) -> Result<Outcome, CliError> {
    let (references, reference_failures) =
        read_all(args, reference, &args.reference_field, global)?;
    let (systems, system_failures) = read_all(args, system, &args.system_field, global)?;
    let pairing = pair(&systems, &references);
    let errors = pairing.coverage.errors(args.allow_missing);
    for problem in &errors {
        let path = match problem.file() {
            Side::System => system,
            Side::Reference => reference,
        };
        report_coverage_error(path, problem);
    }
    let scorer = Scorer::default();
    for (summary, reference) in &pairing.pairs {
        let sentences = reference_sentence_count(&summary.text);
        let rouge = scorer.score(&reference.text, &summary.text);
        if report.add(summary.id.clone(), sentences, rouge).is_break() {
            break;
        }
    }
    Ok(Outcome {
        failures: reference_failures + system_failures + errors.len(),
        coverage: pairing.coverage,
    })
}

/// One coverage error on stderr, located at its file (and line, for a repeated id).
fn report_coverage_error(path: &Path, problem: &CoverageError) {
    let location = match problem.line() {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    };
    let hint = match problem {
        CoverageError::Missing { .. } => " (--allow-missing scores the references that have one)",
        _ => "",
    };
    error(format!("{location}: {problem}{hint}"));
}

/// Every record of a JSONL file with `field` as its text, in order, and the number of
/// unreadable records.
fn read_all(
    args: &EvalArgs,
    path: &Path,
    field: &str,
    global: &Global,
) -> Result<(Vec<Summary>, usize), CliError> {
    let options = records_options(args, field, &[]);
    let paths = [path.to_path_buf()];
    let stream = DocumentStream::with_options(&paths, options, global)?;
    let mut records = Vec::new();
    let failures = stream.run(&|doc: &Document| doc.text.clone(), &mut |done| {
        let line = match done.origin {
            Origin::Record { line, .. } => line,
            _ => 0,
        };
        records.push(Summary {
            id: done.id,
            line,
            text: done.result,
        });
        ControlFlow::Continue(())
    });
    Ok((records, failures))
}

/// Accumulates scores and prints per-document lines (jsonl) and the averages.
struct Report {
    format: Format,
    averages: Averages,
    printer: Printer,
    /// Set once output failed; a broken pipe is a quiet end, any other error is not.
    closed: Option<Closed>,
}

impl Report {
    fn new(format: Format) -> Self {
        Report {
            format,
            averages: Averages::default(),
            printer: Printer::default(),
            closed: None,
        }
    }

    fn add(&mut self, id: String, sentences: usize, rouge: Rouge) -> ControlFlow<()> {
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
        self.print(&(serde_json::to_string(&line).expect("scores serialize") + "\n"))
    }

    fn print(&mut self, text: &str) -> ControlFlow<()> {
        if self.closed.is_some() {
            return ControlFlow::Break(());
        }
        match self.printer.print(text) {
            Ok(()) => ControlFlow::Continue(()),
            Err(closed) => {
                self.closed = Some(closed);
                ControlFlow::Break(())
            }
        }
    }

    fn finish(mut self, outcome: Outcome) -> ExitStatus {
        let mean = self.averages.mean();
        let mut total = Total {
            kind: None,
            documents: mean.documents,
            coverage: &outcome.coverage,
            rouge: mean.rouge,
        };
        let text = match self.format {
            Format::Text => coverage_lines(&outcome.coverage, mean.documents) + &table(&mean),
            Format::Json => serde_json::to_string_pretty(&total).expect("scores serialize") + "\n",
            Format::Jsonl => {
                total.kind = Some("average");
                serde_json::to_string(&total).expect("scores serialize") + "\n"
            }
        };
        let _ = self.print(&text);
        if self.closed.is_none() {
            self.closed = self.printer.flush().err();
        }
        // As for every command: a closed pipe ends quietly, other output errors and
        // unreadable inputs fail the run.
        match self.closed {
            Some(Closed { broken_pipe: true }) => ExitStatus::Success,
            Some(_) => ExitStatus::Error,
            None if outcome.failures > 0 => ExitStatus::Error,
            // Scores of nothing are no result (empty files, say), whatever the rest.
            None if mean.documents == 0 => {
                error("nothing was scored: no document had both a summary and a reference");
                ExitStatus::Error
            }
            None => ExitStatus::Success,
        }
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
