//! The per-document batch loop shared by subcommands that turn each input document
//! into one record: read sources in order, process batches in parallel with rayon,
//! then print or write the results in input order, whatever the thread timing.

use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use super::args::InputArgs;
use super::printer::{Closed, Printer};
use super::{error, warning, ExitStatus, Global};
use crate::input::{self, Document, InputFormat, InputOptions, Item, Origin, Problem, Source};
use crate::output::OutputDir;
use crate::report::Format;

/// Documents processed together; bounds memory while keeping every core busy.
const BATCH_SIZE: usize = 512;

/// A per-document result that can be printed for people or machines.
pub trait Record: Serialize + Send {
    fn to_text(&self, terminal: bool) -> String;
}

/// One document's result, rendered, with what must be said about it.
struct Outcome {
    id: String,
    output_name: Option<PathBuf>,
    warnings: Vec<String>,
    rendered: Result<String, Problem>,
}

pub struct BatchRunner<'g> {
    sources: Vec<Source>,
    options: InputOptions,
    format: Format,
    output_dir: Option<OutputDir>,
    global: &'g Global,
    /// Several inputs: text output gets headers, JSON output is an array.
    several: bool,
    progress: ProgressBar,
}

/// Progress and exit-status bookkeeping while the batches run.
#[derive(Default)]
struct Tally {
    printed: usize,
    failed: usize,
    closed: Option<Closed>,
}

impl<'g> BatchRunner<'g> {
    pub fn new(
        args: &InputArgs,
        format: Format,
        output_dir: Option<&Path>,
        global: &'g Global,
    ) -> Result<Self, String> {
        let options = args.options();
        let sources = resolve_sources(&args.paths, &options)?;
        let records = sources.iter().any(|s| is_records(s, options.format));
        let several = sources.len() > 1 || records || args.paths.iter().any(|p| p.is_dir());
        let inputs: Vec<PathBuf> = sources
            .iter()
            .filter_map(|s| match s {
                Source::File { path, .. } => Some(path.clone()),
                _ => None,
            })
            .collect();
        let output_dir = output_dir
            .map(|dir| OutputDir::create(dir, &inputs))
            .transpose()?;
        let total = (!records).then_some(sources.len() as u64);
        let progress = progress_bar(global, total, several);
        Ok(BatchRunner {
            sources,
            options,
            format,
            output_dir,
            global,
            several,
            progress,
        })
    }

    /// Runs `work` on every document and reports the results.
    pub fn run<R: Record>(self, work: &(dyn Fn(&Document) -> R + Sync)) -> ExitStatus {
        let mut printer = Printer::default();
        let mut tally = Tally::default();
        let mut batch: Vec<Item> = Vec::with_capacity(BATCH_SIZE);
        for source in &self.sources {
            let flow = input::read_source(source, &self.options, &mut |item| {
                batch.push(item);
                if batch.len() < BATCH_SIZE {
                    return ControlFlow::Continue(());
                }
                self.flush(&mut batch, work, &mut printer, &mut tally)
            });
            if flow.is_break() {
                break;
            }
        }
        if tally.closed.is_none() {
            let _ = self.flush(&mut batch, work, &mut printer, &mut tally);
        }
        self.finish(&mut printer, &mut tally);
        self.progress.finish_and_clear();
        status(&tally)
    }

