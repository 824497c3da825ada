//! `copydesk extract`: the article of each input on its own, for pipelines. A crawl is
//! extracted once, as JSONL, and fed to `dedup`, `summarize`, `index` and `check`.

use std::path::PathBuf;

use super::args::InputArgs;
use super::batch::{source_path, DocumentStream};
use super::error::CliError;
use super::{ExitStatus, Global};
use crate::input::Document;
use crate::output::emit::{render, RecordSink};
use crate::output::extract::ExtractRecord;
use crate::output::{Format, OutputDir};
use clap::{Args, ValueEnum};

#[derive(Args, Debug)]
pub struct ExtractArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Output format: the article as text or Markdown, or records with its metadata.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
    format: ExtractFormat,

    /// Write one file per input into DIR (mirroring relative paths) instead of printing.
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Text,
    Markdown,
    Json,
    Jsonl,
}

/// Runs `copydesk extract`.
pub fn run(args: ExtractArgs, global: &Global) -> Result<ExitStatus, CliError> {
    let mut options = args.input.options();
    options.page_markdown = args.format == ExtractFormat::Markdown;
    let stream = DocumentStream::with_options(&args.input.paths, options, global)?;
    let output_dir = match &args.output_dir {
        Some(dir) => Some(OutputDir::create(dir, &stream.input_files())?),
        None => None,
    };
    let format = match args.format {
        ExtractFormat::Text | ExtractFormat::Markdown => Format::Text,
        ExtractFormat::Json => Format::Json,
        ExtractFormat::Jsonl => Format::Jsonl,
    };
    let mut sink = RecordSink::new(
        format,
        stream.several,
        output_dir,
        global.stdout_is_terminal,
    );
    let terminal = sink.terminal();
    let markdown = args.format == ExtractFormat::Markdown;
    let work = |doc: &Document| render(&record(doc, markdown), format, terminal);
    let failures = stream.run(&work, &mut |done| {
        sink.emit(&done.id, &done.origin, done.result)
    });
    Ok(ExitStatus::after(sink.finish(), failures))
}

/// The record of one document; `markdown` asks for the article as Markdown (plain
/// paragraphs are Markdown already when extraction gave none).
fn record(doc: &Document, markdown: bool) -> ExtractRecord {
    let page = doc.page.as_deref();
    let title = match page {
        Some(page) => page.meta.title.clone(),
        None => crate::index::title(&doc.text),
    };
    let markdown = markdown.then(|| {
        page.and_then(|p| p.markdown.clone())
            .unwrap_or_else(|| doc.text.clone())
    });
    ExtractRecord {
        id: doc.id.clone(),
        path: source_path(&doc.origin),
        title,
        meta: page.map(|p| p.meta.clone()),
        lang: doc.language.code(),
        text: doc.text.clone(),
        markdown,
    }
}
