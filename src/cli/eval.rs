//! `copydesk eval`: ROUGE of copydesk's summaries against reference summaries in
//! JSONL records, or of any system's summaries (`--system`) against references
//! (`--reference`), matched by id, with what the match covered.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use clap::Args;

use super::args::{FormatArg, LanguageArgs, SummaryArgs};
use super::batch::DocumentStream;
use super::error::CliError;
use super::summarize::{prepare_workers, summarize_document};
use super::{error, ExitStatus, Global};
use crate::eval::{pair, reference_sentence_count, Coverage, CoverageError, Scorer, Side, Summary};
use crate::input::{Document, InputFormat, InputOptions, Origin};
use crate::output::eval::EvalReport;
use crate::output::Outcome;
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

/// What was scored: unreadable records and coverage errors, and what was covered.
struct Scored {
    failures: usize,
    coverage: Coverage,
}

/// Runs `copydesk eval`.
pub fn run(args: EvalArgs, global: &Global) -> Result<ExitStatus, CliError> {
    let mut report = EvalReport::new(args.format.into());
    let scored = match (&args.system, &args.reference) {
        (Some(system), Some(reference)) => {
            score_system(&args, system, reference, global, &mut report)
        }
        _ => score_copydesk(&args, global, &mut report),
    }?;
    let (output, documents) = report.finish(&scored.coverage);
    // Scores of nothing are no result (empty files, say), whatever the rest.
    if output == Outcome::Complete && scored.failures == 0 && documents == 0 {
        error("nothing was scored: no document had both a summary and a reference");
        return Ok(ExitStatus::Error);
    }
    Ok(ExitStatus::after(output, scored.failures))
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
    report: &mut EvalReport,
) -> Result<Scored, CliError> {
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
    Ok(Scored {
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
    report: &mut EvalReport,
) -> Result<Scored, CliError> {
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
    Ok(Scored {
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