    fn flush<R: Record>(
        &self,
        batch: &mut Vec<Item>,
        work: &(dyn Fn(&Document) -> R + Sync),
        printer: &mut Printer,
        tally: &mut Tally,
    ) -> ControlFlow<()> {
        let outcomes: Vec<Outcome> = batch
            .par_drain(..)
            .map(|item| self.process(item, work))
            .collect();
        for outcome in outcomes {
            self.progress.inc(1);
            self.report(outcome, printer, tally);
            if tally.closed.is_some() {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }

    fn process<R: Record>(&self, item: Item, work: &(dyn Fn(&Document) -> R + Sync)) -> Outcome {
        let doc = match item {
            Ok(doc) => doc,
            Err(problem) => {
                return Outcome {
                    id: problem.location.clone(),
                    output_name: None,
                    warnings: Vec::new(),
                    rendered: Err(problem),
                }
            }
        };
        let record = work(&doc);
        let to_file = self.output_dir.is_some();
        Outcome {
            output_name: to_file.then(|| output_name(&doc, self.format)),
            rendered: Ok(self.render(&record, to_file)),
            id: doc.id,
            warnings: doc.warnings,
        }
    }

    fn render<R: Record>(&self, record: &R, to_file: bool) -> String {
        match self.format {
            Format::Text => record.to_text(!to_file && self.global.stdout_is_terminal),
            Format::Json => serde_json::to_string_pretty(record).expect("records serialize"),
            Format::Jsonl => serde_json::to_string(record).expect("records serialize"),
        }
    }

    fn report(&self, outcome: Outcome, printer: &mut Printer, tally: &mut Tally) {
        for message in &outcome.warnings {
            self.progress.suspend(|| warning(self.global, message));
        }
        let rendered = match outcome.rendered {
            Ok(rendered) => rendered,
            Err(problem) => {
                tally.failed += 1;
                return self.progress.suspend(|| error(problem));
            }
        };
        match (&self.output_dir, outcome.output_name) {
            (Some(dir), Some(name)) => {
                let contents = terminated(rendered);
                if let Err(message) = dir.write(&name, contents.as_bytes()) {
                    tally.failed += 1;
                    self.progress
                        .suspend(|| error(format!("{}: {message}", outcome.id)));
                }
            }
            _ => {
                let text = self.frame(&outcome.id, &rendered, tally.printed);
                tally.printed += 1;
                if let Err(closed) = printer.print(&text) {
                    tally.closed = Some(closed);
                }
            }
        }
    }

    /// Puts one rendered record into the stream: headers between text documents,
    /// commas inside a JSON array, one line per JSONL record.
    fn frame(&self, id: &str, rendered: &str, index: usize) -> String {
        match (self.format, self.several) {
            (Format::Text, true) => {
                let gap = if index > 0 { "\n" } else { "" };
                let id = crate::report::sanitize::for_terminal(id);
                format!("{gap}==> {id} <==\n{rendered}")
            }
            (Format::Json, true) => {
                let lead = if index > 0 { ",\n" } else { "[\n" };
                format!("{lead}{rendered}")
            }
            (Format::Text, false) => rendered.to_string(),
            (Format::Json | Format::Jsonl, _) => format!("{rendered}\n"),
        }
    }

    fn finish(&self, printer: &mut Printer, tally: &mut Tally) {
        if tally.closed.is_some() || self.output_dir.is_some() {
            return;
        }
        if self.format == Format::Json && self.several {
            let end = if tally.printed == 0 { "[]\n" } else { "\n]\n" };
            if let Err(closed) = printer.print(end) {
                tally.closed = Some(closed);
            }
        }
        if let Err(closed) = printer.flush() {
            tally.closed = Some(closed);
        }
    }
}

/// Files end with exactly one line break.
fn terminated(mut text: String) -> String {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn status(tally: &Tally) -> ExitStatus {
    match &tally.closed {
        Some(Closed { broken_pipe: true }) => ExitStatus::Success,
        Some(_) => ExitStatus::Error,
        None if tally.failed > 0 => ExitStatus::Error,
        None => ExitStatus::Success,
    }
}

/// Paths from the command line; no path means stdin, which must then be piped.
fn resolve_sources(paths: &[PathBuf], options: &InputOptions) -> Result<Vec<Source>, String> {
    if !paths.is_empty() {
        let stdin_count = paths.iter().filter(|p| p.as_os_str() == "-").count();
        if stdin_count > 1 {
            return Err("'-' (stdin) can be given only once".into());
        }
        return Ok(input::resolve(paths, options));
    }
    if std::io::stdin().is_terminal() {
        return Err("no input: give a file or folder, or pipe text into copydesk".into());
    }
    Ok(vec![Source::Stdin])
}

fn is_records(source: &Source, format: InputFormat) -> bool {
    match source {
        Source::Stdin => format == InputFormat::Jsonl,
        Source::File { path, .. } => input::effective_format(path, format) == InputFormat::Jsonl,
        Source::Missing(_) => false,
    }
}

/// The file a document's result is written to under `--output-dir`.
fn output_name(doc: &Document, format: Format) -> PathBuf {
    let base = match &doc.origin {
        Origin::File { relative, .. } => relative.clone(),
        Origin::Stdin => PathBuf::from("stdin"),
        Origin::Record { .. } => PathBuf::from(&doc.id),
    };
    let suffix = match (format, &doc.origin) {
        (Format::Text, Origin::File { .. }) => return base,
        (Format::Text, _) => ".txt",
        (Format::Json | Format::Jsonl, _) => ".json",
    };
    let mut name = base.into_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn progress_bar(global: &Global, total: Option<u64>, several: bool) -> ProgressBar {
    if global.quiet || !global.stderr_is_terminal || !several {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} documents ({per_sec}, {eta})")
                .expect("valid template"),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {pos} documents ({per_sec})")
                .expect("valid template"),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar
}
