//! `copydesk summarize`: reads documents, summarizes them in parallel batches, and
//! prints (or writes) the results in input order.

use std::path::PathBuf;

use clap::Args;

use super::args::{FormatArg, InputArgs, SummaryArgs};
use super::batch::{source_path, DocumentStream};
use super::error::CliError;
use super::{ExitStatus, Global};
use crate::input::Document;
use crate::output::emit::{render, RecordSink};
use crate::output::summary::SummaryRecord;
use crate::output::{Format, OutputDir};
use crate::summarize::{summarize, SummarizeOptions, Summary};
use crate::text::{analyze, tokenize, AnalyzeOptions, AnalyzedDocument, Language};

#[derive(Args, Debug)]
pub struct SummarizeArgs {
    #[command(flatten)]
    input: InputArgs,

    #[command(flatten)]
    summary: SummaryArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,

    /// Write one summary file per input into DIR (mirroring relative paths) instead of
    /// printing.
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
}

/// Runs `copydesk summarize`.
pub fn run(args: SummarizeArgs, global: &Global) -> Result<ExitStatus, CliError> {
    let (stream, sink) = start(&args, global)?;
    Ok(summarize_all(&args, &stream, sink))
}

fn start<'g>(
    args: &SummarizeArgs,
    global: &'g Global,
) -> Result<(DocumentStream<'g>, RecordSink), CliError> {
    let stream = DocumentStream::new(&args.input, global)?;
    let output_dir = match &args.output_dir {
        Some(dir) => Some(OutputDir::create(dir, &stream.input_files())?),
        None => None,
    };
    let sink = RecordSink::new(
        args.format.into(),
        stream.several,
        output_dir,
        global.stdout_is_terminal,
    );
    Ok((stream, sink))
}

fn summarize_all(
    args: &SummarizeArgs,
    stream: &DocumentStream,
    mut sink: RecordSink,
) -> ExitStatus {
    let summarize_options = args.summary.options();
    let language = args.input.language.likely();
    let format: Format = args.format.into();
    let terminal = sink.terminal();
    let work = move |doc: &Document| {
        let (analysed, summary) = summarize_document(doc, &summarize_options);
        let path = source_path(&doc.origin);
        let record = SummaryRecord::new(doc.id.clone(), path, &doc.text, &analysed, &summary)
            .in_language(doc.language)
            .with_page(doc.page.as_deref(), &doc.text);
        render(&record, format, terminal)
    };
    let prepare = || prepare_workers(language);
    let failures = stream.run_prepared(prepare, &work, &mut |done| {
        sink.emit(&done.id, &done.origin, done.result)
    });
    ExitStatus::after(sink.finish(), failures)
}

/// Has every worker thread make its analyzer for `language` (the stopword list and
/// the word memory) now, without waiting: the workers do it while the first documents
/// are read instead of after.
pub(crate) fn prepare_workers(language: Language) {
    rayon::spawn_broadcast(move |_| tokenize::with_analyzer(language, |_| ()));
}

/// Analyses (in the document's language) and summarizes one input document: the
/// pipeline `summarize`, `eval` and `check --summary` share.
pub(crate) fn summarize_document(
    doc: &Document,
    options: &SummarizeOptions,
) -> (AnalyzedDocument, Summary) {
    let analyze_options = AnalyzeOptions {
        format: doc.format,
        language: doc.language,
    };
    let analysed = analyze(&doc.text, &analyze_options);
    let summary = summarize(&analysed, options);
    (analysed, summary)
}
