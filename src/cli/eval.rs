//! `copydesk eval`: ROUGE of copydesk's summaries against reference summaries in
//! JSONL records, or of any system's summaries (`--system`) against references
//! (`--reference`), matched by id.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::args::{parse_language, FormatArg, SummaryArgs};
use super::batch::DocumentStream;
use super::printer::{Closed, Printer};
use super::summarize::{prepare_workers, summarize_document};
use super::{error, ExitStatus, Global};
use crate::eval::{reference_sentence_count, Averages, MeanRouge, Rouge, Scorer};
use crate::input::{Document, InputFormat, InputOptions};
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

    /// Language of the texts (stemmer and stopwords for summarizing).
    #[arg(long, default_value = "english", value_name = "LANG", value_parser = parse_language)]
    lang: crate::text::Language,

    #[command(flatten)]
    summary: SummaryArgs,

    /// Output: averages as a table (text) or an object (json); jsonl adds one line
    /// per document before the averages.
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

/// The averages line of machine output.
#[derive(Serialize)]
struct Total {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    mean: MeanRouge,
}

/// Runs `copydesk eval`.
pub fn run(args: EvalArgs, global: &Global) -> ExitStatus {
    let mut report = Report::new(args.format.into());
    let failures = match (&args.system, &args.reference) {
        (Some(system), Some(reference)) => {
            score_system(&args, system, reference, global, &mut report)
        }
        _ => score_copydesk(&args, global, &mut report),
    };
    let failures = match failures {
        Ok(failures) => failures,
        Err(message) => {
            error(message);
            return ExitStatus::Error;
        }
    };
    report.finish(failures)
}

fn records_options(args: &EvalArgs, text_field: &str, extra: &[&str]) -> InputOptions {
    InputOptions {
        format: InputFormat::Jsonl,
        id_field: args.id_field.clone(),
        text_field: text_field.to_string(),
        extra_fields: extra.iter().map(|f| f.to_string()).collect(),
        ..InputOptions::default()
    }
}

/// Summarizes each record's text and scores it against the record's reference.
fn score_copydesk(args: &EvalArgs, global: &Global, report: &mut Report) -> Result<usize, String> {
    let options = records_options(args, &args.text_field, &[&args.reference_field]);
    let stream = DocumentStream::with_options(&args.data, options, global)?;
    let summarize_options = args.summary.options();
    let from_reference = args.sentences_from_reference;
    let language = args.lang;
    let scorer = Scorer::default();
    let work = |doc: &Document| {
        let reference = &doc.fields[0];
        let mut options = summarize_options;
        if from_reference {
            options.budget = Budget::Sentences(reference_sentence_count(reference));
        }
        let (system, sentences) = system_summary(doc, &options, language);
        (scorer.score(reference, &system), sentences)
    };
    let prepare = || prepare_workers(language);
    Ok(stream.run_prepared(prepare, &work, &mut |done| {
        let (rouge, sentences) = done.result;
        report.add(done.id, sentences, rouge)
    }))
}

/// copydesk's summary of one document: its sentences joined by line breaks.
fn system_summary(
    doc: &Document,
    options: &SummarizeOptions,
    language: crate::text::Language,
) -> (String, usize) {
    let (analysed, summary) = summarize_document(doc, options, language);
    let texts: Vec<&str> = summary
        .selected
        .iter()
        .map(|&i| analysed.sentences[i].span.slice(&doc.text))
        .collect();
    (texts.join("\n"), texts.len())
}

/// Scores the summaries of `system` against those of `reference`, matched by id.
fn score_system(
    args: &EvalArgs,
    system: &PathBuf,
    reference: &PathBuf,
    global: &Global,
    report: &mut Report,
) -> Result<usize, String> {
    let (references, mut failures) = read_all(args, reference, &args.reference_field, global)?;
    let (systems, system_failures) = read_all(args, system, &args.system_field, global)?;
    failures += system_failures;
    let by_id: HashMap<&str, &str> = references
        .iter()
        .map(|(id, text)| (id.as_str(), text.as_str()))
        .collect();
    let scorer = Scorer::default();
    for (id, summary) in &systems {
        let Some(reference) = by_id.get(id.as_str()) else {
            failures += 1;
            error(format!(
                "{}: no reference has id \"{id}\"",
                system.display()
            ));
            continue;
        };
        let sentences = reference_sentence_count(summary);
        if report
            .add(id.clone(), sentences, scorer.score(reference, summary))
            .is_break()
        {
            break;
        }
    }
    Ok(failures)
}

/// Every (id, field) of a JSONL file, in order, and the number of unreadable records.
fn read_all(
    args: &EvalArgs,
    path: &PathBuf,
    field: &str,
    global: &Global,
) -> Result<(Vec<(String, String)>, usize), String> {
    let options = records_options(args, field, &[]);
    let stream = DocumentStream::with_options(std::slice::from_ref(path), options, global)?;
    let mut records = Vec::new();
    let failures = stream.run(&|doc: &Document| doc.text.clone(), &mut |done| {
        records.push((done.id, done.result));
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

    fn finish(mut self, failures: usize) -> ExitStatus {
        let mean = self.averages.mean();
        let total = Total {
            kind: "average",
            mean,
        };
        let text = match self.format {
            Format::Text => table(&mean),
            Format::Json => serde_json::to_string_pretty(&mean).expect("scores serialize") + "\n",
            Format::Jsonl => serde_json::to_string(&total).expect("scores serialize") + "\n",
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
            None if failures > 0 => ExitStatus::Error,
            None => ExitStatus::Success,
        }
    }
}

/// The averages for people: F1, precision and recall, times 100.
fn table(mean: &MeanRouge) -> String {
    let mut out = format!("documents  {}\n", mean.documents);
    out.push_str("measure       F1      P      R\n");
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
